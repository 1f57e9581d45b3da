"""A new generation of outbound clients (after a CA bundle rotation) gets its own Cosmos DB
store on the new TLS context; the old one closes with its generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.clients import ClientsHolder, create_outbound_clients
from backend.history.runtime import COSMOS_STORE_EXTRA, HistoryRuntime
from backend.tls import create_tls_context
from tests.conftest import settings_from


@pytest.mark.parametrize("store_kind", ["cosmos"])
async def test_rotated_clients_get_a_new_cosmos_store(history_env: dict[str, str]) -> None:
    settings = settings_from(history_env)
    bundle = Path(history_env["SSL_CERT_FILE"])
    first = create_outbound_clients(settings, create_tls_context(bundle))
    holder = ClientsHolder(first)
    runtime = HistoryRuntime(settings.chat_history)
    await runtime.start(holder)
    try:
        async with runtime.service() as history:
            conversation = await history.create_conversation("alice", "Before rotation")
            old_store = history.store

        second = create_outbound_clients(settings, create_tls_context(bundle), generation=1)
        runtime.prepare_generation(second)
        await holder.replace(second)

        async with runtime.service() as history:
            listed = await history.list_conversations("alice", 0)
            new_store = history.store
    finally:
        await runtime.aclose()
        await holder.aclose()

    assert new_store is second.extras[COSMOS_STORE_EXTRA]
    assert new_store is not old_store
    assert first.azure_session.closed  # the old generation, and its store, are closed
    assert [c["id"] for c in listed] == [conversation["id"]]

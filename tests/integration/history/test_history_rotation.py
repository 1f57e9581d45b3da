"""A CA bundle rotation builds new outbound clients; the Cosmos DB store moves to them (and so to
the new TLS context), and the old store closes with the old generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.app import create_app
from backend.clients import ClientsHolder
from backend.config import CONFIG_CLIENTS, CONFIG_TRUST
from backend.history.runtime import COSMOS_STORE_EXTRA
from tests.conftest import settings_from
from tests.support.cosmos import PrivatePki, write_bundle
from tests.support.emulator import EmulatorHandle


@pytest.mark.parametrize("store_kind", ["cosmos"])
async def test_history_follows_a_rotated_bundle(
    history_env: dict[str, str],
    emulator: EmulatorHandle,
    history_pki: PrivatePki,
    tmp_path: Path,
) -> None:
    bundle = write_bundle(
        tmp_path / "certs" / "ca_root_certs.pem", emulator.root_pem, history_pki.root_pem
    )
    application = create_app(settings_from({**history_env, "SSL_CERT_FILE": str(bundle)}))
    async with application.test_app() as test_app:
        client = test_app.test_client()
        created = await client.post(
            "/history/generate", json={"messages": [{"role": "user", "content": "/echo before"}]}
        )
        await created.get_data()
        holder: ClientsHolder = test_app.app.config[CONFIG_CLIENTS]  # type: ignore[attr-defined]
        first = holder.current
        first_store = first.extras[COSMOS_STORE_EXTRA]

        # The same roots in another order: new content, so a new verified generation.
        write_bundle(bundle, history_pki.root_pem, emulator.root_pem)
        rotated = await test_app.app.config[CONFIG_TRUST].check_now()  # type: ignore[attr-defined]
        built_on_rotation = COSMOS_STORE_EXTRA in holder.current.extras
        listed = await (await client.get("/history/list")).get_json()
        second = holder.current

    assert rotated is not None
    assert built_on_rotation  # ready before the first request on the new clients
    assert second is not first
    assert [c["title"] for c in listed] and listed[0]["title"]
    assert second.extras[COSMOS_STORE_EXTRA] is not first_store
    assert first.azure_session.closed  # the old generation, and its store, are closed

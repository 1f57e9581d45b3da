"""Fixtures of the chat history tests: both stores, the Cosmos DB test server, the app.

`store_kind` is parametrised over "sqlite" and "cosmos": every test that uses it (directly or
through `history_env`, `history_app`, `history_client`) runs once per store.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from quart import Quart
from quart.testing import QuartClient

from backend.app import create_app
from backend.clients import create_outbound_clients
from backend.history.cosmos_store import create_cosmos_store
from backend.history.documents import MonotonicClock
from backend.history.service import HistoryService
from backend.history.sqlite_store import open_sqlite_store
from backend.history.store import HistoryStore
from backend.trust import load_trust
from tests.conftest import emulator_env, serving_app, settings_from
from tests.support.cosmos import (
    ACCOUNT_KEY,
    CosmosServerHandle,
    PrivatePki,
    create_container,
    make_pki,
    run_cosmos_server,
    write_bundle,
)
from tests.support.emulator import EmulatorHandle

STORES = ["sqlite", "cosmos"]


@pytest.fixture(scope="session")
def history_pki(tmp_path_factory: pytest.TempPathFactory) -> PrivatePki:
    return make_pki(tmp_path_factory.mktemp("history-pki"))


@pytest.fixture(scope="session")
def cosmos_server(
    tmp_path_factory: pytest.TempPathFactory, history_pki: PrivatePki
) -> Iterator[CosmosServerHandle]:
    with run_cosmos_server(tmp_path_factory.mktemp("cosmos"), history_pki) as server:
        yield server


@pytest.fixture
def own_cosmos_server(tmp_path: Path, history_pki: PrivatePki) -> Iterator[CosmosServerHandle]:
    """A server of this test alone, which the test may stop."""
    with run_cosmos_server(tmp_path / "cosmos", history_pki) as server:
        yield server


@pytest.fixture(scope="session")
def trust_bundle(
    tmp_path_factory: pytest.TempPathFactory,
    emulator_session: EmulatorHandle,
    history_pki: PrivatePki,
) -> Path:
    """The enterprise bundle of the tests: the emulator's root and the Cosmos server's root."""
    return write_bundle(
        tmp_path_factory.mktemp("bundle") / "ca_root_certs.pem",
        emulator_session.root_pem,
        history_pki.root_pem,
    )


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def cosmos_env(server: CosmosServerHandle, database: str) -> dict[str, str]:
    return {
        "AZURE_COSMOSDB_ENDPOINT": server.endpoint,
        "AZURE_COSMOSDB_DATABASE": database,
        "AZURE_COSMOSDB_CONVERSATIONS_CONTAINER": "conversations",
        "AZURE_COSMOSDB_ACCOUNT_KEY": ACCOUNT_KEY,
        "CHAT_HISTORY_STORE": "auto",
    }


async def fresh_database(server: CosmosServerHandle) -> str:
    database = f"db-{uuid.uuid4().hex[:12]}"
    await create_container(server, database, "conversations")
    return database


@pytest.fixture
async def history_env(
    request: pytest.FixtureRequest,
    store_kind: str,
    emulator: EmulatorHandle,
    trust_bundle: Path,
    tmp_path: Path,
) -> dict[str, str]:
    """App settings for the selected store, trusting the bundle of both private roots."""
    env = emulator_env(
        emulator,
        SSL_CERT_FILE=str(trust_bundle),
        AZURE_COSMOSDB_ENABLE_FEEDBACK="true",
    )
    if store_kind == "sqlite":
        env.update(
            CHAT_HISTORY_STORE="sqlite",
            CHAT_HISTORY_SQLITE_PATH=str(tmp_path / "data" / "chat-history.sqlite3"),
        )
    else:
        server: CosmosServerHandle = request.getfixturevalue("cosmos_server")
        env.update(cosmos_env(server, await fresh_database(server)))
    return env


@pytest.fixture
async def history_app(history_env: dict[str, str]) -> AsyncIterator[Quart]:
    async with serving_app(history_env) as application:
        yield application


@pytest.fixture
def history_client(history_app: Quart) -> QuartClient:
    return history_app.test_client()  # type: ignore[return-value]


@pytest.fixture
async def store(
    history_env: dict[str, str], store_kind: str, tmp_path: Path
) -> AsyncIterator[HistoryStore]:
    """The selected store, built the way the app builds it (Cosmos: on the shared clients)."""
    settings = settings_from(history_env)
    if store_kind == "sqlite":
        sqlite = await open_sqlite_store(Path(settings.chat_history.sqlite_path))
        yield sqlite
        await sqlite.aclose()
        return
    # The app's own trust path: the bundle named by SSL_CERT_FILE, verified, one context.
    generation = await load_trust(settings.trust)
    clients = create_outbound_clients(settings, generation.context)
    clients.extras["store"] = create_cosmos_store(settings.chat_history, clients)
    yield clients.extras["store"]  # type: ignore[misc]
    await clients.aclose()


@pytest.fixture
def history(store: HistoryStore) -> HistoryService:
    return HistoryService(store, MonotonicClock(), feedback_enabled=True)


@contextlib.asynccontextmanager
async def serving(env: dict[str, str]) -> AsyncIterator[QuartClient]:
    """The app with these settings, started and stopped around the block."""
    application = create_app(settings_from(env))
    async with application.test_app() as test_app:
        yield test_app.test_client()  # type: ignore[misc]

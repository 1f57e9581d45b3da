"""The chat history of one running app: which store, its lifecycle, its health.

The SQLite store is opened once when serving starts. The Cosmos DB store is built per
generation of outbound clients (it rides on their TLS session and credential), kept in
`OutboundClients.extras` and closed with that generation. `register_history` adds
`prepare_generation` to the trust lifecycle's generation hooks, so each new client set (the
first, and each after a CA bundle rotation) gets its store before it serves a request; a set
built elsewhere without the hook gets its store on first use.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from backend.clients import ClientsHolder, OutboundClients
from backend.history.cosmos_store import CosmosStore, create_cosmos_store
from backend.history.documents import MonotonicClock
from backend.history.errors import HistoryNotConfiguredError, HistoryUnavailableError
from backend.history.service import ConversationLocks, HistoryService
from backend.history.sqlite_store import SqliteStore, open_sqlite_store
from backend.history.store import HistoryStore
from backend.settings import ChatHistorySettings

__all__ = ["COSMOS_STORE_EXTRA", "HistoryRuntime"]

logger = logging.getLogger(__name__)

COSMOS_STORE_EXTRA = "history.cosmos_store"
NOT_CONFIGURED = (
    "Chat history is off (CHAT_HISTORY_STORE={store} and no Cosmos DB configured). Configure "
    "Cosmos DB (AZURE_COSMOSDB_ACCOUNT, AZURE_COSMOSDB_DATABASE, "
    "AZURE_COSMOSDB_CONVERSATIONS_CONTAINER) or set CHAT_HISTORY_STORE=sqlite for a local history."
)
# How long shutdown waits for answers still being saved after their browser went away.
_DRAIN_SECONDS = 10.0


class HistoryRuntime:
    def __init__(self, settings: ChatHistorySettings) -> None:
        self.settings = settings
        self.selected = settings.selected_store
        self.clock = MonotonicClock()
        self._holder: ClientsHolder | None = None
        self._sqlite: SqliteStore | None = None
        self._startup_error: str | None = None
        self._last_failure: str | None = None
        self._pending: set[asyncio.Task[Any]] = set()
        self._locks = ConversationLocks()

    @property
    def configured(self) -> bool:
        return self.selected != "none"

    @property
    def feedback_enabled(self) -> bool:
        """What `/frontend_settings` reports: the switch is on *and* a store is in use."""
        return bool(
            self.settings.enable_feedback
            and self.configured
            and self._holder is not None
            and self._startup_error is None
        )

    async def start(self, holder: ClientsHolder) -> None:
        self._holder = holder
        if self.selected == "sqlite":
            path = Path(self.settings.sqlite_path)
            try:
                self._sqlite = await open_sqlite_store(path)
            except HistoryUnavailableError as exc:
                self._startup_error = exc.message
                logger.error("Chat history is unavailable: %s", exc.message)
                return
            logger.info("Chat history: SQLite file %s", path)
        elif self.selected == "cosmos":
            store = self.prepare_generation(holder.current)
            logger.info("Chat history: Cosmos DB %s", store.describe())
        else:
            logger.info(
                "Chat history is off: no Cosmos DB configured and CHAT_HISTORY_STORE=%s "
                "(set CHAT_HISTORY_STORE=sqlite for a local history)",
                self.settings.store,
            )

    def prepare_generation(self, clients: OutboundClients) -> CosmosStore:
        """The Cosmos DB store of this client generation, built on first call."""
        store = clients.extras.get(COSMOS_STORE_EXTRA)
        if not isinstance(store, CosmosStore):
            store = create_cosmos_store(self.settings, clients)
            clients.extras[COSMOS_STORE_EXTRA] = store
        return store

    @asynccontextmanager
    async def service(self) -> AsyncIterator[HistoryService]:
        """A `HistoryService` on the current store, for the length of one operation.

        Raises `HistoryNotConfiguredError` (404) or `HistoryUnavailableError` (503).
        """
        if not self.configured:
            raise HistoryNotConfiguredError(NOT_CONFIGURED.format(store=self.settings.store))
        if self._holder is None:
            raise HistoryUnavailableError("Chat history is starting; try again in a moment.")
        if self._startup_error is not None:
            raise HistoryUnavailableError(self._startup_error)
        async with self._store() as store:
            history = HistoryService(
                store,
                self.clock,
                feedback_enabled=self.settings.enable_feedback,
                locks=self._locks,
            )
            try:
                yield history
            except HistoryUnavailableError as exc:
                self._last_failure = exc.message
                raise
            self._last_failure = None

    @asynccontextmanager
    async def _store(self) -> AsyncIterator[HistoryStore]:
        if self._sqlite is not None:
            yield self._sqlite
            return
        assert self._holder is not None
        # The lease keeps this generation's session open until the operation is done.
        async with self._holder.lease() as clients:
            if COSMOS_STORE_EXTRA not in clients.extras:
                logger.warning(
                    "Client generation %d has no Cosmos DB store yet; building it now",
                    clients.generation,
                )
            yield self.prepare_generation(clients)

    async def ensure(self) -> str:
        """Prove the store works; returns a sentence for `/history/ensure`."""
        async with self.service() as history:
            await history.store.check()
            where = history.store.describe()
        if where["store"] == "sqlite":
            return f"Chat history is configured and working (SQLite file {where['path']})."
        return (
            "Chat history is configured and working (Cosmos DB database "
            f"{where['database']!r}, container {where['container']!r})."
        )

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        """Run `work` in the background (an answer saved after its browser went away); shutdown
        waits for it."""
        task = asyncio.get_running_loop().create_task(work)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def aclose(self) -> None:
        if self._pending:
            _, late = await asyncio.wait(set(self._pending), timeout=_DRAIN_SECONDS)
            for task in late:
                task.cancel()
        if self._sqlite is not None:
            await self._sqlite.aclose()
            self._sqlite = None
        self._holder = None

    def health(self) -> dict[str, Any]:
        if not self.configured:
            return {"status": "ok", "store": "none", "message": "chat history is off"}
        where = self._where()
        problem = self._startup_error or self._last_failure
        if problem is not None:
            # Degraded, not failed: chat still answers without history.
            return {**where, "status": "degraded", "message": problem}
        return {**where, "status": "ok"}

    def _where(self) -> dict[str, Any]:
        if self.selected == "sqlite":
            return {"store": "sqlite", "path": self.settings.sqlite_path}
        return {
            "store": "cosmos",
            "endpoint": self.settings.cosmos_endpoint,
            "database": self.settings.database,
            "container": self.settings.conversations_container,
        }

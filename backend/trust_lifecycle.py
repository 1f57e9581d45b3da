"""Trust at serving time: load it before any client exists, rebuild clients on rotation.

Startup flows settings -> trust -> clients: `start()` loads the first trust generation (strict
mode raises here, before the app accepts a request) and builds the first client set from its
context. On rotation the watcher hands over a verified generation; a new client set is built
from it and swapped in through `ClientsHolder.replace`, which closes the old set only after
the requests (and streams) still holding it have finished.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from backend.clients import ClientsHolder, OutboundClients, create_outbound_clients
from backend.settings import AppSettings
from backend.trust import TrustGeneration, TrustWatcher, load_trust

logger = logging.getLogger(__name__)


class TrustLifecycle:
    def __init__(self, settings: AppSettings) -> None:
        self._settings = settings
        self._generation: TrustGeneration | None = None
        self._holder: ClientsHolder | None = None
        self._watcher: TrustWatcher | None = None
        # Other areas' per-generation clients (e.g. the Cosmos DB history store), built on
        # each new client set before it serves a request.
        self.generation_hooks: list[Callable[[OutboundClients], object]] = []

    def _build_clients(self, generation: TrustGeneration) -> OutboundClients:
        clients = create_outbound_clients(
            self._settings, generation.context, generation=generation.number
        )
        for hook in self.generation_hooks:
            hook(clients)
        return clients

    @property
    def generation(self) -> TrustGeneration | None:
        return self._generation

    async def start(self) -> ClientsHolder:
        generation = await load_trust(self._settings.trust)
        self._generation = generation
        self._holder = ClientsHolder(self._build_clients(generation))
        self._watcher = TrustWatcher(self._settings.trust, generation, self._rotate)
        self._watcher.start()
        return self._holder

    async def _rotate(self, generation: TrustGeneration) -> None:
        assert self._holder is not None
        clients = self._build_clients(generation)
        await self._holder.replace(clients)
        self._generation = generation
        logger.info("outbound clients rebuilt for trust generation %d", generation.number)

    async def check_now(self) -> TrustGeneration | None:
        """Poll the bundle source once (tests, or an operator endpoint later)."""
        return None if self._watcher is None else await self._watcher.check_now()

    async def stop(self) -> None:
        if self._watcher is not None:
            await self._watcher.stop()
            self._watcher = None

    def health(self) -> dict[str, Any]:
        """The trust report as /healthz shows it: the same facts as the log, no secrets."""
        if self._generation is None:
            return {"status": "degraded", "message": "trust is not loaded yet"}
        return self._generation.report.to_dict()

"""Chat history: conversations and feedback per user, in Cosmos DB or an embedded SQLite file.

`register_history(app, settings)` wires it into the app: the `/history/*` blueprint, the
store's lifecycle (opened once serving starts, closed before the outbound clients close), and
the `history` entry of `/healthz`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

from quart import Quart

from backend.config import CONFIG_CLIENTS, CONFIG_HEALTH_CHECKS, CONFIG_HISTORY, CONFIG_TRUST
from backend.health import register_health_check
from backend.history.routes import history_bp
from backend.history.runtime import HistoryRuntime
from backend.settings import AppSettings

__all__ = ["HistoryRuntime", "register_history"]


def register_history(app: Quart, settings: AppSettings) -> HistoryRuntime:
    runtime = HistoryRuntime(settings.chat_history)
    app.config[CONFIG_HISTORY] = runtime
    app.register_blueprint(history_bp)
    register_health_check(app.config[CONFIG_HEALTH_CHECKS], "history", runtime.health)
    trust = app.config.get(CONFIG_TRUST)
    if trust is not None and runtime.selected == "cosmos":
        # Every client generation (the first, and each after a CA bundle rotation) gets its
        # Cosmos DB store before it serves a request.
        trust.generation_hooks.append(runtime.prepare_generation)

    # while_serving starts after every before_serving hook (the clients exist) and stops before
    # every after_serving hook (they still exist while pending answers are saved).
    @app.while_serving
    async def history_lifecycle() -> AsyncGenerator[None, None]:
        await runtime.start(app.config[CONFIG_CLIENTS])
        try:
            yield
        finally:
            await runtime.aclose()

    return runtime

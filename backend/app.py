"""`create_app()`: assemble the Quart app. Outbound clients are built when serving starts."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

from quart import Quart, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from backend.chat.routes import chat_bp
from backend.chat.service import ChatService
from backend.clients import ClientsHolder
from backend.config import (
    CONFIG_CHAT_SERVICE,
    CONFIG_CLIENTS,
    CONFIG_HEALTH_CHECKS,
    CONFIG_SETTINGS,
    CONFIG_TRUST,
)
from backend.errors import AppError, ConfigurationError, UpstreamError
from backend.functions.catalog import ToolCatalog, load_tool_catalog
from backend.health import health_bp, register_health_check
from backend.history import register_history
from backend.settings import AppSettings, load_settings
from backend.trust import TrustConfigurationError
from backend.trust_lifecycle import TrustLifecycle
from backend.ui import ui_bp

logger = logging.getLogger(__name__)


class ChatApp(Quart):
    """Quart, minus the traceback for start-up refusals that already explain themselves."""

    def log_exception(
        self,
        exception_info: tuple[type[BaseException], BaseException, TracebackType]
        | tuple[None, None, None],
    ) -> None:
        # The ASGI server prints the refusal's message (the whole trust report) once; a
        # traceback on top would bury it in the App Service log stream.
        if isinstance(exception_info[1], ConfigurationError | TrustConfigurationError):
            return
        super().log_exception(exception_info)


def create_app(settings: AppSettings | None = None) -> Quart:
    """Build the app. Settings are read from the environment unless passed in (tests)."""
    if settings is None:
        settings = load_settings()
    configure_logging(settings.server.log_level)
    trust = TrustLifecycle(settings)

    app = ChatApp(__name__, static_folder=None)
    app.config[CONFIG_SETTINGS] = settings
    app.config[CONFIG_HEALTH_CHECKS] = {}
    app.config[CONFIG_TRUST] = trust
    register_health_check(app.config[CONFIG_HEALTH_CHECKS], "trust", trust.health)
    register_health_check(
        app.config[CONFIG_HEALTH_CHECKS], "azure_openai", lambda: _openai_health(settings)
    )
    app.register_blueprint(health_bp)
    app.register_blueprint(chat_bp)
    app.register_blueprint(ui_bp)
    register_history(app, settings)
    _register_error_handlers(app)

    @app.before_serving
    async def start_clients() -> None:
        # settings -> trust -> clients: strict trust refuses to start here, before any client.
        holder = await trust.start()
        tools = await _load_tools(settings, holder)
        app.config[CONFIG_CLIENTS] = holder
        app.config[CONFIG_CHAT_SERVICE] = ChatService(settings, holder, tools=tools)
        if tools is not None:
            register_health_check(app.config[CONFIG_HEALTH_CHECKS], "functions", tools.health)
        _log_startup(settings)

    @app.after_serving
    async def close_clients() -> None:
        await trust.stop()
        holder: ClientsHolder | None = app.config.pop(CONFIG_CLIENTS, None)
        app.config.pop(CONFIG_CHAT_SERVICE, None)
        if holder is not None:
            await holder.aclose()

    return app


def _register_error_handlers(app: Quart) -> None:
    @app.errorhandler(AppError)
    async def app_error(exc: AppError) -> tuple[Response, int]:
        if exc.status >= 500:
            logger.error("%s %s failed: %s", request.method, request.path, exc.message)
        body: dict[str, str] = {"error": exc.message}
        headers: dict[str, str] = {}
        if isinstance(exc, UpstreamError):
            if exc.retry_after is not None:
                headers["Retry-After"] = str(max(1, round(exc.retry_after)))
            if exc.request_id:
                body["apim-request-id"] = headers["apim-request-id"] = exc.request_id
        response = jsonify(body)
        response.headers.update(headers)
        return response, exc.status

    @app.errorhandler(HTTPException)
    async def http_error(exc: HTTPException) -> tuple[Response, int]:
        status = exc.code or 500
        return jsonify({"error": f"{exc.name}: {request.method} {request.path}"}), status

    @app.errorhandler(Exception)
    async def unexpected_error(exc: Exception) -> tuple[Response, int]:
        logger.exception("%s %s failed unexpectedly", request.method, request.path)
        return jsonify({"error": "The server failed unexpectedly. See the server log."}), 500


async def _load_tools(settings: AppSettings, holder: ClientsHolder) -> ToolCatalog | None:
    """Function calling: the tool definitions, fetched once, through the shared client."""
    if not settings.functions.enabled or settings.base.use_promptflow:
        return None
    async with holder.lease() as clients:
        return await load_tool_catalog(settings.functions, clients.http)


def _openai_health(settings: AppSettings) -> dict[str, Any]:
    aoai = settings.azure_openai
    if not aoai.configured:
        return {"status": "degraded", "message": "Azure OpenAI is not configured"}
    return {
        "status": "ok",
        "endpoint": aoai.endpoint,
        "deployment": aoai.model,
        "auth": "api-key" if aoai.key else "entra-id",
    }


def _log_startup(settings: AppSettings) -> None:
    aoai = settings.azure_openai
    if aoai.configured:
        logger.info(
            "Azure OpenAI: endpoint %s, deployment %s, %s, %s",
            aoai.endpoint,
            aoai.model,
            "API key" if aoai.key else "Entra ID",
            "streaming" if aoai.stream else "non-streaming",
        )
    else:
        logger.warning(
            "Azure OpenAI is not configured; chat requests will fail until AZURE_OPENAI_ENDPOINT "
            "(or AZURE_OPENAI_RESOURCE) and AZURE_OPENAI_MODEL are set."
        )
    _log_chat_mode(settings)


def _log_chat_mode(settings: AppSettings) -> None:
    if settings.base.use_promptflow:
        logger.info("Prompt flow: answers come from %s", settings.promptflow.endpoint)
        if settings.datasource is not None or settings.functions.enabled:
            logger.warning(
                "USE_PROMPTFLOW=true: DATASOURCE_TYPE and function calling are not used "
                "(the flow does its own retrieval)"
            )
    elif settings.datasource is not None:
        logger.info("Chat with your data: %s", settings.datasource.summary())
    elif settings.functions.enabled:
        logger.info("Function calling: tools from %s", settings.functions.tools_base_url)


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("backend").setLevel(level)
    # The SDKs log request details (and sometimes headers) at INFO; keep them quieter.
    for noisy in ("azure", "httpx2", "httpcore2", "openai"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


__all__ = ["create_app"]

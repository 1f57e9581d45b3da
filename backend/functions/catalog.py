"""The tool definitions, fetched once when the app starts serving (never per request).

A catalog that could not be loaded keeps the reason, so every chat request explains it
(and `/healthz` reports it) instead of silently answering without tools.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx2

from backend.errors import UpstreamError
from backend.functions.settings import PREFIX, AzureFunctionsSettings
from backend.outbound_errors import describe_outbound_failure

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ToolCatalog:
    definitions: tuple[dict[str, Any], ...] = ()
    failure: str | None = None  # why the definitions could not be loaded

    @property
    def names(self) -> list[str]:
        return [definition["function"]["name"] for definition in self.definitions]

    def tools_argument(self) -> list[dict[str, Any]]:
        """The `tools` argument of a chat request, or the startup failure as a clear error."""
        if self.failure is not None:
            raise UpstreamError(self.failure, status=503)
        return [dict(definition) for definition in self.definitions]

    def health(self) -> dict[str, Any]:
        if self.failure is not None:
            return {"status": "failed", "message": self.failure}
        return {"status": "ok", "tools": self.names}


async def load_tool_catalog(
    settings: AzureFunctionsSettings, http: httpx2.AsyncClient
) -> ToolCatalog:
    """GET the "tools" function once; the answer is a JSON list of tool definitions."""
    url = settings.tools_base_url or ""
    params = {"code": settings.tools_key} if settings.tools_key else None
    try:
        response = await http.get(url, params=params, timeout=settings.timeout_seconds)
    except Exception as exc:
        described = describe_outbound_failure(
            exc,
            service="The Azure Functions tools endpoint",
            url_setting=PREFIX + "TOOLS_BASE_URL",
            timeout=settings.timeout_seconds,
            timeout_setting=PREFIX + "TIMEOUT_SECONDS",
        )
        logger.error("Loading the tool definitions failed: %s", described.message, exc_info=exc)
        return _failed(described.message)
    if response.status_code != 200:
        hint = f" (check {PREFIX}TOOLS_KEY)" if response.status_code in (401, 403) else ""
        return _failed(f"the tools endpoint answered HTTP {response.status_code}{hint}")
    try:
        definitions = parse_tool_definitions(response.json())
    except ValueError as exc:
        return _failed(f"its answer is not a list of tool definitions: {exc}")
    if not definitions:
        logger.warning("Function calling: the tools endpoint lists no tools")
    logger.info(
        "Function calling: %d tools loaded (%s)",
        len(definitions),
        ", ".join(definition["function"]["name"] for definition in definitions),
    )
    return ToolCatalog(definitions=tuple(definitions))


def parse_tool_definitions(body: object) -> list[dict[str, Any]]:
    """Check the OpenAI tool shape: `[{"type": "function", "function": {"name": ...}}]`."""
    if not isinstance(body, list):
        raise ValueError("expected a JSON array")
    definitions = []
    for position, item in enumerate(body):
        function = item.get("function") if isinstance(item, dict) else None
        name = function.get("name") if isinstance(function, dict) else None
        if not isinstance(name, str) or not name or item.get("type", "function") != "function":
            raise ValueError(
                f"item {position} is not {{'type': 'function', 'function': {{'name'}}}}"
            )
        definitions.append({**item, "type": "function"})
    return definitions


def _failed(reason: str) -> ToolCatalog:
    message = (
        f"Function calling is on, but the tool definitions could not be loaded at startup from "
        f"{PREFIX}TOOLS_BASE_URL: {reason}. Fix it and restart the app."
    )
    logger.error("%s", message)
    return ToolCatalog(failure=message)

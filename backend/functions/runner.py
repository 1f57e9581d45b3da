"""Runs one tool call from the model against the "tool" Azure Function (shared HTTP client)."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx2

from backend.errors import UpstreamError
from backend.functions.catalog import ToolCatalog
from backend.functions.settings import PREFIX, AzureFunctionsSettings
from backend.outbound_errors import describe_outbound_failure

logger = logging.getLogger(__name__)


class ToolError(UpstreamError):
    """A tool call that could not be answered; the message says which and why."""


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text, as the model wrote it

    def as_message_entry(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


class ToolRunner:
    def __init__(
        self, settings: AzureFunctionsSettings, catalog: ToolCatalog, http: httpx2.AsyncClient
    ) -> None:
        self._settings = settings
        self._catalog = catalog
        self._http = http

    async def run(self, call: ToolCall) -> str:
        """The function's answer (its body text), which goes back to the model."""
        known = self._catalog.names
        if call.name not in known:
            raise ToolError(
                f"The model asked for a tool named {call.name!r}, which is not one of the tools "
                f"loaded from {PREFIX}TOOLS_BASE_URL ({', '.join(known) or 'none'})."
            )
        try:
            arguments = json.loads(call.arguments or "{}")
        except json.JSONDecodeError:
            raise ToolError(
                f"The model called the tool {call.name!r} with arguments that are not valid JSON."
            ) from None
        settings = self._settings
        params = {"code": settings.tool_key} if settings.tool_key else None
        try:
            # The overall limit also covers an answer that trickles in slowly.
            async with asyncio.timeout(settings.timeout_seconds):
                response = await self._http.post(
                    settings.tool_base_url or "",
                    params=params,
                    json={"tool_name": call.name, "tool_arguments": arguments},
                    timeout=settings.timeout_seconds,
                )
        except Exception as exc:
            described = describe_outbound_failure(
                exc,
                service=f"The function for the tool {call.name!r}",
                url_setting=PREFIX + "TOOL_BASE_URL",
                timeout=settings.timeout_seconds,
                timeout_setting=PREFIX + "TIMEOUT_SECONDS",
            )
            logger.error("Tool %s failed: %s", call.name, described.message, exc_info=exc)
            raise ToolError(described.message, status=described.status) from None
        if response.status_code >= 400:
            logger.error("Tool %s answered HTTP %d", call.name, response.status_code)
            raise ToolError(
                f"The function for the tool {call.name!r} failed (HTTP {response.status_code}). "
                f"See the function's log, and check {PREFIX}TOOL_BASE_URL / {PREFIX}TOOL_KEY."
            )
        logger.debug("Tool %s answered %d characters", call.name, len(response.text))
        return response.text

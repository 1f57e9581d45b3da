"""Asks a deployed prompt flow, through the shared HTTP client (and so the shared TLS context).

The flow receives the question under `PROMPTFLOW_REQUEST_FIELD_NAME` and the earlier turns as
`chat_history` (`[{"inputs": {...}, "outputs": {...}}]`, prompt flow's chat format), and
answers with `PROMPTFLOW_RESPONSE_FIELD_NAME` plus, optionally, its citations.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

import httpx2

from backend.errors import BadRequestError, UpstreamError
from backend.outbound_errors import describe_outbound_failure
from backend.promptflow.settings import PromptflowSettings

logger = logging.getLogger(__name__)

SERVICE = "The prompt flow endpoint"


@dataclass(frozen=True)
class PromptflowAnswer:
    id: str
    answer: str
    citations: list[Any] | None


def message_text(content: object) -> str:
    """A message's text (image parts cannot go to a flow's text input)."""
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", "")) for part in content if isinstance(part, dict)
        ).strip()
    return content if isinstance(content, str) else ""


def to_chat_history(
    messages: list[dict[str, Any]], request_field: str, response_field: str
) -> tuple[str, list[dict[str, Any]]]:
    """The latest question and the turns before it, in the flow's `chat_history` format."""
    turns: list[dict[str, Any]] = []
    for message in messages:
        role, text = message.get("role"), message_text(message.get("content"))
        if role == "user":
            turns.append({"inputs": {request_field: text}, "outputs": {response_field: ""}})
        elif role == "assistant" and turns:
            turns[-1]["outputs"][response_field] = text
    if not turns:
        raise BadRequestError("The conversation has no user message to send to the prompt flow.")
    return turns[-1]["inputs"][request_field], turns[:-1]


class PromptflowClient:
    def __init__(self, settings: PromptflowSettings, http: httpx2.AsyncClient) -> None:
        self._settings = settings
        self._http = http

    async def ask(self, messages: list[dict[str, Any]]) -> PromptflowAnswer:
        settings = self._settings
        question, history = to_chat_history(
            messages, settings.request_field_name, settings.response_field_name
        )
        timeout = settings.response_timeout
        try:
            # An overall limit: a flow that answers slowly, byte by byte, still stops here.
            async with asyncio.timeout(timeout):
                response = await self._http.post(
                    settings.endpoint or "",
                    json={settings.request_field_name: question, "chat_history": history},
                    headers={"Authorization": f"Bearer {settings.api_key}"},
                    timeout=timeout,
                )
        except Exception as exc:
            described = describe_outbound_failure(
                exc,
                service=SERVICE,
                url_setting="PROMPTFLOW_ENDPOINT",
                timeout=timeout,
                timeout_setting="PROMPTFLOW_RESPONSE_TIMEOUT",
            )
            logger.error("Prompt flow call failed: %s", described.message, exc_info=exc)
            raise described from None
        if response.status_code != 200:
            raise _status_error(response)
        return self._read_answer(response)

    def _read_answer(self, response: httpx2.Response) -> PromptflowAnswer:
        settings = self._settings
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise UpstreamError(f"{SERVICE} answered with something other than a JSON object.")
        if "error" in body:
            logger.error("The prompt flow reported an error: %s", body["error"])
            raise UpstreamError("The prompt flow reported an error. See the server log.")
        if settings.response_field_name not in body:
            raise UpstreamError(
                f"The prompt flow's answer has no field {settings.response_field_name!r} "
                f"(it has: {', '.join(sorted(body)) or 'nothing'}). Set "
                "PROMPTFLOW_RESPONSE_FIELD_NAME to the flow's output name."
            )
        return PromptflowAnswer(
            id=str(uuid.uuid4()),
            answer=str(body[settings.response_field_name] or ""),
            citations=_citations(body.get(settings.citations_field_name)),
        )


def _citations(value: object) -> list[Any] | None:
    # Flows often serialise their documents to a JSON string; accept both forms.
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return None
    return value if isinstance(value, list) else None


def _status_error(response: httpx2.Response) -> UpstreamError:
    status = response.status_code
    logger.error("The prompt flow endpoint answered HTTP %d: %.500s", status, response.text)
    if status in (401, 403):
        return UpstreamError(
            f"{SERVICE} refused the credentials (HTTP {status}). Check PROMPTFLOW_API_KEY."
        )
    if status == 404:
        return UpstreamError(f"{SERVICE} was not found (HTTP 404). Check PROMPTFLOW_ENDPOINT.")
    if status == 429:
        return UpstreamError(f"{SERVICE} is rate limited (HTTP 429). Try again later.", status=429)
    return UpstreamError(f"{SERVICE} failed (HTTP {status}). See the flow's logs.")

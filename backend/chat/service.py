"""Calls Azure OpenAI for one conversation turn; knows nothing about HTTP requests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

from openai._response import AsyncAPIResponse
from openai.types.chat import ChatCompletion

from backend.chat.formatting import format_completion, format_stream_chunk
from backend.chat.sse import read_chunks
from backend.clients import ClientsHolder
from backend.errors import AppError, log_and_describe
from backend.settings import AppSettings

logger = logging.getLogger(__name__)

NOT_CONFIGURED = (
    "Azure OpenAI is not configured: set AZURE_OPENAI_ENDPOINT (or AZURE_OPENAI_RESOURCE) "
    "and AZURE_OPENAI_MODEL, plus AZURE_OPENAI_KEY or an Entra ID role assignment."
)


@dataclass
class StreamingAnswer:
    """An answer whose upstream call succeeded; iterate `lines` to stream it."""

    apim_request_id: str | None
    lines: AsyncIterator[dict[str, Any]]


class ChatService:
    def __init__(self, settings: AppSettings, clients: ClientsHolder) -> None:
        self._settings = settings
        self._clients = clients

    @property
    def deployment(self) -> str | None:
        return self._settings.azure_openai.model

    async def complete(
        self, model_args: dict[str, Any], history_metadata: dict[str, Any]
    ) -> tuple[dict[str, Any], str | None]:
        """A non-streaming answer and its `apim-request-id`."""
        async with self._clients.lease() as clients:
            if clients.openai is None:
                raise AppError(NOT_CONFIGURED, status=500)
            try:
                raw = await clients.openai.chat.completions.with_raw_response.create(
                    **{**model_args, "stream": False}
                )
                completion: ChatCompletion = raw.parse()
            except Exception as exc:
                raise log_and_describe(
                    exc, deployment=self.deployment, during="Chat completion"
                ) from None
        apim_request_id = raw.headers.get("apim-request-id")
        return (
            format_completion(completion.model_dump(), history_metadata, apim_request_id),
            apim_request_id,
        )

    async def stream(
        self, model_args: dict[str, Any], history_metadata: dict[str, Any]
    ) -> StreamingAnswer:
        """Start a streaming answer.

        Errors before the first byte (401, 404, 429, trust...) raise here, so the route can
        answer with a proper status; errors later become one final `{"error": ...}` line.
        """
        stack = AsyncExitStack()
        clients = await stack.enter_async_context(self._clients.lease())
        try:
            if clients.openai is None:
                raise AppError(NOT_CONFIGURED, status=500)
            upstream = await stack.enter_async_context(
                clients.openai.chat.completions.with_streaming_response.create(
                    **{**model_args, "stream": True}
                )
            )
        except AppError:
            await stack.aclose()
            raise
        except Exception as exc:
            await stack.aclose()
            raise log_and_describe(
                exc, deployment=self.deployment, during="Chat completion"
            ) from None
        apim_request_id = upstream.headers.get("apim-request-id")
        return StreamingAnswer(
            apim_request_id=apim_request_id,
            lines=self._lines(upstream, stack, history_metadata, apim_request_id),
        )

    async def _lines(
        self,
        upstream: AsyncAPIResponse[Any],
        stack: AsyncExitStack,
        history_metadata: dict[str, Any],
        apim_request_id: str | None,
    ) -> AsyncIterator[dict[str, Any]]:
        # Closing the stack in `finally` is what cancels the Azure OpenAI request when the
        # browser goes away: the server cancels this generator and the connection is dropped.
        try:
            async for chunk in read_chunks(upstream.iter_lines()):
                yield format_stream_chunk(chunk, history_metadata, apim_request_id)
        except Exception as exc:
            described = log_and_describe(
                exc, deployment=self.deployment, during="Streaming chat completion", mid_stream=True
            )
            yield {"error": described.message, "apim-request-id": apim_request_id}
        finally:
            await stack.aclose()

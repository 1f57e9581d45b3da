"""Calls Azure OpenAI (or the prompt flow) for one conversation turn; knows nothing about HTTP
requests.

Every mode goes through here, so `/conversation` and `/history/generate` behave the same:
plain chat, "on your data" (a `data_sources` entry, with document-level security resolved
just before sending), function calling (tools fetched at startup, calls run in a loop) and
prompt flow (the conversation goes to the flow instead of the model).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx2
from openai import AsyncAzureOpenAI
from openai._response import AsyncAPIResponse
from openai.types.chat import ChatCompletion

from backend.chat.formatting import format_completion, format_stream_chunk
from backend.chat.sse import read_chunks
from backend.clients import ClientsHolder, OutboundClients
from backend.datasources import mask_secrets, resolve_group_filters
from backend.errors import AppError, log_and_describe
from backend.functions.catalog import ToolCatalog
from backend.functions.loop import complete_with_tools, stream_with_tools
from backend.functions.runner import ToolRunner
from backend.promptflow.client import PromptflowAnswer, PromptflowClient
from backend.promptflow.formatting import promptflow_body, promptflow_lines
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
    def __init__(
        self,
        settings: AppSettings,
        clients: ClientsHolder,
        *,
        tools: ToolCatalog | None = None,
    ) -> None:
        self._settings = settings
        self._clients = clients
        self._tools = tools  # loaded once at startup when function calling is on

    @property
    def deployment(self) -> str | None:
        return self._settings.azure_openai.model

    @property
    def datasource_type(self) -> str | None:
        """DATASOURCE_TYPE when answers use a data source (its 400s name its settings)."""
        datasource = self._settings.datasource
        return datasource.datasource_type if datasource is not None else None

    async def complete(
        self, model_args: dict[str, Any], history_metadata: dict[str, Any]
    ) -> tuple[dict[str, Any], str | None]:
        """A non-streaming answer and its `apim-request-id`."""
        if self._settings.base.use_promptflow:
            answer = await self._ask_promptflow(model_args)
            return promptflow_body(answer, history_metadata), None
        async with self._clients.lease() as clients:
            openai = _require_openai(clients)
            args = await self._prepare(model_args, clients)
            try:
                if self._tools is not None:
                    completion, headers = await complete_with_tools(
                        lambda a: _create(openai, a),
                        args,
                        self._runner(clients),
                        max_rounds=self._settings.functions.max_rounds,
                    )
                else:
                    completion, headers = await _create(openai, args)
            except Exception as exc:
                raise log_and_describe(
                    exc,
                    deployment=self.deployment,
                    during="Chat completion",
                    datasource_type=self.datasource_type,
                ) from None
        apim_request_id = headers.get("apim-request-id")
        return (
            format_completion(completion.model_dump(), history_metadata, apim_request_id),
            apim_request_id,
        )

    async def stream(
        self, model_args: dict[str, Any], history_metadata: dict[str, Any]
    ) -> StreamingAnswer:
        """Start a streaming answer.

        Errors before the first byte (401, 404, 429, trust, Graph, prompt flow...) raise here,
        so the route can answer with a proper status; errors later become one final
        `{"error": ...}` line.
        """
        if self._settings.base.use_promptflow:
            answer = await self._ask_promptflow(model_args)
            return StreamingAnswer(None, _replay(promptflow_lines(answer, history_metadata)))
        stack = AsyncExitStack()
        clients = await stack.enter_async_context(self._clients.lease())
        try:
            openai = _require_openai(clients)
            args = await self._prepare(model_args, clients)
            upstream = await _open_stream(openai, args, stack)
        except AppError:
            await stack.aclose()
            raise
        except Exception as exc:
            await stack.aclose()
            raise log_and_describe(
                exc,
                deployment=self.deployment,
                during="Chat completion",
                datasource_type=self.datasource_type,
            ) from None
        chunks = read_chunks(upstream.iter_lines())
        if self._tools is not None:

            async def next_round(round_args: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
                response = await _open_stream(openai, round_args, stack)
                return read_chunks(response.iter_lines())

            chunks = stream_with_tools(
                chunks,
                args,
                next_round,
                self._runner(clients),
                max_rounds=self._settings.functions.max_rounds,
            )
        apim_request_id = upstream.headers.get("apim-request-id")
        return StreamingAnswer(
            apim_request_id=apim_request_id,
            lines=self._lines(chunks, stack, history_metadata, apim_request_id),
        )

    async def _prepare(
        self, model_args: dict[str, Any], clients: OutboundClients
    ) -> dict[str, Any]:
        """The final request: group filters resolved, tools added; logged with secrets masked."""
        args = await resolve_group_filters(model_args, clients.http, self._settings.graph)
        if self._tools is not None and (tools := self._tools.tools_argument()):
            args = {**args, "tools": tools}  # an empty list is a 400 on Azure: leave it out
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("Chat request: %s", json.dumps(mask_secrets(args), ensure_ascii=False))
        return args

    def _runner(self, clients: OutboundClients) -> ToolRunner:
        assert self._tools is not None
        return ToolRunner(self._settings.functions, self._tools, clients.http)

    async def _ask_promptflow(self, model_args: dict[str, Any]) -> PromptflowAnswer:
        async with self._clients.lease() as clients:
            flow = PromptflowClient(self._settings.promptflow, clients.http)
            return await flow.ask(model_args["messages"])

    async def _lines(
        self,
        chunks: AsyncIterator[dict[str, Any]],
        stack: AsyncExitStack,
        history_metadata: dict[str, Any],
        apim_request_id: str | None,
    ) -> AsyncIterator[dict[str, Any]]:
        # Closing the stack in `finally` is what cancels the Azure OpenAI request when the
        # browser goes away: the server cancels this generator and the connection is dropped.
        try:
            async for chunk in chunks:
                yield format_stream_chunk(chunk, history_metadata, apim_request_id)
        except Exception as exc:
            described = log_and_describe(
                exc,
                deployment=self.deployment,
                during="Streaming chat completion",
                mid_stream=True,
                datasource_type=self.datasource_type,
            )
            yield {"error": described.message, "apim-request-id": apim_request_id}
        finally:
            if isinstance(chunks, AsyncGenerator):
                await chunks.aclose()
            await stack.aclose()


def _require_openai(clients: OutboundClients) -> AsyncAzureOpenAI:
    if clients.openai is None:
        raise AppError(NOT_CONFIGURED, status=500)
    return clients.openai


async def _create(
    openai: AsyncAzureOpenAI, args: dict[str, Any]
) -> tuple[ChatCompletion, httpx2.Headers]:
    raw = await openai.chat.completions.with_raw_response.create(**{**args, "stream": False})
    completion: ChatCompletion = raw.parse()
    return completion, raw.headers


async def _open_stream(
    openai: AsyncAzureOpenAI, args: dict[str, Any], stack: AsyncExitStack
) -> AsyncAPIResponse[Any]:
    """A streaming response, read as raw events (cheaper than one SDK model per chunk) and
    closed with the answer's stack."""
    return await stack.enter_async_context(
        openai.chat.completions.with_streaming_response.create(**{**args, "stream": True})
    )


async def _replay(lines: list[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    for line in lines:
        yield line

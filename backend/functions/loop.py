"""The function-calling loop: while the model asks for tools, run them and ask it again.

Both paths send the model's tool calls and the functions' answers back as the conversation
expects them: an assistant message with `tool_calls`, then one `tool` message per call.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from typing import Any

import httpx2
from openai.types.chat import ChatCompletion

from backend.functions.runner import ToolCall, ToolError, ToolRunner
from backend.functions.settings import PREFIX

Create = Callable[[dict[str, Any]], Awaitable[tuple[ChatCompletion, httpx2.Headers]]]
# Starts the next streamed round; its chunks as dicts (the caller closes the response).
NextRound = Callable[[dict[str, Any]], Awaitable[AsyncIterator[dict[str, Any]]]]


class StreamedToolCalls:
    """Tool calls arrive in pieces: id and name first, then the arguments in fragments."""

    def __init__(self) -> None:
        self._calls: dict[int, dict[str, str]] = {}

    def __bool__(self) -> bool:
        return bool(self._calls)

    def add(self, deltas: list[dict[str, Any]]) -> None:
        for delta in deltas:
            entry = self._calls.setdefault(
                int(delta.get("index") or 0), {"id": "", "name": "", "arguments": ""}
            )
            function = delta.get("function") or {}
            if delta.get("id"):
                entry["id"] = delta["id"]
            if function.get("name") and not entry["name"]:
                entry["name"] = function["name"]
            if function.get("arguments"):
                entry["arguments"] += function["arguments"]

    def calls(self) -> list[ToolCall]:
        return [ToolCall(**self._calls[index]) for index in sorted(self._calls)]


def calls_in_message(message: dict[str, Any]) -> list[ToolCall]:
    return [
        ToolCall(
            id=entry.get("id") or "",
            name=(entry.get("function") or {}).get("name") or "",
            arguments=(entry.get("function") or {}).get("arguments") or "",
        )
        for entry in message.get("tool_calls") or []
    ]


async def with_tool_results(
    messages: list[dict[str, Any]], calls: list[ToolCall], runner: ToolRunner
) -> list[dict[str, Any]]:
    """The conversation plus the model's tool calls and what each function answered."""
    results = [await runner.run(call) for call in calls]
    return [
        *messages,
        {"role": "assistant", "content": None, "tool_calls": [c.as_message_entry() for c in calls]},
        *(
            {"role": "tool", "tool_call_id": call.id, "content": result}
            for call, result in zip(calls, results, strict=True)
        ),
    ]


def too_many_rounds(max_rounds: int) -> ToolError:
    return ToolError(
        f"The model was still asking for tools after {max_rounds} rounds of function calls, "
        f"so the answer was stopped ({PREFIX}MAX_ROUNDS)."
    )


async def complete_with_tools(
    create: Create, args: dict[str, Any], runner: ToolRunner, *, max_rounds: int
) -> tuple[ChatCompletion, httpx2.Headers]:
    """Non-streaming: the final completion, and the headers of the first model call."""
    messages = list(args["messages"])
    first_headers: httpx2.Headers | None = None
    for round_number in range(max_rounds + 1):
        completion, headers = await create({**args, "messages": messages})
        first_headers = first_headers or headers
        message = completion.choices[0].message.model_dump() if completion.choices else {}
        calls = calls_in_message(message)
        if not calls:
            return completion, first_headers
        if round_number == max_rounds:
            break
        messages = await with_tool_results(messages, calls, runner)
    raise too_many_rounds(max_rounds)


async def stream_with_tools(
    first: AsyncIterator[dict[str, Any]],
    args: dict[str, Any],
    next_round: NextRound,
    runner: ToolRunner,
    *,
    max_rounds: int,
) -> AsyncGenerator[dict[str, Any], None]:
    """Streaming: the chunks of every round, minus the tool-call deltas."""
    messages = list(args["messages"])
    chunks = first
    for round_number in range(max_rounds + 1):
        pending = StreamedToolCalls()
        async for chunk in chunks:
            choices = chunk.get("choices") or []
            delta = (choices[0].get("delta") or {}) if choices else {}
            if delta.get("tool_calls"):
                pending.add(delta["tool_calls"])
                continue
            if pending and choices and choices[0].get("finish_reason"):
                continue  # the end of a tool-call round says nothing to the browser
            yield chunk
        calls = pending.calls()
        if not calls:
            return
        if round_number == max_rounds:
            break
        messages = await with_tool_results(messages, calls, runner)
        chunks = await next_round({**args, "messages": messages})
    raise too_many_rounds(max_rounds)

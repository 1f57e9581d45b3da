"""A model that never stops asking for tools is cut off after the configured rounds."""

from __future__ import annotations

from typing import Any, cast

import httpx2
import pytest
from openai.types.chat import ChatCompletion

from backend.functions.catalog import ToolCatalog
from backend.functions.loop import complete_with_tools
from backend.functions.runner import ToolCall, ToolError, ToolRunner
from backend.functions.settings import AzureFunctionsSettings


class EchoRunner(ToolRunner):
    """Answers every call without any HTTP (unit level)."""

    def __init__(self) -> None:
        super().__init__(
            AzureFunctionsSettings.model_construct(),
            ToolCatalog(definitions=({"type": "function", "function": {"name": "again"}},)),
            cast(httpx2.AsyncClient, None),  # never used: `run` is replaced
        )
        self.calls: list[ToolCall] = []

    async def run(self, call: ToolCall) -> str:
        self.calls.append(call)
        return "ok"


def asks_for_a_tool(number: int) -> ChatCompletion:
    return ChatCompletion.model_validate(
        {
            "id": f"c{number}",
            "object": "chat.completion",
            "created": 1,
            "model": "gpt-4o",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": f"call_{number}",
                                "type": "function",
                                "function": {"name": "again", "arguments": "{}"},
                            }
                        ],
                    },
                }
            ],
        }
    )


async def test_the_loop_stops_after_max_rounds_with_a_clear_error() -> None:
    requests: list[dict[str, Any]] = []

    async def create(args: dict[str, Any]) -> tuple[ChatCompletion, httpx2.Headers]:
        requests.append(args)
        return asks_for_a_tool(len(requests)), httpx2.Headers()

    runner = EchoRunner()
    with pytest.raises(ToolError, match="after 2 rounds"):
        await complete_with_tools(create, {"messages": []}, runner, max_rounds=2)

    assert len(requests) == 3  # the question, then one request per round of results
    assert len(runner.calls) == 2
    # Each follow-up carries every earlier call and its result.
    assert [m["role"] for m in requests[-1]["messages"]] == ["assistant", "tool"] * 2

"""Azure's "on your data" answers become a `tool` message (citations, intent) before the text."""

from __future__ import annotations

import json
from typing import Any

from backend.chat.formatting import format_completion, format_stream_chunk

CONTEXT = {
    "citations": [
        {"content": "Leave is 25 days.", "title": "HR", "url": None, "filepath": "hr.md"}
    ],
    "intent": '["leave policy"]',
}


def chunk(delta: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "model": "gpt-4o",
        "created": 1,
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
    }


def test_context_in_the_first_content_chunk_comes_first_then_the_text() -> None:
    line = format_stream_chunk(
        chunk({"role": "assistant", "content": "Leave is", "context": CONTEXT}), {}, "req-1"
    )

    messages = line["choices"][0]["messages"]
    assert [m["role"] for m in messages] == ["tool", "assistant"]
    assert json.loads(messages[0]["content"]) == CONTEXT
    assert messages[1]["content"] == "Leave is"


def test_context_in_a_chunk_of_its_own_becomes_a_tool_line() -> None:
    line = format_stream_chunk(chunk({"role": "assistant", "context": CONTEXT}), {}, None)

    assert line["choices"][0]["messages"] == [{"role": "tool", "content": json.dumps(CONTEXT)}]


def test_non_streaming_answer_carries_the_context_before_the_text() -> None:
    completion = {
        "id": "chatcmpl-1",
        "model": "gpt-4o",
        "created": 1,
        "object": "chat.completion",
        "choices": [
            {"message": {"role": "assistant", "content": "25 days [doc1]", "context": CONTEXT}}
        ],
    }

    messages = format_completion(completion, {}, None)["choices"][0]["messages"]

    assert messages == [
        {"role": "tool", "content": json.dumps(CONTEXT)},
        {"role": "assistant", "content": "25 days [doc1]"},
    ]

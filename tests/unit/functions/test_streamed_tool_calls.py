"""Tool calls streamed in fragments are put back together before a function runs."""

from __future__ import annotations

from backend.functions.loop import StreamedToolCalls, calls_in_message
from backend.functions.runner import ToolCall


def test_fragments_of_two_calls_are_reassembled_in_order() -> None:
    pending = StreamedToolCalls()
    pending.add([{"index": 1, "id": "call_b", "function": {"name": "time", "arguments": ""}}])
    pending.add(
        [{"index": 0, "id": "call_a", "function": {"name": "weather", "arguments": '{"ci'}}]
    )
    pending.add([{"index": 0, "function": {"arguments": 'ty": "Oslo"}'}}])
    pending.add([{"index": 1, "function": {"arguments": "{}"}}])

    assert pending.calls() == [
        ToolCall(id="call_a", name="weather", arguments='{"city": "Oslo"}'),
        ToolCall(id="call_b", name="time", arguments="{}"),
    ]


def test_no_fragments_means_no_tool_round() -> None:
    assert not StreamedToolCalls()


def test_calls_are_read_from_a_complete_message() -> None:
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": "{}"}}
        ],
    }

    assert calls_in_message(message) == [ToolCall(id="c1", name="weather", arguments="{}")]

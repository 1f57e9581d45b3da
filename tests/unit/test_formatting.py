"""The NDJSON lines and JSON answers keep the sample app's shape (JSON snapshots)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from backend.chat.formatting import format_completion, format_stream_chunk, to_json_line

SNAPSHOTS = Path(__file__).parent / "snapshots"
METADATA = {"conversation_id": "c-1", "title": "Greeting", "date": "2026-11-28T10:00:00"}


def assert_matches_snapshot(name: str, value: Any) -> None:
    """Compare with snapshots/NAME.json; UPDATE_SNAPSHOTS=1 rewrites the file."""
    path = SNAPSHOTS / f"{name}.json"
    rendered = json.dumps(value, indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if os.environ.get("CI") and not path.exists():
            pytest.fail(f"snapshot {path} is missing")
        path.write_text(rendered)
    assert rendered == path.read_text()


CHUNK = {
    "id": "chatcmpl-1",
    "model": "gpt-4o",
    "created": 1700000000,
    "object": "chat.completion.chunk",
    "choices": [{"index": 0, "delta": {"content": "Hel"}, "finish_reason": None}],
}


def test_content_chunk() -> None:
    assert_matches_snapshot("stream_content_chunk", format_stream_chunk(CHUNK, METADATA, "apim-1"))


def test_filter_results_chunk_has_no_messages() -> None:
    chunk = {"id": "", "model": "", "created": 0, "object": "", "choices": []}
    assert_matches_snapshot("stream_filter_chunk", format_stream_chunk(chunk, {}, "apim-1"))


def test_context_chunk_becomes_a_tool_message_first() -> None:
    context = {"citations": [{"title": "Doc", "content": "text"}], "intent": '["q"]'}
    chunk = {**CHUNK, "choices": [{"delta": {"context": context, "content": "A"}}]}
    line = format_stream_chunk(chunk, METADATA, None)

    assert_matches_snapshot("stream_context_chunk", line)
    assert json.loads(line["choices"][0]["messages"][0]["content"]) == context


def test_non_streaming_completion() -> None:
    completion = {
        "id": "chatcmpl-2",
        "model": "gpt-4o",
        "created": 1700000001,
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"}}],
    }
    assert_matches_snapshot("completion", format_completion(completion, METADATA, "apim-2"))


def test_json_line_is_one_line_and_keeps_unicode() -> None:
    line = to_json_line({"text": "zwei\nZeilen, äöü"})

    assert line.count("\n") == 1
    assert line.endswith("\n")
    assert "äöü" in line

"""Answers in the sample chat app's shape: `choices[0].messages[...]` plus request metadata.

"On your data" answers carry a `context` (citations, intent) that the browser receives as a
`tool` message before the assistant's text.
"""

from __future__ import annotations

import json
from typing import Any


def _envelope(
    source: dict[str, Any], history_metadata: dict[str, Any], apim_request_id: str | None
) -> dict[str, Any]:
    return {
        "id": source.get("id", ""),
        "model": source.get("model", ""),
        "created": source.get("created", 0),
        "object": source.get("object", ""),
        "choices": [{"messages": []}],
        "history_metadata": history_metadata,
        "apim-request-id": apim_request_id,
    }


def format_stream_chunk(
    chunk: dict[str, Any], history_metadata: dict[str, Any], apim_request_id: str | None
) -> dict[str, Any]:
    """One NDJSON line for one upstream chunk (messages may be empty, e.g. filter results)."""
    line = _envelope(chunk, history_metadata, apim_request_id)
    messages: list[dict[str, Any]] = line["choices"][0]["messages"]
    choices = chunk.get("choices") or []
    delta = (choices[0].get("delta") or {}) if choices else {}
    if delta.get("context"):
        messages.append({"role": "tool", "content": json.dumps(delta["context"])})
    if delta.get("content"):
        messages.append({"role": "assistant", "content": delta["content"]})
    return line


def format_completion(
    completion: dict[str, Any], history_metadata: dict[str, Any], apim_request_id: str | None
) -> dict[str, Any]:
    """The whole answer of a non-streaming request as one object."""
    body = _envelope(completion, history_metadata, apim_request_id)
    messages: list[dict[str, Any]] = body["choices"][0]["messages"]
    choices = completion.get("choices") or []
    message = (choices[0].get("message") or {}) if choices else {}
    if message.get("context"):
        messages.append({"role": "tool", "content": json.dumps(message["context"])})
    messages.append({"role": "assistant", "content": message.get("content") or ""})
    return body


def to_json_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"

"""Azure OpenAI's JSON shapes: completions, stream chunks, errors and filter results."""

from __future__ import annotations

import time
import uuid
from typing import Any

MODEL_NAME = "gpt-4o-2024-11-20"
FINGERPRINT = "fp_emulator"

_SAFE = {"filtered": False, "severity": "safe"}
CONTENT_FILTER_RESULTS = {
    "hate": _SAFE,
    "self_harm": _SAFE,
    "sexual": _SAFE,
    "violence": _SAFE,
}
PROMPT_FILTER_RESULTS = [{"prompt_index": 0, "content_filter_results": CONTENT_FILTER_RESULTS}]


def completion_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex[:24]


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def first_stream_chunk() -> dict[str, Any]:
    """Azure sends the prompt filter results first, in a chunk with no choices."""
    return {
        "choices": [],
        "created": 0,
        "id": "",
        "model": "",
        "object": "",
        "prompt_filter_results": PROMPT_FILTER_RESULTS,
    }


def stream_chunk(
    cid: str, created: int, delta: dict[str, Any], finish_reason: str | None = None
) -> dict[str, Any]:
    return {
        "choices": [
            {
                "content_filter_results": {} if finish_reason else CONTENT_FILTER_RESULTS,
                "delta": delta,
                "finish_reason": finish_reason,
                "index": 0,
                "logprobs": None,
            }
        ],
        "created": created,
        "id": cid,
        "model": MODEL_NAME,
        "object": "chat.completion.chunk",
        "system_fingerprint": FINGERPRINT,
    }


def completion(
    text: str | None,
    finish_reason: str,
    prompt_tokens: int,
    answer_tokens: int,
    *,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "choices": [
            {
                "content_filter_results": CONTENT_FILTER_RESULTS,
                "finish_reason": finish_reason,
                "index": 0,
                "logprobs": None,
                "message": message or {"content": text, "refusal": None, "role": "assistant"},
            }
        ],
        "created": int(time.time()),
        "id": completion_id(),
        "model": MODEL_NAME,
        "object": "chat.completion",
        "prompt_filter_results": PROMPT_FILTER_RESULTS,
        "system_fingerprint": FINGERPRINT,
        "usage": {
            "completion_tokens": answer_tokens,
            "prompt_tokens": prompt_tokens,
            "total_tokens": prompt_tokens + answer_tokens,
        },
    }

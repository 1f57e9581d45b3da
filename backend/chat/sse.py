"""Read Azure OpenAI's Server-Sent Events stream as plain dicts.

The SDK can turn every chunk into a typed model, but that costs ~130 µs a chunk here and the
app only re-shapes chunks into NDJSON lines; reading the events directly keeps the app's
added latency small (see bench/chat_overhead.py).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from backend.errors import UpstreamError


async def read_chunks(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, Any]]:
    """Yield each `data:` event as a dict until `[DONE]`; an error event raises."""
    done = False
    async for line in lines:
        # After [DONE] the body is read to its end (not abandoned), so the pooled TLS
        # connection goes back to the pool instead of being closed.
        if done or not line.startswith("data:"):
            continue  # blank separators, comments, `event:` lines
        data = line[5:].strip()
        if data == "[DONE]":
            done = True
            continue
        chunk = json.loads(data)
        if isinstance(chunk, dict) and chunk.get("error"):
            raise UpstreamError(_describe_stream_error(chunk["error"]), status=502)
        yield chunk


def _describe_stream_error(error: object) -> str:
    code = error.get("code") if isinstance(error, dict) else None
    if code == "content_filter":
        return (
            "The answer was stopped by Azure OpenAI's content management policy. "
            "Rephrase the question and try again."
        )
    return "Azure OpenAI reported an error in the middle of the answer. Try again."

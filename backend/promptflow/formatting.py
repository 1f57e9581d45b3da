"""A prompt flow answer in the usual `/conversation` shape: citations as a `tool` message
(the JSON the browser reads references from), then the assistant's answer."""

from __future__ import annotations

import json
import time
from typing import Any

from backend.promptflow.client import PromptflowAnswer


def _envelope(
    answer: PromptflowAnswer, history_metadata: dict[str, Any], kind: str
) -> dict[str, Any]:
    return {
        "id": answer.id,
        "model": "",
        "created": int(time.time()),
        "object": kind,
        "choices": [{"messages": []}],
        "history_metadata": history_metadata,
        "apim-request-id": None,
    }


def citations_message(answer: PromptflowAnswer) -> dict[str, Any] | None:
    if not answer.citations:
        return None
    return {"role": "tool", "content": json.dumps({"citations": answer.citations, "intent": ""})}


def promptflow_body(answer: PromptflowAnswer, history_metadata: dict[str, Any]) -> dict[str, Any]:
    """The whole answer as one object (non-streaming)."""
    body = _envelope(answer, history_metadata, "chat.completion")
    messages = body["choices"][0]["messages"]
    if (tool := citations_message(answer)) is not None:
        messages.append(tool)
    messages.append({"role": "assistant", "content": answer.answer})
    return body


def promptflow_lines(
    answer: PromptflowAnswer, history_metadata: dict[str, Any]
) -> list[dict[str, Any]]:
    """The answer as stream lines: the citations line first, then the text."""
    lines = []
    if (tool := citations_message(answer)) is not None:
        line = _envelope(answer, history_metadata, "chat.completion.chunk")
        line["choices"][0]["messages"].append(tool)
        lines.append(line)
    line = _envelope(answer, history_metadata, "chat.completion.chunk")
    line["choices"][0]["messages"].append({"role": "assistant", "content": answer.answer})
    lines.append(line)
    return lines

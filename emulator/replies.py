"""What the emulated model answers: text, an "on your data" answer with citations, or a tool
call, decided from the request the way the real service would see it.

- `data_sources` in the request: the answer cites `[doc1]`, `[doc2]` and carries a `context`
  with `citations` and `intent` in Azure's shape.
- Last user message `/tool <name> <json-args>`: the model asks for that tool call.
- Last message a `tool` result: the model answers with what the tool said.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from emulator.answers import ECHO_PREFIX, answer_text, apply_stop, last_user_text, tokens

TOOL_PREFIX = "/tool "
TOOL_ORDER_ERROR = (
    "Invalid parameter: messages with role 'tool' must be a response to a preceeding message "
    "with 'tool_calls'."
)


@dataclass
class Reply:
    text: str | None
    context: dict[str, Any] | None = None
    tool_call: dict[str, Any] | None = None

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.tool_call else "stop"


def check_request(body: dict[str, Any]) -> str | None:
    """The 400 message Azure would give for this body, or None when it is acceptable."""
    sources = body.get("data_sources")
    if sources is not None:
        if not isinstance(sources, list) or len(sources) != 1:
            return "Validation error at #/data_sources: exactly one data source is supported."
        source = sources[0]
        if not isinstance(source, dict) or not isinstance(source.get("parameters"), dict):
            return "Validation error at #/data_sources/0: 'type' and 'parameters' are required."
        if not isinstance(source.get("type"), str):
            return "Validation error at #/data_sources/0/type: a string is required."
    offered: set[str] = set()
    for message in body.get("messages", []):
        for call in message.get("tool_calls") or []:
            offered.add(str(call.get("id")))
        if message.get("role") == "tool" and message.get("tool_call_id") not in offered:
            return TOOL_ORDER_ERROR
    return None


def compose_reply(body: dict[str, Any], *, words: int) -> Reply:
    messages: list[dict[str, Any]] = body["messages"]
    if messages[-1].get("role") == "tool":
        return Reply(text=_tool_results_text(messages))
    question = last_user_text(messages)
    if question.startswith(TOOL_PREFIX):
        return Reply(text=None, tool_call=_tool_call(question[len(TOOL_PREFIX) :]))
    text = answer_text(messages, words=words)
    text, _ = apply_stop(text, body.get("stop"))
    sources = body.get("data_sources")
    if not sources:
        return Reply(text=text)
    if not question.startswith(ECHO_PREFIX):
        text = _with_citation_markers(text)
    return Reply(text=text, context=_context(sources[0], question))


def _tool_call(spec: str) -> dict[str, Any]:
    name, _, arguments = spec.strip().partition(" ")
    return {
        "id": "call_" + secrets.token_hex(12),
        "type": "function",
        "function": {"name": name, "arguments": arguments.strip() or "{}"},
    }


def _tool_results_text(messages: list[dict[str, Any]]) -> str:
    names: dict[str, str] = {}
    for message in messages:
        for call in message.get("tool_calls") or []:
            names[str(call.get("id"))] = call.get("function", {}).get("name", "?")
    results: list[str] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        name = names.get(str(message.get("tool_call_id")), "?")
        results.insert(0, f"The tool {name} answered: {message.get('content')}")
    return " ".join(results)


def _with_citation_markers(text: str) -> str:
    parts = text.split(" ")
    middle = max(1, len(parts) // 2)
    return " ".join([*parts[:middle], "[doc1]", *parts[middle:], "[doc2]"])


def _context(source: dict[str, Any], question: str) -> dict[str, Any]:
    parameters = source["parameters"]
    index = str(
        parameters.get("index_name")
        or parameters.get("name")
        or parameters.get("container_name")
        or source["type"]
    )
    citations = [
        {
            "content": f"Passage {number} of the {index} index about: {question[:80]}",
            "title": f"Document {number}",
            "url": f"https://docs.example.com/{index}/doc{number}.md",
            "filepath": f"doc{number}.md",
            "chunk_id": "0",
        }
        for number in (1, 2)
    ]
    return {"citations": citations, "intent": json.dumps([question])}


def stream_deltas(reply: Reply) -> list[tuple[dict[str, Any], str | None]]:
    """The `delta` of each chunk after the prompt filter results, with its finish reason."""
    if reply.tool_call is not None:
        call = reply.tool_call
        arguments = call["function"]["arguments"]
        opening = {
            "index": 0,
            "id": call["id"],
            "type": "function",
            "function": {"name": call["function"]["name"], "arguments": ""},
        }
        deltas: list[tuple[dict[str, Any], str | None]] = [
            ({"role": "assistant", "content": None, "tool_calls": [opening]}, None)
        ]
        for start in range(0, len(arguments), 8):  # arguments arrive in fragments
            piece = {"index": 0, "function": {"arguments": arguments[start : start + 8]}}
            deltas.append(({"tool_calls": [piece]}, None))
        deltas.append(({}, "tool_calls"))
        return deltas
    deltas = [({"content": "", "role": "assistant"}, None)]
    for position, token in enumerate(tokens(reply.text or "")):
        delta: dict[str, Any] = {"content": token}
        if position == 0 and reply.context is not None:
            # Azure sends the citations with the first piece of content.
            delta["context"] = reply.context
        deltas.append((delta, None))
    deltas.append(({}, "stop"))
    return deltas


def message(reply: Reply) -> dict[str, Any]:
    """The `message` of a non-streaming completion."""
    body: dict[str, Any] = {"content": reply.text, "refusal": None, "role": "assistant"}
    if reply.context is not None:
        body["context"] = reply.context
    if reply.tool_call is not None:
        body["tool_calls"] = [reply.tool_call]
    return body

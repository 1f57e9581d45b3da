"""Helpers to talk to `/conversation` like the browser does and read the answer back."""

from __future__ import annotations

import json
from typing import Any


def user_turn(text: str, *earlier: dict[str, Any]) -> dict[str, Any]:
    """A request body: earlier messages (if any), then the user's new message."""
    message = {"id": "m-user", "role": "user", "content": text, "date": "2026-11-28"}
    return {"messages": [*earlier, message]}


def parse_lines(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


def messages_of(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every message of every line, in the order the browser receives them."""
    return [
        message for line in lines if "choices" in line for message in line["choices"][0]["messages"]
    ]


def assistant_text(lines: list[dict[str, Any]]) -> str:
    return "".join(m["content"] for m in messages_of(lines) if m["role"] == "assistant")


def tool_payloads(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON inside each `tool` message (citations and intent)."""
    return [json.loads(m["content"]) for m in messages_of(lines) if m["role"] == "tool"]


def errors_of(lines: list[dict[str, Any]]) -> list[str]:
    return [line["error"] for line in lines if "error" in line]

"""What the emulated model says: scripted (`/echo ...`) or a generated answer of set length."""

from __future__ import annotations

import re
from typing import Any

ECHO_PREFIX = "/echo "
_PROSE = (
    "Azure OpenAI answers through the local emulator so the whole path, including TLS trust, "
    "is exercised end to end without a cloud account."
)
_WORDS = _PROSE.split(" ")
# Tokens are words with their following whitespace, or a run of whitespace (keeps newlines).
_TOKEN = re.compile(r"\S+\s*|\s+")


def last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            return content
        if isinstance(content, list):
            return " ".join(part.get("text", "") for part in content if part.get("type") == "text")
    return ""


def answer_text(messages: list[dict[str, Any]], *, words: int) -> str:
    question = last_user_text(messages)
    if question.startswith(ECHO_PREFIX):
        return question[len(ECHO_PREFIX) :]
    generated = [_WORDS[i % len(_WORDS)] for i in range(max(words, 1))]
    return " ".join(generated)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text) or [""]


def apply_stop(text: str, stop: list[str] | str | None) -> tuple[str, bool]:
    """Cut the answer at the first stop sequence, as the service does."""
    sequences = [stop] if isinstance(stop, str) else list(stop or [])
    cut = min((text.find(s) for s in sequences if s and s in text), default=-1)
    return (text[:cut], True) if cut >= 0 else (text, False)

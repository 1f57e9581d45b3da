"""A short title for a new conversation, written by the model (one small, non-streaming call).

If the model cannot be asked (not configured, rate limited, down), the first words of the
question become the title: a new conversation is never refused for want of a title.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from openai.types.chat import ChatCompletion

from backend.clients import ClientsHolder

__all__ = ["TITLE_INSTRUCTION", "fallback_title", "generate_title"]

logger = logging.getLogger(__name__)

TITLE_INSTRUCTION = (
    "Give this conversation a title of at most four words. Reply with the title alone: "
    "no quotation marks, no final punctuation, no explanation."
)
MAX_GENERATED_TITLE = 80
# Only the most recent turns matter for a title; keeps the request small.
_RECENT_MESSAGES = 6
# Straight, typographic and back quotes a model may wrap a title in.
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"
_MAX_CHARS_PER_MESSAGE = 2000


async def generate_title(
    clients: ClientsHolder, deployment: str | None, messages: list[dict[str, Any]]
) -> str:
    conversation = [
        {"role": message["role"], "content": _text(message.get("content"))[:_MAX_CHARS_PER_MESSAGE]}
        for message in messages[-_RECENT_MESSAGES:]
        if message.get("role") in ("user", "assistant")
    ]
    fallback = fallback_title(conversation)
    async with clients.lease() as current:
        if current.openai is None or not deployment:
            return fallback
        try:
            completion = await current.openai.chat.completions.create(
                model=deployment,
                messages=[*conversation, {"role": "user", "content": TITLE_INSTRUCTION}],  # type: ignore[list-item]
                temperature=0.5,
                max_tokens=32,
                stream=False,
            )
        except Exception as exc:  # noqa: BLE001 - any failure falls back to the question
            logger.warning("Title generation failed, using the question instead: %r", exc)
            return fallback
    choices = completion.choices if isinstance(completion, ChatCompletion) else []
    title = _tidy(choices[0].message.content or "") if choices else ""
    return title or fallback


def fallback_title(conversation: list[dict[str, str]]) -> str:
    question = next((m["content"] for m in conversation if m["role"] == "user"), "")
    return _tidy(question) or "New conversation"


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            part.get("text", "")
            for part in content
            if isinstance(part, dict) and part.get("type") == "text"
        )
    return ""


def _tidy(text: str) -> str:
    title = re.sub(r"\s+", " ", text).strip().strip(_QUOTES).rstrip(".!?:;,").strip()
    if len(title) > MAX_GENERATED_TITLE:
        cut = title[:MAX_GENERATED_TITLE].rsplit(" ", 1)[0]
        title = (cut or title[:MAX_GENERATED_TITLE]).rstrip(".,;:") + "…"
    return title

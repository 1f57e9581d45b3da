"""What a stored conversation and message look like: the sample app's Cosmos DB documents.

Both stores hold exactly these shapes, so a conversation written by one reads the same from the
other and from the sample app. Timestamps are fixed-width UTC ISO strings (`...T12:00:00.000001Z`),
so ordering the strings orders the times.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "CONVERSATION_FIELDS",
    "ConversationDoc",
    "MessageDoc",
    "MonotonicClock",
    "public_conversation",
    "public_message",
]

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class ConversationDoc(TypedDict):
    id: str
    type: Literal["conversation"]
    userId: str
    title: str
    createdAt: str
    updatedAt: str


class MessageDoc(TypedDict):
    id: str
    type: Literal["message"]
    userId: str
    conversationId: str
    role: str
    content: Any  # a string, or a list of text/image parts
    createdAt: str
    updatedAt: str
    feedback: NotRequired[str]


# What `/history/list` and `/history/rename` return of a conversation (no store internals).
CONVERSATION_FIELDS = ("id", "title", "createdAt", "updatedAt", "userId", "type")


def public_conversation(doc: ConversationDoc | dict[str, Any]) -> dict[str, Any]:
    return {name: doc.get(name) for name in CONVERSATION_FIELDS}


def public_message(doc: MessageDoc | dict[str, Any]) -> dict[str, Any]:
    """A message as `/history/read` returns it."""
    return {
        "id": doc["id"],
        "role": doc["role"],
        "content": doc["content"],
        "createdAt": doc["createdAt"],
        "feedback": doc.get("feedback"),
    }


class MonotonicClock:
    """UTC timestamps that never repeat or go backwards within this process.

    Messages are ordered by `createdAt`; two saved in the same microsecond (a tool message and
    its answer, or two concurrent updates) must still get distinct, increasing stamps.
    """

    _tick = timedelta(microseconds=1)

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> str:
        with self._lock:
            current = datetime.now(UTC)
            if current <= self._last:
                current = self._last + self._tick
            self._last = current
        return current.strftime(TIMESTAMP_FORMAT)

"""The rules of chat history on top of any store: ids, order, de-duplication, ownership.

Saving is idempotent by message id, so the server (which saves every answer it streamed) and
the browser (which sends the same answer to `/history/update`, as the sample frontend does)
never create two copies of one answer.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

from backend.errors import BadRequestError
from backend.history.documents import (
    ConversationDoc,
    MessageDoc,
    MonotonicClock,
    public_conversation,
    public_message,
)
from backend.history.errors import NotFoundError
from backend.history.size_limit import MAX_MESSAGE_BYTES, fit_message
from backend.history.store import HistoryStore, MessageIdTakenError
from backend.history.validation import is_valid_id

__all__ = ["PAGE_SIZE", "ConversationLocks", "HistoryService", "NewMessage"]

PAGE_SIZE = 25

logger = logging.getLogger(__name__)


class ConversationLocks:
    """Serialises appends to one conversation within this process, so that a citations message
    and the answer it belongs to stay side by side when two updates race."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    def lock(self, user_id: str, conversation_id: str) -> asyncio.Lock:
        key = (user_id, conversation_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock


@dataclass(frozen=True)
class NewMessage:
    """A message to save; `id` is the browser's id when it sent a usable one."""

    role: str
    content: Any
    id: str | None = None


def conversation_not_found(conversation_id: str) -> NotFoundError:
    # The same answer whether the id does not exist or belongs to someone else.
    return NotFoundError(
        f"Conversation {conversation_id} was not found. It either does not exist or the "
        "signed-in user does not have access to it."
    )


class HistoryService:
    def __init__(
        self,
        store: HistoryStore,
        clock: MonotonicClock,
        *,
        feedback_enabled: bool,
        locks: ConversationLocks | None = None,
    ) -> None:
        self.store = store
        self._clock = clock
        self._feedback_enabled = feedback_enabled
        self._locks = locks or ConversationLocks()

    async def create_conversation(self, user_id: str, title: str) -> ConversationDoc:
        now = self._clock.now()
        conversation: ConversationDoc = {
            "id": str(uuid.uuid4()),
            "type": "conversation",
            "userId": user_id,
            "title": title,
            "createdAt": now,
            "updatedAt": now,
        }
        await self.store.create_conversation(conversation)
        return conversation

    async def require_conversation(self, user_id: str, conversation_id: str) -> ConversationDoc:
        conversation = await self.store.get_conversation(user_id, conversation_id)
        if conversation is None:
            raise conversation_not_found(conversation_id)
        return conversation

    async def add_messages(
        self, user_id: str, conversation_id: str, messages: list[NewMessage]
    ) -> list[MessageDoc]:
        """Append messages in the given order (each gets a later `createdAt` than the last).

        A message whose id is already saved is updated in place; one without a known id whose
        role and content repeat a message saved since the last question is the same answer
        arriving twice (once from the server, once from the browser) and is not saved again.
        """
        async with self._locks.lock(user_id, conversation_id):
            return await self._add_messages(user_id, conversation_id, messages)

    async def _add_messages(
        self, user_id: str, conversation_id: str, messages: list[NewMessage]
    ) -> list[MessageDoc]:
        await self.require_conversation(user_id, conversation_id)
        stored = await self.store.list_messages(user_id, conversation_id)
        known_ids = {message["id"] for message in stored}
        since_question = _since_last_question(stored)
        saved: list[MessageDoc] = []
        for index, message in enumerate(messages):
            message_id = _message_id(message, messages[index + 1 :])
            now = self._clock.now()
            doc: MessageDoc = {
                "id": message_id or str(uuid.uuid4()),
                "type": "message",
                "userId": user_id,
                "conversationId": conversation_id,
                "role": message.role,
                "content": message.content,
                "createdAt": now,
                "updatedAt": now,
            }
            if self._feedback_enabled:
                doc["feedback"] = ""
            doc = _within_size_limit(doc)
            if message_id not in known_ids:
                duplicate = _same_message(since_question, doc)
                if duplicate is not None:
                    saved.append(duplicate)
                    continue
            try:
                saved.append(await self.store.save_message(doc))
            except MessageIdTakenError:
                raise BadRequestError(
                    f"Message id {doc['id']} is already used by another conversation; "
                    "send a new id for a new message."
                ) from None
        if saved:
            await self.store.touch_conversation(user_id, conversation_id, self._clock.now())
        return saved

    async def list_conversations(self, user_id: str, offset: int) -> list[dict[str, Any]]:
        found = await self.store.list_conversations(user_id, offset=offset, limit=PAGE_SIZE)
        return [public_conversation(conversation) for conversation in found]

    async def read(self, user_id: str, conversation_id: str) -> dict[str, Any]:
        await self.require_conversation(user_id, conversation_id)
        messages = await self.store.list_messages(user_id, conversation_id)
        return {
            "conversation_id": conversation_id,
            "messages": [public_message(message) for message in messages],
        }

    async def rename(self, user_id: str, conversation_id: str, title: str) -> dict[str, Any]:
        renamed = await self.store.rename_conversation(user_id, conversation_id, title)
        if renamed is None:
            raise conversation_not_found(conversation_id)
        return public_conversation(renamed)

    async def delete(self, user_id: str, conversation_id: str) -> None:
        if not await self.store.delete_conversation(user_id, conversation_id):
            raise conversation_not_found(conversation_id)

    async def delete_all(self, user_id: str) -> int:
        ids = await self.store.list_conversation_ids(user_id)
        if not ids:
            raise NotFoundError("No conversations were found for the signed-in user.")
        for conversation_id in ids:
            await self.store.delete_conversation(user_id, conversation_id)
        return len(ids)

    async def clear(self, user_id: str, conversation_id: str) -> int:
        await self.require_conversation(user_id, conversation_id)
        return await self.store.delete_messages(user_id, conversation_id)

    async def set_feedback(self, user_id: str, message_id: str, feedback: str) -> None:
        if not await self.store.set_feedback(user_id, message_id, feedback):
            raise NotFoundError(
                f"Unable to update message {message_id}. It either does not exist or the "
                "signed-in user does not have access to it."
            )


def _message_id(message: NewMessage, following: list[NewMessage]) -> str | None:
    """The id to store: the browser's, except that a citations (`tool`) message sharing its id
    with the answer after it (the sample frontend gives both the completion id) gets its own."""
    if not message.id or not is_valid_id(message.id):
        return None
    if message.role == "tool" and following and following[0].id == message.id:
        suffixed = f"{message.id}-tool"
        return suffixed if is_valid_id(suffixed) else None
    return message.id


def _since_last_question(stored: list[MessageDoc]) -> list[MessageDoc]:
    for index in range(len(stored) - 1, -1, -1):
        if stored[index]["role"] == "user":
            return stored[index + 1 :]
    return list(stored)


def _within_size_limit(doc: MessageDoc) -> MessageDoc:
    fitted = fit_message(doc)
    if fitted.changes:
        logger.warning(
            "Message %s (%s) in conversation %s is larger than the chat history allows "
            "(%s bytes); saved without %s.",
            doc["id"],
            doc["role"],
            doc["conversationId"],
            f"{MAX_MESSAGE_BYTES:,}",
            ", ".join(fitted.changes),
        )
    return fitted.doc


def _same_message(candidates: list[MessageDoc], message: MessageDoc) -> MessageDoc | None:
    if message["role"] == "user":
        return None  # asking the same question twice is two questions
    for candidate in candidates:
        if candidate["role"] == message["role"] and candidate["content"] == message["content"]:
            return candidate
    return None

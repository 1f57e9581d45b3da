"""The interface every chat history store implements (Cosmos DB, SQLite).

Every method takes the user's id first and touches only that user's documents: isolation is
a property of each store, not something the routes must remember. Failures raise
`HistoryUnavailableError` with a message naming the store and what to check.
"""

from __future__ import annotations

from typing import Protocol

from backend.history.documents import ConversationDoc, MessageDoc

__all__ = ["HistoryStore", "MessageIdTakenError"]


class MessageIdTakenError(Exception):
    """The id of a new message already names another conversation or another document."""


class HistoryStore(Protocol):
    @property
    def kind(self) -> str:
        """ "cosmos" or "sqlite"."""
        ...

    def describe(self) -> dict[str, str]:
        """Where the data lives, for logs and `/healthz` (no secrets)."""
        ...

    async def check(self) -> None:
        """Prove the store works (reachable, credentials accepted, database/container present)."""
        ...

    async def create_conversation(self, conversation: ConversationDoc) -> None: ...

    async def get_conversation(
        self, user_id: str, conversation_id: str
    ) -> ConversationDoc | None: ...

    async def list_conversations(
        self, user_id: str, *, offset: int, limit: int
    ) -> list[ConversationDoc]:
        """Newest `updatedAt` first."""
        ...

    async def list_conversation_ids(self, user_id: str) -> list[str]: ...

    async def rename_conversation(
        self, user_id: str, conversation_id: str, title: str
    ) -> ConversationDoc | None: ...

    async def touch_conversation(self, user_id: str, conversation_id: str, updated_at: str) -> None:
        """Move `updatedAt` forward to `updated_at` (never backwards, under concurrency too)."""
        ...

    async def delete_conversation(self, user_id: str, conversation_id: str) -> bool:
        """Delete the conversation and all its messages; False when there was none."""
        ...

    async def save_message(self, message: MessageDoc) -> MessageDoc:
        """Insert a message, or, when its id exists in the same conversation, update its role and
        content while keeping `createdAt` (its place) and feedback. Saving twice is harmless.

        Raises `MessageIdTakenError` when the id belongs to another conversation.
        """
        ...

    async def list_messages(self, user_id: str, conversation_id: str) -> list[MessageDoc]:
        """Oldest `createdAt` first."""
        ...

    async def delete_messages(self, user_id: str, conversation_id: str) -> int: ...

    async def set_feedback(self, user_id: str, message_id: str, feedback: str) -> bool:
        """False when the user has no message with that id."""
        ...

    async def aclose(self) -> None: ...

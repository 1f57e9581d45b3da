"""Chat history in an embedded SQLite file: the local default (`./start.sh`).

One connection per process; an `asyncio.Lock` keeps each multi-statement operation a single
transaction, since coroutines would otherwise interleave statements on the shared connection.
WAL mode and a busy timeout let several worker processes share the file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite

from backend.history.documents import ConversationDoc, MessageDoc
from backend.history.errors import HistoryUnavailableError
from backend.history.store import MessageIdTakenError

__all__ = ["SqliteStore", "open_sqlite_store"]

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    user_id    TEXT NOT NULL,
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX IF NOT EXISTS conversations_by_update ON conversations (user_id, updated_at);
CREATE TABLE IF NOT EXISTS messages (
    user_id         TEXT NOT NULL,
    id              TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    role            TEXT NOT NULL,
    content         TEXT NOT NULL,  -- JSON: a string or a list of parts
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    feedback        TEXT,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, conversation_id) REFERENCES conversations (user_id, id)
        ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS messages_by_conversation
    ON messages (user_id, conversation_id, created_at);
"""


async def open_sqlite_store(path: Path) -> SqliteStore:
    """Open (creating folder and schema if needed), or raise `HistoryUnavailableError`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, timeout=10.0)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryUnavailableError(
            f"Cannot open the chat history file {path} ({exc.__class__.__name__}: {exc}). "
            "Check CHAT_HISTORY_SQLITE_PATH and that its folder is writable."
        ) from exc
    try:
        connection.row_factory = aiosqlite.Row
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA foreign_keys=ON")
        await connection.executescript(_SCHEMA)
        await connection.commit()
    except sqlite3.Error as exc:
        await connection.close()
        raise HistoryUnavailableError(
            f"The chat history file {path} is not usable ({exc}). Check CHAT_HISTORY_SQLITE_PATH; "
            "move the file away to start a new history."
        ) from exc
    return SqliteStore(connection, path)


class SqliteStore:
    kind = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self._path = path
        self._lock = asyncio.Lock()
        self._closed = False

    def describe(self) -> dict[str, str]:
        return {"store": "sqlite", "path": str(self._path)}

    async def _run(self, sql: str, params: tuple[Any, ...] = ()) -> list[aiosqlite.Row]:
        try:
            async with self._db.execute(sql, params) as cursor:
                return list(await cursor.fetchall())
        except (sqlite3.Error, ValueError) as exc:
            # ValueError: the connection is closed. Roll back so that a half-done operation
            # is not committed by the next one.
            with contextlib.suppress(sqlite3.Error, ValueError):
                await self._db.rollback()
            raise HistoryUnavailableError(
                f"The chat history file {self._path} could not be used ({exc})."
            ) from exc

    async def _commit(self) -> None:
        try:
            await self._db.commit()
        except sqlite3.Error as exc:
            raise HistoryUnavailableError(
                f"Saving to the chat history file {self._path} failed ({exc})."
            ) from exc

    async def check(self) -> None:
        async with self._lock:
            await self._run("SELECT count(*) FROM conversations WHERE user_id = ''")

    async def create_conversation(self, conversation: ConversationDoc) -> None:
        async with self._lock:
            await self._run(
                "INSERT INTO conversations (user_id, id, title, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    conversation["userId"],
                    conversation["id"],
                    conversation["title"],
                    conversation["createdAt"],
                    conversation["updatedAt"],
                ),
            )
            await self._commit()

    async def get_conversation(self, user_id: str, conversation_id: str) -> ConversationDoc | None:
        async with self._lock:
            rows = await self._run(
                "SELECT * FROM conversations WHERE user_id = ? AND id = ?",
                (user_id, conversation_id),
            )
        return _conversation(rows[0]) if rows else None

    async def list_conversations(
        self, user_id: str, *, offset: int, limit: int
    ) -> list[ConversationDoc]:
        async with self._lock:
            rows = await self._run(
                "SELECT * FROM conversations WHERE user_id = ? "
                "ORDER BY updated_at DESC LIMIT ? OFFSET ?",
                (user_id, limit, offset),
            )
        return [_conversation(row) for row in rows]

    async def list_conversation_ids(self, user_id: str) -> list[str]:
        async with self._lock:
            rows = await self._run("SELECT id FROM conversations WHERE user_id = ?", (user_id,))
        return [row["id"] for row in rows]

    async def rename_conversation(
        self, user_id: str, conversation_id: str, title: str
    ) -> ConversationDoc | None:
        async with self._lock:
            await self._run(
                "UPDATE conversations SET title = ? WHERE user_id = ? AND id = ?",
                (title, user_id, conversation_id),
            )
            await self._commit()
            rows = await self._run(
                "SELECT * FROM conversations WHERE user_id = ? AND id = ?",
                (user_id, conversation_id),
            )
        return _conversation(rows[0]) if rows else None

    async def touch_conversation(self, user_id: str, conversation_id: str, updated_at: str) -> None:
        async with self._lock:
            await self._run(
                "UPDATE conversations SET updated_at = max(updated_at, ?) "
                "WHERE user_id = ? AND id = ?",
                (updated_at, user_id, conversation_id),
            )
            await self._commit()

    async def delete_conversation(self, user_id: str, conversation_id: str) -> bool:
        async with self._lock:
            await self._run(
                "DELETE FROM messages WHERE user_id = ? AND conversation_id = ?",
                (user_id, conversation_id),
            )
            rows = await self._run(
                "DELETE FROM conversations WHERE user_id = ? AND id = ? RETURNING id",
                (user_id, conversation_id),
            )
            await self._commit()
        return bool(rows)

    async def save_message(self, message: MessageDoc) -> MessageDoc:
        user_id, message_id = message["userId"], message["id"]
        async with self._lock:
            taken = await self._run(
                "SELECT 1 FROM conversations WHERE user_id = ? AND id = ?", (user_id, message_id)
            )
            existing = await self._run(
                "SELECT * FROM messages WHERE user_id = ? AND id = ?", (user_id, message_id)
            )
            if taken or (existing and existing[0]["conversation_id"] != message["conversationId"]):
                raise MessageIdTakenError(message_id)
            if existing:
                await self._run(
                    "UPDATE messages SET role = ?, content = ?, updated_at = ? "
                    "WHERE user_id = ? AND id = ?",
                    (
                        message["role"],
                        json.dumps(message["content"]),
                        message["updatedAt"],
                        user_id,
                        message_id,
                    ),
                )
            else:
                await self._run(
                    "INSERT INTO messages (user_id, id, conversation_id, role, content, "
                    "created_at, updated_at, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        user_id,
                        message_id,
                        message["conversationId"],
                        message["role"],
                        json.dumps(message["content"]),
                        message["createdAt"],
                        message["updatedAt"],
                        message.get("feedback"),
                    ),
                )
            await self._commit()
            rows = await self._run(
                "SELECT * FROM messages WHERE user_id = ? AND id = ?", (user_id, message_id)
            )
        return _message(rows[0])

    async def list_messages(self, user_id: str, conversation_id: str) -> list[MessageDoc]:
        async with self._lock:
            rows = await self._run(
                "SELECT * FROM messages WHERE user_id = ? AND conversation_id = ? "
                "ORDER BY created_at ASC",
                (user_id, conversation_id),
            )
        return [_message(row) for row in rows]

    async def delete_messages(self, user_id: str, conversation_id: str) -> int:
        async with self._lock:
            rows = await self._run(
                "DELETE FROM messages WHERE user_id = ? AND conversation_id = ? RETURNING id",
                (user_id, conversation_id),
            )
            await self._commit()
        return len(rows)

    async def set_feedback(self, user_id: str, message_id: str, feedback: str) -> bool:
        async with self._lock:
            rows = await self._run(
                "UPDATE messages SET feedback = ? WHERE user_id = ? AND id = ? RETURNING id",
                (feedback, user_id, message_id),
            )
            await self._commit()
        return bool(rows)

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            await self._db.close()


def _conversation(row: aiosqlite.Row) -> ConversationDoc:
    return {
        "id": row["id"],
        "type": "conversation",
        "userId": row["user_id"],
        "title": row["title"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
    }


def _message(row: aiosqlite.Row) -> MessageDoc:
    message: MessageDoc = {
        "id": row["id"],
        "type": "message",
        "userId": row["user_id"],
        "conversationId": row["conversation_id"],
        "role": row["role"],
        "content": json.loads(row["content"]),
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
    }
    if row["feedback"] is not None:
        message["feedback"] = row["feedback"]
    return message

"""Saves the answer of `/history/generate` on the server, so that nothing the user saw is lost.

The sample app saves an answer only when the browser posts it to `/history/update` after the
stream: an answer whose tab was closed, whose network dropped or whose stream broke half-way is
lost, and nobody is told. Here the server keeps what it streamed and saves it when the stream
ends (or, if the browser went away, in the background). Ids are those the sample frontend
gives the same messages (the line's `id`), so its later `/history/update` changes nothing.
If saving fails, the stream's last line says so: `{"error": "...could not be saved..."}`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from backend.errors import AppError
from backend.history.runtime import HistoryRuntime
from backend.history.service import NewMessage

__all__ = ["AnswerRecorder"]

logger = logging.getLogger(__name__)


class AnswerRecorder:
    def __init__(self, runtime: HistoryRuntime, user_id: str, conversation_id: str) -> None:
        self._runtime = runtime
        self._user_id = user_id
        self._conversation_id = conversation_id
        self._answer_id: str | None = None
        self._tool: Any = None
        self._parts: list[str] = []

    def observe(self, line: dict[str, Any]) -> None:
        choices = line.get("choices") or [{}]
        for message in choices[0].get("messages") or []:
            if self._answer_id is None and line.get("id"):
                self._answer_id = str(line["id"])
            if message.get("role") == "tool":
                self._tool = message.get("content")
            elif message.get("role") == "assistant" and message.get("content"):
                self._parts.append(str(message["content"]))

    def messages(self) -> list[NewMessage]:
        found = []
        if self._tool is not None:
            found.append(NewMessage(role="tool", content=self._tool, id=self._answer_id))
        if self._parts:
            found.append(
                NewMessage(role="assistant", content="".join(self._parts), id=self._answer_id)
            )
        return found

    async def save(self) -> str | None:
        """Save what was observed; returns a message for the user when that failed."""
        messages = self.messages()
        if not messages:
            return None
        try:
            async with self._runtime.service() as history:
                await history.add_messages(self._user_id, self._conversation_id, messages)
        except AppError as exc:
            logger.error(
                "Saving the answer in conversation %s failed: %s",
                self._conversation_id,
                exc.message,
            )
            return (
                "The answer above could not be saved to the chat history; copy it if you need "
                f"it. ({exc.message})"
            )
        return None

    async def stream(self, lines: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
        """Pass `lines` through, then save; an error line (upstream or saving) comes last."""
        error_line: dict[str, Any] | None = None
        saved = False
        try:
            async for line in lines:
                if "error" in line:
                    error_line = line  # the part of the answer already sent is still saved
                    continue
                self.observe(line)
                yield line
            problem = await self.save()
            saved = True
        except (GeneratorExit, asyncio.CancelledError):
            # The browser went away mid-answer: keep what it was shown.
            if not saved:
                self._runtime.spawn(self.save())
            raise
        finally:
            close = getattr(lines, "aclose", None)
            if close is not None:
                await close()
        if problem is not None:
            if error_line is not None:
                error_line = {**error_line, "error": f"{error_line['error']} {problem}"}
            else:
                error_line = {"error": problem}
        if error_line is not None:
            yield error_line

    async def save_completion(self, body: dict[str, Any]) -> dict[str, Any]:
        """The non-streaming answer: save it, and add an `error` to the body if that failed."""
        self.observe(body)
        problem = await self.save()
        return {**body, "error": problem} if problem is not None else body

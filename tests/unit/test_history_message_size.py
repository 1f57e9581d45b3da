"""Messages too large for a Cosmos DB item: what is left out of the saved copy, and why."""

from __future__ import annotations

import json
from typing import Any

import pytest
from azure.cosmos import exceptions as cosmos_errors

from backend.history.cosmos_errors import CosmosLocation, translated_errors
from backend.history.documents import MessageDoc
from backend.history.errors import HistoryUnavailableError
from backend.history.size_limit import MAX_MESSAGE_BYTES, document_bytes, fit_message


def message(content: Any, role: str = "user") -> MessageDoc:
    return {
        "id": "m-1",
        "type": "message",
        "userId": "alice",
        "conversationId": "c-1",
        "role": role,
        "content": content,
        "createdAt": "2026-11-28T12:00:00.000000Z",
        "updatedAt": "2026-11-28T12:00:00.000000Z",
        "feedback": "",
    }


def image(characters: int) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * characters}}


def test_a_message_that_fits_is_the_same_object() -> None:
    doc = message([{"type": "text", "text": "hi"}, image(1000)])

    fitted = fit_message(doc)

    assert fitted.doc is doc and fitted.changes == []


def test_the_largest_images_go_first_and_only_as_many_as_needed() -> None:
    doc = message([{"type": "text", "text": "compare"}, image(800), image(4000), image(3000)])

    fitted = fit_message(doc, limit=document_bytes(doc) - 5000)

    assert fitted.doc["content"] == [
        {"type": "text", "text": "compare"},
        image(800),
        {"type": "text", "text": "[image omitted: 3 KB]"},  # 4000 base64 characters
        {"type": "text", "text": "[image omitted: 2 KB]"},
    ]
    assert fitted.changes == ["an image of 3 KB", "an image of 2 KB"]
    assert document_bytes(fitted.doc) <= document_bytes(doc) - 5000
    assert doc["content"][2] == image(4000)  # the request's own message is not changed


@pytest.mark.parametrize("text", ["a" * 3_000_000, '\u00e9\n"' * 750_000])
def test_text_too_large_is_shortened_with_a_note(text: str) -> None:
    doc = message(text, role="assistant")

    fitted = fit_message(doc)

    saved = fitted.doc["content"]
    assert document_bytes(fitted.doc) <= MAX_MESSAGE_BYTES
    assert document_bytes(fitted.doc) > MAX_MESSAGE_BYTES - 100  # kept all that fits
    assert saved.endswith(
        "[message shortened: the full text (3.0 MB) exceeds the chat history's limit]"
    )
    assert text.startswith(saved.split("\n\n[message shortened")[0])
    assert fitted.changes == ["text of 3.0 MB"]


def test_text_parts_are_shortened_once_images_are_gone() -> None:
    doc = message([{"type": "text", "text": "x" * 2_500_000}, image(500_000)])

    fitted = fit_message(doc)

    parts = fitted.doc["content"]
    assert parts[1] == {"type": "text", "text": "[image omitted: 375 KB]"}
    assert "[message shortened" in parts[0]["text"]
    assert document_bytes(fitted.doc) <= MAX_MESSAGE_BYTES
    json.dumps(fitted.doc)  # still a plain JSON document


async def test_cosmos_refusing_a_large_item_says_so() -> None:
    where = CosmosLocation(endpoint="https://cosmos.example", database="db", container="c")

    with pytest.raises(HistoryUnavailableError) as raised:
        async with translated_errors(where, "saving a message"):
            raise cosmos_errors.CosmosHttpResponseError(status_code=413, message="too large")

    assert "too large (413) while saving a message" in raised.value.message
    assert "2 MB" in raised.value.message

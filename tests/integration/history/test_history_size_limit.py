"""A question with a large inline image: the chat answers, and history saves the message with
the image replaced by a placeholder, the same way on both stores."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from quart.testing import QuartClient

from tests.integration.history.test_history_api import answer_of, parse_lines


def data_url(size: int) -> str:
    # Incompressible-looking bytes, as a real photo's are.
    pattern = bytes(range(256)) * (size // 256 + 1)
    return "data:image/jpeg;base64," + base64.b64encode(pattern[:size]).decode()


def image_question(text: str, *images: str) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"type": "text", "text": text}]
    parts += [{"type": "image_url", "image_url": {"url": url}} for url in images]
    return {"messages": [{"id": "q-photo", "role": "user", "content": parts}]}


async def test_a_question_with_a_large_image_is_answered_and_saved_without_the_image(
    history_client: QuartClient, caplog: pytest.LogCaptureFixture
) -> None:
    small = data_url(20_000)
    caplog.set_level(logging.WARNING, logger="backend.history")
    response = await history_client.post(
        "/history/generate",
        json=image_question("/echo Nice photo", data_url(3_100_000), small),
    )
    lines = parse_lines(await response.get_data())
    conversation_id = lines[0]["history_metadata"]["conversation_id"]
    read = await history_client.post("/history/read", json={"conversation_id": conversation_id})
    saved = (await read.get_json())["messages"]

    assert response.status_code == 200
    assert answer_of(lines) == "Nice photo"
    assert not [line for line in lines if "error" in line]
    assert [m["role"] for m in saved] == ["user", "assistant"]
    assert saved[0]["id"] == "q-photo"
    assert saved[0]["content"] == [
        {"type": "text", "text": "/echo Nice photo"},
        {"type": "text", "text": "[image omitted: 3.1 MB]"},
        {"type": "image_url", "image_url": {"url": small}},  # the small one still fits
    ]
    assert saved[1]["content"] == "Nice photo"
    (warning,) = [r.getMessage() for r in caplog.records if "larger than" in r.getMessage()]
    assert "q-photo" in warning and "an image of 3.1 MB" in warning
    assert "base64" not in warning  # the image itself is never logged


async def test_a_message_that_fits_is_saved_unchanged(history_client: QuartClient) -> None:
    image = data_url(1_000_000)
    response = await history_client.post(
        "/history/generate", json=image_question("/echo ok", image)
    )
    conversation_id = parse_lines(await response.get_data())[0]["history_metadata"][
        "conversation_id"
    ]
    read = await history_client.post("/history/read", json={"conversation_id": conversation_id})

    assert (await read.get_json())["messages"][0]["content"][1]["image_url"]["url"] == image

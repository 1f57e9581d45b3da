"""POST /conversation against the emulator over TLS, with the real openai SDK underneath."""

from __future__ import annotations

import json
from typing import Any

from quart.testing import QuartClient

from tests.support.emulator import EmulatorHandle


def user_turn(text: str) -> dict[str, Any]:
    return {"messages": [{"id": "m1", "role": "user", "content": text, "date": "2026-11-28"}]}


def parse_lines(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


def assistant_text(lines: list[dict[str, Any]]) -> str:
    return "".join(
        message["content"]
        for line in lines
        for message in line.get("choices", [{}])[0].get("messages", [])
        if message["role"] == "assistant"
    )


async def test_streamed_answer_arrives_as_json_lines(
    client: QuartClient, emulator: EmulatorHandle
) -> None:
    response = await client.post("/conversation", json=user_turn("/echo Hello from Azure"))

    assert response.status_code == 200
    assert response.mimetype == "application/json-lines"
    lines = parse_lines(await response.get_data())
    assert assistant_text(lines) == "Hello from Azure"
    assert all("error" not in line for line in lines)


async def test_apim_request_id_is_passed_through(client: QuartClient) -> None:
    response = await client.post("/conversation", json=user_turn("/echo hi"))

    header = response.headers["apim-request-id"]
    lines = parse_lines(await response.get_data())
    assert header
    assert {line["apim-request-id"] for line in lines} == {header}


async def test_lines_follow_the_sample_app_shape(client: QuartClient) -> None:
    response = await client.post(
        "/conversation",
        json={**user_turn("/echo ok"), "history_metadata": {"conversation_id": "c1"}},
    )

    line = parse_lines(await response.get_data())[-1]
    assert set(line) == {
        "id",
        "model",
        "created",
        "object",
        "choices",
        "history_metadata",
        "apim-request-id",
    }
    assert line["history_metadata"] == {"conversation_id": "c1"}
    assert line["object"] == "chat.completion.chunk"


async def test_multiline_markdown_survives_streaming(client: QuartClient) -> None:
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('x')\n```"
    response = await client.post("/conversation", json=user_turn("/echo " + table))

    assert assistant_text(parse_lines(await response.get_data())) == table

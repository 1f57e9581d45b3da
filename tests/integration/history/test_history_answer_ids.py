"""Ids of the messages of one "on your data" answer: what the server saves, what the browsers
send back, and where feedback lands. Runs on both stores."""

from __future__ import annotations

import json
from typing import Any

from quart.testing import QuartClient

from tests.integration.history.conftest import serving
from tests.integration.history.test_history_modes import SEARCH, parse_lines


def streamed_messages(lines: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(line id, message) for every message, as the sample frontend sees them."""
    return [
        (line["id"], message)
        for line in lines
        if "choices" in line
        for message in line["choices"][0]["messages"]
    ]


async def read_messages(client: QuartClient, conversation_id: str) -> list[dict[str, Any]]:
    response = await client.post("/history/read", json={"conversation_id": conversation_id})
    assert response.status_code == 200
    messages: list[dict[str, Any]] = (await response.get_json())["messages"]
    return messages


async def test_each_message_of_an_answer_has_its_own_id_and_feedback_hits_the_answer(
    history_env: dict[str, str],
) -> None:
    question = {"id": "q-leave", "role": "user", "content": "Leave policy?"}
    async with serving({**history_env, **SEARCH}) as client:
        response = await client.post("/history/generate", json={"messages": [question]})
        lines = parse_lines(await response.get_data())
        conversation_id = lines[-1]["history_metadata"]["conversation_id"]
        streamed = streamed_messages(lines)
        (tool,) = [message for _, message in streamed if message["role"] == "tool"]
        answer_line_ids = {line_id for line_id, m in streamed if m["role"] == "assistant"}
        answer = "".join(m["content"] for _, m in streamed if m["role"] == "assistant")
        saved = await read_messages(client, conversation_id)

        # The sample frontend: every message of a line gets that line's id.
        (line_id,) = answer_line_ids
        sample_update = await client.post(
            "/history/update",
            json={
                "conversation_id": conversation_id,
                "messages": [
                    question,
                    {"id": line_id, "role": "tool", "content": tool["content"]},
                    {"id": line_id, "role": "assistant", "content": answer},
                ],
            },
        )
        # This project's frontend: a fresh id for the citations, the line id for the answer.
        own_update = await client.post(
            "/history/update",
            json={
                "conversation_id": conversation_id,
                "messages": [
                    question,
                    {"id": "browser-tool-1", "role": "tool", "content": tool["content"]},
                    {"id": line_id, "role": "assistant", "content": answer},
                ],
            },
        )
        after_updates = await read_messages(client, conversation_id)

        answer_id = saved[2]["id"]
        feedback = await client.post(
            "/history/message_feedback",
            json={"message_id": answer_id, "message_feedback": "positive"},
        )
        after_feedback = await read_messages(client, conversation_id)

    assert [m["role"] for m in saved] == ["user", "tool", "assistant"]
    assert len({m["id"] for m in saved}) == 3, saved
    assert saved[0]["id"] == "q-leave"
    # A live answer's feedback uses the line id (the browser knows nothing else): it must be
    # the saved answer's id, not the citations'.
    assert answer_id == line_id
    assert saved[1]["id"] != line_id
    assert saved[2]["content"] == answer and "[doc1]" in answer

    assert sample_update.status_code == 200 and own_update.status_code == 200
    assert [(m["id"], m["role"], m["content"]) for m in after_updates] == [
        (m["id"], m["role"], m["content"]) for m in saved
    ]

    assert feedback.status_code == 200
    assert [m["feedback"] for m in after_feedback] == ["", "", "positive"]
    assert json.loads(after_feedback[1]["content"])["citations"]


async def test_a_non_streaming_answer_keeps_the_same_ids(history_env: dict[str, str]) -> None:
    env = {**history_env, **SEARCH, "AZURE_OPENAI_STREAM": "false"}
    async with serving(env) as client:
        response = await client.post(
            "/history/generate",
            json={"messages": [{"id": "q-1", "role": "user", "content": "Leave policy?"}]},
        )
        body = await response.get_json()
        conversation_id = body["history_metadata"]["conversation_id"]
        saved = await read_messages(client, conversation_id)
        tool, answer = body["choices"][0]["messages"]
        update = await client.post(
            "/history/update",
            json={
                "conversation_id": conversation_id,
                "messages": [
                    {"id": "q-1", "role": "user", "content": "Leave policy?"},
                    {"id": body["id"], **tool},
                    {"id": body["id"], **answer},
                ],
            },
        )
        after_update = await read_messages(client, conversation_id)

    assert [m["role"] for m in saved] == ["user", "tool", "assistant"]
    assert len({m["id"] for m in saved}) == 3
    assert saved[2]["id"] == body["id"]
    assert update.status_code == 200
    assert [m["id"] for m in after_update] == [m["id"] for m in saved]

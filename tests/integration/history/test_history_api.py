"""The `/history/*` HTTP API through the real app, on SQLite and on the Cosmos DB test server,
with the real openai SDK talking to the Azure OpenAI emulator over TLS."""

from __future__ import annotations

import json
from typing import Any

import pytest
from quart.testing import QuartClient

from tests.support.emulator import EmulatorHandle

ALICE = {"X-Ms-Client-Principal-Id": "alice-id", "X-Ms-Client-Principal-Name": "alice@contoso"}
BOB = {"X-Ms-Client-Principal-Id": "bob-id", "X-Ms-Client-Principal-Name": "bob@contoso"}


def question(text: str, message_id: str = "q-1", **extra: Any) -> dict[str, Any]:
    return {
        "messages": [{"id": message_id, "role": "user", "content": text, "date": "2026-11-28"}],
        **extra,
    }


def parse_lines(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


def answer_of(lines: list[dict[str, Any]]) -> str:
    return "".join(
        message["content"]
        for line in lines
        for message in line.get("choices", [{}])[0].get("messages", [])
        if message["role"] == "assistant"
    )


async def generate(
    client: QuartClient, text: str, headers: dict[str, str] | None = None, **extra: Any
) -> tuple[int, list[dict[str, Any]]]:
    response = await client.post("/history/generate", json=question(text, **extra), headers=headers)
    body = await response.get_data()
    if response.status_code != 200:
        return response.status_code, [json.loads(body)]
    return 200, parse_lines(body)


async def read(client: QuartClient, conversation_id: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return await client.post(
        "/history/read", json={"conversation_id": conversation_id}, headers=headers
    )


async def test_generate_streams_the_answer_and_saves_both_messages(
    history_client: QuartClient,
) -> None:
    status, lines = await generate(history_client, "/echo Bonjour from the model")

    assert status == 200
    assert answer_of(lines) == "Bonjour from the model"
    metadata = lines[-1]["history_metadata"]
    assert set(metadata) == {"conversation_id", "title", "date"}
    assert all(line["history_metadata"] == metadata for line in lines)
    # Saved on the server, without waiting for the browser's /history/update.
    response = await read(history_client, metadata["conversation_id"])
    body = await response.get_json()
    assert [(m["role"], m["content"]) for m in body["messages"]] == [
        ("user", "/echo Bonjour from the model"),
        ("assistant", "Bonjour from the model"),
    ]
    # The answer's id is the one the sample frontend gives it (the line id), so feedback works.
    answer_id = next(line["id"] for line in lines if line["choices"][0]["messages"])
    assert body["messages"][1]["id"] == answer_id
    listed = await (await history_client.get("/history/list")).get_json()
    assert [(c["id"], c["title"]) for c in listed] == [
        (metadata["conversation_id"], metadata["title"])
    ]


async def test_title_is_written_by_the_model(
    history_client: QuartClient, emulator: EmulatorHandle
) -> None:
    emulator.configure(answer_words=3)

    _, lines = await generate(history_client, "How do I rotate the enterprise CA bundle?")

    # The emulator's generated answers start with these words.
    assert lines[-1]["history_metadata"]["title"] == "Azure OpenAI answers"
    title_request = emulator.requests()[-2]["body"]
    assert not title_request.get("stream")
    assert title_request["max_tokens"] <= 64
    assert title_request["messages"][0]["content"] == "How do I rotate the enterprise CA bundle?"
    assert "title" in title_request["messages"][-1]["content"]


async def test_a_conversation_continues_with_its_id(history_client: QuartClient) -> None:
    _, first = await generate(history_client, "/echo one")
    conversation_id = first[-1]["history_metadata"]["conversation_id"]

    status, second = await generate(
        history_client, "/echo two", message_id="q-2", conversation_id=conversation_id
    )

    assert status == 200
    assert second[-1]["history_metadata"]["conversation_id"] == conversation_id
    body = await (await read(history_client, conversation_id)).get_json()
    assert [m["content"] for m in body["messages"]] == ["/echo one", "one", "/echo two", "two"]


async def test_update_from_the_browser_does_not_duplicate_the_saved_answer(
    history_client: QuartClient,
) -> None:
    _, lines = await generate(history_client, "/echo saved once")
    conversation_id = lines[-1]["history_metadata"]["conversation_id"]
    answer_id = next(line["id"] for line in lines if line["choices"][0]["messages"])

    response = await history_client.post(
        "/history/update",
        json={
            "conversation_id": conversation_id,
            "messages": [
                {"id": "q-1", "role": "user", "content": "/echo saved once"},
                {"id": answer_id, "role": "assistant", "content": "saved once"},
            ],
        },
    )

    assert response.status_code == 200
    assert await response.get_json() == {"success": True}
    body = await (await read(history_client, conversation_id)).get_json()
    assert [m["content"] for m in body["messages"]] == ["/echo saved once", "saved once"]


async def test_feedback_round_trip(history_client: QuartClient) -> None:
    settings = await (await history_client.get("/frontend_settings")).get_json()
    assert settings["feedback_enabled"] is True
    _, lines = await generate(history_client, "/echo rate me")
    conversation_id = lines[-1]["history_metadata"]["conversation_id"]
    answer_id = next(line["id"] for line in lines if line["choices"][0]["messages"])

    response = await history_client.post(
        "/history/message_feedback",
        json={"message_id": answer_id, "message_feedback": "positive"},
    )

    assert response.status_code == 200
    assert (await response.get_json())["message_id"] == answer_id
    body = await (await read(history_client, conversation_id)).get_json()
    assert body["messages"][1]["feedback"] == "positive"


async def test_rename_delete_and_clear_over_http(history_client: QuartClient) -> None:
    _, lines = await generate(history_client, "/echo keep")
    conversation_id = lines[-1]["history_metadata"]["conversation_id"]

    renamed = await history_client.post(
        "/history/rename", json={"conversation_id": conversation_id, "title": "Renamed"}
    )
    assert (await renamed.get_json())["title"] == "Renamed"

    cleared = await history_client.post("/history/clear", json={"conversation_id": conversation_id})
    assert cleared.status_code == 200
    assert (await (await read(history_client, conversation_id)).get_json())["messages"] == []

    deleted = await history_client.delete(
        "/history/delete", json={"conversation_id": conversation_id}
    )
    assert deleted.status_code == 200
    assert (await read(history_client, conversation_id)).status_code == 404
    assert await (await history_client.get("/history/list")).get_json() == []


async def test_delete_all_removes_every_conversation_of_the_user(
    history_client: QuartClient,
) -> None:
    for text in ("/echo a", "/echo b"):
        await generate(history_client, text)

    response = await history_client.delete("/history/delete_all")

    assert response.status_code == 200
    assert await (await history_client.get("/history/list")).get_json() == []
    assert (await history_client.delete("/history/delete_all")).status_code == 404


async def test_ensure_and_health_report_the_store(
    history_client: QuartClient, store_kind: str
) -> None:
    ensure = await history_client.get("/history/ensure")
    health = await (await history_client.get("/healthz")).get_json()

    assert ensure.status_code == 200
    assert "configured and working" in (await ensure.get_json())["message"]
    assert health["checks"]["history"]["status"] == "ok"
    assert health["checks"]["history"]["store"] == store_kind


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("POST", "/history/read", {}, "conversation_id is required"),
        ("POST", "/history/read", {"conversation_id": "a/b"}, "conversation_id must be"),
        ("POST", "/history/rename", {"conversation_id": "x"}, "title is required"),
        ("POST", "/history/rename", {"conversation_id": "x", "title": "t" * 256}, "too long"),
        ("POST", "/history/message_feedback", {"message_id": "m"}, "message_feedback is required"),
        (
            "POST",
            "/history/message_feedback",
            {"message_id": "m", "message_feedback": "great"},
            "unknown value 'great'",
        ),
        ("POST", "/history/update", {"conversation_id": "x"}, "messages is required"),
        (
            "POST",
            "/history/update",
            {"conversation_id": "x", "messages": [{"role": "user", "content": "q"}]},
            "No assistant message",
        ),
        ("DELETE", "/history/delete", {}, "conversation_id is required"),
        ("POST", "/history/clear", [], "must be a JSON object"),
        ("GET", "/history/list?offset=-1", None, "offset must be a whole number"),
        (
            "POST",
            "/history/generate",
            {"messages": [{"role": "assistant", "content": "hi"}]},
            "last message must be the user's question",
        ),
    ],
)
async def test_bad_input_gets_a_400_that_says_why(
    history_client: QuartClient,
    method: str,
    path: str,
    body: Any,
    expected: str,
) -> None:
    response = await history_client.open(path, method=method, json=body)

    assert response.status_code == 400
    assert expected in (await response.get_json())["error"]


async def test_unknown_conversation_is_a_404(history_client: QuartClient) -> None:
    for path in ("/history/read", "/history/clear"):
        response = await history_client.post(path, json={"conversation_id": "no-such-id"})
        assert response.status_code == 404
        assert "was not found" in (await response.get_json())["error"]
    status, [body] = await generate(history_client, "/echo hi", conversation_id="no-such-id")
    assert status == 404 and "was not found" in body["error"]

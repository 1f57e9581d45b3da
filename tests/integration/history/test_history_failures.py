"""When the store fails: the user is told, the chat keeps answering, nothing shown is lost."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from quart.testing import QuartClient

from tests.integration.history.conftest import cosmos_env, fresh_database, serving
from tests.support.cosmos import CosmosServerHandle
from tests.support.emulator import EmulatorHandle


def parse_lines(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


def answer_of(lines: list[dict[str, Any]]) -> str:
    return "".join(
        message["content"]
        for line in lines
        if "choices" in line
        for message in line["choices"][0]["messages"]
        if message["role"] == "assistant"
    )


def question(text: str) -> bytes:
    return json.dumps({"messages": [{"id": "q", "role": "user", "content": text}]}).encode()


@pytest.mark.parametrize("store_kind", ["cosmos"])
async def test_a_stopped_cosmos_db_gives_clear_errors_while_chat_still_answers(
    history_env: dict[str, str], own_cosmos_server: CosmosServerHandle
) -> None:
    env = {**history_env, **cosmos_env(own_cosmos_server, await fresh_database(own_cosmos_server))}
    async with serving(env) as client:
        assert (await client.get("/history/ensure")).status_code == 200
        own_cosmos_server.stop()

        listing = await client.get("/history/list")
        ensure = await client.get("/history/ensure")
        generate = await client.post("/history/generate", json=json.loads(question("/echo hi")))
        chat = await client.post(
            "/conversation",
            json={"messages": [{"role": "user", "content": "/echo still answering"}]},
        )
        health = await client.get("/healthz")

    assert listing.status_code == 503
    assert "Could not reach Cosmos DB at https://localhost:" in (await listing.get_json())["error"]
    assert ensure.status_code == 500
    assert "Could not reach Cosmos DB" in (await ensure.get_json())["error"]
    assert generate.status_code == 503
    assert chat.status_code == 200
    assert answer_of(parse_lines(await chat.get_data())) == "still answering"
    history_check = (await health.get_json())["checks"]["history"]
    assert health.status_code == 200  # degraded, still serving chat
    assert history_check["status"] == "degraded"
    assert "Could not reach Cosmos DB" in history_check["message"]


@pytest.mark.parametrize("store_kind", ["cosmos"])
async def test_an_answer_that_cannot_be_saved_ends_with_an_error_line(
    emulator: EmulatorHandle,
    history_env: dict[str, str],
    own_cosmos_server: CosmosServerHandle,
) -> None:
    env = {**history_env, **cosmos_env(own_cosmos_server, await fresh_database(own_cosmos_server))}
    emulator.configure(token_delay=0.05, answer_words=20)
    async with serving(env) as client:
        async with client.request(
            "/history/generate", method="POST", headers={"Content-Type": "application/json"}
        ) as connection:
            await connection.send(question("Tell me something"))
            await connection.send_complete()
            first = await connection.receive()  # the question is saved before the answer starts
            own_cosmos_server.stop()
        lines = parse_lines(first + bytes(connection.response_data))

    assert answer_of(lines).startswith("Azure OpenAI answers")  # the whole answer was shown
    assert "could not be saved to the chat history" in lines[-1]["error"]
    assert "Could not reach Cosmos DB" in lines[-1]["error"]


async def test_an_answer_cut_off_by_the_browser_is_still_saved(
    emulator: EmulatorHandle, history_client: QuartClient
) -> None:
    emulator.configure(token_delay=0.05, answer_words=40)
    async with history_client.request(
        "/history/generate", method="POST", headers={"Content-Type": "application/json"}
    ) as connection:
        await connection.send(question("Tell me a long story"))
        await connection.send_complete()
        received = b""
        while answer_of(parse_lines(received.rsplit(b"\n", 1)[0])).count(" ") < 3:
            received += await connection.receive()
        await connection.disconnect()
    shown = answer_of(parse_lines(received.rsplit(b"\n", 1)[0]))
    conversation_id = parse_lines(received)[0]["history_metadata"]["conversation_id"]

    saved: list[dict[str, Any]] = []
    for _ in range(100):
        response = await history_client.post(
            "/history/read", json={"conversation_id": conversation_id}
        )
        saved = (await response.get_json())["messages"]
        if len(saved) == 2:
            break
        await asyncio.sleep(0.05)

    assert [m["role"] for m in saved] == ["user", "assistant"]
    # At least what the browser showed, and not the whole 40-word answer.
    assert saved[1]["content"].startswith(shown)
    assert len(saved[1]["content"].split()) < 40


@pytest.mark.parametrize("store_kind", ["sqlite"])
async def test_an_unusable_sqlite_path_is_reported_and_chat_still_answers(
    history_env: dict[str, str], tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    env = {
        **history_env,
        "CHAT_HISTORY_STORE": "sqlite",
        "CHAT_HISTORY_SQLITE_PATH": str(not_a_folder / "chat.sqlite3"),
    }
    async with serving(env) as client:
        ensure = await client.get("/history/ensure")
        chat = await client.post(
            "/conversation", json={"messages": [{"role": "user", "content": "/echo fine"}]}
        )
        settings = await (await client.get("/frontend_settings")).get_json()

    assert ensure.status_code == 500
    message = (await ensure.get_json())["error"]
    assert "Cannot open the chat history file" in message
    assert "CHAT_HISTORY_SQLITE_PATH" in message
    assert answer_of(parse_lines(await chat.get_data())) == "fine"
    assert settings["feedback_enabled"] is False


@pytest.mark.parametrize("store_kind", ["cosmos"])
async def test_cosmos_db_is_trusted_only_through_the_enterprise_bundle(
    emulator: EmulatorHandle, history_env: dict[str, str]
) -> None:
    # The bundle lacks the Cosmos DB server's root CA: verification must fail, and say so.
    env = {**history_env, "SSL_CERT_FILE": str(emulator.root_pem)}
    async with serving(env) as client:
        ensure = await client.get("/history/ensure")

    assert ensure.status_code == 500
    message = (await ensure.get_json())["error"]
    assert "failed certificate verification" in message
    assert "SSL_CERT_FILE" in message


def break_store(env: dict[str, str], cosmos: CosmosServerHandle | None) -> None:
    """Make the store fail from now on: Cosmos DB stops; SQLite loses its messages table."""
    if cosmos is not None:
        cosmos.stop()
        return
    with sqlite3.connect(env["CHAT_HISTORY_SQLITE_PATH"], timeout=5) as connection:
        connection.execute("DROP TABLE messages")


async def test_a_non_streaming_answer_that_cannot_be_saved_reports_an_error_beside_it(
    request: pytest.FixtureRequest,
    store_kind: str,
    emulator: EmulatorHandle,
    history_env: dict[str, str],
) -> None:
    env = {**history_env, "AZURE_OPENAI_STREAM": "false", "AZURE_OPENAI_MAX_RETRIES": "1"}
    cosmos: CosmosServerHandle | None = None
    if store_kind == "cosmos":
        cosmos = request.getfixturevalue("own_cosmos_server")
        env.update(cosmos_env(cosmos, await fresh_database(cosmos)))
    async with serving(env) as client:
        first = await client.post("/history/generate", json=json.loads(question("/echo one")))
        conversation_id = (await first.get_json())["history_metadata"]["conversation_id"]
        # The model's first answer is a 429 with Retry-After: the store breaks during the wait.
        emulator.configure(fault="429", fault_count=1, retry_after=1)
        asked = len(emulator.requests())
        pending = asyncio.ensure_future(
            client.post(
                "/history/generate",
                json={**json.loads(question("/echo two")), "conversation_id": conversation_id},
            )
        )
        for _ in range(200):
            if len(emulator.requests()) > asked or pending.done():
                break
            await asyncio.sleep(0.02)
        break_store(env, cosmos)
        response = await pending
        body = await response.get_json()

    assert response.status_code == 200
    assert body["choices"][0]["messages"][-1] == {"role": "assistant", "content": "two"}
    assert "could not be saved to the chat history" in body["error"]

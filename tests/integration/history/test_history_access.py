"""Who may see what: Easy Auth principals, the development user, and a history that is off."""

from __future__ import annotations

import json

from quart.testing import QuartClient

from tests.integration.history.conftest import serving
from tests.support.emulator import EmulatorHandle

ALICE = {"X-Ms-Client-Principal-Id": "alice-id", "X-Ms-Client-Principal-Name": "alice@contoso"}
BOB = {"X-Ms-Client-Principal-Id": "bob-id", "X-Ms-Client-Principal-Name": "bob@contoso"}


def answer_of(body: bytes) -> str:
    lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
    return "".join(
        message["content"]
        for line in lines
        for message in line["choices"][0]["messages"]
        if message["role"] == "assistant"
    )


async def start_conversation(client: QuartClient, headers: dict[str, str]) -> tuple[str, str]:
    response = await client.post(
        "/history/generate",
        json={"messages": [{"id": "q", "role": "user", "content": "/echo private"}]},
        headers=headers,
    )
    lines = [json.loads(line) for line in (await response.get_data()).decode().splitlines()]
    answer_id = next(line["id"] for line in lines if line["choices"][0]["messages"])
    return lines[-1]["history_metadata"]["conversation_id"], answer_id


async def test_signed_in_users_only_reach_their_own_conversations(
    history_env: dict[str, str],
) -> None:
    async with serving({**history_env, "AUTH_ENABLED": "true"}) as client:
        conversation_id, answer_id = await start_conversation(client, ALICE)
        by_id = {"conversation_id": conversation_id}

        attempts = [
            await client.post("/history/read", json=by_id, headers=BOB),
            await client.post("/history/rename", json={**by_id, "title": "x"}, headers=BOB),
            await client.post("/history/clear", json=by_id, headers=BOB),
            await client.delete("/history/delete", json=by_id, headers=BOB),
            await client.post(
                "/history/message_feedback",
                json={"message_id": answer_id, "message_feedback": "negative"},
                headers=BOB,
            ),
            await client.post(
                "/history/update",
                json={**by_id, "messages": [{"id": "z", "role": "assistant", "content": "z"}]},
                headers=BOB,
            ),
        ]

        # 404, never 403: Bob cannot even learn that the id exists.
        assert [response.status_code for response in attempts] == [404] * len(attempts)
        assert await (await client.get("/history/list", headers=BOB)).get_json() == []
        alice_view = await client.post("/history/read", json=by_id, headers=ALICE)
        messages = (await alice_view.get_json())["messages"]
        assert [(m["content"], m["feedback"]) for m in messages] == [
            ("/echo private", ""),
            ("private", ""),
        ]


async def test_without_a_principal_history_is_refused_when_auth_is_on(
    history_env: dict[str, str],
) -> None:
    async with serving({**history_env, "AUTH_ENABLED": "true"}) as client:
        for response in (
            await client.get("/history/list"),
            await client.post(
                "/history/generate", json={"messages": [{"role": "user", "content": "hi"}]}
            ),
        ):
            assert response.status_code == 401
            assert "Sign-in required" in (await response.get_json())["error"]


async def test_the_development_user_exists_only_when_auth_is_off(
    history_env: dict[str, str],
) -> None:
    async with serving({**history_env, "AUTH_ENABLED": "false"}) as client:
        await start_conversation(client, {})
        listed = await (await client.get("/history/list")).get_json()

    assert [c["userId"] for c in listed] == ["00000000-0000-0000-0000-000000000000"]


async def test_history_turned_off_says_so_and_chat_still_answers(
    emulator: EmulatorHandle, history_env: dict[str, str]
) -> None:
    env = {**history_env, "CHAT_HISTORY_STORE": "none"}
    async with serving(env) as client:
        ensure = await client.get("/history/ensure")
        listing = await client.get("/history/list")
        settings = await (await client.get("/frontend_settings")).get_json()
        chat = await client.post(
            "/conversation", json={"messages": [{"role": "user", "content": "/echo still here"}]}
        )
        health = await (await client.get("/healthz")).get_json()

    assert ensure.status_code == 404
    assert "CHAT_HISTORY_STORE=none" in (await ensure.get_json())["error"]
    assert listing.status_code == 404
    assert settings["feedback_enabled"] is False
    assert chat.status_code == 200
    assert answer_of(await chat.get_data()) == "still here"
    assert health["checks"]["history"] == {
        "status": "ok",
        "store": "none",
        "message": "chat history is off",
    }


async def test_feedback_is_off_unless_enabled(history_env: dict[str, str]) -> None:
    env = {**history_env, "AZURE_COSMOSDB_ENABLE_FEEDBACK": "false"}
    async with serving(env) as client:
        settings = await (await client.get("/frontend_settings")).get_json()

    assert settings["feedback_enabled"] is False

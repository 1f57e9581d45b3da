"""What the user gets back: non-streaming answers, model arguments, Entra ID, Defender context."""

from __future__ import annotations

import json
import os
from unittest import mock

from quart import Quart
from quart.testing import QuartClient
from werkzeug.datastructures import Headers

from backend.app import create_app
from tests.conftest import emulator_env, settings_from
from tests.integration.test_chat_streaming import parse_lines, user_turn
from tests.support.emulator import IDENTITY_HEADER, EmulatorHandle


async def answer(env: dict[str, str], body: dict[str, object]) -> tuple[int, bytes, Headers]:
    app: Quart = create_app(settings_from(env))
    async with app.test_app() as test_app:
        response = await test_app.test_client().post("/conversation", json=body)
        return response.status_code, await response.get_data(), response.headers


async def test_non_streaming_answer_is_one_json_object(emulator: EmulatorHandle) -> None:
    env = emulator_env(emulator, AZURE_OPENAI_STREAM="false")
    status, body, headers = await answer(env, user_turn("/echo complete answer"))

    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    payload = json.loads(body)
    assert payload["choices"][0]["messages"] == [
        {"role": "assistant", "content": "complete answer"}
    ]
    assert payload["apim-request-id"] == headers["apim-request-id"]
    assert payload["object"] == "chat.completion"


async def test_configured_model_arguments_reach_azure(emulator: EmulatorHandle) -> None:
    env = emulator_env(
        emulator,
        AZURE_OPENAI_SYSTEM_MESSAGE="You answer in French.",
        AZURE_OPENAI_TEMPERATURE="0.7",
        AZURE_OPENAI_TOP_P="0.9",
        AZURE_OPENAI_MAX_TOKENS="321",
        AZURE_OPENAI_STOP_SEQUENCE="END|STOP",
    )
    status, body, _ = await answer(env, user_turn("/echo one two END three"))

    assert status == 200
    sent = emulator.requests()[-1]["body"]
    assert sent["messages"][0] == {"role": "system", "content": "You answer in French."}
    assert (sent["temperature"], sent["top_p"], sent["max_tokens"]) == (0.7, 0.9, 321)
    assert sent["stop"] == ["END", "STOP"]
    assert sent["stream"] is True
    text = "".join(
        m["content"] for line in parse_lines(body) for m in line["choices"][0]["messages"]
    )
    assert text == "one two "


async def test_citation_tool_messages_from_the_browser_are_not_sent_to_the_model(
    emulator: EmulatorHandle,
) -> None:
    body = {
        "messages": [
            {"role": "user", "content": "first"},
            {"role": "tool", "content": json.dumps({"citations": []})},
            {"role": "assistant", "content": "answer"},
            {"role": "user", "content": "/echo second"},
        ]
    }
    status, _, _ = await answer(emulator_env(emulator), body)

    assert status == 200
    roles = [m["role"] for m in emulator.requests()[-1]["body"]["messages"]]
    assert roles == ["system", "user", "assistant", "user"]


async def test_image_content_is_forwarded_as_multimodal_parts(emulator: EmulatorHandle) -> None:
    image = "data:image/png;base64,iVBORw0KGgo="
    content = [
        {"type": "text", "text": "/echo a picture"},
        {"type": "image_url", "image_url": {"url": image}},
    ]
    status, _, _ = await answer(
        emulator_env(emulator), {"messages": [{"role": "user", "content": content}]}
    )

    assert status == 200
    assert emulator.requests()[-1]["body"]["messages"][1]["content"] == content


async def test_defender_user_context_names_user_and_source_ip(emulator: EmulatorHandle) -> None:
    env = emulator_env(emulator, AUTH_ENABLED="true", UI_TITLE="Contoso Chat")
    app = create_app(settings_from(env))
    async with app.test_app() as test_app:
        client: QuartClient = test_app.test_client()  # type: ignore[assignment]
        await client.post(
            "/conversation",
            json={**user_turn("/echo hi"), "conversation_id": "conv-1"},
            headers={
                "X-Ms-Client-Principal-Id": "user-42",
                "X-Ms-Client-Principal-Idp": "aad",
                "X-Forwarded-For": "203.0.113.9:50123, 10.0.0.1",
            },
        )

    user = json.loads(emulator.requests()[-1]["body"]["user"])
    assert user == {
        "EndUserId": "user-42",
        "EndUserIdType": "EntraId",
        "SourceIp": "203.0.113.9",
        "ApplicationName": "Contoso Chat",
        "ConversationId": "conv-1",
    }


async def test_defender_context_is_not_sent_when_disabled(emulator: EmulatorHandle) -> None:
    env = emulator_env(emulator, MS_DEFENDER_ENABLED="false")
    await answer(env, user_turn("/echo hi"))

    assert "user" not in emulator.requests()[-1]["body"]


async def test_entra_id_token_is_used_when_no_key_is_set(emulator: EmulatorHandle) -> None:
    env = emulator_env(
        emulator,
        AZURE_OPENAI_KEY="",
        # App Service's managed identity endpoint, served by the emulator over TLS.
        IDENTITY_ENDPOINT=emulator.token_endpoint,
        IDENTITY_HEADER=IDENTITY_HEADER,
    )
    # azure-identity reads IDENTITY_ENDPOINT itself, from the process environment.
    with mock.patch.dict(os.environ, env):
        app = create_app(settings_from(env))
        async with app.test_app() as test_app:
            client = test_app.test_client()
            first = await client.post("/conversation", json=user_turn("/echo token one"))
            second = await client.post("/conversation", json=user_turn("/echo token two"))
            first_body, second_body = await first.get_data(), await second.get_data()

    assert first.status_code == second.status_code == 200, first_body
    assert [r["auth"] for r in emulator.requests()[-2:]] == ["bearer", "bearer"]
    # The token is fetched once and cached, not once per request.
    assert emulator.stats()["token_requests"] == 1
    assert "two" in "".join(
        m["content"] for line in parse_lines(second_body) for m in line["choices"][0]["messages"]
    )

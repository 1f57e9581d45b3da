"""Prompt flow mode: the conversation goes to a flow endpoint (a local HTTPS stand-in trusted
through the app's shared TLS context) and comes back in the usual response shape."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from quart.testing import QuartClient

from tests.conftest import emulator_env
from tests.support.app_client import app_client
from tests.support.conversation import (
    assistant_text,
    messages_of,
    parse_lines,
    tool_payloads,
    user_turn,
)
from tests.support.emulator import EmulatorHandle
from tests.support.stand_ins import PROMPTFLOW_KEY, PromptflowStandIn

EARLIER = [
    {"id": "1", "role": "user", "content": "Hi"},
    {"id": "2", "role": "assistant", "content": "Hello, how can I help?"},
]


def flow_env(emulator: EmulatorHandle, url: str, bundle: Path, **overrides: str) -> dict[str, str]:
    return emulator_env(
        emulator,
        USE_PROMPTFLOW="true",
        PROMPTFLOW_ENDPOINT=f"{url}/score",
        PROMPTFLOW_API_KEY=PROMPTFLOW_KEY,
        SSL_CERT_FILE=str(bundle),
        **overrides,
    )


@pytest.fixture
def app_env(
    emulator: EmulatorHandle,
    promptflow_stand_in: tuple[PromptflowStandIn, str],
    trust_bundle: Path,
) -> dict[str, str]:
    return flow_env(emulator, promptflow_stand_in[1], trust_bundle)


async def test_streamed_flow_answer_arrives_as_json_lines_with_citations_first(
    client: QuartClient, emulator: EmulatorHandle
) -> None:
    response = await client.post("/conversation", json=user_turn("Leave policy?", *EARLIER))

    assert response.status_code == 200
    assert response.mimetype == "application/json-lines"
    lines = parse_lines(await response.get_data())
    assert [m["role"] for m in messages_of(lines)] == ["tool", "assistant"]
    assert tool_payloads(lines)[0]["citations"][0]["title"] == "HR handbook"
    assert assistant_text(lines) == "Leave is 25 days a year."
    assert emulator.requests() == []  # the flow answered, not the model


async def test_the_flow_receives_the_question_and_the_chat_history(
    client: QuartClient, promptflow_stand_in: tuple[PromptflowStandIn, str]
) -> None:
    await client.post("/conversation", json=user_turn("Leave policy?", *EARLIER))

    (received,) = promptflow_stand_in[0].received
    assert received.authorization == f"Bearer {PROMPTFLOW_KEY}"
    assert received.body == {
        "query": "Leave policy?",
        "chat_history": [
            {"inputs": {"query": "Hi"}, "outputs": {"reply": "Hello, how can I help?"}}
        ],
    }


async def test_non_streaming_flow_answer_is_one_object(
    emulator: EmulatorHandle,
    promptflow_stand_in: tuple[PromptflowStandIn, str],
    trust_bundle: Path,
) -> None:
    env = flow_env(emulator, promptflow_stand_in[1], trust_bundle, AZURE_OPENAI_STREAM="false")
    async with app_client(env) as client:
        response = await client.post("/conversation", json=user_turn("Leave policy?"))
        body = await response.get_json()

    messages = body["choices"][0]["messages"]
    assert [m["role"] for m in messages] == ["tool", "assistant"]
    assert messages[1]["content"] == "Leave is 25 days a year."


async def test_a_flow_slower_than_the_timeout_gets_a_clear_message(
    emulator: EmulatorHandle,
    promptflow_stand_in: tuple[PromptflowStandIn, str],
    trust_bundle: Path,
) -> None:
    flow, url = promptflow_stand_in
    flow.delay = 3.0
    env = flow_env(emulator, url, trust_bundle, PROMPTFLOW_RESPONSE_TIMEOUT="0.5")

    async with app_client(env) as client:
        started = time.monotonic()
        response = await client.post("/conversation", json=user_turn("Leave policy?"))
        elapsed = time.monotonic() - started

    assert response.status_code == 504
    error = (await response.get_json())["error"]
    assert "prompt flow endpoint did not answer within 0.5 s" in error
    assert "PROMPTFLOW_RESPONSE_TIMEOUT" in error
    assert elapsed < 2.5


async def test_a_failing_flow_is_reported_with_its_status(
    client: QuartClient, promptflow_stand_in: tuple[PromptflowStandIn, str]
) -> None:
    promptflow_stand_in[0].status = 500

    response = await client.post("/conversation", json=user_turn("Leave policy?"))

    assert response.status_code == 502
    assert "prompt flow endpoint failed (HTTP 500)" in (await response.get_json())["error"]


async def test_an_answer_field_the_flow_does_not_have_is_named(
    emulator: EmulatorHandle,
    promptflow_stand_in: tuple[PromptflowStandIn, str],
    trust_bundle: Path,
) -> None:
    env = flow_env(
        emulator, promptflow_stand_in[1], trust_bundle, PROMPTFLOW_RESPONSE_FIELD_NAME="answer"
    )
    async with app_client(env) as client:
        response = await client.post("/conversation", json=user_turn("Leave policy?"))

    assert response.status_code == 502
    error = (await response.get_json())["error"]
    assert "no field 'answer' (it has: documents, reply)" in error
    assert "PROMPTFLOW_RESPONSE_FIELD_NAME" in error

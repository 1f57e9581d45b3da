"""Function calling via Azure Functions: tools listed once at startup, tool calls from the
emulated model run against a local HTTPS stand-in, results fed back, the answer streamed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from quart.testing import QuartClient

from tests.conftest import emulator_env
from tests.support.app_client import app_client
from tests.support.conversation import assistant_text, errors_of, parse_lines, user_turn
from tests.support.emulator import EmulatorHandle
from tests.support.stand_ins import TOOL_KEY, TOOLS_KEY, WEATHER_TOOL, FunctionsStandIn

PREFIX = "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_"


def functions_env(
    emulator: EmulatorHandle, url: str, bundle: Path, **overrides: str
) -> dict[str, str]:
    settings = {
        PREFIX + "ENABLED": "true",
        PREFIX + "TOOLS_BASE_URL": f"{url}/api/tools",
        PREFIX + "TOOLS_KEY": TOOLS_KEY,
        PREFIX + "TOOL_BASE_URL": f"{url}/api/tool",
        PREFIX + "TOOL_KEY": TOOL_KEY,
        "SSL_CERT_FILE": str(bundle),
    }
    return emulator_env(emulator, **{**settings, **overrides})


@pytest.fixture
def app_env(
    emulator: EmulatorHandle, functions_stand_in: tuple[FunctionsStandIn, str], trust_bundle: Path
) -> dict[str, str]:
    return functions_env(emulator, functions_stand_in[1], trust_bundle)


WEATHER_ANSWER = 'The tool get_weather answered: {"city": "Oslo", "sky": "sunny"}'


async def test_streamed_tool_call_runs_the_function_and_streams_the_final_answer(
    client: QuartClient, functions_stand_in: tuple[FunctionsStandIn, str]
) -> None:
    response = await client.post(
        "/conversation", json=user_turn('/tool get_weather {"city": "Oslo"}')
    )

    assert response.status_code == 200
    lines = parse_lines(await response.get_data())
    assert errors_of(lines) == []
    assert assistant_text(lines) == WEATHER_ANSWER
    (run,) = functions_stand_in[0].calls("POST", "/api/tool")
    assert run.query == {"code": TOOL_KEY}
    assert run.body == {"tool_name": "get_weather", "tool_arguments": {"city": "Oslo"}}


async def test_non_streaming_tool_call_returns_the_final_answer(
    emulator: EmulatorHandle, functions_stand_in: tuple[FunctionsStandIn, str], trust_bundle: Path
) -> None:
    env = functions_env(emulator, functions_stand_in[1], trust_bundle, AZURE_OPENAI_STREAM="false")
    async with app_client(env) as client:
        response = await client.post(
            "/conversation", json=user_turn('/tool get_weather {"city": "Oslo"}')
        )
        body = await response.get_json()

    assert response.status_code == 200
    assert body["choices"][0]["messages"] == [{"role": "assistant", "content": WEATHER_ANSWER}]


async def test_tool_definitions_are_fetched_once_at_startup_and_sent_with_each_request(
    client: QuartClient,
    emulator: EmulatorHandle,
    functions_stand_in: tuple[FunctionsStandIn, str],
) -> None:
    for _ in range(3):
        response = await client.post("/conversation", json=user_turn("/echo hi"))
        await response.get_data()

    (listing,) = functions_stand_in[0].calls("GET", "/api/tools")
    assert listing.query == {"code": TOOLS_KEY}
    sent = [request["body"]["tools"] for request in emulator.requests()]
    assert len(sent) == 3
    assert all(tools[0] == WEATHER_TOOL and len(tools) == 3 for tools in sent)


async def test_the_model_sees_its_call_and_the_result_in_the_follow_up_request(
    client: QuartClient, emulator: EmulatorHandle
) -> None:
    response = await client.post(
        "/conversation", json=user_turn('/tool get_weather {"city": "Oslo"}')
    )
    await response.get_data()

    follow_up = emulator.requests()[-1]["body"]["messages"]
    call, result = follow_up[-2], follow_up[-1]
    assert call["role"] == "assistant"
    assert call["tool_calls"][0]["function"] == {
        "name": "get_weather",
        "arguments": '{"city": "Oslo"}',
    }
    assert result == {
        "role": "tool",
        "tool_call_id": call["tool_calls"][0]["id"],
        "content": json.dumps({"city": "Oslo", "sky": "sunny"}),
    }


async def test_an_unknown_tool_ends_the_stream_with_a_clear_error(
    client: QuartClient, functions_stand_in: tuple[FunctionsStandIn, str]
) -> None:
    response = await client.post("/conversation", json=user_turn("/tool launch_rockets {}"))

    (error,) = errors_of(parse_lines(await response.get_data()))
    assert "tool named 'launch_rockets'" in error
    assert "get_weather, broken, slow" in error
    assert functions_stand_in[0].calls("POST", "/api/tool") == []


async def test_a_failing_function_ends_the_stream_with_a_clear_error(client: QuartClient) -> None:
    response = await client.post("/conversation", json=user_turn("/tool broken {}"))

    (error,) = errors_of(parse_lines(await response.get_data()))
    assert "The function for the tool 'broken' failed (HTTP 500)" in error


async def test_a_failing_function_without_streaming_is_an_http_error(
    emulator: EmulatorHandle, functions_stand_in: tuple[FunctionsStandIn, str], trust_bundle: Path
) -> None:
    env = functions_env(emulator, functions_stand_in[1], trust_bundle, AZURE_OPENAI_STREAM="false")
    async with app_client(env) as client:
        response = await client.post("/conversation", json=user_turn("/tool broken {}"))

    assert response.status_code == 502
    assert "failed (HTTP 500)" in (await response.get_json())["error"]


async def test_a_function_slower_than_the_timeout_never_hangs_the_answer(
    emulator: EmulatorHandle, functions_stand_in: tuple[FunctionsStandIn, str], trust_bundle: Path
) -> None:
    env = functions_env(
        emulator, functions_stand_in[1], trust_bundle, **{PREFIX + "TIMEOUT_SECONDS": "0.5"}
    )
    async with app_client(env) as client:
        started = time.monotonic()
        response = await client.post("/conversation", json=user_turn("/tool slow {}"))
        lines = parse_lines(await response.get_data())
        elapsed = time.monotonic() - started

    (error,) = errors_of(lines)
    assert "did not answer within 0.5 s" in error
    assert PREFIX + "TIMEOUT_SECONDS" in error
    assert elapsed < 3


async def test_tools_that_could_not_be_loaded_at_startup_are_explained(
    emulator: EmulatorHandle, functions_stand_in: tuple[FunctionsStandIn, str], trust_bundle: Path
) -> None:
    env = functions_env(
        emulator, functions_stand_in[1], trust_bundle, **{PREFIX + "TOOLS_KEY": "wrong"}
    )
    async with app_client(env) as client:
        chat = await client.post("/conversation", json=user_turn("/echo hi"))
        health = await client.get("/healthz")

    assert chat.status_code == 503
    error = (await chat.get_json())["error"]
    assert "tool definitions could not be loaded at startup" in error
    assert "HTTP 401" in error
    assert (await health.get_json())["checks"]["functions"]["status"] == "failed"
    assert emulator.requests() == []


async def test_an_empty_tool_list_sends_no_tools_argument(
    emulator: EmulatorHandle, functions_stand_in: tuple[FunctionsStandIn, str], trust_bundle: Path
) -> None:
    functions_stand_in[0].tools = []
    async with app_client(functions_env(emulator, functions_stand_in[1], trust_bundle)) as client:
        response = await client.post("/conversation", json=user_turn("/echo plain answer"))
        lines = parse_lines(await response.get_data())

    assert assistant_text(lines) == "plain answer"
    assert "tools" not in emulator.requests()[0]["body"]

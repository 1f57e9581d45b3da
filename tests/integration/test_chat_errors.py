"""Every way a chat request can fail gives the user a specific, safe message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import emulator_env
from tests.integration.test_chat_answers import answer
from tests.integration.test_chat_streaming import parse_lines, user_turn
from tests.support.emulator import EmulatorHandle
from tests.support.processes import free_port


def error_of(body: bytes) -> str:
    return str(json.loads(body)["error"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"messages": []}, "messages: List should have at least 1 item"),
        ({"messages": [{"role": "robot", "content": "hi"}]}, "messages.0.role"),
        ({"nothing": True}, "messages: Field required"),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}],
                    }
                ]
            },
            "images must be sent inline as a base64 data URL",
        ),
        ([1, 2], "must be a JSON object"),
    ],
)
async def test_invalid_body_is_a_400_that_says_what_is_wrong(
    emulator: EmulatorHandle, body: object, expected: str
) -> None:
    status, response, _ = await answer(emulator_env(emulator), body)  # type: ignore[arg-type]

    assert status == 400
    assert expected in error_of(response)
    assert emulator.stats()["requests"] == 0


async def test_wrong_key_names_the_key_setting(emulator: EmulatorHandle) -> None:
    status, body, _ = await answer(
        emulator_env(emulator, AZURE_OPENAI_KEY="not-the-key"), user_turn("hi")
    )

    assert status == 401
    message = error_of(body)
    assert "AZURE_OPENAI_KEY" in message
    assert "not-the-key" not in message


async def test_unknown_deployment_names_the_deployment(emulator: EmulatorHandle) -> None:
    status, body, _ = await answer(
        emulator_env(emulator, AZURE_OPENAI_MODEL="gpt-typo"), user_turn("hi")
    )

    assert status == 404
    assert "'gpt-typo'" in error_of(body)
    assert "AZURE_OPENAI_MODEL" in error_of(body)


async def test_rate_limit_says_when_to_retry(emulator: EmulatorHandle) -> None:
    emulator.configure(fault="429", retry_after=7)
    status, body, headers = await answer(emulator_env(emulator), user_turn("hi"))

    assert status == 429
    assert "rate limited" in error_of(body)
    assert "retry after 7 s" in error_of(body)
    assert headers["Retry-After"] == "7"
    # The id support asks for is passed on even though the request failed.
    assert json.loads(body)["apim-request-id"] == headers["apim-request-id"]
    assert headers["apim-request-id"]


async def test_server_error_is_reported_as_upstream_failure(emulator: EmulatorHandle) -> None:
    emulator.configure(fault="500")
    status, body, _ = await answer(emulator_env(emulator), user_turn("hi"))

    assert status == 502
    assert "Azure OpenAI had an internal error (500)" in error_of(body)


async def test_one_transient_server_error_is_retried_invisibly(emulator: EmulatorHandle) -> None:
    emulator.configure(fault="500", fault_count=1)
    env = emulator_env(emulator, AZURE_OPENAI_MAX_RETRIES="1")
    status, body, _ = await answer(env, user_turn("/echo recovered"))

    assert status == 200
    assert "recovered" in body.decode()


async def test_unreachable_endpoint_is_a_connection_message(emulator: EmulatorHandle) -> None:
    env = emulator_env(emulator, AZURE_OPENAI_ENDPOINT=f"https://localhost:{free_port()}")
    status, body, _ = await answer(env, user_turn("hi"))

    assert status == 502
    assert "Could not connect to Azure OpenAI" in error_of(body)


async def test_untrusted_certificate_points_at_the_trust_settings(
    emulator: EmulatorHandle,
) -> None:
    # Without the private root the emulator's chain cannot be verified, as behind a
    # TLS-inspecting proxy whose CA the app was not given.
    status, body, _ = await answer(emulator_env(emulator, SSL_CERT_FILE=""), user_turn("hi"))

    assert status == 502
    message = error_of(body)
    assert "certificate verification" in message
    assert "SSL_CERT_FILE" in message
    assert "Traceback" not in message


async def test_connection_dropped_mid_stream_ends_with_an_error_line(
    emulator: EmulatorHandle,
) -> None:
    emulator.configure(fault="drop", drop_after_chunks=4)
    status, body, _ = await answer(emulator_env(emulator), user_turn("/echo a b c d e f g h"))

    lines = parse_lines(body)
    assert status == 200
    assert "a " in body.decode()  # what arrived before the drop reached the user
    assert set(lines[-1]) == {"error", "apim-request-id"}
    assert "lost in the middle of the answer" in lines[-1]["error"]
    assert all("error" not in line for line in lines[:-1])


async def test_missing_configuration_names_the_variables(tmp_path: Path) -> None:
    status, body, _ = await answer({"AUTH_ENABLED": "false"}, user_turn("hi"))

    assert status == 500
    assert "AZURE_OPENAI_ENDPOINT" in error_of(body)
    assert "AZURE_OPENAI_MODEL" in error_of(body)

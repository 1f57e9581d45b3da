"""The app as App Service runs it: a real ASGI server process, a real HTTP client."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx2
import pytest

from tests.conftest import emulator_env
from tests.integration.test_chat_streaming import user_turn
from tests.support.app_server import AppHandle, run_app
from tests.support.emulator import EmulatorHandle
from tests.support.processes import wait_until

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served_app(
    emulator_session: EmulatorHandle, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    static = tmp_path_factory.mktemp("static")
    (static / "index.html").write_text("<!doctype html><title>Chat UI</title>")
    (static / "assets").mkdir()
    (static / "assets" / "app-1234.js").write_text("console.log('ui')")
    env = emulator_env(
        emulator_session,
        APP_STATIC_FOLDER=str(static),
        APP_OUTBOUND_MAX_CONNECTIONS="4",
    )
    with run_app(env, tmp_path_factory.mktemp("app")) as app:
        yield app


@pytest.fixture
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client(timeout=30, trust_env=False) as client:
        yield client


def test_first_line_arrives_while_the_model_is_still_answering(
    served_app: AppHandle, emulator: EmulatorHandle, http: httpx2.Client
) -> None:
    emulator.configure(answer_words=30, token_delay=0.1)
    url = f"{served_app.url}/conversation"
    with http.stream("POST", url, json=user_turn("tell me a story")) as response:
        lines = response.iter_lines()
        first = json.loads(next(lines))
        # Nothing is buffered: the first line is here and the emulator has not finished.
        assert emulator.stats()["streams_completed"] == 0
        assert first["apim-request-id"] == response.headers["apim-request-id"]
        rest = [json.loads(line) for line in lines if line]
    assert emulator.stats()["streams_completed"] == 1
    assert len(rest) > 30


def test_closing_the_browser_cancels_the_upstream_request(
    served_app: AppHandle, emulator: EmulatorHandle, http: httpx2.Client
) -> None:
    emulator.configure(answer_words=200, token_delay=0.05)
    with http.stream("POST", f"{served_app.url}/conversation", json=user_turn("long")) as response:
        next(response.iter_lines())
    # The client went away after one line; the app must drop its Azure OpenAI request too,
    # long before the 10 s the full answer would take.
    wait_until(
        lambda: emulator.stats()["streams_aborted"] == 1, timeout=5, what="upstream cancellation"
    )
    assert emulator.stats()["streams_completed"] == 0


def test_requests_reuse_the_pooled_tls_connections(
    served_app: AppHandle, emulator: EmulatorHandle, http: httpx2.Client
) -> None:
    for index in range(12):
        response = http.post(f"{served_app.url}/conversation", json=user_turn(f"/echo {index}"))
        assert response.status_code == 200
    stats = emulator.stats()
    assert stats["requests"] == 12
    # One TLS handshake served all twelve sequential requests: no client is built per request.
    assert stats["tls_connections"] == 1


def test_health_reports_ready_with_the_openai_check(
    served_app: AppHandle, http: httpx2.Client
) -> None:
    response = http.get(f"{served_app.url}/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["ready"] is True
    assert body["checks"]["azure_openai"]["auth"] == "api-key"
    assert "test-emulator-key" not in response.text


def test_frontend_settings_have_the_sample_app_shape(
    served_app: AppHandle, http: httpx2.Client
) -> None:
    body = http.get(f"{served_app.url}/frontend_settings").json()

    assert set(body) == {"auth_enabled", "feedback_enabled", "ui", "sanitize_answer", "oyd_enabled"}
    assert set(body["ui"]) == {
        "title",
        "logo",
        "chat_logo",
        "chat_title",
        "chat_description",
        "favicon",
        "show_share_button",
        "show_chat_history_button",
    }
    assert body["auth_enabled"] is False


def test_built_frontend_and_hashed_assets_are_served(
    served_app: AppHandle, http: httpx2.Client
) -> None:
    index = http.get(f"{served_app.url}/")
    asset = http.get(f"{served_app.url}/assets/app-1234.js")

    assert "Chat UI" in index.text
    assert index.headers["cache-control"] == "no-cache"
    assert asset.text == "console.log('ui')"
    assert "immutable" in asset.headers["cache-control"]
    assert http.get(f"{served_app.url}/assets/../../etc/passwd").status_code == 404


def test_unknown_paths_are_json_404s(served_app: AppHandle, http: httpx2.Client) -> None:
    response = http.get(f"{served_app.url}/no/such/page")

    assert response.status_code == 404
    assert "error" in response.json()


def test_server_log_has_the_startup_line(served_app: AppHandle) -> None:
    wait_until(lambda: "Azure OpenAI: endpoint" in served_app.log(), timeout=5, what="log line")
    assert "test-emulator-key" not in served_app.log()


def test_stream_survives_slow_tokens_without_timeouts(
    served_app: AppHandle, emulator: EmulatorHandle, http: httpx2.Client
) -> None:
    emulator.configure(answer_words=5, token_delay=0.3)
    started = time.monotonic()
    response = http.post(f"{served_app.url}/conversation", json=user_turn("slow"))
    assert response.status_code == 200
    assert time.monotonic() - started >= 1.5
    assert "error" not in response.text

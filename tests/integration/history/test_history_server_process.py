"""Chat history through the real server process (uvicorn, as App Service runs the app)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.support.app_server import AppHandle, run_app
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


@pytest.fixture
def store_kind() -> str:
    return "sqlite"


def answer_of(lines: list[dict[str, Any]]) -> str:
    return "".join(
        message["content"]
        for line in lines
        if "choices" in line
        for message in line["choices"][0]["messages"]
        if message["role"] == "assistant"
    )


def ask(app: AppHandle, text: str) -> list[dict[str, Any]]:
    with httpx2.Client(base_url=app.url, trust_env=False, timeout=30) as client:
        response = client.post(
            "/history/generate", json={"messages": [{"id": "q", "role": "user", "content": text}]}
        )
        response.raise_for_status()
        return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def messages_of(app: AppHandle, conversation_id: str) -> list[dict[str, Any]]:
    with httpx2.Client(base_url=app.url, trust_env=False, timeout=30) as client:
        response = client.post("/history/read", json={"conversation_id": conversation_id})
        response.raise_for_status()
        return list(response.json()["messages"])


def test_history_survives_a_restart_of_the_server(
    history_env: dict[str, str], tmp_path: Path
) -> None:
    with run_app(history_env, tmp_path) as app:
        lines = ask(app, "/echo kept on disk")
    conversation_id = lines[-1]["history_metadata"]["conversation_id"]

    with run_app(history_env, tmp_path) as app:
        with httpx2.Client(base_url=app.url, trust_env=False) as client:
            listed = client.get("/history/list").json()
            ensure = client.get("/history/ensure")
        messages = messages_of(app, conversation_id)

    assert [c["id"] for c in listed] == [conversation_id]
    assert ensure.status_code == 200
    assert [(m["role"], m["content"]) for m in messages] == [
        ("user", "/echo kept on disk"),
        ("assistant", "kept on disk"),
    ]
    assert Path(history_env["CHAT_HISTORY_SQLITE_PATH"]).is_file()


def test_an_answer_the_browser_stopped_reading_is_saved(
    emulator: EmulatorHandle, history_env: dict[str, str], tmp_path: Path
) -> None:
    emulator.configure(token_delay=0.05, answer_words=60)
    with run_app(history_env, tmp_path) as app:
        received: list[dict[str, Any]] = []
        with (
            httpx2.Client(base_url=app.url, trust_env=False, timeout=30) as client,
            client.stream(
                "POST",
                "/history/generate",
                json={"messages": [{"id": "q", "role": "user", "content": "A long one"}]},
            ) as response,
        ):
            for line in response.iter_lines():
                if line.strip():
                    received.append(json.loads(line))
                if len(answer_of(received).split()) >= 5:
                    break  # the tab is closed: the connection goes away mid-answer
        conversation_id = received[0]["history_metadata"]["conversation_id"]

        deadline = time.monotonic() + 10
        messages = messages_of(app, conversation_id)
        while len(messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            messages = messages_of(app, conversation_id)

    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[1]["content"].startswith(answer_of(received))
    assert len(messages[1]["content"].split()) < 60

"""Chat with your data through the app as App Service runs it (a real ASGI server process)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx2
import pytest

from tests.conftest import emulator_env
from tests.support.app_server import AppHandle, run_app
from tests.support.conversation import assistant_text, messages_of, tool_payloads, user_turn
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served_app(
    emulator_session: EmulatorHandle, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    env = emulator_env(
        emulator_session,
        DATASOURCE_TYPE="AzureCognitiveSearch",
        AZURE_SEARCH_SERVICE="contoso-search",
        AZURE_SEARCH_INDEX="handbook",
        AZURE_SEARCH_KEY="search-key-of-the-served-app",
        APP_LOG_LEVEL="DEBUG",
    )
    with run_app(env, tmp_path_factory.mktemp("app")) as app:
        yield app


def test_citations_stream_ahead_of_the_answer_and_the_key_stays_out_of_the_log(
    served_app: AppHandle, emulator: EmulatorHandle
) -> None:
    with httpx2.Client(timeout=30, trust_env=False) as http:
        response = http.post(f"{served_app.url}/conversation", json=user_turn("Leave policy?"))

    lines = [json.loads(line) for line in response.text.splitlines() if line]
    assert response.status_code == 200
    assert messages_of(lines)[0]["role"] == "tool"
    assert len(tool_payloads(lines)[0]["citations"]) == 2
    assert "[doc1]" in assistant_text(lines)
    assert emulator.data_sources()[0][0]["type"] == "azure_search"
    log = served_app.log()
    assert "Chat with your data: Azure AI Search" in log
    assert '"key": "*****"' in log  # the request was logged, masked
    assert "search-key-of-the-served-app" not in log


def test_frontend_settings_report_on_your_data(served_app: AppHandle) -> None:
    with httpx2.Client(timeout=30, trust_env=False) as http:
        settings = http.get(f"{served_app.url}/frontend_settings").json()

    assert settings["oyd_enabled"] is True

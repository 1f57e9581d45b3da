"""With AZURE_OPENAI_STREAM=false the answer arrives as one JSON object, not a stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import browser_app_env
from tests.support.app_server import AppHandle, run_app
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_without_streaming(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    env = browser_app_env(emulator_session, ui_static, AZURE_OPENAI_STREAM="false")
    with run_app(env, tmp_path_factory.mktemp("app-no-stream")) as app:
        yield app


def test_a_whole_answer_is_shown_when_streaming_is_off(
    app_without_streaming: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(app_without_streaming.url)
    box = page.get_by_label("Your question")
    box.fill("/echo Whole answer with a **bold** word")
    box.press("Enter")

    answer = page.get_by_test_id("answer").last
    expect(answer).to_have_text("Whole answer with a bold word", use_inner_text=True)
    expect(answer.locator("strong")).to_have_text("bold")


def test_an_error_is_shown_when_streaming_is_off(
    app_without_streaming: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(fault="429", fault_count=1)
    page.goto(app_without_streaming.url)
    box = page.get_by_label("Your question")
    box.fill("Hello")
    box.press("Enter")

    error = page.get_by_test_id("error-message")
    expect(error).to_contain_text("Azure OpenAI rate limited this request (429)")
    expect(page.get_by_test_id("answer")).to_have_count(0)


def test_html_in_an_answer_is_shown_as_text_when_sanitising_is_off(
    app_without_streaming: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    # SANITIZE_ANSWER is off by default (as in the sample app): HTML is shown, never run.
    page.goto(app_without_streaming.url)
    box = page.get_by_label("Your question")
    box.fill('/echo Look: <img src="x" onerror="window.__xss = 1"> and <b>bold</b>')
    box.press("Enter")

    answer = page.get_by_test_id("answer").last
    expect(answer).to_contain_text('<img src="x" onerror="window.__xss = 1">')
    expect(answer.locator("img")).to_have_count(0)
    expect(answer.locator("b")).to_have_count(0)
    assert page.evaluate("window.__xss") is None

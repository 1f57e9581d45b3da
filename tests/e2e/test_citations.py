"""Chat with your data in the browser: numbered citations, the references list, the panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import browser_app_env, screenshot
from tests.support.app_server import AppHandle, run_app
from tests.support.chat_page import ask
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_on_your_data(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    env = browser_app_env(
        emulator_session,
        ui_static,
        DATASOURCE_TYPE="AzureCognitiveSearch",
        AZURE_SEARCH_SERVICE="contoso-search",
        AZURE_SEARCH_INDEX="handbook",
        AZURE_SEARCH_KEY="search-key-for-browser-tests",
    )
    with run_app(env, tmp_path_factory.mktemp("app-oyd")) as app:
        yield app


def test_citations_become_numbered_references_that_open_in_the_panel(
    app_on_your_data: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(answer_words=16)
    page.goto(app_on_your_data.url)
    ask(page, "What is the leave policy?")

    answer = page.get_by_test_id("answer").last
    # [doc1] and [doc2] are shown as the numbers 1 and 2, never as raw markers.
    expect(answer.get_by_role("button", name="Open citation 1")).to_be_visible()
    expect(answer.get_by_role("button", name="Open citation 2")).to_be_visible()
    expect(answer).not_to_contain_text("[doc")
    expect(answer).to_contain_text("Searched for: What is the leave policy?")

    answer.get_by_role("button", name="2 references").click()
    references = answer.get_by_role("list")
    expect(references.get_by_role("listitem")).to_have_text(["1Document 1", "2Document 2"])

    references.get_by_role("button", name="Document 2").click()
    panel = page.get_by_test_id("citation-panel")
    expect(panel.get_by_role("heading", name="Document 2")).to_be_visible()
    expect(panel).to_contain_text("doc2.md")
    expect(panel.get_by_role("link")).to_have_attribute(
        "href", "https://docs.example.com/handbook/doc2.md"
    )
    expect(panel).to_contain_text(
        "Passage 2 of the handbook index about: What is the leave policy?"
    )
    screenshot(page, "12-citation-panel")

    answer.get_by_role("button", name="Open citation 1").click()
    expect(panel.get_by_role("heading", name="Document 1")).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)


def test_a_follow_up_question_works_after_an_answer_with_citations(
    app_on_your_data: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(answer_words=8)
    page.goto(app_on_your_data.url)
    ask(page, "First question")
    expect(
        page.get_by_test_id("answer").last.get_by_role("button", name="Open citation 1")
    ).to_be_visible()
    ask(page, "Second question")

    expect(page.get_by_test_id("answer")).to_have_count(2)
    expect(page.get_by_test_id("error-message")).to_have_count(0)
    # The browser sent back the tool message, as the sample app's UI does; the app kept it
    # from the model (a tool message answering no tool call is an error on Azure).
    roles = [m["role"] for m in emulator.requests()[-1]["body"]["messages"]]
    assert "tool" not in roles


def test_image_upload_is_not_offered_with_a_data_source(
    app_on_your_data: AppHandle, page: Page
) -> None:
    page.goto(app_on_your_data.url)
    expect(page.get_by_label("Your question")).to_be_visible()
    expect(page.get_by_role("button", name="Attach an image")).to_have_count(0)

"""Chat history and feedback in the browser, against the real app with its SQLite store."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import browser_app_env, screenshot
from tests.support.app_server import AppHandle, run_app
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


PAGE_SIZE = 25


def _serve_with_sqlite_history(
    emulator: EmulatorHandle, ui_static: Path, folder: Path, **settings: str
) -> contextlib.AbstractContextManager[AppHandle]:
    env = browser_app_env(
        emulator,
        ui_static,
        CHAT_HISTORY_STORE="sqlite",
        CHAT_HISTORY_SQLITE_PATH=str(folder / "history.sqlite3"),
        **settings,
    )
    return run_app(env, folder)


@pytest.fixture(scope="module")
def app_with_history(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    folder = tmp_path_factory.mktemp("history")
    with _serve_with_sqlite_history(
        emulator_session, ui_static, folder, AZURE_COSMOSDB_ENABLE_FEEDBACK="true"
    ) as app:
        yield app


@pytest.fixture
def app(app_with_history: AppHandle, emulator: EmulatorHandle, page: Page) -> AppHandle:
    """The app with an empty history, its page open and the history panel shown."""
    emulator.configure(answer_words=12)
    response = page.request.delete(f"{app_with_history.url}/history/delete_all")
    # 404: there was nothing to delete.
    assert response.ok or response.status == 404, response.text()
    open_with_history(page, app_with_history)
    return app_with_history


def open_with_history(page: Page, app: AppHandle) -> None:
    page.goto(app.url)
    page.get_by_role("button", name="Show history").click()
    expect(page.get_by_role("navigation", name="Chat history")).to_be_visible()


def ask(page: Page, text: str) -> None:
    box = page.get_by_label("Your question")
    expect(box).to_be_enabled()
    answers = page.get_by_test_id("answer")
    before = answers.count()
    box.fill(text)
    box.press("Enter")
    expect(answers).to_have_count(before + 1)
    expect(answers.last).not_to_have_attribute("data-streaming", "true")


def history_items(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("history-panel").get_by_role("listitem")


def test_a_new_conversation_is_saved_and_opens_again_after_a_reload(
    app: AppHandle, page: Page
) -> None:
    ask(page, "/echo Saved answer one")
    ask(page, "/echo Saved answer two")
    expect(history_items(page)).to_have_count(1)
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    screenshot(page, "13-history-panel")

    page.reload()
    page.get_by_role("button", name="Show history").click()
    history_items(page).first.get_by_role("button").first.click()

    expect(page.get_by_test_id("user-message")).to_have_text(
        ["/echo Saved answer one", "/echo Saved answer two"]
    )
    expect(page.get_by_test_id("answer")).to_have_text(["Saved answer one", "Saved answer two"])

    # A follow-up continues the same stored conversation instead of starting another.
    ask(page, "/echo Saved answer three")
    expect(history_items(page)).to_have_count(1)


def test_new_chat_starts_a_second_conversation(app: AppHandle, page: Page) -> None:
    ask(page, "/echo First conversation")
    page.get_by_role("button", name="New chat").click()
    ask(page, "/echo Second conversation")

    expect(history_items(page)).to_have_count(2)


def test_renaming_a_conversation_is_kept(app: AppHandle, page: Page) -> None:
    ask(page, "/echo Something to rename")
    item = history_items(page).first
    item.get_by_role("button", name="Rename").click()
    title = page.get_by_label("New conversation title")
    title.fill("Dental plan questions")
    title.press("Enter")
    expect(history_items(page).first).to_contain_text("Dental plan questions")

    open_with_history(page, app)
    expect(history_items(page).first).to_contain_text("Dental plan questions")


def test_deleting_a_conversation_asks_first(app: AppHandle, page: Page) -> None:
    ask(page, "/echo Keep me")
    page.get_by_role("button", name="New chat").click()
    ask(page, "/echo Delete me")
    expect(history_items(page)).to_have_count(2)

    delete = history_items(page).first.get_by_role("button", name="Delete")
    delete.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("deleted for good")
    screenshot(page, "14-delete-confirmation")
    dialog.get_by_role("button", name="Cancel").click()
    expect(history_items(page)).to_have_count(2)

    delete.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(history_items(page)).to_have_count(1)
    # The open conversation was the one deleted: the chat is back to its welcome state.
    expect(page.get_by_test_id("answer")).to_have_count(0)

    open_with_history(page, app)
    expect(history_items(page)).to_have_count(1)


def test_clearing_all_history(app: AppHandle, page: Page) -> None:
    ask(page, "/echo one")
    page.get_by_role("button", name="New chat").click()
    ask(page, "/echo two")

    page.get_by_role("button", name="Clear all chat history").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Clear all").click()

    expect(history_items(page)).to_have_count(0)
    expect(page.get_by_text("No conversations yet")).to_be_visible()
    open_with_history(page, app)
    expect(history_items(page)).to_have_count(0)


def test_the_list_pages_through_many_conversations(app: AppHandle, page: Page) -> None:
    for index in range(PAGE_SIZE + 2):
        response = page.request.post(
            f"{app.url}/history/generate",
            data={"messages": [{"id": f"q{index}", "role": "user", "content": f"/echo {index}"}]},
        )
        assert response.ok, response.text()
    open_with_history(page, app)

    expect(history_items(page)).to_have_count(PAGE_SIZE)
    page.get_by_role("button", name="Load more").click()
    expect(history_items(page)).to_have_count(PAGE_SIZE + 2)
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)


def test_feedback_is_stored_with_the_answer(app: AppHandle, page: Page) -> None:
    ask(page, "/echo First answer")
    ask(page, "/echo Second answer")
    first, second = page.get_by_test_id("answer").all()

    first.get_by_role("button", name="This answer was helpful").click()
    expect(first.get_by_role("button", name="This answer was helpful")).to_have_attribute(
        "aria-pressed", "true"
    )
    second.get_by_role("button", name="This answer was not helpful").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Citations are missing").check()
    dialog.get_by_label("Inaccurate").check()
    screenshot(page, "15-feedback-dialog")
    dialog.get_by_role("button", name="Submit feedback").click()
    expect(dialog).to_have_count(0)

    # Read back from the server: reopen the conversation after a reload.
    open_with_history(page, app)
    history_items(page).first.get_by_role("button").first.click()
    expect(page.get_by_test_id("answer")).to_have_count(2)
    first, second = page.get_by_test_id("answer").all()
    expect(first.get_by_role("button", name="This answer was helpful")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(second.get_by_role("button", name="This answer was not helpful")).to_have_attribute(
        "aria-pressed", "true"
    )
    conversation_id = page.evaluate(
        "fetch('/history/list?offset=0').then(r => r.json()).then(list => list[0].id)"
    )
    stored = page.request.post(
        f"{app.url}/history/read", data={"conversation_id": conversation_id}
    ).json()
    feedback = [m.get("feedback") for m in stored["messages"] if m["role"] == "assistant"]
    assert feedback == ["positive", "missing_citation,inaccurate_or_irrelevant"]


def test_reporting_inappropriate_content(app: AppHandle, page: Page) -> None:
    ask(page, "/echo Something offensive")
    page.get_by_role("button", name="This answer was not helpful").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Report inappropriate content").click()
    expect(dialog.get_by_role("heading")).to_have_text("Report inappropriate content")
    dialog.get_by_label("Hate speech, stereotyping, demeaning").check()
    dialog.get_by_role("button", name="Submit feedback").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="This answer was not helpful")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_clear_chat_empties_the_stored_conversation(app: AppHandle, page: Page) -> None:
    ask(page, "/echo Forget this")
    page.get_by_role("button", name="Clear chat").click()
    expect(page.get_by_test_id("answer")).to_have_count(0)

    open_with_history(page, app)
    history_items(page).first.get_by_role("button").first.click()
    expect(page.get_by_role("heading", name="Start chatting")).to_be_visible()
    expect(page.get_by_test_id("user-message")).to_have_count(0)


@pytest.fixture(scope="module")
def app_hiding_the_history_button(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    folder = tmp_path_factory.mktemp("history-hidden")
    with _serve_with_sqlite_history(
        emulator_session, ui_static, folder, UI_SHOW_CHAT_HISTORY_BUTTON="false"
    ) as app:
        yield app


def test_the_history_button_follows_its_setting(
    app_hiding_the_history_button: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(app_hiding_the_history_button.url)
    ask(page, "/echo still saved")

    expect(page.get_by_role("button", name="Show history")).to_have_count(0)
    # Hidden is not off: the conversation was saved all the same.
    listed = page.request.get(f"{app_hiding_the_history_button.url}/history/list?offset=0")
    assert len(listed.json()) == 1


def test_on_a_phone_opening_a_conversation_closes_the_panel_over_it(
    app: AppHandle, page: Page
) -> None:
    ask(page, "/echo Read me on a phone")
    page.get_by_role("button", name="New chat").click()
    page.set_viewport_size({"width": 390, "height": 800})
    expect(page.get_by_test_id("history-panel")).to_be_visible()  # opened by the fixture
    screenshot(page, "17-phone-history")
    history_items(page).first.get_by_role("button").first.click()

    expect(page.get_by_test_id("history-panel")).to_have_count(0)
    expect(page.get_by_test_id("answer")).to_have_text("Read me on a phone")

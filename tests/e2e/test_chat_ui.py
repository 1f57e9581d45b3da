"""The chat in a real browser against the real app and the Azure OpenAI emulator."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import UI_SETTINGS, screenshot
from tests.support.app_server import AppHandle
from tests.support.chat_page import ask, last_answer
from tests.support.emulator import EmulatorHandle
from tests.support.images import solid_png
from tests.support.processes import wait_until

pytestmark = pytest.mark.slow


def test_settings_set_the_title_logo_and_welcome_text(served_app: AppHandle, page: Page) -> None:
    page.goto(served_app.url)

    expect(page.get_by_role("heading", level=1)).to_have_text(UI_SETTINGS["UI_TITLE"])
    expect(page).to_have_title(UI_SETTINGS["UI_TITLE"])
    expect(page.get_by_role("heading", name=UI_SETTINGS["UI_CHAT_TITLE"])).to_be_visible()
    expect(page.get_by_text(UI_SETTINGS["UI_CHAT_DESCRIPTION"])).to_be_visible()
    logo = page.locator("header img")
    expect(logo).to_have_attribute("src", "/test-logo.svg")
    # The configured logo really loaded (a broken image has no natural width).
    page.wait_for_function("document.querySelector('header img').naturalWidth > 0")
    expect(page.locator("link[rel~='icon']")).to_have_attribute("href", "/test-logo.svg")
    screenshot(page, "01-welcome")


def test_answer_streams_in_as_it_is_generated(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(answer_words=60, token_delay=0.04)
    page.goto(served_app.url)
    ask(page, "Tell me about the benefits")

    answer = last_answer(page)
    expect(answer).to_have_attribute("data-streaming", "true")
    expect(page.get_by_label("Your question")).to_be_disabled()
    # Text appears while the answer is still streaming, then keeps growing.
    expect(answer).not_to_have_text("")
    first_length = len(answer.inner_text())
    screenshot(page, "02-streaming")
    expect(answer).not_to_have_attribute("data-streaming", "true", timeout=20_000)
    assert len(answer.inner_text()) > first_length
    expect(page.get_by_test_id("user-message")).to_have_text("Tell me about the benefits")
    expect(page.get_by_label("Your question")).to_be_enabled()
    expect(page.get_by_label("Your question")).to_be_focused()
    screenshot(page, "03-answered")


def test_shift_enter_adds_a_line_and_enter_sends(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(served_app.url)
    box = page.get_by_label("Your question")
    box.type("/echo first line")
    box.press("Shift+Enter")
    box.type("second line")
    expect(page.get_by_test_id("user-message")).to_have_count(0)
    box.press("Enter")

    expect(page.get_by_test_id("user-message")).to_have_text("/echo first line\nsecond line")
    expect(last_answer(page)).to_contain_text("first line")


def test_stop_generating_ends_the_answer_and_the_upstream_request(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(answer_words=400, token_delay=0.05)
    page.goto(served_app.url)
    ask(page, "Write a very long story")
    answer = last_answer(page)
    expect(answer).not_to_have_text("")

    page.get_by_role("button", name="Stop generating").click()

    expect(answer.get_by_text("Stopped before the answer was complete.")).to_be_visible()
    expect(page.get_by_role("button", name="Stop generating")).to_have_count(0)
    expect(page.get_by_label("Your question")).to_be_enabled()
    time.sleep(0.3)  # words received before the stop may still be rendering (deferred)
    stopped_text = answer.inner_text()
    time.sleep(0.7)
    assert answer.inner_text() == stopped_text, "text kept arriving after Stop"
    # The app gave up the Azure OpenAI request too, instead of streaming on for nobody.
    wait_until(lambda: emulator.stats()["streams_aborted"] >= 1, timeout=5, what="upstream abort")
    screenshot(page, "04-stopped")

    # The chat still works after a stop.
    emulator.configure(answer_words=5, token_delay=0.0)
    ask(page, "/echo still here")
    expect(last_answer(page)).to_contain_text("still here")


def test_markdown_table_and_highlighted_code_render(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    markdown = (
        "/echo Plans compared:\n\n"
        "| Plan | Deductible |\n| --- | --- |\n| Basic | $1,000 |\n| Plus | $500 |\n\n"
        "```python\ndef total(a: int, b: int) -> int:\n    return a + b  # sum\n```\n\n"
        "- first point\n- second point\n"
    )
    page.goto(served_app.url)
    ask(page, markdown)

    answer = last_answer(page)
    table = answer.locator("table")
    expect(table.locator("th")).to_have_text(["Plan", "Deductible"])
    expect(table.locator("tbody tr")).to_have_count(2)
    code = answer.locator("pre code.language-python")
    expect(code).to_contain_text("def total(a: int, b: int) -> int:")
    expect(code.locator(".hljs-keyword").first).to_have_text("def")
    expect(answer.locator("ul li")).to_have_text(["first point", "second point"])
    screenshot(page, "05-markdown")


def test_script_in_an_answer_does_not_run(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    payload = (
        '/echo Hello <img src="x" onerror="window.__xss = 1">'
        "<script>window.__xss = 2</script>"
        '<a href="javascript:window.__xss = 3">click me</a>'
        " [also me](javascript:window.__xss=4) <b>bold stays</b>"
    )
    page.goto(served_app.url)
    ask(page, payload)

    answer = last_answer(page)
    expect(answer).to_contain_text("Hello")
    expect(answer.locator("b")).to_have_text("bold stays")
    expect(answer.locator("script")).to_have_count(0)
    expect(answer.locator("[onerror]")).to_have_count(0)
    for link in answer.locator("a").all():
        assert not re.match(r"\s*javascript:", link.get_attribute("href") or "", re.I)
        link.click(modifiers=["Control"], no_wait_after=True)
    time.sleep(0.3)
    assert page.evaluate("window.__xss") is None
    screenshot(page, "06-xss-neutralised")


def test_backend_error_is_shown_as_a_readable_message(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(fault="500", fault_count=1)
    page.goto(served_app.url)
    ask(page, "Hello?")

    error = page.get_by_test_id("error-message")
    expect(error).to_contain_text("The answer could not be completed")
    expect(error).to_contain_text("Azure OpenAI had an internal error (500)")
    expect(page.get_by_label("Your question")).to_be_enabled()
    screenshot(page, "07-error")

    # The next question works: the failed one left no broken state behind.
    ask(page, "/echo recovered")
    expect(last_answer(page)).to_have_text(re.compile("recovered"))


def test_answer_cut_mid_stream_keeps_its_text_and_shows_the_request_id(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(fault="drop", drop_after_chunks=6, fault_count=1, answer_words=50)
    page.goto(served_app.url)
    ask(page, "Tell me a story")

    error = page.get_by_test_id("error-message")
    expect(error).to_contain_text("lost in the middle of the answer")
    expect(error).to_contain_text("Request ID:")
    expect(error.locator("code")).not_to_have_text("")
    expect(last_answer(page)).not_to_have_text("")
    screenshot(page, "07b-error-mid-stream")


def test_new_chat_returns_to_the_welcome_state(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(served_app.url)
    ask(page, "/echo one")
    expect(last_answer(page)).to_contain_text("one")

    page.get_by_role("button", name="New chat").click()

    expect(page.get_by_role("heading", name=UI_SETTINGS["UI_CHAT_TITLE"])).to_be_visible()
    expect(page.get_by_test_id("answer")).to_have_count(0)


def test_follow_up_questions_send_the_whole_conversation(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(served_app.url)
    ask(page, "/echo first answer")
    expect(last_answer(page)).to_contain_text("first answer")
    ask(page, "/echo second answer")
    expect(last_answer(page)).to_contain_text("second answer")

    sent = emulator.requests()[-1]["body"]["messages"]
    contents = [(m["role"], m["content"]) for m in sent if m["role"] != "system"]
    assert contents == [
        ("user", "/echo first answer"),
        ("assistant", "first answer"),
        ("user", "/echo second answer"),
    ]


def test_an_uploaded_image_is_resized_and_sent_with_the_question(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(served_app.url)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "scan.png", "mimeType": "image/png", "buffer": solid_png(2400, 1200)}]
    )
    expect(page.get_by_role("img", name="Image to send with the question")).to_be_visible()
    ask(page, "/echo I see a blue picture")
    expect(last_answer(page)).to_contain_text("I see a blue picture")

    content = emulator.requests()[-1]["body"]["messages"][-1]["content"]
    assert content[0] == {"type": "text", "text": "/echo I see a blue picture"}
    url = content[1]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    sent = page.get_by_role("img", name="Image sent with the question")
    # Scaled in the browser to 1024 px on the long side, keeping the 2:1 shape.
    assert sent.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1024, 512]
    screenshot(page, "11-image-question")


def test_a_network_failure_is_explained_and_the_chat_recovers(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(served_app.url)
    # The connection fails in the browser, as when Wi-Fi drops; the server never sees it.
    page.route("**/conversation", lambda route: route.abort("internetdisconnected"))
    ask(page, "Are you there?")

    expect(page.get_by_test_id("error-message")).to_contain_text("Could not reach the server")
    page.unroute("**/conversation")
    ask(page, "/echo back online")
    expect(last_answer(page)).to_contain_text("back online")


def test_copy_puts_the_answer_markdown_on_the_clipboard(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_app.url)
    page.goto(served_app.url)
    ask(page, "/echo Copy **this** answer")
    expect(last_answer(page)).to_contain_text("Copy this answer")

    page.get_by_role("button", name="Copy answer").click()

    expect(page.get_by_role("status").filter(has_text="Answer copied")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == "Copy **this** answer"


def test_share_offers_the_apps_address_to_copy(served_app: AppHandle, page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_app.url)
    page.goto(served_app.url)
    page.get_by_role("button", name="Share").click()

    dialog = page.get_by_role("dialog", name="Share this app")
    expect(dialog.get_by_label("Address")).to_have_value(f"{served_app.url}/")
    dialog.get_by_role("button", name="Copy address").click()
    expect(dialog).to_contain_text("Copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == f"{served_app.url}/"
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)

"""Layout and scrolling in a real browser: phone width, following a streaming answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.support.app_server import AppHandle
from tests.support.chat_page import ask, last_answer
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


def test_phone_width_layout_keeps_the_chat_usable(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(served_app.url)
    table = "| a | b |\n| - | - |\n| 1 | 2 |"
    ask(page, f"/echo {table}\n\nA fairly long sentence that must wrap on a phone.")
    expect(last_answer(page)).to_contain_text("must wrap")

    # Nothing is wider than the screen: no sideways scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_label("Your question")).to_be_in_viewport()
    screenshot(page, "08-phone")


def test_the_view_follows_a_long_answer_as_it_streams(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(answer_words=900, token_delay=0.002)
    page.set_viewport_size({"width": 1000, "height": 600})
    page.goto(served_app.url)
    ask(page, "Tell me everything")
    answer = last_answer(page)
    expect(answer).not_to_have_attribute("data-streaming", "true", timeout=20_000)

    scroller = page.get_by_role("log", name="Conversation").locator("xpath=..")
    # The last words render a moment after the stream ends (deferred rendering): give the view
    # that moment to follow them.
    page.wait_for_function(
        "() => { const s = document.querySelector('[role=log]').parentElement;"
        " return s.scrollHeight - s.scrollTop - s.clientHeight < 5; }",
        timeout=3_000,
    )
    # The answer is taller than the view, so following it really meant scrolling.
    assert answer.evaluate("a => a.offsetHeight") > scroller.evaluate("s => s.clientHeight")


def test_scrolling_up_while_it_streams_keeps_the_view_where_the_reader_is(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    emulator.configure(answer_words=700, token_delay=0.006)
    page.set_viewport_size({"width": 1000, "height": 600})
    page.goto(served_app.url)
    ask(page, "Tell me everything")
    answer = last_answer(page)
    scroller = page.get_by_role("log", name="Conversation").locator("xpath=..")
    # Wait until the answer fills more than the view, then scroll up to read.
    page.wait_for_function(
        "() => { const s = document.querySelector('[role=log]').parentElement;"
        " return s.scrollHeight > s.clientHeight + 400; }"
    )
    scroller.hover()
    page.mouse.wheel(0, -300)
    expect(answer).not_to_have_attribute("data-streaming", "true", timeout=20_000)

    gap = scroller.evaluate("s => s.scrollHeight - s.scrollTop - s.clientHeight")
    assert gap > 300, "the view jumped back to the bottom while the reader was scrolled up"

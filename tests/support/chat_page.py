"""Driving the chat page in browser tests: asking a question, finding the last answer."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


def ask(page: Page, text: str) -> None:
    """Type a question and send it with Enter, as a reader would."""
    box = page.get_by_label("Your question")
    box.fill(text)
    box.press("Enter")


def last_answer(page: Page) -> Locator:
    return page.get_by_test_id("answer").last

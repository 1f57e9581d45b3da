"""Browser fixtures: the real app (uvicorn) with the built UI, the emulator, and Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.conftest import emulator_env
from tests.support.app_server import AppHandle, run_app
from tests.support.browser import CHROMIUM_ARGS, SCREENSHOTS, require_chromium, static_copy_with
from tests.support.emulator import EmulatorHandle

TEST_LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">
<rect width="40" height="40" rx="8" fill="#0f6cbd"/>
<path d="M10 28 20 10l10 18z" fill="#fff"/></svg>"""

UI_SETTINGS = {
    "UI_TITLE": "Contoso Benefits",
    "UI_LOGO": "/test-logo.svg",
    "UI_CHAT_TITLE": "Ask about your benefits",
    "UI_CHAT_DESCRIPTION": "Answers come from the Contoso benefits handbook.",
    "UI_FAVICON": "/test-logo.svg",
    "SANITIZE_ANSWER": "true",
}


# Module scope, not session: while sync Playwright is open its event loop counts as running
# in this thread, and the asyncio tests that run after the browser tests could not start theirs.
@pytest.fixture(scope="module")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    chromium = require_chromium()
    browser = playwright_session.chromium.launch(
        executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


def browser_app_env(emulator: EmulatorHandle, static: Path, **overrides: str) -> dict[str, str]:
    """The app's settings for a browser test: the emulator, the built UI, and no chat history
    unless the test asks for it (the default store would otherwise be a SQLite file in the
    repository, shared by every test)."""
    return emulator_env(
        emulator, APP_STATIC_FOLDER=str(static), **{"CHAT_HISTORY_STORE": "none", **overrides}
    )


@pytest.fixture(scope="session")
def ui_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return static_copy_with({"test-logo.svg": TEST_LOGO}, tmp_path_factory.mktemp("ui") / "static")


@pytest.fixture(scope="module")
def served_app(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    env = browser_app_env(emulator_session, ui_static, **UI_SETTINGS)
    with run_app(env, tmp_path_factory.mktemp("app")) as app:
        yield app


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 820})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    # An uncaught error in the page is a bug a reader would hit, whatever the test checked.
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"uncaught errors in the page: {errors}"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Finished animations: a dialog caught mid fade-in would look washed out.
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), animations="disabled")

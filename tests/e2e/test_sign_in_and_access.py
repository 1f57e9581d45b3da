"""Sign-in states, keyboard use and high contrast, in a real browser against the real app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import browser_app_env, screenshot
from tests.support.app_server import AppHandle, run_app
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow

AUTH_PAGE_TITLE = "Authentication not configured"
# Records whether the sign-in page was ever in the document, even for a single frame.
WATCH_FOR_AUTH_PAGE = (
    "window.__authPageSeen = false;\n"
    "new MutationObserver(() => {\n"
    f"  if (document.body && document.body.innerText.includes({json.dumps(AUTH_PAGE_TITLE)}))\n"
    "    window.__authPageSeen = true;\n"
    "}).observe(document, {subtree: true, childList: true, characterData: true});\n"
)


@pytest.fixture(scope="module")
def app_with_sign_in(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    env = browser_app_env(
        emulator_session,
        ui_static,
        AUTH_ENABLED="true",
        UI_SHOW_SHARE_BUTTON="false",
    )
    with run_app(env, tmp_path_factory.mktemp("app-auth")) as app:
        yield app


def test_sign_in_required_without_a_provider_explains_what_to_set_up(
    app_with_sign_in: AppHandle, page: Page
) -> None:
    # Outside App Service nothing answers /.auth/me: nobody can be signed in.
    page.goto(app_with_sign_in.url)

    expect(page.get_by_role("heading", name=AUTH_PAGE_TITLE)).to_be_visible()
    expect(page.get_by_text("add an identity provider")).to_be_visible()
    expect(page.get_by_label("Your question")).to_have_count(0)
    screenshot(page, "09-auth-required")


def test_signed_in_people_never_see_the_sign_in_page(
    app_with_sign_in: AppHandle, page: Page
) -> None:
    # App Service's authentication front end answers /.auth/me; stand in for it here.
    def signed_in(route: Route) -> None:
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps([{"user_id": "ada@contoso.com", "provider_name": "aad"}]),
        )

    page.route("**/.auth/me", signed_in)
    page.add_init_script(WATCH_FOR_AUTH_PAGE)
    page.goto(app_with_sign_in.url)

    expect(page.get_by_label("Your question")).to_be_visible()
    assert page.evaluate("window.__authPageSeen") is False
    # UI_SHOW_SHARE_BUTTON=false hides the share button.
    expect(page.get_by_role("button", name="Share")).to_have_count(0)


def test_the_chat_works_from_the_keyboard_alone(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.goto(served_app.url)
    box = page.get_by_label("Your question")
    expect(box).to_be_focused()
    page.keyboard.type("/echo typed without a mouse")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("answer").last).to_contain_text("typed without a mouse")

    # Every control is reachable with Tab and has an accessible name.
    names = []
    for _ in range(12):
        page.keyboard.press("Tab")
        names.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.getAttribute('aria-label') || e.innerText || e.id || e.tagName; })()"
            )
        )
    assert "Copy answer" in names
    assert "New chat" in names
    assert all(name.strip() for name in names), names


def test_high_contrast_mode_keeps_the_chat_readable(
    served_app: AppHandle, emulator: EmulatorHandle, page: Page
) -> None:
    page.emulate_media(forced_colors="active")
    page.goto(served_app.url)
    page.get_by_label("Your question").fill("/echo Contrast **matters** with `code`")
    page.get_by_label("Your question").press("Enter")
    expect(page.get_by_test_id("answer").last).to_contain_text("Contrast matters")

    border = page.get_by_test_id("answer").last.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "solid"
    screenshot(page, "10-high-contrast")


def test_a_tooltip_leaves_the_rest_of_the_page_visible(served_app: AppHandle, page: Page) -> None:
    page.goto(served_app.url)
    page.get_by_role("button", name="New chat").hover()
    expect(page.get_by_role("tooltip")).to_have_text("New chat")

    # The title is still what the reader sees at its place: no layer was put over the page.
    title = page.get_by_role("heading", level=1)
    box = title.bounding_box()
    assert box is not None
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.textContent",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == title.text_content()

"""A TLS trust failure reaches the browser as a message that says what to fix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from playwright.sync_api import Page, expect

from tests.e2e.conftest import browser_app_env, screenshot
from tests.support.app_server import AppHandle, run_app
from tests.support.emulator import EmulatorHandle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_trusting_the_wrong_ca(
    emulator_session: EmulatorHandle, ui_static: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppHandle]:
    # A valid enterprise bundle, but of another CA than the one that signed the emulator.
    bundle = tmp_path_factory.mktemp("wrong-bundle") / "ca_root_certs.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    env = browser_app_env(emulator_session, ui_static, SSL_CERT_FILE=str(bundle))
    with run_app(env, tmp_path_factory.mktemp("app-wrong-ca")) as app:
        yield app


def test_an_untrusted_certificate_is_explained_in_the_chat(
    app_trusting_the_wrong_ca: AppHandle, page: Page
) -> None:
    page.goto(app_trusting_the_wrong_ca.url)
    box = page.get_by_label("Your question")
    box.fill("Hello")
    box.press("Enter")

    error = page.get_by_test_id("error-message")
    expect(error).to_contain_text("certificate")
    expect(error).to_contain_text("SSL_CERT_FILE")
    # The command to run is shown as code, without the backticks around it.
    expect(error.locator("code").first).to_have_text("python -m backend.trust doctor")
    expect(page.get_by_label("Your question")).to_be_enabled()
    screenshot(page, "16-trust-error")

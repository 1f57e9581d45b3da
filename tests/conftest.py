"""Fixtures shared by every test: a clean environment and the Azure OpenAI emulator."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from unittest import mock

import pytest
from quart import Quart
from quart.testing import QuartClient

from backend.app import create_app
from backend.settings import AppSettings, load_settings
from tests.support.emulator import EmulatorHandle, run_emulator
from tests.support.environment import is_app_variable


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if is_app_variable(name):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def emulator_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorHandle]:
    with run_emulator(tmp_path_factory.mktemp("emulator")) as handle:
        yield handle


@pytest.fixture
def emulator(emulator_session: EmulatorHandle) -> EmulatorHandle:
    emulator_session.reset()
    return emulator_session


def emulator_env(emulator: EmulatorHandle, **overrides: str) -> dict[str, str]:
    """Settings that point the app at the emulator and trust its private root CA."""
    env = {
        "AZURE_OPENAI_ENDPOINT": emulator.endpoint,
        "AZURE_OPENAI_MODEL": emulator.deployment,
        "AZURE_OPENAI_KEY": emulator.api_key,
        "AZURE_OPENAI_MAX_RETRIES": "0",
        "SSL_CERT_FILE": str(emulator.root_pem),
        "AUTH_ENABLED": "false",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value != ""}


def settings_from(env: dict[str, str]) -> AppSettings:
    with mock.patch.dict(os.environ, env):
        return load_settings(env_file=None)


@pytest.fixture
def app_env(emulator: EmulatorHandle) -> dict[str, str]:
    return emulator_env(emulator)


@contextlib.asynccontextmanager
async def serving_app(env: dict[str, str]) -> AsyncIterator[Quart]:
    """The app built from `env`, with its serving lifecycle (clients, stores) running."""
    application = create_app(settings_from(env))
    async with application.test_app() as test_app:
        yield test_app.app  # type: ignore[misc]


@pytest.fixture
async def app(app_env: dict[str, str]) -> AsyncIterator[Quart]:
    async with serving_app(app_env) as application:
        yield application


@pytest.fixture
def client(app: Quart) -> QuartClient:
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parents[1]

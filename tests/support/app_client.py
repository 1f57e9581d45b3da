"""The real app (startup and shutdown included) with a test client, for one set of settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from quart.testing import QuartClient

from backend.app import create_app
from tests.conftest import settings_from


@asynccontextmanager
async def app_client(env: dict[str, str]) -> AsyncIterator[QuartClient]:
    app = create_app(settings_from(env))
    async with app.test_app() as test_app:
        yield test_app.test_client()  # type: ignore[misc]

"""Shared pytest fixtures for the trust tests (imported by the trust conftest files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .pki import NOW, Issued, PrivatePKI, make_ca
from .tls_server import https_server


@pytest.fixture(scope="session")
def pki() -> PrivatePKI:
    return PrivatePKI.create()


@pytest.fixture(scope="session")
def other_pki() -> PrivatePKI:
    """An unrelated CA: stands in for 'the public roots' or a wrong enterprise CA."""
    return PrivatePKI.create("Fabrikam Public Root")


@pytest.fixture(scope="session")
def expired_ca() -> Issued:
    return make_ca(
        "Expired Root",
        not_before=NOW - dt.timedelta(days=400),
        not_after=NOW - dt.timedelta(days=10),
    )


@pytest.fixture(scope="session")
def future_ca() -> Issued:
    return make_ca(
        "Future Root",
        not_before=NOW + dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=400),
    )


@pytest.fixture(scope="session")
def pki_files(pki: PrivatePKI, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return pki.write(tmp_path_factory.mktemp("pki"))


@pytest.fixture
async def tls_server(pki_files: tuple[Path, Path, Path]) -> AsyncIterator[str]:
    _, chain, key = pki_files
    async with https_server(chain, key) as url:
        yield url

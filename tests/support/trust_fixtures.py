"""Shared pytest fixtures for the trust tests (imported by the trust conftest files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from .pki import NOW, Issued, PrivatePKI, make_ca
from .tls_server import https_server

TRUST_ENV = (
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "WEBSITE_SITE_NAME",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_RESOURCE",
)


@pytest.fixture(autouse=True)
def clean_trust_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see only the trust settings they set themselves."""
    import os

    for name in list(os.environ):
        if name in TRUST_ENV or name.startswith("TRUST_"):
            monkeypatch.delenv(name)
    yield


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

"""Integration fixtures: the tests' private CA for the HTTPS stand-ins, and a trust bundle
(emulator root + that CA) that the app loads through SSL_CERT_FILE like an enterprise bundle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import trustme

from tests.support.emulator import EmulatorHandle
from tests.support.stand_ins import (
    FunctionsStandIn,
    GraphStandIn,
    PromptflowStandIn,
    serve_https,
)


@pytest.fixture(scope="session")
def stand_in_ca() -> trustme.CA:
    return trustme.CA(organization_name="Chat App Stand-in Test CA")


@pytest.fixture(scope="session")
def trust_bundle(
    tmp_path_factory: pytest.TempPathFactory,
    emulator_session: EmulatorHandle,
    stand_in_ca: trustme.CA,
) -> Path:
    bundle = tmp_path_factory.mktemp("trust") / "ca_root_certs.pem"
    bundle.write_bytes(emulator_session.root_pem.read_bytes() + stand_in_ca.cert_pem.bytes())
    return bundle


@pytest.fixture
async def promptflow_stand_in(
    stand_in_ca: trustme.CA,
) -> AsyncIterator[tuple[PromptflowStandIn, str]]:
    stand_in = PromptflowStandIn()
    async with serve_https(stand_in.app(), stand_in_ca) as url:
        yield stand_in, url


@pytest.fixture
async def functions_stand_in(
    stand_in_ca: trustme.CA,
) -> AsyncIterator[tuple[FunctionsStandIn, str]]:
    stand_in = FunctionsStandIn()
    async with serve_https(stand_in.app(), stand_in_ca) as url:
        yield stand_in, url


@pytest.fixture
async def graph_stand_in(stand_in_ca: trustme.CA) -> AsyncIterator[tuple[GraphStandIn, str]]:
    stand_in = GraphStandIn()
    async with serve_https(stand_in.app(), stand_in_ca) as url:
        yield stand_in, url

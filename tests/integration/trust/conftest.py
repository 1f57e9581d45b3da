from collections.abc import Iterator

import pytest

from tests.support.azurite import Azurite, run_azurite
from tests.support.emulator import EmulatorHandle
from tests.support.mitmproxy import Mitmproxy, run_mitmdump
from tests.support.pki import PrivatePKI
from tests.support.trust_fixtures import (  # noqa: F401 - fixtures
    expired_ca,
    future_ca,
    other_pki,
    pki,
    pki_files,
    tls_server,
)


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    with run_azurite(tmp_path_factory.mktemp("azurite")) as running:
        yield running


@pytest.fixture(scope="session")
def mitmproxy(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Mitmproxy]:
    root_ca: PrivatePKI = request.getfixturevalue("pki")
    workdir = tmp_path_factory.mktemp("mitmproxy")
    upstream_ca = workdir / "upstream-root.pem"
    upstream_ca.write_bytes(root_ca.root.pem)
    with run_mitmdump(workdir, upstream_ca) as running:
        yield running


@pytest.fixture(scope="session")
def emulator_proxy(
    tmp_path_factory: pytest.TempPathFactory, emulator_session: EmulatorHandle
) -> Iterator[Mitmproxy]:
    """mitmdump in front of the Azure OpenAI emulator, as a corporate proxy would be."""
    with run_mitmdump(
        tmp_path_factory.mktemp("emulator-proxy"), emulator_session.root_pem
    ) as running:
        yield running

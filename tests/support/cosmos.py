"""The Cosmos DB test server (npm @vercel/cosmosdb-server) as a child process, over HTTPS with a
certificate from the tests' own private CA, and helpers to give each test a fresh container."""

from __future__ import annotations

import contextlib
import json
import shutil
import ssl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import trustme
from azure.cosmos import PartitionKey
from azure.cosmos.aio import CosmosClient

from backend.trust import TrustedAioHttpTransport
from tests.support.processes import REPO_ROOT, running_process

LAUNCHER = Path(__file__).with_name("cosmos_server.js")
INSTALLED = (
    REPO_ROOT / ".local" / "cosmosdb-server" / "node_modules" / "@vercel" / "cosmosdb-server"
)
INSTALLER = "scripts/tools/cosmosdb-server.sh"
# The test server accepts any key; this one is shaped like a real (base64) account key.
ACCOUNT_KEY = "dGVzdC1hY2NvdW50LWtleS1mb3ItdGhlLWxvY2FsLXRlc3Qtc2VydmVy"


@dataclass
class PrivatePki:
    """A private root CA and a `localhost` leaf it signed, written as PEM files."""

    root_pem: Path
    leaf_chain_pem: Path
    leaf_key_pem: Path


def make_pki(directory: Path) -> PrivatePki:
    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="History tests private CA")
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    pki = PrivatePki(
        root_pem=directory / "root.pem",
        leaf_chain_pem=directory / "leaf-chain.pem",
        leaf_key_pem=directory / "leaf-key.pem",
    )
    ca.cert_pem.write_to_path(str(pki.root_pem))
    with pki.leaf_chain_pem.open("wb") as chain:
        for blob in leaf.cert_chain_pems:
            chain.write(blob.bytes())
    leaf.private_key_pem.write_to_path(str(pki.leaf_key_pem))
    return pki


@dataclass
class CosmosServerHandle:
    port: int
    root_pem: Path
    _stop: list[contextlib.ExitStack] = field(default_factory=list, repr=False)

    @property
    def endpoint(self) -> str:
        return f"https://localhost:{self.port}/"

    def stop(self) -> None:
        """Stop the server now (tests of a store that went away)."""
        while self._stop:
            self._stop.pop().close()


def require_installed() -> None:
    if shutil.which("node") is None:
        raise RuntimeError("Node.js is required for the Cosmos DB test server")
    if not INSTALLED.is_dir():
        raise RuntimeError(f"The Cosmos DB test server is not installed: run {INSTALLER}")


@contextlib.contextmanager
def run_cosmos_server(workdir: Path, pki: PrivatePki) -> Iterator[CosmosServerHandle]:
    require_installed()
    workdir.mkdir(parents=True, exist_ok=True)
    ready_file = workdir / f"cosmos-ready-{uuid.uuid4().hex}.json"
    args = [
        "node",
        str(LAUNCHER),
        str(pki.leaf_chain_pem),
        str(pki.leaf_key_pem),
        "0",
        str(ready_file),
    ]
    stack = contextlib.ExitStack()
    with stack:
        stack.enter_context(
            running_process(
                args,
                log_path=workdir / f"{ready_file.stem}.log",
                ready=ready_file.exists,
                what="Cosmos DB test server",
            )
        )
        port = int(json.loads(ready_file.read_text())["port"])
        handle = CosmosServerHandle(port=port, root_pem=pki.root_pem, _stop=[stack.pop_all()])
        try:
            yield handle
        finally:
            handle.stop()


def trusting_context(*pem_files: Path) -> ssl.SSLContext:
    """A client context for test set-up code that trusts only the given roots."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    for pem in pem_files:
        context.load_verify_locations(cafile=str(pem))
    return context


async def create_container(server: CosmosServerHandle, database: str, container: str) -> None:
    """Create the database and the sample app's container layout (partitioned by /userId).

    The app never creates them (in Azure they come from the infrastructure templates).
    """
    context = trusting_context(server.root_pem)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context)) as session:
        # The SDK skips verification for localhost unless the transport refuses to.
        transport = TrustedAioHttpTransport.over_session(session)
        async with CosmosClient(
            server.endpoint, credential=ACCOUNT_KEY, transport=transport
        ) as client:
            db = await client.create_database_if_not_exists(database)
            await db.create_container_if_not_exists(
                container, partition_key=PartitionKey(path="/userId")
            )


def write_bundle(path: Path, *pem_files: Path) -> Path:
    """One PEM bundle of several roots, as an enterprise would mount at SSL_CERT_FILE."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(pem.read_text() for pem in pem_files))
    return path

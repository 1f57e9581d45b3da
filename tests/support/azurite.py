"""Azurite (the Azure Storage emulator) on a free loopback port, for the blob tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .processes import REPO_ROOT, free_port, port_accepts, running_process

AZURITE_BLOB = REPO_ROOT / ".local" / "azurite" / "node_modules" / ".bin" / "azurite-blob"
ACCOUNT = "devstoreaccount1"
# Azurite's published development key (not a secret: the same for every Azurite install).
ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)


@dataclass(frozen=True)
class Azurite:
    port: int

    @property
    def blob_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/{ACCOUNT}"

    @property
    def connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
            f"BlobEndpoint={self.blob_endpoint};"
        )


@contextmanager
def run_azurite(workdir: Path) -> Iterator[Azurite]:
    if not AZURITE_BLOB.exists():
        raise RuntimeError(f"{AZURITE_BLOB} is missing: run scripts/tools/azurite.sh first")
    port = free_port()
    data = workdir / "azurite-data"
    data.mkdir(parents=True, exist_ok=True)
    args = [
        str(AZURITE_BLOB),
        "--blobHost",
        "127.0.0.1",
        "--blobPort",
        str(port),
        "--location",
        str(data),
        "--skipApiVersionCheck",
        "--disableTelemetry",
        "--silent",
    ]
    with running_process(
        args,
        log_path=workdir / "azurite.log",
        ready=lambda: port_accepts(port),
        what="azurite-blob",
        timeout=60,
    ):
        yield Azurite(port)

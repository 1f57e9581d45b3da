"""The Azure OpenAI emulator as a child process, with helpers to steer and inspect it."""

from __future__ import annotations

import contextlib
import json
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2

from tests.support.processes import python, running_process

API_KEY = "test-emulator-key"
DEPLOYMENT = "gpt-4o"
IDENTITY_HEADER = "emulator-identity-secret"


@dataclass
class EmulatorHandle:
    port: int
    root_pem: Path
    api_key: str = API_KEY
    deployment: str = DEPLOYMENT

    @property
    def endpoint(self) -> str:
        return f"https://localhost:{self.port}"

    @property
    def token_endpoint(self) -> str:
        return f"{self.endpoint}/msi/token"

    def _client(self) -> httpx2.Client:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(cafile=str(self.root_pem))
        return httpx2.Client(base_url=self.endpoint, verify=context, trust_env=False)

    def configure(self, **changes: Any) -> dict[str, Any]:
        with self._client() as client:
            response = client.post("/_emulator/config", json=changes)
            response.raise_for_status()
            return dict(response.json())

    def stats(self) -> dict[str, int]:
        with self._client() as client:
            return dict(client.get("/_emulator/stats").json())

    def requests(self) -> list[dict[str, Any]]:
        with self._client() as client:
            return list(client.get("/_emulator/requests").json())

    def data_sources(self) -> list[Any]:
        """The `data_sources` of each chat request received since the last reset."""
        with self._client() as client:
            return list(client.get("/_emulator/data_sources").json())

    def reset(self, **config: Any) -> None:
        with self._client() as client:
            client.post("/_emulator/reset").raise_for_status()
        defaults = {"answer_words": 40, "token_delay": 0.0, "retry_after": 7}
        self.configure(**{**defaults, **config})


@contextlib.contextmanager
def run_emulator(workdir: Path) -> Iterator[EmulatorHandle]:
    ready_file = workdir / "emulator-ready.json"
    args = [
        python(),
        "-m",
        "emulator",
        "--port",
        "0",
        "--pki-dir",
        str(workdir / "emulator-pki"),
        "--api-key",
        API_KEY,
        "--deployment",
        DEPLOYMENT,
        "--ready-file",
        str(ready_file),
    ]
    with running_process(
        args, log_path=workdir / "emulator.log", ready=ready_file.exists, what="emulator"
    ):
        info = json.loads(ready_file.read_text())
        yield EmulatorHandle(port=info["port"], root_pem=Path(info["root_pem"]))

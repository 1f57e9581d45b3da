"""The real app served by uvicorn in a child process (what App Service runs, minus gunicorn)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx2

from tests.support.processes import free_port, python, running_process


@dataclass
class AppHandle:
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def _healthz_answers(url: str) -> bool:
    try:
        return httpx2.get(f"{url}/healthz", timeout=1.0, trust_env=False).status_code < 600
    except httpx2.TransportError:
        return False


@contextlib.contextmanager
def run_app(env: Mapping[str, str], workdir: Path, *, timeout: float = 60.0) -> Iterator[AppHandle]:
    port = free_port()
    handle = AppHandle(port=port, log_path=workdir / f"app-{port}.log")
    args = [
        python(),
        "-m",
        "uvicorn",
        "app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--timeout-graceful-shutdown",
        "5",
    ]
    with running_process(
        args,
        env=env,
        log_path=handle.log_path,
        ready=lambda: _healthz_answers(handle.url),
        what="app server",
        timeout=timeout,
    ):
        yield handle

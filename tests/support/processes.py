"""Start local servers as child processes, wait until they are ready, always stop them."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from tests.support.environment import clean_environment

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} was not ready after {timeout} s")


@contextlib.contextmanager
def running_process(
    args: list[str],
    *,
    env: Mapping[str, str] | None = None,
    log_path: Path,
    ready: Callable[[], bool],
    what: str,
    timeout: float = 30.0,
    cwd: Path = REPO_ROOT,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `args`, wait for `ready()`, yield the process, then terminate it (kill if stuck)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env={**clean_environment(), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:

            def is_ready() -> bool:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"{what} exited with {process.returncode}:\n{log_path.read_text()}"
                    )
                return ready()

            wait_until(is_ready, timeout=timeout, what=what)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def python() -> str:
    return sys.executable


def port_accepts(port: int, host: str = "127.0.0.1") -> bool:
    """True once something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False

"""The production server, started the way the image and App Service start it, serves and drains.

Runs the real `python -m gunicorn --config gunicorn.conf.py` with its uvicorn worker against a
small streaming ASGI app written for the test (the chat app itself is not needed to check how
the server treats a stream). Only the listening address is overridden, to stay on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
STREAM_LINES = 6
LINE_INTERVAL_SECONDS = 0.5

STREAMING_APP = f"""
import asyncio


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({{"type": "lifespan.startup.complete"}})
            elif message["type"] == "lifespan.shutdown":
                await send({{"type": "lifespan.shutdown.complete"}})
                return
    headers = [(b"content-type", b"application/json-lines")]
    await send({{"type": "http.response.start", "status": 200, "headers": headers}})
    if scope["path"] == "/healthz":
        await send({{"type": "http.response.body", "body": b"ok"}})
        return
    for number in range({STREAM_LINES}):
        line = ('{{"n": %d}}' % number + "\\n").encode()
        await send({{"type": "http.response.body", "body": line, "more_body": True}})
        await asyncio.sleep({LINE_INTERVAL_SECONDS})
    await send({{"type": "http.response.body", "body": b""}})
"""


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    port: int
    stdout: Path
    stderr: Path

    def logs(self) -> str:
        return f"stdout:\n{self.stdout.read_text()}\nstderr:\n{self.stderr.read_text()}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(tmp_path: Path, extra_args: str = "") -> RunningServer:
    (tmp_path / "stream_app.py").write_text(STREAMING_APP)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "WEBSITES_PORT"}}
    env["WEB_CONCURRENCY"] = "1"
    env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port} {extra_args}".strip()
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(REPO_ROOT / "gunicorn.conf.py"),
                "stream_app:app",
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=err,
        )
    server = RunningServer(process, port, stdout, stderr)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"gunicorn exited with {process.returncode} while starting\n{server.logs()}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    pytest.fail(f"gunicorn did not listen on 127.0.0.1:{port} within 20 s\n{server.logs()}")


def stop(server: RunningServer) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


ServerFactory = Callable[..., RunningServer]


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[ServerFactory]:
    started: list[RunningServer] = []

    def factory(extra_args: str = "") -> RunningServer:
        server = start_server(tmp_path, extra_args)
        started.append(server)
        return server

    yield factory
    for server in started:
        stop(server)


def read_stream_while_stopping(server: RunningServer) -> list[bytes]:
    """Starts a streamed answer, sends SIGTERM after its first line, and reads what arrives."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        connection.request("POST", "/conversation")
        response = connection.getresponse()
        assert response.status == 200
        lines = [response.readline()]
        server.process.send_signal(signal.SIGTERM)  # what App Service sends on restart or scale-in
        while True:
            try:
                line = response.readline()
            except (http.client.IncompleteRead, ConnectionError):
                break
            if not line:
                break
            lines.append(line)
        return lines
    finally:
        connection.close()


def test_serves_with_the_uvicorn_worker_and_logs_requests_to_stdout(
    server_factory: ServerFactory,
) -> None:
    server = server_factory()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 200
    connection.close()
    stop(server)
    assert "Using worker: uvicorn_worker.UvicornWorker" in server.stderr.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in server.stdout.read_text(), server.logs()


def test_a_stream_in_flight_finishes_when_the_server_is_asked_to_stop(
    server_factory: ServerFactory,
) -> None:
    server = server_factory()
    lines = read_stream_while_stopping(server)
    assert lines == [f'{{"n": {n}}}\n'.encode() for n in range(STREAM_LINES)], server.logs()
    assert server.process.wait(timeout=20) == 0, server.logs()


def test_a_grace_period_shorter_than_the_stream_would_cut_it(server_factory: ServerFactory) -> None:
    # The counter-check for the test above: it can tell a drained stream from a cut one.
    server = server_factory("--graceful-timeout 1")
    lines = read_stream_while_stopping(server)
    assert 1 <= len(lines) < STREAM_LINES, server.logs()

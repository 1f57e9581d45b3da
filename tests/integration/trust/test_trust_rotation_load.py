"""Rotating the mounted bundle while conversations stream: no request fails."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx2
import pytest

from tests.conftest import emulator_env
from tests.support.app_server import run_app
from tests.support.conversation import assistant_text, errors_of, parse_lines, user_turn
from tests.support.emulator import EmulatorHandle
from tests.support.pki import make_ca

pytestmark = pytest.mark.slow

WORDS = " ".join(f"w{i}" for i in range(30))
CONCURRENT = 8


async def _converse(client: httpx2.AsyncClient, url: str) -> tuple[int, str, list[str]]:
    async with client.stream("POST", f"{url}/conversation", json=user_turn(f"/echo {WORDS}")) as r:
        body = b"".join([chunk async for chunk in r.aiter_bytes()])
    lines = parse_lines(body)
    return r.status_code, assistant_text(lines), errors_of(lines)


async def _trust_generation(client: httpx2.AsyncClient, url: str) -> int:
    body = (await client.get(f"{url}/healthz")).json()
    return int(body["checks"]["trust"]["generation"])


async def _wait_for_generation(client: httpx2.AsyncClient, url: str, number: int) -> None:
    deadline = time.monotonic() + 20
    while await _trust_generation(client, url) != number:
        assert time.monotonic() < deadline, f"trust generation {number} never came"
        await asyncio.sleep(0.1)


async def test_rotation_under_streaming_load_fails_no_request(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    mount = tmp_path / "certs"
    mount.mkdir()
    bundle = mount / "ca_root_certs.pem"
    root = emulator.root_pem.read_bytes()
    bundle.write_bytes(root)
    emulator.configure(token_delay=0.02)
    env = emulator_env(emulator, SSL_CERT_FILE=str(bundle), TRUST_WATCH_INTERVAL_SECONDS="0.2")

    with run_app(env, tmp_path) as app:
        async with httpx2.AsyncClient(timeout=60, trust_env=False) as client:
            rotating = True

            async def load() -> list[tuple[int, str, list[str]]]:
                results: list[tuple[int, str, list[str]]] = []
                while rotating or not results:
                    wave = [_converse(client, app.url) for _ in range(CONCURRENT)]
                    results.extend(await asyncio.gather(*wave))
                return results

            async def rotate() -> None:
                nonlocal rotating
                await asyncio.sleep(0.3)
                bundle.write_bytes(root + make_ca("Contoso Proxy Root CA").pem)
                await _wait_for_generation(client, app.url, 2)
                await asyncio.sleep(0.3)
                bundle.write_bytes(root[: len(root) // 2])  # a half-copied file: refused
                await asyncio.sleep(0.8)
                assert await _trust_generation(client, app.url) == 2
                bundle.write_bytes(make_ca("Fabrikam Proxy Root CA").pem + root)
                await _wait_for_generation(client, app.url, 3)
                await asyncio.sleep(0.3)
                rotating = False

            results, _ = await asyncio.gather(load(), rotate())

    assert len(results) >= 2 * CONCURRENT
    failures = [r for r in results if r != (200, WORDS, [])]
    assert failures == []
    log = app.log()
    assert "refused the new bundle" in log and "truncated" in log
    assert "outbound clients rebuilt for trust generation 2" in log
    assert "outbound clients rebuilt for trust generation 3" in log
    assert emulator.stats()["streams_completed"] == len(results)

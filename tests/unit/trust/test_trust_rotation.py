"""Rotation: a good new bundle becomes a new generation; a bad one is refused."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import httpx2
import pytest

from backend.trust import (
    TrustGeneration,
    TrustSettings,
    TrustWatcher,
    create_httpx_client,
    load_trust,
)
from tests.support.pki import PrivatePKI
from tests.support.tls_server import https_server


async def _start(bundle: Path, **settings: object) -> tuple[TrustWatcher, list[TrustGeneration]]:
    config = TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="strict", **settings)
    first = await load_trust(config, wait_seconds=0)
    rotated: list[TrustGeneration] = []

    async def on_rotation(generation: TrustGeneration) -> None:
        rotated.append(generation)

    return TrustWatcher(config, first, on_rotation), rotated


async def test_good_replacement_becomes_the_next_generation(
    tmp_path: Path, pki: PrivatePKI, other_pki: PrivatePKI
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem)
    watcher, rotated = await _start(bundle)
    assert await watcher.check_now() is None  # unchanged content: nothing to do

    bundle.write_bytes(pki.root.pem + other_pki.root.pem)
    generation = await watcher.check_now()

    assert generation is not None and rotated == [generation]
    assert generation.number == 2 and watcher.current is generation
    assert len(generation.report.trusted_certificates) == 2
    _, chain, key = other_pki.write(tmp_path / "other")
    async with https_server(chain, key) as url, create_httpx_client(generation.context) as client:
        assert (await client.get(url)).status_code == 200


async def test_bad_replacement_is_refused_and_the_old_trust_stays(
    tmp_path: Path, pki: PrivatePKI, caplog: pytest.LogCaptureFixture
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem)
    watcher, rotated = await _start(bundle)
    first = watcher.current

    bundle.write_bytes(pki.root.pem[:200])
    with caplog.at_level(logging.WARNING):
        assert await watcher.check_now() is None
        assert await watcher.check_now() is None  # the same bad content is judged once
    assert rotated == [] and watcher.current is first
    refusals = [r for r in caplog.records if "refused the new bundle" in r.getMessage()]
    assert len(refusals) == 1
    assert "keeping generation 1" in refusals[0].getMessage()
    assert "truncated" in refusals[0].getMessage()


async def test_lenient_start_picks_up_the_bundle_once_it_appears(
    tmp_path: Path, pki: PrivatePKI, tls_server: str
) -> None:
    bundle = tmp_path / "ca.pem"
    config = TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="lenient")
    first = await load_trust(config, wait_seconds=0)
    assert first.degraded
    rotated: list[TrustGeneration] = []

    async def on_rotation(generation: TrustGeneration) -> None:
        rotated.append(generation)

    watcher = TrustWatcher(config, first, on_rotation)
    assert await watcher.check_now() is None  # still missing: logged, nothing else
    bundle.write_bytes(pki.root.pem)
    generation = await watcher.check_now()
    assert generation is not None and not generation.degraded
    async with create_httpx_client(generation.context) as client:
        assert (await client.get(tls_server)).status_code == 200
    async with create_httpx_client(first.context) as client:
        with pytest.raises(httpx2.ConnectError):
            await client.get(tls_server)


async def test_running_watcher_polls_on_its_own(
    tmp_path: Path, pki: PrivatePKI, other_pki: PrivatePKI
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem)
    watcher, rotated = await _start(bundle, TRUST_WATCH_INTERVAL_SECONDS=0.1)
    watcher.start()
    try:
        bundle.write_bytes(other_pki.root.pem)
        for _ in range(50):
            if rotated:
                break
            await asyncio.sleep(0.1)
    finally:
        await watcher.stop()
    assert [g.number for g in rotated] == [2]
    assert rotated[0].report.trusted_certificates[0].subject.startswith("CN=Fabrikam")

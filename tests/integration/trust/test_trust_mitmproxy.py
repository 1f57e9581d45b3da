"""Behind a TLS-inspecting proxy (mitmdump): fail without its CA, work with it, explain why."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest
from azure.core.exceptions import ServiceRequestError
from azure.core.pipeline import AsyncPipeline
from azure.core.rest import HttpRequest

from backend.trust import (
    TrustSettings,
    create_azure_transport,
    create_httpx_client,
    load_trust,
    run_doctor,
)
from tests.support.mitmproxy import Mitmproxy
from tests.support.pki import PrivatePKI


@pytest.fixture
def behind_proxy(monkeypatch: pytest.MonkeyPatch, mitmproxy: Mitmproxy) -> Mitmproxy:
    monkeypatch.setenv("HTTPS_PROXY", mitmproxy.url)
    return mitmproxy


def _bundle(tmp_path: Path, *pems: bytes) -> TrustSettings:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(b"".join(pems))
    return TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="strict")


async def test_openai_http_client_fails_without_the_proxy_ca(
    tmp_path: Path, pki: PrivatePKI, behind_proxy: Mitmproxy, tls_server: str
) -> None:
    generation = await load_trust(_bundle(tmp_path, pki.root.pem), wait_seconds=0)
    async with create_httpx_client(generation.context) as client:
        with pytest.raises(httpx2.ConnectError, match="unable to get local issuer certificate"):
            await client.get(tls_server)


async def test_openai_http_client_works_with_the_proxy_ca(
    tmp_path: Path, pki: PrivatePKI, behind_proxy: Mitmproxy, tls_server: str
) -> None:
    settings = _bundle(tmp_path, pki.root.pem, behind_proxy.ca_pem.read_bytes())
    generation = await load_trust(settings, wait_seconds=0)
    async with create_httpx_client(generation.context) as client:
        response = await client.get(tls_server)
    assert response.json() == {"hello": "trusted"}


async def test_no_proxy_goes_direct(
    tmp_path: Path,
    pki: PrivatePKI,
    behind_proxy: Mitmproxy,
    tls_server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_PROXY", "localhost")
    generation = await load_trust(_bundle(tmp_path, pki.root.pem), wait_seconds=0)
    async with create_httpx_client(generation.context) as client:
        assert (await client.get(tls_server)).status_code == 200


async def test_azure_transport_goes_through_the_proxy(
    tmp_path: Path, pki: PrivatePKI, behind_proxy: Mitmproxy, tls_server: str
) -> None:
    without = await load_trust(_bundle(tmp_path, pki.root.pem), wait_seconds=0)
    async with AsyncPipeline(create_azure_transport(without.context), policies=[]) as pipeline:
        with pytest.raises(ServiceRequestError, match="certificate verify failed"):
            await pipeline.run(HttpRequest("GET", tls_server))
    with_ca = await load_trust(
        _bundle(tmp_path, pki.root.pem, behind_proxy.ca_pem.read_bytes()), wait_seconds=0
    )
    async with AsyncPipeline(create_azure_transport(with_ca.context), policies=[]) as pipeline:
        response = await pipeline.run(HttpRequest("GET", tls_server))
        assert response.http_response.status_code == 200


async def test_doctor_names_the_proxy_ca(
    tmp_path: Path, pki: PrivatePKI, behind_proxy: Mitmproxy, tls_server: str
) -> None:
    settings = _bundle(tmp_path, pki.root.pem)
    code, output = await run_doctor(settings, probe_url=tls_server)
    assert code == 1
    assert f"through the proxy {behind_proxy.url} (HTTPS_PROXY)" in output
    assert "unable to get local issuer certificate" in output
    assert "issued by O=mitmproxy,CN=mitmproxy" in output
    assert "'mitmproxy' is most likely the proxy's CA" in output
    assert f"Fix: add the root CA 'mitmproxy' to {settings.ssl_cert_file} (SSL_CERT_FILE)." in (
        output
    )


async def test_doctor_passes_through_the_proxy_with_its_ca(
    tmp_path: Path, pki: PrivatePKI, behind_proxy: Mitmproxy, tls_server: str
) -> None:
    settings = _bundle(tmp_path, pki.root.pem, behind_proxy.ca_pem.read_bytes())
    code, output = await run_doctor(settings, probe_url=tls_server)
    assert code == 0, output
    assert "OK: TLS handshake verified" in output
    assert "issued by O=mitmproxy,CN=mitmproxy" in output

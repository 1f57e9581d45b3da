"""The context: verification always on, and real handshakes that succeed only with the bundle."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx2
import pytest

from backend.trust import (
    TrustSettings,
    TrustStatus,
    build_ssl_context,
    create_azure_transport,
    create_httpx_client,
    load_trust,
)
from tests.support.pki import PrivatePKI
from tests.support.tls_server import https_server


def test_context_verifies_peer_and_host_name(pki: PrivatePKI) -> None:
    context = build_ssl_context([pki.root.cert])
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version is ssl.TLSVersion.TLSv1_2


def test_default_adds_enterprise_cas_to_the_public_roots(pki: PrivatePKI) -> None:
    both = build_ssl_context([pki.root.cert])
    enterprise_only = build_ssl_context([pki.root.cert], include_public_roots=False)
    assert len(enterprise_only.get_ca_certs()) == 1
    assert len(both.get_ca_certs()) > 100  # certifi's roots are there too


async def test_handshake_succeeds_with_the_bundle(
    tmp_path: Path, pki: PrivatePKI, tls_server: str
) -> None:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(pki.root.pem)
    generation = await load_trust(TrustSettings(SSL_CERT_FILE=str(bundle)), wait_seconds=0)
    async with create_httpx_client(generation.context) as client:
        response = await client.get(tls_server)
    assert response.json() == {"hello": "trusted"}


async def test_handshake_fails_without_the_bundle(tls_server: str) -> None:
    generation = await load_trust(TrustSettings(), wait_seconds=0)
    assert generation.report.source_kind.value == "public"
    async with create_httpx_client(generation.context) as client:
        with pytest.raises(httpx2.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get(tls_server)


async def test_append_mode_keeps_other_roots_working(
    tmp_path: Path, pki: PrivatePKI, other_pki: PrivatePKI
) -> None:
    """A server signed by a 'public' root stays reachable unless enterprise-only is set."""
    public_roots = tmp_path / "public.pem"
    public_roots.write_bytes(other_pki.root.pem)
    _, chain, key = other_pki.write(tmp_path / "public-server")
    bundle = tmp_path / "enterprise.pem"
    bundle.write_bytes(pki.root.pem)
    append = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle)), wait_seconds=0, public_roots=str(public_roots)
    )
    only = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_ENTERPRISE_ONLY=True),
        wait_seconds=0,
        public_roots=str(public_roots),
    )
    assert only.report.status is TrustStatus.OK and not only.report.public_roots_included
    async with https_server(chain, key) as url:
        async with create_httpx_client(append.context) as client:
            assert (await client.get(url)).status_code == 200
        async with create_httpx_client(only.context) as client:
            with pytest.raises(httpx2.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                await client.get(url)


def test_httpx_factory_refuses_a_custom_transport(pki: PrivatePKI) -> None:
    with pytest.raises(TypeError, match="proxy environment variables"):
        create_httpx_client(build_ssl_context([]), transport=httpx2.AsyncHTTPTransport())


async def test_httpx_factory_keeps_proxy_environment(
    monkeypatch: pytest.MonkeyPatch, pki: PrivatePKI
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    async with create_httpx_client(build_ssl_context([pki.root.cert])) as client:
        patterns = {str(p.pattern): t for p, t in client._mounts.items()}
    assert patterns["https://"] is not None  # the proxy transport
    assert patterns["all://*internal.example"] is None  # bypassed


async def test_azure_transport_uses_the_context(
    tmp_path: Path, pki: PrivatePKI, tls_server: str
) -> None:
    from azure.core.pipeline import AsyncPipeline
    from azure.core.rest import HttpRequest

    context = build_ssl_context([pki.root.cert])
    async with AsyncPipeline(create_azure_transport(context), policies=[]) as pipeline:
        response = await pipeline.run(HttpRequest("GET", tls_server))
        assert response.http_response.status_code == 200

    untrusting = build_ssl_context([])
    async with AsyncPipeline(create_azure_transport(untrusting), policies=[]) as pipeline:
        from azure.core.exceptions import ServiceRequestError

        with pytest.raises(ServiceRequestError, match="certificate verify failed"):
            await pipeline.run(HttpRequest("GET", tls_server))

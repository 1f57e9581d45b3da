"""Probes a TLS endpoint with a trust context and explains a verification failure.

The handshake always verifies (CERT_REQUIRED, host name checked). When it fails, the chain the
server presented is read from the failed connection only to explain the failure; no request
is sent and the connection is closed at once. HTTPS_PROXY / NO_PROXY are honoured with an
HTTP CONNECT tunnel, as the app's own clients do.
"""

from __future__ import annotations

import base64
import socket
import ssl
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from cryptography import x509

from .blob import redact_url
from .verify import display_name, fingerprint

__all__ = ["ProbeResult", "probe_endpoint", "select_proxy"]


@dataclass
class ProbeResult:
    url: str
    host: str
    port: int
    proxy: str | None
    ok: bool = False
    error: str | None = None
    verify_code: int | None = None
    chain: list[x509.Certificate] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "proxy": self.proxy,
            "ok": self.ok,
            "error": self.error,
            "verify_code": self.verify_code,
            "chain": [
                {
                    "subject": display_name(c.subject),
                    "issuer": display_name(c.issuer),
                    "sha256": fingerprint(c),
                    "not_after": c.not_valid_after_utc.isoformat(),
                }
                for c in self.chain
            ],
        }


def select_proxy(host: str) -> str | None:
    """The HTTPS proxy URL the environment selects for `host` (None when bypassed or unset)."""
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get("https")
    # proxy_bypass_environment applies NO_PROXY the way urllib (and requests) do.
    bypass = urllib.request.proxy_bypass_environment(host, proxies)  # type: ignore[attr-defined]
    if not proxy or bypass:
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def probe_endpoint(url: str, context: ssl.SSLContext, *, timeout: float = 10.0) -> ProbeResult:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    if parts.scheme != "https" or not parts.hostname:
        return ProbeResult(
            redact_url(url), parts.hostname or "", 0, None, error="the probe needs an https:// URL"
        )
    host, port = parts.hostname, parts.port or 443
    proxy = select_proxy(host)
    result = ProbeResult(
        redact_url(url), host, port, redact_url(proxy) if proxy is not None else None
    )
    try:
        raw = _open_tunnel(host, port, proxy, timeout)
    except OSError as exc:
        result.error = str(exc)
        return result
    tls = context.wrap_socket(raw, server_hostname=host, do_handshake_on_connect=False)
    try:
        tls.do_handshake()
        result.ok = True
        result.chain = _chain(tls, verified=True)
    except ssl.SSLCertVerificationError as exc:
        result.error = f"certificate verify failed: {exc.verify_message}"
        result.verify_code = exc.verify_code
        result.chain = _chain(tls, verified=False)
    except (ssl.SSLError, OSError) as exc:
        result.error = f"TLS handshake failed: {exc}"
    finally:
        tls.close()
    return result


def _open_tunnel(host: str, port: int, proxy: str | None, timeout: float) -> socket.socket:
    if proxy is None:
        return socket.create_connection((host, port), timeout=timeout)
    proxy_parts = urlsplit(proxy)
    if proxy_parts.scheme not in ("http", ""):
        raise OSError(f"the probe supports http:// proxies only, got {redact_url(proxy)}")
    sock = socket.create_connection(
        (proxy_parts.hostname or "", proxy_parts.port or 80), timeout=timeout
    )
    request = f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n"
    if proxy_parts.username is not None:
        credentials = f"{unquote(proxy_parts.username)}:{unquote(proxy_parts.password or '')}"
        token = base64.b64encode(credentials.encode()).decode()
        request += f"Proxy-Authorization: Basic {token}\r\n"
    sock.sendall((request + "\r\n").encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
        if len(reply) > 65536:
            break
    status_line = reply.split(b"\r\n", 1)[0].decode("latin-1")
    fields = status_line.split(" ", 2)
    if len(fields) < 2 or fields[1] != "200":
        sock.close()
        raise OSError(
            f"the proxy {redact_url(proxy)} refused the tunnel to {host}:{port}: "
            f"{status_line or 'no answer'}"
        )
    return sock


def _chain(tls: ssl.SSLSocket, *, verified: bool) -> list[x509.Certificate]:
    # Python 3.13 has public SSLSocket.get_(un)verified_chain(); 3.10-3.12 have the same
    # methods on the private _sslobj. Reading them after a failed handshake is what lets the
    # doctor explain a failure without ever switching verification off.
    name = "get_verified_chain" if verified else "get_unverified_chain"
    getter = getattr(tls, name, None) or getattr(getattr(tls, "_sslobj", None), name, None)
    if getter is None:
        return []
    certificates: list[x509.Certificate] = []
    for item in getter() or []:
        if isinstance(item, bytes):
            certificates.append(x509.load_der_x509_certificate(item))
        else:
            certificates.append(x509.load_pem_x509_certificate(item.public_bytes().encode()))
    return certificates

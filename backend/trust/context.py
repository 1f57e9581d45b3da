"""Builds THE `ssl.SSLContext` of a trust generation. The only place in the app that does.

Public roots (certifi) plus the enterprise CAs by default, so endpoints that a corporate proxy
does not intercept keep working; enterprise CAs only when `TRUST_ENTERPRISE_ONLY` is set.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence

import certifi
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

__all__ = ["build_ssl_context", "public_roots_file"]


def public_roots_file() -> str:
    return certifi.where()


def build_ssl_context(
    enterprise_cas: Sequence[x509.Certificate],
    *,
    include_public_roots: bool = True,
    public_roots: str | None = None,
) -> ssl.SSLContext:
    """A client context that verifies peers and host names against the given CAs.

    `public_roots` overrides the certifi file (tests use it to stand in for the public PKI).
    """
    # PROTOCOL_TLS_CLIENT turns on CERT_REQUIRED and check_hostname; we set them again so that
    # a reader (and a test) sees the guarantee here rather than in the ssl module's defaults.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if include_public_roots:
        context.load_verify_locations(cafile=public_roots or public_roots_file())
    if enterprise_cas:
        # DER concatenation: the cheapest form for OpenSSL to load (no base64 decoding).
        context.load_verify_locations(
            cadata=b"".join(cert.public_bytes(Encoding.DER) for cert in enterprise_cas)
        )
    return context

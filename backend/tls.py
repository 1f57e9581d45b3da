"""The outbound TLS context: the public roots (certifi), plus `SSL_CERT_FILE` when set.

This is the single place the app decides outbound trust.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import certifi


def create_tls_context(extra_ca_file: Path | None = None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED and hostname checks on
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_verify_locations(cafile=certifi.where())
    if extra_ca_file is not None:
        # Added to, not instead of, the public roots: endpoints that are not intercepted
        # keep working.
        context.load_verify_locations(cafile=str(extra_ca_file))
    return context

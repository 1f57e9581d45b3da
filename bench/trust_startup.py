"""Start-up and per-request cost of enterprise trust.

    .venv/bin/python bench/trust_startup.py [--extra-cas 20] [--requests 200]

1. Start-up: resolve + verify + build the context for a bundle of 150+ CAs (certifi's roots
   used as enterprise input, plus generated CAs), next to the baselines: loading certifi alone
   into a context, and loading the same bundle unverified.
2. Per request: one shared client (the app's way: zero new contexts, one handshake per pooled
   connection) against a new context + client per request (the forked app's way), over real
   TLS to a local keep-alive server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import certifi

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.trust import TrustSettings, build_ssl_context, create_httpx_client, load_trust
from tests.support.pki import PrivatePKI, make_ca


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _plain_context(cafile: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=cafile)
    return context


def startup(folder: Path, extra_cas: int, repeat: int) -> dict[str, float | int]:
    generated = b"".join(make_ca(f"Bench CA {i}").pem for i in range(extra_cas))
    bundle = folder / "bundle.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes() + generated)
    count = bundle.read_bytes().count(b"-----BEGIN CERTIFICATE-----")

    def run_trust(**settings: object) -> None:
        asyncio.run(load_trust(TrustSettings(SSL_CERT_FILE=str(bundle), **settings)))

    import logging

    logging.disable(logging.WARNING)  # certifi has a few roots that cryptography warns about
    return {
        "bundle_cas": count,
        "baseline_certifi_only_ms": _median_ms(lambda: _plain_context(certifi.where()), repeat),
        "baseline_bundle_unverified_ms": _median_ms(lambda: _plain_context(str(bundle)), repeat),
        "trust_enterprise_only_ms": _median_ms(
            lambda: run_trust(TRUST_ENTERPRISE_ONLY=True, TRUST_EXPIRY_WARNING_DAYS=0), repeat
        ),
        "trust_with_public_roots_ms": _median_ms(
            lambda: run_trust(TRUST_EXPIRY_WARNING_DAYS=0), repeat
        ),
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Azure OpenAI does
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def do_GET(self) -> None:
        body = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _CountingTLSServer(ThreadingHTTPServer):
    daemon_threads = True
    handshakes = 0

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self._context = context

    def finish_request(self, request, client_address):  # type: ignore[no-untyped-def]
        tls = self._context.wrap_socket(request, server_side=True)
        type(self).handshakes += 1
        try:
            super().finish_request(tls, client_address)
        finally:
            tls.close()


async def per_request(folder: Path, requests: int) -> dict[str, float | int]:
    pki = PrivatePKI.create("Bench Root")
    _, chain, key = pki.write(folder / "pki")
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(chain, key)
    server = _CountingTLSServer(server_context)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = f"https://localhost:{server.server_address[1]}/"
    results: dict[str, float | int] = {"requests": requests}
    try:
        context = build_ssl_context([pki.root.cert])
        async with create_httpx_client(context) as client:
            await client.get(url)  # warm the pool: the one handshake of this connection
            before = server.handshakes
            started = time.perf_counter()
            for _ in range(requests):
                (await client.get(url)).raise_for_status()
            results["shared_client_ms_per_request"] = (
                (time.perf_counter() - started) * 1000 / requests
            )
            results["shared_client_new_contexts"] = 0
            results["shared_client_handshakes"] = server.handshakes - before

        before = server.handshakes
        started = time.perf_counter()
        for _ in range(requests):
            fresh = build_ssl_context([pki.root.cert])  # certifi + enterprise, every time
            async with create_httpx_client(fresh) as client:
                (await client.get(url)).raise_for_status()
        results["per_request_client_ms_per_request"] = (
            (time.perf_counter() - started) * 1000 / requests
        )
        results["per_request_client_new_contexts"] = requests
        results["per_request_client_handshakes"] = server.handshakes - before
    finally:
        server.shutdown()
        server.server_close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extra-cas", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        results = {
            **startup(folder, args.extra_cas, args.repeat),
            **asyncio.run(per_request(folder, args.requests)),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"Start-up, bundle of {results['bundle_cas']} CAs (median of {args.repeat}):")
    for name in (
        "baseline_certifi_only_ms",
        "baseline_bundle_unverified_ms",
        "trust_enterprise_only_ms",
        "trust_with_public_roots_ms",
    ):
        print(f"  {name:<34} {results[name]:8.1f} ms")
    print(f"Per request ({results['requests']} sequential GETs over TLS, keep-alive server):")
    for prefix in ("shared_client", "per_request_client"):
        print(
            f"  {prefix:<20} {results[prefix + '_ms_per_request']:6.2f} ms/request, "
            f"{results[prefix + '_new_contexts']} new contexts, "
            f"{results[prefix + '_handshakes']} TLS handshakes"
        )


if __name__ == "__main__":
    main()

"""A small HTTPS server signed by a test CA, to handshake against for real.

It runs in its own thread (not on the test's event loop), so a proxy that still holds a
connection when a test ends cannot leave sockets behind on a closed loop. HTTP/1.0: every
connection closes after its response.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        body = json.dumps({"hello": "trusted"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Hello)
        self._context = context

    def finish_request(self, request, client_address):  # type: ignore[no-untyped-def]
        # The handshake runs in the connection's own thread, not in the accept loop.
        try:
            tls = self._context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            request.close()  # an untrusting client aborted the handshake: expected in tests
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            tls.close()

    def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
        pass


@contextmanager
def serve_https(chain: Path, key: Path) -> Iterator[str]:
    """Serve on 127.0.0.1 with `chain` (leaf first); yields https://localhost:PORT/."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain, key)
    server = _TLSServer(context)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="tls-test-server", daemon=True
    )
    thread.start()
    try:
        yield f"https://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@asynccontextmanager
async def https_server(chain: Path, key: Path) -> AsyncIterator[str]:
    with serve_https(chain, key) as url:
        yield url

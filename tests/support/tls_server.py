"""A small HTTPS server (aiohttp.web) signed by a test CA, to handshake against for real."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web

from .processes import free_port


def _app() -> web.Application:
    async def hello(_: web.Request) -> web.Response:
        return web.json_response({"hello": "trusted"})

    app = web.Application()
    app.router.add_get("/", hello)
    return app


@asynccontextmanager
async def https_server(chain: Path, key: Path) -> AsyncIterator[str]:
    """Serve on 127.0.0.1 with `chain` (leaf first); yields https://localhost:PORT/."""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(chain, key)
    runner = web.AppRunner(_app())
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port, ssl_context=server_context)
    await site.start()
    try:
        yield f"https://localhost:{port}/"
    finally:
        await runner.cleanup()

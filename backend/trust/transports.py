"""Turn a trust context into the transports outbound clients need.

- `create_httpx_client`: the httpx2 client handed to the `openai` SDK (`http_client=`). The
  context goes in as `verify=`; a custom `transport=` would switch off HTTPS_PROXY/NO_PROXY.
- `create_azure_transport`: an azure-core `AioHttpTransport` for azure-identity async
  credentials, azure-storage-blob aio and azure-cosmos aio; its aiohttp connector holds the
  context and its session honours the proxy environment variables.
"""

from __future__ import annotations

import ssl
from typing import Any

import aiohttp
import httpx2
from azure.core.pipeline.transport import AioHttpTransport
from openai import DefaultAsyncHttpxClient

__all__ = ["TrustedAioHttpTransport", "create_azure_transport", "create_httpx_client"]


def create_httpx_client(context: ssl.SSLContext, **kwargs: Any) -> httpx2.AsyncClient:
    """An httpx2 client with the openai SDK's defaults (timeouts, limits, redirects)."""
    if "transport" in kwargs or "verify" in kwargs:
        raise TypeError(
            "create_httpx_client sets verify= itself and never takes transport= "
            "(a custom transport disables the proxy environment variables)"
        )
    kwargs.setdefault("trust_env", True)
    client: httpx2.AsyncClient = DefaultAsyncHttpxClient(verify=context, **kwargs)
    return client


class TrustedAioHttpTransport(AioHttpTransport):  # type: ignore[misc]
    """AioHttpTransport whose session is created lazily, inside the event loop, on our context.

    azure-core turns `connection_verify=<context>` into `create_default_context(cafile=...)`,
    which cannot take a context; so the context lives in the connector instead and
    `connection_verify` stays True (meaning: use the connector's context).
    """

    def __init__(self, context: ssl.SSLContext, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._trust_context = context
        self._closed_for_good = False

    async def open(self) -> None:
        if self.session is None and not self._closed_for_good:  # type: ignore[has-type]
            # Same session options azure-core picks for the sessions it makes itself.
            self.session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=self._trust_context),
                trust_env=True,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
            )
        await super().open()

    async def close(self) -> None:
        self._closed_for_good = True
        await super().close()


def create_azure_transport(context: ssl.SSLContext, **kwargs: Any) -> TrustedAioHttpTransport:
    """Pass as `transport=` to azure async clients and credentials (one per client)."""
    if "session" in kwargs or "connection_verify" in kwargs:
        raise TypeError("create_azure_transport builds its own session from the context")
    return TrustedAioHttpTransport(context, **kwargs)

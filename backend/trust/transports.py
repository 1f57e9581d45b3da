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

__all__ = [
    "TrustedAioHttpTransport",
    "create_azure_session",
    "create_azure_transport",
    "create_httpx_client",
]


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


_TRUST_OVERRIDES = ("connection_verify", "connection_cert")


class TrustedAioHttpTransport(AioHttpTransport):  # type: ignore[misc]
    """AioHttpTransport that always verifies against the app's one context.

    - The context lives in the aiohttp connector. azure-core turns
      `connection_verify=<context>` into `create_default_context(cafile=...)`, which cannot
      take a context, so `connection_verify` stays True (meaning: use the connector's context).
    - Per-request `connection_verify` / `connection_cert` are dropped: the `azure-cosmos` SDK
      asks to skip verification whenever the endpoint is `localhost`/`127.0.0.1` (for its
      emulator), and a per-request certificate makes azure-core build a fresh default context.
      Either would bypass the enterprise trust.
    - Built from a context, the session is created lazily inside the event loop; built over a
      shared session (`over_session`), several SDK clients share one pool, closed by its owner.
    """

    def __init__(self, context: ssl.SSLContext | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._trust_context = context
        self._closed_for_good = False

    @classmethod
    def over_session(cls, session: aiohttp.ClientSession) -> TrustedAioHttpTransport:
        """A transport on a shared session, which its owner (not this transport) closes."""
        return cls(session=session, session_owner=False)

    async def open(self) -> None:
        if (
            self.session is None  # type: ignore[has-type]
            and self._trust_context is not None
            and not self._closed_for_good
        ):
            self.session = create_azure_session(self._trust_context)
        await super().open()

    async def close(self) -> None:
        self._closed_for_good = True
        await super().close()

    async def send(self, request: Any, **config: Any) -> Any:
        for option in _TRUST_OVERRIDES:
            config.pop(option, None)
        return await super().send(request, **config)


def create_azure_session(context: ssl.SSLContext) -> aiohttp.ClientSession:
    """An aiohttp session on the context that honours HTTPS_PROXY / NO_PROXY.

    The options are the ones azure-core picks for the sessions it makes itself.
    """
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(ssl=context),
        trust_env=True,
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,
    )


def create_azure_transport(context: ssl.SSLContext, **kwargs: Any) -> TrustedAioHttpTransport:
    """Pass as `transport=` to azure async clients and credentials (one per client)."""
    if "session" in kwargs or "connection_verify" in kwargs:
        raise TypeError("create_azure_transport builds its own session from the context")
    return TrustedAioHttpTransport(context, **kwargs)

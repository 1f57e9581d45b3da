"""Outbound clients, built once per process (and once per trust generation), never per request.

`OutboundClients` bundles everything that talks to Azure and carries the one TLS context.
`ClientsHolder` hands them out to requests as leases, so that a new set (after a CA bundle
rotation) can be swapped in atomically while the old set is closed only once the requests
that still use it have finished.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
import httpx2
from azure.core.credentials_async import AsyncTokenCredential
from azure.identity.aio import DefaultAzureCredential, get_bearer_token_provider
from openai import AsyncAzureOpenAI

from backend.settings import AppSettings
from backend.trust import (
    TrustedAioHttpTransport,
    create_azure_session,
    create_httpx_client,
)

logger = logging.getLogger(__name__)

COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default"


@dataclass
class OutboundClients:
    """One generation of outbound clients sharing one `ssl.SSLContext`."""

    tls: ssl.SSLContext
    http: httpx2.AsyncClient
    azure_session: aiohttp.ClientSession
    credential: AsyncTokenCredential | None = None
    openai: AsyncAzureOpenAI | None = None
    generation: int = 0
    extras: dict[str, object] = field(default_factory=dict)

    def azure_transport(self) -> TrustedAioHttpTransport:
        """An azure-core transport over the shared aiohttp session (and so the shared TLS)."""
        return TrustedAioHttpTransport.over_session(self.azure_session)

    async def aclose(self) -> None:
        # Clients of other areas built on this generation (e.g. the Cosmos DB history store)
        # close first: they use the session and credential closed below.
        for extra in self.extras.values():
            close = getattr(extra, "aclose", None)
            if close is not None:
                await close()
        if self.openai is not None:
            await self.openai.close()
        if self.credential is not None:
            await self.credential.close()
        await self.http.aclose()
        await self.azure_session.close()


def create_http_client(tls: ssl.SSLContext, *, max_connections: int) -> httpx2.AsyncClient:
    """The shared HTTP client handed to the openai SDK (and to prompt flow, functions...)."""
    return create_httpx_client(
        tls,
        limits=httpx2.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=60.0,
        ),
        timeout=httpx2.Timeout(120.0, connect=10.0),
    )


def create_credential(transport: TrustedAioHttpTransport) -> AsyncTokenCredential:
    """Entra ID credential (managed identity on App Service, developer sign-in locally)."""
    return DefaultAzureCredential(transport=transport)


def create_openai_client(
    settings: AppSettings,
    http: httpx2.AsyncClient,
    credential: AsyncTokenCredential | None,
) -> AsyncAzureOpenAI:
    """The Azure OpenAI client: API key when set, otherwise an Entra ID bearer token."""
    aoai = settings.azure_openai
    if aoai.endpoint is None:
        raise ValueError("AZURE_OPENAI_ENDPOINT (or AZURE_OPENAI_RESOURCE) is not set")
    provider = None
    if not aoai.key:
        if credential is None:
            raise ValueError("an Entra ID credential is required when AZURE_OPENAI_KEY is not set")
        provider = get_bearer_token_provider(credential, COGNITIVE_SERVICES_SCOPE)
    return AsyncAzureOpenAI(
        azure_endpoint=aoai.endpoint,
        api_version=aoai.preview_api_version,
        api_key=aoai.key,
        azure_ad_token_provider=provider,
        http_client=http,
        timeout=aoai.timeout_seconds,
        max_retries=aoai.max_retries,
        default_headers={"x-ms-useragent": "enterprise-chat-app/1.0"},
    )


def create_outbound_clients(
    settings: AppSettings, tls: ssl.SSLContext, *, generation: int = 0
) -> OutboundClients:
    """Build every outbound client for one trust generation. Call from a running event loop."""
    http = create_http_client(tls, max_connections=settings.server.outbound_max_connections)
    clients = OutboundClients(
        tls=tls, http=http, azure_session=create_azure_session(tls), generation=generation
    )
    if settings.azure_openai.configured:
        if not settings.azure_openai.key:
            clients.credential = create_credential(clients.azure_transport())
        clients.openai = create_openai_client(settings, http, clients.credential)
    return clients


class ClientsHolder:
    """Hands out the current `OutboundClients` and retires old generations safely."""

    def __init__(self, clients: OutboundClients) -> None:
        self._current = clients
        self._leases: dict[int, int] = {}
        self._retired: dict[int, OutboundClients] = {}
        self._closing: set[asyncio.Task[None]] = set()

    @property
    def current(self) -> OutboundClients:
        return self._current

    @asynccontextmanager
    async def lease(self) -> AsyncIterator[OutboundClients]:
        """Use the current clients for the duration of one request (or one stream)."""
        clients = self._current
        key = id(clients)
        self._leases[key] = self._leases.get(key, 0) + 1
        try:
            yield clients
        finally:
            self._leases[key] -= 1
            if self._leases[key] == 0:
                del self._leases[key]
                retired = self._retired.pop(key, None)
                if retired is not None:
                    self._close_later(retired)

    async def replace(self, clients: OutboundClients) -> None:
        """Swap in a new generation; the old one closes when its last lease ends."""
        old, self._current = self._current, clients
        if self._leases.get(id(old)):
            self._retired[id(old)] = old
        else:
            await old.aclose()

    async def aclose(self) -> None:
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)
        for retired in list(self._retired.values()):
            await retired.aclose()
        self._retired.clear()
        await self._current.aclose()

    def _close_later(self, clients: OutboundClients) -> None:
        task = asyncio.get_running_loop().create_task(clients.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

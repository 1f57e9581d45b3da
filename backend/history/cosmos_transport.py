"""An azure-core transport over the shared aiohttp session that always verifies certificates.

The `azure-cosmos` SDK asks its transport to skip certificate verification whenever the
endpoint's host is `localhost` or `127.0.0.1` (a convenience for the Cosmos DB emulator), and
a per-request `connection_cert` would make azure-core build a fresh default context. Either
would bypass the one TLS context this app builds. This transport drops both options, so every
request uses the session's connector, and so the shared context with CERT_REQUIRED and
hostname checks.
"""

from __future__ import annotations

from typing import Any

from azure.core.pipeline.transport import AioHttpTransport

from backend.clients import OutboundClients

__all__ = ["VerifyingTransport", "verifying_transport"]

_TRUST_OVERRIDES = ("connection_verify", "connection_cert")


class VerifyingTransport(AioHttpTransport):  # type: ignore[misc]  # azure.* is untyped here
    async def send(self, request: Any, **config: Any) -> Any:
        for option in _TRUST_OVERRIDES:
            config.pop(option, None)
        return await super().send(request, **config)


def verifying_transport(clients: OutboundClients) -> VerifyingTransport:
    """A transport on this generation's session (shared with the other azure-core clients)."""
    return VerifyingTransport(session=clients.azure_session, session_owner=False)

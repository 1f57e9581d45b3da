"""The signed-in user, from App Service authentication (Easy Auth) request headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

# Used only when authentication is explicitly off (local development).
DEVELOPMENT_USER_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class AuthenticatedUser:
    user_principal_id: str
    user_name: str
    auth_provider: str
    tenant_id: str | None = None
    # The user's Entra ID access token from the App Service token store, for calls made on
    # the user's behalf (Microsoft Graph groups for document-level security). Never logged.
    access_token: str | None = field(default=None, repr=False)


class HeaderLookup(Protocol):
    def get(self, key: str, /) -> str | None: ...


def get_authenticated_user(
    headers: HeaderLookup, *, auth_enabled: bool
) -> AuthenticatedUser | None:
    """The Easy Auth principal, the development user when auth is off, or None."""
    principal_id = headers.get("X-Ms-Client-Principal-Id")
    if principal_id:
        return AuthenticatedUser(
            user_principal_id=principal_id,
            user_name=headers.get("X-Ms-Client-Principal-Name") or "",
            auth_provider=headers.get("X-Ms-Client-Principal-Idp") or "",
            tenant_id=headers.get("X-Ms-Client-Principal-Tenant-Id") or None,
            access_token=headers.get("X-Ms-Token-Aad-Access-Token") or None,
        )
    if auth_enabled:
        return None
    return AuthenticatedUser(
        user_principal_id=DEVELOPMENT_USER_ID, user_name="developer", auth_provider="local"
    )

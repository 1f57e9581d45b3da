"""Document-level security for Azure AI Search (`AZURE_SEARCH_PERMITTED_GROUPS_COLUMN`).

The signed-in user's groups are read from Microsoft Graph with the user's own access token
(App Service authentication puts it in `X-Ms-Token-Aad-Access-Token`) and become the search
filter `<column>/any(g:search.in(g, 'id1, id2'))`: the model only sees documents one of the
user's groups may read. A user in no group sees nothing, never everything.

The payload is built synchronously, so it first carries a `PendingGroupFilter`; the chat
service resolves it (one Graph call, through the shared HTTP client) right before sending.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
from dataclasses import dataclass, field
from typing import Any

import httpx2
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from backend.envconfig import env_config
from backend.errors import AppError, UpstreamError
from backend.outbound_errors import describe_outbound_failure

logger = logging.getLogger(__name__)

NOT_SIGNED_IN_FOR_GROUPS = (
    "Document-level access control is on (AZURE_SEARCH_PERMITTED_GROUPS_COLUMN), but this "
    "request carries no user access token. Turn on App Service authentication with its token "
    "store, so that requests carry the X-Ms-Token-Aad-Access-Token header, and sign in again."
)
# Graph group ids are GUIDs; anything else must never reach the filter expression.
_GROUP_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")


class GraphSettings(BaseSettings):
    """`MICROSOFT_GRAPH_*`: where the user's groups are read (new settings of this app)."""

    model_config = env_config("MICROSOFT_GRAPH_")

    endpoint: str = "https://graph.microsoft.com"
    timeout_seconds: float = Field(default=10.0, gt=0)

    @field_validator("endpoint")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("must start with https:// (the user's token is sent there)")
        return value.rstrip("/")


@dataclass(frozen=True)
class PendingGroupFilter:
    """A search filter still to be computed from the user's Graph groups."""

    column: str
    user_token: str = field(repr=False)

    @classmethod
    def for_user(cls, column: str, user_token: str | None) -> PendingGroupFilter:
        if not user_token:
            raise AppError(NOT_SIGNED_IN_FOR_GROUPS, status=401)
        return cls(column=column, user_token=user_token)


def group_filter(column: str, group_ids: list[str]) -> str:
    """The Azure AI Search OData filter allowing documents of any of these groups."""
    return f"{column}/any(g:search.in(g, '{', '.join(group_ids)}'))"


async def fetch_group_ids(http: httpx2.AsyncClient, graph: GraphSettings, token: str) -> list[str]:
    """Every group the user belongs to, directly or through other groups (all pages)."""
    url: str | None = f"{graph.endpoint}/v1.0/me/transitiveMemberOf?$select=id"
    group_ids: list[str] = []
    try:
        async with asyncio.timeout(graph.timeout_seconds):
            while url:
                response = await http.get(
                    url,
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=graph.timeout_seconds,
                )
                if response.status_code != 200:
                    raise _status_error(response.status_code)
                body = response.json()
                for item in body.get("value", []):
                    group_id = str(item.get("id", ""))
                    if _GROUP_ID.match(group_id):
                        group_ids.append(group_id)
                url = _next_page(body.get("@odata.nextLink"), graph.endpoint)
    except UpstreamError:
        raise
    except Exception as exc:
        described = describe_outbound_failure(
            exc,
            service="Microsoft Graph (reading the user's groups)",
            url_setting="MICROSOFT_GRAPH_ENDPOINT",
            timeout=graph.timeout_seconds,
            timeout_setting="MICROSOFT_GRAPH_TIMEOUT_SECONDS",
        )
        logger.error("Reading the user's groups failed: %s", described.message, exc_info=exc)
        raise described from None
    return group_ids


def _next_page(link: object, endpoint: str) -> str | None:
    # The user's token goes only to the configured Graph endpoint, whatever a page says.
    if isinstance(link, str) and link.startswith(endpoint + "/"):
        return link
    if link:
        logger.warning("Ignoring a Graph next page link outside %s", endpoint)
    return None


def _status_error(status: int) -> UpstreamError:
    if status == 401:
        return UpstreamError(
            "Microsoft Graph refused the user's access token (401). Sign out and in again; the "
            "token must be issued for Microsoft Graph (App Service authentication's default).",
            status=401,
        )
    if status == 403:
        return UpstreamError(
            "Microsoft Graph denied reading the user's groups (403). Give the app registration "
            "the delegated permission GroupMember.Read.All (with admin consent).",
            status=403,
        )
    return UpstreamError(
        f"Microsoft Graph answered {status} while reading the user's groups. Try again.",
        status=502,
    )


async def resolve_group_filters(
    model_args: dict[str, Any], http: httpx2.AsyncClient, graph: GraphSettings
) -> dict[str, Any]:
    """`model_args` with every pending group filter replaced by the real filter string."""
    sources = (model_args.get("extra_body") or {}).get("data_sources") or []
    if not any(isinstance(s["parameters"].get("filter"), PendingGroupFilter) for s in sources):
        return model_args
    resolved = copy.copy(model_args)
    resolved["extra_body"] = {**model_args["extra_body"], "data_sources": []}
    for source in sources:
        pending = source["parameters"].get("filter")
        if isinstance(pending, PendingGroupFilter):
            group_ids = await fetch_group_ids(http, graph, pending.user_token)
            logger.debug("Document-level security: the user is in %d groups", len(group_ids))
            parameters = {**source["parameters"], "filter": group_filter(pending.column, group_ids)}
            source = {**source, "parameters": parameters}
        resolved["extra_body"]["data_sources"].append(source)
    return resolved

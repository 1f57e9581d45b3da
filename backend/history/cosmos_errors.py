"""Cosmos DB failures turned into `HistoryUnavailableError`s that say what to check.

The full exception stays chained (`raise ... from exc`) for the server log; the message names
the account, database or container and the setting to fix, never a key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from azure.core.exceptions import AzureError, ServiceRequestError, ServiceResponseError
from azure.cosmos import exceptions as cosmos_errors

from backend.errors import TRUST_HINT, is_certificate_failure
from backend.history.errors import HistoryUnavailableError
from backend.history.store import MessageIdTakenError

__all__ = ["CosmosLocation", "translated_errors"]


@dataclass(frozen=True)
class CosmosLocation:
    endpoint: str
    database: str
    container: str


@asynccontextmanager
async def translated_errors(where: CosmosLocation, what: str) -> AsyncIterator[None]:
    """Run the block; a Cosmos DB or connection failure becomes a `HistoryUnavailableError`
    whose message says it happened while `what` (e.g. "listing conversations")."""
    try:
        yield
    except (MessageIdTakenError, HistoryUnavailableError):
        raise
    except cosmos_errors.CosmosHttpResponseError as exc:
        raise _describe_status(where, exc, what) from exc
    except (ServiceRequestError, ServiceResponseError, aiohttp.ClientError, TimeoutError) as exc:
        raise _describe_connection(where, exc, what) from exc
    except AzureError as exc:
        raise HistoryUnavailableError(
            f"Cosmos DB failed while {what} ({exc.__class__.__name__}). See the server log."
        ) from exc


def _describe_status(
    where: CosmosLocation, exc: cosmos_errors.CosmosHttpResponseError, what: str
) -> HistoryUnavailableError:
    status = exc.status_code
    if status in (401, 403):
        return HistoryUnavailableError(
            f"Cosmos DB refused the credentials ({status}) while {what}. Check "
            "AZURE_COSMOSDB_ACCOUNT_KEY, or without a key give the app's identity the "
            "'Cosmos DB Built-in Data Contributor' role on the account.",
            kind="credentials",
        )
    if status == 404:
        return HistoryUnavailableError(
            f"Cosmos DB has no container {where.container!r} in database {where.database!r} "
            f"(404 while {what}). Check AZURE_COSMOSDB_DATABASE and "
            "AZURE_COSMOSDB_CONVERSATIONS_CONTAINER.",
            kind="container",
        )
    if status == 429:
        return HistoryUnavailableError(
            f"Cosmos DB is busy (429, request rate too large) while {what}. Try again, or "
            "raise the container's throughput."
        )
    if status == 413:
        # Messages are kept under the limit before saving; this is the last line of defence.
        return HistoryUnavailableError(
            f"Cosmos DB refused a document as too large (413) while {what}: an item may hold "
            "at most 2 MB."
        )
    return HistoryUnavailableError(
        f"Cosmos DB answered with status {status} while {what}. See the server log."
    )


def _describe_connection(
    where: CosmosLocation, exc: BaseException, what: str
) -> HistoryUnavailableError:
    if is_certificate_failure(exc):
        return HistoryUnavailableError(
            f"The connection to Cosmos DB at {where.endpoint} failed certificate verification "
            f"while {what}. " + TRUST_HINT,
            kind="unreachable",
        )
    return HistoryUnavailableError(
        f"Could not reach Cosmos DB at {where.endpoint} while {what}. Check "
        "AZURE_COSMOSDB_ACCOUNT (or AZURE_COSMOSDB_ENDPOINT), the network path and any proxy "
        "(HTTPS_PROXY / NO_PROXY).",
        kind="unreachable",
    )

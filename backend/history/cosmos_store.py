"""Chat history in Azure Cosmos DB (NoSQL API), in the sample app's container layout.

One container, partitioned by `/userId`, holds both conversation and message documents. Every
call names the user's partition *and* filters on `userId`, so one user's request can never
reach another user's documents. Lookups by id are single-partition queries rather than point
reads: they behave the same on real Cosmos DB and on the local test server, which fails point
reads of missing items.

The client is built from one generation of `OutboundClients`: its HTTP transport is the shared
aiohttp session (and so the shared TLS context, verification always on: see
`backend.trust.TrustedAioHttpTransport`), its Entra ID credential the shared one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Any

from azure.core import MatchConditions
from azure.cosmos import exceptions as cosmos_errors
from azure.cosmos.aio import CosmosClient

from backend.clients import OutboundClients, create_credential
from backend.history.cosmos_errors import CosmosLocation, translated_errors
from backend.history.documents import ConversationDoc, MessageDoc
from backend.history.errors import HistoryUnavailableError
from backend.history.store import MessageIdTakenError
from backend.settings import ChatHistorySettings

__all__ = ["CosmosStore", "create_cosmos_store"]

logger = logging.getLogger(__name__)

# Deletes of a conversation's messages run in parallel, but politely (RU budget).
_DELETE_CONCURRENCY = 8
_TOUCH_ATTEMPTS = 5


def create_cosmos_store(settings: ChatHistorySettings, clients: OutboundClients) -> CosmosStore:
    """Build the Cosmos DB store on the shared transport and credential. No I/O happens here."""
    endpoint = settings.cosmos_endpoint
    if not endpoint or not settings.database or not settings.conversations_container:
        raise ValueError("Cosmos DB chat history is not configured")
    credential: Any = settings.account_key
    if not credential:
        if clients.credential is None:
            # Azure OpenAI may use a key while Cosmos DB uses Entra ID: the generation's shared
            # credential is created here, and closed with the generation.
            clients.credential = create_credential(clients.azure_transport())
        credential = clients.credential
    client = CosmosClient(
        endpoint,
        credential=credential,
        transport=clients.azure_transport(),
        connection_timeout=10,
        timeout=30,
        user_agent_suffix="enterprise-chat-app",
    )
    return CosmosStore(
        client,
        endpoint=endpoint,
        database=settings.database,
        container=settings.conversations_container,
    )


class CosmosStore:
    kind = "cosmos"

    def __init__(self, client: CosmosClient, *, endpoint: str, database: str, container: str):
        self._client = client
        self._location = CosmosLocation(endpoint=endpoint, database=database, container=container)
        self._database = client.get_database_client(database)
        self._container = self._database.get_container_client(container)

    def describe(self) -> dict[str, str]:
        return {"store": "cosmos", **asdict(self._location)}

    @asynccontextmanager
    async def _translated(self, what: str) -> AsyncIterator[None]:
        async with translated_errors(self._location, what):
            yield

    # --- queries ------------------------------------------------------------------------

    async def _query(
        self, user_id: str, query: str, *, keep_system_fields: bool = False, **params: Any
    ) -> list[dict[str, Any]]:
        parameters: list[dict[str, object]] = [{"name": "@userId", "value": user_id}]
        parameters += [{"name": f"@{name}", "value": value} for name, value in params.items()]
        items = self._container.query_items(
            query=query, parameters=parameters, partition_key=user_id
        )
        if keep_system_fields:
            return [item async for item in items]
        return [_without_system_fields(item) async for item in items]

    async def _find(self, user_id: str, doc_id: str) -> dict[str, Any] | None:
        found = await self._query(
            user_id, "SELECT * FROM c WHERE c.userId = @userId AND c.id = @id", id=doc_id
        )
        return found[0] if found else None

    async def _patch(
        self, user_id: str, doc_id: str, changes: dict[str, Any], *, condition: str
    ) -> dict[str, Any] | None:
        """Set fields atomically if `condition` holds; None when the document is gone or the
        condition failed (both are races the callers treat as "nothing to do")."""
        try:
            patched = await self._container.patch_item(
                item=doc_id,
                partition_key=user_id,
                patch_operations=[
                    {"op": "set", "path": f"/{name}", "value": value}
                    for name, value in changes.items()
                ],
                filter_predicate=f"FROM c WHERE {condition}",
            )
        except (
            cosmos_errors.CosmosResourceNotFoundError,
            cosmos_errors.CosmosAccessConditionFailedError,
        ):
            return None
        return _without_system_fields(patched)

    # --- the store interface ------------------------------------------------------------

    async def check(self) -> None:
        async with self._translated("checking the database"):
            try:
                await self._database.read()
            except cosmos_errors.CosmosResourceNotFoundError as exc:
                raise HistoryUnavailableError(
                    f"Cosmos DB has no database {self._location.database!r} at "
                    f"{self._location.endpoint}. Check AZURE_COSMOSDB_DATABASE.",
                    kind="database",
                ) from exc
        async with self._translated("checking the conversations container"):
            await self._container.read()

    async def create_conversation(self, conversation: ConversationDoc) -> None:
        async with self._translated("creating a conversation"):
            await self._container.create_item(body=dict(conversation))

    async def get_conversation(self, user_id: str, conversation_id: str) -> ConversationDoc | None:
        async with self._translated("reading a conversation"):
            found = await self._query(
                user_id,
                "SELECT * FROM c WHERE c.userId = @userId AND c.id = @id "
                "AND c.type = 'conversation'",
                id=conversation_id,
            )
        return found[0] if found else None  # type: ignore[return-value]

    async def list_conversations(
        self, user_id: str, *, offset: int, limit: int
    ) -> list[ConversationDoc]:
        # TOP + ORDER BY works on Cosmos DB and the test server alike (OFFSET/LIMIT does not on
        # the latter); the first `offset` rows are skipped here.
        async with self._translated("listing conversations"):
            found = await self._query(
                user_id,
                f"SELECT TOP {int(offset) + int(limit)} * FROM c "  # noqa: S608 - integers only
                "WHERE c.userId = @userId AND c.type = 'conversation' ORDER BY c.updatedAt DESC",
            )
        return found[offset:]  # type: ignore[return-value]

    async def list_conversation_ids(self, user_id: str) -> list[str]:
        async with self._translated("listing conversations"):
            found = await self._query(
                user_id,
                "SELECT c.id FROM c WHERE c.userId = @userId AND c.type = 'conversation'",
            )
        return [item["id"] for item in found]

    async def rename_conversation(
        self, user_id: str, conversation_id: str, title: str
    ) -> ConversationDoc | None:
        async with self._translated("renaming a conversation"):
            patched = await self._patch(
                user_id, conversation_id, {"title": title}, condition="c.type = 'conversation'"
            )
        return patched  # type: ignore[return-value]

    async def touch_conversation(self, user_id: str, conversation_id: str, updated_at: str) -> None:
        # Optimistic concurrency (ETag): of two concurrent updates, the older time never wins.
        # (A patch filter on `c.updatedAt` would do it in one call, but the test server
        # lower-cases filter predicates, property names included.)
        async with self._translated("updating a conversation"):
            for _ in range(_TOUCH_ATTEMPTS):
                found = await self._query(
                    user_id,
                    "SELECT * FROM c WHERE c.userId = @userId AND c.id = @id "
                    "AND c.type = 'conversation'",
                    keep_system_fields=True,
                    id=conversation_id,
                )
                if not found or found[0].get("updatedAt", "") >= updated_at:
                    return
                try:
                    await self._container.patch_item(
                        item=conversation_id,
                        partition_key=user_id,
                        patch_operations=[{"op": "set", "path": "/updatedAt", "value": updated_at}],
                        etag=found[0]["_etag"],
                        match_condition=MatchConditions.IfNotModified,
                    )
                    return
                except cosmos_errors.CosmosAccessConditionFailedError:
                    continue  # changed meanwhile: look again
                except cosmos_errors.CosmosResourceNotFoundError:
                    return  # deleted meanwhile

    async def delete_conversation(self, user_id: str, conversation_id: str) -> bool:
        if await self.get_conversation(user_id, conversation_id) is None:
            return False
        # Messages first: a failure half-way leaves a conversation the user can delete again.
        await self.delete_messages(user_id, conversation_id)
        async with self._translated("deleting a conversation"):
            await self._delete(user_id, conversation_id)
        # A message appended while the conversation was being deleted would be orphaned.
        await self.delete_messages(user_id, conversation_id)
        return True

    async def _delete(self, user_id: str, doc_id: str) -> None:
        # Already gone is fine: deleting is idempotent.
        with contextlib.suppress(cosmos_errors.CosmosResourceNotFoundError):
            await self._container.delete_item(item=doc_id, partition_key=user_id)

    async def save_message(self, message: MessageDoc) -> MessageDoc:
        async with self._translated("saving a message"):
            for _ in range(2):
                existing = await self._find(message["userId"], message["id"])
                if existing is not None:
                    return await self._update_message(existing, message)
                try:
                    created = await self._container.create_item(body=dict(message))
                except cosmos_errors.CosmosResourceExistsError:
                    continue  # created concurrently: update it instead
                return _without_system_fields(created)  # type: ignore[return-value]
        raise HistoryUnavailableError("Cosmos DB kept reporting a conflict while saving a message.")

    async def _update_message(self, existing: dict[str, Any], message: MessageDoc) -> MessageDoc:
        if (
            existing.get("type") != "message"
            or existing.get("conversationId") != message["conversationId"]
        ):
            raise MessageIdTakenError(message["id"])
        changes = {
            "role": message["role"],
            "content": message["content"],
            "updatedAt": message["updatedAt"],
        }
        patched = await self._patch(
            message["userId"], message["id"], changes, condition="c.type = 'message'"
        )
        return patched or {**existing, **changes}  # type: ignore[return-value]

    async def list_messages(self, user_id: str, conversation_id: str) -> list[MessageDoc]:
        async with self._translated("reading messages"):
            found = await self._query(
                user_id,
                "SELECT * FROM c WHERE c.userId = @userId AND c.type = 'message' "
                "AND c.conversationId = @conversationId ORDER BY c.createdAt ASC",
                conversationId=conversation_id,
            )
        return found  # type: ignore[return-value]

    async def delete_messages(self, user_id: str, conversation_id: str) -> int:
        async with self._translated("deleting messages"):
            found = await self._query(
                user_id,
                "SELECT c.id FROM c WHERE c.userId = @userId AND c.type = 'message' "
                "AND c.conversationId = @conversationId",
                conversationId=conversation_id,
            )
            await _bounded_gather([self._delete(user_id, item["id"]) for item in found])
        return len(found)

    async def set_feedback(self, user_id: str, message_id: str, feedback: str) -> bool:
        async with self._translated("saving feedback"):
            patched = await self._patch(
                user_id, message_id, {"feedback": feedback}, condition="c.type = 'message'"
            )
        return patched is not None

    async def aclose(self) -> None:
        # The transport's session belongs to the OutboundClients generation (closed with it).
        await self._client.close()


def _without_system_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if not key.startswith("_")}


async def _bounded_gather(calls: list[Coroutine[Any, Any, None]]) -> None:
    semaphore = asyncio.Semaphore(_DELETE_CONCURRENCY)

    async def run(call: Coroutine[Any, Any, None]) -> None:
        async with semaphore:
            await call

    await asyncio.gather(*(run(call) for call in calls))

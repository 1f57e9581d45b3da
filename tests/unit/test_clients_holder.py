"""Swapping outbound clients (a trust rotation) never closes clients a request still uses."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from backend.clients import ClientsHolder, OutboundClients


class FakeClients:
    def __init__(self, name: str) -> None:
        self.name = name
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True


def holder_with(clients: FakeClients) -> ClientsHolder:
    return ClientsHolder(cast(OutboundClients, clients))


async def test_lease_gives_the_current_clients() -> None:
    first = FakeClients("first")
    holder = holder_with(first)

    async with holder.lease() as leased:
        assert cast(Any, leased) is first


async def test_unused_old_clients_close_at_once_on_replace() -> None:
    first, second = FakeClients("first"), FakeClients("second")
    holder = holder_with(first)

    await holder.replace(cast(OutboundClients, second))

    assert first.closed
    assert cast(Any, holder.current) is second


async def test_leased_old_clients_close_only_after_the_lease_ends() -> None:
    first, second = FakeClients("first"), FakeClients("second")
    holder = holder_with(first)

    async with holder.lease() as in_flight:
        await holder.replace(cast(OutboundClients, second))
        assert not first.closed  # the streaming request still uses them
        async with holder.lease() as new_request:
            assert cast(Any, new_request) is second
        assert cast(Any, in_flight) is first
    await asyncio.sleep(0)  # closing is scheduled, not awaited inside the request
    await asyncio.sleep(0)
    assert first.closed
    assert not second.closed


async def test_aclose_closes_current_and_retired() -> None:
    first, second = FakeClients("first"), FakeClients("second")
    holder = holder_with(first)
    async with holder.lease():
        await holder.replace(cast(OutboundClients, second))
        await holder.aclose()
    assert first.closed and second.closed

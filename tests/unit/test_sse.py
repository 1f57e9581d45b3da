"""Reading Azure OpenAI's event stream without the SDK's per-chunk models."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from backend.chat.sse import read_chunks
from backend.errors import UpstreamError


async def lines_of(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def collect(*lines: str) -> list[dict[str, object]]:
    return [chunk async for chunk in read_chunks(lines_of(*lines))]


async def test_data_events_are_parsed_and_separators_skipped() -> None:
    chunks = await collect('data: {"id": "a"}', "", ": keep-alive", 'data:{"id": "b"}', "")

    assert chunks == [{"id": "a"}, {"id": "b"}]


async def test_nothing_after_done_is_yielded_but_everything_is_read() -> None:
    read: list[str] = []

    async def tracking() -> AsyncIterator[str]:
        for line in ('data: {"id": "a"}', "data: [DONE]", 'data: {"id": "late"}', ""):
            read.append(line)
            yield line

    chunks = [chunk async for chunk in read_chunks(tracking())]

    assert chunks == [{"id": "a"}]
    assert len(read) == 4  # drained to the end, so the connection can be reused


async def test_error_event_raises_a_safe_message() -> None:
    with pytest.raises(UpstreamError) as raised:
        await collect('data: {"id": "a"}', 'data: {"error": {"code": "content_filter"}}')

    assert "content management policy" in raised.value.message

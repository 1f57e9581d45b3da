"""Chat with your data through the real app, the openai SDK and the emulator over TLS."""

from __future__ import annotations

import json
import logging

import pytest
from quart.testing import QuartClient

from tests.conftest import emulator_env
from tests.support.app_client import app_client
from tests.support.conversation import (
    assistant_text,
    messages_of,
    parse_lines,
    tool_payloads,
    user_turn,
)
from tests.support.emulator import EmulatorHandle

SEARCH_KEY = "search-admin-key-never-logged"
SYSTEM_MESSAGE = "Answer from the Contoso handbook only."


def search_env(emulator: EmulatorHandle, **overrides: str) -> dict[str, str]:
    return emulator_env(
        emulator,
        DATASOURCE_TYPE="AzureCognitiveSearch",
        AZURE_SEARCH_SERVICE="contoso-search",
        AZURE_SEARCH_INDEX="handbook",
        AZURE_SEARCH_KEY=SEARCH_KEY,
        AZURE_SEARCH_QUERY_TYPE="vectorSimpleHybrid",
        AZURE_OPENAI_EMBEDDING_NAME="text-embedding-3-small",
        AZURE_OPENAI_SYSTEM_MESSAGE=SYSTEM_MESSAGE,
        **overrides,
    )


@pytest.fixture
def app_env(emulator: EmulatorHandle) -> dict[str, str]:
    return search_env(emulator)


async def test_streamed_answer_sends_citations_before_the_text(client: QuartClient) -> None:
    response = await client.post("/conversation", json=user_turn("What is the leave policy?"))

    assert response.status_code == 200
    lines = parse_lines(await response.get_data())
    roles = [m["role"] for m in messages_of(lines) if m.get("content")]
    assert roles[0] == "tool"
    assert "tool" not in roles[1:]
    (context,) = tool_payloads(lines)
    assert [c["title"] for c in context["citations"]] == ["Document 1", "Document 2"]
    assert context["intent"] == '["What is the leave policy?"]'
    assert "[doc1]" in assistant_text(lines)


async def test_the_data_source_reaches_azure_openai_as_configured(
    client: QuartClient, emulator: EmulatorHandle
) -> None:
    await client.post("/conversation", json=user_turn("/echo ok"))

    ((source,),) = emulator.data_sources()
    parameters = source["parameters"]
    assert source["type"] == "azure_search"
    assert parameters["endpoint"] == "https://contoso-search.search.windows.net"
    assert parameters["authentication"] == {"type": "api_key", "key": SEARCH_KEY}
    assert parameters["query_type"] == "vector_simple_hybrid"
    assert parameters["embedding_dependency"] == {
        "type": "deployment_name",
        "deployment_name": "text-embedding-3-small",
    }
    assert parameters["role_information"] == SYSTEM_MESSAGE
    (request,) = emulator.requests()
    assert [m["role"] for m in request["body"]["messages"]] == ["user"]


async def test_citations_sent_back_by_the_browser_are_not_replayed_to_the_model(
    client: QuartClient,
) -> None:
    earlier = [
        {"id": "1", "role": "user", "content": "Leave?"},
        {"id": "2", "role": "tool", "content": '{"citations": [], "intent": "[]"}'},
        {"id": "3", "role": "assistant", "content": "25 days [doc1]"},
    ]

    response = await client.post("/conversation", json=user_turn("/echo And sick leave?", *earlier))

    lines = parse_lines(await response.get_data())
    assert response.status_code == 200
    assert assistant_text(lines) == "And sick leave?"


async def test_non_streaming_answer_has_the_tool_message_first(emulator: EmulatorHandle) -> None:
    async with app_client(search_env(emulator, AZURE_OPENAI_STREAM="false")) as client:
        response = await client.post("/conversation", json=user_turn("What is the leave policy?"))
        body = await response.get_json()

    messages = body["choices"][0]["messages"]
    assert [m["role"] for m in messages] == ["tool", "assistant"]
    assert len(json.loads(messages[0]["content"])["citations"]) == 2
    assert "[doc1]" in messages[1]["content"]


async def test_debug_log_of_the_request_masks_the_search_key(
    client: QuartClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="backend"):
        response = await client.post("/conversation", json=user_turn("/echo ok"))
        await response.get_data()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Chat request" in logged
    assert '"key": "*****"' in logged
    assert SEARCH_KEY not in logged

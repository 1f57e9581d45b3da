"""History with the other answer modes: on your data (citations) and non-streaming."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.history.conftest import serving

SEARCH = {
    "DATASOURCE_TYPE": "AzureCognitiveSearch",
    "AZURE_SEARCH_SERVICE": "contoso-search",
    "AZURE_SEARCH_INDEX": "handbook",
    "AZURE_SEARCH_KEY": "search-key",
}


def parse_lines(body: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in body.decode().splitlines() if line.strip()]


async def test_citations_are_saved_beside_the_answer(history_env: dict[str, str]) -> None:
    async with serving({**history_env, **SEARCH}) as client:
        response = await client.post(
            "/history/generate",
            json={"messages": [{"id": "q", "role": "user", "content": "Leave policy?"}]},
        )
        lines = parse_lines(await response.get_data())
        conversation_id = lines[-1]["history_metadata"]["conversation_id"]
        streamed = [m for line in lines for m in line["choices"][0]["messages"]]
        answer_id = next(line["id"] for line in lines if line["choices"][0]["messages"])
        tool = next(m for m in streamed if m["role"] == "tool")
        answer = "".join(m["content"] for m in streamed if m["role"] == "assistant")
        # What the sample frontend then sends: both messages carry the line id.
        update = await client.post(
            "/history/update",
            json={
                "conversation_id": conversation_id,
                "messages": [
                    {"id": "q", "role": "user", "content": "Leave policy?"},
                    {"id": answer_id, "role": "tool", "content": tool["content"]},
                    {"id": answer_id, "role": "assistant", "content": answer},
                ],
            },
        )
        read = await client.post("/history/read", json={"conversation_id": conversation_id})
        saved = (await read.get_json())["messages"]

    assert update.status_code == 200
    assert [(m["id"], m["role"]) for m in saved] == [
        ("q", "user"),
        (f"{answer_id}-tool", "tool"),
        (answer_id, "assistant"),
    ]
    assert json.loads(saved[1]["content"])["citations"][0]["title"] == "Document 1"
    assert saved[2]["content"] == answer and "[doc1]" in answer


async def test_a_non_streaming_answer_is_saved_too(history_env: dict[str, str]) -> None:
    async with serving({**history_env, "AZURE_OPENAI_STREAM": "false"}) as client:
        response = await client.post(
            "/history/generate",
            json={"messages": [{"id": "q", "role": "user", "content": "/echo all at once"}]},
        )
        body = await response.get_json()
        conversation_id = body["history_metadata"]["conversation_id"]
        read = await client.post("/history/read", json={"conversation_id": conversation_id})

    assert response.status_code == 200 and "error" not in body
    assert body["choices"][0]["messages"][-1]["content"] == "all at once"
    assert [(m["role"], m["content"]) for m in (await read.get_json())["messages"]] == [
        ("user", "/echo all at once"),
        ("assistant", "all at once"),
    ]

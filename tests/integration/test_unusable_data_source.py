"""A data source Azure OpenAI cannot use: the user is told which settings to check.

The emulator answers with Azure's 400 shape (`code` 400, `requestid`, a message quoting the
index); the app must name this app's variables and pass on none of Azure's text or secrets.
"""

from __future__ import annotations

import json

from tests.conftest import emulator_env
from tests.integration.test_on_your_data import SEARCH_KEY, search_env
from tests.support.app_client import app_client
from tests.support.conversation import user_turn
from tests.support.emulator import EmulatorHandle

ELASTIC_KEY = "elastic-encoded-key-never-shown"


async def ask(env: dict[str, str]) -> tuple[int, str, str]:
    """Status, content type and the `error` message of one chat request."""
    async with app_client(env) as client:
        response = await client.post("/conversation", json=user_turn("What is the leave policy?"))
        body = await response.get_data()
    return response.status_code, response.content_type or "", str(json.loads(body)["error"])


def assert_nothing_of_azure_is_repeated(message: str, *secrets: str) -> None:
    for text in ("handbook", "configuration detected", "Server responded", *secrets):
        assert text not in message


async def test_streaming_missing_search_index_names_the_search_settings(
    emulator: EmulatorHandle,
) -> None:
    emulator.configure(fault="datasource", datasource_failure="index")

    status, content_type, message = await ask(search_env(emulator))

    assert status == 400
    assert content_type.startswith("application/json")
    assert "could not use the data source (Azure AI Search)" in message
    assert "the index or database was not found" in message
    assert "AZURE_SEARCH_SERVICE, AZURE_SEARCH_INDEX" in message
    assert "check the model settings" not in message.lower()
    assert_nothing_of_azure_is_repeated(message, SEARCH_KEY)


async def test_non_streaming_refused_search_key_names_the_key_and_the_role(
    emulator: EmulatorHandle,
) -> None:
    emulator.configure(fault="datasource", datasource_failure="key")

    status, _, message = await ask(search_env(emulator, AZURE_OPENAI_STREAM="false"))

    assert status == 400
    assert "refused Azure OpenAI's credentials" in message
    assert "AZURE_SEARCH_KEY" in message
    assert "Search Index Data Reader" in message
    assert_nothing_of_azure_is_repeated(message, SEARCH_KEY)


async def test_elasticsearch_fields_mapping_names_the_column_settings(
    emulator: EmulatorHandle,
) -> None:
    emulator.configure(fault="datasource", datasource_failure="fields")
    env = emulator_env(
        emulator,
        DATASOURCE_TYPE="Elasticsearch",
        ELASTICSEARCH_ENDPOINT="https://contoso.es.example.com",
        ELASTICSEARCH_INDEX="handbook",
        ELASTICSEARCH_ENCODED_API_KEY=ELASTIC_KEY,
        ELASTICSEARCH_CONTENT_COLUMNS="body_text",
    )

    for stream in ("true", "false"):
        status, _, message = await ask({**env, "AZURE_OPENAI_STREAM": stream})

        assert status == 400
        assert "(Elasticsearch): the fields mapping names fields it does not have" in message
        assert "ELASTICSEARCH_CONTENT_COLUMNS" in message
        assert_nothing_of_azure_is_repeated(message, ELASTIC_KEY, "body_text")


async def test_the_fault_clears_and_the_next_answer_works(emulator: EmulatorHandle) -> None:
    emulator.configure(fault="datasource", fault_count=1)

    first, _, _ = await ask(search_env(emulator, AZURE_OPENAI_STREAM="false"))
    async with app_client(search_env(emulator, AZURE_OPENAI_STREAM="false")) as client:
        second = await client.post("/conversation", json=user_turn("/echo fine"))

    assert (first, second.status_code) == (400, 200)

"""Which chat history store a configuration selects, and what it says when it cannot."""

from __future__ import annotations

import pytest

from backend.errors import ConfigurationError
from tests.conftest import settings_from

COSMOS = {
    "AZURE_COSMOSDB_ACCOUNT": "contoso-history",
    "AZURE_COSMOSDB_DATABASE": "db_conversation_history",
    "AZURE_COSMOSDB_CONVERSATIONS_CONTAINER": "conversations",
}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "none"),
        (COSMOS, "cosmos"),
        ({**COSMOS, "CHAT_HISTORY_STORE": "auto"}, "cosmos"),
        ({"CHAT_HISTORY_STORE": "sqlite"}, "sqlite"),
        ({**COSMOS, "CHAT_HISTORY_STORE": "sqlite"}, "sqlite"),
        ({**COSMOS, "CHAT_HISTORY_STORE": "none"}, "none"),
        ({**COSMOS, "AZURE_COSMOSDB_DATABASE": ""}, "none"),
    ],
)
def test_the_store_follows_the_settings(env: dict[str, str], expected: str) -> None:
    assert settings_from(env).chat_history.selected_store == expected


def test_cosmos_endpoint_comes_from_the_account_name() -> None:
    history = settings_from(COSMOS).chat_history

    assert history.cosmos_endpoint == "https://contoso-history.documents.azure.com:443/"
    assert history.sqlite_path == "data/chat-history.sqlite3"


def test_cosmos_forced_without_its_settings_names_what_is_missing() -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from({"CHAT_HISTORY_STORE": "cosmos"})

    assert "CHAT_HISTORY_STORE=cosmos needs AZURE_COSMOSDB_ACCOUNT" in caught.value.message


def test_an_unknown_store_is_refused_with_the_variable_name() -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from({"CHAT_HISTORY_STORE": "mongo"})

    assert "CHAT_HISTORY_STORE" in caught.value.message
    assert "'auto', 'cosmos', 'sqlite' or 'none'" in caught.value.message


def test_a_plain_http_cosmos_endpoint_is_refused() -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from({**COSMOS, "AZURE_COSMOSDB_ENDPOINT": "http://localhost:8081/"})

    assert "AZURE_COSMOSDB_ENDPOINT must start with https://" in caught.value.message

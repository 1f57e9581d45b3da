"""Incomplete or contradictory chat-mode settings stop the app with one message naming them."""

from __future__ import annotations

import pytest

from backend.errors import ConfigurationError
from tests.conftest import settings_from

BASE_ENV = {
    "AZURE_OPENAI_ENDPOINT": "https://contoso.openai.azure.com",
    "AZURE_OPENAI_MODEL": "gpt-4o",
    "AZURE_OPENAI_KEY": "openai-secret-key",
}


def startup_error(env: dict[str, str]) -> str:
    with pytest.raises(ConfigurationError) as caught:
        settings_from({**BASE_ENV, **env})
    return caught.value.message


@pytest.mark.parametrize(
    ("datasource_type", "required"),
    [
        ("AzureCognitiveSearch", ["AZURE_SEARCH_SERVICE", "AZURE_SEARCH_INDEX"]),
        (
            "AzureCosmosDB",
            [
                "AZURE_COSMOSDB_MONGO_VCORE_CONNECTION_STRING",
                "AZURE_COSMOSDB_MONGO_VCORE_DATABASE",
                "AZURE_COSMOSDB_MONGO_VCORE_CONTAINER",
                "AZURE_COSMOSDB_MONGO_VCORE_INDEX",
            ],
        ),
        ("Elasticsearch", ["ELASTICSEARCH_ENDPOINT", "ELASTICSEARCH_INDEX"]),
        ("Pinecone", ["PINECONE_ENVIRONMENT", "PINECONE_API_KEY", "PINECONE_INDEX_NAME"]),
        (
            "AzureMLIndex",
            ["AZURE_MLINDEX_NAME", "AZURE_MLINDEX_VERSION", "AZURE_ML_PROJECT_RESOURCE_ID"],
        ),
        (
            "MongoDB",
            [
                "MONGODB_ENDPOINT",
                "MONGODB_USERNAME",
                "MONGODB_PASSWORD",
                "MONGODB_DATABASE_NAME",
                "MONGODB_COLLECTION_NAME",
                "MONGODB_APP_NAME",
                "MONGODB_INDEX_NAME",
            ],
        ),
    ],
)
def test_missing_settings_of_the_chosen_type_are_named_in_one_message(
    datasource_type: str, required: list[str]
) -> None:
    message = startup_error({"DATASOURCE_TYPE": datasource_type})

    assert f"DATASOURCE_TYPE={datasource_type} needs {', '.join(required)} (not set)" in message


def test_sql_server_needs_a_connection_string_or_a_server_for_managed_identity() -> None:
    message = startup_error(
        {"DATASOURCE_TYPE": "AzureSqlServer", "AZURE_SQL_SERVER_DATABASE_SERVER": "db"}
    )

    assert "AZURE_SQL_SERVER_CONNECTION_STRING" in message
    assert "AZURE_SQL_SERVER_PORT" in message


def test_unknown_datasource_type_lists_the_supported_ones() -> None:
    message = startup_error({"DATASOURCE_TYPE": "AzureSearch"})

    assert "DATASOURCE_TYPE='AzureSearch' is not supported" in message
    assert "AzureCognitiveSearch" in message
    assert "MongoDB" in message


def test_unknown_query_type_lists_the_valid_ones() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "AzureCognitiveSearch",
            "AZURE_SEARCH_SERVICE": "contoso",
            "AZURE_SEARCH_INDEX": "handbook",
            "AZURE_SEARCH_QUERY_TYPE": "fuzzy",
        }
    )

    assert "AZURE_SEARCH_QUERY_TYPE: 'fuzzy' is not a query type" in message
    assert "vector_semantic_hybrid" in message


def test_vector_search_without_an_embedding_model_says_what_to_set() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "AzureCognitiveSearch",
            "AZURE_SEARCH_SERVICE": "contoso",
            "AZURE_SEARCH_INDEX": "handbook",
            "AZURE_SEARCH_QUERY_TYPE": "vectorSimpleHybrid",
        }
    )

    assert "AZURE_SEARCH_QUERY_TYPE=vector_simple_hybrid needs an embedding model" in message
    assert "AZURE_OPENAI_EMBEDDING_NAME" in message


def test_semantic_search_without_its_configuration_name_is_refused() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "AzureCognitiveSearch",
            "AZURE_SEARCH_SERVICE": "contoso",
            "AZURE_SEARCH_INDEX": "handbook",
            "AZURE_SEARCH_QUERY_TYPE": "semantic",
        }
    )

    assert "needs AZURE_SEARCH_SEMANTIC_SEARCH_CONFIG" in message


def test_a_search_url_given_as_the_service_name_is_explained() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "AzureCognitiveSearch",
            "AZURE_SEARCH_SERVICE": "https://contoso.search.windows.net",
            "AZURE_SEARCH_INDEX": "handbook",
        }
    )

    assert "AZURE_SEARCH_SERVICE: give the search service's name" in message


def test_pinecone_needs_its_content_columns() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "Pinecone",
            "PINECONE_ENVIRONMENT": "env",
            "PINECONE_API_KEY": "k",
            "PINECONE_INDEX_NAME": "i",
            "AZURE_OPENAI_EMBEDDING_NAME": "embed",
        }
    )

    assert "needs the fields mapping PINECONE_CONTENT_COLUMNS" in message


def test_elasticsearch_needs_one_of_its_two_key_forms() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "Elasticsearch",
            "ELASTICSEARCH_ENDPOINT": "https://es.example.com",
            "ELASTICSEARCH_INDEX": "i",
            "ELASTICSEARCH_KEY": "only-half",
        }
    )

    assert "ELASTICSEARCH_ENCODED_API_KEY (or both ELASTICSEARCH_KEY and ELASTICSEARCH_KEY_ID)" in (
        message
    )


def test_invalid_values_never_echo_secrets() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "AzureCognitiveSearch",
            "AZURE_SEARCH_SERVICE": "contoso",
            "AZURE_SEARCH_INDEX": "handbook",
            "AZURE_SEARCH_KEY": "very-secret-search-key",
            "AZURE_SEARCH_STRICTNESS": "9",
        }
    )

    assert "AZURE_SEARCH_STRICTNESS" in message
    assert "very-secret-search-key" not in message


def test_prompt_flow_switched_on_without_its_endpoint_and_key() -> None:
    message = startup_error({"USE_PROMPTFLOW": "true"})

    assert "USE_PROMPTFLOW=true needs PROMPTFLOW_ENDPOINT, PROMPTFLOW_API_KEY (not set)" in message


def test_function_calling_switched_on_without_its_urls() -> None:
    message = startup_error({"AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_ENABLED": "true"})

    assert (
        "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_ENABLED=true needs "
        "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_TOOLS_BASE_URL, "
        "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_TOOL_BASE_URL (not set)"
    ) in message


def test_data_source_and_function_calling_together_are_refused() -> None:
    message = startup_error(
        {
            "DATASOURCE_TYPE": "AzureCognitiveSearch",
            "AZURE_SEARCH_SERVICE": "contoso",
            "AZURE_SEARCH_INDEX": "handbook",
            "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_ENABLED": "true",
            "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_TOOLS_BASE_URL": "https://f/api/tools",
            "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_TOOL_BASE_URL": "https://f/api/tool",
        }
    )

    assert "cannot be combined" in message


def test_keys_are_never_sent_to_plain_http_endpoints() -> None:
    message = startup_error(
        {
            "USE_PROMPTFLOW": "true",
            "PROMPTFLOW_ENDPOINT": "http://flow.example.com/score",
            "PROMPTFLOW_API_KEY": "k",
            "MICROSOFT_GRAPH_ENDPOINT": "http://graph.example.com",
        }
    )

    assert "PROMPTFLOW_ENDPOINT: must start with https://" in message
    assert "MICROSOFT_GRAPH_ENDPOINT: must start with https://" in message

"""A 400 about the "on your data" source names that source's settings, never Azure's text."""

from __future__ import annotations

import pytest

from backend.errors import describe_upstream_error
from tests.unit.test_errors import status_error

SEARCH_CHECKLIST = (
    "Check if you are using the correct Azure Search endpoint and index name. If you are using "
    "key based authentication, check if the admin key is correct."
)


def azure_400(message: str, **extra: object) -> dict[str, object]:
    """Azure's on-your-data error shape: a numeric code and a request id beside the message."""
    return {"error": {"requestid": "9ad0e3db-ef59-4ffc", "code": 400, "message": message, **extra}}


def describe(body: object, datasource_type: str | None) -> str:
    described = describe_upstream_error(
        status_error(400, body=body), deployment="gpt-4o", datasource_type=datasource_type
    )
    assert described.status == 400
    return described.message


@pytest.mark.parametrize(
    ("datasource_type", "azure_message", "expected"),
    [
        (
            "AzureCognitiveSearch",
            "Invalid AzureCognitiveSearch configuration detected: Call to get Azure Search index "
            f"failed. {SEARCH_CHECKLIST}\nAzure Search Error: 403, message='Server responded "
            "with status 403.'",
            ["(Azure AI Search): it refused Azure OpenAI's credentials", "AZURE_SEARCH_KEY"],
        ),
        (
            "AzureCognitiveSearch",
            "Invalid AzureCognitiveSearch configuration detected: Call to get Azure Search index "
            f"failed. {SEARCH_CHECKLIST}\nAzure Search Error: 404, message='Not Found'",
            ["(Azure AI Search): the index or database was not found", "AZURE_SEARCH_INDEX"],
        ),
        (
            "AzureCognitiveSearch",
            "An error occurred when calling Azure Cognitive Search: AzureSearch: Wrong content "
            "columns provided. Cannot find the following columns in result set: body_text",
            ["fields mapping names fields it does not have", "AZURE_SEARCH_CONTENT_COLUMNS"],
        ),
        (
            "Elasticsearch",
            "Invalid Elasticsearch configuration detected: index 'handbook' does not exist",
            ["(Elasticsearch): the index or database was not found", "ELASTICSEARCH_INDEX"],
        ),
        (
            "Elasticsearch",
            "An error occurred when calling Elasticsearch: 401 Unauthorized",
            ["ELASTICSEARCH_ENCODED_API_KEY, or ELASTICSEARCH_KEY with ELASTICSEARCH_KEY_ID"],
        ),
        (
            "AzureCosmosDB",
            "An error occurred when calling Azure Cosmos DB: vector field 'body_text' not in index",
            [
                "(Azure Cosmos DB for MongoDB vCore): the fields mapping",
                "AZURE_COSMOSDB_MONGO_VCORE_VECTOR_COLUMNS",
            ],
        ),
        (
            "AzureCosmosDB",
            "Invalid AzureCosmosDB configuration detected: authentication failed: forbidden",
            ["refused Azure OpenAI's credentials", "AZURE_COSMOSDB_MONGO_VCORE_CONNECTION_STRING"],
        ),
    ],
)
def test_data_source_rejection_names_the_settings_to_check(
    datasource_type: str, azure_message: str, expected: list[str]
) -> None:
    message = describe(azure_400(azure_message), datasource_type)

    assert message.startswith("Azure OpenAI could not use the data source (")
    for text in expected:
        assert text in message
    for azure_text in ("configuration detected", "handbook", "body_text", "responded"):
        assert azure_text not in message
    assert "AZURE_OPENAI_MAX_TOKENS" not in message


def test_an_unspecific_rejection_lists_location_access_and_fields() -> None:
    body = azure_400("Validation error at #/data_sources/0/parameters: Input should be valid")

    message = describe(body, "AzureCosmosDB")

    assert "AZURE_COSMOSDB_MONGO_VCORE_INDEX" in message
    assert "AZURE_COSMOSDB_MONGO_VCORE_CONNECTION_STRING" in message
    assert "AZURE_COSMOSDB_MONGO_VCORE_CONTENT_COLUMNS" in message
    assert "Validation error" not in message


def test_the_innererror_code_alone_marks_a_data_source_failure() -> None:
    body = {
        "error": {"code": "BadRequest", "message": "x", "innererror": {"code": "DataSourceError"}}
    }

    assert "(Azure AI Search)" in describe(body, "AzureCognitiveSearch")


def test_a_400_about_the_model_still_points_at_the_model_settings() -> None:
    body = azure_400("max_tokens is too large: 900000. This model supports at most 16384.")

    message = describe(body, "AzureCognitiveSearch")

    assert "AZURE_OPENAI_MAX_TOKENS" in message
    assert "data source" not in message


def test_without_a_data_source_the_same_text_gets_the_model_message() -> None:
    body = azure_400("Invalid AzureCognitiveSearch configuration detected: 404")

    assert "AZURE_OPENAI_MAX_TOKENS" in describe(body, None)


def test_content_filter_wins_over_the_data_source() -> None:
    body = {"error": {"code": "content_filter", "message": "filtered by the data source policy"}}

    assert "content management policy" in describe(body, "Elasticsearch")


def test_an_unknown_type_is_named_by_its_variable() -> None:
    message = describe(azure_400("data_sources[0] failed"), "SomethingNew")

    assert "DATASOURCE_TYPE=SomethingNew" in message

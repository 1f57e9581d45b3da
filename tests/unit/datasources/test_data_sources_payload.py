"""The `data_sources` entry sent to Azure OpenAI, for every type and authentication, pinned
by JSON snapshots under tests/unit/snapshots/data_sources/ (UPDATE_SNAPSHOTS=1 rewrites them).
"""

from __future__ import annotations

from typing import Any

import pytest

from backend.auth import AuthenticatedUser
from backend.chat.arguments import build_model_args
from backend.chat.models import parse_conversation_request
from backend.datasources import PendingGroupFilter
from backend.datasources.permissions import group_filter
from tests.conftest import settings_from
from tests.support.snapshots import assert_matches_snapshot

BASE_ENV = {
    "AZURE_OPENAI_ENDPOINT": "https://contoso.openai.azure.com",
    "AZURE_OPENAI_MODEL": "gpt-4o",
    "AZURE_OPENAI_KEY": "openai-secret-key",
    "AZURE_OPENAI_SYSTEM_MESSAGE": "Answer from the Contoso handbook only.",
    "MS_DEFENDER_ENABLED": "false",
}
SEARCH = {
    "DATASOURCE_TYPE": "AzureCognitiveSearch",
    "AZURE_SEARCH_SERVICE": "contoso-search",
    "AZURE_SEARCH_INDEX": "handbook",
}
EMBEDDING_ENDPOINT = (
    "https://contoso.openai.azure.com/openai/deployments/embed/embeddings?api-version=2023-05-15"
)
IDENTITY = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/chat/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/chat-identity"
)

CASES: dict[str, dict[str, str]] = {
    "azure_search_api_key": {
        **SEARCH,
        "AZURE_SEARCH_KEY": "search-secret-key",
        "AZURE_SEARCH_CONTENT_COLUMNS": "content|summary",
        "AZURE_SEARCH_TITLE_COLUMN": "title",
        "AZURE_SEARCH_URL_COLUMN": "url",
        "AZURE_SEARCH_FILENAME_COLUMN": "filepath",
        "AZURE_SEARCH_TOP_K": "7",
        "AZURE_SEARCH_STRICTNESS": "4",
        "AZURE_SEARCH_ENABLE_IN_DOMAIN": "false",
    },
    "azure_search_system_identity_semantic": {
        **SEARCH,
        "AZURE_SEARCH_USE_SEMANTIC_SEARCH": "true",
        "AZURE_SEARCH_SEMANTIC_SEARCH_CONFIG": "default",
    },
    "azure_search_user_identity_vector_semantic_hybrid": {
        **SEARCH,
        "AZURE_SEARCH_MANAGED_IDENTITY_RESOURCE_ID": IDENTITY,
        "AZURE_SEARCH_QUERY_TYPE": "vectorSemanticHybrid",
        "AZURE_SEARCH_SEMANTIC_SEARCH_CONFIG": "default",
        "AZURE_SEARCH_VECTOR_COLUMNS": "contentVector",
        "AZURE_OPENAI_EMBEDDING_NAME": "text-embedding-3-large",
    },
    "azure_search_embedding_endpoint_key": {
        **SEARCH,
        "AZURE_SEARCH_KEY": "search-secret-key",
        "AZURE_SEARCH_QUERY_TYPE": "vectorSimpleHybrid",
        "AZURE_OPENAI_EMBEDDING_ENDPOINT": EMBEDDING_ENDPOINT,
        "AZURE_OPENAI_EMBEDDING_KEY": "embedding-secret-key",
        "SEARCH_VECTORIZATION_DIMENSIONS": "1024",
    },
    "azure_search_embedding_endpoint_identity": {
        **SEARCH,
        "AZURE_SEARCH_QUERY_TYPE": "vector",
        "AZURE_OPENAI_EMBEDDING_ENDPOINT": EMBEDDING_ENDPOINT,
    },
    "azure_search_permitted_groups": {
        **SEARCH,
        "AZURE_SEARCH_KEY": "search-secret-key",
        "AZURE_SEARCH_PERMITTED_GROUPS_COLUMN": "group_ids",
    },
    "azure_search_common_options": {
        **SEARCH,
        "AZURE_SEARCH_KEY": "search-secret-key",
        "AZURE_SEARCH_ENDPOINT_SUFFIX": "search.azure.us",
        "SEARCH_MAX_SEARCH_QUERIES": "3",
        "SEARCH_ALLOW_PARTIAL_RESULT": "true",
        "SEARCH_INCLUDE_CONTEXTS": "citations|intent|all_retrieved_documents",
    },
    "cosmos_mongo_vcore_connection_string": {
        "DATASOURCE_TYPE": "AzureCosmosDB",
        "AZURE_COSMOSDB_MONGO_VCORE_CONNECTION_STRING": "mongodb+srv://reader:secret@contoso",
        "AZURE_COSMOSDB_MONGO_VCORE_DATABASE": "handbook",
        "AZURE_COSMOSDB_MONGO_VCORE_CONTAINER": "pages",
        "AZURE_COSMOSDB_MONGO_VCORE_INDEX": "pages-vector",
        "AZURE_COSMOSDB_MONGO_VCORE_CONTENT_COLUMNS": "text",
        "AZURE_COSMOSDB_MONGO_VCORE_VECTOR_COLUMNS": "embedding",
        "AZURE_OPENAI_EMBEDDING_NAME": "text-embedding-3-small",
    },
    "elasticsearch_encoded_api_key": {
        "DATASOURCE_TYPE": "Elasticsearch",
        "ELASTICSEARCH_ENDPOINT": "https://contoso.es.example.com:9243",
        "ELASTICSEARCH_ENCODED_API_KEY": "ZWxhc3RpYy1zZWNyZXQ=",
        "ELASTICSEARCH_INDEX": "handbook",
        "ELASTICSEARCH_CONTENT_COLUMNS": "body",
    },
    "elasticsearch_key_and_key_id_vector": {
        "DATASOURCE_TYPE": "Elasticsearch",
        "ELASTICSEARCH_ENDPOINT": "https://contoso.es.example.com:9243",
        "ELASTICSEARCH_KEY": "elastic-secret-key",
        "ELASTICSEARCH_KEY_ID": "key-1",
        "ELASTICSEARCH_INDEX": "handbook",
        "ELASTICSEARCH_QUERY_TYPE": "vector",
        "ELASTICSEARCH_EMBEDDING_MODEL_ID": ".elser_model_2",
        "ELASTICSEARCH_VECTOR_COLUMNS": "body_vector",
    },
    "pinecone_api_key": {
        "DATASOURCE_TYPE": "Pinecone",
        "PINECONE_ENVIRONMENT": "us-east-1-aws",
        "PINECONE_API_KEY": "pinecone-secret-key",
        "PINECONE_INDEX_NAME": "handbook",
        "PINECONE_CONTENT_COLUMNS": "text",
        "PINECONE_TITLE_COLUMN": "title",
        "AZURE_OPENAI_EMBEDDING_NAME": "text-embedding-3-small",
    },
    "azure_ml_index_system_identity": {
        "DATASOURCE_TYPE": "AzureMLIndex",
        "AZURE_MLINDEX_NAME": "handbook-index",
        "AZURE_MLINDEX_VERSION": "3",
        "AZURE_ML_PROJECT_RESOURCE_ID": "/subscriptions/s/resourceGroups/r/providers/"
        "Microsoft.MachineLearningServices/workspaces/contoso",
    },
    "azure_ml_index_user_identity": {
        "DATASOURCE_TYPE": "AzureMLIndex",
        "AZURE_MLINDEX_NAME": "handbook-index",
        "AZURE_MLINDEX_VERSION": "3",
        "AZURE_ML_PROJECT_RESOURCE_ID": "/subscriptions/s/resourceGroups/r/providers/"
        "Microsoft.MachineLearningServices/workspaces/contoso",
        "AZURE_MLINDEX_MANAGED_IDENTITY_RESOURCE_ID": IDENTITY,
        "AZURE_MLINDEX_TOP_K": "3",
    },
    "azure_sql_server_connection_string": {
        "DATASOURCE_TYPE": "AzureSqlServer",
        "AZURE_SQL_SERVER_CONNECTION_STRING": "Server=tcp:contoso.database.windows.net;"
        "Database=sales;Password=sql-secret",
        "AZURE_SQL_SERVER_TABLE_SCHEMA": "dbo.Orders(id int, total money)",
        "AZURE_SQL_SERVER_TOP_N_RESULTS": "20",
    },
    "azure_sql_server_managed_identity": {
        "DATASOURCE_TYPE": "AzureSqlServer",
        "AZURE_SQL_SERVER_DATABASE_SERVER": "contoso.database.windows.net",
        "AZURE_SQL_SERVER_DATABASE_NAME": "sales",
        "AZURE_SQL_SERVER_PORT": "1433",
        "AZURE_SQL_SERVER_SCHEMA_MAX_ROW": "50",
    },
    "mongodb_username_password": {
        "DATASOURCE_TYPE": "MongoDB",
        "MONGODB_ENDPOINT": "mongodb+srv://contoso.mongodb.net",
        "MONGODB_USERNAME": "reader",
        "MONGODB_PASSWORD": "mongo-secret-password",
        "MONGODB_DATABASE_NAME": "handbook",
        "MONGODB_COLLECTION_NAME": "pages",
        "MONGODB_APP_NAME": "contoso-chat",
        "MONGODB_INDEX_NAME": "pages-vector",
        "MONGODB_CONTENT_COLUMNS": "text,summary",
        "MONGODB_VECTOR_COLUMNS": "embedding",
        "AZURE_OPENAI_EMBEDDING_NAME": "text-embedding-3-small",
    },
}


def model_args_for(env: dict[str, str]) -> dict[str, Any]:
    settings = settings_from({**BASE_ENV, **env})
    request = parse_conversation_request(
        {"messages": [{"role": "user", "content": "What is the leave policy?"}]}
    )
    user = AuthenticatedUser(
        user_principal_id="u1", user_name="ada", auth_provider="aad", access_token="user-token"
    )
    return build_model_args(settings, request, user=user, source_ip=None)


def resolved_with_fake_groups(data_sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Unit level: stand in for Microsoft Graph with two fixed group ids."""
    resolved = []
    for source in data_sources:
        pending = source["parameters"].get("filter")
        if isinstance(pending, PendingGroupFilter):
            filter_text = group_filter(pending.column, ["group-a", "group-b"])
            source = {**source, "parameters": {**source["parameters"], "filter": filter_text}}
        resolved.append(source)
    return resolved


@pytest.mark.parametrize("case", sorted(CASES))
def test_data_sources_payload_matches_snapshot(case: str) -> None:
    data_sources = model_args_for(CASES[case])["extra_body"]["data_sources"]

    assert_matches_snapshot(resolved_with_fake_groups(data_sources), f"data_sources/{case}")


@pytest.mark.parametrize("case", sorted(CASES))
def test_system_message_travels_as_role_information_not_as_a_message(case: str) -> None:
    model_args = model_args_for(CASES[case])

    assert [message["role"] for message in model_args["messages"]] == ["user"]
    parameters = model_args["extra_body"]["data_sources"][0]["parameters"]
    if CASES[case]["DATASOURCE_TYPE"] != "AzureSqlServer":
        assert parameters["role_information"] == BASE_ENV["AZURE_OPENAI_SYSTEM_MESSAGE"]


def test_plain_chat_sends_no_data_sources_and_keeps_the_system_message() -> None:
    model_args = model_args_for({})

    assert "extra_body" not in model_args
    assert model_args["messages"][0] == {
        "role": "system",
        "content": BASE_ENV["AZURE_OPENAI_SYSTEM_MESSAGE"],
    }


def test_every_data_source_type_has_a_snapshot() -> None:
    from backend.datasources import DATASOURCE_TYPES

    covered = {env["DATASOURCE_TYPE"] for env in CASES.values()}
    assert covered == set(DATASOURCE_TYPES)

"""Azure OpenAI's "on your data" rejections, described with the settings that fix them.

When Azure OpenAI cannot use the data source of a request (missing index, wrong key, a
fields mapping naming a column the index lacks, an identity without a role), it answers 400
with an error whose `message` talks about the data source, for example

    {"error": {"requestid": "9ad0...", "code": 400,
               "message": "Invalid AzureCognitiveSearch configuration detected: Call to get
                           Azure Search index failed. ... Azure Search Error: 403, ..."}}
    {"error": {"requestid": "...", "code": 400,
               "message": "An error occurred when calling Azure Cognitive Search: AzureSearch:
                           Wrong content columns provided. ..."}}
    {"error": {"requestid": "...", "code": 400,
               "message": "Validation error at #/data_sources/0: ..."}}

Some answers also carry an `innererror` with a `code`. Azure's text may quote endpoints,
index names or parts of the request, so it is only *read* here to pick a hint; the user gets
our own sentence naming this app's variables, never Azure's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["describe_datasource_rejection", "looks_like_datasource_error"]


@dataclass(frozen=True)
class _SourceHints:
    name: str  # how the user knows the service
    location: str  # where the data is: service, index, database...
    access: str  # how Azure OpenAI signs in to it
    fields: str  # the fields mapping and query settings


_FIELDS = (
    "{p}_CONTENT_COLUMNS, {p}_VECTOR_COLUMNS, {p}_TITLE_COLUMN, {p}_URL_COLUMN, {p}_FILENAME_COLUMN"
)

_HINTS: dict[str, _SourceHints] = {
    "AzureCognitiveSearch": _SourceHints(
        name="Azure AI Search",
        location="AZURE_SEARCH_SERVICE, AZURE_SEARCH_INDEX (and AZURE_SEARCH_ENDPOINT_SUFFIX)",
        access=(
            "AZURE_SEARCH_KEY (an admin key), or without a key the 'Search Index Data Reader' "
            "role of the Azure OpenAI resource's managed identity on the search service "
            "(AZURE_SEARCH_MANAGED_IDENTITY_RESOURCE_ID for a user-assigned one)"
        ),
        fields=_FIELDS.format(p="AZURE_SEARCH")
        + ", AZURE_SEARCH_SEMANTIC_SEARCH_CONFIG, AZURE_SEARCH_PERMITTED_GROUPS_COLUMN",
    ),
    "Elasticsearch": _SourceHints(
        name="Elasticsearch",
        location="ELASTICSEARCH_ENDPOINT, ELASTICSEARCH_INDEX",
        access="ELASTICSEARCH_ENCODED_API_KEY, or ELASTICSEARCH_KEY with ELASTICSEARCH_KEY_ID",
        fields=_FIELDS.format(p="ELASTICSEARCH") + ", ELASTICSEARCH_EMBEDDING_MODEL_ID",
    ),
    "AzureCosmosDB": _SourceHints(
        name="Azure Cosmos DB for MongoDB vCore",
        location=(
            "AZURE_COSMOSDB_MONGO_VCORE_DATABASE, AZURE_COSMOSDB_MONGO_VCORE_CONTAINER, "
            "AZURE_COSMOSDB_MONGO_VCORE_INDEX"
        ),
        access="AZURE_COSMOSDB_MONGO_VCORE_CONNECTION_STRING (user name and password)",
        fields=_FIELDS.format(p="AZURE_COSMOSDB_MONGO_VCORE"),
    ),
    "Pinecone": _SourceHints(
        name="Pinecone",
        location="PINECONE_ENVIRONMENT, PINECONE_INDEX_NAME",
        access="PINECONE_API_KEY",
        fields=_FIELDS.format(p="PINECONE"),
    ),
    "AzureMLIndex": _SourceHints(
        name="Azure Machine Learning index",
        location="AZURE_MLINDEX_NAME, AZURE_MLINDEX_VERSION, AZURE_ML_PROJECT_RESOURCE_ID",
        access=(
            "the role of the Azure OpenAI resource's managed identity on the project "
            "(AZURE_MLINDEX_MANAGED_IDENTITY_RESOURCE_ID for a user-assigned one)"
        ),
        fields="AZURE_MLINDEX_NAME, AZURE_MLINDEX_VERSION",
    ),
    "AzureSqlServer": _SourceHints(
        name="Azure SQL Server",
        location=(
            "AZURE_SQL_SERVER_DATABASE_SERVER, AZURE_SQL_SERVER_DATABASE_NAME, "
            "AZURE_SQL_SERVER_PORT"
        ),
        access=(
            "AZURE_SQL_SERVER_CONNECTION_STRING, or the Azure OpenAI resource's managed "
            "identity as a database user"
        ),
        fields="AZURE_SQL_SERVER_TABLE_SCHEMA, AZURE_SQL_SERVER_SCHEMA_MAX_ROW",
    ),
    "MongoDB": _SourceHints(
        name="MongoDB Atlas",
        location=(
            "MONGODB_ENDPOINT, MONGODB_DATABASE_NAME, MONGODB_COLLECTION_NAME, MONGODB_INDEX_NAME"
        ),
        access="MONGODB_USERNAME, MONGODB_PASSWORD",
        fields=_FIELDS.format(p="MONGODB"),
    ),
}

# Words Azure uses when the failure is about the data source rather than the model request.
_DATASOURCE_MARKERS = (
    "data_source",
    "datasource",
    "data source",
    "configuration detected",
    "error occurred when calling",
    "fieldsmapping",
    "fields_mapping",
    "azure search",
    "azuresearch",
    "azurecognitivesearch",
    "cognitive search",
    "elasticsearch",
    "cosmos",
    "mongo",
    "pinecone",
    "mlindex",
    "ml index",
    "sql server",
)

# What went wrong, judged from Azure's text; the first match wins. Azure's messages carry a
# generic checklist ("check the endpoint and index name... if you use key based
# authentication...") followed by the search service's own status, so that status is
# read first and the checklist words are not taken as the cause.
_REASONS = {
    "access": "it refused Azure OpenAI's credentials",
    "fields": "the fields mapping names fields it does not have",
    "location": "the index or database was not found",
}
_CAUSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(401|403)\b"), "access"),
    (re.compile(r"\b404\b"), "location"),
    (re.compile(r"column|field|vector dimension"), "fields"),
    (re.compile(r"not found|does not exist|no such index"), "location"),
    (re.compile(r"forbidden|unauthori[sz]ed|access denied|invalid (api[ _-]?)?key"), "access"),
)


def _error_object(body: object) -> dict[str, Any]:
    if not isinstance(body, dict):
        return {}
    error = body.get("error", body)
    return error if isinstance(error, dict) else {}


def _texts(body: object) -> str:
    """Azure's message and error codes (top level and `innererror`), lower-cased."""
    error = _error_object(body)
    parts = [str(error.get("message") or ""), str(error.get("code") or "")]
    inner = error.get("innererror")
    if isinstance(inner, dict):
        parts += [str(inner.get("code") or ""), str(inner.get("message") or "")]
    return " ".join(parts).lower()


def looks_like_datasource_error(body: object) -> bool:
    """True when an Azure OpenAI error body is about the request's data source."""
    text = _texts(body)
    return any(marker in text for marker in _DATASOURCE_MARKERS)


def describe_datasource_rejection(body: object, datasource_type: str) -> str | None:
    """A message naming the settings to check, or None when the error is not about the
    data source (then the caller's usual description applies)."""
    if not looks_like_datasource_error(body):
        return None
    hints = _HINTS.get(datasource_type)
    if hints is None:
        return (
            f"Azure OpenAI could not use the data source (DATASOURCE_TYPE={datasource_type}). "
            "Check its settings. The server log has Azure's answer."
        )
    text = _texts(body)
    for pattern, cause in _CAUSES:
        if pattern.search(text):
            settings = {
                "access": hints.access,
                "fields": hints.fields,
                "location": hints.location,
            }[cause]
            return (
                f"Azure OpenAI could not use the data source ({hints.name}): {_REASONS[cause]}. "
                f"Check {settings}. The server log has Azure's answer."
            )
    return (
        f"Azure OpenAI could not use the data source ({hints.name}). Check {hints.location}; "
        f"{hints.access}; and the fields mapping ({hints.fields}). "
        "The server log has Azure's answer."
    )

"""Azure-shaped 400 answers for a data source Azure OpenAI could not use.

Azure answers these with HTTP 400 and an error object whose `code` is the number 400, a
`requestid`, and a `message` naming the data source type and what its service said (the
search service's own status appears at the end). The emulator builds the same shape, quoting
the request's own index name as Azure does, so tests can check the app never passes it on.

Kinds (`datasource_failure` in the config): `index` (the index does not exist), `key` (the
service refused the key or identity), `fields` (the fields mapping names missing columns).
"""

from __future__ import annotations

import uuid
from typing import Any

KINDS = ("index", "key", "fields")

# How Azure names each type in these messages.
_LABELS = {
    "azure_search": ("AzureCognitiveSearch", "Azure Search"),
    "elasticsearch": ("Elasticsearch", "Elasticsearch"),
    "azure_cosmos_db": ("AzureCosmosDB", "Azure Cosmos DB"),
    "pinecone": ("Pinecone", "Pinecone"),
    "mongo_db": ("MongoDB", "MongoDB"),
    "azure_ml_index": ("AzureMLIndex", "Azure ML index"),
    "azure_sql_server": ("AzureSqlServer", "Azure SQL Server"),
}


def datasource_error_body(data_source: dict[str, Any], kind: str) -> dict[str, Any]:
    """The 400 body for the request's (single) data source failing in the given way."""
    source_type = str(data_source.get("type", ""))
    parameters = data_source.get("parameters") or {}
    index = parameters.get("index_name") or parameters.get("container_name") or "unknown"
    config_name, service = _LABELS.get(source_type, (source_type, source_type))
    if kind == "fields":
        message = (
            f"An error occurred when calling {service}: {config_name}: Wrong content columns "
            f"provided. Cannot find the following columns in the result set of index "
            f"'{index}': body_text"
        )
    elif kind == "key":
        message = (
            f"Invalid {config_name} configuration detected: Call to get the index '{index}' "
            "failed. Check the endpoint and index name, the key, or the role assignments of "
            f"the managed identity.\n{service} Error: 403, message='Server responded with "
            "status 403.'"
        )
    else:
        message = (
            f"Invalid {config_name} configuration detected: Call to get the index '{index}' "
            "failed. Check the endpoint and index name, the key, or the role assignments of "
            f"the managed identity.\n{service} Error: 404, message='The index '{index}' was "
            "not found.'"
        )
    return {"error": {"requestid": str(uuid.uuid4()), "code": 400, "message": message}}

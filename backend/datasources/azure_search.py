"""`DATASOURCE_TYPE=AzureCognitiveSearch`: Azure AI Search, `AZURE_SEARCH_*`."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import field_validator

from backend.datasources.base import (
    VECTOR_QUERY_TYPES,
    MappedRetrievalSettings,
    PayloadContext,
    managed_identity,
)
from backend.datasources.permissions import PendingGroupFilter
from backend.envconfig import env_config

QUERY_TYPES = ("simple", "semantic", *sorted(VECTOR_QUERY_TYPES))
_SERVICE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def normalise_query_type(value: str) -> str:
    """`vectorSimpleHybrid` (the sample app's spelling) -> `vector_simple_hybrid` (the API's)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", value.strip()).lower()


class AzureSearchSettings(MappedRetrievalSettings):
    model_config = env_config("AZURE_SEARCH_")
    datasource_type: ClassVar[str] = "AzureCognitiveSearch"
    api_type: ClassVar[str] = "azure_search"

    service: str
    index: str
    key: str | None = None
    # Set to use a user-assigned identity; with neither this nor a key, the system identity.
    managed_identity_resource_id: str | None = None
    endpoint_suffix: str = "search.windows.net"
    use_semantic_search: bool = False
    semantic_search_config: str | None = None
    query_type: str | None = None
    permitted_groups_column: str | None = None

    @field_validator("service")
    @classmethod
    def _bare_service_name(cls, value: str) -> str:
        if not _SERVICE_NAME.match(value):
            raise ValueError(
                "give the search service's name (e.g. 'contoso-search'), not its URL; the "
                "endpoint is https://<name>.<AZURE_SEARCH_ENDPOINT_SUFFIX>"
            )
        return value

    @field_validator("query_type")
    @classmethod
    def _normalise_query_type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        normalised = normalise_query_type(value)
        if normalised not in QUERY_TYPES:
            raise ValueError(f"{value!r} is not a query type; use one of {', '.join(QUERY_TYPES)}")
        return normalised

    @property
    def endpoint(self) -> str:
        return f"https://{self.service}.{self.endpoint_suffix}"

    @property
    def effective_query_type(self) -> str:
        if self.query_type:
            return self.query_type
        # Older deployments of the sample app switch semantic search on this way.
        if self.use_semantic_search and self.semantic_search_config:
            return "semantic"
        return "simple"

    def authentication(self) -> dict[str, Any]:
        if self.key:
            return {"type": "api_key", "key": self.key}
        return managed_identity(self.managed_identity_resource_id)

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        query_type = self.effective_query_type
        parameters: dict[str, Any] = {
            "endpoint": self.endpoint,
            "index_name": self.index,
            "authentication": self.authentication(),
            "query_type": query_type,
            **self.retrieval_parameters(context),
        }
        if self.semantic_search_config:
            parameters["semantic_configuration"] = self.semantic_search_config
        if mapping := self.fields_mapping():
            parameters["fields_mapping"] = mapping
        if context.embedding is not None:
            parameters["embedding_dependency"] = context.embedding
        if self.permitted_groups_column:
            parameters["filter"] = PendingGroupFilter.for_user(
                self.permitted_groups_column, context.user_token
            )
        return parameters

    def problems(self, context: PayloadContext) -> list[str]:
        query_type = self.effective_query_type
        problems: list[str] = []
        if query_type in VECTOR_QUERY_TYPES:
            problems += self.require_embedding(context, f"AZURE_SEARCH_QUERY_TYPE={query_type}")
        if "semantic" in query_type and not self.semantic_search_config:
            problems.append(
                f"AZURE_SEARCH_QUERY_TYPE={query_type} needs AZURE_SEARCH_SEMANTIC_SEARCH_CONFIG "
                "(the name of the index's semantic configuration)"
            )
        return problems

    def summary(self) -> str:
        auth = self.authentication()["type"]
        security = ", document-level security" if self.permitted_groups_column else ""
        return (
            f"Azure AI Search {self.endpoint}, index {self.index}, "
            f"query type {self.effective_query_type}, {auth}{security}"
        )

"""What every "on your data" source shares: the settings base class, retrieval options,
fields mapping and the embedding dependency.

Each `DATASOURCE_TYPE` is one small subclass in its own module; it reads its own variable
family (`AZURE_SEARCH_*`, `PINECONE_*`, ...) and turns it into the `parameters` object of the
Azure OpenAI `data_sources` entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode

# `a|b` or `a,b` in the environment (the sample app accepts both separators).
Columns = Annotated[list[str] | None, NoDecode]

# Query types whose search needs an embedding model to turn the question into a vector.
VECTOR_QUERY_TYPES = frozenset({"vector", "vector_simple_hybrid", "vector_semantic_hybrid"})


def split_columns(value: object) -> object:
    """`"title|content"` or `"title,content"` -> `["title", "content"]`; blank -> None."""
    if isinstance(value, str):
        separator = "|" if "|" in value else ","
        parts = [part.strip() for part in value.split(separator) if part.strip()]
        return parts or None
    return value


@dataclass(frozen=True)
class PayloadContext:
    """Inputs from outside the data source's own family that its payload needs."""

    role_information: str  # the system message (AZURE_OPENAI_SYSTEM_MESSAGE)
    common: dict[str, Any] = field(default_factory=dict)  # SEARCH_* options, API names
    embedding: dict[str, Any] | None = None  # from AZURE_OPENAI_EMBEDDING_*
    user_token: str | None = None  # Easy Auth access token, for document-level security


class DataSourceSettings(BaseSettings):
    """The settings of one `DATASOURCE_TYPE`; subclasses set `model_config` (the prefix)."""

    datasource_type: ClassVar[str]  # the DATASOURCE_TYPE value that selects this class
    api_type: ClassVar[str]  # the `type` of the data_sources entry

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        """The `parameters` object of the data_sources entry."""
        raise NotImplementedError

    def problems(self, context: PayloadContext) -> list[str]:
        """What a valid field-by-field read cannot catch (e.g. vector search, no embeddings)."""
        return []

    def summary(self) -> str:
        """One line for the startup log (never a secret)."""
        return self.datasource_type

    def variable(self, field_name: str) -> str:
        """The environment variable behind a field, for messages."""
        return f"{self.model_config.get('env_prefix', '')}{field_name}".upper()


class RetrievalSettings(DataSourceSettings):
    """Options every search-style source has (all but SQL Server)."""

    top_k: int = Field(default=5, ge=1)
    strictness: int = Field(default=3, ge=1, le=5)
    enable_in_domain: bool = True

    def retrieval_parameters(self, context: PayloadContext) -> dict[str, Any]:
        return {
            "in_scope": self.enable_in_domain,
            "strictness": self.strictness,
            "top_n_documents": self.top_k,
            "role_information": context.role_information,
            **context.common,
        }

    def require_embedding(self, context: PayloadContext, why: str) -> list[str]:
        if context.embedding is not None:
            return []
        return [
            f"{why} needs an embedding model: set AZURE_OPENAI_EMBEDDING_NAME (a deployment on "
            "this Azure OpenAI resource) or AZURE_OPENAI_EMBEDDING_ENDPOINT "
            "(with AZURE_OPENAI_EMBEDDING_KEY, or without it to use the managed identity)"
        ]


class MappedRetrievalSettings(RetrievalSettings):
    """Search-style sources whose index fields are named by `*_COLUMNS` / `*_COLUMN`."""

    content_columns: Columns = None
    vector_columns: Columns = None
    title_column: str | None = None
    url_column: str | None = None
    filename_column: str | None = None

    @field_validator("content_columns", "vector_columns", mode="before")
    @classmethod
    def _split_columns(cls, value: object) -> object:
        return split_columns(value)

    def fields_mapping(self) -> dict[str, Any]:
        """Only the fields that are set: the service applies its defaults to the rest."""
        mapping: dict[str, Any] = {
            "content_fields": self.content_columns,
            "title_field": self.title_column,
            "url_field": self.url_column,
            "filepath_field": self.filename_column,
            "vector_fields": self.vector_columns,
        }
        return {name: value for name, value in mapping.items() if value}

    def require_columns(self, *field_names: str) -> list[str]:
        missing = [self.variable(name) for name in field_names if not getattr(self, name)]
        if not missing:
            return []
        return [
            f"DATASOURCE_TYPE={self.datasource_type} needs the fields mapping "
            f"{', '.join(missing)} (index field names, separated by , or |)"
        ]


def embedding_dependency(
    *,
    deployment_name: str | None,
    endpoint: str | None,
    key: str | None,
    dimensions: int | None = None,
) -> dict[str, Any] | None:
    """The vectorization source: a deployment of this resource, or an embeddings endpoint."""
    dependency: dict[str, Any]
    if deployment_name:
        dependency = {"type": "deployment_name", "deployment_name": deployment_name}
    elif endpoint:
        authentication = (
            {"type": "api_key", "key": key} if key else {"type": "system_assigned_managed_identity"}
        )
        dependency = {"type": "endpoint", "endpoint": endpoint, "authentication": authentication}
    else:
        return None
    if dimensions:
        dependency["dimensions"] = dimensions
    return dependency


def managed_identity(resource_id: str | None) -> dict[str, Any]:
    """User-assigned identity when its resource ID is set, otherwise the system identity."""
    if resource_id:
        return {
            "type": "user_assigned_managed_identity",
            "managed_identity_resource_id": resource_id,
        }
    return {"type": "system_assigned_managed_identity"}

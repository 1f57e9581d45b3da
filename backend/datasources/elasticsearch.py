"""`DATASOURCE_TYPE=Elasticsearch`: `ELASTICSEARCH_*`."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import field_validator

from backend.datasources.base import MappedRetrievalSettings, PayloadContext
from backend.envconfig import env_config


class ElasticsearchSettings(MappedRetrievalSettings):
    model_config = env_config("ELASTICSEARCH_")
    datasource_type: ClassVar[str] = "Elasticsearch"
    api_type: ClassVar[str] = "elasticsearch"

    endpoint: str
    index: str
    encoded_api_key: str | None = None
    # The alternative to an encoded key: the key and its id, as Elasticsearch issues them.
    key: str | None = None
    key_id: str | None = None
    query_type: Literal["simple", "vector"] = "simple"
    embedding_model_id: str | None = None

    @field_validator("endpoint")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("must start with https://")
        return value.rstrip("/")

    def authentication(self) -> dict[str, Any]:
        if self.encoded_api_key:
            return {"type": "encoded_api_key", "encoded_api_key": self.encoded_api_key}
        return {"type": "key_and_key_id", "key": self.key, "key_id": self.key_id}

    def embedding(self, context: PayloadContext) -> dict[str, Any] | None:
        if self.embedding_model_id:
            return {"type": "model_id", "model_id": self.embedding_model_id}
        return context.embedding

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        parameters: dict[str, Any] = {
            "endpoint": self.endpoint,
            "index_name": self.index,
            "authentication": self.authentication(),
            "query_type": self.query_type,
            **self.retrieval_parameters(context),
        }
        if mapping := self.fields_mapping():
            parameters["fields_mapping"] = mapping
        if (embedding := self.embedding(context)) is not None:
            parameters["embedding_dependency"] = embedding
        return parameters

    def problems(self, context: PayloadContext) -> list[str]:
        problems: list[str] = []
        if not self.encoded_api_key and not (self.key and self.key_id):
            problems.append(
                "DATASOURCE_TYPE=Elasticsearch needs ELASTICSEARCH_ENCODED_API_KEY "
                "(or both ELASTICSEARCH_KEY and ELASTICSEARCH_KEY_ID)"
            )
        if self.query_type == "vector" and self.embedding(context) is None:
            problems.append(
                "ELASTICSEARCH_QUERY_TYPE=vector needs an embedding model: set "
                "ELASTICSEARCH_EMBEDDING_MODEL_ID (a model deployed in Elasticsearch) or "
                "AZURE_OPENAI_EMBEDDING_NAME / AZURE_OPENAI_EMBEDDING_ENDPOINT"
            )
        return problems

    def summary(self) -> str:
        return f"Elasticsearch {self.endpoint}, index {self.index}, query type {self.query_type}"

"""`DATASOURCE_TYPE=Pinecone`: `PINECONE_*`."""

from __future__ import annotations

from typing import Any, ClassVar

from backend.datasources.base import MappedRetrievalSettings, PayloadContext
from backend.envconfig import env_config


class PineconeSettings(MappedRetrievalSettings):
    model_config = env_config("PINECONE_")
    datasource_type: ClassVar[str] = "Pinecone"
    api_type: ClassVar[str] = "pinecone"

    environment: str
    api_key: str
    index_name: str

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        return {
            "environment": self.environment,
            "index_name": self.index_name,
            "authentication": {"type": "api_key", "key": self.api_key},
            "embedding_dependency": context.embedding,
            "fields_mapping": self.fields_mapping(),
            **self.retrieval_parameters(context),
        }

    def problems(self, context: PayloadContext) -> list[str]:
        return self.require_embedding(
            context, "DATASOURCE_TYPE=Pinecone (vector search)"
        ) + self.require_columns("content_columns")

    def summary(self) -> str:
        return f"Pinecone environment {self.environment}, index {self.index_name}"

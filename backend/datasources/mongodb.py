"""`DATASOURCE_TYPE=MongoDB`: MongoDB Atlas, `MONGODB_*`."""

from __future__ import annotations

from typing import Any, ClassVar

from backend.datasources.base import MappedRetrievalSettings, PayloadContext
from backend.envconfig import env_config


class MongoDBSettings(MappedRetrievalSettings):
    model_config = env_config("MONGODB_")
    datasource_type: ClassVar[str] = "MongoDB"
    api_type: ClassVar[str] = "mongo_db"

    endpoint: str
    username: str
    password: str
    database_name: str
    collection_name: str
    app_name: str
    index_name: str

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "database_name": self.database_name,
            "collection_name": self.collection_name,
            "app_name": self.app_name,
            "index_name": self.index_name,
            "authentication": {
                "type": "username_and_password",
                "username": self.username,
                "password": self.password,
            },
            "embedding_dependency": context.embedding,
            "fields_mapping": self.fields_mapping(),
            **self.retrieval_parameters(context),
        }

    def problems(self, context: PayloadContext) -> list[str]:
        return self.require_embedding(
            context, "DATASOURCE_TYPE=MongoDB (vector search)"
        ) + self.require_columns("content_columns", "vector_columns")

    def summary(self) -> str:
        return (
            f"MongoDB {self.endpoint}, database {self.database_name}, "
            f"collection {self.collection_name}, index {self.index_name}"
        )

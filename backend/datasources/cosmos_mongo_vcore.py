"""`DATASOURCE_TYPE=AzureCosmosDB`: Azure Cosmos DB for MongoDB vCore
(`AZURE_COSMOSDB_MONGO_VCORE_*`)."""

from __future__ import annotations

from typing import Any, ClassVar

from backend.datasources.base import MappedRetrievalSettings, PayloadContext
from backend.envconfig import env_config


class CosmosMongoVcoreSettings(MappedRetrievalSettings):
    model_config = env_config("AZURE_COSMOSDB_MONGO_VCORE_")
    datasource_type: ClassVar[str] = "AzureCosmosDB"
    api_type: ClassVar[str] = "azure_cosmos_db"

    connection_string: str
    database: str
    container: str
    index: str

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        return {
            "database_name": self.database,
            "container_name": self.container,
            "index_name": self.index,
            "authentication": {
                "type": "connection_string",
                "connection_string": self.connection_string,
            },
            "embedding_dependency": context.embedding,
            "fields_mapping": self.fields_mapping(),
            **self.retrieval_parameters(context),
        }

    def problems(self, context: PayloadContext) -> list[str]:
        return self.require_embedding(
            context, "DATASOURCE_TYPE=AzureCosmosDB (vector search)"
        ) + self.require_columns("content_columns", "vector_columns")

    def summary(self) -> str:
        return (
            f"Azure Cosmos DB for MongoDB vCore, database {self.database}, "
            f"container {self.container}, index {self.index}"
        )

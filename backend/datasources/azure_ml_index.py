"""`DATASOURCE_TYPE=AzureMLIndex`: an Azure Machine Learning index, `AZURE_MLINDEX_*`."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from backend.datasources.base import PayloadContext, RetrievalSettings, managed_identity
from backend.envconfig import env_config


class AzureMLIndexSettings(RetrievalSettings):
    model_config = env_config("AZURE_MLINDEX_")
    datasource_type: ClassVar[str] = "AzureMLIndex"
    api_type: ClassVar[str] = "azure_ml_index"

    name: str
    version: str
    # The sample app reads the project outside the AZURE_MLINDEX_ family.
    project_resource_id: str = Field(validation_alias="AZURE_ML_PROJECT_RESOURCE_ID")
    # Azure OpenAI reaches the index with its own identity: system-assigned unless this is set.
    managed_identity_resource_id: str | None = None

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        return {
            "project_resource_id": self.project_resource_id,
            "name": self.name,
            "version": self.version,
            "authentication": managed_identity(self.managed_identity_resource_id),
            **self.retrieval_parameters(context),
        }

    def summary(self) -> str:
        return f"Azure Machine Learning index {self.name} version {self.version}"

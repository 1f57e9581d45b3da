"""The `data_sources` entry of a chat request, built from the settings of the chosen type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backend.datasources.base import DataSourceSettings, PayloadContext, embedding_dependency
from backend.datasources.common import SearchCommonSettings

if TYPE_CHECKING:
    from backend.settings import AzureOpenAISettings


def payload_context(
    azure_openai: AzureOpenAISettings,
    search: SearchCommonSettings,
    *,
    user_token: str | None = None,
) -> PayloadContext:
    """What every data source takes from outside its own variables."""
    return PayloadContext(
        # The system message steers the model on this path too (the sample app's choice).
        role_information=azure_openai.system_message,
        common=search.api_options(),
        embedding=embedding_dependency(
            deployment_name=azure_openai.embedding_name,
            endpoint=azure_openai.embedding_endpoint,
            key=azure_openai.embedding_key,
            dimensions=search.vectorization_dimensions,
        ),
        user_token=user_token,
    )


def build_data_source(datasource: DataSourceSettings, context: PayloadContext) -> dict[str, Any]:
    """One entry of `data_sources`, as Azure OpenAI "on your data" expects it."""
    return {"type": datasource.api_type, "parameters": datasource.parameters(context)}

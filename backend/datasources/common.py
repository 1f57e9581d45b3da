"""`SEARCH_*`: options shared by every search-style data source (the sample app's names)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from backend.datasources.base import Columns, split_columns
from backend.envconfig import env_config

KNOWN_CONTEXTS = ("citations", "intent", "all_retrieved_documents")


class SearchCommonSettings(BaseSettings):
    model_config = env_config("SEARCH_")

    max_search_queries: int | None = Field(default=None, ge=1)
    allow_partial_result: bool = False
    include_contexts: Columns = Field(default_factory=lambda: ["citations", "intent"])
    # The size of the query vectors, for embedding models that can shorten them.
    vectorization_dimensions: int | None = Field(default=None, gt=0)

    @field_validator("include_contexts", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        return split_columns(value)

    @field_validator("include_contexts")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        unknown = [item for item in value or [] if item not in KNOWN_CONTEXTS]
        if unknown:
            raise ValueError(
                f"unknown context {', '.join(unknown)}; use any of {', '.join(KNOWN_CONTEXTS)}"
            )
        return value

    def api_options(self) -> dict[str, Any]:
        """These options as the data_sources `parameters` name them."""
        options: dict[str, Any] = {"allow_partial_result": self.allow_partial_result}
        if self.include_contexts:
            options["include_contexts"] = list(self.include_contexts)
        if self.max_search_queries is not None:
            options["max_search_queries"] = self.max_search_queries
        return options

"""`USE_PROMPTFLOW` / `PROMPTFLOW_*`: answer through a deployed prompt flow (the sample's names)."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from backend.envconfig import env_config


class PromptflowSettings(BaseSettings):
    model_config = env_config("PROMPTFLOW_")

    endpoint: str | None = None
    api_key: str | None = None
    response_timeout: float = Field(default=30.0, gt=0)
    request_field_name: str = "query"
    response_field_name: str = "reply"
    citations_field_name: str = "documents"

    @field_validator("endpoint")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must start with https:// (the API key is sent there)")
        return value

    def problems(self) -> list[str]:
        """What is missing when USE_PROMPTFLOW=true."""
        missing = [
            name
            for name, value in (
                ("PROMPTFLOW_ENDPOINT", self.endpoint),
                ("PROMPTFLOW_API_KEY", self.api_key),
            )
            if not value
        ]
        return [f"USE_PROMPTFLOW=true needs {', '.join(missing)} (not set)"] if missing else []

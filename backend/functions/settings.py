"""`AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_*`: tools served by Azure Functions.

The sample app's names: a "tools" function lists the tool definitions, a "tool" function runs
one. `..._TIMEOUT_SECONDS` and `..._MAX_ROUNDS` are new settings of this app.
"""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from backend.envconfig import env_config

PREFIX = "AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_"


class AzureFunctionsSettings(BaseSettings):
    model_config = env_config(PREFIX)

    enabled: bool = False
    tools_base_url: str | None = None
    tools_key: str | None = None
    tool_base_url: str | None = None
    tool_key: str | None = None
    # Per call to either function; a model turn never waits longer than this for a tool.
    timeout_seconds: float = Field(default=30.0, gt=0)
    # How many times one answer may go back to the functions before the app gives up.
    max_rounds: int = Field(default=5, ge=1, le=20)

    @field_validator("tools_base_url", "tool_base_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must start with https:// (the function key is sent there)")
        return value

    def problems(self) -> list[str]:
        """What is missing when function calling is enabled."""
        missing = [
            PREFIX + name.upper()
            for name in ("tools_base_url", "tool_base_url")
            if not getattr(self, name)
        ]
        if not missing:
            return []
        return [f"{PREFIX}ENABLED=true needs {', '.join(missing)} (not set)"]

"""Application settings, read from the environment with the sample chat app's variable names.

Nothing here runs at import time: `load_settings()` is called from `create_app()`, and tests
build `AppSettings` directly.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, BaseModel, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, NoDecode

from backend.datasources import (
    DataSourceSettings,
    GraphSettings,
    SearchCommonSettings,
    load_datasource,
    payload_context,
)
from backend.envconfig import env_config
from backend.errors import ConfigurationError
from backend.functions.settings import AzureFunctionsSettings
from backend.promptflow.settings import PromptflowSettings
from backend.trust import TrustSettings

# The oldest preview API version whose wire format this app speaks (the sample app's floor).
MINIMUM_PREVIEW_API_VERSION = "2024-05-01-preview"
DEFAULT_SYSTEM_MESSAGE = "You are an AI assistant that helps people find information."


_env_config = env_config


class AzureOpenAISettings(BaseSettings):
    """`AZURE_OPENAI_*`: the model deployment and the arguments sent with every chat request."""

    model_config = _env_config("AZURE_OPENAI_")

    model: str | None = None
    resource: str | None = None
    endpoint: str | None = None
    key: str | None = None
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    top_p: float = Field(default=0.0, ge=0.0, le=1.0)
    max_tokens: int = Field(default=1000, gt=0)
    stream: bool = True
    # `a|b|c` in the environment, as in the sample app.
    stop_sequence: Annotated[list[str] | None, NoDecode] = None
    seed: int | None = None
    choices_count: int = Field(default=1, ge=1)
    presence_penalty: float = Field(default=0.0, ge=-2.0, le=2.0)
    frequency_penalty: float = Field(default=0.0, ge=-2.0, le=2.0)
    system_message: str = DEFAULT_SYSTEM_MESSAGE
    preview_api_version: str = MINIMUM_PREVIEW_API_VERSION
    embedding_endpoint: str | None = None
    embedding_key: str | None = None
    embedding_name: str | None = None
    # Seconds to wait for Azure OpenAI; App Service cuts requests at 230 s anyway.
    timeout_seconds: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=2, ge=0, le=10)

    @model_validator(mode="before")
    @classmethod
    def _split_stop_sequence(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("stop_sequence"), str):
            parts = [part for part in data["stop_sequence"].split("|") if part]
            data["stop_sequence"] = parts or None
        return data

    @model_validator(mode="after")
    def _check_endpoint(self) -> AzureOpenAISettings:
        if self.endpoint and self.resource:
            expected = f"https://{self.resource}.openai.azure.com"
            if self.endpoint.rstrip("/") != expected:
                raise ValueError(
                    "AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_RESOURCE disagree "
                    f"({self.endpoint!r} is not {expected!r}); set only one of them"
                )
        if self.endpoint:
            if not self.endpoint.startswith("https://"):
                raise ValueError(
                    "AZURE_OPENAI_ENDPOINT must start with https:// "
                    "(the app never sends prompts or keys over plain HTTP)"
                )
            # The SDK joins paths itself: a trailing slash becomes `//openai/...`.
            self.endpoint = self.endpoint.rstrip("/")
        elif self.resource:
            self.endpoint = f"https://{self.resource}.openai.azure.com"
        if self.stop_sequence is not None and len(self.stop_sequence) > 4:
            raise ValueError("AZURE_OPENAI_STOP_SEQUENCE accepts at most 4 sequences")
        return self

    @property
    def configured(self) -> bool:
        return bool(self.endpoint and self.model)


class UiSettings(BaseSettings):
    """`UI_*`: what the browser shows (title, logos, buttons)."""

    model_config = _env_config("UI_")

    title: str = "Contoso"
    logo: str | None = None
    chat_logo: str | None = None
    chat_title: str = "Start chatting"
    chat_description: str = "This chatbot is configured to answer your questions"
    favicon: str = "/favicon.ico"
    show_share_button: bool = True
    show_chat_history_button: bool = True


class BaseAppSettings(BaseSettings):
    """Unprefixed switches of the sample app."""

    model_config = _env_config("")

    datasource_type: str | None = None
    auth_enabled: bool = True
    sanitize_answer: bool = False
    use_promptflow: bool = False
    ms_defender_enabled: bool = True


class ChatHistorySettings(BaseSettings):
    """`AZURE_COSMOSDB_*`: chat history in Cosmos DB (the sample app's names), plus the choice of
    store (`CHAT_HISTORY_*`, names of this app) and the embedded SQLite store for local runs."""

    model_config = _env_config("AZURE_COSMOSDB_")

    account: str | None = None
    database: str | None = None
    conversations_container: str | None = None
    account_key: str | None = None
    enable_feedback: bool = False
    # Overrides https://{account}.documents.azure.com:443/ (sovereign clouds, local test servers).
    endpoint: str | None = None
    # auto: Cosmos DB when configured, otherwise no history (as in the sample app, so a deployment
    # never keeps conversations on one instance's disk by surprise). ./start.sh picks sqlite.
    store: Literal["auto", "cosmos", "sqlite", "none"] = Field(
        default="auto", validation_alias="CHAT_HISTORY_STORE"
    )
    sqlite_path: str = Field(
        default="data/chat-history.sqlite3", validation_alias="CHAT_HISTORY_SQLITE_PATH"
    )

    @model_validator(mode="after")
    def _check_cosmos(self) -> ChatHistorySettings:
        if self.endpoint and not self.endpoint.startswith("https://"):
            raise ValueError(
                "AZURE_COSMOSDB_ENDPOINT must start with https:// "
                "(conversations are never sent over plain HTTP)"
            )
        if self.store == "cosmos" and not self.cosmos_configured:
            raise ValueError(
                "CHAT_HISTORY_STORE=cosmos needs AZURE_COSMOSDB_ACCOUNT (or "
                "AZURE_COSMOSDB_ENDPOINT), AZURE_COSMOSDB_DATABASE and "
                "AZURE_COSMOSDB_CONVERSATIONS_CONTAINER"
            )
        return self

    @property
    def cosmos_configured(self) -> bool:
        return bool(
            (self.account or self.endpoint) and self.database and self.conversations_container
        )

    @property
    def cosmos_endpoint(self) -> str | None:
        if self.endpoint:
            return self.endpoint
        if self.account:
            return f"https://{self.account}.documents.azure.com:443/"
        return None

    @property
    def selected_store(self) -> Literal["cosmos", "sqlite", "none"]:
        """The store this configuration uses: with Cosmos DB configured, `auto` means Cosmos."""
        if self.store == "auto":
            return "cosmos" if self.cosmos_configured else "none"
        return self.store


class ServerSettings(BaseSettings):
    """How this process serves and logs (new names of this app)."""

    model_config = _env_config("")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", validation_alias=AliasChoices("APP_LOG_LEVEL", "LOGLEVEL")
    )
    # Size of the shared outbound connection pool (per process).
    outbound_max_connections: int = Field(
        default=100, gt=0, validation_alias="APP_OUTBOUND_MAX_CONNECTIONS"
    )
    static_folder: str = Field(default="static", validation_alias="APP_STATIC_FOLDER")


class AppSettings(BaseModel):
    """Everything the app reads, grouped by environment prefix."""

    base: BaseAppSettings
    azure_openai: AzureOpenAISettings
    ui: UiSettings
    chat_history: ChatHistorySettings
    server: ServerSettings
    # SSL_CERT_FILE / SSL_CERT_DIR / TRUST_*: where the enterprise CA bundle comes from.
    trust: TrustSettings = Field(default_factory=TrustSettings.model_construct)
    # Advanced chat modes (on your data, prompt flow, function calling). The defaults are
    # "off" without reading the environment, for settings built directly in tests.
    search: SearchCommonSettings = Field(default_factory=SearchCommonSettings.model_construct)
    graph: GraphSettings = Field(default_factory=GraphSettings.model_construct)
    promptflow: PromptflowSettings = Field(default_factory=PromptflowSettings.model_construct)
    functions: AzureFunctionsSettings = Field(
        default_factory=AzureFunctionsSettings.model_construct
    )
    datasource: DataSourceSettings | None = None  # set from DATASOURCE_TYPE


def load_settings(env_file: str | None = ".env") -> AppSettings:
    """Read every settings group from the environment (and `.env`), or explain what is wrong.

    All problems across all groups are reported together, so one restart fixes them all.
    """
    groups: dict[str, BaseSettings] = {}
    problems: list[str] = []
    for name, cls in _GROUPS.items():
        try:
            groups[name] = cls(_env_file=env_file)
        except ValidationError as exc:
            problems.extend(describe_validation_error(cls, exc))
    if problems:
        raise ConfigurationError("Invalid settings:\n  " + "\n  ".join(problems))
    settings = AppSettings.model_validate(groups)
    problems = _configure_chat_modes(settings, env_file)
    if problems:
        raise ConfigurationError("Invalid settings:\n  " + "\n  ".join(problems))
    return settings


def _configure_chat_modes(settings: AppSettings, env_file: str | None) -> list[str]:
    """Read the chosen data source and check that each switched-on mode is complete."""
    problems: list[str] = []
    base = settings.base
    if base.use_promptflow:
        problems += settings.promptflow.problems()
    if settings.functions.enabled:
        problems += settings.functions.problems()
    if base.datasource_type:
        context = payload_context(settings.azure_openai, settings.search)
        try:
            settings.datasource = load_datasource(base.datasource_type, context, env_file=env_file)
        except ConfigurationError as exc:
            problems.append(exc.message)
        if settings.functions.enabled:
            problems.append(
                "DATASOURCE_TYPE and AZURE_OPENAI_FUNCTION_CALL_AZURE_FUNCTIONS_ENABLED cannot "
                "be combined: Azure OpenAI does not call tools while answering on your data. "
                "Switch one of them off."
            )
    return problems


def describe_validation_error(cls: type[BaseSettings], exc: ValidationError) -> list[str]:
    """One line per problem, naming the environment variable and never echoing its value."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        message = error["msg"].removeprefix("Value error, ")
        if not error["loc"]:
            lines.append(message)
            continue
        field = str(error["loc"][0])
        lines.append(f"{_variable_name(cls, prefix, field)}: {message}")
    return lines


def _variable_name(cls: type[BaseSettings], prefix: str, field: str) -> str:
    info = cls.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, str):
        return alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return (prefix + field).upper()


_GROUPS: dict[str, type[BaseSettings]] = {
    "base": BaseAppSettings,
    "azure_openai": AzureOpenAISettings,
    "ui": UiSettings,
    "chat_history": ChatHistorySettings,
    "server": ServerSettings,
    "trust": TrustSettings,
    "search": SearchCommonSettings,
    "graph": GraphSettings,
    "promptflow": PromptflowSettings,
    "functions": AzureFunctionsSettings,
}

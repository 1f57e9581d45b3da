"""`DATASOURCE_TYPE` -> its settings class, and reading them with one clear startup message."""

from __future__ import annotations

from pydantic import ValidationError

from backend.datasources.azure_ml_index import AzureMLIndexSettings
from backend.datasources.azure_search import AzureSearchSettings
from backend.datasources.azure_sql import AzureSqlServerSettings
from backend.datasources.base import DataSourceSettings, PayloadContext
from backend.datasources.cosmos_mongo_vcore import CosmosMongoVcoreSettings
from backend.datasources.elasticsearch import ElasticsearchSettings
from backend.datasources.mongodb import MongoDBSettings
from backend.datasources.pinecone import PineconeSettings
from backend.errors import ConfigurationError

DATASOURCE_TYPES: dict[str, type[DataSourceSettings]] = {
    cls.datasource_type: cls
    for cls in (
        AzureSearchSettings,
        CosmosMongoVcoreSettings,
        ElasticsearchSettings,
        PineconeSettings,
        AzureMLIndexSettings,
        AzureSqlServerSettings,
        MongoDBSettings,
    )
}


def load_datasource(
    datasource_type: str, context: PayloadContext, *, env_file: str | None = ".env"
) -> DataSourceSettings:
    """Read the chosen type's variables, or raise one message naming everything to fix."""
    cls = DATASOURCE_TYPES.get(datasource_type)
    if cls is None:
        raise ConfigurationError(
            f"DATASOURCE_TYPE={datasource_type!r} is not supported; use one of "
            f"{', '.join(DATASOURCE_TYPES)} (or leave it unset for plain chat)"
        )
    try:
        datasource = cls(_env_file=env_file)
    except ValidationError as exc:
        raise ConfigurationError(_describe(cls, exc)) from None
    problems = datasource.problems(context)
    if problems:
        raise ConfigurationError("; ".join(problems))
    return datasource


def _describe(cls: type[DataSourceSettings], exc: ValidationError) -> str:
    missing: list[str] = []
    invalid: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        variable = _variable(cls, str(error["loc"][0])) if error["loc"] else cls.datasource_type
        if error["type"] == "missing":
            missing.append(variable)
        else:
            invalid.append(f"{variable}: {error['msg'].removeprefix('Value error, ')}")
    parts = []
    if missing:
        parts.append(f"DATASOURCE_TYPE={cls.datasource_type} needs {', '.join(missing)} (not set)")
    parts.extend(invalid)
    return "; ".join(parts)


def _variable(cls: type[DataSourceSettings], name: str) -> str:
    info = cls.model_fields.get(name)
    if info is not None and isinstance(info.validation_alias, str):
        return info.validation_alias
    if info is None:  # already an alias
        return name.upper()
    return f"{cls.model_config.get('env_prefix', '')}{name}".upper()

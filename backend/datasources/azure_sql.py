"""`DATASOURCE_TYPE=AzureSqlServer`: `AZURE_SQL_SERVER_*` (a preview data source)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from backend.datasources.base import DataSourceSettings, PayloadContext
from backend.envconfig import env_config


class AzureSqlServerSettings(DataSourceSettings):
    model_config = env_config("AZURE_SQL_SERVER_")
    datasource_type: ClassVar[str] = "AzureSqlServer"
    api_type: ClassVar[str] = "azure_sql_server"

    connection_string: str | None = None
    # Without a connection string: the server, database and port, reached with the system
    # identity of the Azure OpenAI resource.
    database_server: str | None = None
    database_name: str | None = None
    port: int | None = Field(default=None, gt=0, lt=65536)
    table_schema: str | None = None
    schema_max_row: int | None = Field(default=None, gt=0)
    top_n_results: int | None = Field(default=None, gt=0)

    def parameters(self, context: PayloadContext) -> dict[str, Any]:
        authentication = (
            {"type": "connection_string", "connection_string": self.connection_string}
            if self.connection_string
            else {"type": "system_assigned_managed_identity"}
        )
        optional = {
            "database_server": self.database_server,
            "database_name": self.database_name,
            "port": self.port,
            "table_schema": self.table_schema,
            "schema_max_row": self.schema_max_row,
            "top_n_results": self.top_n_results,
        }
        return {
            "authentication": authentication,
            **{name: value for name, value in optional.items() if value is not None},
        }

    def problems(self, context: PayloadContext) -> list[str]:
        if self.connection_string or (self.database_server and self.database_name and self.port):
            return []
        return [
            "DATASOURCE_TYPE=AzureSqlServer needs AZURE_SQL_SERVER_CONNECTION_STRING, or "
            "AZURE_SQL_SERVER_DATABASE_SERVER, AZURE_SQL_SERVER_DATABASE_NAME and "
            "AZURE_SQL_SERVER_PORT (managed identity)"
        ]

    def summary(self) -> str:
        where = self.database_server or "(connection string)"
        return f"Azure SQL Server {where}"

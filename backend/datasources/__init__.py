"""Azure OpenAI "on your data": one settings class per `DATASOURCE_TYPE` and the
`data_sources` payload they produce (passed to the SDK through `extra_body`)."""

from backend.datasources.base import DataSourceSettings, PayloadContext
from backend.datasources.common import SearchCommonSettings
from backend.datasources.masking import mask_secrets
from backend.datasources.payload import build_data_source, payload_context
from backend.datasources.permissions import (
    GraphSettings,
    PendingGroupFilter,
    resolve_group_filters,
)
from backend.datasources.registry import DATASOURCE_TYPES, load_datasource

__all__ = [
    "DATASOURCE_TYPES",
    "DataSourceSettings",
    "GraphSettings",
    "PayloadContext",
    "PendingGroupFilter",
    "SearchCommonSettings",
    "build_data_source",
    "load_datasource",
    "mask_secrets",
    "payload_context",
    "resolve_group_filters",
]

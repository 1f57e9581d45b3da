"""Which environment variables change how the app behaves (kept out of tests' processes)."""

from __future__ import annotations

import os

_APP_VARIABLE_PREFIXES = (
    "AZURE_",
    "UI_",
    "SSL_CERT_",
    "TRUST_",
    "APP_",
    "CHAT_HISTORY_",
    "PROMPTFLOW_",
    "SEARCH_",
    "ELASTICSEARCH_",
    "PINECONE_",
    "MONGODB_",
    "MICROSOFT_GRAPH_",
    "USE_PROMPTFLOW",
    "DATASOURCE_TYPE",
    "AUTH_ENABLED",
    "SANITIZE_ANSWER",
    "MS_DEFENDER_ENABLED",
    "IDENTITY_",
    "MSI_",
    "WEBSITE_",
)
_PROXY_VARIABLES = {"https_proxy", "http_proxy", "all_proxy", "no_proxy"}


def is_app_variable(name: str) -> bool:
    return name.startswith(_APP_VARIABLE_PREFIXES) or name.lower() in _PROXY_VARIABLES


def clean_environment() -> dict[str, str]:
    """This process's environment without anything that would change the app's behaviour."""
    return {name: value for name, value in os.environ.items() if not is_app_variable(name)}

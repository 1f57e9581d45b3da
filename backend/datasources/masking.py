"""Secrets in a request, masked for the debug log (keys, connection strings, passwords)."""

from __future__ import annotations

from typing import Any

SECRET_FIELDS = frozenset(
    {"key", "api_key", "encoded_api_key", "connection_string", "password", "access_token"}
)
MASK = "*****"


def mask_secrets(value: Any) -> Any:
    """A copy of `value` (nested dicts and lists) with every secret field's value masked."""
    if isinstance(value, dict):
        return {
            name: MASK if name in SECRET_FIELDS and item else mask_secrets(item)
            for name, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)  # e.g. a pending group filter, whose repr leaves the token out

"""How every settings group reads the environment: one prefix, `.env` support, blanks ignored."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict


def env_config(prefix: str) -> SettingsConfigDict:
    """The shared pydantic-settings configuration for a group of variables under `prefix`."""
    return SettingsConfigDict(
        env_prefix=prefix,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
    )

"""Settings that decide where the enterprise CA bundle comes from and how strictly it is used.

`SSL_CERT_FILE` and `SSL_CERT_DIR` keep their conventional names (App Service guidance and
OpenSSL use them); everything specific to this app starts with `TRUST_`. Nothing here reads the
environment until a `TrustSettings()` is built.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["TrustMode", "TrustSettings"]


class TrustMode(StrEnum):
    """What to do with an unusable bundle: refuse to start, or start on the public roots."""

    STRICT = "strict"
    LENIENT = "lenient"


def _env(name: str) -> AliasChoices:
    # Accept both the environment name and the field name, so tests can pass either.
    return AliasChoices(name, name.lower())


class TrustSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="",
        extra="ignore",
        env_ignore_empty=True,
        populate_by_name=True,
        frozen=True,
    )

    ssl_cert_file: Path | None = Field(default=None, validation_alias=_env("SSL_CERT_FILE"))
    ssl_cert_dir: Path | None = Field(default=None, validation_alias=_env("SSL_CERT_DIR"))

    bundle_blob_url: str | None = Field(
        default=None, validation_alias=_env("TRUST_BUNDLE_BLOB_URL")
    )
    bundle_blob_sas: SecretStr | None = Field(
        default=None, validation_alias=_env("TRUST_BUNDLE_BLOB_SAS")
    )
    bundle_blob_connection_string: SecretStr | None = Field(
        default=None, validation_alias=_env("TRUST_BUNDLE_BLOB_CONNECTION_STRING")
    )
    bundle_blob_container: str | None = Field(
        default=None, validation_alias=_env("TRUST_BUNDLE_BLOB_CONTAINER")
    )
    bundle_blob_name: str | None = Field(
        default=None, validation_alias=_env("TRUST_BUNDLE_BLOB_NAME")
    )
    bundle_blob_managed_identity_client_id: str | None = Field(
        default=None, validation_alias=_env("TRUST_BUNDLE_BLOB_MANAGED_IDENTITY_CLIENT_ID")
    )

    mode: TrustMode | None = Field(default=None, validation_alias=_env("TRUST_MODE"))
    enterprise_only: bool = Field(default=False, validation_alias=_env("TRUST_ENTERPRISE_ONLY"))
    mount_wait_seconds: float = Field(
        default=30.0, ge=0, validation_alias=_env("TRUST_MOUNT_WAIT_SECONDS")
    )
    expiry_warning_days: int = Field(
        default=30, ge=0, validation_alias=_env("TRUST_EXPIRY_WARNING_DAYS")
    )
    watch_interval_seconds: float = Field(
        default=60.0, ge=0, validation_alias=_env("TRUST_WATCH_INTERVAL_SECONDS")
    )

    # Set by App Service on every site; only used to pick the default mode.
    website_site_name: str | None = Field(default=None, validation_alias=_env("WEBSITE_SITE_NAME"))

    @property
    def effective_mode(self) -> TrustMode:
        """Strict on App Service (a broken bundle must stop the deployment), lenient elsewhere.

        On App Service an unusable bundle means every call through the corporate proxy fails,
        so refusing to start makes the problem visible in the deployment instead of in a
        half-working app. On a developer machine, lenient mode starts on the public roots and
        shows the problem on /healthz and in the doctor.
        """
        if self.mode is not None:
            return self.mode
        return TrustMode.STRICT if self.website_site_name else TrustMode.LENIENT

    @property
    def uses_blob(self) -> bool:
        return bool(self.bundle_blob_url or self.bundle_blob_connection_string)

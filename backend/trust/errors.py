"""Exceptions of the trust package.

TrustError                    base class; `str()` is a message fit for a log and a person
 +-- TrustConfigurationError  an unusable bundle in strict mode; carries the full report
 +-- BundleSourceError        the configured source cannot be read (missing mount, blob 403...)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import TrustReport

__all__ = ["BundleSourceError", "TrustConfigurationError", "TrustError"]


class TrustError(Exception):
    """Base class for every error raised by backend.trust."""


class BundleSourceError(TrustError):
    """The configured bundle source (file, folder or blob) could not be read."""

    def __init__(self, message: str, *, location: str, setting: str) -> None:
        super().__init__(message)
        self.location = location
        self.setting = setting


class TrustConfigurationError(TrustError):
    """Strict mode refused to start: the report says which certificate or file is wrong."""

    def __init__(self, report: TrustReport) -> None:
        super().__init__(
            "refusing to start with an unusable enterprise CA bundle (TRUST_MODE=strict):\n"
            + report.render_text()
        )
        self.report = report

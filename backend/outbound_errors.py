"""Failures of the app's own outbound HTTP calls (prompt flow, Azure Functions, Microsoft Graph)
turned into short messages that name the setting to check. The caller logs the exception."""

from __future__ import annotations

import httpx2

from backend.errors import TRUST_HINT, UpstreamError, is_certificate_failure


def describe_outbound_failure(
    exc: BaseException, *, service: str, url_setting: str, timeout: float, timeout_setting: str
) -> UpstreamError:
    """A transport-level failure (no HTTP status) of a call to `service`."""
    if isinstance(exc, UpstreamError):
        return exc
    if isinstance(exc, httpx2.TimeoutException | TimeoutError):
        return UpstreamError(
            f"{service} did not answer within {timeout:g} s. Try again, or raise "
            f"{timeout_setting} if it is just slow.",
            status=504,
        )
    if is_certificate_failure(exc):
        return UpstreamError(
            f"The connection to {service} failed certificate verification: its certificate is "
            "not trusted by this app. " + TRUST_HINT,
            status=502,
        )
    if isinstance(exc, httpx2.RequestError):
        return UpstreamError(
            f"Could not connect to {service}. Check {url_setting}, the network path and any "
            "proxy (HTTPS_PROXY / NO_PROXY).",
            status=502,
        )
    return UpstreamError(f"The call to {service} failed unexpectedly. See the server log.")

"""Exceptions turned into short, specific, safe messages for the browser.

    AppError                      - anything this app raises on purpose (has a status and a message)
     +-- ConfigurationError        - settings are missing or contradict each other (startup)
     +-- BadRequestError           - the request body is not what the API expects (400)
     +-- UpstreamError             - Azure OpenAI (or another service) answered with an error

`describe_upstream_error()` maps errors from the `openai` SDK to an `UpstreamError` (a 400 about
the "on your data" source is described by `backend.datasource_errors`). The full
exception always goes to the server log; the browser gets only the message, never `str(exc)`,
a stack trace or a secret.
"""

from __future__ import annotations

import logging
import ssl

import httpx2
import openai

from backend.datasource_errors import describe_datasource_rejection

logger = logging.getLogger(__name__)

TRUST_HINT = (
    "Check the enterprise certificate settings (SSL_CERT_FILE / SSL_CERT_DIR): the bundle must "
    "contain the root CA that signs your proxy's or endpoint's certificates. "
    "Run `python -m backend.trust doctor` to see which CA is missing."
)


class AppError(Exception):
    """An error with a message that is safe to show to the user."""

    status: int = 500

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class ConfigurationError(AppError):
    """Settings are missing or contradictory; raised before the app serves anything."""


class BadRequestError(AppError):
    status = 400


class UpstreamError(AppError):
    """A failed call to Azure OpenAI (or another service), described for the user."""

    status = 502

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after
        # Azure's `apim-request-id`, which support asks for when a request failed.
        self.request_id = request_id


def describe_upstream_error(
    exc: BaseException,
    *,
    deployment: str | None,
    mid_stream: bool = False,
    datasource_type: str | None = None,
) -> UpstreamError:
    """Map an exception from the openai SDK (or below it) to a message a user can act on.

    `datasource_type` is DATASOURCE_TYPE when the request carried a data source, so a 400
    about it names that source's settings instead of the model's.
    """
    if isinstance(exc, UpstreamError):
        return exc
    if mid_stream and isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        return UpstreamError(
            "The connection to Azure OpenAI was lost in the middle of the answer, so the answer "
            "is incomplete. Try again.",
            status=502,
        )
    if isinstance(exc, openai.APIStatusError):
        described = _describe_status(exc, deployment, datasource_type)
        described.request_id = exc.response.headers.get("apim-request-id")
        return described
    if isinstance(exc, openai.APITimeoutError):
        return UpstreamError("Azure OpenAI did not answer in time. Try again.", status=504)
    if isinstance(exc, openai.APIConnectionError):
        if is_certificate_failure(exc):
            return UpstreamError(
                "The connection to Azure OpenAI failed certificate verification: the server's "
                "certificate is not trusted by this app. " + TRUST_HINT,
                status=502,
            )
        return UpstreamError(
            "Could not connect to Azure OpenAI. Check AZURE_OPENAI_ENDPOINT, the network path "
            "and any proxy (HTTPS_PROXY / NO_PROXY).",
            status=502,
        )
    if isinstance(exc, openai.APIResponseValidationError):
        return UpstreamError("Azure OpenAI sent an answer this app could not read.", status=502)
    return UpstreamError("The request failed unexpectedly. See the server log.", status=500)


def _describe_status(
    exc: openai.APIStatusError, deployment: str | None, datasource_type: str | None
) -> UpstreamError:
    status = exc.status_code
    if status == 401:
        return UpstreamError(
            "Azure OpenAI refused the credentials (401). Check AZURE_OPENAI_KEY, or, without a "
            "key, that the app's identity can get an Entra ID token.",
            status=401,
        )
    if status == 403:
        return UpstreamError(
            "Azure OpenAI denied access (403). Give the app's identity the 'Cognitive Services "
            "OpenAI User' role on the Azure OpenAI resource, or check network rules.",
            status=403,
        )
    if status == 404:
        return UpstreamError(
            f"Azure OpenAI has no deployment named {deployment!r} (404). Check AZURE_OPENAI_MODEL "
            "and AZURE_OPENAI_ENDPOINT.",
            status=404,
        )
    if status == 429:
        retry_after = _retry_after_seconds(exc)
        hint = f", retry after {retry_after:g} s" if retry_after is not None else ", retry later"
        return UpstreamError(
            f"Azure OpenAI rate limited this request (429){hint}.",
            status=429,
            retry_after=retry_after,
        )
    if status == 400 and _is_content_filter(exc):
        return UpstreamError(
            "The prompt was filtered by Azure OpenAI's content management policy. "
            "Rephrase it and try again.",
            status=400,
        )
    if status == 400 and datasource_type:
        message = describe_datasource_rejection(exc.body, datasource_type)
        if message is not None:
            return UpstreamError(message, status=400)
    if status == 400:
        return UpstreamError(
            "Azure OpenAI rejected the request (400). Check the model settings "
            "(AZURE_OPENAI_MAX_TOKENS, AZURE_OPENAI_TEMPERATURE, the API version).",
            status=400,
        )
    if status >= 500:
        return UpstreamError(
            f"Azure OpenAI had an internal error ({status}). Try again in a moment.", status=502
        )
    return UpstreamError(f"Azure OpenAI answered with status {status}.", status=502)


def _retry_after_seconds(exc: openai.APIStatusError) -> float | None:
    headers = exc.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return round(float(value) * scale, 3)
        except ValueError:
            continue
    return None


def _is_content_filter(exc: openai.APIStatusError) -> bool:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body) if isinstance(body, dict) else {}
    return isinstance(error, dict) and error.get("code") == "content_filter"


def is_certificate_failure(exc: BaseException) -> bool:
    """True when any exception in the cause chain is a certificate verification failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in repr(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def log_and_describe(
    exc: BaseException,
    *,
    deployment: str | None,
    during: str,
    mid_stream: bool = False,
    datasource_type: str | None = None,
) -> UpstreamError:
    """Log the full exception for operators and return the safe description for users."""
    described = describe_upstream_error(
        exc, deployment=deployment, mid_stream=mid_stream, datasource_type=datasource_type
    )
    logger.error("%s failed: %s", during, described.message, exc_info=exc)
    return described

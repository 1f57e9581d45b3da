"""Upstream failures become short messages a user can act on, never raw exception text."""

from __future__ import annotations

import ssl

import httpx2
import openai
import pytest

from backend.errors import describe_upstream_error

REQUEST = httpx2.Request("POST", "https://contoso.openai.azure.com/openai/deployments/x")


def status_error(
    status: int, headers: dict[str, str] | None = None, body: object = None
) -> Exception:
    response = httpx2.Response(status, headers=headers, request=REQUEST)
    cls = {
        400: openai.BadRequestError,
        401: openai.AuthenticationError,
        403: openai.PermissionDeniedError,
        404: openai.NotFoundError,
        429: openai.RateLimitError,
    }.get(status, openai.InternalServerError)
    return cls("secret internal detail sk-123", response=response, body=body)


@pytest.mark.parametrize(
    ("status", "headers", "status_out", "expected"),
    [
        (401, {}, 401, "AZURE_OPENAI_KEY"),
        (403, {}, 403, "Cognitive Services OpenAI User"),
        (404, {}, 404, "deployment named 'gpt-4o'"),
        (429, {"retry-after": "12"}, 429, "retry after 12 s"),
        (429, {"retry-after-ms": "1500"}, 429, "retry after 1.5 s"),
        (429, {}, 429, "retry later"),
        (500, {}, 502, "internal error (500)"),
        (503, {}, 502, "internal error (503)"),
    ],
)
def test_status_errors(
    status: int, headers: dict[str, str], status_out: int, expected: str
) -> None:
    described = describe_upstream_error(status_error(status, headers), deployment="gpt-4o")

    assert described.status == status_out
    assert expected in described.message
    assert "secret internal detail" not in described.message


def test_content_filter_is_a_400_that_says_so() -> None:
    body = {"error": {"code": "content_filter", "message": "filtered"}}
    described = describe_upstream_error(status_error(400, body=body), deployment="d")

    assert described.status == 400
    assert "content management policy" in described.message


def test_certificate_failure_anywhere_in_the_chain_points_at_trust() -> None:
    cause = ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed certificate in certificate chain"
    )
    try:
        try:
            raise cause
        except ssl.SSLError as exc:
            raise openai.APIConnectionError(request=REQUEST) from exc
    except openai.APIConnectionError as wrapped:
        described = describe_upstream_error(wrapped, deployment="d")

    assert "certificate verification" in described.message
    assert "python -m backend.trust doctor" in described.message


def test_timeout_is_a_504() -> None:
    described = describe_upstream_error(openai.APITimeoutError(request=REQUEST), deployment="d")

    assert described.status == 504


def test_unknown_exception_hides_its_text() -> None:
    described = describe_upstream_error(RuntimeError("password=hunter2"), deployment="d")

    assert described.status == 500
    assert "hunter2" not in described.message

"""Checks on what the browser sends to `/history/*`, each failing with a specific 400."""

from __future__ import annotations

import re
from typing import Any

from backend.errors import BadRequestError

__all__ = [
    "FEEDBACK_VALUES",
    "MAX_TITLE_LENGTH",
    "parse_feedback",
    "parse_offset",
    "require_id",
    "require_title",
]

MAX_TITLE_LENGTH = 255
MAX_OFFSET = 100_000
# Cosmos DB ids: at most 255 characters, none of / \ ? # (nor control characters).
_ID = re.compile(r"^[^/\\?#\x00-\x1f\x7f]{1,255}$")

# The sample frontend's feedback values ("other_harmlful" is its spelling; both are accepted).
# Negative feedback may name several reasons, joined with commas.
FEEDBACK_VALUES = frozenset(
    {
        "neutral",
        "positive",
        "negative",
        "missing_citation",
        "wrong_citation",
        "out_of_scope",
        "inaccurate_or_irrelevant",
        "other_unhelpful",
        "hate_speech",
        "violent",
        "sexual",
        "manipulative",
        "other_harmful",
        "other_harmlful",
    }
)


def require_object(body: object) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BadRequestError("The request body must be a JSON object.")
    return body


def require_id(body: dict[str, Any], field: str) -> str:
    """A conversation or message id from the body, or a 400 naming the field."""
    value = body.get(field)
    if value is None or value == "":
        raise BadRequestError(f"{field} is required.")
    if not isinstance(value, str) or not is_valid_id(value):
        raise BadRequestError(
            f"{field} must be a string of 1 to 255 characters without / \\ ? # "
            "or control characters."
        )
    return value


def is_valid_id(value: str) -> bool:
    return bool(_ID.match(value))


def require_title(body: dict[str, Any]) -> str:
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise BadRequestError("title is required (a non-empty string).")
    title = title.strip()
    if len(title) > MAX_TITLE_LENGTH:
        raise BadRequestError(
            f"title is too long ({len(title)} characters); the limit is {MAX_TITLE_LENGTH}."
        )
    return title


def parse_feedback(body: dict[str, Any]) -> str:
    value = body.get("message_feedback")
    if value is None or value == "":
        raise BadRequestError("message_feedback is required.")
    if not isinstance(value, str):
        raise BadRequestError("message_feedback must be a string.")
    parts = [part.strip() for part in value.split(",")]
    unknown = [part for part in parts if part not in FEEDBACK_VALUES]
    if unknown:
        raise BadRequestError(
            f"message_feedback has an unknown value {unknown[0]!r}; use one of "
            + ", ".join(sorted(FEEDBACK_VALUES - {"other_harmlful"}))
            + " (several negative reasons may be joined with commas)."
        )
    return ",".join(parts)


def parse_offset(raw: str | None) -> int:
    if raw is None or raw == "":
        return 0
    if not raw.isdigit():
        raise BadRequestError(f"offset must be a whole number of 0 or more, not {raw[:20]!r}.")
    offset = int(raw)
    if offset > MAX_OFFSET:
        raise BadRequestError(f"offset must be at most {MAX_OFFSET}.")
    return offset

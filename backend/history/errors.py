"""Errors of the chat history, each with a message a user (or operator) can act on.

AppError (backend.errors)
 +-- HistoryNotConfiguredError  - no store is selected (CHAT_HISTORY_STORE=none)      404
 +-- HistoryUnavailableError    - the store failed or cannot be reached               503
 +-- NotFoundError              - no such conversation or message *for this user*     404
 +-- SignInRequiredError        - AUTH_ENABLED=true and no Easy Auth principal        401
"""

from __future__ import annotations

from typing import Literal

from backend.errors import AppError

__all__ = [
    "HistoryNotConfiguredError",
    "HistoryUnavailableError",
    "NotFoundError",
    "SignInRequiredError",
]

# Why a store is unavailable; `/history/ensure` answers with the sample app's status per kind.
FailureKind = Literal["unreachable", "credentials", "database", "container", "failed"]


class HistoryNotConfiguredError(AppError):
    status = 404


class HistoryUnavailableError(AppError):
    status = 503

    def __init__(self, message: str, *, kind: FailureKind = "failed") -> None:
        super().__init__(message)
        self.kind = kind


class NotFoundError(AppError):
    status = 404


class SignInRequiredError(AppError):
    status = 401

"""Shared fixtures for the deployment checks: where the repository is and how to read its files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def repo_file() -> Callable[[str], str]:
    """Reads a file of the repository, failing with its path when it is missing."""

    def read(relative: str) -> str:
        path = REPO_ROOT / relative
        if not path.is_file():
            pytest.fail(f"{relative} is missing from the repository (looked for {path})")
        return path.read_text(encoding="utf-8")

    return read

"""JSON snapshot files: the expected output lives next to the tests, reviewed like code.

Run with `UPDATE_SNAPSHOTS=1` to (re)write them, then review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

SNAPSHOT_ROOT = Path(__file__).resolve().parents[1] / "unit" / "snapshots"


def assert_matches_snapshot(value: Any, name: str) -> None:
    path = SNAPSHOT_ROOT / f"{name}.json"
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"No snapshot {path}; create it with UPDATE_SNAPSHOTS=1 and review it.")
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is intended, rerun with UPDATE_SNAPSHOTS=1"
    )

"""Starting the real server with broken settings fails fast with a readable message."""

from __future__ import annotations

import subprocess
import sys

from tests.support.environment import clean_environment
from tests.support.processes import REPO_ROOT, free_port


def test_invalid_settings_stop_the_server_with_the_variable_named() -> None:
    env = {**clean_environment(), "AZURE_OPENAI_TEMPERATURE": "hot", "UI_SHOW_SHARE_BUTTON": "x"}
    result = subprocess.run(
        [sys.executable, "-m", "uvicorn", "app:app", "--port", str(free_port())],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "The app cannot start. Invalid settings:" in result.stderr
    assert "AZURE_OPENAI_TEMPERATURE: Input should be a valid number" in result.stderr
    assert "UI_SHOW_SHARE_BUTTON" in result.stderr
    assert "Traceback" not in result.stderr

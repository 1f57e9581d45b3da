"""The two production start commands, run here against the real app and the emulator.

- The container's CMD, taken from the Dockerfile and run from the repository (the image's WORKDIR
  holds the same files). The image itself is not built: no container engine runs here.
- scripts/appservice-startup.sh, run from a copy laid out like an App Service code package,
  including the Run-from-package layout whose dependencies live in .python_packages/.
Only the listening address is overridden (GUNICORN_CMD_ARGS), to stay on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx2
import pytest

from tests.conftest import emulator_env
from tests.integration.test_chat_streaming import assistant_text, parse_lines, user_turn
from tests.support.emulator import EmulatorHandle
from tests.support.processes import REPO_ROOT, free_port, running_process

pytestmark = pytest.mark.slow

INDEX_HTML = "<!doctype html><title>Packaged chat UI</title>"


def container_command() -> list[str]:
    match = re.search(r"^CMD (\[.*\])\s*$", (REPO_ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert match, "the Dockerfile has no exec-form CMD"
    command = json.loads(match[1])
    assert command[0] == "python"
    return [sys.executable, *command[1:]]


def healthz_ok(port: int) -> bool:
    try:
        response = httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=1.0, trust_env=False)
    except httpx2.TransportError:
        return False
    return response.status_code == 200


@contextlib.contextmanager
def serve(args: list[str], env: Mapping[str, str], log: Path, cwd: Path) -> Iterator[int]:
    """Runs a start command until it answers /healthz with 200; yields its port."""
    port = free_port()
    full_env = {**env, "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    ready = lambda: healthz_ok(port)  # noqa: E731
    with running_process(args, env=full_env, log_path=log, ready=ready, what=args[-1], cwd=cwd):
        yield port


def ask(port: int, text: str) -> str:
    with httpx2.Client(timeout=30, trust_env=False) as client:
        response = client.post(f"http://127.0.0.1:{port}/conversation", json=user_turn(text))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json-lines")
    return assistant_text(parse_lines(response.content))


@pytest.fixture
def static_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "index.html").write_text(INDEX_HTML)
    return folder


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """The files a code deployment ships (what .webappignore keeps), with a built frontend."""
    site = tmp_path / "wwwroot"
    site.mkdir()
    for name in ("app.py", "gunicorn.conf.py", "requirements.txt"):
        shutil.copy2(REPO_ROOT / name, site / name)
    shutil.copytree(
        REPO_ROOT / "backend", site / "backend", ignore=shutil.ignore_patterns("__pycache__")
    )
    (site / "scripts").mkdir()
    shutil.copy2(REPO_ROOT / "scripts" / "appservice-startup.sh", site / "scripts")
    (site / "static").mkdir()
    (site / "static" / "index.html").write_text(INDEX_HTML)
    return site


@pytest.fixture
def bare_python(tmp_path: Path) -> Iterator[Path]:
    """A Python with no packages at all, like App Service's runtime before any build."""
    venv = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    yield venv / "bin"


def test_the_container_command_serves_a_streamed_answer(
    emulator: EmulatorHandle, static_folder: Path, tmp_path: Path
) -> None:
    env = emulator_env(emulator, APP_STATIC_FOLDER=str(static_folder))
    with serve(container_command(), env, tmp_path / "container.log", REPO_ROOT) as port:
        assert ask(port, "/echo served by gunicorn") == "served by gunicorn"
        page = httpx2.get(f"http://127.0.0.1:{port}/", timeout=10, trust_env=False)
        assert page.text == INDEX_HTML
    log = (tmp_path / "container.log").read_text()
    assert "Using worker: uvicorn_worker.UvicornWorker" in log


def test_the_app_service_startup_script_serves_the_package_from_anywhere(
    emulator: EmulatorHandle, package: Path, tmp_path: Path
) -> None:
    env = emulator_env(emulator)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    args = ["bash", str(package / "scripts" / "appservice-startup.sh")]
    # Started from elsewhere: the script must find the app next to itself.
    with serve(args, env, tmp_path / "startup.log", tmp_path) as port:
        assert ask(port, "/echo from the package") == "from the package"
        page = httpx2.get(f"http://127.0.0.1:{port}/", timeout=10, trust_env=False)
        assert page.text == INDEX_HTML


def test_run_from_package_uses_the_vendored_dependencies(
    emulator: EmulatorHandle, package: Path, bare_python: Path, tmp_path: Path
) -> None:
    # scripts/build-appservice-package.sh vendors the requirements into .python_packages/; here
    # the test's own installed packages stand in for them, behind a Python that has none.
    vendored = package / ".python_packages" / "lib"
    vendored.mkdir(parents=True)
    site_packages = Path(httpx2.__file__).resolve().parents[1]
    (vendored / "site-packages").symlink_to(site_packages, target_is_directory=True)
    env = emulator_env(emulator)
    env["PATH"] = f"{bare_python}{os.pathsep}{os.environ['PATH']}"
    args = ["bash", str(package / "scripts" / "appservice-startup.sh")]
    with serve(args, env, tmp_path / "package.log", tmp_path) as port:
        assert ask(port, "/echo vendored") == "vendored"


def test_the_startup_script_refuses_a_package_without_the_built_frontend(
    package: Path, tmp_path: Path
) -> None:
    (package / "static" / "index.html").unlink()
    env = {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", str(package / "scripts" / "appservice-startup.sh")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "static/index.html is missing" in result.stderr
    assert "npm run build" in result.stderr

"""Headless Debian Chromium for browser tests, and the built frontend they load.

No test tool downloads a browser: Playwright drives /usr/bin/chromium, which
`scripts/tools/chromium.sh` installs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.processes import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
# Keep the browser off the network and quiet: no sandbox (tests run as root), no GPU,
# no background updates, sync or first-run pages.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-sync",
    "--no-first-run",
    "--disable-component-update",
]
STATIC = REPO_ROOT / "static"
FRONTEND = REPO_ROOT / "frontend"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


def require_chromium() -> Path:
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `bash scripts/tools/chromium.sh` to install Debian's "
            "chromium package (browser tests never download a browser)."
        )
    return CHROMIUM


def _sources_newer_than(target: Path) -> bool:
    built = target.stat().st_mtime
    sources = [FRONTEND / "index.html", FRONTEND / "package.json", *(FRONTEND / "src").rglob("*")]
    return any(path.is_file() and path.stat().st_mtime > built for path in sources)


def built_frontend() -> Path:
    """The built UI in static/, building it first when it is missing or older than its source."""
    index = STATIC / "index.html"
    if index.is_file() and not _sources_newer_than(index):
        return STATIC
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm (Node.js 20) is needed to build the frontend for browser tests.")
    if not (FRONTEND / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True)
    return STATIC


def static_copy_with(extra_files: dict[str, bytes], destination: Path) -> Path:
    """A copy of the built UI plus files a test serves beside it (logos, favicons)."""
    shutil.copytree(built_frontend(), destination)
    for name, content in extra_files.items():
        (destination / name).write_bytes(content)
    return destination

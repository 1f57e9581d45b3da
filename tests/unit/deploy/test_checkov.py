"""Static analysis of the deployment files with checkov (its Bicep and Dockerfile frameworks).

checkov parses the Bicep itself (no Bicep compiler is needed or downloaded) and runs its Azure
checks offline (--skip-download). A failed check, a file checkov could not parse, a check that
crashed, or a skip without a written reason fails these tests. Install checkov with
scripts/tools/checkov.sh; without it the tests fail and say so.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

INSTALL_HINT = "install it with: bash scripts/tools/checkov.sh (creates .venv-checkov/)"

# Every kind of Azure resource the deployment creates that checkov has checks for; if one of them
# yields no result at all, checkov did not really look at it (e.g. a file it misread).
CHECKED_RESOURCE_TYPES = {
    "Microsoft.Web/serverfarms",
    "Microsoft.Web/sites",
    "Microsoft.CognitiveServices/accounts",
    "Microsoft.DocumentDB/databaseAccounts",
    "Microsoft.Storage/storageAccounts",
}


@dataclass
class CheckovRun:
    report: dict[str, Any]
    stderr: str

    @property
    def summary(self) -> dict[str, Any]:
        return dict(self.report["summary"])

    def results(self, kind: str) -> list[dict[str, Any]]:
        return list(self.report["results"].get(kind, []))


def checkov_executable(repo_root: Path) -> str:
    local = repo_root / ".venv-checkov" / "bin" / "checkov"
    if local.is_file():
        return str(local)
    found = shutil.which("checkov")
    if found:
        return found
    pytest.fail(f"checkov is not installed ({local} does not exist); {INSTALL_HINT}")


def run_checkov(repo_root: Path, *target: str, framework: str) -> CheckovRun:
    command = [
        checkov_executable(repo_root),
        *target,
        "--framework",
        framework,
        "--skip-download",
        "--compact",
        "--output",
        "json",
    ]
    completed = subprocess.run(command, cwd=repo_root, capture_output=True, text=True, timeout=300)
    # checkov exits 1 when a check fails; anything else without a report is a broken run.
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"checkov printed no JSON report (exit {completed.returncode}): {' '.join(command)}\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
        )
    if isinstance(report, list):  # one report per framework; we ask for exactly one
        assert len(report) == 1, f"expected one checkov report, got {len(report)}"
        report = report[0]
    if not report.get("results") and report.get("summary", {}).get("resource_count", 0) == 0:
        pytest.fail(f"checkov found nothing to scan with {' '.join(command)}")
    return CheckovRun(report=report, stderr=completed.stderr)


def describe(results: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  {r['check_id']} {r['check_name']}\n"
        f"    {r['file_path']}:{r['file_line_range']} {r['resource']}"
        for r in results
    )


@pytest.fixture(scope="module")
def bicep_run(repo_root: Path) -> CheckovRun:
    return run_checkov(repo_root, "--directory", "infra", framework="bicep")


@pytest.fixture(scope="module")
def dockerfile_run(repo_root: Path) -> CheckovRun:
    return run_checkov(repo_root, "--file", "Dockerfile", framework="dockerfile")


def test_every_bicep_file_parses(bicep_run: CheckovRun, repo_root: Path) -> None:
    unparsed = bicep_run.report["results"].get("parsing_errors", [])
    assert bicep_run.summary["parsing_errors"] == 0, f"checkov could not parse: {unparsed}"
    assert list((repo_root / "infra").rglob("*.bicep")), "no Bicep files under infra/"


def test_no_bicep_check_fails(bicep_run: CheckovRun) -> None:
    failed = bicep_run.results("failed_checks")
    assert not failed, f"{len(failed)} checkov check(s) failed on infra/:\n{describe(failed)}"


def test_no_bicep_check_crashed(bicep_run: CheckovRun) -> None:
    # A check that raises is logged and then left out of the report, which would read as a pass.
    crashed = re.findall(r"Failed to run check (\S+) on (\S+)", bicep_run.stderr)
    assert not crashed, f"checkov checks crashed (left out of the report): {crashed}"


def test_every_resource_kind_was_checked(bicep_run: CheckovRun) -> None:
    results = bicep_run.results("passed_checks") + bicep_run.results("skipped_checks")
    seen = {r["resource"].rsplit(".", 1)[0] for r in results}
    missing = CHECKED_RESOURCE_TYPES - seen
    assert not missing, (
        f"checkov produced no result for {sorted(missing)}; did it read every module?"
    )


def test_every_skipped_check_says_why(bicep_run: CheckovRun) -> None:
    unexplained = [
        r
        for r in bicep_run.results("skipped_checks")
        if len((r.get("check_result") or {}).get("suppress_comment", "").strip()) < 20
        or r["check_result"]["suppress_comment"] == "No comment provided"
    ]
    assert not unexplained, (
        "skip these only with a reason: //checkov:skip=CKV_...:why\n" + describe(unexplained)
    )


def test_resources_are_unconditional_so_checkov_can_read_them(repo_root: Path) -> None:
    # checkov's Bicep parser nests the body of `resource x '...' = if (...) {` one level down, so
    # its checks read the wrong level there (and some crash). Conditions belong on modules.
    conditional = [
        f"{path.relative_to(repo_root)}:{number}"
        for path in sorted((repo_root / "infra").rglob("*.bicep"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.match(r"\s*resource\s+\w+\s+'[^']+'\s*=\s*if\s*\(", line)
    ]
    assert not conditional, f"conditional resources checkov cannot check: {conditional}"


def test_the_dockerfile_passes_checkov(dockerfile_run: CheckovRun) -> None:
    assert dockerfile_run.summary["parsing_errors"] == 0
    failed = dockerfile_run.results("failed_checks")
    assert not failed, f"checkov checks failed on the Dockerfile:\n{describe(failed)}"
    assert dockerfile_run.summary["passed"] > 0

"""The Bicep files, the azd files and the README agree with each other.

No Bicep compiler can run here, so these read the files as text (in the formatting this
repository uses) and catch what a compiler or `azd up` would otherwise report only in Azure:
a parameter passed to a module that does not declare it, a required one left out, an azd
parameter with a typo, an app setting nobody documented, a service azd cannot find.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

APP_SETTINGS_HEADING = "## App settings"


@dataclass
class Param:
    name: str
    has_default: bool
    allowed: list[str]


def declared_params(text: str) -> dict[str, Param]:
    params: dict[str, Param] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"param (\w+) \w+( = .+)?$", line)
        if not match:
            continue
        allowed: list[str] = []
        # An @allowed([...]) decorator sits in the lines just above the param.
        above = "\n".join(lines[max(0, index - 12) : index])
        decorator = re.search(r"@allowed\(\[\n((?:\s+'[^']*'\n)+)\]\)\s*(?:@.*\n)*$", above + "\n")
        if decorator:
            allowed = re.findall(r"'([^']*)'", decorator[1])
        params[match[1]] = Param(match[1], match[2] is not None, allowed)
    return params


def module_calls(text: str) -> list[tuple[str, str, set[str]]]:
    """(symbol, module path, names passed in params) for every module in a Bicep file."""
    calls = []
    for match in re.finditer(
        r"^module (\w+) '([^']+)' = (?:if \([^\n]*\) )?\{\n(.*?)^\}", text, re.S | re.M
    ):
        body = match[3]
        params = re.search(r"^  params: \{\n(.*?)^  \}", body, re.S | re.M)
        names = set(re.findall(r"^    (\w+):", params[1], re.M)) if params else set()
        calls.append((match[1], match[2], names))
    return calls


def bicep_files(repo_root: Path) -> list[Path]:
    files = sorted((repo_root / "infra").rglob("*.bicep"))
    assert files, "no Bicep files under infra/"
    return files


def test_every_module_gets_the_params_it_declares_and_no_others(repo_root: Path) -> None:
    checked = 0
    for path in bicep_files(repo_root):
        for symbol, module_path, passed in module_calls(path.read_text()):
            target = (path.parent / module_path).resolve()
            where = f"{path.relative_to(repo_root)} module {symbol}"
            assert target.is_file(), f"{where}: {module_path} does not exist"
            declared = declared_params(target.read_text())
            unknown = passed - declared.keys()
            assert not unknown, f"{where} passes params {target.name} does not declare: {unknown}"
            required = {name for name, p in declared.items() if not p.has_default}
            missing = required - passed
            assert not missing, f"{where} leaves out required params of {target.name}: {missing}"
            checked += 1
    assert checked >= 8, f"found only {checked} module calls; did the formatting change?"


def test_the_azd_parameters_file_matches_main_bicep(repo_root: Path) -> None:
    declared = declared_params((repo_root / "infra" / "main.bicep").read_text())
    parameters = json.loads((repo_root / "infra" / "main.parameters.json").read_text())
    given = parameters["parameters"]
    unknown = given.keys() - declared.keys()
    assert not unknown, f"main.parameters.json sets params main.bicep does not declare: {unknown}"
    required = {name for name, p in declared.items() if not p.has_default}
    assert required <= given.keys(), f"main.parameters.json lacks {required - given.keys()}"
    for name, entry in given.items():
        value = str(entry["value"])
        default = re.fullmatch(r"\$\{\w+=(.*)\}", value)
        allowed = declared[name].allowed
        if default and allowed:
            assert default[1] in allowed, f"{name}: azd default {default[1]!r} not in {allowed}"


def test_every_app_setting_the_deployment_sets_is_documented(
    repo_root: Path, repo_file: Callable[[str], str]
) -> None:
    main = (repo_root / "infra" / "main.bicep").read_text()
    section = main[main.index("// App settings:") : main.index("var appSettings =")]
    names = set(re.findall(r"^\s+([A-Z][A-Z0-9_]+):", section, re.M))
    assert {"SSL_CERT_FILE", "TRUST_MODE", "AZURE_OPENAI_ENDPOINT", "CHAT_HISTORY_STORE"} <= names
    readme = repo_file("README.md")
    assert APP_SETTINGS_HEADING in readme, f"README.md has no {APP_SETTINGS_HEADING!r} section"
    table = readme.split(APP_SETTINGS_HEADING, 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", table, re.M))
    undocumented = names - documented
    assert not undocumented, f"README's app settings table lacks {sorted(undocumented)}"


def test_azd_finds_the_web_app_it_deploys_to(
    repo_root: Path, repo_file: Callable[[str], str]
) -> None:
    azure_yaml = repo_file("azure.yaml")
    service = re.search(r"^services:\n  (\w+):\n((?:    .*\n|\s*\n)+)", azure_yaml, re.M)
    assert service, "azure.yaml declares no service"
    name, body = service[1], service[2]
    assert re.search(r"^    host: appservice$", body, re.M)
    assert re.search(r"^    language: py$", body, re.M)
    assert re.search(r"^    project: \.$", body, re.M)
    # azd deploys to the resource tagged with the service's name.
    main = (repo_root / "infra" / "main.bicep").read_text()
    assert f"'azd-service-name': '{name}'" in main
    # The package carries the built frontend: the hook builds it before azd zips the folder.
    assert re.search(
        r"prepackage:\n(?:.*\n)*?.*run: cd frontend && npm ci .*&& npm run build", body
    )


def gitignore_excludes(patterns: list[str], path: str) -> bool:
    """gitignore rules, enough for .webappignore: last match wins, folders cover their files."""
    result = False
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for raw in patterns:
        negated = raw.startswith("!")
        pattern = raw.lstrip("!").rstrip("/")
        anchored = "/" in pattern
        regex = re.compile(
            re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        )
        for prefix in prefixes:
            candidate = prefix if anchored else PurePosixPath(prefix).name
            if regex.fullmatch(candidate):
                result = not negated
                break
    return result


def test_the_azd_package_keeps_what_the_server_needs_and_drops_the_rest(
    repo_file: Callable[[str], str],
) -> None:
    patterns = [
        line.strip()
        for line in repo_file(".webappignore").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for kept in (
        "app.py",
        "gunicorn.conf.py",
        "requirements.txt",
        "backend/app.py",
        "static/index.html",
        "static/assets/index-abc.js",
        "scripts/appservice-startup.sh",
    ):
        assert not gitignore_excludes(patterns, kept), f".webappignore drops {kept}"
    for dropped in (".env", "frontend/src/main.tsx", "tests/unit/x.py", ".venv/bin/python"):
        assert gitignore_excludes(patterns, dropped), f".webappignore keeps {dropped}"

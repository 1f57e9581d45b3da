"""The Dockerfile, the start command, requirements.txt and the frontend build agree.

What is checked: the Dockerfile is read as text (stages, WORKDIRs, COPY, RUN, CMD) and compared
with the files it refers to. What is NOT checked: the image is never built or run here, because
no container engine runs on this machine or in CI. tests/integration/deploy runs the Dockerfile's
start command against the real app outside a container instead.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement

# The package a module comes from, for the modules the start command names.
START_MODULE_DISTRIBUTIONS = {
    "gunicorn": "gunicorn",
    "uvicorn_worker": "uvicorn-worker",
    "uvicorn": "uvicorn",
}


@dataclass
class Instruction:
    keyword: str
    arguments: str


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def workdir(self) -> PurePosixPath:
        current = PurePosixPath("/")
        for instruction in self.all("WORKDIR"):
            current = current / instruction.arguments.strip()
        return current


@dataclass
class Copy:
    from_stage: str | None
    sources: list[str]
    destination: PurePosixPath
    into_folder: bool  # the destination is a folder (trailing slash or several sources)

    def targets(self, is_folder: Callable[[str], bool]) -> list[PurePosixPath]:
        """Where each source lands: a folder's contents go into the destination itself."""
        return [
            self.destination / PurePosixPath(source.rstrip("/")).name
            if self.into_folder and not is_folder(source)
            else self.destination
            for source in self.sources
        ]


def parse_dockerfile(text: str) -> list[Stage]:
    """Logical instructions per stage: comments dropped, continuation lines joined."""
    stages: list[Stage] = []
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if not pending and line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    for line in (entry.strip() for entry in logical):
        if not line:
            continue
        keyword, _, arguments = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = arguments.split()
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else ""
            stages.append(Stage(base=parts[0], name=name))
        elif not stages:
            pytest.fail(f"Dockerfile instruction before the first FROM: {line}")
        else:
            stages[-1].instructions.append(Instruction(keyword, arguments.strip()))
    return stages


def parse_copy(stage: Stage, instruction: Instruction) -> Copy:
    tokens = shlex.split(instruction.arguments)
    flags = {t.split("=", 1)[0]: t.split("=", 1)[-1] for t in tokens if t.startswith("--")}
    paths = [t for t in tokens if not t.startswith("--")]
    destination = PurePosixPath(paths[-1])
    if not destination.is_absolute():
        destination = stage.workdir() / destination
    return Copy(
        from_stage=flags.get("--from"),
        sources=paths[:-1],
        destination=destination,
        into_folder=paths[-1].endswith("/") or len(paths) > 2,
    )


def exec_form(arguments: str) -> list[str]:
    try:
        value = json.loads(arguments)
    except json.JSONDecodeError:
        pytest.fail(f"expected the exec (JSON) form so signals reach the server: {arguments}")
    assert isinstance(value, list) and all(isinstance(v, str) for v in value)
    return value


def pinned_requirements(text: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", (
            f"requirements.txt must pin exact versions (name==version): {line}"
        )
        pins[requirement.name.lower().replace("_", "-")] = specifiers[0].version
    return pins


@pytest.fixture(scope="module")
def stages(repo_root: Path) -> list[Stage]:
    return parse_dockerfile((repo_root / "Dockerfile").read_text())


@pytest.fixture(scope="module")
def runtime(stages: list[Stage]) -> Stage:
    return stages[-1]


@pytest.fixture(scope="module")
def pins(repo_root: Path) -> dict[str, str]:
    return pinned_requirements((repo_root / "requirements.txt").read_text())


@pytest.fixture(scope="module")
def start_command(runtime: Stage) -> list[str]:
    commands = runtime.all("CMD")
    assert len(commands) == 1, "the runtime stage must have exactly one CMD"
    return exec_form(commands[0].arguments)


def stage_named(stages: list[Stage], name: str) -> Stage:
    for stage in stages:
        if stage.name == name:
            return stage
    pytest.fail(f"the Dockerfile has no stage named {name!r}")


def frontend_dir(repo_root: Path) -> Path:
    frontend = repo_root / "frontend"
    if not frontend.is_dir():
        pytest.skip("frontend/ is not in this checkout, so the frontend stage has nothing to match")
    return frontend


def test_the_runtime_image_runs_the_python_the_tests_run_on(runtime: Stage) -> None:
    match = re.fullmatch(r"python:(\d+)\.(\d+)(?:\.\d+)?-slim(?:-\w+)?", runtime.base)
    assert match, f"runtime base should be a python:X.Y-slim image, got {runtime.base}"
    assert (int(match[1]), int(match[2])) == sys.version_info[:2]


def test_the_image_installs_exactly_requirements_txt(stages: list[Stage], runtime: Stage) -> None:
    installers = [
        (stage, run)
        for stage in stages
        for run in stage.all("RUN")
        if re.search(r"pip install .*(--requirement|-r) \S*requirements\.txt", run.arguments)
    ]
    assert len(installers) == 1, "one RUN should pip-install requirements.txt"
    stage, _ = installers[0]
    copied = [parse_copy(stage, c) for c in stage.all("COPY")]
    assert any(c.sources == ["requirements.txt"] for c in copied), (
        f"stage {stage.name} installs requirements.txt without copying it in"
    )
    assert not [r for r in runtime.all("RUN") if "pip install" in r.arguments], (
        "the runtime stage must not install anything beyond requirements.txt"
    )
    # The installed virtualenv is carried into the runtime stage and is first on PATH.
    runtime_copies = [parse_copy(runtime, c) for c in runtime.all("COPY")]
    assert any(c.from_stage == stage.name and c.sources == ["/opt/venv"] for c in runtime_copies)
    assert any("/opt/venv/bin" in env.arguments for env in runtime.all("ENV"))


def test_the_start_command_is_gunicorn_with_the_checked_in_config(
    start_command: list[str],
) -> None:
    assert start_command == [
        "python",
        "-m",
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "app:app",
    ]


def test_app_service_code_deployments_start_the_same_command(repo_root: Path) -> None:
    script = (repo_root / "scripts" / "appservice-startup.sh").read_text()
    assert re.search(
        r'exec "\$\{python_bin\}" -m gunicorn --config gunicorn.conf.py app:app', script
    )
    bicep = (repo_root / "infra" / "core" / "host" / "appservice.bicep").read_text()
    assert "'bash scripts/appservice-startup.sh'" in bicep


def test_every_module_the_start_command_runs_is_pinned_and_installed(
    pins: dict[str, str], repo_root: Path
) -> None:
    conf = (repo_root / "gunicorn.conf.py").read_text()
    worker = re.search(r'^worker_class = "([\w.]+)"', conf, re.MULTILINE)
    assert worker, "gunicorn.conf.py should name its worker_class as a string"
    modules = {"gunicorn", worker[1].split(".")[0], "uvicorn"}
    assert modules <= set(START_MODULE_DISTRIBUTIONS), f"unmapped modules: {modules}"
    for module in sorted(modules):
        distribution = START_MODULE_DISTRIBUTIONS[module]
        assert distribution in pins, f"{distribution} (module {module}) is not in requirements.txt"
        installed = importlib.metadata.version(distribution)
        assert installed == pins[distribution], (
            f"{distribution} {installed} is installed; requirements.txt pins {pins[distribution]}"
        )


def test_the_worker_package_accepts_the_pinned_gunicorn_and_uvicorn(pins: dict[str, str]) -> None:
    requires = importlib.metadata.requires("uvicorn-worker") or []
    for line in requires:
        requirement = Requirement(line)
        if requirement.marker is not None:
            continue
        name = requirement.name.lower()
        assert name in pins, f"uvicorn-worker needs {name}, which requirements.txt does not pin"
        assert requirement.specifier.contains(pins[name]), (
            f"uvicorn-worker needs {requirement}, requirements.txt pins {name}=={pins[name]}"
        )


def test_the_image_holds_what_the_start_command_imports(
    runtime: Stage, start_command: list[str], repo_root: Path
) -> None:
    workdir = runtime.workdir()
    copied: set[PurePosixPath] = set()
    for instruction in runtime.all("COPY"):
        copy = parse_copy(runtime, instruction)
        if copy.from_stage is None:
            for source in copy.sources:
                assert (repo_root / source).exists(), f"COPY {source}: no such file in the repo"
            copied.update(copy.targets(lambda source: (repo_root / source).is_dir()))
    module = start_command[-1].split(":")[0]
    config = start_command[start_command.index("--config") + 1]
    for needed in (f"{module}.py", config, "backend", "scripts/container_healthcheck.py"):
        assert workdir / needed in copied, f"the runtime image lacks {workdir / needed}"


def test_the_dockerignore_lets_every_copied_file_into_the_build(
    stages: list[Stage], repo_root: Path, repo_file: Callable[[str], str]
) -> None:
    patterns = [
        line.strip()
        for line in repo_file(".dockerignore").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def excluded(path: str) -> bool:
        # Docker's rules: the last matching pattern wins, and a pattern that matches a folder
        # matches everything in it.
        result = False
        candidates = [path, *[str(p) for p in PurePosixPath(path).parents if str(p) != "."]]
        for pattern in patterns:
            negated = pattern.startswith("!")
            regex = dockerignore_regex(pattern.lstrip("!").rstrip("/"))
            if any(regex.fullmatch(candidate) for candidate in candidates):
                result = not negated
        return result

    for stage in stages:
        for instruction in stage.all("COPY"):
            copy = parse_copy(stage, instruction)
            if copy.from_stage is None:
                for source in copy.sources:
                    assert not excluded(source.rstrip("/")), f".dockerignore excludes {source}"
    assert excluded(".env"), ".dockerignore must keep local secrets (.env) out of the build"
    assert excluded("frontend/node_modules")


def test_no_certificate_is_baked_into_the_image(repo_root: Path) -> None:
    text = (repo_root / "Dockerfile").read_text()
    instructions = [i for stage in parse_dockerfile(text) for i in stage.instructions]
    for instruction in instructions:
        arguments = instruction.arguments
        if instruction.keyword in {"COPY", "ADD"}:
            assert not re.search(r"\.(pem|crt|cer|der)\b|certs?/", arguments), arguments
        if instruction.keyword == "ENV":
            assert not re.search(r"SSL_CERT_(FILE|DIR)|REQUESTS_CA_BUNDLE", arguments), arguments
        if instruction.keyword == "RUN":
            assert "update-ca-certificates" not in arguments, arguments


def test_the_image_runs_as_an_unprivileged_user(runtime: Stage) -> None:
    users = runtime.all("USER")
    assert users, "the runtime stage sets no USER (it would run as root)"
    user = users[-1].arguments.split(":")[0]
    assert user not in {"root", "0"}


def test_the_healthcheck_probes_healthz(runtime: Stage, repo_root: Path) -> None:
    healthchecks = runtime.all("HEALTHCHECK")
    assert len(healthchecks) == 1
    command = exec_form(healthchecks[0].arguments.split("CMD", 1)[1].strip())
    script = repo_root / command[-1]
    assert script.is_file(), f"HEALTHCHECK runs {command[-1]}, which is not in the repo"
    assert "/healthz" in script.read_text()


def test_the_node_image_satisfies_the_frontend_engines(
    stages: list[Stage], repo_root: Path
) -> None:
    package = json.loads((frontend_dir(repo_root) / "package.json").read_text())
    wanted = package.get("engines", {}).get("node")
    assert wanted, "frontend/package.json should state engines.node"
    base = stage_named(stages, "frontend").base
    match = re.fullmatch(r"node:(\d+)\.(\d+)(?:\.(\d+))?-[\w-]+", base)
    assert match, f"pin the frontend stage to node:MAJOR.MINOR[-variant], got {base}"
    major, minor = int(match[1]), int(match[2])
    patch_floor = int(match[3]) if match[3] else 0
    # The tag floats over patch releases: both ends must satisfy the range.
    for version in ((major, minor, patch_floor), (major, minor, 999)):
        assert satisfies(version, wanted), f"{base} ({version}) does not satisfy {wanted!r}"


def test_the_runtime_copies_the_folder_the_frontend_build_writes(
    stages: list[Stage], runtime: Stage, repo_root: Path
) -> None:
    frontend = frontend_dir(repo_root)
    configs = sorted(frontend.glob("vite.config.*"))
    assert configs, "frontend/ has no vite.config.*"
    out_dir = re.search(r"outDir:\s*[\"']([^\"']+)[\"']", configs[0].read_text())
    assert out_dir, f"{configs[0].name} sets no build.outDir"
    # Where the build writes inside the frontend stage, and where the backend serves from.
    build_stage = stage_named(stages, "frontend")
    written = PurePosixPath(str(build_stage.workdir() / out_dir[1]))
    written = PurePosixPath(*_normalise(written.parts))
    assert (repo_root / "frontend" / out_dir[1]).resolve() == (repo_root / "static").resolve(), (
        "the backend serves static/ (APP_STATIC_FOLDER default): the build must write there"
    )
    copies = [parse_copy(runtime, c) for c in runtime.all("COPY")]
    from_frontend = [c for c in copies if c.from_stage == "frontend"]
    assert len(from_frontend) == 1
    assert PurePosixPath(from_frontend[0].sources[0]) == written
    assert from_frontend[0].destination == runtime.workdir() / "static"


def dockerignore_regex(glob: str) -> re.Pattern[str]:
    pattern, index = "", 0
    while index < len(glob):
        if glob.startswith("**/", index):
            pattern, index = pattern + "(?:.*/)?", index + 3
        elif glob.startswith("**", index):
            pattern, index = pattern + ".*", index + 2
        elif glob[index] == "*":
            pattern, index = pattern + "[^/]*", index + 1
        elif glob[index] == "?":
            pattern, index = pattern + "[^/]", index + 1
        else:
            pattern, index = pattern + re.escape(glob[index]), index + 1
    return re.compile(pattern)


def _normalise(parts: tuple[str, ...]) -> list[str]:
    result: list[str] = []
    for part in parts:
        if part == "..":
            result.pop()
        elif part != ".":
            result.append(part)
    return result


def satisfies(version: tuple[int, int, int], range_text: str) -> bool:
    """A small subset of npm semver ranges: ||, space-joined comparators, ^, ~, x."""
    return any(
        all(_comparator(version, c) for c in alternative.split())
        for alternative in range_text.split("||")
    )


def _comparator(version: tuple[int, int, int], text: str) -> bool:
    match = re.fullmatch(r"(>=|<=|>|<|=|\^|~)?v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?", text)
    if not match:
        pytest.fail(f"engines.node uses range syntax this check does not read: {text!r}")
    operator = match[1] or "="
    numbers = [match[2], match[3], match[4]]
    given = [int(n) for n in numbers if n is not None and n not in {"x", "*"}]
    low = tuple(given + [0] * (3 - len(given)))
    if operator in {">=", ">", "<=", "<"}:
        return {
            ">=": version >= low,
            ">": version > low,
            "<=": version <= low,
            "<": version < low,
        }[operator]
    if operator == "^":  # ^20.19.0 := >=20.19.0 <21.0.0
        return low <= version and version[0] == low[0]
    if operator == "~":  # ~20.19.0 := >=20.19.0 <20.20.0
        return low <= version and version[:2] == low[:2]
    # "20", "20.x" or "20.19": every version with that prefix.
    return version[: len(given)] == tuple(given)

"""gunicorn.conf.py turns the environment App Service provides into server settings.

The file is executed the way gunicorn executes it (as a fresh module), under a controlled
environment, and its values are then handed to gunicorn's own Config to prove gunicorn accepts
them. No server is started here; tests/integration/deploy starts one.
"""

from __future__ import annotations
import __future__

import runpy
import types
from pathlib import Path
from typing import Any

import pytest
from gunicorn.config import Config
from gunicorn.workers.base import Worker

CONF_ENV_VARS = (
    "PORT",
    "WEBSITES_PORT",
    "WEB_CONCURRENCY",
    "FORWARDED_ALLOW_IPS",
    "WEBSITE_SITE_NAME",
    "GUNICORN_LOG_LEVEL",
)


@pytest.fixture
def load_conf(monkeypatch: pytest.MonkeyPatch, repo_root: Path) -> Any:
    """Executes gunicorn.conf.py with exactly the given environment variables set."""

    def load(**env: str) -> dict[str, Any]:
        for name in CONF_ENV_VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(repo_root / "gunicorn.conf.py"))

    return load


def gunicorn_config(settings: dict[str, Any]) -> Config:
    config = Config()
    for name, value in settings.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_listens_on_8000_on_all_interfaces_by_default(load_conf: Any) -> None:
    assert load_conf()["bind"] == "0.0.0.0:8000"


def test_listens_on_the_port_app_service_passes(load_conf: Any) -> None:
    assert load_conf(PORT="8181")["bind"] == "0.0.0.0:8181"
    assert load_conf(WEBSITES_PORT="8282")["bind"] == "0.0.0.0:8282"
    assert load_conf(PORT="8181", WEBSITES_PORT="8282")["bind"] == "0.0.0.0:8181"


@pytest.mark.parametrize("bad", ["eighty", "0", "70000", "-1"])
def test_a_bad_port_is_refused_with_a_message_naming_the_variable(load_conf: Any, bad: str) -> None:
    with pytest.raises(ValueError, match=r"PORT='.*' is not a TCP port.*between 1 and 65535"):
        load_conf(PORT=bad)


def test_workers_follow_the_cpu_count_with_a_floor_of_two(
    load_conf: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    assert load_conf()["workers"] == 4
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: {0}, raising=False)
    assert load_conf()["workers"] == 2


def test_web_concurrency_overrides_the_worker_count(load_conf: Any) -> None:
    assert load_conf(WEB_CONCURRENCY="3")["workers"] == 3


def test_a_bad_worker_count_is_refused_with_a_message(load_conf: Any) -> None:
    with pytest.raises(ValueError, match=r"WEB_CONCURRENCY='zero' is not a worker count"):
        load_conf(WEB_CONCURRENCY="zero")


def test_timeouts_match_the_app_service_front_end_limit(load_conf: Any) -> None:
    settings = load_conf()
    # App Service's front end ends requests after 230 s; a stream may run that long, so neither
    # the worker watchdog nor a graceful shutdown may cut it sooner.
    assert settings["timeout"] == 230
    assert settings["graceful_timeout"] == 230


def test_access_and_error_logs_go_to_the_console(load_conf: Any) -> None:
    settings = load_conf()
    assert settings["accesslog"] == "-"
    assert settings["errorlog"] == "-"


def test_forwarded_headers_are_trusted_only_behind_app_service(load_conf: Any) -> None:
    assert load_conf()["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert load_conf(WEBSITE_SITE_NAME="app-chat")["forwarded_allow_ips"] == "*"
    assert load_conf(FORWARDED_ALLOW_IPS="10.0.0.5")["forwarded_allow_ips"] == "10.0.0.5"


def test_every_setting_name_is_one_gunicorn_knows(load_conf: Any) -> None:
    # gunicorn silently ignores unknown names, so a misspelt "graceful_timout" would never apply.
    known = Config().settings
    not_settings = (types.ModuleType, types.FunctionType, type, __future__._Feature)
    names = {
        name
        for name, value in load_conf().items()
        if name.islower() and not name.startswith("_") and not isinstance(value, not_settings)
    }
    unknown = sorted(name for name in names if name not in known)
    assert not unknown, f"gunicorn.conf.py sets names gunicorn does not know: {unknown}"


def test_gunicorn_accepts_every_value(load_conf: Any) -> None:
    config = gunicorn_config(load_conf(PORT="8181", WEB_CONCURRENCY="2"))
    # All interfaces on purpose: in a container, App Service forwards to the container's address.
    assert config.address == [("0.0.0.0", 8181)]  # noqa: S104
    assert config.workers == 2
    assert config.timeout == 230
    assert config.graceful_timeout == 230


def test_the_worker_class_imports_and_is_a_gunicorn_worker(load_conf: Any) -> None:
    worker_class = gunicorn_config(load_conf()).worker_class
    assert issubclass(worker_class, Worker)
    # The maintained package, not uvicorn's deprecated uvicorn.workers module.
    assert worker_class.__module__.startswith("uvicorn_worker")

"""Production server settings, read by `python -m gunicorn --config gunicorn.conf.py app:app`.

The same file serves the container image and App Service code deployments. Values come from the
environment (App Service app settings) so an operator tunes them without a rebuild; anything else
can be overridden with gunicorn's own `GUNICORN_CMD_ARGS` (for example `--graceful-timeout 60`).
Gunicorn ignores names that are not its settings, so helpers here start with an underscore.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# App Service's front end ends every request after 230 seconds, streaming or not.
APP_SERVICE_REQUEST_LIMIT_SECONDS = 230
DEFAULT_PORT = 8000


def _port(env: Mapping[str, str]) -> int:
    # App Service passes the port it forwards to as PORT (custom containers also set WEBSITES_PORT).
    for name in ("PORT", "WEBSITES_PORT"):
        raw = env.get(name, "").strip()
        if not raw:
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= 65535:
            raise ValueError(
                f"gunicorn.conf.py: {name}={raw!r} is not a TCP port; set it to a whole number "
                f"between 1 and 65535, or unset it to listen on {DEFAULT_PORT}."
            )
        return int(raw)
    return DEFAULT_PORT


def _worker_count(env: Mapping[str, str], cpus: int) -> int:
    raw = env.get("WEB_CONCURRENCY", "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise ValueError(
                f"gunicorn.conf.py: WEB_CONCURRENCY={raw!r} is not a worker count; set it to a "
                "whole number of at least 1, or unset it to use one worker per CPU (at least 2)."
            )
        return int(raw)
    # Each async worker serves many concurrent streams, so one per CPU uses the machine; the floor
    # of two keeps the site answering while one worker restarts.
    return max(2, cpus)


def _usable_cpus() -> int:
    # sched_getaffinity honours CPU pinning (containers, taskset); cpu_count does not.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on macOS
        return os.cpu_count() or 1


def _forwarded_allow_ips(env: Mapping[str, str]) -> str:
    explicit = env.get("FORWARDED_ALLOW_IPS", "").strip()
    if explicit:
        return explicit
    # On App Service only the platform's front end can reach the app's port, and it sets
    # X-Forwarded-Proto/-For; trusting it makes request URLs say https. Elsewhere trust only
    # a proxy on this machine (gunicorn's default).
    if env.get("WEBSITE_SITE_NAME"):
        return "*"
    return "127.0.0.1,::1"


def _heartbeat_dir() -> str | None:
    # Workers touch a heartbeat file every few seconds; on a container's overlay or network file
    # system that can stall a worker, so prefer memory-backed /dev/shm when it is usable.
    shm = "/dev/shm"  # noqa: S108 - gunicorn's documented choice for heartbeat files
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        return shm
    return None


bind = f"0.0.0.0:{_port(os.environ)}"
workers = _worker_count(os.environ, _usable_cpus())

# uvicorn 0.54 still ships uvicorn.workers but deprecates it in favour of the separate
# uvicorn-worker package (same class, maintained there).
worker_class = "uvicorn_worker.UvicornWorker"

# With async workers, `timeout` is not a per-request limit: it is how long a worker's event loop
# may go silent before the arbiter replaces it. It matches the front end's limit so no worker is
# killed while the front end could still be waiting for one of its responses.
timeout = APP_SERVICE_REQUEST_LIMIT_SECONDS

# On SIGTERM (restart, scale-in, new deployment) workers stop accepting connections and finish the
# requests they have. A chat answer streams for at most the front end's limit, so waiting that long
# lets every stream a user can still receive complete before the worker is killed.
graceful_timeout = APP_SERVICE_REQUEST_LIMIT_SECONDS

forwarded_allow_ips = _forwarded_allow_ips(os.environ)
worker_tmp_dir = _heartbeat_dir()

# Logs go to the console, where App Service's log stream and `docker logs` collect them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The control socket (gunicornc) is not used in App Service, and its default location under $HOME
# may not be writable for the unprivileged user the image runs as.
control_socket_disable = True

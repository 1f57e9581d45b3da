"""`GET /healthz`: liveness and readiness, with one entry per subsystem (no secrets).

Subsystems register a check (a function returning a small JSON-able dict with a `status` of
"ok", "degraded" or "failed") under `app.config[CONFIG_HEALTH_CHECKS]`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from quart import Blueprint, Response, current_app, jsonify

from backend.config import CONFIG_CLIENTS, CONFIG_HEALTH_CHECKS

logger = logging.getLogger(__name__)

HealthCheck = Callable[[], dict[str, Any]]
_SEVERITY = {"ok": 0, "degraded": 1, "failed": 2}

health_bp = Blueprint("health", __name__)


def register_health_check(checks: dict[str, HealthCheck], name: str, check: HealthCheck) -> None:
    checks[name] = check


@health_bp.get("/healthz")
async def healthz() -> tuple[Response, int]:
    ready = current_app.config.get(CONFIG_CLIENTS) is not None
    results: dict[str, dict[str, Any]] = {}
    for name, check in current_app.config.get(CONFIG_HEALTH_CHECKS, {}).items():
        try:
            results[name] = check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = {"status": "failed", "message": "the check itself failed"}
    worst = max((_SEVERITY.get(r.get("status", "failed"), 2) for r in results.values()), default=0)
    status = "starting" if not ready else ("ok", "degraded", "failed")[worst]
    body = {"status": status, "live": True, "ready": ready and worst < 2, "checks": results}
    # Degraded still serves traffic (200); failed or starting takes the instance out (503).
    return jsonify(body), 200 if body["ready"] else 503

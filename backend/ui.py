"""The browser-facing routes: the built frontend, its assets and `/frontend_settings`."""

from __future__ import annotations

from pathlib import Path

from quart import Blueprint, Response, current_app, jsonify, send_from_directory
from werkzeug.exceptions import NotFound

from backend.config import CONFIG_HISTORY, CONFIG_SETTINGS
from backend.settings import AppSettings

ui_bp = Blueprint("ui", __name__)

# Shown until `npm run build` has produced static/index.html.
PLACEHOLDER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chat</title></head>
<body><main>
<h1>The chat API is running</h1>
<p>The web interface has not been built yet. Build it with
<code>npm --prefix frontend ci &amp;&amp; npm --prefix frontend run build</code>
(<code>./start.sh</code> does this), then reload this page.</p>
</main></body></html>
"""


def frontend_settings_payload(settings: AppSettings) -> dict[str, object]:
    ui = settings.ui
    return {
        "auth_enabled": settings.base.auth_enabled,
        "feedback_enabled": bool(
            settings.chat_history.enable_feedback and settings.chat_history.account
        ),
        "ui": {
            "title": ui.title,
            "logo": ui.logo,
            "chat_logo": ui.chat_logo or ui.logo,
            "chat_title": ui.chat_title,
            "chat_description": ui.chat_description,
            "favicon": ui.favicon,
            "show_share_button": ui.show_share_button,
            "show_chat_history_button": ui.show_chat_history_button,
        },
        "sanitize_answer": settings.base.sanitize_answer,
        "oyd_enabled": bool(settings.base.datasource_type),
    }


def _static_root() -> Path:
    settings: AppSettings = current_app.config[CONFIG_SETTINGS]
    return Path(settings.server.static_folder).resolve()


@ui_bp.get("/")
async def index() -> Response:
    root = _static_root()
    if not (root / "index.html").is_file():
        return Response(PLACEHOLDER_PAGE, mimetype="text/html")
    response = await send_from_directory(root, "index.html")
    # Revalidate every time, so a new deployment's assets are picked up at once.
    response.headers["Cache-Control"] = "no-cache"
    return response


@ui_bp.get("/frontend_settings")
async def frontend_settings() -> Response:
    payload = frontend_settings_payload(current_app.config[CONFIG_SETTINGS])
    history = current_app.config.get(CONFIG_HISTORY)
    if history is not None:
        # The store actually in use (Cosmos DB or SQLite), not only the Cosmos settings.
        payload["feedback_enabled"] = history.feedback_enabled
    return jsonify(payload)


@ui_bp.get("/assets/<path:filename>")
async def assets(filename: str) -> Response:
    response = await send_from_directory(_static_root() / "assets", filename)
    # Vite puts a content hash in every asset name, so they never change in place.
    response.cache_control.public = True
    response.cache_control.max_age = 31536000
    response.cache_control.immutable = True
    return response


@ui_bp.get("/<path:filename>")
async def static_file(filename: str) -> Response:
    """Other files at the root of the built frontend (favicon, logos)."""
    root = _static_root()
    if not (root / filename).is_file():
        raise NotFound()
    return await send_from_directory(root, filename)

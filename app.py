"""ASGI entry point: `uvicorn app:app` / `gunicorn app:app`."""

import sys

from backend.app import create_app
from backend.errors import ConfigurationError

try:
    app = create_app()
except ConfigurationError as exc:
    # One readable message naming the variables beats a traceback in the App Service log.
    sys.exit(f"The app cannot start. {exc.message}")

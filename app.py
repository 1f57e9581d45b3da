"""ASGI entry point: `uvicorn app:app` / `gunicorn app:app`."""

from backend.app import create_app

app = create_app()

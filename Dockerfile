# syntax=docker/dockerfile:1
# Production image: the built frontend plus the Quart backend served by gunicorn with uvicorn
# workers. Registries (npm, PyPI, the base images) are reached at build time only; the running
# container needs no network beyond Azure. No enterprise CA is baked in: it arrives at run time
# through the /certs mount (SSL_CERT_FILE) or from Blob Storage, so one image serves every network.

# --- Stage 1: build the frontend (Vite writes into ../static, i.e. /build/static) -------------
FROM node:20.20-bookworm-slim AS frontend
WORKDIR /build/frontend
# Manifests first so the dependency layer is reused while only sources change.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- Stage 2: install the pinned Python requirements into a virtualenv -----------------------
FROM python:3.11-slim-bookworm AS python-deps
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --requirement /tmp/requirements.txt

# --- Stage 3: the runtime image ----------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:${PATH}"

# An unprivileged user with a fixed id, so orchestrators can check runAsNonRoot.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home \
       --shell /usr/sbin/nologin app

WORKDIR /app
COPY --from=python-deps /opt/venv /opt/venv
COPY app.py gunicorn.conf.py ./
COPY backend/ ./backend/
COPY scripts/container_healthcheck.py ./scripts/
COPY --from=frontend /build/static ./static/
# The code stays root-owned (read-only for the app); only data/ (local SQLite history) is writable.
RUN mkdir -p /app/data && chown 10001:10001 /app/data

USER 10001:10001
EXPOSE 8000

# App Service probes /healthz itself (healthCheckPath); this serves `docker run` and other hosts.
# The start period covers the bounded wait for the certificate mount (TRUST_MOUNT_WAIT_SECONDS).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "scripts/container_healthcheck.py"]

# Exec form: gunicorn is PID 1 and receives SIGTERM itself, so in-flight streams finish.
CMD ["python", "-m", "gunicorn", "--config", "gunicorn.conf.py", "app:app"]

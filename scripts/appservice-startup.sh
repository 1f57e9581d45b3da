#!/usr/bin/env bash
# Startup command for App Service code deployments (zip deploy, `azd deploy`, Run from package):
#   bash scripts/appservice-startup.sh
# Starts the same server, with the same settings, as the container image.
set -euo pipefail

# App Service may run the app from a copy (e.g. /tmp/<id> after an Oryx build), so locate the
# app from this script rather than assuming /home/site/wwwroot.
app_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${app_root}"

# Run from package mounts the zip read-only and runs no build, so the package carries its
# dependencies in .python_packages/ (see scripts/build-appservice-package.sh). Put them first on
# the path so the pinned gunicorn wins over the one in App Service's Python image.
vendored="${app_root}/.python_packages/lib/site-packages"
if [[ -d "${vendored}" ]]; then
    export PYTHONPATH="${vendored}${PYTHONPATH:+:${PYTHONPATH}}"
fi

# A read-only package cannot hold bytecode caches; don't try to write them.
export PYTHONDONTWRITEBYTECODE=1

if [[ ! -f static/index.html ]]; then
    echo "appservice-startup.sh: ${app_root}/static/index.html is missing: the package was made" \
        "without the built frontend. Run 'npm ci && npm run build' in frontend/ before packaging." >&2
    exit 1
fi

python_bin="$(command -v python3 || command -v python || true)"
if [[ -z "${python_bin}" ]]; then
    echo "appservice-startup.sh: no python3 on PATH; is the web app's runtime stack PYTHON|3.11?" >&2
    exit 1
fi

exec "${python_bin}" -m gunicorn --config gunicorn.conf.py app:app

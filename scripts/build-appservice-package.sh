#!/usr/bin/env bash
# Builds a self-contained zip for App Service "Run from package" (WEBSITE_RUN_FROM_PACKAGE=1):
# the app, the built frontend, and every pinned Python requirement vendored for App Service's
# Linux x86_64 CPython 3.11 under .python_packages/ (no build runs on the server in that mode).
#   scripts/build-appservice-package.sh [OUTPUT_ZIP]     (default: dist/appservice-package.zip)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${1:-${repo_root}/dist/appservice-package.zip}"
case "${output}" in /*) ;; *) output="${PWD}/${output}" ;; esac

fail() { echo "build-appservice-package.sh: $*" >&2; exit 1; }

command -v npm >/dev/null || fail "npm is required to build the frontend (Node 20)."
command -v python3 >/dev/null || fail "python3 is required to vendor the requirements."

echo "Building the frontend into static/ ..."
(cd "${repo_root}/frontend" && npm ci --no-audit --no-fund && npm run build) \
    || fail "the frontend build failed (see the npm output above)."
[[ -f "${repo_root}/static/index.html" ]] || fail "the frontend build did not produce static/index.html."

stage="$(mktemp -d)"
trap 'rm -rf "${stage}"' EXIT

cp "${repo_root}/app.py" "${repo_root}/gunicorn.conf.py" "${repo_root}/requirements.txt" "${stage}/"
cp -R "${repo_root}/backend" "${repo_root}/static" "${stage}/"
mkdir -p "${stage}/scripts"
cp "${repo_root}/scripts/appservice-startup.sh" "${stage}/scripts/"
find "${stage}" -name __pycache__ -type d -prune -exec rm -rf {} +

echo "Vendoring requirements for Linux x86_64 CPython 3.11 ..."
# Binary wheels only, for the glibc of App Service's Python image: nothing compiles here, and
# nothing built for this machine's platform slips in.
python3 -m pip install --quiet --disable-pip-version-check --no-compile --no-warn-conflicts \
    --target "${stage}/.python_packages/lib/site-packages" \
    --implementation cp --python-version 3.11 --only-binary=:all: \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 --platform any \
    --requirement "${repo_root}/requirements.txt" \
    || fail "pip could not download binary wheels for every pinned requirement (see above)."

mkdir -p "$(dirname "${output}")"
rm -f "${output}"
(cd "${stage}" && python3 -m zipfile -c "${output}" .) || fail "could not write ${output}."
echo "Wrote ${output}"

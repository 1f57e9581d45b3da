#!/usr/bin/env bash
# Run every check the project has: lint, types, and all tests (unit, integration, browser).
# Arguments go to pytest, e.g. `./test.sh tests/unit -k settings`.
set -euo pipefail
cd "$(dirname "$0")"

scripts/bootstrap.sh --test

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
if [ -f frontend/package.json ]; then
  echo "== frontend lint, types, unit tests"
  npm --prefix frontend run lint
  npm --prefix frontend run typecheck
  npm --prefix frontend test
fi
echo "== pytest"
.venv/bin/pytest "$@"

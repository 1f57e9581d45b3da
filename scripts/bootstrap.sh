#!/usr/bin/env bash
# Install what the app (and, with --test, the test suite) needs. Safe to run again: each step
# is skipped when its inputs have not changed since it last succeeded.
#   scripts/bootstrap.sh           runtime: .venv with requirements.txt, built frontend
#   scripts/bootstrap.sh --test    also requirements-dev.txt and every scripts/tools/*.sh
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
stamp_dir=.venv/.stamps

fail() { echo "bootstrap: $*" >&2; exit 1; }

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  fail "Python 3.11 is required (python3.11 or python3 on PATH)."
}

# Runs "$@" only when the hash of the named files differs from the last successful run.
when_changed() {
  local name=$1; shift
  local files=$1; shift
  local digest
  # shellcheck disable=SC2086
  digest=$(cat $files 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp_dir/$name" ] && [ "$(cat "$stamp_dir/$name")" = "$digest" ]; then
    return 0
  fi
  # Only a step that succeeded is remembered (callers use `|| fail`, which turns off set -e).
  "$@" || return 1
  echo "$digest" > "$stamp_dir/$name"
}

if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$(find_python)" -m venv .venv || fail "could not create the virtualenv .venv"
fi
mkdir -p "$stamp_dir"

requirements=requirements.txt
[ "$mode" = "--test" ] && requirements=requirements-dev.txt
when_changed "pip-$requirements" "requirements.txt $requirements" \
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" ||
  fail "pip install -r $requirements failed (see above)"

if [ -f frontend/package.json ]; then
  command -v npm >/dev/null || fail "npm (Node.js 20) is required to build the frontend"
  when_changed npm-ci "frontend/package-lock.json" npm --prefix frontend ci --no-audit --no-fund ||
    fail "npm ci in frontend/ failed (see above)"
  if [ ! -f static/index.html ] || [ -n "$(find frontend/src frontend/index.html frontend/package.json \
        -newer static/index.html -print -quit 2>/dev/null)" ]; then
    npm --prefix frontend run build || fail "the frontend build failed (see above)"
  fi
fi

if [ "$mode" = "--test" ]; then
  for tool in scripts/tools/*.sh; do
    [ -e "$tool" ] || continue
    bash "$tool" || fail "$tool failed (see above)"
  done
fi

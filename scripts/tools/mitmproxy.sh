#!/usr/bin/env bash
# Installs mitmproxy (the TLS-intercepting corporate proxy of the tests) into its own
# virtualenv .venv-mitmproxy/: its pins (h11, ...) clash with the app's HTTP stack.
# Idempotent: a fast no-op when the pinned version is already there.
set -euo pipefail

# 11.0.2 is the last release that runs on Python 3.11.
MITMPROXY_VERSION="11.0.2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.venv-mitmproxy"
BIN="$VENV/bin/mitmdump"

if [[ -x "$BIN" ]] && "$VENV/bin/python" -c \
    "import importlib.metadata as m, sys; sys.exit(m.version('mitmproxy') != '$MITMPROXY_VERSION')" \
    2>/dev/null; then
  exit 0
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -m venv "$VENV"; then
  echo "mitmproxy.sh: could not create $VENV with $PYTHON (apt-get install python3-venv?)" >&2
  exit 1
fi
if ! "$VENV/bin/pip" install --quiet --disable-pip-version-check "mitmproxy==$MITMPROXY_VERSION"; then
  echo "mitmproxy.sh: 'pip install mitmproxy==$MITMPROXY_VERSION' failed (see pip output above)" >&2
  exit 1
fi
if [[ ! -x "$BIN" ]]; then
  echo "mitmproxy.sh: installed, but $BIN is missing" >&2
  exit 1
fi
echo "mitmproxy $MITMPROXY_VERSION installed in $VENV"

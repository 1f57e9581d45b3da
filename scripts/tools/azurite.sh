#!/usr/bin/env bash
# Installs the Azure Storage emulator (npm `azurite`) into .local/azurite/ for the blob tests.
# Idempotent: a fast no-op when the pinned version is already there.
set -euo pipefail

AZURITE_VERSION="3.37.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX="$ROOT/.local/azurite"
BIN="$PREFIX/node_modules/.bin/azurite-blob"

if [[ -x "$BIN" ]] && grep -q "\"version\": \"$AZURITE_VERSION\"" \
    "$PREFIX/node_modules/azurite/package.json" 2>/dev/null; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "azurite.sh: npm is not installed; install Node.js 20 (apt-get install nodejs npm)" >&2
  exit 1
fi

mkdir -p "$PREFIX"
if ! npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
    "azurite@$AZURITE_VERSION"; then
  echo "azurite.sh: 'npm install azurite@$AZURITE_VERSION' failed (see npm output above)" >&2
  exit 1
fi
if [[ ! -x "$BIN" ]]; then
  echo "azurite.sh: installed, but $BIN is missing" >&2
  exit 1
fi
echo "azurite $AZURITE_VERSION installed in $PREFIX"

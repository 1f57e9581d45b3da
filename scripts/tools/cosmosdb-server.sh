#!/usr/bin/env bash
# Install the Cosmos DB-compatible test server (npm @vercel/cosmosdb-server) into
# .local/cosmosdb-server/. The history tests start it through tests/support/cosmos_server.js.
# A fast no-op when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=1.0.1
target=.local/cosmosdb-server
installed="$target/node_modules/@vercel/cosmosdb-server/package.json"

if [ -f "$installed" ] &&
   [ "$(node -p "require('./$installed').version" 2>/dev/null)" = "$version" ]; then
  exit 0
fi

command -v npm >/dev/null ||
  { echo "cosmosdb-server.sh: npm (Node.js 20) is required to install the Cosmos DB test server" >&2; exit 1; }

mkdir -p "$target"
# A package.json of its own keeps npm from walking up into the repository (or frontend/).
[ -f "$target/package.json" ] ||
  echo '{"name": "cosmosdb-test-server", "private": true}' > "$target/package.json"
echo "cosmosdb-server.sh: installing @vercel/cosmosdb-server@$version into $target"
npm --prefix "$target" install --no-audit --no-fund --save-exact \
  "@vercel/cosmosdb-server@$version" >/dev/null ||
  { echo "cosmosdb-server.sh: npm install of @vercel/cosmosdb-server@$version failed" >&2; exit 1; }

#!/usr/bin/env bash
# Run the app locally on http://127.0.0.1:50505.
#   ./start.sh              uses AZURE_OPENAI_* from the environment or .env
#   ./start.sh --emulator   runs against the bundled Azure OpenAI emulator (no Azure needed)
set -euo pipefail
cd "$(dirname "$0")"

port=${PORT:-50505}
use_emulator=false
for arg in "$@"; do
  case "$arg" in
    --emulator) use_emulator=true ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "start.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

scripts/bootstrap.sh || { echo "start.sh: installing failed; nothing was started." >&2; exit 1; }

env_file_args=()
[ -f .env ] && env_file_args=(--env-file .env)
# There is no App Service authentication locally: show the chat, not the sign-in notice.
export AUTH_ENABLED=${AUTH_ENABLED:-false}

# True when a variable is set in the environment or in .env.
is_set() { [ -n "${!1:-}" ] || grep -qsE "^$1=." .env; }
# Chat history: an embedded SQLite file under data/ (kept across restarts), unless Cosmos DB
# is configured, which the app's default (CHAT_HISTORY_STORE=auto) then uses.
if ! is_set CHAT_HISTORY_STORE && ! is_set AZURE_COSMOSDB_ACCOUNT && ! is_set AZURE_COSMOSDB_ENDPOINT; then
  export CHAT_HISTORY_STORE=sqlite
  is_set AZURE_COSMOSDB_ENABLE_FEEDBACK || export AZURE_COSMOSDB_ENABLE_FEEDBACK=true
  echo "start.sh: chat history in ${CHAT_HISTORY_SQLITE_PATH:-data/chat-history.sqlite3} (SQLite)"
fi

emulator_pid=""
cleanup() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if $use_emulator; then
  mkdir -p .local/certs
  ready=.local/emulator-ready.json
  rm -f "$ready"
  .venv/bin/python -m emulator --port 0 --pki-dir .local/emulator-pki --ready-file "$ready" \
    --token-delay 0.03 &
  emulator_pid=$!
  for _ in $(seq 1 100); do [ -f "$ready" ] && break; sleep 0.1; done
  [ -f "$ready" ] || { echo "start.sh: the emulator did not start" >&2; exit 1; }
  emulator_port=$(.venv/bin/python -c "import json,sys; print(json.load(open(sys.argv[1]))['port'])" "$ready")
  # Put the emulator's private root CA where an App Service path mapping would put a bundle.
  cp .local/emulator-pki/root.pem .local/certs/ca_root_certs.pem
  export SSL_CERT_FILE="$PWD/.local/certs/ca_root_certs.pem"
  export AZURE_OPENAI_ENDPOINT="https://localhost:$emulator_port"
  export AZURE_OPENAI_MODEL=gpt-4o
  export AZURE_OPENAI_KEY=emulator-key
  echo "start.sh: using the local Azure OpenAI emulator at $AZURE_OPENAI_ENDPOINT,"
  echo "          trusted through SSL_CERT_FILE=$SSL_CERT_FILE"
elif [ -z "${AZURE_OPENAI_ENDPOINT:-}${AZURE_OPENAI_RESOURCE:-}" ] &&
     ! grep -qsE '^AZURE_OPENAI_(ENDPOINT|RESOURCE)=.' .env; then
  cat <<'MSG'
start.sh: Azure OpenAI is not configured, so chat requests will fail. Set, in the environment
          or in .env (see .env.sample):
            AZURE_OPENAI_ENDPOINT   e.g. https://my-resource.openai.azure.com
            AZURE_OPENAI_MODEL      the deployment name, e.g. gpt-4o
            AZURE_OPENAI_KEY        or leave it unset to sign in with Entra ID
          Or try it without Azure: ./start.sh --emulator
MSG
fi

echo "start.sh: serving on http://127.0.0.1:$port"
.venv/bin/python -m uvicorn app:app --host 127.0.0.1 --port "$port" "${env_file_args[@]}"

#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests. Test tools never download a browser of their
# own, so the end-to-end tests drive this one at /usr/bin/chromium.
set -euo pipefail

if [[ -x /usr/bin/chromium ]]; then
    exit 0
fi

if [[ "$(id -u)" != "0" ]]; then
    echo "chromium.sh: /usr/bin/chromium is missing and installing it needs root (apt-get)." >&2
    exit 1
fi

echo "chromium.sh: installing Debian packages chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -q; then
    echo "chromium.sh: apt-get update failed; check the Debian package mirror is reachable." >&2
    exit 1
fi
if ! apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-liberation; then
    echo "chromium.sh: apt-get install chromium chromium-driver failed." >&2
    exit 1
fi
if [[ ! -x /usr/bin/chromium ]]; then
    echo "chromium.sh: the chromium package installed but /usr/bin/chromium is not there." >&2
    exit 1
fi
echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"

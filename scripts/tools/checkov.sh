#!/usr/bin/env bash
# Installs checkov (static analysis for the Bicep files in infra/) into its own virtualenv,
# .venv-checkov/ at the repository root. Its own venv because checkov pins many libraries
# (boto3, networkx, ...) that have no business beside the application's runtime pins.
# Idempotent: a fast no-op when the pinned version is already installed.
set -euo pipefail

CHECKOV_VERSION="3.3.30"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${repo_root}/.venv-checkov"
checkov_bin="${venv}/bin/checkov"

installed_version() {
    "${venv}/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null || true
}

if [[ -x "${checkov_bin}" && "$(installed_version)" == "${CHECKOV_VERSION}" ]]; then
    echo "checkov ${CHECKOV_VERSION} already installed in ${venv}"
    exit 0
fi

if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
    echo "checkov.sh: python3 >= 3.9 is required to install checkov" >&2
    exit 1
fi

if [[ ! -x "${venv}/bin/python" ]]; then
    python3 -m venv "${venv}" || {
        echo "checkov.sh: could not create ${venv} (is the python3-venv package installed?)" >&2
        exit 1
    }
fi

"${venv}/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==${CHECKOV_VERSION}" || {
    echo "checkov.sh: pip could not install checkov==${CHECKOV_VERSION} into ${venv}" >&2
    exit 1
}

if [[ "$(installed_version)" != "${CHECKOV_VERSION}" ]]; then
    echo "checkov.sh: installed checkov reports version '$(installed_version)', expected ${CHECKOV_VERSION}" >&2
    exit 1
fi
echo "checkov ${CHECKOV_VERSION} installed in ${venv}"

#!/usr/bin/env bash
# Creates (or reuses) the Python virtualenv the bittensor 11 conformance test runs in: bittensor 11.3.0,
# the "lean SDK" with a Rust core (`bittensor_core`) and its own transport, wallet and btcli. It gets a
# venv of its own because 11.x and 10.x (scripts/python-env.sh) cannot share one. The venv lives outside
# the clone, at $TAONET_BT11_VENV (default $HOME/.cache/taonet-venv/bt11), so CI and repeated runs
# reuse it; a stamp file records what was installed, so a cached venv costs one import check. Prints
# the venv's python on the last line.
#
#   scripts/bt11-env.sh            create or reuse
#   scripts/bt11-env.sh --force    rebuild from scratch
set -euo pipefail

VENV="${TAONET_BT11_VENV:-$HOME/.cache/taonet-venv/bt11}"
REQUIREMENTS="bittensor==11.3.0"
# The interpreter: $TAONET_PYTHON, else the first of these that runs and is >= 3.10.
py_version() {
    "$1" -c 'import sys; assert sys.version_info >= (3, 10); print("%d.%d" % sys.version_info[:2])' \
        2>/dev/null
}
PYTHON="${TAONET_PYTHON:-}"
PY_VERSION=""
if [[ -n "$PYTHON" ]]; then
    PY_VERSION="$(py_version "$PYTHON")" || PY_VERSION=""
else
    for candidate in python3.11 python3.12 python3.10 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && PY_VERSION="$(py_version "$candidate")"; then
            PYTHON="$candidate"
            break
        fi
        PY_VERSION=""
    done
fi
if [[ -z "$PY_VERSION" ]]; then
    echo "bt11-env: no usable python (${PYTHON:-none found}); bittensor 11.3 needs Python >= 3.10" >&2
    exit 1
fi
STAMP_WANT="$REQUIREMENTS python$PY_VERSION"
STAMP="$VENV/.taonet-stamp"

check() {
    [[ -x "$VENV/bin/python" ]] &&
        [[ -f "$STAMP" ]] &&
        [[ "$(cat "$STAMP")" == "$STAMP_WANT" ]] &&
        "$VENV/bin/python" -c 'import bittensor, bittensor_core' >/dev/null 2>&1
}

if [[ "${1:-}" == "--force" ]]; then
    rm -rf "$VENV"
fi

if ! check; then
    echo "bt11-env: creating $VENV ($STAMP_WANT)" >&2
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    # shellcheck disable=SC2086 # REQUIREMENTS is a list of requirement specifiers
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $REQUIREMENTS >&2
    echo "$STAMP_WANT" >"$STAMP"
    if ! check; then
        echo "bt11-env: $VENV was built but bittensor 11 does not import" >&2
        exit 1
    fi
fi
echo "$VENV/bin/python"

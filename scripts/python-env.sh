#!/usr/bin/env bash
# Creates (or reuses) the Python virtualenv the real-client conformance tests run in: bittensor 10.5.0
# (the classic SDK every subnet uses) with its chain layer, async-substrate-interface, and
# bittensor-wallet. The venv lives outside the clone, at $TAONET_BT10_VENV (default
# $HOME/.cache/taonet-venv/bt10), so CI and repeated runs reuse it; a stamp file records what was
# installed, so a cached venv costs one import check. Prints the venv's python on the last line.
#
#   scripts/python-env.sh            create or reuse
#   scripts/python-env.sh --force    rebuild from scratch
set -euo pipefail

VENV="${TAONET_BT10_VENV:-$HOME/.cache/taonet-venv/bt10}"
# bittensor 10.5.0 with the chain layer and wallet versions its conformance was verified with.
REQUIREMENTS="bittensor==10.5.0 async-substrate-interface==2.2.1 bittensor-wallet==4.1.1"
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
    echo "python-env: no usable python (${PYTHON:-none found}); bittensor 10.5 needs Python >= 3.10" >&2
    exit 1
fi
STAMP_WANT="$REQUIREMENTS python$PY_VERSION"
STAMP="$VENV/.taonet-stamp"

check() {
    [[ -x "$VENV/bin/python" ]] &&
        [[ -f "$STAMP" ]] &&
        [[ "$(cat "$STAMP")" == "$STAMP_WANT" ]] &&
        "$VENV/bin/python" -c 'import bittensor, bittensor_wallet, async_substrate_interface' \
            >/dev/null 2>&1
}

if [[ "${1:-}" == "--force" ]]; then
    rm -rf "$VENV"
fi

if ! check; then
    echo "python-env: creating $VENV ($STAMP_WANT)" >&2
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    # shellcheck disable=SC2086 # REQUIREMENTS is a list of requirement specifiers
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $REQUIREMENTS >&2
    echo "$STAMP_WANT" >"$STAMP"
    if ! check; then
        echo "python-env: $VENV was built but bittensor does not import" >&2
        exit 1
    fi
fi
echo "$VENV/bin/python"

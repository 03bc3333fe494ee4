#!/usr/bin/env bash
# Creates (or reuses) one cached Python virtualenv for the real-client conformance tests, outside the
# clone so CI and repeated runs reuse it. A stamp file records what was installed, so a cached venv costs
# one import check. Prints the venv's python on the last line.
#
#   scripts/venv.sh NAME "REQUIREMENTS" "MODULES" [--force]
#
# NAME        the venv's name: $HOME/.cache/taonet-venv/NAME (or $TAONET_VENV_DIR when set)
# REQUIREMENTS pip requirement specifiers, space separated
# MODULES     modules that must import for the venv to count as ready, space separated
# --force     rebuild from scratch
#
# The interpreter is $TAONET_PYTHON, else the first of python3.11/3.12/3.10/3.13/python3 that is >= 3.10.
set -euo pipefail

NAME="$1"
REQUIREMENTS="$2"
MODULES="$3"
FORCE="${4:-}"
VENV="${TAONET_VENV_DIR:-$HOME/.cache/taonet-venv/$NAME}"

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
    echo "venv $NAME: no usable python (${PYTHON:-none found}); Python >= 3.10 is needed" >&2
    exit 1
fi
STAMP_WANT="$REQUIREMENTS python$PY_VERSION"
STAMP="$VENV/.taonet-stamp"
IMPORTS="import ${MODULES// /, }"

check() {
    [[ -x "$VENV/bin/python" ]] &&
        [[ -f "$STAMP" ]] &&
        [[ "$(cat "$STAMP")" == "$STAMP_WANT" ]] &&
        "$VENV/bin/python" -c "$IMPORTS" >/dev/null 2>&1
}

if [[ "$FORCE" == "--force" ]]; then
    rm -rf "$VENV"
fi

if ! check; then
    echo "venv $NAME: creating $VENV ($STAMP_WANT)" >&2
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    # shellcheck disable=SC2086 # REQUIREMENTS is a list of requirement specifiers
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $REQUIREMENTS >&2
    echo "$STAMP_WANT" >"$STAMP"
    if ! check; then
        echo "venv $NAME: $VENV was built but \`$IMPORTS\` fails" >&2
        exit 1
    fi
fi
echo "$VENV/bin/python"

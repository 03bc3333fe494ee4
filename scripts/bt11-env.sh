#!/usr/bin/env bash
# The bittensor 11.3.0 venv (the "lean SDK" with a Rust core; 11.x and 10.x cannot share a venv) at
# $TAONET_BT11_VENV (default $HOME/.cache/taonet-venv/bt11).
# Prints the venv's python on the last line; `--force` rebuilds it.
set -euo pipefail
TAONET_VENV_DIR="${TAONET_BT11_VENV:-$HOME/.cache/taonet-venv/bt11}" exec "$(dirname "$0")/venv.sh" bt11 \
    "bittensor==11.3.0" "bittensor bittensor_core" "${1:-}"

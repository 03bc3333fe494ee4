#!/usr/bin/env bash
# The bittensor 10.5.0 venv (the classic SDK every subnet uses, with the chain layer and wallet versions its
# conformance was verified with) at $TAONET_BT10_VENV (default $HOME/.cache/taonet-venv/bt10).
# Prints the venv's python on the last line; `--force` rebuilds it.
set -euo pipefail
TAONET_VENV_DIR="${TAONET_BT10_VENV:-$HOME/.cache/taonet-venv/bt10}" exec "$(dirname "$0")/venv.sh" bt10 \
    "bittensor==10.5.0 async-substrate-interface==2.2.1 bittensor-wallet==4.1.1" \
    "bittensor bittensor_wallet async_substrate_interface" "${1:-}"

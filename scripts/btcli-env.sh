#!/usr/bin/env bash
# The btcli 9.23.2 venv (bittensor-cli, the classic `btcli`; its own venv so its pins never fight the SDK
# venvs') at $TAONET_BTCLI_VENV (default $HOME/.cache/taonet-venv/btcli9). `btcli` is next to the python.
# Prints the venv's python on the last line; `--force` rebuilds it.
set -euo pipefail
TAONET_VENV_DIR="${TAONET_BTCLI_VENV:-$HOME/.cache/taonet-venv/btcli9}" exec "$(dirname "$0")/venv.sh" btcli9 \
    "bittensor-cli==9.23.2" "bittensor_cli bittensor_wallet async_substrate_interface" "${1:-}"

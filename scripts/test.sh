#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of every crate (including the real-client
# conformance tests: subxt, the bittensor Python SDK in a venv from scripts/python-env.sh, and btcli
# in one from scripts/btcli-env.sh).
# The build cache lives outside the clone so repeated runs (and CI) reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/taonet-target}"
# The bittensor SDK venv the Python conformance test runs in (cached under $HOME/.cache; fails loudly if
# it cannot be created, so the conformance test never silently skips).
./scripts/python-env.sh >/dev/null
# The btcli 9.23 venv the btcli conformance test runs in (its own venv: its pins differ from the SDK's).
./scripts/btcli-env.sh >/dev/null
# The bittensor 11 SDK venv (its own: 11.x and 10.x cannot share one), for the bittensor 11 conformance test.
./scripts/bt11-env.sh >/dev/null
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of every crate (including the real-client
# conformance tests: subxt, and the bittensor Python SDK in a venv from scripts/python-env.sh).
# The build cache lives outside the clone so repeated runs (and CI) reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/taonet-target}"
# The bittensor SDK venv the Python conformance test runs in (cached under $HOME/.cache; fails loudly if
# it cannot be created, so the conformance test never silently skips).
./scripts/python-env.sh >/dev/null
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of every crate.
# The build cache lives outside the clone so repeated runs (and CI) reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/taonet-target}"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

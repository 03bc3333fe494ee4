//! Conformance with btcli 9.23.2 (bittensor-cli): `scripts/btcli-env.sh` creates (or reuses) its venv, a
//! realtime network serves RPC and writes its wallets, and `e2e/python/btcli_conformance.py` runs the
//! real `btcli` commands (non-interactive, JSON output, with and without the MEV shield) against it and
//! checks the chain changed accordingly. The test fails, never skips, when the venv cannot be created:
//! btcli is part of what taonet promises to work with. Checks the chain cannot pass yet are the script's
//! `PENDING` set.

use crate::python::{run_conformance, venv_python};
use crate::LiveDevnet;

const TOPOLOGY: &str = r#"
name: btcli
seed: 9
chain:
  block_time: 100ms
  clock: realtime
  finality_lag: 1
accounts:
  - name: owner
    balance: 20000 TAO
subnets:
  - name: cli
    owner: owner
    tempo: 20
    hyperparameters:
      weights_set_rate_limit: 0
      commit_reveal_weights_enabled: false
      # No TAO emission: with no root stake every block's emission buys alpha (a 1 TAO chain buy raises
      # this ~1500 TAO pool's price ~0.13% a 100 ms block), which outruns btcli's 0.5% safe-staking
      # tolerance between its price read and inclusion. A still price keeps `stake_add_safe` a test of
      # the limit itself (as `pool::tests` derives it).
      subnet_emission_enabled: false
    validators:
      - name: validator
        count: 1
        stake: 100 TAO
    miners:
      - name: miner
        count: 1
        behaviour: honest
"#;

/// The owner (uid 0), one validator and one miner.
const NEURONS: usize = 3;

#[test]
fn btcli_against_taonet() {
    let python = venv_python("btcli-env.sh");
    let net = LiveDevnet::start(TOPOLOGY);
    run_conformance(
        &python,
        "btcli_conformance.py",
        &net,
        "cli",
        (NEURONS, 20),
        &[],
    );
}

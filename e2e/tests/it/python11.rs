//! Conformance with the bittensor 11.3 Python SDK (the "lean SDK": Rust core, own transport, reads by
//! namespace and writes by intent): `scripts/bt11-env.sh` creates (or reuses) its venv, a realtime
//! network serves RPC and writes its wallets, and `e2e/python/bt11_conformance.py` connects, reads the
//! head block and balances, transfers to a new account and reads the subnet's metagraph with a
//! taonet-written wallet. The test fails, never skips, when the venv cannot be created.

use crate::python::{run_conformance, venv_python};
use crate::LiveDevnet;

const TOPOLOGY: &str = r#"
name: python11
seed: 11
chain:
  block_time: 100ms
  clock: realtime
  finality_lag: 1
accounts:
  - name: owner
    balance: 5000 TAO
subnets:
  - name: sdk
    owner: owner
    tempo: 20
    validators:
      - name: validator
        count: 1
        stake: 100 TAO
    miners:
      - name: miner
        count: 2
        behaviour: honest
"#;

/// The owner (uid 0), one validator and two miners.
const NEURONS: usize = 4;

#[test]
fn bittensor11_sdk_against_taonet() {
    let python = venv_python("bt11-env.sh");
    let net = LiveDevnet::start(TOPOLOGY);
    // bittensor 11 caches metadata on disk by genesis hash and spec version: a cache of its own per run,
    // so a devnet is never decoded with metadata an older taonet served.
    let cache = net.run_dir().join("bt11-runtime-cache");
    run_conformance(
        &python,
        "bt11_conformance.py",
        &net,
        "sdk",
        (NEURONS, 20),
        &[("BITTENSOR_RUNTIME_CACHE_DIR", cache)],
    );
}

//! Conformance with the bittensor 11.3 Python SDK (the "lean SDK": Rust core, own transport, reads by
//! namespace and writes by intent): `scripts/bt11-env.sh` creates (or reuses) its venv, a realtime
//! network serves RPC and writes its wallets, and `e2e/python/bt11_conformance.py` connects, reads the
//! head block and balances, transfers to a new account and reads the subnet's metagraph with a
//! taonet-written wallet. The test fails, never skips, when the venv cannot be created.

use crate::python::{repo, run};
use crate::LiveDevnet;
use std::path::{Path, PathBuf};
use std::time::Duration;

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

/// Creating the venv from scratch takes about a minute; a cached one answers in a second or two.
const VENV_TIMEOUT: Duration = Duration::from_secs(900);

/// The whole conformance run (a few seconds when the chain answers).
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// The bittensor 11 venv's python, from `scripts/bt11-env.sh` (its last line of output).
fn venv_python() -> PathBuf {
    let mut cmd = tokio::process::Command::new("bash");
    cmd.arg(repo().join("scripts/bt11-env.sh"));
    let (ok, stdout, stderr) = run(cmd, VENV_TIMEOUT, "scripts/bt11-env.sh");
    assert!(
        ok,
        "scripts/bt11-env.sh could not create the bittensor 11 venv:\n{stdout}\n{stderr}"
    );
    let python = stdout
        .lines()
        .last()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    assert!(
        Path::new(&python).is_file(),
        "scripts/bt11-env.sh did not print the venv's python: {stdout:?}"
    );
    PathBuf::from(python)
}

#[test]
fn bittensor11_sdk_against_taonet() {
    let python = venv_python();
    let net = LiveDevnet::start(TOPOLOGY);
    let netuid = net.netuids.get("sdk").copied().expect("subnet sdk");
    let mut cmd = tokio::process::Command::new(&python);
    cmd.arg(repo().join("e2e/python/bt11_conformance.py"))
        .arg("--endpoint")
        .arg(&net.url)
        .arg("--wallet-path")
        .arg(net.wallets())
        .arg("--wallet")
        .arg("owner")
        .arg("--netuid")
        .arg(netuid.to_string())
        .arg("--expect-neurons")
        .arg(NEURONS.to_string())
        .arg("--expect-tempo")
        .arg("20")
        .current_dir(net.run_dir())
        // bittensor 11 caches metadata on disk by genesis hash and spec version: a cache of its own
        // per run, so a devnet is never decoded with metadata an older taonet served.
        .env(
            "BITTENSOR_RUNTIME_CACHE_DIR",
            net.run_dir().join("bt11-runtime-cache"),
        )
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let (ok, stdout, stderr) = run(cmd, RUN_TIMEOUT, "bt11_conformance.py");
    // The per-check lines are worth seeing in the test log either way.
    println!("{stdout}");
    assert!(
        ok,
        "the bittensor 11 SDK conformance run failed:\n{stdout}\n--- stderr ---\n{stderr}"
    );
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.contains(" passed, "))
        .unwrap_or_default();
    assert!(
        summary.ends_with(" passed, 0 failed") && !summary.starts_with("0 passed"),
        "unexpected summary `{summary}`:\n{stdout}"
    );
}

//! Conformance with the bittensor 10.5 Python SDK: `scripts/python-env.sh` creates (or reuses) the venv,
//! a realtime network serves RPC and writes its wallets, and `e2e/python/bt10_conformance.py` runs the
//! SDK's reads and writes against it with a taonet-written wallet. The test fails, never skips, when
//! the venv cannot be created: the SDK is part of what taonet promises to work with.

use crate::LiveDevnet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

const TOPOLOGY: &str = r#"
name: python
seed: 5
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
    hyperparameters:
      weights_set_rate_limit: 0
      commit_reveal_weights_enabled: false
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

/// The whole conformance run (about ten seconds when the chain answers).
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `cmd` to completion within `limit` (killing it otherwise) and returns (success, stdout, stderr).
pub(crate) fn run(
    mut cmd: tokio::process::Command,
    limit: Duration,
    what: &str,
) -> (bool, String, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async move {
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
        match tokio::time::timeout(limit, child.wait_with_output()).await {
            Ok(Ok(out)) => (
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ),
            Ok(Err(e)) => panic!("{what}: {e}"),
            Err(_) => panic!("{what}: did not finish within {limit:?}"),
        }
    })
}

/// The venv's python, from `scripts/python-env.sh` (its last line of output).
fn venv_python() -> PathBuf {
    let mut cmd = tokio::process::Command::new("bash");
    cmd.arg(repo().join("scripts/python-env.sh"));
    let (ok, stdout, stderr) = run(cmd, VENV_TIMEOUT, "scripts/python-env.sh");
    assert!(
        ok,
        "scripts/python-env.sh could not create the bittensor venv:\n{stdout}\n{stderr}"
    );
    let python = stdout
        .lines()
        .last()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    assert!(
        Path::new(&python).is_file(),
        "scripts/python-env.sh did not print the venv's python: {stdout:?}"
    );
    PathBuf::from(python)
}

#[test]
fn bittensor_sdk_against_taonet() {
    let python = venv_python();
    let net = LiveDevnet::start(TOPOLOGY);
    let netuid = net.netuids.get("sdk").copied().expect("subnet sdk");
    let mut cmd = tokio::process::Command::new(&python);
    cmd.arg(repo().join("e2e/python/bt10_conformance.py"))
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
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let (ok, stdout, stderr) = run(cmd, RUN_TIMEOUT, "bt10_conformance.py");
    // The per-check lines are worth seeing in the test log either way.
    println!("{stdout}");
    assert!(
        ok,
        "the bittensor SDK conformance run failed:\n{stdout}\n--- stderr ---\n{stderr}"
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

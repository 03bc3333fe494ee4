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

/// The python of the venv a `scripts/*-env.sh` script creates or reuses (its last line of output).
/// Panics, never skips, when the venv cannot be made: the clients are part of what taonet promises.
pub(crate) fn venv_python(env_script: &str) -> PathBuf {
    let mut cmd = tokio::process::Command::new("bash");
    cmd.arg(repo().join("scripts").join(env_script));
    let (ok, stdout, stderr) = run(cmd, VENV_TIMEOUT, env_script);
    assert!(
        ok,
        "scripts/{env_script} could not create its venv:\n{stdout}\n{stderr}"
    );
    let python = stdout
        .lines()
        .last()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    assert!(
        Path::new(&python).is_file(),
        "scripts/{env_script} did not print the venv's python: {stdout:?}"
    );
    PathBuf::from(python)
}

/// Runs the conformance script `e2e/python/<script>` with `python` against subnet `subnet` of `net`
/// (owner wallet `owner`, `neurons` UIDs, tempo `tempo`) and asserts its summary is `N passed, 0 failed`.
pub(crate) fn run_conformance(
    python: &Path,
    script: &str,
    net: &LiveDevnet,
    subnet: &str,
    expect: (usize, u16),
    extra_env: &[(&str, PathBuf)],
) {
    let netuid = net.netuids.get(subnet).copied().expect("the subnet exists");
    let (neurons, tempo) = expect;
    let mut cmd = tokio::process::Command::new(python);
    cmd.arg(repo().join("e2e/python").join(script))
        .arg("--endpoint")
        .arg(&net.url)
        .arg("--wallet-path")
        .arg(net.wallets())
        .arg("--wallet")
        .arg("owner")
        .arg("--netuid")
        .arg(netuid.to_string())
        .arg("--expect-neurons")
        .arg(neurons.to_string())
        .arg("--expect-tempo")
        .arg(tempo.to_string())
        .current_dir(net.run_dir())
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    for (key, value) in extra_env {
        cmd.env(key, value);
    }
    let (ok, stdout, stderr) = run(cmd, RUN_TIMEOUT, script);
    // The per-check lines are worth seeing in the test log either way.
    println!("{stdout}");
    assert!(ok, "{script} failed:\n{stdout}\n--- stderr ---\n{stderr}");
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

#[test]
fn bittensor_sdk_against_taonet() {
    let python = venv_python("python-env.sh");
    let net = LiveDevnet::start(TOPOLOGY);
    run_conformance(
        &python,
        "bt10_conformance.py",
        &net,
        "sdk",
        (NEURONS, 20),
        &[],
    );
}

//! The `taonet` binary as a user runs it: exit codes, printed errors, the report file.

use std::process::Command;

fn taonet() -> Command {
    Command::new(env!("CARGO_BIN_EXE_taonet"))
}

fn topologies() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../topologies")
}

/// Every `.yaml` under `dir`, recursively, sorted.
fn yaml_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn validate_accepts_the_shipped_topologies() {
    let files = yaml_files(&topologies());
    for name in [
        "quickstart.yaml",
        "behaviours.yaml",
        "scenarios/childkeys.yaml",
    ] {
        assert!(files.contains(&topologies().join(name)), "{name} is found");
    }
    for path in files {
        let out = taonet().arg("validate").arg(&path).output().expect("runs");
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn validate_prints_every_error_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "name: bad\nseed: 1\naccounts:\n  - name: owner\n    balance: 20000 TAO\nsubnets:\n  - name: s\n    owner: nobody\n    tempoo: 10\n    miners:\n      - name: m\n        count: 0\n",
    )
    .expect("write");
    let out = taonet().arg("validate").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("subnets[0].owner"), "{stdout}");
    assert!(stdout.contains("did you mean `tempo`"), "{stdout}");
    assert!(stdout.contains("subnets[0].miners[0].count"), "{stdout}");
    assert!(stdout.contains("(line 12)"), "{stdout}");
}

#[test]
fn up_writes_the_report_wallets_and_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("r.json");
    let run_dir = dir.path().join("run");
    let out = taonet()
        .args([
            "up",
            "--blocks",
            "120",
            "--clock",
            "simulated",
            "--seed",
            "7",
        ])
        .arg("--report")
        .arg(&report)
        .arg("--run-dir")
        .arg(&run_dir)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    assert_eq!(json["chain"]["block"], 120);
    assert_eq!(json["seed"], 7);
    assert!(run_dir.join("wallets/validator-0/coldkey").exists());
    assert!(run_dir.join("wallets/validator-0/hotkeys/default").exists());
    assert!(run_dir.join("logs/taonet.log").exists());
    assert!(
        run_dir.join("logs/validator-0.log").exists(),
        "per-actor log"
    );
}

#[test]
fn a_refused_bootstrap_extrinsic_stops_the_run_with_its_error_and_neuron() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tiny.yaml");
    // 1000 rao is below subtensor's minimum stake (0.002 TAO): the chain refuses the stake.
    std::fs::write(
        &path,
        "name: tiny\nseed: 1\nchain:\n  clock: simulated\naccounts:\n  - name: owner\n    balance: 20000 TAO\nsubnets:\n  - name: s\n    owner: owner\n    tempo: 10\n    validators:\n      - name: v\n        count: 1\n        stake: 1000 rao\n    miners:\n      - name: m\n        count: 1\n",
    )
    .expect("write");
    let out = taonet()
        .args(["up", "--blocks", "20"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("add_stake for v-0"), "{stderr}");
    assert!(stderr.contains("SubtensorModule.AmountTooLow"), "{stderr}");
}

#[test]
fn sigterm_stops_a_realtime_run_cleanly_and_writes_the_report() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("r.json");
    let mut child = taonet()
        .arg("up")
        .arg("--report")
        .arg(&report)
        .arg("--run-dir")
        .arg(dir.path().join("run"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("piped stdout");
    // Wait (on output, not on time) until the network reports it is up.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("subnet demo") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the quickstart comes up");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("exits");
    assert!(status.success(), "SIGTERM is a clean stop: {status}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    assert!(json["chain"]["block"].as_u64().is_some_and(|b| b > 0));
}

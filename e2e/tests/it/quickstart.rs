//! The built-in quickstart, run in simulated mode as `taonet up --blocks 600 --clock simulated`.

use crate::run;
use taonet::topology::{self, Clock};
use taonet::NetworkOptions;

fn simulated(seed: u64) -> NetworkOptions {
    NetworkOptions {
        seed: Some(seed),
        clock: Some(Clock::Simulated),
        ..NetworkOptions::default()
    }
}

#[test]
fn quickstart_report_has_the_promised_fields() {
    let report = run(topology::QUICKSTART, 600, simulated(7));
    assert_eq!(report.seed, 7);
    assert_eq!(report.chain.block, 600);
    assert_eq!(
        report.topology_sha256,
        topology::topology_sha256(topology::QUICKSTART)
    );
    assert_eq!(report.subnets.len(), 1);
    let demo = &report.subnets[0];
    assert_eq!(
        (demo.netuid, demo.name.as_str(), demo.tempo),
        (1, "demo", 30)
    );
    // Owner (UID 0) + 2 validators + 6 honest + 2 lazy miners.
    assert_eq!(demo.neurons.len(), 11);
    assert_eq!(demo.neurons[1].name, "validator-0");
    assert_eq!(demo.neurons[10].name, "lazy-1");
    assert!(
        demo.epochs_run >= 18,
        "epochs every 30 blocks after bootstrap: {}",
        demo.epochs_run
    );
    let json = serde_json::to_value(&report).expect("serialises");
    for field in [
        "seed",
        "topology_sha256",
        "taonet_version",
        "chain",
        "subnets",
        "bots",
        "faults",
        "expectations",
    ] {
        assert!(json.get(field).is_some(), "missing {field}");
    }
    for field in [
        "block",
        "best_hash",
        "finalized_hash",
        "total_issuance_rao",
        "block_emission_rao",
    ] {
        assert!(json["chain"].get(field).is_some(), "missing chain.{field}");
    }
    let neuron = &json["subnets"][0]["neurons"][3];
    for field in [
        "uid",
        "name",
        "group",
        "role",
        "runtime",
        "hotkey",
        "coldkey",
        "stake_alpha",
        "incentive",
        "dividends",
        "emission",
        "consensus",
        "validator_trust",
        "validator_permit",
        "active",
    ] {
        assert!(neuron.get(field).is_some(), "missing neuron.{field}");
    }
    assert_ne!(
        report.chain.best_hash, report.chain.finalized_hash,
        "finality lags best by one block"
    );
}

#[test]
fn same_seed_same_bytes_different_seed_different_chain() {
    let a = serde_json::to_string(&run(topology::QUICKSTART, 300, simulated(7))).expect("json");
    let b = serde_json::to_string(&run(topology::QUICKSTART, 300, simulated(7))).expect("json");
    assert_eq!(
        a, b,
        "two runs with the same seed give byte-identical reports"
    );
    let c = run(topology::QUICKSTART, 300, simulated(8));
    let a: serde_json::Value = serde_json::from_str(&a).expect("json");
    assert_ne!(
        a["chain"]["best_hash"],
        serde_json::json!(c.chain.best_hash)
    );
}

//! `topologies/behaviours.yaml`: every miner behaviour and every bot strategy on one subnet.

use crate::{run, topology_file};
use taonet::report::{NeuronReport, Report};
use taonet::NetworkOptions;

fn group_incentive(report: &Report, group: &str) -> f64 {
    report.subnets[0]
        .neurons
        .iter()
        .filter(|n| n.group == group)
        .map(|n| n.incentive)
        .sum()
}

fn behaviours() -> Report {
    run(
        &topology_file("behaviours.yaml"),
        600,
        NetworkOptions::default(),
    )
}

#[test]
fn incentive_follows_miner_quality() {
    let report = behaviours();
    let honest = group_incentive(&report, "honest");
    let noisy = group_incentive(&report, "noisy");
    let lazy = group_incentive(&report, "lazy");
    assert!(honest > noisy, "honest {honest} > noisy {noisy}");
    assert!(noisy > lazy, "noisy {noisy} > lazy {lazy}");
    assert!(lazy > 0.0, "lazy miners are right sometimes: {lazy}");
    assert_eq!(group_incentive(&report, "offline"), 0.0);
    assert_eq!(group_incentive(&report, "slow"), 0.0);
    let total: f64 = report.subnets[0].neurons.iter().map(|n| n.incentive).sum();
    assert!((total - 1.0).abs() < 1e-3, "incentives sum to 1: {total}");
}

#[test]
fn permitted_validators_earn_dividends() {
    let report = behaviours();
    let validators: Vec<&NeuronReport> = report.subnets[0]
        .neurons
        .iter()
        .filter(|n| n.role == "validator")
        .collect();
    assert_eq!(validators.len(), 3);
    for v in validators {
        assert!(v.validator_permit, "{} holds a permit", v.name);
        assert!(v.dividends > 0.0, "{} earns dividends", v.name);
    }
    let total: f64 = report.subnets[0].neurons.iter().map(|n| n.dividends).sum();
    assert!((total - 1.0).abs() < 1e-3, "dividends sum to 1: {total}");
}

#[test]
fn issuance_grows_by_what_was_emitted_and_bots_move_the_price() {
    let report = behaviours();
    let chain = &report.chain;
    assert_eq!(
        chain.total_issuance_rao - chain.genesis_issuance_rao,
        chain.emitted_rao,
        "balances grew by exactly the TAO minted"
    );
    // One TAO per block is either minted into a pool or not minted at all.
    assert_eq!(chain.emitted_rao + chain.recycled_rao, 600 * 1_000_000_000);
    let traded: u64 = report.bots.iter().map(|b| b.trades).sum();
    assert!(traded > 0, "the bots traded");
    let whale = report
        .bots
        .iter()
        .find(|b| b.name == "whale")
        .expect("whale bot");
    assert!(whale.tao_spent_rao > 0);
    assert_ne!(
        report.subnets[0].pool.price, 1.0,
        "the price moved from its seed price"
    );
}

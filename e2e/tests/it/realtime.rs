//! Realtime mode: blocks on a timer and validators querying miners over real HTTP (bittensor's
//! axon/dendrite protocol) on loopback.

use crate::run;
use taonet::NetworkOptions;

const FAST: &str = r#"
name: fast
seed: 3
chain:
  block_time: 20ms
  clock: realtime
accounts:
  - name: owner
    balance: 5000 TAO
subnets:
  - name: live
    owner: owner
    tempo: 10
    hyperparameters:
      weights_set_rate_limit: 0
    validators:
      - name: v
        count: 1
        stake: 100 TAO
        query_interval: 2
        timeout: 2s
    miners:
      - name: good
        count: 2
        behaviour: honest
      - name: gone
        count: 1
        behaviour: offline
"#;

#[test]
fn validators_score_miners_over_http() {
    let report = run(FAST, 80, NetworkOptions::default());
    let neurons = &report.subnets[0].neurons;
    let good: f64 = neurons
        .iter()
        .filter(|n| n.group == "good")
        .map(|n| n.incentive)
        .sum();
    let gone: f64 = neurons
        .iter()
        .filter(|n| n.group == "gone")
        .map(|n| n.incentive)
        .sum();
    assert!(report.subnets[0].epochs_run >= 2);
    assert!(
        good > 0.99,
        "honest miners answered over HTTP and earned all incentive: {good}"
    );
    assert_eq!(gone, 0.0);
}

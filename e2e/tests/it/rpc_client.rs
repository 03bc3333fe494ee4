//! Every actor on the RPC client (`taonet up --client rpc`): validators and bots read the chain through
//! runtime APIs and storage over a real websocket and submit real signed extrinsics, yet the network
//! behaves as it does in-process.

use taonet::topology::{self, Clock};
use taonet::{ClientKind, Devnet, NetworkError, NetworkOptions};
use taonet_chain::call::{Call, SubtensorCall};
use taonet_chain::transaction::{self, MultiSignature};

const LIVE: &str = r#"
name: rpc-actors
seed: 11
chain:
  block_time: 50ms
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
bots:
  - name: trader
    subnet: live
    strategy: noise
    interval: 2
    budget: 100 TAO
"#;

/// Whether block `n`'s body holds a `call` matching `want` with a real (non-zero) sr25519 signature:
/// in-process actors' extrinsics carry an all-zero one, so this one came through the RPC client.
fn signed_over_rpc(net: &Devnet, want: impl Fn(&Call) -> bool) -> bool {
    net.read(|c| {
        (1..=c.best_number()).any(|n| {
            c.body(n).unwrap_or_default().iter().any(|x| {
                transaction::decode(x).is_ok_and(|uxt| {
                    let real = matches!(uxt.signature, MultiSignature::Sr25519(s) if s != [0; 64]);
                    let call = parity_scale_codec::Decode::decode(&mut uxt.call.as_slice());
                    real && call.as_ref().is_ok_and(&want)
                })
            })
        })
    })
}

#[test]
fn every_actor_runs_on_the_rpc_client() {
    let topology = topology::parse(LIVE).expect("the topology parses");
    let options = NetworkOptions {
        client: ClientKind::Rpc,
        ..NetworkOptions::default()
    };
    let system = actix::System::new();
    let report = system.block_on(async move {
        let mut net = Devnet::spawn(LIVE, &topology, &options, |_| {})
            .await
            .expect("the network starts");
        assert!(net
            .actor_rpc_url()
            .is_some_and(|u| u.starts_with("ws://127.0.0.1:")));
        // Run until a few epochs are over and the validator's weights and the bot's trades came in
        // through RPC; bounded by a deadline, never by sleeping.
        let deadline = std::time::Duration::from_secs(120);
        tokio::time::timeout(deadline, async {
            loop {
                net.advance().await.expect("the network advances");
                let report = net.report();
                let subnet = &report.subnets[0];
                let good: f64 = subnet
                    .neurons
                    .iter()
                    .filter(|n| n.group == "good")
                    .map(|n| n.incentive)
                    .sum();
                if subnet.epochs_run >= 4 && good > 0.99 && report.bots[0].trades > 0 {
                    break;
                }
            }
        })
        .await
        .expect("epochs run, weights are set and the bot trades within the deadline");
        let weights = signed_over_rpc(&net, |c| {
            matches!(c, Call::SubtensorModule(SubtensorCall::set_weights { .. }))
        });
        let trades = signed_over_rpc(&net, |c| {
            matches!(
                c,
                Call::SubtensorModule(
                    SubtensorCall::add_stake { .. } | SubtensorCall::remove_stake { .. }
                )
            )
        });
        net.stop();
        assert!(
            weights,
            "the validator set weights with a real signed extrinsic"
        );
        assert!(trades, "the bot traded with a real signed extrinsic");
        net.report()
    });
    let subnet = &report.subnets[0];
    let good: f64 = subnet
        .neurons
        .iter()
        .filter(|n| n.group == "good")
        .map(|n| n.incentive)
        .sum();
    let gone: f64 = subnet
        .neurons
        .iter()
        .filter(|n| n.group == "gone")
        .map(|n| n.incentive)
        .sum();
    assert!(subnet.epochs_run >= 4, "epochs: {}", subnet.epochs_run);
    assert!(good > 0.99, "honest miners earned all incentive: {good}");
    assert_eq!(gone, 0.0, "the offline miner earned nothing");
    assert!(report.bots[0].trades > 0, "the bot traded");
}

#[test]
fn the_rpc_client_needs_the_realtime_clock() {
    let topology = topology::parse(LIVE).expect("the topology parses");
    let options = NetworkOptions {
        clock: Some(Clock::Simulated),
        client: ClientKind::Rpc,
        ..NetworkOptions::default()
    };
    let system = actix::System::new();
    let result = system.block_on(Devnet::spawn(LIVE, &topology, &options, |_| {}));
    assert!(matches!(result, Err(NetworkError::RpcClientNeedsRealtime)));
}

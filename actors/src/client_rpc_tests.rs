//! `RpcClient` against a node served on 127.0.0.1: its reads equal the in-process client's for the same
//! state, its submissions are accepted and included, and the node's errors come back as
//! [`ClientError`] variants. The server runs on a tokio runtime of its own; blocks are produced by hand.

use super::*;
use crate::client::InProcessClient;
use crate::node::{Clock, NodeShared};
use crate::rpc::{self, RpcOptions, ServerHandle};
use parity_scale_codec::Compact;
use taonet_chain::call::{BalancesCall, MultiAddress, SubtensorCall};
use taonet_chain::keys::dev_account;
use taonet_chain::transaction::extrinsic_hash;
use taonet_chain::{Chain, Extrinsic, Genesis, RAO_PER_TAO};

/// A served node: dropping it stops the server.
struct Served {
    shared: Arc<NodeShared>,
    url: String,
    handle: ServerHandle,
    _runtime: tokio::runtime::Runtime,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.handle.stop();
    }
}

fn serve(chain: Chain) -> Served {
    let shared = NodeShared::new(chain);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let addr = "127.0.0.1:0".parse().expect("addr");
    let (bound, handle) = runtime
        .block_on(rpc::serve(shared.clone(), addr, RpcOptions::default()))
        .expect("the server starts");
    Served {
        shared,
        url: format!("ws://{bound}"),
        handle,
        _runtime: runtime,
    }
}

fn alice() -> Keypair {
    Keypair::from_dev_uri("//Alice").expect("alice")
}

/// A chain with subnet 1 (Alice's, started), three neurons and some stake of Alice's on UID 1.
fn chain_with_a_subnet() -> (Chain, Vec<AccountId>) {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let alice = dev_account("Alice").expect("alice");
    let hotkeys: Vec<AccountId> = (0..3)
        .map(|i| Keypair::derive(5, &format!("hot-{i}")).account_id())
        .collect();
    let mut calls = vec![
        SubtensorCall::register_network { hotkey: hotkeys[0] },
        SubtensorCall::start_call { netuid: 1 },
    ];
    for hotkey in &hotkeys[1..] {
        calls.push(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: *hotkey,
        });
    }
    calls.push(SubtensorCall::add_stake {
        hotkey: hotkeys[1],
        netuid: 1,
        amount_staked: 10 * RAO_PER_TAO,
    });
    for call in calls {
        let nonce = chain.account_nonce(&alice);
        let out = chain.build_block(vec![Extrinsic {
            signer: alice,
            nonce,
            call: Call::SubtensorModule(call),
        }]);
        assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{:?}", out.receipts[0]);
    }
    (chain, hotkeys)
}

fn transfer(to: &AccountId, rao: u64) -> Call {
    Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(*to),
        value: Compact(rao),
    })
}

#[test]
fn reads_equal_the_in_process_client() {
    let (chain, hotkeys) = chain_with_a_subnet();
    let node = serve(chain);
    let local = InProcessClient::new(node.shared.clone(), "local");
    let remote = RpcClient::connect(&node.url).expect("connects");
    let alice = dev_account("Alice").expect("alice");
    let nobody = Keypair::derive(9, "nobody").account_id();

    assert_eq!(remote.best_block(), local.best_block());
    let neurons = remote.neurons(1);
    assert_eq!(neurons.len(), 3);
    assert_eq!(
        neurons.iter().map(|n| n.hotkey).collect::<Vec<_>>(),
        hotkeys
    );
    assert_eq!(neurons, local.neurons(1));
    assert_eq!(remote.neurons(7), local.neurons(7));
    assert!(remote.neurons(7).is_empty());

    let pool = remote.pool(1);
    assert!(
        pool.tao > 0 && pool.alpha > 0 && pool.price_rao > 0,
        "{pool:?}"
    );
    assert_eq!(pool, local.pool(1));
    assert_eq!(remote.pool(7), local.pool(7));

    assert!(remote.free_balance(&alice) > 0);
    assert_eq!(remote.free_balance(&alice), local.free_balance(&alice));
    assert_eq!(remote.free_balance(&nobody), 0);

    let staked = remote.stake(&hotkeys[1], &alice, 1);
    assert!(staked > 0);
    assert_eq!(staked, local.stake(&hotkeys[1], &alice, 1));
    assert_eq!(remote.stake(&hotkeys[2], &nobody, 1), 0);

    // A new block moves both views together.
    node.shared.produce(Clock::Realtime);
    assert_eq!(remote.best_block(), local.best_block());
}

#[test]
fn submissions_are_included_in_the_next_block() {
    let node = serve(Chain::new(Genesis::devnet().expect("genesis")));
    let remote = RpcClient::connect(&node.url).expect("connects");
    let signer = alice();
    let bob = Keypair::derive(3, "bob").account_id();

    // Two in a row: the second takes its nonce from the pool, past the first.
    let first = remote
        .submit_signed(&signer, &transfer(&bob, RAO_PER_TAO))
        .expect("accepted");
    remote
        .submit(&signer, transfer(&bob, 2 * RAO_PER_TAO))
        .expect("accepted");
    assert_eq!(remote.next_index(&signer.account_id()).expect("nonce"), 2);
    let outcome = node.shared.produce(Clock::Realtime);
    assert_eq!(outcome.receipts.len(), 2);
    for receipt in &outcome.receipts {
        assert_eq!(receipt.outcome, Ok(Ok(())), "{receipt:?}");
    }
    let included = node.shared.read(|c| {
        c.body(outcome.header.number)
            .is_some_and(|body| body.iter().any(|x| extrinsic_hash(x) == first))
    });
    assert!(included, "the reported hash is the included extrinsic's");
    assert_eq!(remote.free_balance(&bob), 3 * RAO_PER_TAO);

    // Immortal extrinsics are accepted too.
    let immortal = RpcClient::connect(&node.url)
        .expect("connects")
        .with_era_period(None);
    immortal
        .submit(&signer, transfer(&bob, RAO_PER_TAO))
        .expect("accepted");
    let outcome = node.shared.produce(Clock::Realtime);
    assert_eq!(outcome.receipts.len(), 1);
    assert_eq!(remote.free_balance(&bob), 4 * RAO_PER_TAO);
}

#[test]
fn node_errors_keep_their_code_and_message() {
    let node = serve(Chain::new(Genesis::devnet().expect("genesis")));
    let remote = RpcClient::connect(&node.url).expect("connects");
    let broke = Keypair::derive(4, "broke");
    let bob = Keypair::derive(3, "bob").account_id();
    match remote.submit(&broke, transfer(&bob, RAO_PER_TAO)) {
        Err(ClientError::Rpc {
            method,
            code,
            message,
            data,
        }) => {
            assert_eq!(method, "author_submitExtrinsic");
            assert_eq!(code, 1010);
            assert_eq!(message, "Invalid Transaction");
            assert!(data.is_some_and(|d| d.contains("Inability to pay")));
        }
        other => panic!("expected a 1010 rejection, got {other:?}"),
    }
    match remote.runtime_call::<u64>("NoSuchApi_nothing", &[]) {
        Err(ClientError::Rpc { code, message, .. }) => {
            assert_eq!(code, 4003);
            assert!(message.contains("is not found"), "{message}");
        }
        other => panic!("expected a 4003 error, got {other:?}"),
    }
    match remote.runtime_call::<u64>("NeuronInfoRuntimeApi_get_neurons_lite", &1u16.encode()) {
        Err(ClientError::Decode { .. }) => {}
        other => panic!("a Vec is not a u64: {other:?}"),
    }
}

#[test]
fn a_stopped_node_gives_errors_and_empty_reads() {
    let node = serve(Chain::new(Genesis::devnet().expect("genesis")));
    let remote = RpcClient::connect(&node.url)
        .expect("connects")
        .with_timeout(Duration::from_secs(5));
    let url = node.url.clone();
    drop(node);
    assert!(remote.try_best_block().is_err());
    assert!(remote.neurons(1).is_empty());
    assert_eq!(remote.free_balance(&AccountId([1; 32])), 0);
    assert!(remote
        .submit(&alice(), transfer(&AccountId([1; 32]), 1))
        .is_err());
    match RpcClient::connect_with_timeout(&url, Duration::from_secs(2)) {
        Err(ClientError::Connect { url: u, .. }) => assert_eq!(u, url),
        other => panic!("expected a connection error, got {other:?}"),
    }
}

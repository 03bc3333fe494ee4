//! The node's JSON-RPC server over a real websocket on 127.0.0.1, driven by a realtime `ChainNode` with
//! a short block time. Every wait is on a subscription event or a response, bounded by a timeout.

use actix::Actor;
use jsonrpsee::client_transport::ws::{Url, WsTransportClientBuilder};
use jsonrpsee::core::client::{
    ClientBuilder, ClientT, ReceivedMessage, Subscription, SubscriptionClientT, TransportReceiverT,
    TransportSenderT,
};
use jsonrpsee::core::{rpc_params, ClientError};
use jsonrpsee::server::ServerHandle;
use parity_scale_codec::{Compact, Decode};
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use taonet_actors::node::{ChainNode, Clock, NodeShared};
use taonet_actors::rpc::{self, RpcOptions};
use taonet_chain::block::{DigestItem, Header};
use taonet_chain::call::{BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::items::{Account, AccountInfo};
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::metadata::{apis::TRANSACTION_VERSION, SPEC_VERSION};
use taonet_chain::rpc_info::{DynamicInfo, NeuronInfoLite};
use taonet_chain::transaction::{encode_signed, Era, SignedExtra, SigningContext};
use taonet_chain::{AccountId, Chain, Extrinsic, Genesis, H256, RAO_PER_TAO};

/// Upper bound for any single wait; far above what a 50 ms block time needs.
const DEADLINE: Duration = Duration::from_secs(15);
const BLOCK_TIME: Duration = Duration::from_millis(50);

type Client = jsonrpsee::core::client::Client;

struct Node {
    shared: Arc<NodeShared>,
    url: String,
    handle: ServerHandle,
    _node: actix::Addr<ChainNode>,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.handle.stop();
    }
}

async fn start() -> Node {
    let mut genesis = Genesis::devnet().expect("genesis");
    genesis.block_time_ms = BLOCK_TIME.as_millis() as u64;
    start_with(Chain::new(genesis)).await
}

/// A node serving `chain` as built so far.
async fn start_with(chain: Chain) -> Node {
    let shared = NodeShared::new(chain);
    let node = ChainNode::new(shared.clone(), Clock::Realtime, BLOCK_TIME).start();
    let addr = "127.0.0.1:0".parse().expect("addr");
    let (bound, handle) = rpc::serve(shared.clone(), addr, RpcOptions::default())
        .await
        .expect("rpc server starts");
    assert!(bound.ip().is_loopback());
    Node {
        shared,
        url: format!("ws://{bound}"),
        handle,
        _node: node,
    }
}

async fn within<T>(what: &str, f: impl Future<Output = T>) -> T {
    match tokio::time::timeout(DEADLINE, f).await {
        Ok(v) => v,
        Err(_) => panic!("timed out waiting for {what}"),
    }
}

async fn client(node: &Node) -> Client {
    let url = Url::parse(&node.url).expect("url");
    let (tx, rx) = within("connect", WsTransportClientBuilder::default().build(url))
        .await
        .expect("websocket connects");
    ClientBuilder::default().build_with_tokio(tx, rx)
}

async fn call(c: &Client, method: &str, params: jsonrpsee::core::params::ArrayParams) -> Value {
    within(method, c.request::<Value, _>(method, params))
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

async fn next<T: serde::de::DeserializeOwned>(sub: &mut Subscription<T>, what: &str) -> T {
    within(what, sub.next())
        .await
        .unwrap_or_else(|| panic!("{what}: subscription ended"))
        .unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn hex_bytes(v: &Value) -> Vec<u8> {
    let s = v.as_str().expect("a hex string");
    hex::decode(s.trim_start_matches("0x")).expect("hex")
}

fn hash_of(v: &Value) -> H256 {
    hex_bytes(v).try_into().expect("32 bytes")
}

/// Rebuilds the SCALE header from its JSON (what subxt does to hash a header it was sent).
fn header_from_json(v: &Value) -> Header {
    let number = u32::from_str_radix(
        v["number"]
            .as_str()
            .expect("number")
            .trim_start_matches("0x"),
        16,
    )
    .expect("hex number");
    let digest = v["digest"]["logs"]
        .as_array()
        .expect("logs")
        .iter()
        .map(|l| DigestItem::decode(&mut hex_bytes(l).as_slice()).expect("digest item"))
        .collect();
    Header {
        parent_hash: hash_of(&v["parentHash"]),
        number,
        state_root: hash_of(&v["stateRoot"]),
        extrinsics_root: hash_of(&v["extrinsicsRoot"]),
        digest,
    }
}

async fn account(c: &Client, who: &AccountId) -> AccountInfo {
    let key = format!("0x{}", hex::encode(Account::key(who)));
    let value = call(c, "state_getStorage", rpc_params![key]).await;
    AccountInfo::decode(&mut hex_bytes(&value).as_slice()).expect("AccountInfo decodes")
}

fn transfer(to: &AccountId, rao: u64) -> Call {
    Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(*to),
        value: Compact(rao),
    })
}

/// Signs like subxt: mortal era anchored at the finalized head, genesis and versions from the node.
async fn sign(c: &Client, signer: &Keypair, what: &Call, nonce: u32) -> String {
    let genesis = hash_of(&call(c, "chain_getBlockHash", rpc_params![0]).await);
    let finalized = call(c, "chain_getFinalizedHead", rpc_params![]).await;
    let header = call(c, "chain_getHeader", rpc_params![finalized.clone()]).await;
    let number = header_from_json(&header).number;
    let extra = SignedExtra {
        era: Era::mortal(32, u64::from(number)),
        nonce,
        tip: 0,
        metadata_hash_mode: 0,
    };
    let ctx = SigningContext {
        spec_version: SPEC_VERSION,
        transaction_version: TRANSACTION_VERSION,
        genesis_hash: genesis,
    };
    let bytes = encode_signed(signer, what, extra, &ctx, &hash_of(&finalized));
    format!("0x{}", hex::encode(bytes))
}

fn expect_invalid(result: Result<impl std::fmt::Debug, ClientError>, data: &str) {
    match result {
        Err(ClientError::Call(e)) => {
            assert_eq!(e.code(), 1010, "{e:?}");
            assert_eq!(e.message(), "Invalid Transaction");
            let got: Option<String> = e.data().and_then(|d| serde_json::from_str(d.get()).ok());
            assert_eq!(got.as_deref(), Some(data));
        }
        other => panic!("expected a 1010 rejection, got {other:?}"),
    }
}

#[actix_rt::test]
async fn rpc_methods_and_genesis() {
    let node = start().await;
    let c = client(&node).await;
    let methods = call(&c, "rpc_methods", rpc_params![]).await;
    let names: Vec<&str> = methods["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for required in [
        "rpc_methods",
        "account_nextIndex",
        "state_call",
        "state_getStorageAt",
        "state_getKeysPaged",
        "state_queryStorageAt",
        "chain_getHead",
        "chain_subscribeFinalizedHeads",
        "chain_unsubscribeNewHeads",
        "author_submitAndWatchExtrinsic",
        "author_unwatchExtrinsic",
        "system_properties",
    ] {
        assert!(
            names.contains(&required),
            "{required} missing from {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.starts_with("chainHead_v1")));
    // Every advertised name is served.
    for name in &names {
        if name.contains("subscribe") || name.contains("unwatch") {
            continue;
        }
        if let Err(ClientError::Call(e)) = c.request::<Value, _>(name, rpc_params![]).await {
            assert_ne!(e.code(), -32601, "{name} is advertised but not served");
        }
    }

    let genesis = call(&c, "chain_getBlockHash", rpc_params![0]).await;
    assert_eq!(hash_of(&genesis), node.shared.read(|c| c.genesis_hash()));
    let props = call(&c, "system_properties", rpc_params![]).await;
    assert_eq!(props["ss58Format"], 42);
    assert_eq!(props["tokenSymbol"], "TAO");
    assert_eq!(call(&c, "system_chain", rpc_params![]).await, "Bittensor");
    let version = call(&c, "state_getRuntimeVersion", rpc_params![]).await;
    assert_eq!(version["specName"], "node-subtensor");
    assert_eq!(version["specVersion"], SPEC_VERSION);
    assert_eq!(version["transactionVersion"], TRANSACTION_VERSION);
    // Core_version answers the same through state_call, at the genesis block too.
    let core = call(&c, "state_call", rpc_params!["Core_version", "0x", genesis]).await;
    assert!(!hex_bytes(&core).is_empty());
    let metadata = call(&c, "state_getMetadata", rpc_params![]).await;
    assert_eq!(&hex_bytes(&metadata)[..4], b"meta");
}

#[actix_rt::test]
async fn new_heads_are_consecutive_and_hash_as_substrate_headers() {
    let node = start().await;
    let c = client(&node).await;
    let mut heads: Subscription<Value> = within(
        "subscribe",
        c.subscribe(
            "chain_subscribeNewHeads",
            rpc_params![],
            "chain_unsubscribeNewHeads",
        ),
    )
    .await
    .expect("subscribed");
    let mut previous: Option<(u32, H256)> = None;
    for _ in 0..6 {
        let header = header_from_json(&next(&mut heads, "new head").await);
        let hash = header.hash();
        let by_number = call(&c, "chain_getBlockHash", rpc_params![header.number]).await;
        assert_eq!(hash_of(&by_number), hash, "block #{}", header.number);
        if let Some((n, parent)) = previous {
            assert_eq!(header.number, n + 1);
            assert_eq!(header.parent_hash, parent);
        }
        previous = Some((header.number, hash));
    }
    heads.unsubscribe().await.expect("unsubscribed");

    let mut finalized: Subscription<Value> = within(
        "subscribe finalized",
        c.subscribe(
            "chain_subscribeFinalizedHeads",
            rpc_params![],
            "chain_unsubscribeFinalizedHeads",
        ),
    )
    .await
    .expect("subscribed");
    let a = header_from_json(&next(&mut finalized, "finalized head").await);
    let b = header_from_json(&next(&mut finalized, "finalized head").await);
    assert_eq!(b.number, a.number + 1);
    assert_eq!(b.parent_hash, a.hash());
    let best = node.shared.read(|c| c.best_number());
    assert!(b.number < best || best == 0);
}

#[actix_rt::test]
async fn alice_has_a_million_tao_in_system_account() {
    let node = start().await;
    let c = client(&node).await;
    let alice = dev_account("Alice").expect("alice");
    let info = account(&c, &alice).await;
    assert_eq!(info.data.free, 1_000_000 * RAO_PER_TAO);
    // The same through the Python SDK's calls.
    let key = format!("0x{}", hex::encode(Account::key(&alice)));
    let at = call(
        &c,
        "state_getStorageAt",
        rpc_params![key.clone(), Value::Null],
    )
    .await;
    assert_eq!(
        AccountInfo::decode(&mut hex_bytes(&at).as_slice()).expect("decodes"),
        info
    );
    let queried = call(&c, "state_queryStorageAt", rpc_params![vec![key.clone()]]).await;
    assert_eq!(queried[0]["changes"][0][0], Value::String(key));
    let prefix = format!("0x{}", hex::encode(&Account::key(&alice)[..32]));
    let keys = call(
        &c,
        "state_getKeysPaged",
        rpc_params![prefix.clone(), 3, prefix],
    )
    .await;
    assert_eq!(keys.as_array().map(Vec::len), Some(3));
    let nonce = call(&c, "account_nextIndex", rpc_params![alice.to_ss58()]).await;
    assert_eq!(nonce, 0);
}

#[actix_rt::test]
async fn state_is_served_at_the_last_256_blocks_and_discarded_before() {
    let mut genesis = Genesis::devnet().expect("genesis");
    genesis.block_time_ms = BLOCK_TIME.as_millis() as u64;
    let mut chain = Chain::new(genesis);
    for _ in 0..300 {
        chain.build_block(Vec::new());
    }
    let hash_at = |n: u32| format!("0x{}", hex::encode(chain.header(n).expect("built").hash()));
    // The node goes on producing a block every 50 ms: block 144 stays in the window for 5 s.
    let (recent, old) = (hash_at(300 - rpc::STATE_WINDOW + 100), hash_at(10));
    let node = start_with(chain).await;
    let c = client(&node).await;
    let key = format!(
        "0x{}",
        hex::encode(Account::key(&dev_account("Alice").expect("alice")))
    );
    let at_recent = call(&c, "state_getStorageAt", rpc_params![key.clone(), recent]).await;
    assert!(at_recent.is_string(), "{at_recent}");
    let at_old: Result<Value, ClientError> = c
        .request("state_getStorageAt", rpc_params![key.clone(), old.clone()])
        .await;
    match at_old {
        Err(ClientError::Call(e)) => {
            assert_eq!(e.code(), 4003);
            assert_eq!(
                e.message(),
                format!("Client error: State already discarded for {old}")
            );
        }
        other => panic!("state at block 10 of 300: {other:?}"),
    }
}

#[actix_rt::test]
async fn signed_transfer_is_watched_to_finality_and_moves_the_balance() {
    let node = start().await;
    let c = client(&node).await;
    let alice_key = Keypair::from_dev_uri("//Alice").expect("alice");
    let bob = dev_account("Bob").expect("bob");
    let before = account(&c, &bob).await.data.free;
    let amount = 12_345 * RAO_PER_TAO;
    let xt = sign(&c, &alice_key, &transfer(&bob, amount), 0).await;
    let mut watch: Subscription<Value> = within(
        "submit and watch",
        c.subscribe(
            "author_submitAndWatchExtrinsic",
            rpc_params![xt.clone()],
            "author_unwatchExtrinsic",
        ),
    )
    .await
    .expect("accepted");
    assert_eq!(next(&mut watch, "ready").await, "ready");
    let in_block = next(&mut watch, "inBlock").await;
    let block_hash = in_block["inBlock"].clone();
    assert!(block_hash.is_string(), "{in_block}");
    let finalized = next(&mut watch, "finalized").await;
    assert_eq!(finalized["finalized"], block_hash);

    // The block body holds the exact bytes submitted, and its events are those of the block.
    let block = call(&c, "chain_getBlock", rpc_params![block_hash.clone()]).await;
    let extrinsics = block["block"]["extrinsics"].as_array().expect("extrinsics");
    assert!(extrinsics.iter().any(|x| x.as_str() == Some(xt.as_str())));
    let events_key = format!("0x{}", hex::encode(taonet_chain::runtime::Events::key()));
    let events = call(&c, "state_getStorage", rpc_params![events_key, block_hash]).await;
    let events =
        Vec::<taonet_chain::event::EventRecord>::decode(&mut hex_bytes(&events).as_slice())
            .expect("events decode");
    assert!(events
        .iter()
        .any(|e| matches!(e.event, taonet_chain::event::Event::Balances(_))));

    assert_eq!(account(&c, &bob).await.data.free, before + amount);
    assert_eq!(
        call(
            &c,
            "account_nextIndex",
            rpc_params![alice_key.account_id().to_ss58()]
        )
        .await,
        1
    );
    // Replaying the same nonce is stale.
    let replay = sign(&c, &alice_key, &transfer(&bob, 1), 0).await;
    expect_invalid(
        c.request::<Value, _>("author_submitExtrinsic", rpc_params![replay])
            .await,
        "Transaction is outdated",
    );
}

#[actix_rt::test]
async fn bad_signatures_are_rejected_at_submission() {
    let node = start().await;
    let c = client(&node).await;
    let alice = dev_account("Alice").expect("alice");
    let bob_key = Keypair::from_dev_uri("//Bob").expect("bob");
    // Bob signs Alice's payload; the extrinsic claims Alice as the signer.
    let signed = sign(
        &c,
        &bob_key,
        &transfer(&bob_key.account_id(), RAO_PER_TAO),
        0,
    )
    .await;
    let mut bytes = hex_bytes(&Value::String(signed));
    bytes[4..36].copy_from_slice(alice.as_bytes());
    let forged = format!("0x{}", hex::encode(bytes));
    expect_invalid(
        c.request::<Value, _>("author_submitExtrinsic", rpc_params![forged.clone()])
            .await,
        "Transaction has a bad signature",
    );
    let watched: Result<Subscription<Value>, _> = c
        .subscribe(
            "author_submitAndWatchExtrinsic",
            rpc_params![forged],
            "author_unwatchExtrinsic",
        )
        .await;
    expect_invalid(watched.map(|_| ()), "Transaction has a bad signature");
    // Garbage is a format error, not a crash.
    let garbage = c
        .request::<Value, _>("author_submitExtrinsic", rpc_params!["0x1234"])
        .await;
    assert!(matches!(garbage, Err(ClientError::Call(_))));
}

/// subtensor main's `SubtensorTransactionExtension` rejects some calls at submission with
/// `Invalid(Custom(n))`: the author RPC answers 1010 "Invalid Transaction" with "Custom error: n". A
/// second subnet within `NetworkRateLimit` blocks is code 6, a zero axon port code 13; a stake below
/// the minimum is not checked in the pool (it fails at dispatch), so it is accepted.
#[actix_rt::test]
async fn subtensor_pool_checks_reject_at_submission_with_custom_codes() {
    let mut genesis = Genesis::devnet().expect("genesis");
    genesis.block_time_ms = BLOCK_TIME.as_millis() as u64;
    genesis.network_rate_limit = 7_200;
    let mut chain = Chain::new(genesis);
    let alice_key = Keypair::from_dev_uri("//Alice").expect("alice");
    let alice = alice_key.account_id();
    let hot = Keypair::derive(5, "pool-check-hot");
    for call in [
        Call::SubtensorModule(SubtensorCall::register_network {
            hotkey: hot.account_id(),
        }),
        transfer(&hot.account_id(), 10 * RAO_PER_TAO),
    ] {
        let nonce = chain.account_nonce(&alice);
        let out = chain.build_block(vec![Extrinsic {
            signer: alice,
            nonce,
            call,
        }]);
        assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{:?}", out.receipts[0]);
    }
    let node = start_with(chain).await;
    let c = client(&node).await;
    let nonce = account(&c, &alice).await.nonce;
    let again = Call::SubtensorModule(SubtensorCall::register_network {
        hotkey: Keypair::derive(5, "pool-check-other").account_id(),
    });
    let signed = sign(&c, &alice_key, &again, nonce).await;
    expect_invalid(
        c.request::<Value, _>("author_submitExtrinsic", rpc_params![signed])
            .await,
        "Custom error: 6",
    );
    let zero_port = Call::SubtensorModule(SubtensorCall::serve_axon {
        netuid: 1,
        version: 1,
        ip: 0x0a00_0001,
        port: 0,
        ip_type: 4,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
    });
    let signed = sign(&c, &hot, &zero_port, 0).await;
    expect_invalid(
        c.request::<Value, _>("author_submitExtrinsic", rpc_params![signed])
            .await,
        "Custom error: 13",
    );
    let dust = Call::SubtensorModule(SubtensorCall::add_stake {
        hotkey: hot.account_id(),
        netuid: 1,
        amount_staked: 1,
    });
    let signed = sign(&c, &alice_key, &dust, nonce).await;
    let accepted = c
        .request::<Value, _>("author_submitExtrinsic", rpc_params![signed])
        .await;
    assert!(accepted.is_ok(), "{accepted:?}");
}

#[actix_rt::test]
async fn pending_nonces_count_in_next_index() {
    let node = start().await;
    let c = client(&node).await;
    let charlie = Keypair::from_dev_uri("//Charlie").expect("charlie");
    let bob = dev_account("Bob").expect("bob");
    // Nonce 1 before nonce 0: it waits, then both go in.
    let second = sign(&c, &charlie, &transfer(&bob, 2 * RAO_PER_TAO), 1).await;
    let first = sign(&c, &charlie, &transfer(&bob, RAO_PER_TAO), 0).await;
    let mut heads: Subscription<Value> = c
        .subscribe(
            "chain_subscribeNewHeads",
            rpc_params![],
            "chain_unsubscribeNewHeads",
        )
        .await
        .expect("subscribed");
    call(&c, "author_submitExtrinsic", rpc_params![second]).await;
    call(&c, "author_submitExtrinsic", rpc_params![first]).await;
    let who = charlie.account_id().to_ss58();
    assert_eq!(
        call(&c, "system_accountNextIndex", rpc_params![who.clone()]).await,
        2
    );
    loop {
        next(&mut heads, "a new block").await;
        if node
            .shared
            .read(|ch| ch.account_nonce(&charlie.account_id()))
            == 2
        {
            break;
        }
    }
    assert_eq!(call(&c, "account_nextIndex", rpc_params![who]).await, 2);
    assert_eq!(
        call(&c, "author_pendingExtrinsics", rpc_params![]).await,
        Value::Array(vec![])
    );
}

#[actix_rt::test]
async fn batches_and_pipelined_requests_are_answered_by_id() {
    let node = start().await;
    let url = Url::parse(&node.url).expect("url");
    let (mut tx, mut rx) = within("connect", WsTransportClientBuilder::default().build(url))
        .await
        .expect("connects");
    let batch = r#"[{"jsonrpc":"2.0","id":"aB17","method":"system_chain","params":[]},
                   {"jsonrpc":"2.0","id":2,"method":"chain_getBlockHash","params":[0]},
                   {"jsonrpc":"2.0","id":3,"method":"no_such_method","params":[]}]"#;
    tx.send(batch.to_string()).await.expect("sent");
    let ReceivedMessage::Text(reply) = within("batch reply", rx.receive()).await.expect("reply")
    else {
        panic!("expected a text frame");
    };
    let replies: Vec<Value> = serde_json::from_str(&reply).expect("a JSON array");
    let by_id: BTreeMap<String, Value> = replies
        .into_iter()
        .map(|r| (r["id"].to_string(), r))
        .collect();
    assert_eq!(by_id["\"aB17\""]["result"], "Bittensor");
    assert!(by_id["2"]["result"].is_string());
    assert_eq!(by_id["3"]["error"]["code"], -32601);

    // Pipelined: three requests before reading any answer; each answer carries its request's id.
    let requests = [
        (r#""p1""#, "system_name"),
        (r#"7"#, "chain_getFinalizedHead"),
        (r#""p3""#, "system_chainType"),
    ];
    for (id, method) in requests {
        let req = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"{method}","params":[]}}"#);
        tx.send(req).await.expect("sent");
    }
    let mut answered = BTreeMap::new();
    while answered.len() < requests.len() {
        let ReceivedMessage::Text(reply) = within("pipelined reply", rx.receive())
            .await
            .expect("reply")
        else {
            continue;
        };
        let v: Value = serde_json::from_str(&reply).expect("JSON");
        answered.insert(v["id"].to_string(), v["result"].clone());
    }
    assert_eq!(answered["\"p1\""], "taonet");
    assert!(answered["7"].is_string());
    assert_eq!(answered["\"p3\""], "Development");
}

/// A chain with subnet 1 (Alice's, started) and three neurons, built in-process before the node starts.
fn chain_with_a_subnet() -> (Chain, Vec<AccountId>) {
    let mut genesis = Genesis::devnet().expect("genesis");
    genesis.block_time_ms = BLOCK_TIME.as_millis() as u64;
    let mut chain = Chain::new(genesis);
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

#[actix_rt::test]
async fn subtensor_runtime_apis_answer_through_state_call() {
    let (chain, hotkeys) = chain_with_a_subnet();
    let node = start_with(chain).await;
    let c = client(&node).await;
    let alice = dev_account("Alice").expect("alice");

    let neurons = call(
        &c,
        "state_call",
        rpc_params!["NeuronInfoRuntimeApi_get_neurons_lite", "0x0100"],
    )
    .await;
    let neurons = Vec::<NeuronInfoLite>::decode(&mut hex_bytes(&neurons).as_slice())
        .expect("Vec<NeuronInfoLite> decodes");
    let got: Vec<AccountId> = neurons.iter().map(|n| n.hotkey).collect();
    assert_eq!(got, hotkeys);
    for (uid, n) in neurons.iter().enumerate() {
        assert_eq!(n.uid, Compact(uid as u16));
        assert_eq!(n.netuid, Compact(1));
        assert_eq!(n.coldkey, alice);
        assert_eq!(n.pruning_score, Compact(u16::MAX));
    }

    let dynamic = call(
        &c,
        "state_call",
        rpc_params!["SubnetInfoRuntimeApi_get_all_dynamic_info", "0x"],
    )
    .await;
    let dynamic = Vec::<Option<DynamicInfo>>::decode(&mut hex_bytes(&dynamic).as_slice())
        .expect("Vec<Option<DynamicInfo>> decodes");
    // Root (netuid 0, from genesis) and subnet 1, indexed by netuid.
    assert_eq!(dynamic.len(), 2);
    assert_eq!(dynamic[0].as_ref().map(|d| d.netuid), Some(Compact(0)));
    let d = dynamic[1].as_ref().expect("subnet 1");
    assert_eq!(d.netuid, Compact(1));
    assert_eq!((d.owner_coldkey, d.owner_hotkey), (alice, hotkeys[0]));
    let tao_in = node
        .shared
        .read(|chain| taonet_chain::items::SubnetTAO::get(chain.storage(), &1));
    assert_eq!(d.tao_in, Compact(tao_in));

    // Names no runtime exports fail as a node's do.
    let err = c
        .request::<Value, _>("state_call", rpc_params!["SubnetInfoRuntimeApi_nope", "0x"])
        .await
        .expect_err("unknown method");
    assert!(
        err.to_string()
            .contains("Exported method SubnetInfoRuntimeApi_nope is not found"),
        "{err}"
    );
}

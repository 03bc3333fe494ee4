//! The node's JSON-RPC server end to end, over a real websocket on 127.0.0.1 (issue 3):
//!
//! - `rpc/signed_transfers`: pre-signed `Balances.transfer_keep_alive` extrinsics from many accounts
//!   funded at genesis, submitted pipelined with `author_submitExtrinsic` over a few connections, then
//!   blocks produced until every one is included. Criterion reports the throughput in transfers/s.
//! - `rpc/check_only`: the pool's submission check alone (decode, sr25519 verification, nonce, fee) on
//!   one thread, the bound the end-to-end number is compared against.
//! - `rpc_latency/*`: the round trip of one simple call (`chain_getHeader`, `state_getStorage` of a
//!   `System.Account` entry) on an idle connection.
//!
//! Run with `cargo bench -p taonet-actors --bench rpc`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use futures_util::stream::{self, StreamExt};
use jsonrpsee::client_transport::ws::{Url, WsTransportClientBuilder};
use jsonrpsee::core::client::{Client, ClientBuilder, ClientT};
use jsonrpsee::core::rpc_params;
use parity_scale_codec::Compact;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use taonet_actors::node::{Clock, NodeShared};
use taonet_actors::rpc::{self, RpcOptions, ServerHandle};
use taonet_chain::call::{BalancesCall, Call, MultiAddress};
use taonet_chain::items::Account;
use taonet_chain::keys::Keypair;
use taonet_chain::metadata::{apis::TRANSACTION_VERSION, SPEC_VERSION};
use taonet_chain::transaction::{self, encode_signed, SignedExtra, SigningContext};
use taonet_chain::{AccountId, Chain, Genesis, RAO_PER_TAO};

/// Funded senders.
const ACCOUNTS: usize = 1_000;
/// Transfers each sender signs (nonces 0..PER_ACCOUNT).
const PER_ACCOUNT: u32 = 4;
/// Websocket connections the transfers are spread over.
const CONNECTIONS: usize = 4;
/// Requests in flight per connection.
const IN_FLIGHT: usize = 256;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// The devnet genesis plus `ACCOUNTS` funded senders.
fn genesis(senders: &[Keypair]) -> Genesis {
    let mut genesis = Genesis::devnet().expect("devnet genesis");
    for k in senders {
        genesis.balances.push((k.account_id(), 1_000 * RAO_PER_TAO));
    }
    genesis
}

/// Every transfer, hex-encoded as `author_submitExtrinsic` takes it, grouped by connection (one
/// sender's transfers stay on one connection, in nonce order).
fn presign(senders: &[Keypair], chain: &Chain) -> Vec<Vec<String>> {
    let ctx = SigningContext {
        spec_version: SPEC_VERSION,
        transaction_version: TRANSACTION_VERSION,
        genesis_hash: chain.genesis_hash(),
    };
    let genesis_hash = chain.genesis_hash();
    let mut by_connection = vec![Vec::new(); CONNECTIONS];
    for (i, k) in senders.iter().enumerate() {
        let dest = senders[(i + 1) % senders.len()].account_id();
        for nonce in 0..PER_ACCOUNT {
            let call = Call::Balances(BalancesCall::transfer_keep_alive {
                dest: MultiAddress::Id(dest),
                value: Compact(RAO_PER_TAO),
            });
            let bytes = encode_signed(k, &call, SignedExtra::immortal(nonce), &ctx, &genesis_hash);
            by_connection[i % CONNECTIONS].push(format!("0x{}", hex::encode(bytes)));
        }
    }
    by_connection
}

async fn connect(url: &str) -> Client {
    let url = Url::parse(url).expect("url");
    let (tx, rx) = WsTransportClientBuilder::default()
        .max_request_size(u32::MAX)
        .build(url)
        .await
        .expect("websocket connects");
    ClientBuilder::default()
        .max_concurrent_requests(IN_FLIGHT * 4)
        .request_timeout(Duration::from_secs(120))
        .build_with_tokio(tx, rx)
}

async fn serve(chain: Chain) -> (Arc<NodeShared>, String, ServerHandle) {
    let shared = NodeShared::new(chain);
    let addr = "127.0.0.1:0".parse().expect("addr");
    let (bound, handle) = rpc::serve(shared.clone(), addr, RpcOptions::default())
        .await
        .expect("rpc server starts");
    (shared, format!("ws://{bound}"), handle)
}

/// One round: submits every transfer, then builds blocks until all are in; returns the time taken.
async fn round(genesis: &Genesis, txs: &[Vec<String>]) -> Duration {
    let (shared, url, handle) = serve(Chain::new(genesis.clone())).await;
    let mut clients = Vec::new();
    for _ in 0..CONNECTIONS {
        clients.push(connect(&url).await);
    }
    let total: usize = txs.iter().map(Vec::len).sum();
    let start = Instant::now();
    let submitting = clients.iter().zip(txs).map(|(client, txs)| async move {
        stream::iter(txs)
            .map(|tx| client.request::<Value, _>("author_submitExtrinsic", rpc_params![tx]))
            .buffer_unordered(IN_FLIGHT)
            .for_each(|r| {
                r.expect("transfer accepted");
                async {}
            })
            .await;
    });
    futures_util::future::join_all(submitting).await;
    let mut included = 0usize;
    let mut blocks = 0;
    while included < total {
        let outcome = shared.produce(Clock::Realtime);
        included += outcome
            .receipts
            .iter()
            .filter(|r| matches!(r.outcome, Ok(Ok(()))))
            .count();
        blocks += 1;
        assert!(blocks < 100, "only {included}/{total} transfers included");
    }
    let elapsed = start.elapsed();
    let _ = handle.stop();
    elapsed
}

fn signed_transfers(c: &mut Criterion) {
    let senders: Vec<Keypair> = (0..ACCOUNTS)
        .map(|i| Keypair::derive(7, &format!("bench-sender-{i}")))
        .collect();
    let genesis = genesis(&senders);
    let chain = Chain::new(genesis.clone());
    let txs = presign(&senders, &chain);
    let total = txs.iter().map(Vec::len).sum::<usize>() as u64;
    let rt = runtime();

    let mut group = c.benchmark_group("rpc");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(total));
    group.bench_function("signed_transfers", |b| {
        b.iter_custom(|iters| {
            let mut sum = Duration::ZERO;
            for _ in 0..iters {
                sum += rt.block_on(round(&genesis, &txs));
            }
            sum
        })
    });

    let raw: Vec<Vec<u8>> = txs
        .iter()
        .flatten()
        .map(|h| hex::decode(&h[2..]).expect("hex"))
        .collect();
    group.throughput(Throughput::Elements(raw.len() as u64));
    group.bench_function("check_only", |b| {
        b.iter(|| {
            for bytes in &raw {
                transaction::check(bytes, &chain, SPEC_VERSION, TRANSACTION_VERSION)
                    .expect("valid");
            }
        })
    });
    group.finish();
}

fn latency(c: &mut Criterion) {
    let rt = runtime();
    let alice: AccountId = taonet_chain::keys::dev_account("Alice").expect("alice");
    let (_shared, url, handle) =
        rt.block_on(serve(Chain::new(Genesis::devnet().expect("genesis"))));
    let client = rt.block_on(connect(&url));
    let key = format!("0x{}", hex::encode(Account::key(&alice)));

    let mut group = c.benchmark_group("rpc_latency");
    group.bench_function("chain_getHeader", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let header: Value = client
                        .request("chain_getHeader", rpc_params![])
                        .await
                        .expect("header");
                    assert!(header.is_object());
                }
                start.elapsed()
            })
        })
    });
    group.bench_function("state_getStorage_system_account", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let value: Value = client
                        .request("state_getStorage", rpc_params![&key])
                        .await
                        .expect("account");
                    assert!(value.is_string());
                }
                start.elapsed()
            })
        })
    });
    group.finish();
    let _ = handle.stop();
}

criterion_group!(benches, signed_transfers, latency);
criterion_main!(benches);

//! The node's Substrate-compatible JSON-RPC server (websocket, and HTTP on the same port), with
//! jsonrpsee: the legacy `chain_*`, `state_*`, `author_*` and `system_*` methods, `rpc_methods` and
//! `account_nextIndex`, answered from the [`NodeShared`] the `ChainNode` actor drives. subxt, polkadot.js
//! and the Python SDK (async-substrate-interface) use exactly this surface.
//!
//! Conventions, as a Substrate node has them: block numbers and hashes in hex (`"0x…"`), storage values as
//! hex SCALE or `null`, a header's JSON re-encoding to the exact bytes hashed, subscription ids as
//! random strings, batches and pipelined requests answered by id.
//!
//! Finality: the finalized head lags the best block by [`RpcOptions::finality_lag`] blocks.
//!
//! State at a block: the node keeps only the best state. Methods that take a block hash answer from
//! the best state when the hash is within [`RpcOptions::state_window`] blocks of the best block (that
//! covers the finalized head and a client's round trips at fast block times); an older block gets the
//! "State already discarded" error a pruning node gives, an unknown hash "Header was not found". Two
//! exceptions are exact at every block the server has seen: `System.Events` (kept per block for the
//! last [`EVENTS_KEPT`] blocks, so receipts decode) and the runtime version and metadata, which never
//! change while the node runs.

mod author;
mod chain;
mod state;
mod system;

use crate::node::NodeShared;
use jsonrpsee::server::{RandomStringIdProvider, RpcModule, Server, ServerConfig};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned, Params};
use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use taonet_chain::{BlockOutcome, Chain, H256};

/// The handle of a running server: `stop()` it to shut it down.
pub use jsonrpsee::server::ServerHandle;

/// The port `btcli --network local` and `--subtensor.network local` expect.
pub const DEFAULT_PORT: u16 = 9944;

/// How many recent blocks' events are kept for `System.Events` at a past block.
pub const EVENTS_KEPT: usize = 4096;

/// How many blocks behind the best block state queries are answered by default: a Substrate node's
/// default state pruning (`--state-pruning 256`). At a devnet's 100 ms blocks that is 25 s, enough for a
/// btcli command that reads the whole way through at the block hash it started with.
pub const STATE_WINDOW: u32 = 256;

/// Server settings.
#[derive(Clone, Debug)]
pub struct RpcOptions {
    /// How many blocks the finalized head lags the best block (0 = instant finality).
    pub finality_lag: u32,
    /// How many blocks behind the best block a hash may be for state queries to answer from the best
    /// state (never less than `finality_lag`).
    pub state_window: u32,
    /// The chain's name (`system_chain`).
    pub chain_name: String,
    /// Most concurrent connections.
    pub max_connections: u32,
}

impl Default for RpcOptions {
    fn default() -> Self {
        RpcOptions {
            finality_lag: 1,
            state_window: STATE_WINDOW,
            chain_name: "Bittensor".to_string(),
            max_connections: 256,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum RpcError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A method name was registered twice (a bug).
    #[error("registering RPC methods: {0}")]
    Register(#[from] jsonrpsee::core::RegisterMethodError),
}

/// What every method handler shares.
pub(crate) struct Ctx {
    pub(crate) shared: Arc<NodeShared>,
    pub(crate) opts: RpcOptions,
    /// Encoded `Vec<EventRecord>` of recent blocks, by hash (oldest first in `order`).
    events: Mutex<EventHistory>,
}

#[derive(Default)]
struct EventHistory {
    by_hash: BTreeMap<H256, Vec<u8>>,
    order: VecDeque<H256>,
}

impl Ctx {
    /// The finalized block number given the best one.
    pub(crate) fn finalized_number(&self, best: u32) -> u32 {
        best.saturating_sub(self.opts.finality_lag)
    }

    /// The encoded events of block `hash`, if kept.
    pub(crate) fn events_at(&self, hash: &H256) -> Option<Vec<u8>> {
        let history = match self.events.lock() {
            Ok(h) => h,
            Err(p) => p.into_inner(),
        };
        history.by_hash.get(hash).cloned()
    }

    fn record_events(&self, outcome: &BlockOutcome) {
        use parity_scale_codec::Encode;
        let mut history = match self.events.lock() {
            Ok(h) => h,
            Err(p) => p.into_inner(),
        };
        history
            .by_hash
            .insert(outcome.hash, outcome.events.encode());
        history.order.push_back(outcome.hash);
        while history.order.len() > EVENTS_KEPT {
            if let Some(old) = history.order.pop_front() {
                history.by_hash.remove(&old);
            }
        }
    }
}

/// Checks that a state query at `at` may be answered from the best state (see the module docs) and
/// returns the hash of the block the answer is reported at.
pub(crate) fn state_at(
    ctx: &Ctx,
    chain: &Chain,
    at: Option<H256>,
) -> Result<H256, ErrorObjectOwned> {
    let best = chain.best_number();
    let Some(hash) = at else {
        return Ok(chain.best_hash());
    };
    match chain.number_of(&hash) {
        None => Err(state_error(format!(
            "UnknownBlock: Header was not found in the database: {}",
            hex_of(&hash)
        ))),
        Some(n) if best - n <= ctx.opts.state_window.max(ctx.opts.finality_lag) => Ok(hash),
        Some(_) => Err(state_error(format!(
            "State already discarded for {}",
            hex_of(&hash)
        ))),
    }
}

/// A `state_*` client error (code 4003), as Substrate reports them.
pub(crate) fn state_error(detail: String) -> ErrorObjectOwned {
    ErrorObject::owned(4003, format!("Client error: {detail}"), None::<()>)
}

/// An invalid-params error (-32602).
pub(crate) fn invalid_params(detail: impl std::fmt::Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        jsonrpsee::types::error::INVALID_PARAMS_CODE,
        format!("Invalid params: {detail}"),
        None::<()>,
    )
}

/// `0x`-prefixed lowercase hex.
pub(crate) fn hex_of(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// Parses hex with or without `0x` (clients send both).
pub(crate) fn parse_hex(s: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
    let digits = s.strip_prefix("0x").unwrap_or(s);
    hex::decode(digits).map_err(|e| invalid_params(format!("bad hex `{s}`: {e}")))
}

/// Parses a 32-byte hash.
pub(crate) fn parse_hash(s: &str) -> Result<H256, ErrorObjectOwned> {
    let bytes = parse_hex(s)?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| invalid_params(format!("`{s}` is not a 32-byte hash")))
}

/// Positional params as JSON values (missing ones read as `null`).
pub(crate) fn positional(params: &Params<'_>) -> Result<Vec<serde_json::Value>, ErrorObjectOwned> {
    if params.is_object() {
        return Err(invalid_params("expected positional parameters"));
    }
    match params.parse::<Option<Vec<serde_json::Value>>>() {
        Ok(v) => Ok(v.unwrap_or_default()),
        Err(e) => Err(invalid_params(e.message())),
    }
}

/// The optional block-hash parameter at `index`.
pub(crate) fn opt_hash(
    args: &[serde_json::Value],
    index: usize,
) -> Result<Option<H256>, ErrorObjectOwned> {
    match args.get(index) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => parse_hash(s).map(Some),
        Some(other) => Err(invalid_params(format!(
            "expected a block hash, got {other}"
        ))),
    }
}

/// The required string parameter at `index`.
pub(crate) fn req_str(args: &[serde_json::Value], index: usize) -> Result<&str, ErrorObjectOwned> {
    match args.get(index) {
        Some(serde_json::Value::String(s)) => Ok(s),
        _ => Err(invalid_params(format!(
            "parameter {index} must be a string"
        ))),
    }
}

/// Builds the full module: every namespace plus `rpc_methods` listing exactly what is served.
fn module(ctx: Arc<Ctx>) -> Result<RpcModule<Ctx>, RpcError> {
    let mut module = RpcModule::from_arc(ctx);
    chain::register(&mut module)?;
    state::register(&mut module)?;
    author::register(&mut module)?;
    system::register(&mut module)?;
    let mut names: Vec<String> = module.method_names().map(str::to_string).collect();
    names.push("rpc_methods".to_string());
    names.sort();
    module.register_method(
        "rpc_methods",
        move |_, _, _| serde_json::json!({ "methods": names.clone() }),
    )?;
    Ok(module)
}

/// Serves the node's JSON-RPC on `addr` (websocket and HTTP), returning the bound address and the
/// server's handle ([`ServerHandle::stop`] stops it). Must run inside a tokio runtime; the server lives
/// on it until stopped.
pub async fn serve(
    shared: Arc<NodeShared>,
    addr: SocketAddr,
    opts: RpcOptions,
) -> Result<(SocketAddr, ServerHandle), RpcError> {
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| RpcError::Bind { addr, source })?;
    serve_listener(shared, listener, opts).await
}

/// Serves on 127.0.0.1: on `port` when given (an error if it is taken), else on [`DEFAULT_PORT`] when
/// free, else on a free port the OS picks.
pub async fn serve_local(
    shared: Arc<NodeShared>,
    port: Option<u16>,
    opts: RpcOptions,
) -> Result<(SocketAddr, ServerHandle), RpcError> {
    let ip = std::net::Ipv4Addr::LOCALHOST;
    let listener = match port {
        Some(p) => {
            let addr = SocketAddr::from((ip, p));
            std::net::TcpListener::bind(addr).map_err(|source| RpcError::Bind { addr, source })?
        }
        None => match std::net::TcpListener::bind((ip, DEFAULT_PORT)) {
            Ok(l) => l,
            Err(_) => {
                let addr = SocketAddr::from((ip, 0));
                std::net::TcpListener::bind(addr)
                    .map_err(|source| RpcError::Bind { addr, source })?
            }
        },
    };
    serve_listener(shared, listener, opts).await
}

async fn serve_listener(
    shared: Arc<NodeShared>,
    listener: std::net::TcpListener,
    opts: RpcOptions,
) -> Result<(SocketAddr, ServerHandle), RpcError> {
    let local = listener.local_addr().map_err(|source| RpcError::Bind {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        source,
    })?;
    let bind_err = |source| RpcError::Bind {
        addr: local,
        source,
    };
    listener.set_nonblocking(true).map_err(bind_err)?;
    let config = ServerConfig::builder()
        .max_connections(opts.max_connections)
        .max_response_body_size(64 * 1024 * 1024)
        .set_id_provider(RandomStringIdProvider::new(16))
        .build();
    let ctx = Arc::new(Ctx {
        shared: shared.clone(),
        opts,
        events: Mutex::new(EventHistory::default()),
    });
    let module = module(ctx.clone())?;
    let outcomes = shared.subscribe();
    let server = Server::builder()
        .set_config(config)
        .build_from_tcp(listener)
        .map_err(bind_err)?;
    let handle = server.start(module);
    tokio::spawn(track_events(ctx, outcomes, handle.clone()));
    Ok((local, handle))
}

/// Keeps the per-block event history current until the server stops.
async fn track_events(
    ctx: Arc<Ctx>,
    mut outcomes: tokio::sync::broadcast::Receiver<Arc<BlockOutcome>>,
    handle: ServerHandle,
) {
    use tokio::sync::broadcast::error::RecvError;
    loop {
        tokio::select! {
            _ = handle.clone().stopped() => return,
            next = outcomes.recv() => match next {
                Ok(outcome) => ctx.record_events(&outcome),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return,
            },
        }
    }
}

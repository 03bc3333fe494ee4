//! `RpcClient`: a [`ChainClient`] over a node's JSON-RPC websocket, for actors that do not share the
//! node's process (or that should reach it exactly as an external client does).
//!
//! It speaks only to **taonet-compatible nodes**: a taonet node, or a node exposing the same runtime APIs
//! and storage layout as subtensor (`NeuronInfoRuntimeApi_get_neurons_lite`,
//! `SwapRuntimeApi_current_alpha_price`, `StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid`,
//! `System.Account`, `SubtensorModule.SubnetTAO` / `SubnetAlphaIn`), subtensor's v4 signed-extrinsic
//! format and signed extensions. Answers are decoded with the chain crate's own types
//! ([`taonet_chain::rpc_info`], [`taonet_chain::items`]).
//!
//! Threading: [`ChainClient`] is a synchronous trait and actors call it from an actix arbiter, whose
//! tokio runtime must not be blocked waiting on itself. So the async jsonrpsee client lives on a
//! dedicated thread with its own current-thread tokio runtime; each trait call sends its request over a
//! channel and waits (bounded by [`RpcClient::timeout`]) for the answer. Requests from several callers run
//! concurrently on that thread. Dropping the client closes the channel, which ends the thread.
//!
//! The trait's reads cannot fail; when the node does not answer, a read logs a warning and returns the
//! empty value (no neurons, zero balance). The `try_*` methods return the error instead.
//!
//! `submit` signs like subxt does: the nonce from `system_accountNextIndex`, the genesis hash and the
//! runtime version fetched once, a mortal era born at the best block (or immortal, see
//! [`RpcClient::with_era_period`]), sent with `author_submitExtrinsic`.

use crate::client::{ChainClient, ClientError, NeuronView, PoolView};
use jsonrpsee::client_transport::ws::{Url, WsTransportClientBuilder};
use jsonrpsee::core::client::{ClientBuilder, ClientT};
use jsonrpsee::core::params::ArrayParams;
use parity_scale_codec::{Decode, DecodeAll, Encode};
use serde_json::Value;
use std::sync::{mpsc, Arc, OnceLock};
use std::time::Duration;
use taonet_chain::call::Call;
use taonet_chain::items::{Account, AccountInfo, SubnetAlphaIn, SubnetTAO};
use taonet_chain::keys::{ss58_encode, Keypair, SS58_PREFIX};
use taonet_chain::rpc_info::{NeuronInfoLite, StakeInfo};
use taonet_chain::transaction::{encode_signed, Era, SignedExtra, SigningContext};
use taonet_chain::{AccountId, NetUid, H256};

/// How long a request may take before the caller gives up, unless [`RpcClient::with_timeout`] says
/// otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default mortality of submitted extrinsics, in blocks (subxt's default).
pub const DEFAULT_ERA_PERIOD: u64 = 64;

/// One request to the client thread.
struct Request {
    method: &'static str,
    params: Vec<Value>,
    reply: mpsc::SyncSender<Result<Value, ClientError>>,
}

type Requests = tokio::sync::mpsc::UnboundedSender<Request>;

/// A [`ChainClient`] speaking JSON-RPC over a websocket to a taonet-compatible node (see the module
/// docs).
pub struct RpcClient {
    url: String,
    requests: Requests,
    timeout: Duration,
    era_period: Option<u64>,
    signing: OnceLock<SigningContext>,
}

impl std::fmt::Debug for RpcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RpcClient")
            .field("url", &self.url)
            .field("timeout", &self.timeout)
            .field("era_period", &self.era_period)
            .finish_non_exhaustive()
    }
}

fn map_error(method: &str, e: jsonrpsee::core::ClientError, timeout: Duration) -> ClientError {
    use jsonrpsee::core::ClientError as E;
    match e {
        E::Call(obj) => ClientError::Rpc {
            method: method.to_string(),
            code: obj.code(),
            message: obj.message().to_string(),
            data: obj.data().map(|d| {
                // A string datum is shown bare ("Transaction has a bad signature").
                serde_json::from_str::<String>(d.get()).unwrap_or_else(|_| d.get().to_string())
            }),
        },
        E::RequestTimeout => ClientError::Timeout {
            method: method.to_string(),
            after: timeout,
        },
        E::ParseError(e) => ClientError::Decode {
            method: method.to_string(),
            reason: e.to_string(),
        },
        E::RestartNeeded(_) => ClientError::NodeGone,
        other => ClientError::Transport {
            method: method.to_string(),
            reason: other.to_string(),
        },
    }
}

/// Opens the websocket to `url` on the current (the client thread's) runtime.
async fn open(
    url: &str,
    timeout: Duration,
) -> Result<jsonrpsee::core::client::Client, ClientError> {
    let connect_err = |reason: String| ClientError::Connect {
        url: url.to_string(),
        reason,
    };
    let parsed = Url::parse(url).map_err(|e| connect_err(e.to_string()))?;
    let builder = WsTransportClientBuilder::default()
        .connection_timeout(timeout)
        .max_request_size(64 * 1024 * 1024)
        .max_response_size(64 * 1024 * 1024);
    let (tx, rx) = builder
        .build(parsed)
        .await
        .map_err(|e| connect_err(e.to_string()))?;
    Ok(ClientBuilder::default()
        .request_timeout(timeout)
        .max_concurrent_requests(1024)
        .build_with_tokio(tx, rx))
}

/// Answers one request on the client thread.
async fn answer(client: Arc<jsonrpsee::core::client::Client>, req: Request, timeout: Duration) {
    let mut params = ArrayParams::new();
    for p in req.params {
        if let Err(e) = params.insert(p) {
            let _ = req.reply.send(Err(ClientError::Transport {
                method: req.method.to_string(),
                reason: e.to_string(),
            }));
            return;
        }
    }
    let result = client
        .request::<Value, _>(req.method, params)
        .await
        .map_err(|e| map_error(req.method, e, timeout));
    // The caller may have timed out and left; nothing to do then.
    let _ = req.reply.send(result);
}

/// The client thread: connects, reports, then serves requests until every sender is gone.
fn run_thread(
    url: String,
    timeout: Duration,
    ready: mpsc::SyncSender<Result<(), ClientError>>,
    mut requests: tokio::sync::mpsc::UnboundedReceiver<Request>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let _ = ready.send(Err(ClientError::Connect {
                url,
                reason: format!("cannot start the client runtime: {e}"),
            }));
            return;
        }
    };
    runtime.block_on(async move {
        let client = match open(&url, timeout).await {
            Ok(c) => Arc::new(c),
            Err(e) => {
                let _ = ready.send(Err(e));
                return;
            }
        };
        if ready.send(Ok(())).is_err() {
            return;
        }
        while let Some(req) = requests.recv().await {
            tokio::spawn(answer(client.clone(), req, timeout));
        }
    });
}

/// `0x`-prefixed lowercase hex.
fn hex_of(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

fn decode_error(method: &str, reason: impl std::fmt::Display) -> ClientError {
    ClientError::Decode {
        method: method.to_string(),
        reason: reason.to_string(),
    }
}

/// The bytes of a hex string answer.
fn hex_value(method: &str, v: &Value) -> Result<Vec<u8>, ClientError> {
    let s = v
        .as_str()
        .ok_or_else(|| decode_error(method, format!("expected a hex string, got {v}")))?;
    hex::decode(s.strip_prefix("0x").unwrap_or(s)).map_err(|e| decode_error(method, e))
}

fn hash_value(method: &str, v: &Value) -> Result<H256, ClientError> {
    let bytes = hex_value(method, v)?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| decode_error(method, format!("`{v}` is not a 32-byte hash")))
}

fn u32_field(method: &str, v: &Value, field: &str) -> Result<u32, ClientError> {
    v.get(field)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| decode_error(method, format!("missing or bad `{field}` in {v}")))
}

impl RpcClient {
    /// Connects to the node at `url` (`ws://host:port`), waiting at most [`DEFAULT_TIMEOUT`]. Blocks the
    /// calling thread until connected; the connection lives on a thread of its own.
    pub fn connect(url: &str) -> Result<RpcClient, ClientError> {
        RpcClient::connect_with_timeout(url, DEFAULT_TIMEOUT)
    }

    /// Connects to `url`, with `timeout` bounding the connection and every later request.
    pub fn connect_with_timeout(url: &str, timeout: Duration) -> Result<RpcClient, ClientError> {
        let (ready_tx, ready_rx) = mpsc::sync_channel(1);
        let (requests, rx) = tokio::sync::mpsc::unbounded_channel();
        let thread_url = url.to_string();
        std::thread::Builder::new()
            .name("taonet-rpc-client".to_string())
            .spawn(move || run_thread(thread_url, timeout, ready_tx, rx))
            .map_err(|e| ClientError::Connect {
                url: url.to_string(),
                reason: format!("cannot start the client thread: {e}"),
            })?;
        match ready_rx.recv_timeout(timeout + Duration::from_secs(1)) {
            Ok(Ok(())) => Ok(RpcClient {
                url: url.to_string(),
                requests,
                timeout,
                era_period: Some(DEFAULT_ERA_PERIOD),
                signing: OnceLock::new(),
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ClientError::Connect {
                url: url.to_string(),
                reason: format!("no connection within {timeout:?}"),
            }),
        }
    }

    /// The same client with extrinsics valid for about `period` blocks from the best block (a power of
    /// two in 4..=65536 after rounding up), or immortal with `None`.
    pub fn with_era_period(mut self, period: Option<u64>) -> Self {
        self.era_period = period;
        self
    }

    /// The same client with a different per-request timeout (the connection's own request timeout
    /// stays as it was opened with).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// How long each request may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Calls `method` with positional `params` and returns the raw JSON result.
    pub fn request(&self, method: &'static str, params: Vec<Value>) -> Result<Value, ClientError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.requests
            .send(Request {
                method,
                params,
                reply,
            })
            .map_err(|_| ClientError::NodeGone)?;
        match answer.recv_timeout(self.timeout) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(ClientError::Timeout {
                method: method.to_string(),
                after: self.timeout,
            }),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(ClientError::NodeGone),
        }
    }

    /// `state_call(method, args)` at the best block, decoded as `T`.
    pub fn runtime_call<T: Decode>(&self, method: &str, args: &[u8]) -> Result<T, ClientError> {
        let value = self.request(
            "state_call",
            vec![Value::from(method), Value::from(hex_of(args))],
        )?;
        let bytes = hex_value(method, &value)?;
        T::decode_all(&mut bytes.as_slice()).map_err(|e| decode_error(method, e))
    }

    /// The value under the raw storage `key` at the best block, decoded as `T` (`None` when absent).
    pub fn storage<T: Decode>(&self, key: &[u8]) -> Result<Option<T>, ClientError> {
        const METHOD: &str = "state_getStorage";
        let value = self.request(METHOD, vec![Value::from(hex_of(key))])?;
        if value.is_null() {
            return Ok(None);
        }
        let bytes = hex_value(METHOD, &value)?;
        T::decode_all(&mut bytes.as_slice())
            .map(Some)
            .map_err(|e| decode_error(METHOD, e))
    }

    /// The hash of block `number` (`None` = the best block).
    pub fn block_hash(&self, number: Option<u32>) -> Result<H256, ClientError> {
        const METHOD: &str = "chain_getBlockHash";
        let params = number.map(|n| vec![Value::from(n)]).unwrap_or_default();
        let value = self.request(METHOD, params)?;
        if value.is_null() {
            return Err(decode_error(METHOD, format!("no block {number:?}")));
        }
        hash_value(METHOD, &value)
    }

    /// The best block's number and hash, consistently.
    pub fn best(&self) -> Result<(u32, H256), ClientError> {
        const METHOD: &str = "chain_getHeader";
        let hash = self.block_hash(None)?;
        let header = self.request(METHOD, vec![Value::from(hex_of(&hash))])?;
        let number = header
            .get("number")
            .and_then(Value::as_str)
            .and_then(|s| u32::from_str_radix(s.strip_prefix("0x").unwrap_or(s), 16).ok())
            .ok_or_else(|| decode_error(METHOD, format!("no block number in {header}")))?;
        Ok((number, hash))
    }

    /// The best block number.
    pub fn try_best_block(&self) -> Result<u32, ClientError> {
        self.best().map(|(n, _)| n)
    }

    /// The subnet's neurons in UID order (`NeuronInfoRuntimeApi_get_neurons_lite`).
    pub fn try_neurons(&self, netuid: NetUid) -> Result<Vec<NeuronView>, ClientError> {
        let lite: Vec<NeuronInfoLite> =
            self.runtime_call("NeuronInfoRuntimeApi_get_neurons_lite", &netuid.encode())?;
        Ok(lite
            .into_iter()
            .map(|n| NeuronView {
                uid: n.uid.0,
                hotkey: n.hotkey,
                axon: n.axon_info,
                validator_permit: n.validator_permit,
            })
            .collect())
    }

    /// The subnet's pool: reserves from storage, price from `SwapRuntimeApi_current_alpha_price`.
    pub fn try_pool(&self, netuid: NetUid) -> Result<PoolView, ClientError> {
        let tao: u64 = self.storage(&SubnetTAO::key(&netuid))?.unwrap_or(0);
        let alpha: u64 = self.storage(&SubnetAlphaIn::key(&netuid))?.unwrap_or(0);
        let price_rao: u64 =
            self.runtime_call("SwapRuntimeApi_current_alpha_price", &netuid.encode())?;
        Ok(PoolView {
            tao,
            alpha,
            price_rao,
        })
    }

    /// Free balance of `who` (`System.Account`), in rao.
    pub fn try_free_balance(&self, who: &AccountId) -> Result<u64, ClientError> {
        let info: Option<AccountInfo> = self.storage(&Account::key(who))?;
        Ok(info.map(|i| i.data.free).unwrap_or(0))
    }

    /// Alpha `coldkey` holds through `hotkey` on `netuid`
    /// (`StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid`).
    pub fn try_stake(
        &self,
        hotkey: &AccountId,
        coldkey: &AccountId,
        netuid: NetUid,
    ) -> Result<u64, ClientError> {
        let info: Option<StakeInfo> = self.runtime_call(
            "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
            &(hotkey, coldkey, netuid).encode(),
        )?;
        Ok(info.map(|i| i.stake.0).unwrap_or(0))
    }

    /// The nonce `who`'s next extrinsic should carry (`system_accountNextIndex`, pool included).
    pub fn next_index(&self, who: &AccountId) -> Result<u32, ClientError> {
        const METHOD: &str = "system_accountNextIndex";
        let value = self.request(METHOD, vec![Value::from(ss58_encode(&who.0, SS58_PREFIX))])?;
        value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| decode_error(METHOD, format!("`{value}` is not a nonce")))
    }

    /// The genesis hash and runtime version signatures commit to, fetched once.
    pub fn signing_context(&self) -> Result<SigningContext, ClientError> {
        if let Some(ctx) = self.signing.get() {
            return Ok(*ctx);
        }
        const METHOD: &str = "state_getRuntimeVersion";
        let genesis_hash = self.block_hash(Some(0))?;
        let version = self.request(METHOD, Vec::new())?;
        let ctx = SigningContext {
            spec_version: u32_field(METHOD, &version, "specVersion")?,
            transaction_version: u32_field(METHOD, &version, "transactionVersion")?,
            genesis_hash,
        };
        Ok(*self.signing.get_or_init(|| ctx))
    }

    /// Signs `call` from `signer` and submits it with `author_submitExtrinsic`; returns the extrinsic
    /// hash the node reports.
    pub fn submit_signed(&self, signer: &Keypair, call: &Call) -> Result<H256, ClientError> {
        const METHOD: &str = "author_submitExtrinsic";
        let ctx = self.signing_context()?;
        let nonce = self.next_index(&signer.account_id())?;
        let (era, birth_hash) = match self.era_period {
            Some(period) => {
                let (best, hash) = self.best()?;
                (Era::mortal(period, u64::from(best)), hash)
            }
            None => (Era::Immortal, ctx.genesis_hash),
        };
        let extra = SignedExtra {
            era,
            ..SignedExtra::immortal(nonce)
        };
        let bytes = encode_signed(signer, call, extra, &ctx, &birth_hash);
        let value = self.request(METHOD, vec![Value::from(hex_of(&bytes))])?;
        hash_value(METHOD, &value)
    }

    /// Logs a failed read and gives the empty value the trait promises.
    fn or_default<T: Default>(&self, what: &str, result: Result<T, ClientError>) -> T {
        result.unwrap_or_else(|e| {
            tracing::warn!(url = %self.url, error = %e, "{what} failed; using the empty value");
            T::default()
        })
    }
}

impl ChainClient for RpcClient {
    fn best_block(&self) -> u32 {
        let r = self.try_best_block();
        self.or_default("best block", r)
    }

    fn neurons(&self, netuid: NetUid) -> Vec<NeuronView> {
        let r = self.try_neurons(netuid);
        self.or_default("neurons", r)
    }

    fn pool(&self, netuid: NetUid) -> PoolView {
        self.try_pool(netuid).unwrap_or_else(|e| {
            tracing::warn!(url = %self.url, error = %e, "pool failed; using an empty pool");
            PoolView {
                tao: 0,
                alpha: 0,
                price_rao: 0,
            }
        })
    }

    fn free_balance(&self, who: &AccountId) -> u64 {
        let r = self.try_free_balance(who);
        self.or_default("free balance", r)
    }

    fn stake(&self, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> u64 {
        let r = self.try_stake(hotkey, coldkey, netuid);
        self.or_default("stake", r)
    }

    fn submit(&self, signer: &Keypair, call: Call) -> Result<(), ClientError> {
        self.submit_signed(signer, &call).map(|_| ())
    }
}

#[cfg(test)]
#[path = "client_rpc_tests.rs"]
mod tests;

//! The axon: an HTTP/1.1 server that answers synapses the way bittensor 10.x's FastAPI axon does.
//!
//! Per request, in bittensor's middleware order: route lookup (unknown synapse → 404), header parsing
//! (→ 400), preprocessing (axon version/uuid/nonce, the caller's ip/port, the axon's own signature),
//! the blacklist hook (→ 403), signature and nonce verification (→ 401), the body-hash check (→ 400;
//! bittensor answers 500 there), the handler under the synapse's timeout (→ 408), and the JSON
//! synapse back with `bt_header_*` status headers. Errors carry `{"message": …}` like bittensor's.
//!
//! Deviation from bittensor: a request without a dendrite signature is rejected (bittensor skips the
//! signature check when the header is absent).

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use taonet_chain::keys::{ss58_decode, verify, Keypair};
use taonet_chain::AccountId;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::synapse::{
    py_float_str, Synapse, SynapseCommon, TerminalInfo, ALLOWED_DELTA_NS, DEFAULT_TIMEOUT_SECS,
    VERSION_AS_INT, V_7_2_0,
};
use super::{new_uuid, now_ns, parse_signature, sign_hex, BoxFuture};

/// Default limit on request bodies.
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 << 20;

/// Errors starting an axon.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listening socket could not be bound.
    #[error("could not bind axon to {addr}: {source}")]
    Bind {
        /// The requested address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Why a request failed verification (the axon answers 401).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VerifyError {
    /// No `bt_header_dendrite_hotkey`.
    #[error("Missing hotkey")]
    MissingHotkey,
    /// The hotkey is not a valid SS58 address.
    #[error("Invalid hotkey {0}")]
    BadHotkey(String),
    /// No `bt_header_dendrite_nonce`.
    #[error("Missing Nonce")]
    MissingNonce,
    /// First request of this dendrite with a nonce outside the freshness window.
    #[error("Nonce is too old: acceptable delta is {allowed_s:.2} seconds but request was {age_s:.2} seconds old")]
    Stale {
        /// Allowed age, seconds.
        allowed_s: f64,
        /// Actual age, seconds.
        age_s: f64,
    },
    /// The nonce is not greater than the last one accepted from this dendrite.
    #[error("Nonce is too old, a newer one was last processed")]
    Replayed,
    /// No `bt_header_dendrite_signature`.
    #[error("Missing signature")]
    MissingSignature,
    /// The signature does not verify.
    #[error("Signature mismatch with {0}")]
    BadSignature(String),
}

/// A synapse handler: takes the verified request synapse (with `dendrite`/`axon` filled from the
/// verified headers) and returns the response synapse.
pub type Handler<S> = Arc<dyn Fn(S) -> BoxFuture<S> + Send + Sync>;

/// What the blacklist hook sees.
#[derive(Clone, Copy, Debug)]
pub struct BlacklistQuery<'a> {
    /// The synapse name (route).
    pub synapse: &'a str,
    /// The caller's hotkey, when its header is a valid SS58 address (not yet verified: verification runs
    /// after the blacklist, as in bittensor).
    pub hotkey: Option<&'a AccountId>,
    /// The caller's terminal info from the headers.
    pub dendrite: &'a TerminalInfo,
}

/// The blacklist hook: `Some(reason)` rejects the request with 403.
pub type BlacklistFn = Arc<dyn Fn(&BlacklistQuery<'_>) -> Option<String> + Send + Sync>;

/// A blacklist that admits only hotkeys in `allowed` (e.g. the subnet's registered hotkeys, updated by
/// the owner of the set as registrations change).
pub fn allow_only(allowed: Arc<RwLock<HashSet<AccountId>>>) -> BlacklistFn {
    Arc::new(move |q: &BlacklistQuery<'_>| {
        let known = match (q.hotkey, allowed.read()) {
            (Some(h), Ok(set)) => set.contains(h),
            _ => false,
        };
        (!known).then(|| "Unrecognized hotkey".to_string())
    })
}

/// Axon settings beyond the hotkey and handlers.
#[derive(Clone)]
pub struct AxonOptions {
    /// The blacklist hook (none = everyone may call).
    pub blacklist: Option<BlacklistFn>,
    /// Largest accepted request body (413 beyond).
    pub max_body_bytes: usize,
}

impl Default for AxonOptions {
    fn default() -> Self {
        AxonOptions {
            blacklist: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

type RouteResult = Result<(Vec<u8>, Vec<(String, String)>), (u16, String)>;

trait Route: Send + Sync {
    fn call(&self, body: Bytes, pre: SynapseCommon, start: Instant) -> BoxFuture<RouteResult>;
}

struct TypedRoute<S: Synapse> {
    handler: Handler<S>,
}

impl<S: Synapse> Route for TypedRoute<S> {
    fn call(&self, body: Bytes, pre: SynapseCommon, start: Instant) -> BoxFuture<RouteResult> {
        let handler = self.handler.clone();
        Box::pin(async move {
            let raw: &[u8] = if body.is_empty() { b"{}" } else { &body };
            let mut syn: S = serde_json::from_slice(raw).map_err(|e| {
                (
                    400,
                    format!("Could not parse body into synapse of type {}: {e}", S::NAME),
                )
            })?;
            let parsed = syn.body_hash();
            if parsed != pre.computed_body_hash {
                return Err((
                    400,
                    format!(
                        "Hash mismatch between header body hash {} and parsed body hash {parsed}",
                        pre.computed_body_hash
                    ),
                ));
            }
            let timeout = pre.timeout;
            *syn.common_mut() = pre.clone();
            let limit = Duration::try_from_secs_f64(timeout)
                .unwrap_or(Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS))
                .min(Duration::from_secs(3600));
            let mut out = tokio::time::timeout(limit, handler(syn))
                .await
                .map_err(|_| {
                    (
                        408,
                        format!("Response timeout after: {}s", py_float_str(timeout)),
                    )
                })?;
            let common = out.common_mut();
            common.name = S::NAME.to_string();
            common.dendrite = pre.dendrite;
            common.axon = pre.axon;
            common.axon.status_code = Some(200);
            common.axon.status_message = Some("Success".into());
            common.axon.process_time = Some(start.elapsed().as_secs_f64());
            let json = serde_json::to_vec(&out)
                .map_err(|e| (500, format!("Could not serialize response: {e}")))?;
            Ok((json, out.to_headers()))
        })
    }
}

/// An axon being configured: its hotkey, options and routes. `/Synapse` (bittensor's built-in ping) is
/// always served.
pub struct AxonServer {
    hotkey: Keypair,
    options: AxonOptions,
    routes: HashMap<String, Arc<dyn Route>>,
}

impl AxonServer {
    /// An axon signing with `hotkey`, serving only the `/Synapse` ping.
    pub fn new(hotkey: Keypair) -> Self {
        let ping: Handler<SynapseCommon> = Arc::new(|s| Box::pin(async move { s }));
        let mut server = AxonServer {
            hotkey,
            options: AxonOptions::default(),
            routes: HashMap::new(),
        };
        server.routes.insert(
            SynapseCommon::NAME.to_string(),
            Arc::new(TypedRoute { handler: ping }),
        );
        server
    }

    /// Serves synapse type `S` at `/{S::NAME}` with `handler` (replacing any earlier handler for it).
    pub fn attach<S: Synapse>(mut self, handler: Handler<S>) -> Self {
        self.routes
            .insert(S::NAME.to_string(), Arc::new(TypedRoute { handler }));
        self
    }

    /// Sets the options (blacklist, body limit).
    pub fn options(mut self, options: AxonOptions) -> Self {
        self.options = options;
        self
    }

    /// Binds `bind` (use port 0 for a free port) and serves until the handle is shut down or dropped.
    pub async fn serve(self, bind: SocketAddr) -> Result<(SocketAddr, AxonHandle), ServerError> {
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|source| ServerError::Bind { addr: bind, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ServerError::Bind { addr: bind, source })?;
        let inner = Arc::new(Inner {
            hotkey_ss58: self.hotkey.account_id().to_ss58(),
            hotkey: self.hotkey,
            uuid: new_uuid(),
            options: self.options,
            routes: self.routes,
            nonces: Mutex::new(HashMap::new()),
        });
        let (tx, rx) = watch::channel(false);
        let join = tokio::spawn(accept_loop(listener, inner, rx));
        Ok((
            addr,
            AxonHandle {
                addr,
                shutdown: tx,
                join: Some(join),
            },
        ))
    }

    /// Shorthand: an axon for `hotkey` serving `handler` on `bind`, no blacklist.
    pub async fn start<S: Synapse>(
        bind: SocketAddr,
        hotkey: Keypair,
        handler: Handler<S>,
    ) -> Result<(SocketAddr, AxonHandle), ServerError> {
        AxonServer::new(hotkey).attach(handler).serve(bind).await
    }
}

/// A running axon. Dropping it stops the server too.
pub struct AxonHandle {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    join: Option<JoinHandle<()>>,
}

impl AxonHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets open connections finish their current request (up to 1 s), and waits for
    /// the accept loop to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(join) = self.join.take() {
            let _ = join.await;
        }
    }
}

impl Drop for AxonHandle {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

struct Inner {
    hotkey: Keypair,
    hotkey_ss58: String,
    uuid: String,
    options: AxonOptions,
    routes: HashMap<String, Arc<dyn Route>>,
    nonces: Mutex<HashMap<String, u64>>,
}

async fn accept_loop(listener: TcpListener, inner: Arc<Inner>, mut rx: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            _ = rx.changed() => break,
            a = listener.accept() => a,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(error = %e, "axon accept failed");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let inner = inner.clone();
        let mut rx = rx.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| {
                let inner = inner.clone();
                async move { Ok::<_, Infallible>(inner.handle(req, peer).await) }
            });
            let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(1), conn).await;
                }
            }
        });
    }
}

impl Inner {
    async fn handle(&self, req: Request<Incoming>, peer: SocketAddr) -> Response<Full<Bytes>> {
        let start = Instant::now();
        let name = req.uri().path().split('/').nth(1).unwrap_or("").to_string();
        let Some(route) = self.routes.get(&name).cloned() else {
            let mut known: Vec<&String> = self.routes.keys().collect();
            known.sort();
            let msg = format!("Synapse name '{name}' not found. Available synapses {known:?}");
            return error_response(SynapseCommon::named(&name), 404, msg, start);
        };
        if req.method() != Method::POST && req.method() != Method::GET {
            let msg = format!("Method {} not allowed", req.method());
            return error_response(SynapseCommon::named(&name), 405, msg, start);
        }
        let mut common = match SynapseCommon::from_headers(req.headers()) {
            Ok(c) => c,
            Err(e) => {
                let msg = format!("Improperly formatted request. Could not parse headers into synapse of type {name}: {e}");
                return error_response(SynapseCommon::named(&name), 400, msg, start);
            }
        };
        common.name = name.clone();
        self.preprocess(&mut common, peer);
        let hotkey = common
            .dendrite
            .hotkey
            .as_deref()
            .and_then(|h| ss58_decode(h).ok());
        if let Some(blacklist) = &self.options.blacklist {
            let query = BlacklistQuery {
                synapse: &name,
                hotkey: hotkey.as_ref(),
                dendrite: &common.dendrite,
            };
            if let Some(reason) = blacklist(&query) {
                let msg = format!("Forbidden. Key is blacklisted: {reason}.");
                return error_response(common, 403, msg, start);
            }
        }
        if let Err(e) = self.verify(&common, hotkey.as_ref(), now_ns()) {
            return error_response(common, 401, format!("Not Verified with error: {e}"), start);
        }
        let body = match Limited::new(req.into_body(), self.options.max_body_bytes)
            .collect()
            .await
        {
            Ok(b) => b.to_bytes(),
            Err(e) => {
                return error_response(common, 413, format!("Could not read body: {e}"), start)
            }
        };
        match route.call(body, common.clone(), start).await {
            Ok((json, headers)) => build_response(200, &headers, json),
            Err((code, msg)) => error_response(common, code, msg, start),
        }
    }

    /// bittensor's `AxonMiddleware.preprocess` after header parsing.
    fn preprocess(&self, common: &mut SynapseCommon, peer: SocketAddr) {
        common.axon.version = Some(VERSION_AS_INT);
        common.axon.uuid = Some(self.uuid.clone());
        common.axon.nonce = Some(now_ns());
        common.axon.status_code = Some(100);
        common.dendrite.port = Some(peer.port());
        common.dendrite.ip = Some(peer.ip().to_string());
        let message = format!(
            "{}.{}.{}.{}",
            py_opt(&common.axon.nonce),
            py_opt(&common.dendrite.hotkey),
            py_opt(&common.axon.hotkey),
            py_opt(&common.axon.uuid),
        );
        common.axon.signature = Some(sign_hex(&self.hotkey, &message));
    }

    /// bittensor's `Axon.default_verify`, with the nonce check-and-store done atomically.
    fn verify(
        &self,
        common: &SynapseCommon,
        hotkey: Option<&AccountId>,
        now: u64,
    ) -> Result<(), VerifyError> {
        let d = &common.dendrite;
        let hotkey_text = d.hotkey.as_deref().ok_or(VerifyError::MissingHotkey)?;
        let account = hotkey.ok_or_else(|| VerifyError::BadHotkey(hotkey_text.to_string()))?;
        let nonce = d.nonce.ok_or(VerifyError::MissingNonce)?;
        let key = format!("{hotkey_text}:{}", py_opt(&d.uuid));
        let message = format!(
            "{nonce}.{hotkey_text}.{}.{}.{}",
            self.hotkey_ss58,
            py_opt(&d.uuid),
            common.computed_body_hash
        );
        let mut nonces = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
        let last = nonces.get(&key).copied();
        if d.version.is_some_and(|v| v >= V_7_2_0) && last.is_none() {
            let timeout_ns = (common.timeout.max(0.0) * 1e9) as i128;
            let window = i128::from(now) - i128::from(ALLOWED_DELTA_NS) - timeout_ns;
            if i128::from(nonce) <= window {
                return Err(VerifyError::Stale {
                    allowed_s: (ALLOWED_DELTA_NS as i128 + timeout_ns) as f64 / 1e9,
                    age_s: (i128::from(now) - i128::from(nonce)) as f64 / 1e9,
                });
            }
        }
        if last.is_some_and(|l| nonce <= l) {
            return Err(VerifyError::Replayed);
        }
        let sig_text = d
            .signature
            .as_deref()
            .ok_or(VerifyError::MissingSignature)?;
        let signature =
            parse_signature(sig_text).ok_or_else(|| VerifyError::BadSignature(message.clone()))?;
        let wrapped = format!("<Bytes>{message}</Bytes>");
        if !verify(account, message.as_bytes(), &signature)
            && !verify(account, wrapped.as_bytes(), &signature)
        {
            return Err(VerifyError::BadSignature(message));
        }
        nonces.insert(key, nonce);
        Ok(())
    }
}

/// Python's f-string of an optional value (`None` when absent).
fn py_opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| "None".to_string(), T::to_string)
}

fn error_response(
    mut common: SynapseCommon,
    code: u16,
    message: String,
    start: Instant,
) -> Response<Full<Bytes>> {
    common.axon.status_code = Some(code);
    common.axon.status_message = Some(message.clone());
    common.axon.process_time = Some(start.elapsed().as_secs_f64());
    let body = serde_json::json!({ "message": message })
        .to_string()
        .into_bytes();
    build_response(code, &common.to_headers(), body)
}

fn build_response(code: u16, headers: &[(String, String)], body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let map = resp.headers_mut();
    map.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (k, v) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            map.insert(name, value);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner() -> Inner {
        Inner {
            hotkey: Keypair::derive(1, "axon"),
            hotkey_ss58: Keypair::derive(1, "axon").account_id().to_ss58(),
            uuid: "u".into(),
            options: AxonOptions::default(),
            routes: HashMap::new(),
            nonces: Mutex::new(HashMap::new()),
        }
    }

    fn signed(axon: &Inner, caller: &Keypair, nonce: u64) -> SynapseCommon {
        let mut c = SynapseCommon::named("Synapse");
        c.computed_body_hash = "h".into();
        c.dendrite.hotkey = Some(caller.account_id().to_ss58());
        c.dendrite.nonce = Some(nonce);
        c.dendrite.uuid = Some("d".into());
        c.dendrite.version = Some(VERSION_AS_INT);
        let msg = format!(
            "{nonce}.{}.{}.d.h",
            caller.account_id().to_ss58(),
            axon.hotkey_ss58
        );
        c.dendrite.signature = Some(sign_hex(caller, &msg));
        c
    }

    #[test]
    fn nonce_rules() {
        let axon = inner();
        let caller = Keypair::derive(1, "validator");
        let id = caller.account_id();
        let now = 100_000_000_000u64;
        // Too old for a first request: older than 4 s + timeout (12 s).
        let stale = signed(&axon, &caller, now - 17_000_000_000);
        assert!(matches!(
            axon.verify(&stale, Some(&id), now),
            Err(VerifyError::Stale { .. })
        ));
        let fresh = signed(&axon, &caller, now - 1_000_000_000);
        assert_eq!(axon.verify(&fresh, Some(&id), now), Ok(()));
        assert_eq!(
            axon.verify(&fresh, Some(&id), now),
            Err(VerifyError::Replayed)
        );
        // Once known, an older-than-window but newer-than-last nonce passes (as in bittensor).
        let next = signed(&axon, &caller, now - 1_000_000_000 + 1);
        assert_eq!(axon.verify(&next, Some(&id), now + 60_000_000_000), Ok(()));
    }

    #[test]
    fn signature_rules() {
        let axon = inner();
        let caller = Keypair::derive(1, "validator");
        let id = caller.account_id();
        let now = now_ns();
        let mut c = signed(&axon, &caller, now);
        c.computed_body_hash = "other".into();
        assert!(matches!(
            axon.verify(&c, Some(&id), now),
            Err(VerifyError::BadSignature(_))
        ));
        let mut c = signed(&axon, &caller, now);
        c.dendrite.signature = None;
        assert_eq!(
            axon.verify(&c, Some(&id), now),
            Err(VerifyError::MissingSignature)
        );
        let c = signed(&axon, &caller, now);
        assert!(matches!(
            axon.verify(&c, None, now),
            Err(VerifyError::BadHotkey(_))
        ));
        // A failed attempt does not burn the nonce.
        assert_eq!(axon.verify(&c, Some(&id), now), Ok(()));
    }

    #[test]
    fn allow_only_blacklist() {
        let a = Keypair::derive(1, "a").account_id();
        let b = Keypair::derive(1, "b").account_id();
        let set = Arc::new(RwLock::new(HashSet::from([a])));
        let bl = allow_only(set);
        let d = TerminalInfo::default();
        let q = |h| BlacklistQuery {
            synapse: "Compute",
            hotkey: h,
            dendrite: &d,
        };
        assert_eq!(bl(&q(Some(&a))), None);
        assert!(bl(&q(Some(&b))).is_some());
        assert!(bl(&q(None)).is_some());
    }
}

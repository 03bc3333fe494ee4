//! The dendrite: queries axons over HTTP/1.1 exactly as bittensor 10.x's `Dendrite.call` does: POST
//! `http://{ip}:{port}/{SynapseName}` with the JSON synapse as body and `Synapse.to_headers()` as
//! headers, signed by the dendrite's hotkey over `"{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}"`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::header::CONTENT_TYPE;
use hyper::{Method, Request};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use taonet_chain::keys::Keypair;
use taonet_chain::AccountId;

use super::synapse::{Synapse, SynapseCommon, TerminalInfo, VERSION_AS_INT};
use super::{new_uuid, now_ns, sign_hex};

/// Largest response body a dendrite reads.
pub const MAX_RESPONSE_BYTES: usize = 4 << 20;

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum DendriteError {
    /// No complete answer within the timeout (bittensor: status 408 on the dendrite side).
    #[error("Timeout after {0:?}")]
    Timeout(Duration),
    /// The request could not be built (bad header value).
    #[error("could not build request: {0}")]
    Request(String),
    /// Connection or HTTP transport failure (bittensor: 503 "Service unavailable").
    #[error("transport error: {0}")]
    Transport(String),
    /// The axon answered with a non-200 status.
    #[error("axon answered {code}: {message}")]
    Status {
        /// HTTP status (403 blacklisted, 401 not verified, 404 unknown synapse, 408 timeout, …).
        code: u16,
        /// The axon's `message`.
        message: String,
    },
    /// The 200 response body is not the expected synapse.
    #[error("could not decode response: {0}")]
    Decode(String),
}

impl DendriteError {
    /// The status code bittensor would put in `synapse.dendrite.status_code` for this failure.
    pub fn status_code(&self) -> u16 {
        match self {
            DendriteError::Timeout(_) => 408,
            DendriteError::Request(_) | DendriteError::Decode(_) => 422,
            DendriteError::Transport(_) => 503,
            DendriteError::Status { code, .. } => *code,
        }
    }
}

/// A signed request, ready to send; fields are public so tests can tamper with them.
#[derive(Clone, Debug)]
pub struct PreparedRequest<S> {
    /// `http://{ip}:{port}/{S::NAME}`.
    pub url: String,
    /// Every header, in bittensor's order.
    pub headers: Vec<(String, String)>,
    /// The JSON body (`model_dump()`).
    pub body: Vec<u8>,
    /// The synapse as sent (its `dendrite`/`axon` filled), merged with the response.
    pub synapse: S,
}

/// A dendrite: a hotkey, a per-instance uuid, and a pooled HTTP client.
pub struct Dendrite {
    keypair: Keypair,
    uuid: String,
    external_ip: String,
    last_nonce: AtomicU64,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Dendrite {
    /// A dendrite signing with `hotkey`, reporting `127.0.0.1` as its external IP.
    pub fn new(hotkey: Keypair) -> Self {
        Dendrite {
            keypair: hotkey,
            uuid: new_uuid(),
            external_ip: "127.0.0.1".into(),
            last_nonce: AtomicU64::new(0),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Sets the IP reported in `bt_header_dendrite_ip`.
    pub fn with_external_ip(mut self, ip: impl Into<String>) -> Self {
        self.external_ip = ip.into();
        self
    }

    /// The dendrite's hotkey.
    pub fn hotkey(&self) -> AccountId {
        self.keypair.account_id()
    }

    /// This instance's uuid (`bt_header_dendrite_uuid`).
    pub fn uuid(&self) -> &str {
        &self.uuid
    }

    /// A nonce: `time_ns()`, forced strictly increasing across this dendrite's requests.
    fn next_nonce(&self) -> u64 {
        let now = now_ns();
        let mut last = self.last_nonce.load(Ordering::Relaxed);
        loop {
            let next = now.max(last.saturating_add(1));
            match self.last_nonce.compare_exchange_weak(
                last,
                next,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return next,
                Err(actual) => last = actual,
            }
        }
    }

    /// `preprocess_synapse_for_request` + `to_headers` + `model_dump`: fills the terminals, signs, and
    /// builds the request for the axon at `axon_addr` owned by `axon_hotkey`.
    pub fn prepare<S: Synapse>(
        &self,
        axon_addr: SocketAddr,
        axon_hotkey: &AccountId,
        mut synapse: S,
        timeout: Duration,
    ) -> PreparedRequest<S> {
        let hotkey = self.keypair.account_id().to_ss58();
        let axon_ss58 = axon_hotkey.to_ss58();
        let nonce = self.next_nonce();
        let common = synapse.common_mut();
        common.name = S::NAME.to_string();
        common.timeout = timeout.as_secs_f64();
        common.dendrite = TerminalInfo {
            ip: Some(self.external_ip.clone()),
            version: Some(VERSION_AS_INT),
            nonce: Some(nonce),
            uuid: Some(self.uuid.clone()),
            hotkey: Some(hotkey.clone()),
            ..TerminalInfo::default()
        };
        common.axon = TerminalInfo {
            ip: Some(axon_addr.ip().to_string()),
            port: Some(axon_addr.port()),
            hotkey: Some(axon_ss58.clone()),
            ..TerminalInfo::default()
        };
        let body_hash = synapse.body_hash();
        let message = format!("{nonce}.{hotkey}.{axon_ss58}.{}.{body_hash}", self.uuid);
        synapse.common_mut().dendrite.signature = Some(sign_hex(&self.keypair, &message));
        let headers = synapse.to_headers();
        // Python sets total_size while building headers, before dumping the body.
        if let Some((_, total)) = headers.iter().find(|(k, _)| k == "total_size") {
            synapse.common_mut().total_size = total.parse().unwrap_or(0);
        }
        let body = serde_json::to_vec(&synapse).unwrap_or_default();
        PreparedRequest {
            url: format!("http://{axon_addr}/{}", S::NAME),
            headers,
            body,
            synapse,
        }
    }

    /// Sends a prepared request and waits at most `timeout` for the whole answer. On 200, returns the
    /// axon's synapse with `dendrite`/`axon` merged from the response headers as bittensor does
    /// (`dendrite.status_code` = the axon's, `dendrite.process_time` = the round trip).
    pub async fn send<S: Synapse>(
        &self,
        prepared: PreparedRequest<S>,
        timeout: Duration,
    ) -> Result<S, DendriteError> {
        let start = Instant::now();
        match tokio::time::timeout(timeout, self.send_inner(prepared, start)).await {
            Ok(result) => result,
            Err(_) => Err(DendriteError::Timeout(timeout)),
        }
    }

    /// Queries the axon at `axon_addr` (hotkey `axon_hotkey`) with `synapse`, waiting at most `timeout`.
    pub async fn query<S: Synapse>(
        &self,
        axon_addr: SocketAddr,
        axon_hotkey: &AccountId,
        synapse: S,
        timeout: Duration,
    ) -> Result<S, DendriteError> {
        let prepared = self.prepare(axon_addr, axon_hotkey, synapse, timeout);
        self.send(prepared, timeout).await
    }

    async fn send_inner<S: Synapse>(
        &self,
        prepared: PreparedRequest<S>,
        start: Instant,
    ) -> Result<S, DendriteError> {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(&prepared.url)
            .header(CONTENT_TYPE, "application/json");
        for (k, v) in &prepared.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let request = builder
            .body(Full::new(Bytes::from(prepared.body)))
            .map_err(|e| DendriteError::Request(e.to_string()))?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| DendriteError::Transport(e.to_string()))?;
        let status = response.status().as_u16();
        let server = SynapseCommon::from_headers(response.headers()).ok();
        let body = Limited::new(response.into_body(), MAX_RESPONSE_BYTES)
            .collect()
            .await
            .map_err(|e| DendriteError::Transport(e.to_string()))?
            .to_bytes();
        if status != 200 {
            let message = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(String::from))
                .or_else(|| server.and_then(|s| s.axon.status_message))
                .unwrap_or_default();
            return Err(DendriteError::Status {
                code: status,
                message,
            });
        }
        let mut answer: S =
            serde_json::from_slice(&body).map_err(|e| DendriteError::Decode(e.to_string()))?;
        let sent = prepared.synapse.common().clone();
        let common = answer.common_mut();
        let (mut dendrite, mut axon) = (sent.dendrite, sent.axon);
        if let Some(server) = server {
            dendrite.merge_from(&server.dendrite);
            axon.merge_from(&server.axon);
        }
        dendrite.status_code = axon.status_code;
        dendrite.status_message = axon.status_message.clone();
        dendrite.process_time = Some(start.elapsed().as_secs_f64());
        common.dendrite = dendrite;
        common.axon = axon;
        common.timeout = sent.timeout;
        Ok(answer)
    }
}

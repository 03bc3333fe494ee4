//! The axon and dendrite over real HTTP on 127.0.0.1.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use taonet_actors::axon::{
    allow_only, sign_hex, AxonHandle, AxonOptions, AxonServer, Dendrite, DendriteError, Handler,
    SynapseCommon,
};
use taonet_actors::task::{expected, Challenge, Compute, Op};
use taonet_chain::keys::Keypair;

const LOCAL: &str = "127.0.0.1:0";
/// Upper bound for any single test step; far above what they need.
const DEADLINE: Duration = Duration::from_secs(10);

fn challenge() -> Challenge {
    Challenge {
        id: 7,
        numbers: vec![3, -4, 12],
        op: Op::SumSquaresMod,
    }
}

fn honest() -> Handler<Compute> {
    Arc::new(|mut s: Compute| {
        Box::pin(async move {
            s.answer = s.challenge().ok().map(|c| expected(&c));
            s
        })
    })
}

async fn start(
    handler: Handler<Compute>,
    options: AxonOptions,
) -> (SocketAddr, AxonHandle, Keypair) {
    let key = Keypair::derive(1, "miner");
    let bind: SocketAddr = LOCAL.parse().unwrap();
    let (addr, handle) = AxonServer::new(key.clone())
        .attach(handler)
        .options(options)
        .serve(bind)
        .await
        .unwrap();
    (addr, handle, key)
}

fn validator() -> Dendrite {
    Dendrite::new(Keypair::derive(1, "validator"))
}

fn status(r: Result<Compute, DendriteError>) -> u16 {
    match r {
        Err(e) => e.status_code(),
        Ok(_) => 200,
    }
}

#[tokio::test]
async fn answers_a_compute_query() {
    let (addr, handle, miner) = start(honest(), AxonOptions::default()).await;
    let d = validator();
    let c = challenge();
    let out = tokio::time::timeout(
        DEADLINE,
        d.query(
            addr,
            &miner.account_id(),
            Compute::new(&c),
            Duration::from_secs(5),
        ),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(out.answer, Some(9 + 16 + 144));
    assert_eq!(out.challenge_id, 7);
    assert_eq!(out.common.dendrite.status_code, Some(200));
    assert_eq!(out.common.axon.status_code, Some(200));
    assert_eq!(out.common.axon.status_message.as_deref(), Some("Success"));
    assert_eq!(
        out.common.axon.hotkey.as_deref(),
        Some(miner.account_id().to_ss58().as_str())
    );
    assert!(out.common.axon.signature.is_some());
    // A second query from the same dendrite gets a fresh nonce and is accepted.
    let again = d
        .query(
            addr,
            &miner.account_id(),
            Compute::new(&c),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert_eq!(again.answer, out.answer);
    // The built-in ping.
    let ping = d
        .query(
            addr,
            &miner.account_id(),
            SynapseCommon::named("Synapse"),
            Duration::from_secs(5),
        )
        .await
        .unwrap();
    assert_eq!(ping.axon.status_code, Some(200));
    tokio::time::timeout(DEADLINE, handle.shutdown())
        .await
        .unwrap();
}

#[tokio::test]
async fn tampered_body_is_rejected() {
    let (addr, _handle, miner) = start(honest(), AxonOptions::default()).await;
    let d = validator();
    let mut p = d.prepare(
        addr,
        &miner.account_id(),
        Compute::new(&challenge()),
        DEADLINE,
    );
    let body = String::from_utf8(p.body.clone()).unwrap();
    assert!(body.contains("[3,-4,12]"));
    p.body = body.replace("[3,-4,12]", "[3,-4,13]").into_bytes();
    let r = d.send(p, DEADLINE).await;
    assert!(
        matches!(&r, Err(DendriteError::Status { code: 400, message }) if message.contains("Hash mismatch")),
        "{r:?}"
    );
}

#[tokio::test]
async fn tampered_hash_header_fails_the_signature() {
    let (addr, _handle, miner) = start(honest(), AxonOptions::default()).await;
    let d = validator();
    let mut p = d.prepare(
        addr,
        &miner.account_id(),
        Compute::new(&challenge()),
        DEADLINE,
    );
    // Re-hash a tampered body consistently: the signature no longer covers it.
    let mut tampered = p.synapse.clone();
    tampered.numbers = vec![1, 2, 3];
    let new_hash = taonet_actors::axon::Synapse::body_hash(&tampered);
    p.body = serde_json::to_vec(&tampered).unwrap();
    for (k, v) in p.headers.iter_mut() {
        if k == "computed_body_hash" {
            *v = new_hash.clone();
        }
    }
    assert_eq!(status(d.send(p, DEADLINE).await), 401);
}

#[tokio::test]
async fn wrong_signature_is_401() {
    let (addr, _handle, miner) = start(honest(), AxonOptions::default()).await;
    let d = validator();
    let mut p = d.prepare(
        addr,
        &miner.account_id(),
        Compute::new(&challenge()),
        DEADLINE,
    );
    let forged = sign_hex(&Keypair::derive(1, "mallory"), "anything");
    for (k, v) in p.headers.iter_mut() {
        if k == "bt_header_dendrite_signature" {
            *v = forged.clone();
        }
    }
    let r = d.send(p, DEADLINE).await;
    assert!(
        matches!(&r, Err(DendriteError::Status { code: 401, message }) if message.contains("Signature mismatch")),
        "{r:?}"
    );
}

#[tokio::test]
async fn query_for_another_axon_is_401() {
    let (addr, _handle, _miner) = start(honest(), AxonOptions::default()).await;
    let other = Keypair::derive(1, "other-miner").account_id();
    let r = validator()
        .query(addr, &other, Compute::new(&challenge()), DEADLINE)
        .await;
    assert_eq!(status(r), 401);
}

#[tokio::test]
async fn replayed_nonce_is_rejected() {
    let (addr, _handle, miner) = start(honest(), AxonOptions::default()).await;
    let d = validator();
    let p = d.prepare(
        addr,
        &miner.account_id(),
        Compute::new(&challenge()),
        DEADLINE,
    );
    assert!(d.send(p.clone(), DEADLINE).await.is_ok());
    let r = d.send(p, DEADLINE).await;
    assert!(
        matches!(&r, Err(DendriteError::Status { code: 401, message }) if message.contains("Nonce")),
        "{r:?}"
    );
}

#[tokio::test]
async fn unknown_route_is_404() {
    let (addr, _handle, miner) = start(honest(), AxonOptions::default()).await;
    let d = validator();
    let mut p = d.prepare(
        addr,
        &miner.account_id(),
        Compute::new(&challenge()),
        DEADLINE,
    );
    p.url = format!("http://{addr}/Nope");
    let r = d.send(p, DEADLINE).await;
    assert!(
        matches!(&r, Err(DendriteError::Status { code: 404, message }) if message.contains("'Nope' not found")),
        "{r:?}"
    );
}

#[tokio::test]
async fn blacklisted_caller_is_403() {
    let allowed = Arc::new(RwLock::new(HashSet::new()));
    let options = AxonOptions {
        blacklist: Some(allow_only(allowed.clone())),
        ..AxonOptions::default()
    };
    let (addr, _handle, miner) = start(honest(), options).await;
    let d = validator();
    let r = d
        .query(
            addr,
            &miner.account_id(),
            Compute::new(&challenge()),
            DEADLINE,
        )
        .await;
    assert_eq!(status(r), 403);
    allowed.write().unwrap().insert(d.hotkey());
    let r = d
        .query(
            addr,
            &miner.account_id(),
            Compute::new(&challenge()),
            DEADLINE,
        )
        .await;
    assert_eq!(status(r), 200);
}

fn never_answers() -> Handler<Compute> {
    Arc::new(|s: Compute| {
        Box::pin(async move {
            std::future::pending::<()>().await;
            s
        })
    })
}

#[tokio::test]
async fn dendrite_times_out_within_its_deadline() {
    let (addr, _handle, miner) = start(never_answers(), AxonOptions::default()).await;
    let timeout = Duration::from_millis(300);
    let t0 = Instant::now();
    let r = tokio::time::timeout(
        DEADLINE,
        validator().query(
            addr,
            &miner.account_id(),
            Compute::new(&challenge()),
            timeout,
        ),
    )
    .await
    .unwrap();
    assert!(matches!(r, Err(DendriteError::Timeout(_))), "{r:?}");
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
}

#[tokio::test]
async fn handler_timeout_is_408() {
    let (addr, _handle, miner) = start(never_answers(), AxonOptions::default()).await;
    let d = validator();
    // The synapse asks for 0.2 s; the client is willing to wait much longer.
    let p = d.prepare(
        addr,
        &miner.account_id(),
        Compute::new(&challenge()),
        Duration::from_millis(200),
    );
    let r = d.send(p, DEADLINE).await;
    assert!(
        matches!(&r, Err(DendriteError::Status { code: 408, message }) if message.contains("timeout")),
        "{r:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // Bind and drop to get a port nobody listens on.
    let (addr, handle, miner) = start(honest(), AxonOptions::default()).await;
    handle.shutdown().await;
    let r = tokio::time::timeout(
        DEADLINE,
        validator().query(
            addr,
            &miner.account_id(),
            Compute::new(&challenge()),
            DEADLINE,
        ),
    )
    .await
    .unwrap();
    assert_eq!(status(r), 503);
}

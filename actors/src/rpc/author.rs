//! `author_*`: submitting signed extrinsics and watching them into a finalized block.

use super::{hex_of, parse_hex, positional, req_str, Ctx, RpcError};
use crate::node::Submitted;
use jsonrpsee::server::{PendingSubscriptionSink, RpcModule, SubscriptionSink};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use serde_json::{json, Value};
use std::sync::Arc;
use taonet_chain::metadata::{apis::TRANSACTION_VERSION, SPEC_VERSION};
use taonet_chain::transaction::{extrinsic_hash, TxError};
use taonet_chain::H256;

/// The JSON-RPC error a Substrate node gives for a rejected extrinsic. `author_submitExtrinsic` reports
/// undecodable bytes as a client error (1040), `author_submitAndWatchExtrinsic` as a format error (1001).
fn tx_error(e: &TxError, watching: bool) -> ErrorObjectOwned {
    match e {
        TxError::BadFormat(detail) if !watching => {
            ErrorObject::owned(1040, format!("Client error: {detail}"), None::<()>)
        }
        _ => ErrorObject::owned(e.code(), e.message(), e.data()),
    }
}

fn extrinsic_param(params: &jsonrpsee::types::Params<'_>) -> Result<Vec<u8>, ErrorObjectOwned> {
    let args = positional(params)?;
    parse_hex(req_str(&args, 0)?)
}

fn submit(ctx: &Ctx, bytes: &[u8], watching: bool) -> Result<Submitted, ErrorObjectOwned> {
    ctx.shared
        .submit_raw(bytes, SPEC_VERSION, TRANSACTION_VERSION)
        .map_err(|e| tx_error(&e, watching))
}

async fn send_json(sink: &SubscriptionSink, value: &Value) -> bool {
    match serde_json::value::to_raw_value(value) {
        Ok(raw) => sink.send(raw).await.is_ok(),
        Err(_) => false,
    }
}

/// Where a watched extrinsic stands after a block.
enum Progress {
    /// Still in the pool.
    Pending,
    /// In block `number` with hash `hash`.
    InBlock { number: u32, hash: H256 },
    /// Neither in the pool nor in a block: it became invalid (stale nonce, or its era ran out).
    Invalid,
}

/// Looks for `tx` in blocks `from..=best`, consistently with the pool.
fn progress(ctx: &Ctx, tx: &H256, from: u32) -> (Progress, u32) {
    ctx.shared.read(|c| {
        let best = c.best_number();
        for n in from..=best {
            let found = c
                .body(n)
                .is_some_and(|body| body.iter().any(|x| extrinsic_hash(x) == *tx));
            if found {
                let hash = c.header(n).map(|h| h.hash()).unwrap_or_default();
                return (Progress::InBlock { number: n, hash }, best);
            }
        }
        if ctx.shared.is_pending(tx) {
            (Progress::Pending, best)
        } else {
            (Progress::Invalid, best)
        }
    })
}

/// Submits, then reports `ready` (or `future`), `{"inBlock": hash}` and `{"finalized": hash}` (or
/// `"invalid"`), as a Substrate node's pool does; the subscription ends after the last status.
async fn submit_and_watch(pending: PendingSubscriptionSink, ctx: Arc<Ctx>, bytes: Vec<u8>) {
    use tokio::sync::broadcast::error::RecvError;
    let mut outcomes = ctx.shared.subscribe();
    let from = ctx.shared.read(|c| c.best_number()) + 1;
    let submitted = match submit(&ctx, &bytes, true) {
        Ok(s) => s,
        Err(e) => {
            pending.reject(e).await;
            return;
        }
    };
    let Ok(sink) = pending.accept().await else {
        return;
    };
    let first = if submitted.ready { "ready" } else { "future" };
    if !send_json(&sink, &json!(first)).await {
        return;
    }
    let mut scan_from = from;
    let mut included: Option<(u32, H256)> = None;
    loop {
        if included.is_none() {
            match progress(&ctx, &submitted.hash, scan_from) {
                (Progress::Pending, best) => scan_from = best + 1,
                (Progress::Invalid, _) => {
                    let _ = send_json(&sink, &json!("invalid")).await;
                    return;
                }
                (Progress::InBlock { number, hash }, _) => {
                    if !send_json(&sink, &json!({ "inBlock": hex_of(&hash) })).await {
                        return;
                    }
                    included = Some((number, hash));
                }
            }
        }
        if let Some((number, hash)) = included {
            let best = ctx.shared.read(|c| c.best_number());
            if ctx.finalized_number(best) >= number {
                let _ = send_json(&sink, &json!({ "finalized": hex_of(&hash) })).await;
                return;
            }
        }
        tokio::select! {
            _ = sink.closed() => return,
            next = outcomes.recv() => match next {
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
        }
    }
}

/// Registers the `author_*` methods.
pub(crate) fn register(module: &mut RpcModule<Ctx>) -> Result<(), RpcError> {
    module.register_method("author_submitExtrinsic", |params, ctx, _| {
        let bytes = extrinsic_param(&params)?;
        submit(ctx, &bytes, false).map(|s| hex_of(&s.hash))
    })?;
    module.register_method("author_pendingExtrinsics", |_, ctx, _| {
        let pending: Vec<String> = ctx
            .shared
            .pending_extrinsics()
            .iter()
            .map(|x| hex_of(x))
            .collect();
        Ok::<_, ErrorObjectOwned>(pending)
    })?;
    module.register_subscription(
        "author_submitAndWatchExtrinsic",
        "author_extrinsicUpdate",
        "author_unwatchExtrinsic",
        |params, pending, ctx, _| async move {
            match extrinsic_param(&params) {
                Ok(bytes) => submit_and_watch(pending, ctx, bytes).await,
                Err(e) => pending.reject(e).await,
            }
        },
    )?;
    Ok(())
}

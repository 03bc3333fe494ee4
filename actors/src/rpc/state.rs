//! `state_*`: storage reads and key iteration, runtime calls (`state_call`), the runtime version and
//! metadata, and storage / runtime-version subscriptions.

use super::{
    hex_of, invalid_params, opt_hash, parse_hex, positional, req_str, state_at, state_error, Ctx,
    RpcError,
};
use jsonrpsee::server::{PendingSubscriptionSink, RpcModule};
use jsonrpsee::types::ErrorObjectOwned;
use parity_scale_codec::{Decode, Encode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use taonet_chain::metadata::{self, apis};
use taonet_chain::rpc_info::OpaqueMetadata;
use taonet_chain::runtime_api::{self, RuntimeApiError};
use taonet_chain::{AccountId, Chain, H256};

/// The most keys `state_getKeysPaged` returns at once, as in Substrate.
const MAX_KEYS_PAGED: u64 = 1000;

/// The runtime version as `state_getRuntimeVersion` shows it.
pub(crate) fn runtime_version_json() -> Value {
    let v = apis::runtime_version();
    let apis: Vec<Value> = v
        .apis
        .iter()
        .map(|(id, version)| json!([hex_of(id), version]))
        .collect();
    json!({
        "specName": v.spec_name,
        "implName": v.impl_name,
        "authoringVersion": v.authoring_version,
        "specVersion": v.spec_version,
        "implVersion": v.impl_version,
        "apis": apis,
        "transactionVersion": v.transaction_version,
        "systemVersion": v.system_version,
        "stateVersion": v.system_version,
    })
}

fn storage_value(ctx: &Ctx, key: &[u8], at: Option<H256>) -> Result<Value, ErrorObjectOwned> {
    let to_json = |v: Option<&[u8]>| v.map(|b| Value::String(hex_of(b))).unwrap_or(Value::Null);
    if let Some(hash) = at {
        if key == taonet_chain::runtime::Events::key().as_slice() {
            // Events are exact at every recent block (receipts are decoded from them).
            if let Some(events) = ctx.events_at(&hash) {
                return Ok(Value::String(hex_of(&events)));
            }
            return ctx.shared.read(|c| {
                if c.best_hash() == hash {
                    Ok(to_json(c.storage().get_raw(key)))
                } else {
                    Err(state_error(format!(
                        "State already discarded for {}",
                        hex_of(&hash)
                    )))
                }
            });
        }
    }
    ctx.shared.read(|c| {
        state_at(ctx, c, at)?;
        Ok(to_json(c.storage().get_raw(key)))
    })
}

fn get_storage(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let key = parse_hex(req_str(args, 0)?)?;
    storage_value(ctx, &key, opt_hash(args, 1)?)
}

fn get_keys(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let prefix = parse_hex(req_str(args, 0)?)?;
    let at = opt_hash(args, 1)?;
    ctx.shared.read(|c| {
        state_at(ctx, c, at)?;
        let keys: Vec<String> = c
            .storage()
            .iter_prefix(&prefix)
            .map(|(k, _)| hex_of(k))
            .collect();
        Ok(json!(keys))
    })
}

fn get_keys_paged(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let prefix = match args.first() {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => parse_hex(req_str(args, 0)?)?,
    };
    let count = args
        .get(1)
        .and_then(Value::as_u64)
        .ok_or_else(|| invalid_params("parameter 1 (count) must be a number"))?;
    if count > MAX_KEYS_PAGED {
        return Err(jsonrpsee::types::ErrorObject::owned(
            4002,
            format!("count exceeds maximum value. value: {count}, max: {MAX_KEYS_PAGED}"),
            None::<()>,
        ));
    }
    let start = match args.get(2) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(parse_hex(s)?),
        Some(other) => return Err(invalid_params(format!("bad start key {other}"))),
    };
    let at = opt_hash(args, 3)?;
    ctx.shared.read(|c| {
        state_at(ctx, c, at)?;
        let keys: Vec<String> = c
            .storage()
            .keys_paged(&prefix, count as usize, start.as_deref())
            .iter()
            .map(|k| hex_of(k))
            .collect();
        Ok(json!(keys))
    })
}

fn query_storage_at(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let keys = match args.first() {
        Some(Value::Array(list)) => list
            .iter()
            .map(|k| match k {
                Value::String(s) => parse_hex(s),
                other => Err(invalid_params(format!("bad storage key {other}"))),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => return Err(invalid_params("parameter 0 must be a list of keys")),
    };
    let at = opt_hash(args, 1)?;
    let block = ctx.shared.read(|c| at.unwrap_or_else(|| c.best_hash()));
    let mut changes = Vec::with_capacity(keys.len());
    for key in &keys {
        changes.push(json!([hex_of(key), storage_value(ctx, key, at)?]));
    }
    Ok(json!([{ "block": hex_of(&block), "changes": changes }]))
}

/// Answers a runtime-API call, SCALE in and out: `Core`, `Metadata` and `AccountNonceApi` here, every
/// subtensor API and `TransactionPaymentApi` through [`runtime_api::call`].
fn runtime_call(chain: &Chain, method: &str, mut data: &[u8]) -> Result<Vec<u8>, ErrorObjectOwned> {
    let bad_input = |what: &str| {
        state_error(format!(
            "Execution failed: Execution aborted due to trap: failed to decode the input of {method}: {what}"
        ))
    };
    match method {
        "Core_version" => Ok(apis::runtime_version().encode()),
        "Metadata_metadata" => Ok(OpaqueMetadata(metadata::encoded_v14()).encode()),
        "Metadata_metadata_versions" => Ok(metadata::METADATA_VERSIONS.to_vec().encode()),
        "Metadata_metadata_at_version" => {
            let version = u32::decode(&mut data).map_err(|e| bad_input(&e.to_string()))?;
            Ok(metadata::encoded_at_version(version)
                .map(OpaqueMetadata)
                .encode())
        }
        "AccountNonceApi_account_nonce" => {
            let who = AccountId::decode(&mut data).map_err(|e| bad_input(&e.to_string()))?;
            Ok(chain.account_nonce(&who).encode())
        }
        other => runtime_api::call(chain, other, data).map_err(|e| match e {
            RuntimeApiError::NotFound(name) => state_error(format!(
                "Execution failed: Other: Exported method {name} is not found"
            )),
            RuntimeApiError::BadInput { reason, .. } => bad_input(&reason),
        }),
    }
}

/// Runtime calls that do not depend on state (answered at any block the node knows).
fn is_static(method: &str) -> bool {
    method == "Core_version" || method.starts_with("Metadata_")
}

fn call(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let method = req_str(args, 0)?;
    let data = match args.get(1) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => parse_hex(s)?,
        Some(other) => return Err(invalid_params(format!("bad call data {other}"))),
    };
    let at = opt_hash(args, 2)?;
    ctx.shared.read(|c| {
        if is_static(method) {
            if let Some(h) = at {
                if c.number_of(&h).is_none() {
                    state_at(ctx, c, Some(h))?;
                }
            }
        } else {
            state_at(ctx, c, at)?;
        }
        runtime_call(c, method, &data).map(|out| Value::String(hex_of(&out)))
    })
}

fn check_known_block(ctx: &Ctx, args: &[Value], index: usize) -> Result<(), ErrorObjectOwned> {
    if let Some(h) = opt_hash(args, index)? {
        ctx.shared.read(|c| match c.number_of(&h) {
            Some(_) => Ok(()),
            None => state_at(ctx, c, Some(h)).map(|_| ()),
        })?;
    }
    Ok(())
}

async fn send_json(sink: &jsonrpsee::server::SubscriptionSink, value: &Value) -> bool {
    match serde_json::value::to_raw_value(value) {
        Ok(raw) => sink.send(raw).await.is_ok(),
        Err(_) => false,
    }
}

/// The runtime never changes while the node runs: one notification, then silence until unsubscribed.
async fn subscribe_runtime_version(pending: PendingSubscriptionSink) {
    let Ok(sink) = pending.accept().await else {
        return;
    };
    if send_json(&sink, &runtime_version_json()).await {
        sink.closed().await;
    }
}

/// Sends the current values of `keys`, then each block's changes among them.
async fn subscribe_storage(pending: PendingSubscriptionSink, ctx: Arc<Ctx>, keys: Vec<Vec<u8>>) {
    use tokio::sync::broadcast::error::RecvError;
    let mut outcomes = ctx.shared.subscribe();
    let Ok(sink) = pending.accept().await else {
        return;
    };
    let snapshot = |c: &Chain| -> (H256, BTreeMap<Vec<u8>, Option<Vec<u8>>>) {
        let values = keys
            .iter()
            .map(|k| (k.clone(), c.storage().get_raw(k).map(<[u8]>::to_vec)))
            .collect();
        (c.best_hash(), values)
    };
    let change_json = |block: &H256, changes: Vec<(&Vec<u8>, &Option<Vec<u8>>)>| {
        let list: Vec<Value> = changes
            .into_iter()
            .map(|(k, v)| {
                json!([
                    hex_of(k),
                    v.as_ref()
                        .map(|b| Value::String(hex_of(b)))
                        .unwrap_or(Value::Null)
                ])
            })
            .collect();
        json!({ "block": hex_of(block), "changes": list })
    };
    let (block, mut last) = ctx.shared.read(snapshot);
    if !send_json(&sink, &change_json(&block, last.iter().collect())).await {
        return;
    }
    loop {
        tokio::select! {
            _ = sink.closed() => return,
            next = outcomes.recv() => match next {
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
        }
        let (block, now) = ctx.shared.read(snapshot);
        let changed: Vec<(&Vec<u8>, &Option<Vec<u8>>)> = now
            .iter()
            .filter(|(k, v)| last.get(*k) != Some(*v))
            .collect();
        if !changed.is_empty() && !send_json(&sink, &change_json(&block, changed)).await {
            return;
        }
        last = now;
    }
}

fn storage_keys_param(
    params: &jsonrpsee::types::Params<'_>,
) -> Result<Vec<Vec<u8>>, ErrorObjectOwned> {
    let args = positional(params)?;
    match args.first() {
        Some(Value::Array(list)) => list
            .iter()
            .map(|k| match k {
                Value::String(s) => parse_hex(s),
                other => Err(invalid_params(format!("bad storage key {other}"))),
            })
            .collect(),
        _ => Err(invalid_params(
            "state_subscribeStorage needs a list of keys (subscribing to every change is not served)",
        )),
    }
}

/// Registers the `state_*` methods.
pub(crate) fn register(module: &mut RpcModule<Ctx>) -> Result<(), RpcError> {
    module.register_method("state_getStorage", |params, ctx, _| {
        get_storage(ctx, &positional(&params)?)
    })?;
    module.register_alias("state_getStorageAt", "state_getStorage")?;
    module.register_method("state_getKeys", |params, ctx, _| {
        get_keys(ctx, &positional(&params)?)
    })?;
    module.register_method("state_getKeysPaged", |params, ctx, _| {
        get_keys_paged(ctx, &positional(&params)?)
    })?;
    module.register_alias("state_getKeysPagedAt", "state_getKeysPaged")?;
    module.register_method("state_queryStorageAt", |params, ctx, _| {
        query_storage_at(ctx, &positional(&params)?)
    })?;
    module.register_method("state_getRuntimeVersion", |params, ctx, _| {
        check_known_block(ctx, &positional(&params)?, 0).map(|_| runtime_version_json())
    })?;
    module.register_alias("chain_getRuntimeVersion", "state_getRuntimeVersion")?;
    module.register_method("state_getMetadata", |params, ctx, _| {
        check_known_block(ctx, &positional(&params)?, 0)
            .map(|_| Value::String(hex_of(&metadata::encoded_v14())))
    })?;
    module.register_method("state_call", |params, ctx, _| {
        call(ctx, &positional(&params)?)
    })?;
    module.register_alias("state_callAt", "state_call")?;
    module.register_subscription(
        "state_subscribeRuntimeVersion",
        "state_runtimeVersion",
        "state_unsubscribeRuntimeVersion",
        |_, pending, _, _| subscribe_runtime_version(pending),
    )?;
    module.register_alias(
        "chain_subscribeRuntimeVersion",
        "state_subscribeRuntimeVersion",
    )?;
    module.register_alias(
        "chain_unsubscribeRuntimeVersion",
        "state_unsubscribeRuntimeVersion",
    )?;
    module.register_subscription(
        "state_subscribeStorage",
        "state_storage",
        "state_unsubscribeStorage",
        |params, pending, ctx, _| async move {
            match storage_keys_param(&params) {
                Ok(keys) => subscribe_storage(pending, ctx, keys).await,
                Err(e) => pending.reject(e).await,
            }
        },
    )?;
    Ok(())
}

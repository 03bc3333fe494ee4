//! `chain_*`: headers, blocks, block hashes, the finalized head and head subscriptions.

use super::{hex_of, invalid_params, opt_hash, positional, Ctx, RpcError};
use jsonrpsee::server::{PendingSubscriptionSink, RpcModule, SubscriptionSink};
use jsonrpsee::types::ErrorObjectOwned;
use parity_scale_codec::Encode;
use serde_json::{json, Value};
use std::sync::Arc;
use taonet_chain::block::Header;
use taonet_chain::Chain;

/// A header as Substrate's JSON shows it; it re-encodes to the exact bytes that were hashed.
pub(crate) fn header_json(header: &Header) -> Value {
    let logs: Vec<String> = header.digest.iter().map(|d| hex_of(&d.encode())).collect();
    json!({
        "parentHash": hex_of(&header.parent_hash),
        "number": format!("0x{:x}", header.number),
        "stateRoot": hex_of(&header.state_root),
        "extrinsicsRoot": hex_of(&header.extrinsics_root),
        "digest": { "logs": logs },
    })
}

/// The block number a `chain_getBlockHash` argument names: a number or a hex string.
fn block_number(v: &Value) -> Result<Option<u64>, ErrorObjectOwned> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| invalid_params(format!("`{n}` is not a block number"))),
        Value::String(s) => {
            let digits = s.strip_prefix("0x").unwrap_or(s);
            u64::from_str_radix(digits, 16)
                .map(Some)
                .map_err(|_| invalid_params(format!("`{s}` is not a hex block number")))
        }
        other => Err(invalid_params(format!("`{other}` is not a block number"))),
    }
}

fn hash_of_number(chain: &Chain, n: Option<u64>) -> Value {
    let number = match n {
        None => Some(chain.best_number()),
        Some(n) => u32::try_from(n).ok(),
    };
    number
        .and_then(|n| chain.header(n))
        .map(|h| Value::String(hex_of(&h.hash())))
        .unwrap_or(Value::Null)
}

fn get_block_hash(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    match args.first() {
        Some(Value::Array(list)) => {
            let numbers = list
                .iter()
                .map(block_number)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(ctx
                .shared
                .read(|c| Value::Array(numbers.iter().map(|n| hash_of_number(c, *n)).collect())))
        }
        Some(v) => {
            let n = block_number(v)?;
            Ok(ctx.shared.read(|c| hash_of_number(c, n)))
        }
        None => Ok(ctx.shared.read(|c| hash_of_number(c, None))),
    }
}

fn get_header(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let at = opt_hash(args, 0)?;
    Ok(ctx.shared.read(|c| {
        let number = match at {
            None => Some(c.best_number()),
            Some(h) => c.number_of(&h),
        };
        number
            .and_then(|n| c.header(n))
            .map(header_json)
            .unwrap_or(Value::Null)
    }))
}

fn get_block(ctx: &Ctx, args: &[Value]) -> Result<Value, ErrorObjectOwned> {
    let at = opt_hash(args, 0)?;
    Ok(ctx.shared.read(|c| {
        let number = match at {
            None => Some(c.best_number()),
            Some(h) => c.number_of(&h),
        };
        let Some((header, body)) = number.and_then(|n| Some((c.header(n)?, c.body(n)?))) else {
            return Value::Null;
        };
        let extrinsics: Vec<String> = body.iter().map(|x| hex_of(x)).collect();
        json!({
            "block": { "header": header_json(header), "extrinsics": extrinsics },
            "justifications": Value::Null,
        })
    }))
}

fn finalized_head(ctx: &Ctx) -> Value {
    ctx.shared.read(|c| {
        let n = ctx.finalized_number(c.best_number());
        c.header(n)
            .map(|h| Value::String(hex_of(&h.hash())))
            .unwrap_or(Value::Null)
    })
}

/// Which head a subscription follows.
#[derive(Clone, Copy)]
enum Follow {
    Best,
    Finalized,
}

async fn send_json(sink: &SubscriptionSink, value: &Value) -> bool {
    match serde_json::value::to_raw_value(value) {
        Ok(raw) => sink.send(raw).await.is_ok(),
        Err(_) => false,
    }
}

/// Sends the current head, then every new one in order (no gaps, even when blocks come faster than
/// the client reads), until the client unsubscribes or disconnects.
async fn follow_heads(pending: PendingSubscriptionSink, ctx: Arc<Ctx>, follow: Follow) {
    use tokio::sync::broadcast::error::RecvError;
    let mut outcomes = ctx.shared.subscribe();
    let Ok(sink) = pending.accept().await else {
        return;
    };
    let target = |c: &Chain| match follow {
        Follow::Best => c.best_number(),
        Follow::Finalized => ctx.finalized_number(c.best_number()),
    };
    let first = ctx.shared.read(|c| {
        let n = target(c);
        c.header(n).cloned()
    });
    let Some(first) = first else {
        return;
    };
    let mut last = first.number;
    if !send_json(&sink, &header_json(&first)).await {
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
        let headers: Vec<Header> = ctx.shared.read(|c| {
            let t = target(c);
            (last.saturating_add(1)..=t)
                .filter_map(|n| c.header(n).cloned())
                .collect()
        });
        for h in headers {
            last = h.number;
            if !send_json(&sink, &header_json(&h)).await {
                return;
            }
        }
    }
}

/// Registers the `chain_*` methods.
pub(crate) fn register(module: &mut RpcModule<Ctx>) -> Result<(), RpcError> {
    module.register_method("chain_getBlockHash", |params, ctx, _| {
        get_block_hash(ctx, &positional(&params)?)
    })?;
    module.register_alias("chain_getHead", "chain_getBlockHash")?;
    module.register_method("chain_getHeader", |params, ctx, _| {
        get_header(ctx, &positional(&params)?)
    })?;
    module.register_method("chain_getBlock", |params, ctx, _| {
        get_block(ctx, &positional(&params)?)
    })?;
    module.register_method("chain_getFinalizedHead", |_, ctx, _| {
        Ok::<_, ErrorObjectOwned>(finalized_head(ctx))
    })?;
    module.register_alias("chain_getFinalisedHead", "chain_getFinalizedHead")?;
    module.register_subscription(
        "chain_subscribeNewHeads",
        "chain_newHead",
        "chain_unsubscribeNewHeads",
        |_, pending, ctx, _| follow_heads(pending, ctx, Follow::Best),
    )?;
    module.register_alias("subscribe_newHead", "chain_subscribeNewHeads")?;
    module.register_alias("unsubscribe_newHead", "chain_unsubscribeNewHeads")?;
    module.register_subscription(
        "chain_subscribeAllHeads",
        "chain_allHead",
        "chain_unsubscribeAllHeads",
        |_, pending, ctx, _| follow_heads(pending, ctx, Follow::Best),
    )?;
    module.register_subscription(
        "chain_subscribeFinalizedHeads",
        "chain_finalizedHead",
        "chain_unsubscribeFinalizedHeads",
        |_, pending, ctx, _| follow_heads(pending, ctx, Follow::Finalized),
    )?;
    module.register_alias(
        "chain_subscribeFinalisedHeads",
        "chain_subscribeFinalizedHeads",
    )?;
    module.register_alias(
        "chain_unsubscribeFinalisedHeads",
        "chain_unsubscribeFinalizedHeads",
    )?;
    Ok(())
}

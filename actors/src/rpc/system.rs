//! `system_*` and `account_nextIndex`: what the node is, and the next nonce of an account.

use super::{invalid_params, parse_hex, positional, req_str, Ctx, RpcError};
use jsonrpsee::server::RpcModule;
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{json, Value};
use taonet_chain::keys::{ss58_decode, SS58_PREFIX};
use taonet_chain::AccountId;

/// An account given as SS58 (what clients send) or as 32 bytes of hex.
fn account_param(args: &[Value]) -> Result<AccountId, ErrorObjectOwned> {
    let s = req_str(args, 0)?;
    if let Ok(id) = ss58_decode(s) {
        return Ok(id);
    }
    let bytes = parse_hex(s).map_err(|_| invalid_params(format!("`{s}` is not an account")))?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map(AccountId)
        .map_err(|_| invalid_params(format!("`{s}` is not an account")))
}

/// Registers the `system_*` methods and `account_nextIndex`.
pub(crate) fn register(module: &mut RpcModule<Ctx>) -> Result<(), RpcError> {
    module.register_method("system_chain", |_, ctx, _| ctx.opts.chain_name.clone())?;
    module.register_method("system_name", |_, _, _| "taonet")?;
    module.register_method("system_version", |_, _, _| env!("CARGO_PKG_VERSION"))?;
    module.register_method("system_chainType", |_, _, _| "Development")?;
    module.register_method(
        "system_properties",
        |_, _, _| json!({ "ss58Format": SS58_PREFIX, "tokenDecimals": 9, "tokenSymbol": "TAO" }),
    )?;
    module.register_method(
        "system_health",
        |_, _, _| json!({ "peers": 0, "isSyncing": false, "shouldHavePeers": false }),
    )?;
    module.register_method("system_accountNextIndex", |params, ctx, _| {
        let who = account_param(&positional(&params)?)?;
        Ok::<_, ErrorObjectOwned>(ctx.shared.next_index(&who))
    })?;
    module.register_alias("account_nextIndex", "system_accountNextIndex")?;
    Ok(())
}

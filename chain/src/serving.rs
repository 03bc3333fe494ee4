//! `serve_axon`: where a neuron can be reached, with subtensor's address and rate-limit checks.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    AxonInfo, Axons, IsNetworkMember, Prometheus, PrometheusInfo, ServingRateLimit,
};
use crate::storage::Storage;
use crate::types::{AccountId, NetUid};

/// Whether `ip` is acceptable for `ip_type` (subtensor rejects loopback and out-of-range v4 addresses;
/// 0 is allowed and means "this host").
pub fn is_valid_ip(ip: u128, ip_type: u8) -> bool {
    match ip_type {
        4 => ip < u128::from(u32::MAX) && ip != 0x7f00_0001,
        6 => ip != u128::MAX && ip != 1,
        _ => false,
    }
}

/// `serve_axon` / `serve_axon_tls`'s checks (`validate_serve_axon`), in subtensor's order: registered
/// (`HotKeyNotRegisteredInNetwork`), `InvalidIpType`, `InvalidIpAddress` (0 allowed),
/// `ServingRateLimitExceeded` (`ServingRateLimit` blocks since the last serve, none before the first),
/// then `InvalidPort` (port 0). Subtensor runs them in the transaction pool too
/// (`CheckServingEndpoints`).
pub fn axon_guard(
    s: &Storage,
    block: u64,
    hotkey: &AccountId,
    netuid: NetUid,
    ip: u128,
    port: u16,
    ip_type: u8,
) -> Result<(), SubtensorError> {
    if !IsNetworkMember::get(s, hotkey, &netuid) {
        return Err(SubtensorError::HotKeyNotRegisteredInNetwork);
    }
    if ip_type != 4 && ip_type != 6 {
        return Err(SubtensorError::InvalidIpType);
    }
    if !is_valid_ip(ip, ip_type) {
        return Err(SubtensorError::InvalidIpAddress);
    }
    let previous = Axons::get(s, &netuid, hotkey).block;
    if !passes_rate_limit(s, netuid, previous, block) {
        return Err(SubtensorError::ServingRateLimitExceeded);
    }
    if port == 0 {
        return Err(SubtensorError::InvalidPort);
    }
    Ok(())
}

/// `serve_prometheus`'s checks (`validate_serve_prometheus`), in subtensor's order: `InvalidIpType`,
/// `InvalidIpAddress` (0 rejected here), registered (`HotKeyNotRegisteredInNetwork`),
/// `ServingRateLimitExceeded`, `InvalidPort`.
pub fn prometheus_guard(
    s: &Storage,
    block: u64,
    hotkey: &AccountId,
    netuid: NetUid,
    ip: u128,
    port: u16,
    ip_type: u8,
) -> Result<(), SubtensorError> {
    if ip_type != 4 && ip_type != 6 {
        return Err(SubtensorError::InvalidIpType);
    }
    if ip == 0 || !is_valid_ip(ip, ip_type) {
        return Err(SubtensorError::InvalidIpAddress);
    }
    if !IsNetworkMember::get(s, hotkey, &netuid) {
        return Err(SubtensorError::HotKeyNotRegisteredInNetwork);
    }
    let previous = Prometheus::get(s, &netuid, hotkey).block;
    if !passes_rate_limit(s, netuid, previous, block) {
        return Err(SubtensorError::ServingRateLimitExceeded);
    }
    if port == 0 {
        return Err(SubtensorError::InvalidPort);
    }
    Ok(())
}

/// `axon_passes_rate_limit`: no limit, never served, or `ServingRateLimit` blocks since.
fn passes_rate_limit(s: &Storage, netuid: NetUid, last: u64, block: u64) -> bool {
    let limit = ServingRateLimit::get(s, &netuid);
    limit == 0 || last == 0 || block.saturating_sub(last) >= limit
}

/// `serve_axon(...)` from `hotkey`.
#[allow(clippy::too_many_arguments)]
pub fn serve_axon(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    version: u32,
    ip: u128,
    port: u16,
    ip_type: u8,
    protocol: u8,
) -> Result<(), DispatchError> {
    axon_guard(ctx.s, ctx.block, hotkey, netuid, ip, port, ip_type)?;
    Axons::insert(
        ctx.s,
        &netuid,
        hotkey,
        AxonInfo {
            block: ctx.block,
            version,
            ip,
            port,
            ip_type,
            protocol,
            placeholder1: 0,
            placeholder2: 0,
        },
    );
    ctx.deposit(SubtensorEvent::AxonServed(netuid, *hotkey));
    Ok(())
}

/// `serve_prometheus(...)` from `hotkey`, after [`prometheus_guard`].
pub fn serve_prometheus(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    version: u32,
    ip: u128,
    port: u16,
    ip_type: u8,
) -> Result<(), DispatchError> {
    prometheus_guard(ctx.s, ctx.block, hotkey, netuid, ip, port, ip_type)?;
    Prometheus::insert(
        ctx.s,
        &netuid,
        hotkey,
        PrometheusInfo {
            block: ctx.block,
            version,
            ip,
            port,
            ip_type,
        },
    );
    ctx.deposit(SubtensorEvent::PrometheusServed(netuid, *hotkey));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_rejected_but_zero_is_allowed() {
        assert!(!is_valid_ip(0x7f00_0001, 4));
        assert!(is_valid_ip(0, 4));
        assert!(is_valid_ip(0x0a00_0001, 4));
        assert!(!is_valid_ip(1, 5));
    }
}

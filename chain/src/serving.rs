//! `serve_axon`: where a neuron can be reached, with subtensor's address and rate-limit checks.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    AxonInfo, Axons, IsNetworkMember, Prometheus, PrometheusInfo, ServingRateLimit,
};
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
    if !IsNetworkMember::get(ctx.s, hotkey, &netuid) {
        return Err(SubtensorError::HotKeyNotRegisteredInNetwork.into());
    }
    if ip_type != 4 && ip_type != 6 {
        return Err(SubtensorError::InvalidIpType.into());
    }
    if !is_valid_ip(ip, ip_type) {
        return Err(SubtensorError::InvalidIpAddress.into());
    }
    if port == 0 {
        return Err(SubtensorError::InvalidPort.into());
    }
    let previous = Axons::get(ctx.s, &netuid, hotkey);
    let limit = ServingRateLimit::get(ctx.s, &netuid);
    if previous.block != 0 && ctx.block.saturating_sub(previous.block) < limit {
        return Err(SubtensorError::ServingRateLimitExceeded.into());
    }
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

/// `serve_prometheus(...)` from `hotkey`: the same checks as `serve_axon`.
pub fn serve_prometheus(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    version: u32,
    ip: u128,
    port: u16,
    ip_type: u8,
) -> Result<(), DispatchError> {
    if !IsNetworkMember::get(ctx.s, hotkey, &netuid) {
        return Err(SubtensorError::HotKeyNotRegisteredInNetwork.into());
    }
    if ip_type != 4 && ip_type != 6 {
        return Err(SubtensorError::InvalidIpType.into());
    }
    if !is_valid_ip(ip, ip_type) {
        return Err(SubtensorError::InvalidIpAddress.into());
    }
    if port == 0 {
        return Err(SubtensorError::InvalidPort.into());
    }
    let previous = Prometheus::get(ctx.s, &netuid, hotkey);
    if previous.block != 0
        && ctx.block.saturating_sub(previous.block) < ServingRateLimit::get(ctx.s, &netuid)
    {
        return Err(SubtensorError::ServingRateLimitExceeded.into());
    }
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

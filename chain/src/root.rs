//! Root stake in emission: `TaoWeight`, the stake weights it builds, and each subnet's root proportion.
//!
//! TAO staked on the root network (netuid 0) counts on every subnet: a hotkey's stake weight there is
//! `α + TaoWeight·T` (both after childkey inheritance), which the epoch normalises, `set_weights` checks
//! against `StakeThreshold`, and the runtime APIs report. The same weight sizes the root network's claim
//! on each subnet's emission, its root proportion `rp = τ·SubnetTAO₀ / (τ·SubnetTAO₀ + alpha issuance)`:
//! the coinbase caps the alpha it injects into the pool at `rp × alpha emission` and sets `rp × half` of
//! the validators' alpha aside as root dividends, which validators pass on to their root stakers through
//! [`claim`].
//!
//! This module owns subtensor's `get_tao_weight`, `get_stake_weights_for_hotkey_on_subnet` /
//! `get_stake_weights_for_network` (`staking/stake_utils.rs`) and `root_proportion`
//! (`coinbase/block_step.rs`), in subtensor's fixed-point types: `TaoWeight / u64::MAX` in `U96F32`
//! (32 fractional bits), stake weights in `I64F64`, root proportions in `U96F32`.

pub mod claim;
#[cfg(test)]
mod tests;

use substrate_fixed::types::{I64F64, U96F32};

use crate::childkeys;
use crate::items::{SubnetAlphaIn, SubnetAlphaOut, SubnetTAO, TaoWeight};
use crate::storage::Storage;
use crate::types::{AccountId, NetUid, ROOT_NETUID};

/// `TaoWeight` as a fraction: `TaoWeight / u64::MAX` in `U96F32` (truncated to 32 fractional bits, as
/// subtensor's `safe_div` leaves it).
pub fn tao_weight(s: &Storage) -> U96F32 {
    U96F32::saturating_from_num(TaoWeight::get(s))
        .checked_div(U96F32::saturating_from_num(u64::MAX))
        .unwrap_or(U96F32::saturating_from_num(0))
}

/// One hotkey's stake weight on a subnet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StakeWeight {
    /// `alpha + TaoWeight × tao`, in `I64F64` (the fraction is kept).
    pub total: I64F64,
    /// Alpha stake after childkey inheritance.
    pub alpha: u64,
    /// Root (TAO) stake after childkey inheritance on this subnet's links.
    pub tao: u64,
}

/// `hotkey`'s stake weight on `netuid` (subtensor's `get_stake_weights_for_hotkey_on_subnet`); `tau` is
/// [`tao_weight`] (passed in so a whole subnet reads it once).
pub fn stake_weight_with(
    s: &Storage,
    hotkey: &AccountId,
    netuid: NetUid,
    tau: U96F32,
) -> StakeWeight {
    let alpha = childkeys::inherited_alpha(s, hotkey, netuid);
    let tao = childkeys::inherited_tao(s, hotkey, netuid);
    let total = I64F64::saturating_from_num(alpha).saturating_add(
        I64F64::saturating_from_num(tao).saturating_mul(I64F64::saturating_from_num(tau)),
    );
    StakeWeight { total, alpha, tao }
}

/// `hotkey`'s stake weight on `netuid` with the stored `TaoWeight`.
pub fn stake_weight(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> StakeWeight {
    stake_weight_with(s, hotkey, netuid, tao_weight(s))
}

/// Stake weights of `hotkeys` (a subnet's UIDs in order) on `netuid` (subtensor's
/// `get_stake_weights_for_network`).
pub fn stake_weights(s: &Storage, netuid: NetUid, hotkeys: &[AccountId]) -> Vec<StakeWeight> {
    let tau = tao_weight(s);
    hotkeys
        .iter()
        .map(|hk| stake_weight_with(s, hk, netuid, tau))
        .collect()
}

/// The subnet's root proportion: `τ·R / (τ·R + I)` with `R` the TAO staked on root (`SubnetTAO` of
/// netuid 0), `τ` = [`tao_weight`] and `I` the subnet's alpha issuance (`SubnetAlphaIn +
/// SubnetAlphaOut`), in `U96F32`; 0 when both are 0.
pub fn root_proportion(s: &Storage, netuid: NetUid) -> U96F32 {
    let issuance = U96F32::saturating_from_num(
        SubnetAlphaIn::get(s, &netuid).saturating_add(SubnetAlphaOut::get(s, &netuid)),
    );
    let weighted_root =
        U96F32::saturating_from_num(SubnetTAO::get(s, &ROOT_NETUID)).saturating_mul(tao_weight(s));
    weighted_root
        .checked_div(weighted_root.saturating_add(issuance))
        .unwrap_or(U96F32::saturating_from_num(0))
}

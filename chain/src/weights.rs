//! Setting weights: subtensor's `set_weights` (`subnets/weights.rs::internal_set_weights`), the checks
//! its dispatch extensions run before any weights call (`guards/check_weights.rs`,
//! `guards/check_rate_limits.rs`), and the fixed-point helpers that decide what is stored.
//!
//! Each check runs in subtensor's order and fails with subtensor's error, so a call that fails on
//! several counts reports the same name a real node reports. The stored row is what subtensor stores:
//! the values max-upscaled in `I32F32` (with its rounding), zero weights kept.
//!
//! Not here: the commit-reveal calls ([`crate::commit_reveal`]), batch and mechanism calls (taonet runs
//! one mechanism per subnet), and the transaction-pool rejection itself: [`guard`] is what a pool
//! would run, [`transaction_error_code`] the `InvalidTransaction::Custom` code it would report.

use substrate_fixed::types::I32F32;

use crate::commit_reveal;
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, ROOT_NETUID};

const ZERO: I32F32 = I32F32::from_bits(0);

/// `vec_u16_max_upscale_to_u16`: scales `values` so the largest becomes 65535, in `I32F32` as subtensor
/// does (so a value whose exact scaled result is `k + ½` can round down when the largest value is above
/// 32768: `[32767, 65534]` becomes `[32767, 65535]`).
pub fn max_upscale(values: &[u16]) -> Vec<u16> {
    let u16_max = I32F32::from_num(u16::MAX);
    let Some(&max) = values.iter().max() else {
        return Vec::new();
    };
    if max == 0 {
        return values.to_vec();
    }
    let max = I32F32::from_num(max);
    // Above 32768, `e · 65535` could leave I32F32's range, so subtensor scales by `65535 / max` first.
    let scaled = |e: u16| -> u16 {
        let e = I32F32::from_num(e);
        let v = if max > I32F32::from_num(32_768) {
            e.saturating_mul(u16_max.checked_div(max).unwrap_or(ZERO))
        } else {
            e.saturating_mul(u16_max).checked_div(max).unwrap_or(ZERO)
        };
        v.round().saturating_to_num::<u16>()
    };
    values.iter().map(|&e| scaled(e)).collect()
}

/// `check_vec_max_limited`: whether the largest of `values`, normalised to sum 1 in `I32F32`, is at most
/// `limit / 65535` (also truncated to `I32F32`). Exact ties on the 2^-32 grid pass.
fn max_weight_within(values: &[u16], limit: u16) -> bool {
    let limit = I32F32::from_num(limit)
        .checked_div(I32F32::from_num(u16::MAX))
        .unwrap_or(ZERO);
    let sum = values
        .iter()
        .fold(ZERO, |acc, &v| acc.saturating_add(I32F32::from_num(v)));
    let max = values.iter().copied().max().map(I32F32::from_num);
    max.is_none_or(|m| {
        let normalised = if sum == ZERO {
            m
        } else {
            m.checked_div(sum).unwrap_or(ZERO)
        };
        normalised <= limit
    })
}

/// The subnet owner's UID: `SubnetOwnerHotkey`'s UID, when that hotkey is set and registered.
pub fn owner_uid(s: &Storage, netuid: NetUid) -> Option<u16> {
    let owner_hotkey = SubnetOwnerHotkey::try_get(s, &netuid)?;
    Uids::try_get(s, &netuid, &owner_hotkey)
}

/// `check_weights_min_stake`: the owner's hotkey always passes; others need `StakeThreshold`.
pub fn has_min_stake(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> bool {
    if owner_uid(s, netuid).is_some_and(|o| Uids::try_get(s, &netuid, hotkey) == Some(o)) {
        return true;
    }
    // Stake weight (alpha + TaoWeight·root, after childkey redistribution), as the epoch counts it.
    crate::root::stake_weight(s, hotkey, netuid).total
        >= substrate_fixed::types::I64F64::saturating_from_num(StakeThreshold::get(s))
}

/// `LastUpdate` of `uid` (0 when absent).
pub fn last_update(s: &Storage, netuid: NetUid, uid: u16) -> u64 {
    LastUpdate::get(s, &netuid)
        .get(usize::from(uid))
        .copied()
        .unwrap_or(0)
}

/// Writes `LastUpdate` of `uid` (growing the vector if needed).
pub fn set_last_update(s: &mut Storage, netuid: NetUid, uid: u16, block: u64) {
    LastUpdate::mutate(s, &netuid, |v| {
        if v.len() <= usize::from(uid) {
            v.resize(usize::from(uid) + 1, 0);
        }
        v[usize::from(uid)] = block;
    });
}

/// `check_rate_limit`: `uid` exists and either never set weights (`LastUpdate` 0) or did so at least
/// `WeightsSetRateLimit` blocks ago. Commits and `set_weights` share it.
pub fn rate_limit_passes(s: &Storage, netuid: NetUid, uid: u16, block: u64) -> bool {
    if uid >= SubnetworkN::get(s, &netuid) {
        return false;
    }
    let last = last_update(s, netuid, uid);
    last == 0 || block.saturating_sub(last) >= WeightsSetRateLimit::get(s, &netuid)
}

/// A weights call as the pre-dispatch guards see it.
#[derive(Clone, Copy, Debug)]
pub enum WeightsCall<'a> {
    /// `set_weights` / `set_mechanism_weights`.
    SetWeights {
        /// Subnet.
        netuid: NetUid,
    },
    /// `commit_weights`.
    CommitWeights {
        /// Subnet.
        netuid: NetUid,
    },
    /// `reveal_weights`.
    RevealWeights {
        /// Subnet.
        netuid: NetUid,
        /// Revealed UIDs.
        uids: &'a [u16],
        /// Revealed values.
        values: &'a [u16],
        /// Salt of the commit.
        salt: &'a [u16],
        /// Version key of the commit.
        version_key: u64,
    },
}

/// The checks subtensor runs before dispatching a weights call from `who` (its `CheckWeights` then
/// `CheckRateLimits` extensions): stake threshold; for a reveal, a commit with that hash in its reveal
/// epoch; the weights rate limit of a registered hotkey (for `set_weights` only when commit-reveal is
/// off). A real node runs them when the transaction enters the pool (rejecting it with
/// [`transaction_error_code`]) and again at dispatch.
pub fn guard(
    s: &Storage,
    block: u64,
    who: &AccountId,
    call: WeightsCall<'_>,
) -> Result<(), SubtensorError> {
    let netuid = match call {
        WeightsCall::SetWeights { netuid }
        | WeightsCall::CommitWeights { netuid }
        | WeightsCall::RevealWeights { netuid, .. } => netuid,
    };
    if !has_min_stake(s, who, netuid) {
        return Err(SubtensorError::NotEnoughStakeToSetWeights);
    }
    if let WeightsCall::RevealWeights {
        uids,
        values,
        salt,
        version_key,
        ..
    } = call
    {
        commit_reveal::check_reveal(s, block, who, netuid, uids, values, salt, version_key)?;
    }
    let rate_limited = match call {
        WeightsCall::SetWeights { .. } => (!CommitRevealWeightsEnabled::get(s, &netuid))
            .then_some(SubtensorError::SettingWeightsTooFast),
        WeightsCall::CommitWeights { .. } => Some(SubtensorError::CommittingWeightsTooFast),
        WeightsCall::RevealWeights { .. } => None,
    };
    if let (Some(error), Some(uid)) = (rate_limited, Uids::try_get(s, &netuid, who)) {
        if !rate_limit_passes(s, netuid, uid, block) {
            return Err(error);
        }
    }
    Ok(())
}

/// subtensor's `CustomTransactionError` code for an error the weights guards raise (what a node's pool
/// reports as `Custom error: N`): 1 StakeAmountTooLow, 6 RateLimitExceeded, 16 CommitNotFound, 17 CommitBlockNotInRevealRange, 18 InputLengthsUnequal, 19 UidNotFound,
/// 255 BadRequest for anything else.
pub fn transaction_error_code(error: SubtensorError) -> u8 {
    match error {
        SubtensorError::NotEnoughStakeToSetWeights => 1,
        SubtensorError::CommittingWeightsTooFast | SubtensorError::SettingWeightsTooFast => 6,
        SubtensorError::NoWeightsCommitFound => 16,
        SubtensorError::RevealTooEarly => 17,
        SubtensorError::InputLengthsUnequal => 18,
        SubtensorError::HotKeyNotRegisteredInSubNet => 19,
        _ => 255,
    }
}

/// `set_weights(netuid, dests, weights, version_key)` from `hotkey`: the guards, then
/// `CommitRevealEnabled` when commit-reveal is on (before any other check, as subtensor's dispatch
/// does), then [`apply_weights`].
pub fn set_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<(), DispatchError> {
    guard(ctx.s, ctx.block, hotkey, WeightsCall::SetWeights { netuid })?;
    if CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealEnabled.into());
    }
    apply_weights(ctx, hotkey, netuid, uids, values, version_key)
}

/// subtensor's `internal_set_weights`: validates and stores a weight row. `set_weights` calls it, and so
/// does `reveal_weights` after matching a commit. With commit-reveal on, the rate limit is skipped and
/// `LastUpdate` is left alone (the commit already set it).
pub fn apply_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<(), DispatchError> {
    if netuid == ROOT_NETUID {
        return Err(SubtensorError::CanNotSetRootNetworkWeights.into());
    }
    if uids.len() != values.len() {
        return Err(SubtensorError::WeightVecNotEqualSize.into());
    }
    if !subnets::exists(ctx.s, netuid) {
        return Err(SubtensorError::MechanismDoesNotExist.into());
    }
    let n = SubnetworkN::get(ctx.s, &netuid);
    if uids.len() > usize::from(n) {
        return Err(SubtensorError::UidsLengthExceedUidsInSubNet.into());
    }
    let uid =
        Uids::try_get(ctx.s, &netuid, hotkey).ok_or(SubtensorError::HotKeyNotRegisteredInSubNet)?;
    if !has_min_stake(ctx.s, hotkey, netuid) {
        return Err(SubtensorError::NotEnoughStakeToSetWeights.into());
    }
    let required_version = WeightsVersionKey::get(ctx.s, &netuid);
    if required_version != 0 && version_key < required_version {
        return Err(SubtensorError::IncorrectWeightVersionKey.into());
    }
    let commit_reveal = CommitRevealWeightsEnabled::get(ctx.s, &netuid);
    if !commit_reveal && !rate_limit_passes(ctx.s, netuid, uid, ctx.block) {
        return Err(SubtensorError::SettingWeightsTooFast.into());
    }
    let self_weight = values.len() == 1 && uids.first() == Some(&uid);
    let is_owner = owner_uid(ctx.s, netuid) == Some(uid);
    let permitted = ValidatorPermit::get(ctx.s, &netuid)
        .get(usize::from(uid))
        .copied()
        .unwrap_or(false);
    if !self_weight && !is_owner && !permitted {
        return Err(SubtensorError::NeuronNoValidatorPermit.into());
    }
    let mut seen = std::collections::BTreeSet::new();
    if !uids.iter().all(|u| seen.insert(*u)) {
        return Err(SubtensorError::DuplicateUids.into());
    }
    if uids.iter().any(|u| *u >= n) {
        return Err(SubtensorError::UidVecContainInvalidOne.into());
    }
    let min_weights = MinAllowedWeights::get(ctx.s, &netuid).min(n);
    if !self_weight && values.len() < usize::from(min_weights) {
        return Err(SubtensorError::WeightVecLengthIsLow.into());
    }
    let scaled = max_upscale(values);
    let limit = MaxWeightsLimit::get(ctx.s, &netuid);
    if !self_weight && limit != u16::MAX && !max_weight_within(&scaled, limit) {
        return Err(SubtensorError::MaxWeightExceeded.into());
    }
    // Every (uid, value) pair is stored, zeros included: liquid alpha keeps a bond only where the
    // validator's row has an entry.
    let row: Vec<(u16, u16)> = uids.iter().copied().zip(scaled).collect();
    Weights::insert(ctx.s, &netuid, &uid, row);
    if !commit_reveal {
        set_last_update(ctx.s, netuid, uid, ctx.block);
    }
    ctx.deposit(SubtensorEvent::WeightsSet(netuid, uid));
    Ok(())
}

#[cfg(test)]
#[path = "weights_tests.rs"]
pub(crate) mod tests;

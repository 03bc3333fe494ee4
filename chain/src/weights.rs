//! Setting weights: subtensor's `set_weights`, `set_mechanism_weights` and `batch_set_weights`
//! (`subnets/weights.rs::internal_set_weights`, `do_batch_set_weights`), the checks its dispatch
//! extensions run before any weights call (`guards/check_weights.rs`, `guards/check_rate_limits.rs`),
//! and the fixed-point helpers that decide what is stored.
//!
//! Each check runs in subtensor's order and fails with subtensor's error, so a call that fails on
//! several counts reports the same name a real node reports. The stored row is what subtensor stores:
//! the values max-upscaled in `I32F32` (with its rounding), zero weights kept.
//!
//! taonet runs one mechanism per subnet (`MechanismCountCurrent` = 1): a mechanism call on `mecid` 0 is
//! the plain call, any other mechanism fails where subtensor's `ensure_mechanism_exists` or
//! `check_rate_limit` would refuse it. Not here: the commit-reveal calls ([`crate::commit_reveal`]), and
//! the transaction-pool rejection itself: [`guard`] is what a pool would run,
//! [`transaction_error_code`] the `InvalidTransaction::Custom` code it would report.

use substrate_fixed::types::I32F32;

use crate::call::SubtensorCall;
use crate::commit_reveal;
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, H256, ROOT_NETUID};
use parity_scale_codec::Compact;

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

/// `get_mechanism_storage_index`: where a mechanism's weights, commits and `LastUpdate` live
/// (`mecid × 4096 + netuid`; mechanism 0 is the netuid itself).
pub fn storage_index(netuid: NetUid, mecid: u8) -> u16 {
    u16::from(mecid)
        .saturating_mul(GLOBAL_MAX_SUBNET_COUNT)
        .saturating_add(netuid)
}

/// subtensor's `GLOBAL_MAX_SUBNET_COUNT`: the stride between mechanisms' storage indices.
const GLOBAL_MAX_SUBNET_COUNT: u16 = 4096;

/// `ensure_mechanism_exists`: the subnet exists and has mechanism `mecid` (`MechanismCountCurrent`,
/// always 1 on taonet, so only mechanism 0).
pub fn mechanism_exists(s: &Storage, netuid: NetUid, mecid: u8) -> bool {
    subnets::exists(s, netuid) && mecid < MechanismCountCurrent::get(s, &netuid)
}

/// `check_rate_limit` on mechanism `mecid`: a mechanism that does not exist never passes.
fn mechanism_rate_limit_passes(
    s: &Storage,
    netuid: NetUid,
    mecid: u8,
    uid: u16,
    block: u64,
) -> bool {
    mechanism_exists(s, netuid, mecid) && rate_limit_passes(s, netuid, uid, block)
}

/// A weights call as the pre-dispatch guards see it (the calls of subtensor's
/// `CheckWeights::applies_to` that taonet serves).
#[derive(Clone, Copy, Debug)]
pub enum WeightsCall<'a> {
    /// `set_weights` (mechanism 0) / `set_mechanism_weights`.
    SetWeights {
        /// Subnet.
        netuid: NetUid,
        /// Mechanism.
        mecid: u8,
    },
    /// `batch_set_weights`.
    BatchSetWeights {
        /// Subnets.
        netuids: &'a [Compact<NetUid>],
        /// One row per subnet.
        weights: &'a [Vec<(Compact<u16>, Compact<u16>)>],
        /// One version per subnet.
        version_keys: &'a [Compact<u64>],
    },
    /// `commit_weights` (mechanism 0) / `commit_mechanism_weights`.
    CommitWeights {
        /// Subnet.
        netuid: NetUid,
        /// Mechanism.
        mecid: u8,
    },
    /// `batch_commit_weights`.
    BatchCommitWeights {
        /// Subnets.
        netuids: &'a [Compact<NetUid>],
        /// One hash per subnet.
        commit_hashes: &'a [H256],
    },
    /// `reveal_weights` (mechanism 0) / `reveal_mechanism_weights`.
    RevealWeights {
        /// Subnet.
        netuid: NetUid,
        /// Mechanism.
        mecid: u8,
        /// Revealed UIDs.
        uids: &'a [u16],
        /// Revealed values.
        values: &'a [u16],
        /// Salt of the commit.
        salt: &'a [u16],
        /// Version key of the commit.
        version_key: u64,
    },
    /// `batch_reveal_weights` (mechanism 0).
    BatchRevealWeights {
        /// Subnet.
        netuid: NetUid,
        /// UIDs of each reveal.
        uids_list: &'a [Vec<u16>],
        /// Values of each reveal.
        values_list: &'a [Vec<u16>],
        /// Salt of each reveal.
        salts_list: &'a [Vec<u16>],
        /// Version key of each reveal.
        version_keys: &'a [u64],
    },
}

impl<'a> WeightsCall<'a> {
    /// The guarded view of `call`, if it is a weights call.
    pub fn of(call: &'a SubtensorCall) -> Option<Self> {
        use SubtensorCall as S;
        Some(match call {
            S::set_weights { netuid, .. } => WeightsCall::SetWeights {
                netuid: *netuid,
                mecid: 0,
            },
            S::set_mechanism_weights { netuid, mecid, .. } => WeightsCall::SetWeights {
                netuid: *netuid,
                mecid: *mecid,
            },
            S::batch_set_weights {
                netuids,
                weights,
                version_keys,
            } => WeightsCall::BatchSetWeights {
                netuids,
                weights,
                version_keys,
            },
            S::commit_weights { netuid, .. } => WeightsCall::CommitWeights {
                netuid: *netuid,
                mecid: 0,
            },
            S::commit_mechanism_weights { netuid, mecid, .. } => WeightsCall::CommitWeights {
                netuid: *netuid,
                mecid: *mecid,
            },
            S::batch_commit_weights {
                netuids,
                commit_hashes,
            } => WeightsCall::BatchCommitWeights {
                netuids,
                commit_hashes,
            },
            S::reveal_weights {
                netuid,
                uids,
                values,
                salt,
                version_key,
            } => WeightsCall::RevealWeights {
                netuid: *netuid,
                mecid: 0,
                uids,
                values,
                salt,
                version_key: *version_key,
            },
            S::reveal_mechanism_weights {
                netuid,
                mecid,
                uids,
                values,
                salt,
                version_key,
            } => WeightsCall::RevealWeights {
                netuid: *netuid,
                mecid: *mecid,
                uids,
                values,
                salt,
                version_key: *version_key,
            },
            S::batch_reveal_weights {
                netuid,
                uids_list,
                values_list,
                salts_list,
                version_keys,
            } => WeightsCall::BatchRevealWeights {
                netuid: *netuid,
                uids_list,
                values_list,
                salts_list,
                version_keys,
            },
            _ => return None,
        })
    }
}

/// The checks subtensor runs before dispatching a weights call from `who`, in its order: `CheckWeights`
/// (a batch's input lengths, `InputLengthsUnequal`; the stake threshold on every subnet of the call;
/// for a reveal, a commit with each hash in its reveal epoch) then `CheckRateLimits` (the weights rate
/// limit of a registered hotkey on the call's mechanism, for `set_weights` only when commit-reveal is
/// off; batches are not rate-limited here). A real node runs them when the transaction enters the pool
/// (rejecting it with [`transaction_error_code`]) and again at dispatch.
pub fn guard(
    s: &Storage,
    block: u64,
    who: &AccountId,
    call: WeightsCall<'_>,
) -> Result<(), SubtensorError> {
    use WeightsCall as W;
    let lengths_match = match call {
        W::BatchSetWeights {
            netuids,
            weights,
            version_keys,
        } => netuids.len() == weights.len() && netuids.len() == version_keys.len(),
        W::BatchCommitWeights {
            netuids,
            commit_hashes,
        } => netuids.len() == commit_hashes.len(),
        W::BatchRevealWeights {
            uids_list,
            values_list,
            salts_list,
            version_keys,
            ..
        } => batch_lengths_match(uids_list, values_list, salts_list, version_keys),
        _ => true,
    };
    if !lengths_match {
        return Err(SubtensorError::InputLengthsUnequal);
    }
    let min_stake = |netuid: NetUid| {
        if has_min_stake(s, who, netuid) {
            Ok(())
        } else {
            Err(SubtensorError::NotEnoughStakeToSetWeights)
        }
    };
    match call {
        W::BatchSetWeights { netuids, .. } | W::BatchCommitWeights { netuids, .. } => {
            for netuid in netuids {
                min_stake(netuid.0)?;
            }
        }
        W::SetWeights { netuid, .. }
        | W::CommitWeights { netuid, .. }
        | W::RevealWeights { netuid, .. }
        | W::BatchRevealWeights { netuid, .. } => min_stake(netuid)?,
    }
    match call {
        W::RevealWeights {
            netuid,
            mecid,
            uids,
            values,
            salt,
            version_key,
        } => commit_reveal::check_reveal(
            s,
            block,
            who,
            netuid,
            mecid,
            uids,
            values,
            salt,
            version_key,
        )?,
        W::BatchRevealWeights {
            netuid,
            uids_list,
            values_list,
            salts_list,
            version_keys,
        } => {
            for (((uids, values), salt), version_key) in uids_list
                .iter()
                .zip(values_list)
                .zip(salts_list)
                .zip(version_keys)
            {
                commit_reveal::check_reveal(
                    s,
                    block,
                    who,
                    netuid,
                    0,
                    uids,
                    values,
                    salt,
                    *version_key,
                )?;
            }
        }
        _ => {}
    }
    let rate_limited = match call {
        W::SetWeights { netuid, mecid } => (!CommitRevealWeightsEnabled::get(s, &netuid))
            .then_some((netuid, mecid, SubtensorError::SettingWeightsTooFast)),
        W::CommitWeights { netuid, mecid } => {
            Some((netuid, mecid, SubtensorError::CommittingWeightsTooFast))
        }
        _ => None,
    };
    if let Some((netuid, mecid, error)) = rate_limited {
        if let Some(uid) = Uids::try_get(s, &netuid, who) {
            if !mechanism_rate_limit_passes(s, netuid, mecid, uid, block) {
                return Err(error);
            }
        }
    }
    Ok(())
}

/// Whether a batch reveal's four lists have one entry per reveal.
pub fn batch_lengths_match(
    uids_list: &[Vec<u16>],
    values_list: &[Vec<u16>],
    salts_list: &[Vec<u16>],
    version_keys: &[u64],
) -> bool {
    let n = uids_list.len();
    n == values_list.len() && n == salts_list.len() && n == version_keys.len()
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

/// `set_weights(netuid, dests, weights, version_key)` from `hotkey`: `set_mechanism_weights` on
/// mechanism 0.
pub fn set_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<(), DispatchError> {
    set_mechanism_weights(ctx, hotkey, netuid, 0, uids, values, version_key)
}

/// `set_mechanism_weights(netuid, mecid, dests, weights, version_key)` from `hotkey`: the guards, then
/// `CommitRevealEnabled` when commit-reveal is on (before any other check, as subtensor's dispatch
/// does), then [`apply_weights`] (where a mechanism other than 0 fails `MechanismDoesNotExist`).
#[allow(clippy::too_many_arguments)]
pub fn set_mechanism_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    mecid: u8,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<(), DispatchError> {
    guard(
        ctx.s,
        ctx.block,
        hotkey,
        WeightsCall::SetWeights { netuid, mecid },
    )?;
    if CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealEnabled.into());
    }
    apply_weights(ctx, hotkey, netuid, mecid, uids, values, version_key)
}

/// `batch_set_weights(netuids, weights, version_keys)` from `hotkey` (`do_batch_set_weights`): the
/// guards (input lengths, the stake threshold on every subnet), then each item as `set_weights`'
/// dispatch runs it (`CommitRevealEnabled`, then [`apply_weights`]; no rate-limit guard). Item
/// failures do not fail the call: once every item ran, `BatchCompletedWithErrors` before the first
/// failure's `BatchWeightItemFailed(netuid, error)`, one per failure in batch order, then
/// `BatchWeightsCompleted(netuids, hotkey)`.
pub fn batch_set_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuids: &[Compact<NetUid>],
    weights: &[Vec<(Compact<u16>, Compact<u16>)>],
    version_keys: &[Compact<u64>],
) -> Result<(), DispatchError> {
    guard(
        ctx.s,
        ctx.block,
        hotkey,
        WeightsCall::BatchSetWeights {
            netuids,
            weights,
            version_keys,
        },
    )?;
    if netuids.len() != weights.len() || netuids.len() != version_keys.len() {
        return Err(SubtensorError::InputLengthsUnequal.into());
    }
    let mut results = Vec::with_capacity(netuids.len());
    for ((netuid, row), version_key) in netuids.iter().zip(weights).zip(version_keys) {
        let netuid = netuid.0;
        let result = if CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
            Err(SubtensorError::CommitRevealEnabled.into())
        } else {
            let uids: Vec<u16> = row.iter().map(|(uid, _)| uid.0).collect();
            let values: Vec<u16> = row.iter().map(|(_, value)| value.0).collect();
            apply_weights(ctx, hotkey, netuid, 0, &uids, &values, version_key.0)
        };
        results.push((netuid, result));
    }
    report_batch(ctx, hotkey, netuids, results);
    Ok(())
}

/// The events closing a batch of weights or commits (`BatchCompletedWithErrors`, one
/// `BatchWeightItemFailed` per failed item, `BatchWeightsCompleted`).
pub(crate) fn report_batch(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuids: &[Compact<NetUid>],
    results: Vec<(NetUid, Result<(), DispatchError>)>,
) {
    let mut completed_with_errors = false;
    for (netuid, result) in results {
        if let Err(error) = result {
            if !completed_with_errors {
                ctx.deposit(SubtensorEvent::BatchCompletedWithErrors());
                completed_with_errors = true;
            }
            ctx.deposit(SubtensorEvent::BatchWeightItemFailed(netuid, error));
        }
    }
    ctx.deposit(SubtensorEvent::BatchWeightsCompleted(
        netuids.to_vec(),
        *hotkey,
    ));
}

/// subtensor's `internal_set_weights`: validates and stores a weight row on mechanism `mecid` (only 0
/// exists on taonet). `set_weights` calls it, and so do the reveals after matching a commit. With
/// commit-reveal on, the rate limit is skipped and `LastUpdate` is left alone (the commit already set
/// it).
#[allow(clippy::too_many_arguments)]
pub fn apply_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    mecid: u8,
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
    if !mechanism_exists(ctx.s, netuid, mecid) {
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

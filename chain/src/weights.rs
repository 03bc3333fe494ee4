//! `set_weights`: subtensor's validity rules, rate limit and storage of a validator's weight row.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::staking;
use crate::subnets;
use crate::types::{AccountId, NetUid, ROOT_NETUID};

/// Scales `values` so the largest is 65535 (subtensor's `vec_u16_max_upscale_to_u16`).
pub fn max_upscale(values: &[u16]) -> Vec<u16> {
    let max = values.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return values.to_vec();
    }
    values
        .iter()
        .map(|v| {
            let scaled =
                (u64::from(*v) * u64::from(u16::MAX) + u64::from(max) / 2) / u64::from(max);
            u16::try_from(scaled).unwrap_or(u16::MAX)
        })
        .collect()
}

/// Whether the largest normalised weight respects `limit` (u16 proportion).
fn within_max_weight_limit(values: &[u16], limit: u16) -> bool {
    if limit == u16::MAX {
        return true;
    }
    let sum: u64 = values.iter().map(|v| u64::from(*v)).sum();
    let max = values.iter().copied().max().unwrap_or(0);
    sum == 0 || u64::from(max) * u64::from(u16::MAX) <= u64::from(limit) * sum
}

/// `set_weights(netuid, dests, weights, version_key)` from `hotkey`.
pub fn set_weights(
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
    subnets::ensure_exists(ctx.s, netuid)?;
    if CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealEnabled.into());
    }
    apply_weights(ctx, hotkey, netuid, uids, values, version_key, true)
}

/// Validates and stores a weight row as `set_weights` does, after the commit-reveal mode check:
/// `set_weights` calls it directly, `reveal_weights` after matching a commit (without the rate limit,
/// which the commit already paid).
pub fn apply_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
    check_rate_limit: bool,
) -> Result<(), DispatchError> {
    if uids.len() != values.len() {
        return Err(SubtensorError::WeightVecNotEqualSize.into());
    }
    let n = SubnetworkN::get(ctx.s, &netuid);
    if uids.len() > usize::from(n) {
        return Err(SubtensorError::UidsLengthExceedUidsInSubNet.into());
    }
    let uid =
        Uids::try_get(ctx.s, &netuid, hotkey).ok_or(SubtensorError::HotKeyNotRegisteredInSubNet)?;
    let is_owner = SubnetOwnerHotkey::get(ctx.s, &netuid) == *hotkey;
    if !is_owner && staking::hotkey_stake(ctx.s, hotkey, netuid) < StakeThreshold::get(ctx.s) {
        return Err(SubtensorError::NotEnoughStakeToSetWeights.into());
    }
    let required_version = WeightsVersionKey::get(ctx.s, &netuid);
    if required_version != 0 && version_key < required_version {
        return Err(SubtensorError::IncorrectWeightVersionKey.into());
    }
    let last = LastUpdate::get(ctx.s, &netuid)
        .get(usize::from(uid))
        .copied()
        .unwrap_or(0);
    let rate_limit = WeightsSetRateLimit::get(ctx.s, &netuid);
    if check_rate_limit && last != 0 && ctx.block.saturating_sub(last) < rate_limit {
        return Err(SubtensorError::SettingWeightsTooFast.into());
    }
    let self_weight = uids.len() == 1 && uids[0] == uid;
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
    if !self_weight && uids.len() < usize::from(min_weights) {
        return Err(SubtensorError::WeightVecLengthIsLow.into());
    }
    let scaled = max_upscale(values);
    if !self_weight && !within_max_weight_limit(&scaled, MaxWeightsLimit::get(ctx.s, &netuid)) {
        return Err(SubtensorError::MaxWeightExceeded.into());
    }
    let row: Vec<(u16, u16)> = uids
        .iter()
        .zip(scaled)
        .filter(|(_, w)| *w > 0)
        .map(|(u, w)| (*u, w))
        .collect();
    Weights::insert(ctx.s, &netuid, &uid, row);
    let block = ctx.block;
    LastUpdate::mutate(ctx.s, &netuid, |v| {
        if v.len() <= usize::from(uid) {
            v.resize(usize::from(uid) + 1, 0);
        }
        v[usize::from(uid)] = block;
    });
    ctx.deposit(SubtensorEvent::WeightsSet(netuid, uid));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upscale_puts_the_largest_at_u16_max() {
        assert_eq!(max_upscale(&[1, 2, 4]), vec![16_384, 32_768, 65_535]);
        assert_eq!(max_upscale(&[0, 0]), vec![0, 0]);
    }
}

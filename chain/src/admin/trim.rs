//! `AdminUtils.sudo_trim_to_max_allowed_uids` (call 78): lowers a subnet's `MaxAllowedUids` and, when the
//! subnet holds more UIDs than the new maximum, deregisters the lowest emitters and compacts the rest to
//! the left (subtensor's `trim_to_max_allowed_uids`, `subnets/uids.rs`).
//!
//! Origin and order of checks follow subtensor: root, or the subnet owner at most once per
//! [`MAX_UIDS_TRIMMING_RATE_LIMIT`] blocks (`TransactionType::MaxUidsTrimming`, recorded in
//! `TransactionKeyLastBlock` under type [`TX_MAX_UIDS_TRIMMING`]); the admin freeze window; the subnet's
//! existence (`SubnetNotExists`); `MinAllowedUids ≤ max_n ≤ MaxAllowedUids` (`InvalidValue`). The new
//! maximum is then written. If the subnet is over it, the owner's immortal UIDs and the UIDs inside their
//! immunity period must stay below [`MAX_IMMUNE_UIDS_PERCENT`] % of `max_n`
//! (`TrimmingWouldExceedMaxImmunePercentage`; the share is rounded down, as `Percent::from_rational`).
//!
//! The UIDs are ranked by `Emission`, highest first (a stable sort, so among equal emissions the lower
//! UID ranks first), and removed from the bottom of that ranking, skipping immune ones, until `max_n`
//! remain. A removed neuron loses its `Keys`, `Uids`, `IsNetworkMember`, `BlockAtRegistration`,
//! `AlphaDividendsPerSubnet`, axon, Prometheus endpoint, weight row and bond row; its stake stays with its
//! hotkey. The survivors keep their relative order and move to UIDs `0..`: every per-UID vector
//! (`Emission`, `Active`, `Consensus`, `Dividends`, `ValidatorTrust`, `ValidatorPermit`, `StakeWeight`,
//! `Incentive`, `LastUpdate`) is rebuilt from theirs, `Keys`, `BlockAtRegistration`, `Weights` and `Bonds`
//! move to the new UIDs, weight and bond entries pointing at removed UIDs are dropped and the others
//! renumbered (entry order kept), `Uids` is rebuilt and `SubnetworkN` becomes `max_n`. As in subtensor, a
//! surviving UID gets a (possibly empty) `Weights` and `Bonds` row written, and no event is deposited.

use super::{ensure_window_open, owner_or_root, AdminOrigin};
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::items::*;
use crate::registration::{immune_owner_uids, is_immune};
use crate::types::{NetUid, Uid};
use std::collections::{BTreeMap, BTreeSet};

/// `TransactionKeyLastBlock` transaction type of an owner's trim (`TransactionType::MaxUidsTrimming`).
pub const TX_MAX_UIDS_TRIMMING: u16 = 9;
/// Blocks between two trims by a subnet owner (subtensor's `MaxUidsTrimmingRateLimit`, production value
/// 30 days of 7200 blocks).
pub const MAX_UIDS_TRIMMING_RATE_LIMIT: u64 = 30 * 7200;
/// Immune UIDs must stay strictly below this share of the new maximum (the runtime's
/// `MaxImmuneUidsPercentage`, 80 %).
pub const MAX_IMMUNE_UIDS_PERCENT: u64 = 80;

/// Dispatches `sudo_trim_to_max_allowed_uids(netuid, max_n)`.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
    max_n: u16,
) -> Result<(), DispatchError> {
    let owner = owner_or_root(ctx, origin, netuid)?;
    if let Some(who) = &owner {
        let last = TransactionKeyLastBlock::get(ctx.s, who, &netuid, &TX_MAX_UIDS_TRIMMING);
        if last != 0 && ctx.block.saturating_sub(last) < MAX_UIDS_TRIMMING_RATE_LIMIT {
            return Err(SubtensorError::TxRateLimitExceeded.into());
        }
    }
    ensure_window_open(ctx, netuid)?;
    trim_to_max_allowed_uids(ctx, netuid, max_n)?;
    if let Some(who) = owner {
        TransactionKeyLastBlock::insert(ctx.s, &who, &netuid, &TX_MAX_UIDS_TRIMMING, ctx.block);
    }
    Ok(())
}

/// The bounds check, the new `MaxAllowedUids`, and the trim itself (see the module doc).
pub fn trim_to_max_allowed_uids(
    ctx: &mut Ctx<'_>,
    netuid: NetUid,
    max_n: u16,
) -> Result<(), DispatchError> {
    let s = &mut *ctx.s;
    if !NetworksAdded::get(s, &netuid) {
        return Err(SubtensorError::SubnetNotExists.into());
    }
    if max_n < MinAllowedUids::get(s, &netuid) || max_n > MaxAllowedUids::get(s, &netuid) {
        return Err(SubtensorError::InvalidValue.into());
    }
    MaxAllowedUids::insert(s, &netuid, max_n);

    let current_n = SubnetworkN::get(s, &netuid);
    if current_n <= max_n {
        return Ok(());
    }
    let owner_uids: BTreeSet<Uid> = immune_owner_uids(s, netuid)
        .into_iter()
        .map(|(uid, _)| uid)
        .collect();
    let block = ctx.block;
    let immune = |s: &crate::storage::Storage, uid: Uid| {
        owner_uids.contains(&uid) || is_immune(s, netuid, uid, block)
    };
    let immune_count = (0..current_n).filter(|uid| immune(s, *uid)).count() as u64;
    // `Percent::from_rational(immune, max_n) < 80 %` with the share rounded down (and 100 % for
    // `max_n = 0`) is `100 · immune < 80 · max_n`.
    if immune_count.saturating_mul(100) >= u64::from(max_n).saturating_mul(MAX_IMMUNE_UIDS_PERCENT)
    {
        return Err(SubtensorError::TrimmingWouldExceedMaxImmunePercentage.into());
    }

    // Highest emission first; the sort is stable, so ties keep the lower UID first.
    let mut emissions: Vec<(usize, AlphaBalanceOf)> =
        Emission::get(s, &netuid).into_iter().enumerate().collect();
    emissions.sort_by_key(|(_, emission)| std::cmp::Reverse(*emission));

    let mut left = current_n;
    for i in (0..usize::from(current_n)).rev() {
        if left == max_n {
            break;
        }
        let Some(&(index, _)) = emissions.get(i) else {
            continue;
        };
        let Ok(uid) = Uid::try_from(index) else {
            continue;
        };
        if immune(s, uid) {
            continue;
        }
        if let Some(hotkey) = Keys::try_get(s, &netuid, &uid) {
            Uids::remove(s, &netuid, &hotkey);
            IsNetworkMember::remove(s, &hotkey, &netuid);
            AlphaDividendsPerSubnet::remove(s, &netuid, &hotkey);
            Axons::remove(s, &netuid, &hotkey);
            Prometheus::remove(s, &netuid, &hotkey);
        }
        Keys::remove(s, &netuid, &uid);
        BlockAtRegistration::remove(s, &netuid, &uid);
        Weights::remove(s, &netuid, &uid);
        Bonds::remove(s, &netuid, &uid);
        emissions.remove(i);
        left = left.saturating_sub(1);
    }

    // The survivors in UID order: their old UIDs, and their emissions.
    emissions.sort_by_key(|(uid, _)| *uid);
    let (kept, kept_emissions): (Vec<usize>, Vec<AlphaBalanceOf>) = emissions.into_iter().unzip();
    fn pick<T: Clone + Default>(v: &[T], kept: &[usize]) -> Vec<T> {
        kept.iter()
            .map(|&uid| v.get(uid).cloned().unwrap_or_default())
            .collect()
    }
    Emission::insert(s, &netuid, kept_emissions);
    let active = pick(&Active::get(s, &netuid), &kept);
    Active::insert(s, &netuid, active);
    let consensus = pick(&Consensus::get(s, &netuid), &kept);
    Consensus::insert(s, &netuid, consensus);
    let dividends = pick(&Dividends::get(s, &netuid), &kept);
    Dividends::insert(s, &netuid, dividends);
    let vtrust = pick(&ValidatorTrust::get(s, &netuid), &kept);
    ValidatorTrust::insert(s, &netuid, vtrust);
    let vpermit = pick(&ValidatorPermit::get(s, &netuid), &kept);
    ValidatorPermit::insert(s, &netuid, vpermit);
    let stake_weight = pick(&StakeWeight::get(s, &netuid), &kept);
    StakeWeight::insert(s, &netuid, stake_weight);
    let incentive = pick(&Incentive::get(s, &netuid), &kept);
    Incentive::insert(s, &netuid, incentive);
    let last_update = pick(&LastUpdate::get(s, &netuid), &kept);
    LastUpdate::insert(s, &netuid, last_update);

    // Old UID → new UID, both in range of `Uid` (the new ones are below the old ones).
    let old_to_new: BTreeMap<Uid, Uid> = kept
        .iter()
        .enumerate()
        .filter_map(|(new, &old)| Some((Uid::try_from(old).ok()?, Uid::try_from(new).ok()?)))
        .collect();
    let remap = |row: &mut Vec<(u16, u16)>| {
        row.retain_mut(|(target, _)| match old_to_new.get(target) {
            Some(new) => {
                *target = *new;
                true
            }
            None => false,
        })
    };
    // Ascending old UIDs: each survivor moves down into a slot already emptied (storage `swap`).
    for (&old, &new) in &old_to_new {
        swap(
            s,
            |s, uid| Keys::try_get(s, &netuid, &uid),
            |s, uid, v| match v {
                Some(v) => Keys::insert(s, &netuid, &uid, v),
                None => Keys::remove(s, &netuid, &uid),
            },
            old,
            new,
        );
        swap(
            s,
            |s, uid| BlockAtRegistration::try_get(s, &netuid, &uid),
            |s, uid, v| match v {
                Some(v) => BlockAtRegistration::insert(s, &netuid, &uid, v),
                None => BlockAtRegistration::remove(s, &netuid, &uid),
            },
            old,
            new,
        );
        swap(
            s,
            |s, uid| Weights::try_get(s, &netuid, &uid),
            |s, uid, v| match v {
                Some(v) => Weights::insert(s, &netuid, &uid, v),
                None => Weights::remove(s, &netuid, &uid),
            },
            old,
            new,
        );
        Weights::mutate(s, &netuid, &new, remap);
        swap(
            s,
            |s, uid| Bonds::try_get(s, &netuid, &uid),
            |s, uid, v| match v {
                Some(v) => Bonds::insert(s, &netuid, &uid, v),
                None => Bonds::remove(s, &netuid, &uid),
            },
            old,
            new,
        );
        Bonds::mutate(s, &netuid, &new, remap);
    }

    Uids::clear_prefix(s, &netuid);
    for &new in old_to_new.values() {
        let hotkey = Keys::get(s, &netuid, &new);
        Uids::insert(s, &netuid, &hotkey, new);
    }
    SubnetworkN::insert(s, &netuid, max_n);
    Ok(())
}

/// `Emission`'s element type.
type AlphaBalanceOf = crate::types::AlphaBalance;

/// Exchanges the entries at UIDs `a` and `b` of one map (an absent entry moves as absent), as
/// `StorageDoubleMap::swap` does.
fn swap<V>(
    s: &mut crate::storage::Storage,
    get: impl Fn(&crate::storage::Storage, Uid) -> Option<V>,
    set: impl Fn(&mut crate::storage::Storage, Uid, Option<V>),
    a: Uid,
    b: Uid,
) {
    if a == b {
        return;
    }
    let (va, vb) = (get(s, a), get(s, b));
    set(s, a, vb);
    set(s, b, va);
}

#[cfg(test)]
mod tests;

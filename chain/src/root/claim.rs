//! Root dividends and their claims (subtensor's `staking/claim_root.rs`).
//!
//! At a subnet's epoch, the root part of each validator's dividend (after its delegate take) is not
//! staked at once: it raises the hotkey's `RootClaimable[hotkey][netuid]`, a rate of alpha per unit of
//! the hotkey's root stake (`I96F32`). A coldkey staked on root through that hotkey is owed `rate ×
//! its root stake − RootClaimed[(netuid, hotkey, coldkey)]`; claiming pays the owed alpha according to
//! the coldkey's `RootClaimType` — `Swap` sells it fee-free for TAO and stakes the TAO on root, `Keep`
//! stakes the alpha on the subnet, `KeepSubnets` keeps the listed subnets and swaps the rest — and
//! raises `RootClaimed` by the amount. Every change of root stake moves `RootClaimed` by `rate × amount`
//! on every subnet the hotkey has a rate for (never below 0), so new root stake is not owed earlier
//! dividends and unstaking gives up what the removed stake had not claimed (see
//! [`on_root_stake_added`] / [`on_root_stake_removed`]).
//!
//! Claims happen through `claim_root` (call 121, up to 5 subnets) and automatically: each block, after
//! the coinbase, `NumRootClaim` coldkeys of the staking-coldkey index (`StakingColdkeysByIndex`) are
//! claimed on every subnet, chosen from the parent block's hash exactly as subtensor's
//! `block_hash_to_indices` does — so the choice is deterministic here as on a real chain. An owed amount
//! below the subnet's `RootClaimableThreshold` waits.

use std::collections::BTreeSet;

use substrate_fixed::types::I96F32;

use crate::balances::{self, Existence};
use crate::call::SubtensorCall;
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    NumRootClaim, NumStakingColdkeys, Owner, RootClaimType, RootClaimTypeEnum, RootClaimable,
    RootClaimableThreshold, RootClaimed, StakingColdkeys, StakingColdkeysByIndex, StakingHotkeys,
    SubnetAlphaOut, SubnetOwner, SubnetTAO, TotalStake,
};
use crate::math::swap;
use crate::pool;
use crate::staking;
use crate::storage::Storage;
use crate::types::{AccountId, AlphaBalance, NetUid, H256, ROOT_NETUID};

/// Most subnets one `claim_root` may name (`MAX_SUBNET_CLAIMS`).
pub const MAX_SUBNET_CLAIMS: usize = 5;
/// Largest `NumRootClaim` (`MAX_NUM_ROOT_CLAIMS`).
pub const MAX_NUM_ROOT_CLAIMS: u64 = 50;
/// Largest `RootClaimableThreshold`, in alpha rao (`MAX_ROOT_CLAIM_THRESHOLD`).
pub const MAX_ROOT_CLAIM_THRESHOLD: u64 = 10_000_000;

fn zero() -> I96F32 {
    I96F32::saturating_from_num(0)
}

/// The claimable rate of `hotkey` on `netuid` (alpha per unit of root stake).
pub fn rate(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> I96F32 {
    RootClaimable::get(s, hotkey)
        .get(&netuid)
        .map_or_else(zero, |bits| I96F32::from_bits(*bits))
}

/// Credits `amount` of root dividends earned by `hotkey` on `netuid` to its root stakers: raises the
/// hotkey's rate by `amount / root stake` (subtensor's `increase_root_claimable_for_hotkey_and_subnet`).
/// When the hotkey has less root stake than `amount` (subtensor's sanity fallback) the alpha is staked
/// on `netuid` to the hotkey's owner instead.
pub fn increase_root_claimable(
    s: &mut Storage,
    hotkey: &AccountId,
    netuid: NetUid,
    amount: AlphaBalance,
) {
    let total = I96F32::saturating_from_num(staking::hotkey_stake(s, hotkey, ROOT_NETUID));
    let increment = I96F32::saturating_from_num(amount)
        .checked_div(total)
        .unwrap_or_else(zero);
    if amount > total.saturating_to_num::<u64>() {
        let owner = Owner::get(s, hotkey);
        staking::increase_stake(s, hotkey, &owner, netuid, amount);
        return;
    }
    RootClaimable::mutate(s, hotkey, |rates| {
        let entry = rates.entry(netuid).or_insert(0);
        *entry = I96F32::from_bits(*entry)
            .saturating_add(increment)
            .to_bits();
    });
}

/// What `coldkey`'s root stake through `hotkey` has earned on `netuid` in total: rate × root stake.
pub fn claimable(s: &Storage, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> I96F32 {
    let root_stake = I96F32::saturating_from_num(staking::stake(s, hotkey, coldkey, ROOT_NETUID));
    rate(s, hotkey, netuid).saturating_mul(root_stake)
}

/// What `coldkey` is still owed on `netuid` through `hotkey`: claimable − claimed (may be negative).
pub fn owed_float(s: &Storage, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> I96F32 {
    let claimed = I96F32::saturating_from_num(RootClaimed::get(s, &netuid, hotkey, coldkey));
    claimable(s, hotkey, coldkey, netuid).saturating_sub(claimed)
}

/// [`owed_float`] in whole alpha rao, 0 when negative.
pub fn owed(s: &Storage, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> u64 {
    let owed = owed_float(s, hotkey, coldkey, netuid);
    if owed.is_negative() {
        0
    } else {
        owed.saturating_to_num::<u64>()
    }
}

fn update_claimed(
    s: &mut Storage,
    netuid: NetUid,
    hotkey: &AccountId,
    coldkey: &AccountId,
    f: impl FnOnce(u128) -> u128,
) {
    let claimed = RootClaimed::get(s, &netuid, hotkey, coldkey);
    RootClaimed::insert(s, &netuid, hotkey, coldkey, f(claimed));
}

/// Claims what `coldkey` is owed on `netuid` through `hotkey` (subtensor's `root_claim_on_subnet`):
/// nothing below the subnet's threshold (unless `ignore_minimum`) or when nothing whole is owed;
/// otherwise swaps to root stake or keeps the alpha per `claim_type`, and records the claim.
pub fn claim_on_subnet(
    s: &mut Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    claim_type: &RootClaimTypeEnum,
    ignore_minimum: bool,
) -> Result<(), DispatchError> {
    let owed_fx = owed_float(s, hotkey, coldkey, netuid);
    let threshold = I96F32::from_bits(RootClaimableThreshold::get(s, &netuid));
    if !ignore_minimum && owed_fx < threshold {
        return Ok(());
    }
    let owed = if owed_fx.is_negative() {
        0
    } else {
        owed_fx.saturating_to_num::<u64>()
    };
    if owed == 0 {
        return Ok(());
    }
    let swap = match claim_type {
        RootClaimTypeEnum::Swap => true,
        RootClaimTypeEnum::Keep => false,
        RootClaimTypeEnum::KeepSubnets { subnets } => !subnets.contains(&netuid),
    };
    if swap {
        // `swap_alpha_for_tao` at the lowest price, fee-free: the TAO stays in the subnet account.
        let tao = pool::swap_alpha_for_tao(s, netuid, owed, swap::MIN_PRICE_RAO, true)?.amount_out;
        balances::transfer(
            s,
            &subnet_account(netuid),
            &subnet_account(ROOT_NETUID),
            tao,
            Existence::AllowDeath,
        )?;
        // Staking on root moves `RootClaimed` by the rates (see `on_root_stake_added`).
        staking::increase_stake(s, hotkey, coldkey, ROOT_NETUID, tao);
        SubnetTAO::mutate(s, &ROOT_NETUID, |t| *t = t.saturating_add(tao));
        SubnetAlphaOut::mutate(s, &ROOT_NETUID, |a| *a = a.saturating_add(tao));
        TotalStake::mutate(s, |t| *t = t.saturating_add(tao));
    } else {
        staking::increase_stake(s, hotkey, coldkey, netuid, owed);
    }
    update_claimed(s, netuid, hotkey, coldkey, |claimed| {
        claimed.saturating_add(u128::from(owed))
    });
    Ok(())
}

/// Claims everything `coldkey` is owed through `hotkey`, on every subnet the hotkey has a rate for
/// (only those in `subnets` when given), with the coldkey's claim type (subtensor's `root_claim_all`).
pub fn claim_all(
    s: &mut Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    subnets: Option<&BTreeSet<NetUid>>,
) -> Result<(), DispatchError> {
    let claim_type = RootClaimType::get(s, coldkey);
    for netuid in RootClaimable::get(s, hotkey).into_keys() {
        if subnets.is_some_and(|set| !set.contains(&netuid)) {
            continue;
        }
        claim_on_subnet(s, hotkey, coldkey, netuid, &claim_type, false)?;
    }
    Ok(())
}

/// Claims for `coldkey` through every hotkey it stakes to, all or nothing, and deposits `RootClaimed`
/// (subtensor's `do_root_claim`).
pub fn do_root_claim(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    subnets: Option<&BTreeSet<NetUid>>,
) -> Result<(), DispatchError> {
    ctx.s.begin();
    let result = StakingHotkeys::get(ctx.s, coldkey)
        .iter()
        .try_for_each(|hotkey| claim_all(ctx.s, hotkey, coldkey, subnets));
    match result {
        Ok(()) => {
            ctx.s.commit();
            ctx.deposit(SubtensorEvent::RootClaimed { coldkey: *coldkey });
            Ok(())
        }
        Err(e) => {
            ctx.s.rollback();
            Err(e)
        }
    }
}

/// Root stake of `amount` was added to (hotkey, coldkey): `RootClaimed` rises by `rate × amount` on
/// every subnet the hotkey has a rate for, and the coldkey joins the auto-claim index (subtensor's
/// `add_stake_adjust_root_claimed_for_hotkey_and_coldkey` and `maybe_add_coldkey_index`).
pub fn on_root_stake_added(s: &mut Storage, hotkey: &AccountId, coldkey: &AccountId, amount: u64) {
    let amount = I96F32::saturating_from_num(amount);
    for (netuid, bits) in RootClaimable::get(s, hotkey) {
        let delta: u128 = I96F32::from_bits(bits)
            .saturating_mul(amount)
            .saturating_to_num();
        update_claimed(s, netuid, hotkey, coldkey, |claimed| {
            claimed.saturating_add(delta)
        });
    }
    maybe_add_coldkey_index(s, coldkey);
}

/// Root stake of `amount` was taken from (hotkey, coldkey): `RootClaimed` falls by `rate × amount`,
/// and a coldkey left without root stake leaves the auto-claim index (subtensor's
/// `remove_stake_adjust_root_claimed_for_hotkey_and_coldkey` and `maybe_remove_coldkey_index`).
pub fn on_root_stake_removed(
    s: &mut Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    amount: u64,
) {
    let amount = I96F32::saturating_from_num(amount);
    for (netuid, bits) in RootClaimable::get(s, hotkey) {
        if netuid == ROOT_NETUID {
            continue;
        }
        let delta: u128 = I96F32::from_bits(bits)
            .saturating_mul(amount)
            .saturating_to_num();
        update_claimed(s, netuid, hotkey, coldkey, |claimed| {
            claimed.saturating_sub(delta)
        });
    }
    if !coldkey_has_root_stake(s, coldkey) {
        maybe_remove_coldkey_index(s, coldkey);
    }
}

/// Whether `coldkey` holds root stake through any hotkey it stakes to.
pub fn coldkey_has_root_stake(s: &Storage, coldkey: &AccountId) -> bool {
    StakingHotkeys::get(s, coldkey)
        .iter()
        .any(|hotkey| staking::stake(s, hotkey, coldkey, ROOT_NETUID) > 0)
}

/// Appends `coldkey` to the auto-claim index unless it is there.
pub fn maybe_add_coldkey_index(s: &mut Storage, coldkey: &AccountId) {
    if StakingColdkeys::contains_key(s, coldkey) {
        return;
    }
    let n = NumStakingColdkeys::get(s);
    StakingColdkeysByIndex::insert(s, &n, *coldkey);
    StakingColdkeys::insert(s, coldkey, n);
    NumStakingColdkeys::put(s, n.saturating_add(1));
}

/// Takes `coldkey` out of the auto-claim index, moving the last entry into its slot.
pub fn maybe_remove_coldkey_index(s: &mut Storage, coldkey: &AccountId) {
    let Some(index) = StakingColdkeys::try_get(s, coldkey) else {
        return;
    };
    StakingColdkeys::remove(s, coldkey);
    let last = NumStakingColdkeys::get(s).saturating_sub(1);
    let moved = if index != last {
        StakingColdkeysByIndex::try_get(s, &last)
    } else {
        None
    };
    match moved {
        Some(moved) => {
            StakingColdkeysByIndex::remove(s, &last);
            StakingColdkeysByIndex::insert(s, &index, moved);
            StakingColdkeys::insert(s, &moved, index);
        }
        None => StakingColdkeysByIndex::remove(s, &index),
    }
    NumStakingColdkeys::put(s, last);
}

fn be_u64(bytes: &[u8]) -> u64 {
    bytes
        .get(..8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map_or(0, u64::from_be_bytes)
}

/// Up to `k` distinct indices below `n` drawn from `hash`, as subtensor's `block_hash_to_indices`:
/// start at the first 8 bytes (big-endian), then step by the hash's 8-byte words in turn, modulo `n`;
/// sorted. All 0 when `n` is 0.
pub fn block_hash_to_indices(hash: &H256, k: u64, n: u64) -> Vec<u64> {
    let mut indices = BTreeSet::new();
    let mut last = be_u64(&hash[..]);
    for i in 0..k {
        let at = (i.saturating_mul(8) % 32) as usize;
        let step = be_u64(&hash[at..]);
        let index = last.saturating_add(step).checked_rem(n).unwrap_or(0);
        indices.insert(index);
        last = index;
    }
    indices.into_iter().collect()
}

/// The block step after the coinbase: claims for `NumRootClaim` coldkeys of the index chosen from
/// `parent_hash` (subtensor's `run_auto_claim_root_divs`). A claim that fails changes nothing.
pub fn run_auto_claim(ctx: &mut Ctx<'_>, parent_hash: &H256) {
    let n = NumStakingColdkeys::get(ctx.s);
    let k = NumRootClaim::get(ctx.s);
    if n == 0 || k == 0 {
        return;
    }
    for index in block_hash_to_indices(parent_hash, k, n) {
        if let Some(coldkey) = StakingColdkeysByIndex::try_get(ctx.s, &index) {
            // subtensor logs the error and moves on.
            let _ = do_root_claim(ctx, &coldkey, None);
        }
    }
}

/// Whether `call` is one of the root-only claim settings (dispatched through `Sudo.sudo`).
pub fn is_root_call(call: &SubtensorCall) -> bool {
    matches!(
        call,
        SubtensorCall::sudo_set_num_root_claims { .. }
            | SubtensorCall::sudo_set_root_claim_threshold { .. }
    )
}

fn set_num_root_claims(s: &mut Storage, new_value: u64) -> Result<(), DispatchError> {
    if new_value > MAX_NUM_ROOT_CLAIMS {
        return Err(SubtensorError::InvalidNumRootClaim.into());
    }
    NumRootClaim::put(s, new_value);
    Ok(())
}

fn set_root_claim_threshold(
    s: &mut Storage,
    netuid: NetUid,
    new_value: u64,
) -> Result<(), DispatchError> {
    if new_value > MAX_ROOT_CLAIM_THRESHOLD {
        return Err(SubtensorError::InvalidRootClaimThreshold.into());
    }
    RootClaimableThreshold::insert(s, &netuid, I96F32::from_num(new_value).to_bits());
    Ok(())
}

/// Dispatches a claim call from a signed origin: `claim_root` [121], `set_root_claim_type` [122],
/// `sudo_set_root_claim_threshold` [124] (the subnet owner); `sudo_set_num_root_claims` [123] needs root.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &SubtensorCall,
) -> Result<(), DispatchError> {
    match call {
        SubtensorCall::claim_root { subnets } => {
            if subnets.is_empty() || subnets.len() > MAX_SUBNET_CLAIMS {
                return Err(SubtensorError::InvalidSubnetNumber.into());
            }
            maybe_add_coldkey_index(ctx.s, who);
            do_root_claim(ctx, who, Some(subnets))
        }
        SubtensorCall::set_root_claim_type {
            new_root_claim_type,
        } => {
            if let RootClaimTypeEnum::KeepSubnets { subnets } = new_root_claim_type {
                if subnets.is_empty() {
                    return Err(SubtensorError::InvalidSubnetNumber.into());
                }
            }
            maybe_add_coldkey_index(ctx.s, who);
            RootClaimType::insert(ctx.s, who, new_root_claim_type.clone());
            ctx.deposit(SubtensorEvent::RootClaimTypeSet {
                coldkey: *who,
                root_claim_type: new_root_claim_type.clone(),
            });
            Ok(())
        }
        SubtensorCall::sudo_set_root_claim_threshold { netuid, new_value }
            if SubnetOwner::get(ctx.s, netuid) == *who =>
        {
            set_root_claim_threshold(ctx.s, *netuid, *new_value)
        }
        _ => Err(DispatchError::BadOrigin),
    }
}

/// Dispatches a root-only claim setting (through `Sudo.sudo`); anything else fails with `BadOrigin`.
pub fn dispatch_root(ctx: &mut Ctx<'_>, call: &SubtensorCall) -> Result<(), DispatchError> {
    match *call {
        SubtensorCall::sudo_set_num_root_claims { new_value } => {
            set_num_root_claims(ctx.s, new_value)
        }
        SubtensorCall::sudo_set_root_claim_threshold { netuid, new_value } => {
            set_root_claim_threshold(ctx.s, netuid, new_value)
        }
        _ => Err(DispatchError::BadOrigin),
    }
}

//! The epoch's drain of the pending pools (subtensor's `drain_pending`, `distribute_emission`,
//! `calculate_dividend_distribution` and `distribute_dividends_and_incentives`).
//!
//! The epoch runs on everything pending but the owner cut. Miners get their incentive staked, except
//! hotkeys of the subnet owner's coldkey, whose incentive is burned (or recycled, per `RecycleOrBurn`)
//! and whose share of the epoch's incentive is kept in `MinerBurned`. Validators' epoch dividends pass
//! through parent/child links, then each receiving hotkey's dividend is split by its own stake mix into
//! an alpha part (`α / (α + τ·T)`) and a root part; the pending validator pool (plus the miners' pool
//! when nobody earned incentive) is shared in proportion to the alpha parts and the pending root
//! dividends in proportion to the root parts, so the pools are paid out whole whatever the epoch's own
//! amounts were. Each hotkey keeps its delegate take of both; the rest of the alpha part raises its
//! nominators' stake and the rest of the root part becomes claimable by its root stakers
//! ([`crate::root::claim`]). The owner cut is staked to the owner's hotkey first. Fractions of a rao
//! stay in `SubnetAlphaOut`, as in subtensor.

use std::collections::BTreeMap;

use substrate_fixed::types::U96F32;

use crate::ctx::Ctx;
use crate::epoch;
use crate::items::*;
use crate::root;
use crate::staking;
use crate::storage::Storage;
use crate::types::{AccountId, AlphaBalance, NetUid, ROOT_NETUID};

fn fx(value: u64) -> U96F32 {
    U96F32::saturating_from_num(value)
}

fn zero() -> U96F32 {
    U96F32::saturating_from_num(0)
}

fn tou64(x: U96F32) -> u64 {
    x.saturating_to_num::<u64>()
}

/// Runs `netuid`'s epoch on its pending pools and pays them out; records the epoch's outputs.
pub(super) fn drain_pending(ctx: &mut Ctx<'_>, netuid: NetUid) {
    let server = PendingServerEmission::get(ctx.s, &netuid);
    let validator = PendingValidatorEmission::get(ctx.s, &netuid);
    let root_alpha = PendingRootAlphaDivs::get(ctx.s, &netuid);
    let owner_cut = PendingOwnerCut::get(ctx.s, &netuid);
    PendingServerEmission::insert(ctx.s, &netuid, 0);
    PendingValidatorEmission::insert(ctx.s, &netuid, 0);
    PendingRootAlphaDivs::insert(ctx.s, &netuid, 0);
    PendingOwnerCut::insert(ctx.s, &netuid, 0);

    let total = server.saturating_add(validator).saturating_add(root_alpha);
    let (input, hotkeys, stake) = super::epoch_input_with_stake(ctx.s, netuid, ctx.block, total);
    let out = epoch::run_epoch_with_stake(&input, &stake);

    let incentives: Vec<(AccountId, AlphaBalance)> = hotkeys
        .iter()
        .enumerate()
        .map(|(uid, hk)| (*hk, out.server_emission.get(uid).copied().unwrap_or(0)))
        .collect();
    let epoch_dividends: Vec<(AccountId, AlphaBalance)> = hotkeys
        .iter()
        .enumerate()
        .map(|(uid, hk)| (*hk, out.validator_emission.get(uid).copied().unwrap_or(0)))
        .collect();
    let incentive_sum = incentives
        .iter()
        .fold(0u64, |acc, (_, i)| acc.saturating_add(*i));
    // Nobody earned incentive: validators get the miners' pool too.
    let validator_pool = if incentive_sum != 0 {
        validator
    } else {
        validator.saturating_add(server)
    };
    let tau = root::tao_weight(ctx.s);
    let (dividends, _) =
        crate::childkeys::redistribute_dividends(ctx.s, netuid, &epoch_dividends, tau);
    let (alpha_divs, root_divs) =
        dividend_distribution(ctx.s, netuid, validator_pool, root_alpha, tau, &dividends);
    distribute(
        ctx.s,
        netuid,
        owner_cut,
        &incentives,
        &alpha_divs,
        &root_divs,
    );

    Active::insert(ctx.s, &netuid, out.active);
    StakeWeight::insert(ctx.s, &netuid, out.stake_weight);
    ValidatorPermit::insert(ctx.s, &netuid, out.validator_permit);
    Consensus::insert(ctx.s, &netuid, out.consensus);
    Incentive::insert(ctx.s, &netuid, out.incentive);
    Dividends::insert(ctx.s, &netuid, out.dividends);
    ValidatorTrust::insert(ctx.s, &netuid, out.validator_trust);
    Emission::insert(ctx.s, &netuid, out.emission);
    for (uid, row) in out.bonds.into_iter().enumerate() {
        let uid = uid as u16;
        if row.is_empty() {
            Bonds::remove(ctx.s, &netuid, &uid);
        } else {
            Bonds::insert(ctx.s, &netuid, &uid, row);
        }
    }
    LastEpochBlock::insert(ctx.s, &netuid, ctx.block);
    LastMechansimStepBlock::insert(ctx.s, &netuid, ctx.block);
    SubnetEpochIndex::mutate(ctx.s, &netuid, |i| *i = i.saturating_add(1));
    BlocksSinceLastStep::insert(ctx.s, &netuid, 0);
}

/// Per hotkey, in account order: `(alpha dividends, root dividends)` as `U96F32`.
pub type DividendShares = BTreeMap<AccountId, U96F32>;

/// Splits each hotkey's dividend into an alpha and a root part by its stake mix (`TotalHotkeyAlpha` on
/// `netuid` and on root, root weighed by `tau`), then shares `validator_pool` in proportion to the alpha
/// parts and `root_pool` in proportion to the root parts (subtensor's `calculate_dividend_distribution`).
pub fn dividend_distribution(
    s: &Storage,
    netuid: NetUid,
    validator_pool: AlphaBalance,
    root_pool: AlphaBalance,
    tau: U96F32,
    dividends: &[(AccountId, AlphaBalance)],
) -> (DividendShares, DividendShares) {
    let mut alpha_parts = DividendShares::new();
    let mut root_parts = DividendShares::new();
    let (mut total_alpha, mut total_root) = (zero(), zero());
    for (hotkey, dividend) in dividends {
        let alpha_stake = fx(staking::hotkey_stake(s, hotkey, netuid));
        let root_stake = fx(staking::hotkey_stake(s, hotkey, ROOT_NETUID));
        let root_weighted = root_stake.saturating_mul(tau);
        let root_prop = root_weighted
            .checked_div(alpha_stake.saturating_add(root_weighted))
            .unwrap_or_else(zero);
        let dividend = fx(*dividend);
        let root_part = dividend.saturating_mul(root_prop);
        let alpha_part = dividend.saturating_sub(root_part);
        let a = alpha_parts.entry(*hotkey).or_insert_with(zero);
        *a = a.saturating_add(alpha_part);
        total_alpha = total_alpha.saturating_add(alpha_part);
        let r = root_parts.entry(*hotkey).or_insert_with(zero);
        *r = r.saturating_add(root_part);
        total_root = total_root.saturating_add(root_part);
    }
    let share_out = |parts: DividendShares, total: U96F32, pool: AlphaBalance| -> DividendShares {
        parts
            .into_iter()
            .map(|(hotkey, part)| {
                let share = part.checked_div(total).unwrap_or_else(zero);
                (hotkey, fx(pool).saturating_mul(share))
            })
            .collect()
    };
    (
        share_out(alpha_parts, total_alpha, validator_pool),
        share_out(root_parts, total_root, root_pool),
    )
}

/// The hotkeys of `coldkey` registered on `netuid`, the owner hotkey first when registered
/// (`get_owner_hotkeys`; only membership matters here).
fn owner_hotkeys(s: &Storage, netuid: NetUid, coldkey: &AccountId) -> Vec<AccountId> {
    let mut hotkeys: Vec<AccountId> = OwnedHotkeys::get(s, coldkey)
        .into_iter()
        .filter(|hk| Uids::contains_key(s, &netuid, hk))
        .collect();
    if let Some(owner_hotkey) = SubnetOwnerHotkey::try_get(s, &netuid) {
        if Uids::contains_key(s, &netuid, &owner_hotkey) && !hotkeys.contains(&owner_hotkey) {
            hotkeys.insert(0, owner_hotkey);
        }
    }
    hotkeys
}

/// `Delegates` take as a fraction (`get_hotkey_take_float`).
fn take_rate(s: &Storage, hotkey: &AccountId) -> U96F32 {
    fx(u64::from(Delegates::get(s, hotkey)))
        .checked_div(fx(u64::from(u16::MAX)))
        .unwrap_or_else(zero)
}

/// Pays the owner cut, the incentives and both kinds of dividends (subtensor's
/// `distribute_dividends_and_incentives`).
fn distribute(
    s: &mut Storage,
    netuid: NetUid,
    owner_cut: AlphaBalance,
    incentives: &[(AccountId, AlphaBalance)],
    alpha_divs: &DividendShares,
    root_divs: &DividendShares,
) {
    if let (Some(owner), Some(owner_hotkey)) = (
        SubnetOwner::try_get(s, &netuid),
        SubnetOwnerHotkey::try_get(s, &netuid),
    ) {
        staking::increase_stake(s, &owner_hotkey, &owner, netuid, owner_cut);
    }

    // Incentives, in account order; the owner's hotkeys' share is withheld.
    let subnet_owner = SubnetOwner::get(s, &netuid);
    let owned = owner_hotkeys(s, netuid, &subnet_owner);
    let by_hotkey: BTreeMap<AccountId, AlphaBalance> = incentives.iter().copied().collect();
    let (mut total, mut withheld) = (0u64, 0u64);
    for (hotkey, incentive) in by_hotkey {
        total = total.saturating_add(incentive);
        if owned.contains(&hotkey) {
            withheld = withheld.saturating_add(incentive);
            if RecycleOrBurn::get(s, &netuid) == RecycleOrBurnEnum::Recycle {
                SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_sub(incentive));
            }
            continue;
        }
        let owner = Owner::get(s, &hotkey);
        let destination = AutoStakeDestination::try_get(s, &owner, &netuid).unwrap_or(hotkey);
        staking::increase_stake(s, &destination, &owner, netuid, incentive);
    }
    let burned = fx(withheld).checked_div(fx(total)).unwrap_or_else(zero);
    MinerBurned::insert(s, &netuid, burned.to_bits());

    AlphaDividendsPerSubnet::clear_prefix(s, &netuid);
    for (hotkey, divs) in alpha_divs {
        let take = take_rate(s, hotkey).saturating_mul(*divs);
        let rest = divs.saturating_sub(take);
        let owner = Owner::get(s, hotkey);
        staking::increase_stake(s, hotkey, &owner, netuid, tou64(take));
        staking::distribute_to_hotkey(s, hotkey, netuid, tou64(rest));
        AlphaDividendsPerSubnet::mutate(s, &netuid, hotkey, |d| *d = d.saturating_add(tou64(rest)));
        let total_alpha = TotalHotkeyAlpha::get(s, hotkey, &netuid);
        TotalHotkeyAlphaLastEpoch::insert(s, hotkey, &netuid, total_alpha);
    }

    RootAlphaDividendsPerSubnet::clear_prefix(s, &netuid);
    for (hotkey, divs) in root_divs {
        let take = take_rate(s, hotkey).saturating_mul(*divs);
        let rest = divs.saturating_sub(take);
        let owner = Owner::get(s, hotkey);
        staking::increase_stake(s, hotkey, &owner, netuid, tou64(take));
        root::claim::increase_root_claimable(s, hotkey, netuid, tou64(rest));
        RootAlphaDividendsPerSubnet::mutate(s, &netuid, hotkey, |d| {
            *d = d.saturating_add(tou64(rest))
        });
    }
}

//! Staking: per-hotkey share pools of alpha, and `add_stake`/`remove_stake` (plain and `_limit`) through
//! the subnet pool, with subtensor main's checks in its order and with its error names
//! (`staking/add_stake.rs`, `remove_stake.rs`, `stake_utils.rs`).
//!
//! The checks, first failure wins:
//! - `add_stake(_limit)`: TAO ≤ 1000 × `SubnetTAO` (`InsufficientLiquidity`), the limit's max amount
//!   (a pool already at the limit fails `Swap.PriceLimitExceeded`), subnet (`SubnetNotExists`),
//!   `SubtokenDisabled`, amount ≥ 0.002 TAO + the fee on 0.002 TAO (`AmountTooLow`), amount ≤ max unless
//!   partial (`SlippageTooHigh`), balance (`NotEnoughBalanceToStake`), hotkey (`HotKeyAccountNotExists`),
//!   the simulated swap (`InsufficientLiquidity`), TAO swapped ≥ 0.002 TAO (`AmountTooLow`), alpha out > 0
//!   (`InsufficientLiquidity`).
//! - `remove_stake`: `SubtokenDisabled` first, the amount capped at the stake held, alpha ≤ 1000 ×
//!   `SubnetAlphaIn` (`InsufficientLiquidity`); `remove_stake_limit` skips the subtoken check and caps at
//!   the limit's max amount instead. Then subnet, amount > 0 (`AmountTooLow`), enough stake
//!   (`NotEnoughStakeToWithdraw`), the simulated swap (`InsufficientLiquidity`), TAO out ≥ 0.002 TAO unless
//!   everything is unstaked (`AmountTooLow`), `SlippageTooHigh`, hotkey.
//!
//! A stake moves the coldkey's TAO (keeping its account alive: all of a balance stakes all but the
//! existential deposit) into the subnet account, swaps it, and sends the TAO fee to the block author.
//! An unstake sells the alpha, pays the TAO to the coldkey, sells the alpha fee again without a fee and
//! sends that TAO to the block author, and gives back the alpha a limit left unsold.
//!
//! Also here: `recycle_alpha` / `burn_alpha` (stake taken out, with or without `SubnetAlphaOut`),
//! `add_stake_burn` (a stake whose alpha is burned at once), `set_coldkey_auto_stake_hotkey` (where the
//! coinbase stakes a coldkey's miner incentive) and the nominator minimum (`NominatorMinRequiredStake`,
//! a per-million factor of the minimum stake, and the sweep its setter runs).
//!
//! Each (hotkey, netuid) has a pool worth `TotalHotkeyAlpha`, split into shares (`TotalHotkeyShares`);
//! a coldkey's stake is `value × its shares / all shares`. Emission to a hotkey only raises the value, so
//! every nominator gains pro-rata. Shares are integers here (subtensor keeps them as floats); values are
//! floored, so the coldkeys' stakes never add up to more than the pool.

use crate::arith::mul_div;
use crate::balances::{self, Existence};
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::math::swap::{
    SwapResult, SwapSide, MAX_PRICE_RAO, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, MIN_PRICE_RAO,
};
use crate::pool;
use crate::registration::hotkey_exists;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, AlphaBalance, NetUid, TaoBalance};
use substrate_fixed::types::U64F64;

/// The smallest stake operation, in rao (subtensor's `DefaultMinStake`).
pub const MIN_STAKE: u64 = 2_000_000;

/// Alpha a coldkey holds through `hotkey` on `netuid`.
pub fn stake(s: &Storage, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> AlphaBalance {
    let shares = Alpha::get(s, hotkey, coldkey, &netuid);
    if shares == 0 {
        return 0;
    }
    let total_shares = TotalHotkeyShares::get(s, hotkey, &netuid);
    let value = TotalHotkeyAlpha::get(s, hotkey, &netuid);
    let v = mul_div(u128::from(value), shares, total_shares).unwrap_or(0);
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// Total alpha staked to `hotkey` on `netuid`, by every coldkey.
pub fn hotkey_stake(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> AlphaBalance {
    TotalHotkeyAlpha::get(s, hotkey, &netuid)
}

/// Credits `alpha` of new stake to (hotkey, coldkey): mints shares at the pool's current value.
pub fn increase_stake(
    s: &mut Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
) {
    if alpha == 0 {
        return;
    }
    let value = TotalHotkeyAlpha::get(s, hotkey, &netuid);
    let total_shares = TotalHotkeyShares::get(s, hotkey, &netuid);
    let new_shares = if value == 0 || total_shares == 0 {
        u128::from(alpha)
    } else {
        mul_div(u128::from(alpha), total_shares, u128::from(value)).unwrap_or(u128::from(alpha))
    };
    if value == 0 && total_shares > 0 {
        // A pool whose value fell to zero restarts: old shares are worthless.
        for (cold, net, _) in Alpha::iter_prefix(s, hotkey) {
            if net == netuid {
                Alpha::remove(s, hotkey, &cold, &net);
            }
        }
        TotalHotkeyShares::insert(s, hotkey, &netuid, 0);
    }
    let total_shares = TotalHotkeyShares::get(s, hotkey, &netuid);
    let mine = Alpha::get(s, hotkey, coldkey, &netuid);
    Alpha::insert(s, hotkey, coldkey, &netuid, mine.saturating_add(new_shares));
    TotalHotkeyShares::insert(s, hotkey, &netuid, total_shares.saturating_add(new_shares));
    TotalHotkeyAlpha::insert(s, hotkey, &netuid, value.saturating_add(alpha));
    StakingHotkeys::mutate(s, coldkey, |hks| {
        if !hks.contains(hotkey) {
            hks.push(*hotkey);
        }
    });
    if netuid == crate::types::ROOT_NETUID {
        crate::root::claim::on_root_stake_added(s, hotkey, coldkey, alpha);
    }
}

/// Debits `alpha` of stake from (hotkey, coldkey), burning the matching shares. Returns the alpha removed.
pub fn decrease_stake(
    s: &mut Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
) -> Result<AlphaBalance, DispatchError> {
    let have = stake(s, hotkey, coldkey, netuid);
    if alpha == 0 || alpha > have {
        return Err(SubtensorError::NotEnoughStakeToWithdraw.into());
    }
    let value = TotalHotkeyAlpha::get(s, hotkey, &netuid);
    let total_shares = TotalHotkeyShares::get(s, hotkey, &netuid);
    let mine = Alpha::get(s, hotkey, coldkey, &netuid);
    let burn_shares = if alpha == have {
        mine
    } else {
        mul_div(u128::from(alpha), total_shares, u128::from(value))
            .unwrap_or(mine)
            .min(mine)
    };
    let left = mine - burn_shares;
    if left == 0 {
        Alpha::remove(s, hotkey, coldkey, &netuid);
    } else {
        Alpha::insert(s, hotkey, coldkey, &netuid, left);
    }
    TotalHotkeyShares::insert(s, hotkey, &netuid, total_shares.saturating_sub(burn_shares));
    TotalHotkeyAlpha::insert(s, hotkey, &netuid, value.saturating_sub(alpha));
    if netuid == crate::types::ROOT_NETUID {
        crate::root::claim::on_root_stake_removed(s, hotkey, coldkey, alpha);
    }
    Ok(alpha)
}

/// Adds `alpha` to a hotkey's pool value: every coldkey staked to it gains pro-rata. With no shares yet,
/// the alpha is credited to the hotkey's owner.
pub fn distribute_to_hotkey(
    s: &mut Storage,
    hotkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
) {
    if alpha == 0 {
        return;
    }
    if TotalHotkeyShares::get(s, hotkey, &netuid) == 0
        || TotalHotkeyAlpha::get(s, hotkey, &netuid) == 0
    {
        let owner = Owner::get(s, hotkey);
        increase_stake(s, hotkey, &owner, netuid, alpha);
    } else {
        TotalHotkeyAlpha::mutate(s, hotkey, &netuid, |v| *v = v.saturating_add(alpha));
    }
}

/// `validate_add_stake`: the checks of `add_stake` / `add_stake_limit` before any state changes.
/// `max_amount` is what the limit admits (the amount itself without a limit).
pub fn validate_add_stake(
    s: &Storage,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    tao: TaoBalance,
    max_amount: TaoBalance,
    allow_partial: bool,
) -> Result<(), DispatchError> {
    subnets::ensure_exists(s, netuid)?;
    if !SubtokenEnabled::get(s, &netuid) {
        return Err(SubtensorError::SubtokenDisabled.into());
    }
    // The minimum is 0.002 TAO plus the fee a 0.002 TAO swap would pay.
    let min_fee = pool::sim_swap(s, netuid, SwapSide::BuyAlpha, MIN_STAKE)
        .map(|r| r.fee)
        .unwrap_or_else(|_| pool::fee_on(s, netuid, MIN_STAKE));
    if tao < MIN_STAKE.saturating_add(min_fee) {
        return Err(SubtensorError::AmountTooLow.into());
    }
    let tao = if allow_partial {
        tao.min(max_amount)
    } else if tao > max_amount {
        return Err(SubtensorError::SlippageTooHigh.into());
    } else {
        tao
    };
    if tao > balances::free_balance(s, coldkey) {
        return Err(SubtensorError::NotEnoughBalanceToStake.into());
    }
    if !hotkey_exists(s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    let swap = pool::sim_swap(s, netuid, SwapSide::BuyAlpha, tao)
        .map_err(|_| DispatchError::from(SubtensorError::InsufficientLiquidity))?;
    if swap.amount_in_used < MIN_STAKE {
        return Err(SubtensorError::AmountTooLow.into());
    }
    if swap.amount_out == 0 {
        return Err(SubtensorError::InsufficientLiquidity.into());
    }
    Ok(())
}

/// `validate_remove_stake`: the checks of `remove_stake` / `remove_stake_limit` before any state
/// changes. `max_amount` is what the limit admits.
pub fn validate_remove_stake(
    s: &Storage,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
    max_amount: AlphaBalance,
    allow_partial: bool,
) -> Result<(), DispatchError> {
    subnets::ensure_exists(s, netuid)?;
    if alpha == 0 {
        return Err(SubtensorError::AmountTooLow.into());
    }
    let held = stake(s, hotkey, coldkey, netuid);
    let Some(remaining) = held.checked_sub(alpha) else {
        return Err(SubtensorError::NotEnoughStakeToWithdraw.into());
    };
    let swap = pool::sim_swap(s, netuid, SwapSide::SellAlpha, alpha)
        .map_err(|_| DispatchError::from(SubtensorError::InsufficientLiquidity))?;
    if remaining != 0 && swap.amount_out < MIN_STAKE {
        return Err(SubtensorError::AmountTooLow.into());
    }
    if !allow_partial && alpha > max_amount {
        return Err(SubtensorError::SlippageTooHigh.into());
    }
    if !hotkey_exists(s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    Ok(())
}

/// The largest input a dynamic subnet's pool takes in one swap, 1000 × its input reserve; `None` on a
/// stable subnet (no bound).
fn max_supported_input(s: &Storage, netuid: NetUid, side: SwapSide) -> Option<u64> {
    if pool::is_stable(s, netuid) {
        return None;
    }
    let reserve = match side {
        SwapSide::BuyAlpha => SubnetTAO::get(s, &netuid),
        SwapSide::SellAlpha => SubnetAlphaIn::get(s, &netuid),
    };
    Some(reserve.saturating_mul(MAX_SWAP_INPUT_RESERVE_MULTIPLIER))
}

/// `ensure_add_stake_input_within_swap_limit` / `ensure_remove_stake_input_within_swap_limit`.
fn ensure_within_swap_limit(
    s: &Storage,
    netuid: NetUid,
    side: SwapSide,
    amount: u64,
) -> Result<(), DispatchError> {
    match max_supported_input(s, netuid, side) {
        Some(max) if amount > max => Err(SubtensorError::InsufficientLiquidity.into()),
        _ => Ok(()),
    }
}

/// `add_stake` / `add_stake_limit`: swaps TAO for alpha and stakes it to `hotkey`.
/// `limit` is (highest price in rao per alpha, allow partial). Returns the alpha staked.
pub fn add_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    tao: TaoBalance,
    limit: Option<(u64, bool)>,
) -> Result<AlphaBalance, DispatchError> {
    ensure_within_swap_limit(ctx.s, netuid, SwapSide::BuyAlpha, tao)?;
    let Some((limit_price, allow_partial)) = limit else {
        validate_add_stake(ctx.s, coldkey, hotkey, netuid, tao, tao, false)?;
        return stake_into_subnet(ctx, hotkey, coldkey, netuid, tao, MAX_PRICE_RAO, false);
    };
    let max_amount = pool::get_max_amount_add(ctx.s, netuid, limit_price)?;
    let possible = tao.min(max_amount);
    validate_add_stake(
        ctx.s,
        coldkey,
        hotkey,
        netuid,
        tao,
        max_amount,
        allow_partial,
    )?;
    if Owner::get(ctx.s, hotkey) != *coldkey {
        maybe_become_delegate(ctx.s, hotkey);
    }
    stake_into_subnet(ctx, hotkey, coldkey, netuid, possible, limit_price, false)
}

/// `maybe_become_delegate`: a hotkey staked to by another coldkey becomes a delegate at its take.
fn maybe_become_delegate(s: &mut Storage, hotkey: &AccountId) {
    if !Delegates::contains_key(s, hotkey) {
        let take = Delegates::get(s, hotkey);
        Delegates::insert(s, hotkey, take);
    }
}

/// `stake_into_subnet`: moves up to `tao` of the coldkey's TAO into the subnet account (keeping the
/// account alive, so all of a balance stakes all but the existential deposit), swaps it at
/// `limit_price_rao`, credits the alpha to (hotkey, coldkey), pays the TAO fee to the block author and
/// deposits `StakeAdded(coldkey, hotkey, TAO moved, alpha, netuid, fee)`. Returns the alpha.
pub fn stake_into_subnet(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    tao: TaoBalance,
    limit_price_rao: u64,
    drop_fees: bool,
) -> Result<AlphaBalance, DispatchError> {
    let staked = transfer_to_subnet(ctx.s, netuid, coldkey, tao)?;
    let swap = pool::swap_tao_for_alpha(ctx.s, netuid, staked, limit_price_rao, drop_fees)?;
    if swap.amount_out == 0 {
        return Err(SubtensorError::AmountTooLow.into());
    }
    increase_stake(ctx.s, hotkey, coldkey, netuid, swap.amount_out);
    let author = ctx.author;
    transfer_from_subnet(ctx.s, netuid, &author, author_fee(&swap))?;
    crate::coinbase::record_tao_inflow(ctx.s, netuid, swap.amount_in_used);
    ctx.deposit(SubtensorEvent::StakeAdded(
        *coldkey,
        *hotkey,
        staked,
        swap.amount_out,
        netuid,
        swap.fee,
    ));
    Ok(swap.amount_out)
}

/// The part of a swap's fee that goes to the block author: all of it, when anything was swapped.
fn author_fee(swap: &SwapResult) -> u64 {
    if swap.amount_in_used == 0 {
        0
    } else {
        swap.fee
    }
}

/// `transfer_tao_to_subnet`: moves `amount` from `coldkey` to the subnet account, less if that would
/// take the account below the existential deposit; `InsufficientBalance` when nothing can move.
/// Returns what moved.
fn transfer_to_subnet(
    s: &mut Storage,
    netuid: NetUid,
    coldkey: &AccountId,
    amount: u64,
) -> Result<u64, DispatchError> {
    if amount == 0 {
        return Ok(0);
    }
    let movable = balances::free_balance(s, coldkey)
        .saturating_sub(balances::EXISTENTIAL_DEPOSIT)
        .min(amount);
    if movable == 0 {
        return Err(SubtensorError::InsufficientBalance.into());
    }
    balances::transfer(
        s,
        coldkey,
        &subnet_account(netuid),
        movable,
        Existence::KeepAlive,
    )?;
    Ok(movable)
}

/// `transfer_tao_from_subnet`: pays `amount` out of the subnet account (`InsufficientBalance` when it
/// does not hold that much).
fn transfer_from_subnet(
    s: &mut Storage,
    netuid: NetUid,
    to: &AccountId,
    amount: u64,
) -> Result<(), DispatchError> {
    let account = subnet_account(netuid);
    if amount > balances::free_balance(s, &account) {
        return Err(SubtensorError::InsufficientBalance.into());
    }
    balances::transfer(s, &account, to, amount, Existence::AllowDeath)
}

/// `remove_stake` / `remove_stake_limit`: unstakes alpha and swaps it for TAO paid to the coldkey.
/// `limit` is (lowest price in rao per alpha, allow partial). Returns the TAO paid.
pub fn remove_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
    limit: Option<(u64, bool)>,
) -> Result<TaoBalance, DispatchError> {
    let paid = match limit {
        None => {
            if !SubtokenEnabled::get(ctx.s, &netuid) {
                return Err(SubtensorError::SubtokenDisabled.into());
            }
            let alpha = alpha.min(stake(ctx.s, hotkey, coldkey, netuid));
            ensure_within_swap_limit(ctx.s, netuid, SwapSide::SellAlpha, alpha)?;
            validate_remove_stake(ctx.s, coldkey, hotkey, netuid, alpha, alpha, false)?;
            unstake_from_subnet(
                ctx,
                hotkey,
                coldkey,
                coldkey,
                netuid,
                alpha,
                MIN_PRICE_RAO,
                false,
            )?
        }
        Some((limit_price, allow_partial)) => {
            ensure_within_swap_limit(ctx.s, netuid, SwapSide::SellAlpha, alpha)?;
            let max_amount = pool::get_max_amount_remove(ctx.s, netuid, limit_price)?;
            let possible = alpha.min(max_amount);
            validate_remove_stake(
                ctx.s,
                coldkey,
                hotkey,
                netuid,
                alpha,
                max_amount,
                allow_partial,
            )?;
            unstake_from_subnet(
                ctx,
                hotkey,
                coldkey,
                coldkey,
                netuid,
                possible,
                limit_price,
                false,
            )?
        }
    };
    clear_small_nomination_if_required(ctx, hotkey, coldkey, netuid);
    // A hotkey whose stake fell below `StakeThreshold` loses its scheduled children.
    crate::childkeys::clear_pending_below_threshold(ctx.s, hotkey);
    Ok(paid)
}

/// `unstake_from_subnet`: takes `alpha` from (hotkey, coldkey), sells it at `limit_price_rao` (fee-free
/// when `drop_fees`), gives back what the limit left unsold, pays the TAO to `beneficiary`, sells the
/// alpha fee without a fee for the block author and deposits
/// `StakeRemoved(coldkey, hotkey, TAO paid, alpha swapped, netuid, alpha fee)`. Returns the TAO paid.
#[allow(clippy::too_many_arguments)]
pub fn unstake_from_subnet(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    coldkey: &AccountId,
    beneficiary: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
    limit_price_rao: u64,
    drop_fees: bool,
) -> Result<TaoBalance, DispatchError> {
    take_stake(ctx.s, hotkey, coldkey, netuid, alpha);
    let swap = pool::swap_alpha_for_tao(ctx.s, netuid, alpha, limit_price_rao, drop_fees)?;
    let refund = alpha.saturating_sub(swap.amount_in_used.saturating_add(swap.fee));
    if refund > 0 {
        increase_stake(ctx.s, hotkey, coldkey, netuid, refund);
    }
    // A payout below the existential deposit to an empty account fails (`Balances.ExistentialDeposit`;
    // subtensor's currency reports `Token(BelowMinimum)`).
    transfer_from_subnet(ctx.s, netuid, beneficiary, swap.amount_out)?;
    let fee_sale = pool::swap_alpha_for_tao(ctx.s, netuid, author_fee(&swap), MIN_PRICE_RAO, true)?;
    let author = ctx.author;
    transfer_from_subnet(ctx.s, netuid, &author, fee_sale.amount_out)?;
    crate::coinbase::record_tao_outflow(
        ctx.s,
        netuid,
        swap.amount_out.saturating_add(fee_sale.amount_out),
    );
    ctx.deposit(SubtensorEvent::StakeRemoved(
        *coldkey,
        *hotkey,
        swap.amount_out,
        swap.amount_in_used,
        netuid,
        swap.fee,
    ));
    Ok(swap.amount_out)
}

/// `decrease_stake_for_hotkey_and_coldkey_on_subnet`: takes up to `alpha` (what is held, when less).
fn take_stake(
    s: &mut Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
) {
    let held = stake(s, hotkey, coldkey, netuid);
    let take = alpha.min(held);
    if take > 0 {
        // `take` ≤ the stake held, so this cannot fail.
        let _ = decrease_stake(s, hotkey, coldkey, netuid, take);
    }
}

/// `get_nominator_min_required_stake`: the least TAO a nomination must be worth, in rao.
/// `NominatorMinRequiredStake` is a per-million factor of the minimum stake (0.002 TAO): 10⁶ makes it
/// 0.002 TAO.
pub fn nominator_min_required_stake(s: &Storage) -> u64 {
    MIN_STAKE.saturating_mul(NominatorMinRequiredStake::get(s)) / 1_000_000
}

/// `clear_small_nomination_if_required`: a nominator (not the hotkey's owner) left with less alpha than
/// [`nominator_min_required_stake`] is worth at the spot price is unstaked entirely (the alpha is
/// dropped if that fails).
pub fn clear_small_nomination_if_required(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
) {
    if Owner::get(ctx.s, hotkey) == *coldkey {
        return;
    }
    let held = stake(ctx.s, hotkey, coldkey, netuid);
    let min_alpha = U64F64::from_num(nominator_min_required_stake(ctx.s))
        .checked_div(pool::current_price(ctx.s, netuid))
        .unwrap_or_else(|| U64F64::from_num(0))
        .saturating_to_num::<u64>();
    if held == 0 || held >= min_alpha {
        return;
    }
    // Subtensor ignores a failed unstake here and only drops the alpha; the failed attempt's writes
    // are undone first.
    let events = ctx.events.len();
    ctx.s.begin();
    match unstake_from_subnet(
        ctx,
        hotkey,
        coldkey,
        coldkey,
        netuid,
        held,
        MIN_PRICE_RAO,
        false,
    ) {
        Ok(_) => ctx.s.commit(),
        Err(_) => {
            ctx.s.rollback();
            ctx.events.truncate(events);
            take_stake(ctx.s, hotkey, coldkey, netuid, held);
        }
    }
}

/// `clear_small_nominations`: [`clear_small_nomination_if_required`] on every stake, in the order of
/// subtensor's `alpha_iter` (sorted by hotkey, coldkey, netuid).
pub fn clear_small_nominations(ctx: &mut Ctx<'_>) {
    let mut stakes: Vec<(AccountId, AccountId, NetUid)> = Alpha::iter(ctx.s)
        .into_iter()
        .map(|(hotkey, coldkey, netuid, _)| (hotkey, coldkey, netuid))
        .collect();
    stakes.sort();
    for (hotkey, coldkey, netuid) in stakes {
        clear_small_nomination_if_required(ctx, &hotkey, &coldkey, netuid);
    }
}

/// Whether `recycle_alpha` / `burn_alpha` also takes the alpha out of the subnet's issued alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AlphaExit {
    /// `recycle_alpha`: `SubnetAlphaOut` falls by the amount.
    Recycle,
    /// `burn_alpha`: `SubnetAlphaOut` is left as it is.
    Burn,
}

/// `do_recycle_alpha` / `do_burn_alpha`, in subtensor's order: `SubnetNotExists`,
/// `CannotBurnOrRecycleOnRootSubnet`, `SubtokenDisabled`, `HotKeyAccountNotExists`; the amount capped at
/// the coldkey's stake; `InsufficientLiquidity` when `SubnetAlphaOut` is below it. (Subtensor's
/// conviction-lock check cannot refuse on taonet: no locks are ever taken.) Returns the alpha taken.
fn take_alpha_out(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    amount: AlphaBalance,
    netuid: NetUid,
    exit: AlphaExit,
) -> Result<AlphaBalance, DispatchError> {
    subnets::ensure_exists(ctx.s, netuid)?;
    if netuid == crate::types::ROOT_NETUID {
        return Err(SubtensorError::CannotBurnOrRecycleOnRootSubnet.into());
    }
    if !SubtokenEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::SubtokenDisabled.into());
    }
    if !hotkey_exists(ctx.s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    let amount = amount.min(stake(ctx.s, hotkey, coldkey, netuid));
    if SubnetAlphaOut::get(ctx.s, &netuid) < amount {
        return Err(SubtensorError::InsufficientLiquidity.into());
    }
    take_stake(ctx.s, hotkey, coldkey, netuid, amount);
    let event = match exit {
        AlphaExit::Recycle => {
            if amount > 0 {
                SubnetAlphaOut::mutate(ctx.s, &netuid, |a| *a = a.saturating_sub(amount));
            }
            SubtensorEvent::AlphaRecycled(*coldkey, *hotkey, amount, netuid)
        }
        AlphaExit::Burn => SubtensorEvent::AlphaBurned(*coldkey, *hotkey, amount, netuid),
    };
    ctx.deposit(event);
    Ok(amount)
}

/// `recycle_alpha(hotkey, amount, netuid)` from `coldkey`: up to `amount` of its stake leaves the stake
/// and `SubnetAlphaOut`; `AlphaRecycled(coldkey, hotkey, alpha, netuid)`. Returns the alpha recycled.
pub fn recycle_alpha(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    amount: AlphaBalance,
    netuid: NetUid,
) -> Result<AlphaBalance, DispatchError> {
    take_alpha_out(ctx, coldkey, hotkey, amount, netuid, AlphaExit::Recycle)
}

/// `burn_alpha(hotkey, amount, netuid)` from `coldkey`: up to `amount` of its stake leaves the stake
/// while `SubnetAlphaOut` keeps counting it; `AlphaBurned(coldkey, hotkey, alpha, netuid)`. Returns the
/// alpha burned.
pub fn burn_alpha(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    amount: AlphaBalance,
    netuid: NetUid,
) -> Result<AlphaBalance, DispatchError> {
    take_alpha_out(ctx, coldkey, hotkey, amount, netuid, AlphaExit::Burn)
}

/// `add_stake_burn(hotkey, netuid, amount, limit)` from `coldkey` (`do_add_stake_burn`): `add_stake`
/// (or, with a limit, fill-or-kill `add_stake_limit`), then `burn_alpha` of the alpha it bought, then
/// `AddStakeBurn { netuid, hotkey, amount, alpha }`; all or nothing. Anyone may buy back any subnet's
/// alpha this way.
pub fn add_stake_burn(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    amount: TaoBalance,
    limit: Option<TaoBalance>,
) -> Result<(), DispatchError> {
    let alpha = add_stake(
        ctx,
        coldkey,
        hotkey,
        netuid,
        amount,
        limit.map(|price| (price, false)),
    )?;
    burn_alpha(ctx, coldkey, hotkey, alpha, netuid)?;
    ctx.deposit(SubtensorEvent::AddStakeBurn {
        netuid,
        hotkey: *hotkey,
        amount,
        alpha,
    });
    Ok(())
}

/// `set_coldkey_auto_stake_hotkey(netuid, hotkey)` from `coldkey`: `SubnetNotExists`,
/// `HotKeyNotRegisteredInSubNet`, `SameAutoStakeHotkeyAlreadySet` when it is the current destination;
/// the coldkey leaves the old hotkey's `AutoStakeDestinationColdkeys` and joins the new one's (once);
/// `AutoStakeDestinationSet`. The coinbase then stakes the coldkey's miner incentive on `netuid` to
/// `hotkey`.
pub fn set_coldkey_auto_stake_hotkey(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    netuid: NetUid,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    subnets::ensure_exists(ctx.s, netuid)?;
    if !Uids::contains_key(ctx.s, &netuid, hotkey) {
        return Err(SubtensorError::HotKeyNotRegisteredInSubNet.into());
    }
    if let Some(current) = AutoStakeDestination::try_get(ctx.s, coldkey, &netuid) {
        if current == *hotkey {
            return Err(SubtensorError::SameAutoStakeHotkeyAlreadySet.into());
        }
        AutoStakeDestinationColdkeys::mutate(ctx.s, &current, &netuid, |coldkeys| {
            coldkeys.retain(|c| c != coldkey)
        });
    }
    AutoStakeDestination::insert(ctx.s, coldkey, &netuid, *hotkey);
    AutoStakeDestinationColdkeys::mutate(ctx.s, hotkey, &netuid, |coldkeys| {
        if !coldkeys.contains(coldkey) {
            coldkeys.push(*coldkey);
        }
    });
    ctx.deposit(SubtensorEvent::AutoStakeDestinationSet {
        coldkey: *coldkey,
        netuid,
        hotkey: *hotkey,
    });
    Ok(())
}

#[cfg(test)]
#[path = "staking_tests.rs"]
mod tests;

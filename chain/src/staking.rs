//! Staking: per-hotkey share pools of alpha, and `add_stake`/`remove_stake` (plain and `_limit`) through
//! the subnet pool.
//!
//! Each (hotkey, netuid) has a pool worth `TotalHotkeyAlpha`, split into shares (`TotalHotkeyShares`);
//! a coldkey's stake is `value × its shares / all shares`. Emission to a hotkey only raises the value, so
//! every nominator gains pro-rata. Shares are integers here (subtensor keeps them as floats); values are
//! floored, so the coldkeys' stakes never add up to more than the pool.

use crate::arith::mul_div;
use crate::balances;
use crate::ctx::{subnet_account, Ctx};
use crate::error::{BalancesError, DispatchError};
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::pool;
use crate::registration::hotkey_exists;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, AlphaBalance, NetUid, TaoBalance};

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

fn validate_add(
    s: &Storage,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    tao: TaoBalance,
) -> Result<(), DispatchError> {
    subnets::ensure_exists(s, netuid)?;
    if !SubtokenEnabled::get(s, &netuid) {
        return Err(SubtensorError::SubtokenDisabled.into());
    }
    if !hotkey_exists(s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    if tao < MIN_STAKE {
        return Err(SubtensorError::AmountTooLow.into());
    }
    if balances::free_balance(s, coldkey) < tao.saturating_add(balances::EXISTENTIAL_DEPOSIT) {
        return Err(SubtensorError::NotEnoughBalanceToStake.into());
    }
    Ok(())
}

/// `add_stake` / `add_stake_limit`: swaps TAO for alpha and stakes it to `hotkey`.
/// `limit` is (highest price in rao per alpha, allow partial).
pub fn add_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    tao: TaoBalance,
    limit: Option<(u64, bool)>,
) -> Result<AlphaBalance, DispatchError> {
    validate_add(ctx.s, coldkey, hotkey, netuid, tao)?;
    let quote = pool::quote_buy(ctx.s, netuid, tao, limit)?;
    if quote.amount_out == 0 {
        return Err(SubtensorError::AmountTooLow.into());
    }
    let result = pool::buy(ctx, netuid, coldkey, tao, limit)?;
    increase_stake(ctx.s, hotkey, coldkey, netuid, result.amount_out);
    ctx.deposit(SubtensorEvent::StakeAdded(
        *coldkey,
        *hotkey,
        result.amount_in_used.saturating_add(result.fee),
        result.amount_out,
        netuid,
        result.fee,
    ));
    Ok(result.amount_out)
}

/// `remove_stake` / `remove_stake_limit`: unstakes alpha and swaps it for TAO paid to the coldkey.
/// `limit` is (lowest price in rao per alpha, allow partial).
pub fn remove_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    alpha: AlphaBalance,
    limit: Option<(u64, bool)>,
) -> Result<TaoBalance, DispatchError> {
    subnets::ensure_exists(ctx.s, netuid)?;
    if !hotkey_exists(ctx.s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    if alpha == 0 {
        return Err(SubtensorError::AmountTooLow.into());
    }
    let have = stake(ctx.s, hotkey, coldkey, netuid);
    if alpha > have {
        return Err(SubtensorError::NotEnoughStakeToWithdraw.into());
    }
    let quote = pool::quote_sell(ctx.s, netuid, alpha, limit)?;
    if quote.amount_out < MIN_STAKE && alpha < have {
        return Err(SubtensorError::AmountTooLow.into());
    }
    // subtensor unstakes in one transaction: if the alpha fee cannot be sold for the block author or
    // the payout cannot reach the coldkey, the call fails and nothing changes. Dispatch rolls a failed
    // call back, but checking first gives the error subtensor names (not a later step's).
    if quote.fee > 0 {
        pool::quote_fee_sale(quote.new_reserves, quote.fee)?;
    }
    if quote.amount_out > 0
        && balances::free_balance(ctx.s, coldkey).saturating_add(quote.amount_out)
            < balances::EXISTENTIAL_DEPOSIT
    {
        return Err(BalancesError::ExistentialDeposit.into());
    }
    let taken = quote.amount_in_used.saturating_add(quote.fee);
    decrease_stake(ctx.s, hotkey, coldkey, netuid, taken)?;
    let (result, fee_tao) = pool::sell(ctx, netuid, taken, limit)?;
    balances::transfer(
        ctx.s,
        &subnet_account(netuid),
        coldkey,
        result.amount_out,
        balances::Existence::AllowDeath,
    )?;
    ctx.deposit(SubtensorEvent::StakeRemoved(
        *coldkey,
        *hotkey,
        result.amount_out,
        taken,
        netuid,
        fee_tao,
    ));
    // A hotkey whose stake fell below `StakeThreshold` loses its scheduled children.
    crate::childkeys::clear_pending_below_threshold(ctx.s, hotkey);
    Ok(result.amount_out)
}

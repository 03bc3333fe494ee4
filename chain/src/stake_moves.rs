//! Moving stake without leaving the network: `move_stake`, `transfer_stake`, `swap_stake(_limit)`,
//! `unstake_all` and `remove_stake_full_limit`.
//!
//! Within one subnet a move is a pure share transfer (no swap, no fee, must be worth at least the minimum
//! stake at spot price). Across subnets it is an unstake on the origin pool and a stake on the
//! destination pool; both legs pay the pool fee here, where subtensor waives one of them.

use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{SubtokenEnabled, TransferToggle};
use crate::pool;
use crate::registration::hotkey_exists;
use crate::staking::{self, decrease_stake, increase_stake, MIN_STAKE};
use crate::subnets;
use crate::types::{AccountId, AlphaBalance, NetUid, RAO_PER_TAO};

/// One side of a stake move.
#[derive(Clone, Copy, Debug)]
pub struct StakeSide {
    /// Coldkey holding the stake.
    pub coldkey: AccountId,
    /// Hotkey it is staked to.
    pub hotkey: AccountId,
    /// Subnet.
    pub netuid: NetUid,
}

/// Moves `alpha` of stake from `from` to `to` and returns its worth in TAO (rao).
/// `min_price_ratio` (rao, i.e. ×1e9) is the lowest origin/destination price ratio accepted.
pub fn relocate(
    ctx: &mut Ctx<'_>,
    from: StakeSide,
    to: StakeSide,
    alpha: AlphaBalance,
    min_price_ratio: Option<u64>,
) -> Result<u64, DispatchError> {
    subnets::ensure_exists(ctx.s, from.netuid)?;
    subnets::ensure_exists(ctx.s, to.netuid)?;
    if !hotkey_exists(ctx.s, &from.hotkey) || !hotkey_exists(ctx.s, &to.hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    if !SubtokenEnabled::get(ctx.s, &to.netuid) {
        return Err(SubtensorError::SubtokenDisabled.into());
    }
    if alpha == 0 {
        return Err(SubtensorError::AmountTooLow.into());
    }
    if alpha > staking::stake(ctx.s, &from.hotkey, &from.coldkey, from.netuid) {
        return Err(SubtensorError::NotEnoughStakeToWithdraw.into());
    }
    if let Some(limit) = min_price_ratio {
        let origin = u128::from(pool::spot_price_rao(ctx.s, from.netuid));
        let dest = u128::from(pool::spot_price_rao(ctx.s, to.netuid).max(1));
        if origin * u128::from(RAO_PER_TAO) / dest < u128::from(limit) {
            return Err(SubtensorError::SlippageTooHigh.into());
        }
    }
    if from.netuid == to.netuid {
        let price = u128::from(pool::spot_price_rao(ctx.s, from.netuid));
        let worth =
            u64::try_from(u128::from(alpha) * price / u128::from(RAO_PER_TAO)).unwrap_or(u64::MAX);
        if worth < MIN_STAKE {
            return Err(SubtensorError::AmountTooLow.into());
        }
        decrease_stake(ctx.s, &from.hotkey, &from.coldkey, from.netuid, alpha)?;
        increase_stake(ctx.s, &to.hotkey, &to.coldkey, to.netuid, alpha);
        return Ok(worth);
    }
    let quote = pool::quote_sell(ctx.s, from.netuid, alpha, None)?;
    if quote.amount_out < MIN_STAKE {
        return Err(SubtensorError::AmountTooLow.into());
    }
    decrease_stake(ctx.s, &from.hotkey, &from.coldkey, from.netuid, alpha)?;
    let (sold, _) = pool::sell(ctx, from.netuid, alpha, None)?;
    let bought = pool::buy(
        ctx,
        to.netuid,
        &subnet_account(from.netuid),
        sold.amount_out,
        None,
    )?;
    increase_stake(ctx.s, &to.hotkey, &to.coldkey, to.netuid, bought.amount_out);
    Ok(sold.amount_out)
}

/// `move_stake`: the same coldkey moves stake to another hotkey and/or subnet.
pub fn move_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    origin_hotkey: &AccountId,
    destination_hotkey: &AccountId,
    origin_netuid: NetUid,
    destination_netuid: NetUid,
    alpha: AlphaBalance,
) -> Result<(), DispatchError> {
    let from = StakeSide {
        coldkey: *coldkey,
        hotkey: *origin_hotkey,
        netuid: origin_netuid,
    };
    let to = StakeSide {
        coldkey: *coldkey,
        hotkey: *destination_hotkey,
        netuid: destination_netuid,
    };
    let tao = relocate(ctx, from, to, alpha, None)?;
    ctx.deposit(SubtensorEvent::StakeMoved(
        *coldkey,
        *origin_hotkey,
        origin_netuid,
        *destination_hotkey,
        destination_netuid,
        tao,
    ));
    Ok(())
}

/// `transfer_stake`: gives stake to another coldkey (same hotkey), optionally into another subnet.
pub fn transfer_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    destination_coldkey: &AccountId,
    hotkey: &AccountId,
    origin_netuid: NetUid,
    destination_netuid: NetUid,
    alpha: AlphaBalance,
) -> Result<(), DispatchError> {
    if !TransferToggle::get(ctx.s, &origin_netuid)
        || !TransferToggle::get(ctx.s, &destination_netuid)
    {
        return Err(SubtensorError::TransferDisallowed.into());
    }
    let from = StakeSide {
        coldkey: *coldkey,
        hotkey: *hotkey,
        netuid: origin_netuid,
    };
    let to = StakeSide {
        coldkey: *destination_coldkey,
        hotkey: *hotkey,
        netuid: destination_netuid,
    };
    let tao = relocate(ctx, from, to, alpha, None)?;
    ctx.deposit(SubtensorEvent::StakeTransferred(
        *coldkey,
        *destination_coldkey,
        *hotkey,
        origin_netuid,
        destination_netuid,
        tao,
    ));
    Ok(())
}

/// `swap_stake` / `swap_stake_limit`: moves a hotkey's stake between subnets. `limit` is the lowest
/// origin/destination price ratio (×1e9) and whether a partial fill is allowed (partial fills are not
/// executed here: a swap past the limit fails).
pub fn swap_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    origin_netuid: NetUid,
    destination_netuid: NetUid,
    alpha: AlphaBalance,
    limit: Option<u64>,
) -> Result<(), DispatchError> {
    if origin_netuid == destination_netuid {
        return Err(SubtensorError::SameNetuid.into());
    }
    let from = StakeSide {
        coldkey: *coldkey,
        hotkey: *hotkey,
        netuid: origin_netuid,
    };
    let to = StakeSide {
        coldkey: *coldkey,
        hotkey: *hotkey,
        netuid: destination_netuid,
    };
    let tao = relocate(ctx, from, to, alpha, limit)?;
    ctx.deposit(SubtensorEvent::StakeSwapped(
        *coldkey,
        *hotkey,
        origin_netuid,
        destination_netuid,
        tao,
    ));
    Ok(())
}

/// `unstake_all(hotkey)`: every stake of the coldkey through `hotkey`, on every subnet, back to TAO.
pub fn unstake_all(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    if !hotkey_exists(ctx.s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    for netuid in subnets::all_netuids(ctx.s) {
        let alpha = staking::stake(ctx.s, hotkey, coldkey, netuid);
        if alpha > 0 {
            staking::remove_stake(ctx, coldkey, hotkey, netuid, alpha, None)?;
        }
    }
    Ok(())
}

/// `remove_stake_full_limit(hotkey, netuid, limit_price)`: unstakes everything, refusing a price below
/// `limit_price` (rao per alpha) when given.
pub fn remove_stake_full_limit(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    limit_price: Option<u64>,
) -> Result<(), DispatchError> {
    let alpha = staking::stake(ctx.s, hotkey, coldkey, netuid);
    if alpha == 0 {
        return Err(SubtensorError::NotEnoughStakeToWithdraw.into());
    }
    staking::remove_stake(
        ctx,
        coldkey,
        hotkey,
        netuid,
        alpha,
        limit_price.map(|p| (p, false)),
    )?;
    Ok(())
}

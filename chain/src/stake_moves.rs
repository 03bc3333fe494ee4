//! Moving stake without leaving the network: `move_stake`, `transfer_stake`, `swap_stake(_limit)`,
//! `unstake_all`, `unstake_all_alpha` (every subnet's stake sold and the TAO staked on root) and
//! `remove_stake_full_limit`, as subtensor main's `staking/move_stake.rs` and `remove_stake.rs` run
//! them.
//!
//! Every move first caps the amount at the stake held (asking for more moves everything), then runs
//! `validate_stake_transition`: `SameNetuid` (same keys and subnet), both subnets exist
//! (`SubnetNotExists`), both have their subtoken (`SubtokenDisabled`), both hotkeys exist
//! (`HotKeyAccountNotExists`), enough stake (`NotEnoughStakeToWithdraw`), and across subnets the
//! simulated sale must pay more than 0.002 TAO (`AmountTooLow`; `InsufficientLiquidity` when it
//! cannot run) and fit the limit (`SlippageTooHigh`); `transfer_stake` also needs `TransferToggle` on
//! both subnets (`TransferDisallowed`).
//!
//! Within one subnet a move is a pure share transfer: no swap, no fee, worth at least 0.002 TAO at the
//! spot price (`AmountTooLow`), reported as `StakeRemoved` + `StakeAdded` with fee 0. Across subnets it
//! is an unstake from the origin pool at the lowest price and a stake into the destination pool at the
//! highest; one leg pays the pool fee: the origin leg (the destination leg is fee-free), unless the
//! origin is root, where the destination leg pays. A destination leg below 0.002 TAO is skipped (the
//! TAO stays with the coldkey).

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{Delegates, Owner, SubtokenEnabled, TransferToggle};
use crate::math::swap::{SwapSide, MAX_PRICE_RAO, MIN_PRICE_RAO};
use crate::pool;
use crate::registration::hotkey_exists;
use crate::staking::{self, decrease_stake, increase_stake, MIN_STAKE};
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, AlphaBalance, NetUid, TaoBalance, ROOT_NETUID};

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

/// `validate_stake_transition`, in subtensor's order. `max_amount` is what the limit admits and
/// `allow_partial` whether a limit was given with partial fills allowed (`None`: no limit).
#[allow(clippy::too_many_arguments)]
pub fn validate_stake_transition(
    s: &Storage,
    from: StakeSide,
    to: StakeSide,
    alpha: AlphaBalance,
    max_amount: AlphaBalance,
    allow_partial: Option<bool>,
    check_transfer_toggle: bool,
) -> Result<(), DispatchError> {
    if from.coldkey == to.coldkey && from.hotkey == to.hotkey && from.netuid == to.netuid {
        return Err(SubtensorError::SameNetuid.into());
    }
    subnets::ensure_exists(s, from.netuid)?;
    if from.netuid != to.netuid {
        subnets::ensure_exists(s, to.netuid)?;
    }
    if !SubtokenEnabled::get(s, &from.netuid) || !SubtokenEnabled::get(s, &to.netuid) {
        return Err(SubtensorError::SubtokenDisabled.into());
    }
    if !hotkey_exists(s, &from.hotkey) || !hotkey_exists(s, &to.hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    if alpha > staking::stake(s, &from.hotkey, &from.coldkey, from.netuid) {
        return Err(SubtensorError::NotEnoughStakeToWithdraw.into());
    }
    if from.netuid != to.netuid {
        let tao = pool::sim_swap(s, from.netuid, SwapSide::SellAlpha, alpha)
            .map_err(|_| DispatchError::from(SubtensorError::InsufficientLiquidity))?
            .amount_out;
        if tao <= MIN_STAKE {
            return Err(SubtensorError::AmountTooLow.into());
        }
        if allow_partial == Some(false) && alpha > max_amount {
            return Err(SubtensorError::SlippageTooHigh.into());
        }
    }
    if check_transfer_toggle
        && (!TransferToggle::get(s, &from.netuid)
            || (from.netuid != to.netuid && !TransferToggle::get(s, &to.netuid)))
    {
        return Err(SubtensorError::TransferDisallowed.into());
    }
    Ok(())
}

/// `transition_stake_internal`: moves up to `alpha` of stake from `from` to `to` and returns its worth
/// in TAO. `limit` is `(lowest origin/destination price ratio ×10⁹, allow partial)`.
pub fn relocate(
    ctx: &mut Ctx<'_>,
    from: StakeSide,
    to: StakeSide,
    alpha: AlphaBalance,
    limit: Option<(u64, bool)>,
    check_transfer_toggle: bool,
) -> Result<TaoBalance, DispatchError> {
    let alpha = alpha.min(staking::stake(
        ctx.s,
        &from.hotkey,
        &from.coldkey,
        from.netuid,
    ));
    let max_amount = match limit {
        Some((price, _)) if from.netuid != to.netuid => {
            pool::get_max_amount_move(ctx.s, from.netuid, to.netuid, price)?
        }
        _ => alpha,
    };
    validate_stake_transition(
        ctx.s,
        from,
        to,
        alpha,
        max_amount,
        limit.map(|(_, partial)| partial),
        check_transfer_toggle,
    )?;
    let amount = alpha.min(max_amount);
    if from.netuid == to.netuid {
        return transfer_within_subnet(ctx, from, to, amount);
    }
    let origin_is_root = from.netuid == ROOT_NETUID;
    let tao = staking::unstake_from_subnet(
        ctx,
        &from.hotkey,
        &from.coldkey,
        &from.coldkey,
        from.netuid,
        amount,
        MIN_PRICE_RAO,
        origin_is_root,
    )?;
    if from.coldkey != to.coldkey {
        // `transfer_tao`: at most the whole free balance (`InsufficientBalance`), the sender may die.
        if tao > crate::balances::free_balance(ctx.s, &from.coldkey) {
            return Err(SubtensorError::InsufficientBalance.into());
        }
        crate::balances::transfer(
            ctx.s,
            &from.coldkey,
            &to.coldkey,
            tao,
            crate::balances::Existence::AllowDeath,
        )?;
    }
    if tao >= MIN_STAKE {
        if Owner::get(ctx.s, &to.hotkey) != to.coldkey
            && !Delegates::contains_key(ctx.s, &to.hotkey)
        {
            let take = Delegates::get(ctx.s, &to.hotkey);
            Delegates::insert(ctx.s, &to.hotkey, take);
        }
        staking::stake_into_subnet(
            ctx,
            &to.hotkey,
            &to.coldkey,
            to.netuid,
            tao,
            MAX_PRICE_RAO,
            !origin_is_root,
        )?;
    }
    Ok(tao)
}

/// `transfer_stake_within_subnet`: moves the shares without a swap; worth `alpha × spot price` in TAO,
/// which must be at least 0.002 TAO.
fn transfer_within_subnet(
    ctx: &mut Ctx<'_>,
    from: StakeSide,
    to: StakeSide,
    alpha: AlphaBalance,
) -> Result<TaoBalance, DispatchError> {
    let tao = pool::tao_for_alpha_at_spot(ctx.s, from.netuid, alpha);
    if tao < MIN_STAKE {
        return Err(SubtensorError::AmountTooLow.into());
    }
    decrease_stake(ctx.s, &from.hotkey, &from.coldkey, from.netuid, alpha)?;
    increase_stake(ctx.s, &to.hotkey, &to.coldkey, to.netuid, alpha);
    ctx.deposit(SubtensorEvent::StakeRemoved(
        from.coldkey,
        from.hotkey,
        tao,
        alpha,
        from.netuid,
        0,
    ));
    ctx.deposit(SubtensorEvent::StakeAdded(
        to.coldkey, to.hotkey, tao, alpha, to.netuid, 0,
    ));
    Ok(tao)
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
    let tao = relocate(ctx, from, to, alpha, None, false)?;
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
    let tao = relocate(ctx, from, to, alpha, None, true)?;
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
/// origin/destination price ratio (×10⁹) and whether a partial fill is allowed.
pub fn swap_stake(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    origin_netuid: NetUid,
    destination_netuid: NetUid,
    alpha: AlphaBalance,
    limit: Option<(u64, bool)>,
) -> Result<(), DispatchError> {
    let from = StakeSide {
        coldkey: *coldkey,
        hotkey: *hotkey,
        netuid: origin_netuid,
    };
    let to = StakeSide {
        netuid: destination_netuid,
        ..from
    };
    let tao = relocate(ctx, from, to, alpha, limit, false)?;
    ctx.deposit(SubtensorEvent::StakeSwapped(
        *coldkey,
        *hotkey,
        origin_netuid,
        destination_netuid,
        tao,
    ));
    Ok(())
}

/// `unstake_all(hotkey)`: every stake of the coldkey through `hotkey`, on every subnet whose subtoken is
/// enabled and where `remove_stake`'s checks pass (others are skipped), back to TAO.
pub fn unstake_all(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    if !hotkey_exists(ctx.s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    for netuid in subnets::all_netuids(ctx.s) {
        if !SubtokenEnabled::get(ctx.s, &netuid) {
            continue;
        }
        let alpha = staking::stake(ctx.s, hotkey, coldkey, netuid);
        if staking::validate_remove_stake(ctx.s, coldkey, hotkey, netuid, alpha, alpha, false)
            .is_err()
        {
            continue;
        }
        staking::unstake_from_subnet(
            ctx,
            hotkey,
            coldkey,
            coldkey,
            netuid,
            alpha,
            MIN_PRICE_RAO,
            false,
        )?;
        staking::clear_small_nomination_if_required(ctx, hotkey, coldkey, netuid);
    }
    Ok(())
}

/// `unstake_all_alpha(hotkey)`: as [`unstake_all`] on every subnet but root (the TAO paid to the
/// coldkey), then all that TAO staked to `hotkey` on root at the highest price. With nothing unstaked
/// the root stake of 0 fails `AmountTooLow`, as on subtensor.
pub fn unstake_all_alpha(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    if !hotkey_exists(ctx.s, hotkey) {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    let mut total_tao: TaoBalance = 0;
    for netuid in subnets::all_netuids(ctx.s) {
        if !SubtokenEnabled::get(ctx.s, &netuid) || netuid == ROOT_NETUID {
            continue;
        }
        let alpha = staking::stake(ctx.s, hotkey, coldkey, netuid);
        if staking::validate_remove_stake(ctx.s, coldkey, hotkey, netuid, alpha, alpha, false)
            .is_err()
        {
            continue;
        }
        let tao = staking::unstake_from_subnet(
            ctx,
            hotkey,
            coldkey,
            coldkey,
            netuid,
            alpha,
            MIN_PRICE_RAO,
            false,
        )?;
        total_tao = total_tao.saturating_add(tao);
        staking::clear_small_nomination_if_required(ctx, hotkey, coldkey, netuid);
    }
    staking::stake_into_subnet(
        ctx,
        hotkey,
        coldkey,
        ROOT_NETUID,
        total_tao,
        MAX_PRICE_RAO,
        false,
    )?;
    Ok(())
}

/// `remove_stake_full_limit(hotkey, netuid, limit_price)`: `remove_stake_limit` of everything held
/// (fill-or-kill) when a limit is given, `remove_stake` of everything otherwise.
pub fn remove_stake_full_limit(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    limit_price: Option<u64>,
) -> Result<(), DispatchError> {
    let alpha = staking::stake(ctx.s, hotkey, coldkey, netuid);
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

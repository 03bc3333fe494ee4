//! Delegate take: `increase_take` and `decrease_take`. Every hotkey is a delegate with subtensor's default
//! 18% take; its owner may lower it at once or raise it within the maximum, rate limited.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    Delegates, LastTxBlockDelegateTake, MaxDelegateTake, MinDelegateTake, Owner,
    TxDelegateTakeRateLimit,
};
use crate::storage::Storage;
use crate::types::AccountId;

fn ensure_owner(
    ctx: &Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    let owner = Owner::get(ctx.s, hotkey);
    if owner == AccountId::ZERO {
        return Err(SubtensorError::HotKeyAccountNotExists.into());
    }
    if owner != *coldkey {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    Ok(())
}

/// `CheckDelegateTake`, the checks subtensor runs on `increase_take` / `decrease_take` in the
/// transaction pool and again at dispatch: the take within `MinDelegateTake` (`DelegateTakeTooLow`) and
/// `MaxDelegateTake` (`DelegateTakeTooHigh`), then `do_take_checks` (`HotKeyAccountNotExists`,
/// `NonAssociatedColdKey`).
pub fn guard(
    s: &Storage,
    coldkey: &AccountId,
    hotkey: &AccountId,
    take: u16,
) -> Result<(), SubtensorError> {
    if take < MinDelegateTake::get(s) {
        return Err(SubtensorError::DelegateTakeTooLow);
    }
    if take > MaxDelegateTake::get(s) {
        return Err(SubtensorError::DelegateTakeTooHigh);
    }
    let owner = Owner::get(s, hotkey);
    if owner == AccountId::ZERO {
        return Err(SubtensorError::HotKeyAccountNotExists);
    }
    if owner != *coldkey {
        return Err(SubtensorError::NonAssociatedColdKey);
    }
    Ok(())
}

/// `decrease_take(hotkey, take)`: lowers the take (never below the minimum).
pub fn decrease_take(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    take: u16,
) -> Result<(), DispatchError> {
    guard(ctx.s, coldkey, hotkey, take)?;
    ensure_owner(ctx, coldkey, hotkey)?;
    if take >= Delegates::get(ctx.s, hotkey) || take < MinDelegateTake::get(ctx.s) {
        return Err(SubtensorError::DelegateTakeTooLow.into());
    }
    Delegates::insert(ctx.s, hotkey, take);
    LastTxBlockDelegateTake::insert(ctx.s, hotkey, ctx.block);
    ctx.deposit(SubtensorEvent::TakeDecreased(*coldkey, *hotkey, take));
    Ok(())
}

/// `increase_take(hotkey, take)`: raises the take, at most to the maximum, at most once per rate-limit
/// period.
pub fn increase_take(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    take: u16,
) -> Result<(), DispatchError> {
    guard(ctx.s, coldkey, hotkey, take)?;
    ensure_owner(ctx, coldkey, hotkey)?;
    if take <= Delegates::get(ctx.s, hotkey) {
        return Err(SubtensorError::DelegateTakeTooLow.into());
    }
    if take > MaxDelegateTake::get(ctx.s) {
        return Err(SubtensorError::DelegateTakeTooHigh.into());
    }
    let last = LastTxBlockDelegateTake::get(ctx.s, hotkey);
    if last != 0 && ctx.block.saturating_sub(last) < TxDelegateTakeRateLimit::get(ctx.s) {
        return Err(SubtensorError::DelegateTxRateLimitExceeded.into());
    }
    Delegates::insert(ctx.s, hotkey, take);
    LastTxBlockDelegateTake::insert(ctx.s, hotkey, ctx.block);
    ctx.deposit(SubtensorEvent::TakeIncreased(*coldkey, *hotkey, take));
    Ok(())
}

//! The subnet pools as state: reading reserves and running swaps against `SubnetTAO`/`SubnetAlphaIn`,
//! with the fee paid to the block author. The swap arithmetic itself lives in [`crate::math::swap`].

use crate::balances::{self, Existence};
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::items::*;
use crate::math::swap::{self, PoolReserves, SwapError, SwapResult};
use crate::storage::Storage;
use crate::types::{AccountId, NetUid, RAO_PER_TAO};

/// Swap fee rate (u16 proportion of the input), subtensor's default 33 ≈ 0.05%.
pub const DEFAULT_FEE_RATE: u16 = 33;

/// The pool reserves of a subnet.
pub fn reserves(s: &Storage, netuid: NetUid) -> PoolReserves {
    PoolReserves {
        tao: SubnetTAO::get(s, &netuid),
        alpha: SubnetAlphaIn::get(s, &netuid),
    }
}

/// The spot price in rao per alpha (1e9 = 1 TAO per alpha); stable subnets are 1:1.
pub fn spot_price_rao(s: &Storage, netuid: NetUid) -> u64 {
    if SubnetMechanism::get(s, &netuid) == 0 {
        return RAO_PER_TAO;
    }
    reserves(s, netuid).price_rao()
}

/// Alpha worth `tao` at `price_rao` (rao per alpha).
pub fn alpha_for_tao_at_price(tao: u64, price_rao: u64) -> u64 {
    if price_rao == 0 {
        return 0;
    }
    let alpha = u128::from(tao) * u128::from(RAO_PER_TAO) / u128::from(price_rao);
    u64::try_from(alpha).unwrap_or(u64::MAX)
}

fn map_swap_error(e: SwapError) -> DispatchError {
    let err = match e {
        SwapError::InsufficientLiquidity
        | SwapError::ReservesTooLow
        | SwapError::SwapInputTooLarge => SubtensorError::InsufficientLiquidity,
        SwapError::PriceLimitExceeded | SwapError::SlippageTooHigh => {
            SubtensorError::SlippageTooHigh
        }
    };
    err.into()
}

fn write_reserves(s: &mut Storage, netuid: NetUid, r: PoolReserves) {
    SubnetTAO::insert(s, &netuid, r.tao);
    SubnetAlphaIn::insert(s, &netuid, r.alpha);
}

/// Simulates buying alpha with `tao` (fee included) without changing state.
pub fn quote_buy(
    s: &Storage,
    netuid: NetUid,
    tao: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    let (limit_price, partial) = limit.map_or((None, false), |(p, a)| (Some(p), a));
    swap::buy_alpha(
        reserves(s, netuid),
        tao,
        DEFAULT_FEE_RATE,
        limit_price,
        partial,
    )
    .map_err(map_swap_error)
}

/// Simulates selling `alpha` without changing state.
pub fn quote_sell(
    s: &Storage,
    netuid: NetUid,
    alpha: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    let (limit_price, partial) = limit.map_or((None, false), |(p, a)| (Some(p), a));
    swap::sell_alpha(
        reserves(s, netuid),
        alpha,
        DEFAULT_FEE_RATE,
        limit_price,
        partial,
    )
    .map_err(map_swap_error)
}

/// Sells an alpha swap fee fee-free at `reserves`, as [`sell`] does to pay the block author in TAO.
pub fn quote_fee_sale(reserves: PoolReserves, fee: u64) -> Result<SwapResult, DispatchError> {
    swap::sell_alpha(reserves, fee, 0, None, false).map_err(map_swap_error)
}

/// Buys alpha with up to `tao` of `payer`'s TAO: the swapped TAO goes into the subnet account and pool,
/// the fee to the block author, any refund (limit reached) stays with the payer. Returns the swap.
pub fn buy(
    ctx: &mut Ctx<'_>,
    netuid: NetUid,
    payer: &AccountId,
    tao: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    let result = quote_buy(ctx.s, netuid, tao, limit)?;
    balances::transfer(
        ctx.s,
        payer,
        &subnet_account(netuid),
        result.amount_in_used,
        Existence::KeepAlive,
    )?;
    let author = ctx.author;
    balances::transfer(ctx.s, payer, &author, result.fee, Existence::KeepAlive)?;
    write_reserves(ctx.s, netuid, result.new_reserves);
    SubnetAlphaOut::mutate(ctx.s, &netuid, |a| *a = a.saturating_add(result.amount_out));
    TotalStake::mutate(ctx.s, |t| *t = t.saturating_add(result.amount_in_used));
    SubnetVolume::mutate(ctx.s, &netuid, |v| {
        *v = v.saturating_add(u128::from(result.amount_in_used))
    });
    Ok(result)
}

/// Sells alpha (already taken out of a stake) for TAO. The TAO stays in the subnet account for the caller
/// to pay out; the alpha fee is sold fee-free and its TAO paid to the block author. Returns the swap and
/// the TAO the author received.
pub fn sell(
    ctx: &mut Ctx<'_>,
    netuid: NetUid,
    alpha: u64,
    limit: Option<(u64, bool)>,
) -> Result<(SwapResult, u64), DispatchError> {
    let result = quote_sell(ctx.s, netuid, alpha, limit)?;
    write_reserves(ctx.s, netuid, result.new_reserves);
    SubnetAlphaOut::mutate(ctx.s, &netuid, |a| {
        *a = a.saturating_sub(result.amount_in_used)
    });
    TotalStake::mutate(ctx.s, |t| *t = t.saturating_sub(result.amount_out));
    SubnetVolume::mutate(ctx.s, &netuid, |v| {
        *v = v.saturating_add(u128::from(result.amount_out))
    });
    let mut author_tao = 0;
    if result.fee > 0 {
        if let Ok(fee_swap) = quote_fee_sale(reserves(ctx.s, netuid), result.fee) {
            write_reserves(ctx.s, netuid, fee_swap.new_reserves);
            SubnetAlphaOut::mutate(ctx.s, &netuid, |a| {
                *a = a.saturating_sub(fee_swap.amount_in_used)
            });
            TotalStake::mutate(ctx.s, |t| *t = t.saturating_sub(fee_swap.amount_out));
            let author = ctx.author;
            balances::transfer(
                ctx.s,
                &subnet_account(netuid),
                &author,
                fee_swap.amount_out,
                Existence::AllowDeath,
            )?;
            author_tao = fee_swap.amount_out;
        }
    }
    Ok((result, author_tao))
}

/// A fee-free chain buy with TAO already in the subnet account; the bought alpha is returned to the caller
/// (counted as outstanding). Returns the alpha bought, 0 when the pool cannot take it.
pub fn chain_buy(s: &mut Storage, netuid: NetUid, tao: u64) -> u64 {
    match swap::buy_alpha(reserves(s, netuid), tao, 0, None, false) {
        Ok(result) => {
            write_reserves(s, netuid, result.new_reserves);
            SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_add(result.amount_out));
            TotalStake::mutate(s, |t| *t = t.saturating_add(result.amount_in_used));
            result.amount_out
        }
        Err(_) => {
            // The pool cannot swap (reserves too low): the TAO still joins the pool.
            SubnetTAO::mutate(s, &netuid, |t| *t = t.saturating_add(tao));
            TotalStake::mutate(s, |t| *t = t.saturating_add(tao));
            0
        }
    }
}

/// Buys alpha with `tao` (already in the subnet account) and destroys it, as a registration burn does.
pub fn buy_and_destroy_alpha(s: &mut Storage, netuid: NetUid, tao: u64) {
    let bought = chain_buy(s, netuid, tao);
    SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_sub(bought));
}

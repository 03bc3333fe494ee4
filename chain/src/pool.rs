//! The subnet pools as state: reading reserves and running swaps against `SubnetTAO`/`SubnetAlphaIn`,
//! with the fee paid to the block author. The swap arithmetic of a dynamic subnet lives in
//! [`crate::math::swap`].
//!
//! A stable subnet (`SubnetMechanism` 0: root) has no pool: TAO and its alpha trade 1:1 without a fee,
//! whatever the reserves, and a limit price only admits a trade at 1 TAO per alpha (a buy needs a limit
//! of at least 1 TAO, a sell at most 1 TAO), as subtensor's stable path and `get_max_amount_add` /
//! `get_max_amount_remove` do. Its `SubnetTAO` still counts the TAO staked, and the reserve updates follow
//! subtensor's: a buy lowers `SubnetAlphaIn` (saturating at 0), a sell raises it.

use crate::balances::{self, Existence};
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::items::*;
use crate::math::swap::{self, PoolReserves, SwapError, SwapResult, SwapSide};
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

/// Whether `netuid` is a stable subnet (mechanism 0, root): 1:1, no fee.
pub fn is_stable(s: &Storage, netuid: NetUid) -> bool {
    SubnetMechanism::get(s, &netuid) == 0
}

/// A 1:1 swap of `amount` on a stable subnet: the whole amount when `limit` admits a price of 1 TAO per
/// alpha (`None` always does), nothing when it does not and partial execution is allowed,
/// `SlippageTooHigh` otherwise.
fn stable_swap(
    reserves: PoolReserves,
    side: SwapSide,
    amount: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    let admits = |price: u64| match side {
        SwapSide::BuyAlpha => price >= RAO_PER_TAO,
        SwapSide::SellAlpha => price <= RAO_PER_TAO,
    };
    let executable = match limit {
        Some((price, _)) if admits(price) => amount,
        Some((_, true)) => 0,
        Some((_, false)) if amount > 0 => return Err(SubtensorError::SlippageTooHigh.into()),
        _ => amount,
    };
    let new_reserves = match side {
        SwapSide::BuyAlpha => PoolReserves {
            tao: reserves.tao.saturating_add(executable),
            alpha: reserves.alpha.saturating_sub(executable),
        },
        SwapSide::SellAlpha => PoolReserves {
            tao: reserves.tao.saturating_sub(executable),
            alpha: reserves.alpha.saturating_add(executable),
        },
    };
    Ok(SwapResult {
        amount_in_used: executable,
        amount_out: executable,
        fee: 0,
        new_reserves,
        refund: amount - executable,
    })
}

/// Simulates buying alpha with `tao` (fee included) without changing state.
pub fn quote_buy(
    s: &Storage,
    netuid: NetUid,
    tao: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    if is_stable(s, netuid) {
        return stable_swap(reserves(s, netuid), SwapSide::BuyAlpha, tao, limit);
    }
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
    if is_stable(s, netuid) {
        return stable_swap(reserves(s, netuid), SwapSide::SellAlpha, alpha, limit);
    }
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
    crate::coinbase::record_tao_inflow(ctx.s, netuid, result.amount_in_used);
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
    crate::coinbase::record_tao_outflow(
        ctx.s,
        netuid,
        result.amount_out.saturating_add(author_tao),
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{EventRecord, Phase};
    use crate::types::ROOT_NETUID;

    const TAO: u64 = RAO_PER_TAO;

    fn account(n: u8) -> AccountId {
        AccountId([n; 32])
    }

    fn in_block<R>(s: &mut Storage, f: impl FnOnce(&mut Ctx<'_>) -> R) -> R {
        let mut events: Vec<EventRecord> = Vec::new();
        let mut ctx = Ctx {
            s,
            block: 1,
            events: &mut events,
            phase: Phase::ApplyExtrinsic(0),
            author: account(0xAA),
        };
        f(&mut ctx)
    }

    #[test]
    fn root_trades_one_to_one_without_a_fee_and_limits_only_admit_a_price_of_one() {
        let mut s = Storage::new();
        crate::subnets::init_root_network(&mut s, &account(1), &account(2));
        let q = quote_buy(&s, ROOT_NETUID, 7 * TAO, None).expect("buy");
        assert_eq!(
            (q.amount_in_used, q.amount_out, q.fee, q.refund),
            (7 * TAO, 7 * TAO, 0, 0)
        );
        // A buy's limit must be at least 1 TAO per alpha, a sell's at most 1 TAO per alpha.
        assert!(quote_buy(&s, ROOT_NETUID, 7 * TAO, Some((TAO, false))).is_ok());
        assert_eq!(
            quote_buy(&s, ROOT_NETUID, 7 * TAO, Some((TAO - 1, false))),
            Err(SubtensorError::SlippageTooHigh.into())
        );
        let partial = quote_buy(&s, ROOT_NETUID, 7 * TAO, Some((TAO - 1, true))).expect("partial");
        assert_eq!((partial.amount_out, partial.refund), (0, 7 * TAO));
        assert!(quote_sell(&s, ROOT_NETUID, 7 * TAO, Some((TAO, false))).is_ok());
        assert_eq!(
            quote_sell(&s, ROOT_NETUID, 7 * TAO, Some((TAO + 1, false))),
            Err(SubtensorError::SlippageTooHigh.into())
        );

        // Buying 7 TAO of root stake: 7 TAO into the root account and `SubnetTAO`, 7 alpha out, no fee
        // to the author, `SubnetAlphaIn` stays at 0 (subtensor lowers it, saturating).
        let staker = account(3);
        balances::mint(&mut s, &staker, 10 * TAO);
        let bought =
            in_block(&mut s, |ctx| buy(ctx, ROOT_NETUID, &staker, 7 * TAO, None)).expect("buy");
        assert_eq!(bought.amount_out, 7 * TAO);
        assert_eq!(balances::free_balance(&s, &staker), 3 * TAO);
        assert_eq!(
            balances::free_balance(&s, &subnet_account(ROOT_NETUID)),
            7 * TAO
        );
        assert_eq!(balances::free_balance(&s, &account(0xAA)), 0);
        assert_eq!(SubnetTAO::get(&s, &ROOT_NETUID), 7 * TAO);
        assert_eq!(SubnetAlphaIn::get(&s, &ROOT_NETUID), 0);
        assert_eq!(SubnetAlphaOut::get(&s, &ROOT_NETUID), 7 * TAO);
        assert_eq!(TotalStake::get(&s), 7 * TAO);
        assert_eq!(SubnetTaoFlow::get(&s, &ROOT_NETUID), 7_000_000_000);

        // Selling 4: 4 TAO leave `SubnetTAO`, `SubnetAlphaIn` rises by 4 (subtensor's stable sell).
        let (sold, author_tao) =
            in_block(&mut s, |ctx| sell(ctx, ROOT_NETUID, 4 * TAO, None)).expect("sell");
        assert_eq!((sold.amount_out, sold.fee, author_tao), (4 * TAO, 0, 0));
        assert_eq!(SubnetTAO::get(&s, &ROOT_NETUID), 3 * TAO);
        assert_eq!(SubnetAlphaIn::get(&s, &ROOT_NETUID), 4 * TAO);
        assert_eq!(SubnetAlphaOut::get(&s, &ROOT_NETUID), 3 * TAO);
        assert_eq!(TotalStake::get(&s), 3 * TAO);
        assert_eq!(SubnetTaoFlow::get(&s, &ROOT_NETUID), 3_000_000_000);
    }

    /// btcli's safe staking sends `add_stake_limit(amount, limit = spot × 1.005, allow_partial = false)`.
    /// On a constant-product pool of y TAO the price moves by ((y + Δ)/y)², so that limit admits
    /// Δ ≤ y·(√1.005 − 1) of swapped TAO: 3.7453 TAO at y = 1500. After k one-TAO chain buys (what every
    /// block's emission does to a subnet with no root stake) a 1 TAO stake (0.999496 TAO after its fee)
    /// needs 1500 + k + 0.999496 ≤ 1500·√1.005 = 1503.7453, i.e. k ≤ 2.
    #[test]
    fn a_half_percent_limit_admits_one_tao_on_1500_tao_until_three_chain_buys_move_the_price() {
        let mut s = Storage::new();
        NetworksAdded::insert(&mut s, &1, true);
        SubnetMechanism::insert(&mut s, &1, 1);
        SubnetTAO::insert(&mut s, &1, 1_500 * TAO);
        SubnetAlphaIn::insert(&mut s, &1, 1_500 * TAO);
        // btcli's limit: the spot price (tao_in / alpha_in = 1.0) × 1.005, in rao per alpha.
        let limit = 1_005_000_000;
        // Executable before the limit: Δ = floor(1500e9·(√1.005 − 1)) = 3_745_324_182 rao, plus the fee
        // Δ·33/65502 = 1_886_899 rao.
        let max = swap::max_amount_for_limit(
            reserves(&s, 1),
            SwapSide::BuyAlpha,
            limit,
            DEFAULT_FEE_RATE,
        )
        .expect("below the limit");
        assert!(max.abs_diff(3_747_211_081) <= 2, "max {max}");
        for k in 0..4 {
            let q = quote_buy(&s, 1, TAO, Some((limit, false)));
            if k <= 2 {
                assert_eq!(
                    q.map(|r| r.amount_in_used),
                    Ok(TAO - 503_547),
                    "after {k} chain buys"
                );
            } else {
                assert_eq!(
                    q,
                    Err(SubtensorError::SlippageTooHigh.into()),
                    "after {k} chain buys"
                );
            }
            chain_buy(&mut s, 1, TAO);
        }
    }
}

//! The subnet pools as state: the swap pallet's storage (`Swap.FeeRate`, `Swap.SwapBalancer`,
//! `Swap.PalSwapInitialized`) and errors (pallet 28), and the staking pallet's swap wrappers that move
//! `SubnetTAO` / `SubnetAlphaIn` / `SubnetAlphaOut` / `TotalStake` (`swap_tao_for_alpha`,
//! `swap_alpha_for_tao` in subtensor's `staking/stake_utils.rs`). The arithmetic of a dynamic subnet's
//! pool lives in [`crate::math::swap`].
//!
//! Subtensor main (`pallets/swap`, Balancer pool) behaves as follows, and so does this module:
//!
//! - A dynamic subnet (`SubnetMechanism` 1) trades on its pool at its `FeeRate` (default 33/65535). All
//!   of a swap's fee goes to the block author: on a buy the TAO fee is sent from the subnet account, on
//!   a sell the alpha fee is sold again fee-free and its TAO sent (done by the staking code).
//! - Any other subnet (root, mechanism 0) is stable: TAO and alpha trade 1:1 without a fee, whatever
//!   the reserves, and a limit price only admits a trade at 1 TAO per alpha. The reserve updates
//!   still follow subtensor's: a buy lowers `SubnetAlphaIn` (saturating at 0), a sell raises it.
//! - A pool's weights start at ½/½; the first real swap marks the pool initialised
//!   (`PalSwapInitialized`, resetting the weights to ½ if they were never initialised), and only the
//!   protocol's liquidity injections ([`adjust_protocol_liquidity`]) move them afterwards.
//! - `Swap.AlphaSqrtPrice` (the concentrated-liquidity pool's price, present in spec 208's metadata)
//!   no longer exists on main: the Balancer migration removed it, so taonet neither stores nor serves
//!   it (clients read `SwapRuntimeApi.current_alpha_price`).

use crate::error::{DispatchError, ModuleError};
use crate::error_names::SubtensorError;
use crate::items::*;
use crate::math::swap::{self, Balancer, PoolReserves, SwapError, SwapResult, SwapSide};
use crate::storage::{Storage, Twox64Concat};
use crate::types::{NetUid, RAO_PER_TAO, ROOT_NETUID};
use crate::{storage_map, subnets};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;
use substrate_fixed::types::U64F64;

/// The swap pallet's name.
pub const PALLET: &str = "Swap";
/// The swap pallet's index in subtensor's runtime.
pub const PALLET_INDEX: u8 = 28;
/// Swap fee rate (u16 proportion of the input), subtensor's default 33 ≈ 0.05%.
pub const DEFAULT_FEE_RATE: u16 = swap::DEFAULT_FEE_RATE;

storage_map!(
    /// A subnet pool's swap fee, in parts of 65535 of the input (default 33).
    FeeRate: PALLET, Twox64Concat, NetUid => u16 = DEFAULT_FEE_RATE
);
storage_map!(
    /// A subnet pool's Balancer weights (the quote weight; default ½).
    SwapBalancer: PALLET, Twox64Concat, NetUid => Balancer = Balancer::HALF
);
storage_map!(
    /// Whether a subnet pool has been initialised by its first swap.
    PalSwapInitialized: PALLET, Twox64Concat, NetUid => bool = false
);

/// The swap pallet's errors (pallet 28) with spec 208's indices; the three main added after spec 208
/// follow its last one. Clients decode them by name from the metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum SwapPalletError {
    /// The fee rate is too high.
    FeeRateTooHigh,
    /// The provided amount is insufficient for the swap.
    InsufficientInputAmount,
    /// The provided liquidity is insufficient for the operation.
    InsufficientLiquidity,
    /// The operation would exceed the price limit.
    PriceLimitExceeded,
    /// The caller does not have enough balance for the operation.
    InsufficientBalance,
    /// Attempted to remove liquidity that does not exist.
    LiquidityNotFound,
    /// The provided tick range is invalid.
    InvalidTickRange,
    /// Maximum user positions exceeded.
    MaxPositionsExceeded,
    /// Too many swap steps.
    TooManySwapSteps,
    /// Provided liquidity parameter is invalid (likely too small).
    InvalidLiquidityValue,
    /// Reserves too low for operation.
    ReservesTooLow,
    /// The subnet does not exist.
    MechanismDoesNotExist,
    /// User liquidity operations are disabled for this subnet.
    UserLiquidityDisabled,
    /// The subnet does not have subtoken enabled.
    SubtokenDisabled,
    /// Reserves are out of balance (subtensor main, after spec 208).
    ReservesOutOfBalance,
    /// Swap input is too large relative to input-side liquidity (subtensor main, after spec 208).
    SwapInputTooLarge,
    /// The extrinsic is deprecated (subtensor main, after spec 208).
    Deprecated,
}

impl From<SwapPalletError> for DispatchError {
    fn from(e: SwapPalletError) -> Self {
        DispatchError::Module(ModuleError {
            index: PALLET_INDEX,
            error: [e as u8, 0, 0, 0],
        })
    }
}

/// The error a real node reports for a rejected swap: the swap pallet's own guards are `Swap` errors;
/// a limit the staking pallet checks is `SubtensorModule.SlippageTooHigh`.
pub fn swap_error(e: SwapError) -> DispatchError {
    match e {
        SwapError::ReservesTooLow => SwapPalletError::ReservesTooLow.into(),
        SwapError::SwapInputTooLarge => SwapPalletError::SwapInputTooLarge.into(),
        SwapError::InsufficientLiquidity => SwapPalletError::InsufficientLiquidity.into(),
        SwapError::PriceLimitExceeded => SwapPalletError::PriceLimitExceeded.into(),
        SwapError::SlippageTooHigh => SubtensorError::SlippageTooHigh.into(),
    }
}

/// Whether `netuid` is a stable subnet (any mechanism but 1, and root): 1:1, no fee.
pub fn is_stable(s: &Storage, netuid: NetUid) -> bool {
    netuid == ROOT_NETUID || SubnetMechanism::get(s, &netuid) != 1
}

/// The pool of a subnet: `SubnetTAO`, `SubnetAlphaIn` and its stored weights.
pub fn reserves(s: &Storage, netuid: NetUid) -> PoolReserves {
    PoolReserves::weighted(
        SubnetTAO::get(s, &netuid),
        SubnetAlphaIn::get(s, &netuid),
        SwapBalancer::get(s, &netuid),
    )
}

/// The pool a swap runs against: the stored weights, or ½/½ when no swap has initialised it yet
/// (`maybe_initialize_palswap`).
fn swap_pool(s: &Storage, netuid: NetUid) -> PoolReserves {
    let mut pool = reserves(s, netuid);
    if !PalSwapInitialized::get(s, &netuid) {
        pool.weights = Balancer::HALF;
    }
    pool
}

/// The fee rate a swap on `netuid` pays: its `FeeRate` on a dynamic subnet, 0 on a stable one.
pub fn fee_rate(s: &Storage, netuid: NetUid) -> u16 {
    if is_stable(s, netuid) {
        0
    } else {
        FeeRate::get(s, &netuid)
    }
}

/// The swap fee `amount` pays on `netuid` (`approx_fee_amount`).
pub fn fee_on(s: &Storage, netuid: NetUid, amount: u64) -> u64 {
    swap::swap_fee(amount, fee_rate(s, netuid))
}

/// The spot price in TAO per alpha (`current_price`): `(w₁/w₂)·(SubnetTAO/SubnetAlphaIn)` on a
/// dynamic subnet (0 without alpha), 1 on a stable one.
pub fn current_price(s: &Storage, netuid: NetUid) -> U64F64 {
    if is_stable(s, netuid) {
        return U64F64::from_num(1);
    }
    reserves(s, netuid).price()
}

/// The spot price in rao per alpha, as `SwapRuntimeApi::current_alpha_price`: `floor(price × 10⁹)`.
pub fn spot_price_rao(s: &Storage, netuid: NetUid) -> u64 {
    current_price(s, netuid)
        .saturating_mul(U64F64::from_num(RAO_PER_TAO))
        .saturating_to_num::<u64>()
}

/// Alpha worth `tao` at `price_rao` (rao per alpha).
pub fn alpha_for_tao_at_price(tao: u64, price_rao: u64) -> u64 {
    if price_rao == 0 {
        return 0;
    }
    let alpha = u128::from(tao) * u128::from(RAO_PER_TAO) / u128::from(price_rao);
    u64::try_from(alpha).unwrap_or(u64::MAX)
}

/// TAO worth `alpha` at the spot price, no slippage (`current_alpha_price × alpha`, floor).
pub fn tao_for_alpha_at_spot(s: &Storage, netuid: NetUid, alpha: u64) -> u64 {
    current_price(s, netuid)
        .saturating_mul(U64F64::from_num(alpha))
        .saturating_to_num::<u64>()
}

/// A 1:1 result: the whole amount in and out, no fee.
fn one_to_one(amount: u64) -> SwapResult {
    SwapResult {
        amount_in_used: amount,
        amount_out: amount,
        ..SwapResult::default()
    }
}

/// `SwapHandler::sim_swap`: the swap `amount` of `side`'s input would make at the side's default
/// limit, fee included, without changing state. Stable subnets answer 1:1 (0 when the subnet does not
/// exist).
pub fn sim_swap(
    s: &Storage,
    netuid: NetUid,
    side: SwapSide,
    amount: u64,
) -> Result<SwapResult, DispatchError> {
    if is_stable(s, netuid) {
        let amount = if subnets::exists(s, netuid) {
            amount
        } else {
            0
        };
        return Ok(one_to_one(amount));
    }
    swap::swap_simulated(
        swap_pool(s, netuid),
        side,
        amount,
        FeeRate::get(s, &netuid),
        side.default_limit_rao(),
    )
    .map_err(swap_error)
}

/// Runs one swap on a dynamic subnet's pool at `limit_price_rao` (`SwapHandler::swap`), fee-free when
/// `drop_fees`, and initialises the pool. The caller moves the reserves.
fn swap_dynamic(
    s: &mut Storage,
    netuid: NetUid,
    side: SwapSide,
    amount: u64,
    limit_price_rao: u64,
    drop_fees: bool,
) -> Result<SwapResult, DispatchError> {
    let rate = if drop_fees {
        0
    } else {
        FeeRate::get(s, &netuid)
    };
    let result = swap::swap(swap_pool(s, netuid), side, amount, rate, limit_price_rao)
        .map_err(swap_error)?;
    if !PalSwapInitialized::get(s, &netuid) {
        SwapBalancer::insert(s, &netuid, Balancer::HALF);
        PalSwapInitialized::insert(s, &netuid, true);
    }
    Ok(result)
}

/// `swap_tao_for_alpha`: buys alpha with `tao` already in the subnet account (1:1 on a stable subnet).
/// `SubnetTAO` gains the TAO swapped (net of the fee), `SubnetAlphaIn` loses and `SubnetAlphaOut`
/// gains the alpha bought, `TotalStake` and `SubnetVolume` count the whole `tao`. The fee stays in the
/// subnet account for the caller to pay out.
pub fn swap_tao_for_alpha(
    s: &mut Storage,
    netuid: NetUid,
    tao: u64,
    limit_price_rao: u64,
    drop_fees: bool,
) -> Result<SwapResult, DispatchError> {
    let result = if is_stable(s, netuid) {
        one_to_one(tao)
    } else {
        swap_dynamic(
            s,
            netuid,
            SwapSide::BuyAlpha,
            tao,
            limit_price_rao,
            drop_fees,
        )?
    };
    SubnetAlphaIn::mutate(s, &netuid, |a| *a = a.saturating_sub(result.amount_out));
    SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_add(result.amount_out));
    SubnetTAO::mutate(s, &netuid, |t| *t = t.saturating_add(result.amount_in_used));
    TotalStake::mutate(s, |t| *t = t.saturating_add(tao));
    SubnetVolume::mutate(s, &netuid, |v| *v = v.saturating_add(u128::from(tao)));
    Ok(result)
}

/// `swap_alpha_for_tao`: sells `alpha` (already taken out of a stake) for TAO, which stays in the subnet
/// account for the caller to pay out (1:1 on a stable subnet). `SubnetAlphaIn` gains and
/// `SubnetAlphaOut` loses the alpha swapped (net of the fee), `SubnetTAO` and `TotalStake` lose the TAO
/// paid, `SubnetVolume` counts it.
pub fn swap_alpha_for_tao(
    s: &mut Storage,
    netuid: NetUid,
    alpha: u64,
    limit_price_rao: u64,
    drop_fees: bool,
) -> Result<SwapResult, DispatchError> {
    let result = if is_stable(s, netuid) {
        one_to_one(alpha)
    } else {
        swap_dynamic(
            s,
            netuid,
            SwapSide::SellAlpha,
            alpha,
            limit_price_rao,
            drop_fees,
        )?
    };
    SubnetAlphaIn::mutate(s, &netuid, |a| *a = a.saturating_add(result.amount_in_used));
    SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_sub(result.amount_in_used));
    SubnetTAO::mutate(s, &netuid, |t| *t = t.saturating_sub(result.amount_out));
    TotalStake::mutate(s, |t| *t = t.saturating_sub(result.amount_out));
    SubnetVolume::mutate(s, &netuid, |v| {
        *v = v.saturating_add(u128::from(result.amount_out))
    });
    Ok(result)
}

/// The largest input (fee included) a dynamic subnet's pool executes before its price reaches
/// `limit_price_rao`: a simulated swap of 1000 × the input reserve at that limit, `paid_in + fee`.
fn max_amount_dynamic(
    s: &Storage,
    netuid: NetUid,
    side: SwapSide,
    limit_price_rao: u64,
) -> Result<u64, DispatchError> {
    let pool = swap_pool(s, netuid);
    let probe = side
        .input_reserve(pool)
        .saturating_mul(swap::MAX_SWAP_INPUT_RESERVE_MULTIPLIER);
    let r = swap::swap_simulated(pool, side, probe, FeeRate::get(s, &netuid), limit_price_rao)
        .map_err(swap_error)?;
    Ok(r.amount_in_used.saturating_add(r.fee))
}

/// `get_max_amount_add`: the most TAO `add_stake_limit` can stake before the price rises to
/// `limit_price_rao`. Stable subnets: `u64::MAX` when the limit is at least 1 TAO per alpha, else 0.
/// A dynamic pool already at or above the limit fails `Swap.PriceLimitExceeded`.
pub fn get_max_amount_add(
    s: &Storage,
    netuid: NetUid,
    limit_price_rao: u64,
) -> Result<u64, DispatchError> {
    if is_stable(s, netuid) {
        return Ok(if limit_price_rao >= RAO_PER_TAO {
            u64::MAX
        } else {
            0
        });
    }
    max_amount_dynamic(s, netuid, SwapSide::BuyAlpha, limit_price_rao)
}

/// `get_max_amount_remove`: the most alpha `remove_stake_limit` can sell before the price falls to
/// `limit_price_rao`. Stable subnets: `u64::MAX` when the limit is at most 1 TAO per alpha, else 0.
pub fn get_max_amount_remove(
    s: &Storage,
    netuid: NetUid,
    limit_price_rao: u64,
) -> Result<u64, DispatchError> {
    if is_stable(s, netuid) {
        return Ok(if limit_price_rao <= RAO_PER_TAO {
            u64::MAX
        } else {
            0
        });
    }
    max_amount_dynamic(s, netuid, SwapSide::SellAlpha, limit_price_rao)
}

/// `get_max_amount_move`: the most origin alpha `swap_stake_limit` moves before the ratio of the two
/// prices (origin/destination, ×10⁹) falls to `limit_price_rao`. Stable to stable: 0 above 1, else
/// unlimited; stable to dynamic: `get_max_amount_add` at the destination price the limit implies;
/// dynamic to stable: `get_max_amount_remove`; otherwise subtensor's closed form
/// `x₂·t₁/(t₁+t₂)/limit − x₁·t₂/(t₁+t₂)` in `U64F64` (0 when a reserve is empty or the current ratio
/// is already below the limit, unlimited at limit 0).
pub fn get_max_amount_move(
    s: &Storage,
    origin: NetUid,
    destination: NetUid,
    limit_price_rao: u64,
) -> Result<u64, DispatchError> {
    let one = U64F64::from_num(RAO_PER_TAO);
    let (origin_stable, destination_stable) = (is_stable(s, origin), is_stable(s, destination));
    if origin_stable && destination_stable {
        return Ok(if limit_price_rao > RAO_PER_TAO {
            0
        } else {
            u64::MAX
        });
    }
    if origin_stable {
        if limit_price_rao == 0 {
            return Ok(u64::MAX);
        }
        // The limit is origin/destination price: the destination's limit is its inverse.
        let destination_price = safe_div(one, U64F64::from_num(limit_price_rao))
            .saturating_mul(one)
            .saturating_to_num::<u64>();
        return get_max_amount_add(s, destination, destination_price);
    }
    if destination_stable {
        return get_max_amount_remove(s, origin, limit_price_rao);
    }
    let (t1, t2) = (SubnetTAO::get(s, &origin), SubnetTAO::get(s, &destination));
    let (x1, x2) = (
        SubnetAlphaIn::get(s, &origin),
        SubnetAlphaIn::get(s, &destination),
    );
    if t1 == 0 || t2 == 0 || x1 == 0 || x2 == 0 {
        return Ok(0);
    }
    let limit = safe_div(U64F64::from_num(limit_price_rao), one);
    let current = safe_div(current_price(s, origin), current_price(s, destination));
    if limit > current {
        return Ok(0);
    }
    if limit_price_rao == 0 {
        return Ok(u64::MAX);
    }
    let (t1, t2) = (U64F64::from_num(t1), U64F64::from_num(t2));
    let sum = t1.saturating_add(t2);
    let (t1_share, t2_share) = (safe_div(t1, sum), safe_div(t2, sum));
    Ok(U64F64::from_num(x2)
        .saturating_mul(t1_share)
        .checked_div(limit)
        .unwrap_or_else(|| U64F64::from_num(0))
        .saturating_sub(U64F64::from_num(x1).saturating_mul(t2_share))
        .saturating_to_num::<u64>())
}

/// `U64F64::safe_div`: 0 on division by zero.
fn safe_div(a: U64F64, b: U64F64) -> U64F64 {
    a.checked_div(b).unwrap_or_else(|| U64F64::from_num(0))
}

/// `adjust_protocol_liquidity`: the protocol is about to add `tao_delta` TAO and `alpha_delta` alpha to
/// the reserves of `netuid` (the coinbase's injection). Moves the pool's weights so the price stays
/// where it is and returns what may be added: both deltas, or `(0, 0)` when the new weights would
/// leave [0.01, 0.99] (the weights then stay). The caller adds the returned amounts to `SubnetTAO` /
/// `SubnetAlphaIn` itself.
pub fn adjust_protocol_liquidity(
    s: &mut Storage,
    netuid: NetUid,
    tao_delta: u64,
    alpha_delta: u64,
) -> (u64, u64) {
    let pool = reserves(s, netuid);
    match pool
        .weights
        .after_added_liquidity(pool.tao, pool.alpha, tao_delta, alpha_delta)
    {
        Some(weights) => {
            SwapBalancer::insert(s, &netuid, weights);
            (tao_delta, alpha_delta)
        }
        None => (0, 0),
    }
}

/// Forgets a dissolved subnet's pool settings (`FeeRate`, `SwapBalancer`, `PalSwapInitialized`), as
/// `do_clear_protocol_liquidity` does; the reserves themselves are the dissolution's to clear.
pub fn clear(s: &mut Storage, netuid: NetUid) {
    FeeRate::remove(s, &netuid);
    SwapBalancer::remove(s, &netuid);
    PalSwapInitialized::remove(s, &netuid);
}

/// Simulates buying alpha with `tao` (fee included) as `add_stake` / `add_stake_limit` would swap it:
/// with a limit `(price, allow_partial)`, the amount executable before the limit (`SlippageTooHigh`
/// past it unless partial), then the swap at that limit; without, the swap at the default limit.
pub fn quote_buy(
    s: &Storage,
    netuid: NetUid,
    tao: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    quote(s, netuid, SwapSide::BuyAlpha, tao, limit)
}

/// Simulates selling `alpha` as `remove_stake` / `remove_stake_limit` would (see [`quote_buy`]).
pub fn quote_sell(
    s: &Storage,
    netuid: NetUid,
    alpha: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    quote(s, netuid, SwapSide::SellAlpha, alpha, limit)
}

fn quote(
    s: &Storage,
    netuid: NetUid,
    side: SwapSide,
    amount: u64,
    limit: Option<(u64, bool)>,
) -> Result<SwapResult, DispatchError> {
    let Some((price, partial)) = limit else {
        if is_stable(s, netuid) {
            return Ok(one_to_one(amount));
        }
        return swap::swap(
            swap_pool(s, netuid),
            side,
            amount,
            FeeRate::get(s, &netuid),
            side.default_limit_rao(),
        )
        .map_err(swap_error);
    };
    let max = match side {
        SwapSide::BuyAlpha => get_max_amount_add(s, netuid, price)?,
        SwapSide::SellAlpha => get_max_amount_remove(s, netuid, price)?,
    };
    if amount > max && !partial {
        return Err(SubtensorError::SlippageTooHigh.into());
    }
    let executable = amount.min(max);
    let mut result = if is_stable(s, netuid) {
        one_to_one(executable)
    } else {
        swap::swap(
            swap_pool(s, netuid),
            side,
            executable,
            FeeRate::get(s, &netuid),
            price,
        )
        .map_err(swap_error)?
    };
    result.refund = amount
        .saturating_sub(result.amount_in_used)
        .saturating_sub(result.fee);
    Ok(result)
}

/// A fee-free chain buy with `tao` already in the subnet account (the coinbase's purchase of alpha for
/// the protocol): `swap_tao_for_alpha` at the highest price without fees. Returns the alpha bought
/// (counted in `SubnetAlphaOut`); 0 when the pool cannot take it, and then, as on subtensor, nothing
/// changes: the TAO stays in the subnet account outside `SubnetTAO`.
pub fn chain_buy(s: &mut Storage, netuid: NetUid, tao: u64) -> u64 {
    swap_tao_for_alpha(s, netuid, tao, swap::MAX_PRICE_RAO, true)
        .map(|r| r.amount_out)
        .unwrap_or(0)
}

/// A registration burn: buys alpha with `tao` already in the subnet account, fee included (subtensor's
/// `do_register` swaps with fees; the fee TAO stays in the subnet account, outside `SubnetTAO`), and
/// destroys the alpha (out of `SubnetAlphaOut`). Returns the swap; when the pool cannot swap, nothing
/// changes and the TAO stays in the subnet account.
pub fn buy_and_destroy_alpha(s: &mut Storage, netuid: NetUid, tao: u64) -> Option<SwapResult> {
    let result = swap_tao_for_alpha(s, netuid, tao, swap::MAX_PRICE_RAO, false).ok()?;
    SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_sub(result.amount_out));
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AccountId;

    const TAO: u64 = RAO_PER_TAO;

    fn account(n: u8) -> AccountId {
        AccountId([n; 32])
    }

    fn dynamic_subnet(s: &mut Storage, netuid: NetUid, tao: u64, alpha: u64) {
        NetworksAdded::insert(s, &netuid, true);
        SubnetMechanism::insert(s, &netuid, 1);
        SubnetTAO::insert(s, &netuid, tao);
        SubnetAlphaIn::insert(s, &netuid, alpha);
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
        // A buy's limit must be at least 1 TAO per alpha, a sell's at most 1 TAO per alpha
        // (`get_max_amount_add` / `_remove`: unlimited or nothing).
        assert_eq!(get_max_amount_add(&s, ROOT_NETUID, TAO), Ok(u64::MAX));
        assert_eq!(get_max_amount_add(&s, ROOT_NETUID, TAO - 1), Ok(0));
        assert_eq!(get_max_amount_remove(&s, ROOT_NETUID, TAO), Ok(u64::MAX));
        assert_eq!(get_max_amount_remove(&s, ROOT_NETUID, TAO + 1), Ok(0));
        assert_eq!(
            quote_buy(&s, ROOT_NETUID, 7 * TAO, Some((TAO - 1, false))),
            Err(SubtensorError::SlippageTooHigh.into())
        );
        let partial = quote_buy(&s, ROOT_NETUID, 7 * TAO, Some((TAO - 1, true))).expect("partial");
        assert_eq!((partial.amount_out, partial.refund), (0, 7 * TAO));
        assert_eq!(
            quote_sell(&s, ROOT_NETUID, 7 * TAO, Some((TAO + 1, false))),
            Err(SubtensorError::SlippageTooHigh.into())
        );

        // Buying 7 TAO of root stake: 7 TAO into `SubnetTAO` and `TotalStake`, 7 alpha out, no fee,
        // `SubnetAlphaIn` stays at 0 (subtensor lowers it, saturating).
        let bought = swap_tao_for_alpha(&mut s, ROOT_NETUID, 7 * TAO, MAX_PRICE, false).unwrap();
        assert_eq!((bought.amount_out, bought.fee), (7 * TAO, 0));
        assert_eq!(SubnetTAO::get(&s, &ROOT_NETUID), 7 * TAO);
        assert_eq!(SubnetAlphaIn::get(&s, &ROOT_NETUID), 0);
        assert_eq!(SubnetAlphaOut::get(&s, &ROOT_NETUID), 7 * TAO);
        assert_eq!(TotalStake::get(&s), 7 * TAO);
        // Selling 4: 4 TAO leave `SubnetTAO`, `SubnetAlphaIn` rises by 4 (subtensor's stable sell).
        let sold = swap_alpha_for_tao(&mut s, ROOT_NETUID, 4 * TAO, MIN_PRICE, false).unwrap();
        assert_eq!((sold.amount_out, sold.fee), (4 * TAO, 0));
        assert_eq!(SubnetTAO::get(&s, &ROOT_NETUID), 3 * TAO);
        assert_eq!(SubnetAlphaIn::get(&s, &ROOT_NETUID), 4 * TAO);
        assert_eq!(SubnetAlphaOut::get(&s, &ROOT_NETUID), 3 * TAO);
        assert_eq!(TotalStake::get(&s), 3 * TAO);
        // A stable pool never initialises the Balancer.
        assert!(!PalSwapInitialized::get(&s, &ROOT_NETUID));
        // The simulation of a subnet that does not exist swaps nothing.
        assert_eq!(
            sim_swap(&s, 9, SwapSide::BuyAlpha, TAO).map(|r| r.amount_out),
            Ok(0)
        );
    }

    const MAX_PRICE: u64 = swap::MAX_PRICE_RAO;
    const MIN_PRICE: u64 = swap::MIN_PRICE_RAO;

    /// btcli's safe staking sends `add_stake_limit(amount, limit = spot × 1.005, allow_partial = false)`.
    /// On a constant-product pool of y TAO the price moves by ((y + Δ)/y)², so that limit admits
    /// Δ ≤ y·(√1.005 − 1) of swapped TAO: 3.7453 TAO at y = 1500. After k one-TAO chain buys (what every
    /// block's emission does to a subnet with no root stake) a 1 TAO stake (0.999496 TAO after its fee)
    /// needs 1500 + k + 0.999496 ≤ 1500·√1.005 = 1503.7453, i.e. k ≤ 2.
    #[test]
    fn a_half_percent_limit_admits_one_tao_on_1500_tao_until_three_chain_buys_move_the_price() {
        let mut s = Storage::new();
        dynamic_subnet(&mut s, 1, 1_500 * TAO, 1_500 * TAO);
        let limit = 1_005_000_000;
        // Executable before the limit: Δ = floor(1500e9·(√1.005 − 1)) = 3_745_324_182 rao, plus the fee
        // Δ·33/65502 = 1_886_899 rao.
        let max = get_max_amount_add(&s, 1, limit).expect("below the limit");
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
            assert!(chain_buy(&mut s, 1, TAO) > 0);
        }
    }

    #[test]
    fn max_amounts_on_a_dynamic_pool() {
        let mut s = Storage::new();
        dynamic_subnet(&mut s, 1, 1000 * TAO, 1000 * TAO);
        // Limit 1.1025 = 1.05²: Δ = 49_999_999_999 and its fee 25_190_070 (see
        // `math::swap::tests::limit_with_fee_recomputes_fee`).
        assert_eq!(get_max_amount_add(&s, 1, 1_102_500_000), Ok(50_025_190_069));
        // A limit at or below the price: the swap pallet's `PriceLimitExceeded` (pallet 28, index 3).
        let at_price = get_max_amount_add(&s, 1, TAO);
        assert_eq!(at_price, Err(SwapPalletError::PriceLimitExceeded.into()));
        assert_eq!(
            at_price.map_err(|e| e.name()),
            Err("Swap.PriceLimitExceeded".to_string())
        );
        // Selling to 0.25 = price / 4: Δx = x·(√4 − 1) = 1000 alpha, fee 1000e9·33/65502.
        assert_eq!(
            get_max_amount_remove(&s, 1, 250_000_000),
            Ok(1000 * TAO + 503_801_410)
        );
        // Moving from this pool (price 1) to one at price 2 (4000 TAO / 2000 alpha): the ratio is ½;
        // down to ¼ subtensor's closed form admits x₂·t₁/(t₁+t₂)/¼ − x₁·t₂/(t₁+t₂) = 1600 − 800
        // alpha, 799.999999999 in `U64F64` (t₁/(t₁+t₂) = 0.2 is not a binary fraction).
        dynamic_subnet(&mut s, 2, 4000 * TAO, 2000 * TAO);
        assert_eq!(
            get_max_amount_move(&s, 1, 2, 250_000_000),
            Ok(799_999_999_999)
        );
        assert_eq!(get_max_amount_move(&s, 1, 2, 500_000_001), Ok(0));
        assert_eq!(get_max_amount_move(&s, 1, 2, 0), Ok(u64::MAX));
        // From root (price 1) to subnet 2: `get_max_amount_add` at the implied destination price
        // 1e9/limit·1e9 = 2 TAO at limit ½, which subnet 2 is already at.
        crate::subnets::init_root_network(&mut s, &account(1), &account(2));
        assert_eq!(
            get_max_amount_move(&s, ROOT_NETUID, 2, 500_000_000),
            Err(SwapPalletError::PriceLimitExceeded.into())
        );
        assert_eq!(
            get_max_amount_move(&s, 2, ROOT_NETUID, 2 * TAO - 1).map(|a| a > 0),
            Ok(true)
        );
    }

    #[test]
    fn swap_guards_are_the_swap_pallets_errors() {
        let mut s = Storage::new();
        // Alpha reserve below the 1_000_000 rao minimum.
        dynamic_subnet(&mut s, 1, 1000 * TAO, 999_999);
        let e = swap_tao_for_alpha(&mut s, 1, TAO, MAX_PRICE, false).unwrap_err();
        assert_eq!(e, SwapPalletError::ReservesTooLow.into());
        assert_eq!(e.encode(), vec![3, PALLET_INDEX, 10, 0, 0, 0]);
        // Input above 1000 × the input reserve.
        dynamic_subnet(&mut s, 2, TAO, 1000 * TAO);
        let e = swap_tao_for_alpha(&mut s, 2, 1000 * TAO + 1, MAX_PRICE, true).unwrap_err();
        assert_eq!(e.name(), "Swap.SwapInputTooLarge");
        assert_eq!(SwapPalletError::SwapInputTooLarge as u8, 15);
        assert_eq!(SwapPalletError::InsufficientLiquidity as u8, 2);
        // Nothing moved.
        assert_eq!(SubnetTAO::get(&s, &2), TAO);
        assert_eq!(TotalStake::get(&s), 0);
    }

    #[test]
    fn the_first_swap_initialises_the_pool_at_half() {
        let mut s = Storage::new();
        dynamic_subnet(&mut s, 1, 1000 * TAO, 1000 * TAO);
        // Weights moved by an injection before any swap: the price reads them...
        let (tao, alpha) = adjust_protocol_liquidity(&mut s, 1, 10 * TAO, 21 * TAO);
        assert_eq!((tao, alpha), (10 * TAO, 21 * TAO));
        let moved = SwapBalancer::get(&s, &1);
        assert_ne!(moved, Balancer::HALF);
        assert_eq!(current_price(&s, 1), reserves(&s, 1).price());
        // ...but the first swap initialises the pool at ½ first (`maybe_initialize_palswap`), so it
        // trades as constant product: 10 TAO buys 9_896_053_816 alpha after its fee, 9_900_990_099
        // fee-free.
        assert_eq!(
            sim_swap(&s, 1, SwapSide::BuyAlpha, 10 * TAO).map(|r| r.amount_out),
            Ok(9_896_053_816)
        );
        let r = swap_tao_for_alpha(&mut s, 1, 10 * TAO, MAX_PRICE, true).unwrap();
        assert_eq!(r.amount_out, 9_900_990_099);
        assert!(PalSwapInitialized::get(&s, &1));
        assert_eq!(SwapBalancer::get(&s, &1), Balancer::HALF);
        // From now on injections keep their weights.
        adjust_protocol_liquidity(&mut s, 1, 10 * TAO, 21 * TAO);
        assert_ne!(SwapBalancer::get(&s, &1), Balancer::HALF);
        assert!(PalSwapInitialized::get(&s, &1));
        clear(&mut s, 1);
        assert!(!PalSwapInitialized::get(&s, &1));
        assert_eq!(SwapBalancer::try_get(&s, &1), None);
    }

    #[test]
    fn fees_follow_the_subnets_fee_rate() {
        let mut s = Storage::new();
        dynamic_subnet(&mut s, 1, 1000 * TAO, 1000 * TAO);
        assert_eq!(fee_on(&s, 1, 10 * TAO), 5_035_477);
        FeeRate::insert(&mut s, &1, 0);
        assert_eq!(fee_on(&s, 1, 10 * TAO), 0);
        // 10 TAO at rate 0: 9_900_990_099 alpha (the fee-free constant-product output).
        assert_eq!(
            sim_swap(&s, 1, SwapSide::BuyAlpha, 10 * TAO).map(|r| (r.fee, r.amount_out)),
            Ok((0, 9_900_990_099))
        );
        assert_eq!(fee_on(&s, ROOT_NETUID, 10 * TAO), 0);
    }
}

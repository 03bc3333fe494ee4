//! Block emission (halvings) and the subnet price EMA.
//!
//! This module owns two formulas of subtensor's coinbase:
//! - [`block_emission`]: `coinbase/block_emission.rs::get_block_emission_for_issuance`, the TAO minted
//!   per block for a given `TotalIssuance`; the same curve gives a subnet's alpha emission per block
//!   from its alpha issuance (`SubnetAlphaIn + SubnetAlphaOut`).
//! - [`update_moving_price`]: `staking/stake_utils.rs::update_moving_price`, the per-block update of
//!   `SubnetMovingPrice` that drives each subnet's share of emission.
//!
//! Both are evaluated in subtensor's fixed-point types with `substrate_fixed`'s own `log2`, so the
//! halving thresholds land on the same rao.

use substrate_fixed::transcendental::log2;
use substrate_fixed::types::{I96F32, U64F64};

/// Total TAO supply, in rao (21 000 000 TAO): `TotalSupply`.
pub const TOTAL_SUPPLY_RAO: u64 = 21_000_000_000_000_000;
/// Emission per block before the first halving, in rao (1 TAO): `DefaultBlockEmission`.
pub const DEFAULT_BLOCK_EMISSION_RAO: u64 = 1_000_000_000;
/// Default `EMAPriceHalvingBlocks` (runtime `InitialEmaPriceHalvingPeriod`, 4 weeks of blocks).
pub const DEFAULT_EMA_PRICE_HALVING_BLOCKS: u64 = 201_600;

/// Half the total supply as written in subtensor's formula (`2.0 × 10_500_000_000_000_000.0`).
const HALF_SUPPLY_RAO: u64 = 10_500_000_000_000_000;

/// The emission per block at total issuance `total_issuance_rao`, in rao:
/// `10^9 / 2^k` with `k = floor(log2(1 / (1 − I/21e15)))`, and 0 at or above 21M TAO.
///
/// Evaluated as subtensor does: `I/(2·10.5e15)` in `I96F32` (truncated to 32 fractional bits),
/// `1/(1 − q)`, `substrate_fixed::transcendental::log2`, floor, then `1/2^k × 10^9` truncated. So
/// the first halving happens at exactly 10 500 000 TAO (`q` = 0.5 exactly), the second at exactly
/// 15 750 000 TAO, and one rao below each threshold still pays the previous rate. An arithmetic
/// failure (subtensor returns an error and mints nothing) gives 0.
pub fn block_emission(total_issuance_rao: u64) -> u64 {
    let total_issuance = I96F32::saturating_from_num(total_issuance_rao);
    if total_issuance >= I96F32::saturating_from_num(TOTAL_SUPPLY_RAO) {
        return 0;
    }
    let one = I96F32::saturating_from_num(1);
    let two = I96F32::saturating_from_num(2);
    let Some(fraction) = total_issuance
        .checked_div(two.saturating_mul(I96F32::saturating_from_num(HALF_SUPPLY_RAO)))
    else {
        return 0;
    };
    let Some(remaining) = one.checked_sub(fraction) else {
        return 0;
    };
    let Some(inverse) = one.checked_div(remaining) else {
        return 0;
    };
    let Ok(residual) = log2::<I96F32, I96F32>(inverse) else {
        return 0;
    };
    let halvings: u64 = residual.floor().saturating_to_num::<u64>();
    let mut multiplier = one;
    for _ in 0..halvings {
        multiplier = multiplier.saturating_mul(two);
    }
    let percentage = one
        .checked_div(multiplier)
        .unwrap_or_else(|| I96F32::saturating_from_num(0));
    percentage
        .saturating_mul(I96F32::saturating_from_num(DEFAULT_BLOCK_EMISSION_RAO))
        .saturating_to_num::<u64>()
}

/// The default `SubnetMovingAlpha` (`DefaultMovingAlpha`): `I96F32::saturating_from_num(0.000003)`,
/// i.e. 12 885 / 2^32.
pub fn default_moving_alpha() -> I96F32 {
    I96F32::saturating_from_num(0.000003)
}

/// Blocks since `start_call`, as `update_moving_price` counts them: `current_block −
/// (FirstEmissionBlockNumber − 1)`, with a missing `FirstEmissionBlockNumber` read as 0 and all
/// subtractions saturating.
pub fn blocks_since_start_call(current_block: u64, first_emission_block: Option<u64>) -> u64 {
    let start_call_block = first_emission_block.unwrap_or(0).saturating_sub(1);
    current_block.saturating_sub(start_call_block)
}

/// One block's update of a subnet's price EMA (`SubnetMovingPrice`), as subtensor's
/// `update_moving_price`:
///
/// `a = base_alpha · b/(b + h)`, `EMA ← a·min(spot_price, 1) + (1 − a)·EMA`,
///
/// with `b` = [`blocks_since_start_call`], `h` = `EMAPriceHalvingBlocks`, `base_alpha` =
/// `SubnetMovingAlpha` ([`default_moving_alpha`]). Computed in `U64F64` (negative inputs read as 0,
/// every step truncating and saturating) and stored back as `I96F32` (truncated to 32 fractional
/// bits). `spot_price` is the pool's price in TAO per alpha (`PoolReserves::price`). Root and
/// stable subnets read their EMA as 1.0 in subtensor; that substitution is the caller's.
pub fn update_moving_price(
    ema: I96F32,
    spot_price: U64F64,
    blocks_since_start_call: u64,
    halving_blocks: u64,
    base_alpha: I96F32,
) -> I96F32 {
    let one = U64F64::saturating_from_num(1);
    let blocks = U64F64::saturating_from_num(blocks_since_start_call);
    let warmup = blocks
        .checked_div(blocks.saturating_add(U64F64::saturating_from_num(halving_blocks)))
        .unwrap_or_else(|| U64F64::saturating_from_num(0));
    let alpha = U64F64::saturating_from_num(base_alpha).saturating_mul(warmup);
    let one_minus_alpha = one.saturating_sub(alpha);
    let weighted_price = alpha.saturating_mul(spot_price.min(one));
    let weighted_ema = one_minus_alpha.saturating_mul(U64F64::saturating_from_num(ema));
    I96F32::saturating_from_num(weighted_price.saturating_add(weighted_ema))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAO: u64 = 1_000_000_000;

    #[test]
    fn emission_before_first_halving() {
        assert_eq!(block_emission(0), 1_000_000_000);
        assert_eq!(block_emission(3_000_000 * TAO), 1_000_000_000);
    }

    #[test]
    fn first_halving_boundary() {
        // I = 10.5e15 − 1: q = floor((10.5e15 − 1)·2^32/21e15)/2^32 = (2^31 − 1)/2^32 (the exact
        // value is 0.5 − 1/21e15, just under 0.5); 1 − q = 0.5 + 2^-32; 1/(1 − q) < 2 → log2 < 1 →
        // k = 0 → 1 TAO.
        assert_eq!(block_emission(10_500_000 * TAO - 1), 1_000_000_000);
        // I = 10.5e15: q = 0.5 exactly, 1/(1 − q) = 2, log2 = 1 → k = 1 → 0.5 TAO.
        assert_eq!(block_emission(10_500_000 * TAO), 500_000_000);
    }

    #[test]
    fn second_and_third_halving_boundaries() {
        // I = 15.75e15 − 1: q = (0.75·2^32 − 1)/2^32, 1 − q = 0.25 + 2^-32, inverse < 4 → k = 1.
        assert_eq!(block_emission(15_750_000 * TAO - 1), 500_000_000);
        // I = 15.75e15: q = 0.75, inverse 4, log2 = 2 → 0.25 TAO.
        assert_eq!(block_emission(15_750_000 * TAO), 250_000_000);
        // I = 18.375e15: q = 0.875, inverse 8, k = 3 → 0.125 TAO.
        assert_eq!(block_emission(18_375_000 * TAO), 125_000_000);
        assert_eq!(block_emission(18_375_000 * TAO - 1), 250_000_000);
    }

    #[test]
    fn supply_cap() {
        // I = 21e15 − 1: q = (2^32 − 1)/2^32, 1 − q = 2^-32, inverse 2^32, k = 32 →
        // 1e9/2^32 = 0.23 → 0.
        assert_eq!(block_emission(21_000_000 * TAO - 1), 0);
        assert_eq!(block_emission(21_000_000 * TAO), 0);
        assert_eq!(block_emission(u64::MAX), 0);
        // I = 20.9e15: q bits = floor(20.9/21·2^32) = 4_274_515_070, 1 − q = 20_452_226/2^32,
        // inverse = floor(2^64/20_452_226)/2^32 ≈ 209.99 → log2 ≈ 7.71 → k = 7 → 1e9/128 = 7_812_500.
        assert_eq!(block_emission(20_900_000 * TAO), 7_812_500);
    }

    #[test]
    fn default_moving_alpha_bits() {
        // 0.000003·2^32 = 12_884.901888 → nearest 12_885.
        assert_eq!(default_moving_alpha(), I96F32::from_bits(12_885));
    }

    #[test]
    fn blocks_since_start_call_counts_from_the_call_block() {
        // start_call at block 99 sets FirstEmissionBlockNumber = 100; at block 150, b = 150 − 99.
        assert_eq!(blocks_since_start_call(150, Some(100)), 51);
        assert_eq!(blocks_since_start_call(150, None), 150);
        assert_eq!(blocks_since_start_call(5, Some(100)), 0);
    }

    #[test]
    fn moving_price_half_warmup_exact() {
        // base 0.5, b = h = 1 → b/(b+h) = 0.5 → a = 0.25; spot 0.25 (< 1), EMA 0.5:
        // 0.25·0.25 + 0.75·0.5 = 0.0625 + 0.375 = 0.4375 (all exact binary fractions).
        let ema = update_moving_price(
            I96F32::from_num(0.5),
            U64F64::from_num(0.25),
            1,
            1,
            I96F32::from_num(0.5),
        );
        assert_eq!(ema, I96F32::from_num(0.4375));
    }

    #[test]
    fn moving_price_caps_spot_at_one_and_truncates_to_i96f32() {
        // default base alpha bits 12_885 (/2^32); b = h = 201_600 → warm-up factor 0.5 exactly;
        // a = 12_885·2^32·0.5 U64F64 bits = 12_885·2^31; spot 2.0 capped at 1 → a·1 = a; EMA 0.
        // As I96F32: 12_885·2^31 / 2^32 = 6_442.5 bits → truncated to 6_442.
        let ema = update_moving_price(
            I96F32::from_num(0),
            U64F64::from_num(2),
            201_600,
            DEFAULT_EMA_PRICE_HALVING_BLOCKS,
            default_moving_alpha(),
        );
        assert_eq!(ema, I96F32::from_bits(6_442));
    }

    #[test]
    fn moving_price_at_start_call_keeps_ema() {
        // b = 0 → a = 0 → EMA unchanged.
        let ema = I96F32::from_num(0.75);
        assert_eq!(
            update_moving_price(
                ema,
                U64F64::from_num(0.1),
                0,
                201_600,
                default_moving_alpha()
            ),
            ema
        );
        // h = 0 and b = 0: 0/0 → 0 (safe division).
        assert_eq!(
            update_moving_price(ema, U64F64::from_num(0.1), 0, 0, default_moving_alpha()),
            ema
        );
    }
}

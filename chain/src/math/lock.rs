//! The subnet registration lock cost.
//!
//! This module owns subtensor's `coinbase/root.rs::get_network_lock_cost` and
//! `get_lock_reduction_interval`: each subnet registration sets the price to twice the last lock,
//! after which it falls linearly back to the floor `NetworkMinLockCost` over
//! `NetworkLockReductionInterval` blocks, an interval that shrinks with each emission halving.

use substrate_fixed::types::I64F64;

/// Default `NetworkMinLockCost`, in rao (1000 TAO).
pub const DEFAULT_NETWORK_MIN_LOCK_COST: u64 = 1_000_000_000_000;
/// Default `NetworkLockReductionInterval`, in blocks (14 days of 12 s blocks).
pub const DEFAULT_NETWORK_LOCK_REDUCTION_INTERVAL: u64 = 14 * 7_200;

/// The emission-scaled reduction interval (`get_lock_reduction_interval`):
/// `floor(interval × (block_emission / 10^9))` in `I64F64`. With 1 TAO per block it is `interval`;
/// after the first halving, half of it.
pub fn lock_reduction_interval(interval: u64, block_emission: u64) -> u64 {
    let interval = I64F64::saturating_from_num(interval);
    let halving = I64F64::saturating_from_num(block_emission)
        .checked_div(I64F64::saturating_from_num(1_000_000_000u64))
        .unwrap_or_else(|| I64F64::saturating_from_num(0));
    interval.saturating_mul(halving).saturating_to_num::<u64>()
}

/// The cost to register a subnet now (`get_network_lock_cost`):
///
/// `max(min_lock, mult·last_lock − floor(last_lock / interval')·(current_block − last_lock_block))`
///
/// with `mult` = 1 when `first_ever` else 2, `interval'` = [`lock_reduction_interval`]`(
/// reduction_interval, block_emission)` (`block_emission` is the current block emission, e.g.
/// [`crate::math::emission::block_emission`] of `TotalIssuance`), a zero `interval'` meaning no
/// reduction, and every step saturating. Subtensor's `first_ever` is `NetworkLastLockBlock == 0`
/// (`last_lock_block == 0`); pass exactly that to match it.
pub fn network_lock_cost(
    last_lock: u64,
    min_lock: u64,
    last_lock_block: u64,
    current_block: u64,
    reduction_interval: u64,
    block_emission: u64,
    first_ever: bool,
) -> u64 {
    let mult: u64 = if first_ever { 1 } else { 2 };
    let interval = lock_reduction_interval(reduction_interval, block_emission);
    let per_block = last_lock.checked_div(interval).unwrap_or(0);
    let reduction = per_block.saturating_mul(current_block.saturating_sub(last_lock_block));
    let cost = last_lock.saturating_mul(mult).saturating_sub(reduction);
    cost.max(min_lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAO: u64 = 1_000_000_000;
    const MIN: u64 = DEFAULT_NETWORK_MIN_LOCK_COST;
    const INTERVAL: u64 = DEFAULT_NETWORK_LOCK_REDUCTION_INTERVAL; // 100_800

    #[test]
    fn interval_scales_with_emission() {
        assert_eq!(lock_reduction_interval(INTERVAL, TAO), 100_800);
        // 0.5 TAO per block: 100_800 × 0.5 = 50_400.
        assert_eq!(lock_reduction_interval(INTERVAL, TAO / 2), 50_400);
        // 0.125 TAO: 12_600.
        assert_eq!(lock_reduction_interval(INTERVAL, TAO / 8), 12_600);
        assert_eq!(lock_reduction_interval(INTERVAL, 0), 0);
    }

    #[test]
    fn first_ever_registration_pays_the_last_lock() {
        // mult 1, last_lock_block 0: 1000 TAO − (1e12/100_800)·0 at block 0.
        assert_eq!(network_lock_cost(MIN, MIN, 0, 0, INTERVAL, TAO, true), MIN);
        // at block 10: 1e12 − 9_920_634·10 < min → min.
        assert_eq!(network_lock_cost(MIN, MIN, 0, 10, INTERVAL, TAO, true), MIN);
    }

    #[test]
    fn doubling_then_linear_decay_to_the_floor() {
        // last lock 1000 TAO at block 100. Per block: floor(1e12/100_800) = 9_920_634
        // (100_800 × 9_920_634 = 999_999_907_200 ≤ 1e12 < 100_800 × 9_920_635).
        let cost = |block| network_lock_cost(MIN, MIN, 100, block, INTERVAL, TAO, false);
        // same block: doubled.
        assert_eq!(cost(100), 2_000 * TAO);
        // half an interval later: 2e12 − 9_920_634 × 50_400 = 2e12 − 499_999_953_600.
        assert_eq!(cost(100 + 50_400), 1_500_000_046_400);
        // a full interval: 2e12 − 9_920_634 × 100_800 = 2e12 − 999_999_907_200.
        assert_eq!(cost(100 + 100_800), 1_000_000_092_800);
        // one more block: 2e12 − 1_000_009_827_834 = 999_990_172_166 < floor → floor.
        assert_eq!(cost(100 + 100_801), MIN);
        // long after: floor.
        assert_eq!(cost(10_000_000), MIN);
    }

    #[test]
    fn doubling_compounds_and_halving_speeds_the_decay() {
        // After a second registration right away the last lock is 2000 TAO → next costs 4000 TAO.
        assert_eq!(
            network_lock_cost(2_000 * TAO, MIN, 5, 5, INTERVAL, TAO, false),
            4_000 * TAO
        );
        // At 0.5 TAO emission the interval is 50_400: per block floor(1e12/50_400) = 19_841_269;
        // after 50_400 blocks: 2e12 − 19_841_269 × 50_400 = 2e12 − 999_999_957_600.
        assert_eq!(
            network_lock_cost(MIN, MIN, 1, 1 + 50_400, INTERVAL, TAO / 2, false),
            1_000_000_042_400
        );
    }

    #[test]
    fn zero_interval_means_no_reduction() {
        assert_eq!(
            network_lock_cost(MIN, MIN, 1, 1_000_000, INTERVAL, 0, false),
            2_000 * TAO
        );
        assert_eq!(
            network_lock_cost(u64::MAX, 0, 1, 2, 0, TAO, false),
            u64::MAX
        );
    }
}

//! The neuron registration price (`Burn`) of a subnet.
//!
//! This module owns the two rules that move `Burn` in current subtensor
//! (`subnets/registration.rs`, helpers in `utils/misc.rs`):
//! - every block (in `on_initialize`, from block 2 on) `Burn ← Burn·f` with `f^BurnHalfLife = 1/2`,
//!   where `f` is found in Q32 fixed point (1.0 = 2^32) by binary search and every product floors;
//! - after each registration `Burn ← Burn·BurnIncreaseMult` (default 1.26) in `U64F64`, floored;
//!
//! and both clamp the result to `[MinBurn, MaxBurn]` (lower bound first, so `MaxBurn` wins if the
//! bounds cross).

use substrate_fixed::types::U64F64;

/// Default `BurnHalfLife`, in blocks.
pub const DEFAULT_BURN_HALF_LIFE: u16 = 360;
/// Largest settable `BurnHalfLife` (`MaxBurnHalfLife`).
pub const MAX_BURN_HALF_LIFE: u16 = 36_100;
/// Initial `Burn` of a new subnet, in rao (1 TAO).
pub const DEFAULT_BURN_RAO: u64 = 1_000_000_000;

/// 1.0 in Q32.
const ONE_Q32: u64 = 1 << 32;
/// 0.5 in Q32.
const HALF_Q32: u64 = 1 << 31;

/// The default `BurnIncreaseMult`: `U64F64::from_num(1.26)` (the `f64` nearest to 1.26, exactly).
pub fn default_burn_increase_mult() -> U64F64 {
    U64F64::saturating_from_num(1.26)
}

/// `value × factor_q32 / 2^32`, floored and clamped to `u64` (subtensor's `mul_by_q32`).
pub fn mul_by_q32(value: u64, factor_q32: u64) -> u64 {
    let product = u128::from(value).saturating_mul(u128::from(factor_q32));
    u64::try_from(product >> 32).unwrap_or(u64::MAX)
}

/// `base_q32^exp` in Q32 by square-and-multiply, every product through [`mul_by_q32`]
/// (subtensor's `pow_q32`).
pub fn pow_q32(base_q32: u64, exp: u16) -> u64 {
    let mut result = ONE_Q32;
    let mut factor = base_q32;
    let mut power = u32::from(exp);
    while power > 0 {
        if power & 1 == 1 {
            result = mul_by_q32(result, factor);
        }
        power >>= 1;
        if power > 0 {
            factor = mul_by_q32(factor, factor);
        }
    }
    result
}

/// The per-block decay factor `f` in Q32 (subtensor's `decay_factor_q32`): the largest
/// `f < 2^32` with `pow_q32(f, half_life) ≤ 2^31`; 1.0 when `half_life` is 0.
pub fn decay_factor_q32(half_life: u16) -> u64 {
    if half_life == 0 {
        return ONE_Q32;
    }
    let mut lo: u64 = 0;
    let mut hi: u64 = ONE_Q32;
    while lo.saturating_add(1) < hi {
        let mid = lo.saturating_add(hi.saturating_sub(lo) >> 1);
        if pow_q32(mid, half_life) > HALF_Q32 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    lo
}

/// One block's decay of `burn`: `mul_by_q32(burn, decay_factor_q32(half_life))` (no decay when
/// `half_life` is 0), clamped to `[min_burn, max_burn]`.
///
/// Subtensor applies the decay only when the current block is above 1 (the clamp always); that
/// condition is the caller's. Callers decaying many subnets with the same half-life may cache
/// [`decay_factor_q32`] and use [`decay_burn_with_factor`].
pub fn decay_burn(burn: u64, half_life: u16, min_burn: u64, max_burn: u64) -> u64 {
    let decayed = if half_life > 0 {
        mul_by_q32(burn, decay_factor_q32(half_life))
    } else {
        burn
    };
    clamp_burn(decayed, min_burn, max_burn)
}

/// [`decay_burn`] with a precomputed Q32 factor from [`decay_factor_q32`].
pub fn decay_burn_with_factor(burn: u64, factor_q32: u64, min_burn: u64, max_burn: u64) -> u64 {
    clamp_burn(mul_by_q32(burn, factor_q32), min_burn, max_burn)
}

/// The price after a registration (`bump_registration_price_after_registration`):
/// `floor(burn × max(mult, 1))` in `U64F64`, saturating, clamped to `[min_burn, max_burn]`.
/// Root (netuid 0) is never bumped; that check is the caller's.
pub fn bump_burn(burn: u64, mult: U64F64, min_burn: u64, max_burn: u64) -> u64 {
    let mult = mult.max(U64F64::saturating_from_num(1));
    let bumped = U64F64::saturating_from_num(burn)
        .saturating_mul(mult)
        .saturating_to_num::<u64>();
    clamp_burn(bumped, min_burn, max_burn)
}

/// Subtensor's clamp: raise to `min_burn`, then lower to `max_burn`.
fn clamp_burn(burn: u64, min_burn: u64, max_burn: u64) -> u64 {
    let mut burn = burn;
    if burn < min_burn {
        burn = min_burn;
    }
    if burn > max_burn {
        burn = max_burn;
    }
    burn
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAO: u64 = 1_000_000_000;
    const MIN: u64 = 500_000; // subtensor's default MinBurn (0.0005 TAO)
    const MAX: u64 = 100 * TAO; // subtensor's default MaxBurn

    #[test]
    fn decay_factor_small_half_lives() {
        // half-life 1: largest f with floor(2^32·f/2^32) = f ≤ 2^31 → 2^31.
        assert_eq!(decay_factor_q32(1), 1 << 31);
        // half-life 2: pow = floor(f²/2^32) ≤ 2^31 ⇔ f² < 2^63 + 2^32 = 9_223_372_041_149_743_104;
        // 3_037_000_500² = 9_223_372_037_000_250_000 fits, 3_037_000_501² = 9_223_372_043_074_251_001
        // does not → 3_037_000_500.
        assert_eq!(decay_factor_q32(2), 3_037_000_500);
        assert_eq!(decay_factor_q32(0), 1 << 32);
    }

    #[test]
    fn decay_factor_360() {
        // Real value: 2^32 · 2^(−1/360) = 4_286_705_684.065…; in Q32 arithmetic
        // pow_q32(4_286_705_684, 360) = 2_147_483_532 ≤ 2^31 = 2_147_483_648 and
        // pow_q32(4_286_705_685, 360) = 2_147_483_707 > 2^31, so f = 4_286_705_684.
        let f = decay_factor_q32(360);
        assert_eq!(f, 4_286_705_684);
        assert_eq!(pow_q32(f, 360), 2_147_483_532);
        assert_eq!(pow_q32(f + 1, 360), 2_147_483_707);
    }

    #[test]
    fn one_block_of_decay() {
        // floor(1e9 · 4_286_705_684 / 2^32) = floor(998_076_443.5…) = 998_076_443.
        assert_eq!(decay_burn(TAO, 360, MIN, MAX), 998_076_443);
        // half-life 1 halves exactly.
        assert_eq!(decay_burn(TAO, 1, MIN, MAX), 500_000_000);
        // half-life 0 does not decay.
        assert_eq!(decay_burn(TAO, 0, MIN, MAX), TAO);
    }

    #[test]
    fn decay_over_one_half_life_is_about_half() {
        // 360 successive floor(b·f/2^32) steps from 1e9 (each step loses < 1 rao to flooring on top
        // of f being 0.065/2^32 below the real factor): 499_999_865, 135 rao under 5e8.
        let mut burn = TAO;
        for _ in 0..360 {
            burn = decay_burn(burn, 360, MIN, MAX);
        }
        assert_eq!(burn, 499_999_865);
        // and again: 249_999_807 after two half-lives.
        for _ in 0..360 {
            burn = decay_burn(burn, 360, MIN, MAX);
        }
        assert_eq!(burn, 249_999_807);
        assert_eq!(
            decay_burn_with_factor(TAO, decay_factor_q32(360), MIN, MAX),
            998_076_443
        );
    }

    #[test]
    fn decay_clamps_to_min_burn() {
        assert_eq!(decay_burn(MIN, 360, MIN, MAX), MIN);
        // above max (max lowered by governance): clamped down even without decay.
        assert_eq!(decay_burn(200 * TAO, 0, MIN, MAX), MAX);
    }

    #[test]
    fn bump_by_default_mult() {
        // f64 1.26 = 1.26000000000000000888…; 1e9 × that = 1_260_000_000.0000000089 → 1_260_000_000.
        assert_eq!(
            bump_burn(TAO, default_burn_increase_mult(), MIN, MAX),
            1_260_000_000
        );
        // twice: 1_260_000_000 × 1.26000000000000000888… = 1_587_600_000.0000000112 → 1_587_600_000.
        let twice = bump_burn(1_260_000_000, default_burn_increase_mult(), MIN, MAX);
        assert_eq!(twice, 1_587_600_000);
    }

    #[test]
    fn bump_clamps_and_floors_mult_at_one() {
        assert_eq!(
            bump_burn(90 * TAO, default_burn_increase_mult(), MIN, MAX),
            MAX
        );
        // a multiplier below 1 is treated as 1
        assert_eq!(bump_burn(TAO, U64F64::from_num(0.5), MIN, MAX), TAO);
        // crossing bounds: max wins
        assert_eq!(
            bump_burn(TAO, U64F64::from_num(1), 10 * TAO, 5 * TAO),
            5 * TAO
        );
        // saturates instead of overflowing
        assert_eq!(
            bump_burn(u64::MAX, U64F64::from_num(2), 0, u64::MAX),
            u64::MAX
        );
    }
}

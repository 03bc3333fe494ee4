//! `(a/b)^(p/q) × scale` in big integers: the exponentiation behind subtensor's Balancer pool.
//!
//! Subtensor's swap pallet (`pallets/swap/src/pallet/balancer.rs`) raises reserve and price ratios to
//! weight ratios with `SafeInt::pow_ratio_scaled` of the `safe-bigmath` crate (0.4.1). Its result is
//! not the correctly rounded power: it depends on the route the crate takes, so a pool that must pay
//! the same rao as a real node has to take the same route with the same roundings. This module
//! computes it the same way:
//!
//! - the exponent `p/q` is reduced by its gcd; if both parts are at most 1024, the result is exact:
//!   `floor((aᵖ · scaleᵠ / bᵖ)^(1/q))` (so `floor(a·scale/b)` at exponent 1, a floored square root
//!   at ½);
//! - otherwise it is a fixed-point approximation with `P = max(precision, 32, bits(scale) + 8)`
//!   fractional bits plus 24 guard bits: `ln a − ln b` from Taylor series of `ln(1 + m)` on binary
//!   mantissas `m + 1 ∈ [0.5, 1.5)` (plus `k·ln 2`, with `ln 2 = −ln(1 − ½)`), times `p/q` (floor),
//!   then `exp` by its Taylor series, rounded to `P` bits (half away from zero) and scaled:
//!   `floor(e · scale / 2ᴾ)`. Each series stops as soon as a term is zero, smaller than the guard
//!   unit, or leaves the value rounded to `P` bits unchanged, after at most `min(4096, P + 152)`
//!   terms. Every product is floored towards −∞, every series term too.
//!
//! Only the arithmetic is shared with subtensor, not code: the roundings above are the specification.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::sync::Mutex;

/// Largest exponent numerator or denominator (after reduction) computed exactly.
const MAX_EXACT_EXPONENT: u128 = 1_024;
/// Guard bits carried by the approximation beyond the requested precision.
const GUARD_BITS: u32 = 24;
/// Cap on the number of series terms.
const MAX_TERMS: usize = 4_096;

/// `(base_num / base_den)^(exp_num / exp_den) × scale`, floored as described in the module
/// documentation. `None` when a denominator is 0 (as the crate answers); `Some(0)` when the base is 0;
/// `Some(scale)` when the exponent is 0. The approximation can in principle end below zero, hence the
/// signed result.
pub fn pow_ratio_scaled(
    base_num: u128,
    base_den: u128,
    exp_num: u128,
    exp_den: u128,
    precision: u32,
    scale: u128,
) -> Option<BigInt> {
    if base_den == 0 || exp_den == 0 {
        return None;
    }
    if base_num == 0 {
        return Some(BigInt::zero());
    }
    if exp_num == 0 {
        return Some(BigInt::from(scale));
    }
    let g = exp_num.gcd(&exp_den);
    let (p, q) = (exp_num / g, exp_den / g);
    let scale = BigUint::from(scale);
    if p <= MAX_EXACT_EXPONENT && q <= MAX_EXACT_EXPONENT {
        // Both fit in u32 here.
        let (p, q) = (p as u32, q as u32);
        let numerator = BigUint::from(base_num).pow(p) * scale.pow(q);
        let denominator = BigUint::from(base_den).pow(p);
        let ratio = numerator / denominator;
        // floor(root_q(floor(N/D))) = floor(root_q(N/D)) for integer roots.
        return Some(BigInt::from_biguint(Sign::Plus, ratio.nth_root(q)));
    }
    if base_num == base_den {
        // ln 1 = 0 exactly, exp 0 = 1 exactly: the series route gives `scale` too.
        return Some(BigInt::from_biguint(Sign::Plus, scale));
    }
    if let Some(fast) = certified(base_num, base_den, p, q, precision, &scale) {
        return Some(fast);
    }
    Some(approximate(base_num, base_den, p, q, precision, &scale))
}

/// e⁴ rounded up: how much exp's cancellation can multiply the series' rounding errors for |y| ≤ 4.
const E_TO_THE_FOUR: u8 = 55;
/// Fractional bits of the certified pre-computation ([`certified`]).
const CERTIFIED_PRECISION: u32 = 96;
/// Error bound of a series power, in units of its last requested bit, for a power up to 1: the series
/// terms are floored at the guard level (at most `internal + 128` terms, 2^24 guard units to the bit),
/// the `ln 2` multiple and the exponent's `p/q` (below 100 for pool weights in [0.01, 0.99]) amplify
/// that by well under one unit, and the final rounding adds half a unit. 64 units leaves a wide margin;
/// [`certified`] adds 256 units per unit of the power for larger powers.
const CERTIFIED_ERROR_UNITS: i64 = 64;

/// The series route's answer, computed cheaply when that is provably the same integer.
///
/// The series route at `precision` bits returns `floor(x · scale)` of a value within far less than a
/// unit of its last bit of the true power `x`, so it equals `floor(true x · scale)` unless `x · scale`
/// lies within ~2^-200 of an integer. Evaluating the same series at [`CERTIFIED_PRECISION`] bits gives
/// `x` within [`CERTIFIED_ERROR_UNITS`] of its last bit; when the floors of both ends of that interval,
/// scaled, agree, that floor is the answer (it is `floor(true x · scale)`). When they differ (the value
/// is within ~2^-30 of an integer, or is an integer), `None`: the caller runs the full route. A swap then
/// costs one short series instead of one at 256 or 1024 bits (about 6× faster), with identical results.
fn certified(
    base_num: u128,
    base_den: u128,
    p: u128,
    q: u128,
    precision: u32,
    scale: &BigUint,
) -> Option<BigInt> {
    if precision <= CERTIFIED_PRECISION {
        return None;
    }
    let (power, requested, exponent) =
        series_power(base_num, base_den, p, q, CERTIFIED_PRECISION, scale);
    // exp's alternating series cancels terms as large as e^|y|: past |y| = 4 the short series loses too
    // many bits to bound simply (the full route keeps its own behaviour there).
    if exponent.abs() > BigInt::from(4u8) << (requested + GUARD_BITS) as usize {
        return None;
    }
    let scale = BigInt::from_biguint(Sign::Plus, scale.clone());
    let target = BigInt::one() << requested;
    // The error grows with the power itself (an error in `ln x` is a relative error in `x`): allow
    // 256·x units on top.
    let margin = BigInt::from(CERTIFIED_ERROR_UNITS) + (power.abs() >> (requested - 8) as usize);
    let margin = margin * BigInt::from(E_TO_THE_FOUR);
    let low = ((&power - &margin) * &scale).div_floor(&target);
    let high = ((&power + &margin) * &scale).div_floor(&target);
    (low == high).then_some(low)
}

/// The fixed-point route for exponents whose reduced parts exceed [`MAX_EXACT_EXPONENT`].
fn approximate(
    base_num: u128,
    base_den: u128,
    p: u128,
    q: u128,
    precision: u32,
    scale: &BigUint,
) -> BigInt {
    let (power, requested, _) = series_power(base_num, base_den, p, q, precision, scale);
    let target = BigInt::one() << requested;
    (power * BigInt::from_biguint(Sign::Plus, scale.clone())).div_floor(&target)
}

/// `(a/b)^(p/q)` by the series, rounded to `requested` fractional bits; returns it with `requested` and
/// the exponent `y = (p/q)·ln(a/b)` it raised e to (at `requested` + guard bits).
fn series_power(
    base_num: u128,
    base_den: u128,
    p: u128,
    q: u128,
    precision: u32,
    scale: &BigUint,
) -> (BigInt, u32, BigInt) {
    let scale_bits = u32::try_from(scale.bits()).unwrap_or(u32::MAX);
    let requested = precision.max(32).max(scale_bits.saturating_add(8));
    let internal = requested.saturating_add(GUARD_BITS);
    let max_terms = MAX_TERMS.min(internal as usize + 128).max(1);
    let fx = Fixed {
        one: BigInt::one() << internal,
        guard: BigInt::one() << GUARD_BITS,
        internal,
        max_terms,
    };
    let ln_two = fx.ln_two();
    let ln_base = fx.ln(base_num, &ln_two) - fx.ln(base_den, &ln_two);
    let scaled = (ln_base * BigInt::from(p)).div_floor(&BigInt::from(q));
    (fx.round(&fx.exp(&scaled)), requested, scaled)
}

/// Fixed-point numbers with `internal` fractional bits.
struct Fixed {
    /// 1.0.
    one: BigInt,
    /// One unit of the requested precision (2^guard bits).
    guard: BigInt,
    /// Fractional bits.
    internal: u32,
    /// Series term cap.
    max_terms: usize,
}

impl Fixed {
    /// `ln 2 = −ln(1 − ½)` at this precision: the same series result every time, so it is computed
    /// once per precision and kept (it is a third of the work of a power).
    fn ln_two(&self) -> BigInt {
        static CACHE: Mutex<Vec<(u32, usize, BigInt)>> = Mutex::new(Vec::new());
        let mut cache = match CACHE.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((_, _, v)) = cache
            .iter()
            .find(|(bits, terms, _)| *bits == self.internal && *terms == self.max_terms)
        {
            return v.clone();
        }
        let half = -(&self.one >> 1usize);
        let value = -self.ln1p(&half);
        cache.push((self.internal, self.max_terms, value.clone()));
        value
    }

    /// Drops the guard bits, rounding half away from zero.
    fn round(&self, value: &BigInt) -> BigInt {
        let (mut truncated, remainder) = value.div_rem(&self.guard);
        if !remainder.is_zero() && (remainder.abs() << 1usize) >= self.guard {
            truncated += remainder.signum();
        }
        truncated
    }

    /// `ln(1 + x)`, `x` in fixed point: x − x²/2 + x³/3 − …
    fn ln1p(&self, x: &BigInt) -> BigInt {
        let mut power = x.clone();
        let mut sum = x.clone();
        let mut last = self.round(&sum);
        for n in 2..=self.max_terms {
            power = (&power * x).div_floor(&self.one);
            if power.is_zero() {
                break;
            }
            let term = power.div_floor(&BigInt::from(n));
            if term.is_zero() {
                break;
            }
            if n % 2 == 0 {
                sum -= &term;
            } else {
                sum += &term;
            }
            let rounded = self.round(&sum);
            if term.abs() < self.guard || rounded == last {
                break;
            }
            last = rounded;
        }
        sum
    }

    /// `e^x`, `x` in fixed point: 1 + x + x²/2! + …
    fn exp(&self, x: &BigInt) -> BigInt {
        let mut term = self.one.clone();
        let mut sum = self.one.clone();
        let mut last = self.round(&sum);
        for n in 1..=self.max_terms {
            term = (&term * x).div_floor(&(&self.one * BigInt::from(n)));
            if term.is_zero() {
                break;
            }
            sum += &term;
            let rounded = self.round(&sum);
            if term.abs() < self.guard || rounded == last {
                break;
            }
            last = rounded;
        }
        sum
    }

    /// `ln(value)` for an integer `value > 0`: `ln(m) + k·ln 2` with `value = m·2^k`, `m ∈ [0.5, 1.5)`.
    fn ln(&self, value: u128, ln_two: &BigInt) -> BigInt {
        let value = BigUint::from(value);
        let mut shift = value.bits().saturating_sub(1);
        let mut mantissa = (value << self.internal) >> shift;
        let one = self.one.magnitude();
        if mantissa >= one + (one >> 1usize) {
            mantissa >>= 1usize;
            shift = shift.saturating_add(1);
        }
        let m = BigInt::from_biguint(Sign::Plus, mantissa) - &self.one;
        self.ln1p(&m) + ln_two * BigInt::from(shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const E18: u128 = 1_000_000_000_000_000_000;

    fn run(a: u128, b: u128, p: u128, q: u128, precision: u32, scale: u128) -> String {
        pow_ratio_scaled(a, b, p, q, precision, scale)
            .map(|r| r.to_string())
            .unwrap_or_else(|| "None".into())
    }

    /// The exact route. (21/28)^(3/2) = 0.75^1.5 = 0.649519052838328985…: the value subtensor's own
    /// `test_perquintill_power` asserts (weights 0.6/0.4, reduced to 3/2).
    #[test]
    fn exact_route_matches_subtensors_documented_power() {
        assert_eq!(
            run(
                21_000_000_000_000_000,
                28_000_000_000_000_000,
                600_000_000_000_000_000,
                400_000_000_000_000_000,
                4096,
                E18
            ),
            "649519052838328985"
        );
        // Exponent 1: floor(a·scale/b) = floor(1e30/1_009_994_964_523) = 990_103_946_183_810_512.
        assert_eq!(
            run(1_000_000_000_000, 1_009_994_964_523, 5, 5, 256, E18),
            "990103946183810512"
        );
        // Exponent ½: floor(√(2·1e36)) = floor(1.41421356237309504880…e18).
        assert_eq!(run(2, 1, 1, 2, 1024, E18), "1414213562373095048");
        // 2^(3/4) = 1.68179283050742908606…: exponent 3/4 (the w₁ = 0.75 of subtensor's
        // `test_calculate_quote_delta_in`), scaled by 1e9.
        assert_eq!(run(2, 1, 3, 4, 1024, 1_000_000_000), "1681792830");
    }

    /// The certified shortcut never changes an answer: on random pool-like inputs (reserves and deltas
    /// up to 2^64, weights anywhere in [0.01, 0.99] and just off ½, powers below and above 1) it
    /// either declines or returns exactly what the full series route returns.
    #[test]
    fn the_certified_shortcut_agrees_with_the_full_series() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let scale = BigUint::from(E18);
        let (mut certified_count, mut declined) = (0, 0);
        for case in 0..300 {
            let reserve = u128::from(next() >> (next() % 40));
            let delta = u128::from(next() >> (next() % 60));
            let (a, b) = if case % 3 == 0 {
                (reserve + delta + 1, reserve + 1)
            } else {
                (reserve + 1, reserve + delta + 1)
            };
            let w = if case % 2 == 0 {
                500_000_000_000_000_000 - u128::from(next() % 1_000)
            } else {
                10_000_000_000_000_000 + u128::from(next() % 980_000_000_000_000_000)
            };
            let (p, q) = (w, 1_000_000_000_000_000_000 - w);
            let g = p.gcd(&q);
            let (p, q) = (p / g, q / g);
            if p <= MAX_EXACT_EXPONENT && q <= MAX_EXACT_EXPONENT {
                continue;
            }
            let precision = if case % 10 == 0 { 1024 } else { 256 };
            match certified(a, b, p, q, precision, &scale) {
                Some(fast) => {
                    certified_count += 1;
                    assert_eq!(
                        fast,
                        approximate(a, b, p, q, precision, &scale),
                        "({a}/{b})^({p}/{q}) at {precision} bits"
                    );
                }
                None => declined += 1,
            }
        }
        assert!(
            certified_count > 150,
            "certified {certified_count}, declined {declined}"
        );
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(run(1, 0, 1, 2, 256, E18), "None");
        assert_eq!(run(1, 2, 1, 0, 256, E18), "None");
        assert_eq!(run(0, 2, 7, 3, 256, E18), "0");
        assert_eq!(run(5, 2, 0, 3, 256, E18), E18.to_string());
    }

    /// The approximate route, against values from safe-bigmath 0.4.1 (rev 013c499, the crate and
    /// revision subtensor main pins), each also within one unit of the true power (checked with
    /// 60-digit decimal arithmetic).
    #[test]
    fn approximate_route_matches_safe_bigmath() {
        for (a, b, p, q, precision, want) in APPROXIMATE_CASES {
            assert_eq!(
                run(*a, *b, *p, *q, *precision, E18),
                *want,
                "({a}/{b})^({p}/{q}) at precision {precision}"
            );
        }
    }

    /// `(base_num, base_den, exp_num, exp_den, precision, result × 1e18)`.
    const APPROXIMATE_CASES: &[(u128, u128, u128, u128, u32, &str)] = &[
        // Buy-side `exp_scaled` (precision 256) at weights one part in 10^18 off ½, both ways:
        // (1e12/1_009_994_964_523)^(w₂/w₁).
        (
            1_000_000_000_000,
            1_009_994_964_523,
            499_999_999_999_999_999,
            500_000_000_000_000_001,
            256,
            "990103946183810512",
        ),
        (
            1_000_000_000_000,
            1_009_994_964_523,
            500_000_000_000_000_001,
            499_999_999_999_999_999,
            256,
            "990103946183810512",
        ),
        (
            1_000_000_000_000,
            1_010_000_000_000,
            500_123_456_789_012_345,
            499_876_543_210_987_655,
            256,
            "990094143618734410",
        ),
        (
            5_000_000_000_000,
            5_000_001_000_000,
            499_876_543_210_987_655,
            500_123_456_789_012_345,
            256,
            "999999800098781021",
        ),
        (
            21_000_000_000_000_000,
            21_000_000_000_000_001,
            500_000_000_000_000_007,
            499_999_999_999_999_993,
            256,
            "999999999999999952",
        ),
        (
            1_000_000_000,
            1_001_000_000_000_000,
            500_000_000_000_000_007,
            499_999_999_999_999_993,
            256,
            "999000999000",
        ),
        // A base above 1 (a negative delta) and a large result.
        (
            7_000_000_000,
            10_000,
            773_000_000_000_000_001,
            226_999_999_999_999_999,
            256,
            "80210741792957954835795794882788549494",
        ),
        // Limit-price deltas (precision 1024): U64F64 price bits to the power w₁ or w₂.
        (
            20_337_535_341_264_780_656,
            18_446_744_073_709_551_616,
            499_999_999_999_999_999,
            E18,
            1024,
            "1049999999999999999",
        ),
        (
            18_446_744_073_709_551_616,
            4_611_686_018_427_387_904,
            500_000_000_000_000_001,
            E18,
            1024,
            "2000000000000000002",
        ),
        (
            22_320_560_329_188_557_455,
            18_446_744_073_709_551_616,
            500_123_456_789_012_345,
            E18,
            1024,
            "1100025887019872739",
        ),
    ];
}

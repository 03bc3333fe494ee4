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
//!
//! The series route costs tens of microseconds (hundreds at 1024 bits), and a pool swaps every block.
//! Its answer is `floor(x·scale)` of a value within far less than a unit of the true power `x`, so
//! whenever a much cheaper evaluation of `x` with a proven error bound shows that no integer lies
//! within that bound of `x·scale`, the floor is known without it: the `certified` submodule does that
//! in 128-bit fixed point (under half a microsecond) and leaves the rest to the series route.
//! Exponent 1 with 64-bit divisors is computed without big integers as well, and the gcd is skipped
//! when the exponent's parts differ too little for an exact route (weights a hair off ½).

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::sync::Mutex;

mod certified;

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
    scaled_power(base_num, base_den, exp_num, exp_den, precision, scale).map(|power| match power {
        Scaled::Small(value) => BigInt::from(value),
        Scaled::Big(value) => value,
    })
}

/// [`pow_ratio_scaled`]'s value saturated to the `i128` range (which keeps its sign and whether it
/// exceeds `u64::MAX`, all the pool needs), without allocating on the routes a pool's swap takes.
pub fn pow_ratio_scaled_saturating(
    base_num: u128,
    base_den: u128,
    exp_num: u128,
    exp_den: u128,
    precision: u32,
    scale: u128,
) -> Option<i128> {
    scaled_power(base_num, base_den, exp_num, exp_den, precision, scale).map(|power| match power {
        Scaled::Small(value) => i128::try_from(value).unwrap_or(i128::MAX),
        Scaled::Big(value) => value.to_i128().unwrap_or(if value.is_negative() {
            i128::MIN
        } else {
            i128::MAX
        }),
    })
}

/// A power as a route returns it: in a `u128` when the route computes it without big integers.
enum Scaled {
    /// A non-negative value.
    Small(u128),
    /// Any value.
    Big(BigInt),
}

/// The routes of [`pow_ratio_scaled`].
fn scaled_power(
    base_num: u128,
    base_den: u128,
    exp_num: u128,
    exp_den: u128,
    precision: u32,
    scale: u128,
) -> Option<Scaled> {
    if base_den == 0 || exp_den == 0 {
        return None;
    }
    if base_num == 0 {
        return Some(Scaled::Small(0));
    }
    if exp_num == 0 {
        return Some(Scaled::Small(scale));
    }
    let (p, q) = match classify_exponent(exp_num, exp_den) {
        Exponent::Series(p, q) => (p, q),
        Exponent::Exact(p, q) => return Some(exact(base_num, base_den, p, q, scale)),
    };
    if base_num == base_den {
        // ln 1 = 0 exactly, exp 0 = 1 exactly: the series route gives `scale` too.
        return Some(Scaled::Small(scale));
    }
    if let Some(fast) = certified::floor_scaled(base_num, base_den, p, q, precision, scale) {
        return Some(Scaled::Small(fast));
    }
    Some(Scaled::Big(approximate(
        base_num,
        base_den,
        p,
        q,
        precision,
        &BigUint::from(scale),
    )))
}

/// Which route an exponent `p/q` takes.
enum Exponent {
    /// Both reduced parts are at most [`MAX_EXACT_EXPONENT`]: the reduced parts.
    Exact(u32, u32),
    /// The series route, with `p/q` (reduced or not: the series route depends only on the ratio).
    Series(u128, u128),
}

/// Reduces `p/q` by its gcd, unless the gcd provably leaves a part above [`MAX_EXACT_EXPONENT`]: it
/// divides `|p − q|`, so when that is non-zero and below `max(p, q)/1024` the larger reduced part
/// exceeds 1024. Pool weights a hair off ½ take that shortcut and skip the gcd.
fn classify_exponent(p: u128, q: u128) -> Exponent {
    let (larger, difference) = (p.max(q), p.abs_diff(q));
    let fits_u64 = larger <= u128::from(u64::MAX);
    if fits_u64 && difference != 0 && difference.saturating_mul(MAX_EXACT_EXPONENT) < larger {
        return Exponent::Series(p, q);
    }
    let g = if fits_u64 {
        // Both fit: the 64-bit gcd is about three times faster.
        u128::from((p as u64).gcd(&(q as u64)))
    } else {
        p.gcd(&q)
    };
    let (p, q) = (p / g, q / g);
    match (u32::try_from(p), u32::try_from(q)) {
        (Ok(p), Ok(q)) if u128::from(p.max(q)) <= MAX_EXACT_EXPONENT => Exponent::Exact(p, q),
        _ => Exponent::Series(p, q),
    }
}

/// The exact route: `floor((aᵖ · scaleᵠ / bᵖ)^(1/q))`.
fn exact(a: u128, b: u128, p: u32, q: u32, scale: u128) -> Scaled {
    if p == 1 && q == 1 {
        if let Some(ratio) = floor_ratio_scaled(a, b, scale) {
            return Scaled::Small(ratio);
        }
    }
    let numerator = BigUint::from(a).pow(p) * BigUint::from(scale).pow(q);
    let ratio = numerator / BigUint::from(b).pow(p);
    // floor(root_q(floor(N/D))) = floor(root_q(N/D)) for integer roots.
    Scaled::Big(BigInt::from_biguint(Sign::Plus, ratio.nth_root(q)))
}

/// `floor(a·scale/b)` (the exact route at exponent 1) without big integers; `None` when `b` or the
/// quotient needs more than 64 or 128 bits.
fn floor_ratio_scaled(a: u128, b: u128, scale: u128) -> Option<u128> {
    let (hi, lo) = certified::mul_wide(a, scale);
    certified::div_wide(hi, lo, u64::try_from(b).ok()?)
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
    let (power, requested) = series_power(base_num, base_den, p, q, precision, scale);
    let target = BigInt::one() << requested;
    (power * BigInt::from_biguint(Sign::Plus, scale.clone())).div_floor(&target)
}

/// `(a/b)^(p/q)` by the series, rounded to `requested` fractional bits; returns it with `requested`.
fn series_power(
    base_num: u128,
    base_den: u128,
    p: u128,
    q: u128,
    precision: u32,
    scale: &BigUint,
) -> (BigInt, u32) {
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
    (fx.round(&fx.exp(&scaled)), requested)
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

    /// A fixed-seed xorshift generator: the same cases on every run (also used by `certified`'s tests).
    pub(super) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
        let mut state = seed;
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// The certified shortcut never changes an answer: on 1,500 random pool-like inputs it either
    /// declines or returns exactly what the full series route returns, and the public function agrees
    /// with the full series route on all of them. Reserves span 10⁶..10¹⁶ rao, deltas 1 rao to 1000×
    /// the reserve, quote weights [0.01, 0.99] with a third within 10⁻¹⁵ of ½ (Perquintill rounding);
    /// buys and sells (bases below 1), bases above 1, and limit-price ratios of `U64F64` prices at
    /// 1024 bits.
    #[test]
    fn the_certified_shortcut_agrees_with_the_full_series() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let (mut certified_count, mut declined, mut series_cases) = (0, 0, 0);
        for case in 0..1_500u64 {
            let reserve = 1_000_000 + u128::from(next()) % 10u128.pow(6 + (next() % 11) as u32);
            let delta = match case % 4 {
                0 => 1 + u128::from(next() % 1_000),
                1 => 1 + u128::from(next()) % reserve,
                2 => 1 + u128::from(next()) % (reserve / 1_000 + 1),
                _ => 1 + u128::from(next()) % (reserve * 1_000),
            };
            let quote = match case % 3 {
                0 => 500_000_000_000_000_000 - 1_000 + u128::from(next() % 2_001),
                1 => 10_000_000_000_000_000 + u128::from(next() % 980_000_000_000_000_001),
                _ => {
                    [10_000_000_000_000_000, 990_000_000_000_000_000][(next() % 2) as usize]
                        + u128::from(next() % 1_000)
                        - 500
                }
            };
            let base = 1_000_000_000_000_000_000 - quote;
            let limit = case % 25 == 0;
            let (a, b, p, q, precision) = if limit {
                // (limit/current)^w on U64F64 bit patterns, as `delta_in_for_ratio` asks.
                let current = u128::from(next()) << (next() % 64);
                let limit_price = current + current / (1 + u128::from(next() % 1_000));
                (limit_price, current, quote, E18, 1024)
            } else if case % 7 == 0 {
                // A base above 1.
                (reserve + delta, reserve, quote, base, 256)
            } else if case % 2 == 0 {
                // A buy: (y/(y + Δy))^(w₂/w₁).
                (reserve, reserve + delta, quote, base, 256)
            } else {
                // A sell: (x/(x + Δx))^(w₁/w₂).
                (reserve, reserve + delta, base, quote, 256)
            };
            let Exponent::Series(p, q) = classify_exponent(p, q) else {
                continue;
            };
            series_cases += 1;
            let full = approximate(a, b, p, q, precision, &BigUint::from(E18));
            match certified::floor_scaled(a, b, p, q, precision, E18) {
                Some(fast) => {
                    certified_count += 1;
                    assert_eq!(
                        BigInt::from(fast),
                        full,
                        "({a}/{b})^({p}/{q}) at {precision} bits"
                    );
                }
                None => {
                    // Only exponents |y| = |(p/q)·ln(a/b)| beyond 4 may decline: an integer within the
                    // interval (about 2⁻⁵⁰ wide) is not expected in 1,500 cases.
                    let y = (p as f64 / q as f64) * ((a as f64).ln() - (b as f64).ln());
                    assert!(y.abs() > 3.99, "declined ({a}/{b})^({p}/{q}), y = {y}");
                    declined += 1;
                }
            }
            assert_eq!(
                pow_ratio_scaled(a, b, p, q, precision, E18),
                Some(full.clone()),
                "({a}/{b})^({p}/{q}) at {precision} bits"
            );
            let saturated = full.to_i128().unwrap_or(if full.is_negative() {
                i128::MIN
            } else {
                i128::MAX
            });
            assert_eq!(
                pow_ratio_scaled_saturating(a, b, p, q, precision, E18),
                Some(saturated)
            );
        }
        // Most declines are deltas of more than ~50× the reserve at weights near ½.
        assert!(
            series_cases > 1_400 && certified_count > 1_150,
            "certified {certified_count}, declined {declined} of {series_cases}"
        );
    }

    /// A scale that puts `x·scale` within 2⁻⁶⁰ of an integer (a convergent of the continued fraction
    /// of `x`): the shortcut's interval contains that integer, so it must decline, and the answer is
    /// the full series route's, on whichever side of the integer it falls.
    #[test]
    fn a_power_next_to_an_integer_falls_back_to_the_full_series() {
        let cases: [(u128, u128, u128, u128); 3] = [
            (
                1_000_000_000_000,
                1_009_994_964_523,
                499_999_999_999_999_999,
                500_000_000_000_000_001,
            ),
            (
                5_000_000_000_000,
                5_000_001_000_000,
                499_876_543_210_987_655,
                500_123_456_789_012_345,
            ),
            (
                1_000_000_000_010,
                1_000_000_000_000,
                990_000_000_000_000_001,
                9_999_999_999_999_999,
            ),
        ];
        for (a, b, p, q) in cases {
            // x to 127 fractional bits (x < 2 here), from the full route at 1024 bits.
            let x = approximate(a, b, p, q, 1024, &BigUint::from(1u128 << 127));
            let numerator = x.to_u128().expect("x < 2");
            // Convergents h/k of numerator/2¹²⁷: |x·k − h| < 1/k_next + k·2⁻¹²⁷.
            let (mut num, mut den) = (numerator, 1u128 << 127);
            let (mut k_prev, mut k) = (1u128, 0u128);
            let mut scale = 1;
            while den != 0 {
                let digit = num / den;
                (num, den) = (den, num % den);
                let Some(k_next) = digit.checked_mul(k).and_then(|d| d.checked_add(k_prev)) else {
                    break;
                };
                if k_next >= 1 << 62 {
                    break;
                }
                (k_prev, k) = (k, k_next);
                scale = k;
            }
            assert!(
                scale > 1 << 40,
                "convergent {scale} for ({a}/{b})^({p}/{q})"
            );
            assert_eq!(
                certified::floor_scaled(a, b, p, q, 256, scale),
                None,
                "({a}/{b})^({p}/{q}) × {scale}"
            );
            assert_eq!(
                pow_ratio_scaled(a, b, p, q, 256, scale),
                Some(approximate(a, b, p, q, 256, &BigUint::from(scale)))
            );
        }
    }

    /// The exponent-1 and gcd shortcuts: reduced exponents route as before, `p = q` is exponent 1,
    /// and a difference too small for a reduced part of at most 1024 skips the gcd.
    #[test]
    fn exponents_route_by_their_reduced_parts() {
        assert!(matches!(classify_exponent(7, 7), Exponent::Exact(1, 1)));
        assert!(matches!(
            classify_exponent(600_000_000_000_000_000, 400_000_000_000_000_000),
            Exponent::Exact(3, 2)
        ));
        // gcd(1_025_000, 1_024_000) divides 1_000, so 1_025_000/gcd > 1024: no gcd needed.
        assert!(matches!(
            classify_exponent(1_025_000, 1_024_000),
            Exponent::Series(1_025_000, 1_024_000)
        ));
        assert!(matches!(
            classify_exponent(3 * 2_049, 3 * 1_000),
            Exponent::Series(2_049, 1_000)
        ));
        assert!(matches!(
            classify_exponent(500_000_000_000_000_001, 499_999_999_999_999_999),
            Exponent::Series(500_000_000_000_000_001, 499_999_999_999_999_999)
        ));
        // Exponent 1 with a divisor above 64 bits takes the big-integer route: floor(2¹²⁸·3/2⁶⁵·…).
        let big = u128::MAX;
        assert_eq!(
            run(big, big / 3, 9, 9, 256, 1),
            "3",
            "(2¹²⁸ − 1)/((2¹²⁸ − 1)/3)"
        );
        // 10¹²·10¹⁸/1_009_994_964_523 without big integers.
        assert_eq!(
            floor_ratio_scaled(1_000_000_000_000, 1_009_994_964_523, E18),
            Some(990_103_946_183_810_512)
        );
        assert_eq!(floor_ratio_scaled(1, 1 << 64, E18), None);
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

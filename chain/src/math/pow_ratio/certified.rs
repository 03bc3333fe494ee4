//! The certified shortcut of [`pow_ratio_scaled`](super::pow_ratio_scaled): the series route's answer
//! from 128-bit fixed-point arithmetic, without allocating, when an error bound proves it is the same
//! integer.
//!
//! The series route at `192 ≤ P ≤ 2048` requested bits returns `floor(x̃ · scale)` where `x̃` is within
//! `2^-(P−24)` of the true power `x = (a/b)^(p/q)` (see [`MIN_SERIES_BITS`]). This module computes an
//! interval around `x` that is wider than that, in plain `u128`/`i128` arithmetic (the only wide
//! operation is the 256-bit product of two `u128`s, four 64-bit multiplications), and answers
//! `floor(x⁻ · scale)` when it equals `floor(x⁺ · scale)` for both ends `x⁻`, `x⁺`: both routes then
//! floor to the same integer. Otherwise (`x · scale` lies within about 2⁻⁵⁰ of an integer, or the
//! inputs leave the ranges analysed here) it answers `None` and the caller runs the series route.
//!
//! The evaluation, with its error in units of the last fractional bit of each value:
//!
//! 1. `a = mₐ·2^kₐ`, `b = m_b·2^k_b` with mantissas `m ∈ [1, 2)`, exact.
//! 2. `ln m = ln(m·r) − ln r` with `r ≈ 1/m` from a 64-entry table (`r = R/2¹⁶`, `R` picked by the six
//!    fraction bits after the leading one, so `u = m·r − 1` has `|u| < 2⁻⁷`) and `−ln r` tabulated to
//!    128 bits; `ln(1 + u) = u·A(u²) − u²·B(u²)` with `A = Σ vʲ/(2j + 1)`, `B = Σ vʲ/(2j + 2)` to
//!    `u¹⁸` (Horner, 126 fractional bits, all terms non-negative). Error ≤ [`LN_MANTISSA_ERROR`]
//!    units of 2⁻¹²⁶: 1 from flooring `u`, 1 from the table and its shift, and for each half under
//!    2.4 units from the Horner steps (a floored coefficient and product per step, shrunk by
//!    `u² < 2⁻¹⁴`, plus `u²` floored) scaled by `|u|` or `u²`, plus one floor each: under 4.8 in all;
//!    the dropped terms are below `2⁻¹³³`.
//! 3. `L = ln(a/b) = (kₐ − k_b)·ln 2 + ln mₐ − ln m_b` at 120 fractional bits: error ≤
//!    [`LN_RATIO_ERROR`] units (two floors, `ln 2` to 2⁻¹²⁹ times `|kₐ − k_b| ≤ 127`, the mantissas).
//! 4. `y = L·p/q`, its magnitude floored, exactly from the 256-bit product: error ≤
//!    `⌈LN_RATIO_ERROR·p/q⌉ + 1` units of 2⁻¹²⁰. The shortcut declines when `|y|` may exceed 4 (beyond
//!    which the series route's own accuracy is not analysed), when `p/q > 256`, or when `p`, `q` or
//!    `scale` need more than 64 bits.
//! 5. `exp y = 2^k·exp ρ` with `k = round(y/ln 2)`, `|ρ| < 0.35`, and `exp ρ = E(ρ²) + ρ·O(ρ²)`
//!    with `E = Σ vʲ/(2j)!`, `O = Σ vʲ/(2j + 1)!` to `ρ²⁵` (Horner, 124 fractional bits): error ≤
//!    [`EXP_SERIES_ERROR`] units of 2⁻¹²⁴ (per half under `2/(1 − 0.35²) + 0.6` from the steps and
//!    `ρ²` floored, `O` scaled by `|ρ|` and floored: under 4.8; dropped terms under 0.08), plus
//!    `exp ρ < 1.42` times the error of `ρ` (16 units per unit of `y`, [`K_LN_TWO_ERROR`] from
//!    `k·ln 2`), plus one unit that covers the series route's own error.
//!
//! The tests check the tables against the series route's arithmetic at 320 bits, and each bound on
//! random and boundary inputs.

/// Fractional bits of the mantissa logarithms.
const LN_BITS: u32 = 126;
/// Fractional bits of `ln(a/b)` and of the exponent `y`.
const Y_BITS: u32 = 120;
/// Fractional bits of `exp ρ`.
const EXP_BITS: u32 = 124;
/// Fractional bits of the table's reciprocals `R/2¹⁶`.
const RECIPROCAL_BITS: u32 = 16;
/// Mantissa bits (after the leading one) that index the tables.
const TABLE_INDEX_BITS: u32 = 6;
/// Coefficients of each half of the `ln(1 + u)` series (`u¹` to `u¹⁸`), `|u| < 2⁻⁷`.
const LN_HALF_TERMS: usize = 9;
/// Coefficients of each half of the `exp ρ` series (`ρ⁰` to `ρ²⁵`), `|ρ| < 0.35`.
const EXP_HALF_TERMS: usize = 13;
/// Error of a mantissa logarithm, in units of 2⁻¹²⁶.
const LN_MANTISSA_ERROR: u128 = 6;
/// Error of `ln(a/b)`, in units of 2⁻¹²⁰: two floors, plus under one unit for `ln 2` rounded to 2⁻¹²⁹
/// times at most 127 (under ½) and the two mantissa logarithms (under ½, asserted below).
const LN_RATIO_ERROR: u128 = 3;
const _: () = assert!(2 * LN_MANTISSA_ERROR < 1 << (LN_BITS - Y_BITS - 1));
/// Error of the `exp ρ` series itself, in units of 2⁻¹²⁴.
const EXP_SERIES_ERROR: u128 = 6;
/// Error of `ρ = y − k·ln 2` from `k·ln 2` alone (`|k| ≤ 6`: `6·2⁻¹²⁹` and a floor), in units of 2⁻¹²⁴.
const K_LN_TWO_ERROR: u128 = 2;
/// The series route's requested precision from which its own error (at most `2^-(P−24)` on the power,
/// so below 2⁻¹⁶⁸ here) is covered by one unit of 2⁻¹³⁰ (the last bit of `exp ρ · 2^k`, `k ≥ −6`).
/// Its error, at `P` bits with `24` guard bits: each logarithm series ends on a term below `2⁻ᴾ` with a
/// tail no larger (`|m − 1| ≤ ½`), `ln 2` likewise, times a binary exponent of at most 128, so `ln(a/b)`
/// is within `2^-(P−9)`; times `p/q ≤ 256`; `exp` of `|y| ≤ 4` (`e⁴ < 2⁶`) adds a tail below `2^-(P−1)`
/// and floors amplified by at most `e⁴` per term at the guard level, and the final rounding half a unit.
const MIN_SERIES_BITS: u32 = 192;
/// The series route's requested precision up to which its term cap (`P + 152` terms) is never reached
/// before its stop rule (a logarithm series of `|m| ≤ ½` needs about `P` terms).
const MAX_SERIES_BITS: u32 = 2_048;
/// Largest `p/q` the error analysis covers.
const MAX_EXPONENT_RATIO: u128 = 256;
/// `|y| ≤ 4`, in units of 2⁻¹²⁰.
const MAX_ABS_Y: u128 = 4 << Y_BITS;
/// `0.35`, the bound on `|ρ|`, in units of 2⁻¹²⁴.
const MAX_ABS_RHO: u128 = (7 << EXP_BITS) / 20;
/// `ln 2`, rounded to 128 fractional bits.
const LN_TWO: u128 = 0xb172_17f7_d1cf_79ab_c9e3_b398_03f2_f6af;
/// `1/ln 2`, rounded to 32 fractional bits (only picks `k`; any `k` with `|ρ| < 0.35` is exact).
const INV_LN_TWO_Q32: i128 = 6_196_328_019;

/// `R = round(2¹⁶ / (1 + (i + ½)/64))` for each table index `i`: `m·R/2¹⁶ − 1` is below `2⁻⁷` in
/// magnitude for every mantissa `m ∈ [1 + i/64, 1 + (i + 1)/64)`.
const RECIPROCALS: [u128; 64] = reciprocals();

/// `−ln(R/2¹⁶)` for each of [`RECIPROCALS`], rounded to 128 fractional bits (checked against the
/// series route at 256 bits by the tests).
const NEG_LN_RECIPROCALS: [u128; 64] = [
    0x01fd_faa6_b126_788f_18cb_e98e_72fe_3e8f,
    0x05ee_74c1_f98e_4729_0763_bcf8_24d2_4e1a,
    0x09cf_83dd_075e_b129_d642_e577_7eaf_3f03,
    0x0da1_42b8_9080_def2_5bee_0580_5973_b9e9,
    0x1164_e8ee_af5c_de7e_7ae9_4a9f_6839_a7fa,
    0x151a_b33f_13e0_3c65_684c_5478_54ce_2d50,
    0x18c2_e9d6_4223_1cff_c31a_c7ac_b185_b9d7,
    0x1c5d_e08f_760f_3b25_6e1f_f81c_560e_2407,
    0x1fed_1932_000a_c775_88bf_f579_2a4c_4f38,
    0x236e_bfaa_74c1_4660_db3f_c084_12c2_32cc,
    0x26e4_6a40_5680_f000_b5b1_d525_e9d1_c887,
    0x2a4d_6fc7_53f0_6b4f_de6a_4b0e_5a0d_c438,
    0x2dab_87ce_60c4_273e_0636_4e27_9185_0f43,
    0x30ff_50ca_4212_2125_9567_9850_ebb7_7e59,
    0x3447_023f_e09c_bdd7_13b1_a053_2558_4259,
    0x3784_7ae8_84bb_9c7f_b7b7_aede_c3bb_1ce6,
    0x3ab8_74d6_a459_2359_e4dd_4e24_ce58_c7c7,
    0x3de1_2b97_bd32_6c14_31d0_e86b_06cb_09dc,
    0x4100_a652_d3c1_0370_df44_d82d_471e_6cf8,
    0x4416_6de6_c0ad_5598_d165_b5ec_62f1_86a1,
    0x4722_0905_b639_e839_e334_1cfe_7f7d_429a,
    0x4a25_a84f_821a_8ed0_27e1_6952_630a_5828,
    0x4d1f_8c6a_62e7_5366_f2f3_79d0_9553_797e,
    0x5010_a01a_1ce1_8ec1_02f9_bb81_392b_d29b,
    0x52f9_dc55_ef24_87a6_b0e4_528c_c882_6621,
    0x55d9_7c5d_2769_acd2_6c1f_27d5_2da8_2dbc,
    0x58b1_e7ca_e9a6_5480_fd82_f2d7_4ea1_9c35,
    0x5b82_c8a8_d5e9_9cc0_91b0_bce5_f7e5_0110,
    0x5e4a_557f_7d1e_889b_0253_ca87_cb48_9e28,
    0x610b_1568_7f0e_5c82_29be_c45a_030f_d97e,
    0x63c4_ba1c_e18b_1f4d_b33c_ab08_3c4e_646a,
    0x6676_f404_9044_3f3e_80af_b362_8740_3981,
    0x6921_7243_af6c_2fd5_4a48_7262_3fad_0677,
    0x6bc3_e2c9_6763_8721_e081_d6e4_fe97_c982,
    0x6e61_065a_5ccb_e970_552b_db6a_8014_65a1,
    0x70f7_129f_41fd_3393_3a2f_1cb6_da98_fd78,
    0x7387_502e_4297_be6b_112a_bf97_f93f_5ba9,
    0x760f_ea96_349e_fbab_2dfb_bf58_bc0e_a115,
    0x7892_3069_f230_9878_4b92_abaa_81a1_615b,
    0x7b0d_e149_3d44_f420_85dc_9063_9c6a_4b10,
    0x7d84_5de9_c584_b0e2_531e_1fb0_cfbd_d6e2,
    0x7ff5_7021_a1f2_8105_c5aa_bc59_a876_52c6,
    0x825f_36ed_4fc8_942d_f388_84fa_644e_d6be,
    0x84c3_1c7a_caeb_018f_82a9_2751_4dac_7b24,
    0x8722_9a2e_9a46_6221_3fbc_285b_1cef_5abb,
    0x897b_ccac_a77d_e3ed_5eae_23a0_a8ca_6f1c,
    0x8bce_79df_2354_cfd5_be06_37ef_099f_2bb7,
    0x8e1d_e2fb_8c23_2617_d521_d557_c2ed_98fa,
    0x9066_608c_b86d_605d_940b_bc44_4b92_ee91,
    0x92ab_4274_db46_5ef6_38a9_a494_a981_2bc5,
    0x94ea_99f6_7256_8af4_eb08_bb0a_853f_ecba,
    0x9724_35b7_4adb_527f_bd87_c974_e023_51fc,
    0x9957_e3c8_d19d_6ae6_8864_7ba5_f323_c435,
    0x9b89_1daa_4c3d_b2ae_e956_4288_231a_8bd3,
    0x9db4_1450_0043_1578_e44b_8705_eee5_460a,
    0x9fda_7226_a16c_0ccb_a976_c5b4_8158_cfa2,
    0xa1fc_0f18_3ef2_f583_c54c_f5f3_5dc3_1a55,
    0xa41a_a88f_5478_fb9f_fc9b_389a_5428_261a,
    0xa634_377e_7d63_d39a_169d_d845_14df_e80b,
    0xa848_9260_0b8b_5a5c_19d2_ec9a_b55c_6c93,
    0xaa59_813c_dde6_c182_2893_84cf_93e2_affd,
    0xac64_efae_8ace_3f57_f354_6721_b07f_0527,
    0xae6c_ace3_c47c_e9b1_b0a8_5cf2_ab4d_5378,
    0xb070_99a2_ba48_72fa_cfa5_ec78_d11b_d947,
];

/// `1/(2j + 1)` and `1/(2j + 2)` in units of 2⁻¹²⁶, floored: `ln(1 + u) = u·A(u²) − u²·B(u²)`.
const LN_ODD: [u128; LN_HALF_TERMS] = inverses(1);
/// See [`LN_ODD`].
const LN_EVEN: [u128; LN_HALF_TERMS] = inverses(2);
/// `1/(2j)!` and `1/(2j + 1)!` in units of 2⁻¹²⁴, floored: `exp ρ = E(ρ²) + ρ·O(ρ²)`.
const EXP_EVEN: [u128; EXP_HALF_TERMS] = inverse_factorials(0);
/// See [`EXP_EVEN`].
const EXP_ODD: [u128; EXP_HALF_TERMS] = inverse_factorials(1);

const fn reciprocals() -> [u128; 64] {
    let mut table = [0u128; 64];
    let mut i = 0;
    while i < 64 {
        // 2²³/(129 + 2i), rounded half up.
        table[i] = ((1u128 << 24) / (129 + 2 * i as u128)).div_ceil(2);
        i += 1;
    }
    table
}

/// `floor(2¹²⁶/(2j + first))` for each `j`.
const fn inverses(first: u128) -> [u128; LN_HALF_TERMS] {
    let mut table = [0u128; LN_HALF_TERMS];
    let mut j = 0;
    while j < LN_HALF_TERMS {
        table[j] = (1u128 << LN_BITS) / (2 * j as u128 + first);
        j += 1;
    }
    table
}

/// `floor(2¹²⁴/(2j + first)!)` for each `j`.
const fn inverse_factorials(first: u128) -> [u128; EXP_HALF_TERMS] {
    let mut table = [0u128; EXP_HALF_TERMS];
    // floor(floor(x/m)/n) = floor(x/(m·n)): dividing step by step floors only once.
    let mut value = 1u128 << EXP_BITS;
    let mut n = 1;
    while n <= first {
        value /= n;
        n += 1;
    }
    let mut j = 0;
    while j < EXP_HALF_TERMS {
        table[j] = value;
        value = value / n / (n + 1);
        n += 2;
        j += 1;
    }
    table
}

/// `floor((base_num/base_den)^(exp_num/exp_den) · scale)` when provably equal to the series route's
/// answer at `precision` bits, `None` when not proven (the caller then runs the series route).
pub(super) fn floor_scaled(
    base_num: u128,
    base_den: u128,
    exp_num: u128,
    exp_den: u128,
    precision: u32,
    scale: u128,
) -> Option<u128> {
    // With scale < 2⁶⁴ the series route requests max(precision, 72) bits.
    let scale = u64::try_from(scale).ok()?;
    let (p, q) = (u64::try_from(exp_num).ok()?, u64::try_from(exp_den).ok()?);
    if !(MIN_SERIES_BITS..=MAX_SERIES_BITS).contains(&precision)
        || base_num == 0
        || base_den == 0
        || q == 0
        || u128::from(p) > u128::from(q) * MAX_EXPONENT_RATIO
    {
        return None;
    }
    let (y, y_error) = exponent(ln_ratio(base_num, base_den), p, q)?;
    if y.unsigned_abs().saturating_add(y_error) > MAX_ABS_Y {
        return None;
    }
    let (mantissa, k, error) = exp(y, y_error)?;
    floor_if_certain(mantissa, k, error, scale)
}

/// `floor(x·scale)` for `x ∈ [mantissa − error, mantissa + error]·2^k/2¹²⁴` (`|k| ≤ 6`) when the
/// whole interval floors to the same integer, else `None`.
fn floor_if_certain(mantissa: u128, k: i32, error: u128, scale: u64) -> Option<u128> {
    // floor(x·scale) = floor(mantissa·scale / 2^(124 − k)).
    let shift = u32::try_from(i64::from(EXP_BITS) - i64::from(k)).ok()?;
    let low = scaled_floor(mantissa.checked_sub(error)?, scale, shift);
    let high = scaled_floor(mantissa.checked_add(error)?, scale, shift);
    (low == high).then_some(low)
}

/// `floor(value·scale / 2^shift)` for `value < 2¹²⁶`, `shift ∈ [118, 130]` (fits in 72 bits).
fn scaled_floor(value: u128, scale: u64, shift: u32) -> u128 {
    mul_shr(value, u128::from(scale), shift)
}

/// `ln(a/b)` in units of 2⁻¹²⁰, within [`LN_RATIO_ERROR`] units, for `a, b ≥ 1`.
fn ln_ratio(a: u128, b: u128) -> i128 {
    let (za, zb) = (a.leading_zeros(), b.leading_zeros());
    // a = (a << za)/2¹²⁷ · 2^(127 − za): the binary exponents differ by zb − za.
    let mantissas = ln_mantissa_difference(a << za, b << zb);
    let binary = i64::from(zb) - i64::from(za);
    // |binary|·ln 2 ≤ 127·0.7 < 2⁷: fits in 127 bits at 120 fractional bits.
    let magnitude = mul_shr(u128::from(binary.unsigned_abs()), LN_TWO, 128 - Y_BITS) as i128;
    let binary_part = if binary < 0 { -magnitude } else { magnitude };
    binary_part + (mantissas >> (LN_BITS - Y_BITS))
}

/// `ln(mₐ/2¹²⁷) − ln(m_b/2¹²⁷)` for mantissas in `[2¹²⁷, 2¹²⁸)`, in units of 2⁻¹²⁶, each logarithm
/// within [`LN_MANTISSA_ERROR`] units. The four half-series are evaluated side by side: they do not
/// depend on each other, so the processor overlaps their multiplications.
fn ln_mantissa_difference(ma: u128, mb: u128) -> i128 {
    let (ua, index_a) = reduce_mantissa(ma);
    let (ub, index_b) = reduce_mantissa(mb);
    let (sa, sb) = (ua.unsigned_abs(), ub.unsigned_abs());
    let (va, vb) = (mul_shr(sa, sa, LN_BITS), mul_shr(sb, sb, LN_BITS));
    let last = LN_HALF_TERMS - 1;
    let (mut odd_a, mut even_a) = (LN_ODD[last], LN_EVEN[last]);
    let (mut odd_b, mut even_b) = (odd_a, even_a);
    for j in (0..last).rev() {
        odd_a = LN_ODD[j] + mul_shr(va, odd_a, LN_BITS);
        even_a = LN_EVEN[j] + mul_shr(va, even_a, LN_BITS);
        odd_b = LN_ODD[j] + mul_shr(vb, odd_b, LN_BITS);
        even_b = LN_EVEN[j] + mul_shr(vb, even_b, LN_BITS);
    }
    let ln_a = ln_1p(ua, sa, va, odd_a, even_a) + table_ln(index_a);
    let ln_b = ln_1p(ub, sb, vb, odd_b, even_b) + table_ln(index_b);
    ln_a - ln_b
}

/// `(u, i)` with `u = m·Rᵢ/2¹⁶ − 1` (units of 2⁻¹²⁶, floored, `|u| < 2⁻⁷`) for a mantissa
/// `m ∈ [2¹²⁷, 2¹²⁸)` whose six bits after the leading one are `i`.
fn reduce_mantissa(m: u128) -> (i128, usize) {
    let index = ((m >> (127 - TABLE_INDEX_BITS)) as usize) & ((1 << TABLE_INDEX_BITS) - 1);
    // m·R is in units of 2^-(127 + 16); about 1 ± 2⁻⁷ after the shift.
    let reduced = mul_shr(m, RECIPROCALS[index], 127 + RECIPROCAL_BITS - LN_BITS);
    (reduced.wrapping_sub(1 << LN_BITS) as i128, index)
}

/// `ln(1 + u) = u·A − u²·B` from `|u|`, `u²` and the two half-series `A(u²)`, `B(u²)`.
fn ln_1p(u: i128, magnitude: u128, square: u128, odd: u128, even: u128) -> i128 {
    let odd_part = mul_shr(magnitude, odd, LN_BITS) as i128;
    let even_part = mul_shr(square, even, LN_BITS) as i128;
    (if u < 0 { -odd_part } else { odd_part }) - even_part
}

/// `−ln Rᵢ/2¹⁶` in units of 2⁻¹²⁶, floored from the 128-bit table.
fn table_ln(index: usize) -> i128 {
    (NEG_LN_RECIPROCALS[index] >> (128 - LN_BITS)) as i128
}

/// `y = floor(L·p/q)` (magnitude floored, sign kept) and its error bound, both in units of 2⁻¹²⁰;
/// `None` when `|y| ≥ 2¹²⁷`.
fn exponent(ln_ratio: i128, p: u64, q: u64) -> Option<(i128, u128)> {
    let (hi, lo) = mul_wide(ln_ratio.unsigned_abs(), u128::from(p));
    let magnitude = i128::try_from(div_wide(hi, lo, q)?).ok()?;
    let y = if ln_ratio < 0 { -magnitude } else { magnitude };
    // ⌈LN_RATIO_ERROR·p/q⌉ + 1; p/q ≤ 256 keeps this small.
    let (p, q) = (u128::from(p), u128::from(q));
    Some((y, (LN_RATIO_ERROR * p).div_ceil(q) + 1))
}

/// `exp(y)` for `|y| ≤ 4` (units of 2⁻¹²⁰, error `y_error` units) as `(mantissa, k, error)`:
/// `exp(y) ∈ [mantissa − error, mantissa + error] · 2^k / 2¹²⁴`, widened by one unit for the series
/// route's own error.
fn exp(y: i128, y_error: u128) -> Option<(u128, i32, u128)> {
    // k = round(y/ln 2) from 32 fractional bits of y.
    let scaled = (y >> (Y_BITS - 32)) * INV_LN_TWO_Q32;
    let k = i32::try_from((scaled + (1 << 63)) >> 64).ok()?;
    let k_ln_two = mul_shr(u128::from(k.unsigned_abs()), LN_TWO, 128 - EXP_BITS) as i128;
    let y = y << (EXP_BITS - Y_BITS);
    let rho = if k < 0 { y + k_ln_two } else { y - k_ln_two };
    let magnitude = rho.unsigned_abs();
    if magnitude >= MAX_ABS_RHO {
        return None;
    }
    // exp ρ = E(ρ²) + ρ·O(ρ²), both halves by Horner's rule, side by side.
    let square = mul_shr(magnitude, magnitude, EXP_BITS);
    let last = EXP_HALF_TERMS - 1;
    let (mut even, mut odd) = (EXP_EVEN[last], EXP_ODD[last]);
    for j in (0..last).rev() {
        even = EXP_EVEN[j] + mul_shr(square, even, EXP_BITS);
        odd = EXP_ODD[j] + mul_shr(square, odd, EXP_BITS);
    }
    let odd_part = mul_shr(magnitude, odd, EXP_BITS);
    // E(ρ²) ≥ 1 > |ρ|·O(ρ²).
    let power = if rho < 0 {
        even - odd_part
    } else {
        even + odd_part
    };
    let rho_error = y_error
        .saturating_mul(1 << (EXP_BITS - Y_BITS))
        .saturating_add(K_LN_TWO_ERROR);
    // exp ρ < 1.42, so an error ε in ρ moves it by less than 1.5·ε; one unit covers the series route.
    let error = EXP_SERIES_ERROR
        .saturating_add(rho_error.saturating_mul(3).div_ceil(2))
        .saturating_add(1);
    Some((power, k, error))
}

/// `a·b / 2^bits`, floored; the result must fit in 128 bits.
fn mul_shr(a: u128, b: u128, bits: u32) -> u128 {
    let (hi, lo) = mul_wide(a, b);
    shr_wide(hi, lo, bits)
}

/// The 256-bit product of two `u128`s, as (high, low) halves.
pub(super) fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let low = a0 * b0;
    let cross_a = a1 * b0;
    let cross_b = a0 * b1;
    // At most 3·(2⁶⁴ − 1): no overflow.
    let middle = (low >> 64) + (cross_a & MASK) + (cross_b & MASK);
    let hi = a1 * b1 + (cross_a >> 64) + (cross_b >> 64) + (middle >> 64);
    (hi, (low & MASK) | (middle << 64))
}

/// `(hi·2¹²⁸ + lo) >> shift`, truncated to 128 bits, for `0 < shift < 256`.
fn shr_wide(hi: u128, lo: u128, shift: u32) -> u128 {
    if shift >= 128 {
        hi >> (shift - 128)
    } else {
        (hi << (128 - shift)) | (lo >> shift)
    }
}

/// `floor((hi·2¹²⁸ + lo) / d)`, `None` when it needs more than 128 bits.
pub(super) fn div_wide(hi: u128, lo: u128, d: u64) -> Option<u128> {
    let d = u128::from(d);
    if d == 0 || hi >= d {
        return None;
    }
    // Two steps of 128-by-64-bit division; each remainder stays below d < 2⁶⁴.
    let upper = (hi << 64) | (lo >> 64);
    let (q1, r1) = (upper / d, upper % d);
    let lower = (r1 << 64) | (lo & u128::from(u64::MAX));
    Some((q1 << 64) | (lower / d))
}

#[cfg(test)]
mod tests {
    use super::super::tests::xorshift;
    use super::super::Fixed;
    use super::*;
    use num_bigint::BigInt;
    use num_traits::{One, Signed};

    /// Fractional bits of the reference values.
    const REFERENCE_BITS: u32 = 320;

    /// The series route's own arithmetic at 320 bits (its error is below 2⁻²⁹⁰): the reference.
    fn reference() -> (Fixed, BigInt) {
        let fx = Fixed {
            one: BigInt::one() << REFERENCE_BITS,
            guard: BigInt::one() << 24u32,
            internal: REFERENCE_BITS,
            max_terms: 4_096,
        };
        let ln_two = fx.ln_two();
        (fx, ln_two)
    }

    /// `|value·2^(320 − bits) − reference| ≤ bound·2^(320 − bits)`.
    fn within(value: impl Into<BigInt>, bits: u32, reference: &BigInt, bound: f64) -> bool {
        let unit = BigInt::one() << (REFERENCE_BITS - bits);
        let difference = (value.into() * &unit - reference).abs();
        // bound·unit, with the bound in 1/1024ths.
        difference * 1_024u32 <= unit * BigInt::from((bound * 1_024.0) as u64)
    }

    /// Every reciprocal leaves `|u| < 2⁻⁷` over its whole interval of mantissas, every tabulated
    /// logarithm and `ln 2` are within half a unit of 2⁻¹²⁸, and the series coefficients are the
    /// floored `1/n` and `1/n!`.
    #[test]
    fn the_tables_hold_what_they_claim() {
        let (fx, ln_two) = reference();
        for (i, (&r, &neg_ln)) in RECIPROCALS.iter().zip(&NEG_LN_RECIPROCALS).enumerate() {
            let i = i as i128;
            // m·R/2¹⁶ − 1 at m = 1 + i/64 and m = 1 + (i + 1)/64, times 2²²: below 2²²⁻⁷.
            for end in [64 + i, 65 + i] {
                assert!(
                    (end * r as i128 - (1 << 22)).abs() < 1 << 15,
                    "R[{i}] = {r}"
                );
            }
            let reference = &ln_two * BigInt::from(16) - fx.ln(r, &ln_two);
            assert!(within(neg_ln, 128, &reference, 0.5), "−ln(R[{i}]/2¹⁶)");
        }
        assert!(within(LN_TWO, 128, &ln_two, 0.5));
        let inv_ln_two = (BigInt::one() << (2 * REFERENCE_BITS)) / &ln_two;
        assert!(within(INV_LN_TWO_Q32, 32, &inv_ln_two, 0.5));
        assert_eq!(LN_ODD[0], 1 << 126);
        assert_eq!(LN_EVEN[8], (1 << 126) / 18);
        assert_eq!(EXP_EVEN[1], (1 << 124) / 2);
        assert_eq!(EXP_ODD[2], (1 << 124) / 120);
        assert_eq!(EXP_EVEN[12], (1 << 124) / 620_448_401_733_239_439_360_000);
        assert_eq!(EXP_ODD[12], (1 << 124) / 15_511_210_043_330_985_984_000_000);
    }

    /// Mantissa logarithms and `ln(a/b)` stay within their stated bounds, on the table's boundaries
    /// and on random inputs.
    #[test]
    fn logarithms_stay_within_their_bounds() {
        let (fx, ln_two) = reference();
        let one = 1u128 << 127;
        let ln_mantissa = |m: u128| fx.ln(m, &ln_two) - &ln_two * BigInt::from(127u8);
        let mut mantissas = vec![one, u128::MAX];
        for i in 0..64u128 {
            mantissas.push(one + (i << 121));
            mantissas.push((one - 1) + ((i + 1) << 121));
        }
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..200 {
            mantissas.push(one | (u128::from(next()) << 64) | u128::from(next()));
        }
        let bound = 2.0 * LN_MANTISSA_ERROR as f64;
        for pair in mantissas.windows(2) {
            let reference = ln_mantissa(pair[0]) - ln_mantissa(pair[1]);
            let value = ln_mantissa_difference(pair[0], pair[1]);
            assert!(within(value, LN_BITS, &reference, bound), "{pair:?}");
        }
        for _ in 0..300 {
            let a = u128::from(next()) >> (next() % 64) | 1;
            let b = (u128::from(next()) << (next() % 64)) | 1;
            let reference = fx.ln(a, &ln_two) - fx.ln(b, &ln_two);
            let bound = LN_RATIO_ERROR as f64;
            assert!(
                within(ln_ratio(a, b), Y_BITS, &reference, bound),
                "ln({a}/{b})"
            );
            assert!(
                within(ln_ratio(b, a), Y_BITS, &-reference, bound),
                "ln({b}/{a})"
            );
        }
    }

    /// `exp y` lies in the returned interval for `|y| ≤ 4`, also when `y` is off by its stated error.
    #[test]
    fn exponentials_stay_within_their_bounds() {
        let (fx, _) = reference();
        let mut next = xorshift(0xD1B5_4A32_D192_ED03);
        let mut exponents: Vec<i128> = vec![0, 1, -1, MAX_ABS_Y as i128, -(MAX_ABS_Y as i128)];
        for _ in 0..300 {
            let magnitude = ((u128::from(next()) << 64 | u128::from(next())) % MAX_ABS_Y) as i128;
            exponents.push(magnitude >> (next() % 100));
            exponents.push(-(magnitude >> (next() % 100)));
        }
        for y in exponents {
            for y_error in [0u128, 1, 300] {
                let Some((mantissa, k, error)) = exp(y, y_error) else {
                    panic!("exp({y}) declined");
                };
                for true_y in [y - y_error as i128, y, y + y_error as i128] {
                    let scaled = BigInt::from(true_y) << (REFERENCE_BITS - Y_BITS);
                    let reference = fx.exp(&scaled);
                    let value = BigInt::from(mantissa) << (REFERENCE_BITS - EXP_BITS);
                    let value = if k < 0 {
                        value >> (-k) as u32
                    } else {
                        value << k as u32
                    };
                    let unit = BigInt::one() << (REFERENCE_BITS - EXP_BITS);
                    let unit = if k < 0 {
                        unit >> (-k) as u32
                    } else {
                        unit << k as u32
                    };
                    let margin = unit * BigInt::from(error - 1);
                    assert!(
                        (value - &reference).abs() <= margin,
                        "exp({true_y}/2¹²⁰) with y_error {y_error}"
                    );
                }
            }
        }
    }

    /// An interval that contains an integer (here `x·scale` exactly 10¹⁸) declines; one that does
    /// not floors; the first unit past the interval changes nothing.
    #[test]
    fn an_integer_inside_the_interval_declines() {
        const E18: u64 = 1_000_000_000_000_000_000;
        let one = 1u128 << EXP_BITS;
        assert_eq!(floor_if_certain(one, 0, 10, E18), None);
        assert_eq!(floor_if_certain(one, 0, 0, E18), Some(u128::from(E18)));
        // 1 + 2⁻⁵⁴: x·10¹⁸ = 10¹⁸ + 55.51…; 2·(1 + 2⁻⁵⁴)·10¹⁸/2 likewise with k = 1.
        let above = one + (1 << 70);
        assert_eq!(
            floor_if_certain(above, 0, 1 << 20, E18),
            Some(u128::from(E18) + 55)
        );
        assert_eq!(
            floor_if_certain(above / 2, 1, 1 << 20, E18),
            Some(u128::from(E18) + 55)
        );
        // An error of 2⁷⁰ units spans 10¹⁸ + [0, 111]: declined.
        assert_eq!(floor_if_certain(above, 0, 1 << 70, E18), None);
        // (a/b)^(p/q) with a = b is 1 exactly; the caller answers `scale` before the shortcut, and the
        // shortcut itself would decline at an integer scale.
        assert_eq!(floor_scaled(5, 5, 3, 1_025, 256, u128::from(E18)), None);
    }

    /// Outside the analysed ranges the shortcut declines rather than guess.
    #[test]
    fn out_of_range_inputs_decline() {
        let e18 = 1_000_000_000_000_000_000u128;
        let (p, q) = (500_000_000_000_000_001, 499_999_999_999_999_999);
        let a = 1_000_000_000_000;
        assert!(floor_scaled(a, a + 1_000, p, q, 256, e18).is_some());
        assert_eq!(floor_scaled(a, a + 1_000, p, q, 191, e18), None);
        assert!(floor_scaled(a, a + 1_000, p, q, 2_048, e18).is_some());
        assert_eq!(floor_scaled(a, a + 1_000, p, q, 2_049, e18), None);
        assert_eq!(floor_scaled(a, a + 1_000, p, q, 256, 1 << 64), None);
        assert_eq!(floor_scaled(a, a + 1_000, 1 << 64, 3, 256, e18), None);
        assert_eq!(floor_scaled(a, a + 1_000, 257, 1, 256, e18), None);
        // |y| = ln(1000)·(w₂/w₁) > 4.
        assert_eq!(floor_scaled(a, a * 1_000, 99, 1, 256, e18), None);
    }
}

//! Exact integer helpers the mechanisms share.

/// `floor(a × b / c)` with a 256-bit intermediate, `None` when `c` is 0 or the result exceeds u128.
pub fn mul_div(a: u128, b: u128, c: u128) -> Option<u128> {
    if c == 0 {
        return None;
    }
    if let Some(p) = a.checked_mul(b) {
        return Some(p / c);
    }
    // 256-bit product as (hi, lo), from 64-bit limbs.
    let (a_hi, a_lo) = (a >> 64, a & u128::from(u64::MAX));
    let (b_hi, b_lo) = (b >> 64, b & u128::from(u64::MAX));
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let hi_hi = a_hi * b_hi;
    let mid = (lo_lo >> 64) + (hi_lo & u128::from(u64::MAX)) + (lo_hi & u128::from(u64::MAX));
    let lo = (lo_lo & u128::from(u64::MAX)) | (mid << 64);
    let hi = hi_hi + (hi_lo >> 64) + (lo_hi >> 64) + (mid >> 64);
    if hi >= c {
        return None;
    }
    // Long division of (hi, lo) by c, one bit at a time.
    let mut rem = hi;
    let mut quot: u128 = 0;
    for i in (0..128).rev() {
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> i) & 1);
        quot <<= 1;
        if carry == 1 || rem >= c {
            rem = rem.wrapping_sub(c);
            quot |= 1;
        }
    }
    Some(quot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_products_are_exact() {
        assert_eq!(mul_div(7, 9, 4), Some(15));
        assert_eq!(mul_div(1, 1, 0), None);
    }

    #[test]
    fn wide_products_are_exact() {
        // (2^100 × 2^100) / 2^90 = 2^110
        assert_eq!(mul_div(1 << 100, 1 << 100, 1 << 90), Some(1 << 110));
        // (2^127 + 1)(2^64) / 2^64 = 2^127 + 1
        assert_eq!(
            mul_div((1 << 127) + 1, 1 << 64, 1 << 64),
            Some((1 << 127) + 1)
        );
        // Result too large for u128.
        assert_eq!(mul_div(u128::MAX, u128::MAX, 1), None);
        // (3 × 10^30 × 10^20) / 7 floored.
        let a = 3 * 10u128.pow(30);
        let b = 10u128.pow(20);
        assert_eq!(mul_div(a, b, 7 * 10u128.pow(20)), Some(a / 7));
    }
}

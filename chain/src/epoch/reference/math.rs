//! Fixed-point vector and sparse-matrix helpers for the Yuma epoch.
//!
//! Every helper performs the same substrate-fixed operations (`I32F32` / `I64F64`, saturating add and
//! multiply, division that yields 0 on a zero divisor, truncating conversions) as the corresponding step
//! of subtensor's `epoch/math.rs`, so the values that come out agree bit for bit. The implementations
//! are our own and work on sparse rows: a matrix is one `Vec<(column, value)>` per row, and no helper
//! allocates an `n × n` dense matrix.
//!
//! Fixed-point addition is exact integer addition, so sums do not depend on the order of the terms;
//! only the weighted median depends on element order, and it follows subtensor's pivot sequence.

use std::borrow::Cow;

use substrate_fixed::transcendental::exp;
use substrate_fixed::types::{I32F32, I64F64};

/// The epoch's working number type (32 integer bits, 32 fractional bits), as in subtensor.
pub type Fx = I32F32;

/// One sparse row: `(column, value)` pairs.
pub type SparseRow = Vec<(u16, Fx)>;

/// A sparse matrix: one [`SparseRow`] per row.
pub type SparseMatrix = Vec<SparseRow>;

/// Zero in [`Fx`].
pub const ZERO: Fx = Fx::from_bits(0);
/// One in [`Fx`].
pub const ONE: Fx = Fx::from_bits(1 << 32);

/// `a · b`, saturating: bit-identical to `I32F32::saturating_mul` (the exact product floored to the
/// 2^-32 grid, clamped to the range) but through one widening 64×64 multiply.
#[inline]
pub fn mul(a: Fx, b: Fx) -> Fx {
    let q = (i128::from(a.to_bits()) * i128::from(b.to_bits())) >> 32;
    match i64::try_from(q) {
        Ok(bits) => Fx::from_bits(bits),
        Err(_) if q < 0 => Fx::min_value(),
        Err(_) => Fx::max_value(),
    }
}

/// `a / b`, or 0 when `b` is 0 (subtensor's `safe_div`).
#[inline]
pub fn div(a: Fx, b: Fx) -> Fx {
    let (x, y) = (a.to_bits(), b.to_bits());
    if (0..1 << 32).contains(&x) && y > 0 {
        // (x·2^32)/y fits in 64 bits and both are non-negative: the same truncating quotient as the
        // library's 128-bit division, through a 64-bit one.
        let q = ((x as u64) << 32) / (y as u64);
        if let Ok(bits) = i64::try_from(q) {
            return Fx::from_bits(bits);
        }
    }
    a.checked_div(b).unwrap_or(ZERO)
}

/// `a / b` in `I64F64`, or 0 when `b` is 0.
#[inline]
pub fn div64(a: I64F64, b: I64F64) -> I64F64 {
    a.checked_div(b).unwrap_or_else(|| I64F64::from_num(0))
}

/// Converts a `u16` to [`Fx`] as an integer (65535 stays 65535).
#[inline]
pub fn u16_to_fx(x: u16) -> Fx {
    Fx::from_num(x)
}

/// Converts a stored `u16` proportion to [`Fx`] in `[0, 1]` (`x / 65535`).
#[inline]
pub fn u16_proportion_to_fx(x: u16) -> Fx {
    // ⌊x·2^64 / (65535·2^32)⌋ = ⌊x·2^32 / 65535⌋: subtensor's I32F32 division, in 64 bits.
    Fx::from_bits(((u64::from(x) << 32) / u64::from(u16::MAX)) as i64)
}

/// Converts a proportion in `[0, 1]` to `u16` (`x · 65535`, truncated, saturating).
#[inline]
pub fn fx_to_u16_proportion(x: Fx) -> u16 {
    x.saturating_mul(Fx::from_num(u16::MAX))
        .saturating_to_num::<u16>()
}

/// Saturating sum of a vector.
pub fn sum(x: &[Fx]) -> Fx {
    x.iter().fold(ZERO, |acc, v| acc.saturating_add(*v))
}

/// Normalises `x` in place to sum 1; leaves it unchanged when the sum is 0.
pub fn normalize(x: &mut [Fx]) {
    let total = sum(x);
    normalize_using_sum(x, total);
}

/// Divides every element by `total`; leaves `x` unchanged when `total` is 0.
pub fn normalize_using_sum(x: &mut [Fx], total: Fx) {
    if total == ZERO {
        return;
    }
    for v in x.iter_mut() {
        *v = div(*v, total);
    }
}

/// Normalises an `I64F64` vector in place to sum 1; unchanged when the sum is 0.
pub fn normalize_64(x: &mut [I64F64]) {
    let total = x
        .iter()
        .fold(I64F64::from_num(0), |acc, v| acc.saturating_add(*v));
    if total == I64F64::from_num(0) {
        return;
    }
    for v in x.iter_mut() {
        *v = div64(*v, total);
    }
}

/// Marks the `k` largest non-zero entries (all non-zero ones when `len < k`).
///
/// Ties are broken like subtensor's stable ascending sort: among equal values the lower indices are
/// dropped first.
pub fn topk_nonzero(x: &[Fx], k: usize) -> Vec<bool> {
    let n = x.len();
    let mut out: Vec<bool> = x.iter().map(|v| *v != ZERO).collect();
    if n < k {
        return out;
    }
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by_key(|&i| x[i]);
    for &i in idx.iter().take(n - k) {
        out[i] = false;
    }
    out
}

/// Row-normalises integer `u16` weights: `(j, w / Σw)`, the same bits as converting each `w` to
/// [`Fx`] and applying [`row_normalize`] (⌊w·2^64 / (Σw·2^32)⌋ = ⌊w·2^32 / Σw⌋), with 64-bit integer
/// division.
pub fn row_normalize_u16(row: &[(u16, u16)]) -> SparseRow {
    let total: u64 = row.iter().map(|&(_, w)| u64::from(w)).sum();
    row.iter()
        .map(|&(j, w)| {
            let v = (u64::from(w) << 32)
                .checked_div(total)
                .map_or(ZERO, |bits| Fx::from_bits(bits as i64));
            (j, v)
        })
        .collect()
}

/// Normalises each row to sum 1 (rows with a zero sum are left as they are).
#[cfg(test)]
pub fn row_normalize(m: &mut [SparseRow]) {
    for row in m.iter_mut() {
        let total = row.iter().fold(ZERO, |acc, (_, v)| acc.saturating_add(*v));
        if total > ZERO {
            for (_, v) in row.iter_mut() {
                *v = div(*v, total);
            }
        }
    }
}

/// Sum of each row.
pub fn row_sums(m: &[SparseRow]) -> Vec<Fx> {
    m.iter()
        .map(|row| row.iter().fold(ZERO, |acc, (_, v)| acc.saturating_add(*v)))
        .collect()
}

/// Sum of each column (`n` columns; entries at columns `>= n` are ignored).
pub fn col_sums(m: &[SparseRow], n: usize) -> Vec<Fx> {
    let mut sums = vec![ZERO; n];
    for row in m {
        for &(j, v) in row {
            if let Some(s) = sums.get_mut(j as usize) {
                *s = s.saturating_add(v);
            }
        }
    }
    sums
}

/// Normalises each column to sum 1 (columns with a zero sum are left as they are).
pub fn col_normalize(m: &mut [SparseRow], n: usize) {
    let sums = col_sums(m, n);
    for row in m.iter_mut() {
        for (j, v) in row.iter_mut() {
            let s = sums.get(*j as usize).copied().unwrap_or(ZERO);
            if s != ZERO {
                *v = div(*v, s);
            }
        }
    }
}

/// Divides each column by its maximum so that the largest entry becomes 1.
pub fn col_max_upscale(m: &mut [SparseRow], n: usize) {
    let mut maxes = vec![ZERO; n];
    for row in m.iter() {
        for &(j, v) in row {
            if let Some(mx) = maxes.get_mut(j as usize) {
                if *mx < v {
                    *mx = v;
                }
            }
        }
    }
    for row in m.iter_mut() {
        for (j, v) in row.iter_mut() {
            let mx = maxes.get(*j as usize).copied().unwrap_or(ZERO);
            if mx != ZERO {
                *v = div(*v, mx);
            }
        }
    }
}

/// `r_j = Σ_i x_i · m_ij` over `n` columns.
pub fn weighted_col_sums(m: &[SparseRow], x: &[Fx], n: usize) -> Vec<Fx> {
    let mut out = vec![ZERO; n];
    for (row, &xi) in m.iter().zip(x) {
        for &(j, v) in row {
            if let Some(o) = out.get_mut(j as usize) {
                *o = o.saturating_add(mul(xi, v));
            }
        }
    }
    out
}

/// `r_i = Σ_j m_ij · x_j` (one value per row).
pub fn weighted_row_sums(m: &[SparseRow], x: &[Fx]) -> Vec<Fx> {
    m.iter()
        .map(|row| {
            row.iter().fold(ZERO, |acc, &(j, v)| {
                let xj = x.get(j as usize).copied().unwrap_or(ZERO);
                acc.saturating_add(mul(xj, v))
            })
        })
        .collect()
}

/// Clips every entry at its column's threshold; entries above a threshold of 0 are dropped.
pub fn col_clip(m: &[SparseRow], threshold: &[Fx]) -> SparseMatrix {
    m.iter()
        .map(|row| {
            row.iter()
                .filter_map(|&(j, v)| {
                    let th = threshold.get(j as usize).copied().unwrap_or(ZERO);
                    if th < v {
                        (th > ZERO).then_some((j, th))
                    } else {
                        Some((j, v))
                    }
                })
                .collect()
        })
        .collect()
}

/// `(1 − ratio)·a + ratio·b` entry-wise, for `b` whose rows are order-preserving subsequences of `a`'s
/// rows (as the clipped weights are of the weights).
///
/// As in subtensor: `ratio = 0` gives `a`, `ratio = 1` gives `b` (rows as they are, borrowed);
/// otherwise only positive results are kept and each row comes out sorted by column.
pub fn interpolate<'a>(a: &'a [SparseRow], b: &'a [SparseRow], ratio: Fx) -> Cow<'a, [SparseRow]> {
    if ratio == ZERO {
        return Cow::Borrowed(a);
    }
    if ratio == ONE {
        return Cow::Borrowed(b);
    }
    Cow::Owned(
        a.iter()
            .zip(b)
            .map(|(ra, rb)| {
                let mut bi = rb.iter().peekable();
                let mut out: SparseRow = ra
                    .iter()
                    .filter_map(|&(j, v1)| {
                        let v2 = match bi.peek() {
                            Some(&&(jb, v)) if jb == j => {
                                bi.next();
                                v
                            }
                            _ => ZERO,
                        };
                        let v = v1.saturating_add(mul(ratio, v2.saturating_sub(v1)));
                        (v > ZERO).then_some((j, v))
                    })
                    .collect();
                out.sort_by_key(|&(j, _)| j);
                out
            })
            .collect(),
    )
}

/// True when the row's columns are strictly increasing.
fn strictly_sorted(row: &[(u16, Fx)]) -> bool {
    row.windows(2).all(|w| w[0].0 < w[1].0)
}

/// Row-wise EMA `alpha·new + (1 − alpha)·old` over `n` columns; keeps positive entries, sorted by column
/// (subtensor's `mat_ema_sparse`). Rows sorted by column are merged directly; other rows go through a
/// dense scratch row, which also sums duplicate columns as subtensor does.
pub fn ema_rows(new: &[SparseRow], old: &[SparseRow], alpha: Fx, n: usize) -> SparseMatrix {
    let one_minus_alpha = ONE.saturating_sub(alpha);
    let mut acc = vec![ZERO; n];
    let mut touched: Vec<u16> = Vec::new();
    let empty = SparseRow::new();
    new.iter()
        .enumerate()
        .map(|(i, new_row)| {
            let old_row = old.get(i).unwrap_or(&empty);
            let in_range = |row: &[(u16, Fx)]| row.last().is_none_or(|&(j, _)| (j as usize) < n);
            if strictly_sorted(new_row)
                && strictly_sorted(old_row)
                && in_range(new_row)
                && in_range(old_row)
            {
                return merge_ema(new_row, old_row, alpha, one_minus_alpha);
            }
            let terms = new_row
                .iter()
                .map(|&(j, v)| (j, mul(alpha, v)))
                .chain(old_row.iter().map(|&(j, v)| (j, mul(one_minus_alpha, v))));
            for (j, t) in terms {
                if let Some(cell) = acc.get_mut(j as usize) {
                    touched.push(j);
                    *cell = cell.saturating_add(t);
                }
            }
            touched.sort_unstable();
            touched.dedup();
            let mut out = SparseRow::with_capacity(touched.len());
            for &j in &touched {
                let v = std::mem::replace(&mut acc[j as usize], ZERO);
                if v > ZERO {
                    out.push((j, v));
                }
            }
            touched.clear();
            out
        })
        .collect()
}

/// [`ema_rows`] for two rows sorted by column.
fn merge_ema(new: &[(u16, Fx)], old: &[(u16, Fx)], alpha: Fx, one_minus_alpha: Fx) -> SparseRow {
    let mut out = SparseRow::with_capacity(new.len().max(old.len()));
    let (mut a, mut b) = (0, 0);
    while a < new.len() || b < old.len() {
        let ja = new.get(a).map_or(u32::MAX, |e| u32::from(e.0));
        let jb = old.get(b).map_or(u32::MAX, |e| u32::from(e.0));
        let mut v = ZERO;
        if ja <= jb {
            v = v.saturating_add(mul(alpha, new[a].1));
            a += 1;
        }
        if jb <= ja {
            v = v.saturating_add(mul(one_minus_alpha, old[b].1));
            b += 1;
        }
        if v > ZERO {
            out.push((ja.min(jb) as u16, v));
        }
    }
    out
}

/// Stake-weighted median of `score` over the validators listed in `part` (subtensor's deterministic
/// mid-pivot search).
///
/// `stake` is normalised, `minority = total − κ`, `[lo, hi]` is the stake segment of the partition.
/// `lower` and `upper` are scratch buffers. Returns 0 if the search does not converge within
/// `part.len()` narrowings (as subtensor does).
pub fn weighted_median(
    stake: &[Fx],
    score: &[Fx],
    part: &mut Vec<u32>,
    bufs: (&mut Vec<u32>, &mut Vec<u32>),
    minority: Fx,
    mut lo: Fx,
    mut hi: Fx,
) -> Fx {
    let (lower, upper) = bufs;
    let limit = part.len();
    let mut iterations = 0usize;
    loop {
        match part.len() {
            0 => return ZERO,
            1 => return score[part[0] as usize],
            _ => {}
        }
        let pivot = score[part[part.len() / 2] as usize];
        // Branch-free partition. Stakes are normalised, so their sums stay far below the saturation
        // point and plain integer addition on the bits equals subtensor's saturating addition.
        let (mut lo_bits, mut hi_bits) = (0i64, 0i64);
        let (mut nl, mut nu) = (0usize, 0usize);
        lower.resize(part.len(), 0);
        upper.resize(part.len(), 0);
        for &k in part.iter() {
            let v = score[k as usize];
            let s = stake[k as usize].to_bits();
            let (lt, gt) = (v < pivot, v > pivot);
            lower[nl] = k;
            upper[nu] = k;
            nl += usize::from(lt);
            nu += usize::from(gt);
            lo_bits = lo_bits.wrapping_add(if lt { s } else { 0 });
            hi_bits = hi_bits.wrapping_add(if gt { s } else { 0 });
        }
        lower.truncate(nl);
        upper.truncate(nu);
        let (lo_stake, hi_stake) = (Fx::from_bits(lo_bits), Fx::from_bits(hi_bits));
        if minority < lo.saturating_add(lo_stake) && !lower.is_empty() {
            hi = lo.saturating_add(lo_stake);
            std::mem::swap(part, lower);
        } else if hi.saturating_sub(hi_stake) <= minority && !upper.is_empty() {
            lo = hi.saturating_sub(hi_stake);
            std::mem::swap(part, upper);
        } else {
            return pivot;
        }
        iterations += 1;
        if iterations > limit {
            return ZERO;
        }
    }
}

/// Consensus: the κ-weighted median of each of the `n` columns of `weights`, weighted by the positive
/// entries of `active_stake` (renormalised), as subtensor's `weighted_median_col_sparse`.
pub fn weighted_median_cols(
    active_stake: &[Fx],
    weights: &[SparseRow],
    n: usize,
    kappa: Fx,
) -> Vec<Fx> {
    // Validators with positive stake, in uid order, and their renormalised stake.
    let voters: Vec<usize> = (0..active_stake.len())
        .filter(|&i| active_stake[i] > ZERO)
        .collect();
    let mut stake: Vec<Fx> = voters.iter().map(|&i| active_stake[i]).collect();
    normalize(&mut stake);
    let total = sum(&stake);
    let minority = total.saturating_sub(kappa);

    // Column-major view of the voters' weights: (voter position, value) per column.
    let mut counts = vec![0u32; n + 1];
    for &i in &voters {
        for &(j, _) in weights.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if (j as usize) < n {
                counts[j as usize + 1] += 1;
            }
        }
    }
    for j in 0..n {
        counts[j + 1] += counts[j];
    }
    let mut fill = counts.clone();
    let mut cells = vec![(0u32, ZERO); counts[n] as usize];
    for (k, &i) in voters.iter().enumerate() {
        for &(j, v) in weights.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if (j as usize) < n {
                let slot = &mut fill[j as usize];
                cells[*slot as usize] = (k as u32, v);
                *slot += 1;
            }
        }
    }

    let mut score = vec![ZERO; voters.len()];
    let mut part: Vec<u32> = Vec::with_capacity(voters.len());
    let mut lower: Vec<u32> = Vec::with_capacity(voters.len());
    let mut upper: Vec<u32> = Vec::with_capacity(voters.len());
    (0..n)
        .map(|j| {
            let col = &cells[counts[j] as usize..counts[j + 1] as usize];
            if col.is_empty() {
                // Every score is 0, and the median of zeros is 0.
                return ZERO;
            }
            for &(k, v) in col {
                score[k as usize] = v;
            }
            part.clear();
            part.extend(0..voters.len() as u32);
            let median = weighted_median(
                &stake,
                &score,
                &mut part,
                (&mut lower, &mut upper),
                minority,
                ZERO,
                total,
            );
            for &(k, _) in col {
                score[k as usize] = ZERO;
            }
            median
        })
        .collect()
}

/// `e^x` with `x` clamped to `[−20, 20]`; 0 or the maximum on failure (subtensor's `exp_safe`).
pub fn exp_safe(x: Fx) -> Fx {
    let x = x.clamp(Fx::from_num(-20), Fx::from_num(20));
    match exp::<Fx, Fx>(x) {
        Ok(v) => v,
        Err(()) if x <= ZERO => ZERO,
        Err(()) => Fx::max_value(),
    }
}

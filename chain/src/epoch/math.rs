//! Fixed-point vector and sparse-matrix helpers for the Yuma epoch.
//!
//! Every helper performs the same substrate-fixed operations (`I32F32` / `I64F64`, saturating add and
//! multiply, division that yields 0 on a zero divisor, truncating conversions) as the corresponding step
//! of subtensor's `epoch/math.rs`, so the values that come out agree bit for bit. The implementations
//! are our own and work on sparse rows stored back to back in one compressed-row matrix ([`Csr`]); no
//! helper allocates per row or builds an `n × n` dense matrix.
//!
//! Fixed-point addition is exact integer addition, so sums do not depend on the order of the terms.
//! The weighted median's result does not depend on the pivot order either (see [`weighted_median`]),
//! which lets it run on packed keys instead of subtensor's index arrays.

use substrate_fixed::transcendental::exp;
use substrate_fixed::types::{I32F32, I64F64};

/// The epoch's working number type (32 integer bits, 32 fractional bits), as in subtensor.
pub type Fx = I32F32;

/// One sparse row: `(column, value)` pairs.
#[cfg(test)]
pub type SparseRow = Vec<(u16, Fx)>;

/// A sparse matrix: one [`SparseRow`] per row.
#[cfg(test)]
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
    // `saturating_mul` by the integer 65535 is exact (or saturates far above 65535) and the conversion
    // floors and clamps: ⌊bits·65535 / 2^32⌋ clamped to [0, 65535], in integer arithmetic.
    let bits = x.to_bits();
    if bits <= 0 {
        0
    } else if bits < 1 << 47 {
        ((bits as u64 * 65_535) >> 32).min(65_535) as u16
    } else {
        65_535
    }
}

/// Exact `⌊x / d⌋` for a fixed 64-bit divisor through a precomputed reciprocal (one widening multiply
/// and one correction step instead of a hardware division).
#[derive(Clone, Copy, Debug)]
pub struct Recip {
    d: u64,
    r: u64,
}

impl Recip {
    /// The reciprocal of `d` (which must be non-zero).
    #[inline]
    pub fn new(d: u64) -> Self {
        debug_assert!(d != 0);
        Self { d, r: u64::MAX / d }
    }

    /// `⌊x / d⌋`, exactly.
    #[inline]
    pub fn div(self, x: u64) -> u64 {
        // r = ⌊(2^64 − 1)/d⌋ ≥ 2^64/d − 1, so x·r/2^64 lies in (x/d − 1, x/d] and its floor is the
        // quotient or one less; the remainder test fixes the latter. q·d ≤ x, so nothing overflows.
        let q = ((u128::from(x) * u128::from(self.r)) >> 64) as u64;
        if x - q * self.d >= self.d {
            q + 1
        } else {
            q
        }
    }
}

/// [`div`] by a divisor whose [`Recip`] is precomputed: `a / b`, or 0 when `b` is 0.
#[inline]
pub fn div_recip(a: Fx, b: Fx, rb: Recip) -> Fx {
    let (x, y) = (a.to_bits(), b.to_bits());
    if (0..1 << 32).contains(&x) && y > 0 {
        if let Ok(bits) = i64::try_from(rb.div((x as u64) << 32)) {
            return Fx::from_bits(bits);
        }
    }
    div(a, b)
}

/// Reciprocals of positive fixed-point divisors (a dummy for the others, which [`div_recip`] sends to
/// [`div`]).
pub fn recips(x: &[Fx]) -> Vec<Recip> {
    x.iter()
        .map(|v| Recip::new(v.to_bits().max(1) as u64))
        .collect()
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

/// A sparse matrix in compressed-row form: the `(column, value)` entries of all rows back to back, and
/// where each row starts. Row `i` is `entries[ptr[i]..ptr[i + 1]]`; rows past the end read as empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    ptr: Vec<usize>,
    entries: Vec<(u16, Fx)>,
}

impl Default for Csr {
    fn default() -> Self {
        Self::with_capacity(0, 0)
    }
}

impl Csr {
    /// An empty matrix with room for `rows` rows and `entries` entries.
    pub fn with_capacity(rows: usize, entries: usize) -> Self {
        let mut ptr = Vec::with_capacity(rows + 1);
        ptr.push(0);
        Self {
            ptr,
            entries: Vec::with_capacity(entries),
        }
    }

    /// This matrix emptied, with room for `rows` rows and `entries` entries (keeps its allocations).
    pub fn reuse(mut self, rows: usize, entries: usize) -> Self {
        self.ptr.clear();
        self.ptr.reserve(rows + 1);
        self.ptr.push(0);
        self.entries.clear();
        self.entries.reserve(entries);
        self
    }

    /// Capacity in entries.
    pub fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    /// The same rows as a `Vec` per row.
    #[cfg(test)]
    pub fn from_rows(rows: &[SparseRow]) -> Self {
        let mut m = Self::with_capacity(rows.len(), rows.iter().map(Vec::len).sum());
        for row in rows {
            m.entries.extend_from_slice(row);
            m.finish_row();
        }
        m
    }

    /// One `Vec` per row.
    #[cfg(test)]
    pub fn to_rows(&self) -> SparseMatrix {
        self.iter().map(<[_]>::to_vec).collect()
    }

    /// Number of rows.
    #[inline]
    pub fn rows(&self) -> usize {
        self.ptr.len() - 1
    }

    /// Number of stored entries.
    #[inline]
    pub fn nnz(&self) -> usize {
        self.entries.len()
    }

    /// Row `i` (empty when `i` is past the last row).
    #[inline]
    pub fn row(&self, i: usize) -> &[(u16, Fx)] {
        match (self.ptr.get(i), self.ptr.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a..b],
            _ => &[],
        }
    }

    /// Row `i`, mutable (empty when `i` is past the last row).
    #[inline]
    pub fn row_mut(&mut self, i: usize) -> &mut [(u16, Fx)] {
        match (self.ptr.get(i), self.ptr.get(i + 1)) {
            (Some(&a), Some(&b)) => &mut self.entries[a..b],
            _ => &mut [],
        }
    }

    /// All rows in order.
    pub fn iter(&self) -> impl Iterator<Item = &[(u16, Fx)]> + '_ {
        self.ptr.windows(2).map(|w| &self.entries[w[0]..w[1]])
    }

    /// Every entry, row after row, mutable.
    #[inline]
    pub fn entries_mut(&mut self) -> &mut [(u16, Fx)] {
        &mut self.entries
    }

    /// Appends an entry to the row being built.
    #[inline]
    pub fn push(&mut self, j: u16, v: Fx) {
        self.entries.push((j, v));
    }

    /// The entries of the row being built (pushed since the last [`Csr::finish_row`]), mutable.
    #[inline]
    pub fn open_row_mut(&mut self) -> &mut [(u16, Fx)] {
        let start = self.ptr[self.ptr.len() - 1];
        &mut self.entries[start..]
    }

    /// Appends entries to the row being built.
    #[inline]
    pub fn extend_from_slice(&mut self, entries: &[(u16, Fx)]) {
        self.entries.extend_from_slice(entries);
    }

    /// Closes the row being built.
    #[inline]
    pub fn finish_row(&mut self) {
        self.ptr.push(self.entries.len());
    }
}

/// Row-normalises integer `u16` weights: `(j, w / Σw)`, the same bits as converting each `w` to
/// [`Fx`] and applying [`row_normalize`] (⌊w·2^64 / (Σw·2^32)⌋ = ⌊w·2^32 / Σw⌋), with 64-bit integer
/// division.
#[cfg(test)]
pub fn row_normalize_u16(row: &[(u16, u16)]) -> SparseRow {
    let mut out: SparseRow = row
        .iter()
        .map(|&(j, w)| (j, Fx::from_bits(i64::from(w))))
        .collect();
    let total = row.iter().map(|&(_, w)| u64::from(w)).sum();
    normalize_u16_row(&mut out, total);
    out
}

/// Turns a row of raw `u16` weights (held as [`Fx`] bits) with sum `total` into `w / Σw` (all 0 when
/// `total` is 0), as [`row_normalize_u16`].
#[inline]
pub fn normalize_u16_row(row: &mut [(u16, Fx)], total: u64) {
    if total == 0 {
        for (_, v) in row.iter_mut() {
            *v = ZERO;
        }
        return;
    }
    let r = Recip::new(total);
    for (_, v) in row.iter_mut() {
        // w < 2^16, so the quotient ≤ 2^32 fits in i64.
        *v = Fx::from_bits(r.div((v.to_bits() as u64) << 32) as i64);
    }
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

/// Sum of each column (`n` columns; entries at columns `>= n` are ignored).
pub fn col_sums(m: &Csr, n: usize) -> Vec<Fx> {
    let mut sums = vec![ZERO; n];
    for row in m.iter() {
        for &(j, v) in row {
            if let Some(s) = sums.get_mut(j as usize) {
                *s = s.saturating_add(v);
            }
        }
    }
    sums
}

/// Normalises each column to sum 1 (columns with a zero sum are left as they are).
pub fn col_normalize(m: &mut Csr, n: usize) {
    let sums = col_sums(m, n);
    let rs = recips(&sums);
    for (j, v) in m.entries_mut() {
        if let Some(&s) = sums.get(*j as usize) {
            if s != ZERO {
                *v = div_recip(*v, s, rs[*j as usize]);
            }
        }
    }
}

/// Divides each column by its maximum so that the largest entry becomes 1.
pub fn col_max_upscale(m: &mut Csr, n: usize) {
    let mut maxes = vec![ZERO; n];
    for &(j, v) in m.entries_mut().iter() {
        if let Some(mx) = maxes.get_mut(j as usize) {
            if *mx < v {
                *mx = v;
            }
        }
    }
    let rs = recips(&maxes);
    for (j, v) in m.entries_mut() {
        if let Some(&mx) = maxes.get(*j as usize) {
            if mx != ZERO {
                *v = div_recip(*v, mx, rs[*j as usize]);
            }
        }
    }
}

/// `r_i = Σ_j m_ij · x_j` (one value per row).
pub fn weighted_row_sums(m: &Csr, x: &[Fx]) -> Vec<Fx> {
    m.iter()
        .map(|row| {
            row.iter().fold(ZERO, |acc, &(j, v)| {
                let xj = x.get(j as usize).copied().unwrap_or(ZERO);
                acc.saturating_add(mul(xj, v))
            })
        })
        .collect()
}

/// `(1 − ratio)·a + ratio·b` entry-wise for one row and `0 < ratio < 1` (subtensor returns `a` or `b`
/// as they are at the ends), for a row `b` that is an order-preserving subsequence of row `a` (as the
/// clipped weights are of the weights). Only positive results are kept, sorted by column, into `out`.
pub fn interpolate_row(a: &[(u16, Fx)], b: &[(u16, Fx)], ratio: Fx, out: &mut Vec<(u16, Fx)>) {
    out.clear();
    let mut bi = b.iter().peekable();
    for &(j, v1) in a {
        let v2 = match bi.peek() {
            Some(&&(jb, v)) if jb == j => {
                bi.next();
                v
            }
            _ => ZERO,
        };
        let v = v1.saturating_add(mul(ratio, v2.saturating_sub(v1)));
        if v > ZERO {
            out.push((j, v));
        }
    }
    if !strictly_sorted(out) {
        out.sort_by_key(|&(j, _)| j);
    }
}

/// True when the row's columns are strictly increasing.
pub fn strictly_sorted(row: &[(u16, Fx)]) -> bool {
    row.windows(2).all(|w| w[0].0 < w[1].0)
}

/// Reusable scratch space of [`ema_row`]: a dense accumulator row and the columns it touched.
pub struct EmaScratch {
    acc: Vec<Fx>,
    touched: Vec<u16>,
}

impl EmaScratch {
    /// Scratch space for rows of `n` columns.
    pub fn new(n: usize) -> Self {
        Self {
            acc: vec![ZERO; n],
            touched: Vec::new(),
        }
    }
}

/// One row of [`ema_csr`], appended to `out` (the row is left open).
pub fn ema_row(
    new_row: &[(u16, Fx)],
    old_row: &[(u16, Fx)],
    alpha: Fx,
    n: usize,
    scratch: &mut EmaScratch,
    out: &mut Csr,
) {
    let one_minus_alpha = ONE.saturating_sub(alpha);
    let in_range = |row: &[(u16, Fx)]| row.last().is_none_or(|&(j, _)| (j as usize) < n);
    if strictly_sorted(new_row)
        && strictly_sorted(old_row)
        && in_range(new_row)
        && in_range(old_row)
    {
        merge_ema(new_row, old_row, alpha, one_minus_alpha, out);
        return;
    }
    let EmaScratch { acc, touched } = scratch;
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
    for &j in touched.iter() {
        let v = std::mem::replace(&mut acc[j as usize], ZERO);
        if v > ZERO {
            out.push(j, v);
        }
    }
    touched.clear();
}

/// Row-wise EMA `alpha·new + (1 − alpha)·old` over `n` columns; keeps positive entries, sorted by column
/// (subtensor's `mat_ema_sparse`). Rows sorted by column are merged directly; other rows go through a
/// dense scratch row, which also sums duplicate columns as subtensor does. One row per row of `new`.
pub fn ema_csr(new: &Csr, old: &Csr, alpha: Fx, n: usize) -> Csr {
    let mut scratch = EmaScratch::new(n);
    let mut out = Csr::with_capacity(new.rows(), new.nnz().max(old.nnz()));
    for i in 0..new.rows() {
        ema_row(new.row(i), old.row(i), alpha, n, &mut scratch, &mut out);
        out.finish_row();
    }
    out
}

/// [`ema_csr`] on one `Vec` per row.
#[cfg(test)]
pub fn ema_rows(new: &[SparseRow], old: &[SparseRow], alpha: Fx, n: usize) -> SparseMatrix {
    ema_csr(&Csr::from_rows(new), &Csr::from_rows(old), alpha, n).to_rows()
}

/// [`ema_csr`] for two rows sorted by column.
#[inline]
fn merge_ema(new: &[(u16, Fx)], old: &[(u16, Fx)], alpha: Fx, one_minus_alpha: Fx, out: &mut Csr) {
    if new.len() == old.len() && new.iter().zip(old).all(|(a, b)| a.0 == b.0) {
        // Same columns (the common case: bonds follow weights).
        for (&(j, w), &(_, b)) in new.iter().zip(old) {
            let v = mul(alpha, w).saturating_add(mul(one_minus_alpha, b));
            if v > ZERO {
                out.push(j, v);
            }
        }
        return;
    }
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
            out.push(ja.min(jb) as u16, v);
        }
    }
}

/// Bits of the voter slot in a packed median key (the low 16 bits; the value sits above them).
const SLOT_BITS: u32 = 16;
const SLOT_MASK: u64 = (1 << SLOT_BITS) - 1;

/// Stake-weighted median of packed keys `value << 16 | slot` (values non-negative and below 2^47 bits),
/// where `stake[slot]` is the stake behind a key; subtensor's mid-pivot search
/// (`weighted_median`), with `minority = total − κ` and `[lo, hi]` the stake segment of the partition.
///
/// The result does not depend on the order of the keys or on how ties are broken: stake sums are exact
/// integer sums, so the search keeps `lo = S(below the partition)` and `hi = lo + S(partition)` and
/// returns the value `v` with `S(< v) ≤ minority < S(≤ v)` (the smallest value when `minority < 0`,
/// the largest when `minority ≥ total`), whatever pivots it meets on the way. Keys are therefore made
/// unique by their slot, and voters sharing a value may be merged into one key.
pub fn weighted_median(
    stake: &[i64],
    part: &mut Vec<u64>,
    bufs: (&mut Vec<u64>, &mut Vec<u64>),
    minority: i64,
    mut lo: i64,
    mut hi: i64,
) -> Fx {
    let (lower, upper) = bufs;
    // The partition lives in `part[..len]`; the buffers are sized once and never shrunk.
    let mut len = part.len();
    lower.resize(len.max(lower.len()), 0);
    upper.resize(len.max(upper.len()), 0);
    loop {
        match len {
            0 => return ZERO,
            1 => return Fx::from_bits((part[0] >> SLOT_BITS) as i64),
            _ => {}
        }
        let pivot = part[len / 2];
        // Branch-free partition. Stakes are normalised, so their sums stay far below the saturation
        // point and plain integer addition equals subtensor's saturating addition.
        let (mut lo_stake, mut hi_stake) = (0i64, 0i64);
        let (mut nl, mut nu) = (0usize, 0usize);
        let (low, up) = (&mut lower[..len], &mut upper[..len]);
        for &k in &part[..len] {
            let s = stake[(k & SLOT_MASK) as usize];
            let (lt, gt) = (k < pivot, k > pivot);
            low[nl] = k;
            up[nu] = k;
            nl += usize::from(lt);
            nu += usize::from(gt);
            lo_stake = lo_stake.wrapping_add(if lt { s } else { 0 });
            hi_stake = hi_stake.wrapping_add(if gt { s } else { 0 });
        }
        if minority < lo.wrapping_add(lo_stake) && nl > 0 {
            hi = lo.wrapping_add(lo_stake);
            std::mem::swap(part, lower);
            len = nl;
        } else if hi.wrapping_sub(hi_stake) <= minority && nu > 0 {
            lo = hi.wrapping_sub(hi_stake);
            std::mem::swap(part, upper);
            len = nu;
        } else {
            return Fx::from_bits((pivot >> SLOT_BITS) as i64);
        }
    }
}

/// Consensus: the κ-weighted median of each of the `n` columns of `weights`, weighted by the positive
/// entries of `active_stake` (renormalised), as subtensor's `weighted_median_col_sparse`. Entries must
/// lie in `[0, 32768)` (row-normalised weights do).
/// `cells` is scratch space.
pub fn consensus(
    active_stake: &[Fx],
    weights: &Csr,
    n: usize,
    kappa: Fx,
    cells: &mut Vec<u64>,
) -> Vec<Fx> {
    // Validators with positive stake, in uid order, and their renormalised stake.
    let voters: Vec<usize> = (0..active_stake.len())
        .filter(|&i| active_stake[i] > ZERO)
        .collect();
    if voters.len() >= 1 << SLOT_BITS {
        // Cannot happen (n ≤ 65535), but keep the slot packing sound.
        return vec![ZERO; n];
    }
    let mut stake: Vec<Fx> = voters.iter().map(|&i| active_stake[i]).collect();
    normalize(&mut stake);
    let total = sum(&stake);
    let minority = total.saturating_sub(kappa).to_bits();
    // Slot 0: the voters without an entry in the column (score 0, merged); slot k + 1: voter k.
    let mut slot_stake: Vec<i64> = std::iter::once(0)
        .chain(stake.iter().map(|s| s.to_bits()))
        .collect();

    // Column-major packed keys of the voters' weights. A repeated column in a row overwrites the
    // earlier entry (the last one wins, as subtensor's dense score column does).
    let mut start = vec![0usize; n + 1];
    for &i in &voters {
        for &(j, _) in weights.row(i) {
            if (j as usize) < n {
                start[j as usize + 1] += 1;
            }
        }
    }
    for j in 0..n {
        start[j + 1] += start[j];
    }
    let mut fill = start.clone();
    cells.clear();
    cells.resize(start[n], 0);
    let mut col_stake = vec![0i64; n];
    for (k, &i) in voters.iter().enumerate() {
        let slot = k as u64 + 1;
        let s = slot_stake[k + 1];
        let row = weights.row(i);
        let sorted = strictly_sorted(row);
        for &(j, v) in row {
            let j = j as usize;
            if j >= n {
                continue;
            }
            debug_assert!((0..1 << 47).contains(&v.to_bits()));
            let key = ((v.to_bits() as u64) << SLOT_BITS) | slot;
            let f = fill[j];
            // Rows sorted by column cannot repeat a column.
            if !sorted && f > start[j] && cells[f - 1] & SLOT_MASK == slot {
                cells[f - 1] = key;
            } else {
                cells[f] = key;
                fill[j] = f + 1;
                col_stake[j] += s;
            }
        }
    }

    let total_bits = total.to_bits();
    let mut part: Vec<u64> = Vec::with_capacity(voters.len() + 1);
    let mut lower: Vec<u64> = Vec::with_capacity(voters.len() + 1);
    let mut upper: Vec<u64> = Vec::with_capacity(voters.len() + 1);
    (0..n)
        .map(|j| {
            let col = &cells[start[j]..fill[j]];
            if col.is_empty() {
                // Every score is 0, and the median of zeros is 0.
                return ZERO;
            }
            part.clear();
            if col.len() < voters.len() {
                slot_stake[0] = total_bits - col_stake[j];
                part.push(0);
            }
            part.extend_from_slice(col);
            weighted_median(
                &slot_stake,
                &mut part,
                (&mut lower, &mut upper),
                minority,
                0,
                total_bits,
            )
        })
        .collect()
}

/// [`consensus`] on one `Vec` per row (subtensor's `weighted_median_col_sparse`).
#[cfg(test)]
pub fn weighted_median_cols(
    active_stake: &[Fx],
    weights: &[SparseRow],
    n: usize,
    kappa: Fx,
) -> Vec<Fx> {
    consensus(
        active_stake,
        &Csr::from_rows(weights),
        n,
        kappa,
        &mut Vec::new(),
    )
}

/// `e^x` with `x` clamped to `[−20, 20]`; 0 or the maximum on failure (subtensor's `exp_safe`).
///
/// Bit-identical to substrate-fixed's `exp::<I32F32, I32F32>` on the clamped argument (see
/// [`exp_series`] for how), only faster.
pub fn exp_safe(x: Fx) -> Fx {
    let x = x.clamp(Fx::from_num(-20), Fx::from_num(20));
    let series = match x.to_bits() {
        // The library's own shortcuts (`e^0 = 1`, `e^1` from its constant `E`): rare, left to it.
        0 | ONE_BITS => exp::<Fx, Fx>(x),
        bits => exp_series(bits).ok_or(()),
    };
    match series {
        Ok(v) => v,
        Err(()) if x <= ZERO => ZERO,
        Err(()) => Fx::max_value(),
    }
}

/// Bits of [`ONE`].
const ONE_BITS: i64 = 1 << 32;

/// substrate-fixed's `exp` series for `I32F32` bits other than 0 and 1, on plain integers: with
/// `o = |x|`, `result = 1 + o`, `term = o`, then for `i` in `2..32`: `term = term · o` (the exact
/// product floored to 2^-32, `None` past the range, as `checked_mul`), `term = term / i` (the
/// library's `checked_div` by the fixed-point `i`: `(term·2^32)/(i·2^32)` truncated, which for
/// `term ≥ 0` is the integer quotient `term / i`), `result += term` (checked); for `x < 0` the
/// answer is `1 / result`, truncated (`checked_div`). Every value stays non-negative, so truncation
/// and flooring agree. Once `term` is 0 it stays 0 and adds nothing, so the loop stops there: the
/// result is the library's 30-step loop's, exactly.
fn exp_series(bits: i64) -> Option<Fx> {
    // Non-negative throughout, so unsigned arithmetic (cheaper constant divisions) with the signed
    // range as the overflow bound.
    let o = bits.checked_abs()?.unsigned_abs();
    let mut result = o + ONE_BITS as u64;
    if result > i64::MAX as u64 {
        return None;
    }
    let mut term = o;
    // Unrolled so that each division is by a constant (a multiply and shifts, the same quotient).
    macro_rules! terms {
        ($($i:literal)*) => {
            'series: {
                $(
                    let product = (u128::from(term) * u128::from(o)) >> 32;
                    if product > i64::MAX as u128 {
                        return None;
                    }
                    term = product as u64 / $i;
                    if term == 0 {
                        break 'series;
                    }
                    result += term;
                    if result > i64::MAX as u64 {
                        return None;
                    }
                )*
            }
        };
    }
    terms!(2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31);
    // result ≥ 1 and ≤ i64::MAX here.
    let result = result as i64;
    Some(Fx::from_bits(if bits < 0 {
        recip_of_at_least_one(result)
    } else {
        result
    }))
}

/// `1 / d` truncated, for `d ≥ 1` given by its bits (`ONE.checked_div(d)` and `saturating_div`,
/// which cannot overflow there): `⌊2^64 / d⌋` through a 64-bit division, since `⌊2^64 / d⌋ =
/// ⌊(2^64 − 1) / d⌋ + 1` exactly when `d` divides `2^64`, i.e. when `(2^64 − 1) mod d = d − 1`.
#[inline]
pub fn recip_of_at_least_one(d: i64) -> i64 {
    debug_assert!(d >= ONE_BITS);
    let d = d as u64;
    let q = u64::MAX / d + u64::from(u64::MAX % d == d - 1);
    // q ≤ 2^32 because d ≥ 2^32.
    q as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64) -> Fx {
        Fx::from_num(x)
    }

    /// The library's `exp_safe`, straight: the series of substrate-fixed on the clamped argument.
    fn library_exp_safe(x: Fx) -> Fx {
        let x = x.clamp(Fx::from_num(-20), Fx::from_num(20));
        match exp::<Fx, Fx>(x) {
            Ok(v) => v,
            Err(()) if x <= ZERO => ZERO,
            Err(()) => Fx::max_value(),
        }
    }

    #[test]
    fn exp_matches_substrate_fixed_on_edges() {
        let edges = [
            0i64,
            1,
            -1,
            ONE_BITS,
            -ONE_BITS,
            ONE_BITS - 1,
            ONE_BITS + 1,
            1 << 31,
            -(1 << 31),
            5 << 32,
            -(5 << 32),
            20 << 32,
            -(20 << 32),
            (20 << 32) + 1,
            -(20 << 32) - 1,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ];
        for bits in edges {
            let x = Fx::from_bits(bits);
            assert_eq!(exp_safe(x), library_exp_safe(x), "x bits {bits}");
        }
        // Hand-checked anchors: e^0 = 1 exactly; e^-20 ≈ 2.06e-9 is 8 or 9 ulps of 2^-32.
        assert_eq!(exp_safe(ZERO), ONE);
        assert!((8..=9).contains(&exp_safe(Fx::from_num(-20)).to_bits()));
    }

    #[test]
    fn exp_matches_substrate_fixed_on_a_fixed_seed_sample() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for _ in 0..20_000 {
            // Mostly inside the clamp, where the series runs; some well outside it.
            let bits = if rng.random_bool(0.9) {
                rng.random_range(-(21i64 << 32)..=21i64 << 32)
            } else {
                rng.random::<i64>()
            };
            let x = Fx::from_bits(bits);
            assert_eq!(exp_safe(x), library_exp_safe(x), "x bits {bits}");
        }
    }

    #[test]
    fn reciprocal_matches_substrate_fixed() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let mut cases = vec![
            ONE_BITS,
            ONE_BITS + 1,
            2 * ONE_BITS,
            3 * ONE_BITS,
            1 << 62,
            i64::MAX,
        ];
        cases.extend((0..10_000).map(|_| rng.random_range(ONE_BITS..=i64::MAX)));
        for d in cases {
            let want = ONE.saturating_div(Fx::from_bits(d)).to_bits();
            assert_eq!(recip_of_at_least_one(d), want, "d bits {d}");
        }
        // 1/1 = 1, 1/2 = 0.5, 1/3 = floor(2^32/3) = 1431655765 bits.
        assert_eq!(recip_of_at_least_one(ONE_BITS), ONE_BITS);
        assert_eq!(recip_of_at_least_one(2 * ONE_BITS), 1 << 31);
        assert_eq!(recip_of_at_least_one(3 * ONE_BITS), 1_431_655_765);
    }

    #[test]
    fn u16_round_trip_truncates() {
        assert_eq!(fx_to_u16_proportion(ONE), 65535);
        assert_eq!(fx_to_u16_proportion(f(0.5)), 32767);
        assert_eq!(fx_to_u16_proportion(u16_proportion_to_fx(12345)), 12344);
        assert_eq!(fx_to_u16_proportion(f(2.0)), 65535);
    }

    #[test]
    fn topk_breaks_ties_by_dropping_lower_uids() {
        let x = [f(0.25), f(0.25), f(0.5), ZERO];
        assert_eq!(topk_nonzero(&x, 2), vec![false, true, true, false]);
        assert_eq!(topk_nonzero(&x, 5), vec![true, true, true, false]);
        assert_eq!(topk_nonzero(&x, 4), vec![true, true, true, false]);
    }

    #[test]
    fn median_of_three_validators() {
        // Stakes 0.5/0.25/0.25 (exact in binary), scores 0.1/0.6/0.9, κ = 0.5, so minority = 0.5.
        // Pivot = score of the middle voter = 0.6. Below it: 0.5 of stake, and 0.5 < 0.5 is false, so the
        // median is not lower. Above it: 0.25, and 1 − 0.25 = 0.75 ≤ 0.5 is false, so not higher: 0.6.
        // (Check: voters with W ≥ 0.6 hold 0.5 ≥ κ; with W ≥ 0.9 only 0.25.)
        let stake = [f(0.5), f(0.25), f(0.25)];
        let m = weighted_median_cols(
            &stake,
            &[vec![(0, f(0.1))], vec![(0, f(0.6))], vec![(0, f(0.9))]],
            1,
            f(0.5),
        );
        assert_eq!(m, vec![f(0.6)]);
    }

    proptest::proptest! {
        #[test]
        fn fast_mul_matches_substrate_fixed(a in proptest::num::i64::ANY, b in proptest::num::i64::ANY) {
            let (a, b) = (Fx::from_bits(a), Fx::from_bits(b));
            proptest::prop_assert_eq!(mul(a, b), a.saturating_mul(b));
            let (a, b) = (Fx::from_bits(a.to_bits() >> 20), Fx::from_bits(b.to_bits() >> 30));
            proptest::prop_assert_eq!(mul(a, b), a.saturating_mul(b));
        }

        #[test]
        fn u16_row_normalize_matches_generic(row in proptest::collection::vec((0u16..100, proptest::num::u16::ANY), 0..50)) {
            let mut generic: SparseMatrix = vec![row.iter().map(|&(j, w)| (j, u16_to_fx(w))).collect()];
            row_normalize(&mut generic);
            proptest::prop_assert_eq!(row_normalize_u16(&row), generic.remove(0));
        }

        #[test]
        fn u16_proportion_matches_generic(x in proptest::num::u16::ANY) {
            let generic = Fx::from_num(x).checked_div(Fx::from_num(u16::MAX)).unwrap_or(ZERO);
            proptest::prop_assert_eq!(u16_proportion_to_fx(x), generic);
        }

        #[test]
        fn fast_div_matches_substrate_fixed(a in 0i64..1 << 33, b in proptest::num::i64::ANY) {
            let (a, b) = (Fx::from_bits(a), Fx::from_bits(b));
            proptest::prop_assert_eq!(div(a, b), a.checked_div(b).unwrap_or(ZERO));
            let b = Fx::from_bits(b.to_bits() >> 31);
            proptest::prop_assert_eq!(div(a, b), a.checked_div(b).unwrap_or(ZERO));
        }
    }

    #[test]
    fn ema_merges_and_sorts() {
        let new = vec![vec![(2u16, ONE), (0, f(0.5))]];
        let old = vec![vec![(1u16, ONE), (2, ONE)]];
        let out = ema_rows(&new, &old, f(0.25), 3);
        assert_eq!(out, vec![vec![(0, f(0.125)), (1, f(0.75)), (2, ONE)]]);
    }
}

//! Bonds and dividends: the Yuma3 path, the original Yuma path and liquid alpha.
//!
//! Mirrors the bonds section of subtensor's `epoch_mechanism` (`run_epoch.rs`) together with
//! `compute_bonds_sparse`, `compute_liquid_alpha_values_sparse`, `alpha_sigmoid` and the sparse EMA
//! helpers of `math.rs`, step for step in the same fixed-point arithmetic.

use substrate_fixed::types::I64F64;

use super::math::{
    col_max_upscale, col_normalize, div_recip, ema_csr, ema_row, exp_safe, mul, normalize,
    recip_of_at_least_one, recips, strictly_sorted, u16_proportion_to_fx, u16_to_fx,
    weighted_row_sums, Csr, EmaScratch, Fx, ONE, ZERO,
};
use super::LiquidAlpha;

/// What the original Yuma bonds step needs besides the matrices.
pub struct BondsContext<'a> {
    /// Number of UIDs (rows and columns).
    pub n: usize,
    /// `BondsMovingAverage` (parts per million).
    pub bonds_moving_average: u64,
    /// Normalised incentive per UID.
    pub incentive: &'a [Fx],
    /// Normalised active stake per UID.
    pub active_stake: &'a [Fx],
}

/// New bonds (in storage form: fixed-point values to be turned into u16 proportions) and dividends.
pub struct BondsResult {
    /// Bonds to persist, as proportions in `[0, 1]` per entry; one row per UID.
    pub bonds: Csr,
    /// Normalised dividends per UID.
    pub dividends: Vec<Fx>,
}

/// The non-liquid EMA rate `a = 1 − BondsMovingAverage / 10^6`.
fn ema_alpha(bonds_moving_average: u64) -> Fx {
    let bma = I64F64::saturating_from_num(bonds_moving_average)
        .checked_div(I64F64::from_num(1_000_000))
        .unwrap_or_else(|| I64F64::from_num(0));
    ONE.saturating_sub(Fx::saturating_from_num(bma))
}

/// Stored row `i` converted with `conv`, without columns `>= n` and entries whose column is `masked`
/// (`masked` has one flag per column `< n`).
#[inline]
fn stored_row<'a>(
    stored: &'a [Vec<(u16, u16)>],
    i: usize,
    n: usize,
    masked: &'a [bool],
    conv: fn(u16) -> Fx,
) -> impl Iterator<Item = (u16, Fx)> + 'a {
    stored
        .get(i)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(move |&&(j, _)| (j as usize) < n && !masked[j as usize])
        .map(move |&(j, b)| (j, conv(b)))
}

/// Loads stored `u16` bonds with `conv` (`n` rows), as [`stored_row`].
fn load_bonds(stored: &[Vec<(u16, u16)>], n: usize, masked: &[bool], conv: fn(u16) -> Fx) -> Csr {
    let entries = stored.iter().take(n).map(Vec::len).sum();
    let mut m = Csr::with_capacity(n, entries);
    for i in 0..n {
        for (j, b) in stored_row(stored, i, n, masked, conv) {
            m.push(j, b);
        }
        m.finish_row();
    }
    m
}

/// Yuma3: absolute bonds stored as `u16` proportions; `B = a·W̃ + (1 − a)·B_old` (or liquid alpha);
/// dividends `D_i = A_i · Σ_j B_norm_ij · I_j`, normalised.
///
/// Built row by row ([`Yuma3::push_row`], every row in order) so that the caller can stream the rows
/// of `W̃` without storing them; [`Yuma3::finish`] computes the dividends.
pub struct Yuma3<'a> {
    n: usize,
    stored: &'a [Vec<(u16, u16)>],
    masked: &'a [bool],
    rate: Rate<'a>,
    old_row: Vec<(u16, Fx)>,
    ema: Csr,
    col_sums: Vec<Fx>,
}

/// How [`Yuma3`] moves the bonds.
enum Rate<'a> {
    /// One EMA rate for every entry.
    Fixed(Fx, EmaScratch),
    /// Liquid alpha, from the consensus.
    Liquid(Box<Sigmoid>, &'a [Fx], LiquidScratch),
}

impl<'a> Yuma3<'a> {
    /// Prepares the bonds of `n` UIDs from the stored ones, with `masked` one flag per column; the new
    /// bonds go into `ema` (emptied first; `nnz` is a capacity hint). Liquid alpha (when on) needs the consensus, which must not be all zero.
    pub fn new(
        n: usize,
        bonds_moving_average: u64,
        liquid: Option<(LiquidAlpha, &'a [Fx])>,
        stored: &'a [Vec<(u16, u16)>],
        masked: &'a [bool],
        ema: Csr,
        nnz: usize,
    ) -> Self {
        let rate = match liquid {
            Some((la, consensus)) if consensus.iter().any(|&c| c != ZERO) => {
                Rate::Liquid(Box::new(Sigmoid::new(la)), consensus, LiquidScratch::new(n))
            }
            _ => Rate::Fixed(ema_alpha(bonds_moving_average), EmaScratch::new(n)),
        };
        Self {
            n,
            stored,
            masked,
            rate,
            old_row: Vec::with_capacity(n),
            ema: ema.reuse(n, nnz),
            col_sums: vec![ZERO; n],
        }
    }

    /// Moves the next row's bonds towards its row of `W̃`.
    pub fn push_row(&mut self, weights_for_bonds: &[(u16, Fx)]) {
        let (n, i) = (self.n, self.ema.rows());
        if let Rate::Fixed(alpha, _) = self.rate {
            let stored = self.stored.get(i).map_or(&[][..], Vec::as_slice);
            if self.same_columns(weights_for_bonds, stored) {
                // The common case (bonds follow weights): `ema_row`'s sorted merge, column by column.
                let one_minus_alpha = ONE.saturating_sub(alpha);
                for (&(j, w), &(_, b)) in weights_for_bonds.iter().zip(stored) {
                    let v =
                        mul(alpha, w).saturating_add(mul(one_minus_alpha, u16_proportion_to_fx(b)));
                    if v > ZERO {
                        self.ema.push(j, v);
                        let s = &mut self.col_sums[j as usize];
                        *s = s.saturating_add(v);
                    }
                }
                self.ema.finish_row();
                return;
            }
        }
        self.old_row.clear();
        self.old_row.extend(stored_row(
            self.stored,
            i,
            n,
            self.masked,
            u16_proportion_to_fx,
        ));
        match &mut self.rate {
            Rate::Fixed(alpha, scratch) => ema_row(
                weights_for_bonds,
                &self.old_row,
                *alpha,
                n,
                scratch,
                &mut self.ema,
            ),
            Rate::Liquid(sigmoid, consensus, scratch) => liquid_row(
                weights_for_bonds,
                &self.old_row,
                consensus,
                sigmoid,
                n,
                scratch,
                &mut self.ema,
            ),
        }
        for &(j, v) in self.ema.open_row_mut().iter() {
            let s = &mut self.col_sums[j as usize];
            *s = s.saturating_add(v);
        }
        self.ema.finish_row();
    }

    /// True when the stored bonds row, once loaded, has exactly the columns of the `W̃` row, in the
    /// same strictly increasing order (all below `n`, none masked).
    fn same_columns(&self, weights_for_bonds: &[(u16, Fx)], stored: &[(u16, u16)]) -> bool {
        stored.len() == weights_for_bonds.len()
            && strictly_sorted(weights_for_bonds)
            && weights_for_bonds
                .last()
                .is_none_or(|&(j, _)| (j as usize) < self.n)
            && weights_for_bonds
                .iter()
                .zip(stored)
                .all(|(&(a, _), &(b, _))| a == b && !self.masked[b as usize])
    }

    /// The new bonds and the dividends, given the normalised incentive and active stake.
    pub fn finish(self, incentive: &[Fx], active_stake: &[Fx]) -> BondsResult {
        let Self {
            n, ema, col_sums, ..
        } = self;
        // Σ_j B_norm_ij·I_j with B_norm the column-normalised bonds (subtensor drops zero products
        // before summing, which changes nothing), without materialising B_norm.
        let rs = recips(&col_sums);
        let per_validator: Vec<Fx> = ema
            .iter()
            .map(|row| {
                row.iter().fold(ZERO, |acc, &(j, b)| {
                    let j = j as usize;
                    let s = col_sums[j];
                    let b = if s == ZERO { b } else { div_recip(b, s, rs[j]) };
                    acc.saturating_add(mul(b, incentive[j]))
                })
            })
            .collect();
        let mut dividends: Vec<Fx> = per_validator
            .iter()
            .zip(active_stake)
            .map(|(b, a)| b.checked_mul(*a).unwrap_or(ZERO))
            .collect();
        dividends.resize(n, ZERO);
        normalize(&mut dividends);
        BondsResult {
            bonds: ema,
            dividends,
        }
    }
}

/// Original Yuma: bonds stored column-max-upscaled; `ΔB = A ∘ W̃` column-normalised;
/// `B = a·ΔB + (1 − a)·B_old` column-normalised; dividends `D_i = Σ_j B_ij·I_j`, normalised.
pub fn original(
    ctx: &BondsContext<'_>,
    weights_for_bonds: &Csr,
    stored: &[Vec<(u16, u16)>],
    masked: &[bool],
) -> BondsResult {
    let mut old = load_bonds(stored, ctx.n, masked, u16_to_fx);
    col_normalize(&mut old, ctx.n);
    let mut delta = weights_for_bonds.clone();
    for (i, &a) in ctx.active_stake.iter().enumerate() {
        for (_, w) in delta.row_mut(i) {
            *w = mul(*w, a);
        }
    }
    col_normalize(&mut delta, ctx.n);
    let mut ema = ema_csr(&delta, &old, ema_alpha(ctx.bonds_moving_average), ctx.n);
    col_normalize(&mut ema, ctx.n);
    let mut dividends = weighted_row_sums(&ema, ctx.incentive);
    normalize(&mut dividends);
    col_max_upscale(&mut ema, ctx.n);
    BondsResult {
        bonds: ema,
        dividends,
    }
}

/// Per-entry EMA rate from the sigmoid of how far a weight is from consensus (buying) or below the
/// bond (selling) — subtensor's `alpha_sigmoid` — for one set of liquid-alpha parameters, with
/// everything that does not depend on the entry computed once: the bounds, the slope, and the rate
/// at `diff = 0` (a weight at or below consensus and not below its bond: the most common repeated
/// input). Each step is the same saturating operation on the same values as subtensor's, so the
/// rates are bit-identical (checked against a straight evaluation in the tests).
struct Sigmoid {
    low: Fx,
    high: Fx,
    span: Fx,
    slope: Fx,
    at_zero: Fx,
}

impl Sigmoid {
    fn new(la: LiquidAlpha) -> Self {
        let low = u16_proportion_to_fx(la.alpha_low);
        let high = u16_proportion_to_fx(la.alpha_high);
        let slope = Fx::from_num(la.steepness).saturating_div(Fx::from_num(-100));
        let mut s = Self {
            low,
            high,
            span: high.saturating_sub(low),
            slope,
            at_zero: ZERO,
        };
        s.at_zero = s.of_diff(ZERO);
        s
    }

    /// The rate for the clamped difference `diff`.
    #[inline]
    fn of_diff(&self, diff: Fx) -> Fx {
        // `mul` is `saturating_mul`; `1 + e ≥ 1` as `e ≥ 0`, where the reciprocal is `saturating_div`'s.
        let e = exp_safe(mul(self.slope, diff.saturating_sub(HALF)));
        let sigmoid = Fx::from_bits(recip_of_at_least_one(ONE.saturating_add(e).to_bits()));
        let alpha = self.low.saturating_add(mul(sigmoid, self.span));
        alpha.min(self.high).max(self.low)
    }

    /// The rate of one entry.
    #[inline]
    fn alpha(&self, consensus: Fx, weight: Fx, bond: Fx) -> Fx {
        let diff = if weight >= bond {
            weight.saturating_sub(consensus)
        } else {
            bond.saturating_sub(weight)
        }
        .clamp(ZERO, ONE);
        if diff == ZERO {
            self.at_zero
        } else {
            self.of_diff(diff)
        }
    }
}

/// One half in [`Fx`].
const HALF: Fx = Fx::from_bits(1 << 31);

/// Value at column `j` as subtensor's forward-only merge walk sees it: skip the leading entries with a
/// column below `j`; the next entry counts only if its column is exactly `j`. For rows sorted by column
/// this is a plain lookup; `pos` carries the walk between increasing queries.
fn walk_value(row: &[(u16, Fx)], pos: &mut usize, j: u16) -> Fx {
    while row.get(*pos).is_some_and(|&(c, _)| c < j) {
        *pos += 1;
    }
    match row.get(*pos) {
        Some(&(c, v)) if c == j => v,
        _ => ZERO,
    }
}

/// Reusable scratch space of [`liquid_row`].
struct LiquidScratch {
    alpha: Vec<Fx>,
    decayed: Vec<Fx>,
    cols: Vec<u16>,
}

impl LiquidScratch {
    fn new(n: usize) -> Self {
        Self {
            alpha: vec![ZERO; n],
            decayed: vec![ZERO; n],
            cols: Vec::new(),
        }
    }
}

/// One row of the liquid-alpha EMA (subtensor's `mat_ema_alpha_sparse`): `B_ij = min(1, (1 −
/// a_ij)·B_old_ij + max(0, a_ij·W̃_ij))`, emitted only for entries of the current weight row, in that
/// row's order; appended to `out` (left open).
fn liquid_row(
    new_row: &[(u16, Fx)],
    old_row: &[(u16, Fx)],
    consensus: &[Fx],
    sigmoid: &Sigmoid,
    n: usize,
    scratch: &mut LiquidScratch,
    out: &mut Csr,
) {
    let LiquidScratch {
        alpha,
        decayed,
        cols,
    } = scratch;
    cols.clear();
    if strictly_sorted(new_row) && strictly_sorted(old_row) {
        // Both sorted (the normal case): their union by a merge, as the sort below would give.
        let (mut a, mut b) = (new_row.iter().peekable(), old_row.iter().peekable());
        loop {
            let j = match (a.peek(), b.peek()) {
                (Some(&&(x, _)), Some(&&(y, _))) => {
                    if x <= y {
                        a.next();
                    }
                    if y <= x {
                        b.next();
                    }
                    x.min(y)
                }
                (Some(&&(x, _)), None) => {
                    a.next();
                    x
                }
                (None, Some(&&(y, _))) => {
                    b.next();
                    y
                }
                (None, None) => break,
            };
            if (j as usize) >= n {
                break;
            }
            cols.push(j);
        }
    } else {
        cols.extend(new_row.iter().chain(old_row).map(|&(j, _)| j));
        cols.retain(|&j| (j as usize) < n);
        cols.sort_unstable();
        cols.dedup();
    }
    let (mut wp, mut bp) = (0usize, 0usize);
    for &j in cols.iter() {
        let w = walk_value(new_row, &mut wp, j);
        let b = walk_value(old_row, &mut bp, j);
        alpha[j as usize] = sigmoid.alpha(consensus[j as usize], w, b);
    }
    for &(j, b) in old_row {
        if let Some(d) = decayed.get_mut(j as usize) {
            *d = ONE.saturating_sub(alpha[j as usize]).saturating_mul(b);
        }
    }
    for &(j, w) in new_row {
        if (j as usize) < n {
            let a = alpha[j as usize];
            let inc = a.saturating_mul(w).max(ZERO);
            let v = decayed[j as usize].saturating_add(inc).min(ONE);
            if v > ZERO {
                out.push(j, v);
            }
        }
    }
    for &j in cols.iter() {
        decayed[j as usize] = ZERO;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(x: u16, y: u16) -> Fx {
        super::super::math::div(Fx::from_num(x), Fx::from_num(y))
    }

    #[test]
    fn disabled_alpha_is_one_tenth() {
        // 900000/10^6 = 0.9 in I64F64, truncated to I32F32: floor(0.9·2^32) = 3865470566 bits;
        // 1 − that = 429496730 bits (0.1 rounded up by the truncation of 0.9).
        let a = ema_alpha(900_000);
        assert_eq!(a.to_bits(), (1i64 << 32) - 3_865_470_566);
        assert_eq!(ema_alpha(0), ONE);
    }

    #[test]
    fn sigmoid_is_bounded() {
        let la = LiquidAlpha::default();
        for (c, w, b) in [
            (0u16, 0u16, 0u16),
            (1, 65535, 0),
            (65535, 0, 65535),
            (100, 200, 300),
        ] {
            let a = Sigmoid::new(la).alpha(ratio(c, 65535), ratio(w, 65535), ratio(b, 65535));
            assert!(a >= u16_proportion_to_fx(la.alpha_low));
            assert!(a <= u16_proportion_to_fx(la.alpha_high));
        }
    }

    /// subtensor's `alpha_sigmoid` evaluated straight, per entry, with substrate-fixed's own `exp`.
    fn straightforward_alpha(consensus: Fx, weight: Fx, bond: Fx, la: LiquidAlpha) -> Fx {
        let low = u16_proportion_to_fx(la.alpha_low);
        let high = u16_proportion_to_fx(la.alpha_high);
        let steepness = Fx::from_num(la.steepness);
        let half = Fx::from_bits(1 << 31);
        let diff_buy = weight.saturating_sub(consensus).clamp(ZERO, ONE);
        let diff_sell = bond.saturating_sub(weight).clamp(ZERO, ONE);
        let diff = if weight >= bond { diff_buy } else { diff_sell };
        let slope = steepness.saturating_div(Fx::from_num(-100));
        let x = slope
            .saturating_mul(diff.saturating_sub(half))
            .clamp(Fx::from_num(-20), Fx::from_num(20));
        let e = match substrate_fixed::transcendental::exp::<Fx, Fx>(x) {
            Ok(v) => v,
            Err(()) if x <= ZERO => ZERO,
            Err(()) => Fx::max_value(),
        };
        let sigmoid = ONE.saturating_div(ONE.saturating_add(e));
        let alpha = low.saturating_add(sigmoid.saturating_mul(high.saturating_sub(low)));
        alpha.min(high).max(low)
    }

    #[test]
    fn optimised_sigmoid_equals_the_straightforward_one_on_a_random_matrix() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
        let params = [
            LiquidAlpha::default(),
            LiquidAlpha {
                alpha_low: 1,
                alpha_high: 65535,
                steepness: i16::MAX,
            },
            LiquidAlpha {
                alpha_low: 30_000,
                alpha_high: 40_000,
                steepness: -2_000,
            },
            LiquidAlpha {
                alpha_low: 50_000,
                alpha_high: 10_000,
                steepness: 0,
            },
        ];
        let (validators, uids) = (64, 256);
        // Values in [0, 1] as u16 proportions (the epoch's weights, bonds and consensus), with every
        // eighth weight equal to its bond or its consensus so that `diff = 0` and ties occur.
        let prop = |rng: &mut rand_chacha::ChaCha8Rng| ratio(rng.random::<u16>(), 65535);
        let consensus: Vec<Fx> = (0..uids).map(|_| prop(&mut rng)).collect();
        let mut at_zero = 0;
        for la in params {
            let sigmoid = Sigmoid::new(la);
            for _ in 0..validators {
                for &c in &consensus {
                    let b = prop(&mut rng);
                    let w = match rng.random_range(0..8) {
                        0 => b,
                        1 => c,
                        _ => prop(&mut rng),
                    };
                    let want = straightforward_alpha(c, w, b, la);
                    assert_eq!(sigmoid.alpha(c, w, b), want, "{la:?} c {c} w {w} b {b}");
                    at_zero += usize::from(sigmoid.alpha(c, w, b) == sigmoid.at_zero);
                }
            }
        }
        assert!(at_zero > 0);
    }

    #[test]
    fn walk_misses_out_of_order_entries_like_subtensor() {
        let row = vec![(5u16, ONE), (2u16, ONE)];
        let mut p = 0;
        assert_eq!(walk_value(&row, &mut p, 2), ZERO);
        assert_eq!(walk_value(&row, &mut p, 5), ONE);
    }
}

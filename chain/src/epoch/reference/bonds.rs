//! Bonds and dividends: the Yuma3 path, the original Yuma path and liquid alpha.
//!
//! Mirrors the bonds section of subtensor's `epoch_mechanism` (`run_epoch.rs`) together with
//! `compute_bonds_sparse`, `compute_liquid_alpha_values_sparse`, `alpha_sigmoid` and the sparse EMA
//! helpers of `math.rs`, step for step in the same fixed-point arithmetic.

use substrate_fixed::types::I64F64;

use super::math::{
    col_max_upscale, col_normalize, col_sums, div, ema_rows, exp_safe, mul, normalize,
    u16_proportion_to_fx, u16_to_fx, weighted_row_sums, Fx, SparseMatrix, SparseRow, ONE, ZERO,
};
use super::LiquidAlpha;

/// What the bonds step needs besides the matrices.
pub struct BondsContext<'a> {
    /// Number of UIDs (rows and columns).
    pub n: usize,
    /// `BondsMovingAverage` (parts per million).
    pub bonds_moving_average: u64,
    /// Liquid alpha parameters, when enabled (Yuma3 only, as in subtensor).
    pub liquid_alpha: Option<LiquidAlpha>,
    /// Consensus per column.
    pub consensus: &'a [Fx],
    /// Normalised incentive per UID.
    pub incentive: &'a [Fx],
    /// Normalised active stake per UID.
    pub active_stake: &'a [Fx],
}

/// New bonds (in storage form: fixed-point values to be turned into u16 proportions) and dividends.
pub struct BondsResult {
    /// Bonds to persist, as proportions in `[0, 1]` per entry.
    pub bonds: SparseMatrix,
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

/// Loads stored `u16` bonds with `conv`, dropping columns `>= n` and entries `masked(j)`.
fn load_bonds(
    stored: &[Vec<(u16, u16)>],
    n: usize,
    masked: &dyn Fn(u16) -> bool,
    conv: fn(u16) -> Fx,
) -> SparseMatrix {
    (0..n)
        .map(|i| {
            stored
                .get(i)
                .map(|row| {
                    row.iter()
                        .filter(|&&(j, _)| (j as usize) < n && !masked(j))
                        .map(|&(j, b)| (j, conv(b)))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect()
}

/// Yuma3: absolute bonds stored as `u16` proportions; `B = a·W̃ + (1 − a)·B_old` (or liquid alpha);
/// dividends `D_i = A_i · Σ_j B_norm_ij · I_j`, normalised.
pub fn yuma3(
    ctx: &BondsContext<'_>,
    weights_for_bonds: &[SparseRow],
    stored: &[Vec<(u16, u16)>],
    masked: &dyn Fn(u16) -> bool,
) -> BondsResult {
    let old = load_bonds(stored, ctx.n, masked, u16_proportion_to_fx);
    let ema = match ctx.liquid_alpha {
        Some(la) if ctx.consensus.iter().any(|&c| c != ZERO) => {
            liquid_ema(weights_for_bonds, &old, ctx.consensus, la, ctx.n)
        }
        _ => ema_rows(
            weights_for_bonds,
            &old,
            ema_alpha(ctx.bonds_moving_average),
            ctx.n,
        ),
    };
    // Σ_j B_norm_ij·I_j with B_norm the column-normalised bonds (subtensor drops zero products before
    // summing, which changes nothing), without materialising B_norm.
    let sums = col_sums(&ema, ctx.n);
    let per_validator: Vec<Fx> = ema
        .iter()
        .map(|row| {
            row.iter().fold(ZERO, |acc, &(j, b)| {
                let s = sums[j as usize];
                let b = if s == ZERO { b } else { div(b, s) };
                acc.saturating_add(mul(b, ctx.incentive[j as usize]))
            })
        })
        .collect();
    let mut dividends: Vec<Fx> = per_validator
        .iter()
        .zip(ctx.active_stake)
        .map(|(b, a)| b.checked_mul(*a).unwrap_or(ZERO))
        .collect();
    dividends.resize(ctx.n, ZERO);
    normalize(&mut dividends);
    BondsResult {
        bonds: ema,
        dividends,
    }
}

/// Original Yuma: bonds stored column-max-upscaled; `ΔB = A ∘ W̃` column-normalised;
/// `B = a·ΔB + (1 − a)·B_old` column-normalised; dividends `D_i = Σ_j B_ij·I_j`, normalised.
pub fn original(
    ctx: &BondsContext<'_>,
    weights_for_bonds: &[SparseRow],
    stored: &[Vec<(u16, u16)>],
    masked: &dyn Fn(u16) -> bool,
) -> BondsResult {
    let mut old = load_bonds(stored, ctx.n, masked, u16_to_fx);
    col_normalize(&mut old, ctx.n);
    let mut delta: SparseMatrix = weights_for_bonds
        .iter()
        .zip(ctx.active_stake)
        .map(|(row, &a)| row.iter().map(|&(j, w)| (j, mul(w, a))).collect())
        .collect();
    col_normalize(&mut delta, ctx.n);
    let mut ema = ema_rows(&delta, &old, ema_alpha(ctx.bonds_moving_average), ctx.n);
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
/// bond (selling) — subtensor's `alpha_sigmoid`.
pub fn alpha_sigmoid(consensus: Fx, weight: Fx, bond: Fx, la: LiquidAlpha) -> Fx {
    let low = u16_proportion_to_fx(la.alpha_low);
    let high = u16_proportion_to_fx(la.alpha_high);
    let steepness = Fx::from_num(la.steepness);
    let half = Fx::from_bits(1 << 31);
    let diff_buy = weight.saturating_sub(consensus).clamp(ZERO, ONE);
    let diff_sell = bond.saturating_sub(weight).clamp(ZERO, ONE);
    let diff = if weight >= bond { diff_buy } else { diff_sell };
    let slope = steepness.saturating_div(Fx::from_num(-100));
    let e = exp_safe(slope.saturating_mul(diff.saturating_sub(half)));
    let sigmoid = ONE.saturating_div(ONE.saturating_add(e));
    let alpha = low.saturating_add(sigmoid.saturating_mul(high.saturating_sub(low)));
    alpha.min(high).max(low)
}

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

/// Liquid-alpha EMA (subtensor's `mat_ema_alpha_sparse`): `B_ij = min(1, (1 − a_ij)·B_old_ij + max(0,
/// a_ij·W̃_ij))`, emitted only for entries of the current weight row, in that row's order.
fn liquid_ema(
    new: &[SparseRow],
    old: &[SparseRow],
    consensus: &[Fx],
    la: LiquidAlpha,
    n: usize,
) -> SparseMatrix {
    let mut alpha = vec![ZERO; n];
    let mut decayed = vec![ZERO; n];
    let mut cols: Vec<u16> = Vec::new();
    let empty = SparseRow::new();
    new.iter()
        .enumerate()
        .map(|(i, new_row)| {
            let old_row = old.get(i).unwrap_or(&empty);
            cols.clear();
            cols.extend(new_row.iter().chain(old_row).map(|&(j, _)| j));
            cols.retain(|&j| (j as usize) < n);
            cols.sort_unstable();
            cols.dedup();
            let (mut wp, mut bp) = (0usize, 0usize);
            for &j in &cols {
                let w = walk_value(new_row, &mut wp, j);
                let b = walk_value(old_row, &mut bp, j);
                alpha[j as usize] = alpha_sigmoid(consensus[j as usize], w, b, la);
            }
            for &(j, b) in old_row {
                if let Some(d) = decayed.get_mut(j as usize) {
                    *d = ONE.saturating_sub(alpha[j as usize]).saturating_mul(b);
                }
            }
            let out: SparseRow = new_row
                .iter()
                .filter(|&&(j, _)| (j as usize) < n)
                .filter_map(|&(j, w)| {
                    let a = alpha[j as usize];
                    let inc = a.saturating_mul(w).max(ZERO);
                    let v = decayed[j as usize].saturating_add(inc).min(ONE);
                    (v > ZERO).then_some((j, v))
                })
                .collect();
            for &j in &cols {
                decayed[j as usize] = ZERO;
            }
            out
        })
        .collect()
}

/// Converts fixed-point bond rows to stored `u16` proportions.
pub fn to_u16_rows(m: &[SparseRow]) -> Vec<Vec<(u16, u16)>> {
    m.iter()
        .map(|row| {
            row.iter()
                .map(|&(j, v)| (j, super::math::fx_to_u16_proportion(v)))
                .collect()
        })
        .collect()
}

//! A frozen copy of the epoch as it was before the compact-storage rewrite (one `Vec` per sparse row,
//! the generic helpers of `math.rs`, subtensor's mid-pivot median). Test-only: the property tests
//! compare [`run_epoch`] with the optimised [`super::run_epoch`] output for output.
#![allow(dead_code)]

mod bonds;
pub mod math;

use substrate_fixed::types::{I64F64, I96F32};

use math::{
    col_clip, div, fx_to_u16_proportion, interpolate, normalize, normalize_using_sum,
    row_normalize_u16, row_sums, sum, topk_nonzero, weighted_col_sums, weighted_median_cols, Fx,
    SparseMatrix, ZERO,
};

use super::{EpochInput, EpochOutput, LiquidAlpha};

fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

/// The pre-rewrite `run_epoch`, unchanged.
pub fn run_epoch(input: &EpochInput) -> EpochOutput {
    let n = input.stake.len().min(u16::MAX as usize);

    // Activity.
    let active: Vec<bool> = (0..n)
        .map(|i| {
            get(&input.last_update, i).saturating_add(input.activity_cutoff) >= input.current_block
        })
        .collect();

    // Stake, normalised in I64F64 and then truncated to I32F32.
    let mut stake64: Vec<I64F64> = input.stake[..n]
        .iter()
        .map(|&s| I64F64::saturating_from_num(s))
        .collect();
    math::normalize_64(&mut stake64);
    let stake: Vec<Fx> = stake64
        .iter()
        .map(|&s| Fx::saturating_from_num(s))
        .collect();

    // Permits: old (from storage) and new (top-k stake), the owner's forced on.
    let owner = input.owner_uid.map(usize::from).filter(|&o| o < n);
    let mut old_permit: Vec<bool> = (0..n).map(|i| get(&input.validator_permit, i)).collect();
    let mut new_permit = topk_nonzero(&stake, usize::from(input.max_allowed_validators));
    if let Some(o) = owner {
        old_permit[o] = true;
        new_permit[o] = true;
    }

    // Active stake: masked by inactivity and by the old permits, renormalised.
    let mut active_stake: Vec<Fx> = (0..n)
        .map(|i| {
            if active[i] && old_permit[i] {
                stake[i]
            } else {
                ZERO
            }
        })
        .collect();
    normalize(&mut active_stake);

    // Weights: permitted rows, no self-weight (but the owner's), not older than the miner's
    // registration, not before the miner's registration per commit-reveal; row-normalised.
    let mut kept: Vec<(u16, u16)> = Vec::new();
    let weights: SparseMatrix = (0..n)
        .map(|i| {
            if !old_permit[i] {
                return Vec::new();
            }
            let updated = get(&input.last_update, i);
            let commit = input.earliest_commit_block.get(i).copied();
            kept.clear();
            kept.extend(
                input
                    .weights
                    .get(i)
                    .into_iter()
                    .flatten()
                    .filter(|&&(j, _)| {
                        let ju = usize::from(j);
                        let registered = get(&input.block_at_registration, ju);
                        ju < n
                            && (ju != i || owner == Some(i))
                            && updated > registered
                            && commit.is_none_or(|cb| cb >= registered)
                    }),
            );
            row_normalize_u16(&kept)
        })
        .collect();

    // Consensus, clipping, validator trust, incentive.
    let kappa = div(Fx::from_num(input.kappa), Fx::from_num(u16::MAX));
    let consensus = weighted_median_cols(&active_stake, &weights, n, kappa);
    let clipped = col_clip(&weights, &consensus);
    let validator_trust = row_sums(&clipped);
    let mut incentive = weighted_col_sums(&clipped, &active_stake, n);
    normalize(&mut incentive);

    // Bonds and dividends.
    let bonds_penalty = div(Fx::from_num(input.bonds_penalty), Fx::from_num(u16::MAX));
    let weights_for_bonds = interpolate(&weights, &clipped, bonds_penalty);
    let ctx = bonds::BondsContext {
        n,
        bonds_moving_average: input.bonds_moving_average,
        liquid_alpha: input.liquid_alpha,
        consensus: &consensus,
        incentive: &incentive,
        active_stake: &active_stake,
    };
    let since = input.last_epoch_block.saturating_add(1);
    let registered_since = |j: u16| since <= get(&input.block_at_registration, usize::from(j));
    let result = if input.yuma3 {
        bonds::yuma3(&ctx, &weights_for_bonds, &input.bonds, &registered_since)
    } else {
        bonds::original(&ctx, &weights_for_bonds, &input.bonds, &registered_since)
    };
    let dividends = result.dividends;

    // Emission split by Σ(I + D); fallback to stake when nobody earned anything.
    let combined: Vec<Fx> = incentive
        .iter()
        .zip(&dividends)
        .map(|(i, d)| i.saturating_add(*d))
        .collect();
    let total = sum(&combined);
    let mut server_norm = incentive.clone();
    let mut validator_norm = dividends.clone();
    let mut combined_norm = combined;
    normalize_using_sum(&mut server_norm, total);
    normalize_using_sum(&mut validator_norm, total);
    normalize(&mut combined_norm);
    if total == ZERO {
        let fallback = if sum(&active_stake) == ZERO {
            &stake
        } else {
            &active_stake
        };
        validator_norm.clone_from(fallback);
        combined_norm.clone_from(fallback);
    }
    let e = I96F32::saturating_from_num(input.emission);
    let amounts = |v: &[Fx]| -> Vec<u64> {
        v.iter()
            .map(|x| {
                I96F32::saturating_from_num(*x)
                    .saturating_mul(e)
                    .saturating_to_num::<u64>()
            })
            .collect()
    };

    let to_u16 = |v: &[Fx]| -> Vec<u16> { v.iter().map(|x| fx_to_u16_proportion(*x)).collect() };
    let bonds_out = bonds::to_u16_rows(&result.bonds)
        .into_iter()
        .zip(&new_permit)
        .map(|(row, &permit)| if permit { row } else { Vec::new() })
        .collect();

    EpochOutput {
        active,
        stake_weight: to_u16(&stake),
        validator_permit: new_permit,
        consensus: to_u16(&consensus),
        incentive: to_u16(&incentive),
        dividends: to_u16(&dividends),
        validator_trust: to_u16(&validator_trust),
        server_emission: amounts(&server_norm),
        validator_emission: amounts(&validator_norm),
        emission: amounts(&combined_norm),
        bonds: bonds_out,
    }
}

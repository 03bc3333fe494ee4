//! The Yuma consensus epoch as a pure function.
//!
//! This module owns subtensor's `epoch_mechanism` (`pallets/subtensor/src/epoch/run_epoch.rs`): given one
//! subnet's per-UID state at an epoch ([`EpochInput`]) it computes activity, stake weights, validator
//! permits, consensus, incentive, validator trust, bonds, dividends and the split of the epoch's
//! emission ([`EpochOutput`]). It reads no storage and writes none: the caller gathers the inputs
//! (stake after childkey inheritance and the stake-threshold filter, weights, bonds, ...) and persists
//! the outputs.
//!
//! The arithmetic is subtensor's, in the same substrate-fixed types (`I64F64` for stake normalisation,
//! `I32F32` for everything else, `I96F32` for the final emission amounts) and the same order of
//! operations, so `u16` outputs and emission amounts agree exactly. Everything runs on sparse rows.
//!
//! Where this can differ from subtensor: sums saturate here where subtensor's plain `Sum` would
//! overflow (more than 32767 UIDs weighting at full value). Stake arrives as integer raw units
//! ([`run_epoch`]) or, as subtensor's `alpha + TaoWeight·root` carries a fraction, in `I64F64`
//! ([`run_epoch_with_stake`]). Commit-reveal is reduced to the
//! column mask it applies ([`EpochInput::earliest_commit_block`]); mechanisms (sub-subnets) are the
//! caller's job (run once per mechanism and combine).

mod bonds;
#[cfg(test)]
mod golden;
mod math;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

use substrate_fixed::types::{I64F64, I96F32};

use math::{
    consensus as weighted_median_cols, div, fx_to_u16_proportion, interpolate_row, mul, normalize,
    normalize_u16_row, normalize_using_sum, sum, topk_nonzero, Csr, Fx, ONE, ZERO,
};

/// Default `Kappa` of new subnets (≈ 0.5).
pub const DEFAULT_KAPPA: u16 = 32_767;
/// Default `BondsMovingAverage` (EMA rate 0.1).
pub const DEFAULT_BONDS_MOVING_AVERAGE: u64 = 900_000;
/// Default `BondsPenalty` (bonds follow clipped weights).
pub const DEFAULT_BONDS_PENALTY: u16 = u16::MAX;
/// Default `MaxAllowedValidators` of new subnets.
pub const DEFAULT_MAX_ALLOWED_VALIDATORS: u16 = 64;

/// Liquid-alpha parameters (`AlphaValues` and `AlphaSigmoidSteepness` of subtensor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiquidAlpha {
    /// Lowest per-entry EMA rate, as a `u16` proportion (default 45875 ≈ 0.7).
    pub alpha_low: u16,
    /// Highest per-entry EMA rate, as a `u16` proportion (default 58982 ≈ 0.9).
    pub alpha_high: u16,
    /// Sigmoid steepness; the slope is `steepness / 100` (default 1000).
    pub steepness: i16,
}

impl Default for LiquidAlpha {
    fn default() -> Self {
        Self {
            alpha_low: 45_875,
            alpha_high: 58_982,
            steepness: 1_000,
        }
    }
}

/// One subnet's state at an epoch. The number of UIDs `n` is `stake.len()` (at most 65535); every
/// other per-UID vector should have length `n` — shorter ones are read as zero / `false` / empty, longer
/// ones are cut. `Default` gives zeros everywhere, not subtensor's defaults (see the `DEFAULT_*`
/// constants).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochInput {
    /// The block the epoch runs in.
    pub current_block: u64,
    /// Activity cutoff in blocks: UID `i` is inactive when `last_update[i] + activity_cutoff <
    /// current_block`.
    pub activity_cutoff: u64,
    /// `Kappa`: the consensus majority as a `u16` proportion.
    pub kappa: u16,
    /// `BondsMovingAverage` in parts per million (900 000 ⇒ EMA rate 0.1).
    pub bonds_moving_average: u64,
    /// `BondsPenalty` as a `u16` proportion: 0 ⇒ bonds follow raw weights, 65535 ⇒ clipped weights.
    pub bonds_penalty: u16,
    /// `MaxAllowedValidators`: how many new validator permits are handed out.
    pub max_allowed_validators: u16,
    /// `Yuma3On`: `true` runs Yuma3 (default for new subnets), `false` the original Yuma bonds.
    pub yuma3: bool,
    /// Liquid alpha (`LiquidAlphaOn` with its parameters); `None` when off. Used by Yuma3 only, as in
    /// subtensor.
    pub liquid_alpha: Option<LiquidAlpha>,
    /// The subnet owner's UID: always gets a permit and may weight itself.
    pub owner_uid: Option<u16>,
    /// Stake weight per UID in raw units (alpha + TaoWeight·root, after childkey inheritance and the
    /// `StakeThreshold` filter, which the caller applies).
    pub stake: Vec<u64>,
    /// `LastUpdate` per UID (block of the last weight setting).
    pub last_update: Vec<u64>,
    /// `BlockAtRegistration` per UID.
    pub block_at_registration: Vec<u64>,
    /// `ValidatorPermit` per UID from the previous epoch (the owner's is forced on).
    pub validator_permit: Vec<bool>,
    /// `Weights` rows as stored: `(uid, u16 weight)` pairs, assumed free of duplicate uids.
    pub weights: Vec<Vec<(u16, u16)>>,
    /// `Bonds` rows as stored: `(uid, u16 bond)` pairs (Yuma3: proportions of 65535; original Yuma:
    /// column-max-upscaled).
    pub bonds: Vec<Vec<(u16, u16)>>,
    /// Bonds pointing at UIDs registered after this block are dropped. Pass subtensor's
    /// `LastMechansimStepBlock`; when that is 0, pass `current_block − tempo − 1` (subtensor then masks
    /// registrations at or after `current_block − tempo`).
    pub last_epoch_block: u64,
    /// Commit-reveal column mask: per validator UID, the block of its earliest live (unexpired) weight
    /// commit; `W_ij` is dropped when that block is before `block_at_registration[j]`. Leave empty when
    /// commit-reveal is off; `u64::MAX` means "no live commit".
    pub earliest_commit_block: Vec<u64>,
    /// Alpha to distribute this epoch (server + validator (+ root) pools), raw units.
    pub emission: u64,
}

/// The epoch's results; every `Vec` has length `n`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochOutput {
    /// `Active`: updated weights within the activity cutoff.
    pub active: Vec<bool>,
    /// `StakeWeight`: normalised stake as a `u16` proportion.
    pub stake_weight: Vec<u16>,
    /// `ValidatorPermit` for the next epoch: top-k stake among non-zero, plus the owner.
    pub validator_permit: Vec<bool>,
    /// `Consensus`: κ-weighted median weight per UID.
    pub consensus: Vec<u16>,
    /// `Incentive`: normalised miner score.
    pub incentive: Vec<u16>,
    /// `Dividends`: normalised validator score.
    pub dividends: Vec<u16>,
    /// `ValidatorTrust`: sum of a validator's clipped weights.
    pub validator_trust: Vec<u16>,
    /// Miner share of `emission` per UID.
    pub server_emission: Vec<u64>,
    /// Validator share of `emission` per UID.
    pub validator_emission: Vec<u64>,
    /// `Emission` as subtensor stores it: `E · (I_i + D_i) / Σ(I + D)` computed from the normalised
    /// combined score, which can differ from `server + validator` by a unit of rounding.
    pub emission: Vec<u64>,
    /// New `Bonds` rows to store; rows of UIDs without a new permit are empty.
    pub bonds: Vec<Vec<(u16, u16)>>,
}

/// Scratch matrices kept between epochs on the same thread, so that repeated epochs reuse their largest
/// buffers instead of allocating (and page-faulting) them afresh.
#[derive(Default)]
struct Scratch {
    weights: Csr,
    ema: Csr,
    cells: Vec<u64>,
}

/// Largest buffer (in entries) [`Scratch`] holds on to between epochs (4 MiB of matrix entries).
const SCRATCH_KEEP: usize = 1 << 18;

impl Scratch {
    /// Drops the buffers that grew past [`SCRATCH_KEEP`].
    fn keep_small(mut self) -> Self {
        if self.weights.capacity() > SCRATCH_KEEP {
            self.weights = Csr::default();
        }
        if self.ema.capacity() > SCRATCH_KEEP {
            self.ema = Csr::default();
        }
        if self.cells.capacity() > 2 * SCRATCH_KEEP {
            self.cells = Vec::new();
        }
        self
    }
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

/// Where the rows of `W̃` go.
enum BondsSink<'a> {
    /// Straight into the Yuma3 EMA.
    Yuma3(bonds::Yuma3<'a>),
    /// Into a matrix for the original Yuma.
    Original(Csr),
}

fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

/// Runs one Yuma epoch (subtensor's `epoch_mechanism`) for one subnet and one mechanism, with the
/// integer stakes of [`EpochInput::stake`].
pub fn run_epoch(input: &EpochInput) -> EpochOutput {
    let stake: Vec<I64F64> = input
        .stake
        .iter()
        .map(|&s| I64F64::saturating_from_num(s))
        .collect();
    run_epoch_with_stake(input, &stake)
}

/// [`run_epoch`] with stake weights that carry a fraction (subtensor's `alpha + TaoWeight·root` in
/// `I64F64`, after the `StakeThreshold` filter): `stake` replaces [`EpochInput::stake`] and its length
/// is the number of UIDs.
pub fn run_epoch_with_stake(input: &EpochInput, stake: &[I64F64]) -> EpochOutput {
    let n = stake.len().min(u16::MAX as usize);

    // Activity.
    let active: Vec<bool> = (0..n)
        .map(|i| {
            get(&input.last_update, i).saturating_add(input.activity_cutoff) >= input.current_block
        })
        .collect();

    // Stake, normalised in I64F64 and then truncated to I32F32.
    let mut stake64: Vec<I64F64> = stake[..n].to_vec();
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
    let registered: Vec<u64> = (0..n)
        .map(|j| get(&input.block_at_registration, j))
        .collect();
    let capacity = (0..n)
        .filter(|&i| old_permit[i])
        .map(|i| input.weights.get(i).map_or(0, Vec::len))
        .sum();
    let mut scratch = SCRATCH.take();
    let mut weights = scratch.weights.reuse(n, capacity);
    for (i, &permitted) in old_permit.iter().enumerate() {
        if permitted {
            let updated = get(&input.last_update, i);
            let commit = input.earliest_commit_block.get(i).copied();
            let self_weight = owner == Some(i);
            let mut total = 0u64;
            for &(j, w) in input.weights.get(i).map_or(&[][..], Vec::as_slice) {
                let ju = usize::from(j);
                if ju < n && (ju != i || self_weight) {
                    let reg = registered[ju];
                    if updated > reg && commit.is_none_or(|cb| cb >= reg) {
                        weights.push(j, Fx::from_bits(i64::from(w)));
                        total += u64::from(w);
                    }
                }
            }
            normalize_u16_row(weights.open_row_mut(), total);
        }
        weights.finish_row();
    }

    // Consensus; then one pass over the weights for clipping, validator trust and incentive.
    let kappa = div(Fx::from_num(input.kappa), Fx::from_num(u16::MAX));
    let consensus = weighted_median_cols(&active_stake, &weights, n, kappa, &mut scratch.cells);
    let bonds_penalty = div(Fx::from_num(input.bonds_penalty), Fx::from_num(u16::MAX));
    // Bonds pointing at UIDs registered since the last epoch are dropped.
    let since = input.last_epoch_block.saturating_add(1);
    let masked: Vec<bool> = registered.iter().map(|&r| since <= r).collect();
    // Yuma3 moves the bonds row by row as the clipped rows come; the original Yuma needs the whole
    // matrix first.
    let mut sink = if input.yuma3 {
        let liquid = input.liquid_alpha.map(|la| (la, consensus.as_slice()));
        let y3 = bonds::Yuma3::new(
            n,
            input.bonds_moving_average,
            liquid,
            &input.bonds,
            &masked,
            std::mem::take(&mut scratch.ema),
            weights.nnz(),
        );
        BondsSink::Yuma3(y3)
    } else {
        BondsSink::Original(Csr::with_capacity(n, weights.nnz()))
    };
    let mut validator_trust = vec![ZERO; n];
    let mut incentive = vec![ZERO; n];
    let mut clipped: Vec<(u16, Fx)> = Vec::with_capacity(n);
    let mut mixed: Vec<(u16, Fx)> = Vec::new();
    for i in 0..n {
        let a = active_stake[i];
        let row = weights.row(i);
        let mut trust = ZERO;
        clipped.clear();
        for &(j, v) in row {
            // Clip at the column's consensus; entries above a consensus of 0 are dropped.
            let th = consensus[j as usize];
            let c = if th < v {
                if th > ZERO {
                    th
                } else {
                    continue;
                }
            } else {
                v
            };
            clipped.push((j, c));
            trust = trust.saturating_add(c);
            let r = &mut incentive[j as usize];
            *r = r.saturating_add(mul(a, c));
        }
        validator_trust[i] = trust;
        // W̃ = (1 − penalty)·W + penalty·clip(W).
        let for_bonds: &[(u16, Fx)] = if bonds_penalty == ZERO {
            row
        } else if bonds_penalty == ONE {
            &clipped
        } else {
            interpolate_row(row, &clipped, bonds_penalty, &mut mixed);
            &mixed
        };
        match &mut sink {
            BondsSink::Yuma3(y3) => y3.push_row(for_bonds),
            BondsSink::Original(m) => {
                m.extend_from_slice(for_bonds);
                m.finish_row();
            }
        }
    }
    normalize(&mut incentive);
    let result = match sink {
        BondsSink::Yuma3(y3) => y3.finish(&incentive, &active_stake),
        BondsSink::Original(weights_for_bonds) => {
            let ctx = bonds::BondsContext {
                n,
                bonds_moving_average: input.bonds_moving_average,
                incentive: &incentive,
                active_stake: &active_stake,
            };
            bonds::original(&ctx, &weights_for_bonds, &input.bonds, &masked)
        }
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
    let bonds_out = (0..n)
        .map(|i| {
            if new_permit[i] {
                result
                    .bonds
                    .row(i)
                    .iter()
                    .map(|&(j, v)| (j, fx_to_u16_proportion(v)))
                    .collect()
            } else {
                Vec::new()
            }
        })
        .collect();

    scratch.weights = weights;
    scratch.ema = result.bonds;
    SCRATCH.set(scratch.keep_small());

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

//! Each emitting subnet's share of the block's TAO emission (subtensor's `coinbase/subnet_emissions.rs`).
//!
//! The rule is swappable ([`ShareRule`], stored in the taonet-only `EmissionShareRule`):
//! - [`ShareRule::PriceEma`] (subtensor main, the default): `p_i / Σp` with `p_i` the subnet's price EMA
//!   (`SubnetMovingPrice`, read as 1 for stable subnets), then weighted by `(1 − MinerBurned_i)` and
//!   renormalised (the unweighted shares when every weight is 0);
//! - [`ShareRule::TaoFlow`] (subtensor from Oct 2025 to June 2026): the per-subnet EMA of users' net
//!   TAO flow, offset by the lowest negative flow (`TaoFlowCutoff` 0), raised to `FlowNormExponent` (1)
//!   through subtensor's `ln`/`exp` in `I32F32` and normalised. Only users' flow counts: taonet keeps no
//!   protocol-flow EMA (the `NetTaoFlowEnabled` refinement of May 2026).
//!
//! Either way subnets with `SubnetEmissionEnabled = false` get 0 and, when there are any, the others'
//! shares are renormalised over the enabled ones. Shares are `U64F64`, emissions `U96F32`, in
//! subtensor's order of operations.

use std::collections::BTreeMap;

use substrate_fixed::transcendental::{exp, ln};
use substrate_fixed::types::{I32F32, I64F64, I96F32, U64F64, U96F32};

use crate::items::{MinerBurned, SubnetEmissionEnabled, SubnetMechanism, SubnetMovingPrice};
use crate::storage::Storage;
use crate::storage_value;
use crate::types::{NetUid, ROOT_NETUID};

storage_value!(
    /// taonet's choice of emission share rule (0 = price EMA, 1 = TAO flow); not part of subtensor and
    /// not in the metadata.
    EmissionShareRule: "Taonet", u8 = 0
);

/// How the block's TAO emission is shared across subnets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ShareRule {
    /// Price EMA weighted by `(1 − MinerBurned)` (subtensor main).
    #[default]
    PriceEma,
    /// EMA of users' net TAO flow (subtensor Oct 2025 – June 2026).
    TaoFlow,
}

impl ShareRule {
    /// The rule in force.
    pub fn current(s: &Storage) -> Self {
        match EmissionShareRule::get(s) {
            1 => ShareRule::TaoFlow,
            _ => ShareRule::PriceEma,
        }
    }

    /// Puts this rule in force.
    pub fn set(self, s: &mut Storage) {
        EmissionShareRule::put(
            s,
            match self {
                ShareRule::PriceEma => 0,
                ShareRule::TaoFlow => 1,
            },
        );
    }

    /// Shares of `subnets` (before the emission-enabled renormalisation).
    pub fn shares(self, s: &Storage, subnets: &[NetUid]) -> BTreeMap<NetUid, U64F64> {
        match self {
            ShareRule::PriceEma => price_ema_shares_weighted(s, subnets),
            ShareRule::TaoFlow => flow_shares(s, subnets),
        }
    }
}

fn zero() -> U64F64 {
    U64F64::saturating_from_num(0)
}

fn one() -> U64F64 {
    U64F64::saturating_from_num(1)
}

fn safe_div(a: U64F64, b: U64F64) -> U64F64 {
    a.checked_div(b).unwrap_or_else(zero)
}

/// A subnet's price EMA as emission reads it (`get_moving_alpha_price`): 1 for root and stable
/// subnets, else `SubnetMovingPrice` (negative read as 0).
pub fn moving_alpha_price(s: &Storage, netuid: NetUid) -> U64F64 {
    if netuid == ROOT_NETUID || SubnetMechanism::get(s, &netuid) == 0 {
        one()
    } else {
        U64F64::saturating_from_num(I96F32::from_bits(SubnetMovingPrice::get(s, &netuid)))
    }
}

/// Whether root dividends are sold (kept as `PendingRootAlphaDivs`) rather than recycled this block:
/// the emitting subnets' price EMAs sum to more than 1 (`get_network_root_sell_flag`).
pub fn root_sell_flag(s: &Storage, subnets: &[NetUid]) -> bool {
    let total = subnets.iter().fold(zero(), |acc, n| {
        acc.saturating_add(moving_alpha_price(s, *n))
    });
    total > one()
}

/// `p_i / Σp` (`get_shares_price_ema`).
pub fn price_ema_shares(s: &Storage, subnets: &[NetUid]) -> BTreeMap<NetUid, U64F64> {
    let total = subnets.iter().fold(zero(), |acc, n| {
        acc.saturating_add(moving_alpha_price(s, *n))
    });
    subnets
        .iter()
        .map(|n| {
            let share = moving_alpha_price(s, *n)
                .checked_div(total)
                .unwrap_or_else(zero);
            (*n, share)
        })
        .collect()
}

/// Price-EMA shares weighted by `(1 − MinerBurned)` and renormalised (`get_shares`).
pub fn price_ema_shares_weighted(s: &Storage, subnets: &[NetUid]) -> BTreeMap<NetUid, U64F64> {
    let price_shares = price_ema_shares(s, subnets);
    let weighted: BTreeMap<NetUid, U64F64> = price_shares
        .iter()
        .map(|(n, share)| {
            let burned =
                U64F64::saturating_from_num(U96F32::from_bits(MinerBurned::get(s, n))).min(one());
            (*n, share.saturating_mul(one().saturating_sub(burned)))
        })
        .collect();
    let total = weighted
        .values()
        .fold(zero(), |acc, w| acc.saturating_add(*w));
    if total > zero() {
        weighted
            .into_iter()
            .map(|(n, w)| (n, safe_div(w, total)))
            .collect()
    } else {
        price_shares
    }
}

/// `FlowNormExponent`'s default (1).
fn flow_norm_exponent() -> U64F64 {
    one()
}

/// `TaoFlowCutoff`'s default (0).
fn tao_flow_cutoff() -> I64F64 {
    I64F64::saturating_from_num(0)
}

/// Shares by the EMA of users' net TAO flow (`get_shares_flow` with `NetTaoFlowEnabled` off): reads the
/// EMAs the coinbase updated this block (`SubnetEmaTaoFlow`).
pub fn flow_shares(s: &Storage, subnets: &[NetUid]) -> BTreeMap<NetUid, U64F64> {
    let flows: BTreeMap<NetUid, I64F64> = subnets
        .iter()
        .map(|n| {
            let bits = crate::items::SubnetEmaTaoFlow::try_get(s, n).map_or(0, |(_, b)| b);
            (*n, I64F64::from_bits(bits))
        })
        .collect();
    let izero = I64F64::saturating_from_num(0);
    let lowest = flows
        .values()
        .map(|f| (*f).min(izero))
        .min()
        .unwrap_or(izero);
    let lower_limit = tao_flow_cutoff().max(lowest);
    let mut offsets: BTreeMap<NetUid, U64F64> = flows
        .iter()
        .map(|(n, f)| {
            let offset = if *f > lower_limit {
                U64F64::saturating_from_num(f.saturating_sub(lower_limit))
            } else {
                zero()
            };
            (*n, offset)
        })
        .collect();
    pow_normalize(&mut offsets, flow_norm_exponent());
    offsets
}

/// `val^p` as subtensor's `safe_pow`: `exp(p·ln(val))` in `I32F32`, 0 when `ln` fails (val too small),
/// `I32F32::MAX` when `exp` overflows.
fn safe_pow(val: U64F64, p: U64F64) -> U64F64 {
    let i32f32_max = I32F32::saturating_from_num(i32::MAX);
    match ln::<I32F32, I32F32>(I32F32::saturating_from_num(val)) {
        Ok(val_ln) => {
            let power =
                exp::<I32F32, I32F32>(I32F32::saturating_from_num(p).saturating_mul(val_ln))
                    .unwrap_or(i32f32_max);
            U64F64::saturating_from_num(power)
        }
        Err(()) => zero(),
    }
}

/// subtensor's `checked_sqrt`: bisection until `|x/m − m| ≤ epsilon` (at most 129 steps).
fn checked_sqrt(x: U64F64, epsilon: U64F64) -> U64F64 {
    let two = U64F64::saturating_from_num(2);
    let (mut high, mut low) = if x > one() { (x, zero()) } else { (one(), x) };
    let mut middle = safe_div(high.saturating_add(low), two);
    let mut check = safe_div(x, middle);
    let mut iteration = 0;
    let abs_diff = |a: U64F64, b: U64F64| {
        if a < b {
            b.saturating_sub(a)
        } else {
            a.saturating_sub(b)
        }
    };
    while abs_diff(check, middle) > epsilon {
        if check < middle {
            high = middle;
        } else {
            low = middle;
        }
        middle = safe_div(high.saturating_add(low), two);
        check = safe_div(x, middle);
        iteration += 1;
        if iteration > 128 {
            break;
        }
    }
    middle
}

/// subtensor's `inplace_pow_normalize`: scale to a maximum of 1, rescale for `I32F32` precision, raise
/// to `p` and normalise; values too small for `I32F32` are left scaled.
fn pow_normalize(values: &mut BTreeMap<NetUid, U64F64>, p: U64F64) {
    let count = values.len();
    let max = values.values().copied().max().unwrap_or_else(zero);
    let factor = safe_div(one(), max);
    for v in values.values_mut() {
        *v = factor.saturating_mul(*v);
    }
    let max = values.values().copied().max().unwrap_or_else(zero);
    let max_times_count =
        U64F64::saturating_from_num(count).saturating_mul(max.saturating_mul(max));
    let i32f32_max = U64F64::saturating_from_num(i32::MAX);
    let precision_min = safe_div(i32f32_max, U64F64::saturating_from_num(u64::MAX));
    if max_times_count < precision_min {
        return;
    }
    let epsilon = safe_div(one(), U64F64::saturating_from_num(1_000));
    let scale = checked_sqrt(safe_div(i32f32_max, max_times_count), epsilon);
    let sum = values.values().fold(zero(), |acc, v| {
        acc.saturating_add(safe_pow(scale.saturating_mul(*v), p))
    });
    for v in values.values_mut() {
        *v = safe_div(safe_pow(scale.saturating_mul(*v), p), sum);
    }
}

/// Each subnet's TAO for this block (`get_subnet_block_emissions`): `block_emission × share`, with
/// disabled subnets at 0 and the enabled ones renormalised when any is disabled.
pub fn subnet_block_emissions(
    s: &Storage,
    subnets: &[NetUid],
    block_emission: u64,
    rule: ShareRule,
) -> BTreeMap<NetUid, U96F32> {
    let shares = rule.shares(s, subnets);
    let mut enabled_sum = zero();
    let mut any_disabled = false;
    let flagged: Vec<(NetUid, U64F64, bool)> = shares
        .into_iter()
        .map(|(n, share)| {
            let enabled = SubnetEmissionEnabled::get(s, &n);
            if enabled {
                enabled_sum = enabled_sum.saturating_add(share);
            } else {
                any_disabled = true;
            }
            (n, share, enabled)
        })
        .collect();
    flagged
        .into_iter()
        .map(|(n, share, enabled)| {
            let share = if !any_disabled {
                share
            } else if enabled && enabled_sum > zero() {
                safe_div(share, enabled_sum)
            } else {
                zero()
            };
            let emission = U64F64::saturating_from_num(block_emission).saturating_mul(share);
            (n, U96F32::saturating_from_num(emission))
        })
        .collect()
}

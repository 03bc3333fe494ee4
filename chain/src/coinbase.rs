//! The per-block coinbase (subtensor's `run_coinbase`, `coinbase/run_coinbase.rs`): TAO emission
//! (halving on total issuance) shared across subnets ([`shares`]), each subnet's injection (TAO and
//! alpha into the pool at price, up to the root proportion's cap, the rest of its TAO buying alpha for
//! the protocol), alpha emission split into the owner cut, the miners' and validators' halves and the
//! root dividends, all accumulated in pending pools and paid out by the epoch every `tempo` blocks
//! ([`drain`]). Then the price EMA and the root proportion are updated. The root network (netuid 0)
//! gets no emission and runs no epoch; its stake enters through `TaoWeight` (see [`crate::root`]).
//!
//! Amounts are computed in subtensor's types (`U96F32`, `U64F64` shares) and truncated to the rao where
//! subtensor truncates them; the fractions lost stay in `SubnetAlphaOut` as they do there.
//!
//! It also keeps subtensor's TAO-flow accounting: the net TAO users move into each subnet's pool
//! (`SubnetTaoFlow`: stake and registration burns in, unstake out, recorded by [`record_tao_inflow`] /
//! [`record_tao_outflow`]) is folded once a block into an exponential moving average per emitting subnet
//! (`SubnetEmaTaoFlow`), which the TAO-flow share rule ([`shares::ShareRule::TaoFlow`]) reads and
//! btcli shows as a subnet's "EMA TAO inflow".

mod drain;
pub mod shares;

use std::collections::BTreeMap;

use crate::balances;
use crate::commit_reveal;
use crate::ctx::{subnet_account, Ctx};
use crate::epoch::{EpochInput, LiquidAlpha};
use crate::items::*;
use crate::math::emission::{block_emission, blocks_since_start_call, update_moving_price};
use crate::math::swap::MAX_PRICE_RAO;
use crate::pool;
use crate::root;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid};
use substrate_fixed::types::{I64F64, I96F32, U96F32};

/// subtensor's `MAX_TEMPO`: a subnet whose epoch has not run for more than this many blocks runs it.
pub const MAX_TEMPO: u64 = 50_400;

/// What the coinbase did in one block, for reports and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoinbaseOutcome {
    /// TAO minted this block (rao).
    pub tao_minted: u64,
    /// Block emission that no subnet received and was therefore never minted (rao).
    pub tao_recycled: u64,
    /// Subnets whose epoch ran this block.
    pub epochs: Vec<NetUid>,
}

/// Whether a subnet takes part in emission: started, subtoken enabled, registration allowed.
fn is_emitting(s: &Storage, netuid: NetUid, block: u64) -> bool {
    FirstEmissionBlockNumber::try_get(s, &netuid).is_some_and(|first| block >= first)
        && SubtokenEnabled::get(s, &netuid)
        && NetworkRegistrationAllowed::get(s, &netuid)
}

fn tou64(x: U96F32) -> u64 {
    x.saturating_to_num::<u64>()
}

/// The pool price a subnet's injection uses (`current_alpha_price`): 1 on a stable subnet.
fn alpha_price(s: &Storage, netuid: NetUid) -> U96F32 {
    U96F32::saturating_from_num(pool::current_price(s, netuid))
}

/// One subnet's injection terms for a block (`get_subnet_terms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubnetTerms {
    /// TAO injected into the pool at price.
    pub tao_in: U96F32,
    /// Alpha injected into the pool with it.
    pub alpha_in: U96F32,
    /// Alpha emitted to participants (the subnet's alpha emission).
    pub alpha_out: U96F32,
    /// TAO left over (beyond the injection cap) that buys alpha for the protocol.
    pub excess_tao: U96F32,
}

/// The injection terms of a subnet receiving `tao_emission` this block: `alpha_in = TAO / price`,
/// capped at `root proportion × alpha emission` (then `tao_in = alpha_in × price`), the rest of the TAO
/// is excess.
pub fn subnet_terms(s: &Storage, netuid: NetUid, tao_emission: U96F32) -> SubnetTerms {
    let issuance = SubnetAlphaIn::get(s, &netuid).saturating_add(SubnetAlphaOut::get(s, &netuid));
    let alpha_emission = U96F32::saturating_from_num(block_emission(issuance));
    let price = alpha_price(s, netuid);
    let mut tao_in = tao_emission;
    let mut alpha_in = tao_emission
        .checked_div(price)
        .unwrap_or(U96F32::saturating_from_num(0));
    let cap = root::root_proportion(s, netuid).saturating_mul(alpha_emission);
    if alpha_in > cap {
        alpha_in = cap;
        tao_in = alpha_in.saturating_mul(price);
    }
    SubnetTerms {
        tao_in,
        alpha_in,
        alpha_out: alpha_emission,
        excess_tao: tao_emission.saturating_sub(tao_in),
    }
}

/// Puts one subnet's TAO into its pool (`inject_and_maybe_swap`): the pool's weights move so that
/// `tao_in` and `alpha_in` join it at its price (nothing is injected if the weights would leave their
/// bounds), the excess buys alpha fee-free for the protocol, then the injection joins the reserves.
/// Returns the TAO minted.
fn inject(s: &mut Storage, netuid: NetUid, terms: &SubnetTerms) -> u64 {
    let (tao_in, alpha_in) =
        pool::adjust_protocol_liquidity(s, netuid, tou64(terms.tao_in), tou64(terms.alpha_in));
    let excess = tou64(terms.excess_tao);
    let mut minted = 0u64;
    SubnetExcessTao::insert(s, &netuid, 0);
    SubnetTaoInEmission::insert(s, &netuid, 0);
    if excess > 0 {
        balances::mint(s, &subnet_account(netuid), excess);
        minted = minted.saturating_add(excess);
        if let Ok(bought) = pool::swap_tao_for_alpha(s, netuid, excess, MAX_PRICE_RAO, true) {
            SubnetProtocolAlpha::mutate(s, &netuid, |a| *a = a.saturating_add(bought.amount_out));
            SubnetExcessTao::insert(s, &netuid, bought.amount_in_used);
        }
    }
    SubnetAlphaInEmission::insert(s, &netuid, alpha_in);
    SubnetAlphaIn::mutate(s, &netuid, |a| *a = a.saturating_add(alpha_in));
    if tao_in > 0 {
        balances::mint(s, &subnet_account(netuid), tao_in);
        SubnetTaoInEmission::insert(s, &netuid, tao_in);
        SubnetTAO::mutate(s, &netuid, |t| *t = t.saturating_add(tao_in));
        TotalStake::mutate(s, |t| *t = t.saturating_add(tao_in));
        minted = minted.saturating_add(tao_in);
    }
    minted
}

/// Mints one subnet's alpha emission into `SubnetAlphaOut` and splits it into the pending pools
/// (`emit_to_subnets`): the owner cut (when `OwnerCutEnabled`), then of the rest half to miners, half
/// to validators less the root dividends `rp × rest × ½`, which are kept for root stakers when
/// `root_sell` is set and recycled otherwise.
fn emit_alpha(s: &mut Storage, netuid: NetUid, alpha_out: U96F32, root_sell: bool) {
    let created = tou64(alpha_out);
    SubnetAlphaOutEmission::insert(s, &netuid, created);
    SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_add(created));
    let cut_percent = U96F32::saturating_from_num(SubnetOwnerCut::get(s))
        .checked_div(U96F32::saturating_from_num(u16::MAX))
        .unwrap_or(U96F32::saturating_from_num(0));
    // No cut at all (not even a zero write) where the owner cut is switched off.
    let owner_cut = if OwnerCutEnabled::get(s, &netuid) {
        let cut = alpha_out.saturating_mul(cut_percent);
        PendingOwnerCut::mutate(s, &netuid, |a| *a = a.saturating_add(tou64(cut)));
        cut
    } else {
        U96F32::saturating_from_num(0)
    };
    let rest = alpha_out.saturating_sub(owner_cut);
    let half = U96F32::saturating_from_num(0.5);
    let root_alpha = root::root_proportion(s, netuid)
        .saturating_mul(rest)
        .saturating_mul(half);
    let server = rest.saturating_mul(half);
    let validator = rest.saturating_sub(server).saturating_sub(root_alpha);
    PendingServerEmission::mutate(s, &netuid, |a| *a = a.saturating_add(tou64(server)));
    PendingValidatorEmission::mutate(s, &netuid, |a| *a = a.saturating_add(tou64(validator)));
    if root_sell {
        PendingRootAlphaDivs::mutate(s, &netuid, |a| *a = a.saturating_add(tou64(root_alpha)));
    } else {
        SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_sub(tou64(root_alpha)));
    }
}

/// Whether `netuid`'s epoch is due in `block` (`should_run_epoch`): tempo 0 never; a deferred epoch
/// (`PendingEpochAt`); more than [`MAX_TEMPO`] blocks without one; or `tempo` blocks since the last.
pub fn epoch_due(s: &Storage, netuid: NetUid, block: u64) -> bool {
    let tempo = u64::from(Tempo::get(s, &netuid));
    if tempo == 0 {
        return false;
    }
    let pending_at = PendingEpochAt::get(s, &netuid);
    (pending_at != 0 && block >= pending_at)
        || BlocksSinceLastStep::get(s, &netuid) > MAX_TEMPO
        || block.saturating_sub(LastEpochBlock::get(s, &netuid)) >= tempo
}

/// Runs the coinbase for the block being built (subtensor's `block_step` after the burn decay):
/// emission, injection, pending pools, due epochs, then the price EMA and root proportion of every
/// emitting subnet.
pub fn run(ctx: &mut Ctx<'_>, netuids: &[NetUid]) -> CoinbaseOutcome {
    let mut outcome = CoinbaseOutcome::default();
    let emission = block_emission(SubtensorTotalIssuance::get(ctx.s));
    BlockEmission::put(ctx.s, emission);

    let emitting: Vec<NetUid> = netuids
        .iter()
        .copied()
        .filter(|n| is_emitting(ctx.s, *n, ctx.block))
        .collect();

    // TAO flow EMA of every emitting subnet, before this block's own flows arrive.
    for netuid in &emitting {
        update_flow_ema(ctx.s, *netuid, ctx.block);
    }

    // TAO side: each subnet's share, its injection terms, then the injection.
    let rule = shares::ShareRule::current(ctx.s);
    let tao_emissions = shares::subnet_block_emissions(ctx.s, &emitting, emission, rule);
    let root_sell = shares::root_sell_flag(ctx.s, &emitting);
    let terms: BTreeMap<NetUid, SubnetTerms> = tao_emissions
        .iter()
        .map(|(netuid, tao)| (*netuid, subnet_terms(ctx.s, *netuid, *tao)))
        .collect();
    let mut minted = 0u64;
    for (netuid, t) in &terms {
        minted = minted.saturating_add(inject(ctx.s, *netuid, t));
    }
    SubtensorTotalIssuance::put(
        ctx.s,
        SubtensorTotalIssuance::get(ctx.s).saturating_add(minted),
    );
    outcome.tao_minted = minted;
    outcome.tao_recycled = emission.saturating_sub(minted);

    // Alpha side: each emitting subnet mints its alpha emission into the pending pools.
    for (netuid, t) in &terms {
        emit_alpha(ctx.s, *netuid, t.alpha_out, root_sell);
    }

    // Epochs: at most `MaxEpochsPerBlock` a block, the others deferred by one block.
    let max_epochs = usize::from(MaxEpochsPerBlock::get(ctx.s));
    for netuid in netuids {
        BlocksSinceLastStep::mutate(ctx.s, netuid, |b| *b = b.saturating_add(1));
        if !epoch_due(ctx.s, *netuid, ctx.block) {
            continue;
        }
        if outcome.epochs.len() >= max_epochs {
            PendingEpochAt::insert(ctx.s, netuid, ctx.block.saturating_add(1));
            continue;
        }
        PendingEpochAt::remove(ctx.s, netuid);
        drain::drain_pending(ctx, *netuid);
        outcome.epochs.push(*netuid);
    }

    // Price EMA, after the coinbase, then the root proportion.
    for netuid in &emitting {
        let since_start =
            blocks_since_start_call(ctx.block, FirstEmissionBlockNumber::try_get(ctx.s, netuid));
        let spot = pool::current_price(ctx.s, *netuid);
        let ema = I96F32::from_bits(SubnetMovingPrice::get(ctx.s, netuid));
        let base = I96F32::from_bits(SubnetMovingAlpha::get(ctx.s));
        let updated = update_moving_price(
            ema,
            spot,
            since_start,
            EMAPriceHalvingBlocks::get(ctx.s, netuid),
            base,
        );
        SubnetMovingPrice::insert(ctx.s, netuid, updated.to_bits());
    }
    for netuid in &emitting {
        RootProp::insert(
            ctx.s,
            netuid,
            root::root_proportion(ctx.s, *netuid).to_bits(),
        );
    }
    outcome
}

/// Records `tao` rao of user TAO entering `netuid`'s pool (a stake's swapped TAO, a registration burn).
pub fn record_tao_inflow(s: &mut Storage, netuid: NetUid, tao: u64) {
    let tao = i64::try_from(tao).unwrap_or(i64::MAX);
    SubnetTaoFlow::mutate(s, &netuid, |flow| *flow = flow.saturating_add(tao));
}

/// Records `tao` rao of TAO leaving `netuid`'s pool to users (an unstake's payout and its fee).
pub fn record_tao_outflow(s: &mut Storage, netuid: NetUid, tao: u64) {
    let tao = i64::try_from(tao).unwrap_or(i64::MAX);
    SubnetTaoFlow::mutate(s, &netuid, |flow| *flow = flow.saturating_sub(tao));
}

/// Folds the TAO flow accumulated since the last update into `netuid`'s flow EMA, once per block:
/// `ema ← (1 − a)·ema + a·flow` in `I64F64` with `a = FlowEmaSmoothingFactor / i64::MAX`, stored with the
/// block as `SubnetEmaTaoFlow`; the accumulator restarts at 0. Returns the EMA.
pub fn update_flow_ema(s: &mut Storage, netuid: NetUid, block: u64) -> I64F64 {
    let (last_block, last_bits) = SubnetEmaTaoFlow::try_get(s, &netuid).unwrap_or((0, 0));
    let last = I64F64::from_bits(last_bits);
    if last_block == block {
        return last;
    }
    let zero = I64F64::from_num(0);
    let a = I64F64::saturating_from_num(FlowEmaSmoothingFactor::get(s))
        .checked_div(I64F64::saturating_from_num(i64::MAX))
        .unwrap_or(zero);
    let flow = I64F64::saturating_from_num(SubnetTaoFlow::get(s, &netuid));
    let ema = I64F64::from_num(1)
        .saturating_sub(a)
        .saturating_mul(last)
        .saturating_add(a.saturating_mul(flow));
    SubnetEmaTaoFlow::insert(s, &netuid, (block, ema.to_bits()));
    SubnetTaoFlow::remove(s, &netuid);
    ema
}

/// The epoch's inputs for `netuid`, read from storage, with the UIDs' hotkeys. `stake` holds the
/// The activity cutoff in blocks as the epoch applies it (spec 425): `ActivityCutoffFactorMilli × tempo /
/// 1000`, at least 1.
pub fn activity_cutoff_blocks(s: &Storage, netuid: NetUid) -> u64 {
    let tempo = u64::from(Tempo::get(s, &netuid));
    (u64::from(ActivityCutoffFactorMilli::get(s, &netuid)) * tempo / 1000).max(1)
}

/// integer part of each stake weight; [`epoch_input_with_stake`] also returns the exact weights.
pub fn epoch_input(
    s: &Storage,
    netuid: NetUid,
    block: u64,
    emission: u64,
) -> (EpochInput, Vec<AccountId>) {
    let (input, hotkeys, _) = epoch_input_with_stake(s, netuid, block, emission);
    (input, hotkeys)
}

/// [`epoch_input`] and the stake weights the epoch runs on: `alpha + TaoWeight·root` after childkey
/// inheritance in `I64F64`, zeroed below `StakeThreshold` (compared on the integer part) except for
/// the owner's UID. The commit-reveal mask is computed for the epoch about to run
/// (`SubnetEpochIndex + 1`, as subtensor advances the index before running it).
pub fn epoch_input_with_stake(
    s: &Storage,
    netuid: NetUid,
    block: u64,
    emission: u64,
) -> (EpochInput, Vec<AccountId>, Vec<I64F64>) {
    let n = SubnetworkN::get(s, &netuid);
    let hotkeys: Vec<AccountId> = (0..n).map(|uid| Keys::get(s, &netuid, &uid)).collect();
    let owner_hotkey = SubnetOwnerHotkey::get(s, &netuid);
    let owner_uid = Uids::try_get(s, &netuid, &owner_hotkey);
    let threshold = StakeThreshold::get(s);
    let zero = I64F64::saturating_from_num(0);
    let stake: Vec<I64F64> = root::stake_weights(s, netuid, &hotkeys)
        .into_iter()
        .enumerate()
        .map(|(uid, w)| {
            if owner_uid != Some(uid as u16) && w.total.saturating_to_num::<u64>() < threshold {
                zero
            } else {
                w.total
            }
        })
        .collect();
    let tempo = u64::from(Tempo::get(s, &netuid));
    let cutoff = activity_cutoff_blocks(s, netuid);
    let last_step = LastMechansimStepBlock::get(s, &netuid);
    let last_epoch_block = if last_step == 0 {
        block.saturating_sub(tempo + 1)
    } else {
        last_step
    };
    let liquid_alpha = LiquidAlphaOn::get(s, &netuid).then(|| {
        let (alpha_low, alpha_high) = AlphaValues::get(s, &netuid);
        LiquidAlpha {
            alpha_low,
            alpha_high,
            steepness: AlphaSigmoidSteepness::get(s, &netuid),
        }
    });
    let earliest_commit_block = commit_reveal::earliest_live_commit_blocks(
        s,
        netuid,
        SubnetEpochIndex::get(s, &netuid).saturating_add(1),
        &hotkeys,
    );
    let input = EpochInput {
        current_block: block,
        activity_cutoff: cutoff,
        kappa: Kappa::get(s, &netuid),
        bonds_moving_average: BondsMovingAverage::get(s, &netuid),
        bonds_penalty: BondsPenalty::get(s, &netuid),
        max_allowed_validators: MaxAllowedValidators::get(s, &netuid),
        yuma3: Yuma3On::get(s, &netuid),
        liquid_alpha,
        owner_uid,
        stake: stake.iter().map(|w| w.saturating_to_num::<u64>()).collect(),
        last_update: LastUpdate::get(s, &netuid),
        block_at_registration: (0..n)
            .map(|uid| BlockAtRegistration::get(s, &netuid, &uid))
            .collect(),
        validator_permit: ValidatorPermit::get(s, &netuid),
        weights: (0..n).map(|uid| Weights::get(s, &netuid, &uid)).collect(),
        bonds: (0..n).map(|uid| Bonds::get(s, &netuid, &uid)).collect(),
        last_epoch_block,
        earliest_commit_block,
        emission,
    };
    (input, hotkeys, stake)
}

#[cfg(test)]
mod tests;

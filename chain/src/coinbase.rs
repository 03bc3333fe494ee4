//! The per-block coinbase: TAO emission (halving on total issuance), its split across subnets by price
//! EMA, chain buys, alpha emission with the owner cut and the miner/validator halves accumulated in
//! pending pools, and the epoch that drains them every `tempo` blocks. The root network (netuid 0) takes
//! no part: it gets no TAO or alpha emission and runs no epoch.
//!
//! It also keeps subtensor's TAO-flow accounting: the net TAO users move into each subnet's pool
//! (`SubnetTaoFlow`: stake and registration burns in, unstake out, recorded by [`record_tao_inflow`] /
//! [`record_tao_outflow`]) is folded once a block into an exponential moving average per emitting subnet
//! (`SubnetEmaTaoFlow`), as subtensor did while emission shares followed TAO flow (Oct 2025 to June 2026;
//! the EMA is what btcli shows as a subnet's "EMA TAO inflow"). Emission shares here follow the price EMA,
//! as on subtensor main today.

use crate::balances;
use crate::ctx::{subnet_account, Ctx};
use crate::epoch::{self, EpochInput, LiquidAlpha};
use crate::items::*;
use crate::math::emission::{block_emission, update_moving_price};
use crate::pool;
use crate::staking;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid};
use substrate_fixed::types::{I64F64, I96F32};

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

/// Runs the coinbase for the block being built (subtensor's `block_step` after the burn decay).
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

    // TAO side: shares by price EMA over subnets with TAO emission enabled.
    let enabled: Vec<(NetUid, u128)> = emitting
        .iter()
        .filter(|n| SubnetEmissionEnabled::get(ctx.s, n))
        .map(|n| (*n, SubnetMovingPrice::get(ctx.s, n).max(0) as u128))
        .collect();
    let total_ema: u128 = enabled.iter().map(|(_, p)| *p).sum();
    let mut minted = 0u64;
    if total_ema > 0 {
        for (netuid, ema) in &enabled {
            let tao = crate::arith::mul_div(u128::from(emission), *ema, total_ema).unwrap_or(0);
            let tao = u64::try_from(tao).unwrap_or(0);
            if tao == 0 {
                continue;
            }
            // No root stake on a devnet: root proportion is 0, so nothing is injected at price and all of
            // the subnet's TAO buys alpha for the protocol.
            balances::mint(ctx.s, &subnet_account(*netuid), tao);
            let bought = pool::chain_buy(ctx.s, *netuid, tao);
            SubnetProtocolAlpha::mutate(ctx.s, netuid, |a| *a = a.saturating_add(bought));
            SubnetExcessTao::insert(ctx.s, netuid, tao);
            SubnetTaoInEmission::insert(ctx.s, netuid, 0);
            SubnetAlphaInEmission::insert(ctx.s, netuid, 0);
            minted = minted.saturating_add(tao);
        }
    }
    SubtensorTotalIssuance::put(
        ctx.s,
        SubtensorTotalIssuance::get(ctx.s).saturating_add(minted),
    );
    outcome.tao_minted = minted;
    outcome.tao_recycled = emission.saturating_sub(minted);

    // Alpha side: each emitting subnet mints its own alpha emission into the pending pools.
    for netuid in &emitting {
        let issuance =
            SubnetAlphaIn::get(ctx.s, netuid).saturating_add(SubnetAlphaOut::get(ctx.s, netuid));
        let alpha_out = block_emission(issuance);
        SubnetAlphaOut::mutate(ctx.s, netuid, |a| *a = a.saturating_add(alpha_out));
        SubnetAlphaOutEmission::insert(ctx.s, netuid, alpha_out);
        let cut_rate = u128::from(SubnetOwnerCut::get(ctx.s));
        let owner_cut =
            u64::try_from(u128::from(alpha_out) * cut_rate / u128::from(u16::MAX)).unwrap_or(0);
        let rest = alpha_out.saturating_sub(owner_cut);
        let server = rest / 2;
        let validator = rest - server;
        PendingOwnerCut::mutate(ctx.s, netuid, |a| *a = a.saturating_add(owner_cut));
        PendingServerEmission::mutate(ctx.s, netuid, |a| *a = a.saturating_add(server));
        PendingValidatorEmission::mutate(ctx.s, netuid, |a| *a = a.saturating_add(validator));
    }

    // Epochs: due when `tempo` blocks have passed since the last one, at most `MaxEpochsPerBlock` a block.
    let max_epochs = usize::from(MaxEpochsPerBlock::get(ctx.s));
    for netuid in netuids {
        BlocksSinceLastStep::mutate(ctx.s, netuid, |b| *b = b.saturating_add(1));
        let tempo = u64::from(Tempo::get(ctx.s, netuid));
        if tempo == 0 {
            continue;
        }
        let last = LastEpochBlock::get(ctx.s, netuid);
        let pending_at = PendingEpochAt::get(ctx.s, netuid);
        let due =
            ctx.block.saturating_sub(last) >= tempo || (pending_at != 0 && ctx.block >= pending_at);
        if !due {
            continue;
        }
        if outcome.epochs.len() >= max_epochs {
            PendingEpochAt::insert(ctx.s, netuid, ctx.block.saturating_add(1));
            continue;
        }
        PendingEpochAt::remove(ctx.s, netuid);
        drain_pending(ctx, *netuid);
        outcome.epochs.push(*netuid);
    }

    // Price EMA, after the coinbase.
    for netuid in &emitting {
        let first = FirstEmissionBlockNumber::get(ctx.s, netuid);
        let since_start = ctx.block.saturating_sub(first);
        let spot = pool::reserves(ctx.s, *netuid).price();
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

/// The epoch's inputs for `netuid`, read from storage.
pub fn epoch_input(
    s: &Storage,
    netuid: NetUid,
    block: u64,
    emission: u64,
) -> (EpochInput, Vec<AccountId>) {
    let n = SubnetworkN::get(s, &netuid);
    let hotkeys: Vec<AccountId> = (0..n).map(|uid| Keys::get(s, &netuid, &uid)).collect();
    let owner_hotkey = SubnetOwnerHotkey::get(s, &netuid);
    let owner_uid = Uids::try_get(s, &netuid, &owner_hotkey);
    let threshold = StakeThreshold::get(s);
    let stake: Vec<u64> = hotkeys
        .iter()
        .enumerate()
        .map(|(uid, hk)| {
            // Stake weight after childkey redistribution.
            let st = crate::childkeys::inherited_alpha(s, hk, netuid);
            if st < threshold && owner_uid != Some(uid as u16) {
                0
            } else {
                st
            }
        })
        .collect();
    let tempo = u64::from(Tempo::get(s, &netuid));
    let cutoff = (u64::from(ActivityCutoffFactorMilli::get(s, &netuid)) * tempo / 1000).max(1);
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
        stake,
        last_update: LastUpdate::get(s, &netuid),
        block_at_registration: (0..n)
            .map(|uid| BlockAtRegistration::get(s, &netuid, &uid))
            .collect(),
        validator_permit: ValidatorPermit::get(s, &netuid),
        weights: (0..n).map(|uid| Weights::get(s, &netuid, &uid)).collect(),
        bonds: (0..n).map(|uid| Bonds::get(s, &netuid, &uid)).collect(),
        last_epoch_block,
        earliest_commit_block: Vec::new(),
        emission,
    };
    (input, hotkeys)
}

/// Drains the pending pools through the epoch: incentive to miners, dividends to validators (take to the
/// validator's owner, the rest to its nominators pro-rata), the owner cut to the owner's hotkey.
fn drain_pending(ctx: &mut Ctx<'_>, netuid: NetUid) {
    let server = PendingServerEmission::get(ctx.s, &netuid);
    let validator = PendingValidatorEmission::get(ctx.s, &netuid);
    let owner_cut = PendingOwnerCut::get(ctx.s, &netuid);
    PendingServerEmission::insert(ctx.s, &netuid, 0);
    PendingValidatorEmission::insert(ctx.s, &netuid, 0);
    PendingOwnerCut::insert(ctx.s, &netuid, 0);

    let total = server.saturating_add(validator);
    let (input, hotkeys) = epoch_input(ctx.s, netuid, ctx.block, total);
    let out = epoch::run_epoch(&input);
    let subnet_owner = SubnetOwner::get(ctx.s, &netuid);
    let mut paid = 0u64;
    for (uid, hotkey) in hotkeys.iter().enumerate() {
        let owner = Owner::get(ctx.s, hotkey);
        let incentive = out.server_emission.get(uid).copied().unwrap_or(0);
        if incentive > 0 {
            paid = paid.saturating_add(incentive);
            // Incentive to the subnet owner's own hotkeys is burned, as subtensor does.
            if owner != subnet_owner {
                staking::increase_stake(ctx.s, hotkey, &owner, netuid, incentive);
            }
        }
    }
    // Dividends first flow through parent/child links (childkey take, CKBurn recycled), then each
    // receiving hotkey pays its delegate take to its owner and the rest to its nominators.
    // Root stake is weighed by 0 until the root network has stake (subtensor: TaoWeight).
    let epoch_dividends: Vec<(AccountId, u64)> = hotkeys
        .iter()
        .enumerate()
        .map(|(uid, hk)| (*hk, out.validator_emission.get(uid).copied().unwrap_or(0)))
        .collect();
    let (dividends, ck_burned) = crate::childkeys::redistribute_dividends(
        ctx.s,
        netuid,
        &epoch_dividends,
        substrate_fixed::types::U96F32::saturating_from_num(0),
    );
    paid = paid.saturating_add(ck_burned);
    AlphaDividendsPerSubnet::clear_prefix(ctx.s, &netuid);
    for (hotkey, dividend) in dividends {
        AlphaDividendsPerSubnet::insert(ctx.s, &netuid, &hotkey, dividend);
        if dividend > 0 {
            paid = paid.saturating_add(dividend);
            let owner = Owner::get(ctx.s, &hotkey);
            let take_rate = u128::from(Delegates::get(ctx.s, &hotkey));
            let take =
                u64::try_from(u128::from(dividend) * take_rate / u128::from(u16::MAX)).unwrap_or(0);
            staking::increase_stake(ctx.s, &hotkey, &owner, netuid, take);
            staking::distribute_to_hotkey(ctx.s, &hotkey, netuid, dividend - take);
        }
    }
    // Rounding dust nobody earned is recycled out of alpha issuance.
    let dust = total.saturating_sub(paid);
    SubnetAlphaOut::mutate(ctx.s, &netuid, |a| *a = a.saturating_sub(dust));
    let owner_hotkey = SubnetOwnerHotkey::get(ctx.s, &netuid);
    staking::increase_stake(ctx.s, &owner_hotkey, &subnet_owner, netuid, owner_cut);

    Active::insert(ctx.s, &netuid, out.active);
    StakeWeight::insert(ctx.s, &netuid, out.stake_weight);
    ValidatorPermit::insert(ctx.s, &netuid, out.validator_permit);
    Consensus::insert(ctx.s, &netuid, out.consensus);
    Incentive::insert(ctx.s, &netuid, out.incentive);
    Dividends::insert(ctx.s, &netuid, out.dividends);
    ValidatorTrust::insert(ctx.s, &netuid, out.validator_trust);
    Emission::insert(ctx.s, &netuid, out.emission);
    for (uid, row) in out.bonds.into_iter().enumerate() {
        let uid = uid as u16;
        if row.is_empty() {
            Bonds::remove(ctx.s, &netuid, &uid);
        } else {
            Bonds::insert(ctx.s, &netuid, &uid, row);
        }
    }
    LastEpochBlock::insert(ctx.s, &netuid, ctx.block);
    LastMechansimStepBlock::insert(ctx.s, &netuid, ctx.block);
    SubnetEpochIndex::mutate(ctx.s, &netuid, |i| *i = i.saturating_add(1));
    BlocksSinceLastStep::insert(ctx.s, &netuid, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_ema_folds_each_blocks_net_flow_with_subtensors_smoothing() {
        let mut s = Storage::new();
        // a = 29_597_889_189_277 / (2^63 − 1) = 3.2090095760e-6 per block.
        record_tao_inflow(&mut s, 1, 100_000_000_000);
        record_tao_outflow(&mut s, 1, 0);
        let first = update_flow_ema(&mut s, 1, 5);
        // a × 100 TAO = 320_900.9575999934895… rao.
        assert!(
            (first.to_num::<f64>() - 320_900.957_599_993_5).abs() < 1e-6,
            "{first}"
        );
        assert_eq!(
            SubnetEmaTaoFlow::try_get(&s, &1),
            Some((5, first.to_bits()))
        );
        assert_eq!(
            SubnetTaoFlow::try_get(&s, &1),
            None,
            "the accumulator restarts"
        );
        // A second update in the same block changes nothing.
        record_tao_inflow(&mut s, 1, 7);
        assert_eq!(update_flow_ema(&mut s, 1, 5), first);
        assert_eq!(SubnetTaoFlow::get(&s, &1), 7);

        // Next block: 7 rao in, 50 TAO + 7 rao out: (1 − a)·320_900.9576 + a·(−50e9) = 160_449.44902575…
        record_tao_outflow(&mut s, 1, 50_000_000_007);
        let second = update_flow_ema(&mut s, 1, 6);
        assert!(
            (second.to_num::<f64>() - 160_449.449_025_750_86).abs() < 1e-6,
            "{second}"
        );
        assert_eq!(
            SubnetEmaTaoFlow::try_get(&s, &1),
            Some((6, second.to_bits()))
        );
    }
}

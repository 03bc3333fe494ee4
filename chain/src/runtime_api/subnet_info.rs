//! `SubnetInfoRuntimeApi`: dynamic info, metagraphs (full and selective), subnet state, hyperparameters
//! (v2), subnet info (v2) and the next epoch's block.
//!
//! Parameters taonet does not model (PoW difficulty, difficulty adjustment, registration targets) report
//! what AdminUtils stored for them (subtensor's defaults until set). A subnet's identity, when it has one,
//! gives its name and fills the `identity` fields.

use super::neuron_info::{at, hotkeys, PRUNING_SCORE};
use super::{all_netuids, compacts, out, Args, RuntimeApiError};
use crate::items::*;
use crate::rpc_info::{
    DynamicInfo, HyperparamEntry, HyperparamValue, Metagraph, SelectiveMetagraph,
    SubnetHyperparamsV2, SubnetInfov2, SubnetState,
};
use crate::runtime::Chain;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, ROOT_NETUID};
use parity_scale_codec::Compact;
use substrate_fixed::types::{I32F32, I96F32};

/// Token symbols by netuid (upper-case tau for root, then the Greek alphabet).
const SYMBOLS: &[&str] = &[
    "\u{03a4}", "α", "β", "γ", "δ", "ε", "ζ", "η", "θ", "ι", "κ", "λ", "μ", "ν", "ξ", "ο", "π",
    "ρ", "σ", "τ", "υ", "φ", "χ", "ψ", "ω",
];

fn bytes(b: &[u8]) -> Vec<Compact<u8>> {
    compacts(b)
}

/// A subnet's name: its identity's name when set, else `root` for netuid 0 and `subnet-N` for others.
fn name(s: &Storage, netuid: NetUid) -> Vec<u8> {
    if let Some(name) = crate::identity::name(s, netuid) {
        return name;
    }
    if netuid == ROOT_NETUID {
        b"root".to_vec()
    } else {
        format!("subnet-{netuid}").into_bytes()
    }
}

fn symbol(netuid: NetUid) -> Vec<u8> {
    SYMBOLS
        .get(usize::from(netuid))
        .copied()
        .unwrap_or("Ω")
        .as_bytes()
        .to_vec()
}

/// The activity cutoff as `SubnetHyperparamsV2` carries it (a u16).
fn activity_cutoff(s: &Storage, netuid: NetUid) -> u16 {
    u16::try_from(crate::coinbase::activity_cutoff_blocks(s, netuid)).unwrap_or(u16::MAX)
}

fn pending_alpha(s: &Storage, netuid: NetUid) -> u64 {
    PendingValidatorEmission::get(s, &netuid).saturating_add(PendingServerEmission::get(s, &netuid))
}

/// `DynamicInfo` of `netuid`, `None` if it does not exist.
pub(crate) fn dynamic_info(s: &Storage, netuid: NetUid) -> Option<DynamicInfo> {
    if !subnets::exists(s, netuid) {
        return None;
    }
    Some(DynamicInfo {
        netuid: Compact(netuid),
        owner_hotkey: SubnetOwnerHotkey::get(s, &netuid),
        owner_coldkey: SubnetOwner::get(s, &netuid),
        subnet_name: bytes(&name(s, netuid)),
        token_symbol: bytes(&symbol(netuid)),
        tempo: Compact(Tempo::get(s, &netuid)),
        last_step: Compact(LastMechansimStepBlock::get(s, &netuid)),
        // Subtensor's formula (the current block minus the last epoch's): for root, which runs no
        // epoch, the whole chain's age.
        blocks_since_last_step: Compact(
            u64::from(Number::get(s)).saturating_sub(LastMechansimStepBlock::get(s, &netuid)),
        ),
        emission: Compact(0),
        alpha_in: Compact(SubnetAlphaIn::get(s, &netuid)),
        alpha_out: Compact(SubnetAlphaOut::get(s, &netuid)),
        tao_in: Compact(SubnetTAO::get(s, &netuid)),
        alpha_out_emission: Compact(SubnetAlphaOutEmission::get(s, &netuid)),
        alpha_in_emission: Compact(SubnetAlphaInEmission::get(s, &netuid)),
        tao_in_emission: Compact(SubnetTaoInEmission::get(s, &netuid)),
        pending_alpha_emission: Compact(pending_alpha(s, netuid)),
        pending_root_emission: Compact(0),
        subnet_volume: Compact(SubnetVolume::get(s, &netuid)),
        network_registered_at: Compact(NetworkRegisteredAt::get(s, &netuid)),
        subnet_identity: crate::identity::of(s, netuid),
        moving_price: I96F32::from_bits(SubnetMovingPrice::get(s, &netuid)),
    })
}

/// `SubnetState` of `netuid`.
fn subnet_state(s: &Storage, netuid: NetUid) -> Option<SubnetState> {
    if !subnets::exists(s, netuid) {
        return None;
    }
    let hks = hotkeys(s, netuid);
    let n = hks.len();
    // Stake weights as the epoch sees them (`get_stake_weights_for_network`): alpha and root stake
    // after childkey inheritance, total = alpha + TaoWeight·root truncated (on root both are the root
    // stake).
    let weights = crate::root::stake_weights(s, netuid, &hks);
    let alpha: Vec<u64> = weights.iter().map(|w| w.alpha).collect();
    let tao: Vec<u64> = weights.iter().map(|w| w.tao).collect();
    let total: Vec<u64> = weights
        .iter()
        .map(|w| w.total.saturating_to_num::<u64>())
        .collect();
    let emission_history = all_netuids(s)
        .into_iter()
        .map(|net| {
            let emission = Emission::get(s, &net);
            hks.iter()
                .map(|h| {
                    let e = Uids::try_get(s, &net, h).map_or(0, |uid| at(&emission, uid));
                    Compact(e)
                })
                .collect()
        })
        .collect();
    Some(SubnetState {
        netuid: Compact(netuid),
        coldkeys: hks.iter().map(|h| Owner::get(s, h)).collect(),
        hotkeys: hks,
        active: Active::get(s, &netuid),
        validator_permit: ValidatorPermit::get(s, &netuid),
        pruning_score: vec![Compact(PRUNING_SCORE); n],
        last_update: compacts(&LastUpdate::get(s, &netuid)),
        emission: compacts(&Emission::get(s, &netuid)),
        dividends: compacts(&Dividends::get(s, &netuid)),
        incentives: compacts(&Incentive::get(s, &netuid)),
        consensus: compacts(&Consensus::get(s, &netuid)),
        trust: vec![Compact(0); n],
        rank: vec![Compact(0); n],
        block_at_registration: (0..SubnetworkN::get(s, &netuid))
            .map(|uid| Compact(BlockAtRegistration::get(s, &netuid, &uid)))
            .collect(),
        alpha_stake: compacts(&alpha),
        tao_stake: compacts(&tao),
        total_stake: compacts(&total),
        emission_history,
    })
}

fn hyperparams_v2(s: &Storage, netuid: NetUid) -> Option<SubnetHyperparamsV2> {
    if !subnets::exists(s, netuid) {
        return None;
    }
    let (alpha_low, alpha_high) = AlphaValues::get(s, &netuid);
    Some(SubnetHyperparamsV2 {
        rho: Compact(Rho::get(s, &netuid)),
        kappa: Compact(Kappa::get(s, &netuid)),
        immunity_period: Compact(ImmunityPeriod::get(s, &netuid)),
        min_allowed_weights: Compact(MinAllowedWeights::get(s, &netuid)),
        max_weights_limit: Compact(MaxWeightsLimit::get(s, &netuid)),
        tempo: Compact(Tempo::get(s, &netuid)),
        min_difficulty: Compact(MinDifficulty::get(s, &netuid)),
        max_difficulty: Compact(MaxDifficulty::get(s, &netuid)),
        weights_version: Compact(WeightsVersionKey::get(s, &netuid)),
        weights_rate_limit: Compact(WeightsSetRateLimit::get(s, &netuid)),
        adjustment_interval: Compact(AdjustmentInterval::get(s, &netuid)),
        activity_cutoff: Compact(activity_cutoff(s, netuid)),
        registration_allowed: NetworkRegistrationAllowed::get(s, &netuid),
        target_regs_per_interval: Compact(TargetRegistrationsPerInterval::get(s, &netuid)),
        min_burn: Compact(MinBurn::get(s, &netuid)),
        max_burn: Compact(MaxBurn::get(s, &netuid)),
        bonds_moving_avg: Compact(BondsMovingAverage::get(s, &netuid)),
        max_regs_per_block: Compact(MaxRegistrationsPerBlock::get(s, &netuid)),
        serving_rate_limit: Compact(ServingRateLimit::get(s, &netuid)),
        max_validators: Compact(MaxAllowedValidators::get(s, &netuid)),
        adjustment_alpha: Compact(AdjustmentAlpha::get(s, &netuid)),
        difficulty: Compact(Difficulty::get(s, &netuid)),
        commit_reveal_period: Compact(RevealPeriodEpochs::get(s, &netuid)),
        commit_reveal_weights_enabled: CommitRevealWeightsEnabled::get(s, &netuid),
        alpha_high: Compact(alpha_high),
        alpha_low: Compact(alpha_low),
        liquid_alpha_enabled: LiquidAlphaOn::get(s, &netuid),
        alpha_sigmoid_steepness: I32F32::from_num(AlphaSigmoidSteepness::get(s, &netuid)),
        yuma_version: Compact(if Yuma3On::get(s, &netuid) { 3 } else { 2 }),
        subnet_is_active: SubtokenEnabled::get(s, &netuid),
        transfers_enabled: TransferToggle::get(s, &netuid),
        bonds_reset_enabled: BondsResetOn::get(s, &netuid),
        user_liquidity_enabled: false,
    })
}

/// `get_subnet_hyperparams_v3`: every hyperparameter as a named, typed entry, in subtensor's order and
/// with its names and value types.
fn hyperparams_v3(s: &Storage, netuid: NetUid) -> Option<Vec<HyperparamEntry>> {
    use HyperparamValue::{Bool, TaoBalance, I32F32 as Fixed32, U16, U32, U64, U64F64 as Fixed64};
    if !subnets::exists(s, netuid) {
        return None;
    }
    let (alpha_low, alpha_high) = AlphaValues::get(s, &netuid);
    let entries = [
        ("kappa", U16(Compact(Kappa::get(s, &netuid)))),
        (
            "immunity_period",
            U16(Compact(ImmunityPeriod::get(s, &netuid))),
        ),
        (
            "min_allowed_weights",
            U16(Compact(MinAllowedWeights::get(s, &netuid))),
        ),
        (
            "max_weights_limit",
            U16(Compact(MaxWeightsLimit::get(s, &netuid))),
        ),
        ("tempo", U16(Compact(Tempo::get(s, &netuid)))),
        (
            "weights_version",
            U64(Compact(WeightsVersionKey::get(s, &netuid))),
        ),
        (
            "weights_rate_limit",
            U64(Compact(WeightsSetRateLimit::get(s, &netuid))),
        ),
        (
            "activity_cutoff",
            U64(Compact(crate::coinbase::activity_cutoff_blocks(s, netuid))),
        ),
        (
            "activity_cutoff_factor",
            U32(Compact(ActivityCutoffFactorMilli::get(s, &netuid))),
        ),
        (
            "registration_allowed",
            Bool(NetworkRegistrationAllowed::get(s, &netuid)),
        ),
        (
            "target_regs_per_interval",
            U16(Compact(TargetRegistrationsPerInterval::get(s, &netuid))),
        ),
        ("min_burn", TaoBalance(Compact(MinBurn::get(s, &netuid)))),
        ("max_burn", TaoBalance(Compact(MaxBurn::get(s, &netuid)))),
        (
            "burn_half_life",
            U16(Compact(BurnHalfLife::get(s, &netuid))),
        ),
        (
            "burn_increase_mult",
            Fixed64(substrate_fixed::types::U64F64::from_bits(
                BurnIncreaseMult::get(s, &netuid),
            )),
        ),
        (
            "bonds_moving_avg",
            U64(Compact(BondsMovingAverage::get(s, &netuid))),
        ),
        (
            "max_regs_per_block",
            U16(Compact(MaxRegistrationsPerBlock::get(s, &netuid))),
        ),
        (
            "serving_rate_limit",
            U64(Compact(ServingRateLimit::get(s, &netuid))),
        ),
        (
            "max_validators",
            U16(Compact(MaxAllowedValidators::get(s, &netuid))),
        ),
        (
            "commit_reveal_period",
            U64(Compact(RevealPeriodEpochs::get(s, &netuid))),
        ),
        (
            "commit_reveal_weights_enabled",
            Bool(CommitRevealWeightsEnabled::get(s, &netuid)),
        ),
        ("alpha_high", U16(Compact(alpha_high))),
        ("alpha_low", U16(Compact(alpha_low))),
        ("liquid_alpha_enabled", Bool(LiquidAlphaOn::get(s, &netuid))),
        (
            "alpha_sigmoid_steepness",
            Fixed32(I32F32::from_num(AlphaSigmoidSteepness::get(s, &netuid))),
        ),
        (
            "yuma_version",
            U16(Compact(if Yuma3On::get(s, &netuid) { 3 } else { 2 })),
        ),
        ("subnet_is_active", Bool(SubtokenEnabled::get(s, &netuid))),
        ("transfers_enabled", Bool(TransferToggle::get(s, &netuid))),
        ("bonds_reset_enabled", Bool(BondsResetOn::get(s, &netuid))),
        ("user_liquidity_enabled", Bool(false)),
        // taonet always pays the owner cut and never locks it.
        ("owner_cut_enabled", Bool(true)),
        ("owner_cut_auto_lock_enabled", Bool(false)),
        (
            "min_childkey_take",
            U16(Compact(crate::childkeys::effective_min_childkey_take(
                s, netuid,
            ))),
        ),
    ];
    Some(
        entries
            .into_iter()
            .map(|(name, value)| HyperparamEntry {
                name: name.as_bytes().to_vec(),
                value,
            })
            .collect(),
    )
}

fn subnet_info_v2(s: &Storage, netuid: NetUid) -> Option<SubnetInfov2> {
    let hp = hyperparams_v2(s, netuid)?;
    Some(SubnetInfov2 {
        netuid: Compact(netuid),
        rho: hp.rho,
        kappa: hp.kappa,
        difficulty: hp.difficulty,
        immunity_period: hp.immunity_period,
        max_allowed_validators: hp.max_validators,
        min_allowed_weights: hp.min_allowed_weights,
        max_weights_limit: hp.max_weights_limit,
        scaling_law_power: Compact(50),
        subnetwork_n: Compact(SubnetworkN::get(s, &netuid)),
        max_allowed_uids: Compact(MaxAllowedUids::get(s, &netuid)),
        blocks_since_last_step: Compact(BlocksSinceLastStep::get(s, &netuid)),
        tempo: hp.tempo,
        network_modality: Compact(0),
        network_connect: Vec::new(),
        emission_value: Compact(0),
        burn: Compact(Burn::get(s, &netuid)),
        owner: SubnetOwner::get(s, &netuid),
        identity: crate::identity::of(s, netuid),
    })
}

/// The full `Metagraph` of `netuid` at `block`.
pub(crate) fn metagraph(s: &Storage, netuid: NetUid, block: u64) -> Option<Metagraph> {
    let d = dynamic_info(s, netuid)?;
    let hp = hyperparams_v2(s, netuid)?;
    let st = subnet_state(s, netuid)?;
    let n = st.hotkeys.len();
    let per_hotkey = |values: Vec<u64>| -> Vec<(AccountId, Compact<u64>)> {
        st.hotkeys
            .iter()
            .zip(values)
            .map(|(h, v)| (*h, Compact(v)))
            .collect()
    };
    let alpha_divs = st
        .hotkeys
        .iter()
        .map(|h| AlphaDividendsPerSubnet::get(s, &netuid, h))
        .collect();
    Some(Metagraph {
        netuid: d.netuid,
        name: d.subnet_name,
        symbol: d.token_symbol,
        identity: d.subnet_identity.clone(),
        network_registered_at: d.network_registered_at,
        owner_hotkey: d.owner_hotkey,
        owner_coldkey: d.owner_coldkey,
        block: Compact(block),
        tempo: d.tempo,
        last_step: d.last_step,
        blocks_since_last_step: d.blocks_since_last_step,
        subnet_emission: d.emission,
        alpha_in: d.alpha_in,
        alpha_out: d.alpha_out,
        tao_in: d.tao_in,
        alpha_out_emission: d.alpha_out_emission,
        alpha_in_emission: d.alpha_in_emission,
        tao_in_emission: d.tao_in_emission,
        pending_alpha_emission: d.pending_alpha_emission,
        pending_root_emission: d.pending_root_emission,
        subnet_volume: d.subnet_volume,
        moving_price: d.moving_price,
        rho: hp.rho,
        kappa: hp.kappa,
        min_allowed_weights: hp.min_allowed_weights,
        max_weights_limit: hp.max_weights_limit,
        weights_version: hp.weights_version,
        weights_rate_limit: hp.weights_rate_limit,
        activity_cutoff: hp.activity_cutoff,
        max_validators: hp.max_validators,
        num_uids: Compact(SubnetworkN::get(s, &netuid)),
        max_uids: Compact(MaxAllowedUids::get(s, &netuid)),
        burn: Compact(Burn::get(s, &netuid)),
        difficulty: hp.difficulty,
        registration_allowed: hp.registration_allowed,
        pow_registration_allowed: NetworkPowRegistrationAllowed::get(s, &netuid),
        immunity_period: hp.immunity_period,
        min_difficulty: hp.min_difficulty,
        max_difficulty: hp.max_difficulty,
        min_burn: hp.min_burn,
        max_burn: hp.max_burn,
        adjustment_alpha: hp.adjustment_alpha,
        adjustment_interval: hp.adjustment_interval,
        target_regs_per_interval: hp.target_regs_per_interval,
        max_regs_per_block: hp.max_regs_per_block,
        serving_rate_limit: hp.serving_rate_limit,
        commit_reveal_weights_enabled: hp.commit_reveal_weights_enabled,
        commit_reveal_period: hp.commit_reveal_period,
        liquid_alpha_enabled: hp.liquid_alpha_enabled,
        alpha_high: hp.alpha_high,
        alpha_low: hp.alpha_low,
        bonds_moving_avg: hp.bonds_moving_avg,
        coldkeys: st.coldkeys,
        identities: vec![None; n],
        axons: st
            .hotkeys
            .iter()
            .map(|h| Axons::get(s, &netuid, h))
            .collect(),
        active: st.active,
        validator_permit: st.validator_permit,
        pruning_score: st.pruning_score,
        last_update: st.last_update,
        emission: st.emission,
        dividends: st.dividends,
        incentives: st.incentives,
        consensus: st.consensus,
        trust: st.trust,
        rank: st.rank,
        block_at_registration: st.block_at_registration,
        alpha_stake: st.alpha_stake,
        tao_stake: st.tao_stake,
        total_stake: st.total_stake,
        tao_dividends_per_hotkey: per_hotkey(vec![0; n]),
        alpha_dividends_per_hotkey: per_hotkey(alpha_divs),
        hotkeys: st.hotkeys,
    })
}

/// The selective metagraph's `validators` (`get_validators`): UIDs holding a permit whose stake weight
/// exceeds `StakeThreshold`, by stake weight ascending; equal weights keep the order of the `Keys` map
/// (its `Identity` keys sort by the UID's little-endian bytes).
fn validators(s: &Storage, netuid: NetUid) -> Vec<Compact<u16>> {
    let permits = ValidatorPermit::get(s, &netuid);
    let threshold = substrate_fixed::types::I64F64::saturating_from_num(StakeThreshold::get(s));
    let mut uids: Vec<u16> = (0..SubnetworkN::get(s, &netuid))
        .filter(|uid| permits.get(usize::from(*uid)).copied().unwrap_or(false))
        .collect();
    uids.sort_by_key(|uid| uid.to_le_bytes());
    let mut weighted: Vec<(u16, substrate_fixed::types::I64F64)> = uids
        .into_iter()
        .map(|uid| {
            let hotkey = Keys::get(s, &netuid, &uid);
            (uid, crate::root::stake_weight(s, &hotkey, netuid).total)
        })
        .collect();
    weighted.sort_by_key(|(_, w)| *w);
    weighted
        .into_iter()
        .filter(|(_, w)| *w > threshold)
        .map(|(uid, _)| Compact(uid))
        .collect()
}

fn selective(
    s: &Storage,
    netuid: NetUid,
    block: u64,
    indexes: &[u16],
) -> Option<SelectiveMetagraph> {
    let m = metagraph(s, netuid, block)?;
    let validators = validators(s, netuid);
    let commitments = crate::commitments::commitments_of(s, netuid)
        .into_iter()
        .map(|(hotkey, bytes)| (hotkey, compacts(&bytes)))
        .collect();
    Some(SelectiveMetagraph::select(
        m,
        indexes,
        validators,
        commitments,
    ))
}

/// Dispatches one `SubnetInfoRuntimeApi` method; `None` if there is no such method.
pub(super) fn call(
    chain: &Chain,
    method: &str,
    args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    let s = chain.storage();
    let block = u64::from(chain.best_number());
    match method {
        "get_all_dynamic_info" => out(all_netuids(s)
            .into_iter()
            .map(|n| dynamic_info(s, n))
            .collect::<Vec<_>>()),
        "get_dynamic_info" => out(dynamic_info(s, args.next()?)),
        "get_all_metagraphs" => out(all_netuids(s)
            .into_iter()
            .map(|n| metagraph(s, n, block))
            .collect::<Vec<_>>()),
        "get_metagraph" => out(metagraph(s, args.next()?, block)),
        "get_mechagraph" => {
            let netuid: NetUid = args.next()?;
            let mecid: u8 = args.next()?;
            out((mecid == 0).then(|| metagraph(s, netuid, block)).flatten())
        }
        "get_selective_metagraph" => {
            let netuid: NetUid = args.next()?;
            let indexes: Vec<u16> = args.next()?;
            out(selective(s, netuid, block, &indexes))
        }
        "get_selective_mechagraph" => {
            let netuid: NetUid = args.next()?;
            let subid: u8 = args.next()?;
            let indexes: Vec<u16> = args.next()?;
            out((subid == 0)
                .then(|| selective(s, netuid, block, &indexes))
                .flatten())
        }
        "get_subnet_state" => out(subnet_state(s, args.next()?)),
        "get_subnet_hyperparams_v2" => out(hyperparams_v2(s, args.next()?)),
        "get_subnet_hyperparams_v3" => out(hyperparams_v3(s, args.next()?)),
        "get_subnet_info_v2" => out(subnet_info_v2(s, args.next()?)),
        "get_subnets_info_v2" => out(all_netuids(s)
            .into_iter()
            .map(|n| subnet_info_v2(s, n))
            .collect::<Vec<_>>()),
        "get_next_epoch_start_block" => out(crate::tempo_control::next_epoch_start_block(
            s,
            args.next()?,
        )),
        "get_subnet_to_prune" => out(subnets::network_to_prune(s, block)),
        _ => Ok(None),
    }
}

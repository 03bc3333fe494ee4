//! The coinbase on bare state. Expected values are worked out by hand in subtensor's fixed types,
//! truncating as substrate-fixed does (`U96F32`/`I96F32`: 32 fractional bits; `U64F64`: 64).

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

use crate::event::Phase;
use crate::keys::Keypair;
use crate::staking;
use crate::types::ROOT_NETUID;

fn key(name: &str) -> AccountId {
    Keypair::derive(4250, name).account_id()
}

/// `TaoWeight`'s default as `U96F32` bits (see `root::tests`).
const TAU_BITS: u128 = 226_245_882;

fn dynamic(s: &mut Storage, netuid: NetUid, ema_bits: i128) {
    SubnetMechanism::insert(s, &netuid, 1);
    SubnetMovingPrice::insert(s, &netuid, ema_bits);
}

#[test]
fn shares_follow_the_price_ema_weighted_by_what_miners_got() {
    let mut s = Storage::new();
    // EMAs 0.3, 0.1, 0.2 truncate to 1_288_490_188, 429_496_729 and 858_993_459 units of 2^-32: the
    // first is exactly half their sum, the others a sixth and a third.
    dynamic(&mut s, 1, 1_288_490_188);
    dynamic(&mut s, 2, 429_496_729);
    dynamic(&mut s, 3, 858_993_459);
    let price = shares::price_ema_shares(&s, &[1, 2, 3]);
    assert_eq!(price[&1].to_bits(), 1 << 63);
    assert_eq!(price[&2].to_bits(), 3_074_457_343_232_165_658);
    assert_eq!(price[&3].to_bits(), 6_148_914_693_622_610_149);

    // Subnet 1 burned half its miners' emission: weights 1/4, 1/6, 1/3, renormalised over 3/4 to
    // 1/3, 2/9 and 4/9 (as U64F64 quotients).
    MinerBurned::insert(&mut s, &1, 1 << 31);
    let weighted = shares::price_ema_shares_weighted(&s, &[1, 2, 3]);
    assert_eq!(weighted[&1].to_bits(), 6_148_914_691_236_517_205);
    assert_eq!(weighted[&2].to_bits(), 4_099_276_457_642_887_544);
    assert_eq!(weighted[&3].to_bits(), 8_198_552_924_830_146_865);

    // Subnet 3's TAO emission is off: 1 and 2 share the block over their 5/9, 0.6 and 0.4 of a TAO
    // (600_000_000.186… and 399_999_999.813… rao after the U64F64 truncations).
    SubnetEmissionEnabled::insert(&mut s, &3, false);
    let tao =
        shares::subnet_block_emissions(&s, &[1, 2, 3], 1_000_000_000, shares::ShareRule::PriceEma);
    assert_eq!(tao[&1].to_bits(), 2_576_980_378_400_000_000);
    assert_eq!(tao[&2].to_bits(), 1_717_986_917_599_999_998);
    assert_eq!(tao[&3].to_bits(), 0);

    // When every subnet burned everything, the unweighted price shares apply.
    for n in [1, 2, 3] {
        MinerBurned::insert(&mut s, &n, 1 << 32);
    }
    assert_eq!(shares::price_ema_shares_weighted(&s, &[1, 2, 3]), price);
    // Root sells its dividends once the EMAs add up to more than 1: 0.6 does not.
    assert!(!shares::root_sell_flag(&s, &[1, 2, 3]));
    dynamic(&mut s, 4, 2_147_483_648);
    assert!(shares::root_sell_flag(&s, &[1, 2, 3, 4]));
}

#[test]
fn the_flow_rule_shares_by_the_offset_flow_ema() {
    let mut s = Storage::new();
    let flows = |s: &mut Storage, values: [i128; 3]| {
        for (netuid, v) in (1..=3).zip(values) {
            SubnetEmaTaoFlow::insert(s, &netuid, (7, v << 64));
        }
    };
    let f64s = |s: &Storage| -> Vec<f64> {
        shares::ShareRule::TaoFlow
            .shares(s, &[1, 2, 3])
            .values()
            .map(|x| x.to_num::<f64>())
            .collect()
    };
    // subtensor's `inplace_pow_normalize_regular_case_relative_proportions_preserved`: 2, 3, 5 with
    // p = 1 give 0.2, 0.3, 0.5 to within 0.001, summing to 1 to within 1e-12.
    flows(&mut s, [200, 300, 500]);
    let got = f64s(&s);
    for (g, want) in got.iter().zip([0.2, 0.3, 0.5]) {
        assert!((g - want).abs() < 1e-3, "{got:?}");
    }
    assert!((got.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{got:?}");
    // A negative flow is the floor (with `TaoFlowCutoff` 0 only below 0 counts): −100, 100, 300 share
    // as 0, 100, 300.
    flows(&mut s, [-100, 100, 300]);
    let got = f64s(&s);
    assert_eq!(got[0], 0.0);
    assert!((got[1] - 0.25).abs() < 0.25 / 100.0, "{got:?}");
    assert!((got[2] - 0.75).abs() < 0.75 / 100.0, "{got:?}");
    // The rule is chosen in storage.
    assert_eq!(shares::ShareRule::current(&s), shares::ShareRule::PriceEma);
    shares::ShareRule::TaoFlow.set(&mut s);
    assert_eq!(shares::ShareRule::current(&s), shares::ShareRule::TaoFlow);
}

/// Subnet 1: a 100 TAO / 200 alpha pool (price 0.5) with 100 alpha outstanding; 1000 TAO on root.
fn injection_state() -> Storage {
    let mut s = Storage::new();
    dynamic(&mut s, 1, 0);
    SubnetTAO::insert(&mut s, &1, 100_000_000_000);
    SubnetAlphaIn::insert(&mut s, &1, 200_000_000_000);
    SubnetAlphaOut::insert(&mut s, &1, 100_000_000_000);
    SubnetTAO::insert(&mut s, &ROOT_NETUID, 1_000_000_000_000);
    s
}

#[test]
fn injection_is_capped_at_the_root_proportion_of_the_alpha_emission() {
    let mut s = injection_state();
    // 0.6 TAO at price 0.5 would inject 1.2 alpha. rp = τ·1000 / (τ·1000 + 300) truncates to
    // 641_510_216/2^32 ≈ 0.1493632, so the cap is 1e9 · rp = 149_363_236.50… alpha; the TAO injected
    // with it is half of that and the rest of the 0.6 TAO is excess.
    let tao = U96F32::from_num(600_000_000);
    let t = subnet_terms(&s, 1, tao);
    assert_eq!(t.alpha_out.to_bits(), 1_000_000_000 << 32);
    assert_eq!(t.alpha_in.to_bits(), 641_510_216 * 1_000_000_000);
    assert_eq!(t.tao_in.to_bits(), 320_755_108_000_000_000);
    assert_eq!(t.excess_tao.to_bits(), 2_256_225_269_600_000_000);
    // Without root stake nothing is injected at price: all of it is excess.
    SubnetTAO::insert(&mut s, &ROOT_NETUID, 0);
    let t = subnet_terms(&s, 1, tao);
    assert_eq!(t.alpha_in.to_bits(), 0);
    assert_eq!(t.tao_in.to_bits(), 0);
    assert_eq!(t.excess_tao, tao);
    // With root dominating (rp ≈ 1, a cap of ≈ 1 alpha) 0.1 TAO is injected whole with 0.2 alpha.
    TaoWeight::put(&mut s, u64::MAX);
    SubnetTAO::insert(&mut s, &ROOT_NETUID, u64::MAX / 2);
    let t = subnet_terms(&s, 1, U96F32::from_num(100_000_000));
    assert_eq!(t.alpha_in, U96F32::from_num(200_000_000));
    assert_eq!(t.tao_in, U96F32::from_num(100_000_000));
    assert_eq!(t.excess_tao.to_bits(), 0);
}

#[test]
fn alpha_emission_splits_into_owner_cut_miners_validators_and_root() {
    for root_sell in [true, false] {
        let mut s = injection_state();
        emit_alpha(&mut s, 1, U96F32::from_num(1_000_000_000), root_sell);
        // Owner cut: 1e9 · ⌊11796·2^32/65535⌋/2^32 = 179_995_422.25…; rest 820_004_577.74…. After the
        // mint the issuance is 301 TAO: rp = 639_696_385/2^32 ≈ 0.1489409; root alpha = rp · rest · ½ =
        // 61_066_118.54…; miners ½ · rest = 410_002_288.87…; validators the rest, 348_936_170.33….
        assert_eq!(SubnetAlphaOutEmission::get(&s, &1), 1_000_000_000);
        assert_eq!(PendingOwnerCut::get(&s, &1), 179_995_422);
        assert_eq!(PendingServerEmission::get(&s, &1), 410_002_288);
        assert_eq!(PendingValidatorEmission::get(&s, &1), 348_936_170);
        if root_sell {
            assert_eq!(PendingRootAlphaDivs::get(&s, &1), 61_066_118);
            assert_eq!(SubnetAlphaOut::get(&s, &1), 101_000_000_000);
        } else {
            // Recycled out of the issuance.
            assert_eq!(PendingRootAlphaDivs::get(&s, &1), 0);
            assert_eq!(SubnetAlphaOut::get(&s, &1), 101_000_000_000 - 61_066_118);
        }
    }
}

#[test]
fn an_epoch_is_due_after_tempo_blocks_a_deferral_or_max_tempo_blocks() {
    let mut s = Storage::new();
    Tempo::insert(&mut s, &1, 360);
    LastEpochBlock::insert(&mut s, &1, 1_000);
    assert!(!epoch_due(&s, 1, 1_359));
    assert!(epoch_due(&s, 1, 1_360));
    PendingEpochAt::insert(&mut s, &1, 1_200);
    assert!(epoch_due(&s, 1, 1_200));
    PendingEpochAt::remove(&mut s, &1);
    BlocksSinceLastStep::insert(&mut s, &1, 50_400);
    assert!(!epoch_due(&s, 1, 1_001));
    BlocksSinceLastStep::insert(&mut s, &1, 50_401);
    assert!(epoch_due(&s, 1, 1_001));
    Tempo::insert(&mut s, &1, 0);
    assert!(!epoch_due(&s, 1, 1_001), "tempo 0 never runs");
}

#[test]
fn each_dividend_splits_by_its_hotkeys_stake_mix_and_the_pools_are_shared_out() {
    let mut s = Storage::new();
    let (a, b) = (key("a"), key("b"));
    TotalHotkeyAlpha::insert(&mut s, &a, &1, 3_000_000_000);
    TotalHotkeyAlpha::insert(&mut s, &b, &1, 1_000_000_000);
    TotalHotkeyAlpha::insert(&mut s, &b, &ROOT_NETUID, 2_000_000_000);
    let tau = U96F32::from_bits(TAU_BITS);
    let (alpha, root) = drain::dividend_distribution(
        &s,
        1,
        1_000_000,
        100_000,
        tau,
        &[(a, 600_000), (b, 400_000)],
    );
    // B: τ·2e9 = 105_353_948.66…, its root share of 400 000 is 38_124.96…, its alpha part
    // 361_875.03…; A's 600 000 is all alpha. The validator pool goes 623_781.65… / 376_218.34…, the
    // root pool all to B.
    assert_eq!(alpha[&a].to_bits(), 2_679_121_799_000_000);
    assert_eq!(alpha[&b].to_bits(), 1_615_845_496_000_000);
    assert_eq!(root[&a].to_bits(), 0);
    assert_eq!(root[&b], U96F32::from_num(100_000));
}

#[test]
fn an_epochs_root_dividends_become_claimable_by_root_stakers() {
    // subtensor's `test_claim_root_with_drain_emissions` in exact numbers: one validator (the owner
    // hotkey, UID 0) with 10e6 alpha and 2e6 of root stake from C, TaoWeight 1, 1e6 of pending root
    // dividends and nothing else.
    let mut s = Storage::new();
    let (owner, h, c) = (key("owner"), key("H"), key("C"));
    NetworksAdded::insert(&mut s, &1, true);
    SubnetMechanism::insert(&mut s, &1, 1);
    SubnetworkN::insert(&mut s, &1, 1);
    Keys::insert(&mut s, &1, &0, h);
    Uids::insert(&mut s, &1, &h, 0);
    SubnetOwner::insert(&mut s, &1, owner);
    SubnetOwnerHotkey::insert(&mut s, &1, h);
    Owner::insert(&mut s, &h, owner);
    staking::increase_stake(&mut s, &h, &owner, 1, 10_000_000);
    staking::increase_stake(&mut s, &h, &c, ROOT_NETUID, 2_000_000);
    TaoWeight::put(&mut s, u64::MAX);
    PendingRootAlphaDivs::insert(&mut s, &1, 1_000_000);
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 10,
        events: &mut events,
        phase: Phase::Initialization,
        author: key("author"),
    };
    drain::drain_pending(&mut ctx, 1);
    // Nobody weighted: the epoch pays the whole 1e6 to H as dividends; a sixth of H's stake weight
    // is root, so all of its dividend's root part takes the root pool. H keeps its 18% take
    // (1e6 · 773_074_452/2^32 = 179_995.42…) as alpha; 820_004 becomes claimable at
    // ⌊820_004 · 2^32 / 2e6⌋ = 1_760_945_181 units of 2^-32 per unit of root stake.
    assert_eq!(PendingRootAlphaDivs::get(&s, &1), 0);
    assert_eq!(staking::stake(&s, &h, &owner, 1), 10_000_000 + 179_995);
    assert_eq!(RootAlphaDividendsPerSubnet::get(&s, &1, &h), 820_004);
    assert_eq!(crate::root::claim::rate(&s, &h, 1).to_bits(), 1_760_945_181);
    assert_eq!(AlphaDividendsPerSubnet::get(&s, &1, &h), 0);
    assert_eq!(MinerBurned::get(&s, &1), 0, "no incentive at all");
    // C claims 2e6 · rate = 820_003.99… as alpha.
    crate::root::claim::claim_on_subnet(&mut s, &h, &c, 1, &RootClaimTypeEnum::Keep, false)
        .expect("claim");
    assert_eq!(staking::stake(&s, &h, &c, 1), 820_003);
    assert_eq!(RootClaimed::get(&s, &1, &h, &c), 820_003);
}

#[test]
fn the_epoch_masks_weights_by_the_commits_live_in_the_epoch_it_runs() {
    // Two hotkeys; A committed in epochs 4 (block 90) and 5 (block 100), B only in epoch 4 (block 95).
    // SubnetEpochIndex is 5, so the epoch about to run is 6: with RevealPeriodEpochs 1 a commit of
    // epoch 4 has expired (6 > 4 + 1) and one of epoch 5 is live.
    let mut s = Storage::new();
    let (a, b) = (key("a"), key("b"));
    SubnetworkN::insert(&mut s, &1, 2);
    Keys::insert(&mut s, &1, &0, a);
    Keys::insert(&mut s, &1, &1, b);
    SubnetEpochIndex::insert(&mut s, &1, 5);
    WeightCommits::insert(
        &mut s,
        &1,
        &a,
        vec![([1; 32], 4, 90, 0), ([2; 32], 5, 100, 0)],
    );
    WeightCommits::insert(&mut s, &1, &b, vec![([3; 32], 4, 95, 0)]);
    CommitRevealWeightsEnabled::insert(&mut s, &1, false);
    assert!(epoch_input(&s, 1, 110, 0)
        .0
        .earliest_commit_block
        .is_empty());
    CommitRevealWeightsEnabled::insert(&mut s, &1, true);
    assert_eq!(
        epoch_input(&s, 1, 110, 0).0.earliest_commit_block,
        vec![100, u64::MAX]
    );
}

#[test]
fn root_stake_counts_toward_the_weights_stake_threshold() {
    let mut s = Storage::new();
    let (hot, cold) = (key("hot"), key("cold"));
    Owner::insert(&mut s, &hot, cold);
    SubnetworkN::insert(&mut s, &1, 1);
    Keys::insert(&mut s, &1, &0, hot);
    Uids::insert(&mut s, &1, &hot, 0);
    TotalHotkeyAlpha::insert(&mut s, &hot, &ROOT_NETUID, 1_000_000_000_000);
    // No alpha at all: 1000 TAO of root stake weighs 1e12 · 226_245_882/2^32 = 52_676_974_330.097….
    StakeThreshold::put(&mut s, 52_676_974_330);
    assert!(crate::weights::has_min_stake(&s, &hot, 1));
    let (input, _, stake) = epoch_input_with_stake(&s, 1, 10, 0);
    assert_eq!(
        stake[0].to_bits(),
        (1_000_000_000_000i128 * TAU_BITS as i128) << 32
    );
    assert_eq!(input.stake, vec![52_676_974_330]);
    StakeThreshold::put(&mut s, 52_676_974_331);
    assert!(!crate::weights::has_min_stake(&s, &hot, 1));
    // Below the threshold the epoch sees no stake either.
    let (input, _, stake) = epoch_input_with_stake(&s, 1, 10, 0);
    assert_eq!((input.stake, stake[0].to_bits()), (vec![0], 0));
}

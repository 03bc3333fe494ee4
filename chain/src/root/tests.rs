//! Root stake in emission on bare state. Expected values are worked out by hand in subtensor's fixed
//! types, truncating as substrate-fixed does: `U96F32` and `I96F32` keep 32 fractional bits, `I64F64`
//! keeps 64.

use super::claim::*;
use super::*;
use crate::call::SubtensorCall;
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::{Event, EventRecord, Phase};
use crate::items::{
    NumRootClaim, NumStakingColdkeys, Owner, RootClaimType, RootClaimTypeEnum,
    RootClaimableThreshold, RootClaimed, StakingColdkeys, StakingColdkeysByIndex, SubnetMechanism,
    TotalHotkeyAlpha,
};
use crate::keys::Keypair;
use crate::staking;
use crate::types::H256;
use substrate_fixed::types::I96F32;

fn key(name: &str) -> AccountId {
    Keypair::derive(425, name).account_id()
}

/// `TaoWeight`'s default, 971_718_665_099_567_868 / (2^64 − 1), as `U96F32`:
/// ⌊971_718_665_099_567_868 · 2^32 / (2^64 − 1)⌋ = 226_245_882 units of 2^-32 (≈ 0.0526770).
const TAU_BITS: u128 = 226_245_882;

#[test]
fn tao_weight_defaults_to_subtensors_initial_value() {
    let mut s = Storage::new();
    assert_eq!(tao_weight(&s).to_bits(), TAU_BITS);
    TaoWeight::put(&mut s, u64::MAX);
    assert_eq!(tao_weight(&s).to_bits(), 1 << 32, "u64::MAX is exactly 1");
    TaoWeight::put(&mut s, 0);
    assert_eq!(tao_weight(&s).to_bits(), 0);
}

#[test]
fn stake_weight_is_alpha_plus_tao_weight_times_root_stake() {
    let mut s = Storage::new();
    let (hot, cold) = (key("hot"), key("cold"));
    Owner::insert(&mut s, &hot, cold);
    TotalHotkeyAlpha::insert(&mut s, &hot, &1, 1_000_000_000_000);
    TotalHotkeyAlpha::insert(&mut s, &hot, &ROOT_NETUID, 2_000_000_000_000);
    let w = stake_weight(&s, &hot, 1);
    assert_eq!((w.alpha, w.tao), (1_000_000_000_000, 2_000_000_000_000));
    // 1e12 + 2e12 · 226_245_882/2^32 = 1_105_353_948_660.1948…, exact in I64F64.
    assert_eq!(
        w.total.to_bits(),
        (1_000_000_000_000i128 << 64) + ((2_000_000_000_000i128 * 226_245_882) << 32)
    );
    assert_eq!(w.total.saturating_to_num::<u64>(), 1_105_353_948_660);
    // On root itself both parts are the root stake.
    let r = stake_weight(&s, &hot, ROOT_NETUID);
    assert_eq!((r.alpha, r.tao), (2_000_000_000_000, 2_000_000_000_000));
}

#[test]
fn root_stake_lent_to_a_child_counts_on_the_childs_weight() {
    let mut s = Storage::new();
    let (cold, parent, child) = (key("cold"), key("parent"), key("child"));
    Owner::insert(&mut s, &parent, cold);
    Owner::insert(&mut s, &child, cold);
    TotalHotkeyAlpha::insert(&mut s, &parent, &ROOT_NETUID, 4_000);
    let quarter = u64::MAX / 4;
    crate::items::ChildKeys::insert(&mut s, &parent, &1, vec![(quarter, child)]);
    crate::items::ParentKeys::insert(&mut s, &child, &1, vec![(quarter, parent)]);
    // The child inherits ⌊4000 · (2^30 − 1)/2^32⌋ = 999 of root stake and weighs 999 · τ.
    let w = stake_weight(&s, &child, 1);
    assert_eq!((w.alpha, w.tao), (0, 999));
    assert_eq!(w.total.to_bits(), (999i128 * 226_245_882) << 32);
    assert_eq!(stake_weight(&s, &parent, 1).tao, 3_000);
}

#[test]
fn root_proportion_weighs_root_tao_against_alpha_issuance() {
    let mut s = Storage::new();
    assert_eq!(root_proportion(&s, 1).to_bits(), 0, "nothing at all: 0");
    SubnetAlphaIn::insert(&mut s, &1, 1_000_000_000_000);
    SubnetAlphaOut::insert(&mut s, &1, 500_000_000_000);
    assert_eq!(root_proportion(&s, 1).to_bits(), 0, "no root stake");
    SubnetTAO::insert(&mut s, &ROOT_NETUID, 1_000_000_000_000);
    // τ·R = 1e12 · 226_245_882/2^32 = 52_676_974_330.097…; rp = τR / (τR + 1.5e12) truncates to
    // 145_713_426/2^32 ≈ 0.0339266.
    assert_eq!(root_proportion(&s, 1).to_bits(), 145_713_426);
}

/// Hotkey `H` on subnet 1 with root stake 2e6 from A and 6e6 from B.
fn claim_state() -> (Storage, AccountId, AccountId, AccountId) {
    let mut s = Storage::new();
    let (h, a, b) = (key("H"), key("A"), key("B"));
    Owner::insert(&mut s, &h, key("H-owner"));
    staking::increase_stake(&mut s, &h, &a, ROOT_NETUID, 2_000_000);
    staking::increase_stake(&mut s, &h, &b, ROOT_NETUID, 6_000_000);
    (s, h, a, b)
}

#[test]
fn root_dividends_accrue_per_unit_of_root_stake_and_are_claimed_once() {
    let (mut s, h, a, b) = claim_state();
    // 1e6 over 8e6 of root stake: exactly 0.125 per unit (2^29 units of 2^-32).
    increase_root_claimable(&mut s, &h, 1, 1_000_000);
    assert_eq!(rate(&s, &h, 1).to_bits(), 1 << 29);
    assert_eq!(
        (owed(&s, &h, &a, 1), owed(&s, &h, &b, 1)),
        (250_000, 750_000)
    );

    // Below the 500 000 threshold a claim waits; B's 750 000 is paid as alpha (Keep).
    claim_on_subnet(&mut s, &h, &a, 1, &RootClaimTypeEnum::Keep, false).expect("claim");
    assert_eq!(staking::stake(&s, &h, &a, 1), 0);
    claim_on_subnet(&mut s, &h, &b, 1, &RootClaimTypeEnum::Keep, false).expect("claim");
    assert_eq!(staking::stake(&s, &h, &b, 1), 750_000);
    assert_eq!(RootClaimed::get(&s, &1, &h, &b), 750_000);
    assert_eq!(owed(&s, &h, &b, 1), 0);
    // Ignoring the minimum, A's 250 000 is paid too.
    claim_on_subnet(&mut s, &h, &a, 1, &RootClaimTypeEnum::Keep, true).expect("claim");
    assert_eq!(staking::stake(&s, &h, &a, 1), 250_000);

    // New root stake is not owed earlier dividends: C's 4e6 starts with RootClaimed = 0.125 · 4e6.
    let c = key("C");
    staking::increase_stake(&mut s, &h, &c, ROOT_NETUID, 4_000_000);
    assert_eq!(RootClaimed::get(&s, &1, &h, &c), 500_000);
    assert_eq!(owed(&s, &h, &c, 1), 0);

    // 1.2e6 over 12e6: 0.1 truncates to 429_496_729/2^32; the rate is now 966_367_641/2^32.
    increase_root_claimable(&mut s, &h, 1, 1_200_000);
    assert_eq!(rate(&s, &h, 1).to_bits(), 966_367_641);
    // B: 6e6 · rate − 750 000 = 599_999.99916…; C: 4e6 · rate − 500 000 = 399_999.99944….
    assert_eq!(owed(&s, &h, &b, 1), 599_999);
    assert_eq!(owed(&s, &h, &c, 1), 399_999);

    // Unstaking lowers RootClaimed by rate × amount, so what B is owed on the stake it keeps stays.
    let before = RootClaimed::get(&s, &1, &h, &b);
    staking::decrease_stake(&mut s, &h, &b, ROOT_NETUID, 2_000_000).expect("unstake");
    // ⌊2e6 · 966_367_641/2^32⌋ = ⌊449_999.99972…⌋ = 449_999.
    assert_eq!(before - RootClaimed::get(&s, &1, &h, &b), 449_999);
    assert_eq!(RootClaimed::get(&s, &1, &h, &b), 300_001);
    // 4e6 · rate − 300 001 = 599_998.99944….
    assert_eq!(owed(&s, &h, &b, 1), 599_998);
}

#[test]
fn a_swap_claim_sells_the_alpha_fee_free_and_stakes_the_tao_on_root() {
    let (mut s, h, _a, b) = claim_state();
    // Subnet 1: a 1000/1000 pool; its account holds the pool TAO.
    SubnetMechanism::insert(&mut s, &1, 1);
    SubnetTAO::insert(&mut s, &1, 1_000_000_000_000);
    SubnetAlphaIn::insert(&mut s, &1, 1_000_000_000_000);
    SubnetAlphaOut::insert(&mut s, &1, 10_000_000);
    crate::balances::mint(&mut s, &subnet_account(1), 1_000_000_000_000);
    SubnetTAO::insert(&mut s, &ROOT_NETUID, 8_000_000);
    SubnetAlphaOut::insert(&mut s, &ROOT_NETUID, 8_000_000);
    crate::balances::mint(&mut s, &subnet_account(ROOT_NETUID), 8_000_000);
    increase_root_claimable(&mut s, &h, 1, 1_000_000);

    claim_on_subnet(&mut s, &h, &b, 1, &RootClaimTypeEnum::Swap, false).expect("claim");
    // 750 000 alpha sold: 1e12 · 750 000 / (1e12 + 750 000) = 749_999.4375… TAO.
    let tao = 749_999;
    assert_eq!(SubnetTAO::get(&s, &1), 1_000_000_000_000 - tao);
    assert_eq!(SubnetAlphaIn::get(&s, &1), 1_000_000_750_000);
    assert_eq!(SubnetAlphaOut::get(&s, &1), 10_000_000 - 750_000);
    assert_eq!(
        crate::balances::free_balance(&s, &subnet_account(1)),
        1_000_000_000_000 - tao
    );
    assert_eq!(staking::stake(&s, &h, &b, ROOT_NETUID), 6_000_000 + tao);
    assert_eq!(SubnetTAO::get(&s, &ROOT_NETUID), 8_000_000 + tao);
    assert_eq!(SubnetAlphaOut::get(&s, &ROOT_NETUID), 8_000_000 + tao);
    assert_eq!(
        crate::balances::free_balance(&s, &subnet_account(ROOT_NETUID)),
        8_000_000 + tao
    );
    // The new root stake moved RootClaimed by ⌊0.125 · 749 999⌋ = 93 749, then the claim by 750 000:
    // B is owed 0.125 · 6_749_999 − 843 749 = 0.875, nothing whole.
    assert_eq!(RootClaimed::get(&s, &1, &h, &b), 843_749);
    assert_eq!(owed(&s, &h, &b, 1), 0);
}

#[test]
fn do_root_claim_claims_every_hotkey_and_deposits_root_claimed() {
    let (mut s, h, _a, b) = claim_state();
    let h2 = key("H2");
    Owner::insert(&mut s, &h2, key("H2-owner"));
    staking::increase_stake(&mut s, &h2, &b, ROOT_NETUID, 1_000_000);
    increase_root_claimable(&mut s, &h, 1, 1_000_000);
    increase_root_claimable(&mut s, &h2, 2, 900_000);
    RootClaimType::insert(
        &mut s,
        &b,
        RootClaimTypeEnum::KeepSubnets {
            subnets: [1, 2].into(),
        },
    );
    let mut events: Vec<EventRecord> = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 5,
        events: &mut events,
        phase: Phase::Initialization,
        author: key("author"),
    };
    do_root_claim(&mut ctx, &b, None).expect("claim");
    // Through H on 1: 0.125 · 6e6; through H2 on 2: 900 000 over 1e6 is 0.9, which truncates to
    // 3_865_470_566/2^32, and 1e6 times that is 899_999.9999….
    assert_eq!(staking::stake(&s, &h, &b, 1), 750_000);
    assert_eq!(staking::stake(&s, &h2, &b, 2), 899_999);
    assert_eq!(
        events,
        vec![EventRecord {
            phase: Phase::Initialization,
            event: Event::SubtensorModule(crate::event::SubtensorEvent::RootClaimed { coldkey: b }),
            topics: Vec::new(),
        }]
    );
}

#[test]
fn a_failed_swap_leaves_the_claim_untouched() {
    let (mut s, h, _a, b) = claim_state();
    // A dynamic subnet whose pool is empty cannot sell.
    SubnetMechanism::insert(&mut s, &1, 1);
    increase_root_claimable(&mut s, &h, 1, 1_000_000);
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 5,
        events: &mut events,
        phase: Phase::Initialization,
        author: key("author"),
    };
    assert!(do_root_claim(&mut ctx, &b, None).is_err());
    assert!(events.is_empty());
    assert_eq!(RootClaimed::get(&s, &1, &h, &b), 0);
    assert_eq!(owed(&s, &h, &b, 1), 750_000);
}

#[test]
fn root_stakers_join_and_leave_the_auto_claim_index() {
    let (mut s, h, a, b) = claim_state();
    assert_eq!(NumStakingColdkeys::get(&s), 2);
    assert_eq!(StakingColdkeysByIndex::try_get(&s, &0), Some(a));
    assert_eq!(StakingColdkeysByIndex::try_get(&s, &1), Some(b));
    // A leaves: B (the last) moves into slot 0.
    staking::decrease_stake(&mut s, &h, &a, ROOT_NETUID, 2_000_000).expect("unstake");
    assert_eq!(NumStakingColdkeys::get(&s), 1);
    assert_eq!(StakingColdkeys::try_get(&s, &a), None);
    assert_eq!(StakingColdkeysByIndex::try_get(&s, &0), Some(b));
    assert_eq!(StakingColdkeys::try_get(&s, &b), Some(0));
    assert_eq!(StakingColdkeysByIndex::try_get(&s, &1), None);
    // Partial unstaking keeps B in.
    staking::decrease_stake(&mut s, &h, &b, ROOT_NETUID, 1_000_000).expect("unstake");
    assert_eq!(NumStakingColdkeys::get(&s), 1);
}

#[test]
fn auto_claim_picks_coldkeys_from_the_parent_hash_as_subtensor_does() {
    // Start at the hash's first 8 bytes (big-endian), step by its 8-byte words in turn, modulo n.
    // Bytes 0..=31, n = 7: 0x0001020304050607 mod 7 steps to 2, 3, 4, 5 (and 2 again).
    let hash: H256 = std::array::from_fn(|i| i as u8);
    assert_eq!(block_hash_to_indices(&hash, 5, 7), vec![2, 3, 4, 5]);
    // All 0xff: every step saturates at u64::MAX ≡ 1 (mod 7).
    assert_eq!(block_hash_to_indices(&[0xff; 32], 5, 7), vec![1]);
    assert_eq!(block_hash_to_indices(&hash, 5, 0), vec![0]);
    assert!(block_hash_to_indices(&hash, 0, 7).is_empty());
}

#[test]
fn claim_settings_check_their_bounds() {
    let mut s = Storage::new();
    assert_eq!(
        RootClaimableThreshold::get(&s, &1),
        I96F32::from_num(500_000).to_bits()
    );
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 1,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: key("author"),
    };
    let set = |ctx: &mut Ctx<'_>, call| dispatch_root(ctx, &call);
    assert_eq!(
        set(
            &mut ctx,
            SubtensorCall::sudo_set_num_root_claims { new_value: 51 }
        ),
        Err(SubtensorError::InvalidNumRootClaim.into())
    );
    assert_eq!(
        set(
            &mut ctx,
            SubtensorCall::sudo_set_num_root_claims { new_value: 50 }
        ),
        Ok(())
    );
    assert_eq!(
        set(
            &mut ctx,
            SubtensorCall::sudo_set_root_claim_threshold {
                netuid: 1,
                new_value: 10_000_001
            }
        ),
        Err(SubtensorError::InvalidRootClaimThreshold.into())
    );
    let who = key("someone");
    assert_eq!(
        dispatch(
            &mut ctx,
            &who,
            &SubtensorCall::claim_root {
                subnets: (1..=6).collect()
            }
        ),
        Err(SubtensorError::InvalidSubnetNumber.into())
    );
    assert_eq!(
        dispatch(
            &mut ctx,
            &who,
            &SubtensorCall::set_root_claim_type {
                new_root_claim_type: RootClaimTypeEnum::KeepSubnets {
                    subnets: Default::default()
                }
            }
        ),
        Err(SubtensorError::InvalidSubnetNumber.into())
    );
    assert_eq!(
        dispatch(
            &mut ctx,
            &who,
            &SubtensorCall::sudo_set_root_claim_threshold {
                netuid: 1,
                new_value: 0
            }
        ),
        Err(DispatchError::BadOrigin),
        "only the subnet owner (or root)"
    );
    assert_eq!(NumRootClaim::get(&s), 50);
}

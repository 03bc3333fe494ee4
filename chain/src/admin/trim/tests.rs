//! `sudo_trim_to_max_allowed_uids` on bare state: subtensor's `test_trim_to_max_allowed_uids` scenario
//! (16 UIDs trimmed to 8, expected survivors and remapped weights and bonds worked out by hand), the
//! immune-share bound of `test_trim_to_max_allowed_uids_too_many_immune`, ties, the origin, the owner's
//! rate limit, the freeze window and the bounds, each with subtensor's error name.

use super::super::{dispatch as admin_dispatch, AdminOrigin};
use super::*;
use crate::call::AdminCall;
use crate::event::Phase;
use crate::storage::Storage;
use crate::types::AccountId;

fn account(n: u64) -> AccountId {
    let mut raw = [0u8; 32];
    raw[..8].copy_from_slice(&n.to_le_bytes());
    AccountId(raw)
}

/// The hotkey registered at `uid` in subtensor's test: `(uid + 1) · 1000`.
fn hot(uid: u16) -> AccountId {
    account((u64::from(uid) + 1) * 1000)
}

/// Subnet 1 with `n` UIDs (hotkey [`hot`]), owner coldkey 1, tempo 10, last epoch at block 100, freeze
/// window 3, immunity 10 blocks; UID `k` registered at block `k + 1`.
fn subnet(n: u16) -> Storage {
    let mut s = Storage::new();
    NetworksAdded::insert(&mut s, &1, true);
    SubnetOwner::insert(&mut s, &1, account(1));
    SubnetworkN::insert(&mut s, &1, n);
    Tempo::insert(&mut s, &1, 10);
    LastEpochBlock::insert(&mut s, &1, 100);
    AdminFreezeWindow::put(&mut s, 3);
    ImmunityPeriod::insert(&mut s, &1, 10);
    for uid in 0..n {
        Keys::insert(&mut s, &1, &uid, hot(uid));
        Uids::insert(&mut s, &1, &hot(uid), uid);
        IsNetworkMember::insert(&mut s, &hot(uid), &1, true);
        BlockAtRegistration::insert(&mut s, &1, &uid, u64::from(uid) + 1);
    }
    s
}

/// Dispatches the trim as an extrinsic is: its writes are rolled back when it fails.
fn trim(s: &mut Storage, block: u64, origin: AdminOrigin, max_n: u16) -> Result<(), String> {
    s.begin();
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s,
        block,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    let call = AdminCall::sudo_trim_to_max_allowed_uids { netuid: 1, max_n };
    let result = admin_dispatch(&mut ctx, origin, &call).map_err(|e| e.name());
    assert!(events.is_empty(), "the trim deposits no event");
    if result.is_ok() {
        s.commit();
    } else {
        s.rollback();
    }
    result
}

const VALUES: [u16; 16] = [17, 42, 8, 56, 23, 91, 34, 77, 12, 65, 3, 88, 29, 51, 74, 39];
const FLAGS: [bool; 16] = [
    false, false, false, true, false, true, true, true, false, true, false, true, false, true,
    true, false,
];

#[test]
fn sixteen_uids_trim_to_the_eight_highest_emitters_and_compact() {
    let mut s = subnet(16);
    let values = VALUES.to_vec();
    Emission::insert(&mut s, &1, values.iter().map(|&v| u64::from(v)).collect());
    Consensus::insert(&mut s, &1, values.clone());
    Dividends::insert(&mut s, &1, values.clone());
    ValidatorTrust::insert(&mut s, &1, values.clone());
    StakeWeight::insert(&mut s, &1, values.clone());
    Incentive::insert(&mut s, &1, values.clone());
    LastUpdate::insert(&mut s, &1, values.iter().map(|&v| u64::from(v)).collect());
    ValidatorPermit::insert(&mut s, &1, FLAGS.to_vec());
    Active::insert(&mut s, &1, FLAGS.to_vec());
    // The owner hotkey is not registered, so no UID is owner-immortal; UID 6 registered at block 100
    // is inside its immunity period, the others (registered at blocks 1..=16) are not.
    SubnetOwnerHotkey::insert(&mut s, &1, account(2));
    ImmuneOwnerUidsLimit::insert(&mut s, &1, 2);
    MinAllowedUids::insert(&mut s, &1, 4);
    BlockAtRegistration::insert(&mut s, &1, &6, 100);
    for uid in 0..16u16 {
        let others = (0..16u16).filter(|t| *t != uid);
        Weights::insert(
            &mut s,
            &1,
            &uid,
            others.clone().map(|t| (t, uid + t)).collect(),
        );
        Bonds::insert(&mut s, &1, &uid, others.map(|t| (t, uid * t)).collect());
        Axons::insert(&mut s, &1, &hot(uid), Default::default());
        AlphaDividendsPerSubnet::insert(&mut s, &1, &hot(uid), 5);
    }

    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 8), Ok(()));

    // Ranked by emission: 91(5) 88(11) 77(7) 74(14) 65(9) 56(3) 51(13) 42(1) 39(15) 34(6) 29(12)
    // 23(4) 17(0) 12(8) 8(2) 3(10). From the bottom, skipping the immune UID 6, the eight removed are
    // 10, 2, 8, 0, 4, 12, 15, 1; the survivors 3 5 6 7 9 11 13 14 become UIDs 0..8.
    let kept = [56u16, 91, 34, 77, 65, 88, 51, 74];
    assert_eq!(MaxAllowedUids::get(&s, &1), 8);
    assert_eq!(SubnetworkN::get(&s, &1), 8);
    assert_eq!(
        Emission::get(&s, &1),
        kept.iter().map(|&v| u64::from(v)).collect::<Vec<_>>()
    );
    for v in [
        Consensus::get(&s, &1),
        Dividends::get(&s, &1),
        ValidatorTrust::get(&s, &1),
        StakeWeight::get(&s, &1),
        Incentive::get(&s, &1),
    ] {
        assert_eq!(v, kept.to_vec());
    }
    assert_eq!(
        LastUpdate::get(&s, &1),
        kept.iter().map(|&v| u64::from(v)).collect::<Vec<_>>()
    );
    assert_eq!(Active::get(&s, &1), vec![true; 8]);
    assert_eq!(ValidatorPermit::get(&s, &1), vec![true; 8]);

    let old = [3u16, 5, 6, 7, 9, 11, 13, 14];
    for (new, &old_uid) in old.iter().enumerate() {
        let new = new as u16;
        assert_eq!(Keys::get(&s, &1, &new), hot(old_uid));
        assert_eq!(Uids::try_get(&s, &1, &hot(old_uid)), Some(new));
        assert!(Axons::contains_key(&s, &1, &hot(old_uid)));
        let registered = if old_uid == 6 {
            100
        } else {
            u64::from(old_uid) + 1
        };
        assert_eq!(BlockAtRegistration::get(&s, &1, &new), registered);
    }
    for uid in 8..16u16 {
        assert!(!Keys::contains_key(&s, &1, &uid));
        assert!(!BlockAtRegistration::contains_key(&s, &1, &uid));
        assert!(!Weights::contains_key(&s, &1, &uid));
        assert!(!Bonds::contains_key(&s, &1, &uid));
    }
    for removed in [0u16, 1, 2, 4, 8, 10, 12, 15] {
        let hotkey = hot(removed);
        assert_eq!(Uids::try_get(&s, &1, &hotkey), None);
        assert!(!IsNetworkMember::contains_key(&s, &hotkey, &1));
        assert!(!Axons::contains_key(&s, &1, &hotkey));
        assert!(!AlphaDividendsPerSubnet::contains_key(&s, &1, &hotkey));
    }
    // Old UID 3 (now 0) weighted every t ≠ 3 by 3 + t and bonded by 3 · t; of its targets the survivors
    // 5 6 7 9 11 13 14 are now 1..=7.
    assert_eq!(
        Weights::get(&s, &1, &0),
        vec![(1, 8), (2, 9), (3, 10), (4, 12), (5, 14), (6, 16), (7, 17)]
    );
    assert_eq!(
        Bonds::get(&s, &1, &0),
        vec![
            (1, 15),
            (2, 18),
            (3, 21),
            (4, 27),
            (5, 33),
            (6, 39),
            (7, 42)
        ]
    );
    // Old UID 14 (now 7): targets 3 5 6 7 9 11 13 → 0..=6, weights 14 + t.
    assert_eq!(
        Weights::get(&s, &1, &7),
        vec![
            (0, 17),
            (1, 19),
            (2, 20),
            (3, 21),
            (4, 23),
            (5, 25),
            (6, 27)
        ]
    );
}

#[test]
fn immune_uids_must_stay_below_eighty_percent_of_the_new_maximum() {
    // Owner coldkey 1 owns the hotkeys of UIDs 0 and 1 (immortal, limit 2); UIDs 2 and 3 registered at
    // the current block are immune: 4 immune UIDs of 5.
    let mut s = subnet(5);
    OwnedHotkeys::insert(&mut s, &account(1), vec![hot(0), hot(1)]);
    ImmuneOwnerUidsLimit::insert(&mut s, &1, 2);
    BlockAtRegistration::insert(&mut s, &1, &2, 101);
    BlockAtRegistration::insert(&mut s, &1, &3, 101);
    Emission::insert(&mut s, &1, vec![0; 5]);
    let too_many = Err("SubtensorModule.TrimmingWouldExceedMaxImmunePercentage".to_string());
    // 4 / 4 = 100 %, 4 / 3 > 100 %: refused (the new maximum, written first, is rolled back).
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 4), too_many);
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 3), too_many);
    assert_eq!(MaxAllowedUids::get(&s, &1), 256);
    // UID 3 leaves its immunity (registered at 90, 11 blocks ago): 3 / 4 = 75 % < 80 %.
    BlockAtRegistration::insert(&mut s, &1, &3, 90);
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 4), Ok(()));
    // All emissions tie at 0: the lowest-ranked (highest) non-immune UID, 4, goes; UID 3 stays.
    assert_eq!(SubnetworkN::get(&s, &1), 4);
    assert_eq!(
        (0..4u16).map(|u| Keys::get(&s, &1, &u)).collect::<Vec<_>>(),
        vec![hot(0), hot(1), hot(2), hot(3)]
    );
    assert_eq!(Uids::try_get(&s, &1, &hot(4)), None);
    // 3 immune of a new maximum of 3 is 100 %.
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 3), too_many);
}

#[test]
fn equal_emissions_drop_the_higher_uids_first() {
    // Emissions [5, 0, 0, 0, 0]: UIDs 1..=4 tie and keep their UID order in the stable ranking, so
    // trimming to 2 drops 4, 3 and 2, in that order.
    let mut s = subnet(5);
    Emission::insert(&mut s, &1, vec![5, 0, 0, 0, 0]);
    Weights::insert(&mut s, &1, &1, vec![(4, 9), (0, 7), (2, 3)]);
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 2), Ok(()));
    assert_eq!(Emission::get(&s, &1), vec![5, 0]);
    assert_eq!(Keys::get(&s, &1, &1), hot(1));
    assert_eq!(Weights::get(&s, &1, &1), vec![(0, 7)]);
    // A survivor without weights or bonds gets an empty row written, as subtensor's `mutate` does.
    assert_eq!(Weights::try_get(&s, &1, &0), Some(vec![]));
    assert_eq!(Bonds::try_get(&s, &1, &1), Some(vec![]));
    // Per-UID vectors shorter than the subnet read their missing entries as defaults.
    assert_eq!(Consensus::get(&s, &1), vec![0, 0]);
    assert_eq!(Active::get(&s, &1), vec![false, false]);
}

#[test]
fn origin_rate_limit_window_and_bounds() {
    let owner = AdminOrigin::Signed(account(1));
    let mut s = subnet(3);
    MinAllowedUids::insert(&mut s, &1, 2);
    MaxAllowedUids::insert(&mut s, &1, 6);
    assert_eq!(
        trim(&mut s, 101, AdminOrigin::Signed(account(7)), 5),
        Err("BadOrigin".into())
    );
    // Next epoch at 110: block 108 is in the freeze window of 3.
    assert_eq!(
        trim(&mut s, 108, AdminOrigin::Root, 5),
        Err("SubtensorModule.AdminActionProhibitedDuringWeightsWindow".into())
    );
    let invalid = Err("SubtensorModule.InvalidValue".to_string());
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 1), invalid);
    assert_eq!(trim(&mut s, 101, AdminOrigin::Root, 7), invalid);
    let mut other = s.clone();
    NetworksAdded::remove(&mut other, &1);
    assert_eq!(
        trim(&mut other, 101, AdminOrigin::Root, 5),
        Err("SubtensorModule.SubnetNotExists".into())
    );
    // At or above the UID count only the maximum changes.
    assert_eq!(trim(&mut s, 101, owner, 5), Ok(()));
    assert_eq!(
        (MaxAllowedUids::get(&s, &1), SubnetworkN::get(&s, &1)),
        (5, 3)
    );
    assert_eq!(
        TransactionKeyLastBlock::get(&s, &account(1), &1, &TX_MAX_UIDS_TRIMMING),
        101
    );
    // The owner waits 30 · 7200 blocks; root never does. Keep the freeze window away.
    let again = 101 + MAX_UIDS_TRIMMING_RATE_LIMIT;
    LastEpochBlock::insert(&mut s, &1, again - 1);
    assert_eq!(
        trim(&mut s, again - 1, owner, 4),
        Err("SubtensorModule.TxRateLimitExceeded".into())
    );
    assert_eq!(trim(&mut s, again - 1, AdminOrigin::Root, 4), Ok(()));
    assert_eq!(trim(&mut s, again, owner, 3), Ok(()));
    assert_eq!(MaxAllowedUids::get(&s, &1), 3);
}

//! Tests of hash commit-reveal: epochs with lookahead, the reveal window, the queue of commits, every
//! error with subtensor's name, and the epoch's column mask.

use super::*;
use crate::epoch::{run_epoch, EpochInput};
use crate::items::{
    BlocksSinceLastStep, LastEpochBlock, LastUpdate, NetworksAdded, PendingEpochAt, StakeThreshold,
    Tempo, Weights, WeightsSetRateLimit,
};
use crate::weights::tests::{at, hotkey, subnet, NETUID};

/// A commit-reveal subnet of 6 UIDs: tempo 10, last epoch at block 100, epoch index 5, reveal period 1.
fn cr_subnet() -> Storage {
    let mut s = subnet(6);
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, true);
    LastEpochBlock::insert(&mut s, &NETUID, 100);
    SubnetEpochIndex::insert(&mut s, &NETUID, 5);
    s
}

/// Moves the subnet to its next epoch as the coinbase does when it fires at `block`.
fn fire_epoch(s: &mut Storage, block: u64) {
    LastEpochBlock::insert(s, &NETUID, block);
    SubnetEpochIndex::mutate(s, &NETUID, |i| *i += 1);
}

const UIDS: [u16; 2] = [2, 3];
const VALUES: [u16; 2] = [1, 3];

fn hash_of(uid: u16, salt: &[u16]) -> H256 {
    commit_hash(&hotkey(uid), NETUID, &UIDS, &VALUES, salt, 0)
}

fn commit(s: &mut Storage, block: u64, uid: u16, salt: &[u16]) -> Result<(), DispatchError> {
    at(s, block, |ctx| {
        commit_weights(ctx, &hotkey(uid), NETUID, hash_of(uid, salt))
    })
    .0
}

fn reveal(s: &mut Storage, block: u64, uid: u16, salt: &[u16]) -> Result<(), DispatchError> {
    at(s, block, |ctx| {
        reveal_weights(ctx, &hotkey(uid), NETUID, &UIDS, &VALUES, salt, 0)
    })
    .0
}

fn err(r: Result<(), DispatchError>) -> Option<SubtensorError> {
    r.err().and_then(|e| e.subtensor())
}

#[test]
fn epoch_index_looks_ahead_to_a_due_epoch() {
    let mut s = cr_subnet();
    // Tempo 10 from block 100: due at 110.
    assert_eq!(current_epoch(&s, NETUID, 109), 5);
    assert_eq!(current_epoch(&s, NETUID, 110), 6);
    PendingEpochAt::insert(&mut s, &NETUID, 105);
    assert_eq!(current_epoch(&s, NETUID, 105), 6);
    PendingEpochAt::insert(&mut s, &NETUID, 0);
    BlocksSinceLastStep::insert(&mut s, &NETUID, 50_401);
    assert_eq!(current_epoch(&s, NETUID, 101), 6);
    Tempo::insert(&mut s, &NETUID, 0);
    assert_eq!(current_epoch(&s, NETUID, 200), 5);
}

#[test]
fn commit_then_reveal_one_epoch_later() {
    let mut s = cr_subnet();
    let (r, events) = at(&mut s, 105, |ctx| {
        commit_weights(ctx, &hotkey(0), NETUID, hash_of(0, &[7]))
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        events[0].event,
        crate::event::Event::SubtensorModule(SubtensorEvent::WeightsCommitted(
            hotkey(0),
            NETUID,
            hash_of(0, &[7])
        ))
    );
    assert_eq!(
        WeightCommits::get(&s, &NETUID, &hotkey(0)),
        vec![(hash_of(0, &[7]), 5, 105, 0)]
    );
    // The commit keeps the validator active: LastUpdate = commit block.
    assert_eq!(LastUpdate::get(&s, &NETUID)[0], 105);
    assert_eq!(
        err(reveal(&mut s, 108, 0, &[7])),
        Some(SubtensorError::RevealTooEarly)
    );
    fire_epoch(&mut s, 110);
    let (r, events) = at(&mut s, 112, |ctx| {
        reveal_weights(ctx, &hotkey(0), NETUID, &UIDS, &VALUES, &[7], 0)
    });
    assert_eq!(r, Ok(()));
    // 1 and 3 max-upscaled: 1·65535/3 = 21845, 65535.
    assert_eq!(
        Weights::get(&s, &NETUID, &0),
        vec![(2, 21_845), (3, 65_535)]
    );
    assert!(WeightCommits::get(&s, &NETUID, &hotkey(0)).is_empty());
    // The reveal does not touch LastUpdate.
    assert_eq!(LastUpdate::get(&s, &NETUID)[0], 105);
    let names: Vec<_> = events.iter().map(|e| e.event.clone()).collect();
    assert_eq!(
        names,
        vec![
            crate::event::Event::SubtensorModule(SubtensorEvent::WeightsSet(NETUID, 0)),
            crate::event::Event::SubtensorModule(SubtensorEvent::WeightsRevealed(
                hotkey(0),
                NETUID,
                hash_of(0, &[7])
            )),
        ]
    );
}

#[test]
fn a_commit_in_a_block_where_the_epoch_is_due_belongs_to_the_next_epoch() {
    let mut s = cr_subnet();
    assert_eq!(commit(&mut s, 110, 0, &[1]), Ok(()));
    assert_eq!(WeightCommits::get(&s, &NETUID, &hotkey(0))[0].1, 6);
    // So it is revealed in epoch 7, not 6.
    fire_epoch(&mut s, 110);
    assert_eq!(
        err(reveal(&mut s, 111, 0, &[1])),
        Some(SubtensorError::RevealTooEarly)
    );
    fire_epoch(&mut s, 120);
    assert_eq!(reveal(&mut s, 121, 0, &[1]), Ok(()));
}

#[test]
fn reveal_takes_out_every_earlier_commit() {
    let mut s = cr_subnet();
    commit(&mut s, 101, 0, &[1]).unwrap();
    commit(&mut s, 102, 0, &[2]).unwrap();
    commit(&mut s, 103, 0, &[3]).unwrap();
    fire_epoch(&mut s, 110);
    assert_eq!(reveal(&mut s, 111, 0, &[2]), Ok(()));
    assert_eq!(
        WeightCommits::get(&s, &NETUID, &hotkey(0)),
        vec![(hash_of(0, &[3]), 5, 103, 0)]
    );
    // The first commit left with it: subtensor's pre-dispatch check no longer finds it.
    assert_eq!(
        err(reveal(&mut s, 112, 0, &[1])),
        Some(SubtensorError::NoWeightsCommitFound)
    );
}

#[test]
fn expired_and_unknown_reveals() {
    let mut s = cr_subnet();
    commit(&mut s, 101, 0, &[1]).unwrap();
    assert_eq!(
        err(reveal(&mut s, 102, 0, &[9])),
        Some(SubtensorError::NoWeightsCommitFound)
    );
    assert_eq!(
        err(reveal(&mut s, 102, 1, &[1])),
        Some(SubtensorError::NoWeightsCommitFound)
    );
    // Two epochs later the commit (epoch 5, reveal period 1) has expired; subtensor's pre-dispatch
    // check still finds its hash and reports it out of its reveal epoch.
    fire_epoch(&mut s, 110);
    fire_epoch(&mut s, 120);
    assert_eq!(
        err(reveal(&mut s, 121, 0, &[1])),
        Some(SubtensorError::RevealTooEarly)
    );
    // A longer reveal period reopens it: epoch 7 = 5 + 2.
    RevealPeriodEpochs::insert(&mut s, &NETUID, 2);
    assert_eq!(reveal(&mut s, 121, 0, &[1]), Ok(()));
}

#[test]
fn at_most_ten_unrevealed_commits() {
    let mut s = cr_subnet();
    for salt in 0..10u16 {
        commit(&mut s, 100 + u64::from(salt), 0, &[salt]).unwrap();
    }
    assert_eq!(
        err(commit(&mut s, 111, 0, &[10])),
        Some(SubtensorError::TooManyUnrevealedCommits)
    );
    // Once their reveal epoch (6) has passed they are dropped, making room.
    fire_epoch(&mut s, 110);
    fire_epoch(&mut s, 120);
    assert_eq!(commit(&mut s, 121, 0, &[10]), Ok(()));
    assert_eq!(
        WeightCommits::get(&s, &NETUID, &hotkey(0)),
        vec![(hash_of(0, &[10]), 7, 121, 0)]
    );
}

#[test]
fn commits_share_the_weights_rate_limit() {
    let mut s = cr_subnet();
    WeightsSetRateLimit::insert(&mut s, &NETUID, 100);
    // LastUpdate is the registration block (100).
    assert_eq!(
        err(commit(&mut s, 150, 0, &[1])),
        Some(SubtensorError::CommittingWeightsTooFast)
    );
    assert_eq!(commit(&mut s, 200, 0, &[1]), Ok(()));
    assert_eq!(
        err(commit(&mut s, 299, 0, &[2])),
        Some(SubtensorError::CommittingWeightsTooFast)
    );
    assert_eq!(commit(&mut s, 300, 0, &[2]), Ok(()));
}

#[test]
fn commit_reveal_mode_and_registration_errors() {
    let mut s = cr_subnet();
    assert_eq!(
        err(at(&mut s, 101, |ctx| {
            commit_weights(ctx, &AccountId([99; 32]), NETUID, [0; 32])
        })
        .0),
        Some(SubtensorError::HotKeyNotRegisteredInSubNet)
    );
    assert_eq!(
        err(at(&mut s, 101, |ctx| commit_weights(
            ctx,
            &hotkey(0),
            9,
            [0; 32]
        ))
        .0),
        Some(SubtensorError::MechanismDoesNotExist)
    );
    commit(&mut s, 101, 0, &[1]).unwrap();
    fire_epoch(&mut s, 110);
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, false);
    assert_eq!(
        err(commit(&mut s, 111, 0, &[2])),
        Some(SubtensorError::CommitRevealDisabled)
    );
    assert_eq!(
        err(reveal(&mut s, 111, 0, &[1])),
        Some(SubtensorError::CommitRevealDisabled)
    );
    StakeThreshold::put(&mut s, 1);
    assert_eq!(
        err(commit(&mut s, 111, 0, &[2])),
        Some(SubtensorError::NotEnoughStakeToSetWeights)
    );
}

#[test]
fn mask_uses_the_earliest_commit_still_in_its_window() {
    // subtensor's test_epoch_does_not_mask_outside_window_but_masks_inside: reveal period 2; the
    // validator's first commit (epoch 1, block 8) has expired by epoch 4, its second (epoch 4, block 33)
    // has not. UID 1 registered at block 9 (after the first commit only) stays; UIDs 2 and 3 registered
    // at block 35 (after the live commit) are masked.
    let mut s = cr_subnet();
    RevealPeriodEpochs::insert(&mut s, &NETUID, 2);
    WeightCommits::insert(
        &mut s,
        &NETUID,
        &hotkey(0),
        vec![([1; 32], 1, 8, 0), ([2; 32], 4, 33, 0)],
    );
    let hotkeys: Vec<AccountId> = (0..4).map(hotkey).collect();
    let mask = earliest_live_commit_blocks(&s, NETUID, 4, &hotkeys);
    assert_eq!(mask, vec![33, u64::MAX, u64::MAX, u64::MAX]);
    // Epoch 3: the first commit is still live (3 ≤ 1 + 2).
    assert_eq!(earliest_live_commit_blocks(&s, NETUID, 3, &hotkeys)[0], 8);

    let input = EpochInput {
        current_block: 40,
        activity_cutoff: 100,
        kappa: 32_767,
        bonds_moving_average: 900_000,
        bonds_penalty: u16::MAX,
        max_allowed_validators: 1,
        yuma3: true,
        stake: vec![10_000, 1_000, 1_000, 1_000],
        last_update: vec![39, 9, 35, 35],
        block_at_registration: vec![0, 9, 35, 35],
        validator_permit: vec![true, false, false, false],
        weights: vec![
            vec![(1, 65_535), (2, 65_535), (3, 65_535)],
            vec![],
            vec![],
            vec![],
        ],
        bonds: vec![Vec::new(); 4],
        last_epoch_block: 30,
        earliest_commit_block: mask,
        emission: 1_000,
        ..EpochInput::default()
    };
    let out = run_epoch(&input);
    assert_eq!(out.incentive, vec![0, 65_535, 0, 0]);
    // With commit-reveal off nothing is masked: the three miners share the incentive. Each weight is
    // ⌊2^32/3⌋ = 1431655765 bits; the ranks sum to 2^32 − 1 bits, so each incentive stays 1431655765
    // bits = 0.33333333326, and ⌊0.33333333326·65535⌋ = 21844.
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, false);
    assert!(earliest_live_commit_blocks(&s, NETUID, 4, &hotkeys).is_empty());
    let out = run_epoch(&EpochInput {
        earliest_commit_block: Vec::new(),
        ..input
    });
    assert_eq!(out.incentive, vec![0, 21_844, 21_844, 21_844]);
}

/// The SubtensorModule events of a run.
fn subtensor_events(events: &[crate::event::EventRecord]) -> Vec<SubtensorEvent> {
    events
        .iter()
        .filter_map(|r| match &r.event {
            crate::event::Event::SubtensorModule(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

fn batch_reveal(
    s: &mut Storage,
    block: u64,
    uid: u16,
    salts: &[Vec<u16>],
) -> (Result<(), DispatchError>, Vec<crate::event::EventRecord>) {
    let n = salts.len();
    at(s, block, |ctx| {
        batch_reveal_weights(
            ctx,
            &hotkey(uid),
            NETUID,
            &vec![UIDS.to_vec(); n],
            &vec![VALUES.to_vec(); n],
            salts,
            &vec![0; n],
        )
    })
}

#[test]
fn batch_reveal_takes_out_only_the_revealed_commits_in_any_order() {
    // subtensor's test_batch_reveal_with_out_of_order_commits: commits A, B, C; C and A revealed in
    // one batch (out of order) leave B, which a second batch reveals.
    let mut s = cr_subnet();
    for (block, salt) in [(101, 0), (102, 1), (103, 2)] {
        commit(&mut s, block, 0, &[salt]).unwrap();
    }
    fire_epoch(&mut s, 110);
    let (r, events) = batch_reveal(&mut s, 111, 0, &[vec![2], vec![0]]);
    assert_eq!(r, Ok(()));
    assert_eq!(
        WeightCommits::get(&s, &NETUID, &hotkey(0)),
        vec![(hash_of(0, &[1]), 5, 102, 0)]
    );
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::WeightsSet(NETUID, 0),
            SubtensorEvent::WeightsSet(NETUID, 0),
            SubtensorEvent::WeightsBatchRevealed(
                hotkey(0),
                NETUID,
                vec![hash_of(0, &[2]), hash_of(0, &[0])]
            ),
        ]
    );
    assert_eq!(
        Weights::get(&s, &NETUID, &0),
        vec![(2, 21_845), (3, 65_535)]
    );
    assert_eq!(batch_reveal(&mut s, 112, 0, &[vec![1]]).0, Ok(()));
    assert!(!WeightCommits::contains_key(&s, &NETUID, &hotkey(0)));
}

#[test]
fn batch_reveal_checks_lengths_the_window_and_each_hash() {
    let mut s = cr_subnet();
    commit(&mut s, 101, 0, &[0]).unwrap();
    // subtensor's test_batch_reveal_with_invalid_input_lengths: the guard refuses first.
    let (r, _) = at(&mut s, 111, |ctx| {
        batch_reveal_weights(
            ctx,
            &hotkey(0),
            NETUID,
            &[UIDS.to_vec()],
            &[],
            &[vec![0]],
            &[0],
        )
    });
    assert_eq!(err(r), Some(SubtensorError::InputLengthsUnequal));
    // Before the reveal epoch: the guard's `RevealTooEarly` (test_batch_reveal_before_reveal_period).
    assert_eq!(
        err(batch_reveal(&mut s, 105, 0, &[vec![0]]).0),
        Some(SubtensorError::RevealTooEarly)
    );
    // No commits at all: `NoWeightsCommitFound` (test_batch_reveal_with_no_commits).
    assert_eq!(
        err(batch_reveal(&mut s, 105, 1, &[vec![0]]).0),
        Some(SubtensorError::NoWeightsCommitFound)
    );
    fire_epoch(&mut s, 110);
    // The same reveal twice: both pass the checks, the second finds its commit gone.
    assert_eq!(
        err(batch_reveal(&mut s, 111, 0, &[vec![0], vec![0]]).0),
        Some(SubtensorError::InvalidRevealCommitHashNotMatch)
    );
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, false);
    assert_eq!(
        err(batch_reveal(&mut s, 111, 0, &[vec![0]]).0),
        Some(SubtensorError::CommitRevealDisabled)
    );
}

#[test]
fn batch_reveal_past_the_guard_reports_an_expired_commit() {
    // subtensor's test_batch_reveal_with_expired_commits, which calls `do_batch_reveal_weights`
    // directly: A committed in epoch 5, B and C in epoch 6; in epoch 7 A has expired.
    let mut s = cr_subnet();
    commit(&mut s, 101, 0, &[0]).unwrap();
    fire_epoch(&mut s, 110);
    commit(&mut s, 111, 0, &[1]).unwrap();
    commit(&mut s, 112, 0, &[2]).unwrap();
    fire_epoch(&mut s, 120);
    let salts = [vec![0], vec![1], vec![2]];
    let direct = |s: &mut Storage, salts: &[Vec<u16>]| {
        let n = salts.len();
        at(s, 121, |ctx| {
            do_batch_reveal_weights(
                ctx,
                &hotkey(0),
                NETUID,
                &vec![UIDS.to_vec(); n],
                &vec![VALUES.to_vec(); n],
                salts,
                &vec![0; n],
            )
        })
        .0
    };
    assert_eq!(
        err(direct(&mut s, &salts)),
        Some(SubtensorError::ExpiredWeightCommit)
    );
    // Through the guard the expired commit is out of its reveal epoch.
    assert_eq!(
        err(batch_reveal(&mut s, 121, 0, &salts).0),
        Some(SubtensorError::RevealTooEarly)
    );
    // The failed call left the queue alone; the two live commits reveal.
    assert_eq!(WeightCommits::get(&s, &NETUID, &hotkey(0)).len(), 3);
    assert_eq!(direct(&mut s, &salts[1..]), Ok(()));
    assert!(!WeightCommits::contains_key(&s, &NETUID, &hotkey(0)));
}

#[test]
fn batch_commit_reports_each_failed_subnet_and_continues() {
    // subtensor's test_batch_commit_weights_item_failure_event_includes_netuid: subnets whose
    // commit-reveal is off fail one by one; the call itself succeeds. Here subnet 1 accepts the commit.
    let mut s = cr_subnet();
    NetworksAdded::insert(&mut s, &2, true);
    CommitRevealWeightsEnabled::insert(&mut s, &2, false);
    let netuids = [Compact(2u16), Compact(NETUID), Compact(3u16)];
    let hashes = [[0xAA; 32], hash_of(0, &[5]), [0xBB; 32]];
    let (r, events) = at(&mut s, 101, |ctx| {
        batch_commit_weights(ctx, &hotkey(0), &netuids, &hashes)
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::WeightsCommitted(hotkey(0), NETUID, hash_of(0, &[5])),
            SubtensorEvent::BatchCompletedWithErrors(),
            SubtensorEvent::BatchWeightItemFailed(2, SubtensorError::CommitRevealDisabled.into()),
            SubtensorEvent::BatchWeightItemFailed(3, SubtensorError::MechanismDoesNotExist.into()),
            SubtensorEvent::BatchWeightsCompleted(netuids.to_vec(), hotkey(0)),
        ]
    );
    assert_eq!(
        WeightCommits::get(&s, &NETUID, &hotkey(0)),
        vec![(hash_of(0, &[5]), 5, 101, 0)]
    );
    // Unequal lengths fail the whole call.
    let (r, _) = at(&mut s, 102, |ctx| {
        batch_commit_weights(ctx, &hotkey(0), &netuids, &hashes[..2])
    });
    assert_eq!(err(r), Some(SubtensorError::InputLengthsUnequal));
    // The stake threshold is checked on every subnet of the batch before anything runs.
    StakeThreshold::put(&mut s, 1);
    let (r, events) = at(&mut s, 103, |ctx| {
        batch_commit_weights(ctx, &hotkey(0), &netuids[..1], &hashes[..1])
    });
    assert_eq!(err(r), Some(SubtensorError::NotEnoughStakeToSetWeights));
    assert!(events.is_empty());
}

#[test]
fn mechanism_zero_commits_and_reveals_like_the_plain_calls() {
    let mut s = cr_subnet();
    let (r, _) = at(&mut s, 101, |ctx| {
        commit_mechanism_weights(ctx, &hotkey(0), NETUID, 0, hash_of(0, &[3]))
    });
    assert_eq!(r, Ok(()));
    fire_epoch(&mut s, 110);
    let (r, events) = at(&mut s, 111, |ctx| {
        reveal_mechanism_weights(ctx, &hotkey(0), NETUID, 0, &UIDS, &VALUES, &[3], 0)
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::WeightsSet(NETUID, 0),
            SubtensorEvent::WeightsRevealed(hotkey(0), NETUID, hash_of(0, &[3])),
        ]
    );
}

#[test]
fn other_mechanisms_fail_where_subtensor_refuses_them() {
    let mut s = cr_subnet();
    // Mechanism 1 does not exist (`MechanismCountCurrent` 1): `check_rate_limit` refuses it in the
    // guard, for a registered hotkey, before the dispatch's `MechanismDoesNotExist`.
    let (r, _) = at(&mut s, 101, |ctx| {
        commit_mechanism_weights(ctx, &hotkey(0), NETUID, 1, [1; 32])
    });
    assert_eq!(err(r), Some(SubtensorError::CommittingWeightsTooFast));
    let (r, _) = at(&mut s, 101, |ctx| {
        commit_mechanism_weights(ctx, &AccountId([99; 32]), NETUID, 1, [1; 32])
    });
    assert_eq!(err(r), Some(SubtensorError::MechanismDoesNotExist));
    // A reveal on mechanism 1 finds no commit under its storage index (1 × 4096 + 1).
    let (r, _) = at(&mut s, 101, |ctx| {
        reveal_mechanism_weights(ctx, &hotkey(0), NETUID, 1, &UIDS, &VALUES, &[3], 0)
    });
    assert_eq!(err(r), Some(SubtensorError::NoWeightsCommitFound));
    assert_eq!(weights::storage_index(NETUID, 1), 4097);
}

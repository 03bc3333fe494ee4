//! Tests of `set_weights`: subtensor's check order and error names, the stored row, and the fixed-point
//! helpers against values worked by hand in `I32F32` or taken from subtensor's tests.

use super::*;
use crate::event::EventRecord;
use parity_scale_codec::Compact;

pub(crate) const NETUID: NetUid = 1;

/// A test subnet: `n` UIDs registered at block 100 (hotkey `[i + 1; 32]`), UIDs 0 and 1 with validator
/// permits, commit-reveal off, no weights rate limit, `MinAllowedWeights` 1, owner hotkey unset.
pub(crate) fn subnet(n: u16) -> Storage {
    let mut s = Storage::new();
    NetworksAdded::insert(&mut s, &NETUID, true);
    SubnetworkN::insert(&mut s, &NETUID, n);
    Tempo::insert(&mut s, &NETUID, 10);
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, false);
    WeightsSetRateLimit::insert(&mut s, &NETUID, 0);
    MinAllowedWeights::insert(&mut s, &NETUID, 1);
    for uid in 0..n {
        let hotkey = hotkey(uid);
        Keys::insert(&mut s, &NETUID, &uid, hotkey);
        Uids::insert(&mut s, &NETUID, &hotkey, uid);
        BlockAtRegistration::insert(&mut s, &NETUID, &uid, 100);
    }
    LastUpdate::insert(&mut s, &NETUID, vec![100; usize::from(n)]);
    ValidatorPermit::insert(&mut s, &NETUID, (0..n).map(|u| u < 2).collect());
    s
}

pub(crate) fn hotkey(uid: u16) -> AccountId {
    AccountId([uid as u8 + 1; 32])
}

/// Runs `f` in block `block` of `s`; returns its result and the events it deposited.
pub(crate) fn at<R>(
    s: &mut Storage,
    block: u64,
    f: impl FnOnce(&mut Ctx<'_>) -> R,
) -> (R, Vec<EventRecord>) {
    crate::ctx::in_test_block(s, block, f)
}

fn set(
    s: &mut Storage,
    block: u64,
    uid: u16,
    uids: &[u16],
    values: &[u16],
) -> Result<(), DispatchError> {
    at(s, block, |ctx| {
        set_weights(ctx, &hotkey(uid), NETUID, uids, values, 0)
    })
    .0
}

fn err(r: Result<(), DispatchError>) -> Option<SubtensorError> {
    r.err().and_then(|e| e.subtensor())
}

#[test]
fn upscale_rounds_as_i32f32_does() {
    // max ≤ 32768: e·65535/max, rounded half away from zero: 1·65535/4 = 16383.75 → 16384,
    // 2·65535/4 = 32767.5 → 32768.
    assert_eq!(max_upscale(&[1, 2, 4]), vec![16_384, 32_768, 65_535]);
    // subtensor's test_bonds stores [65535/4, 65535/2, 65535/4·3, 65535] unchanged (max = 65535).
    assert_eq!(
        max_upscale(&[16_383, 32_767, 49_149, 65_535]),
        vec![16_383, 32_767, 49_149, 65_535]
    );
    // max > 32768: e·⌊65535/max⌋ on the 2^-32 grid. 65535/65534 = 1 + 65538.00006/2^32 → 65538
    // fraction bits; 32767·65538 = 2147483646 < 2^31, so 32767·f = 32767.4999999995 → 32767, where
    // exact arithmetic (32767·65535/65534 = 32767.5) would round up to 32768.
    assert_eq!(max_upscale(&[32_767, 65_534]), vec![32_767, 65_535]);
    assert_eq!(max_upscale(&[0, 0]), vec![0, 0]);
    assert!(max_upscale(&[]).is_empty());
}

#[test]
fn max_weight_limit_compares_on_the_fixed_point_grid() {
    let mut s = subnet(5);
    // Row [65535, 65535, 4226]: max share 65535/135296. With limit 31744, 65535² − 31744·135296 = 1, so
    // the exact share exceeds the limit by 1/(65535·135296) < 2^-32, and both truncate to
    // 2080406528/2^32: subtensor accepts it.
    MaxWeightsLimit::insert(&mut s, &NETUID, 31_744);
    assert_eq!(
        set(&mut s, 200, 0, &[2, 3, 4], &[65_535, 65_535, 4_226]),
        Ok(())
    );
    // One less and the limit lies a full grid step below the share.
    MaxWeightsLimit::insert(&mut s, &NETUID, 31_743);
    assert_eq!(
        err(set(&mut s, 201, 0, &[2, 3, 4], &[65_535, 65_535, 4_226])),
        Some(SubtensorError::MaxWeightExceeded)
    );
    // A single self-weight is exempt.
    assert_eq!(set(&mut s, 202, 0, &[0], &[1]), Ok(()));
}

#[test]
fn stores_zero_weights_and_updates_last_update() {
    let mut s = subnet(4);
    let (r, events) = at(&mut s, 250, |ctx| {
        set_weights(ctx, &hotkey(1), NETUID, &[2, 3], &[0, 7], 0)
    });
    assert_eq!(r, Ok(()));
    assert_eq!(Weights::get(&s, &NETUID, &1), vec![(2, 0), (3, 65_535)]);
    assert_eq!(LastUpdate::get(&s, &NETUID), vec![100, 250, 100, 100]);
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].event,
        crate::event::Event::SubtensorModule(SubtensorEvent::WeightsSet(NETUID, 1))
    );
}

#[test]
fn commit_reveal_on_fails_first() {
    let mut s = subnet(4);
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, true);
    // Even a malformed call on a subnet with commit-reveal on names commit-reveal.
    assert_eq!(
        err(set(&mut s, 200, 0, &[1, 2], &[1])),
        Some(SubtensorError::CommitRevealEnabled)
    );
    // A subnet that does not exist has commit-reveal on by default.
    assert_eq!(
        err(at(&mut s, 200, |ctx| set_weights(
            ctx,
            &hotkey(0),
            9,
            &[0],
            &[1],
            0
        ))
        .0),
        Some(SubtensorError::CommitRevealEnabled)
    );
}

#[test]
fn checks_run_in_subtensor_order() {
    let mut s = subnet(4);
    CommitRevealWeightsEnabled::insert(&mut s, &0, false);
    assert_eq!(
        err(at(&mut s, 200, |ctx| set_weights(
            ctx,
            &hotkey(0),
            0,
            &[0],
            &[1, 2],
            0
        ))
        .0),
        Some(SubtensorError::CanNotSetRootNetworkWeights)
    );
    assert_eq!(
        err(set(&mut s, 200, 0, &[1, 2], &[1])),
        Some(SubtensorError::WeightVecNotEqualSize)
    );
    CommitRevealWeightsEnabled::insert(&mut s, &9, false);
    assert_eq!(
        err(at(&mut s, 200, |ctx| set_weights(
            ctx,
            &hotkey(0),
            9,
            &[0],
            &[1],
            0
        ))
        .0),
        Some(SubtensorError::MechanismDoesNotExist)
    );
    assert_eq!(
        err(set(&mut s, 200, 0, &[0, 1, 2, 3, 0], &[1; 5])),
        Some(SubtensorError::UidsLengthExceedUidsInSubNet)
    );
    assert_eq!(
        err(at(&mut s, 200, |ctx| {
            set_weights(ctx, &AccountId([99; 32]), NETUID, &[0], &[1], 0)
        })
        .0),
        Some(SubtensorError::HotKeyNotRegisteredInSubNet)
    );
    StakeThreshold::put(&mut s, 1_000);
    assert_eq!(
        err(set(&mut s, 200, 0, &[2], &[1])),
        Some(SubtensorError::NotEnoughStakeToSetWeights)
    );
    TotalHotkeyAlpha::insert(&mut s, &hotkey(0), &NETUID, 1_000);
    WeightsVersionKey::insert(&mut s, &NETUID, 5);
    assert_eq!(
        err(at(&mut s, 200, |ctx| set_weights(
            ctx,
            &hotkey(0),
            NETUID,
            &[2],
            &[1],
            4
        ))
        .0),
        Some(SubtensorError::IncorrectWeightVersionKey)
    );
    assert_eq!(
        at(&mut s, 200, |ctx| set_weights(
            ctx,
            &hotkey(0),
            NETUID,
            &[2],
            &[1],
            5
        ))
        .0,
        Ok(())
    );
    WeightsVersionKey::insert(&mut s, &NETUID, 0);
    // Rate limit: last update 200, limit 100 ⇒ blocks 201..=299 refused, 300 accepted.
    WeightsSetRateLimit::insert(&mut s, &NETUID, 100);
    assert_eq!(
        err(set(&mut s, 299, 0, &[2], &[1])),
        Some(SubtensorError::SettingWeightsTooFast)
    );
    assert_eq!(set(&mut s, 300, 0, &[2], &[1]), Ok(()));
    WeightsSetRateLimit::insert(&mut s, &NETUID, 0);
    StakeThreshold::put(&mut s, 0);
    // UID 2 holds no permit: only a single self-weight is allowed.
    assert_eq!(
        err(set(&mut s, 400, 2, &[3], &[1])),
        Some(SubtensorError::NeuronNoValidatorPermit)
    );
    assert_eq!(set(&mut s, 400, 2, &[2], &[1]), Ok(()));
    assert_eq!(
        err(set(&mut s, 400, 0, &[2, 2], &[1, 1])),
        Some(SubtensorError::DuplicateUids)
    );
    assert_eq!(
        err(set(&mut s, 400, 0, &[2, 4], &[1, 1])),
        Some(SubtensorError::UidVecContainInvalidOne)
    );
    MinAllowedWeights::insert(&mut s, &NETUID, 3);
    assert_eq!(
        err(set(&mut s, 400, 0, &[2, 3], &[1, 1])),
        Some(SubtensorError::WeightVecLengthIsLow)
    );
    // min(MinAllowedWeights, n): with 10 required on a 4-UID subnet, 4 weights suffice.
    MinAllowedWeights::insert(&mut s, &NETUID, 10);
    assert_eq!(set(&mut s, 400, 0, &[0, 1, 2, 3], &[1; 4]), Ok(()));
}

#[test]
fn the_owner_needs_no_permit_and_no_stake() {
    let mut s = subnet(4);
    SubnetOwnerHotkey::insert(&mut s, &NETUID, hotkey(3));
    StakeThreshold::put(&mut s, 1_000);
    assert_eq!(set(&mut s, 200, 3, &[2, 3], &[1, 1]), Ok(()));
    // An owner hotkey that is not registered on the subnet is not exempt.
    SubnetOwnerHotkey::insert(&mut s, &NETUID, AccountId([99; 32]));
    assert_eq!(
        err(at(&mut s, 200, |ctx| {
            set_weights(ctx, &AccountId([99; 32]), NETUID, &[0], &[1], 0)
        })
        .0),
        Some(SubtensorError::NotEnoughStakeToSetWeights)
    );
}

#[test]
fn a_new_neuron_waits_the_rate_limit_from_its_registration() {
    // Registration writes LastUpdate = registration block (100), so the limit counts from there.
    let mut s = subnet(4);
    WeightsSetRateLimit::insert(&mut s, &NETUID, 50);
    assert_eq!(
        err(set(&mut s, 149, 0, &[2], &[1])),
        Some(SubtensorError::SettingWeightsTooFast)
    );
    assert_eq!(set(&mut s, 150, 0, &[2], &[1]), Ok(()));
}

#[test]
fn guard_errors_map_to_subtensor_pool_codes() {
    assert_eq!(
        transaction_error_code(SubtensorError::NotEnoughStakeToSetWeights),
        1
    );
    assert_eq!(
        transaction_error_code(SubtensorError::SettingWeightsTooFast),
        6
    );
    assert_eq!(
        transaction_error_code(SubtensorError::CommittingWeightsTooFast),
        6
    );
    assert_eq!(
        transaction_error_code(SubtensorError::NoWeightsCommitFound),
        16
    );
    assert_eq!(transaction_error_code(SubtensorError::RevealTooEarly), 17);
    assert_eq!(transaction_error_code(SubtensorError::DuplicateUids), 255);
}

fn subtensor_events(events: &[EventRecord]) -> Vec<SubtensorEvent> {
    events
        .iter()
        .filter_map(|r| match &r.event {
            crate::event::Event::SubtensorModule(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

fn row(pairs: &[(u16, u16)]) -> Vec<(Compact<u16>, Compact<u16>)> {
    pairs
        .iter()
        .map(|&(u, v)| (Compact(u), Compact(v)))
        .collect()
}

#[test]
fn batch_set_weights_reports_each_failed_subnet_and_keeps_the_rest() {
    // subtensor's test_batch_set_weights_item_failure_event_includes_netuid: items on subnets with
    // commit-reveal on fail `CommitRevealEnabled` one by one; the call succeeds. Here subnet 1 takes its
    // row, subnet 2 has commit-reveal on and subnet 1's second row names an unknown UID.
    let mut s = subnet(4);
    NetworksAdded::insert(&mut s, &2, true);
    CommitRevealWeightsEnabled::insert(&mut s, &2, true);
    let netuids = [Compact(NETUID), Compact(2), Compact(NETUID)];
    let rows = [row(&[(2, 1), (3, 3)]), row(&[]), row(&[(9, 1)])];
    let versions = [Compact(0u64); 3];
    let (r, events) = at(&mut s, 200, |ctx| {
        batch_set_weights(ctx, &hotkey(0), &netuids, &rows, &versions)
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::WeightsSet(NETUID, 0),
            SubtensorEvent::BatchCompletedWithErrors(),
            SubtensorEvent::BatchWeightItemFailed(2, SubtensorError::CommitRevealEnabled.into()),
            SubtensorEvent::BatchWeightItemFailed(
                NETUID,
                SubtensorError::UidVecContainInvalidOne.into()
            ),
            SubtensorEvent::BatchWeightsCompleted(netuids.to_vec(), hotkey(0)),
        ]
    );
    // 1 and 3 max-upscaled: 21845 and 65535.
    assert_eq!(
        Weights::get(&s, &NETUID, &0),
        vec![(2, 21_845), (3, 65_535)]
    );
    assert_eq!(LastUpdate::get(&s, &NETUID)[0], 200);
    // No failure: only the closing event after the rows.
    let (r, events) = at(&mut s, 201, |ctx| {
        batch_set_weights(ctx, &hotkey(1), &netuids[..1], &rows[..1], &versions[..1])
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::WeightsSet(NETUID, 1),
            SubtensorEvent::BatchWeightsCompleted(netuids[..1].to_vec(), hotkey(1)),
        ]
    );
}

#[test]
fn batch_set_weights_guards_lengths_then_every_subnets_stake_but_no_rate_limit() {
    let mut s = subnet(4);
    let netuids = [Compact(NETUID), Compact(NETUID)];
    let rows = [row(&[(2, 1)]), row(&[(3, 1)])];
    let versions = [Compact(0u64); 2];
    // subtensor's mismatched_batch_lengths_are_blocked.
    let (r, events) = at(&mut s, 200, |ctx| {
        batch_set_weights(ctx, &hotkey(0), &netuids, &rows[..1], &versions)
    });
    assert_eq!(err(r), Some(SubtensorError::InputLengthsUnequal));
    assert!(events.is_empty());
    // Lengths before stake.
    StakeThreshold::put(&mut s, 1_000);
    let (r, _) = at(&mut s, 200, |ctx| {
        batch_set_weights(ctx, &hotkey(0), &netuids, &rows[..1], &versions)
    });
    assert_eq!(err(r), Some(SubtensorError::InputLengthsUnequal));
    let (r, _) = at(&mut s, 200, |ctx| {
        batch_set_weights(ctx, &hotkey(0), &netuids, &rows, &versions)
    });
    assert_eq!(err(r), Some(SubtensorError::NotEnoughStakeToSetWeights));
    StakeThreshold::put(&mut s, 0);
    // The rate limit is the item's: with a limit of 100 blocks since 100, the first row at 150 fails
    // `SettingWeightsTooFast` inside the batch instead of refusing the call.
    WeightsSetRateLimit::insert(&mut s, &NETUID, 100);
    let (r, events) = at(&mut s, 150, |ctx| {
        batch_set_weights(ctx, &hotkey(0), &netuids[..1], &rows[..1], &versions[..1])
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        subtensor_events(&events)[1],
        SubtensorEvent::BatchWeightItemFailed(NETUID, SubtensorError::SettingWeightsTooFast.into())
    );
}

#[test]
fn set_mechanism_weights_on_mechanism_zero_is_set_weights_and_others_do_not_exist() {
    let mut s = subnet(4);
    let (r, events) = at(&mut s, 200, |ctx| {
        set_mechanism_weights(ctx, &hotkey(0), NETUID, 0, &[2], &[1], 0)
    });
    assert_eq!(r, Ok(()));
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::WeightsSet(NETUID, 0)]
    );
    // Mechanism 1: a registered hotkey is refused by the rate-limit guard (subtensor's
    // `check_rate_limit` fails for a mechanism that does not exist), anyone else at dispatch.
    let (r, _) = at(&mut s, 201, |ctx| {
        set_mechanism_weights(ctx, &hotkey(0), NETUID, 1, &[2], &[1], 0)
    });
    assert_eq!(err(r), Some(SubtensorError::SettingWeightsTooFast));
    let (r, _) = at(&mut s, 201, |ctx| {
        set_mechanism_weights(ctx, &AccountId([99; 32]), NETUID, 1, &[2], &[1], 0)
    });
    assert_eq!(err(r), Some(SubtensorError::MechanismDoesNotExist));
    // The dispatch's first checks come before the mechanism's existence.
    let (r, _) = at(&mut s, 201, |ctx| {
        set_mechanism_weights(ctx, &AccountId([99; 32]), NETUID, 1, &[2, 3], &[1], 0)
    });
    assert_eq!(err(r), Some(SubtensorError::WeightVecNotEqualSize));
    // With commit-reveal on the guard skips the rate limit: `CommitRevealEnabled`.
    CommitRevealWeightsEnabled::insert(&mut s, &NETUID, true);
    let (r, _) = at(&mut s, 201, |ctx| {
        set_mechanism_weights(ctx, &hotkey(0), NETUID, 1, &[2], &[1], 0)
    });
    assert_eq!(err(r), Some(SubtensorError::CommitRevealEnabled));
}

//! Epoch scheduling the subnet owner controls: `set_tempo` (call 139) and `trigger_epoch` (call 141), as
//! subtensor main's `coinbase/tempo_control.rs` does them, and the schedule they act on.
//!
//! A subnet's epoch is due when `tempo` blocks have passed since `LastEpochBlock`, or at a pending
//! `PendingEpochAt` (the coinbase runs it; see `coinbase::run`).
//! - `set_tempo`: the owner sets a tempo in `MIN_TEMPO..=MAX_TEMPO` (`TempoOutOfBounds`), outside the admin
//!   freeze window (`AdminActionProhibitedDuringWeightsWindow`), at most once per `MIN_TEMPO` blocks per
//!   owner and subnet (`TxRateLimitExceeded`, `TransactionKeyLastBlock` type 11). The cycle restarts:
//!   `LastEpochBlock` = now, so the next epoch is `tempo` blocks away. Root's `sudo_set_tempo` does the
//!   same restart without the bounds and the rate limit.
//! - `trigger_epoch`: the owner schedules the epoch for `now + AdminFreezeWindow`
//!   (`PendingEpochAt`), refused while commit-reveal is on (`DynamicTempoBlockedByCommitReveal`), while a
//!   trigger is pending (`EpochTriggerAlreadyPending`), when the scheduled epoch is fewer than
//!   `AdminFreezeWindow` blocks away (`AutoEpochAlreadyImminent`), and more often than the owner
//!   hyperparameter rate limit (`OwnerHyperparamRateLimit` tempos, key `TriggerEpoch`). The pending
//!   trigger holds the freeze window shut until it fires.
//!
//! Neither call checks that the subnet exists: a non-existent subnet has no owner, so the caller fails
//! `BadOrigin`.

use crate::admin::{in_admin_freeze_window, Hyperparameter, RateLimitKey};
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid};

/// Smallest tempo an owner may set; also `set_tempo`'s rate limit in blocks (subtensor's `MIN_TEMPO`).
pub const MIN_TEMPO: u16 = 360;
/// Largest tempo an owner may set, about 7 days of 12 s blocks (subtensor's `MAX_TEMPO`).
pub const MAX_TEMPO: u16 = 50_400;
/// `TransactionKeyLastBlock` transaction type of `set_tempo` (subtensor's `TransactionType::TempoUpdate`).
pub const TX_TEMPO_UPDATE: u16 = 11;

/// `tempo` blocks after `LastEpochBlock`, less `block` (0 once due); `u64::MAX` when `tempo` is 0
/// (subtensor's `blocks_until_next_auto_epoch`, which ignores `PendingEpochAt`).
pub fn blocks_until_next_auto_epoch(s: &Storage, netuid: NetUid, tempo: u16, block: u64) -> u64 {
    if tempo == 0 {
        return u64::MAX;
    }
    LastEpochBlock::get(s, &netuid)
        .saturating_add(u64::from(tempo))
        .saturating_sub(block)
}

/// The block of the next epoch (subtensor's `get_next_epoch_start_block`): `LastEpochBlock + tempo`, or
/// an earlier `PendingEpochAt`; `None` when the tempo is 0. Like subtensor it does not look at whether
/// the subnet exists, at the per-block epoch cap or at the `BlocksSinceLastStep` safety net.
pub fn next_epoch_start_block(s: &Storage, netuid: NetUid) -> Option<u64> {
    let tempo = Tempo::get(s, &netuid);
    if tempo == 0 {
        return None;
    }
    let auto_next = LastEpochBlock::get(s, &netuid).saturating_add(u64::from(tempo));
    let pending = PendingEpochAt::get(s, &netuid);
    Some(if pending > 0 {
        auto_next.min(pending)
    } else {
        auto_next
    })
}

/// Sets `tempo` and restarts the cycle at the current block (`apply_tempo_with_cycle_reset`), with
/// `TempoSet`.
pub fn apply_tempo_with_cycle_reset(ctx: &mut Ctx<'_>, netuid: NetUid, tempo: u16) {
    Tempo::insert(ctx.s, &netuid, tempo);
    ctx.deposit(SubtensorEvent::TempoSet(netuid, tempo));
    LastEpochBlock::insert(ctx.s, &netuid, ctx.block);
}

fn ensure_subnet_owner(s: &Storage, who: &AccountId, netuid: NetUid) -> Result<(), DispatchError> {
    if SubnetOwner::get(s, &netuid) == *who {
        Ok(())
    } else {
        Err(DispatchError::BadOrigin)
    }
}

/// `last == 0 || block − last ≥ limit` (subtensor's `check_passes_rate_limit`).
fn passes_rate_limit(limit: u64, block: u64, last: u64) -> bool {
    last == 0 || block.saturating_sub(last) >= limit
}

/// `set_tempo(netuid, tempo)` from the subnet owner's coldkey `who`.
pub fn set_tempo(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    netuid: NetUid,
    tempo: u16,
) -> Result<(), DispatchError> {
    ensure_subnet_owner(ctx.s, who, netuid)?;
    if !(MIN_TEMPO..=MAX_TEMPO).contains(&tempo) {
        return Err(SubtensorError::TempoOutOfBounds.into());
    }
    if in_admin_freeze_window(ctx.s, netuid, ctx.block) {
        return Err(SubtensorError::AdminActionProhibitedDuringWeightsWindow.into());
    }
    let last = TransactionKeyLastBlock::get(ctx.s, who, &netuid, &TX_TEMPO_UPDATE);
    if !passes_rate_limit(u64::from(MIN_TEMPO), ctx.block, last) {
        return Err(SubtensorError::TxRateLimitExceeded.into());
    }
    apply_tempo_with_cycle_reset(ctx, netuid, tempo);
    TransactionKeyLastBlock::insert(ctx.s, who, &netuid, &TX_TEMPO_UPDATE, ctx.block);
    Ok(())
}

/// `trigger_epoch(netuid)` from the subnet owner's coldkey `who`: the epoch runs at
/// `now + AdminFreezeWindow`.
pub fn trigger_epoch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    netuid: NetUid,
) -> Result<(), DispatchError> {
    ensure_subnet_owner(ctx.s, who, netuid)?;
    if CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::DynamicTempoBlockedByCommitReveal.into());
    }
    if PendingEpochAt::get(ctx.s, &netuid) != 0 {
        return Err(SubtensorError::EpochTriggerAlreadyPending.into());
    }
    let window = u64::from(AdminFreezeWindow::get(ctx.s));
    let tempo = Tempo::get(ctx.s, &netuid);
    if blocks_until_next_auto_epoch(ctx.s, netuid, tempo, ctx.block) < window {
        return Err(SubtensorError::AutoEpochAlreadyImminent.into());
    }
    let key = RateLimitKey::OwnerHyperparamUpdate(netuid, Hyperparameter::TriggerEpoch);
    let limit = u64::from(tempo).saturating_mul(u64::from(OwnerHyperparamRateLimit::get(ctx.s)));
    if !passes_rate_limit(limit, ctx.block, LastRateLimitedBlock::get(ctx.s, &key)) {
        return Err(SubtensorError::TxRateLimitExceeded.into());
    }
    let fires_at = ctx.block.saturating_add(window);
    PendingEpochAt::insert(ctx.s, &netuid, fires_at);
    LastRateLimitedBlock::insert(ctx.s, &key, ctx.block);
    ctx.deposit(SubtensorEvent::EpochTriggered {
        netuid,
        by: *who,
        fires_at,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::{self, AdminOrigin};
    use crate::call::AdminCall;
    use crate::event::{Event, EventRecord};

    const NETUID: NetUid = 1;

    fn account(n: u8) -> AccountId {
        AccountId([n; 32])
    }

    fn owner() -> AccountId {
        account(1)
    }

    /// Subnet 1 owned by `owner()`, tempo 360 with its last epoch at block 900, commit-reveal off.
    fn subnet() -> Storage {
        let mut s = Storage::new();
        NetworksAdded::insert(&mut s, &NETUID, true);
        SubnetOwner::insert(&mut s, &NETUID, owner());
        Tempo::insert(&mut s, &NETUID, 360);
        LastEpochBlock::insert(&mut s, &NETUID, 900);
        CommitRevealWeightsEnabled::insert(&mut s, &NETUID, false);
        s
    }

    fn at<R>(
        s: &mut Storage,
        block: u64,
        f: impl FnOnce(&mut Ctx<'_>) -> R,
    ) -> (R, Vec<EventRecord>) {
        crate::ctx::in_test_block(s, block, f)
    }

    fn err(e: SubtensorError) -> Result<(), DispatchError> {
        Err(e.into())
    }

    fn events(records: &[EventRecord]) -> Vec<Event> {
        records.iter().map(|r| r.event.clone()).collect()
    }

    #[test]
    fn set_tempo_is_bounded_and_restarts_the_cycle() {
        let mut s = subnet();
        let (r, _) = at(&mut s, 1000, |ctx| set_tempo(ctx, &account(2), NETUID, 720));
        assert_eq!(r, Err(DispatchError::BadOrigin));
        let (r, _) = at(&mut s, 1000, |ctx| set_tempo(ctx, &owner(), NETUID, 359));
        assert_eq!(r, err(SubtensorError::TempoOutOfBounds));
        let (r, _) = at(&mut s, 1000, |ctx| set_tempo(ctx, &owner(), NETUID, 50_401));
        assert_eq!(r, err(SubtensorError::TempoOutOfBounds));

        let (r, ev) = at(&mut s, 1000, |ctx| set_tempo(ctx, &owner(), NETUID, 720));
        assert_eq!(r, Ok(()));
        assert_eq!(
            events(&ev),
            vec![Event::SubtensorModule(SubtensorEvent::TempoSet(
                NETUID, 720
            ))]
        );
        assert_eq!(Tempo::get(&s, &NETUID), 720);
        // The cycle restarts now: the next epoch is a whole tempo away.
        assert_eq!(LastEpochBlock::get(&s, &NETUID), 1000);
        assert_eq!(next_epoch_start_block(&s, NETUID), Some(1720));
        assert_eq!(
            TransactionKeyLastBlock::get(&s, &owner(), &NETUID, &TX_TEMPO_UPDATE),
            1000
        );

        // Once per MIN_TEMPO = 360 blocks: refused at 1359, allowed at 1360.
        let (r, _) = at(&mut s, 1359, |ctx| set_tempo(ctx, &owner(), NETUID, 50_400));
        assert_eq!(r, err(SubtensorError::TxRateLimitExceeded));
        let (r, _) = at(&mut s, 1360, |ctx| set_tempo(ctx, &owner(), NETUID, 50_400));
        assert_eq!(r, Ok(()));
        assert_eq!(next_epoch_start_block(&s, NETUID), Some(1360 + 50_400));
    }

    #[test]
    fn set_tempo_respects_the_admin_freeze_window() {
        // Next epoch at 900 + 360 = 1260; AdminFreezeWindow 10 shuts blocks 1251..1260.
        let mut s = subnet();
        let (r, _) = at(&mut s, 1251, |ctx| set_tempo(ctx, &owner(), NETUID, 720));
        assert_eq!(
            r,
            err(SubtensorError::AdminActionProhibitedDuringWeightsWindow)
        );
        let (r, _) = at(&mut s, 1250, |ctx| set_tempo(ctx, &owner(), NETUID, 720));
        assert_eq!(r, Ok(()));
    }

    #[test]
    fn trigger_epoch_schedules_the_epoch_a_freeze_window_ahead() {
        let mut s = subnet();
        CommitRevealWeightsEnabled::insert(&mut s, &NETUID, true);
        let (r, _) = at(&mut s, 1000, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, err(SubtensorError::DynamicTempoBlockedByCommitReveal));
        CommitRevealWeightsEnabled::insert(&mut s, &NETUID, false);
        let (r, _) = at(&mut s, 1000, |ctx| trigger_epoch(ctx, &account(2), NETUID));
        assert_eq!(r, Err(DispatchError::BadOrigin));
        // The scheduled epoch (1260) is 9 < 10 blocks away at 1251.
        let (r, _) = at(&mut s, 1251, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, err(SubtensorError::AutoEpochAlreadyImminent));

        let (r, ev) = at(&mut s, 1000, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, Ok(()));
        assert_eq!(
            events(&ev),
            vec![Event::SubtensorModule(SubtensorEvent::EpochTriggered {
                netuid: NETUID,
                by: owner(),
                fires_at: 1010,
            })]
        );
        assert_eq!(PendingEpochAt::get(&s, &NETUID), 1010);
        // The pending epoch is earlier than the scheduled one.
        assert_eq!(next_epoch_start_block(&s, NETUID), Some(1010));
        let (r, _) = at(&mut s, 1001, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, err(SubtensorError::EpochTriggerAlreadyPending));
        // A pending trigger holds the freeze window shut until it fires.
        let (r, _) = at(&mut s, 1001, |ctx| set_tempo(ctx, &owner(), NETUID, 720));
        assert_eq!(
            r,
            err(SubtensorError::AdminActionProhibitedDuringWeightsWindow)
        );

        // The epoch ran at 1010 (the coinbase resets the schedule). The next trigger waits for
        // tempo × OwnerHyperparamRateLimit = 360 × 2 = 720 blocks from the last one: 1720.
        LastEpochBlock::insert(&mut s, &NETUID, 1010);
        PendingEpochAt::insert(&mut s, &NETUID, 0);
        let (r, _) = at(&mut s, 1200, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, err(SubtensorError::TxRateLimitExceeded));
        LastEpochBlock::insert(&mut s, &NETUID, 1700);
        let (r, _) = at(&mut s, 1719, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, err(SubtensorError::TxRateLimitExceeded));
        let (r, _) = at(&mut s, 1720, |ctx| trigger_epoch(ctx, &owner(), NETUID));
        assert_eq!(r, Ok(()));
        assert_eq!(PendingEpochAt::get(&s, &NETUID), 1730);
        // A later pending epoch does not hide an earlier scheduled one.
        PendingEpochAt::insert(&mut s, &NETUID, 5000);
        assert_eq!(next_epoch_start_block(&s, NETUID), Some(2060));
    }

    #[test]
    fn next_epoch_start_block_follows_subtensor() {
        let mut s = subnet();
        assert_eq!(next_epoch_start_block(&s, NETUID), Some(1260));
        Tempo::insert(&mut s, &NETUID, 0);
        assert_eq!(next_epoch_start_block(&s, NETUID), None);
        // Like subtensor, a netuid without a subnet answers from the defaults: 0 + 360.
        assert_eq!(next_epoch_start_block(&s, 9), Some(360));
    }

    #[test]
    fn sudo_set_tempo_restarts_the_cycle_too() {
        let mut s = subnet();
        let call = AdminCall::sudo_set_tempo {
            netuid: NETUID,
            tempo: 100,
        };
        let (r, ev) = at(&mut s, 1234, |ctx| {
            admin::dispatch(ctx, AdminOrigin::Root, &call)
        });
        assert_eq!(r, Ok(()));
        assert_eq!(
            events(&ev),
            vec![Event::SubtensorModule(SubtensorEvent::TempoSet(
                NETUID, 100
            ))]
        );
        assert_eq!(
            (Tempo::get(&s, &NETUID), LastEpochBlock::get(&s, &NETUID)),
            (100, 1234)
        );
        // Root is not bounded (100 < MIN_TEMPO) nor rate limited, but the freeze window applies:
        // the next epoch is at 1334, so 1325 is refused.
        let (r, _) = at(&mut s, 1325, |ctx| {
            admin::dispatch(ctx, AdminOrigin::Root, &call)
        });
        assert_eq!(
            r,
            err(SubtensorError::AdminActionProhibitedDuringWeightsWindow)
        );
    }
}

//! `set_activity_cutoff_factor` (SubtensorModule call 140, newer than spec 208), as subtensor main's
//! `coinbase/tempo_control.rs::do_set_activity_cutoff_factor` does it.
//!
//! The subnet's activity cutoff is `ActivityCutoffFactorMilli` thousandths of its tempo (the epoch reads
//! it through `coinbase::activity_cutoff_blocks`). The call checks, in subtensor's order:
//! the origin (root, or the subnet owner's coldkey, else `BadOrigin`; the subnet's existence is not
//! checked), the bounds `MIN_ACTIVITY_CUTOFF_FACTOR_MILLI..=MAX_ACTIVITY_CUTOFF_FACTOR_MILLI`
//! (`ActivityCutoffFactorMilliOutOfBounds`), then for the owner only the admin freeze window
//! (`AdminActionProhibitedDuringWeightsWindow`) and the owner hyperparameter rate limit
//! (`OwnerHyperparamRateLimit` tempos, key `ActivityCutoffFactorMilli`, `TxRateLimitExceeded`). Root
//! bypasses both and its changes are not recorded. It deposits `ActivityCutoffFactorMilliSet`.

use super::{
    ensure_owner_rate_limit, ensure_window_open, owner_or_root, record_owner_change, AdminOrigin,
    Hyperparameter, Limit,
};
use crate::call::SubtensorCall;
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::ActivityCutoffFactorMilli;
use crate::types::NetUid;

/// Smallest factor: one tempo (subtensor's `MIN_ACTIVITY_CUTOFF_FACTOR_MILLI`).
pub const MIN_ACTIVITY_CUTOFF_FACTOR_MILLI: u32 = 1_000;
/// Largest factor: 50 tempos (subtensor's `MAX_ACTIVITY_CUTOFF_FACTOR_MILLI`).
pub const MAX_ACTIVITY_CUTOFF_FACTOR_MILLI: u32 = 50_000;
/// The factor a new subnet starts with (subtensor's `INITIAL_ACTIVITY_CUTOFF_FACTOR_MILLI`: 5000 blocks at
/// tempo 360).
pub const INITIAL_ACTIVITY_CUTOFF_FACTOR_MILLI: u32 = 13_889;

/// The factor that gives an activity cutoff of `cutoff_blocks` at `tempo`, as subtensor's
/// `migrate_dynamic_tempo` converted the old `ActivityCutoff` blocks: `⌈cutoff × 1000 / tempo⌉`
/// (so the epoch's `⌊factor × tempo / 1000⌋` gives back at least `cutoff_blocks`, exactly when
/// `tempo ≤ 1000`), clamped to `MIN_ACTIVITY_CUTOFF_FACTOR_MILLI..=MAX_ACTIVITY_CUTOFF_FACTOR_MILLI`
/// (1 to 50 tempos); tempo 0 gives the initial factor.
pub fn factor_milli_for_cutoff(cutoff_blocks: u64, tempo: u16) -> u32 {
    let tempo = u64::from(tempo);
    let raw = cutoff_blocks
        .saturating_mul(1_000)
        .saturating_add(tempo.saturating_sub(1))
        .checked_div(tempo)
        .unwrap_or(u64::from(INITIAL_ACTIVITY_CUTOFF_FACTOR_MILLI));
    let clamped = raw.clamp(
        u64::from(MIN_ACTIVITY_CUTOFF_FACTOR_MILLI),
        u64::from(MAX_ACTIVITY_CUTOFF_FACTOR_MILLI),
    );
    u32::try_from(clamped).unwrap_or(MAX_ACTIVITY_CUTOFF_FACTOR_MILLI)
}

/// `set_activity_cutoff_factor(netuid, factor_milli)` from `origin` (see the module docs).
pub fn set_activity_cutoff_factor(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    netuid: NetUid,
    factor_milli: u32,
) -> Result<(), DispatchError> {
    let owner = owner_or_root(ctx, origin, netuid)?;
    if !(MIN_ACTIVITY_CUTOFF_FACTOR_MILLI..=MAX_ACTIVITY_CUTOFF_FACTOR_MILLI)
        .contains(&factor_milli)
    {
        return Err(SubtensorError::ActivityCutoffFactorMilliOutOfBounds.into());
    }
    let limit = Limit::Hyper(Hyperparameter::ActivityCutoffFactorMilli);
    if let Some(who) = &owner {
        ensure_window_open(ctx, netuid)?;
        ensure_owner_rate_limit(ctx, who, netuid, limit)?;
    }
    ActivityCutoffFactorMilli::insert(ctx.s, &netuid, factor_milli);
    ctx.deposit(SubtensorEvent::ActivityCutoffFactorMilliSet {
        netuid,
        factor_milli,
    });
    record_owner_change(ctx, owner, netuid, limit);
    Ok(())
}

/// Dispatches `set_activity_cutoff_factor` from `origin`; any other call fails `BadOrigin`.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    origin: AdminOrigin,
    call: &SubtensorCall,
) -> Result<(), DispatchError> {
    match *call {
        SubtensorCall::set_activity_cutoff_factor {
            netuid,
            factor_milli,
        } => set_activity_cutoff_factor(ctx, origin, netuid, factor_milli),
        _ => Err(DispatchError::BadOrigin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::RateLimitKey;
    use crate::call::{BalancesCall, Call, MultiAddress};
    use crate::event::{Event, Phase, SudoEvent};
    use crate::items::{
        AdminFreezeWindow, LastEpochBlock, LastRateLimitedBlock, NetworksAdded,
        OwnerHyperparamRateLimit, SubnetOwner, Tempo,
    };
    use crate::keys::{dev_account, Keypair};
    use crate::storage::Storage;
    use crate::types::{AccountId, RAO_PER_TAO};
    use crate::{Chain, Extrinsic, Genesis};
    use parity_scale_codec::Compact;

    fn key(name: &str) -> AccountId {
        Keypair::derive(140, name).account_id()
    }

    /// Subnet 1 owned by `owner`, tempo 10, last epoch at block 1, freeze window 8 (subtensor's
    /// `do_set_activity_cutoff_factor_works_for_root_bypassing_freeze_window` setup).
    fn state(owner: AccountId) -> Storage {
        let mut s = Storage::new();
        NetworksAdded::insert(&mut s, &1, true);
        SubnetOwner::insert(&mut s, &1, owner);
        Tempo::insert(&mut s, &1, 10);
        LastEpochBlock::insert(&mut s, &1, 1);
        AdminFreezeWindow::put(&mut s, 8);
        s
    }

    /// Runs the call at `block`; the error name, and the events deposited.
    fn run(
        s: &mut Storage,
        block: u64,
        origin: AdminOrigin,
        factor_milli: u32,
    ) -> (Result<(), String>, Vec<Event>) {
        let mut events = Vec::new();
        let mut ctx = Ctx {
            s,
            block,
            events: &mut events,
            phase: Phase::ApplyExtrinsic(0),
            author: AccountId::ZERO,
        };
        let result =
            set_activity_cutoff_factor(&mut ctx, origin, 1, factor_milli).map_err(|e| e.name());
        (result, events.into_iter().map(|r| r.event).collect())
    }

    #[test]
    fn root_bypasses_the_freeze_window_that_stops_the_owner() {
        let owner = key("owner");
        let mut s = state(owner);
        // Next epoch at 1 + 10 = 11; at block 5 it is 6 blocks away, inside the window of 8.
        let (owner_result, _) = run(&mut s, 5, AdminOrigin::Signed(owner), 5_000);
        assert_eq!(
            owner_result,
            Err("SubtensorModule.AdminActionProhibitedDuringWeightsWindow".into())
        );
        assert_eq!(ActivityCutoffFactorMilli::get(&s, &1), 13_889);
        let (root_result, events) = run(&mut s, 5, AdminOrigin::Root, 5_000);
        assert_eq!(root_result, Ok(()));
        assert_eq!(ActivityCutoffFactorMilli::get(&s, &1), 5_000);
        assert_eq!(
            events,
            vec![Event::SubtensorModule(
                SubtensorEvent::ActivityCutoffFactorMilliSet {
                    netuid: 1,
                    factor_milli: 5_000
                }
            )]
        );
        // 5_000 ‰ of tempo 10 = 50 blocks.
        assert_eq!(crate::coinbase::activity_cutoff_blocks(&s, 1), 50);
    }

    #[test]
    fn origin_then_bounds_then_the_owners_window_and_rate_limit() {
        let owner = key("owner");
        let mut s = state(owner);
        let out_of_bounds = Err("SubtensorModule.ActivityCutoffFactorMilliOutOfBounds".to_string());
        // A stranger is refused before the bounds are looked at.
        let (r, _) = run(&mut s, 5, AdminOrigin::Signed(key("stranger")), 999);
        assert_eq!(r, Err("BadOrigin".into()));
        // Bounds come before the freeze window (the owner at block 5 is inside it) and bind root too.
        assert_eq!(
            run(&mut s, 5, AdminOrigin::Signed(owner), 999).0,
            out_of_bounds
        );
        assert_eq!(run(&mut s, 5, AdminOrigin::Root, 50_001).0, out_of_bounds);
        assert_eq!(run(&mut s, 5, AdminOrigin::Root, 0).0, out_of_bounds);
        // The edges are accepted.
        assert_eq!(run(&mut s, 5, AdminOrigin::Root, 1_000).0, Ok(()));
        assert_eq!(run(&mut s, 5, AdminOrigin::Root, 50_000).0, Ok(()));
        // Root's changes are not recorded against the owner's rate limit.
        let key_of =
            RateLimitKey::OwnerHyperparamUpdate(1, Hyperparameter::ActivityCutoffFactorMilli);
        assert_eq!(LastRateLimitedBlock::get(&s, &key_of), 0);

        // Outside the window (block 2: the next epoch is 9 blocks away) the owner may set it once per
        // OwnerHyperparamRateLimit (2) × tempo (10) = 20 blocks.
        assert_eq!(OwnerHyperparamRateLimit::get(&s), 2);
        assert_eq!(run(&mut s, 2, AdminOrigin::Signed(owner), 2_500).0, Ok(()));
        assert_eq!(LastRateLimitedBlock::get(&s, &key_of), 2);
        // 2_500 ‰ of tempo 10 = 25 blocks.
        assert_eq!(crate::coinbase::activity_cutoff_blocks(&s, 1), 25);
        LastEpochBlock::insert(&mut s, &1, 100);
        assert_eq!(
            run(&mut s, 21, AdminOrigin::Signed(owner), 3_000).0,
            Err("SubtensorModule.TxRateLimitExceeded".into())
        );
        // Root is never limited; the owner is again from block 2 + 20.
        assert_eq!(run(&mut s, 21, AdminOrigin::Root, 4_000).0, Ok(()));
        assert_eq!(run(&mut s, 22, AdminOrigin::Signed(owner), 3_000).0, Ok(()));
        assert_eq!(ActivityCutoffFactorMilli::get(&s, &1), 3_000);
        assert_eq!(LastRateLimitedBlock::get(&s, &key_of), 22);
    }

    #[test]
    fn blocks_convert_to_the_factor_as_subtensors_migration_does() {
        // migrate_dynamic_tempo's documented case: tempo 360, 5000 blocks round-trip exactly via
        // ⌈5_000_000 / 360⌉ = 13_889 (⌊13_889 × 360 / 1000⌋ = 5000).
        assert_eq!(factor_milli_for_cutoff(5_000, 360), 13_889);
        assert_eq!(
            factor_milli_for_cutoff(5_000, 360),
            INITIAL_ACTIVITY_CUTOFF_FACTOR_MILLI
        );
        // Exact divisions stay exact; a cutoff below one tempo is raised to one tempo, above 50 tempos
        // lowered to 50 (tempo 20: 5000 blocks would be 250_000 ‰, clamped to 50_000 = 1000 blocks).
        assert_eq!(factor_milli_for_cutoff(100, 10), 10_000);
        assert_eq!(factor_milli_for_cutoff(5, 10), 1_000);
        assert_eq!(factor_milli_for_cutoff(5_000, 20), 50_000);
        // Tempo 7, 100 blocks: ⌈100_000 / 7⌉ = 14_286, and ⌊14_286 × 7 / 1000⌋ = 100.
        assert_eq!(factor_milli_for_cutoff(100, 7), 14_286);
        let mut s = Storage::new();
        Tempo::insert(&mut s, &1, 7);
        ActivityCutoffFactorMilli::insert(&mut s, &1, 14_286);
        assert_eq!(crate::coinbase::activity_cutoff_blocks(&s, 1), 100);
        // Tempo 0 (no epochs): the initial factor.
        assert_eq!(factor_milli_for_cutoff(100, 0), 13_889);
    }

    #[test]
    fn root_may_set_it_on_a_subnet_that_does_not_exist() {
        // subtensor checks no existence: root writes it, an account (no subnet, no owner) is refused.
        let mut s = Storage::new();
        let (r, _) = run(&mut s, 1, AdminOrigin::Signed(key("anyone")), 2_000);
        assert_eq!(r, Err("BadOrigin".into()));
        assert_eq!(run(&mut s, 1, AdminOrigin::Root, 2_000).0, Ok(()));
        assert_eq!(ActivityCutoffFactorMilli::get(&s, &1), 2_000);
    }

    #[test]
    fn served_signed_by_the_owner_and_through_sudo() {
        let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
        let alice = dev_account("Alice").expect("alice");
        let owner = key("owner");
        let apply = |chain: &mut Chain, signer: AccountId, call: Call| {
            let nonce = chain.account_nonce(&signer);
            let out = chain.build_block(vec![Extrinsic {
                signer,
                nonce,
                call,
            }]);
            let result = out.receipts[0].outcome.expect("included");
            (result, out.events)
        };
        let fund = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(owner),
            value: Compact(5_000 * RAO_PER_TAO),
        });
        assert_eq!(apply(&mut chain, alice, fund).0, Ok(()));
        let register = SubtensorCall::register_network {
            hotkey: key("owner-hot"),
        };
        assert_eq!(
            apply(&mut chain, owner, Call::SubtensorModule(register)).0,
            Ok(())
        );
        let set = |factor_milli| {
            Call::SubtensorModule(SubtensorCall::set_activity_cutoff_factor {
                netuid: 1,
                factor_milli,
            })
        };
        // The devnet's freeze window is far from subnet 1's first epoch (tempo 360) here.
        assert_eq!(apply(&mut chain, owner, set(7_000)).0, Ok(()));
        assert_eq!(ActivityCutoffFactorMilli::get(chain.storage(), &1), 7_000);
        let (stranger, _) = apply(&mut chain, alice, set(8_000));
        assert_eq!(stranger, Err(DispatchError::BadOrigin));
        let (outer, events) = apply(&mut chain, alice, Call::sudo(set(9_000)));
        assert_eq!(outer, Ok(()));
        let sudid = events.iter().find_map(|r| match &r.event {
            Event::Sudo(SudoEvent::Sudid { sudo_result }) => Some(*sudo_result),
            _ => None,
        });
        assert_eq!(sudid, Some(Ok(())));
        assert_eq!(ActivityCutoffFactorMilli::get(chain.storage(), &1), 9_000);
    }
}

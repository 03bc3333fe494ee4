//! Auto parent delegation through a real chain, after subtensor's `tests/children.rs`
//! (`test_register_network_schedules_root_validators`, `..._auto_parent_delegation_flag`): root
//! validators become parents of a new subnet's owner hotkey at once (the subtoken is not enabled yet),
//! unless they opted out, are the owner hotkey, or `set_children` would refuse them.

use super::*;
use crate::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use crate::childkeys::{inherited_tao, TX_SET_CHILDREN};
use crate::event::{Event, EventRecord, Phase, SudoEvent};
use crate::items::{
    ChildKeys, NetworksAdded, ParentKeys, PendingChildKeys, TransactionKeyLastBlock,
};
use crate::keys::{dev_account, Keypair};
use crate::storage::Storage;
use crate::types::RAO_PER_TAO;
use crate::{Chain, Genesis};
use parity_scale_codec::Compact;

const TAO: u64 = RAO_PER_TAO;

fn key(name: &str) -> AccountId {
    Keypair::derive(135, name).account_id()
}

fn alice() -> AccountId {
    dev_account("Alice").expect("alice")
}

use crate::ctx::apply_in_own_block as apply;

fn ok(chain: &mut Chain, signer: AccountId, call: SubtensorCall) -> Vec<EventRecord> {
    let (result, events) = apply(chain, signer, Call::SubtensorModule(call.clone()));
    assert_eq!(result, Ok(()), "{call:?}");
    events
}

fn err(chain: &mut Chain, signer: AccountId, call: SubtensorCall) -> String {
    match apply(chain, signer, Call::SubtensorModule(call)).0 {
        Ok(()) => "ok".into(),
        Err(e) => e.name(),
    }
}

fn subtensor_events(events: &[EventRecord]) -> Vec<SubtensorEvent> {
    events
        .iter()
        .filter(|r| matches!(r.phase, Phase::ApplyExtrinsic(_)))
        .filter_map(|r| match &r.event {
            Event::SubtensorModule(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

/// A devnet chain with `coldkeys` funded (5 000 TAO each) and `StakeThreshold` at 0.5 TAO, as
/// subtensor's test raises it.
fn chain(coldkeys: &[AccountId]) -> Chain {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    for who in coldkeys {
        let fund = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(*who),
            value: Compact(5_000 * TAO),
        });
        assert_eq!(apply(&mut chain, alice(), fund).0, Ok(()));
    }
    let threshold = AdminCall::sudo_set_stake_threshold {
        min_stake: 500_000_000,
    };
    let (outer, _) = apply(&mut chain, alice(), Call::sudo(Call::AdminUtils(threshold)));
    assert_eq!(outer, Ok(()));
    chain
}

/// `hotkey` of `coldkey` registered on root with `root_tao` TAO staked there.
fn root_validator(chain: &mut Chain, coldkey: AccountId, hotkey: AccountId, root_tao: u64) {
    ok(chain, coldkey, SubtensorCall::root_register { hotkey });
    if root_tao > 0 {
        ok(
            chain,
            coldkey,
            SubtensorCall::add_stake {
                hotkey,
                netuid: ROOT_NETUID,
                amount_staked: root_tao * TAO,
            },
        );
    }
}

#[test]
fn every_root_validator_becomes_a_parent_of_the_new_owner_hotkey_at_once() {
    let (v1, v2, owner) = (key("v1"), key("v2"), key("owner"));
    let (h1, h2, owner_hot) = (key("v1-hot"), key("v2-hot"), key("owner-hot"));
    let mut c = chain(&[v1, v2, owner]);
    root_validator(&mut c, v1, h1, 100);
    root_validator(&mut c, v2, h2, 100);

    let events = ok(
        &mut c,
        owner,
        SubtensorCall::register_network { hotkey: owner_hot },
    );
    let registered_at = u64::from(c.best_number());
    let s = c.storage();
    let full = vec![(u64::MAX, owner_hot)];
    assert_eq!(ChildKeys::get(s, &h1, &1), full);
    assert_eq!(ChildKeys::get(s, &h2, &1), full);
    let mut parents = vec![(u64::MAX, h1), (u64::MAX, h2)];
    parents.sort_by_key(|(_, who)| *who);
    assert_eq!(ParentKeys::get(s, &owner_hot, &1), parents);
    // Applied, not scheduled: the subtoken of a new subnet is not enabled.
    assert!(PendingChildKeys::iter_prefix(s, &1).is_empty());
    // `SetChildren` for each validator in root UID order, before `NetworkAdded`.
    let ev = subtensor_events(&events);
    let set: Vec<&SubtensorEvent> = ev
        .iter()
        .filter(|e| matches!(e, SubtensorEvent::SetChildren(..)))
        .collect();
    assert_eq!(
        set,
        vec![
            &SubtensorEvent::SetChildren(h1, 1, full.clone()),
            &SubtensorEvent::SetChildren(h2, 1, full.clone()),
        ]
    );
    let position = |want: &dyn Fn(&SubtensorEvent) -> bool| ev.iter().position(want);
    assert!(
        position(&|e| matches!(e, SubtensorEvent::SetChildren(..)))
            < position(&|e| matches!(e, SubtensorEvent::NetworkAdded(..)))
    );
    // The owner hotkey now carries both validators' root stake (proportion u64::MAX is exactly 1);
    // they keep none of it on this subnet.
    assert_eq!(inherited_tao(s, &owner_hot, 1), 200 * TAO);
    assert_eq!(inherited_tao(s, &h1, 1), 0);
    // Each validator's `set_children` rate limit on the subnet started at the registration.
    assert_eq!(
        TransactionKeyLastBlock::get(s, &h1, &1, &TX_SET_CHILDREN),
        registered_at
    );
    let revoke = SubtensorCall::set_children {
        hotkey: h1,
        netuid: 1,
        children: vec![],
    };
    assert_eq!(
        err(&mut c, v1, revoke),
        "SubtensorModule.TxRateLimitExceeded"
    );
}

#[test]
fn a_validator_that_opted_out_is_left_out() {
    let (v1, v2, owner) = (key("v1"), key("v2"), key("owner"));
    let (h1, h2, owner_hot) = (key("v1-hot"), key("v2-hot"), key("owner-hot"));
    let mut c = chain(&[v1, v2, owner]);
    root_validator(&mut c, v1, h1, 100);
    root_validator(&mut c, v2, h2, 100);
    assert!(AutoParentDelegationEnabled::get(c.storage(), &h1));

    let events = ok(
        &mut c,
        v1,
        SubtensorCall::set_auto_parent_delegation_enabled {
            hotkey: h1,
            enabled: false,
        },
    );
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::AutoParentDelegationEnabledSet {
            hotkey: h1,
            enabled: false
        }]
    );
    assert!(!AutoParentDelegationEnabled::get(c.storage(), &h1));

    ok(
        &mut c,
        owner,
        SubtensorCall::register_network { hotkey: owner_hot },
    );
    let s = c.storage();
    assert!(ChildKeys::get(s, &h1, &1).is_empty());
    assert_eq!(ChildKeys::get(s, &h2, &1), vec![(u64::MAX, owner_hot)]);
    assert_eq!(ParentKeys::get(s, &owner_hot, &1), vec![(u64::MAX, h2)]);

    // Opting back in applies to the next subnet.
    ok(
        &mut c,
        v1,
        SubtensorCall::set_auto_parent_delegation_enabled {
            hotkey: h1,
            enabled: true,
        },
    );
    let owner_hot_2 = key("owner-hot-2");
    ok(
        &mut c,
        owner,
        SubtensorCall::register_network {
            hotkey: owner_hot_2,
        },
    );
    let s = c.storage();
    assert_eq!(ChildKeys::get(s, &h1, &2), vec![(u64::MAX, owner_hot_2)]);
    assert!(ChildKeys::get(s, &h1, &1).is_empty());
}

#[test]
fn the_owner_hotkey_and_validators_set_children_refuses_are_skipped() {
    let (v1, low, owner) = (key("v1"), key("low"), key("owner"));
    let (h1, low_hot, owner_hot) = (key("v1-hot"), key("low-hot"), key("owner-hot"));
    let mut c = chain(&[v1, low, owner]);
    root_validator(&mut c, v1, h1, 100);
    // Below the 0.5 TAO threshold: `set_children` would fail `NotEnoughStakeToSetChildkeys`.
    root_validator(&mut c, low, low_hot, 0);
    // The subnet's owner hotkey is itself a root validator: it cannot be its own parent.
    root_validator(&mut c, owner, owner_hot, 100);

    let events = ok(
        &mut c,
        owner,
        SubtensorCall::register_network { hotkey: owner_hot },
    );
    let s = c.storage();
    assert!(NetworksAdded::get(s, &1));
    assert_eq!(ParentKeys::get(s, &owner_hot, &1), vec![(u64::MAX, h1)]);
    assert!(ChildKeys::get(s, &owner_hot, &1).is_empty());
    assert!(ChildKeys::get(s, &low_hot, &1).is_empty());
    // A refused validator leaves nothing behind: no rate-limit mark, no event.
    assert_eq!(
        TransactionKeyLastBlock::get(s, &low_hot, &1, &TX_SET_CHILDREN),
        0
    );
    let set: Vec<SubtensorEvent> = subtensor_events(&events)
        .into_iter()
        .filter(|e| matches!(e, SubtensorEvent::SetChildren(..)))
        .collect();
    assert_eq!(
        set,
        vec![SubtensorEvent::SetChildren(
            h1,
            1,
            vec![(u64::MAX, owner_hot)]
        )]
    );
}

#[test]
fn opting_out_needs_the_hotkeys_coldkey_and_a_root_registration() {
    let (v1, owner, stranger) = (key("v1"), key("owner"), key("stranger"));
    let (h1, owner_hot) = (key("v1-hot"), key("owner-hot"));
    let mut c = chain(&[v1, owner, stranger]);
    root_validator(&mut c, v1, h1, 100);
    ok(
        &mut c,
        owner,
        SubtensorCall::register_network { hotkey: owner_hot },
    );
    let set = |hotkey| SubtensorCall::set_auto_parent_delegation_enabled {
        hotkey,
        enabled: false,
    };
    assert_eq!(
        err(&mut c, stranger, set(h1)),
        "SubtensorModule.NonAssociatedColdKey"
    );
    assert_eq!(
        err(&mut c, stranger, set(key("nobody"))),
        "SubtensorModule.NonAssociatedColdKey"
    );
    // The owner's hotkey exists (UID 0 of subnet 1) but is not on root.
    assert_eq!(
        err(&mut c, owner, set(owner_hot)),
        "SubtensorModule.HotKeyNotRegisteredInSubNet"
    );
    // Root is no signed origin.
    let (outer, events) = apply(&mut c, alice(), Call::sudo(Call::SubtensorModule(set(h1))));
    assert_eq!(outer, Ok(()));
    let sudid = events.iter().find_map(|r| match &r.event {
        Event::Sudo(SudoEvent::Sudid { sudo_result }) => Some(*sudo_result),
        _ => None,
    });
    assert_eq!(sudid, Some(Err(DispatchError::BadOrigin)));
    let s = c.storage();
    assert!(AutoParentDelegationEnabled::get(s, &h1));
    assert!(!AutoParentDelegationEnabled::contains_key(s, &owner_hot));
}

#[test]
fn the_rule_refuses_root_and_missing_subnets() {
    let mut s = Storage::new();
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 1,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    let name = |r: Result<(), DispatchError>| r.map_err(|e| e.name());
    assert_eq!(
        name(set_root_validators_for_subnet(&mut ctx, ROOT_NETUID)),
        Err("SubtensorModule.RegistrationNotPermittedOnRootSubnet".into())
    );
    assert_eq!(
        name(set_root_validators_for_subnet(&mut ctx, 3)),
        Err("SubtensorModule.SubnetNotExists".into())
    );
    // An existing subnet without an owner hotkey is treated as missing too.
    NetworksAdded::insert(ctx.s, &3, true);
    assert_eq!(
        name(set_root_validators_for_subnet(&mut ctx, 3)),
        Err("SubtensorModule.SubnetNotExists".into())
    );
}

//! Childkeys: the arithmetic on bare state (expected values worked out by hand in `U96F32`, 32
//! fractional bits, truncating as substrate-fixed does), then the calls through a real chain: every
//! guard with subtensor's error name, the cooldown, immediate application before `start_call`, the
//! childkey take and the root settings.

use super::*;
use crate::call::{AdminCall, BalancesCall, Call, MultiAddress};
use crate::event::{Event, EventRecord, Phase, SudoEvent};
use crate::items::TotalHotkeyAlpha;
use crate::keys::{dev_account, Keypair};
use crate::types::RAO_PER_TAO;
use crate::{Chain, Genesis};
use parity_scale_codec::Compact;

fn key(name: &str) -> AccountId {
    Keypair::derive(67, name).account_id()
}

const HALF: u64 = u64::MAX / 2;
const QUARTER: u64 = u64::MAX / 4;

/// Links `children` under `parent` on subnet 1, as an applied `set_children` leaves them.
fn link(s: &mut Storage, parent: &AccountId, children: &[(u64, AccountId)]) {
    let rel = Relations::from_pending(s, parent, children, 1).expect("consistent");
    rel.persist(s, 1);
}

fn own(s: &mut Storage, hotkey: &AccountId, owner: &AccountId, alpha: u64) {
    TotalHotkeyAlpha::insert(s, hotkey, &1, alpha);
    Owner::insert(s, hotkey, *owner);
}

#[test]
fn proportions_truncate_to_32_fractional_bits() {
    // (2^63 − 1)/(2^64 − 1) is just under 1/2: 2^31 − 1 units of 2^-32. (2^62 − 1)/(2^64 − 1) likewise.
    assert_eq!(proportion(HALF).to_bits(), (1 << 31) - 1);
    assert_eq!(proportion(QUARTER).to_bits(), (1 << 30) - 1);
    assert_eq!(proportion(u64::MAX).to_bits(), 1 << 32);
    assert_eq!(proportion(0).to_bits(), 0);
}

#[test]
fn a_parent_with_two_children_lends_them_its_stake() {
    let mut s = Storage::new();
    let (cold, p, c1, c2) = (key("cold"), key("parent"), key("child-1"), key("child-2"));
    own(&mut s, &p, &cold, 3_000_000_000_000);
    own(&mut s, &c1, &cold, 1_000_000_000);
    own(&mut s, &c2, &cold, 0);
    link(&mut s, &p, &[(HALF, c1), (QUARTER, c2)]);

    // To c1: 3e12 · (2^31 − 1)/2^32 = 1_499_999_999_301.508…; to c2: 3e12 · (2^30 − 1)/2^32 =
    // 749_999_999_301.508…; the parent keeps 3e12 − both = 750_000_001_396.98…; each floored.
    assert_eq!(inherited_alpha(&s, &p, 1), 750_000_001_396);
    assert_eq!(
        inherited_alpha(&s, &c1, 1),
        1_000_000_000 + 1_499_999_999_301
    );
    assert_eq!(inherited_alpha(&s, &c2, 1), 749_999_999_301);
    // Nothing but root stake flows on root, and none of these hotkeys has any.
    assert_eq!(inherited_tao(&s, &c1, 1), 0);
    assert_eq!(inherited_alpha(&s, &p, ROOT_NETUID), 0);
    // The links are stored both ways, children sorted by account as subtensor's map writes them.
    let mut want = vec![(HALF, c1), (QUARTER, c2)];
    want.sort_by_key(|(_, who)| *who);
    assert_eq!(ChildKeys::get(&s, &p, &1), want);
    assert_eq!(ParentKeys::get(&s, &c1, &1), vec![(HALF, p)]);
    assert_eq!(ParentKeys::get(&s, &c2, &1), vec![(QUARTER, p)]);
}

#[test]
fn subtensors_three_quarter_split_matches_its_documented_values() {
    // subtensor tests/children.rs `test_children_stake_values`: 1e14 alpha, three children at
    // u64::MAX/4 each.
    let mut s = Storage::new();
    let cold = key("cold");
    let p = key("parent");
    let kids = [key("a"), key("b"), key("c")];
    own(&mut s, &p, &cold, 100_000_000_000_000);
    link(&mut s, &p, &kids.map(|k| (QUARTER, k)));
    assert_eq!(inherited_alpha(&s, &p, 1), 25_000_000_069_849);
    for k in &kids {
        assert_eq!(inherited_alpha(&s, k, 1), 24_999_999_976_716);
    }
}

#[test]
fn tao_inherits_through_the_subnets_links() {
    let mut s = Storage::new();
    let (cold, p, c) = (key("cold"), key("parent"), key("child"));
    own(&mut s, &p, &cold, 0);
    TotalHotkeyAlpha::insert(&mut s, &p, &ROOT_NETUID, 4_000);
    link(&mut s, &p, &[(QUARTER, c)]);
    // 4000 · (2^30 − 1)/2^32 = 999.99999906…
    assert_eq!(inherited_tao(&s, &c, 1), 999);
    assert_eq!(inherited_tao(&s, &p, 1), 3_000);
}

/// Parent (3 alpha) lends half to the child (1 alpha of its own); the child earns 1 alpha of dividends.
fn dividend_state(parent_owner: &AccountId, ck_burn: u64) -> (Storage, AccountId, AccountId) {
    let mut s = Storage::new();
    let (p, c) = (key("parent"), key("child"));
    own(&mut s, &p, parent_owner, 3_000_000_000);
    own(&mut s, &c, &key("child-cold"), 1_000_000_000);
    ChildkeyTake::insert(&mut s, &c, &1, 11_796);
    CKBurn::put(&mut s, ck_burn);
    link(&mut s, &p, &[(HALF, c)]);
    (s, p, c)
}

#[test]
fn a_parent_of_another_coldkey_pays_the_childkey_take() {
    let zero = U96F32::saturating_from_num(0);
    let (s, p, c) = dividend_state(&key("parent-cold"), 0);
    // Contributions: the child's own 1e9 (no children of its own), the parent's
    // 3e9 · (2^31 − 1)/2^32 = 1_499_999_999.3015…. The parent's factor, c/(1e9 + c), truncates to
    // 2_576_980_377/2^32, so it earns 1e9 · that = 599_999_999.8603…; the take 11796/65535 truncates to
    // 773_074_452/2^32 and keeps 107_997_253.3257… of it for the child. Parent: 599_999_999.8603… −
    // 107_997_253.3257… = 492_002_746.53…; child: 1e9 − 599_999_999.8603… + the take = 507_997_253.46…
    assert_eq!(self_contribution(&s, &c, 1, zero), 1_000_000_000);
    assert_eq!(
        parent_child_dividends(&s, &c, 1, 1_000_000_000, zero),
        DividendSplit {
            shares: vec![(p, 492_002_746), (c, 507_997_253)],
            burned: 0,
        }
    );
    // The parent lent half of its stake: it contributes the other half to its own dividends.
    assert_eq!(self_contribution(&s, &p, 1, zero), 1_500_000_000);
}

#[test]
fn a_parent_of_the_same_coldkey_pays_no_take() {
    let zero = U96F32::saturating_from_num(0);
    let (s, p, c) = dividend_state(&key("child-cold"), u64::MAX / 10);
    // The same 599_999_999.8603… share, untouched; the child keeps the rest, 400_000_000.1396….
    assert_eq!(
        parent_child_dividends(&s, &c, 1, 1_000_000_000, zero),
        DividendSplit {
            shares: vec![(p, 599_999_999), (c, 400_000_000)],
            burned: 0,
        }
    );
}

#[test]
fn ck_burn_is_recycled_from_alpha_out() {
    let zero = U96F32::saturating_from_num(0);
    let (mut s, p, c) = dividend_state(&key("parent-cold"), u64::MAX / 10);
    // CKBurn u64::MAX/10 truncates to 429_496_729/2^32 = 0.0999999998…: 59_999_999.90… of the parent's
    // 599_999_999.86… is burned, the take as before; parent 599_999_999.86 − 59_999_999.90 −
    // 107_997_253.33 = 432_002_746.63….
    SubnetAlphaOut::insert(&mut s, &1, 10_000_000_000);
    let (paid, burned) = redistribute_dividends(&mut s, 1, &[(c, 1_000_000_000), (p, 0)], zero);
    assert_eq!(burned, 59_999_999);
    let mut want = vec![(p, 432_002_746), (c, 507_997_253)];
    want.sort_by_key(|(who, _)| *who);
    assert_eq!(paid, want);
    assert_eq!(SubnetAlphaOut::get(&s, &1), 10_000_000_000 - 59_999_999);
}

#[test]
fn a_hotkey_without_links_keeps_its_whole_dividend() {
    let zero = U96F32::saturating_from_num(0);
    let mut s = Storage::new();
    let v = key("validator");
    own(&mut s, &v, &key("cold"), 5);
    assert_eq!(
        parent_child_dividends(&s, &v, 1, 123_456_789, zero).shares,
        vec![(v, 123_456_789)]
    );
}

// ---- Through the chain ----

use crate::ctx::apply_in_own_block as apply;

/// The error name of a failed call (`Ok` is `"ok"`).
fn outcome(chain: &mut Chain, signer: AccountId, call: SubtensorCall) -> String {
    match apply(chain, signer, Call::SubtensorModule(call)).0 {
        Ok(()) => "ok".into(),
        Err(e) => e.name(),
    }
}

/// Dispatches `call` through `Sudo.sudo` signed by Alice; returns the inner result.
fn sudo(chain: &mut Chain, call: Call) -> Result<(), DispatchError> {
    let alice = dev_account("Alice").expect("alice");
    let (outer, events) = apply(chain, alice, Call::sudo(call));
    assert_eq!(outer, Ok(()), "Sudo.sudo itself failed");
    events
        .iter()
        .find_map(|r| match &r.event {
            Event::Sudo(SudoEvent::Sudid { sudo_result }) => Some(*sudo_result),
            _ => None,
        })
        .expect("a Sudid event")
}

fn subtensor_events(events: &[EventRecord]) -> Vec<SubtensorEvent> {
    events
        .iter()
        .filter_map(|r| match &r.event {
            Event::SubtensorModule(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

struct Net {
    chain: Chain,
    netuid: NetUid,
    owner: AccountId,
    /// The validator's coldkey, owning `hot` and `other`.
    cold: AccountId,
    hot: AccountId,
    other: AccountId,
}

/// Subnet registered by `owner` (tempo 10), not started; `cold` owns the hotkeys `hot` and `other`,
/// both registered on it.
fn net() -> Net {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let alice = dev_account("Alice").expect("alice");
    let (owner, cold) = (key("owner"), key("cold"));
    for who in [owner, cold] {
        let fund = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(who),
            value: Compact(5_000 * RAO_PER_TAO),
        });
        assert_eq!(apply(&mut chain, alice, fund).0, Ok(()));
    }
    let register = SubtensorCall::register_network {
        hotkey: key("owner-hot"),
    };
    let (result, events) = apply(&mut chain, owner, Call::SubtensorModule(register));
    assert_eq!(result, Ok(()));
    let netuid = subtensor_events(&events)
        .into_iter()
        .find_map(|e| match e {
            SubtensorEvent::NetworkAdded(netuid, _) => Some(netuid),
            _ => None,
        })
        .expect("NetworkAdded");
    let tempo = AdminCall::sudo_set_tempo { netuid, tempo: 10 };
    assert_eq!(sudo(&mut chain, Call::AdminUtils(tempo)), Ok(()));
    let (hot, other) = (key("hot"), key("other"));
    for hotkey in [hot, other] {
        let reg = SubtensorCall::burned_register { netuid, hotkey };
        assert_eq!(outcome(&mut chain, cold, reg), "ok");
    }
    Net {
        chain,
        netuid,
        owner,
        cold,
        hot,
        other,
    }
}

fn set_children(
    netuid: NetUid,
    hotkey: AccountId,
    children: Vec<(u64, AccountId)>,
) -> SubtensorCall {
    SubtensorCall::set_children {
        hotkey,
        netuid,
        children,
    }
}

fn blocks(chain: &mut Chain, n: u32) {
    for _ in 0..n {
        chain.build_block(Vec::new());
    }
}

#[test]
fn set_children_refuses_with_subtensors_errors() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    let kids: Vec<AccountId> = (0..6).map(|i| key(&format!("kid-{i}"))).collect();
    let c = &mut n.chain;
    let cases: Vec<(AccountId, SubtensorCall, &str)> = vec![
        (
            cold,
            set_children(ROOT_NETUID, hot, vec![(1, kids[0])]),
            "SubtensorModule.RegistrationNotPermittedOnRootSubnet",
        ),
        (
            cold,
            set_children(77, hot, vec![(1, kids[0])]),
            "SubtensorModule.SubnetNotExists",
        ),
        (
            key("stranger"),
            set_children(netuid, hot, vec![(1, kids[0])]),
            "SubtensorModule.NonAssociatedColdKey",
        ),
        (
            cold,
            set_children(netuid, key("nobody"), vec![(1, kids[0])]),
            "SubtensorModule.NonAssociatedColdKey",
        ),
        (
            cold,
            set_children(netuid, hot, vec![(1, kids[0]), (2, kids[0])]),
            "SubtensorModule.DuplicateChild",
        ),
        (
            cold,
            set_children(netuid, hot, vec![(1, hot)]),
            "SubtensorModule.InvalidChild",
        ),
        (
            cold,
            set_children(netuid, hot, kids.iter().map(|k| (1, *k)).collect()),
            "SubtensorModule.TooManyChildren",
        ),
        (
            cold,
            set_children(netuid, hot, vec![(u64::MAX, kids[0]), (1, kids[1])]),
            "SubtensorModule.ProportionOverflow",
        ),
    ];
    // The stranger needs TAO to pay the fee.
    let alice = dev_account("Alice").expect("alice");
    let fund = Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(key("stranger")),
        value: Compact(10 * RAO_PER_TAO),
    });
    assert_eq!(apply(c, alice, fund).0, Ok(()));
    for (signer, call, want) in cases {
        assert_eq!(outcome(c, signer, call.clone()), want, "{call:?}");
    }
    // Exactly five children, summing to u64::MAX, are fine.
    let five: Vec<(u64, AccountId)> = kids[..5].iter().map(|k| (u64::MAX / 5, *k)).collect();
    assert_eq!(outcome(c, cold, set_children(netuid, hot, five)), "ok");
    // A second call within 150 blocks is rate limited; at 150 blocks it passes.
    let again = set_children(netuid, hot, vec![(1, kids[0])]);
    assert_eq!(
        outcome(c, cold, again.clone()),
        "SubtensorModule.TxRateLimitExceeded"
    );
    let last = TransactionKeyLastBlock::get(c.storage(), &hot, &netuid, &TX_SET_CHILDREN);
    let now = u64::from(c.best_number());
    blocks(c, (last + SET_CHILDREN_RATE_LIMIT - now - 2) as u32);
    // The next block is 149 blocks after the last call.
    assert_eq!(
        outcome(c, cold, again.clone()),
        "SubtensorModule.TxRateLimitExceeded"
    );
    assert_eq!(outcome(c, cold, again), "ok");
    assert_eq!(
        ChildKeys::get(c.storage(), &hot, &netuid),
        vec![(1, kids[0])]
    );
}

#[test]
fn a_child_cannot_become_its_parents_parent() {
    let mut n = net();
    let (netuid, cold, hot, other) = (n.netuid, n.cold, n.hot, n.other);
    // Before start_call children apply at once: `other` becomes `hot`'s parent.
    assert_eq!(
        outcome(
            &mut n.chain,
            cold,
            set_children(netuid, other, vec![(HALF, hot)])
        ),
        "ok"
    );
    assert_eq!(
        ParentKeys::get(n.chain.storage(), &hot, &netuid),
        vec![(HALF, other)]
    );
    assert_eq!(
        outcome(
            &mut n.chain,
            cold,
            set_children(netuid, hot, vec![(HALF, other)])
        ),
        "SubtensorModule.ChildParentInconsistency"
    );
}

#[test]
fn setting_children_needs_the_stake_threshold_except_for_the_owner_hotkey() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    let threshold = AdminCall::sudo_set_stake_threshold {
        min_stake: RAO_PER_TAO,
    };
    assert_eq!(sudo(&mut n.chain, Call::AdminUtils(threshold)), Ok(()));
    let kid = key("kid");
    assert_eq!(
        outcome(
            &mut n.chain,
            cold,
            set_children(netuid, hot, vec![(1, kid)])
        ),
        "SubtensorModule.NotEnoughStakeToSetChildkeys"
    );
    // Revoking needs no stake.
    assert_eq!(
        outcome(&mut n.chain, cold, set_children(netuid, hot, vec![])),
        "ok"
    );
    // The subnet owner's hotkey is exempt.
    let owner_hot = key("owner-hot");
    assert_eq!(
        outcome(
            &mut n.chain,
            n.owner,
            set_children(netuid, owner_hot, vec![(1, kid)])
        ),
        "ok"
    );
    assert_eq!(
        ParentKeys::get(n.chain.storage(), &kid, &netuid),
        vec![(1, owner_hot)]
    );
}

#[test]
fn before_start_call_children_apply_at_once_and_can_be_revoked() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    let (a, b) = (key("kid-a"), key("kid-b"));
    let children = vec![(QUARTER, a), (HALF, b)];
    let (result, events) = apply(
        &mut n.chain,
        cold,
        Call::SubtensorModule(set_children(netuid, hot, children.clone())),
    );
    assert_eq!(result, Ok(()));
    // Only `SetChildren`, carrying the children as given; storage holds them sorted by account.
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::SetChildren(hot, netuid, children.clone())]
    );
    let mut sorted = children;
    sorted.sort_by_key(|(_, who)| *who);
    assert_eq!(ChildKeys::get(n.chain.storage(), &hot, &netuid), sorted);
    assert_eq!(
        ParentKeys::get(n.chain.storage(), &a, &netuid),
        vec![(QUARTER, hot)]
    );
    assert!(!PendingChildKeys::contains_key(
        n.chain.storage(),
        &netuid,
        &hot
    ));

    blocks(&mut n.chain, SET_CHILDREN_RATE_LIMIT as u32);
    assert_eq!(
        outcome(&mut n.chain, cold, set_children(netuid, hot, vec![])),
        "ok"
    );
    let s = n.chain.storage();
    assert!(!ChildKeys::contains_key(s, &hot, &netuid));
    assert!(!ParentKeys::contains_key(s, &a, &netuid));
    assert!(!ParentKeys::contains_key(s, &b, &netuid));
}

#[test]
fn after_start_call_children_wait_for_the_cooldown_and_the_next_epoch() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    let cooldown = SubtensorCall::set_pending_childkey_cooldown { cooldown: 15 };
    assert_eq!(sudo(&mut n.chain, Call::SubtensorModule(cooldown)), Ok(()));
    assert_eq!(
        outcome(&mut n.chain, n.owner, SubtensorCall::start_call { netuid }),
        "ok"
    );
    let kid = key("kid");
    let children = vec![(HALF, kid)];
    let (result, events) = apply(
        &mut n.chain,
        cold,
        Call::SubtensorModule(set_children(netuid, hot, children.clone())),
    );
    assert_eq!(result, Ok(()));
    let scheduled_at = u64::from(n.chain.best_number());
    let ready = scheduled_at + 15;
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::SetChildrenScheduled(
            hot,
            netuid,
            ready,
            children.clone()
        )]
    );
    assert_eq!(
        PendingChildKeys::get(n.chain.storage(), &netuid, &hot),
        (children.clone(), ready)
    );

    // Epochs at or before the cooldown block leave them pending; the first epoch after it applies them.
    let mut early_epochs = 0;
    loop {
        let out = n.chain.build_block(Vec::new());
        let block = u64::from(out.header.number);
        let epoch = out.coinbase.epochs.contains(&netuid);
        let s = n.chain.storage();
        if epoch && block > ready {
            assert_eq!(ChildKeys::get(s, &hot, &netuid), children);
            assert_eq!(ParentKeys::get(s, &kid, &netuid), vec![(HALF, hot)]);
            assert!(!PendingChildKeys::contains_key(s, &netuid, &hot));
            let applied: Vec<_> = out
                .events
                .iter()
                .filter(|r| r.phase == Phase::Initialization)
                .filter_map(|r| match &r.event {
                    Event::SubtensorModule(e @ SubtensorEvent::SetChildren(..)) => Some(e.clone()),
                    _ => None,
                })
                .collect();
            assert_eq!(
                applied,
                vec![SubtensorEvent::SetChildren(hot, netuid, children)]
            );
            break;
        }
        early_epochs += usize::from(epoch);
        assert!(
            ChildKeys::get(s, &hot, &netuid).is_empty(),
            "applied early at {block}"
        );
        assert!(PendingChildKeys::contains_key(s, &netuid, &hot));
        assert!(block < ready + 20, "never applied");
    }
    assert!(
        early_epochs >= 1,
        "an epoch inside the cooldown must not apply them"
    );
}

#[test]
fn childkey_take_is_bounded_and_rate_limited_upwards() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    let take = |take: u16| SubtensorCall::set_childkey_take {
        hotkey: hot,
        netuid,
        take,
    };
    let c = &mut n.chain;
    assert_eq!(
        outcome(c, n.owner, take(100)),
        "SubtensorModule.NonAssociatedColdKey"
    );
    assert_eq!(
        outcome(c, cold, take(11_797)),
        "SubtensorModule.InvalidChildkeyTake"
    );
    let (result, events) = apply(c, cold, Call::SubtensorModule(take(1_000)));
    assert_eq!(result, Ok(()));
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::ChildKeyTakeSet(hot, 1_000)]
    );
    assert_eq!(
        outcome(c, cold, take(2_000)),
        "SubtensorModule.TxChildkeyTakeRateLimitExceeded"
    );
    // Lowering is never rate limited.
    assert_eq!(outcome(c, cold, take(500)), "ok");
    assert_eq!(ChildkeyTake::get(c.storage(), &hot, &netuid), 500);
    // Root bounds: raising the minimum lifts the effective take and refuses takes below it.
    let min = SubtensorCall::sudo_set_min_childkey_take { take: 600 };
    assert_eq!(sudo(c, Call::SubtensorModule(min)), Ok(()));
    assert_eq!(childkey_take(c.storage(), &hot, netuid), 600);
    assert_eq!(
        outcome(c, cold, take(500)),
        "SubtensorModule.InvalidChildkeyTake"
    );
    // With the rate limit at 0, raising passes at once.
    let limit = SubtensorCall::sudo_set_tx_childkey_take_rate_limit { tx_rate_limit: 0 };
    assert_eq!(sudo(c, Call::SubtensorModule(limit)), Ok(()));
    assert_eq!(outcome(c, cold, take(2_000)), "ok");
}

#[test]
fn root_settings_need_root_and_deposit_subtensors_events() {
    let mut n = net();
    let cold = n.cold;
    let c = &mut n.chain;
    let calls = [
        (
            SubtensorCall::sudo_set_tx_childkey_take_rate_limit { tx_rate_limit: 7 },
            Some(SubtensorEvent::TxChildKeyTakeRateLimitSet(7)),
        ),
        (
            SubtensorCall::sudo_set_min_childkey_take { take: 8 },
            Some(SubtensorEvent::MinChildKeyTakeSet(8)),
        ),
        (
            SubtensorCall::sudo_set_max_childkey_take { take: 9 },
            Some(SubtensorEvent::MaxChildKeyTakeSet(9)),
        ),
        (
            SubtensorCall::set_pending_childkey_cooldown { cooldown: 10 },
            None,
        ),
    ];
    for (call, event) in calls {
        assert_eq!(outcome(c, cold, call.clone()), "BadOrigin", "{call:?}");
        let alice = dev_account("Alice").expect("alice");
        let (outer, events) = apply(c, alice, Call::sudo(Call::SubtensorModule(call.clone())));
        assert_eq!(outer, Ok(()));
        let got: Vec<SubtensorEvent> = subtensor_events(&events);
        assert_eq!(got, event.into_iter().collect::<Vec<_>>(), "{call:?}");
    }
    let s = c.storage();
    assert_eq!(TxChildkeyTakeRateLimit::get(s), 7);
    assert_eq!(MinChildkeyTake::get(s), 8);
    assert_eq!(MaxChildkeyTake::get(s), 9);
    assert_eq!(PendingChildKeyCooldown::get(s), 10);
}

#[test]
fn unstaking_below_the_threshold_drops_scheduled_children() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    assert_eq!(
        outcome(&mut n.chain, n.owner, SubtensorCall::start_call { netuid }),
        "ok"
    );
    let stake = SubtensorCall::add_stake {
        hotkey: hot,
        netuid,
        amount_staked: 10 * RAO_PER_TAO,
    };
    assert_eq!(outcome(&mut n.chain, cold, stake), "ok");
    let threshold = AdminCall::sudo_set_stake_threshold {
        min_stake: 5 * RAO_PER_TAO,
    };
    assert_eq!(sudo(&mut n.chain, Call::AdminUtils(threshold)), Ok(()));
    assert_eq!(
        outcome(
            &mut n.chain,
            cold,
            set_children(netuid, hot, vec![(1, key("kid"))])
        ),
        "ok"
    );
    assert!(PendingChildKeys::contains_key(
        n.chain.storage(),
        &netuid,
        &hot
    ));
    let alpha = staking::stake(n.chain.storage(), &hot, &cold, netuid);
    let unstake = SubtensorCall::remove_stake {
        hotkey: hot,
        netuid,
        amount_unstaked: alpha,
    };
    assert_eq!(outcome(&mut n.chain, cold, unstake), "ok");
    assert!(!PendingChildKeys::contains_key(
        n.chain.storage(),
        &netuid,
        &hot
    ));
}

/// subtensor's `test_childkey_take_respects_effective_subnet_minimum`: a subnet floor of half the
/// maximum (11_796 / 2 = 5_898) lifts the take a hotkey without one charges and refuses a take one
/// below it; the global minimum still applies where it is the larger.
#[test]
fn the_subnet_minimum_childkey_take_bounds_set_childkey_take() {
    let mut n = net();
    let (netuid, cold, hot) = (n.netuid, n.cold, n.hot);
    let take = |take: u16| SubtensorCall::set_childkey_take {
        hotkey: hot,
        netuid,
        take,
    };
    let c = &mut n.chain;
    let floor = AdminCall::sudo_set_min_childkey_take_per_subnet {
        netuid,
        take: 5_898,
    };
    assert_eq!(sudo(c, Call::AdminUtils(floor)), Ok(()));
    assert_eq!(effective_min_childkey_take(c.storage(), netuid), 5_898);
    assert_eq!(childkey_take(c.storage(), &hot, netuid), 5_898);
    // Another subnet keeps the global minimum (0).
    assert_eq!(effective_min_childkey_take(c.storage(), netuid + 1), 0);
    assert_eq!(
        outcome(c, cold, take(5_897)),
        "SubtensorModule.InvalidChildkeyTake"
    );
    assert_eq!(outcome(c, cold, take(5_898)), "ok");
    assert_eq!(ChildkeyTake::get(c.storage(), &hot, &netuid), 5_898);
    // A global minimum above the subnet's wins.
    let global = SubtensorCall::sudo_set_min_childkey_take { take: 6_000 };
    assert_eq!(sudo(c, Call::SubtensorModule(global)), Ok(()));
    assert_eq!(effective_min_childkey_take(c.storage(), netuid), 6_000);
    assert_eq!(childkey_take(c.storage(), &hot, netuid), 6_000);
}

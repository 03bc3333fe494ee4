//! Childkeys on a running subnet: a parent validator lends half its stake to a child validator of
//! another coldkey, and from the epoch that applies the link the child's dividends rise and the parent's
//! fall (the child keeps its childkey take on what it passes back); and root validators lend a new
//! subnet's owner hotkey their stake weight from its registration on (auto parent delegation).

use crate::support::{call, next_epoch};
use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::coinbase;
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::{AccountId, Chain, Genesis, RAO_PER_TAO};

fn key(name: &str) -> AccountId {
    Keypair::derive(671, name).account_id()
}

fn sudo(chain: &mut Chain, inner: Call) {
    call(chain, dev_account("Alice").unwrap(), Call::sudo(inner));
}

fn dividends(chain: &Chain, netuid: u16, hotkey: &AccountId) -> u64 {
    AlphaDividendsPerSubnet::get(chain.storage(), &netuid, hotkey)
}

#[test]
fn a_child_validator_earns_more_and_its_parent_less_once_the_link_applies() {
    let mut chain = Chain::new(Genesis::devnet().unwrap());
    let alice = dev_account("Alice").unwrap();
    let (owner, parent_cold, child_cold, miner_cold) =
        (key("owner"), key("parent"), key("child"), key("miner"));
    let (parent_hot, child_hot, miner_hot) =
        (key("parent-hot"), key("child-hot"), key("miner-hot"));
    for (who, tao) in [
        (owner, 5_000),
        (parent_cold, 2_000),
        (child_cold, 500),
        (miner_cold, 100),
    ] {
        call(
            &mut chain,
            alice,
            Call::Balances(BalancesCall::transfer_keep_alive {
                dest: MultiAddress::Id(who),
                value: (tao * RAO_PER_TAO).into(),
            }),
        );
    }
    call(
        &mut chain,
        owner,
        Call::SubtensorModule(SubtensorCall::register_network {
            hotkey: key("owner-hot"),
        }),
    );
    let netuid = 1;
    for admin in [
        AdminCall::sudo_set_tempo { netuid, tempo: 10 },
        AdminCall::sudo_set_weights_set_rate_limit {
            netuid,
            weights_set_rate_limit: 0,
        },
    ] {
        sudo(&mut chain, Call::AdminUtils(admin));
    }
    sudo(
        &mut chain,
        Call::SubtensorModule(SubtensorCall::set_pending_childkey_cooldown { cooldown: 1 }),
    );
    call(
        &mut chain,
        owner,
        Call::SubtensorModule(SubtensorCall::start_call { netuid }),
    );
    for (cold, hot) in [
        (parent_cold, parent_hot),
        (child_cold, child_hot),
        (miner_cold, miner_hot),
    ] {
        call(
            &mut chain,
            cold,
            Call::SubtensorModule(SubtensorCall::burned_register {
                netuid,
                hotkey: hot,
            }),
        );
    }
    for (cold, hot, tao) in [
        (parent_cold, parent_hot, 1_000),
        (child_cold, child_hot, 100),
    ] {
        call(
            &mut chain,
            cold,
            Call::SubtensorModule(SubtensorCall::add_stake {
                hotkey: hot,
                netuid,
                amount_staked: tao * RAO_PER_TAO,
            }),
        );
    }
    let miner_uid = Uids::get(chain.storage(), &netuid, &miner_hot);
    let weigh = |chain: &mut Chain| {
        for hot in [parent_hot, child_hot] {
            call(
                chain,
                hot,
                Call::SubtensorModule(SubtensorCall::set_weights {
                    netuid,
                    dests: vec![miner_uid],
                    weights: vec![1],
                    version_key: 0,
                }),
            );
        }
    };

    // Without links: let permits and bonds settle, then read one epoch's dividends.
    next_epoch(&mut chain, netuid);
    for _ in 0..6 {
        weigh(&mut chain);
        next_epoch(&mut chain, netuid);
    }
    let (parent_before, child_before) = (
        dividends(&chain, netuid, &parent_hot),
        dividends(&chain, netuid, &child_hot),
    );
    assert!(parent_before > child_before && child_before > 0);

    // The parent lends half; the child (another coldkey) keeps the largest childkey take.
    call(
        &mut chain,
        child_cold,
        Call::SubtensorModule(SubtensorCall::set_childkey_take {
            hotkey: child_hot,
            netuid,
            take: 11_796,
        }),
    );
    call(
        &mut chain,
        parent_cold,
        Call::SubtensorModule(SubtensorCall::set_children {
            hotkey: parent_hot,
            netuid,
            children: vec![(u64::MAX / 2, child_hot)],
        }),
    );
    let applied_at = next_epoch(&mut chain, netuid);
    let s = chain.storage();
    assert_eq!(
        ChildKeys::get(s, &parent_hot, &netuid),
        vec![(u64::MAX / 2, child_hot)],
        "applied at block {applied_at}"
    );

    // The epoch's stake weights follow the link: u64::MAX/2 is (2^31 − 1)/2^32 in U96F32.
    let own_parent = u128::from(TotalHotkeyAlpha::get(s, &parent_hot, &netuid));
    let own_child = u128::from(TotalHotkeyAlpha::get(s, &child_hot, &netuid));
    let lent = own_parent * ((1 << 31) - 1);
    let (input, hotkeys) = coinbase::epoch_input(s, netuid, u64::from(applied_at) + 1, 0);
    let uid = |hk: &AccountId| hotkeys.iter().position(|h| h == hk).unwrap();
    assert_eq!(
        u128::from(input.stake[uid(&child_hot)]),
        own_child + (lent >> 32)
    );
    assert_eq!(
        u128::from(input.stake[uid(&parent_hot)]),
        ((own_parent << 32) - lent) >> 32
    );

    // From the next epochs on, the child earns more and the parent less than before.
    let mut history = Vec::new();
    for _ in 0..4 {
        weigh(&mut chain);
        next_epoch(&mut chain, netuid);
        history.push((
            dividends(&chain, netuid, &parent_hot),
            dividends(&chain, netuid, &child_hot),
        ));
    }
    for (parent_after, child_after) in &history {
        assert!(
            *child_after > child_before,
            "child {child_before} → {history:?}"
        );
        assert!(
            *parent_after < parent_before,
            "parent {parent_before} → {history:?}"
        );
    }
}

/// `TaoWeight`'s default as `U96F32` bits: ⌊971_718_665_099_567_868 · 2^32 / (2^64 − 1)⌋.
const TAU_BITS: i128 = 226_245_882;

#[test]
fn root_validators_lend_a_new_subnets_owner_hotkey_their_stake_weight_unless_they_opt_out() {
    let mut chain = Chain::new(Genesis::devnet().unwrap());
    let alice = dev_account("Alice").unwrap();
    let (validator, owner_1, owner_2) = (key("root-val"), key("owner-1"), key("owner-2"));
    let (validator_hot, owner_1_hot, owner_2_hot) =
        (key("root-val-hot"), key("owner-1-hot"), key("owner-2-hot"));
    for who in [validator, owner_1, owner_2] {
        call(
            &mut chain,
            alice,
            Call::Balances(BalancesCall::transfer_keep_alive {
                dest: MultiAddress::Id(who),
                value: (5_000 * RAO_PER_TAO).into(),
            }),
        );
    }
    let sub = |c: SubtensorCall| Call::SubtensorModule(c);
    call(
        &mut chain,
        validator,
        sub(SubtensorCall::root_register {
            hotkey: validator_hot,
        }),
    );
    // Root is a stable subnet: 100 TAO buys exactly 100 TAO of root stake.
    call(
        &mut chain,
        validator,
        sub(SubtensorCall::add_stake {
            hotkey: validator_hot,
            netuid: 0,
            amount_staked: 100 * RAO_PER_TAO,
        }),
    );
    // Subnet 1 is registered while the validator delegates automatically, subnet 2 after it opted out.
    call(
        &mut chain,
        owner_1,
        sub(SubtensorCall::register_network {
            hotkey: owner_1_hot,
        }),
    );
    call(
        &mut chain,
        validator,
        sub(SubtensorCall::set_auto_parent_delegation_enabled {
            hotkey: validator_hot,
            enabled: false,
        }),
    );
    call(
        &mut chain,
        owner_2,
        sub(SubtensorCall::register_network {
            hotkey: owner_2_hot,
        }),
    );
    let s = chain.storage();
    assert_eq!(
        ParentKeys::get(s, &owner_1_hot, &1),
        vec![(u64::MAX, validator_hot)]
    );
    assert!(ParentKeys::get(s, &owner_2_hot, &2).is_empty());
    for (netuid, owner) in [(1, owner_1), (2, owner_2)] {
        sudo(
            &mut chain,
            Call::AdminUtils(AdminCall::sudo_set_tempo { netuid, tempo: 10 }),
        );
        call(&mut chain, owner, sub(SubtensorCall::start_call { netuid }));
    }

    // The epoch weighs subnet 1's owner hotkey (no alpha of its own) by the validator's root stake
    // lent to it whole: 100 TAO · τ, as I64F64 bits (100e9 · 226_245_882) · 2^32. Subnet 2's owner
    // hotkey weighs nothing; the validator itself is on neither subnet.
    let block = u64::from(chain.best_number()) + 1;
    let (_, hotkeys, stake) = coinbase::epoch_input_with_stake(chain.storage(), 1, block, 0);
    assert_eq!(hotkeys, vec![owner_1_hot]);
    assert_eq!(
        stake[0].to_bits(),
        (100 * i128::from(RAO_PER_TAO) * TAU_BITS) << 32
    );
    let (_, _, stake) = coinbase::epoch_input_with_stake(chain.storage(), 2, block, 0);
    assert_eq!(stake[0].to_bits(), 0);

    // At the epochs the owner hotkey of subnet 1 holds all of its subnet's stake weight and keeps its
    // validator permit; subnet 2's holds none.
    next_epoch(&mut chain, 1);
    next_epoch(&mut chain, 2);
    let s = chain.storage();
    assert_eq!(StakeWeight::get(s, &1), vec![u16::MAX]);
    assert_eq!(StakeWeight::get(s, &2), vec![0]);
    assert_eq!(ValidatorPermit::get(s, &1), vec![true]);
    // The link stays: only the parent's coldkey (or a revocation) changes it.
    assert_eq!(
        ChildKeys::get(s, &validator_hot, &1),
        vec![(u64::MAX, owner_1_hot)]
    );
}

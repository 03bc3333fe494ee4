//! Childkeys on a running subnet: a parent validator lends half its stake to a child validator of
//! another coldkey, and from the epoch that applies the link the child's dividends rise and the parent's
//! fall (the child keeps its childkey take on what it passes back).

use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::coinbase;
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::{AccountId, Chain, Extrinsic, Genesis, RAO_PER_TAO};

fn key(name: &str) -> AccountId {
    Keypair::derive(671, name).account_id()
}

fn call(chain: &mut Chain, who: AccountId, call: Call) {
    let nonce = chain.account_nonce(&who);
    let out = chain.build_block(vec![Extrinsic {
        signer: who,
        nonce,
        call: call.clone(),
    }]);
    assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{call:?}");
}

fn sudo(chain: &mut Chain, inner: Call) {
    call(chain, dev_account("Alice").unwrap(), Call::sudo(inner));
}

/// Builds blocks until the subnet's next epoch has run; returns that block's number.
fn next_epoch(chain: &mut Chain, netuid: u16) -> u32 {
    for _ in 0..50 {
        let out = chain.build_block(Vec::new());
        if out.coinbase.epochs.contains(&netuid) {
            return out.header.number;
        }
    }
    panic!("no epoch in 50 blocks");
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

//! A subnet from registration to paid epochs, through ordinary extrinsics.

use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::error_names::SubtensorError;
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::{staking, AccountId, Chain, Extrinsic, Genesis, RAO_PER_TAO};

struct Net {
    chain: Chain,
}

impl Net {
    fn new() -> Self {
        Net {
            chain: Chain::new(Genesis::devnet().unwrap()),
        }
    }

    /// Submits one call from `who` in its own block and returns its dispatch result.
    fn call(
        &mut self,
        who: AccountId,
        call: Call,
    ) -> Result<(), taonet_chain::error::DispatchError> {
        let nonce = self.chain.account_nonce(&who);
        let out = self.chain.build_block(vec![Extrinsic {
            signer: who,
            nonce,
            call,
        }]);
        out.receipts[0].outcome.expect("nonce is current")
    }

    fn blocks(&mut self, n: u32) {
        for _ in 0..n {
            self.chain.build_block(Vec::new());
        }
    }
}

fn key(name: &str) -> AccountId {
    Keypair::derive(1, name).account_id()
}

fn fund(net: &mut Net, who: AccountId, tao: u64) {
    let alice = dev_account("Alice").unwrap();
    net.call(
        alice,
        Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(who),
            value: (tao * RAO_PER_TAO).into(),
        }),
    )
    .unwrap();
}

#[test]
fn subnet_lifecycle_pays_incentive_and_dividends() {
    let mut net = Net::new();
    let owner = key("owner");
    let owner_hot = key("owner-hot");
    fund(&mut net, owner, 5_000);
    net.call(
        owner,
        Call::SubtensorModule(SubtensorCall::register_network { hotkey: owner_hot }),
    )
    .unwrap();
    let netuid = 1;
    assert!(NetworksAdded::get(net.chain.storage(), &netuid));
    // The whole 1000 TAO lock seeds the pool at price 1.
    assert_eq!(
        SubnetTAO::get(net.chain.storage(), &netuid),
        1_000 * RAO_PER_TAO
    );
    assert_eq!(
        SubnetAlphaIn::get(net.chain.storage(), &netuid),
        1_000 * RAO_PER_TAO
    );
    assert_eq!(Keys::get(net.chain.storage(), &netuid, &0), owner_hot);

    // Staking before start_call is refused with subtensor's error.
    let v = key("validator");
    let v_hot = key("validator-hot");
    fund(&mut net, v, 2_000);
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::burned_register {
            netuid,
            hotkey: v_hot,
        }),
    )
    .unwrap();
    let e = net
        .call(
            v,
            Call::SubtensorModule(SubtensorCall::add_stake {
                hotkey: v_hot,
                netuid,
                amount_staked: RAO_PER_TAO,
            }),
        )
        .unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::SubtokenDisabled));
    // Registering twice fails by name.
    let e = net
        .call(
            v,
            Call::SubtensorModule(SubtensorCall::burned_register {
                netuid,
                hotkey: v_hot,
            }),
        )
        .unwrap_err();
    assert_eq!(
        e.subtensor(),
        Some(SubtensorError::HotKeyAlreadyRegisteredInSubNet)
    );

    net.call(
        owner,
        Call::SubtensorModule(SubtensorCall::start_call { netuid }),
    )
    .unwrap();
    let alice = dev_account("Alice").unwrap();
    for admin in [
        AdminCall::sudo_set_tempo { netuid, tempo: 10 },
        AdminCall::sudo_set_weights_set_rate_limit {
            netuid,
            weights_set_rate_limit: 0,
        },
    ] {
        net.call(alice, Call::sudo(Call::AdminUtils(admin)))
            .unwrap();
    }
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::add_stake {
            hotkey: v_hot,
            netuid,
            amount_staked: 500 * RAO_PER_TAO,
        }),
    )
    .unwrap();
    let staked = staking::stake(net.chain.storage(), &v_hot, &v, netuid);
    assert!(staked > 0);

    let m = key("miner");
    let m_hot = key("miner-hot");
    fund(&mut net, m, 100);
    net.call(
        m,
        Call::SubtensorModule(SubtensorCall::burned_register {
            netuid,
            hotkey: m_hot,
        }),
    )
    .unwrap();
    // Wait for an epoch so the validator holds a permit, then weight the miner.
    net.blocks(12);
    let permits = ValidatorPermit::get(net.chain.storage(), &netuid);
    assert!(
        permits[1],
        "the staked validator holds a permit: {permits:?}"
    );
    net.call(
        v_hot,
        Call::SubtensorModule(SubtensorCall::set_weights {
            netuid,
            dests: vec![2],
            weights: vec![1],
            version_key: 0,
        }),
    )
    .unwrap();
    net.blocks(12);
    let s = net.chain.storage();
    let incentive = Incentive::get(s, &netuid);
    let dividends = Dividends::get(s, &netuid);
    assert_eq!(
        incentive[2],
        u16::MAX,
        "the only weighted miner takes all incentive"
    );
    assert_eq!(
        dividends[1],
        u16::MAX,
        "the only validator takes all dividends"
    );
    assert!(
        staking::stake(s, &m_hot, &m, netuid) > 0,
        "the miner's incentive is staked"
    );
    assert!(
        staking::stake(s, &v_hot, &v, netuid) > staked,
        "dividends grew the validator's stake"
    );
    assert!(SubnetEpochIndex::get(s, &netuid) >= 2);
}

#[test]
fn same_inputs_give_the_same_block_hashes() {
    let run = || {
        let mut net = Net::new();
        let owner = key("owner");
        fund(&mut net, owner, 5_000);
        net.call(
            owner,
            Call::SubtensorModule(SubtensorCall::register_network { hotkey: key("oh") }),
        )
        .unwrap();
        net.call(
            owner,
            Call::SubtensorModule(SubtensorCall::start_call { netuid: 1 }),
        )
        .unwrap();
        net.blocks(50);
        net.chain.best_hash()
    };
    assert_eq!(run(), run());
}

#[test]
fn stale_and_future_nonces_are_not_included() {
    let mut net = Net::new();
    let alice = dev_account("Alice").unwrap();
    let call = Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(key("x")),
        value: RAO_PER_TAO.into(),
    });
    let out = net.chain.build_block(vec![
        Extrinsic {
            signer: alice,
            nonce: 1,
            call: call.clone(),
        },
        Extrinsic {
            signer: alice,
            nonce: 0,
            call: call.clone(),
        },
    ]);
    assert_eq!(
        out.receipts[0].outcome,
        Err(taonet_chain::InvalidTransaction::Future)
    );
    assert_eq!(out.receipts[1].outcome, Ok(Ok(())));
    let out = net.chain.build_block(vec![Extrinsic {
        signer: alice,
        nonce: 0,
        call,
    }]);
    assert_eq!(
        out.receipts[0].outcome,
        Err(taonet_chain::InvalidTransaction::Stale)
    );
}

#[test]
fn a_failed_call_changes_nothing_but_the_nonce_and_the_fee() {
    use taonet_chain::event::{Event, TransactionPaymentEvent};
    let mut net = Net::new();
    let owner = key("owner");
    fund(&mut net, owner, 5_000);
    net.call(
        owner,
        Call::SubtensorModule(SubtensorCall::register_network { hotkey: key("oh") }),
    )
    .unwrap();
    // Unstaking a stake that does not exist fails after the extrinsic is included and paid for.
    let nonce = net.chain.account_nonce(&owner);
    let balance = taonet_chain::balances::free_balance(net.chain.storage(), &owner);
    let out = net.chain.build_block(vec![Extrinsic {
        signer: owner,
        nonce,
        call: Call::SubtensorModule(SubtensorCall::remove_stake {
            hotkey: key("oh"),
            netuid: 1,
            amount_unstaked: RAO_PER_TAO,
        }),
    }]);
    let e = out.receipts[0].outcome.expect("included").unwrap_err();
    // subtensor main's `do_remove_stake` checks the subtoken first (no `start_call` yet).
    assert_eq!(e.subtensor(), Some(SubtensorError::SubtokenDisabled));
    let fee: u64 = out
        .events
        .iter()
        .filter_map(|r| match &r.event {
            Event::TransactionPayment(TransactionPaymentEvent::TransactionFeePaid {
                who,
                actual_fee,
                ..
            }) if *who == owner => Some(*actual_fee),
            _ => None,
        })
        .sum();
    assert!(fee > 0, "a failed call still pays its fee");
    assert_eq!(net.chain.account_nonce(&owner), nonce + 1);
    assert_eq!(
        taonet_chain::balances::free_balance(net.chain.storage(), &owner),
        balance - fee,
        "only the fee left the account"
    );
}

/// A started subnet (tempo 10, no weights rate limit) with one staked validator; returns
/// (net, owner, validator coldkey, validator hotkey).
fn started_subnet(commit_reveal: bool) -> (Net, AccountId, AccountId, AccountId) {
    let mut net = Net::new();
    let owner = key("owner");
    fund(&mut net, owner, 5_000);
    net.call(
        owner,
        Call::SubtensorModule(SubtensorCall::register_network {
            hotkey: key("owner-hot"),
        }),
    )
    .unwrap();
    net.call(
        owner,
        Call::SubtensorModule(SubtensorCall::start_call { netuid: 1 }),
    )
    .unwrap();
    let alice = dev_account("Alice").unwrap();
    for admin in [
        AdminCall::sudo_set_tempo {
            netuid: 1,
            tempo: 10,
        },
        AdminCall::sudo_set_weights_set_rate_limit {
            netuid: 1,
            weights_set_rate_limit: 0,
        },
        AdminCall::sudo_set_commit_reveal_weights_enabled {
            netuid: 1,
            enabled: commit_reveal,
        },
    ] {
        net.call(alice, Call::sudo(Call::AdminUtils(admin)))
            .unwrap();
    }
    let (v, v_hot) = (key("validator"), key("validator-hot"));
    fund(&mut net, v, 2_000);
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: v_hot,
        }),
    )
    .unwrap();
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::add_stake {
            hotkey: v_hot,
            netuid: 1,
            amount_staked: 100 * RAO_PER_TAO,
        }),
    )
    .unwrap();
    (net, owner, v, v_hot)
}

#[test]
fn stake_moves_between_hotkeys_and_coldkeys_within_a_subnet_without_a_swap() {
    let (mut net, _, v, v_hot) = started_subnet(false);
    let owner_hot = key("owner-hot");
    let have = staking::stake(net.chain.storage(), &v_hot, &v, 1);
    let pool_before = taonet_chain::pool::reserves(net.chain.storage(), 1);
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::move_stake {
            origin_hotkey: v_hot,
            destination_hotkey: owner_hot,
            origin_netuid: 1,
            destination_netuid: 1,
            alpha_amount: have / 2,
        }),
    )
    .unwrap();
    let s = net.chain.storage();
    assert_eq!(staking::stake(s, &owner_hot, &v, 1), have / 2);
    assert_eq!(staking::stake(s, &v_hot, &v, 1), have - have / 2);
    // No swap: the pool is untouched apart from the coinbase of the blocks in between.
    assert_eq!(taonet_chain::pool::reserves(s, 1).alpha, pool_before.alpha);
    let friend = key("friend");
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::transfer_stake {
            destination_coldkey: friend,
            hotkey: v_hot,
            origin_netuid: 1,
            destination_netuid: 1,
            alpha_amount: 1_000_000_000,
        }),
    )
    .unwrap();
    assert_eq!(
        staking::stake(net.chain.storage(), &v_hot, &friend, 1),
        1_000_000_000
    );
    let e = net
        .call(
            v,
            Call::SubtensorModule(SubtensorCall::swap_stake {
                hotkey: v_hot,
                origin_netuid: 1,
                destination_netuid: 1,
                alpha_amount: 1,
            }),
        )
        .unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::SameNetuid));
}

#[test]
fn commit_reveal_applies_weights_one_epoch_later() {
    let (mut net, _, _, v_hot) = started_subnet(true);
    // Wait for an epoch so the validator holds a permit.
    net.blocks(11);
    let e = net
        .call(
            v_hot,
            Call::SubtensorModule(SubtensorCall::set_weights {
                netuid: 1,
                dests: vec![0],
                weights: vec![1],
                version_key: 0,
            }),
        )
        .unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::CommitRevealEnabled));
    let (uids, values, salt) = (vec![0u16], vec![1u16], vec![7u16, 8]);
    let hash = taonet_chain::commit_reveal::commit_hash(&v_hot, 1, &uids, &values, &salt, 0);
    // The commit belongs to the current epoch (none is due in its block); it reveals in the next one.
    let target = SubnetEpochIndex::get(net.chain.storage(), &1) + 1;
    net.call(
        v_hot,
        Call::SubtensorModule(SubtensorCall::commit_weights {
            netuid: 1,
            commit_hash: hash,
        }),
    )
    .unwrap();
    let reveal = Call::SubtensorModule(SubtensorCall::reveal_weights {
        netuid: 1,
        uids: uids.clone(),
        values: values.clone(),
        salt: salt.clone(),
        version_key: 0,
    });
    let e = net.call(v_hot, reveal.clone()).unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::RevealTooEarly));
    let wrong = Call::SubtensorModule(SubtensorCall::reveal_weights {
        netuid: 1,
        uids,
        values,
        salt: vec![9],
        version_key: 0,
    });
    let e = net.call(v_hot, wrong).unwrap_err();
    // subtensor's pre-dispatch check (`CheckWeights`) finds no commit with this hash.
    assert_eq!(e.subtensor(), Some(SubtensorError::NoWeightsCommitFound));
    // The next epoch opens the reveal window (reveal period 1).
    while SubnetEpochIndex::get(net.chain.storage(), &1) < target {
        net.blocks(1);
    }
    net.call(v_hot, reveal).unwrap();
    let uid = Uids::get(net.chain.storage(), &1, &v_hot);
    assert_eq!(
        Weights::get(net.chain.storage(), &1, &uid),
        vec![(0, u16::MAX)]
    );
}

#[test]
fn delegate_take_only_moves_within_its_bounds() {
    let (mut net, _, v, v_hot) = started_subnet(false);
    let take = |net: &Net| Delegates::get(net.chain.storage(), &v_hot);
    assert_eq!(take(&net), 11_796, "every hotkey starts at 18%");
    let e = net
        .call(
            v,
            Call::SubtensorModule(SubtensorCall::increase_take {
                hotkey: v_hot,
                take: 20_000,
            }),
        )
        .unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::DelegateTakeTooHigh));
    net.call(
        v,
        Call::SubtensorModule(SubtensorCall::decrease_take {
            hotkey: v_hot,
            take: 5_000,
        }),
    )
    .unwrap();
    assert_eq!(take(&net), 5_000);
    // Raising again within the rate limit (216,000 blocks) is refused.
    let e = net
        .call(
            v,
            Call::SubtensorModule(SubtensorCall::increase_take {
                hotkey: v_hot,
                take: 6_000,
            }),
        )
        .unwrap_err();
    assert_eq!(
        e.subtensor(),
        Some(SubtensorError::DelegateTxRateLimitExceeded)
    );
    let stranger = key("stranger");
    fund(&mut net, stranger, 10);
    let e = net
        .call(
            stranger,
            Call::SubtensorModule(SubtensorCall::decrease_take {
                hotkey: v_hot,
                take: 1,
            }),
        )
        .unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::NonAssociatedColdKey));
}

/// Sudo `calls` one block each.
fn sudo_all(net: &mut Net, calls: Vec<AdminCall>) {
    let alice = dev_account("Alice").unwrap();
    for admin in calls {
        net.call(alice, Call::sudo(Call::AdminUtils(admin)))
            .unwrap();
    }
}

/// Submits one call from `who` in its own block; returns its result and the block's SubtensorModule
/// events.
fn call_with_events(
    net: &mut Net,
    who: AccountId,
    call: Call,
) -> (
    Result<(), taonet_chain::error::DispatchError>,
    Vec<taonet_chain::event::SubtensorEvent>,
) {
    let nonce = net.chain.account_nonce(&who);
    let out = net.chain.build_block(vec![Extrinsic {
        signer: who,
        nonce,
        call,
    }]);
    let events = out
        .events
        .into_iter()
        .filter_map(|r| match r.event {
            taonet_chain::event::Event::SubtensorModule(e) => Some(e),
            _ => None,
        })
        .collect();
    (out.receipts[0].outcome.expect("nonce is current"), events)
}

#[test]
fn a_miners_incentive_is_staked_where_its_coldkey_chose() {
    let (mut net, _, _, v_hot) = started_subnet(false);
    let (m, m_hot) = (key("miner"), key("miner-hot"));
    fund(&mut net, m, 100);
    net.call(
        m,
        Call::SubtensorModule(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: m_hot,
        }),
    )
    .unwrap();
    // The miner's coldkey sends its incentive to the validator's hotkey (registered on the subnet).
    net.call(
        m,
        Call::SubtensorModule(SubtensorCall::set_coldkey_auto_stake_hotkey {
            netuid: 1,
            hotkey: v_hot,
        }),
    )
    .unwrap();
    assert_eq!(
        AutoStakeDestination::try_get(net.chain.storage(), &m, &1),
        Some(v_hot)
    );
    // An epoch for the validator's permit, then weights on the miner and another epoch to pay it.
    net.blocks(11);
    let m_uid = Uids::get(net.chain.storage(), &1, &m_hot);
    net.call(
        v_hot,
        Call::SubtensorModule(SubtensorCall::set_weights {
            netuid: 1,
            dests: vec![m_uid],
            weights: vec![1],
            version_key: 0,
        }),
    )
    .unwrap();
    net.blocks(11);
    let s = net.chain.storage();
    assert_eq!(
        staking::stake(s, &m_hot, &m, 1),
        0,
        "nothing on the miner's hotkey"
    );
    assert!(
        staking::stake(s, &v_hot, &m, 1) > 0,
        "the miner's coldkey holds the incentive on the chosen hotkey"
    );
}

#[test]
fn switching_the_owner_cut_off_leaves_all_alpha_to_the_participants() {
    let (mut net, owner, _, _) = started_subnet(false);
    let stranger = key("stranger");
    fund(&mut net, stranger, 1);
    // A long tempo restarted now: no epoch drains the pending pools in the blocks below.
    sudo_all(
        &mut net,
        vec![AdminCall::sudo_set_tempo {
            netuid: 1,
            tempo: 1_000,
        }],
    );
    let pending = |net: &Net| {
        let s = net.chain.storage();
        (
            PendingOwnerCut::get(s, &1),
            PendingServerEmission::get(s, &1),
        )
    };
    let (cut_before, _) = pending(&net);
    net.blocks(1);
    let (cut_on, _) = pending(&net);
    assert!(cut_on > cut_before, "the owner cut accrues while it is on");
    // Only the owner or root may switch it, and never on root.
    let e = net
        .call(
            stranger,
            Call::AdminUtils(AdminCall::sudo_set_owner_cut_enabled {
                netuid: 1,
                enabled: false,
            }),
        )
        .unwrap_err();
    assert_eq!(e, taonet_chain::error::DispatchError::BadOrigin);
    net.call(
        owner,
        Call::AdminUtils(AdminCall::sudo_set_owner_cut_enabled {
            netuid: 1,
            enabled: false,
        }),
    )
    .unwrap();
    let (cut_off, server_before) = pending(&net);
    net.blocks(1);
    let (cut_after, server_after) = pending(&net);
    assert_eq!(cut_after, cut_off, "no owner cut while it is off");
    // The miners' half is ⌊x/2⌋ of the whole emission x, and ⌊x/2⌋ = ⌊⌊x⌋/2⌋ = ⌊created/2⌋.
    let created = SubnetAlphaOutEmission::get(net.chain.storage(), &1);
    assert!(created > 0);
    assert_eq!(server_after - server_before, created / 2);
}

#[test]
fn recycle_burn_and_the_batch_guard_through_extrinsics() {
    let (mut net, _, v, v_hot) = started_subnet(false);
    sudo_all(
        &mut net,
        vec![AdminCall::sudo_set_tempo {
            netuid: 1,
            tempo: 1_000,
        }],
    );
    let stake = |net: &Net| staking::stake(net.chain.storage(), &v_hot, &v, 1);
    let before = stake(&net);
    let recycle = SubtensorCall::recycle_alpha {
        hotkey: v_hot,
        amount: RAO_PER_TAO,
        netuid: 1,
    };
    let (r, events) = call_with_events(&mut net, v, Call::SubtensorModule(recycle));
    assert_eq!(r, Ok(()));
    assert_eq!(stake(&net), before - RAO_PER_TAO);
    assert!(
        events.contains(&taonet_chain::event::SubtensorEvent::AlphaRecycled(
            v,
            v_hot,
            RAO_PER_TAO,
            1
        ))
    );
    let burn = SubtensorCall::burn_alpha {
        hotkey: v_hot,
        amount: RAO_PER_TAO,
        netuid: 1,
    };
    net.call(v, Call::SubtensorModule(burn)).unwrap();
    assert_eq!(stake(&net), before - 2 * RAO_PER_TAO);
    // Recycling on root is refused.
    let e = net
        .call(
            v,
            Call::SubtensorModule(SubtensorCall::recycle_alpha {
                hotkey: v_hot,
                amount: 1,
                netuid: 0,
            }),
        )
        .unwrap_err();
    assert_eq!(
        e.subtensor(),
        Some(SubtensorError::CannotBurnOrRecycleOnRootSubnet)
    );
    // A batch whose lists differ in length is refused in the pool with code 18 (`InputLengthsUnequal`).
    let batch = Call::SubtensorModule(SubtensorCall::batch_set_weights {
        netuids: vec![1u16.into()],
        weights: vec![],
        version_keys: vec![0u64.into()],
    });
    let block = u64::from(net.chain.best_number()) + 1;
    let refused =
        taonet_chain::transaction::subtensor_extension(net.chain.storage(), block, &v_hot, &batch)
            .unwrap_err();
    assert_eq!(refused, SubtensorError::InputLengthsUnequal);
    assert_eq!(taonet_chain::transaction::custom_error_code(refused), 18);
}

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
fn a_failed_call_changes_nothing_but_the_nonce() {
    let mut net = Net::new();
    let owner = key("owner");
    fund(&mut net, owner, 5_000);
    net.call(
        owner,
        Call::SubtensorModule(SubtensorCall::register_network { hotkey: key("oh") }),
    )
    .unwrap();
    let before = net.chain.storage().root();
    let nonce = net.chain.account_nonce(&owner);
    // The hotkey is new, so staking must fail: the subnet is not started.
    let e = net
        .call(
            owner,
            Call::SubtensorModule(SubtensorCall::add_stake {
                hotkey: key("oh"),
                netuid: 1,
                amount_staked: RAO_PER_TAO,
            }),
        )
        .unwrap_err();
    assert_eq!(e.subtensor(), Some(SubtensorError::SubtokenDisabled));
    assert_eq!(net.chain.account_nonce(&owner), nonce + 1);
    // Only the nonce, block bookkeeping and coinbase moved: the owner's balance is untouched.
    assert_ne!(net.chain.storage().root(), before);
    assert_eq!(
        taonet_chain::balances::free_balance(net.chain.storage(), &owner),
        5_000 * RAO_PER_TAO - 1_000 * RAO_PER_TAO
    );
}

//! Registration on a full subnet and a subnet's dissolution, through ordinary extrinsics.
//!
//! Subtensor's rules (`get_neuron_to_prune`, `replace_neuron`, `do_dissolve_network`): a registration on
//! a full subnet takes the UID with the lowest `Emission` among the non-immune UIDs (the earlier
//! registration on a tie), never the subnet owner's immortal UID; only root dissolves a subnet, and its
//! pool is paid out to the stakers pro rata to their alpha.

use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::ctx::subnet_account;
use taonet_chain::error::DispatchError;
use taonet_chain::event::{Event, SubtensorEvent, SudoEvent};
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::{balances, staking, AccountId, Chain, Extrinsic, Genesis, NetUid, RAO_PER_TAO};

const NETUID: NetUid = 1;

struct Net {
    chain: Chain,
    alice: AccountId,
}

impl Net {
    fn new() -> Self {
        Net {
            chain: Chain::new(Genesis::devnet().expect("devnet genesis")),
            alice: dev_account("Alice").expect("Alice"),
        }
    }

    /// Submits `call` from `who` in a block of its own; returns its dispatch result and the block's
    /// events.
    fn submit(&mut self, who: AccountId, call: Call) -> (Result<(), DispatchError>, Vec<Event>) {
        let nonce = self.chain.account_nonce(&who);
        let out = self.chain.build_block(vec![Extrinsic {
            signer: who,
            nonce,
            call,
        }]);
        let result = out.receipts[0].outcome.expect("nonce is current");
        (result, out.events.into_iter().map(|r| r.event).collect())
    }

    fn call(&mut self, who: AccountId, call: Call) -> Result<(), DispatchError> {
        self.submit(who, call).0
    }

    fn subtensor(&mut self, who: AccountId, call: SubtensorCall) -> Result<(), DispatchError> {
        self.call(who, Call::SubtensorModule(call))
    }

    /// Runs `call` through `Sudo.sudo` and returns the inner call's result.
    fn sudo(&mut self, call: Call) -> Result<(), DispatchError> {
        let alice = self.alice;
        let (outer, events) = self.submit(alice, Call::sudo(call));
        assert_eq!(outer, Ok(()), "Alice holds the sudo key");
        events
            .into_iter()
            .find_map(|e| match e {
                Event::Sudo(SudoEvent::Sudid { sudo_result }) => Some(sudo_result),
                _ => None,
            })
            .expect("Sudid")
    }

    fn admin(&mut self, call: AdminCall) {
        assert_eq!(
            self.sudo(Call::AdminUtils(call.clone())),
            Ok(()),
            "{call:?}"
        );
    }

    fn fund(&mut self, who: AccountId, tao: u64) {
        let alice = self.alice;
        let transfer = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(who),
            value: (tao * RAO_PER_TAO).into(),
        });
        assert_eq!(self.call(alice, transfer), Ok(()));
    }

    fn register(&mut self, coldkey: AccountId, hotkey: AccountId) {
        self.fund(coldkey, 10);
        let call = SubtensorCall::burned_register {
            netuid: NETUID,
            hotkey,
        };
        assert_eq!(self.subtensor(coldkey, call), Ok(()));
    }

    fn blocks(&mut self, n: u32) {
        for _ in 0..n {
            self.chain.build_block(Vec::new());
        }
    }

    fn uid_of(&self, hotkey: &AccountId) -> Option<u16> {
        Uids::try_get(self.chain.storage(), &NETUID, hotkey)
    }
}

fn key(name: &str) -> AccountId {
    Keypair::derive(42, name).account_id()
}

/// Subnet 1 at 4 UIDs, no admin freeze window, no weights rate limit, `MinNonImmuneUids` 0, immunity of
/// one block, tempo 10: UID 0 the owner's hotkey, UID 1 a validator with 500 TAO staked, UIDs 2 and 3
/// miners. One epoch has run with the validator weighting only UID 3, so UID 2 earned nothing.
fn full_subnet() -> (Net, AccountId, AccountId) {
    let mut net = Net::new();
    let (owner, owner_hot) = (key("owner"), key("owner-hot"));
    net.fund(owner, 2_000);
    let register = SubtensorCall::register_network { hotkey: owner_hot };
    assert_eq!(net.subtensor(owner, register), Ok(()));
    assert_eq!(
        net.subtensor(owner, SubtensorCall::start_call { netuid: NETUID }),
        Ok(())
    );
    net.admin(AdminCall::sudo_set_admin_freeze_window { window: 0 });
    for call in [
        AdminCall::sudo_set_max_allowed_uids {
            netuid: NETUID,
            max_allowed_uids: 4,
        },
        AdminCall::sudo_set_immunity_period {
            netuid: NETUID,
            immunity_period: 1,
        },
        AdminCall::sudo_set_min_non_immune_uids {
            netuid: NETUID,
            min: 0,
        },
        AdminCall::sudo_set_weights_set_rate_limit {
            netuid: NETUID,
            weights_set_rate_limit: 0,
        },
        AdminCall::sudo_set_tempo {
            netuid: NETUID,
            tempo: 10,
        },
    ] {
        net.admin(call);
    }

    let (v, v_hot) = (key("validator"), key("validator-hot"));
    net.register(v, v_hot);
    net.fund(v, 600);
    let stake = SubtensorCall::add_stake {
        hotkey: v_hot,
        netuid: NETUID,
        amount_staked: 500 * RAO_PER_TAO,
    };
    assert_eq!(net.subtensor(v, stake), Ok(()));
    net.register(key("miner-a"), key("miner-a-hot"));
    net.register(key("miner-b"), key("miner-b-hot"));
    assert_eq!(SubnetworkN::get(net.chain.storage(), &NETUID), 4);

    // An epoch gives the validator its permit; it then weights miner B (UID 3) only.
    net.blocks(12);
    assert!(ValidatorPermit::get(net.chain.storage(), &NETUID)[1]);
    let weights = SubtensorCall::set_weights {
        netuid: NETUID,
        dests: vec![3],
        weights: vec![1],
        version_key: 0,
    };
    assert_eq!(net.subtensor(v_hot, weights), Ok(()));
    net.blocks(12);
    (net, owner, owner_hot)
}

#[test]
fn a_full_subnet_replaces_the_lowest_emission_and_never_the_owners_uid() {
    let (mut net, _owner, owner_hot) = full_subnet();
    let miner_a = key("miner-a-hot");
    let emission = Emission::get(net.chain.storage(), &NETUID);
    // The owner's UID 0 and miner A's UID 2 earned nothing; the validator and miner B did.
    assert_eq!((emission[0], emission[2]), (0, 0), "{emission:?}");
    assert!(emission[1] > 0 && emission[3] > 0, "{emission:?}");

    // UID 0 has the lowest emission and the earliest registration, but it is the owner's: UID 2 goes.
    let newcomer = key("newcomer-hot");
    net.register(key("newcomer"), newcomer);
    let s = net.chain.storage();
    assert_eq!(net.uid_of(&newcomer), Some(2));
    assert_eq!(net.uid_of(&miner_a), None);
    assert!(!IsNetworkMember::get(s, &miner_a, &NETUID));
    assert_eq!(Keys::get(s, &NETUID, &0), owner_hot);
    assert_eq!(SubnetworkN::get(s, &NETUID), 4);
    // The slot starts afresh.
    let block = u64::from(net.chain.best_number());
    assert_eq!(BlockAtRegistration::get(s, &NETUID, &2), block);
    assert_eq!(LastUpdate::get(s, &NETUID)[2], block);
    assert_eq!(Emission::get(s, &NETUID)[2], 0);
    // The validator's weight row still points at UID 3 only.
    assert_eq!(Weights::get(s, &NETUID, &1), vec![(3, u16::MAX)]);

    // Every UID but the owner's is now immune: the lowest-emission immune UID goes, the newcomer's,
    // and the owner's UID 0 (emission 0, registered first) still stays.
    net.admin(AdminCall::sudo_set_immunity_period {
        netuid: NETUID,
        immunity_period: 1_000,
    });
    let second = key("second-hot");
    net.register(key("second"), second);
    let s = net.chain.storage();
    assert_eq!(net.uid_of(&second), Some(2));
    assert_eq!(net.uid_of(&newcomer), None);
    assert_eq!(Keys::get(s, &NETUID, &0), owner_hot);
}

#[test]
fn only_root_dissolves_a_subnet_and_its_stakers_get_the_pool_back() {
    let (mut net, owner, owner_hot) = full_subnet();
    let (v, v_hot) = (key("validator"), key("validator-hot"));
    let dissolve = SubtensorCall::root_dissolve_network { netuid: NETUID };
    assert_eq!(
        net.subtensor(owner, dissolve.clone()),
        Err(DispatchError::BadOrigin)
    );

    // Freeze the pool and the stakes for the dissolving block: no TAO emission, no epoch for a while.
    net.admin(AdminCall::sudo_set_subnet_emission_enabled {
        netuid: NETUID,
        enabled: false,
    });
    net.admin(AdminCall::sudo_set_tempo {
        netuid: NETUID,
        tempo: 50_400,
    });
    net.blocks(1);

    // Expected payouts from the state before, by subtensor's rule: ⌊pot · value / Σ value⌋, with the
    // protocol's alpha (SubnetAlphaIn + SubnetProtocolAlpha) in Σ value, plus at most one rao of
    // remainder each.
    let s = net.chain.storage();
    let pot = u128::from(SubnetTAO::get(s, &NETUID));
    let protocol =
        u128::from(SubnetAlphaIn::get(s, &NETUID) + SubnetProtocolAlpha::get(s, &NETUID));
    let mut stakes: Vec<(AccountId, AccountId, u128)> = Vec::new();
    for (hotkey, netuid, _) in TotalHotkeyAlpha::iter(s) {
        if netuid != NETUID {
            continue;
        }
        for (coldkey, n, _) in Alpha::iter_prefix(s, &hotkey) {
            if n == NETUID {
                let value = staking::stake(s, &hotkey, &coldkey, NETUID);
                stakes.push((hotkey, coldkey, u128::from(value)));
            }
        }
    }
    assert!(stakes.iter().any(|(h, c, _)| (*h, *c) == (v_hot, v)));
    let total = protocol + stakes.iter().map(|(_, _, v)| v).sum::<u128>();
    let before: Vec<u64> = stakes
        .iter()
        .map(|(_, c, _)| balances::free_balance(s, c))
        .collect();

    assert_eq!(net.sudo(Call::SubtensorModule(dissolve)), Ok(()));
    let s = net.chain.storage();
    let mut paid = 0u128;
    for ((_, coldkey, value), before) in stakes.iter().zip(before) {
        let got = u128::from(balances::free_balance(s, coldkey) - before);
        let floor = pot * value / total;
        assert!(got == floor || got == floor + 1, "{got} vs {floor}");
        paid += got;
    }
    let protocol_floor = pot * protocol / total;
    let leftover = pot - paid;
    assert!(leftover == protocol_floor || leftover == protocol_floor + 1);
    // Nothing of the subnet is left but the existential deposit in its account.
    assert!(!NetworksAdded::get(s, &NETUID));
    assert_eq!(
        balances::free_balance(s, &subnet_account(NETUID)),
        balances::EXISTENTIAL_DEPOSIT
    );
    assert_eq!(TotalHotkeyAlpha::try_get(s, &v_hot, &NETUID), None);
    assert_eq!(Uids::try_get(s, &NETUID, &owner_hot), None);

    // The netuid is free again: the next registration reuses it.
    net.admin(AdminCall::sudo_set_network_rate_limit { rate_limit: 0 });
    let (again, again_hot) = (key("again"), key("again-hot"));
    net.fund(again, 5_000);
    let register = SubtensorCall::register_network { hotkey: again_hot };
    let (r, events) = net.submit(again, Call::SubtensorModule(register));
    assert_eq!(r, Ok(()));
    assert!(
        events.contains(&Event::SubtensorModule(SubtensorEvent::NetworkAdded(
            NETUID, 1
        )))
    );
}

/// `AdminUtils.sudo_trim_to_max_allowed_uids` [78] on a running subnet: of emissions `[0, >0, 0, >0]`
/// the lowest-ranked UID is 2 (ties keep UID order), the owner's UID 0 is immortal anyway; UID 3 moves
/// to 2 and the validator's weight on it follows (subtensor's `trim_to_max_allowed_uids`).
#[test]
fn trimming_a_subnet_drops_the_lowest_emitter_and_compacts_the_uids() {
    let (mut net, _owner, owner_hot) = full_subnet();
    let (miner_a, miner_b) = (key("miner-a-hot"), key("miner-b-hot"));
    let emission = Emission::get(net.chain.storage(), &NETUID);
    assert_eq!((emission[0], emission[2]), (0, 0), "{emission:?}");
    net.admin(AdminCall::sudo_trim_to_max_allowed_uids {
        netuid: NETUID,
        max_n: 3,
    });
    let s = net.chain.storage();
    assert_eq!(MaxAllowedUids::get(s, &NETUID), 3);
    assert_eq!(SubnetworkN::get(s, &NETUID), 3);
    assert_eq!(net.uid_of(&miner_a), None);
    assert!(!IsNetworkMember::get(s, &miner_a, &NETUID));
    assert_eq!(net.uid_of(&miner_b), Some(2));
    assert_eq!(Keys::get(s, &NETUID, &0), owner_hot);
    assert_eq!(Keys::get(s, &NETUID, &2), miner_b);
    assert!(!Keys::contains_key(s, &NETUID, &3));
    assert_eq!(
        Emission::get(s, &NETUID),
        vec![emission[0], emission[1], emission[3]]
    );
    assert_eq!(Weights::get(s, &NETUID, &1), vec![(2, u16::MAX)]);
    // The subnet now registers against the new maximum: full, a registration replaces a UID.
    net.register(key("newcomer"), key("newcomer-hot"));
    assert_eq!(SubnetworkN::get(net.chain.storage(), &NETUID), 3);
}

/// `try_associate_hotkey` [91] (`create_account_if_non_existent`): the first coldkey to claim a free
/// hotkey owns it (`Owner`, `OwnedHotkeys`, `StakingHotkeys`); a later claim succeeds and changes
/// nothing; a subnet account is refused with `CannotUseSystemAccount`.
#[test]
fn try_associate_hotkey_claims_a_free_hotkey_once() {
    let mut net = Net::new();
    let (first, second, hotkey) = (key("first"), key("second"), key("claimed-hot"));
    net.fund(first, 1);
    net.fund(second, 1);
    let claim = SubtensorCall::try_associate_hotkey { hotkey };
    assert_eq!(net.subtensor(first, claim.clone()), Ok(()));
    assert_eq!(net.subtensor(second, claim), Ok(()));
    let s = net.chain.storage();
    assert_eq!(Owner::get(s, &hotkey), first);
    assert_eq!(OwnedHotkeys::get(s, &first), vec![hotkey]);
    assert_eq!(StakingHotkeys::get(s, &first), vec![hotkey]);
    assert!(OwnedHotkeys::get(s, &second).is_empty());
    let system = SubtensorCall::try_associate_hotkey {
        hotkey: subnet_account(NETUID),
    };
    assert_eq!(
        net.subtensor(first, system).map_err(|e| e.name()),
        Err("SubtensorModule.CannotUseSystemAccount".to_string())
    );
}

/// `sudo_set_sn_owner_hotkey` [67] and `sudo_set_subnet_owner_hotkey` [64] (`do_set_sn_owner_hotkey`):
/// the owner or root, once per 50 400 blocks per subnet for both, with `SubnetOwnerHotkeySet`; a refused
/// system hotkey leaves the rate limit unrecorded (the call's writes are rolled back).
#[test]
fn the_subnet_owner_hotkey_changes_once_per_rate_limit() {
    let (mut net, owner, owner_hot) = full_subnet();
    let new_hot = key("miner-b-hot");
    let system = AdminCall::sudo_set_subnet_owner_hotkey {
        netuid: NETUID,
        hotkey: subnet_account(NETUID),
    };
    assert_eq!(
        net.sudo(Call::AdminUtils(system)).map_err(|e| e.name()),
        Err("SubtensorModule.CannotUseSystemAccount".to_string())
    );
    let set = AdminCall::sudo_set_sn_owner_hotkey {
        netuid: NETUID,
        hotkey: new_hot,
    };
    net.fund(key("stranger"), 1);
    assert_eq!(
        net.call(key("stranger"), Call::AdminUtils(set.clone())),
        Err(DispatchError::BadOrigin)
    );
    let (result, events) = net.submit(owner, Call::AdminUtils(set.clone()));
    assert_eq!(result, Ok(()));
    assert!(events.contains(&Event::SubtensorModule(
        SubtensorEvent::SubnetOwnerHotkeySet(NETUID, new_hot)
    )));
    assert_eq!(
        SubnetOwnerHotkey::get(net.chain.storage(), &NETUID),
        new_hot
    );
    let back = AdminCall::sudo_set_subnet_owner_hotkey {
        netuid: NETUID,
        hotkey: owner_hot,
    };
    assert_eq!(
        net.sudo(Call::AdminUtils(back)).map_err(|e| e.name()),
        Err("SubtensorModule.TxRateLimitExceeded".to_string())
    );
    let missing = AdminCall::sudo_set_sn_owner_hotkey {
        netuid: 9,
        hotkey: new_hot,
    };
    assert_eq!(
        net.sudo(Call::AdminUtils(missing)).map_err(|e| e.name()),
        Err("SubtensorModule.SubnetNotExists".to_string())
    );
}

//! Consensus on a running subnet: three validators with equal stake; two weight miner A, one (the
//! contrarian) weights only miner B. Miner B's support is 1/3 of the stake, below κ = ½, so its consensus
//! weight is 0: the contrarian's weights are clipped to nothing, its validator trust and bonds are 0, and
//! it earns no dividends, epoch after epoch, while the two that agree with consensus share them. Miner B
//! earns no incentive.

use crate::support::{call, next_epoch};
use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::{AccountId, Chain, Genesis, RAO_PER_TAO};

fn key(name: &str) -> AccountId {
    Keypair::derive(672, name).account_id()
}

#[test]
fn a_validator_that_disagrees_with_consensus_earns_no_dividends_epoch_after_epoch() {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let alice = dev_account("Alice").expect("alice");
    let owner = key("owner");
    let validators = [key("honest-1"), key("honest-2"), key("contrarian")];
    let miners = [key("miner-a"), key("miner-b")];
    for who in [owner].iter().chain(&validators).chain(&miners) {
        call(
            &mut chain,
            alice,
            Call::Balances(BalancesCall::transfer_keep_alive {
                dest: MultiAddress::Id(*who),
                value: (2_000 * RAO_PER_TAO).into(),
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
        call(&mut chain, alice, Call::sudo(Call::AdminUtils(admin)));
    }
    call(
        &mut chain,
        owner,
        Call::SubtensorModule(SubtensorCall::start_call { netuid }),
    );
    // Each coldkey registers and stakes on its own hotkey (the hotkey is the coldkey here).
    for who in validators.iter().chain(&miners) {
        call(
            &mut chain,
            *who,
            Call::SubtensorModule(SubtensorCall::burned_register {
                netuid,
                hotkey: *who,
            }),
        );
    }
    for v in validators {
        call(
            &mut chain,
            v,
            Call::SubtensorModule(SubtensorCall::add_stake {
                hotkey: v,
                netuid,
                amount_staked: 300 * RAO_PER_TAO,
            }),
        );
    }
    let uid = |chain: &Chain, who: &AccountId| Uids::get(chain.storage(), &netuid, who);
    let (miner_a, miner_b) = (uid(&chain, &miners[0]), uid(&chain, &miners[1]));
    let weigh = |chain: &mut Chain| {
        for (v, target) in validators.iter().zip([miner_a, miner_a, miner_b]) {
            call(
                chain,
                *v,
                Call::SubtensorModule(SubtensorCall::set_weights {
                    netuid,
                    dests: vec![target],
                    weights: vec![u16::MAX],
                    version_key: 0,
                }),
            );
        }
    };
    // Permits are granted at the first epoch; weights count from the next.
    next_epoch(&mut chain, netuid);
    for epoch in 0..6 {
        weigh(&mut chain);
        next_epoch(&mut chain, netuid);
        let s = chain.storage();
        let dividends: Vec<u64> = validators
            .iter()
            .map(|v| AlphaDividendsPerSubnet::get(s, &netuid, v))
            .collect();
        let incentive = Incentive::get(s, &netuid);
        let at = |uid: u16| incentive.get(usize::from(uid)).copied().unwrap_or(0);
        assert!(
            dividends[0] > 0 && dividends[1] > 0,
            "epoch {epoch}: the validators that agree earn {dividends:?}"
        );
        assert_eq!(
            dividends[2], 0,
            "epoch {epoch}: the contrarian earns {dividends:?}"
        );
        assert!(
            at(miner_a) > 0,
            "epoch {epoch}: miner A's incentive {incentive:?}"
        );
        assert_eq!(
            at(miner_b),
            0,
            "epoch {epoch}: miner B's incentive {incentive:?}"
        );
    }
}

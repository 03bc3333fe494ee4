//! The root network (netuid 0) through ordinary extrinsics: created at genesis with subtensor's values,
//! `root_register`, staking on root at 1:1, what runtime APIs report for it, and the coinbase leaving it
//! out of emission and epochs.

use parity_scale_codec::{Decode, Encode};
use taonet_chain::call::{BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::error::DispatchError;
use taonet_chain::error_names::SubtensorError;
use taonet_chain::event::{Event, TransactionPaymentEvent};
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::rpc_info::DynamicInfo;
use taonet_chain::{runtime_api, staking, AccountId, BlockOutcome, Chain, Extrinsic, Genesis};
use taonet_chain::{RAO_PER_TAO, ROOT_NETUID};

const TAO: u64 = RAO_PER_TAO;

fn key(name: &str) -> AccountId {
    Keypair::derive(3, name).account_id()
}

fn alice() -> AccountId {
    dev_account("Alice").expect("Alice")
}

/// Builds a block with one call from `who`; returns the block and the call's dispatch result.
fn call(
    chain: &mut Chain,
    who: AccountId,
    call: Call,
) -> (BlockOutcome, Result<(), DispatchError>) {
    let nonce = chain.account_nonce(&who);
    let out = chain.build_block(vec![Extrinsic {
        signer: who,
        nonce,
        call,
    }]);
    let result = out.receipts[0].outcome.expect("nonce is current");
    (out, result)
}

fn ok(chain: &mut Chain, who: AccountId, c: Call) -> BlockOutcome {
    let (out, result) = call(chain, who, c);
    assert_eq!(result, Ok(()), "{:?}", out.receipts[0].extrinsic.call);
    out
}

fn fee(out: &BlockOutcome, who: &AccountId) -> u64 {
    out.events
        .iter()
        .filter_map(|r| match &r.event {
            Event::TransactionPayment(TransactionPaymentEvent::TransactionFeePaid {
                who: w,
                actual_fee,
                ..
            }) if w == who => Some(*actual_fee),
            _ => None,
        })
        .sum()
}

fn free(chain: &Chain, who: &AccountId) -> u64 {
    taonet_chain::balances::free_balance(chain.storage(), who)
}

fn fund(chain: &mut Chain, who: AccountId, tao: u64) {
    ok(
        chain,
        alice(),
        Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(who),
            value: (tao * TAO).into(),
        }),
    );
}

fn sub(c: SubtensorCall) -> Call {
    Call::SubtensorModule(c)
}

#[test]
fn the_root_network_exists_from_genesis_with_subtensors_values() {
    let chain = Chain::new(Genesis::devnet().expect("genesis"));
    let s = chain.storage();
    let root = ROOT_NETUID;
    assert!(NetworksAdded::get(s, &root));
    assert_eq!(TotalNetworks::get(s), 1);
    assert_eq!(SubnetMechanism::get(s, &root), 0, "stable");
    assert_eq!(Tempo::get(s, &root), 100);
    assert_eq!(MaxAllowedUids::get(s, &root), 64);
    assert_eq!(MaxAllowedValidators::get(s, &root), 64);
    assert_eq!(MinAllowedWeights::get(s, &root), 0);
    assert_eq!(TargetRegistrationsPerInterval::get(s, &root), 1);
    assert!(NetworkRegistrationAllowed::get(s, &root));
    assert!(SubtokenEnabled::get(s, &root), "root staking is on");
    assert_eq!(SubnetworkN::get(s, &root), 0);
    assert_eq!(SubnetOwner::get(s, &root), alice());
    assert_eq!(
        SubnetOwnerHotkey::get(s, &root),
        dev_account("Alice_hk").expect("Alice_hk")
    );
    assert_eq!(SubnetTAO::get(s, &root), 0);
    assert_eq!(taonet_chain::subnets::netuids(s), Vec::<u16>::new());
    assert_eq!(taonet_chain::subnets::all_netuids(s), vec![0]);
}

#[test]
fn the_first_subnet_is_netuid_1_and_runtime_apis_list_root_at_index_0() {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let owner = key("owner");
    fund(&mut chain, owner, 3_000);
    let out = ok(
        &mut chain,
        owner,
        sub(SubtensorCall::register_network {
            hotkey: key("owner-hot"),
        }),
    );
    assert!(out.events.iter().any(|r| r.event
        == Event::SubtensorModule(taonet_chain::event::SubtensorEvent::NetworkAdded(1, 1))));
    assert_eq!(TotalNetworks::get(chain.storage()), 2);

    // btcli indexes `get_all_dynamic_info` by netuid: entry i must be subnet i.
    let bytes = runtime_api::call(&chain, "SubnetInfoRuntimeApi_get_all_dynamic_info", &[])
        .expect("answered");
    let all = Vec::<Option<DynamicInfo>>::decode(&mut &bytes[..]).expect("decodes");
    let netuids: Vec<u16> = all.iter().flatten().map(|d| d.netuid.0).collect();
    assert_eq!(netuids, vec![0, 1]);
    let root = all[0].clone().expect("root");
    assert_eq!(root.owner_coldkey, alice());
    assert_eq!(
        root.owner_hotkey,
        dev_account("Alice_hk").expect("Alice_hk")
    );
    let text = |v: &[parity_scale_codec::Compact<u8>]| v.iter().map(|c| c.0).collect::<Vec<u8>>();
    assert_eq!(text(&root.subnet_name), b"root");
    assert_eq!(text(&root.token_symbol), "\u{03a4}".as_bytes());
    assert_eq!(root.tempo.0, 100);
    assert_eq!(
        (root.tao_in.0, root.alpha_in.0, root.alpha_out.0),
        (0, 0, 0)
    );
    assert_eq!(root.last_step.0, 0, "root never runs an epoch");
    // As subtensor computes it: the current block minus the last epoch's.
    assert_eq!(
        root.blocks_since_last_step.0,
        u64::from(chain.best_number())
    );

    // No coldkey holds a conviction lock: `get_coldkey_lock` answers `None`.
    let args = (owner, 1u16).encode();
    let lock =
        runtime_api::call(&chain, "StakeInfoRuntimeApi_get_coldkey_lock", &args).expect("answered");
    assert_eq!(lock, vec![0]);
}

#[test]
fn root_stake_is_bought_and_sold_one_to_one_without_a_swap_fee() {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let (ck, hk) = (key("root-staker"), key("root-staker-hot"));
    fund(&mut chain, ck, 100);
    let before = free(&chain, &ck);
    let out = ok(
        &mut chain,
        ck,
        sub(SubtensorCall::root_register { hotkey: hk }),
    );
    assert_eq!(
        before - free(&chain, &ck),
        fee(&out, &ck),
        "root_register burns nothing"
    );
    assert_eq!(Uids::try_get(chain.storage(), &ROOT_NETUID, &hk), Some(0));

    let author_before = free(&chain, &alice());
    let before = free(&chain, &ck);
    let out = ok(
        &mut chain,
        ck,
        sub(SubtensorCall::add_stake {
            hotkey: hk,
            netuid: ROOT_NETUID,
            amount_staked: 10 * TAO,
        }),
    );
    let paid = fee(&out, &ck);
    assert_eq!(before - free(&chain, &ck), 10 * TAO + paid);
    assert_eq!(
        free(&chain, &alice()) - author_before,
        paid,
        "the author earns the transaction fee and no swap fee"
    );
    let s = chain.storage();
    assert_eq!(staking::stake(s, &hk, &ck, ROOT_NETUID), 10 * TAO);
    assert_eq!(SubnetTAO::get(s, &ROOT_NETUID), 10 * TAO);
    assert_eq!(SubnetAlphaOut::get(s, &ROOT_NETUID), 10 * TAO);
    assert_eq!(TotalStake::get(s), 10 * TAO);
    assert!(out.events.iter().any(|r| r.event
        == Event::SubtensorModule(taonet_chain::event::SubtensorEvent::StakeAdded(
            ck,
            hk,
            10 * TAO,
            10 * TAO,
            ROOT_NETUID,
            0
        ))));

    let before = free(&chain, &ck);
    let out = ok(
        &mut chain,
        ck,
        sub(SubtensorCall::remove_stake {
            hotkey: hk,
            netuid: ROOT_NETUID,
            amount_unstaked: 4 * TAO,
        }),
    );
    assert_eq!(free(&chain, &ck) + fee(&out, &ck) - before, 4 * TAO);
    let s = chain.storage();
    assert_eq!(staking::stake(s, &hk, &ck, ROOT_NETUID), 6 * TAO);
    assert_eq!(SubnetTAO::get(s, &ROOT_NETUID), 6 * TAO);

    // A limit order on root executes only at a limit of 1 TAO per alpha or better.
    let limit = |limit_price| {
        sub(SubtensorCall::add_stake_limit {
            hotkey: hk,
            netuid: ROOT_NETUID,
            amount_staked: TAO,
            limit_price,
            allow_partial: false,
        })
    };
    let (_, refused) = call(&mut chain, ck, limit(TAO - 1));
    assert_eq!(refused, Err(SubtensorError::SlippageTooHigh.into()));
    ok(&mut chain, ck, limit(TAO));
    assert_eq!(
        staking::stake(chain.storage(), &hk, &ck, ROOT_NETUID),
        7 * TAO
    );

    // `unstake_all` includes root.
    let before = free(&chain, &ck);
    let out = ok(
        &mut chain,
        ck,
        sub(SubtensorCall::unstake_all { hotkey: hk }),
    );
    assert_eq!(free(&chain, &ck) + fee(&out, &ck) - before, 7 * TAO);
    assert_eq!(SubnetTAO::get(chain.storage(), &ROOT_NETUID), 0);
}

#[test]
fn the_coinbase_gives_root_no_emission_no_epoch_and_no_flow_ema() {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let owner = key("owner");
    let (ck, hk) = (key("root-staker"), key("root-staker-hot"));
    fund(&mut chain, owner, 3_000);
    fund(&mut chain, ck, 100);
    ok(
        &mut chain,
        owner,
        sub(SubtensorCall::register_network {
            hotkey: key("owner-hot"),
        }),
    );
    ok(
        &mut chain,
        owner,
        sub(SubtensorCall::start_call { netuid: 1 }),
    );
    ok(
        &mut chain,
        ck,
        sub(SubtensorCall::root_register { hotkey: hk }),
    );
    ok(
        &mut chain,
        ck,
        sub(SubtensorCall::add_stake {
            hotkey: hk,
            netuid: ROOT_NETUID,
            amount_staked: 10 * TAO,
        }),
    );
    // New subnets have tempo 360: one epoch of subnet 1 falls in the next 400 blocks.
    let mut epochs = Vec::new();
    for _ in 0..400 {
        epochs.extend(chain.build_block(Vec::new()).coinbase.epochs);
    }
    assert!(
        epochs.contains(&1) && !epochs.contains(&ROOT_NETUID),
        "{epochs:?}"
    );
    let s = chain.storage();
    let root = ROOT_NETUID;
    assert_eq!(SubnetTAO::get(s, &root), 10 * TAO, "only the stake");
    assert_eq!(SubnetAlphaOut::get(s, &root), 10 * TAO);
    assert_eq!(
        PendingServerEmission::get(s, &root) + PendingValidatorEmission::get(s, &root),
        0
    );
    assert_eq!(SubnetEpochIndex::get(s, &root), 0);
    assert_eq!(staking::stake(s, &hk, &ck, root), 10 * TAO, "no dividends");
    // Only emitting subnets keep a flow EMA, updated every block.
    assert_eq!(SubnetEmaTaoFlow::try_get(s, &root), None);
    let best = u64::from(chain.best_number());
    assert_eq!(SubnetEmaTaoFlow::try_get(s, &1).map(|(b, _)| b), Some(best));
}

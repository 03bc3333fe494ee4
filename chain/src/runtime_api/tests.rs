//! Runtime-API answers on a small chain (one subnet, an owner, a validator and a miner, after an
//! epoch), decoded with the chain's own types and compared with expectations built by hand from state.

use super::*;
use crate::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use crate::event::{Event, SystemEvent, TransactionPaymentEvent};
use crate::fees;
use crate::items::*;
use crate::keys::{dev_account, Keypair};
use crate::rpc_info::*;
use crate::staking;
use crate::transaction::{self, SignedExtra};
use crate::types::{AccountId, RAO_PER_TAO};
use crate::{Chain, Extrinsic, Genesis};
use parity_scale_codec::{Compact, Decode, DecodeAll, Encode};

struct Net {
    chain: Chain,
    owner: AccountId,
    owner_hot: AccountId,
    v: AccountId,
    v_hot: AccountId,
    m_hot: AccountId,
}

fn key(name: &str) -> AccountId {
    Keypair::derive(11, name).account_id()
}

fn apply(chain: &mut Chain, signer: AccountId, call: Call) {
    let nonce = chain.account_nonce(&signer);
    let out = chain.build_block(vec![Extrinsic {
        signer,
        nonce,
        call,
    }]);
    assert_eq!(out.receipts[0].outcome, Ok(Ok(())), "{:?}", out.receipts[0]);
}

fn transfer(dest: AccountId, tao: u64) -> Call {
    Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(dest),
        value: Compact(tao * RAO_PER_TAO),
    })
}

/// Subnet 1 with the owner's hotkey (UID 0), a staked validator (UID 1) and a miner (UID 2), weights
/// set and one epoch run.
fn net() -> Net {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let alice = dev_account("Alice").expect("alice");
    let (owner, owner_hot, v, v_hot, m, m_hot) = (
        key("owner"),
        key("owner-hot"),
        key("v"),
        key("v-hot"),
        key("m"),
        key("m-hot"),
    );
    for who in [owner, v, m] {
        apply(&mut chain, alice, transfer(who, 3_000));
    }
    let sub = Call::SubtensorModule;
    apply(
        &mut chain,
        owner,
        sub(SubtensorCall::register_network { hotkey: owner_hot }),
    );
    apply(
        &mut chain,
        owner,
        sub(SubtensorCall::start_call { netuid: 1 }),
    );
    for admin in [
        AdminCall::sudo_set_tempo {
            netuid: 1,
            tempo: 5,
        },
        AdminCall::sudo_set_weights_set_rate_limit {
            netuid: 1,
            weights_set_rate_limit: 0,
        },
        AdminCall::sudo_set_min_allowed_weights {
            netuid: 1,
            min_allowed_weights: 1,
        },
    ] {
        apply(&mut chain, alice, Call::sudo(Call::AdminUtils(admin)));
    }
    apply(
        &mut chain,
        v,
        sub(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: v_hot,
        }),
    );
    apply(
        &mut chain,
        m,
        sub(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: m_hot,
        }),
    );
    apply(
        &mut chain,
        v,
        sub(SubtensorCall::add_stake {
            hotkey: v_hot,
            netuid: 1,
            amount_staked: 500 * RAO_PER_TAO,
        }),
    );
    for _ in 0..6 {
        chain.build_block(vec![]);
    }
    apply(
        &mut chain,
        v_hot,
        sub(SubtensorCall::set_weights {
            netuid: 1,
            dests: vec![2],
            weights: vec![u16::MAX],
            version_key: 0,
        }),
    );
    for _ in 0..12 {
        chain.build_block(vec![]);
    }
    Net {
        chain,
        owner,
        owner_hot,
        v,
        v_hot,
        m_hot,
    }
}

fn query<T: Decode + DecodeAll>(chain: &Chain, method: &str, args: impl Encode) -> T {
    let bytes = call(chain, method, &args.encode()).expect(method);
    T::decode_all(&mut bytes.as_slice()).expect("decodes as the declared output")
}

#[test]
fn neurons_lite_mirror_the_metagraph_vectors() {
    let n = net();
    let s = n.chain.storage();
    let neurons: Vec<NeuronInfoLite> =
        query(&n.chain, "NeuronInfoRuntimeApi_get_neurons_lite", 1u16);
    assert_eq!(neurons.len(), 3);
    let hot: Vec<AccountId> = neurons.iter().map(|x| x.hotkey).collect();
    assert_eq!(hot, vec![n.owner_hot, n.v_hot, n.m_hot]);
    let v = &neurons[1];
    assert_eq!(v.coldkey, n.v);
    assert_eq!((v.uid, v.netuid), (Compact(1), Compact(1)));
    assert_eq!(
        v.stake,
        vec![(n.v, Compact(TotalHotkeyAlpha::get(s, &n.v_hot, &1)))]
    );
    assert!(v.stake[0].1 .0 > 0);
    assert_eq!(v.dividends.0, Dividends::get(s, &1)[1]);
    assert!(v.validator_permit);
    assert_eq!(neurons[2].incentive.0, Incentive::get(s, &1)[2]);
    assert!(
        neurons[2].incentive.0 > 0,
        "the miner earned incentive at the epoch"
    );
    assert_eq!((v.rank.0, v.trust.0, v.pruning_score.0), (0, 0, 65535));

    let full: Option<NeuronInfo> = query(&n.chain, "NeuronInfoRuntimeApi_get_neuron", (1u16, 1u16));
    let full = full.expect("uid 1 exists");
    assert_eq!(full.weights, vec![(Compact(2), Compact(u16::MAX))]);
    assert_eq!(full.hotkey, n.v_hot);
    let one: Option<NeuronInfoLite> = query(
        &n.chain,
        "NeuronInfoRuntimeApi_get_neuron_lite",
        (1u16, 2u16),
    );
    assert_eq!(one.as_ref(), Some(&neurons[2]));
    let none: Option<NeuronInfoLite> = query(
        &n.chain,
        "NeuronInfoRuntimeApi_get_neuron_lite",
        (1u16, 9u16),
    );
    assert_eq!(none, None);
    let all: Vec<NeuronInfo> = query(&n.chain, "NeuronInfoRuntimeApi_get_neurons", 1u16);
    assert_eq!(all.len(), 3);
    let empty: Vec<NeuronInfo> = query(&n.chain, "NeuronInfoRuntimeApi_get_neurons", 7u16);
    assert!(empty.is_empty());
}

#[test]
fn dynamic_info_metagraph_and_state_agree_with_storage() {
    let n = net();
    let s = n.chain.storage();
    let all: Vec<Option<DynamicInfo>> =
        query(&n.chain, "SubnetInfoRuntimeApi_get_all_dynamic_info", ());
    // Root (netuid 0, created at genesis) and subnet 1, indexed by netuid.
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].as_ref().map(|d| d.netuid.0), Some(0));
    let d = all[1].clone().expect("subnet 1");
    assert_eq!(d.owner_hotkey, n.owner_hot);
    assert_eq!(d.owner_coldkey, n.owner);
    assert_eq!(d.tao_in.0, SubnetTAO::get(s, &1));
    assert_eq!(d.alpha_in.0, SubnetAlphaIn::get(s, &1));
    assert_eq!(d.tempo.0, 5);
    assert_eq!(d.token_symbol, vec![Compact(0xce), Compact(0xb1)]); // "α"
    let one: Option<DynamicInfo> = query(&n.chain, "SubnetInfoRuntimeApi_get_dynamic_info", 1u16);
    assert_eq!(one, Some(d.clone()));

    let m: Option<Metagraph> = query(&n.chain, "SubnetInfoRuntimeApi_get_metagraph", 1u16);
    let m = m.expect("metagraph");
    assert_eq!(m.hotkeys, vec![n.owner_hot, n.v_hot, n.m_hot]);
    assert_eq!(m.block.0, u64::from(n.chain.best_number()));
    assert_eq!(m.num_uids.0, 3);
    assert_eq!(m.tao_in, d.tao_in);
    assert_eq!(m.validator_permit, ValidatorPermit::get(s, &1));
    assert_eq!(SelectiveMetagraph::INDEXES, 74);
    let sel: Option<SelectiveMetagraph> = query(
        &n.chain,
        "SubnetInfoRuntimeApi_get_selective_metagraph",
        (1u16, vec![0u16, 1, 52, 72]),
    );
    let sel = sel.expect("selective");
    assert_eq!(sel.name, Some(m.name.clone()));
    assert_eq!(sel.symbol, None);
    assert_eq!(sel.hotkeys, Some(m.hotkeys.clone()));
    assert_eq!(
        sel.validators.map(|v| v.len()),
        Some(m.validator_permit.iter().filter(|p| **p).count())
    );
    assert_eq!(sel.commitments, None);

    let st: Option<SubnetState> = query(&n.chain, "SubnetInfoRuntimeApi_get_subnet_state", 1u16);
    let st = st.expect("state");
    assert_eq!(st.alpha_stake[1].0, staking::hotkey_stake(s, &n.v_hot, 1));
    assert_eq!(st.coldkeys[1], n.v);
    // One row per subnet, root included.
    assert_eq!(st.emission_history.len(), 2);

    let hp: Option<SubnetHyperparamsV2> = query(
        &n.chain,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
        1u16,
    );
    let hp = hp.expect("hyperparams");
    assert_eq!(
        (
            hp.tempo.0,
            hp.weights_rate_limit.0,
            hp.min_allowed_weights.0
        ),
        (5, 0, 1)
    );
    assert!(hp.subnet_is_active);

    // v3: the same values, by name and type, in subtensor's order.
    let v3: Option<Vec<crate::rpc_info::HyperparamEntry>> = query(
        &n.chain,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3",
        1u16,
    );
    let v3 = v3.expect("hyperparams v3");
    let names: Vec<String> = v3
        .iter()
        .map(|e| String::from_utf8_lossy(&e.name).into_owned())
        .collect();
    assert_eq!(names.len(), 33);
    assert_eq!(
        names[..6],
        [
            "kappa",
            "immunity_period",
            "min_allowed_weights",
            "max_weights_limit",
            "tempo",
            "weights_version"
        ]
    );
    assert_eq!(names.last().map(String::as_str), Some("min_childkey_take"));
    let value = |name: &str| {
        v3.iter()
            .find(|e| e.name == name.as_bytes())
            .map(|e| e.value.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    };
    use crate::rpc_info::HyperparamValue as V;
    assert_eq!(value("tempo"), V::U16(Compact(5)));
    assert_eq!(value("weights_rate_limit"), V::U64(Compact(0)));
    assert_eq!(value("subnet_is_active"), V::Bool(true));
    assert_eq!(value("min_burn"), V::TaoBalance(hp.min_burn));
    assert_eq!(value("yuma_version"), V::U16(hp.yuma_version));
    // 1.26 in U64F64, the default burn bump.
    match value("burn_increase_mult") {
        V::U64F64(x) => assert_eq!(
            x,
            substrate_fixed::types::U64F64::from_bits(
                crate::items::DEFAULT_BURN_INCREASE_MULT_BITS
            )
        ),
        other => panic!("burn_increase_mult {other:?}"),
    }
    // tempo 5 × 13_889 / 1000 = 69 blocks (integer division), at least 1.
    assert_eq!(value("activity_cutoff"), V::U64(Compact(69)));
    let none: Option<Vec<crate::rpc_info::HyperparamEntry>> = query(
        &n.chain,
        "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3",
        77u16,
    );
    assert!(none.is_none());
    let info: Vec<Option<SubnetInfov2>> =
        query(&n.chain, "SubnetInfoRuntimeApi_get_subnets_info_v2", ());
    assert_eq!(
        info[1].as_ref().map(|i| (i.subnetwork_n.0, i.owner)),
        Some((3, n.owner))
    );
    let next: Option<u64> = query(
        &n.chain,
        "SubnetInfoRuntimeApi_get_next_epoch_start_block",
        1u16,
    );
    assert!(next.is_some_and(|b| b > u64::from(n.chain.best_number())));
}

#[test]
fn stake_delegate_swap_and_registration_answers() {
    let n = net();
    let s = n.chain.storage();
    let stake = staking::stake(s, &n.v_hot, &n.v, 1);
    let infos: Vec<StakeInfo> = query(
        &n.chain,
        "StakeInfoRuntimeApi_get_stake_info_for_coldkey",
        n.v,
    );
    assert_eq!(infos.len(), 1);
    assert_eq!(
        (infos[0].hotkey, infos[0].stake.0, infos[0].is_registered),
        (n.v_hot, stake, true)
    );
    let many: Vec<(AccountId, Vec<StakeInfo>)> = query(
        &n.chain,
        "StakeInfoRuntimeApi_get_stake_info_for_coldkeys",
        vec![n.v, n.owner],
    );
    assert_eq!(many[0], (n.v, infos.clone()));
    let none: Option<StakeInfo> = query(
        &n.chain,
        "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
        (n.m_hot, n.owner, 1u16),
    );
    assert_eq!(
        none.map(|i| i.stake.0),
        Some(0),
        "always Some, even without stake"
    );
    let fee: u64 = query(
        &n.chain,
        "StakeInfoRuntimeApi_get_stake_fee",
        (
            None::<(AccountId, u16)>,
            n.v,
            Some((n.v_hot, 1u16)),
            n.v,
            1_000_000_000u64,
        ),
    );
    assert_eq!(
        fee,
        crate::math::swap::swap_fee(1_000_000_000, crate::pool::DEFAULT_FEE_RATE)
    );

    let delegates: Vec<DelegateInfo> = query(&n.chain, "DelegateInfoRuntimeApi_get_delegates", ());
    let d = delegates
        .iter()
        .find(|d| d.delegate_ss58 == n.v_hot)
        .expect("v-hot is a delegate");
    assert_eq!(d.owner_ss58, n.v);
    assert_eq!(
        d.nominators,
        vec![(n.v, vec![(Compact(1), Compact(stake))])]
    );
    assert_eq!(d.registrations, vec![Compact(1)]);
    let delegated: Vec<DelegatedStake> =
        query(&n.chain, "DelegateInfoRuntimeApi_get_delegated", n.v);
    assert_eq!(delegated.len(), 1);
    assert_eq!(delegated[0].1, (Compact(1), Compact(stake)));

    let price: u64 = query(&n.chain, "SwapRuntimeApi_current_alpha_price", 1u16);
    assert_eq!(price, crate::pool::spot_price_rao(s, 1));
    let sim: SimSwapResult = query(
        &n.chain,
        "SwapRuntimeApi_sim_swap_tao_for_alpha",
        (1u16, RAO_PER_TAO),
    );
    let q = crate::pool::quote_buy(s, 1, RAO_PER_TAO, None).expect("quote");
    assert_eq!(
        (sim.tao_amount, sim.alpha_amount, sim.tao_fee),
        (q.amount_in_used, q.amount_out, q.fee)
    );
    let sell: SimSwapResult = query(
        &n.chain,
        "SwapRuntimeApi_sim_swap_alpha_for_tao",
        (1u16, RAO_PER_TAO),
    );
    assert!(sell.tao_amount > 0 && sell.alpha_fee > 0 && sell.tao_fee == 0);
    let prices: Vec<SubnetPrice> = query(&n.chain, "SwapRuntimeApi_current_alpha_price_all", ());
    // Root is stable: 1 TAO per alpha.
    assert_eq!(
        prices,
        vec![
            SubnetPrice {
                netuid: 0,
                price: RAO_PER_TAO
            },
            SubnetPrice { netuid: 1, price }
        ]
    );
    let cost: u64 = query(
        &n.chain,
        "SubnetRegistrationRuntimeApi_get_network_registration_cost",
        (),
    );
    assert_eq!(
        cost,
        crate::subnets::lock_cost(s, u64::from(n.chain.best_number()))
    );
}

#[test]
fn unknown_methods_and_bad_input_are_reported() {
    let chain = Chain::new(Genesis::devnet().expect("genesis"));
    assert_eq!(
        call(&chain, "SubnetInfoRuntimeApi_nope", &[]),
        Err(RuntimeApiError::NotFound(
            "SubnetInfoRuntimeApi_nope".into()
        ))
    );
    assert!(matches!(
        call(&chain, "Nope", &[]),
        Err(RuntimeApiError::NotFound(_))
    ));
    assert!(matches!(
        call(&chain, "NeuronInfoRuntimeApi_get_neuron", &[1]),
        Err(RuntimeApiError::BadInput { .. })
    ));
    for m in METHODS {
        assert!(
            !matches!(call(&chain, m, &[]), Err(RuntimeApiError::NotFound(_))),
            "{m} is listed but not dispatched"
        );
    }
}

#[test]
fn a_transfer_costs_the_documented_fee_and_the_author_receives_it() {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let bob = dev_account("Bob").expect("bob");
    let alice = dev_account("Alice").expect("alice");
    let bob_pair = Keypair::from_dev_uri("//Bob").expect("bob key");
    let charlie = dev_account("Charlie").expect("charlie");
    let call_ = transfer(charlie, 1);
    let ctx = transaction::SigningContext {
        spec_version: crate::metadata::SPEC_VERSION,
        transaction_version: crate::metadata::apis::TRANSACTION_VERSION,
        genesis_hash: chain.genesis_hash(),
    };
    let extra = SignedExtra {
        tip: 7,
        ..SignedExtra::immortal(0)
    };
    let bytes = transaction::encode_signed(&bob_pair, &call_, extra, &ctx, &chain.genesis_hash());
    // The documented formula: base (99.84 µs) + 1 rao/byte + weight (39.7 µs + 1 read + 1 write), × 0.0005.
    let expected = 49_920 + bytes.len() as u64 + 82_350;

    // query_info with a zeroed signature answers the same partial fee.
    let mut zeroed = bytes.clone();
    let sig_at = zeroed.len() - call_.encode().len() - extra.encode().len() - 64;
    zeroed[sig_at..sig_at + 64].fill(0);
    let len = bytes.len() as u32;
    let mut args = zeroed.clone();
    args.extend_from_slice(&len.encode());
    let info: RuntimeDispatchInfo =
        query(&chain, "TransactionPaymentApi_query_info", RawArgs(args));
    assert_eq!(info.partial_fee, expected);
    assert_eq!(info.weight, fees::call_info(&call_).weight);
    let details = query_fee_details(&zeroed, len).expect("details");
    assert_eq!(details.tip, 7);
    assert_eq!(
        details
            .inclusion_fee
            .map(|f| f.base_fee + f.len_fee + f.adjusted_weight_fee),
        Some(expected)
    );

    let (bob0, alice0, charlie0) = (
        crate::balances::free_balance(chain.storage(), &bob),
        crate::balances::free_balance(chain.storage(), &alice),
        crate::balances::free_balance(chain.storage(), &charlie),
    );
    let checked = transaction::check(&bytes, &chain, ctx.spec_version, ctx.transaction_version)
        .expect("valid");
    let out = chain.build_block_encoded(vec![crate::runtime::EncodedExtrinsic {
        extrinsic: checked.extrinsic,
        encoded: bytes,
    }]);
    let s = chain.storage();
    assert_eq!(
        crate::balances::free_balance(s, &bob),
        bob0 - RAO_PER_TAO - expected - 7
    );
    assert_eq!(
        crate::balances::free_balance(s, &charlie),
        charlie0 + RAO_PER_TAO
    );
    // Alice authors the block; with no subnet, the fee is all she gains.
    assert_eq!(
        crate::balances::free_balance(s, &alice),
        alice0 + expected + 7
    );
    let events: Vec<&Event> = out.events.iter().map(|r| &r.event).collect();
    assert!(events.contains(&&Event::TransactionPayment(
        TransactionPaymentEvent::TransactionFeePaid {
            who: bob,
            actual_fee: expected + 7,
            tip: 7,
        }
    )));
    assert!(events.iter().any(|e| matches!(e,
        Event::System(SystemEvent::ExtrinsicSuccess { dispatch_info }) if dispatch_info.weight == info.weight)));
}

/// Arguments already SCALE-encoded.
struct RawArgs(Vec<u8>);

impl Encode for RawArgs {
    fn encode(&self) -> Vec<u8> {
        self.0.clone()
    }
}

//! Conservation properties of the chain over random operation sequences, and flows whose exact numbers
//! are derived by hand.
//!
//! The property test drives a chain (funded coldkeys, one running subnet) through random blocks of
//! transfers, subnet registrations, `start_call`, neuron registrations, stake adds and removes (plain and
//! limit), weights, sudo hyperparameter changes and empty blocks, and after every block checks:
//!
//! 1. TAO: `Balances.TotalIssuance` is the sum of all free balances, and it moves only by the block's
//!    minted emission (minus dust reaped by an `AllowDeath` transfer, tracked explicitly);
//! 2. pools: every subnet's `SubnetTAO` is covered by the subnet account's balance (which also keeps
//!    registration-burn fees, as subtensor's does), and `TotalStake` covers the sum of `SubnetTAO` (it also
//!    counts swap fees, as subtensor's does);
//! 3. alpha: `SubnetAlphaOut` covers all staked alpha, the pending pools and the protocol's alpha, and
//!    the surplus (burned owner incentive, what an epoch leaves unpaid) grows only at epochs, but for
//!    the ≤ 3 rao the per-block split truncates;
//! 4. shares: the coldkeys' stakes on a hotkey add up to its `TotalHotkeyAlpha`, short by less than
//!    one rao per coldkey;
//! 5. epoch outputs: incentive and dividends each sum to 0 or to 65535 within rounding.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use taonet_chain::admin::activity_cutoff::factor_milli_for_cutoff;
use taonet_chain::balances::{self, EXISTENTIAL_DEPOSIT};
use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::ctx::subnet_account;
use taonet_chain::error::DispatchError;
use taonet_chain::event::{Event, SubtensorEvent, TransactionPaymentEvent};
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::pool;
use taonet_chain::storage::Storage;
use taonet_chain::{fees, transaction, InvalidTransaction};
use taonet_chain::{
    staking, AccountId, BlockOutcome, Chain, Extrinsic, Genesis, NetUid, RAO_PER_TAO,
};

const N_COLD: usize = 4;
const N_HOT: usize = 6;
/// Random operations target netuids `1..=MAX_NET` (some may not exist yet).
const MAX_NET: u16 = 3;
/// Each coldkey starts with this much TAO.
const COLD_FUNDS_TAO: u64 = 20_000;

struct Actors {
    alice: AccountId,
    cold: Vec<AccountId>,
    hot: Vec<AccountId>,
}

fn actors() -> &'static Actors {
    static ACTORS: OnceLock<Actors> = OnceLock::new();
    ACTORS.get_or_init(|| Actors {
        alice: dev_account("Alice").unwrap(),
        cold: (0..N_COLD)
            .map(|i| Keypair::derive(7, &format!("cold-{i}")).account_id())
            .collect(),
        hot: (0..N_HOT)
            .map(|i| Keypair::derive(7, &format!("hot-{i}")).account_id())
            .collect(),
    })
}

/// Builds one block from `(signer, call)` pairs, numbering each signer's nonces in order, and checks
/// every extrinsic was included.
fn build(chain: &mut Chain, calls: Vec<(AccountId, Call)>) -> BlockOutcome {
    let mut next: BTreeMap<AccountId, u32> = BTreeMap::new();
    let extrinsics = calls
        .into_iter()
        .map(|(signer, call)| {
            let nonce = next
                .entry(signer)
                .or_insert_with(|| chain.account_nonce(&signer));
            let ext = Extrinsic {
                signer,
                nonce: *nonce,
                call,
            };
            *nonce += 1;
            ext
        })
        .collect();
    let out = chain.build_block(extrinsics);
    // A signer that cannot pay its fee is not included, nor (nonce gap) are its later extrinsics.
    let mut broke: Vec<AccountId> = Vec::new();
    for r in &out.receipts {
        match r.outcome {
            Ok(_) => {}
            Err(InvalidTransaction::Payment) => broke.push(r.extrinsic.signer),
            Err(InvalidTransaction::Future) if broke.contains(&r.extrinsic.signer) => {}
            Err(_) => panic!("not included: {r:?}"),
        }
    }
    out
}

/// Transaction fees (tips included) `who` paid in `out`.
fn fees_paid(out: &BlockOutcome, who: &AccountId) -> u64 {
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

/// Every transaction fee paid in `out` (all of it goes to the author, Alice).
fn all_fees(out: &BlockOutcome) -> u64 {
    out.events
        .iter()
        .filter_map(|r| match &r.event {
            Event::TransactionPayment(TransactionPaymentEvent::TransactionFeePaid {
                actual_fee,
                ..
            }) => Some(*actual_fee),
            _ => None,
        })
        .sum()
}

fn dispatch_results(out: &BlockOutcome) -> Vec<Result<(), DispatchError>> {
    out.receipts
        .iter()
        // Not included (the signer could not pay its fee) counts as a failure.
        .map(|r| r.outcome.unwrap_or(Err(DispatchError::Other)))
        .collect()
}

fn sudo(call: AdminCall) -> Call {
    Call::sudo(Call::AdminUtils(call))
}

fn transfer_keep_alive(dest: AccountId, value: u64) -> Call {
    Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(dest),
        value: value.into(),
    })
}

/// The chain every case starts from: coldkeys funded, subnet 1 registered by cold-0 with hot-0,
/// started, tempo 4, no weights rate limit, and enough blocks for its price EMA (and so its TAO
/// emission) to become non-zero. Built once and cloned.
fn base_chain() -> &'static Chain {
    static BASE: OnceLock<Chain> = OnceLock::new();
    BASE.get_or_init(|| {
        let a = actors();
        let mut chain = Chain::new(Genesis::devnet().unwrap());
        let funding = a
            .cold
            .iter()
            .map(|c| {
                (
                    a.alice,
                    transfer_keep_alive(*c, COLD_FUNDS_TAO * RAO_PER_TAO),
                )
            })
            .collect();
        let out = build(&mut chain, funding);
        assert!(dispatch_results(&out).iter().all(Result::is_ok));
        let out = build(
            &mut chain,
            vec![(
                a.cold[0],
                Call::SubtensorModule(SubtensorCall::register_network { hotkey: a.hot[0] }),
            )],
        );
        assert_eq!(dispatch_results(&out), vec![Ok(())]);
        let out = build(
            &mut chain,
            vec![
                (
                    a.cold[0],
                    Call::SubtensorModule(SubtensorCall::start_call { netuid: 1 }),
                ),
                (
                    a.alice,
                    sudo(AdminCall::sudo_set_tempo {
                        netuid: 1,
                        tempo: 4,
                    }),
                ),
                (
                    a.alice,
                    sudo(AdminCall::sudo_set_weights_set_rate_limit {
                        netuid: 1,
                        weights_set_rate_limit: 0,
                    }),
                ),
            ],
        );
        assert!(dispatch_results(&out).iter().all(Result::is_ok));
        let mut minted = 0;
        for _ in 0..20 {
            minted = build(&mut chain, Vec::new()).coinbase.tao_minted;
        }
        assert!(minted > 0, "subnet 1 receives TAO emission by now");
        chain
    })
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/// Chooses a key at apply time: usually among those the state makes meaningful (registered hotkeys,
/// existing stakes), sometimes any key at all so the error paths run too.
#[derive(Clone, Copy, Debug)]
struct Pick {
    any: bool,
    index: usize,
}

impl Pick {
    fn among<T: Copy>(self, meaningful: &[T], fallback: &[T]) -> T {
        if self.any || meaningful.is_empty() {
            fallback[self.index % fallback.len()]
        } else {
            meaningful[self.index % meaningful.len()]
        }
    }
}

#[derive(Clone, Debug)]
enum TransferKind {
    KeepAlive,
    AllowDeath,
    /// `transfer_allow_death` of everything but `n` rao (dust below the ED when `n < 500`).
    AllowDeathLeaving(u64),
    All {
        keep_alive: bool,
    },
}

#[derive(Clone, Debug)]
enum Amount {
    /// Per mille of the coldkey's free balance (up to 1100: sometimes more than it has).
    Permille(u16),
    /// An absolute amount in rao, around the minimum stake.
    Rao(u64),
}

#[derive(Clone, Debug)]
enum Unstake {
    /// Per mille of the current stake.
    Permille(u16),
    /// All of it.
    All,
    /// All but `n` alpha-rao (leaves a dust stake behind).
    AllBut(u64),
    /// An absolute amount of alpha-rao.
    Rao(u64),
}

#[derive(Clone, Debug)]
enum Hyper {
    Tempo(u16),
    WeightsRateLimit(u64),
    MaxAllowedValidators(u16),
    MaxAllowedUids(u16),
    ImmunityPeriod(u16),
    EmissionEnabled(bool),
    RegistrationAllowed(bool),
    SubtokenEnabled(bool),
    Kappa(u16),
    LiquidAlpha(bool),
    Yuma3(bool),
    ActivityCutoff(u16),
    BondsMovingAverage(u64),
    MinAllowedWeights(u16),
}

#[derive(Clone, Debug)]
enum Op {
    Transfer {
        from: usize,
        /// Index into coldkeys then hotkeys.
        to: usize,
        permille: u16,
        kind: TransferKind,
    },
    RegisterNetwork {
        cold: usize,
        hot: usize,
    },
    /// `start_call` from the subnet's owner (or cold-0 if there is none).
    StartCall {
        net: NetUid,
    },
    BurnedRegister {
        cold: usize,
        hot: usize,
        net: NetUid,
    },
    AddStake {
        cold: usize,
        /// Among the hotkeys registered on `net`.
        hot: Pick,
        net: NetUid,
        amount: Amount,
        /// Limit price as per mille of the spot price, and allow_partial.
        limit: Option<(u16, bool)>,
    },
    RemoveStake {
        /// Among the existing (hotkey, coldkey, netuid) stakes; `any` uses `cold`, `hot`, `net`.
        position: Pick,
        cold: usize,
        hot: usize,
        net: NetUid,
        amount: Unstake,
        limit: Option<(u16, bool)>,
    },
    SetWeights {
        /// Among the hotkeys registered on `net`.
        hot: Pick,
        net: NetUid,
        /// (UID pick, weight); UIDs are taken modulo the subnet size and deduplicated unless `hot.any`.
        weights: Vec<(u16, u16)>,
    },
    Sudo {
        net: NetUid,
        hyper: Hyper,
    },
    StakeThreshold(u64),
}

impl Op {
    /// Transfers that may reap their sender run alone in a block so the dust is known exactly.
    fn may_reap(&self) -> bool {
        matches!(
            self,
            Op::Transfer {
                kind: TransferKind::AllowDeath
                    | TransferKind::AllowDeathLeaving(_)
                    | TransferKind::All { keep_alive: false },
                ..
            }
        )
    }

    fn kind(&self) -> &'static str {
        match self {
            Op::Transfer { .. } => "transfer",
            Op::RegisterNetwork { .. } => "register_network",
            Op::StartCall { .. } => "start_call",
            Op::BurnedRegister { .. } => "burned_register",
            Op::AddStake { limit: None, .. } => "add_stake",
            Op::AddStake { .. } => "add_stake_limit",
            Op::RemoveStake { limit: None, .. } => "remove_stake",
            Op::RemoveStake { .. } => "remove_stake_limit",
            Op::SetWeights { .. } => "set_weights",
            Op::Sudo { .. } | Op::StakeThreshold(_) => "sudo",
        }
    }
}

fn net() -> impl Strategy<Value = NetUid> {
    prop_oneof![4 => Just(1u16), 3 => 1..=MAX_NET]
}

fn pick() -> impl Strategy<Value = Pick> {
    (prop::bool::weighted(0.15), 0usize..64).prop_map(|(any, index)| Pick { any, index })
}

fn limit() -> impl Strategy<Value = Option<(u16, bool)>> {
    prop_oneof![
        2 => Just(None),
        1 => (500u16..2_000, any::<bool>()).prop_map(Some),
    ]
}

fn hyper() -> impl Strategy<Value = Hyper> {
    prop_oneof![
        3 => (1u16..=6).prop_map(Hyper::Tempo),
        1 => (0u64..=3).prop_map(Hyper::WeightsRateLimit),
        1 => (1u16..=8).prop_map(Hyper::MaxAllowedValidators),
        1 => (3u16..=10).prop_map(Hyper::MaxAllowedUids),
        1 => (0u16..=10).prop_map(Hyper::ImmunityPeriod),
        1 => any::<bool>().prop_map(Hyper::EmissionEnabled),
        1 => prop_oneof![3 => Just(true), 1 => Just(false)].prop_map(Hyper::RegistrationAllowed),
        1 => prop_oneof![3 => Just(true), 1 => Just(false)].prop_map(Hyper::SubtokenEnabled),
        1 => any::<u16>().prop_map(Hyper::Kappa),
        1 => any::<bool>().prop_map(Hyper::LiquidAlpha),
        1 => any::<bool>().prop_map(Hyper::Yuma3),
        1 => (1u16..=50).prop_map(Hyper::ActivityCutoff),
        1 => (0u64..=1_000_000).prop_map(Hyper::BondsMovingAverage),
        1 => (0u16..=3).prop_map(Hyper::MinAllowedWeights),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let cold = 0..N_COLD;
    let hot = 0..N_HOT;
    let transfer_kind = prop_oneof![
        4 => Just(TransferKind::KeepAlive),
        1 => Just(TransferKind::AllowDeath),
        1 => (0u64..1_000).prop_map(TransferKind::AllowDeathLeaving),
        1 => any::<bool>().prop_map(|keep_alive| TransferKind::All { keep_alive }),
    ];
    let amount = prop_oneof![
        3 => (1u16..=1_100).prop_map(Amount::Permille),
        1 => (1u64..20_000_000).prop_map(Amount::Rao),
    ];
    let unstake = prop_oneof![
        3 => (1u16..=1_100).prop_map(Unstake::Permille),
        1 => Just(Unstake::All),
        1 => (1u64..5_000).prop_map(Unstake::AllBut),
        1 => (1u64..20_000_000).prop_map(Unstake::Rao),
    ];
    prop_oneof![
        3 => (cold.clone(), 0..N_COLD + N_HOT, 1u16..=1_000, transfer_kind).prop_map(
            |(from, to, permille, kind)| Op::Transfer { from, to, permille, kind }
        ),
        1 => (cold.clone(), hot.clone()).prop_map(|(cold, hot)| Op::RegisterNetwork { cold, hot }),
        1 => net().prop_map(|net| Op::StartCall { net }),
        4 => (cold.clone(), hot.clone(), net())
            .prop_map(|(cold, hot, net)| Op::BurnedRegister { cold, hot, net }),
        8 => (cold.clone(), pick(), net(), amount, limit()).prop_map(
            |(cold, hot, net, amount, limit)| Op::AddStake { cold, hot, net, amount, limit }
        ),
        6 => (pick(), cold, hot, net(), unstake, limit()).prop_map(
            |(position, cold, hot, net, amount, limit)| Op::RemoveStake {
                position, cold, hot, net, amount, limit
            }
        ),
        4 => (pick(), net(), prop::collection::vec((0u16..16, 0u16..=u16::MAX), 0..5))
            .prop_map(|(hot, net, weights)| Op::SetWeights { hot, net, weights }),
        3 => (net(), hyper()).prop_map(|(net, hyper)| Op::Sudo { net, hyper }),
        1 => prop_oneof![Just(0u64), 1u64..100_000_000].prop_map(Op::StakeThreshold),
    ]
}

#[derive(Clone, Debug)]
enum Step {
    /// One block with these operations (possibly none).
    Block(Vec<Op>),
    /// This many empty blocks.
    Empty(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec(op(), 1..4).prop_map(Step::Block),
        1 => (1u8..=6).prop_map(Step::Empty),
    ]
}

// ---------------------------------------------------------------------------------------------
// Applying operations
// ---------------------------------------------------------------------------------------------

fn per_mille(value: u64, permille: u16) -> u64 {
    u64::try_from(u128::from(value) * u128::from(permille) / 1_000).unwrap_or(u64::MAX)
}

/// The hotkeys registered on `net`, by UID.
fn registered(s: &Storage, net: NetUid) -> Vec<AccountId> {
    (0..SubnetworkN::get(s, &net))
        .map(|uid| Keys::get(s, &net, &uid))
        .collect()
}

fn limit_price(s: &Storage, net: NetUid, limit: Option<(u16, bool)>) -> Option<(u64, bool)> {
    limit.map(|(factor, partial)| (per_mille(pool::spot_price_rao(s, net), factor), partial))
}

/// The extrinsic an operation becomes in the current state, and (for reaping transfers) the dust the
/// sender leaves behind if it succeeds.
fn to_call(s: &Storage, op: &Op) -> ((AccountId, Call), u64) {
    let a = actors();
    let any_key = |i: usize| {
        if i < N_COLD {
            a.cold[i]
        } else {
            a.hot[i - N_COLD]
        }
    };
    let mut dust = 0;
    let call = match op {
        Op::Transfer {
            from,
            to,
            permille,
            kind,
        } => {
            let (from, dest) = (a.cold[*from], any_key(*to));
            let free = balances::free_balance(s, &from);
            let dest_id = MultiAddress::Id(dest);
            let call = match kind {
                TransferKind::KeepAlive => BalancesCall::transfer_keep_alive {
                    dest: dest_id,
                    value: per_mille(free, *permille).into(),
                },
                TransferKind::AllowDeath | TransferKind::AllowDeathLeaving(_) => {
                    let value = match kind {
                        TransferKind::AllowDeathLeaving(n) => free.saturating_sub(*n),
                        _ => per_mille(free, *permille),
                    };
                    let call = BalancesCall::transfer_allow_death {
                        dest: dest_id,
                        value: value.into(),
                    };
                    // The fee is withdrawn before the transfer (reaping ops run alone, so the
                    // nonce is the account's); a transfer of more than what is left fails.
                    let ext = Extrinsic {
                        signer: from,
                        nonce: balances::nonce(s, &from),
                        call: Call::Balances(call.clone()),
                    };
                    let len = transaction::encode_in_process(&ext).len();
                    let fee = fees::fee_for(&ext.call, len, 0).total();
                    if let Some(left) = free.checked_sub(fee).and_then(|f| f.checked_sub(value)) {
                        if from != dest && value > 0 && left < EXISTENTIAL_DEPOSIT {
                            dust = left;
                        }
                    }
                    call
                }
                TransferKind::All { keep_alive } => BalancesCall::transfer_all {
                    dest: dest_id,
                    keep_alive: *keep_alive,
                },
            };
            (from, Call::Balances(call))
        }
        Op::RegisterNetwork { cold, hot } => (
            a.cold[*cold],
            Call::SubtensorModule(SubtensorCall::register_network {
                hotkey: a.hot[*hot],
            }),
        ),
        Op::StartCall { net } => {
            let owner = SubnetOwner::try_get(s, net).unwrap_or(a.cold[0]);
            (
                owner,
                Call::SubtensorModule(SubtensorCall::start_call { netuid: *net }),
            )
        }
        Op::BurnedRegister { cold, hot, net } => (
            a.cold[*cold],
            Call::SubtensorModule(SubtensorCall::burned_register {
                netuid: *net,
                hotkey: a.hot[*hot],
            }),
        ),
        Op::AddStake {
            cold,
            hot,
            net,
            amount,
            limit,
        } => {
            let coldkey = a.cold[*cold];
            let hotkey = hot.among(&registered(s, *net), &a.hot);
            let amount = match amount {
                Amount::Permille(p) => per_mille(balances::free_balance(s, &coldkey), *p),
                Amount::Rao(r) => *r,
            };
            let call = match limit_price(s, *net, *limit) {
                None => SubtensorCall::add_stake {
                    hotkey,
                    netuid: *net,
                    amount_staked: amount,
                },
                Some((limit_price, allow_partial)) => SubtensorCall::add_stake_limit {
                    hotkey,
                    netuid: *net,
                    amount_staked: amount,
                    limit_price,
                    allow_partial,
                },
            };
            (coldkey, Call::SubtensorModule(call))
        }
        Op::RemoveStake {
            position,
            cold,
            hot,
            net,
            amount,
            limit,
        } => {
            let stakes: Vec<(AccountId, AccountId, NetUid)> = Alpha::iter(s)
                .into_iter()
                .map(|(hot, cold, net, _)| (hot, cold, net))
                .filter(|(_, cold, _)| a.cold.contains(cold))
                .collect();
            let (hotkey, coldkey, net) =
                position.among(&stakes, &[(a.hot[*hot], a.cold[*cold], *net)]);
            let net = &net;
            let have = staking::stake(s, &hotkey, &coldkey, *net);
            let amount = match amount {
                Unstake::Permille(p) => per_mille(have, *p),
                Unstake::All => have,
                Unstake::AllBut(n) => have.saturating_sub(*n),
                Unstake::Rao(r) => *r,
            };
            let call = match limit_price(s, *net, *limit) {
                None => SubtensorCall::remove_stake {
                    hotkey,
                    netuid: *net,
                    amount_unstaked: amount,
                },
                Some((limit_price, allow_partial)) => SubtensorCall::remove_stake_limit {
                    hotkey,
                    netuid: *net,
                    amount_unstaked: amount,
                    limit_price,
                    allow_partial,
                },
            };
            (coldkey, Call::SubtensorModule(call))
        }
        Op::SetWeights { hot, net, weights } => {
            let hotkey = hot.among(&registered(s, *net), &a.hot);
            let n = SubnetworkN::get(s, net).max(1);
            let mut row: Vec<(u16, u16)> = Vec::new();
            for (uid, w) in weights {
                let uid = if hot.any { *uid } else { uid % n };
                if hot.any || !row.iter().any(|(u, _)| *u == uid) {
                    row.push((uid, *w));
                }
            }
            (
                hotkey,
                Call::SubtensorModule(SubtensorCall::set_weights {
                    netuid: *net,
                    dests: row.iter().map(|(u, _)| *u).collect(),
                    weights: row.iter().map(|(_, w)| *w).collect(),
                    version_key: 0,
                }),
            )
        }
        Op::StakeThreshold(min_stake) => (
            a.alice,
            sudo(AdminCall::sudo_set_stake_threshold {
                min_stake: *min_stake,
            }),
        ),
        Op::Sudo { net, hyper } => {
            let netuid = *net;
            let call = match hyper {
                Hyper::Tempo(tempo) => AdminCall::sudo_set_tempo {
                    netuid,
                    tempo: *tempo,
                },
                Hyper::WeightsRateLimit(l) => AdminCall::sudo_set_weights_set_rate_limit {
                    netuid,
                    weights_set_rate_limit: *l,
                },
                Hyper::MaxAllowedValidators(v) => AdminCall::sudo_set_max_allowed_validators {
                    netuid,
                    max_allowed_validators: *v,
                },
                Hyper::MaxAllowedUids(v) => AdminCall::sudo_set_max_allowed_uids {
                    netuid,
                    max_allowed_uids: *v,
                },
                Hyper::ImmunityPeriod(v) => AdminCall::sudo_set_immunity_period {
                    netuid,
                    immunity_period: *v,
                },
                Hyper::EmissionEnabled(enabled) => AdminCall::sudo_set_subnet_emission_enabled {
                    netuid,
                    enabled: *enabled,
                },
                Hyper::RegistrationAllowed(allowed) => {
                    AdminCall::sudo_set_network_registration_allowed {
                        netuid,
                        registration_allowed: *allowed,
                    }
                }
                Hyper::SubtokenEnabled(enabled) => AdminCall::sudo_set_subtoken_enabled {
                    netuid,
                    subtoken_enabled: *enabled,
                },
                Hyper::Kappa(kappa) => AdminCall::sudo_set_kappa {
                    netuid,
                    kappa: *kappa,
                },
                Hyper::LiquidAlpha(enabled) => AdminCall::sudo_set_liquid_alpha_enabled {
                    netuid,
                    enabled: *enabled,
                },
                Hyper::Yuma3(enabled) => AdminCall::sudo_set_yuma3_enabled {
                    netuid,
                    enabled: *enabled,
                },
                Hyper::ActivityCutoff(blocks) => {
                    // The epoch reads the factor (`sudo_set_activity_cutoff` only writes subtensor's
                    // deprecated map), converted as the orchestrator converts a topology's cutoff.
                    let factor_milli =
                        factor_milli_for_cutoff(u64::from(*blocks), Tempo::get(s, &netuid));
                    let set = SubtensorCall::set_activity_cutoff_factor {
                        netuid,
                        factor_milli,
                    };
                    return ((a.alice, Call::sudo(Call::SubtensorModule(set))), dust);
                }
                Hyper::BondsMovingAverage(v) => AdminCall::sudo_set_bonds_moving_average {
                    netuid,
                    bonds_moving_average: *v,
                },
                Hyper::MinAllowedWeights(v) => AdminCall::sudo_set_min_allowed_weights {
                    netuid,
                    min_allowed_weights: *v,
                },
            };
            (a.alice, sudo(call))
        }
    };
    (call, dust)
}

// ---------------------------------------------------------------------------------------------
// Invariants
// ---------------------------------------------------------------------------------------------

/// What the invariants compare across blocks.
#[derive(Clone, Debug, Default)]
struct Snapshot {
    balances_issuance: u64,
    subtensor_issuance: u64,
    /// Per subnet: `SubnetAlphaOut` minus everything accounted for (burned owner incentive).
    alpha_surplus: BTreeMap<NetUid, u128>,
    /// Per subnet: the pools an epoch drains (`PendingServerEmission`, `PendingValidatorEmission`,
    /// `PendingRootAlphaDivs`).
    pending_server: BTreeMap<NetUid, u64>,
}

macro_rules! check {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($fmt)+)));
        }
    };
}

/// Checks every invariant on the state after `out`, given the state before it; returns the new
/// snapshot. `dust` is TAO reaped by an `AllowDeath` transfer in this block.
fn check_invariants(
    s: &Storage,
    prev: &Snapshot,
    out: &BlockOutcome,
    dust: u64,
) -> Result<Snapshot, TestCaseError> {
    let block = out.header.number;
    let mut snap = Snapshot::default();

    // 1. TAO.
    let accounts = Account::iter(s);
    let sum_free: u128 = accounts.iter().map(|(_, a)| u128::from(a.data.free)).sum();
    let issuance = TotalIssuance::get(s);
    check!(
        u128::from(issuance) == sum_free,
        "block {block}: Balances.TotalIssuance {issuance} != Σ free {sum_free}"
    );
    let minted = out.coinbase.tao_minted;
    check!(
        u128::from(issuance) + u128::from(dust)
            == u128::from(prev.balances_issuance) + u128::from(minted),
        "block {block}: issuance moved {} -> {issuance}, but minted {minted} and dust {dust}",
        prev.balances_issuance
    );
    let subtensor_issuance = SubtensorTotalIssuance::get(s);
    check!(
        subtensor_issuance == prev.subtensor_issuance + minted,
        "block {block}: SubtensorModule.TotalIssuance moved {} -> {subtensor_issuance}, minted {minted}",
        prev.subtensor_issuance
    );
    check!(
        minted + out.coinbase.tao_recycled == BlockEmission::get(s),
        "block {block}: minted {minted} + recycled {} != block emission {}",
        out.coinbase.tao_recycled,
        BlockEmission::get(s)
    );
    snap.balances_issuance = issuance;
    snap.subtensor_issuance = subtensor_issuance;

    // 2. Pools.
    let netuids: Vec<NetUid> = NetworksAdded::iter(s)
        .into_iter()
        .filter(|(_, added)| *added)
        .map(|(n, _)| n)
        .collect();
    let mut sum_subnet_tao = 0u128;
    for netuid in &netuids {
        let pool_tao = SubnetTAO::get(s, netuid);
        let account = balances::free_balance(s, &subnet_account(*netuid));
        // The subnet account holds the pool's TAO plus what subtensor leaves there outside the pool:
        // registration-burn swap fees, and the existential deposit a dissolved subnet's account keeps.
        check!(
            pool_tao <= account,
            "block {block}: subnet {netuid}: SubnetTAO {pool_tao} > subnet account balance {account}"
        );
        sum_subnet_tao += u128::from(pool_tao);
    }
    let total_stake = TotalStake::get(s);
    // subtensor's `TotalStake` also counts the TAO side of swap fees (paid to the author).
    check!(
        u128::from(total_stake) >= sum_subnet_tao,
        "block {block}: TotalStake {total_stake} < Σ SubnetTAO {sum_subnet_tao}"
    );

    // 4. Shares (computed first: 3 needs the per-subnet sums of TotalHotkeyAlpha).
    let mut staked: BTreeMap<NetUid, u128> = BTreeMap::new();
    for (hotkey, netuid, value) in TotalHotkeyAlpha::iter(s) {
        *staked.entry(netuid).or_default() += u128::from(value);
        let holders: Vec<(AccountId, u128)> = Alpha::iter_prefix(s, &hotkey)
            .into_iter()
            .filter(|(_, n, _)| *n == netuid)
            .map(|(cold, _, shares)| (cold, shares))
            .collect();
        let shares: u128 = holders.iter().map(|(_, sh)| *sh).sum();
        let total_shares = TotalHotkeyShares::get(s, &hotkey, &netuid);
        check!(
            shares == total_shares,
            "block {block}: hotkey {hotkey:?} subnet {netuid}: Σ shares {shares} != TotalHotkeyShares {total_shares}"
        );
        let stakes: u128 = holders
            .iter()
            .map(|(cold, _)| u128::from(staking::stake(s, &hotkey, cold, netuid)))
            .sum();
        let value = u128::from(value);
        check!(
            stakes <= value,
            "block {block}: hotkey {hotkey:?} subnet {netuid}: Σ coldkey stakes {stakes} > TotalHotkeyAlpha {value}"
        );
        check!(
            value - stakes <= (holders.len() as u128).max(1),
            "block {block}: hotkey {hotkey:?} subnet {netuid}: Σ coldkey stakes {stakes} short of TotalHotkeyAlpha {value} by more than one rao per coldkey ({} coldkeys)",
            holders.len()
        );
    }

    // 3. Alpha.
    for netuid in &netuids {
        let out_alpha = u128::from(SubnetAlphaOut::get(s, netuid));
        let pending_server = PendingServerEmission::get(s, netuid);
        let accounted = staked.get(netuid).copied().unwrap_or(0)
            + u128::from(pending_server)
            + u128::from(PendingValidatorEmission::get(s, netuid))
            + u128::from(PendingRootAlphaDivs::get(s, netuid))
            + u128::from(PendingOwnerCut::get(s, netuid))
            + u128::from(SubnetProtocolAlpha::get(s, netuid));
        check!(
            out_alpha >= accounted,
            "block {block}: subnet {netuid}: SubnetAlphaOut {out_alpha} < staked + pending + protocol {accounted}"
        );
        let surplus = out_alpha - accounted;
        let before = prev.alpha_surplus.get(netuid).copied().unwrap_or(0);
        let epoch = out.coinbase.epochs.contains(netuid);
        if epoch {
            // The surplus grows by the incentive burned for the owner's hotkeys and what the epoch
            // leaves unpaid (fractions of a rao, or pools nobody earned), at most the pools it drained.
            let drained = u128::from(prev.pending_server.get(netuid).copied().unwrap_or(0))
                + u128::from(SubnetAlphaOutEmission::get(s, netuid));
            check!(
                surplus >= before && surplus - before <= drained,
                "block {block}: subnet {netuid}: epoch moved the alpha surplus {before} -> {surplus} (pools drained ≤ {drained})"
            );
        } else {
            // The block's alpha emission is split into four pools, each truncated to the rao: up to
            // 3 rao of it stay outstanding unaccounted, as on subtensor.
            check!(
                surplus >= before && surplus - before <= 3,
                "block {block}: subnet {netuid}: alpha surplus moved {before} -> {surplus} outside an epoch"
            );
        }
        snap.alpha_surplus.insert(*netuid, surplus);
        snap.pending_server.insert(
            *netuid,
            pending_server
                .saturating_add(PendingValidatorEmission::get(s, netuid))
                .saturating_add(PendingRootAlphaDivs::get(s, netuid)),
        );

        // 5. Epoch outputs, in the block whose epoch produced them. A registration later in that block
        // may replace a UID, which zeroes its incentive and dividends as subtensor does, so blocks
        // with a registration on the subnet are skipped.
        let registered_here = out.events.iter().any(|e| {
            matches!(
                e.event,
                Event::SubtensorModule(SubtensorEvent::NeuronRegistered(n, _, _)) if n == *netuid
            )
        });
        if !epoch || registered_here {
            continue;
        }
        let n = u32::from(SubnetworkN::get(s, netuid));
        for (name, v) in [
            ("incentive", Incentive::get(s, netuid)),
            ("dividends", Dividends::get(s, netuid)),
        ] {
            let sum: u32 = v.iter().map(|x| u32::from(*x)).sum();
            check!(
                sum == 0 || sum.abs_diff(u32::from(u16::MAX)) <= n,
                "block {block}: subnet {netuid}: {name} sums to {sum} ({v:?})"
            );
        }
    }
    Ok(snap)
}

fn snapshot(s: &Storage) -> Snapshot {
    let mut snap = Snapshot {
        balances_issuance: TotalIssuance::get(s),
        subtensor_issuance: SubtensorTotalIssuance::get(s),
        ..Snapshot::default()
    };
    let mut staked: BTreeMap<NetUid, u128> = BTreeMap::new();
    for (_, netuid, value) in TotalHotkeyAlpha::iter(s) {
        *staked.entry(netuid).or_default() += u128::from(value);
    }
    for (netuid, added) in NetworksAdded::iter(s) {
        if !added {
            continue;
        }
        let accounted = staked.get(&netuid).copied().unwrap_or(0)
            + u128::from(PendingServerEmission::get(s, &netuid))
            + u128::from(PendingValidatorEmission::get(s, &netuid))
            + u128::from(PendingRootAlphaDivs::get(s, &netuid))
            + u128::from(PendingOwnerCut::get(s, &netuid))
            + u128::from(SubnetProtocolAlpha::get(s, &netuid));
        let surplus = u128::from(SubnetAlphaOut::get(s, &netuid)).saturating_sub(accounted);
        snap.alpha_surplus.insert(netuid, surplus);
        snap.pending_server.insert(
            netuid,
            PendingServerEmission::get(s, &netuid)
                + PendingValidatorEmission::get(s, &netuid)
                + PendingRootAlphaDivs::get(s, &netuid),
        );
    }
    snap
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

/// What the random runs did, so the property cannot pass by doing nothing.
#[derive(Debug, Default)]
struct Coverage {
    ok: BTreeMap<&'static str, u32>,
    failed: BTreeMap<&'static str, u32>,
    epochs: u32,
    minted_blocks: u32,
    reaps: u32,
    subnets_created: u32,
}

struct Run<'a> {
    chain: Chain,
    snap: Snapshot,
    cov: &'a RefCell<Coverage>,
}

impl Run<'_> {
    fn block(&mut self, ops: &[Op]) -> Result<(), TestCaseError> {
        let s = self.chain.storage();
        let mut calls = Vec::new();
        let mut dust = 0;
        for op in ops {
            let (call, d) = to_call(s, op);
            calls.push(call);
            dust += d;
        }
        let before_subnets = NetworksAdded::iter(s).len();
        let out = build(&mut self.chain, calls);
        let results = dispatch_results(&out);
        // Dust was predicted from the state before the block; reaping ops run alone, so it holds
        // exactly when the transfer succeeded.
        let dust = if results.iter().all(Result::is_ok) {
            dust
        } else {
            0
        };
        {
            let mut cov = self.cov.borrow_mut();
            for (op, r) in ops.iter().zip(&results) {
                let map = if r.is_ok() {
                    &mut cov.ok
                } else {
                    &mut cov.failed
                };
                *map.entry(op.kind()).or_default() += 1;
            }
            cov.epochs += out.coinbase.epochs.len() as u32;
            cov.minted_blocks += u32::from(out.coinbase.tao_minted > 0);
            cov.reaps += u32::from(dust > 0);
            cov.subnets_created +=
                (NetworksAdded::iter(self.chain.storage()).len() - before_subnets) as u32;
        }
        self.snap = check_invariants(self.chain.storage(), &self.snap, &out, dust)?;
        Ok(())
    }

    fn step(&mut self, step: &Step) -> Result<(), TestCaseError> {
        match step {
            Step::Empty(n) => {
                for _ in 0..*n {
                    self.block(&[])?;
                }
            }
            Step::Block(ops) => {
                let mut batch: Vec<Op> = Vec::new();
                for op in ops {
                    if op.may_reap() {
                        if !batch.is_empty() {
                            self.block(&batch)?;
                            batch.clear();
                        }
                        self.block(std::slice::from_ref(op))?;
                    } else {
                        batch.push(op.clone());
                    }
                }
                if !batch.is_empty() {
                    self.block(&batch)?;
                }
            }
        }
        Ok(())
    }
}

fn run_case(steps: &[Step], cov: &RefCell<Coverage>) -> Result<(), TestCaseError> {
    let chain = base_chain().clone();
    let snap = snapshot(chain.storage());
    let mut run = Run { chain, snap, cov };
    for step in steps {
        run.step(step)?;
    }
    Ok(())
}

fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 64;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x7a0e_c0de);
    }
    config.failure_persistence = None;
    config.max_shrink_iters = 2_000;
    config
}

#[test]
fn value_is_conserved_over_random_operation_sequences() {
    let cov = RefCell::new(Coverage::default());
    let mut runner = TestRunner::new(config());
    let strategy = prop::collection::vec(step(), 10..40);
    if let Err(e) = runner.run(&strategy, |steps| run_case(&steps, &cov)) {
        panic!("{e}");
    }
    let cov = cov.into_inner();
    eprintln!("conservation coverage: {cov:?}");
    // The runs exercised what the invariants are about.
    for kind in [
        "transfer",
        "burned_register",
        "add_stake",
        "add_stake_limit",
        "remove_stake",
        "remove_stake_limit",
        "set_weights",
        "sudo",
    ] {
        assert!(
            cov.ok.get(kind).copied().unwrap_or(0) > 0,
            "no successful {kind}: {cov:?}"
        );
    }
    assert!(cov.epochs > 0 && cov.minted_blocks > 0, "{cov:?}");
}

// ---------------------------------------------------------------------------------------------
// Flows with hand-derived numbers
// ---------------------------------------------------------------------------------------------
//
// The pool is a 0.5/0.5 Balancer pool, i.e. constant product: buying with Δy TAO (after the fee) pays
// Δx = x·Δy/(y+Δy) alpha, selling Δx alpha pays Δy = y·Δx/(x+Δx) TAO, each floored to the rao. The
// chain evaluates this in fixed point (e = ⌊R_in·10^18/(R_in+Δ)⌋/10^18 as U64F64, out = ⌊R_out·(1−e)⌋),
// whose error is below 10^-6 rao for reserves of 10^12; every expected value below has a fractional
// part far from an integer, so the exact rational quotient floored gives the same rao.
// The fee is ⌊amount · 33/65535⌋ of the input.

const TAO: u64 = RAO_PER_TAO;

/// A fresh chain with `cold` funded by Alice (block 1) and, when `network`, subnet 1 registered by
/// `cold` with `hot` in block 2.
fn fresh(cold: AccountId, funds: u64) -> Chain {
    let alice = actors().alice;
    let mut chain = Chain::new(Genesis::devnet().unwrap());
    let out = build(&mut chain, vec![(alice, transfer_keep_alive(cold, funds))]);
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    chain
}

fn register_network(cold: AccountId, hot: AccountId) -> (AccountId, Call) {
    (
        cold,
        Call::SubtensorModule(SubtensorCall::register_network { hotkey: hot }),
    )
}

#[test]
fn add_stake_then_remove_stake_on_a_fresh_pool_moves_hand_computed_amounts() {
    let a = actors();
    let (cold, hot, alice) = (a.cold[0], a.hot[0], a.alice);
    let mut chain = fresh(cold, 5_000 * TAO);
    let out = build(&mut chain, vec![register_network(cold, hot)]);
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    let register_fee = fees_paid(&out, &cold);
    let s = chain.storage();
    // The first lock is 1000 TAO and the first pool is priced at 1: y = x = 10^12.
    assert_eq!(SubnetTAO::get(s, &1), 1_000 * TAO);
    assert_eq!(SubnetAlphaIn::get(s, &1), 1_000 * TAO);
    let cold_before = balances::free_balance(s, &cold);
    let alice_before = balances::free_balance(s, &alice);
    assert_eq!(cold_before, 4_000 * TAO - register_fee);

    // start_call, stake 10 TAO and unstake all of it in one block, so no emission touches the pool
    // in between (the coinbase runs before the extrinsics, and the subnet is not emitting yet).
    let mut chain_stake_only = chain.clone();
    let stake = |amount| {
        (
            cold,
            Call::SubtensorModule(SubtensorCall::add_stake {
                hotkey: hot,
                netuid: 1,
                amount_staked: amount,
            }),
        )
    };
    let start = (
        cold,
        Call::SubtensorModule(SubtensorCall::start_call { netuid: 1 }),
    );
    let out = build(&mut chain_stake_only, vec![start.clone(), stake(10 * TAO)]);
    assert_eq!(dispatch_results(&out), vec![Ok(()), Ok(())]);
    let s = chain_stake_only.storage();
    // Fee: ⌊10^10 · 33/65535⌋ = ⌊5_035_477.2259⌋ = 5_035_477 (65535 · 5_035_477 = 329_999_985_195,
    // 14_805 short of 3.3·10^11).
    // Into the pool: Δy = 10^10 − 5_035_477 = 9_994_964_523.
    // Alpha out: ⌊10^12 · 9_994_964_523 / 1_009_994_964_523⌋ = ⌊9_896_053_816.19⌋ = 9_896_053_816.
    let alpha = 9_896_053_816;
    assert_eq!(staking::stake(s, &hot, &cold, 1), alpha);
    assert_eq!(SubnetTAO::get(s, &1), 1_000 * TAO + 9_994_964_523);
    assert_eq!(SubnetAlphaIn::get(s, &1), 1_000 * TAO - alpha);
    assert_eq!(SubnetAlphaOut::get(s, &1), alpha);
    assert_eq!(
        balances::free_balance(s, &cold),
        cold_before - 10 * TAO - fees_paid(&out, &cold)
    );
    assert_eq!(
        balances::free_balance(s, &alice),
        alice_before + 5_035_477 + all_fees(&out)
    );

    let unstake = (
        cold,
        Call::SubtensorModule(SubtensorCall::remove_stake {
            hotkey: hot,
            netuid: 1,
            amount_unstaked: alpha,
        }),
    );
    let out = build(&mut chain, vec![start, stake(10 * TAO), unstake]);
    assert_eq!(dispatch_results(&out), vec![Ok(()), Ok(()), Ok(())]);
    let s = chain.storage();
    // Pool before the sell: y1 = 1_009_994_964_523, x1 = 10^12 − 9_896_053_816 = 990_103_946_184.
    // Alpha fee: ⌊9_896_053_816 · 33/65535⌋ = ⌊4_983_135.36⌋ = 4_983_135; sold: Δx = 9_891_070_681.
    // TAO out: ⌊y1 · Δx / (x1 + Δx)⌋ = ⌊1_009_994_964_523 · 9_891_070_681 / 999_995_016_865⌋
    //        = ⌊9_989_981_362.98⌋ = 9_989_981_362.
    // Pool after: y2 = 1_009_994_964_523 − 9_989_981_362 = 1_000_004_983_161, x2 = 999_995_016_865.
    // The alpha fee is sold fee-free for the author: ⌊y2 · 4_983_135 / (x2 + 4_983_135)⌋
    //        = ⌊1_000_004_983_161 · 4_983_135 / 10^12⌋ = ⌊4_983_159.83⌋ = 4_983_159.
    // Pool at the end: y3 = 1_000_004_983_161 − 4_983_159 = 10^12 + 2, x3 = 10^12.
    let tao_back = 9_989_981_362;
    assert_eq!(staking::stake(s, &hot, &cold, 1), 0);
    assert_eq!(
        balances::free_balance(s, &cold),
        cold_before - 10 * TAO + tao_back - fees_paid(&out, &cold)
    );
    assert_eq!(
        balances::free_balance(s, &alice),
        alice_before + 5_035_477 + 4_983_159 + all_fees(&out)
    );
    assert_eq!(SubnetTAO::get(s, &1), 1_000 * TAO + 2);
    assert_eq!(SubnetAlphaIn::get(s, &1), 1_000 * TAO);
    assert_eq!(SubnetAlphaOut::get(s, &1), 0);
    assert_eq!(
        balances::free_balance(s, &subnet_account(1)),
        1_000 * TAO + 2
    );
    // subtensor's `TotalStake` counts a stake's whole TAO, fee included, and an unstake's payouts:
    // the 5_035_477 rao buy fee the author took stays counted (+ the 2 rao of rounding).
    assert_eq!(TotalStake::get(s), 1_000 * TAO + 5_035_477 + 2);
    // Everything the coldkey lost went to the author, except 2 rao of rounding left in the pool.
    assert_eq!(10 * TAO - tao_back, 5_035_477 + 4_983_159 + 2);
}

#[test]
fn registration_burn_moves_the_burn_less_the_fee_into_the_pool_and_bumps_it_by_126_percent() {
    let a = actors();
    let (owner, owner_hot) = (a.cold[0], a.hot[0]);
    let (cold, hot) = (a.cold[1], a.hot[1]);
    let alice = a.alice;
    let mut chain = Chain::new(Genesis::devnet().unwrap());
    let out = build(
        &mut chain,
        vec![
            (alice, transfer_keep_alive(owner, 2_000 * TAO)),
            (alice, transfer_keep_alive(cold, 10 * TAO)),
        ],
    );
    assert!(dispatch_results(&out).iter().all(Result::is_ok));
    // Register in the block that creates the subnet: its Burn is the initial 1 TAO, not yet decayed.
    let burned = (
        cold,
        Call::SubtensorModule(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: hot,
        }),
    );
    let out = build(&mut chain, vec![register_network(owner, owner_hot), burned]);
    assert_eq!(dispatch_results(&out), vec![Ok(()), Ok(())]);
    let s = chain.storage();
    // 1 TAO left the coldkey for the subnet account.
    assert_eq!(
        balances::free_balance(s, &cold),
        9 * TAO - fees_paid(&out, &cold)
    );
    assert_eq!(balances::free_balance(s, &subnet_account(1)), 1_001 * TAO);
    // As subtensor's `do_register`, the burn swaps with the pool fee, ⌊10^9 · 33/65535⌋ = 503_547, which
    // nobody is paid: it stays in the account outside the pool, while TotalStake counts the whole burn.
    assert_eq!(SubnetTAO::get(s, &1), 1_000 * TAO + 999_496_453);
    assert_eq!(TotalStake::get(s), 1_001 * TAO);
    assert_eq!(RAORecycledForRegistration::get(s, &1), TAO);
    // The alpha it bought, ⌊10^12 · 999_496_453 / (10^12 + 999_496_453)⌋ = ⌊998_498_457.33⌋, is
    // destroyed: the pool's alpha shrank by that much and no alpha is outstanding.
    assert_eq!(SubnetAlphaIn::get(s, &1), 1_000 * TAO - 998_498_457);
    assert_eq!(SubnetAlphaOut::get(s, &1), 0);
    // Burn ← ⌊10^9 · 1.26⌋ where 1.26 is the f64 5674535530486825/2^52 = 1.26000000000000000888…:
    // 1_260_000_000.0000000089 → 1_260_000_000 rao, exactly 1.26 TAO.
    assert_eq!(Burn::get(s, &1), 1_260_000_000);
    // Total issuance did not move: the burn stays in the pool as TAO.
    assert_eq!(
        TotalIssuance::get(s),
        Account::iter(s)
            .iter()
            .map(|(_, a)| a.data.free)
            .sum::<u64>()
    );
}

#[test]
fn second_subnet_lock_is_twice_the_last_minus_the_linear_reduction() {
    let a = actors();
    let mut chain = fresh(a.cold[0], 5_000 * TAO);
    let out = build(&mut chain, vec![register_network(a.cold[0], a.hot[0])]);
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    let first_fee = fees_paid(&out, &a.cold[0]);
    let out = build(&mut chain, vec![register_network(a.cold[0], a.hot[1])]);
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    let fees = first_fee + fees_paid(&out, &a.cold[0]);
    let s = chain.storage();
    // Cost = 2 · 1000 TAO − ⌊10^12 / 100_800⌋ · (blocks since the last lock = 1)
    //      = 2·10^12 − 9_920_634 = 1_999_990_079_366 rao.
    let cost = 1_999_990_079_366;
    assert_eq!(SubnetTAO::get(s, &2), cost);
    assert_eq!(balances::free_balance(s, &subnet_account(2)), cost);
    // Seeded at the median price of the existing subnets: subnet 1 is untouched at exactly 1.
    assert_eq!(SubnetAlphaIn::get(s, &2), cost);
    assert_eq!(
        balances::free_balance(s, &a.cold[0]),
        5_000 * TAO - 1_000 * TAO - cost - fees
    );
}

/// A subnet whose owner holds emission-earned stake and has sold most of it, so the price is below 1.
fn subnet_after_owner_sells(leave: u64) -> Chain {
    let a = actors();
    let (cold, hot, alice) = (a.cold[0], a.hot[0], a.alice);
    let mut chain = fresh(cold, 5_000 * TAO);
    let out = build(&mut chain, vec![register_network(cold, hot)]);
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    let out = build(
        &mut chain,
        vec![
            (
                cold,
                Call::SubtensorModule(SubtensorCall::start_call { netuid: 1 }),
            ),
            (
                alice,
                sudo(AdminCall::sudo_set_tempo {
                    netuid: 1,
                    tempo: 2,
                }),
            ),
        ],
    );
    assert!(dispatch_results(&out).iter().all(Result::is_ok));
    for _ in 0..6 {
        build(&mut chain, Vec::new());
    }
    // Tempo 0 stops epochs, so no emission reaches the stake between reading it and unstaking.
    let out = build(
        &mut chain,
        vec![(
            alice,
            sudo(AdminCall::sudo_set_tempo {
                netuid: 1,
                tempo: 0,
            }),
        )],
    );
    assert!(dispatch_results(&out).iter().all(Result::is_ok));
    let have = staking::stake(chain.storage(), &hot, &cold, 1);
    assert!(have > 1_000_000_000, "the owner earned stake: {have}");
    let out = build(
        &mut chain,
        vec![(
            cold,
            Call::SubtensorModule(SubtensorCall::remove_stake {
                hotkey: hot,
                netuid: 1,
                amount_unstaked: have - leave,
            }),
        )],
    );
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    assert_eq!(staking::stake(chain.storage(), &hot, &cold, 1), leave);
    assert!(pool::spot_price_rao(chain.storage(), 1) < RAO_PER_TAO);
    chain
}

/// Checks invariants 1–4 between two states around one block.
fn assert_conserved(before: &Storage, chain: &Chain, out: &BlockOutcome) {
    let prev = snapshot(before);
    if let Err(e) = check_invariants(chain.storage(), &prev, out, 0) {
        panic!("{e}");
    }
}

#[test]
fn unstaking_dust_whose_fee_cannot_be_sold_leaves_no_orphaned_alpha() {
    // 1986 alpha-rao pays a 1 rao alpha fee (⌊1986 · 33/65535⌋ = ⌊1.00005⌋ = 1). Below price 1 that
    // fee sells for ⌊y · 1/(x + 1)⌋ = 0 TAO, which the pool refuses (ReservesTooLow). subtensor
    // propagates that error and the extrinsic rolls back; the alpha must not stay outstanding with no
    // owner.
    let mut chain = subnet_after_owner_sells(1_986);
    let a = actors();
    let before = chain.storage().clone();
    let out = build(
        &mut chain,
        vec![(
            a.cold[0],
            Call::SubtensorModule(SubtensorCall::remove_stake {
                hotkey: a.hot[0],
                netuid: 1,
                amount_unstaked: 1_986,
            }),
        )],
    );
    assert_conserved(&before, &chain, &out);
}

#[test]
fn unstaking_to_an_emptied_coldkey_below_the_existential_deposit_changes_nothing() {
    // The owner keeps 400 alpha-rao of stake (worth < 500 rao), empties its account, then unstakes
    // the rest. With transaction fees the emptied account cannot pay for the unstake, so it is not
    // even included (subtensor's pool refuses it the same way); either way the pool, the stake and
    // the subnet account must stay as they were.
    let mut chain = subnet_after_owner_sells(400);
    let a = actors();
    let out = build(
        &mut chain,
        vec![(
            a.cold[0],
            Call::Balances(BalancesCall::transfer_all {
                dest: MultiAddress::Id(a.alice),
                keep_alive: false,
            }),
        )],
    );
    assert_eq!(dispatch_results(&out), vec![Ok(())]);
    assert_eq!(balances::free_balance(chain.storage(), &a.cold[0]), 0);
    let before = chain.storage().clone();
    let out = build(
        &mut chain,
        vec![(
            a.cold[0],
            Call::SubtensorModule(SubtensorCall::remove_stake {
                hotkey: a.hot[0],
                netuid: 1,
                amount_unstaked: 400,
            }),
        )],
    );
    assert!(dispatch_results(&out)[0].is_err());
    assert_eq!(
        staking::stake(chain.storage(), &a.hot[0], &a.cold[0], 1),
        400
    );
    assert_conserved(&before, &chain, &out);
}

//! Root stake in emission, on running subnets: `TaoWeight` in stake weights and permits, root dividends
//! and their claims (by call and automatically), emission shares following the price EMA and
//! `MinerBurned`, and a property: TAO and alpha move only by emission, recycling and burning while root
//! stake comes and goes and dividends are claimed.

use parity_scale_codec::{Decode, Encode};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::coinbase;
use taonet_chain::ctx::subnet_account;
use taonet_chain::error::DispatchError;
use taonet_chain::event::{Event, Phase, SubtensorEvent};
use taonet_chain::items::*;
use taonet_chain::keys::{dev_account, Keypair};
use taonet_chain::root::claim;
use taonet_chain::storage::Storage;
use taonet_chain::{balances, staking};
use taonet_chain::{AccountId, BlockOutcome, Chain, Extrinsic, Genesis, NetUid, RAO_PER_TAO};
use taonet_chain::{InvalidTransaction, ROOT_NETUID};

const TAO: u64 = RAO_PER_TAO;
/// `TaoWeight`'s default as `U96F32` bits: ⌊971_718_665_099_567_868 · 2^32 / (2^64 − 1)⌋.
const TAU_BITS: i128 = 226_245_882;

fn key(name: &str) -> AccountId {
    Keypair::derive(4251, name).account_id()
}

fn alice() -> AccountId {
    dev_account("Alice").expect("Alice")
}

fn sub(c: SubtensorCall) -> Call {
    Call::SubtensorModule(c)
}

/// A chain driven one block at a time.
#[derive(Clone)]
struct Net {
    chain: Chain,
}

impl Net {
    fn s(&self) -> &Storage {
        self.chain.storage()
    }

    /// Builds one block from `(signer, call)` pairs (nonces in order); returns it.
    fn block(&mut self, calls: Vec<(AccountId, Call)>) -> BlockOutcome {
        let mut next: BTreeMap<AccountId, u32> = BTreeMap::new();
        let extrinsics = calls
            .into_iter()
            .map(|(signer, call)| {
                let nonce = next
                    .entry(signer)
                    .or_insert_with(|| self.chain.account_nonce(&signer));
                let ext = Extrinsic {
                    signer,
                    nonce: *nonce,
                    call,
                };
                *nonce += 1;
                ext
            })
            .collect();
        self.chain.build_block(extrinsics)
    }

    /// One call in its own block; its dispatch result.
    fn call(&mut self, who: AccountId, call: Call) -> (BlockOutcome, Result<(), DispatchError>) {
        let out = self.block(vec![(who, call)]);
        let result = out.receipts[0].outcome.expect("included");
        (out, result)
    }

    fn ok(&mut self, who: AccountId, call: Call) -> BlockOutcome {
        let (out, result) = self.call(who, call.clone());
        assert_eq!(result, Ok(()), "{call:?}");
        out
    }

    fn sudo(&mut self, call: Call) {
        self.ok(alice(), Call::sudo(call));
    }

    fn admin(&mut self, call: AdminCall) {
        self.sudo(Call::AdminUtils(call));
    }

    /// Empty blocks until `netuid`'s epoch has run; returns that block.
    fn next_epoch(&mut self, netuid: NetUid) -> BlockOutcome {
        for _ in 0..30 {
            let out = self.block(Vec::new());
            if out.coinbase.epochs.contains(&netuid) {
                return out;
            }
        }
        panic!("no epoch of {netuid} in 30 blocks");
    }
}

/// Everyone in the scenarios.
struct Cast {
    owners: [(AccountId, AccountId); 2],
    validators: [(AccountId, AccountId); 2],
    miner: (AccountId, AccountId),
    stakers: [AccountId; 3],
}

fn cast() -> &'static Cast {
    static CAST: OnceLock<Cast> = OnceLock::new();
    CAST.get_or_init(|| Cast {
        owners: [
            (key("owner-1"), key("owner-1-hot")),
            (key("owner-2"), key("owner-2-hot")),
        ],
        validators: [
            (key("validator-1"), key("validator-1-hot")),
            (key("validator-2"), key("validator-2-hot")),
        ],
        miner: (key("miner"), key("miner-hot")),
        stakers: [key("staker-1"), key("staker-2"), key("staker-3")],
    })
}

/// Subnets 1 and 2 with tempo 10 and no weights rate limit; subnet 1 has two validators (100 TAO of
/// alpha each) and a miner. `fast_ema[i]`: subnet i+1's price EMA follows its price within a few blocks
/// (`SubnetMovingAlpha` 0.5, halving period 1), so the EMAs soon add up to more than 1 and root
/// dividends are sold rather than recycled. Subnet 2 starts `delay` blocks after subnet 1.
fn two_subnets(fast_ema: bool, delay: u32) -> Net {
    let c = cast();
    let mut net = Net {
        chain: Chain::new(Genesis::devnet().expect("genesis")),
    };
    let mut funding = Vec::new();
    for (who, tao) in [
        (c.owners[0].0, 5_000),
        (c.owners[1].0, 5_000),
        (c.validators[0].0, 2_000),
        (c.validators[1].0, 2_000),
        (c.miner.0, 100),
        (c.stakers[0], 3_000),
        (c.stakers[1], 3_000),
        (c.stakers[2], 3_000),
    ] {
        funding.push((
            alice(),
            Call::Balances(BalancesCall::transfer_keep_alive {
                dest: MultiAddress::Id(who),
                value: (tao * TAO).into(),
            }),
        ));
    }
    net.block(funding);
    for (owner, hot) in c.owners {
        net.ok(owner, sub(SubtensorCall::register_network { hotkey: hot }));
    }
    for netuid in [1, 2] {
        net.admin(AdminCall::sudo_set_tempo { netuid, tempo: 10 });
        net.admin(AdminCall::sudo_set_weights_set_rate_limit {
            netuid,
            weights_set_rate_limit: 0,
        });
        if fast_ema {
            net.admin(AdminCall::sudo_set_ema_price_halving_period {
                netuid,
                ema_halving: 1,
            });
        }
    }
    if fast_ema {
        net.admin(AdminCall::sudo_set_subnet_moving_alpha {
            alpha: substrate_fixed::types::I96F32::from_num(0.5),
        });
    }
    net.ok(c.owners[0].0, sub(SubtensorCall::start_call { netuid: 1 }));
    for _ in 0..delay {
        net.block(Vec::new());
    }
    net.ok(c.owners[1].0, sub(SubtensorCall::start_call { netuid: 2 }));
    for (cold, hot) in [c.validators[0], c.validators[1], c.miner] {
        net.ok(
            cold,
            sub(SubtensorCall::burned_register {
                netuid: 1,
                hotkey: hot,
            }),
        );
    }
    for (cold, hot) in c.validators {
        net.ok(
            cold,
            sub(SubtensorCall::add_stake {
                hotkey: hot,
                netuid: 1,
                amount_staked: 100 * TAO,
            }),
        );
    }
    // A first epoch hands out validator permits.
    net.next_epoch(1);
    net
}

fn uid(net: &Net, netuid: NetUid, hotkey: &AccountId) -> u16 {
    Uids::try_get(net.s(), &netuid, hotkey).expect("registered")
}

/// Both validators of subnet 1 put all their weight on `target`.
fn weigh(net: &mut Net, target: u16) {
    let calls = cast()
        .validators
        .iter()
        .map(|(_, hot)| {
            (
                *hot,
                sub(SubtensorCall::set_weights {
                    netuid: 1,
                    dests: vec![target],
                    weights: vec![1],
                    version_key: 0,
                }),
            )
        })
        .collect();
    let out = net.block(calls);
    for r in &out.receipts {
        assert_eq!(r.outcome, Ok(Ok(())), "{:?}", r.extrinsic.call);
    }
}

fn root_stake(net: &mut Net, cold: AccountId, hot: AccountId, tao: u64) {
    net.ok(
        cold,
        sub(SubtensorCall::add_stake {
            hotkey: hot,
            netuid: ROOT_NETUID,
            amount_staked: tao * TAO,
        }),
    );
}

fn no_auto_claim(net: &mut Net) {
    net.sudo(sub(SubtensorCall::sudo_set_num_root_claims {
        new_value: 0,
    }));
}

#[test]
fn root_stake_counts_in_stake_weights_permits_and_dividends() {
    let c = cast();
    let (v1, v2, miner) = (c.validators[0].1, c.validators[1].1, c.miner.1);
    let mut net = two_subnets(true, 0);
    no_auto_claim(&mut net);
    // A neuron that never earns: no alpha stake, no weights, no incentive.
    let idle = key("idle-hot");
    net.ok(
        c.stakers[2],
        sub(SubtensorCall::burned_register {
            netuid: 1,
            hotkey: idle,
        }),
    );
    let (miner_uid, idle_uid) = (uid(&net, 1, &miner), uid(&net, 1, &idle));
    for _ in 0..3 {
        weigh(&mut net, miner_uid);
        net.next_epoch(1);
    }
    assert!(!ValidatorPermit::get(net.s(), &1)[usize::from(idle_uid)]);

    // 1000 TAO of root stake on validator 2, 50 TAO on the idle neuron.
    root_stake(&mut net, c.stakers[0], v2, 1_000);
    root_stake(&mut net, c.stakers[1], idle, 50);
    // The epoch weighs each UID by alpha + TaoWeight · root, kept in I64F64:
    // bits = alpha · 2^64 + root · 226_245_882 · 2^32.
    let block = u64::from(net.chain.best_number()) + 1;
    let (_, hotkeys, stake) = coinbase::epoch_input_with_stake(net.s(), 1, block, 0);
    for (hotkey, weight) in hotkeys.iter().zip(&stake) {
        let alpha = i128::from(TotalHotkeyAlpha::get(net.s(), hotkey, &1));
        let root = i128::from(TotalHotkeyAlpha::get(net.s(), hotkey, &ROOT_NETUID));
        assert_eq!(weight.to_bits(), (alpha << 64) + ((root * TAU_BITS) << 32));
    }
    assert_eq!(
        stake[usize::from(idle_uid)].to_bits(),
        (50 * i128::from(TAO) * TAU_BITS) << 32,
        "the idle neuron weighs 50 TAO · τ ≈ 2.63 TAO"
    );

    for _ in 0..4 {
        weigh(&mut net, miner_uid);
        net.next_epoch(1);
    }
    let s = net.s();
    // Root stake alone earns the idle neuron a validator permit.
    assert!(ValidatorPermit::get(s, &1)[usize::from(idle_uid)]);
    // Validator 2 now carries more stake weight and more of the epoch's dividends than validator 1.
    let (u1, u2) = (
        usize::from(uid(&net, 1, &v1)),
        usize::from(uid(&net, 1, &v2)),
    );
    let (weights, dividends) = (StakeWeight::get(s, &1), Dividends::get(s, &1));
    assert!(weights[u2] > weights[u1], "{weights:?}");
    assert!(dividends[u2] > dividends[u1], "{dividends:?}");
    // Its dividend's root part is paid from the root pool and made claimable by its root stakers;
    // validator 1, without root stake, gets none.
    assert!(RootAlphaDividendsPerSubnet::get(s, &1, &v2) > 0);
    assert_eq!(RootAlphaDividendsPerSubnet::get(s, &1, &v1), 0);
    assert!(claim::rate(s, &v2, 1).to_bits() > 0);
    assert!(claim::owed(s, &v2, &c.stakers[0], 1) > 0);

    // The runtime APIs report the same weights: subnet 1's state, and root's once validator 2 joins
    // root (there alpha and TAO are both the root stake, and the total is root · (1 + τ)).
    net.ok(
        c.validators[1].0,
        sub(SubtensorCall::root_register { hotkey: v2 }),
    );
    let state = |net: &Net, netuid: NetUid| -> taonet_chain::rpc_info::SubnetState {
        let bytes = taonet_chain::runtime_api::call(
            &net.chain,
            "SubnetInfoRuntimeApi_get_subnet_state",
            &netuid.encode(),
        )
        .expect("answered");
        Option::<taonet_chain::rpc_info::SubnetState>::decode(&mut &bytes[..])
            .expect("decodes")
            .expect("exists")
    };
    let s = net.s();
    let root = TotalHotkeyAlpha::get(s, &v2, &ROOT_NETUID);
    let alpha = TotalHotkeyAlpha::get(s, &v2, &1);
    let weighted = |a: u64, t: u64| {
        u64::try_from(((i128::from(a) << 32) + i128::from(t) * TAU_BITS) >> 32).expect("u64")
    };
    let sub1 = state(&net, 1);
    let i = u2;
    assert_eq!(
        (
            sub1.alpha_stake[i].0,
            sub1.tao_stake[i].0,
            sub1.total_stake[i].0
        ),
        (alpha, root, weighted(alpha, root))
    );
    let r = state(&net, ROOT_NETUID);
    let j = r.hotkeys.iter().position(|h| *h == v2).expect("on root");
    assert_eq!(
        (r.alpha_stake[j].0, r.tao_stake[j].0, r.total_stake[j].0),
        (root, root, weighted(root, root))
    );
}

#[test]
fn root_stakers_claim_their_dividends_as_alpha_or_as_root_stake() {
    let c = cast();
    let (v1, miner) = (c.validators[0].1, c.miner.1);
    let (keeper, swapper) = (c.stakers[0], c.stakers[1]);
    let mut net = two_subnets(true, 0);
    no_auto_claim(&mut net);
    net.ok(
        keeper,
        sub(SubtensorCall::set_root_claim_type {
            new_root_claim_type: RootClaimTypeEnum::Keep,
        }),
    );
    // Both stake in the same block, so they hold the same rate history.
    let stake = |tao: u64| {
        sub(SubtensorCall::add_stake {
            hotkey: v1,
            netuid: ROOT_NETUID,
            amount_staked: tao * TAO,
        })
    };
    net.block(vec![(keeper, stake(500)), (swapper, stake(1_500))]);
    let miner_uid = uid(&net, 1, &miner);
    for _ in 0..4 {
        weigh(&mut net, miner_uid);
        net.next_epoch(1);
    }
    // Right after an epoch the next block runs none on subnet 1, so what is owed now is what a claim in
    // that block pays: rate × root stake, less what was claimed.
    let s = net.s();
    let owed_keeper = claim::owed(s, &v1, &keeper, 1);
    let owed_swapper = claim::owed(s, &v1, &swapper, 1);
    assert!(owed_keeper > 500_000 && owed_swapper >= 3 * owed_keeper);
    let rate = claim::rate(s, &v1, 1);
    let keeper_root = staking::stake(s, &v1, &keeper, ROOT_NETUID);
    assert_eq!(
        owed_keeper,
        (rate * substrate_fixed::types::I96F32::from_num(keeper_root)).saturating_to_num::<u64>()
    );

    let (alpha_before, pool_before) = (
        staking::stake(s, &v1, &keeper, 1),
        TotalHotkeyAlpha::get(s, &v1, &1),
    );
    let out = net.ok(
        keeper,
        sub(SubtensorCall::claim_root {
            subnets: [1].into(),
        }),
    );
    let s = net.s();
    // The alpha joins validator 1's pool on subnet 1; the keeper's share of it is worth the claim, less
    // at most a rao of share rounding.
    assert_eq!(TotalHotkeyAlpha::get(s, &v1, &1) - pool_before, owed_keeper);
    let gained = staking::stake(s, &v1, &keeper, 1) - alpha_before;
    assert!(
        gained <= owed_keeper && gained + 1 >= owed_keeper,
        "{gained}"
    );
    assert_eq!(
        u128::from(owed_keeper),
        RootClaimed::get(s, &1, &v1, &keeper)
    );
    assert_eq!(claim::owed(s, &v1, &keeper, 1), 0);
    assert!(out.events.iter().any(
        |r| r.event == Event::SubtensorModule(SubtensorEvent::RootClaimed { coldkey: keeper })
    ));

    // The swapper's alpha is sold fee-free on subnet 1 and the TAO staked on root.
    let (root_before, root_tao_before, root_account_before) = (
        staking::stake(s, &v1, &swapper, ROOT_NETUID),
        SubnetTAO::get(s, &ROOT_NETUID),
        balances::free_balance(s, &subnet_account(ROOT_NETUID)),
    );
    let owed_swapper = claim::owed(s, &v1, &swapper, 1);
    net.ok(
        swapper,
        sub(SubtensorCall::claim_root {
            subnets: [1].into(),
        }),
    );
    let s = net.s();
    let gained = staking::stake(s, &v1, &swapper, ROOT_NETUID) - root_before;
    // A sale executes above the price it leaves behind.
    let floor = taonet_chain::pool::tao_for_alpha_at_spot(s, 1, owed_swapper);
    assert!(
        gained > floor,
        "{gained} TAO for {owed_swapper} alpha (now worth {floor})"
    );
    assert_eq!(SubnetTAO::get(s, &ROOT_NETUID) - root_tao_before, gained);
    assert_eq!(
        balances::free_balance(s, &subnet_account(ROOT_NETUID)) - root_account_before,
        gained
    );
    assert_eq!(
        SubnetAlphaOut::get(s, &ROOT_NETUID),
        SubnetTAO::get(s, &ROOT_NETUID)
    );
    assert!(claim::owed(s, &v1, &swapper, 1) <= 1);

    // Auto-claim: with `NumRootClaim` back at 5, the next epoch's dividends are claimed without a call,
    // in the initialisation of blocks whose parent hash draws the coldkey's index.
    net.sudo(sub(SubtensorCall::sudo_set_num_root_claims {
        new_value: 5,
    }));
    let claimed_before = RootClaimed::get(net.s(), &1, &v1, &keeper);
    weigh(&mut net, miner_uid);
    let mut out = net.next_epoch(1);
    let mut auto: Vec<AccountId> = Vec::new();
    for _ in 0..10 {
        auto.extend(
            out.events
                .iter()
                .filter_map(|r| match (&r.phase, &r.event) {
                    (
                        Phase::Initialization,
                        Event::SubtensorModule(SubtensorEvent::RootClaimed { coldkey }),
                    ) => Some(*coldkey),
                    _ => None,
                }),
        );
        if auto.contains(&keeper) && auto.contains(&swapper) {
            break;
        }
        out = net.block(Vec::new());
    }
    assert!(
        auto.contains(&keeper) && auto.contains(&swapper),
        "{auto:?}"
    );
    assert!(RootClaimed::get(net.s(), &1, &v1, &keeper) > claimed_before);
    assert_eq!(claim::owed(net.s(), &v1, &keeper, 1), 0);
}

#[test]
fn a_subnet_whose_price_ema_rises_gains_emission_share() {
    // Subnet 2 starts 10 blocks after subnet 1; both pools trade at 1 TAO per alpha or more, so their
    // EMAs differ only by age (warm-up b/(b + 201 600)), and the younger one catches up.
    let mut net = two_subnets(false, 10);
    let ema = |s: &Storage, n: NetUid| {
        substrate_fixed::types::I96F32::from_bits(SubnetMovingPrice::get(s, &n)).to_num::<f64>()
    };
    let tao =
        |s: &Storage, n: NetUid| SubnetExcessTao::get(s, &n) + SubnetTaoInEmission::get(s, &n);
    let mut last_share = 0.0;
    for step in 0..8 {
        for _ in 0..4 {
            net.block(Vec::new());
        }
        // Shares of this block follow the EMAs stored by the last one.
        let (e1, e2) = (ema(net.s(), 1), ema(net.s(), 2));
        net.block(Vec::new());
        let s = net.s();
        let (t1, t2) = (tao(s, 1), tao(s, 2));
        assert!(t1 + t2 <= TAO && t1 + t2 + 2 >= TAO, "{t1} + {t2}");
        let want = TAO as f64 * e2 / (e1 + e2);
        assert!((t2 as f64 - want).abs() <= 2.0, "{t2} vs {want}");
        let share = t2 as f64 / TAO as f64;
        assert!(
            e2 < e1 && share > last_share,
            "step {step}: {share} after {last_share} (EMAs {e1}, {e2}; {t1} + {t2})"
        );
        last_share = share;
    }
}

#[test]
fn the_owners_miner_incentive_is_burned_and_costs_the_subnet_its_emission() {
    let c = cast();
    let (owner, owner_hot) = c.owners[0];
    let mut net = two_subnets(true, 0);
    // The validators weight only the owner's own UID 0.
    weigh(&mut net, 0);
    net.next_epoch(1);
    weigh(&mut net, 0);
    // The epoch block: the owner's hotkey gains only the owner cut (what was pending, plus this block's
    // ⌊alpha_out · 773_074_452 / 2^32⌋); its miner incentive is burned.
    let (pending_cut, stake_before) = loop {
        let before = (
            PendingOwnerCut::get(net.s(), &1),
            staking::stake(net.s(), &owner_hot, &owner, 1),
        );
        if net.block(Vec::new()).coinbase.epochs.contains(&1) {
            break before;
        }
    };
    let s = net.s();
    let alpha_out = u128::from(SubnetAlphaOutEmission::get(s, &1));
    let cut = u64::try_from((alpha_out * 773_074_452) >> 32).expect("u64");
    assert_eq!(
        staking::stake(s, &owner_hot, &owner, 1) - stake_before,
        pending_cut + cut
    );
    assert!(Incentive::get(s, &1)[0] > 0);
    assert_eq!(MinerBurned::get(s, &1), 1 << 32, "all of it was withheld");

    // From the next block subnet 1's weight is 0: subnet 2 takes the whole block's TAO.
    net.block(Vec::new());
    let s = net.s();
    assert_eq!(
        SubnetExcessTao::get(s, &1) + SubnetTaoInEmission::get(s, &1),
        0
    );
    assert_eq!(
        SubnetExcessTao::get(s, &2) + SubnetTaoInEmission::get(s, &2),
        TAO
    );

    // Weighting the miner again gives subnet 1 its share back after the next epoch.
    let miner_uid = uid(&net, 1, &c.miner.1);
    weigh(&mut net, miner_uid);
    net.next_epoch(1);
    assert_eq!(MinerBurned::get(net.s(), &1), 0);
    net.block(Vec::new());
    let s = net.s();
    assert!(SubnetExcessTao::get(s, &1) + SubnetTaoInEmission::get(s, &1) > 0);
}

#[test]
fn after_recycle_or_burn_is_set_to_recycle_the_withheld_incentive_leaves_alpha_issuance() {
    let c = cast();
    let (owner, owner_hot) = c.owners[0];
    let mut net = two_subnets(true, 0);
    weigh(&mut net, 0);
    net.next_epoch(1);
    weigh(&mut net, 0);
    // Two copies of the same chain; the owner sets Burn on one and Recycle on the other (the same
    // call and length, so both chains pay the same fee and stay in step).
    let set = |recycle_or_burn| {
        Call::AdminUtils(AdminCall::sudo_set_recycle_or_burn {
            netuid: 1,
            recycle_or_burn,
        })
    };
    let mut burn = net.clone();
    let mut recycle = net;
    burn.ok(owner, set(RecycleOrBurnEnum::Burn));
    recycle.ok(owner, set(RecycleOrBurnEnum::Recycle));
    assert_eq!(
        RecycleOrBurn::get(recycle.s(), &1),
        RecycleOrBurnEnum::Recycle
    );
    // The owner's change is rate limited like any owner hyperparameter: once per 2 tempos.
    let (_, again) = recycle.call(owner, set(RecycleOrBurnEnum::Recycle));
    assert_eq!(
        again.map_err(|e| e.name()),
        Err("SubtensorModule.TxRateLimitExceeded".to_string())
    );
    let (_, again_burn) = burn.call(owner, set(RecycleOrBurnEnum::Burn));
    assert_eq!(again_burn, again);
    let (b, r) = (burn.next_epoch(1), recycle.next_epoch(1));
    assert_eq!(b.header.number, r.header.number);

    // The validators weighted only the owner's UID 0: all of the epoch's incentive was the owner's,
    // withheld in both chains and counted as withheld in both.
    for chain in [&burn, &recycle] {
        let s = chain.s();
        assert_eq!(Incentive::get(s, &1)[0], u16::MAX);
        assert_eq!(
            Dividends::get(s, &1)[0],
            0,
            "the owner's UID earns no dividends"
        );
        assert_eq!(MinerBurned::get(s, &1), 1 << 32, "all of it was withheld");
    }
    // Nobody's stake differs; only alpha issuance does: recycling took the owner UID's whole epoch
    // emission (its incentive, as it earns no dividends) out of `SubnetAlphaOut`, burning left it in.
    let (sb, sr) = (burn.s(), recycle.s());
    let withheld = Emission::get(sr, &1)[0];
    assert!(withheld > 0);
    assert_eq!(Emission::get(sb, &1)[0], withheld);
    assert_eq!(
        SubnetAlphaOut::get(sr, &1),
        SubnetAlphaOut::get(sb, &1) - withheld
    );
    assert_eq!(SubnetAlphaIn::get(sr, &1), SubnetAlphaIn::get(sb, &1));
    for hotkey in [owner_hot, c.validators[0].1, c.validators[1].1, c.miner.1] {
        assert_eq!(
            TotalHotkeyAlpha::get(sr, &hotkey, &1),
            TotalHotkeyAlpha::get(sb, &hotkey, &1)
        );
    }
    // The withheld share still costs the subnet its emission share from the next block.
    recycle.block(Vec::new());
    let s = recycle.s();
    assert_eq!(
        SubnetExcessTao::get(s, &1) + SubnetTaoInEmission::get(s, &1),
        0
    );
    assert_eq!(
        SubnetExcessTao::get(s, &2) + SubnetTaoInEmission::get(s, &2),
        TAO
    );
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

/// One random operation.
#[derive(Clone, Debug)]
enum Op {
    /// `stakers[who]` stakes `tao` TAO on root through validator `hot`.
    RootStake { who: usize, hot: usize, tao: u64 },
    /// `stakers[who]` unstakes `per_mille` of its root stake through validator `hot`.
    RootUnstake {
        who: usize,
        hot: usize,
        per_mille: u16,
    },
    /// `stakers[who]` stakes `tao` TAO on subnet 1 through validator `hot`.
    SubnetStake { who: usize, hot: usize, tao: u64 },
    /// `stakers[who]` claims on the given subnets.
    Claim { who: usize, subnets: Vec<NetUid> },
    /// `stakers[who]` sets its claim type (0 Swap, 1 Keep, 2 KeepSubnets {1}).
    ClaimType { who: usize, kind: u8 },
    /// The validators weigh the miner.
    Weigh,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize, 0..2usize, 1..400u64).prop_map(|(who, hot, tao)| Op::RootStake { who, hot, tao }),
        2 => (0..3usize, 0..2usize, 1..=1000u16)
            .prop_map(|(who, hot, per_mille)| Op::RootUnstake { who, hot, per_mille }),
        1 => (0..3usize, 0..2usize, 1..50u64).prop_map(|(who, hot, tao)| Op::SubnetStake { who, hot, tao }),
        2 => (0..3usize, prop::collection::vec(1..=2u16, 1..3))
            .prop_map(|(who, subnets)| Op::Claim { who, subnets }),
        1 => (0..3usize, 0..3u8).prop_map(|(who, kind)| Op::ClaimType { who, kind }),
        2 => Just(Op::Weigh),
    ]
}

fn to_call(s: &Storage, op: &Op) -> (AccountId, Call) {
    let c = cast();
    match op {
        Op::RootStake { who, hot, tao } => (
            c.stakers[*who],
            sub(SubtensorCall::add_stake {
                hotkey: c.validators[*hot].1,
                netuid: ROOT_NETUID,
                amount_staked: tao * TAO,
            }),
        ),
        Op::RootUnstake {
            who,
            hot,
            per_mille,
        } => {
            let (cold, hotkey) = (c.stakers[*who], c.validators[*hot].1);
            let have = staking::stake(s, &hotkey, &cold, ROOT_NETUID);
            (
                cold,
                sub(SubtensorCall::remove_stake {
                    hotkey,
                    netuid: ROOT_NETUID,
                    amount_unstaked: have / 1000 * u64::from(*per_mille),
                }),
            )
        }
        Op::SubnetStake { who, hot, tao } => (
            c.stakers[*who],
            sub(SubtensorCall::add_stake {
                hotkey: c.validators[*hot].1,
                netuid: 1,
                amount_staked: tao * TAO,
            }),
        ),
        Op::Claim { who, subnets } => (
            c.stakers[*who],
            sub(SubtensorCall::claim_root {
                subnets: subnets.iter().copied().collect(),
            }),
        ),
        Op::ClaimType { who, kind } => (
            c.stakers[*who],
            sub(SubtensorCall::set_root_claim_type {
                new_root_claim_type: match kind {
                    0 => RootClaimTypeEnum::Swap,
                    1 => RootClaimTypeEnum::Keep,
                    _ => RootClaimTypeEnum::KeepSubnets {
                        subnets: [1].into(),
                    },
                },
            }),
        ),
        Op::Weigh => {
            let miner_uid = Uids::get(s, &1, &c.miner.1);
            (
                c.validators[0].1,
                sub(SubtensorCall::set_weights {
                    netuid: 1,
                    dests: vec![miner_uid],
                    weights: vec![1],
                    version_key: 0,
                }),
            )
        }
    }
}

/// The state the property compares block to block.
#[derive(Clone, Debug, Default)]
struct Snap {
    balances_issuance: u64,
    subtensor_issuance: u64,
    /// Per subnet: outstanding alpha not staked, pending or the protocol's, less the root dividends
    /// still owed (as fixed-point, summed over every root position).
    unbacked: BTreeMap<NetUid, f64>,
}

fn check(cond: bool, msg: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if cond {
        Ok(())
    } else {
        Err(TestCaseError::fail(msg()))
    }
}

/// Root positions: every (hotkey, coldkey) with root stake.
fn root_positions(s: &Storage) -> Vec<(AccountId, AccountId)> {
    let mut out = Vec::new();
    for (hotkey, netuid, _) in TotalHotkeyAlpha::iter(s) {
        if netuid != ROOT_NETUID {
            continue;
        }
        for (coldkey, n, _) in Alpha::iter_prefix(s, &hotkey) {
            if n == ROOT_NETUID {
                out.push((hotkey, coldkey));
            }
        }
    }
    out
}

fn snapshot(s: &Storage) -> Result<Snap, TestCaseError> {
    let mut snap = Snap {
        balances_issuance: TotalIssuance::get(s),
        subtensor_issuance: SubtensorTotalIssuance::get(s),
        ..Snap::default()
    };
    let positions = root_positions(s);
    let mut staked: BTreeMap<NetUid, u128> = BTreeMap::new();
    for (_, netuid, value) in TotalHotkeyAlpha::iter(s) {
        *staked.entry(netuid).or_default() += u128::from(value);
    }
    for netuid in [1u16, 2] {
        let accounted = staked.get(&netuid).copied().unwrap_or(0)
            + u128::from(PendingServerEmission::get(s, &netuid))
            + u128::from(PendingValidatorEmission::get(s, &netuid))
            + u128::from(PendingRootAlphaDivs::get(s, &netuid))
            + u128::from(PendingOwnerCut::get(s, &netuid))
            + u128::from(SubnetProtocolAlpha::get(s, &netuid));
        let out = u128::from(SubnetAlphaOut::get(s, &netuid));
        check(out >= accounted, || {
            format!("subnet {netuid}: SubnetAlphaOut {out} < accounted {accounted}")
        })?;
        let owed: f64 = positions
            .iter()
            .map(|(h, c)| claim::owed_float(s, h, c, netuid).to_num::<f64>())
            .sum();
        let unbacked = (out - accounted) as f64 - owed;
        // Every owed root dividend is backed by outstanding alpha (up to a rao per position).
        check(unbacked >= -(positions.len() as f64) - 1.0, || {
            format!(
                "subnet {netuid}: {owed} owed but only {} unaccounted",
                out - accounted
            )
        })?;
        snap.unbacked.insert(netuid, unbacked);
    }
    // Root is 1:1: its pool TAO, its account, its outstanding alpha and its stakes are one amount.
    let root_staked: u128 = TotalHotkeyAlpha::iter(s)
        .iter()
        .filter(|(_, n, _)| *n == ROOT_NETUID)
        .map(|(_, _, v)| u128::from(*v))
        .sum();
    let root_tao = SubnetTAO::get(s, &ROOT_NETUID);
    check(
        u128::from(root_tao) == root_staked
            && SubnetAlphaOut::get(s, &ROOT_NETUID) == root_tao
            && balances::free_balance(s, &subnet_account(ROOT_NETUID)) == root_tao,
        || {
            format!(
                "root: SubnetTAO {root_tao}, stakes {root_staked}, alpha out {}, account {}",
                SubnetAlphaOut::get(s, &ROOT_NETUID),
                balances::free_balance(s, &subnet_account(ROOT_NETUID))
            )
        },
    )?;
    Ok(snap)
}

/// Applies one block of `ops` and checks the invariants against `prev`.
fn step(net: &mut Net, prev: &Snap, ops: &[Op]) -> Result<(Snap, usize), TestCaseError> {
    let calls: Vec<(AccountId, Call)> = ops.iter().map(|o| to_call(net.s(), o)).collect();
    let out = net.block(calls);
    for r in &out.receipts {
        check(
            !matches!(r.outcome, Err(InvalidTransaction::Payment)),
            || format!("cannot pay: {r:?}"),
        )?;
    }
    let s = net.s();
    let block = out.header.number;
    // TAO: balances add up, and issuance moves only by what the coinbase minted.
    let free: u128 = Account::iter(s)
        .iter()
        .map(|(_, a)| u128::from(a.data.free))
        .sum();
    let minted = out.coinbase.tao_minted;
    check(u128::from(TotalIssuance::get(s)) == free, || {
        format!("block {block}: TotalIssuance != Σ free")
    })?;
    check(
        TotalIssuance::get(s) == prev.balances_issuance + minted
            && SubtensorTotalIssuance::get(s) == prev.subtensor_issuance + minted
            && minted + out.coinbase.tao_recycled == BlockEmission::get(s),
        || format!("block {block}: TAO issuance moved by other than the {minted} minted"),
    )?;
    let snap = snapshot(s)?;
    // Alpha: what is outstanding beyond stakes, pools and owed dividends only grows (burns, recycling
    // dust, forfeited dividends), but for the fraction of a rao each root stake change leaves.
    let changes = ops
        .iter()
        .filter(|o| matches!(o, Op::RootStake { .. } | Op::Claim { .. }))
        .count();
    for netuid in [1u16, 2] {
        let (before, after) = (prev.unbacked[&netuid], snap.unbacked[&netuid]);
        check(after >= before - 2.0 * (changes as f64 + 1.0), || {
            format!("block {block}: subnet {netuid}: unbacked alpha fell {before} -> {after}")
        })?;
    }
    let claims = out
        .events
        .iter()
        .filter(|r| {
            matches!(
                r.event,
                Event::SubtensorModule(SubtensorEvent::RootClaimed { .. })
            )
        })
        .count();
    Ok((snap, claims))
}

/// The starting chain: two subnets with fast EMAs (root dividends are sold), the validators weighting
/// the miner, some root stake from each staker, and epochs run. Built once and cloned.
fn base() -> &'static Net {
    static BASE: OnceLock<Net> = OnceLock::new();
    BASE.get_or_init(|| {
        let c = cast();
        let mut net = two_subnets(true, 0);
        let miner_uid = uid(&net, 1, &c.miner.1);
        for (i, who) in c.stakers.iter().enumerate() {
            root_stake(&mut net, *who, c.validators[i % 2].1, 100);
        }
        for _ in 0..3 {
            weigh(&mut net, miner_uid);
            net.next_epoch(1);
        }
        net
    })
}

#[test]
fn value_is_conserved_with_root_stake_and_claims_in_play() {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 12;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x0425_c1a1);
    }
    config.failure_persistence = None;
    config.max_shrink_iters = 500;
    let mut runner = TestRunner::new(config);
    let claims_seen = std::cell::Cell::new(0usize);
    let strategy = prop::collection::vec(prop::collection::vec(op(), 0..4), 20..45);
    let result = runner.run(&strategy, |blocks| {
        let mut net = base().clone();
        let mut snap = snapshot(net.s())?;
        for ops in &blocks {
            let (next, claims) = step(&mut net, &snap, ops)?;
            claims_seen.set(claims_seen.get() + claims);
            snap = next;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(claims_seen.get() > 0, "the runs claimed nothing");
}

//! Every setter through `Sudo.sudo` on a real chain (table-driven: set, read the item back), then the
//! owner origin, its rate limits, the freeze window and the bounds, each with subtensor's error name.

use super::*;
use crate::call::{BalancesCall, Call, MultiAddress, SubtensorCall};
use crate::event::{Phase, SudoEvent};
use crate::keys::{dev_account, Keypair};
use crate::storage::Storage;
use crate::types::RAO_PER_TAO;
use crate::{Chain, Genesis};
use parity_scale_codec::Compact;
use substrate_fixed::types::{I96F32, U64F64};

fn key(name: &str) -> AccountId {
    Keypair::derive(19, name).account_id()
}

use crate::ctx::apply_in_own_block as apply;

/// Dispatches `call` through `Sudo.sudo` signed by Alice; returns the inner call's result.
fn sudo(chain: &mut Chain, call: AdminCall) -> Result<(), DispatchError> {
    let alice = dev_account("Alice").expect("alice");
    let (outer, events) = apply(chain, alice, Call::sudo(Call::AdminUtils(call)));
    assert_eq!(outer, Ok(()), "Sudo.sudo itself failed");
    events
        .iter()
        .find_map(|r| match &r.event {
            Event::Sudo(SudoEvent::Sudid { sudo_result }) => Some(*sudo_result),
            _ => None,
        })
        .expect("a Sudid event")
}

/// A chain with subnet 1 registered by `owner` (hotkey `owner-hot`, UID 0).
fn chain_with_subnet() -> (Chain, AccountId) {
    let mut chain = Chain::new(Genesis::devnet().expect("genesis"));
    let alice = dev_account("Alice").expect("alice");
    let owner = key("owner");
    let fund = Call::Balances(BalancesCall::transfer_keep_alive {
        dest: MultiAddress::Id(owner),
        value: Compact(5_000 * RAO_PER_TAO),
    });
    assert_eq!(apply(&mut chain, alice, fund).0, Ok(()));
    let register = Call::SubtensorModule(SubtensorCall::register_network {
        hotkey: key("owner-hot"),
    });
    assert_eq!(apply(&mut chain, owner, register).0, Ok(()));
    (chain, owner)
}

type Read = fn(&Storage) -> i128;

/// `(call, how to read its item, the value it must read afterwards)`; every value differs from the
/// item's value on a fresh subnet.
fn setter_table() -> Vec<(AdminCall, Read, i128)> {
    use AdminCall::*;
    let n = 1;
    vec![
        (
            sudo_set_default_take {
                default_take: 10_000,
            },
            |s| MaxDelegateTake::get(s).into(),
            10_000,
        ),
        (
            sudo_set_serving_rate_limit {
                netuid: n,
                serving_rate_limit: 7,
            },
            |s| ServingRateLimit::get(s, &1).into(),
            7,
        ),
        (
            sudo_set_min_difficulty {
                netuid: n,
                min_difficulty: 11,
            },
            |s| MinDifficulty::get(s, &1).into(),
            11,
        ),
        (
            sudo_set_max_difficulty {
                netuid: n,
                max_difficulty: 12,
            },
            |s| MaxDifficulty::get(s, &1).into(),
            12,
        ),
        (
            sudo_set_weights_version_key {
                netuid: n,
                weights_version_key: 13,
            },
            |s| WeightsVersionKey::get(s, &1).into(),
            13,
        ),
        (
            sudo_set_weights_set_rate_limit {
                netuid: n,
                weights_set_rate_limit: 14,
            },
            |s| WeightsSetRateLimit::get(s, &1).into(),
            14,
        ),
        (
            sudo_set_adjustment_interval {
                netuid: n,
                adjustment_interval: 15,
            },
            |s| AdjustmentInterval::get(s, &1).into(),
            15,
        ),
        (
            sudo_set_adjustment_alpha {
                netuid: n,
                adjustment_alpha: 16,
            },
            |s| AdjustmentAlpha::get(s, &1).into(),
            16,
        ),
        (
            sudo_set_immunity_period {
                netuid: n,
                immunity_period: 17,
            },
            |s| ImmunityPeriod::get(s, &1).into(),
            17,
        ),
        (
            sudo_set_min_allowed_weights {
                netuid: n,
                min_allowed_weights: 18,
            },
            |s| MinAllowedWeights::get(s, &1).into(),
            18,
        ),
        (
            sudo_set_max_allowed_uids {
                netuid: n,
                max_allowed_uids: 300,
            },
            |s| MaxAllowedUids::get(s, &1).into(),
            300,
        ),
        (
            sudo_set_kappa {
                netuid: n,
                kappa: 19,
            },
            |s| Kappa::get(s, &1).into(),
            19,
        ),
        (
            sudo_set_rho { netuid: n, rho: 20 },
            |s| Rho::get(s, &1).into(),
            20,
        ),
        // The deprecated map (default 5000), as subtensor main.
        (
            sudo_set_activity_cutoff {
                netuid: n,
                activity_cutoff: 360,
            },
            |s| ActivityCutoff::get(s, &1).into(),
            360,
        ),
        (
            sudo_set_tx_rate_limit { tx_rate_limit: 17 },
            |s| TxRateLimit::get(s).into(),
            17,
        ),
        (
            sudo_set_nominator_min_required_stake { min_stake: 18 },
            |s| NominatorMinRequiredStake::get(s).into(),
            18,
        ),
        (
            sudo_set_owner_cut_enabled {
                netuid: n,
                enabled: false,
            },
            |s| i128::from(OwnerCutEnabled::get(s, &1)),
            0,
        ),
        (
            sudo_set_network_registration_allowed {
                netuid: n,
                registration_allowed: false,
            },
            |s| i128::from(NetworkRegistrationAllowed::get(s, &1)),
            0,
        ),
        (
            sudo_set_network_pow_registration_allowed {
                netuid: n,
                registration_allowed: true,
            },
            |s| i128::from(NetworkPowRegistrationAllowed::get(s, &1)),
            1,
        ),
        (
            sudo_set_target_registrations_per_interval {
                netuid: n,
                target_registrations_per_interval: 21,
            },
            |s| TargetRegistrationsPerInterval::get(s, &1).into(),
            21,
        ),
        (
            sudo_set_min_burn {
                netuid: n,
                min_burn: 22,
            },
            |s| MinBurn::get(s, &1).into(),
            22,
        ),
        (
            sudo_set_max_burn {
                netuid: n,
                max_burn: 200_000_000,
            },
            |s| MaxBurn::get(s, &1).into(),
            200_000_000,
        ),
        (
            sudo_set_difficulty {
                netuid: n,
                difficulty: 23,
            },
            |s| Difficulty::get(s, &1).into(),
            23,
        ),
        (
            sudo_set_max_allowed_validators {
                netuid: n,
                max_allowed_validators: 24,
            },
            |s| MaxAllowedValidators::get(s, &1).into(),
            24,
        ),
        (
            sudo_set_bonds_moving_average {
                netuid: n,
                bonds_moving_average: 990_000,
            },
            |s| BondsMovingAverage::get(s, &1).into(),
            990_000,
        ),
        (
            sudo_set_bonds_penalty {
                netuid: n,
                bonds_penalty: 25,
            },
            |s| BondsPenalty::get(s, &1).into(),
            25,
        ),
        (
            sudo_set_max_registrations_per_block {
                netuid: n,
                max_registrations_per_block: 26,
            },
            |s| MaxRegistrationsPerBlock::get(s, &1).into(),
            26,
        ),
        (
            sudo_set_subnet_owner_cut {
                subnet_owner_cut: 27,
            },
            |s| SubnetOwnerCut::get(s).into(),
            27,
        ),
        (
            sudo_set_network_rate_limit { rate_limit: 28 },
            |s| NetworkRateLimit::get(s).into(),
            28,
        ),
        (
            sudo_set_tempo {
                netuid: n,
                tempo: 29,
            },
            |s| Tempo::get(s, &1).into(),
            29,
        ),
        (
            sudo_set_network_immunity_period {
                immunity_period: 129,
            },
            |s| NetworkImmunityPeriod::get(s).into(),
            129,
        ),
        (
            sudo_set_network_min_lock_cost { lock_cost: 30 },
            |s| NetworkMinLockCost::get(s).into(),
            30,
        ),
        (
            sudo_set_subnet_limit { max_subnets: 31 },
            |s| SubnetLimit::get(s).into(),
            31,
        ),
        (
            sudo_set_lock_reduction_interval { interval: 32 },
            |s| NetworkLockReductionInterval::get(s).into(),
            32,
        ),
        (
            sudo_set_rao_recycled {
                netuid: n,
                rao_recycled: 33,
            },
            |s| RAORecycledForRegistration::get(s, &1).into(),
            33,
        ),
        (
            sudo_set_stake_threshold { min_stake: 34 },
            |s| StakeThreshold::get(s).into(),
            34,
        ),
        (
            sudo_set_tx_delegate_take_rate_limit { tx_rate_limit: 35 },
            |s| TxDelegateTakeRateLimit::get(s).into(),
            35,
        ),
        (
            sudo_set_min_delegate_take { take: 36 },
            |s| MinDelegateTake::get(s).into(),
            36,
        ),
        (
            sudo_set_commit_reveal_weights_enabled {
                netuid: n,
                enabled: true,
            },
            |s| i128::from(CommitRevealWeightsEnabled::get(s, &1)),
            1,
        ),
        (
            sudo_set_liquid_alpha_enabled {
                netuid: n,
                enabled: true,
            },
            |s| i128::from(LiquidAlphaOn::get(s, &1)),
            1,
        ),
        // (low, high) packed as low × 65536 + high.
        (
            sudo_set_alpha_values {
                netuid: n,
                alpha_low: 2_000,
                alpha_high: 3_000,
            },
            |s| {
                let (l, h) = AlphaValues::get(s, &1);
                i128::from(l) * 65_536 + i128::from(h)
            },
            2_000 * 65_536 + 3_000,
        ),
        (
            sudo_set_commit_reveal_weights_interval {
                netuid: n,
                interval: 37,
            },
            |s| RevealPeriodEpochs::get(s, &1).into(),
            37,
        ),
        (
            sudo_set_toggle_transfer {
                netuid: n,
                toggle: false,
            },
            |s| i128::from(TransferToggle::get(s, &1)),
            0,
        ),
        (
            sudo_set_subnet_moving_alpha {
                alpha: I96F32::from_bits(38),
            },
            |s| SubnetMovingAlpha::get(s),
            38,
        ),
        (
            sudo_set_ema_price_halving_period {
                netuid: n,
                ema_halving: 39,
            },
            |s| EMAPriceHalvingBlocks::get(s, &1).into(),
            39,
        ),
        (
            sudo_set_alpha_sigmoid_steepness {
                netuid: n,
                steepness: -40,
            },
            |s| AlphaSigmoidSteepness::get(s, &1).into(),
            -40,
        ),
        (
            sudo_set_yuma3_enabled {
                netuid: n,
                enabled: false,
            },
            |s| i128::from(Yuma3On::get(s, &1)),
            0,
        ),
        (
            sudo_set_bonds_reset_enabled {
                netuid: n,
                enabled: true,
            },
            |s| i128::from(BondsResetOn::get(s, &1)),
            1,
        ),
        (
            sudo_set_subtoken_enabled {
                netuid: n,
                subtoken_enabled: true,
            },
            |s| i128::from(SubtokenEnabled::get(s, &1)),
            1,
        ),
        (
            sudo_set_owner_immune_neuron_limit {
                netuid: n,
                immune_neurons: 4,
            },
            |s| ImmuneOwnerUidsLimit::get(s, &1).into(),
            4,
        ),
        (
            sudo_set_owner_hparam_rate_limit { epochs: 41 },
            |s| OwnerHyperparamRateLimit::get(s).into(),
            41,
        ),
        (
            sudo_set_min_allowed_uids {
                netuid: n,
                min_allowed_uids: 0,
            },
            |s| MinAllowedUids::get(s, &1).into(),
            0,
        ),
        (
            sudo_set_min_non_immune_uids { netuid: n, min: 42 },
            |s| MinNonImmuneUids::get(s, &1).into(),
            42,
        ),
        (
            sudo_set_start_call_delay { delay: 43 },
            |s| StartCallDelay::get(s).into(),
            43,
        ),
        (
            sudo_set_burn_half_life {
                netuid: n,
                burn_half_life: 44,
            },
            |s| BurnHalfLife::get(s, &1).into(),
            44,
        ),
        // 2.5 as U64F64 bits: 5 × 2^63.
        (
            sudo_set_burn_increase_mult {
                netuid: n,
                burn_increase_mult: U64F64::from_num(2.5),
            },
            |s| BurnIncreaseMult::get(s, &1) as i128,
            5 << 63,
        ),
        (
            sudo_set_subnet_emission_enabled {
                netuid: n,
                enabled: false,
            },
            |s| i128::from(SubnetEmissionEnabled::get(s, &1)),
            0,
        ),
        (
            sudo_set_max_epochs_per_block {
                max_epochs_per_block: 45,
            },
            |s| MaxEpochsPerBlock::get(s).into(),
            45,
        ),
        (sudo_set_ck_burn { burn: 46 }, |s| CKBurn::get(s).into(), 46),
        // Recycle is variant 1 of `RecycleOrBurnEnum` (Burn, the default, is 0).
        (
            sudo_set_recycle_or_burn {
                netuid: n,
                recycle_or_burn: crate::items::RecycleOrBurnEnum::Recycle,
            },
            |s| i128::from(RecycleOrBurn::get(s, &1).encode()[0]),
            1,
        ),
        (
            sudo_set_min_childkey_take_per_subnet {
                netuid: n,
                take: 47,
            },
            |s| MinChildkeyTakePerSubnet::get(s, &1).into(),
            47,
        ),
        // Below the 300 set above, above the subnet's single UID: only the maximum changes.
        (
            sudo_trim_to_max_allowed_uids {
                netuid: n,
                max_n: 200,
            },
            |s| MaxAllowedUids::get(s, &1).into(),
            200,
        ),
        // Both owner-hotkey setters share one rate limit per subnet: one on root (0), one on subnet 1.
        (
            sudo_set_subnet_owner_hotkey {
                netuid: 0,
                hotkey: AccountId([8; 32]),
            },
            |s| SubnetOwnerHotkey::get(s, &0).0[0].into(),
            8,
        ),
        (
            sudo_set_sn_owner_hotkey {
                netuid: n,
                hotkey: AccountId([7; 32]),
            },
            |s| SubnetOwnerHotkey::get(s, &1).0[0].into(),
            7,
        ),
        // Last: a window from here on would close the guarded setters near an epoch.
        (
            sudo_set_admin_freeze_window { window: 5 },
            |s| AdminFreezeWindow::get(s).into(),
            5,
        ),
    ]
}

#[test]
fn every_setter_writes_its_item_through_sudo() {
    let (mut chain, _) = chain_with_subnet();
    let table = setter_table();
    // The table covers every AdminUtils call taonet serves, each once.
    let served: std::collections::BTreeSet<String> = match AdminCall::type_info().type_def {
        scale_info::TypeDef::Variant(v) => v.variants.iter().map(|v| v.name.to_string()).collect(),
        _ => panic!("AdminCall is an enum"),
    };
    let tested: std::collections::BTreeSet<String> = table
        .iter()
        .map(|(call, _, _)| {
            format!("{call:?}")
                .split([' ', '{'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(tested, served);
    assert_eq!(table.len(), served.len());
    for (call, read, want) in table {
        let before = read(chain.storage());
        assert_ne!(before, want, "{call:?}: the item already holds the value");
        assert_eq!(sudo(&mut chain, call.clone()), Ok(()), "{call:?}");
        assert_eq!(read(chain.storage()), want, "{call:?}");
    }
}

#[test]
fn setters_deposit_subtensors_events() {
    let (mut chain, _) = chain_with_subnet();
    let alice = dev_account("Alice").expect("alice");
    let events = |call: AdminCall, chain: &mut Chain| -> Vec<Event> {
        let (result, events) = apply(chain, alice, Call::sudo(Call::AdminUtils(call)));
        assert_eq!(result, Ok(()));
        events
            .into_iter()
            .filter(|r| matches!(r.phase, Phase::ApplyExtrinsic(_)))
            .map(|r| r.event)
            .filter(|e| matches!(e, Event::SubtensorModule(_) | Event::AdminUtils(_)))
            .collect()
    };
    let got = events(
        AdminCall::sudo_set_kappa {
            netuid: 1,
            kappa: 7,
        },
        &mut chain,
    );
    assert_eq!(
        got,
        vec![Event::SubtensorModule(SubtensorEvent::KappaSet(1, 7))]
    );
    let got = events(
        AdminCall::sudo_set_bonds_reset_enabled {
            netuid: 1,
            enabled: true,
        },
        &mut chain,
    );
    assert_eq!(
        got,
        vec![
            Event::SubtensorModule(SubtensorEvent::BondsResetOnSet(1, true)),
            Event::AdminUtils(AdminUtilsEvent::BondsResetToggled {
                netuid: 1,
                enabled: true
            }),
        ]
    );
    let got = events(
        AdminCall::sudo_set_yuma3_enabled {
            netuid: 1,
            enabled: false,
        },
        &mut chain,
    );
    assert_eq!(
        got,
        vec![Event::AdminUtils(AdminUtilsEvent::Yuma3EnableToggled {
            netuid: 1,
            enabled: false
        })]
    );
}

#[test]
fn the_owner_sets_owner_parameters_within_its_rate_limit() {
    let (mut chain, owner) = chain_with_subnet();
    assert_eq!(
        sudo(
            &mut chain,
            AdminCall::sudo_set_tempo {
                netuid: 1,
                tempo: 5
            }
        ),
        Ok(())
    );
    let admin = |c: AdminCall| Call::AdminUtils(c);
    let rho = |rho| admin(AdminCall::sudo_set_rho { netuid: 1, rho });
    let (first, _) = apply(&mut chain, owner, rho(11));
    assert_eq!(first, Ok(()));
    assert_eq!(Rho::get(chain.storage(), &1), 11);
    let set_at = chain.best_number();
    // OwnerHyperparamRateLimit (2 tempos) × tempo 5 = 10 blocks between two changes of rho ...
    let (again, _) = apply(&mut chain, owner, rho(12));
    assert_eq!(
        again.map_err(|e| e.name()),
        Err("SubtensorModule.TxRateLimitExceeded".into())
    );
    assert_eq!(Rho::get(chain.storage(), &1), 11);
    // ... but not between changes of different parameters ...
    let (other, _) = apply(
        &mut chain,
        owner,
        admin(AdminCall::sudo_set_immunity_period {
            netuid: 1,
            immunity_period: 9,
        }),
    );
    assert_eq!(other, Ok(()));
    // ... and root is never limited.
    assert_eq!(
        sudo(&mut chain, AdminCall::sudo_set_rho { netuid: 1, rho: 13 }),
        Ok(())
    );
    while chain.best_number() < set_at + 9 {
        chain.build_block(vec![]);
    }
    // The next block is set_at + 10: exactly the limit.
    let (later, _) = apply(&mut chain, owner, rho(14));
    assert_eq!(later, Ok(()));
    assert_eq!(Rho::get(chain.storage(), &1), 14);
    assert_eq!(
        LastRateLimitedBlock::get(
            chain.storage(),
            &RateLimitKey::OwnerHyperparamUpdate(1, Hyperparameter::Rho)
        ),
        u64::from(set_at) + 10
    );
}

#[test]
fn the_weights_version_is_limited_to_once_per_five_tempos() {
    let (mut chain, owner) = chain_with_subnet();
    assert_eq!(
        sudo(
            &mut chain,
            AdminCall::sudo_set_tempo {
                netuid: 1,
                tempo: 2
            }
        ),
        Ok(())
    );
    let version = |v| {
        Call::AdminUtils(AdminCall::sudo_set_weights_version_key {
            netuid: 1,
            weights_version_key: v,
        })
    };
    assert_eq!(apply(&mut chain, owner, version(1)).0, Ok(()));
    let set_at = u64::from(chain.best_number());
    assert_eq!(
        TransactionKeyLastBlock::get(chain.storage(), &owner, &1, &TX_SET_WEIGHTS_VERSION_KEY),
        set_at
    );
    // WeightsVersionKeyRateLimit 5 × tempo 2 = 10 blocks.
    let refused = apply(&mut chain, owner, version(2)).0;
    assert_eq!(
        refused.map_err(|e| e.name()),
        Err("SubtensorModule.TxRateLimitExceeded".into())
    );
    while u64::from(chain.best_number()) < set_at + 9 {
        chain.build_block(vec![]);
    }
    assert_eq!(apply(&mut chain, owner, version(2)).0, Ok(()));
    assert_eq!(WeightsVersionKey::get(chain.storage(), &1), 2);
}

#[test]
fn root_only_parameters_refuse_the_owner_and_strangers_are_refused_everywhere() {
    let (mut chain, owner) = chain_with_subnet();
    // Alice is the sudo key, but signing an admin call herself makes her neither root nor the owner.
    let stranger = dev_account("Alice").expect("alice");
    for (who, call) in [
        (
            owner,
            AdminCall::sudo_set_kappa {
                netuid: 1,
                kappa: 1,
            },
        ),
        (
            owner,
            AdminCall::sudo_set_tempo {
                netuid: 1,
                tempo: 1,
            },
        ),
        (
            owner,
            AdminCall::sudo_set_weights_set_rate_limit {
                netuid: 1,
                weights_set_rate_limit: 1,
            },
        ),
        (
            owner,
            AdminCall::sudo_set_max_allowed_validators {
                netuid: 1,
                max_allowed_validators: 1,
            },
        ),
        (
            owner,
            AdminCall::sudo_set_network_registration_allowed {
                netuid: 1,
                registration_allowed: false,
            },
        ),
        (owner, AdminCall::sudo_set_stake_threshold { min_stake: 1 }),
        (stranger, AdminCall::sudo_set_rho { netuid: 1, rho: 1 }),
        (owner, AdminCall::sudo_set_rho { netuid: 2, rho: 1 }),
    ] {
        let (result, _) = apply(&mut chain, who, Call::AdminUtils(call.clone()));
        assert_eq!(result, Err(DispatchError::BadOrigin), "{call:?}");
    }
    assert_eq!(Kappa::get(chain.storage(), &1), 32_767);
    assert_eq!(Rho::get(chain.storage(), &1), 10);
}

/// A bare state with subnet 1 of `n` UIDs owned by `owner`, tempo 10, last epoch at block 100.
fn state(owner: AccountId, n: u16) -> Storage {
    let mut s = Storage::new();
    NetworksAdded::insert(&mut s, &1, true);
    SubnetOwner::insert(&mut s, &1, owner);
    SubnetworkN::insert(&mut s, &1, n);
    Tempo::insert(&mut s, &1, 10);
    LastEpochBlock::insert(&mut s, &1, 100);
    s
}

fn run(s: &mut Storage, block: u64, origin: AdminOrigin, call: AdminCall) -> Result<(), String> {
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s,
        block,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    dispatch(&mut ctx, origin, &call).map_err(|e| e.name())
}

#[test]
fn the_freeze_window_closes_guarded_setters_before_the_epoch() {
    let owner = key("owner");
    let mut s = state(owner, 3);
    AdminFreezeWindow::put(&mut s, 3);
    let rho = AdminCall::sudo_set_rho { netuid: 1, rho: 5 };
    let tempo = AdminCall::sudo_set_tempo {
        netuid: 1,
        tempo: 7,
    };
    let rate = AdminCall::sudo_set_weights_set_rate_limit {
        netuid: 1,
        weights_set_rate_limit: 3,
    };
    let frozen = Err("SubtensorModule.AdminActionProhibitedDuringWeightsWindow".to_string());
    // Next epoch at 100 + 10 = 110: blocks 108 and 109 are fewer than 3 blocks before it; 107 is not.
    assert_eq!(
        run(&mut s, 108, AdminOrigin::Signed(owner), rho.clone()),
        frozen
    );
    assert_eq!(run(&mut s, 109, AdminOrigin::Root, tempo.clone()), frozen);
    // sudo_set_weights_set_rate_limit is not guarded, even in the window.
    assert_eq!(run(&mut s, 109, AdminOrigin::Root, rate), Ok(()));
    assert_eq!(run(&mut s, 107, AdminOrigin::Signed(owner), rho), Ok(()));
    assert_eq!(Rho::get(&s, &1), 5);
    // A pending epoch freezes until it runs.
    PendingEpochAt::insert(&mut s, &1, 120);
    assert_eq!(run(&mut s, 103, AdminOrigin::Root, tempo.clone()), frozen);
    PendingEpochAt::remove(&mut s, &1);
    assert_eq!(run(&mut s, 103, AdminOrigin::Root, tempo), Ok(()));
    assert_eq!(Tempo::get(&s, &1), 7);
}

#[test]
fn bounds_are_checked_with_subtensors_error_names() {
    use AdminCall::*;
    let owner = key("owner");
    let mut s = state(owner, 3);
    MaxAllowedUids::insert(&mut s, &1, 8);
    MinAllowedUids::insert(&mut s, &1, 2);
    MaxBurn::insert(&mut s, &1, 50_000_000);
    MinActivityCutoff::put(&mut s, 360);
    let root = AdminOrigin::Root;
    let by_owner = AdminOrigin::Signed(owner);
    let cases: Vec<(AdminOrigin, AdminCall, &str)> = vec![
        (
            root,
            sudo_set_rho { netuid: 9, rho: 1 },
            "AdminUtils.SubnetDoesNotExist",
        ),
        (
            root,
            sudo_set_max_allowed_uids {
                netuid: 1,
                max_allowed_uids: 1,
            },
            "AdminUtils.MaxAllowedUidsLessThanMinAllowedUids",
        ),
        (
            root,
            sudo_set_max_allowed_uids {
                netuid: 1,
                max_allowed_uids: 2,
            },
            "AdminUtils.MaxAllowedUIdsLessThanCurrentUIds",
        ),
        (
            root,
            sudo_set_max_allowed_uids {
                netuid: 1,
                max_allowed_uids: 4097,
            },
            "AdminUtils.MaxAllowedUidsGreaterThanDefaultMaxAllowedUids",
        ),
        (
            root,
            sudo_set_max_allowed_validators {
                netuid: 1,
                max_allowed_validators: 9,
            },
            "AdminUtils.MaxValidatorsLargerThanMaxUIds",
        ),
        (
            root,
            sudo_set_min_allowed_uids {
                netuid: 1,
                min_allowed_uids: 8,
            },
            "AdminUtils.MinAllowedUidsGreaterThanMaxAllowedUids",
        ),
        (
            root,
            sudo_set_min_allowed_uids {
                netuid: 1,
                min_allowed_uids: 3,
            },
            "AdminUtils.MinAllowedUidsGreaterThanCurrentUids",
        ),
        (
            root,
            sudo_set_activity_cutoff {
                netuid: 1,
                activity_cutoff: 359,
            },
            "SubtensorModule.ActivityCutoffTooLow",
        ),
        (
            root,
            sudo_set_min_burn {
                netuid: 1,
                min_burn: 1_000_000_000,
            },
            "AdminUtils.ValueNotInBounds",
        ),
        (
            root,
            sudo_set_min_burn {
                netuid: 1,
                min_burn: 50_000_000,
            },
            "AdminUtils.ValueNotInBounds",
        ),
        (
            root,
            sudo_set_max_burn {
                netuid: 1,
                max_burn: 100_000_000,
            },
            "AdminUtils.ValueNotInBounds",
        ),
        (
            by_owner,
            sudo_set_bonds_moving_average {
                netuid: 1,
                bonds_moving_average: 975_001,
            },
            "AdminUtils.BondsMovingAverageMaxReached",
        ),
        (
            by_owner,
            sudo_set_alpha_sigmoid_steepness {
                netuid: 1,
                steepness: -1,
            },
            "AdminUtils.NegativeSigmoidSteepness",
        ),
        (
            root,
            sudo_set_alpha_values {
                netuid: 1,
                alpha_low: 2_000,
                alpha_high: 3_000,
            },
            "SubtensorModule.LiquidAlphaDisabled",
        ),
        (
            root,
            sudo_set_commit_reveal_weights_interval {
                netuid: 1,
                interval: 101,
            },
            "SubtensorModule.RevealPeriodTooLarge",
        ),
        (
            root,
            sudo_set_commit_reveal_weights_interval {
                netuid: 1,
                interval: 0,
            },
            "SubtensorModule.RevealPeriodTooSmall",
        ),
        (
            root,
            sudo_set_owner_immune_neuron_limit {
                netuid: 1,
                immune_neurons: 11,
            },
            "SubtensorModule.InvalidValue",
        ),
        (
            root,
            sudo_set_owner_immune_neuron_limit {
                netuid: 1,
                immune_neurons: 0,
            },
            "SubtensorModule.InvalidValue",
        ),
        (
            root,
            sudo_set_burn_half_life {
                netuid: 1,
                burn_half_life: 0,
            },
            "AdminUtils.InvalidValue",
        ),
        (
            root,
            sudo_set_burn_half_life {
                netuid: 1,
                burn_half_life: 36_101,
            },
            "AdminUtils.InvalidValue",
        ),
        (
            root,
            sudo_set_burn_increase_mult {
                netuid: 1,
                burn_increase_mult: U64F64::from_num(3.5),
            },
            "AdminUtils.InvalidValue",
        ),
        (
            root,
            sudo_set_max_epochs_per_block {
                max_epochs_per_block: 0,
            },
            "AdminUtils.ValueNotInBounds",
        ),
    ];
    for (origin, call, want) in cases {
        assert_eq!(
            run(&mut s, 1, origin, call.clone()),
            Err(want.to_string()),
            "{call:?}"
        );
    }
    // The bounds' edges are accepted; root may go past the owner's moving-average cap and below zero.
    for (origin, call) in [
        (
            root,
            sudo_set_max_allowed_uids {
                netuid: 1,
                max_allowed_uids: 3,
            },
        ),
        (
            root,
            sudo_set_max_allowed_uids {
                netuid: 1,
                max_allowed_uids: 4096,
            },
        ),
        (
            root,
            sudo_set_activity_cutoff {
                netuid: 1,
                activity_cutoff: 360,
            },
        ),
        (
            root,
            sudo_set_max_burn {
                netuid: 1,
                max_burn: 100_000_001,
            },
        ),
        (
            root,
            sudo_set_min_burn {
                netuid: 1,
                min_burn: 100_000_000,
            },
        ),
        (
            by_owner,
            sudo_set_bonds_moving_average {
                netuid: 1,
                bonds_moving_average: 975_000,
            },
        ),
        (
            root,
            sudo_set_bonds_moving_average {
                netuid: 1,
                bonds_moving_average: 999_999,
            },
        ),
        (
            root,
            sudo_set_alpha_sigmoid_steepness {
                netuid: 1,
                steepness: -1,
            },
        ),
        (
            root,
            sudo_set_liquid_alpha_enabled {
                netuid: 1,
                enabled: true,
            },
        ),
        (
            root,
            sudo_set_alpha_values {
                netuid: 1,
                alpha_low: 1_638,
                alpha_high: 1_638,
            },
        ),
    ] {
        assert_eq!(run(&mut s, 1, origin, call.clone()), Ok(()), "{call:?}");
    }
    let refused = [
        sudo_set_alpha_values {
            netuid: 1,
            alpha_low: 2_000,
            alpha_high: 1_637,
        },
        sudo_set_alpha_values {
            netuid: 1,
            alpha_low: 3_001,
            alpha_high: 3_000,
        },
    ];
    assert_eq!(
        run(&mut s, 1, root, refused[0].clone()),
        Err("SubtensorModule.AlphaHighTooLow".into())
    );
    assert_eq!(
        run(&mut s, 1, root, refused[1].clone()),
        Err("SubtensorModule.AlphaLowOutOfRange".into())
    );
    assert_eq!(AlphaValues::get(&s, &1), (1_638, 1_638));
    assert_eq!(BondsMovingAverage::get(&s, &1), 999_999);
}

#[test]
fn recycle_or_burn_is_an_owner_setter_without_an_existence_check() {
    use crate::items::RecycleOrBurnEnum::{Burn, Recycle};
    let owner = key("owner");
    let mut s = state(owner, 3);
    AdminFreezeWindow::put(&mut s, 3);
    let set = |netuid, recycle_or_burn| AdminCall::sudo_set_recycle_or_burn {
        netuid,
        recycle_or_burn,
    };
    let by_owner = AdminOrigin::Signed(owner);
    // Next epoch at 100 + 10 = 110: block 108 is inside the window of 3, for root too.
    let frozen = Err("SubtensorModule.AdminActionProhibitedDuringWeightsWindow".to_string());
    assert_eq!(run(&mut s, 108, by_owner, set(1, Recycle)), frozen);
    assert_eq!(run(&mut s, 108, AdminOrigin::Root, set(1, Recycle)), frozen);
    assert_eq!(
        run(
            &mut s,
            101,
            AdminOrigin::Signed(key("stranger")),
            set(1, Recycle)
        ),
        Err("BadOrigin".into())
    );
    // The owner sets it, then waits OwnerHyperparamRateLimit (2) × tempo (10) = 20 blocks.
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 101,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    assert_eq!(dispatch(&mut ctx, by_owner, &set(1, Recycle)), Ok(()));
    assert!(events.is_empty(), "subtensor deposits no event");
    assert_eq!(RecycleOrBurn::get(&s, &1), Recycle);
    assert_eq!(
        LastRateLimitedBlock::get(
            &s,
            &RateLimitKey::OwnerHyperparamUpdate(1, Hyperparameter::RecycleOrBurn)
        ),
        101
    );
    LastEpochBlock::insert(&mut s, &1, 200);
    assert_eq!(
        run(&mut s, 120, by_owner, set(1, Burn)),
        Err("SubtensorModule.TxRateLimitExceeded".into())
    );
    assert_eq!(run(&mut s, 121, by_owner, set(1, Burn)), Ok(()));
    assert_eq!(RecycleOrBurn::get(&s, &1), Burn);
    // Root may set it on a subnet that does not exist (subtensor does not check).
    assert_eq!(run(&mut s, 121, AdminOrigin::Root, set(9, Recycle)), Ok(()));
    assert_eq!(RecycleOrBurn::get(&s, &9), Recycle);
}

#[test]
fn activity_cutoff_writes_the_deprecated_map_and_leaves_the_epochs_cutoff_alone() {
    // subtensor main's `sudo_set_activity_cutoff` (and its `test_sudo_set_activity_cutoff`): root or
    // the owner, `SubnetDoesNotExist`, `ActivityCutoffTooLow` below `MinActivityCutoff`, then
    // `ActivityCutoff` and `ActivityCutoffSet`; `ActivityCutoffFactorMilli` keeps its 13_889.
    let owner = key("owner");
    let mut s = state(owner, 3);
    MinActivityCutoff::put(&mut s, 360);
    // Block 100 is 10 blocks before the next epoch: outside the default freeze window of 10.
    let set = |netuid, activity_cutoff| AdminCall::sudo_set_activity_cutoff {
        netuid,
        activity_cutoff,
    };
    assert_eq!(
        run(
            &mut s,
            100,
            AdminOrigin::Signed(key("stranger")),
            set(1, 360)
        ),
        Err("BadOrigin".into())
    );
    assert_eq!(
        run(&mut s, 100, AdminOrigin::Root, set(2, 360)),
        Err("AdminUtils.SubnetDoesNotExist".into())
    );
    assert_eq!(
        run(&mut s, 100, AdminOrigin::Root, set(1, 359)),
        Err("SubtensorModule.ActivityCutoffTooLow".into())
    );
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 100,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    assert_eq!(
        dispatch(&mut ctx, AdminOrigin::Signed(owner), &set(1, 360)),
        Ok(())
    );
    assert_eq!(
        events.into_iter().map(|r| r.event).collect::<Vec<_>>(),
        vec![Event::SubtensorModule(SubtensorEvent::ActivityCutoffSet(
            1, 360
        ))]
    );
    assert_eq!(ActivityCutoff::get(&s, &1), 360);
    assert_eq!(ActivityCutoffFactorMilli::get(&s, &1), 13_889);
    // 13_889 ‰ of tempo 10: 138 blocks, whatever `ActivityCutoff` says.
    assert_eq!(crate::coinbase::activity_cutoff_blocks(&s, 1), 138);
    // The owner's change is rate-limited under the `ActivityCutoff` key.
    assert_eq!(
        LastRateLimitedBlock::get(
            &s,
            &RateLimitKey::OwnerHyperparamUpdate(1, Hyperparameter::ActivityCutoff)
        ),
        100
    );
}

#[test]
fn owner_cut_enabled_is_for_the_owner_or_root_outside_the_window_and_never_on_root() {
    let owner = key("owner");
    let mut s = state(owner, 3);
    AdminFreezeWindow::put(&mut s, 3);
    NetworksAdded::insert(&mut s, &0, true);
    let set = |netuid, enabled| AdminCall::sudo_set_owner_cut_enabled { netuid, enabled };
    let by_owner = AdminOrigin::Signed(owner);
    assert_eq!(
        run(
            &mut s,
            101,
            AdminOrigin::Signed(key("stranger")),
            set(1, false)
        ),
        Err("BadOrigin".into())
    );
    // Next epoch at 110: block 108 is in the window of 3, for root too.
    let frozen = Err("SubtensorModule.AdminActionProhibitedDuringWeightsWindow".to_string());
    assert_eq!(run(&mut s, 108, AdminOrigin::Root, set(1, false)), frozen);
    assert_eq!(
        run(&mut s, 101, AdminOrigin::Root, set(9, false)),
        Err("AdminUtils.SubnetDoesNotExist".into())
    );
    assert_eq!(
        run(&mut s, 101, AdminOrigin::Root, set(0, false)),
        Err("AdminUtils.NotPermittedOnRootSubnet".into())
    );
    // No owner rate limit: the owner may switch it twice in a row; no event.
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 101,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    assert_eq!(dispatch(&mut ctx, by_owner, &set(1, false)), Ok(()));
    assert!(!OwnerCutEnabled::get(ctx.s, &1));
    assert_eq!(dispatch(&mut ctx, by_owner, &set(1, true)), Ok(()));
    assert!(events.is_empty());
    assert!(OwnerCutEnabled::get(&s, &1));
}

#[test]
fn tx_rate_limit_and_nominator_minimum_are_root_only() {
    let owner = key("owner");
    let mut s = state(owner, 3);
    for call in [
        AdminCall::sudo_set_tx_rate_limit { tx_rate_limit: 1 },
        AdminCall::sudo_set_nominator_min_required_stake { min_stake: 1 },
    ] {
        assert_eq!(
            run(&mut s, 101, AdminOrigin::Signed(owner), call),
            Err("BadOrigin".into())
        );
    }
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 101,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    let tx = AdminCall::sudo_set_tx_rate_limit { tx_rate_limit: 7 };
    assert_eq!(dispatch(&mut ctx, AdminOrigin::Root, &tx), Ok(()));
    let nominator = AdminCall::sudo_set_nominator_min_required_stake { min_stake: 500_000 };
    assert_eq!(dispatch(&mut ctx, AdminOrigin::Root, &nominator), Ok(()));
    assert_eq!(
        events.into_iter().map(|r| r.event).collect::<Vec<_>>(),
        vec![Event::SubtensorModule(SubtensorEvent::TxRateLimitSet(7))]
    );
    assert_eq!(TxRateLimit::get(&s), 7);
    // A per-million factor of the 0.002 TAO minimum stake: 500_000 makes 0.001 TAO.
    assert_eq!(NominatorMinRequiredStake::get(&s), 500_000);
    assert_eq!(crate::staking::nominator_min_required_stake(&s), 1_000_000);
}

/// `sudo_set_min_childkey_take_per_subnet` [93], after subtensor's
/// `test_sudo_set_min_childkey_take_per_subnet` and `..._rejects_below_global`: a stranger is refused,
/// the owner may set half the maximum (11_796 / 2 = 5_898) once per `OwnerHyperparamRateLimit` tempos
/// (key `MinChildkeyTake` = 29), root may not go below the global minimum nor above the maximum, and the
/// event is `MinChildKeyTakePerSubnetSet(netuid, take)`.
#[test]
fn min_childkey_take_per_subnet_is_an_owner_setter_within_the_global_bounds() {
    let owner = key("owner");
    let mut s = state(owner, 3);
    AdminFreezeWindow::put(&mut s, 3);
    let set = |netuid, take| AdminCall::sudo_set_min_childkey_take_per_subnet { netuid, take };
    let by_owner = AdminOrigin::Signed(owner);
    assert_eq!(
        run(
            &mut s,
            101,
            AdminOrigin::Signed(key("stranger")),
            set(1, 5_898)
        ),
        Err("BadOrigin".into())
    );
    let mut events = Vec::new();
    let mut ctx = Ctx {
        s: &mut s,
        block: 101,
        events: &mut events,
        phase: Phase::ApplyExtrinsic(0),
        author: AccountId::ZERO,
    };
    assert_eq!(dispatch(&mut ctx, by_owner, &set(1, 5_898)), Ok(()));
    assert_eq!(MinChildkeyTakePerSubnet::get(ctx.s, &1), 5_898);
    assert_eq!(
        crate::childkeys::effective_min_childkey_take(ctx.s, 1),
        5_898
    );
    assert_eq!(
        events.iter().map(|r| r.event.clone()).collect::<Vec<_>>(),
        vec![Event::SubtensorModule(
            SubtensorEvent::MinChildKeyTakePerSubnetSet(1, 5_898)
        )]
    );
    assert_eq!(
        LastRateLimitedBlock::get(
            &s,
            &RateLimitKey::OwnerHyperparamUpdate(1, Hyperparameter::MinChildkeyTake)
        ),
        101
    );
    // Default `OwnerHyperparamRateLimit` 2 tempos of 10 blocks: 101 + 20 = 121 is the next allowed (the
    // epoch cycle moved on, so that neither block is in the freeze window before block 130).
    LastEpochBlock::insert(&mut s, &1, 120);
    assert_eq!(
        run(&mut s, 120, by_owner, set(1, 100)),
        Err("SubtensorModule.TxRateLimitExceeded".into())
    );
    assert_eq!(run(&mut s, 121, by_owner, set(1, 100)), Ok(()));
    // Root: bounds against the global minimum (100) and maximum (11_796); a missing subnet.
    MinChildkeyTake::put(&mut s, 100);
    let invalid = Err("AdminUtils.InvalidValue".to_string());
    assert_eq!(run(&mut s, 101, AdminOrigin::Root, set(1, 99)), invalid);
    assert_eq!(run(&mut s, 101, AdminOrigin::Root, set(1, 11_797)), invalid);
    assert_eq!(run(&mut s, 101, AdminOrigin::Root, set(1, 100)), Ok(()));
    assert_eq!(run(&mut s, 101, AdminOrigin::Root, set(1, 11_796)), Ok(()));
    assert_eq!(MinChildkeyTakePerSubnet::get(&s, &1), 11_796);
    assert_eq!(
        run(&mut s, 101, AdminOrigin::Root, set(9, 100)),
        Err("AdminUtils.SubnetDoesNotExist".into())
    );
    // The freeze window (next epoch at 130) closes it, for root too.
    assert_eq!(
        run(&mut s, 128, AdminOrigin::Root, set(1, 100)),
        Err("SubtensorModule.AdminActionProhibitedDuringWeightsWindow".into())
    );
}

/// `do_set_sn_owner_hotkey` behind calls 64 and 67: one `SetSNOwnerHotkey(netuid)` record per subnet
/// that holds root to 50 400 blocks too; no freeze window; `SubnetNotExists` after the origin.
#[test]
fn the_owner_hotkey_is_rate_limited_per_subnet_for_root_too() {
    let owner = key("owner");
    let mut s = state(owner, 3);
    let hot = AccountId([7; 32]);
    let by_64 = |netuid| AdminCall::sudo_set_subnet_owner_hotkey {
        netuid,
        hotkey: hot,
    };
    let by_67 = |netuid| AdminCall::sudo_set_sn_owner_hotkey {
        netuid,
        hotkey: hot,
    };
    assert_eq!(
        run(&mut s, 101, AdminOrigin::Signed(key("stranger")), by_67(1)),
        Err("BadOrigin".into())
    );
    assert_eq!(
        run(&mut s, 101, AdminOrigin::Root, by_64(9)),
        Err("SubtensorModule.SubnetNotExists".into())
    );
    // Block 109 is inside the default freeze window of 10 before the epoch at 110: not checked here.
    assert_eq!(
        run(&mut s, 109, AdminOrigin::Signed(owner), by_67(1)),
        Ok(())
    );
    assert_eq!(SubnetOwnerHotkey::get(&s, &1), hot);
    assert_eq!(
        LastRateLimitedBlock::get(&s, &RateLimitKey::SetSNOwnerHotkey(1)),
        109
    );
    let limited = Err("SubtensorModule.TxRateLimitExceeded".to_string());
    assert_eq!(
        run(&mut s, 109 + 50_399, AdminOrigin::Root, by_64(1)),
        limited
    );
    assert_eq!(
        run(&mut s, 109 + 50_399, AdminOrigin::Signed(owner), by_67(1)),
        limited
    );
    assert_eq!(
        run(&mut s, 109 + 50_400, AdminOrigin::Root, by_64(1)),
        Ok(())
    );
}

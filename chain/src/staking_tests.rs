//! Staking flows with amounts derived by hand (constant product at weights ½, subtensor's `U64F64`
//! floors) and guards in subtensor main's order.

use super::*;
use crate::event::{Event, EventRecord, Phase};
use crate::pool::SwapPalletError;
use crate::stake_moves;
use crate::types::RAO_PER_TAO;

const TAO: u64 = RAO_PER_TAO;
const AUTHOR: AccountId = AccountId([0xAA; 32]);

fn account(n: u8) -> AccountId {
    AccountId([n; 32])
}

/// Subnet `netuid` at 1000 TAO / 1000 alpha with its subtoken on, hotkey `account(2)` owned by
/// `account(1)`, and the staker `account(3)` holding `balance`.
fn state(balance: u64) -> Storage {
    let mut s = Storage::new();
    for netuid in [1, 2] {
        dynamic_subnet(&mut s, netuid);
    }
    Owner::insert(&mut s, &account(2), account(1));
    Owner::insert(&mut s, &account(4), account(1));
    balances::mint(&mut s, &account(3), balance);
    s
}

fn dynamic_subnet(s: &mut Storage, netuid: NetUid) {
    NetworksAdded::insert(s, &netuid, true);
    SubnetMechanism::insert(s, &netuid, 1);
    SubtokenEnabled::insert(s, &netuid, true);
    SubnetTAO::insert(s, &netuid, 1000 * TAO);
    SubnetAlphaIn::insert(s, &netuid, 1000 * TAO);
    balances::mint(s, &subnet_account(netuid), 1000 * TAO);
}

fn in_block<R>(
    s: &mut Storage,
    events: &mut Vec<EventRecord>,
    f: impl FnOnce(&mut Ctx<'_>) -> R,
) -> R {
    let mut ctx = Ctx {
        s,
        block: 10,
        events,
        phase: Phase::ApplyExtrinsic(0),
        author: AUTHOR,
    };
    f(&mut ctx)
}

fn subtensor_events(events: &[EventRecord]) -> Vec<SubtensorEvent> {
    events
        .iter()
        .filter_map(|r| match &r.event {
            Event::SubtensorModule(e) => Some(e.clone()),
            _ => None,
        })
        .collect()
}

fn add(s: &mut Storage, tao: u64, limit: Option<(u64, bool)>) -> Result<u64, DispatchError> {
    let mut events = Vec::new();
    in_block(s, &mut events, |ctx| {
        add_stake(ctx, &account(3), &account(2), 1, tao, limit)
    })
}

fn remove(s: &mut Storage, alpha: u64, limit: Option<(u64, bool)>) -> Result<u64, DispatchError> {
    let mut events = Vec::new();
    in_block(s, &mut events, |ctx| {
        remove_stake(ctx, &account(3), &account(2), 1, alpha, limit)
    })
}

#[test]
fn stake_then_unstake_moves_subtensors_amounts_and_pays_the_author() {
    let mut s = state(100 * TAO);
    let mut events = Vec::new();
    // 10 TAO: fee ⌊10^10·33/65535⌋ = 5_035_477 to the author, Δy = 9_994_964_523 into the pool,
    // ⌊10^12·Δy/(10^12 + Δy)⌋ = 9_896_053_816 alpha out.
    let alpha = in_block(&mut s, &mut events, |ctx| {
        add_stake(ctx, &account(3), &account(2), 1, 10 * TAO, None)
    })
    .unwrap();
    assert_eq!(alpha, 9_896_053_816);
    assert_eq!(stake(&s, &account(2), &account(3), 1), alpha);
    assert_eq!(balances::free_balance(&s, &account(3)), 90 * TAO);
    assert_eq!(balances::free_balance(&s, &AUTHOR), 5_035_477);
    assert_eq!(SubnetTAO::get(&s, &1), 1000 * TAO + 9_994_964_523);
    assert_eq!(SubnetAlphaIn::get(&s, &1), 1000 * TAO - alpha);
    assert_eq!(SubnetAlphaOut::get(&s, &1), alpha);
    // `TotalStake` and `SubnetVolume` count the whole 10 TAO, the fee included.
    assert_eq!(TotalStake::get(&s), 10 * TAO);
    assert_eq!(SubnetVolume::get(&s, &1), u128::from(10 * TAO));
    assert_eq!(
        balances::free_balance(&s, &subnet_account(1)),
        1000 * TAO + 9_994_964_523
    );
    assert_eq!(SubnetTaoFlow::get(&s, &1), 9_994_964_523);
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::StakeAdded(
            account(3),
            account(2),
            10 * TAO,
            alpha,
            1,
            5_035_477
        )]
    );

    // Unstake all of it: alpha fee ⌊9_896_053_816·33/65535⌋ = 4_983_135, 9_891_070_681 sold for
    // ⌊1_009_994_964_523·9_891_070_681/999_995_016_865⌋ = 9_989_981_362 TAO; the fee alpha is sold
    // fee-free for ⌊1_000_004_983_161·4_983_135/10^12⌋ = 4_983_159 TAO to the author.
    let mut events = Vec::new();
    let tao = in_block(&mut s, &mut events, |ctx| {
        remove_stake(ctx, &account(3), &account(2), 1, alpha, None)
    })
    .unwrap();
    assert_eq!(tao, 9_989_981_362);
    assert_eq!(stake(&s, &account(2), &account(3), 1), 0);
    assert_eq!(balances::free_balance(&s, &account(3)), 90 * TAO + tao);
    assert_eq!(balances::free_balance(&s, &AUTHOR), 5_035_477 + 4_983_159);
    // The pool ends 2 rao richer than it started (rounding), its alpha back at 1000.
    assert_eq!(SubnetTAO::get(&s, &1), 1000 * TAO + 2);
    assert_eq!(SubnetAlphaIn::get(&s, &1), 1000 * TAO);
    assert_eq!(SubnetAlphaOut::get(&s, &1), 0);
    assert_eq!(TotalStake::get(&s), 10 * TAO - tao - 4_983_159);
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::StakeRemoved(
            account(3),
            account(2),
            tao,
            9_891_070_681,
            1,
            4_983_135
        )]
    );
}

#[test]
fn the_minimum_stake_is_two_milli_tao_plus_its_fee() {
    // 0.002 TAO pays ⌊2_000_000·33/65535⌋ = 1_007 rao of fee: the minimum is 2_001_007 rao.
    let mut s = state(100 * TAO);
    assert_eq!(
        add(&mut s, 2_001_006, None),
        Err(SubtensorError::AmountTooLow.into())
    );
    assert!(add(&mut s, 2_001_007, None).is_ok());
}

#[test]
fn staking_a_whole_balance_keeps_the_existential_deposit() {
    let mut s = state(10 * TAO);
    assert_eq!(
        add(&mut s, 10 * TAO + 1, None),
        Err(SubtensorError::NotEnoughBalanceToStake.into())
    );
    let mut events = Vec::new();
    in_block(&mut s, &mut events, |ctx| {
        add_stake(ctx, &account(3), &account(2), 1, 10 * TAO, None)
    })
    .unwrap();
    // All but the existential deposit (500 rao) moved and was staked.
    assert_eq!(
        balances::free_balance(&s, &account(3)),
        balances::EXISTENTIAL_DEPOSIT
    );
    let staked = match subtensor_events(&events).as_slice() {
        [SubtensorEvent::StakeAdded(_, _, tao, ..)] => *tao,
        other => panic!("{other:?}"),
    };
    assert_eq!(staked, 10 * TAO - balances::EXISTENTIAL_DEPOSIT);
}

#[test]
fn add_stake_checks_run_in_subtensors_order() {
    let mut s = state(100 * TAO);
    // An amount beyond 1000 × SubnetTAO fails first, even where the subtoken is off.
    SubtokenEnabled::insert(&mut s, &2, false);
    let err = add_stake_on(&mut s, 2, 1000 * 1000 * TAO + 1, None);
    assert_eq!(err, Err(SubtensorError::InsufficientLiquidity.into()));
    // A limit at or below the price: the swap pallet's error, before the subnet is even looked at.
    assert_eq!(
        add(&mut s, TAO, Some((TAO, false))),
        Err(SwapPalletError::PriceLimitExceeded.into())
    );
    // Then subnet, subtoken, amount, limit, balance, hotkey.
    assert_eq!(
        add_stake_on(&mut s, 7, TAO, None),
        Err(SubtensorError::SubnetNotExists.into())
    );
    assert_eq!(
        add_stake_on(&mut s, 2, TAO, None),
        Err(SubtensorError::SubtokenDisabled.into())
    );
    let mut events = Vec::new();
    let unknown_hotkey = in_block(&mut s, &mut events, |ctx| {
        add_stake(ctx, &account(3), &account(9), 1, 1000 * TAO, None)
    });
    assert_eq!(
        unknown_hotkey,
        Err(SubtensorError::NotEnoughBalanceToStake.into())
    );
    let unknown_hotkey = in_block(&mut s, &mut events, |ctx| {
        add_stake(ctx, &account(3), &account(9), 1, TAO, None)
    });
    assert_eq!(
        unknown_hotkey,
        Err(SubtensorError::HotKeyAccountNotExists.into())
    );
    assert!(events.is_empty());
    assert_eq!(balances::free_balance(&s, &account(3)), 100 * TAO);
}

fn add_stake_on(
    s: &mut Storage,
    netuid: NetUid,
    tao: u64,
    limit: Option<(u64, bool)>,
) -> Result<u64, DispatchError> {
    let mut events = Vec::new();
    in_block(s, &mut events, |ctx| {
        add_stake(ctx, &account(3), &account(2), netuid, tao, limit)
    })
}

#[test]
fn limit_orders_fill_partially_or_fail() {
    let mut s = state(200 * TAO);
    // Limit 1.1025 = 1.05² on 1000/1000: at most 49_999_999_999 rao swapped plus its recomputed fee
    // 25_190_070 (see `pool::tests::max_amounts_on_a_dynamic_pool`).
    assert_eq!(
        add(&mut s, 100 * TAO, Some((1_102_500_000, false))),
        Err(SubtensorError::SlippageTooHigh.into())
    );
    let mut events = Vec::new();
    let alpha = in_block(&mut s, &mut events, |ctx| {
        add_stake(
            ctx,
            &account(3),
            &account(2),
            1,
            100 * TAO,
            Some((1_102_500_000, true)),
        )
    })
    .unwrap();
    // ⌊10^12·(1 − ⌊10^30/1_049_999_999_999⌋/10^18)⌋ = 47_619_047_618 alpha for 50_025_190_069 rao.
    assert_eq!(alpha, 47_619_047_618);
    assert_eq!(
        balances::free_balance(&s, &account(3)),
        200 * TAO - 50_025_190_069
    );
    assert_eq!(
        subtensor_events(&events),
        vec![SubtensorEvent::StakeAdded(
            account(3),
            account(2),
            50_025_190_069,
            alpha,
            1,
            25_190_070
        )]
    );
    // Staking through another coldkey's hotkey with a limit makes it a delegate.
    assert!(Delegates::contains_key(&s, &account(2)));
}

#[test]
fn remove_stake_checks_run_in_subtensors_order() {
    let mut s = state(100 * TAO);
    let alpha = add(&mut s, 10 * TAO, None).unwrap();
    // `remove_stake` checks the subtoken first; `remove_stake_limit` does not.
    SubtokenEnabled::insert(&mut s, &1, false);
    assert_eq!(
        remove(&mut s, alpha, None),
        Err(SubtensorError::SubtokenDisabled.into())
    );
    SubtokenEnabled::insert(&mut s, &1, true);
    assert_eq!(
        remove(&mut s, 0, None),
        Err(SubtensorError::AmountTooLow.into())
    );
    // More than held: `remove_stake` caps at the stake, `remove_stake_limit` refuses.
    assert_eq!(
        remove(&mut s, alpha + 1, Some((MIN_PRICE_RAO, false))),
        Err(SubtensorError::NotEnoughStakeToWithdraw.into())
    );
    // Leaving stake behind, the TAO out must reach 0.002 TAO: 1_000_000 alpha sells for less.
    assert_eq!(
        remove(&mut s, 1_000_000, None),
        Err(SubtensorError::AmountTooLow.into())
    );
    assert_eq!(remove(&mut s, alpha + 1, None), Ok(9_989_981_362));
}

#[test]
fn swap_stake_pays_the_fee_on_the_origin_leg_only() {
    let mut s = state(100 * TAO);
    let alpha = add(&mut s, 10 * TAO, None).unwrap();
    let author_before = balances::free_balance(&s, &AUTHOR);
    let mut events = Vec::new();
    in_block(&mut s, &mut events, |ctx| {
        stake_moves::swap_stake(ctx, &account(3), &account(2), 1, 2, alpha, None)
    })
    .unwrap();
    // Origin leg as in `stake_then_unstake…`: 9_989_981_362 TAO out, the 4_983_135 alpha fee sold for
    // 4_983_159 TAO to the author. Destination leg fee-free on 1000/1000:
    // ⌊10^12 · 9_989_981_362 / 1_009_989_981_362⌋ = 9_891_168_770 alpha.
    assert_eq!(stake(&s, &account(2), &account(3), 1), 0);
    assert_eq!(stake(&s, &account(2), &account(3), 2), 9_891_168_770);
    assert_eq!(
        balances::free_balance(&s, &AUTHOR) - author_before,
        4_983_159
    );
    assert_eq!(balances::free_balance(&s, &account(3)), 90 * TAO);
    assert_eq!(SubnetTAO::get(&s, &2), 1000 * TAO + 9_989_981_362);
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::StakeRemoved(
                account(3),
                account(2),
                9_989_981_362,
                9_891_070_681,
                1,
                4_983_135
            ),
            SubtensorEvent::StakeAdded(account(3), account(2), 9_989_981_362, 9_891_168_770, 2, 0),
            SubtensorEvent::StakeSwapped(account(3), account(2), 1, 2, 9_989_981_362),
        ]
    );
}

#[test]
fn moves_within_a_subnet_transfer_shares_at_the_spot_price() {
    let mut s = state(100 * TAO);
    let alpha = add(&mut s, 10 * TAO, None).unwrap();
    let mut events = Vec::new();
    // Spot price after the stake: 1_009_994_964_523/990_103_946_184 in U64F64; half the alpha
    // (4_948_026_908) is worth ⌊4_948_026_908 · price⌋ = 5_047_431_919 rao.
    in_block(&mut s, &mut events, |ctx| {
        stake_moves::move_stake(ctx, &account(3), &account(2), &account(4), 1, 1, alpha / 2)
    })
    .unwrap();
    assert_eq!(stake(&s, &account(4), &account(3), 1), alpha / 2);
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::StakeRemoved(account(3), account(2), 5_047_431_919, alpha / 2, 1, 0),
            SubtensorEvent::StakeAdded(account(3), account(4), 5_047_431_919, alpha / 2, 1, 0),
            SubtensorEvent::StakeMoved(account(3), account(2), 1, account(4), 1, 5_047_431_919),
        ]
    );
    // Same keys and subnet: `SameNetuid`; transfers need the toggle.
    let mut events = Vec::new();
    let same = in_block(&mut s, &mut events, |ctx| {
        stake_moves::move_stake(ctx, &account(3), &account(4), &account(4), 1, 1, 1)
    });
    assert_eq!(same, Err(SubtensorError::SameNetuid.into()));
    TransferToggle::insert(&mut s, &1, false);
    let disallowed = in_block(&mut s, &mut events, |ctx| {
        stake_moves::transfer_stake(ctx, &account(3), &account(5), &account(4), 1, 1, TAO)
    });
    assert_eq!(disallowed, Err(SubtensorError::TransferDisallowed.into()));
    // Worth under 0.002 TAO at the spot price.
    let dust = in_block(&mut s, &mut events, |ctx| {
        stake_moves::move_stake(ctx, &account(3), &account(4), &account(2), 1, 1, 1_000)
    });
    assert_eq!(dust, Err(SubtensorError::AmountTooLow.into()));
}

#[test]
fn unstake_all_alpha_sells_every_subnet_and_stakes_the_tao_on_root() {
    let mut s = state(100 * TAO);
    let alpha = add(&mut s, 10 * TAO, None).unwrap();
    assert_eq!(alpha, 9_896_053_816);
    let author_before = balances::free_balance(&s, &AUTHOR);
    let mut events = Vec::new();
    in_block(&mut s, &mut events, |ctx| {
        stake_moves::unstake_all_alpha(ctx, &account(3), &account(2))
    })
    .unwrap();
    // Subnet 1 as in `stake_then_unstake…`: 9_989_981_362 TAO for 9_891_070_681 alpha, the 4_983_135
    // alpha fee sold for 4_983_159 TAO to the author; then the TAO bought root stake 1:1, fee-free.
    assert_eq!(stake(&s, &account(2), &account(3), 1), 0);
    assert_eq!(stake(&s, &account(2), &account(3), 0), 9_989_981_362);
    assert_eq!(balances::free_balance(&s, &account(3)), 90 * TAO);
    assert_eq!(
        balances::free_balance(&s, &AUTHOR) - author_before,
        4_983_159
    );
    assert_eq!(SubnetTAO::get(&s, &0), 9_989_981_362);
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::StakeRemoved(
                account(3),
                account(2),
                9_989_981_362,
                9_891_070_681,
                1,
                4_983_135
            ),
            SubtensorEvent::StakeAdded(account(3), account(2), 9_989_981_362, 9_989_981_362, 0, 0),
        ]
    );
    // Nothing left to sell: the root stake of 0 TAO fails `AmountTooLow`, as on subtensor.
    let again = in_block(&mut s, &mut events, |ctx| {
        stake_moves::unstake_all_alpha(ctx, &account(3), &account(2))
    });
    assert_eq!(again, Err(SubtensorError::AmountTooLow.into()));
    let unknown = in_block(&mut s, &mut events, |ctx| {
        stake_moves::unstake_all_alpha(ctx, &account(3), &account(9))
    });
    assert_eq!(unknown, Err(SubtensorError::HotKeyAccountNotExists.into()));
}

#[test]
fn recycle_takes_alpha_out_of_issuance_and_burn_leaves_it_counted() {
    let mut s = state(100 * TAO);
    let alpha = add(&mut s, 10 * TAO, None).unwrap();
    let mut events = Vec::new();
    let recycled = in_block(&mut s, &mut events, |ctx| {
        recycle_alpha(ctx, &account(3), &account(2), TAO, 1)
    });
    assert_eq!(recycled, Ok(TAO));
    assert_eq!(stake(&s, &account(2), &account(3), 1), alpha - TAO);
    assert_eq!(SubnetAlphaOut::get(&s, &1), alpha - TAO);
    // Burning asks for more than is held: the rest of the stake goes, `SubnetAlphaOut` keeps it.
    let burned = in_block(&mut s, &mut events, |ctx| {
        burn_alpha(ctx, &account(3), &account(2), alpha, 1)
    });
    assert_eq!(burned, Ok(alpha - TAO));
    assert_eq!(stake(&s, &account(2), &account(3), 1), 0);
    assert_eq!(SubnetAlphaOut::get(&s, &1), alpha - TAO);
    // The pool and the balances are untouched by both.
    assert_eq!(SubnetAlphaIn::get(&s, &1), 1000 * TAO - alpha);
    assert_eq!(balances::free_balance(&s, &account(3)), 90 * TAO);
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::AlphaRecycled(account(3), account(2), TAO, 1),
            SubtensorEvent::AlphaBurned(account(3), account(2), alpha - TAO, 1),
        ]
    );
}

#[test]
fn recycle_and_burn_checks_run_in_subtensors_order() {
    let mut s = state(100 * TAO);
    add(&mut s, 10 * TAO, None).unwrap();
    NetworksAdded::insert(&mut s, &0, true);
    let mut events = Vec::new();
    let mut run = |s: &mut Storage, hotkey: u8, amount: u64, netuid: NetUid| {
        in_block(s, &mut events, |ctx| {
            recycle_alpha(ctx, &account(3), &account(hotkey), amount, netuid)
        })
    };
    assert_eq!(
        run(&mut s, 2, TAO, 7),
        Err(SubtensorError::SubnetNotExists.into())
    );
    assert_eq!(
        run(&mut s, 2, TAO, 0),
        Err(SubtensorError::CannotBurnOrRecycleOnRootSubnet.into())
    );
    SubtokenEnabled::insert(&mut s, &2, false);
    assert_eq!(
        run(&mut s, 2, TAO, 2),
        Err(SubtensorError::SubtokenDisabled.into())
    );
    assert_eq!(
        run(&mut s, 9, TAO, 1),
        Err(SubtensorError::HotKeyAccountNotExists.into())
    );
    // `SubnetAlphaOut` must cover the (capped) amount.
    SubnetAlphaOut::insert(&mut s, &1, TAO - 1);
    assert_eq!(
        run(&mut s, 2, TAO, 1),
        Err(SubtensorError::InsufficientLiquidity.into())
    );
    // Nothing staked through hotkey 4: the amount is capped to 0 and the call still succeeds.
    assert_eq!(run(&mut s, 4, TAO, 1), Ok(0));
    assert_eq!(SubnetAlphaOut::get(&s, &1), TAO - 1);
}

#[test]
fn add_stake_burn_buys_back_and_burns_the_alpha() {
    let mut s = state(100 * TAO);
    let mut events = Vec::new();
    in_block(&mut s, &mut events, |ctx| {
        add_stake_burn(ctx, &account(3), &account(2), 1, 10 * TAO, None)
    })
    .unwrap();
    // The stake of `stake_then_unstake…` (9_896_053_816 alpha for 10 TAO), then all of it burned.
    assert_eq!(stake(&s, &account(2), &account(3), 1), 0);
    assert_eq!(SubnetAlphaOut::get(&s, &1), 9_896_053_816);
    assert_eq!(balances::free_balance(&s, &account(3)), 90 * TAO);
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::StakeAdded(
                account(3),
                account(2),
                10 * TAO,
                9_896_053_816,
                1,
                5_035_477
            ),
            SubtensorEvent::AlphaBurned(account(3), account(2), 9_896_053_816, 1),
            SubtensorEvent::AddStakeBurn {
                netuid: 1,
                hotkey: account(2),
                amount: 10 * TAO,
                alpha: 9_896_053_816
            },
        ]
    );
    // With a limit it is fill-or-kill: 100 TAO exceed what the limit 1.1025 admits (see
    // `limit_orders_fill_partially_or_fail`).
    let limited = in_block(&mut s, &mut events, |ctx| {
        add_stake_burn(
            ctx,
            &account(3),
            &account(2),
            2,
            100 * TAO,
            Some(1_102_500_000),
        )
    });
    assert_eq!(limited, Err(SubtensorError::SlippageTooHigh.into()));
}

#[test]
fn auto_stake_destination_moves_between_hotkeys_of_the_subnet() {
    // subtensor's auto_stake_hotkey tests: SubnetNotExists, HotKeyNotRegisteredInSubNet, set, same
    // again, change (the reverse index follows).
    let mut s = state(0);
    Uids::insert(&mut s, &1, &account(2), 0);
    Uids::insert(&mut s, &1, &account(4), 1);
    let mut events = Vec::new();
    let mut set = |s: &mut Storage, netuid: NetUid, hotkey: u8| {
        in_block(s, &mut events, |ctx| {
            set_coldkey_auto_stake_hotkey(ctx, &account(3), netuid, &account(hotkey))
        })
    };
    assert_eq!(
        set(&mut s, 9, 2),
        Err(SubtensorError::SubnetNotExists.into())
    );
    assert_eq!(
        set(&mut s, 1, 5),
        Err(SubtensorError::HotKeyNotRegisteredInSubNet.into())
    );
    assert_eq!(set(&mut s, 1, 2), Ok(()));
    assert_eq!(
        AutoStakeDestination::try_get(&s, &account(3), &1),
        Some(account(2))
    );
    assert_eq!(
        AutoStakeDestinationColdkeys::get(&s, &account(2), &1),
        vec![account(3)]
    );
    assert_eq!(
        set(&mut s, 1, 2),
        Err(SubtensorError::SameAutoStakeHotkeyAlreadySet.into())
    );
    assert_eq!(set(&mut s, 1, 4), Ok(()));
    assert_eq!(
        AutoStakeDestination::try_get(&s, &account(3), &1),
        Some(account(4))
    );
    assert!(AutoStakeDestinationColdkeys::get(&s, &account(2), &1).is_empty());
    assert_eq!(
        AutoStakeDestinationColdkeys::get(&s, &account(4), &1),
        vec![account(3)]
    );
    assert_eq!(
        subtensor_events(&events),
        vec![
            SubtensorEvent::AutoStakeDestinationSet {
                coldkey: account(3),
                netuid: 1,
                hotkey: account(2)
            },
            SubtensorEvent::AutoStakeDestinationSet {
                coldkey: account(3),
                netuid: 1,
                hotkey: account(4)
            },
        ]
    );
}

#[test]
fn raising_the_nominator_minimum_clears_small_nominations() {
    // `NominatorMinRequiredStake` is a per-million factor of the 0.002 TAO minimum stake, and
    // `sudo_set_nominator_min_required_stake` sweeps only when the new factor exceeds the previous
    // minimum *in rao* (subtensor compares the two as they are).
    let mut s = state(100 * TAO);
    add(&mut s, 10 * TAO, None).unwrap();
    // The hotkey's owner holds stake too (credited without a swap): an owner is never cleared.
    increase_stake(&mut s, &account(2), &account(1), 1, 5);
    let set = |s: &mut Storage, factor: u64| {
        let mut events = Vec::new();
        in_block(s, &mut events, |ctx| {
            crate::admin::dispatch(
                ctx,
                crate::admin::AdminOrigin::Root,
                &crate::call::AdminCall::sudo_set_nominator_min_required_stake {
                    min_stake: factor,
                },
            )
        })
        .unwrap();
        subtensor_events(&events)
    };
    // A factor of 5·10⁹ per million of 0.002 TAO = 10 TAO; at the price
    // 1_009_994_964_523 / 990_103_946_184 ≈ 1.0201 that is ≈ 9.80 alpha, below the 9.896 held: swept,
    // nothing cleared.
    assert!(set(&mut s, 5_000_000_000).is_empty());
    assert_eq!(stake(&s, &account(2), &account(3), 1), 9_896_053_816);
    // 10¹⁰ (20 TAO) is not above the previous minimum of 10¹⁰ rao: no sweep, the small stake stays.
    assert!(set(&mut s, 10_000_000_000).is_empty());
    assert_eq!(stake(&s, &account(2), &account(3), 1), 9_896_053_816);
    // 2·10¹⁰ + 1 is above 2·10¹⁰ rao: swept, and the nomination (worth < 40 TAO) is unstaked whole.
    let events = set(&mut s, 20_000_000_001);
    assert_eq!(
        events,
        vec![SubtensorEvent::StakeRemoved(
            account(3),
            account(2),
            9_989_981_362,
            9_891_070_681,
            1,
            4_983_135
        )]
    );
    assert_eq!(stake(&s, &account(2), &account(3), 1), 0);
    assert_eq!(stake(&s, &account(2), &account(1), 1), 5);
    assert_eq!(nominator_min_required_stake(&s), 40_000_000_002);
}

//! Neuron registration: `burned_register` and its price-limited form `register_limit`, UID assignment,
//! immunity, pruning when the subnet is full, the registration price (decay every block, bump per
//! registration), and `root_register` on the root network (no burn, capped per block and per adjustment
//! interval, the lowest root stake replaced when full). Follows subtensor main's
//! `subnets/registration.rs` and `subnets/uids.rs`.
//!
//! A registration burn is paid as subtensor pays it: the coldkey needs `Burn` in its free balance, and
//! at most its free balance less the existential deposit moves to the subnet account. That TAO buys alpha
//! through the pool *with* the swap fee (`amount − fee` enters `SubnetTAO`, the alpha leaves
//! `SubnetAlphaIn` and is destroyed, `SubnetAlphaOut` ends where it was); the fee is paid to nobody and
//! stays in the subnet account, outside the pool, while `TotalStake` counts the whole amount.
//!
//! When the subnet is full the new hotkey takes the UID of [`neuron_to_prune`]: never one of the owner's
//! immortal hotkeys ([`immune_owner_uids`]), the lowest `Emission` (then the earlier registration, then
//! the lower UID) among the non-immune UIDs if there are more than `MinNonImmuneUids` of them, otherwise
//! among the immune ones.

use crate::balances::{self, EXISTENTIAL_DEPOSIT};
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, Uid, ROOT_NETUID};

/// Whether `account` is a subnet's pool account: `PalletId(*b"subtensr")`'s sub-account of any netuid
/// (`modl` `subtensr` netuid, then zeros), which subtensor refuses as a hotkey.
pub fn is_subnet_account(account: &AccountId) -> bool {
    let raw = &account.0;
    raw[..4] == *b"modl" && raw[4..12] == *b"subtensr" && raw[14..].iter().all(|b| *b == 0)
}

/// Makes `coldkey` the owner of `hotkey` if the hotkey is new (subtensor's
/// `create_account_if_non_existent`): `Owner`, `OwnedHotkeys` and `StakingHotkeys`. A subnet account
/// cannot be a hotkey (`CannotUseSystemAccount`).
pub fn create_hotkey_account(
    s: &mut Storage,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<(), DispatchError> {
    if is_subnet_account(hotkey) {
        return Err(SubtensorError::CannotUseSystemAccount.into());
    }
    if !hotkey_exists(s, hotkey) {
        Owner::insert(s, hotkey, *coldkey);
        OwnedHotkeys::mutate(s, coldkey, |hks| {
            if !hks.contains(hotkey) {
                hks.push(*hotkey);
            }
        });
        StakingHotkeys::mutate(s, coldkey, |hks| {
            if !hks.contains(hotkey) {
                hks.push(*hotkey);
            }
        });
    }
    Ok(())
}

/// Whether `hotkey` has an owner (subtensor: "hotkey account exists").
pub fn hotkey_exists(s: &Storage, hotkey: &AccountId) -> bool {
    Owner::get(s, hotkey) != AccountId::ZERO
}

/// Appends `hotkey` as a new UID at the end of the subnet.
pub fn append_neuron(ctx: &mut Ctx<'_>, netuid: NetUid, hotkey: &AccountId) -> Uid {
    let s = &mut *ctx.s;
    let uid = SubnetworkN::get(s, &netuid);
    SubnetworkN::insert(s, &netuid, uid.saturating_add(1));
    Active::mutate(s, &netuid, |v| v.push(true));
    Emission::mutate(s, &netuid, |v| v.push(0));
    Consensus::mutate(s, &netuid, |v| v.push(0));
    Incentive::mutate(s, &netuid, |v| v.push(0));
    set_last_update(s, netuid, uid, ctx.block);
    Dividends::mutate(s, &netuid, |v| v.push(0));
    ValidatorTrust::mutate(s, &netuid, |v| v.push(0));
    ValidatorPermit::mutate(s, &netuid, |v| v.push(false));
    bind(ctx, netuid, uid, hotkey);
    uid
}

fn bind(ctx: &mut Ctx<'_>, netuid: NetUid, uid: Uid, hotkey: &AccountId) {
    Keys::insert(ctx.s, &netuid, &uid, *hotkey);
    Uids::insert(ctx.s, &netuid, hotkey, uid);
    BlockAtRegistration::insert(ctx.s, &netuid, &uid, ctx.block);
    IsNetworkMember::insert(ctx.s, hotkey, &netuid, true);
}

/// Sets `v[i]` if it exists (subtensor's `set_element_at`: a missing entry stays missing).
fn set_existing<T>(v: &mut [T], i: usize, value: T) {
    if let Some(slot) = v.get_mut(i) {
        *slot = value;
    }
}

/// `LastUpdate[uid] = block`, the vector first padded with zeros to `SubnetworkN` (subtensor's
/// `get_last_update` + `set_last_update_for_uid`).
fn set_last_update(s: &mut Storage, netuid: NetUid, uid: Uid, block: u64) {
    let n = usize::from(SubnetworkN::get(s, &netuid));
    LastUpdate::mutate(s, &netuid, |v| {
        if v.len() < n {
            v.resize(n, 0);
        }
        set_existing(v, usize::from(uid), block);
    });
}

/// Resets what the neuron at `uid` earned and set (subtensor's `clear_neuron`): its emission,
/// consensus, incentive, dividends, stake weight, validator trust and permit; its bonds and weight row
/// are removed, and every weight pointing at it is set to 0 (the entry stays).
fn clear_neuron(s: &mut Storage, netuid: NetUid, uid: Uid) {
    let i = usize::from(uid);
    Emission::mutate(s, &netuid, |v| set_existing(v, i, 0));
    Consensus::mutate(s, &netuid, |v| set_existing(v, i, 0));
    Incentive::mutate(s, &netuid, |v| set_existing(v, i, 0));
    Bonds::remove(s, &netuid, &uid);
    Weights::remove(s, &netuid, &uid);
    for (row_uid, mut row) in Weights::iter_prefix(s, &netuid) {
        for (dest, weight) in row.iter_mut() {
            if *dest == uid {
                *weight = 0;
            }
        }
        Weights::insert(s, &netuid, &row_uid, row);
    }
    Dividends::mutate(s, &netuid, |v| set_existing(v, i, 0));
    StakeWeight::mutate(s, &netuid, |v| set_existing(v, i, 0));
    ValidatorTrust::mutate(s, &netuid, |v| set_existing(v, i, 0));
    ValidatorPermit::mutate(s, &netuid, |v| set_existing(v, i, false));
}

/// Replaces the neuron at `uid` with `hotkey` (subtensor's `replace_neuron`): the old hotkey loses its
/// membership, axon and Prometheus endpoint, the slot is cleared ([`clear_neuron`]), marked active, and
/// its `BlockAtRegistration` and `LastUpdate` become the current block. The old hotkey's stake stays
/// with it. The subnet owner's hotkey is never replaced: the call then changes nothing.
pub fn replace_neuron(ctx: &mut Ctx<'_>, netuid: NetUid, uid: Uid, hotkey: &AccountId) {
    let old = Keys::get(ctx.s, &netuid, &uid);
    if SubnetOwnerHotkey::try_get(ctx.s, &netuid) == Some(old) {
        return;
    }
    Uids::remove(ctx.s, &netuid, &old);
    IsNetworkMember::remove(ctx.s, &old, &netuid);
    Keys::remove(ctx.s, &netuid, &uid);
    Active::mutate(ctx.s, &netuid, |v| set_existing(v, usize::from(uid), true));
    bind(ctx, netuid, uid, hotkey);
    Axons::remove(ctx.s, &netuid, &old);
    Prometheus::remove(ctx.s, &netuid, &old);
    clear_neuron(ctx.s, netuid, uid);
    set_last_update(ctx.s, netuid, uid, ctx.block);
}

/// Whether `uid` is still inside its immunity period: `block − BlockAtRegistration < ImmunityPeriod`.
pub fn is_immune(s: &Storage, netuid: NetUid, uid: Uid, block: u64) -> bool {
    let registered = BlockAtRegistration::get(s, &netuid, &uid);
    block.saturating_sub(registered) < u64::from(ImmunityPeriod::get(s, &netuid))
}

/// The subnet owner's immortal `(uid, hotkey)`s (subtensor's `get_immune_owner_tuples`): the registered
/// hotkeys of the owner coldkey, earliest registration first (then lower UID), at most
/// `ImmuneOwnerUidsLimit` of them; `SubnetOwnerHotkey`'s UID is put first if it is not among them, and the
/// list cut to the limit again (so a limit of 0 leaves nobody immortal).
pub fn immune_owner_uids(s: &Storage, netuid: NetUid) -> Vec<(Uid, AccountId)> {
    let owner_coldkey = SubnetOwner::get(s, &netuid);
    let mut owned: Vec<(u64, Uid, AccountId)> = OwnedHotkeys::get(s, &owner_coldkey)
        .into_iter()
        .filter_map(|hotkey| {
            Uids::try_get(s, &netuid, &hotkey)
                .map(|uid| (BlockAtRegistration::get(s, &netuid, &uid), uid, hotkey))
        })
        .collect();
    owned.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let limit = usize::from(ImmuneOwnerUidsLimit::get(s, &netuid));
    owned.truncate(limit);
    let mut immortal: Vec<(Uid, AccountId)> = owned
        .into_iter()
        .map(|(_, uid, hotkey)| (uid, hotkey))
        .collect();
    if let Some(owner_hotkey) = SubnetOwnerHotkey::try_get(s, &netuid) {
        if let Some(owner_uid) = Uids::try_get(s, &netuid, &owner_hotkey) {
            if !immortal.contains(&(owner_uid, owner_hotkey)) {
                immortal.insert(0, (owner_uid, owner_hotkey));
                immortal.truncate(limit);
            }
        }
    }
    immortal
}

/// The UID a registration on a full subnet replaces (subtensor's `get_neuron_to_prune`), or `None`.
///
/// The owner's immortal hotkeys are skipped. Among the rest, candidates are ranked by `Emission`, then
/// `BlockAtRegistration`, then UID (lowest first). The best non-immune UID is taken when more than
/// `MinNonImmuneUids` non-immune UIDs exist; otherwise the best immune UID (`None` when there is none).
pub fn neuron_to_prune(s: &Storage, netuid: NetUid, block: u64) -> Option<Uid> {
    let n = SubnetworkN::get(s, &netuid);
    if n == 0 {
        return None;
    }
    let immortal: Vec<AccountId> = immune_owner_uids(s, netuid)
        .into_iter()
        .map(|(_, hotkey)| hotkey)
        .collect();
    let emission = Emission::get(s, &netuid);
    let mut non_immune_count: u16 = 0;
    let mut best_non_immune: Option<(u64, u64, Uid)> = None;
    let mut best_immune: Option<(u64, u64, Uid)> = None;
    for uid in 0..n {
        let Some(hotkey) = Keys::try_get(s, &netuid, &uid) else {
            continue;
        };
        if immortal.contains(&hotkey) {
            continue;
        }
        let rank = (
            emission.get(usize::from(uid)).copied().unwrap_or(0),
            BlockAtRegistration::get(s, &netuid, &uid),
            uid,
        );
        let best = if is_immune(s, netuid, uid, block) {
            &mut best_immune
        } else {
            non_immune_count = non_immune_count.saturating_add(1);
            &mut best_non_immune
        };
        if best.is_none_or(|b| rank < b) {
            *best = Some(rank);
        }
    }
    if non_immune_count > MinNonImmuneUids::get(s, &netuid) {
        if let Some((_, _, uid)) = best_non_immune {
            return Some(uid);
        }
    }
    best_immune.map(|(_, _, uid)| uid)
}

/// Moves up to `amount` from `coldkey` to `netuid`'s account, keeping the coldkey alive (subtensor's
/// `transfer_tao_to_subnet`): `min(amount, free − ED)`, `InsufficientBalance` when that is 0 for a
/// non-zero `amount`. Returns what moved.
pub fn transfer_tao_to_subnet(
    s: &mut Storage,
    netuid: NetUid,
    coldkey: &AccountId,
    amount: u64,
) -> Result<u64, DispatchError> {
    if amount == 0 {
        return Ok(0);
    }
    let movable = balances::free_balance(s, coldkey).saturating_sub(EXISTENTIAL_DEPOSIT);
    let moved = amount.min(movable);
    if moved == 0 {
        return Err(SubtensorError::InsufficientBalance.into());
    }
    balances::transfer(
        s,
        coldkey,
        &subnet_account(netuid),
        moved,
        balances::Existence::KeepAlive,
    )?;
    Ok(moved)
}

/// Swaps `tao` (already in the subnet account) for alpha through the pool with its fee, at the highest
/// price, and destroys the alpha, as `do_register` does with `swap_tao_for_alpha`: `tao − fee` enters
/// `SubnetTAO`, the alpha leaves `SubnetAlphaIn` and `SubnetAlphaOut` ends where it was, `TotalStake`
/// and `SubnetVolume` grow by `tao`, and the fee stays in the subnet account. A swap the pool refuses
/// fails the registration with the swap's error.
fn burn_for_alpha(s: &mut Storage, netuid: NetUid, tao: u64) -> Result<u64, DispatchError> {
    let swap =
        crate::pool::swap_tao_for_alpha(s, netuid, tao, crate::math::swap::MAX_PRICE_RAO, false)?;
    SubnetAlphaOut::mutate(s, &netuid, |a| *a = a.saturating_sub(swap.amount_out));
    Ok(swap.amount_out)
}

/// `burned_register(netuid, hotkey)`: pays the registration price and gives `hotkey` a UID
/// (subtensor's `do_register`, checks in its order).
pub fn burned_register(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    netuid: NetUid,
    hotkey: &AccountId,
) -> Result<Uid, DispatchError> {
    if netuid == ROOT_NETUID {
        return Err(SubtensorError::RegistrationNotPermittedOnRootSubnet.into());
    }
    subnets::ensure_exists(ctx.s, netuid)?;
    if !NetworkRegistrationAllowed::get(ctx.s, &netuid) {
        return Err(SubtensorError::SubNetRegistrationDisabled.into());
    }
    if Uids::contains_key(ctx.s, &netuid, hotkey) {
        return Err(SubtensorError::HotKeyAlreadyRegisteredInSubNet.into());
    }
    // The price was decayed at the start of this block and bumped by each registration before this one.
    let burn = Burn::get(ctx.s, &netuid);
    if burn > balances::free_balance(ctx.s, coldkey) {
        return Err(SubtensorError::NotEnoughBalanceToStake.into());
    }
    create_hotkey_account(ctx.s, coldkey, hotkey)?;
    if Owner::get(ctx.s, hotkey) != *coldkey {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    let max_uids = MaxAllowedUids::get(ctx.s, &netuid);
    if max_uids == 0 {
        return Err(SubtensorError::NoNeuronIdAvailable.into());
    }
    let prune = if SubnetworkN::get(ctx.s, &netuid) >= max_uids {
        Some(neuron_to_prune(ctx.s, netuid, ctx.block).ok_or(SubtensorError::NoNeuronIdAvailable)?)
    } else {
        None
    };

    let paid = transfer_tao_to_subnet(ctx.s, netuid, coldkey, burn)?;
    burn_for_alpha(ctx.s, netuid, paid)?;

    let uid = match prune {
        Some(uid) => {
            replace_neuron(ctx, netuid, uid, hotkey);
            uid
        }
        None => append_neuron(ctx, netuid, hotkey),
    };
    let bumped = crate::math::burn::bump_burn(
        burn,
        substrate_fixed::types::U64F64::from_bits(BurnIncreaseMult::get(ctx.s, &netuid)),
        MinBurn::get(ctx.s, &netuid),
        MaxBurn::get(ctx.s, &netuid),
    );
    Burn::insert(ctx.s, &netuid, bumped);
    RegistrationsThisBlock::mutate(ctx.s, &netuid, |r| *r = r.saturating_add(1));
    RAORecycledForRegistration::mutate(ctx.s, &netuid, |r| *r = r.saturating_add(burn));
    crate::coinbase::record_tao_inflow(ctx.s, netuid, paid);
    ctx.deposit(SubtensorEvent::NeuronRegistered(netuid, uid, *hotkey));
    Ok(uid)
}

/// The delegate take a root member gets when it has none (18%, subtensor's default take).
pub const ROOT_DELEGATE_TAKE: u16 = 11_796;

/// `register_limit(netuid, hotkey, limit_price)`: `burned_register`, refused with
/// `RegistrationPriceLimitExceeded` when the registration price is above `limit_price` (rao).
pub fn register_limit(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    netuid: NetUid,
    hotkey: &AccountId,
    limit_price: u64,
) -> Result<Uid, DispatchError> {
    if netuid == ROOT_NETUID {
        return Err(SubtensorError::RegistrationNotPermittedOnRootSubnet.into());
    }
    subnets::ensure_exists(ctx.s, netuid)?;
    if Burn::get(ctx.s, &netuid) > limit_price {
        return Err(SubtensorError::RegistrationPriceLimitExceeded.into());
    }
    burned_register(ctx, coldkey, netuid, hotkey)
}

/// `root_register(hotkey)`: gives `hotkey` a UID on the root network. Nothing is burned; at most
/// `MaxRegistrationsPerBlock` registrations a block and three times `TargetRegistrationsPerInterval` an
/// adjustment interval. When root is full the hotkey with the least root stake (the lowest UID among
/// equals) is replaced, provided the newcomer has strictly more root stake (`StakeTooLowForRoot`).
/// Every root member gets a delegate take (18%) if it has none.
pub fn root_register(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
) -> Result<Uid, DispatchError> {
    let root = ROOT_NETUID;
    if !subnets::exists(ctx.s, root) {
        return Err(SubtensorError::RootNetworkDoesNotExist.into());
    }
    if RegistrationsThisBlock::get(ctx.s, &root) >= MaxRegistrationsPerBlock::get(ctx.s, &root) {
        return Err(SubtensorError::TooManyRegistrationsThisBlock.into());
    }
    let interval_cap = TargetRegistrationsPerInterval::get(ctx.s, &root).saturating_mul(3);
    if RegistrationsThisInterval::get(ctx.s, &root) >= interval_cap {
        return Err(SubtensorError::TooManyRegistrationsThisInterval.into());
    }
    if Uids::contains_key(ctx.s, &root, hotkey) {
        return Err(SubtensorError::HotKeyAlreadyRegisteredInSubNet.into());
    }
    create_hotkey_account(ctx.s, coldkey, hotkey)?;
    let n = SubnetworkN::get(ctx.s, &root);
    let uid = if n < MaxAllowedUids::get(ctx.s, &root) {
        append_neuron(ctx, root, hotkey)
    } else {
        let (lowest_uid, lowest_stake) = (0..n)
            .map(|uid| {
                let member = Keys::get(ctx.s, &root, &uid);
                (uid, crate::staking::hotkey_stake(ctx.s, &member, root))
            })
            .min_by_key(|(uid, stake)| (*stake, *uid))
            .ok_or(SubtensorError::NoNeuronIdAvailable)?;
        if crate::staking::hotkey_stake(ctx.s, hotkey, root) <= lowest_stake {
            return Err(SubtensorError::StakeTooLowForRoot.into());
        }
        replace_neuron(ctx, root, lowest_uid, hotkey);
        lowest_uid
    };
    if !Delegates::contains_key(ctx.s, hotkey) {
        Delegates::insert(ctx.s, hotkey, ROOT_DELEGATE_TAKE);
    }
    RegistrationsThisInterval::mutate(ctx.s, &root, |r| *r = r.saturating_add(1));
    RegistrationsThisBlock::mutate(ctx.s, &root, |r| *r = r.saturating_add(1));
    ctx.deposit(SubtensorEvent::NeuronRegistered(root, uid, *hotkey));
    Ok(uid)
}

/// The root network's registration counters at the start of a block (the root step of subtensor's
/// `update_registration_prices_for_networks`): the per-block count resets every block, the interval
/// count whenever root's epoch is due (`should_run_epoch`). Root's epoch never runs (the coinbase skips
/// root), so from block `ROOT_TEMPO` (100) on a fresh chain it is due, and the interval count resets, in
/// every block.
pub fn root_block_step(s: &mut Storage, block: u64) {
    let root = ROOT_NETUID;
    if !subnets::exists(s, root) {
        return;
    }
    if RegistrationsThisBlock::get(s, &root) != 0 {
        RegistrationsThisBlock::insert(s, &root, 0);
    }
    if crate::coinbase::epoch_due(s, root, block) && RegistrationsThisInterval::get(s, &root) != 0 {
        RegistrationsThisInterval::insert(s, &root, 0);
    }
}

/// Per-block registration price decay and counter reset, run at the start of every block
/// (subtensor's `update_registration_prices_for_networks`): `Burn` decays by one block of its half-life
/// from block 2 on (block 1 only clamps it to `[MinBurn, MaxBurn]`).
pub fn update_registration_prices(s: &mut Storage, netuids: &[NetUid], block: u64) {
    for netuid in netuids {
        let burn = Burn::get(s, netuid);
        let half_life = if block > 1 {
            BurnHalfLife::get(s, netuid)
        } else {
            0
        };
        let decayed = crate::math::burn::decay_burn(
            burn,
            half_life,
            MinBurn::get(s, netuid),
            MaxBurn::get(s, netuid),
        );
        if decayed != burn {
            Burn::insert(s, netuid, decayed);
        }
        if RegistrationsThisBlock::get(s, netuid) != 0 {
            RegistrationsThisBlock::insert(s, netuid, 0);
        }
    }
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventRecord, Phase};
    use crate::types::RAO_PER_TAO;

    fn account(n: u8) -> AccountId {
        AccountId([n; 32])
    }

    /// Runs `f` as block `block` would run an extrinsic; returns its result and the events it deposited.
    fn in_block<R>(
        s: &mut Storage,
        block: u64,
        f: impl FnOnce(&mut Ctx<'_>) -> R,
    ) -> (R, Vec<EventRecord>) {
        crate::ctx::in_test_block(s, block, f)
    }

    fn with_root() -> Storage {
        let mut s = Storage::new();
        subnets::init_root_network(&mut s, &account(0xA0), &account(0xA1));
        s
    }

    fn err(e: SubtensorError) -> Result<Uid, DispatchError> {
        Err(e.into())
    }

    #[test]
    fn root_register_appends_makes_a_delegate_and_respects_the_per_block_and_interval_caps() {
        let mut s = with_root();
        let ck = account(1);
        // Block 1: the first registration takes UID 0; a second one in the same block is refused
        // (MaxRegistrationsPerBlock = 1).
        root_block_step(&mut s, 1);
        let (uid, events) = in_block(&mut s, 1, |ctx| root_register(ctx, &ck, &account(11)));
        assert_eq!(uid, Ok(0));
        assert_eq!(
            events.last().map(|e| &e.event),
            Some(&Event::SubtensorModule(SubtensorEvent::NeuronRegistered(
                ROOT_NETUID,
                0,
                account(11)
            )))
        );
        assert_eq!(SubnetworkN::get(&s, &ROOT_NETUID), 1);
        assert_eq!(Keys::get(&s, &ROOT_NETUID, &0), account(11));
        assert_eq!(Owner::get(&s, &account(11)), ck);
        assert_eq!(Delegates::try_get(&s, &account(11)), Some(11_796));
        let (second, _) = in_block(&mut s, 1, |ctx| root_register(ctx, &ck, &account(12)));
        assert_eq!(second, err(SubtensorError::TooManyRegistrationsThisBlock));

        // Blocks 2 and 3: two more; the interval (100 blocks from block 0) now holds 3 = 3 × target 1.
        for (block, hk, want) in [(2, 12, 1), (3, 13, 2)] {
            root_block_step(&mut s, block);
            let (uid, _) = in_block(&mut s, block, |ctx| root_register(ctx, &ck, &account(hk)));
            assert_eq!(uid, Ok(want), "block {block}");
        }
        root_block_step(&mut s, 4);
        let (fourth, _) = in_block(&mut s, 4, |ctx| root_register(ctx, &ck, &account(14)));
        assert_eq!(
            fourth,
            err(SubtensorError::TooManyRegistrationsThisInterval)
        );
        root_block_step(&mut s, 99);
        assert_eq!(RegistrationsThisInterval::get(&s, &ROOT_NETUID), 3);
        // Block 100: root's epoch (tempo 100, never run) is due, so the interval count resets — and it
        // stays due, so from here on the count resets every block (subtensor's `should_run_epoch` for
        // root). No adjustment block is recorded.
        root_block_step(&mut s, 100);
        assert_eq!(RegistrationsThisInterval::get(&s, &ROOT_NETUID), 0);
        assert_eq!(LastAdjustmentBlock::get(&s, &ROOT_NETUID), 0);
        let (uid, _) = in_block(&mut s, 100, |ctx| root_register(ctx, &ck, &account(14)));
        assert_eq!(uid, Ok(3));
        assert_eq!(RegistrationsThisInterval::get(&s, &ROOT_NETUID), 1);
        root_block_step(&mut s, 101);
        assert_eq!(RegistrationsThisInterval::get(&s, &ROOT_NETUID), 0);
        let (again, _) = in_block(&mut s, 101, |ctx| root_register(ctx, &ck, &account(11)));
        assert_eq!(again, err(SubtensorError::HotKeyAlreadyRegisteredInSubNet));
        // Nothing was burned: root registration is free.
        assert_eq!(balances::free_balance(&s, &ck), 0);
    }

    #[test]
    fn a_full_root_replaces_the_lowest_root_stake_only_for_strictly_more_stake() {
        let mut s = with_root();
        MaxAllowedUids::insert(&mut s, &ROOT_NETUID, 2);
        MaxRegistrationsPerBlock::insert(&mut s, &ROOT_NETUID, 10);
        TargetRegistrationsPerInterval::insert(&mut s, &ROOT_NETUID, 10);
        let ck = account(1);
        let (a, b, c) = (account(21), account(22), account(23));
        for hk in [a, b] {
            let (r, _) = in_block(&mut s, 1, |ctx| root_register(ctx, &ck, &hk));
            assert!(r.is_ok());
        }
        crate::staking::increase_stake(&mut s, &a, &ck, ROOT_NETUID, 5 * RAO_PER_TAO);
        crate::staking::increase_stake(&mut s, &b, &ck, ROOT_NETUID, 3 * RAO_PER_TAO);

        // c with as much root stake as the lowest member (b, 3 TAO) is refused.
        crate::staking::increase_stake(&mut s, &c, &ck, ROOT_NETUID, 3 * RAO_PER_TAO);
        let (r, _) = in_block(&mut s, 1, |ctx| root_register(ctx, &ck, &c));
        assert_eq!(r, err(SubtensorError::StakeTooLowForRoot));

        // One rao more and c takes b's UID.
        crate::staking::increase_stake(&mut s, &c, &ck, ROOT_NETUID, 1);
        let (r, _) = in_block(&mut s, 1, |ctx| root_register(ctx, &ck, &c));
        assert_eq!(r, Ok(1));
        assert_eq!(Keys::get(&s, &ROOT_NETUID, &1), c);
        assert_eq!(Uids::try_get(&s, &ROOT_NETUID, &b), None);
        assert_eq!(SubnetworkN::get(&s, &ROOT_NETUID), 2);

        // Between equals (a: 5 TAO, c: 5 TAO) the lower UID goes.
        crate::staking::increase_stake(&mut s, &c, &ck, ROOT_NETUID, 2 * RAO_PER_TAO - 1);
        let d = account(24);
        crate::staking::increase_stake(&mut s, &d, &ck, ROOT_NETUID, 6 * RAO_PER_TAO);
        let (r, _) = in_block(&mut s, 1, |ctx| root_register(ctx, &ck, &d));
        assert_eq!(r, Ok(0));
        assert_eq!(Uids::try_get(&s, &ROOT_NETUID, &a), None);
    }

    #[test]
    fn root_register_needs_the_root_network() {
        let mut s = Storage::new();
        let (r, _) = in_block(&mut s, 1, |ctx| {
            root_register(ctx, &account(1), &account(2))
        });
        assert_eq!(r, err(SubtensorError::RootNetworkDoesNotExist));
    }

    /// Subnet 1 with a 1000 TAO / 1000 alpha pool and a registration price of `burn`.
    fn with_subnet(burn: u64) -> Storage {
        let mut s = with_root();
        NetworksAdded::insert(&mut s, &1, true);
        SubnetMechanism::insert(&mut s, &1, 1);
        SubnetTAO::insert(&mut s, &1, 1_000 * RAO_PER_TAO);
        SubnetAlphaIn::insert(&mut s, &1, 1_000 * RAO_PER_TAO);
        balances::mint(&mut s, &crate::ctx::subnet_account(1), 1_000 * RAO_PER_TAO);
        Burn::insert(&mut s, &1, burn);
        s
    }

    #[test]
    fn register_limit_registers_only_at_or_below_the_limit() {
        let burn = 2 * RAO_PER_TAO;
        let mut s = with_subnet(burn);
        let (ck, hk) = (account(1), account(2));
        balances::mint(&mut s, &ck, 10 * RAO_PER_TAO);

        let (r, _) = in_block(&mut s, 5, |ctx| register_limit(ctx, &ck, 1, &hk, burn - 1));
        assert_eq!(r, err(SubtensorError::RegistrationPriceLimitExceeded));
        assert_eq!(balances::free_balance(&s, &ck), 10 * RAO_PER_TAO);
        assert_eq!(SubnetworkN::get(&s, &1), 0);

        let (r, _) = in_block(&mut s, 5, |ctx| register_limit(ctx, &ck, 1, &hk, burn));
        assert_eq!(r, Ok(0));
        assert_eq!(balances::free_balance(&s, &ck), 8 * RAO_PER_TAO);
        assert_eq!(Keys::get(&s, &1, &0), hk);
        // The burn is user TAO flowing into the pool.
        assert_eq!(SubnetTaoFlow::get(&s, &1), 2_000_000_000);

        let (r, _) = in_block(&mut s, 5, |ctx| register_limit(ctx, &ck, 0, &hk, u64::MAX));
        assert_eq!(r, err(SubtensorError::RegistrationNotPermittedOnRootSubnet));
        let (r, _) = in_block(&mut s, 5, |ctx| register_limit(ctx, &ck, 7, &hk, u64::MAX));
        assert_eq!(r, err(SubtensorError::SubnetNotExists));
    }

    #[test]
    fn a_burn_buys_alpha_with_the_pool_fee_and_destroys_it() {
        let mut s = with_subnet(RAO_PER_TAO);
        let (ck, hk) = (account(1), account(2));
        balances::mint(&mut s, &ck, 10 * RAO_PER_TAO);
        let (r, events) = in_block(&mut s, 5, |ctx| burned_register(ctx, &ck, 1, &hk));
        assert_eq!(r, Ok(0));
        assert_eq!(
            events.last().map(|e| &e.event),
            Some(&Event::SubtensorModule(SubtensorEvent::NeuronRegistered(
                1, 0, hk
            )))
        );
        // 1 TAO left the coldkey for the subnet account.
        assert_eq!(balances::free_balance(&s, &ck), 9 * RAO_PER_TAO);
        assert_eq!(
            balances::free_balance(&s, &subnet_account(1)),
            1_001 * RAO_PER_TAO
        );
        // Fee: ⌊10⁹ · ⌊33·2⁶⁴/65535⌋ / 2⁶⁴⌋ = ⌊503_547.72…⌋ = 503_547, which stays in the account outside
        // the pool; 10⁹ − 503_547 = 999_496_453 enters SubnetTAO.
        assert_eq!(SubnetTAO::get(&s, &1), 1_000 * RAO_PER_TAO + 999_496_453);
        // Alpha bought at ½/½: ⌊10¹² · 999_496_453 / (10¹² + 999_496_453)⌋ = 998_498_457, destroyed.
        assert_eq!(
            SubnetAlphaIn::get(&s, &1),
            1_000 * RAO_PER_TAO - 998_498_457
        );
        assert_eq!(SubnetAlphaOut::get(&s, &1), 0);
        // TotalStake and the volume count the whole burn; the recycled counter too.
        assert_eq!(TotalStake::get(&s), RAO_PER_TAO);
        assert_eq!(SubnetVolume::get(&s, &1), u128::from(RAO_PER_TAO));
        assert_eq!(RAORecycledForRegistration::get(&s, &1), RAO_PER_TAO);
        assert_eq!(SubnetTaoFlow::get(&s, &1), 1_000_000_000);
        // ⌊10⁹ × 1.26000000000000000888…⌋ = 1_260_000_000.
        assert_eq!(Burn::get(&s, &1), 1_260_000_000);
        assert_eq!(RegistrationsThisBlock::get(&s, &1), 1);
        // The new hotkey is the coldkey's, owned and listed as a staking hotkey.
        assert_eq!(Owner::get(&s, &hk), ck);
        assert_eq!(OwnedHotkeys::get(&s, &ck), vec![hk]);
        assert_eq!(StakingHotkeys::get(&s, &ck), vec![hk]);
        assert_eq!(
            (
                BlockAtRegistration::get(&s, &1, &0),
                LastUpdate::get(&s, &1),
                Active::get(&s, &1),
                Emission::get(&s, &1)
            ),
            (5, vec![5], vec![true], vec![0])
        );
    }

    #[test]
    fn the_burn_needs_the_free_balance_and_leaves_the_existential_deposit() {
        let burn = RAO_PER_TAO;
        let mut s = with_subnet(burn);
        let ck = account(1);
        // One rao short of the price.
        balances::mint(&mut s, &ck, burn - 1);
        let (r, _) = in_block(&mut s, 5, |ctx| burned_register(ctx, &ck, 1, &account(2)));
        assert_eq!(r, err(SubtensorError::NotEnoughBalanceToStake));
        // Exactly the price: accepted, and the coldkey keeps the existential deposit, paying 500 rao less.
        balances::mint(&mut s, &ck, 1);
        let (r, _) = in_block(&mut s, 5, |ctx| burned_register(ctx, &ck, 1, &account(2)));
        assert_eq!(r, Ok(0));
        assert_eq!(balances::free_balance(&s, &ck), EXISTENTIAL_DEPOSIT);
        assert_eq!(
            balances::free_balance(&s, &subnet_account(1)),
            1_000 * RAO_PER_TAO + burn - EXISTENTIAL_DEPOSIT
        );
        assert_eq!(SubnetTaoFlow::get(&s, &1), 999_999_500);
        // The recycled counter counts the price, not what moved.
        assert_eq!(RAORecycledForRegistration::get(&s, &1), burn);

        // A price the coldkey holds but cannot pay without dying: 400 rao against a 400 rao balance.
        let mut s = with_subnet(400);
        balances::mint(&mut s, &ck, 400);
        let (r, _) = in_block(&mut s, 5, |ctx| burned_register(ctx, &ck, 1, &account(2)));
        assert_eq!(r, err(SubtensorError::InsufficientBalance));
    }

    #[test]
    fn subnet_accounts_cannot_be_hotkeys() {
        assert!(is_subnet_account(&subnet_account(0)));
        assert!(is_subnet_account(&subnet_account(3)));
        assert!(is_subnet_account(&subnet_account(u16::MAX)));
        let mut near = subnet_account(3);
        near.0[31] = 1;
        assert!(!is_subnet_account(&near));
        assert!(!is_subnet_account(&account(1)));

        let mut s = with_subnet(RAO_PER_TAO);
        let ck = account(1);
        balances::mint(&mut s, &ck, 10 * RAO_PER_TAO);
        let (r, _) = in_block(&mut s, 5, |ctx| {
            burned_register(ctx, &ck, 1, &subnet_account(7))
        });
        assert_eq!(r, err(SubtensorError::CannotUseSystemAccount));
    }

    #[test]
    fn the_price_does_not_decay_in_block_one() {
        let mut s = with_subnet(RAO_PER_TAO);
        update_registration_prices(&mut s, &[1], 1);
        assert_eq!(Burn::get(&s, &1), RAO_PER_TAO);
        // From block 2: ⌊10⁹ · 4_286_705_684 / 2³²⌋ = 998_076_443.
        update_registration_prices(&mut s, &[1], 2);
        assert_eq!(Burn::get(&s, &1), 998_076_443);
        // Block 1 still clamps: a price under MinBurn is raised to it.
        Burn::insert(&mut s, &1, 7);
        update_registration_prices(&mut s, &[1], 1);
        assert_eq!(Burn::get(&s, &1), 500_000);
    }

    /// Subnet 1 owned by coldkey 100 with hotkeys 101.. registered by hand: UID `i` is hotkey
    /// `101 + i`, registered at `blocks[i]` with emission `emission[i]`; `owned` hotkeys belong to the
    /// owner coldkey, UID 0 is `SubnetOwnerHotkey`.
    fn neurons(blocks: &[u64], emission: &[u64], owned: &[Uid]) -> Storage {
        let mut s = with_subnet(RAO_PER_TAO);
        let owner = account(100);
        SubnetOwner::insert(&mut s, &1, owner);
        SubnetOwnerHotkey::insert(&mut s, &1, account(101));
        for (i, block) in blocks.iter().enumerate() {
            let uid = Uid::try_from(i).unwrap_or(Uid::MAX);
            let hotkey = account(101 + u8::try_from(i).unwrap_or(0));
            let coldkey = if owned.contains(&uid) {
                owner
            } else {
                account(200)
            };
            let mut events = Vec::new();
            let mut ctx = Ctx {
                s: &mut s,
                block: *block,
                events: &mut events,
                phase: Phase::ApplyExtrinsic(0),
                author: account(0xAA),
            };
            create_hotkey_account(ctx.s, &coldkey, &hotkey).expect("not a subnet account");
            append_neuron(&mut ctx, 1, &hotkey);
        }
        Emission::insert(&mut s, &1, emission.to_vec());
        let n = SubnetworkN::get(&s, &1);
        MaxAllowedUids::insert(&mut s, &1, n);
        s
    }

    #[test]
    fn the_lowest_emission_goes_then_the_earlier_registration_then_the_lower_uid() {
        // UID 0 is the owner's (immortal). UIDs 1..=4: emissions 5, 3, 3, 3 registered at 20, 30, 10, 10.
        let mut s = neurons(&[1, 20, 30, 10, 10], &[0, 5, 3, 3, 3], &[0]);
        ImmunityPeriod::insert(&mut s, &1, 0);
        MinNonImmuneUids::insert(&mut s, &1, 0);
        // Lowest emission 3 at UIDs 2, 3, 4; the earliest registrations (block 10) are 3 and 4; UID 3.
        assert_eq!(neuron_to_prune(&s, 1, 100), Some(3));
        // Now UID 4 registered earlier than UID 3.
        BlockAtRegistration::insert(&mut s, &1, &4, 9);
        assert_eq!(neuron_to_prune(&s, 1, 100), Some(4));
        // A lower emission wins over any registration block.
        Emission::insert(&mut s, &1, vec![0, 5, 2, 3, 3]);
        assert_eq!(neuron_to_prune(&s, 1, 100), Some(2));
    }

    #[test]
    fn immune_neurons_are_taken_only_at_the_min_non_immune_floor() {
        // UID 0 owner; UIDs 1, 2 registered at 10 (non-immune at block 100 with immunity 50), UIDs 3, 4
        // at 90 (immune). The immune ones have the lowest emission.
        let mut s = neurons(&[1, 10, 10, 90, 90], &[0, 4, 3, 2, 1], &[0]);
        ImmunityPeriod::insert(&mut s, &1, 50);
        // Two non-immune candidates, floor 1: the best non-immune (UID 2).
        MinNonImmuneUids::insert(&mut s, &1, 1);
        assert_eq!(neuron_to_prune(&s, 1, 100), Some(2));
        // Floor 2: not more than the floor, so the best immune (UID 4).
        MinNonImmuneUids::insert(&mut s, &1, 2);
        assert_eq!(neuron_to_prune(&s, 1, 100), Some(4));
        // At block 140 UIDs 3 and 4 are non-immune (140 − 90 = 50 ≥ 50): four candidates.
        assert_eq!(neuron_to_prune(&s, 1, 140), Some(4));
        // No immune candidate and too few non-immune ones: nobody, and registration fails.
        MinNonImmuneUids::insert(&mut s, &1, 10);
        assert_eq!(neuron_to_prune(&s, 1, 140), None);
        let ck = account(7);
        balances::mint(&mut s, &ck, 10 * RAO_PER_TAO);
        let (r, _) = in_block(&mut s, 140, |ctx| burned_register(ctx, &ck, 1, &account(8)));
        assert_eq!(r, err(SubtensorError::NoNeuronIdAvailable));
        assert_eq!(balances::free_balance(&s, &ck), 10 * RAO_PER_TAO);
    }

    #[test]
    fn owner_immortality_follows_immune_owner_uids_limit() {
        // Subtensor's `test_registration_get_uid_to_prune_owner_immortality`: UID 0 the owner hotkey, UID 1
        // another hotkey of the owner coldkey (registered at 1), UID 2 someone else's (at 2); emissions
        // 0, 0, 1; everyone non-immune, no floor.
        let mut s = neurons(&[0, 1, 2], &[0, 0, 1], &[0, 1]);
        ImmunityPeriod::insert(&mut s, &1, 1);
        MinNonImmuneUids::insert(&mut s, &1, 0);
        for (limit, pruned, immortal) in [
            (1, Some(1), vec![(0, account(101))]),
            (2, Some(2), vec![(0, account(101)), (1, account(102))]),
            // Limit 0: nobody is immortal, not even the owner hotkey (lowest emission, earliest).
            (0, Some(0), vec![]),
        ] {
            ImmuneOwnerUidsLimit::insert(&mut s, &1, limit);
            assert_eq!(immune_owner_uids(&s, 1), immortal, "limit {limit}");
            assert_eq!(neuron_to_prune(&s, 1, 10), pruned, "limit {limit}");
        }
        // The owner hotkey stays immortal when another owned hotkey registered earlier: with limit 1 it is
        // put first and the other cut; with limit 2 both are in registration order.
        BlockAtRegistration::insert(&mut s, &1, &0, 5);
        ImmuneOwnerUidsLimit::insert(&mut s, &1, 1);
        assert_eq!(immune_owner_uids(&s, 1), vec![(0, account(101))]);
        ImmuneOwnerUidsLimit::insert(&mut s, &1, 2);
        assert_eq!(
            immune_owner_uids(&s, 1),
            vec![(1, account(102)), (0, account(101))]
        );
        // Every candidate but the immortals is immune: the best immune one (UID 2).
        ImmunityPeriod::insert(&mut s, &1, 100);
        assert_eq!(neuron_to_prune(&s, 1, 10), Some(2));
    }

    #[test]
    fn a_replacement_clears_what_the_old_neuron_earned_and_set() {
        // UID 0 owner, UID 1 the one to go (emission 1), UID 2 stays (emission 9).
        let mut s = neurons(&[1, 2, 3], &[0, 1, 9], &[0]);
        ImmunityPeriod::insert(&mut s, &1, 0);
        MinNonImmuneUids::insert(&mut s, &1, 0);
        let old = account(102);
        Consensus::insert(&mut s, &1, vec![7; 3]);
        Incentive::insert(&mut s, &1, vec![8; 3]);
        Dividends::insert(&mut s, &1, vec![9; 3]);
        ValidatorTrust::insert(&mut s, &1, vec![5; 3]);
        StakeWeight::insert(&mut s, &1, vec![6; 3]);
        ValidatorPermit::insert(&mut s, &1, vec![true; 3]);
        Active::insert(&mut s, &1, vec![false; 3]);
        Weights::insert(&mut s, &1, &1, vec![(2, 100)]);
        Weights::insert(&mut s, &1, &2, vec![(1, 300), (2, 400)]);
        Bonds::insert(&mut s, &1, &1, vec![(2, 50)]);
        Bonds::insert(&mut s, &1, &2, vec![(1, 60)]);
        Axons::insert(&mut s, &1, &old, AxonInfo::default());
        Prometheus::insert(&mut s, &1, &old, PrometheusInfo::default());
        crate::staking::increase_stake(&mut s, &old, &account(200), 1, 1_234);

        let ck = account(7);
        let new = account(8);
        balances::mint(&mut s, &ck, 10 * RAO_PER_TAO);
        let (r, _) = in_block(&mut s, 50, |ctx| burned_register(ctx, &ck, 1, &new));
        assert_eq!(r, Ok(1));
        assert_eq!(SubnetworkN::get(&s, &1), 3);
        assert_eq!(Keys::get(&s, &1, &1), new);
        assert_eq!(Uids::try_get(&s, &1, &new), Some(1));
        assert_eq!(Uids::try_get(&s, &1, &old), None);
        assert!(!IsNetworkMember::get(&s, &old, &1));
        assert!(IsNetworkMember::get(&s, &new, &1));
        assert_eq!(BlockAtRegistration::get(&s, &1, &1), 50);
        assert_eq!(LastUpdate::get(&s, &1), vec![1, 50, 3]);
        assert_eq!(Emission::get(&s, &1), vec![0, 0, 9]);
        assert_eq!(Consensus::get(&s, &1), vec![7, 0, 7]);
        assert_eq!(Incentive::get(&s, &1), vec![8, 0, 8]);
        assert_eq!(Dividends::get(&s, &1), vec![9, 0, 9]);
        assert_eq!(ValidatorTrust::get(&s, &1), vec![5, 0, 5]);
        assert_eq!(StakeWeight::get(&s, &1), vec![6, 0, 6]);
        assert_eq!(ValidatorPermit::get(&s, &1), vec![true, false, true]);
        assert_eq!(Active::get(&s, &1), vec![false, true, false]);
        // Its own weights and bonds are gone; weights pointing at it are zeroed, not removed.
        assert_eq!(Weights::try_get(&s, &1, &1), None);
        assert_eq!(Weights::get(&s, &1, &2), vec![(1, 0), (2, 400)]);
        assert_eq!(Bonds::try_get(&s, &1, &1), None);
        assert_eq!(Bonds::get(&s, &1, &2), vec![(1, 60)]);
        assert_eq!(Axons::try_get(&s, &1, &old), None);
        assert_eq!(Prometheus::try_get(&s, &1, &old), None);
        // The old hotkey keeps its stake.
        assert_eq!(crate::staking::hotkey_stake(&s, &old, 1), 1_234);
    }

    #[test]
    fn the_owner_hotkey_is_never_replaced() {
        let mut s = neurons(&[1, 2], &[0, 5], &[0]);
        let (_, _) = in_block(&mut s, 50, |ctx| replace_neuron(ctx, 1, 0, &account(9)));
        assert_eq!(Keys::get(&s, &1, &0), account(101));
        assert_eq!(Uids::try_get(&s, &1, &account(9)), None);
    }
}

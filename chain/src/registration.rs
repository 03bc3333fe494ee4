//! Neuron registration: `burned_register`, UID assignment, immunity, pruning the lowest-emission neuron
//! when the subnet is full, and the registration price (decay every block, bump per registration).

use crate::balances;
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, Uid, ROOT_NETUID};

/// Makes `coldkey` the owner of `hotkey` if the hotkey is new.
pub fn create_hotkey_account(s: &mut Storage, coldkey: &AccountId, hotkey: &AccountId) {
    if Owner::get(s, hotkey) == AccountId::ZERO {
        Owner::insert(s, hotkey, *coldkey);
        OwnedHotkeys::mutate(s, coldkey, |hks| {
            if !hks.contains(hotkey) {
                hks.push(*hotkey);
            }
        });
    }
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
    Consensus::mutate(s, &netuid, |v| v.push(0));
    Dividends::mutate(s, &netuid, |v| v.push(0));
    Emission::mutate(s, &netuid, |v| v.push(0));
    ValidatorTrust::mutate(s, &netuid, |v| v.push(0));
    ValidatorPermit::mutate(s, &netuid, |v| v.push(false));
    StakeWeight::mutate(s, &netuid, |v| v.push(0));
    Incentive::mutate(s, &netuid, |v| v.push(0));
    LastUpdate::mutate(s, &netuid, |v| v.push(ctx.block));
    bind(ctx, netuid, uid, hotkey);
    uid
}

fn bind(ctx: &mut Ctx<'_>, netuid: NetUid, uid: Uid, hotkey: &AccountId) {
    Keys::insert(ctx.s, &netuid, &uid, *hotkey);
    Uids::insert(ctx.s, &netuid, hotkey, uid);
    IsNetworkMember::insert(ctx.s, hotkey, &netuid, true);
    BlockAtRegistration::insert(ctx.s, &netuid, &uid, ctx.block);
}

fn set_at<T: Clone + Default>(v: &mut Vec<T>, i: usize, value: T) {
    if v.len() <= i {
        v.resize(i + 1, T::default());
    }
    v[i] = value;
}

/// Replaces the neuron at `uid` with `hotkey`, clearing everything the old neuron earned or set.
pub fn replace_neuron(ctx: &mut Ctx<'_>, netuid: NetUid, uid: Uid, hotkey: &AccountId) {
    let old = Keys::get(ctx.s, &netuid, &uid);
    Uids::remove(ctx.s, &netuid, &old);
    IsNetworkMember::remove(ctx.s, &old, &netuid);
    Axons::remove(ctx.s, &netuid, &old);
    let i = usize::from(uid);
    let s = &mut *ctx.s;
    Consensus::mutate(s, &netuid, |v| set_at(v, i, 0));
    Dividends::mutate(s, &netuid, |v| set_at(v, i, 0));
    Emission::mutate(s, &netuid, |v| set_at(v, i, 0));
    ValidatorTrust::mutate(s, &netuid, |v| set_at(v, i, 0));
    ValidatorPermit::mutate(s, &netuid, |v| set_at(v, i, false));
    Incentive::mutate(s, &netuid, |v| set_at(v, i, 0));
    Active::mutate(s, &netuid, |v| set_at(v, i, true));
    LastUpdate::mutate(s, &netuid, |v| set_at(v, i, ctx.block));
    Weights::remove(s, &netuid, &uid);
    Bonds::remove(s, &netuid, &uid);
    // Weights pointing at the replaced UID no longer mean anything.
    for (row_uid, mut row) in Weights::iter_prefix(s, &netuid) {
        let before = row.len();
        row.retain(|(dest, _)| *dest != uid);
        if row.len() != before {
            Weights::insert(s, &netuid, &row_uid, row);
        }
    }
    bind(ctx, netuid, uid, hotkey);
}

/// Whether `uid` is still inside its immunity period.
pub fn is_immune(s: &Storage, netuid: NetUid, uid: Uid, block: u64) -> bool {
    let registered = BlockAtRegistration::get(s, &netuid, &uid);
    block.saturating_sub(registered) < u64::from(ImmunityPeriod::get(s, &netuid))
}

/// The UID to replace when the subnet is full: the lowest emission among non-immune neurons (ties: the
/// earlier registration, then the lower UID), never the owner's immortal hotkeys; an immune one only
/// when too few non-immune candidates remain.
pub fn neuron_to_prune(s: &Storage, netuid: NetUid, block: u64) -> Option<Uid> {
    let n = SubnetworkN::get(s, &netuid);
    let emission = Emission::get(s, &netuid);
    let owner_hotkey = SubnetOwnerHotkey::get(s, &netuid);
    let owner_coldkey = SubnetOwner::get(s, &netuid);
    let immortal = owner_immortal_uids(s, netuid, &owner_hotkey, &owner_coldkey);
    let key = |uid: Uid| {
        (
            emission.get(usize::from(uid)).copied().unwrap_or(0),
            BlockAtRegistration::get(s, &netuid, &uid),
            uid,
        )
    };
    let candidates: Vec<Uid> = (0..n).filter(|uid| !immortal.contains(uid)).collect();
    let (immune, mortal): (Vec<Uid>, Vec<Uid>) = candidates
        .into_iter()
        .partition(|uid| is_immune(s, netuid, *uid, block));
    if mortal.len() > usize::from(MinNonImmuneUids::get(s, &netuid)) || immune.is_empty() {
        mortal.into_iter().min_by_key(|u| key(*u))
    } else {
        immune.into_iter().min_by_key(|u| key(*u))
    }
}

fn owner_immortal_uids(
    s: &Storage,
    netuid: NetUid,
    owner_hotkey: &AccountId,
    owner_coldkey: &AccountId,
) -> Vec<Uid> {
    let mut out = Vec::new();
    if let Some(uid) = Uids::try_get(s, &netuid, owner_hotkey) {
        out.push(uid);
    }
    let limit = usize::from(ImmuneOwnerUidsLimit::get(s, &netuid));
    let mut owned: Vec<(u64, Uid)> = OwnedHotkeys::get(s, owner_coldkey)
        .iter()
        .filter(|hk| *hk != owner_hotkey)
        .filter_map(|hk| Uids::try_get(s, &netuid, hk))
        .map(|uid| (BlockAtRegistration::get(s, &netuid, &uid), uid))
        .collect();
    owned.sort_unstable();
    out.extend(
        owned
            .into_iter()
            .take(limit.saturating_sub(out.len()))
            .map(|(_, uid)| uid),
    );
    out
}

/// `burned_register(netuid, hotkey)`: pays the registration price and gives `hotkey` a UID.
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
    let burn = Burn::get(ctx.s, &netuid);
    if balances::free_balance(ctx.s, coldkey) < burn.saturating_add(balances::EXISTENTIAL_DEPOSIT) {
        return Err(SubtensorError::NotEnoughBalanceToStake.into());
    }
    let owner = Owner::get(ctx.s, hotkey);
    if owner != AccountId::ZERO && owner != *coldkey {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    let n = SubnetworkN::get(ctx.s, &netuid);
    let full = n >= MaxAllowedUids::get(ctx.s, &netuid);
    let prune = if full {
        Some(neuron_to_prune(ctx.s, netuid, ctx.block).ok_or(SubtensorError::NoNeuronIdAvailable)?)
    } else {
        None
    };

    // The burn buys alpha from the pool and that alpha is destroyed: TAO stays in the pool, price rises.
    balances::transfer(
        ctx.s,
        coldkey,
        &subnet_account(netuid),
        burn,
        balances::Existence::KeepAlive,
    )?;
    crate::pool::buy_and_destroy_alpha(ctx.s, netuid, burn);
    RAORecycledForRegistration::mutate(ctx.s, &netuid, |r| *r = r.saturating_add(burn));

    create_hotkey_account(ctx.s, coldkey, hotkey);
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
    ctx.deposit(SubtensorEvent::NeuronRegistered(netuid, uid, *hotkey));
    Ok(uid)
}

/// Per-block registration price decay and counter reset, run at the start of every block.
pub fn update_registration_prices(s: &mut Storage, netuids: &[NetUid]) {
    for netuid in netuids {
        let burn = Burn::get(s, netuid);
        let decayed = crate::math::burn::decay_burn(
            burn,
            BurnHalfLife::get(s, netuid),
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

//! Neuron registration: `burned_register` and its price-limited form `register_limit`, UID assignment,
//! immunity, pruning the lowest-emission neuron when the subnet is full, the registration price (decay
//! every block, bump per registration), and `root_register` on the root network (no burn, capped per
//! block and per adjustment interval, the lowest root stake replaced when full).

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
    crate::coinbase::record_tao_inflow(ctx.s, netuid, burn);

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
    create_hotkey_account(ctx.s, coldkey, hotkey);
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

/// The root network's registration counters at the start of a block: the per-block count resets every
/// block, the interval count every `AdjustmentInterval` blocks.
pub fn root_block_step(s: &mut Storage, block: u64) {
    let root = ROOT_NETUID;
    if !subnets::exists(s, root) {
        return;
    }
    if RegistrationsThisBlock::get(s, &root) != 0 {
        RegistrationsThisBlock::insert(s, &root, 0);
    }
    let interval = u64::from(AdjustmentInterval::get(s, &root));
    if block.saturating_sub(LastAdjustmentBlock::get(s, &root)) >= interval {
        LastAdjustmentBlock::insert(s, &root, block);
        if RegistrationsThisInterval::get(s, &root) != 0 {
            RegistrationsThisInterval::insert(s, &root, 0);
        }
    }
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
        let mut events = Vec::new();
        let mut ctx = Ctx {
            s,
            block,
            events: &mut events,
            phase: Phase::ApplyExtrinsic(0),
            author: account(0xAA),
        };
        let r = f(&mut ctx);
        (r, events)
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
        // Block 100 starts a new interval.
        root_block_step(&mut s, 100);
        assert_eq!(RegistrationsThisInterval::get(&s, &ROOT_NETUID), 0);
        assert_eq!(LastAdjustmentBlock::get(&s, &ROOT_NETUID), 100);
        let (uid, _) = in_block(&mut s, 100, |ctx| root_register(ctx, &ck, &account(14)));
        assert_eq!(uid, Ok(3));
        root_block_step(&mut s, 101);
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
}

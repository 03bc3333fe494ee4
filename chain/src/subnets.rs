//! Subnets: the root network (netuid 0, created at genesis), `register_network` (lock cost, pool
//! seeding, owner UID 0, pruning a subnet when `SubnetLimit` is reached), `start_call`,
//! `dissolve_network` and the hyperparameters a new subnet starts with, as subtensor main's
//! `subnets/subnet.rs` and `coinbase/root.rs` do them.
//!
//! Root is a subnet like the others in storage (`NetworksAdded[0]`), but a stable one
//! (`SubnetMechanism` 0: staking is 1:1 TAO, no pool), with no alpha emission and no epoch of its own;
//! [`netuids`] therefore leaves it out and [`all_netuids`] includes it.
//!
//! Lock: each registration costs twice the last lock, falling linearly back to `NetworkMinLockCost`
//! (see `math::lock`); the coldkey needs the cost in its free balance and at most its free balance less
//! the existential deposit moves. The whole lock stays in the new pool, whose alpha reserve is the lock
//! at the median spot price of the other subnets. Dissolving a subnet (root only) pays every stake out
//! in TAO pro rata to its alpha value, refunds no lock (only subnets registered before
//! `NetworkRegistrationStartBlock` get one), recycles what is left in the subnet account above the
//! existential deposit and removes the subnet's state; its netuid is free again.

use crate::balances::{self, Existence, EXISTENTIAL_DEPOSIT};
use crate::call::SubtensorCall;
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::registration;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid, ROOT_NETUID};
use substrate_fixed::types::{I96F32, U64F64, U96F32};

/// Defaults a new subnet starts with. `subtensor()` is the real runtime's; `devnet()` changes only what
/// localnets and bittensor's own e2e tests change (each listed in the README).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetDefaults {
    /// Tempo of new subnets.
    pub tempo: u16,
    /// Whether commit-reveal starts enabled.
    pub commit_reveal_weights_enabled: bool,
    /// Whether TAO emission starts enabled.
    pub subnet_emission_enabled: bool,
}

impl SubnetDefaults {
    /// subtensor main's defaults.
    pub fn subtensor() -> Self {
        SubnetDefaults {
            tempo: 360,
            commit_reveal_weights_enabled: true,
            subnet_emission_enabled: false,
        }
    }

    /// taonet's devnet defaults: commit-reveal off (timelocked reveals need the public drand network) and
    /// TAO emission on, so pools move from the first block.
    pub fn devnet() -> Self {
        SubnetDefaults {
            tempo: 360,
            commit_reveal_weights_enabled: false,
            subnet_emission_enabled: true,
        }
    }
}

/// Whether `netuid` exists.
pub fn exists(s: &Storage, netuid: NetUid) -> bool {
    NetworksAdded::get(s, &netuid)
}

/// Fails with `SubnetNotExists` unless the subnet exists.
pub fn ensure_exists(s: &Storage, netuid: NetUid) -> Result<(), DispatchError> {
    if exists(s, netuid) {
        Ok(())
    } else {
        Err(SubtensorError::SubnetNotExists.into())
    }
}

/// All existing subnets except root, in netuid order.
pub fn netuids(s: &Storage) -> Vec<NetUid> {
    NetworksAdded::iter(s)
        .into_iter()
        .filter(|(netuid, added)| *added && *netuid != ROOT_NETUID)
        .map(|(netuid, _)| netuid)
        .collect()
}

/// All existing subnets, root first when it exists (subtensor's `get_all_subnet_netuids`): what runtime
/// APIs list and `unstake_all` walks.
pub fn all_netuids(s: &Storage) -> Vec<NetUid> {
    let mut all = netuids(s);
    if exists(s, ROOT_NETUID) {
        all.insert(0, ROOT_NETUID);
    }
    all
}

/// Tempo of the root network (subtensor's genesis value).
pub const ROOT_TEMPO: u16 = 100;
/// UIDs (and validator permits) on the root network: the senate size.
pub const ROOT_MAX_UIDS: u16 = 64;

/// Creates the root network, netuid 0, as subtensor's genesis does on a localnet: owned by `owner`
/// (Alice) with owner hotkey `owner_hotkey` (`//Alice_hk`), tempo 100, 64 UIDs and validators, no
/// minimum weights, registration open with a target of one registration per interval.
///
/// One devnet difference: staking on root is enabled (`SubtokenEnabled[0]`), as it is on mainnet
/// (`migrate_set_subtoken_enabled`); subtensor's genesis leaves it off until sudo enables it.
pub fn init_root_network(s: &mut Storage, owner: &AccountId, owner_hotkey: &AccountId) {
    let root = ROOT_NETUID;
    NetworksAdded::insert(s, &root, true);
    TotalNetworks::mutate(s, |n| *n = n.saturating_add(1));
    SubnetOwner::insert(s, &root, *owner);
    SubnetOwnerHotkey::insert(s, &root, *owner_hotkey);
    SubnetworkN::insert(s, &root, 0);
    MaxAllowedUids::insert(s, &root, ROOT_MAX_UIDS);
    MaxAllowedValidators::insert(s, &root, ROOT_MAX_UIDS);
    MinAllowedWeights::insert(s, &root, 0);
    Tempo::insert(s, &root, ROOT_TEMPO);
    NetworkRegistrationAllowed::insert(s, &root, true);
    TargetRegistrationsPerInterval::insert(s, &root, 1);
    SubtokenEnabled::insert(s, &root, true);
}

/// The current lock cost of a new subnet.
pub fn lock_cost(s: &Storage, block: u64) -> u64 {
    crate::math::lock::network_lock_cost(
        NetworkLastLockCost::get(s),
        NetworkMinLockCost::get(s),
        NetworkLastRegistered::get(s),
        block,
        NetworkLockReductionInterval::get(s),
        BlockEmission::get(s),
        NetworkLastRegistered::get(s) == 0,
    )
}

/// A subnet's price EMA as subtensor's `get_moving_alpha_price` reads it: `SubnetMovingPrice` (an
/// `I96F32`, saturated into `U64F64`), 1 for root and stable subnets.
pub fn moving_alpha_price(s: &Storage, netuid: NetUid) -> U64F64 {
    if netuid == ROOT_NETUID || SubnetMechanism::get(s, &netuid) == 0 {
        return U64F64::from_num(1);
    }
    U64F64::saturating_from_num(I96F32::from_bits(SubnetMovingPrice::get(s, &netuid)))
}

/// The subnet a registration replaces when `SubnetLimit` is reached (subtensor's
/// `get_network_to_prune`): the lowest price EMA among the subnets older than `NetworkImmunityPeriod`,
/// ties to the earlier registration, then to the lower netuid; `None` if every subnet is immune.
pub fn network_to_prune(s: &Storage, block: u64) -> Option<NetUid> {
    let immunity = NetworkImmunityPeriod::get(s);
    let mut best: Option<(U64F64, u64, NetUid)> = None;
    for (netuid, added) in NetworksAdded::iter(s) {
        if !added || netuid == ROOT_NETUID {
            continue;
        }
        let registered_at = NetworkRegisteredAt::get(s, &netuid);
        if block < registered_at.saturating_add(immunity) {
            continue;
        }
        let price = moving_alpha_price(s, netuid);
        // Storage order is netuid order here, so a strict comparison keeps the lower netuid on a tie.
        if best.is_none_or(|(p, at, _)| price < p || (price == p && registered_at < at)) {
            best = Some((price, registered_at, netuid));
        }
    }
    best.map(|(_, _, netuid)| netuid)
}

/// The spot price of `netuid` as the swap pallet's `current_alpha_price` gives it (`U64F64` TAO per
/// alpha; 0 when its alpha reserve is empty, 1 for a stable subnet).
fn current_alpha_price(s: &Storage, netuid: NetUid) -> U64F64 {
    crate::pool::current_price(s, netuid)
}

/// The median spot price of the existing subnets with a non-zero price, root excluded (subtensor's
/// `get_median_subnet_alpha_price`): the middle price, or the mean of the two middle ones (halved in
/// `U64F64`); 1 when no subnet has a price.
pub fn median_alpha_price(s: &Storage) -> U64F64 {
    let mut prices: Vec<U64F64> = NetworksAdded::iter(s)
        .into_iter()
        .filter(|(netuid, added)| *added && *netuid != ROOT_NETUID)
        .map(|(netuid, _)| current_alpha_price(s, netuid))
        .filter(|price| *price > U64F64::from_num(0))
        .collect();
    if prices.is_empty() {
        return U64F64::from_num(1);
    }
    prices.sort_unstable();
    let lower = prices[(prices.len() - 1) / 2];
    let upper = prices[prices.len() / 2];
    if prices.len() % 2 == 1 {
        upper
    } else {
        lower
            .saturating_add(upper)
            .checked_div(U64F64::from_num(2))
            .unwrap_or(upper)
    }
}

/// `register_network(hotkey)`: pays the lock, creates the subnet with its pool and makes `hotkey` UID 0
/// (subtensor's `do_register_network`, checks in its order). When `SubnetLimit` subnets exist, the one
/// [`network_to_prune`] names is dissolved first and its netuid reused (`SubnetLimitReached` if every
/// subnet is immune); otherwise the lowest free netuid is taken. Root validators that have not opted
/// out become parents of `hotkey` on the new subnet ([`crate::childkeys::auto_parent`]).
pub fn register_network(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    defaults: &SubnetDefaults,
) -> Result<NetUid, DispatchError> {
    let owner = Owner::get(ctx.s, hotkey);
    if owner != AccountId::ZERO && owner != *coldkey {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    if registration::is_subnet_account(hotkey) {
        return Err(SubtensorError::CannotUseSystemAccount.into());
    }
    if ctx.block < NetworkRegistrationStartBlock::get(ctx.s) {
        return Err(SubtensorError::SubNetRegistrationDisabled.into());
    }
    let last = NetworkLastRegistered::get(ctx.s);
    if last != 0 && ctx.block.saturating_sub(last) < NetworkRateLimit::get(ctx.s) {
        return Err(SubtensorError::NetworkTxRateLimitExceeded.into());
    }
    let recycle = if netuids(ctx.s).len() >= usize::from(SubnetLimit::get(ctx.s)) {
        Some(network_to_prune(ctx.s, ctx.block).ok_or(SubtensorError::SubnetLimitReached)?)
    } else {
        None
    };
    let cost = lock_cost(ctx.s, ctx.block);
    if cost > balances::free_balance(ctx.s, coldkey) {
        return Err(SubtensorError::CannotAffordLockCost.into());
    }
    if let Some(pruned) = recycle {
        dissolve_network(ctx, pruned)?;
    }
    let netuid = match recycle {
        Some(pruned) => pruned,
        None => (1..=u16::MAX)
            .find(|n| !NetworksAdded::contains_key(ctx.s, n))
            .ok_or(SubtensorError::SubnetLimitReached)?,
    };
    let median_price = median_alpha_price(ctx.s);
    init_new_network(ctx, netuid, defaults);
    let locked = registration::transfer_tao_to_subnet(ctx.s, netuid, coldkey, cost)?;
    NetworkLastLockCost::put(ctx.s, locked);
    NetworkLastRegistered::put(ctx.s, ctx.block);
    registration::create_hotkey_account(ctx.s, coldkey, hotkey)?;
    registration::append_neuron(ctx, netuid, hotkey);
    SubnetMechanism::insert(ctx.s, &netuid, 1);
    NetworkRegisteredAt::insert(ctx.s, &netuid, ctx.block);

    // The whole lock stays in the pool; its alpha reserve is the lock at the median price.
    let pool_tao = locked.max(NetworkMinLockCost::get(ctx.s));
    let pool_alpha = U64F64::from_num(pool_tao)
        .checked_div(median_price)
        .unwrap_or_default()
        .saturating_to_num::<u64>();
    SubnetTAO::insert(ctx.s, &netuid, pool_tao);
    SubnetAlphaIn::insert(ctx.s, &netuid, pool_alpha);
    SubnetOwner::insert(ctx.s, &netuid, *coldkey);
    SubnetOwnerHotkey::insert(ctx.s, &netuid, *hotkey);
    ctx.deposit(SubtensorEvent::SubnetOwnerHotkeySet(netuid, *hotkey));
    SubnetLocked::insert(ctx.s, &netuid, locked);
    SubnetAlphaOut::insert(ctx.s, &netuid, 0);
    SubnetVolume::insert(ctx.s, &netuid, 0);
    RAORecycledForRegistration::insert(ctx.s, &netuid, locked.saturating_sub(pool_tao));
    if pool_tao > 0 {
        TotalStake::mutate(ctx.s, |t| *t = t.saturating_add(pool_tao));
    }
    // Root validators become parents of the owner hotkey; like subtensor, a failure here (there is
    // none for a subnet just added) does not fail the registration.
    let _ = crate::childkeys::auto_parent::set_root_validators_for_subnet(ctx, netuid);
    ctx.deposit(SubtensorEvent::NetworkAdded(netuid, 1));
    SubnetEmissionEnabled::insert(ctx.s, &netuid, defaults.subnet_emission_enabled);
    Ok(netuid)
}

/// Writes the defaults a new subnet starts with, with the events subtensor's `init_new_network`
/// deposits: size 0, the tempo, the first epoch staggered by netuid (`LastEpochBlock = block − netuid mod
/// tempo`), registration on, 256 UIDs, 64 validators, min weights 1, immunity 5000, Yuma3, burn 1 TAO.
/// taonet also writes the devnet's commit-reveal default and starts the subtoken disabled.
fn init_new_network(ctx: &mut Ctx<'_>, netuid: NetUid, defaults: &SubnetDefaults) {
    use SubtensorEvent as E;
    SubnetworkN::insert(ctx.s, &netuid, 0);
    NetworksAdded::insert(ctx.s, &netuid, true);
    Tempo::insert(ctx.s, &netuid, defaults.tempo);
    let stagger = u64::from(netuid) % u64::from(defaults.tempo.max(1));
    LastEpochBlock::insert(ctx.s, &netuid, ctx.block.saturating_sub(stagger));
    TotalNetworks::mutate(ctx.s, |n| *n = n.saturating_add(1));
    NetworkRegistrationAllowed::insert(ctx.s, &netuid, true);
    ctx.deposit(E::RegistrationAllowed(netuid, true));
    MaxAllowedUids::insert(ctx.s, &netuid, 256);
    ctx.deposit(E::MaxAllowedUidsSet(netuid, 256));
    MaxAllowedValidators::insert(ctx.s, &netuid, 64);
    ctx.deposit(E::MaxAllowedValidatorsSet(netuid, 64));
    MinAllowedWeights::insert(ctx.s, &netuid, 1);
    ctx.deposit(E::MinAllowedWeightSet(netuid, 1));
    ImmunityPeriod::insert(ctx.s, &netuid, 5000);
    ctx.deposit(E::ImmunityPeriodSet(netuid, 5000));
    Yuma3On::insert(ctx.s, &netuid, true);
    Burn::insert(ctx.s, &netuid, crate::math::burn::DEFAULT_BURN_RAO);
    SubnetEmissionEnabled::insert(ctx.s, &netuid, true);
    CommitRevealWeightsEnabled::insert(ctx.s, &netuid, defaults.commit_reveal_weights_enabled);
    SubtokenEnabled::insert(ctx.s, &netuid, false);
}

/// `start_call(netuid)`: the owner turns on emission and staking, `StartCallDelay` blocks after the
/// subnet's registration at the earliest; emission starts at the next block.
pub fn start_call(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    netuid: NetUid,
) -> Result<(), DispatchError> {
    ensure_exists(ctx.s, netuid)?;
    if SubnetOwner::get(ctx.s, &netuid) != *coldkey {
        return Err(DispatchError::BadOrigin);
    }
    if FirstEmissionBlockNumber::contains_key(ctx.s, &netuid) {
        return Err(SubtensorError::FirstEmissionBlockNumberAlreadySet.into());
    }
    let registered = NetworkRegisteredAt::get(ctx.s, &netuid);
    if ctx.block < registered.saturating_add(StartCallDelay::get(ctx.s)) {
        return Err(SubtensorError::NeedWaitingMoreBlocksToStarCall.into());
    }
    let first = ctx.block.saturating_add(1);
    FirstEmissionBlockNumber::insert(ctx.s, &netuid, first);
    SubtokenEnabled::insert(ctx.s, &netuid, true);
    ctx.deposit(SubtensorEvent::FirstEmissionBlockNumberSet(netuid, first));
    Ok(())
}

/// Whether `call` is one of the root-only SubtensorModule calls this module dispatches.
pub fn is_root_call(call: &SubtensorCall) -> bool {
    matches!(
        call,
        SubtensorCall::dissolve_network { .. } | SubtensorCall::root_dissolve_network { .. }
    )
}

/// Dispatches a root-only subnet call (through `Sudo.sudo`): `dissolve_network` [61] and
/// `root_dissolve_network` [120]; any other call fails `BadOrigin`.
pub fn dispatch_root(ctx: &mut Ctx<'_>, call: &SubtensorCall) -> Result<(), DispatchError> {
    match *call {
        SubtensorCall::dissolve_network { netuid, .. }
        | SubtensorCall::root_dissolve_network { netuid } => dissolve_network(ctx, netuid),
        _ => Err(DispatchError::BadOrigin),
    }
}

/// Dissolves `netuid` (subtensor's `do_dissolve_network`): every stake is paid out in TAO
/// ([`destroy_alpha_in_out_stakes`]), its commitments are purged, its state removed
/// ([`remove_network`]), then `NetworkRemoved`. Root cannot be dissolved (`SubnetNotExists`).
pub fn dissolve_network(ctx: &mut Ctx<'_>, netuid: NetUid) -> Result<(), DispatchError> {
    if !exists(ctx.s, netuid) || netuid == ROOT_NETUID {
        return Err(SubtensorError::SubnetNotExists.into());
    }
    finalize_root_dividends(ctx.s, netuid);
    destroy_alpha_in_out_stakes(ctx.s, netuid)?;
    crate::pool::clear(ctx.s, netuid);
    purge_commitments(ctx.s, netuid);
    remove_network(ctx, netuid);
    ctx.deposit(SubtensorEvent::NetworkRemoved(netuid));
    Ok(())
}

/// Forgets the subnet's root dividends (subtensor's `finalize_all_subnet_root_dividends`): its entry in
/// every hotkey's `RootClaimable` and all its `RootClaimed`.
fn finalize_root_dividends(s: &mut Storage, netuid: NetUid) {
    for (hotkey, mut claimable) in RootClaimable::iter(s) {
        if claimable.remove(&netuid).is_some() {
            RootClaimable::insert(s, &hotkey, claimable);
        }
    }
    for (hotkey, coldkey, _) in RootClaimed::iter_prefix(s, &netuid) {
        RootClaimed::remove(s, &netuid, &hotkey, &coldkey);
    }
}

/// The alpha value a coldkey's stake entry counts for when a subnet is dissolved: its share of the
/// hotkey's pool, or, when that is 0, the raw share count (subtensor's fallback for an uninitialised
/// pool).
fn dissolve_value(
    s: &Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
    shares: u128,
) -> u64 {
    match crate::staking::stake(s, hotkey, coldkey, netuid) {
        0 => u64::try_from(shares).unwrap_or(u64::MAX),
        value => value,
    }
}

/// Pays out a dissolved subnet's pool (subtensor's `destroy_alpha_in_out_stakes`).
///
/// The pot is `SubnetTAO`. It is split pro rata between every (hotkey, coldkey) stake, by alpha value,
/// and the protocol, whose alpha is `SubnetAlphaIn + SubnetProtocolAlpha`: each gets `⌊pot·v/Σv⌋`,
/// and the rao left over go one each to the largest remainders (earlier entries first on a tie, in
/// storage order). Stakers' shares are paid to their coldkeys; the protocol's stays in the subnet
/// account. All alpha state of the subnet is removed. A subnet registered before
/// `NetworkRegistrationStartBlock` refunds its owner the lock less the owner cut of all alpha issued,
/// valued at the spot price; later ones refund nothing. Whatever the subnet account then holds above the
/// existential deposit is recycled (leaves total issuance).
pub fn destroy_alpha_in_out_stakes(s: &mut Storage, netuid: NetUid) -> Result<(), DispatchError> {
    ensure_exists(s, netuid)?;
    let owner = SubnetOwner::get(s, &netuid);
    let lock = SubnetLocked::get(s, &netuid);
    let registered_at = NetworkRegisteredAt::get(s, &netuid);
    let refund_owner = registered_at < NetworkRegistrationStartBlock::get(s);

    let mut owner_emission_tao = 0u64;
    if refund_owner && lock > 0 {
        let issued = SubnetAlphaIn::get(s, &netuid).saturating_add(SubnetAlphaOut::get(s, &netuid));
        if issued > 0 {
            let cut = U96F32::from_num(SubnetOwnerCut::get(s))
                .checked_div(U96F32::from_num(u16::MAX))
                .unwrap_or_default();
            let owner_alpha = U96F32::from_num(issued)
                .saturating_mul(cut)
                .floor()
                .saturating_to_num::<u64>();
            if owner_alpha > 0 {
                let price = U96F32::saturating_from_num(current_alpha_price(s, netuid));
                owner_emission_tao = U96F32::from_num(owner_alpha)
                    .saturating_mul(price)
                    .floor()
                    .saturating_to_num::<u64>();
            }
        }
    }

    // Subnets registered after `TaoInRefundDeploymentBlock` (0 on a new chain) count the pool's alpha.
    let protocol_alpha = if registered_at > 0 {
        SubnetAlphaIn::get(s, &netuid).saturating_add(SubnetProtocolAlpha::get(s, &netuid))
    } else {
        SubnetProtocolAlpha::get(s, &netuid)
    };
    let hotkeys: Vec<AccountId> = TotalHotkeyAlpha::iter(s)
        .into_iter()
        .filter(|(_, n, _)| *n == netuid)
        .map(|(hotkey, _, _)| hotkey)
        .collect();
    let mut entries: Vec<(AccountId, AccountId)> = Vec::new();
    let mut stakers: Vec<(AccountId, u128)> = Vec::new();
    let mut total = u128::from(protocol_alpha);
    for hotkey in &hotkeys {
        for (coldkey, n, shares) in Alpha::iter_prefix(s, hotkey) {
            if n != netuid {
                continue;
            }
            entries.push((*hotkey, coldkey));
            let value = dissolve_value(s, hotkey, &coldkey, netuid, shares);
            if value > 0 {
                total = total.saturating_add(u128::from(value));
                stakers.push((coldkey, u128::from(value)));
            }
        }
    }

    let pot = SubnetTAO::get(s, &netuid);
    if pot > 0 {
        SubnetTAO::remove(s, &netuid);
        TotalStake::mutate(s, |t| *t = t.saturating_sub(pot));
    }
    let account = subnet_account(netuid);
    let mut protocol_tao = 0u64;
    if pot > 0 && total > 0 {
        let pot = u128::from(pot);
        // (coldkey, share, remainder); `None` is the protocol.
        let mut portions: Vec<(Option<AccountId>, u64, u128)> = stakers
            .iter()
            .map(|(coldkey, value)| {
                let product = pot.saturating_mul(*value);
                let share = u64::try_from(product / total).unwrap_or(u64::MAX);
                (Some(*coldkey), share, product % total)
            })
            .collect();
        if protocol_alpha > 0 {
            let product = pot.saturating_mul(u128::from(protocol_alpha));
            let share = u64::try_from(product / total).unwrap_or(u64::MAX);
            portions.push((None, share, product % total));
        }
        let distributed: u128 = portions
            .iter()
            .map(|(_, share, _)| u128::from(*share))
            .sum();
        let leftover = pot.saturating_sub(distributed);
        if leftover > 0 {
            // Stable: equal remainders keep their order.
            portions.sort_by_key(|portion| std::cmp::Reverse(portion.2));
            let give = usize::try_from(leftover)
                .unwrap_or(usize::MAX)
                .min(portions.len());
            for portion in portions.iter_mut().take(give) {
                portion.1 = portion.1.saturating_add(1);
            }
        }
        for (coldkey, share, _) in portions {
            match coldkey {
                None => protocol_tao = protocol_tao.saturating_add(share),
                Some(coldkey) if share > 0 => {
                    // A payout that cannot be made (below the existential deposit) stays in the account.
                    let _ = balances::transfer(s, &account, &coldkey, share, Existence::AllowDeath);
                }
                Some(_) => {}
            }
        }
    }

    for (hotkey, coldkey) in entries {
        Alpha::remove(s, &hotkey, &coldkey, &netuid);
    }
    for hotkey in &hotkeys {
        TotalHotkeyAlpha::remove(s, hotkey, &netuid);
        TotalHotkeyShares::remove(s, hotkey, &netuid);
    }
    SubnetAlphaIn::remove(s, &netuid);
    SubnetAlphaOut::remove(s, &netuid);
    SubnetProtocolAlpha::remove(s, &netuid);
    SubnetLocked::insert(s, &netuid, 0);

    if refund_owner {
        let refund = lock.saturating_sub(owner_emission_tao);
        let transferable = balances::free_balance(s, &account).saturating_sub(protocol_tao);
        let amount = refund.min(transferable);
        if amount > 0 {
            let _ = balances::transfer(s, &account, &owner, amount, Existence::AllowDeath);
        }
    }

    let remaining = balances::free_balance(s, &account).saturating_sub(EXISTENTIAL_DEPOSIT);
    if balances::burn(s, &account, remaining).is_ok() {
        SubtensorTotalIssuance::put(s, SubtensorTotalIssuance::get(s).saturating_sub(remaining));
        RAORecycledForRegistration::insert(s, &netuid, remaining);
    }

    destroy_lock_maps(s, netuid);
    Ok(())
}

/// Removes the subnet's conviction locks (subtensor's `destroy_lock_maps`).
fn destroy_lock_maps(s: &mut Storage, netuid: NetUid) {
    for (coldkey, n, hotkey, _) in Lock::iter(s) {
        if n == netuid {
            Lock::remove(s, &coldkey, &n, &hotkey);
        }
    }
    HotkeyLock::clear_prefix(s, &netuid);
    DecayingHotkeyLock::clear_prefix(s, &netuid);
    OwnerLock::remove(s, &netuid);
    DecayingOwnerLock::remove(s, &netuid);
    for (coldkey, n, _) in DecayingLock::iter(s) {
        if n == netuid {
            DecayingLock::remove(s, &coldkey, &n);
        }
    }
}

/// Removes the subnet's commitments (the Commitments pallet's `purge_netuid`).
fn purge_commitments(s: &mut Storage, netuid: NetUid) {
    use crate::commitments::{
        CommitmentOf, LastBondsReset, LastCommitment, RevealedCommitments, TimelockedIndex,
        UsedSpaceOf,
    };
    CommitmentOf::clear_prefix(s, &netuid);
    LastCommitment::clear_prefix(s, &netuid);
    LastBondsReset::clear_prefix(s, &netuid);
    RevealedCommitments::clear_prefix(s, &netuid);
    UsedSpaceOf::clear_prefix(s, &netuid);
    TimelockedIndex::mutate(s, |index| index.retain(|(n, _)| *n != netuid));
}

/// Removes a dissolved subnet's state (subtensor's `remove_network`), exactly the items subtensor
/// removes: a later subnet with the same netuid inherits what it leaves (e.g. `MinNonImmuneUids`,
/// `AdjustmentInterval`, `MaxWeightsLimit`, the owner rate-limit blocks). Root weights on the subnet
/// become 0. Deposits `SubnetIdentityRemoved` if it had an identity.
pub fn remove_network(ctx: &mut Ctx<'_>, netuid: NetUid) {
    let s = &mut *ctx.s;
    SubnetOwner::remove(s, &netuid);
    SubnetworkN::remove(s, &netuid);
    NetworksAdded::remove(s, &netuid);
    TotalNetworks::mutate(s, |n| *n = n.saturating_sub(1));
    NetworkRegisteredAt::remove(s, &netuid);

    Uids::clear_prefix(s, &netuid);
    let keys = Keys::iter_prefix(s, &netuid);
    Keys::clear_prefix(s, &netuid);
    for (uid, mut row) in Weights::iter_prefix(s, &ROOT_NETUID) {
        for (dest, weight) in row.iter_mut() {
            if *dest == netuid {
                *weight = 0;
            }
        }
        Weights::insert(s, &ROOT_NETUID, &uid, row);
    }
    Active::remove(s, &netuid);
    Emission::remove(s, &netuid);
    Consensus::remove(s, &netuid);
    Dividends::remove(s, &netuid);
    ValidatorPermit::remove(s, &netuid);
    ValidatorTrust::remove(s, &netuid);
    for (_, hotkey) in keys {
        IsNetworkMember::remove(s, &hotkey, &netuid);
    }

    Tempo::remove(s, &netuid);
    Kappa::remove(s, &netuid);
    Difficulty::remove(s, &netuid);
    MaxAllowedUids::remove(s, &netuid);
    ImmunityPeriod::remove(s, &netuid);
    ActivityCutoff::remove(s, &netuid);
    ActivityCutoffFactorMilli::remove(s, &netuid);
    LastEpochBlock::remove(s, &netuid);
    PendingEpochAt::remove(s, &netuid);
    SubnetEpochIndex::remove(s, &netuid);
    MinAllowedWeights::remove(s, &netuid);
    RegistrationsThisInterval::remove(s, &netuid);

    SubnetAlphaInEmission::remove(s, &netuid);
    SubnetAlphaOutEmission::remove(s, &netuid);
    SubnetTaoInEmission::remove(s, &netuid);
    SubnetVolume::remove(s, &netuid);
    SubnetMovingPrice::remove(s, &netuid);
    SubnetTaoFlow::remove(s, &netuid);
    SubnetEmaTaoFlow::remove(s, &netuid);
    SubnetExcessTao::remove(s, &netuid);

    SubnetMechanism::remove(s, &netuid);
    SubnetOwnerHotkey::remove(s, &netuid);
    NetworkRegistrationAllowed::remove(s, &netuid);
    NetworkPowRegistrationAllowed::remove(s, &netuid);

    TransferToggle::remove(s, &netuid);
    SubnetLocked::remove(s, &netuid);

    FirstEmissionBlockNumber::remove(s, &netuid);
    PendingValidatorEmission::remove(s, &netuid);
    PendingServerEmission::remove(s, &netuid);
    PendingRootAlphaDivs::remove(s, &netuid);
    PendingOwnerCut::remove(s, &netuid);
    MinerBurned::remove(s, &netuid);
    BlocksSinceLastStep::remove(s, &netuid);
    LastMechansimStepBlock::remove(s, &netuid);
    LastAdjustmentBlock::remove(s, &netuid);

    ServingRateLimit::remove(s, &netuid);
    Rho::remove(s, &netuid);
    AlphaSigmoidSteepness::remove(s, &netuid);
    MaxAllowedValidators::remove(s, &netuid);
    BondsMovingAverage::remove(s, &netuid);
    BondsPenalty::remove(s, &netuid);
    BondsResetOn::remove(s, &netuid);
    WeightsSetRateLimit::remove(s, &netuid);
    TargetRegistrationsPerInterval::remove(s, &netuid);
    CommitRevealWeightsEnabled::remove(s, &netuid);
    BurnHalfLife::remove(s, &netuid);
    BurnIncreaseMult::remove(s, &netuid);
    Burn::remove(s, &netuid);
    MinBurn::remove(s, &netuid);
    MaxBurn::remove(s, &netuid);
    MinDifficulty::remove(s, &netuid);
    MaxDifficulty::remove(s, &netuid);
    RegistrationsThisBlock::remove(s, &netuid);
    EMAPriceHalvingBlocks::remove(s, &netuid);
    RAORecycledForRegistration::remove(s, &netuid);
    MaxRegistrationsPerBlock::remove(s, &netuid);
    WeightsVersionKey::remove(s, &netuid);

    LiquidAlphaOn::remove(s, &netuid);
    Yuma3On::remove(s, &netuid);
    AlphaValues::remove(s, &netuid);
    SubtokenEnabled::remove(s, &netuid);
    ImmuneOwnerUidsLimit::remove(s, &netuid);
    StakeWeight::remove(s, &netuid);

    BlockAtRegistration::clear_prefix(s, &netuid);
    Axons::clear_prefix(s, &netuid);
    Prometheus::clear_prefix(s, &netuid);
    AlphaDividendsPerSubnet::clear_prefix(s, &netuid);
    PendingChildKeys::clear_prefix(s, &netuid);

    // One mechanism per subnet: its storage index is the netuid.
    LastUpdate::remove(s, &netuid);
    Incentive::remove(s, &netuid);
    WeightCommits::clear_prefix(s, &netuid);
    Bonds::clear_prefix(s, &netuid);
    Weights::clear_prefix(s, &netuid);
    RevealPeriodEpochs::remove(s, &netuid);
    MechanismCountCurrent::remove(s, &netuid);

    let had_identity = SubnetIdentitiesV3::contains_key(s, &netuid);
    if had_identity {
        SubnetIdentitiesV3::remove(s, &netuid);
    }

    for (hotkey, n, _) in ChildkeyTake::iter(s) {
        if n == netuid {
            ChildkeyTake::remove(s, &hotkey, &n);
        }
    }
    for (parent, n, _) in ChildKeys::iter(s) {
        if n == netuid {
            ChildKeys::remove(s, &parent, &n);
        }
    }
    for (child, n, _) in ParentKeys::iter(s) {
        if n == netuid {
            ParentKeys::remove(s, &child, &n);
        }
    }
    for (hotkey, n, _) in TotalHotkeyAlphaLastEpoch::iter(s) {
        if n == netuid {
            TotalHotkeyAlphaLastEpoch::remove(s, &hotkey, &n);
        }
    }
    for (hotkey, n, kind, _) in TransactionKeyLastBlock::iter(s) {
        if n == netuid {
            TransactionKeyLastBlock::remove(s, &hotkey, &n, &kind);
        }
    }
    if had_identity {
        ctx.deposit(SubtensorEvent::SubnetIdentityRemoved(netuid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventRecord};
    use crate::types::RAO_PER_TAO;

    const TAO: u64 = RAO_PER_TAO;

    fn account(n: u8) -> AccountId {
        AccountId([n; 32])
    }

    fn at<R>(
        s: &mut Storage,
        block: u64,
        f: impl FnOnce(&mut Ctx<'_>) -> R,
    ) -> (R, Vec<EventRecord>) {
        crate::ctx::in_test_block(s, block, f)
    }

    fn subtensor_events(records: &[EventRecord]) -> Vec<SubtensorEvent> {
        records
            .iter()
            .filter_map(|r| match &r.event {
                Event::SubtensorModule(e) => Some(e.clone()),
                _ => None,
            })
            .collect()
    }

    fn err<T>(e: SubtensorError) -> Result<T, DispatchError> {
        Err(e.into())
    }

    fn chain_with_root() -> Storage {
        let mut s = Storage::new();
        init_root_network(&mut s, &account(0xA0), &account(0xA1));
        s
    }

    /// `coldkey` (funded with `tao`) registers a subnet with `hotkey` at `block`.
    fn register(
        s: &mut Storage,
        block: u64,
        coldkey: AccountId,
        hotkey: AccountId,
        tao: u64,
    ) -> (Result<NetUid, DispatchError>, Vec<EventRecord>) {
        balances::mint(s, &coldkey, tao * TAO);
        at(s, block, |ctx| {
            register_network(ctx, &coldkey, &hotkey, &SubnetDefaults::subtensor())
        })
    }

    #[test]
    fn register_network_locks_the_cost_in_a_pool_at_price_one() {
        let mut s = chain_with_root();
        let (ck, hk) = (account(1), account(2));
        // The first registration ever pays the last lock (1000 TAO) once: mult 1, and the linear
        // reduction ⌊10¹²/100_800⌋ · 10 = 99_206_340 leaves less than the 1000 TAO floor.
        assert_eq!(lock_cost(&s, 10), 1_000 * TAO);
        let (r, events) = register(&mut s, 10, ck, hk, 1_500);
        assert_eq!(r, Ok(1));
        assert_eq!(balances::free_balance(&s, &ck), 500 * TAO);
        assert_eq!(balances::free_balance(&s, &subnet_account(1)), 1_000 * TAO);
        assert_eq!(
            (
                SubnetTAO::get(&s, &1),
                SubnetAlphaIn::get(&s, &1),
                SubnetAlphaOut::get(&s, &1),
                SubnetLocked::get(&s, &1),
                TotalStake::get(&s)
            ),
            (1_000 * TAO, 1_000 * TAO, 0, 1_000 * TAO, 1_000 * TAO)
        );
        assert_eq!(
            (NetworkLastLockCost::get(&s), NetworkLastRegistered::get(&s)),
            (1_000 * TAO, 10)
        );
        // Netuid 1 with tempo 360 starts its cycle 1 % 360 = 1 block early.
        assert_eq!(LastEpochBlock::get(&s, &1), 9);
        assert_eq!(
            (
                SubnetOwner::get(&s, &1),
                SubnetOwnerHotkey::get(&s, &1),
                Keys::get(&s, &1, &0),
                NetworkRegisteredAt::get(&s, &1),
                SubnetMechanism::get(&s, &1),
                Burn::get(&s, &1),
                TotalNetworks::get(&s)
            ),
            (ck, hk, hk, 10, 1, TAO, 2)
        );
        assert_eq!(
            (
                MaxAllowedUids::get(&s, &1),
                MaxAllowedValidators::get(&s, &1),
                MinAllowedWeights::get(&s, &1),
                ImmunityPeriod::get(&s, &1),
                Yuma3On::get(&s, &1),
                SubnetEmissionEnabled::get(&s, &1),
                SubtokenEnabled::get(&s, &1)
            ),
            (256, 64, 1, 5000, true, false, false)
        );
        use SubtensorEvent as E;
        assert_eq!(
            subtensor_events(&events),
            vec![
                E::RegistrationAllowed(1, true),
                E::MaxAllowedUidsSet(1, 256),
                E::MaxAllowedValidatorsSet(1, 64),
                E::MinAllowedWeightSet(1, 1),
                E::ImmunityPeriodSet(1, 5000),
                E::SubnetOwnerHotkeySet(1, hk),
                E::NetworkAdded(1, 1),
            ]
        );
    }

    #[test]
    fn the_next_lock_doubles_decays_and_prices_the_pool_at_the_median() {
        let mut s = chain_with_root();
        // A coldkey holding exactly the 1000 TAO cost keeps the existential deposit: 500 rao less is
        // locked, and that is the last lock the next cost doubles.
        let (r, _) = register(&mut s, 10, account(1), account(2), 1_000);
        assert_eq!(r, Ok(1));
        assert_eq!(balances::free_balance(&s, &account(1)), EXISTENTIAL_DEPOSIT);
        assert_eq!(SubnetLocked::get(&s, &1), 999_999_999_500);
        assert_eq!(NetworkLastLockCost::get(&s), 999_999_999_500);
        // Subnet 1 now trades at 2 TAO per alpha.
        SubnetTAO::insert(&mut s, &1, 2_000 * TAO);
        // One block short of NetworkRateLimit (7200).
        let (r, _) = register(&mut s, 7_209, account(3), account(4), 3_000);
        assert_eq!(r, err(SubtensorError::NetworkTxRateLimitExceeded));
        // 2 · 999_999_999_500 − ⌊999_999_999_500/100_800⌋ · 7200 = 1_999_999_999_000 − 9_920_634 · 7200
        // = 1_928_571_434_200.
        assert_eq!(lock_cost(&s, 7_210), 1_928_571_434_200);
        let (r, _) = register(&mut s, 7_210, account(3), account(4), 0);
        assert_eq!(r, Ok(2));
        assert_eq!(SubnetTAO::get(&s, &2), 1_928_571_434_200);
        // Alpha reserve: the lock at the median price 2: 964_285_717_100.
        assert_eq!(SubnetAlphaIn::get(&s, &2), 964_285_717_100);
        assert_eq!(LastEpochBlock::get(&s, &2), 7_208);
        assert_eq!(
            balances::free_balance(&s, &account(3)),
            3_000 * TAO - 1_928_571_434_200
        );
    }

    #[test]
    fn the_median_price_ignores_root_and_empty_pools() {
        let mut s = chain_with_root();
        assert_eq!(median_alpha_price(&s), U64F64::from_num(1));
        for (netuid, tao, alpha) in [
            (1, 1_000, 1_000),
            (2, 3_000, 1_000),
            (3, 1_000, 4_000),
            (4, 5, 0),
        ] {
            NetworksAdded::insert(&mut s, &netuid, true);
            SubnetMechanism::insert(&mut s, &netuid, 1);
            SubnetTAO::insert(&mut s, &netuid, tao * TAO);
            SubnetAlphaIn::insert(&mut s, &netuid, alpha * TAO);
        }
        // Prices 1, 3, 0.25 (subnet 4 has no alpha: price 0, left out): the middle one.
        assert_eq!(median_alpha_price(&s), U64F64::from_num(1));
        NetworksAdded::insert(&mut s, &5, true);
        SubnetMechanism::insert(&mut s, &5, 1);
        SubnetTAO::insert(&mut s, &5, 5_000 * TAO);
        SubnetAlphaIn::insert(&mut s, &5, 1_000 * TAO);
        // 0.25, 1, 3, 5: the mean of 1 and 3.
        assert_eq!(median_alpha_price(&s), U64F64::from_num(2));
    }

    /// Two subnets (1 at block 10, 2 at block 7210, owners 1 and 3) under a limit of two subnets.
    fn two_subnets_at_the_limit() -> Storage {
        let mut s = chain_with_root();
        SubnetLimit::put(&mut s, 2);
        assert_eq!(register(&mut s, 10, account(1), account(2), 1_000).0, Ok(1));
        assert_eq!(
            register(&mut s, 7_210, account(3), account(4), 2_000).0,
            Ok(2)
        );
        s
    }

    #[test]
    fn at_the_subnet_limit_the_lowest_price_ema_outside_immunity_is_replaced() {
        let mut s = two_subnets_at_the_limit();
        let newcomer = account(5);
        // Both subnets are inside NetworkImmunityPeriod (1_296_000 blocks): refused, nothing paid.
        let (r, _) = register(&mut s, 14_410, newcomer, account(6), 5_000);
        assert_eq!(r, err(SubtensorError::SubnetLimitReached));
        assert_eq!(balances::free_balance(&s, &newcomer), 5_000 * TAO);

        NetworkImmunityPeriod::put(&mut s, 100);
        // Price EMAs 0.5 and 0.25 (I96F32 bits): subnet 2 goes.
        SubnetMovingPrice::insert(&mut s, &1, 1 << 31);
        SubnetMovingPrice::insert(&mut s, &2, 1 << 30);
        assert_eq!(network_to_prune(&s, 14_410), Some(2));
        // A tie goes to the earlier registration.
        SubnetMovingPrice::insert(&mut s, &2, 1 << 31);
        assert_eq!(network_to_prune(&s, 14_410), Some(1));
        // An immune subnet is skipped even with the lower price: 14_410 < 7_210 + 7_201.
        SubnetMovingPrice::insert(&mut s, &2, 1 << 30);
        NetworkImmunityPeriod::put(&mut s, 7_201);
        assert_eq!(network_to_prune(&s, 14_410), Some(1));
        NetworkImmunityPeriod::put(&mut s, 100);

        // Subnet 1 locked 999_999_999_500 (its owner held exactly 1000 TAO), so subnet 2 locked
        // 1_928_571_434_200; now 2 · 1_928_571_434_200 − ⌊1_928_571_434_200/100_800⌋ · 7200
        // = 3_857_142_868_400 − 19_132_653 · 7200 = 3_719_387_766_800.
        let cost = 3_719_387_766_800;
        assert_eq!(lock_cost(&s, 14_410), cost);
        let (r, events) = register(&mut s, 14_410, newcomer, account(6), 0);
        assert_eq!(r, Ok(2));
        let events = subtensor_events(&events);
        assert_eq!(events.first(), Some(&SubtensorEvent::NetworkRemoved(2)));
        assert_eq!(events.last(), Some(&SubtensorEvent::NetworkAdded(2, 1)));
        assert_eq!(
            (
                SubnetOwner::get(&s, &2),
                SubnetOwnerHotkey::get(&s, &2),
                SubnetworkN::get(&s, &2),
                NetworkRegisteredAt::get(&s, &2),
                LastEpochBlock::get(&s, &2),
                TotalNetworks::get(&s)
            ),
            (newcomer, account(6), 1, 14_410, 14_408, 3)
        );
        assert_eq!(Uids::try_get(&s, &2, &account(4)), None);
        // The old pool went to the protocol and was recycled down to the existential deposit, which
        // stays in the subnet account under the new pool (as on subtensor).
        assert_eq!(SubnetTAO::get(&s, &2), cost);
        assert_eq!(
            balances::free_balance(&s, &subnet_account(2)),
            cost + EXISTENTIAL_DEPOSIT
        );
        // The only other subnet trades at 1: alpha reserve = the lock.
        assert_eq!(SubnetAlphaIn::get(&s, &2), cost);
    }

    #[test]
    fn dissolving_pays_every_stake_pro_rata_with_the_largest_remainders() {
        let mut s = chain_with_root();
        let (owner, h1, h2) = (account(1), account(11), account(12));
        let (c1, c2, c3) = (account(21), account(22), account(23));
        let pot = 1_000_000_007;
        NetworksAdded::insert(&mut s, &1, true);
        TotalNetworks::put(&mut s, 2);
        SubnetMechanism::insert(&mut s, &1, 1);
        SubnetOwner::insert(&mut s, &1, owner);
        NetworkRegisteredAt::insert(&mut s, &1, 5);
        SubnetLocked::insert(&mut s, &1, 1_000 * TAO);
        SubnetTAO::insert(&mut s, &1, pot);
        TotalStake::put(&mut s, pot);
        // The pool's 4 alpha count for the protocol; stakes of 3, 2 and 1 alpha.
        SubnetAlphaIn::insert(&mut s, &1, 4);
        SubnetAlphaOut::insert(&mut s, &1, 6);
        crate::staking::increase_stake(&mut s, &h1, &c1, 1, 3);
        crate::staking::increase_stake(&mut s, &h1, &c2, 1, 2);
        crate::staking::increase_stake(&mut s, &h2, &c3, 1, 1);
        // The account also holds 1000 rao of registration fees outside the pool.
        balances::mint(&mut s, &subnet_account(1), pot + 1_000);
        SubtensorTotalIssuance::put(&mut s, 10_000 * TAO);
        let issuance = crate::items::TotalIssuance::get(&s);
        MinNonImmuneUids::insert(&mut s, &1, 3);
        SubnetIdentitiesV3::insert(&mut s, &1, crate::rpc_info::SubnetIdentityV3::default());
        let (uid, _) = at(&mut s, 6, |ctx| registration::append_neuron(ctx, 1, &h1));
        assert_eq!(uid, 0);

        let (r, events) = at(&mut s, 100, |ctx| {
            dispatch_root(ctx, &SubtensorCall::root_dissolve_network { netuid: 1 })
        });
        assert_eq!(r, Ok(()));
        // pot·v/10 for v = 3, 2, 1 and the protocol's 4: 300_000_002.1, 200_000_001.4, 100_000_000.7,
        // 400_000_002.8; the 2 rao left go to the largest remainders (the protocol's .8, then .7).
        assert_eq!(balances::free_balance(&s, &c1), 300_000_002);
        assert_eq!(balances::free_balance(&s, &c2), 200_000_001);
        assert_eq!(balances::free_balance(&s, &c3), 100_000_001);
        // The protocol's 400_000_003 and the 1000 rao of fees are recycled, less the existential
        // deposit the account keeps: 400_000_503 leave both issuances.
        assert_eq!(
            balances::free_balance(&s, &subnet_account(1)),
            EXISTENTIAL_DEPOSIT
        );
        assert_eq!(crate::items::TotalIssuance::get(&s), issuance - 400_000_503);
        assert_eq!(SubtensorTotalIssuance::get(&s), 10_000 * TAO - 400_000_503);
        // No lock refund for a subnet registered after NetworkRegistrationStartBlock (0).
        assert_eq!(balances::free_balance(&s, &owner), 0);
        assert_eq!(TotalStake::get(&s), 0);
        assert_eq!(
            subtensor_events(&events),
            vec![
                SubtensorEvent::SubnetIdentityRemoved(1),
                SubtensorEvent::NetworkRemoved(1)
            ]
        );
        // The subnet's state is gone; what subtensor leaves (MinNonImmuneUids) stays.
        assert!(!exists(&s, 1));
        assert_eq!(TotalNetworks::get(&s), 1);
        for item_absent in [
            SubnetTAO::try_get(&s, &1).is_none(),
            SubnetAlphaIn::try_get(&s, &1).is_none(),
            SubnetAlphaOut::try_get(&s, &1).is_none(),
            TotalHotkeyAlpha::try_get(&s, &h1, &1).is_none(),
            TotalHotkeyShares::try_get(&s, &h2, &1).is_none(),
            Alpha::iter_prefix(&s, &h1).is_empty(),
            Keys::try_get(&s, &1, &0).is_none(),
            Uids::try_get(&s, &1, &h1).is_none(),
            !IsNetworkMember::get(&s, &h1, &1),
            Tempo::try_get(&s, &1).is_none(),
            SubnetOwner::try_get(&s, &1).is_none(),
            SubnetLocked::try_get(&s, &1).is_none(),
            SubnetIdentitiesV3::try_get(&s, &1).is_none(),
            LastUpdate::try_get(&s, &1).is_none(),
        ] {
            assert!(item_absent);
        }
        assert_eq!(MinNonImmuneUids::try_get(&s, &1), Some(3));
    }

    #[test]
    fn a_subnet_registered_before_the_start_block_gets_its_lock_back_less_the_owner_cut() {
        let mut s = chain_with_root();
        let owner = account(1);
        NetworkRegistrationStartBlock::put(&mut s, 100);
        NetworksAdded::insert(&mut s, &1, true);
        SubnetMechanism::insert(&mut s, &1, 1);
        SubnetOwner::insert(&mut s, &1, owner);
        NetworkRegisteredAt::insert(&mut s, &1, 50);
        SubnetLocked::insert(&mut s, &1, TAO);
        SubnetTAO::insert(&mut s, &1, 1_000);
        SubnetAlphaIn::insert(&mut s, &1, 1_000);
        balances::mint(&mut s, &subnet_account(1), 2 * TAO);
        let (r, _) = at(&mut s, 200, |ctx| dissolve_network(ctx, 1));
        assert_eq!(r, Ok(()));
        // Owner cut of all issued alpha: ⌊1000 · ⌊11796·2³²/65535⌋ / 2³²⌋ = 179 alpha, at price 1 = 179
        // rao; refund 10⁹ − 179. The pool's 1000 rao are the protocol's and are not refunded.
        assert_eq!(balances::free_balance(&s, &owner), 999_999_821);
        assert_eq!(
            balances::free_balance(&s, &subnet_account(1)),
            EXISTENTIAL_DEPOSIT
        );
    }

    #[test]
    fn dissolving_needs_root_and_a_subnet_other_than_root() {
        let mut s = chain_with_root();
        assert!(is_root_call(&SubtensorCall::dissolve_network {
            coldkey: account(1),
            netuid: 1
        }));
        assert!(!is_root_call(&SubtensorCall::start_call { netuid: 1 }));
        let (r, _) = at(&mut s, 5, |ctx| {
            dispatch_root(
                ctx,
                &SubtensorCall::root_dissolve_network {
                    netuid: ROOT_NETUID,
                },
            )
        });
        assert_eq!(r, err(SubtensorError::SubnetNotExists));
        let (r, _) = at(&mut s, 5, |ctx| {
            dispatch_root(
                ctx,
                &SubtensorCall::dissolve_network {
                    coldkey: account(1),
                    netuid: 7,
                },
            )
        });
        assert_eq!(r, err(SubtensorError::SubnetNotExists));
        let (r, _) = at(&mut s, 5, |ctx| {
            dispatch_root(ctx, &SubtensorCall::start_call { netuid: 1 })
        });
        assert_eq!(r, Err(DispatchError::BadOrigin));
    }

    #[test]
    fn start_call_waits_for_the_delay_and_runs_once() {
        let mut s = chain_with_root();
        let (ck, hk) = (account(1), account(2));
        assert_eq!(register(&mut s, 10, ck, hk, 1_000).0, Ok(1));
        StartCallDelay::put(&mut s, 100);
        let (r, _) = at(&mut s, 109, |ctx| start_call(ctx, &account(9), 7));
        assert_eq!(r, err(SubtensorError::SubnetNotExists));
        let (r, _) = at(&mut s, 109, |ctx| start_call(ctx, &account(9), 1));
        assert_eq!(r, Err(DispatchError::BadOrigin));
        let (r, _) = at(&mut s, 109, |ctx| start_call(ctx, &ck, 1));
        assert_eq!(r, err(SubtensorError::NeedWaitingMoreBlocksToStarCall));
        let (r, events) = at(&mut s, 110, |ctx| start_call(ctx, &ck, 1));
        assert_eq!(r, Ok(()));
        assert_eq!(
            subtensor_events(&events),
            vec![SubtensorEvent::FirstEmissionBlockNumberSet(1, 111)]
        );
        assert_eq!(FirstEmissionBlockNumber::try_get(&s, &1), Some(111));
        assert!(SubtokenEnabled::get(&s, &1));
        let (r, _) = at(&mut s, 111, |ctx| start_call(ctx, &ck, 1));
        assert_eq!(r, err(SubtensorError::FirstEmissionBlockNumberAlreadySet));
    }
}

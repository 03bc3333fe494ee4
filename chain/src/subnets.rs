//! Subnets: the root network (netuid 0, created at genesis), `register_network` (lock cost, pool
//! seeding, owner UID 0), `start_call`, and the hyperparameters a new subnet starts with.
//!
//! Root is a subnet like the others in storage (`NetworksAdded[0]`), but a stable one
//! (`SubnetMechanism` 0: staking is 1:1 TAO, no pool), with no alpha emission and no epoch of its own;
//! [`netuids`] therefore leaves it out and [`all_netuids`] includes it.

use crate::balances::{self, Existence};
use crate::ctx::{subnet_account, Ctx};
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::*;
use crate::registration;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid, ROOT_NETUID};

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

/// `register_network(hotkey)`: pays the lock, creates the subnet with its pool and makes `hotkey` UID 0.
pub fn register_network(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    defaults: &SubnetDefaults,
) -> Result<NetUid, DispatchError> {
    let last = NetworkLastRegistered::get(ctx.s);
    let rate_limit = NetworkRateLimit::get(ctx.s);
    if rate_limit > 0 && last > 0 && ctx.block.saturating_sub(last) < rate_limit {
        return Err(SubtensorError::NetworkTxRateLimitExceeded.into());
    }
    let owner = Owner::get(ctx.s, hotkey);
    if owner != AccountId::ZERO && owner != *coldkey {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    let subnets = netuids(ctx.s);
    if subnets.len() >= usize::from(SubnetLimit::get(ctx.s)) {
        return Err(SubtensorError::SubnetLimitReached.into());
    }
    let cost = lock_cost(ctx.s, ctx.block);
    if balances::free_balance(ctx.s, coldkey) < cost.saturating_add(balances::EXISTENTIAL_DEPOSIT) {
        return Err(SubtensorError::CannotAffordLockCost.into());
    }
    let netuid = (1..=u16::MAX)
        .find(|n| !exists(ctx.s, *n))
        .ok_or(SubtensorError::SubnetLimitReached)?;
    let median_price = median_price(ctx.s, &subnets);
    balances::transfer(
        ctx.s,
        coldkey,
        &subnet_account(netuid),
        cost,
        Existence::KeepAlive,
    )?;

    NetworkLastLockCost::put(ctx.s, cost);
    NetworkLastRegistered::put(ctx.s, ctx.block);
    init_new_network(ctx, netuid, defaults);
    SubnetOwner::insert(ctx.s, &netuid, *coldkey);
    SubnetOwnerHotkey::insert(ctx.s, &netuid, *hotkey);
    SubnetLocked::insert(ctx.s, &netuid, cost);
    SubnetTAO::insert(ctx.s, &netuid, cost);
    TotalStake::mutate(ctx.s, |t| *t = t.saturating_add(cost));
    let alpha_in = crate::pool::alpha_for_tao_at_price(cost, median_price);
    SubnetAlphaIn::insert(ctx.s, &netuid, alpha_in);
    SubnetAlphaOut::insert(ctx.s, &netuid, 0);
    registration::create_hotkey_account(ctx.s, coldkey, hotkey);
    registration::append_neuron(ctx, netuid, hotkey);
    ctx.deposit(SubtensorEvent::NetworkAdded(netuid, 1));
    Ok(netuid)
}

/// The median spot price (rao per alpha) of the given subnets; 1 TAO per alpha when there are none.
fn median_price(s: &Storage, subnets: &[NetUid]) -> u64 {
    let mut prices: Vec<u64> = subnets
        .iter()
        .map(|n| crate::pool::spot_price_rao(s, *n))
        .collect();
    if prices.is_empty() {
        return crate::types::RAO_PER_TAO;
    }
    prices.sort_unstable();
    let mid = prices.len() / 2;
    if prices.len() % 2 == 0 {
        prices[mid - 1] / 2 + prices[mid] / 2
    } else {
        prices[mid]
    }
}

/// Writes the defaults a new subnet starts with, as subtensor's `init_new_network` does.
fn init_new_network(ctx: &mut Ctx<'_>, netuid: NetUid, defaults: &SubnetDefaults) {
    let s = &mut *ctx.s;
    NetworksAdded::insert(s, &netuid, true);
    TotalNetworks::mutate(s, |n| *n = n.saturating_add(1));
    SubnetMechanism::insert(s, &netuid, 1);
    Tempo::insert(s, &netuid, defaults.tempo);
    SubnetworkN::insert(s, &netuid, 0);
    MaxAllowedUids::insert(s, &netuid, 256);
    MaxAllowedValidators::insert(s, &netuid, 64);
    MinAllowedWeights::insert(s, &netuid, 1);
    ImmunityPeriod::insert(s, &netuid, 5000);
    Yuma3On::insert(s, &netuid, true);
    Burn::insert(s, &netuid, crate::types::RAO_PER_TAO);
    CommitRevealWeightsEnabled::insert(s, &netuid, defaults.commit_reveal_weights_enabled);
    SubnetEmissionEnabled::insert(s, &netuid, defaults.subnet_emission_enabled);
    NetworkRegisteredAt::insert(s, &netuid, ctx.block);
    SubtokenEnabled::insert(s, &netuid, false);
    let tempo = u64::from(defaults.tempo.max(1));
    // Stagger epochs by netuid so subnets do not all run in the same block.
    LastEpochBlock::insert(
        s,
        &netuid,
        ctx.block.saturating_sub(u64::from(netuid) % tempo),
    );
}

/// `start_call(netuid)`: the owner turns on emission and staking.
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

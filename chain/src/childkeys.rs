//! Childkeys: a parent hotkey lends fixed proportions of its stake weight on one subnet to child
//! hotkeys, and the dividends those children earn flow back to the parent, less the child's take.
//!
//! This module owns subtensor's `staking/set_children.rs` (`set_children`, `set_childkey_take`, the
//! pending-children queue applied at the subnet's epoch, and the bidirectional `ChildKeys`/`ParentKeys`
//! bookkeeping), the inherited stake weight of `get_inherited_for_hotkey_on_subnet` /
//! `get_tao_inherited_for_hotkey_on_subnet`, and the parent/child split of dividends of
//! `get_parent_child_dividends_distribution` — in subtensor's `U96F32` arithmetic and order of
//! operations, so amounts agree to the unit. The epoch and the coinbase call into it; they own when
//! the stake is read and how the redistributed dividends are paid.
//!
//! Root (netuid 0) stake enters through `tao_weight`: callers pass subtensor's `TaoWeight` as a
//! fraction, and a hotkey's root stake is its `TotalHotkeyAlpha` on netuid 0, as in subtensor.
//!
//! [`auto_parent`] makes root validators parents of each new subnet's owner hotkey at registration.

use std::collections::{BTreeMap, BTreeSet};

use substrate_fixed::types::{U64F64, U96F32};

use crate::call::SubtensorCall;
use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    CKBurn, ChildKeys, ChildLinks, ChildkeyTake, LastEpochBlock, MaxChildkeyTake, MinChildkeyTake,
    MinChildkeyTakePerSubnet, NetworksAdded, Owner, ParentKeys, PendingChildKeyCooldown,
    PendingChildKeys, StakeThreshold, SubnetAlphaOut, SubnetMechanism, SubnetOwnerHotkey,
    SubtokenEnabled, TransactionKeyLastBlock, TxChildkeyTakeRateLimit,
};
use crate::pool;
use crate::registration::hotkey_exists;
use crate::staking;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, AlphaBalance, NetUid, TaoBalance, ROOT_NETUID};

pub mod auto_parent;
#[cfg(test)]
mod tests;

/// Most children one parent may have on one subnet.
pub const MAX_CHILDREN: usize = 5;
/// Blocks between two `set_children` of one hotkey on one subnet (fixed in subtensor).
pub const SET_CHILDREN_RATE_LIMIT: u64 = 150;
/// `TransactionKeyLastBlock` transaction type of `set_children`.
pub const TX_SET_CHILDREN: u16 = 0;
/// `TransactionKeyLastBlock` transaction type of `set_childkey_take`.
pub const TX_SET_CHILDKEY_TAKE: u16 = 1;

fn fx(value: u64) -> U96F32 {
    U96F32::saturating_from_num(value)
}

/// A `u64` proportion as a fraction of `u64::MAX` (truncated to 32 fractional bits, as subtensor's
/// `safe_div` truncates).
fn proportion(p: u64) -> U96F32 {
    fx(p)
        .checked_div(fx(u64::MAX))
        .unwrap_or(U96F32::saturating_from_num(0))
}

/// Whether `coldkey` owns `hotkey` (false when the hotkey does not exist).
fn coldkey_owns_hotkey(s: &Storage, coldkey: &AccountId, hotkey: &AccountId) -> bool {
    hotkey_exists(s, hotkey) && Owner::get(s, hotkey) == *coldkey
}

/// Subtensor's `check_passes_rate_limit`: the first transaction always passes.
fn passes_rate_limit(limit: u64, block: u64, last: u64) -> bool {
    last == 0 || block.saturating_sub(last) >= limit
}

// ---------------------------------------------------------------------------------------------
// Relations around one hotkey, with subtensor's consistency rules.

/// A hotkey's children and parents on one subnet, which can only be built consistent.
struct Relations {
    pivot: AccountId,
    children: BTreeMap<AccountId, u64>,
    parents: BTreeMap<AccountId, u64>,
}

fn ensure_no_self_loop(
    pivot: &AccountId,
    set: &BTreeMap<AccountId, u64>,
) -> Result<(), DispatchError> {
    if set.contains_key(pivot) {
        return Err(SubtensorError::InvalidChild.into());
    }
    Ok(())
}

fn ensure_total_proportions(children: &BTreeMap<AccountId, u64>) -> Result<(), DispatchError> {
    let total: u128 = children.values().map(|p| u128::from(*p)).sum();
    if total > u128::from(u64::MAX) {
        return Err(SubtensorError::ProportionOverflow.into());
    }
    Ok(())
}

fn ensure_bipartite(
    children: &BTreeMap<AccountId, u64>,
    parents: &BTreeMap<AccountId, u64>,
) -> Result<(), DispatchError> {
    if children.keys().any(|c| parents.contains_key(c)) {
        return Err(SubtensorError::ChildParentInconsistency.into());
    }
    Ok(())
}

/// Links as a map, skipping any link to `pivot` itself; a repeated account keeps its last proportion.
fn link_map(pivot: &AccountId, links: &[(u64, AccountId)]) -> BTreeMap<AccountId, u64> {
    links
        .iter()
        .filter(|(_, who)| who != pivot)
        .map(|(p, who)| (*who, *p))
        .collect()
}

impl Relations {
    fn new(pivot: AccountId) -> Self {
        Relations {
            pivot,
            children: BTreeMap::new(),
            parents: BTreeMap::new(),
        }
    }

    fn link_children(&mut self, children: BTreeMap<AccountId, u64>) -> Result<(), DispatchError> {
        ensure_no_self_loop(&self.pivot, &children)?;
        ensure_total_proportions(&children)?;
        ensure_bipartite(&children, &self.parents)?;
        self.children = children;
        Ok(())
    }

    fn link_parents(&mut self, parents: BTreeMap<AccountId, u64>) -> Result<(), DispatchError> {
        ensure_no_self_loop(&self.pivot, &parents)?;
        ensure_bipartite(&self.children, &parents)?;
        self.parents = parents;
        Ok(())
    }

    /// The relations stored for `hotkey` on `netuid`.
    fn load(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> Result<Self, DispatchError> {
        let mut rel = Relations::new(*hotkey);
        rel.link_children(link_map(hotkey, &ChildKeys::get(s, hotkey, &netuid)))?;
        rel.link_parents(link_map(hotkey, &ParentKeys::get(s, hotkey, &netuid)))?;
        Ok(rel)
    }

    /// `pending` as `pivot`'s new children, keeping its stored parents.
    fn from_pending(
        s: &Storage,
        pivot: &AccountId,
        pending: &[(u64, AccountId)],
        netuid: NetUid,
    ) -> Result<Self, DispatchError> {
        let mut rel = Relations::new(*pivot);
        rel.link_children(link_map(pivot, pending))?;
        rel.link_parents(link_map(pivot, &ParentKeys::get(s, pivot, &netuid)))?;
        Ok(rel)
    }

    /// Whether `pending` may replace the children (subtensor's `ensure_pending_consistency`).
    fn check_pending(&self, pending: &[(u64, AccountId)]) -> Result<(), DispatchError> {
        let children: BTreeMap<AccountId, u64> = pending.iter().map(|(p, c)| (*c, *p)).collect();
        ensure_no_self_loop(&self.pivot, &children)?;
        if children.len() > MAX_CHILDREN {
            return Err(SubtensorError::TooManyChildren.into());
        }
        ensure_total_proportions(&children)?;
        ensure_bipartite(&children, &self.parents)
    }

    /// Writes the relations both ways: the pivot's `ChildKeys` and `ParentKeys` (sorted by account, as
    /// subtensor writes them from its maps), and the matching edge in each neighbour's list.
    fn persist(self, s: &mut Storage, netuid: NetUid) {
        let pivot = self.pivot;
        let prev_children: BTreeSet<AccountId> = ChildKeys::get(s, &pivot, &netuid)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        write_links::<true>(s, &pivot, netuid, to_links(&self.children));
        for (child, p) in &self.children {
            let mut parents = ParentKeys::get(s, child, &netuid);
            upsert_edge(&mut parents, *p, &pivot);
            write_links::<false>(s, child, netuid, parents);
        }
        for removed in prev_children
            .iter()
            .filter(|c| !self.children.contains_key(c))
        {
            let mut parents = ParentKeys::get(s, removed, &netuid);
            parents.retain(|(_, who)| *who != pivot);
            write_links::<false>(s, removed, netuid, parents);
        }

        let prev_parents: BTreeSet<AccountId> = ParentKeys::get(s, &pivot, &netuid)
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        write_links::<false>(s, &pivot, netuid, to_links(&self.parents));
        for (parent, p) in &self.parents {
            let mut children = ChildKeys::get(s, parent, &netuid);
            upsert_edge(&mut children, *p, &pivot);
            write_links::<true>(s, parent, netuid, children);
        }
        for removed in prev_parents
            .iter()
            .filter(|p| !self.parents.contains_key(p))
        {
            let mut children = ChildKeys::get(s, removed, &netuid);
            children.retain(|(_, who)| *who != pivot);
            write_links::<true>(s, removed, netuid, children);
        }
    }
}

fn to_links(map: &BTreeMap<AccountId, u64>) -> ChildLinks {
    map.iter().map(|(who, p)| (*p, *who)).collect()
}

/// Updates `id`'s proportion in place, or appends it.
fn upsert_edge(links: &mut ChildLinks, proportion: u64, id: &AccountId) {
    match links.iter_mut().find(|(_, who)| who == id) {
        Some(edge) => edge.0 = proportion,
        None => links.push((proportion, *id)),
    }
}

/// Writes `ChildKeys` (`CHILDREN`) or `ParentKeys` of `hotkey`, removing the entry when empty.
fn write_links<const CHILDREN: bool>(
    s: &mut Storage,
    hotkey: &AccountId,
    netuid: NetUid,
    links: ChildLinks,
) {
    match (CHILDREN, links.is_empty()) {
        (true, true) => ChildKeys::remove(s, hotkey, &netuid),
        (true, false) => ChildKeys::insert(s, hotkey, &netuid, links),
        (false, true) => ParentKeys::remove(s, hotkey, &netuid),
        (false, false) => ParentKeys::insert(s, hotkey, &netuid, links),
    }
}

/// Applies `children` as `hotkey`'s children, or does nothing if that would break consistency (as
/// subtensor fails silently here); deposits `SetChildren` when applied.
fn persist_pending_children(
    ctx: &mut Ctx<'_>,
    netuid: NetUid,
    hotkey: &AccountId,
    children: &[(u64, AccountId)],
) {
    if let Ok(rel) = Relations::from_pending(ctx.s, hotkey, children, netuid) {
        rel.persist(ctx.s, netuid);
        ctx.deposit(SubtensorEvent::SetChildren(
            *hotkey,
            netuid,
            children.to_vec(),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Calls.

/// The TAO value of everything staked to `hotkey` on every subnet (root included), at current pool
/// prices: subtensor's `get_total_stake_for_hotkey`.
pub fn total_stake_for_hotkey(s: &Storage, hotkey: &AccountId) -> TaoBalance {
    let zero = U64F64::saturating_from_num(0);
    NetworksAdded::iter(s)
        .into_iter()
        .filter(|(_, added)| *added)
        .fold(zero, |acc, (netuid, _)| {
            let alpha = U64F64::saturating_from_num(staking::hotkey_stake(s, hotkey, netuid));
            let price = if SubnetMechanism::get(s, &netuid) == 1 {
                pool::reserves(s, netuid).price()
            } else {
                U64F64::saturating_from_num(1)
            };
            acc.saturating_add(alpha.saturating_mul(price))
        })
        .saturating_to_num::<u64>()
}

/// `set_children(hotkey, netuid, children)`: schedules `children` to replace `hotkey`'s children on
/// `netuid` once `PendingChildKeyCooldown` has passed (at the subnet's next epoch after it), or applies
/// them at once while the subnet's subtoken is disabled. An empty list revokes every child.
pub fn set_children(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    children: &[(u64, AccountId)],
) -> Result<(), DispatchError> {
    let last = TransactionKeyLastBlock::get(ctx.s, hotkey, &netuid, &TX_SET_CHILDREN);
    if !passes_rate_limit(SET_CHILDREN_RATE_LIMIT, ctx.block, last) {
        return Err(SubtensorError::TxRateLimitExceeded.into());
    }
    if netuid == ROOT_NETUID {
        return Err(SubtensorError::RegistrationNotPermittedOnRootSubnet.into());
    }
    subnets::ensure_exists(ctx.s, netuid)?;
    if !coldkey_owns_hotkey(ctx.s, coldkey, hotkey) {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    let mut seen = BTreeSet::new();
    if !children.iter().all(|(_, child)| seen.insert(*child)) {
        return Err(SubtensorError::DuplicateChild.into());
    }
    Relations::load(ctx.s, hotkey, netuid)?.check_pending(children)?;
    let is_owner_hotkey = SubnetOwnerHotkey::try_get(ctx.s, &netuid) == Some(*hotkey);
    if !children.is_empty()
        && total_stake_for_hotkey(ctx.s, hotkey) < StakeThreshold::get(ctx.s)
        && !is_owner_hotkey
    {
        return Err(SubtensorError::NotEnoughStakeToSetChildkeys.into());
    }
    TransactionKeyLastBlock::insert(ctx.s, hotkey, &netuid, &TX_SET_CHILDREN, ctx.block);

    if !SubtokenEnabled::get(ctx.s, &netuid) {
        persist_pending_children(ctx, netuid, hotkey, children);
        return Ok(());
    }
    let cooldown_block = ctx
        .block
        .saturating_add(PendingChildKeyCooldown::get(ctx.s));
    PendingChildKeys::insert(ctx.s, &netuid, hotkey, (children.to_vec(), cooldown_block));
    ctx.deposit(SubtensorEvent::SetChildrenScheduled(
        *hotkey,
        netuid,
        cooldown_block,
        children.to_vec(),
    ));
    Ok(())
}

/// The smallest childkey take allowed on `netuid` (subtensor's `get_effective_min_childkey_take`): the
/// larger of the global `MinChildkeyTake` and the subnet's own `MinChildkeyTakePerSubnet`.
pub fn effective_min_childkey_take(s: &Storage, netuid: NetUid) -> u16 {
    MinChildkeyTake::get(s).max(MinChildkeyTakePerSubnet::get(s, &netuid))
}

/// The childkey take `hotkey` charges on `netuid`: its own, never below the subnet's effective minimum.
pub fn childkey_take(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> u16 {
    ChildkeyTake::get(s, hotkey, &netuid).max(effective_min_childkey_take(s, netuid))
}

/// `set_childkey_take(hotkey, netuid, take)`: sets the share of the dividends `hotkey` keeps when it
/// passes them to parents owned by other coldkeys. Raising it is rate limited by
/// `TxChildkeyTakeRateLimit`; lowering it is not.
pub fn set_childkey_take(
    ctx: &mut Ctx<'_>,
    coldkey: &AccountId,
    hotkey: &AccountId,
    netuid: NetUid,
    take: u16,
) -> Result<(), DispatchError> {
    if !coldkey_owns_hotkey(ctx.s, coldkey, hotkey) {
        return Err(SubtensorError::NonAssociatedColdKey.into());
    }
    if take < effective_min_childkey_take(ctx.s, netuid) || take > MaxChildkeyTake::get(ctx.s) {
        return Err(SubtensorError::InvalidChildkeyTake.into());
    }
    if take > childkey_take(ctx.s, hotkey, netuid) {
        let last = TransactionKeyLastBlock::get(ctx.s, hotkey, &netuid, &TX_SET_CHILDKEY_TAKE);
        if !passes_rate_limit(TxChildkeyTakeRateLimit::get(ctx.s), ctx.block, last) {
            return Err(SubtensorError::TxChildkeyTakeRateLimitExceeded.into());
        }
    }
    TransactionKeyLastBlock::insert(ctx.s, hotkey, &netuid, &TX_SET_CHILDKEY_TAKE, ctx.block);
    ChildkeyTake::insert(ctx.s, hotkey, &netuid, take);
    ctx.deposit(SubtensorEvent::ChildKeyTakeSet(*hotkey, take));
    Ok(())
}

/// Whether `call` is one of the root-only childkey settings.
pub fn is_root_call(call: &SubtensorCall) -> bool {
    matches!(
        call,
        SubtensorCall::sudo_set_tx_childkey_take_rate_limit { .. }
            | SubtensorCall::sudo_set_min_childkey_take { .. }
            | SubtensorCall::sudo_set_max_childkey_take { .. }
            | SubtensorCall::set_pending_childkey_cooldown { .. }
    )
}

/// Dispatches a childkey call from a signed origin; the root-only settings fail with `BadOrigin`.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    who: &AccountId,
    call: &SubtensorCall,
) -> Result<(), DispatchError> {
    match call {
        SubtensorCall::set_children {
            hotkey,
            netuid,
            children,
        } => set_children(ctx, who, hotkey, *netuid, children),
        SubtensorCall::set_childkey_take {
            hotkey,
            netuid,
            take,
        } => set_childkey_take(ctx, who, hotkey, *netuid, *take),
        SubtensorCall::set_auto_parent_delegation_enabled { hotkey, enabled } => {
            auto_parent::set_auto_parent_delegation_enabled(ctx, who, hotkey, *enabled)
        }
        _ => Err(DispatchError::BadOrigin),
    }
}

/// Dispatches a root-only childkey setting (through `Sudo.sudo`); any other call fails with
/// `BadOrigin`.
pub fn dispatch_root(ctx: &mut Ctx<'_>, call: &SubtensorCall) -> Result<(), DispatchError> {
    match *call {
        SubtensorCall::sudo_set_tx_childkey_take_rate_limit { tx_rate_limit } => {
            TxChildkeyTakeRateLimit::put(ctx.s, tx_rate_limit);
            ctx.deposit(SubtensorEvent::TxChildKeyTakeRateLimitSet(tx_rate_limit));
        }
        SubtensorCall::sudo_set_min_childkey_take { take } => {
            MinChildkeyTake::put(ctx.s, take);
            ctx.deposit(SubtensorEvent::MinChildKeyTakeSet(take));
        }
        SubtensorCall::sudo_set_max_childkey_take { take } => {
            MaxChildkeyTake::put(ctx.s, take);
            ctx.deposit(SubtensorEvent::MaxChildKeyTakeSet(take));
        }
        SubtensorCall::set_pending_childkey_cooldown { cooldown } => {
            PendingChildKeyCooldown::put(ctx.s, cooldown);
        }
        _ => return Err(DispatchError::BadOrigin),
    }
    Ok(())
}

/// The block step after the coinbase: on every subnet whose epoch ran in this block, applies the
/// scheduled children whose cooldown has passed (all of them while the subtoken is disabled).
pub fn apply_pending_children(ctx: &mut Ctx<'_>, netuids: &[NetUid]) {
    for netuid in netuids {
        if LastEpochBlock::get(ctx.s, netuid) != ctx.block {
            continue;
        }
        let started = SubtokenEnabled::get(ctx.s, netuid);
        for (hotkey, (children, cooldown_block)) in PendingChildKeys::iter_prefix(ctx.s, netuid) {
            if cooldown_block < ctx.block || !started {
                persist_pending_children(ctx, *netuid, &hotkey, &children);
                PendingChildKeys::remove(ctx.s, netuid, &hotkey);
            }
        }
    }
}

/// After an unstake: when `hotkey`'s total stake fell below `StakeThreshold`, its scheduled children
/// are dropped on every subnet.
pub fn clear_pending_below_threshold(s: &mut Storage, hotkey: &AccountId) {
    if total_stake_for_hotkey(s, hotkey) >= StakeThreshold::get(s) {
        return;
    }
    for (netuid, added) in NetworksAdded::iter(s) {
        if added {
            PendingChildKeys::remove(s, &netuid, hotkey);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stake weight.

/// `own − Σ own·p_child + Σ parent·p_parent`, reading stakes on `stake_netuid` and links on `netuid`.
fn inherit(s: &Storage, hotkey: &AccountId, netuid: NetUid, stake_netuid: NetUid) -> u64 {
    let own = fx(staking::hotkey_stake(s, hotkey, stake_netuid));
    let zero = U96F32::saturating_from_num(0);
    let to_children = ChildKeys::get(s, hotkey, &netuid)
        .iter()
        .fold(zero, |acc, (p, _)| {
            acc.saturating_add(own.saturating_mul(proportion(*p)))
        });
    let from_parents = ParentKeys::get(s, hotkey, &netuid)
        .iter()
        .fold(zero, |acc, (p, parent)| {
            let parent_stake = fx(staking::hotkey_stake(s, parent, stake_netuid));
            acc.saturating_add(parent_stake.saturating_mul(proportion(*p)))
        });
    own.saturating_sub(to_children)
        .saturating_add(from_parents)
        .saturating_to_num::<u64>()
}

/// The alpha stake weight `hotkey` carries on `netuid` after childkey redistribution: its own stake,
/// less what it lends its children, plus what its parents lend it (subtensor's
/// `get_inherited_for_hotkey_on_subnet`). On root it is the own stake.
pub fn inherited_alpha(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> AlphaBalance {
    if netuid == ROOT_NETUID {
        return staking::hotkey_stake(s, hotkey, ROOT_NETUID);
    }
    inherit(s, hotkey, netuid, netuid)
}

/// The same redistribution applied to root (netuid 0) stake through `netuid`'s links (subtensor's
/// `get_tao_inherited_for_hotkey_on_subnet`); the epoch weighs it by `TaoWeight`.
pub fn inherited_tao(s: &Storage, hotkey: &AccountId, netuid: NetUid) -> TaoBalance {
    inherit(s, hotkey, netuid, ROOT_NETUID)
}

// ---------------------------------------------------------------------------------------------
// Dividends.

/// The part of `hotkey`'s own stake it keeps for itself on `netuid` (its stake times the proportion
/// not lent to children), alpha plus `tao_weight` × root: subtensor's `get_self_contribution`.
pub fn self_contribution(
    s: &Storage,
    hotkey: &AccountId,
    netuid: NetUid,
    tao_weight: U96F32,
) -> u64 {
    let remaining = ChildKeys::get(s, hotkey, &netuid)
        .iter()
        .fold(U96F32::saturating_from_num(1), |acc, (p, _)| {
            acc.saturating_sub(proportion(*p))
        });
    let root = fx(staking::hotkey_stake(s, hotkey, ROOT_NETUID));
    let alpha = fx(staking::hotkey_stake(s, hotkey, netuid));
    let alpha_part = alpha.saturating_mul(remaining);
    let root_part = root.saturating_mul(remaining).saturating_mul(tao_weight);
    alpha_part
        .saturating_add(root_part)
        .saturating_to_num::<u64>()
}

/// How one hotkey's epoch dividend is shared with its parents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DividendSplit {
    /// `(hotkey, alpha)`: each parent in `ParentKeys` order, then the hotkey itself (its own share, plus
    /// the take it kept from parents of other coldkeys).
    pub shares: Vec<(AccountId, AlphaBalance)>,
    /// Alpha to recycle: the `CKBurn` share of what went to parents of other coldkeys.
    pub burned: AlphaBalance,
}

/// Splits `dividend`, earned by `hotkey` on `netuid`, between the hotkey and its parents in
/// proportion to the stake each contributes (subtensor's `get_parent_child_dividends_distribution`).
/// A parent owned by another coldkey pays the hotkey's childkey take and `CKBurn` on its share.
pub fn parent_child_dividends(
    s: &Storage,
    hotkey: &AccountId,
    netuid: NetUid,
    dividend: AlphaBalance,
    tao_weight: U96F32,
) -> DividendSplit {
    let zero = U96F32::saturating_from_num(0);
    let validating = fx(dividend);
    let mut remaining = validating;
    let burn_proportion = proportion(CKBurn::get(s));
    let take_proportion = U96F32::saturating_from_num(childkey_take(s, hotkey, netuid))
        .checked_div(U96F32::saturating_from_num(u16::MAX))
        .unwrap_or(zero);
    let child_owner = Owner::get(s, hotkey);

    let mut total_contribution = fx(self_contribution(s, hotkey, netuid, tao_weight));
    let mut contributions = Vec::new();
    for (p, parent) in ParentKeys::get(s, hotkey, &netuid) {
        let share = proportion(p);
        let root = fx(staking::hotkey_stake(s, &parent, ROOT_NETUID));
        let alpha = fx(staking::hotkey_stake(s, &parent, netuid));
        let combined = alpha
            .saturating_mul(share)
            .saturating_add(root.saturating_mul(share).saturating_mul(tao_weight));
        total_contribution = total_contribution.saturating_add(combined);
        contributions.push((parent, combined));
    }

    let mut split = DividendSplit::default();
    let mut total_child_take = zero;
    for (parent, contribution) in contributions {
        let factor = contribution.checked_div(total_contribution).unwrap_or(zero);
        let mut parent_emission = validating.saturating_mul(factor);
        remaining = remaining.saturating_sub(parent_emission);
        if Owner::get(s, &parent) != child_owner {
            let burn = burn_proportion.saturating_mul(parent_emission);
            let take = take_proportion.saturating_mul(parent_emission);
            parent_emission = parent_emission.saturating_sub(burn).saturating_sub(take);
            total_child_take = total_child_take.saturating_add(take);
            split.burned = split.burned.saturating_add(burn.saturating_to_num::<u64>());
        }
        split
            .shares
            .push((parent, parent_emission.saturating_to_num::<u64>()));
    }
    let own = remaining
        .saturating_add(total_child_take)
        .saturating_to_num::<u64>();
    split.shares.push((*hotkey, own));
    split
}

/// Passes every hotkey's epoch dividend through its parent/child links on `netuid`, recycles the
/// `CKBurn` part (out of `SubnetAlphaOut`), and returns each receiving hotkey's total in account order
/// with the recycled amount.
pub fn redistribute_dividends(
    s: &mut Storage,
    netuid: NetUid,
    epoch_dividends: &[(AccountId, AlphaBalance)],
    tao_weight: U96F32,
) -> (Vec<(AccountId, AlphaBalance)>, AlphaBalance) {
    let mut totals: BTreeMap<AccountId, U96F32> = BTreeMap::new();
    let mut burned = 0u64;
    for (hotkey, dividend) in epoch_dividends {
        let split = parent_child_dividends(s, hotkey, netuid, *dividend, tao_weight);
        burned = burned.saturating_add(split.burned);
        for (who, amount) in split.shares {
            let total = totals.entry(who).or_insert(U96F32::saturating_from_num(0));
            *total = total.saturating_add(fx(amount));
        }
    }
    SubnetAlphaOut::mutate(s, &netuid, |out| *out = out.saturating_sub(burned));
    let paid = totals
        .into_iter()
        .map(|(who, total)| (who, total.saturating_to_num::<u64>()))
        .collect();
    (paid, burned)
}

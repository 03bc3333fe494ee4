//! Hash commit-reveal of weights (subtensor's CR v2, `subnets/weights.rs`): `commit_weights` stores
//! `blake2_256(SCALE(hotkey, netuid_index, uids, values, salt, version_key))` tagged with the epoch it
//! belongs to; `reveal_weights` in exactly the epoch `RevealPeriodEpochs` later applies the weights.
//!
//! Epochs are counted by `SubnetEpochIndex` "with lookahead": in a block where the subnet's epoch is due
//! but has not fired yet, calls count as the next epoch. Commits are kept in commit order; the expired
//! ones (their reveal epoch has passed) are dropped from the front when the queue is next touched.
//! A commit sets the committer's `LastUpdate` (it is what keeps a validator active and rate-limits it);
//! the reveal does not.
//!
//! Timelocked commits (CR v3/v4: `commit_timelocked_weights`, drand rounds) cannot be revealed offline:
//! the chain would need drand beacon pulses fetched over HTTPS. taonet does not offer those calls (they
//! are absent from its call enum and metadata); subnets that keep commit-reveal on use these hash
//! commits, and the epoch's column mask ([`earliest_live_commit_blocks`]) treats them as subtensor does.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    BlocksSinceLastStep, CommitRevealWeightsEnabled, LastEpochBlock, PendingEpochAt,
    RevealPeriodEpochs, SubnetEpochIndex, Tempo, Uids, WeightCommit, WeightCommits,
};
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, H256};
use crate::weights::{self, WeightsCall};
use parity_scale_codec::Encode;
use sp_crypto_hashing::blake2_256;

/// At most this many unrevealed commits per hotkey.
pub const MAX_UNREVEALED_COMMITS: usize = 10;

/// subtensor's `MAX_TEMPO`: an epoch is forced once this many blocks passed without one.
const MAX_TEMPO: u64 = 50_400;

/// The hash a validator commits to.
pub fn commit_hash(
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> H256 {
    blake2_256(&(hotkey, netuid, uids, values, salt, version_key).encode())
}

/// subtensor's `should_run_epoch`: the subnet's epoch is due in `block`.
fn epoch_due(s: &Storage, netuid: NetUid, block: u64) -> bool {
    let tempo = u64::from(Tempo::get(s, &netuid));
    if tempo == 0 {
        return false;
    }
    let pending = PendingEpochAt::get(s, &netuid);
    (pending > 0 && block >= pending)
        || BlocksSinceLastStep::get(s, &netuid) > MAX_TEMPO
        || block.saturating_sub(LastEpochBlock::get(s, &netuid)) >= tempo
}

/// `current_epoch_with_lookahead`: `SubnetEpochIndex`, plus one when the epoch is due in `block`.
pub fn current_epoch(s: &Storage, netuid: NetUid, block: u64) -> u64 {
    SubnetEpochIndex::get(s, &netuid) + u64::from(epoch_due(s, netuid, block))
}

/// `is_commit_expired`: the commit's reveal epoch lies before `current`.
fn is_expired(s: &Storage, netuid: NetUid, commit_epoch: u64, current: u64) -> bool {
    current > commit_epoch.saturating_add(RevealPeriodEpochs::get(s, &netuid))
}

/// `is_reveal_block_range`: `current` is the commit's reveal epoch.
fn in_reveal_epoch(s: &Storage, netuid: NetUid, commit_epoch: u64, current: u64) -> bool {
    current == commit_epoch.saturating_add(RevealPeriodEpochs::get(s, &netuid))
}

/// The reveal pre-dispatch check (subtensor's `CheckWeights::check_reveal`): some commit of `who`
/// (expired or not) has this hash, and the current epoch is its reveal epoch.
#[allow(clippy::too_many_arguments)]
pub fn check_reveal(
    s: &Storage,
    block: u64,
    who: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Result<(), SubtensorError> {
    let commits = WeightCommits::get(s, &netuid, who);
    let hash = commit_hash(who, netuid, uids, values, salt, version_key);
    let (_, epoch, _, _) = commits
        .iter()
        .find(|c| c.0 == hash)
        .ok_or(SubtensorError::NoWeightsCommitFound)?;
    if in_reveal_epoch(s, netuid, *epoch, current_epoch(s, netuid, block)) {
        Ok(())
    } else {
        Err(SubtensorError::RevealTooEarly)
    }
}

/// Drops the expired commits from the front of the queue, returning their hashes.
fn pop_expired(
    s: &Storage,
    netuid: NetUid,
    commits: &mut Vec<WeightCommit>,
    current: u64,
) -> Vec<H256> {
    let expired = commits
        .iter()
        .take_while(|c| is_expired(s, netuid, c.1, current))
        .count();
    commits.drain(..expired).map(|c| c.0).collect()
}

fn store(s: &mut Storage, netuid: NetUid, who: &AccountId, commits: Vec<WeightCommit>) {
    if commits.is_empty() {
        WeightCommits::remove(s, &netuid, who);
    } else {
        WeightCommits::insert(s, &netuid, who, commits);
    }
}

/// `commit_weights(netuid, commit_hash)` from `hotkey`.
pub fn commit_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    hash: H256,
) -> Result<(), DispatchError> {
    weights::guard(
        ctx.s,
        ctx.block,
        hotkey,
        WeightsCall::CommitWeights { netuid },
    )?;
    if !subnets::exists(ctx.s, netuid) {
        return Err(SubtensorError::MechanismDoesNotExist.into());
    }
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    let uid =
        Uids::try_get(ctx.s, &netuid, hotkey).ok_or(SubtensorError::HotKeyNotRegisteredInSubNet)?;
    if !weights::rate_limit_passes(ctx.s, netuid, uid, ctx.block) {
        return Err(SubtensorError::CommittingWeightsTooFast.into());
    }
    let current = current_epoch(ctx.s, netuid, ctx.block);
    let mut commits = WeightCommits::get(ctx.s, &netuid, hotkey);
    pop_expired(ctx.s, netuid, &mut commits, current);
    if commits.len() >= MAX_UNREVEALED_COMMITS {
        return Err(SubtensorError::TooManyUnrevealedCommits.into());
    }
    commits.push((hash, current, ctx.block, 0));
    store(ctx.s, netuid, hotkey, commits);
    ctx.deposit(SubtensorEvent::WeightsCommitted(*hotkey, netuid, hash));
    weights::set_last_update(ctx.s, netuid, uid, ctx.block);
    Ok(())
}

/// `reveal_weights(netuid, uids, values, salt, version_key)` from `hotkey`: the commit with this hash
/// and every commit before it leave the queue, and the weights are applied as `set_weights` would
/// (failing, and changing nothing, when they are invalid).
#[allow(clippy::too_many_arguments)]
pub fn reveal_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Result<(), DispatchError> {
    let call = WeightsCall::RevealWeights {
        netuid,
        uids,
        values,
        salt,
        version_key,
    };
    weights::guard(ctx.s, ctx.block, hotkey, call)?;
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    let mut commits = WeightCommits::get(ctx.s, &netuid, hotkey);
    if commits.is_empty() {
        return Err(SubtensorError::NoWeightsCommitFound.into());
    }
    let current = current_epoch(ctx.s, netuid, ctx.block);
    let expired = pop_expired(ctx.s, netuid, &mut commits, current);
    let hash = commit_hash(hotkey, netuid, uids, values, salt, version_key);
    let Some(position) = commits.iter().position(|c| c.0 == hash) else {
        return Err(if expired.contains(&hash) {
            SubtensorError::ExpiredWeightCommit
        } else if commits.is_empty() {
            SubtensorError::NoWeightsCommitFound
        } else {
            SubtensorError::InvalidRevealCommitHashNotMatch
        }
        .into());
    };
    if !in_reveal_epoch(ctx.s, netuid, commits[position].1, current) {
        return Err(SubtensorError::RevealTooEarly.into());
    }
    commits.drain(..=position);
    store(ctx.s, netuid, hotkey, commits);
    weights::apply_weights(ctx, hotkey, netuid, uids, values, version_key)?;
    ctx.deposit(SubtensorEvent::WeightsRevealed(*hotkey, netuid, hash));
    Ok(())
}

/// The epoch's commit-reveal column mask: for each UID (its hotkey in `hotkeys`, by UID), the block of
/// its earliest commit that is not expired in epoch `current_epoch`, `u64::MAX` when it has none. Empty
/// when commit-reveal is off (nothing is masked). Pass the index of the epoch being run, as subtensor
/// sees it at that point (`SubnetEpochIndex` after the epoch's own increment); feed the result to
/// [`crate::epoch::EpochInput::earliest_commit_block`].
pub fn earliest_live_commit_blocks(
    s: &Storage,
    netuid: NetUid,
    current_epoch: u64,
    hotkeys: &[AccountId],
) -> Vec<u64> {
    if !CommitRevealWeightsEnabled::get(s, &netuid) {
        return Vec::new();
    }
    hotkeys
        .iter()
        .map(|hotkey| {
            WeightCommits::get(s, &netuid, hotkey)
                .iter()
                .find(|c| !is_expired(s, netuid, c.1, current_epoch))
                .map_or(u64::MAX, |c| c.2)
        })
        .collect()
}

#[cfg(test)]
#[path = "commit_reveal_tests.rs"]
mod tests;

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
//! The mechanism calls (`commit_mechanism_weights`, `reveal_mechanism_weights`) key commits and hashes
//! by the mechanism's storage index; only mechanism 0 exists on taonet. `batch_commit_weights` commits
//! on several subnets (item failures reported by events), `batch_reveal_weights` reveals several
//! commits of one subnet, all or none.
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
    CommitRevealWeightsEnabled, RevealPeriodEpochs, SubnetEpochIndex, Uids, WeightCommit,
    WeightCommits,
};
use crate::storage::Storage;
use crate::types::{AccountId, NetUid, H256};
use crate::weights::{self, WeightsCall};
use parity_scale_codec::{Compact, Encode};
use sp_crypto_hashing::blake2_256;

/// At most this many unrevealed commits per hotkey.
pub const MAX_UNREVEALED_COMMITS: usize = 10;

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

/// `current_epoch_with_lookahead`: `SubnetEpochIndex`, plus one when the epoch is due in `block`.
pub fn current_epoch(s: &Storage, netuid: NetUid, block: u64) -> u64 {
    SubnetEpochIndex::get(s, &netuid) + u64::from(crate::coinbase::epoch_due(s, netuid, block))
}

/// `is_commit_expired`: the commit's reveal epoch lies before `current`.
fn is_expired(s: &Storage, netuid: NetUid, commit_epoch: u64, current: u64) -> bool {
    current > commit_epoch.saturating_add(RevealPeriodEpochs::get(s, &netuid))
}

/// `is_reveal_block_range`: `current` is the commit's reveal epoch.
fn in_reveal_epoch(s: &Storage, netuid: NetUid, commit_epoch: u64, current: u64) -> bool {
    current == commit_epoch.saturating_add(RevealPeriodEpochs::get(s, &netuid))
}

/// The reveal pre-dispatch check (subtensor's `CheckWeights::check_reveal`): some commit of `who` on
/// mechanism `mecid` (expired or not) has this hash, and the current epoch is its reveal epoch.
#[allow(clippy::too_many_arguments)]
pub fn check_reveal(
    s: &Storage,
    block: u64,
    who: &AccountId,
    netuid: NetUid,
    mecid: u8,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Result<(), SubtensorError> {
    let index = weights::storage_index(netuid, mecid);
    let commits = WeightCommits::get(s, &index, who);
    let hash = commit_hash(who, index, uids, values, salt, version_key);
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

/// `commit_weights(netuid, commit_hash)` from `hotkey`: `commit_mechanism_weights` on mechanism 0.
pub fn commit_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    hash: H256,
) -> Result<(), DispatchError> {
    commit_mechanism_weights(ctx, hotkey, netuid, 0, hash)
}

/// `commit_mechanism_weights(netuid, mecid, commit_hash)` from `hotkey`: the guards (stake threshold,
/// the weights rate limit on the mechanism), then [`internal_commit`].
pub fn commit_mechanism_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    mecid: u8,
    hash: H256,
) -> Result<(), DispatchError> {
    weights::guard(
        ctx.s,
        ctx.block,
        hotkey,
        WeightsCall::CommitWeights { netuid, mecid },
    )?;
    internal_commit(ctx, hotkey, netuid, mecid, hash)
}

/// `batch_commit_weights(netuids, commit_hashes)` from `hotkey` (`do_batch_commit_weights`): the guards
/// (input lengths, the stake threshold on every subnet; no rate-limit guard), then each commit as
/// [`internal_commit`] on mechanism 0. Item failures do not fail the call; they are reported as
/// [`weights::batch_set_weights`] reports them.
pub fn batch_commit_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuids: &[Compact<NetUid>],
    commit_hashes: &[H256],
) -> Result<(), DispatchError> {
    weights::guard(
        ctx.s,
        ctx.block,
        hotkey,
        WeightsCall::BatchCommitWeights {
            netuids,
            commit_hashes,
        },
    )?;
    if netuids.len() != commit_hashes.len() {
        return Err(SubtensorError::InputLengthsUnequal.into());
    }
    let mut results = Vec::with_capacity(netuids.len());
    for (netuid, hash) in netuids.iter().zip(commit_hashes) {
        results.push((netuid.0, internal_commit(ctx, hotkey, netuid.0, 0, *hash)));
    }
    weights::report_batch(ctx, hotkey, netuids, results);
    Ok(())
}

/// subtensor's `internal_commit_weights`: `MechanismDoesNotExist`, `CommitRevealDisabled`,
/// `HotKeyNotRegisteredInSubNet`, `CommittingWeightsTooFast`, then the commit joins the queue (expired
/// ones dropped first, `TooManyUnrevealedCommits` at 10), `WeightsCommitted`, and `LastUpdate` = now.
fn internal_commit(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    mecid: u8,
    hash: H256,
) -> Result<(), DispatchError> {
    if !weights::mechanism_exists(ctx.s, netuid, mecid) {
        return Err(SubtensorError::MechanismDoesNotExist.into());
    }
    let index = weights::storage_index(netuid, mecid);
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    let uid =
        Uids::try_get(ctx.s, &netuid, hotkey).ok_or(SubtensorError::HotKeyNotRegisteredInSubNet)?;
    if !weights::rate_limit_passes(ctx.s, netuid, uid, ctx.block) {
        return Err(SubtensorError::CommittingWeightsTooFast.into());
    }
    let current = current_epoch(ctx.s, netuid, ctx.block);
    let mut commits = WeightCommits::get(ctx.s, &index, hotkey);
    pop_expired(ctx.s, netuid, &mut commits, current);
    if commits.len() >= MAX_UNREVEALED_COMMITS {
        return Err(SubtensorError::TooManyUnrevealedCommits.into());
    }
    commits.push((hash, current, ctx.block, 0));
    store(ctx.s, index, hotkey, commits);
    ctx.deposit(SubtensorEvent::WeightsCommitted(*hotkey, index, hash));
    weights::set_last_update(ctx.s, index, uid, ctx.block);
    Ok(())
}

/// `reveal_weights(netuid, uids, values, salt, version_key)` from `hotkey`: `reveal_mechanism_weights`
/// on mechanism 0.
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
    reveal_mechanism_weights(ctx, hotkey, netuid, 0, uids, values, salt, version_key)
}

/// `reveal_mechanism_weights(netuid, mecid, uids, values, salt, version_key)` from `hotkey`
/// (`internal_reveal_weights`): the commit with this hash and every commit before it leave the queue,
/// and the weights are applied as `set_mechanism_weights` would (failing, and changing nothing, when
/// they are invalid).
#[allow(clippy::too_many_arguments)]
pub fn reveal_mechanism_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    mecid: u8,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Result<(), DispatchError> {
    let call = WeightsCall::RevealWeights {
        netuid,
        mecid,
        uids,
        values,
        salt,
        version_key,
    };
    weights::guard(ctx.s, ctx.block, hotkey, call)?;
    let index = weights::storage_index(netuid, mecid);
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    let mut commits = WeightCommits::get(ctx.s, &index, hotkey);
    if commits.is_empty() {
        return Err(SubtensorError::NoWeightsCommitFound.into());
    }
    let current = current_epoch(ctx.s, netuid, ctx.block);
    let expired = pop_expired(ctx.s, netuid, &mut commits, current);
    let hash = commit_hash(hotkey, index, uids, values, salt, version_key);
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
    store(ctx.s, index, hotkey, commits);
    weights::apply_weights(ctx, hotkey, netuid, mecid, uids, values, version_key)?;
    ctx.deposit(SubtensorEvent::WeightsRevealed(*hotkey, index, hash));
    Ok(())
}

/// `batch_reveal_weights(netuid, uids_list, values_list, salts_list, version_keys)` from `hotkey`
/// (`do_batch_reveal_weights`, mechanism 0), all or nothing: the guards (input lengths, stake, every
/// hash committed and in its reveal epoch), `InputLengthsUnequal`, `CommitRevealDisabled`,
/// `NoWeightsCommitFound` without commits; expired commits dropped; every reveal must match a live
/// commit (`ExpiredWeightCommit` / `InvalidRevealCommitHashNotMatch`) in its reveal epoch
/// (`RevealTooEarly`) before any applies; then, in the order given, each takes out only its own commit
/// and applies its weights as `set_weights` would. `WeightsBatchRevealed(hotkey, netuid, hashes)`.
#[allow(clippy::too_many_arguments)]
pub fn batch_reveal_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids_list: &[Vec<u16>],
    values_list: &[Vec<u16>],
    salts_list: &[Vec<u16>],
    version_keys: &[u64],
) -> Result<(), DispatchError> {
    let call = WeightsCall::BatchRevealWeights {
        netuid,
        uids_list,
        values_list,
        salts_list,
        version_keys,
    };
    weights::guard(ctx.s, ctx.block, hotkey, call)?;
    do_batch_reveal_weights(
        ctx,
        hotkey,
        netuid,
        uids_list,
        values_list,
        salts_list,
        version_keys,
    )
}

/// `do_batch_reveal_weights`: [`batch_reveal_weights`] past its guards (which already refuse a hash that
/// is not in its reveal epoch, expired ones included, with `RevealTooEarly`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn do_batch_reveal_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    uids_list: &[Vec<u16>],
    values_list: &[Vec<u16>],
    salts_list: &[Vec<u16>],
    version_keys: &[u64],
) -> Result<(), DispatchError> {
    if !weights::batch_lengths_match(uids_list, values_list, salts_list, version_keys) {
        return Err(SubtensorError::InputLengthsUnequal.into());
    }
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    let mut commits = WeightCommits::get(ctx.s, &netuid, hotkey);
    if commits.is_empty() {
        return Err(SubtensorError::NoWeightsCommitFound.into());
    }
    let current = current_epoch(ctx.s, netuid, ctx.block);
    let expired = pop_expired(ctx.s, netuid, &mut commits, current);
    let reveals: Vec<(&[u16], &[u16], u64, H256)> = uids_list
        .iter()
        .zip(values_list)
        .zip(salts_list.iter().zip(version_keys))
        .map(|((uids, values), (salt, version_key))| {
            let hash = commit_hash(hotkey, netuid, uids, values, salt, *version_key);
            (uids.as_slice(), values.as_slice(), *version_key, hash)
        })
        .collect();
    let not_live = |hash: &H256| -> DispatchError {
        if expired.contains(hash) {
            SubtensorError::ExpiredWeightCommit.into()
        } else {
            SubtensorError::InvalidRevealCommitHashNotMatch.into()
        }
    };
    for (_, _, _, hash) in &reveals {
        let commit = commits
            .iter()
            .find(|c| c.0 == *hash)
            .ok_or_else(|| not_live(hash))?;
        if !in_reveal_epoch(ctx.s, netuid, commit.1, current) {
            return Err(SubtensorError::RevealTooEarly.into());
        }
    }
    let mut revealed = Vec::with_capacity(reveals.len());
    for (uids, values, version_key, hash) in reveals {
        let position = commits
            .iter()
            .position(|c| c.0 == hash)
            .ok_or_else(|| not_live(&hash))?;
        commits.remove(position);
        weights::apply_weights(ctx, hotkey, netuid, 0, uids, values, version_key)?;
        revealed.push(hash);
    }
    store(ctx.s, netuid, hotkey, commits);
    ctx.deposit(SubtensorEvent::WeightsBatchRevealed(
        *hotkey, netuid, revealed,
    ));
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

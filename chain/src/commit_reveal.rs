//! Hash commit-reveal of weights (subtensor's CR v2): `commit_weights` stores
//! `blake2_256(SCALE(hotkey, netuid_index, uids, values, salt, version_key))` tagged with the epoch it was
//! made in; `reveal_weights` in the epoch `RevealPeriodEpochs` later applies the weights. Timelocked
//! (drand) commits are not supported offline.

use crate::ctx::Ctx;
use crate::error::DispatchError;
use crate::error_names::SubtensorError;
use crate::event::SubtensorEvent;
use crate::items::{
    CommitRevealWeightsEnabled, LastEpochBlock, RevealPeriodEpochs, SubnetEpochIndex, Tempo, Uids,
    WeightCommits, WeightsSetRateLimit,
};
use crate::types::{AccountId, NetUid, H256};
use crate::{subnets, weights};
use parity_scale_codec::Encode;
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

/// The epoch a commit made now belongs to: the current index, or the next one when an epoch runs in this
/// block (subtensor's "with lookahead").
fn commit_epoch(ctx: &Ctx<'_>, netuid: NetUid) -> u64 {
    let index = SubnetEpochIndex::get(ctx.s, &netuid);
    let tempo = u64::from(Tempo::get(ctx.s, &netuid));
    let due = tempo > 0
        && ctx
            .block
            .saturating_sub(LastEpochBlock::get(ctx.s, &netuid))
            >= tempo;
    index + u64::from(due)
}

/// `commit_weights(netuid, commit_hash)` from `hotkey`.
pub fn commit_weights(
    ctx: &mut Ctx<'_>,
    hotkey: &AccountId,
    netuid: NetUid,
    hash: H256,
) -> Result<(), DispatchError> {
    subnets::ensure_exists(ctx.s, netuid)?;
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    if !Uids::contains_key(ctx.s, &netuid, hotkey) {
        return Err(SubtensorError::HotKeyNotRegisteredInSubNet.into());
    }
    let mut commits = WeightCommits::get(ctx.s, &netuid, hotkey);
    let current = commit_epoch(ctx, netuid);
    let period = RevealPeriodEpochs::get(ctx.s, &netuid);
    commits.retain(|(_, epoch, _, _)| epoch + period >= current);
    if commits.len() >= MAX_UNREVEALED_COMMITS {
        return Err(SubtensorError::TooManyUnrevealedCommits.into());
    }
    if let Some((_, _, last_block, _)) = commits.last() {
        if ctx.block.saturating_sub(*last_block) < WeightsSetRateLimit::get(ctx.s, &netuid) {
            return Err(SubtensorError::CommittingWeightsTooFast.into());
        }
    }
    commits.push((hash, current, ctx.block, 0));
    WeightCommits::insert(ctx.s, &netuid, hotkey, commits);
    ctx.deposit(SubtensorEvent::WeightsCommitted(*hotkey, netuid, hash));
    Ok(())
}

/// `reveal_weights(netuid, uids, values, salt, version_key)` from `hotkey`.
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
    subnets::ensure_exists(ctx.s, netuid)?;
    if !CommitRevealWeightsEnabled::get(ctx.s, &netuid) {
        return Err(SubtensorError::CommitRevealDisabled.into());
    }
    let mut commits = WeightCommits::get(ctx.s, &netuid, hotkey);
    if commits.is_empty() {
        return Err(SubtensorError::NoWeightsCommitFound.into());
    }
    let hash = commit_hash(hotkey, netuid, uids, values, salt, version_key);
    let current = SubnetEpochIndex::get(ctx.s, &netuid);
    let period = RevealPeriodEpochs::get(ctx.s, &netuid);
    let Some(position) = commits.iter().position(|(h, _, _, _)| *h == hash) else {
        return Err(SubtensorError::InvalidRevealCommitHashNotMatch.into());
    };
    let (_, epoch, _, _) = commits[position];
    if current < epoch + period {
        return Err(SubtensorError::RevealTooEarly.into());
    }
    if current > epoch + period {
        commits.remove(position);
        WeightCommits::insert(ctx.s, &netuid, hotkey, commits);
        return Err(SubtensorError::ExpiredWeightCommit.into());
    }
    commits.remove(position);
    if commits.is_empty() {
        WeightCommits::remove(ctx.s, &netuid, hotkey);
    } else {
        WeightCommits::insert(ctx.s, &netuid, hotkey, commits);
    }
    weights::apply_weights(ctx, hotkey, netuid, uids, values, version_key, false)?;
    ctx.deposit(SubtensorEvent::WeightsRevealed(*hotkey, netuid, hash));
    Ok(())
}

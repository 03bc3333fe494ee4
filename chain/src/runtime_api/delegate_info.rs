//! `DelegateInfoRuntimeApi`: every hotkey as a delegate with its nominators, and a coldkey's
//! delegations.
//!
//! Under dynamic TAO every hotkey with an owner can be staked to, so every owned hotkey is listed
//! (subtensor lists the `Delegates` map, which taonet does not populate). `return_per_1000` and
//! `total_daily_return` are 0: taonet keeps no per-delegate return history.

use super::{all_netuids, out, Args, RuntimeApiError};
use crate::items::*;
use crate::rpc_info::{DelegateInfo, DelegatedStake, NetuidStakes};
use crate::runtime::Chain;
use crate::staking;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid};
use parity_scale_codec::Compact;
use std::collections::BTreeMap;

/// `hotkey` as a delegate, `None` if no coldkey owns it.
pub(crate) fn delegate_info(s: &Storage, hotkey: &AccountId) -> Option<DelegateInfo> {
    let owner = Owner::try_get(s, hotkey)?;
    let mut nominators: BTreeMap<AccountId, NetuidStakes> = BTreeMap::new();
    for (coldkey, netuid, _) in Alpha::iter_prefix(s, hotkey) {
        let stake = staking::stake(s, hotkey, &coldkey, netuid);
        if stake > 0 {
            nominators
                .entry(coldkey)
                .or_default()
                .push((Compact(netuid), Compact(stake)));
        }
    }
    let mut registrations = Vec::new();
    let mut validator_permits = Vec::new();
    for netuid in all_netuids(s) {
        if let Some(uid) = Uids::try_get(s, &netuid, hotkey) {
            registrations.push(Compact(netuid));
            let permits = ValidatorPermit::get(s, &netuid);
            if permits.get(usize::from(uid)).copied().unwrap_or(false) {
                validator_permits.push(Compact(netuid));
            }
        }
    }
    Some(DelegateInfo {
        delegate_ss58: *hotkey,
        take: Compact(Delegates::get(s, hotkey)),
        nominators: nominators.into_iter().collect(),
        owner_ss58: owner,
        registrations,
        validator_permits,
        return_per_1000: Compact(0),
        total_daily_return: Compact(0),
    })
}

fn delegates(s: &Storage) -> Vec<DelegateInfo> {
    Owner::iter(s)
        .into_iter()
        .filter_map(|(hotkey, _)| delegate_info(s, &hotkey))
        .collect()
}

fn delegated(s: &Storage, coldkey: &AccountId) -> Vec<DelegatedStake> {
    let netuids: Vec<NetUid> = all_netuids(s);
    let mut out = Vec::new();
    for hotkey in StakingHotkeys::get(s, coldkey) {
        let Some(info) = delegate_info(s, &hotkey) else {
            continue;
        };
        for netuid in &netuids {
            let stake = staking::stake(s, &hotkey, coldkey, *netuid);
            if stake > 0 {
                out.push((info.clone(), (Compact(*netuid), Compact(stake))));
            }
        }
    }
    out
}

/// Dispatches one `DelegateInfoRuntimeApi` method; `None` if there is no such method.
pub(super) fn call(
    chain: &Chain,
    method: &str,
    args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    let s = chain.storage();
    match method {
        "get_delegates" => out(delegates(s)),
        "get_delegate" => out(delegate_info(s, &args.next()?)),
        "get_delegated" => out(delegated(s, &args.next()?)),
        _ => Ok(None),
    }
}

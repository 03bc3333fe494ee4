//! `StakeInfoRuntimeApi`: stake positions by coldkey, by (hotkey, coldkey, netuid), the swap fee of a
//! stake operation, and a coldkey's conviction lock on a subnet.

use super::{all_netuids, out, Args, RuntimeApiError};
use crate::items::*;
use crate::pool;
use crate::rpc_info::StakeInfo;
use crate::runtime::Chain;
use crate::staking;
use crate::storage::Storage;
use crate::types::{AccountId, NetUid};
use parity_scale_codec::Compact;

/// The position of `coldkey` on `hotkey` in `netuid` (zero stake included).
pub(crate) fn stake_info(
    s: &Storage,
    hotkey: &AccountId,
    coldkey: &AccountId,
    netuid: NetUid,
) -> StakeInfo {
    StakeInfo {
        hotkey: *hotkey,
        coldkey: *coldkey,
        netuid: Compact(netuid),
        stake: Compact(staking::stake(s, hotkey, coldkey, netuid)),
        locked: Compact(0),
        emission: Compact(AlphaDividendsPerSubnet::get(s, &netuid, hotkey)),
        tao_emission: Compact(0),
        drain: Compact(0),
        is_registered: Uids::contains_key(s, &netuid, hotkey),
    }
}

/// Every non-zero position of `coldkey`, by staking hotkey then netuid.
pub(crate) fn for_coldkey(s: &Storage, coldkey: &AccountId) -> Vec<StakeInfo> {
    let netuids = all_netuids(s);
    let mut out = Vec::new();
    for hotkey in StakingHotkeys::get(s, coldkey) {
        for netuid in &netuids {
            let info = stake_info(s, &hotkey, coldkey, *netuid);
            if info.stake.0 > 0 {
                out.push(info);
            }
        }
    }
    out
}

/// The swap fee of moving `amount` from `origin` to `destination` (`None` = TAO in the coldkey's
/// free balance): buying alpha charges the fee on the TAO, selling on the alpha; moves within one
/// subnet and the stable (mechanism 0) subnets are free.
fn stake_fee(
    s: &Storage,
    origin: Option<(AccountId, NetUid)>,
    destination: Option<(AccountId, NetUid)>,
    amount: u64,
) -> u64 {
    let dynamic = |netuid: NetUid| SubnetMechanism::get(s, &netuid) != 0;
    let charged_on = match (origin, destination) {
        (None, Some((_, to))) => Some(to),
        (Some((_, from)), None) => Some(from),
        (Some((_, from)), Some((_, to))) if from != to => Some(from),
        _ => None,
    };
    match charged_on {
        Some(netuid) if dynamic(netuid) => pool::fee_on(s, netuid, amount),
        _ => 0,
    }
}

/// The conviction lock of `coldkey` on `netuid` (`Lock` under any hotkey), `None` when it holds none there,
/// as subtensor's `get_coldkey_lock` answers. taonet has no `lock_stake`, so the map stays empty and every
/// coldkey reads `None`; subtensor would also roll a stored lock forward to the current block.
fn coldkey_lock(s: &Storage, coldkey: &AccountId, netuid: NetUid) -> Option<LockState> {
    Lock::iter_prefix(s, coldkey)
        .into_iter()
        .find(|(n, _, _)| *n == netuid)
        .map(|(_, _, lock)| lock)
}

/// Dispatches one `StakeInfoRuntimeApi` method; `None` if there is no such method.
pub(super) fn call(
    chain: &Chain,
    method: &str,
    args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    let s = chain.storage();
    match method {
        "get_stake_info_for_coldkey" => out(for_coldkey(s, &args.next()?)),
        "get_stake_info_for_coldkeys" => {
            let coldkeys: Vec<AccountId> = args.next()?;
            out(coldkeys
                .into_iter()
                .map(|c| (c, for_coldkey(s, &c)))
                .collect::<Vec<_>>())
        }
        "get_stake_info_for_hotkey_coldkey_netuid" => {
            let hotkey: AccountId = args.next()?;
            let coldkey: AccountId = args.next()?;
            let netuid: NetUid = args.next()?;
            // Always `Some`, as subtensor answers (the SDK indexes the result).
            out(Some(stake_info(s, &hotkey, &coldkey, netuid)))
        }
        "get_stake_fee" => {
            let origin: Option<(AccountId, NetUid)> = args.next()?;
            let _origin_coldkey: AccountId = args.next()?;
            let destination: Option<(AccountId, NetUid)> = args.next()?;
            let _destination_coldkey: AccountId = args.next()?;
            let amount: u64 = args.next()?;
            out(stake_fee(s, origin, destination, amount))
        }
        "get_coldkey_lock" => {
            let coldkey: AccountId = args.next()?;
            let netuid: NetUid = args.next()?;
            out(coldkey_lock(s, &coldkey, netuid))
        }
        _ => Ok(None),
    }
}

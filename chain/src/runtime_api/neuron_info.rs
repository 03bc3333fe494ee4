//! `NeuronInfoRuntimeApi`: `get_neurons`, `get_neurons_lite`, `get_neuron`, `get_neuron_lite`.

use super::{out, Args, RuntimeApiError};
use crate::items::*;
use crate::rpc_info::{NeuronInfo, NeuronInfoLite, PrometheusInfo};
use crate::runtime::Chain;
use crate::storage::Storage;
use crate::subnets;
use crate::types::{AccountId, NetUid, Uid};
use parity_scale_codec::Compact;

/// The pruning score subtensor reports for every neuron today.
pub(crate) const PRUNING_SCORE: u16 = u16::MAX;

/// `v[i]`, or the default when the vector is shorter.
pub(crate) fn at<T: Copy + Default>(v: &[T], i: Uid) -> T {
    v.get(usize::from(i)).copied().unwrap_or_default()
}

/// The hotkeys of `netuid` by UID (empty if the subnet does not exist).
pub(crate) fn hotkeys(s: &Storage, netuid: NetUid) -> Vec<AccountId> {
    if !subnets::exists(s, netuid) {
        return Vec::new();
    }
    (0..SubnetworkN::get(s, &netuid))
        .map(|uid| Keys::get(s, &netuid, &uid))
        .collect()
}

fn pairs(v: Vec<(u16, u16)>) -> Vec<(Compact<u16>, Compact<u16>)> {
    v.into_iter()
        .map(|(a, b)| (Compact(a), Compact(b)))
        .collect()
}

/// One neuron without weights and bonds, `None` past the subnet's last UID.
pub(crate) fn lite(s: &Storage, netuid: NetUid, uid: Uid) -> Option<NeuronInfoLite> {
    if !subnets::exists(s, netuid) || uid >= SubnetworkN::get(s, &netuid) {
        return None;
    }
    let hotkey = Keys::get(s, &netuid, &uid);
    let coldkey = Owner::get(s, &hotkey);
    let stake = TotalHotkeyAlpha::get(s, &hotkey, &netuid);
    Some(NeuronInfoLite {
        hotkey,
        coldkey,
        uid: Compact(uid),
        netuid: Compact(netuid),
        active: at(&Active::get(s, &netuid), uid),
        axon_info: Axons::get(s, &netuid, &hotkey),
        prometheus_info: PrometheusInfo::default(),
        stake: vec![(coldkey, Compact(stake))],
        rank: Compact(0),
        emission: Compact(at(&Emission::get(s, &netuid), uid)),
        incentive: Compact(at(&Incentive::get(s, &netuid), uid)),
        consensus: Compact(at(&Consensus::get(s, &netuid), uid)),
        trust: Compact(0),
        validator_trust: Compact(at(&ValidatorTrust::get(s, &netuid), uid)),
        dividends: Compact(at(&Dividends::get(s, &netuid), uid)),
        last_update: Compact(at(&LastUpdate::get(s, &netuid), uid)),
        validator_permit: at(&ValidatorPermit::get(s, &netuid), uid),
        pruning_score: Compact(PRUNING_SCORE),
    })
}

/// One neuron with its weights and bonds.
pub(crate) fn full(s: &Storage, netuid: NetUid, uid: Uid) -> Option<NeuronInfo> {
    let l = lite(s, netuid, uid)?;
    Some(NeuronInfo {
        hotkey: l.hotkey,
        coldkey: l.coldkey,
        uid: l.uid,
        netuid: l.netuid,
        active: l.active,
        axon_info: l.axon_info,
        prometheus_info: l.prometheus_info,
        stake: l.stake,
        rank: l.rank,
        emission: l.emission,
        incentive: l.incentive,
        consensus: l.consensus,
        trust: l.trust,
        validator_trust: l.validator_trust,
        dividends: l.dividends,
        last_update: l.last_update,
        validator_permit: l.validator_permit,
        weights: pairs(Weights::get(s, &netuid, &uid)),
        bonds: pairs(Bonds::get(s, &netuid, &uid)),
        pruning_score: l.pruning_score,
    })
}

fn all<T>(s: &Storage, netuid: NetUid, one: fn(&Storage, NetUid, Uid) -> Option<T>) -> Vec<T> {
    if !subnets::exists(s, netuid) {
        return Vec::new();
    }
    (0..SubnetworkN::get(s, &netuid))
        .filter_map(|uid| one(s, netuid, uid))
        .collect()
}

/// Dispatches one `NeuronInfoRuntimeApi` method; `None` if there is no such method.
pub(super) fn call(
    chain: &Chain,
    method: &str,
    args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    let s = chain.storage();
    match method {
        "get_neurons" => out(all(s, args.next()?, full)),
        "get_neurons_lite" => out(all(s, args.next()?, lite)),
        "get_neuron" => {
            let netuid: NetUid = args.next()?;
            out(full(s, netuid, args.next()?))
        }
        "get_neuron_lite" => {
            let netuid: NetUid = args.next()?;
            out(lite(s, netuid, args.next()?))
        }
        _ => Ok(None),
    }
}

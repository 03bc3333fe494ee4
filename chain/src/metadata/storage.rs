//! Storage entries: the items of `items.rs` (and the few in `runtime.rs`) described for metadata with
//! subtensor's names, hashers, modifiers and types.
//!
//! Each entry is declared from the item itself: the macros below type-check the item's `get` against the
//! declared key and value types at compile time, take the default from the item's own default, and record
//! a check (run by the unit tests) that the item's real storage key is `twox128(pallet) ++ twox128(name) ++
//! hasher(key)` with the declared hashers. Where subtensor's declared type is a newtype of what taonet
//! stores (`I96F32` for `i128` bits, `U64F64` for `u128` bits, `AccountInfo` with `ExtraFlags`), the entry
//! names the metadata type after `as`; the two encode identically.
//!
//! Items that exist only in taonet (not in subtensor spec 208) are served too and listed in
//! [`TAONET_ONLY`], so the conformance test knows not to look for them in the reference.

use super::types;
use crate::storage::{item_prefix, push_key, Storage};
use crate::types::{AccountId, AlphaBalance, BlockNumber, NetUid, TaoBalance, Uid, H256};
use crate::{commitments, items, runtime};
use frame_metadata::v14::{
    PalletStorageMetadata, StorageEntryMetadata, StorageEntryModifier, StorageEntryType,
    StorageHasher,
};
use parity_scale_codec::Encode;
use scale_info::meta_type;
use std::collections::BTreeSet;
use substrate_fixed::types::{I64F64, I96F32, U64F64};

/// A storage entry with a self-check of its key layout.
pub struct Entry {
    /// The metadata.
    pub meta: StorageEntryMetadata,
    /// Whether the item's real key matches the declared pallet, name and hashers.
    pub check: fn() -> bool,
}

/// An item's name and its key self-check.
pub type KeyCheck = (&'static str, fn() -> bool);

/// Storage items taonet serves that subtensor spec 208 does not have, as `(pallet, item)`.
pub const TAONET_ONLY: &[(&str, &str)] = &[
    ("SubtensorModule", "NetworkLastRegistered"),
    ("SubtensorModule", "StartCallDelay"),
    ("SubtensorModule", "MaxEpochsPerBlock"),
    ("SubtensorModule", "LastEpochBlock"),
    ("SubtensorModule", "SubnetEpochIndex"),
    ("SubtensorModule", "PendingEpochAt"),
    ("SubtensorModule", "ActivityCutoffFactorMilli"),
    // `OwnerCutEnabled` (subtensor main, `sudo_set_owner_cut_enabled`): checked against subtensor's
    // source in `chain/tests/it/metadata.rs`.
    ("SubtensorModule", "OwnerCutEnabled"),
    // `MinChildkeyTakePerSubnet` (subtensor main, `sudo_set_min_childkey_take_per_subnet`): checked
    // against subtensor's source in `chain/tests/it/metadata.rs`.
    ("SubtensorModule", "MinChildkeyTakePerSubnet"),
    ("SubtensorModule", "SubnetProtocolAlpha"),
    ("SubtensorModule", "SubnetExcessTao"),
    ("SubtensorModule", "SubnetEmissionEnabled"),
    ("SubtensorModule", "BurnHalfLife"),
    ("SubtensorModule", "BurnIncreaseMult"),
    ("SubtensorModule", "MinNonImmuneUids"),
    // Auto parent delegation (subtensor main): checked against subtensor's source in
    // `chain/tests/it/metadata.rs`.
    ("SubtensorModule", "AutoParentDelegationEnabled"),
    // Conviction locks (subtensor 2026): compared with subtensor's source in `chain/tests/it/metadata.rs`.
    ("SubtensorModule", "Lock"),
    ("SubtensorModule", "DecayingLock"),
    ("SubtensorModule", "HotkeyLock"),
    ("SubtensorModule", "DecayingHotkeyLock"),
    ("SubtensorModule", "OwnerLock"),
    ("SubtensorModule", "DecayingOwnerLock"),
    ("SubtensorModule", "UnlockRate"),
    ("SubtensorModule", "MaturityRate"),
    // Root dividends (subtensor 2026): checked against subtensor's source in `chain/tests/it/metadata.rs`.
    ("SubtensorModule", "MinerBurned"),
    ("SubtensorModule", "RootProp"),
    ("SubtensorModule", "RootAlphaDividendsPerSubnet"),
    // The Balancer pool (subtensor main's swap pallet, after spec 208's concentrated liquidity).
    ("Swap", "SwapBalancer"),
    ("Swap", "PalSwapInitialized"),
];

fn modifier(optional: bool) -> StorageEntryModifier {
    if optional {
        StorageEntryModifier::Optional
    } else {
        StorageEntryModifier::Default
    }
}

/// `Default` or `Optional` → whether the entry is `Optional`.
macro_rules! optional {
    (Default) => {
        false
    };
    (Optional) => {
        true
    };
}

/// The metadata type: the stored type, or the one after `as`.
macro_rules! meta_ty {
    ($v:ty) => {
        $v
    };
    ($v:ty, $meta:ty) => {
        $meta
    };
}

/// A plain value: `value!(PALLET, module::Item, Modifier, StoredType [as MetadataType])`.
macro_rules! value {
    ($pallet:expr, $m:ident :: $name:ident, $modi:ident, $v:ty $(as $meta:ty)?) => {{
        let _typed: fn(&Storage) -> $v = $m::$name::get;
        let opt = optional!($modi);
        Entry {
            meta: StorageEntryMetadata {
                name: stringify!($name),
                modifier: modifier(opt),
                ty: StorageEntryType::Plain(meta_type::<meta_ty!($v $(, $meta)?)>()),
                default: if opt { vec![0] } else { $m::$name::get(&Storage::new()).encode() },
                docs: vec![],
            },
            check: || $m::$name::key()[..] == item_prefix($pallet, stringify!($name))[..],
        }
    }};
}

/// A map: `map!(PALLET, module::Item, Modifier, Hasher, Key => Stored [as Metadata])`.
macro_rules! map {
    ($pallet:expr, $m:ident :: $name:ident, $modi:ident, $h:ident, $k:ty => $v:ty $(as $meta:ty)?) => {{
        let _typed: fn(&Storage, &$k) -> $v = $m::$name::get;
        let opt = optional!($modi);
        Entry {
            meta: StorageEntryMetadata {
                name: stringify!($name),
                modifier: modifier(opt),
                ty: StorageEntryType::Map {
                    hashers: vec![StorageHasher::$h],
                    key: meta_type::<$k>(),
                    value: meta_type::<meta_ty!($v $(, $meta)?)>(),
                },
                default: if opt {
                    vec![0]
                } else {
                    $m::$name::get(&Storage::new(), &<$k>::default()).encode()
                },
                docs: vec![],
            },
            check: || {
                let mut want = item_prefix($pallet, stringify!($name)).to_vec();
                push_key::<crate::storage::$h, $k>(&<$k>::default(), &mut want);
                $m::$name::key(&<$k>::default()) == want
            },
        }
    }};
}

/// A double map: `dmap!(PALLET, module::Item, Modifier, H1, K1, H2, K2 => Stored [as Metadata])`.
macro_rules! dmap {
    ($pallet:expr, $m:ident :: $name:ident, $modi:ident, $h1:ident, $k1:ty, $h2:ident, $k2:ty => $v:ty $(as $meta:ty)?) => {{
        let _typed: fn(&Storage, &$k1, &$k2) -> $v = $m::$name::get;
        let opt = optional!($modi);
        Entry {
            meta: StorageEntryMetadata {
                name: stringify!($name),
                modifier: modifier(opt),
                ty: StorageEntryType::Map {
                    hashers: vec![StorageHasher::$h1, StorageHasher::$h2],
                    key: meta_type::<($k1, $k2)>(),
                    value: meta_type::<meta_ty!($v $(, $meta)?)>(),
                },
                default: if opt {
                    vec![0]
                } else {
                    $m::$name::get(&Storage::new(), &<$k1>::default(), &<$k2>::default()).encode()
                },
                docs: vec![],
            },
            check: || {
                let mut want = item_prefix($pallet, stringify!($name)).to_vec();
                push_key::<crate::storage::$h1, $k1>(&<$k1>::default(), &mut want);
                push_key::<crate::storage::$h2, $k2>(&<$k2>::default(), &mut want);
                $m::$name::key(&<$k1>::default(), &<$k2>::default()) == want
            },
        }
    }};
}

/// A three-key map: `nmap3!(PALLET, module::Item, Modifier, H1, K1, H2, K2, H3, K3 => Stored [as Metadata])`.
macro_rules! nmap3 {
    ($pallet:expr, $m:ident :: $name:ident, $modi:ident, $h1:ident, $k1:ty, $h2:ident, $k2:ty, $h3:ident, $k3:ty => $v:ty $(as $meta:ty)?) => {{
        let _typed: fn(&Storage, &$k1, &$k2, &$k3) -> $v = $m::$name::get;
        let opt = optional!($modi);
        Entry {
            meta: StorageEntryMetadata {
                name: stringify!($name),
                modifier: modifier(opt),
                ty: StorageEntryType::Map {
                    hashers: vec![StorageHasher::$h1, StorageHasher::$h2, StorageHasher::$h3],
                    key: meta_type::<($k1, $k2, $k3)>(),
                    value: meta_type::<meta_ty!($v $(, $meta)?)>(),
                },
                default: if opt {
                    vec![0]
                } else {
                    $m::$name::get(
                        &Storage::new(),
                        &<$k1>::default(),
                        &<$k2>::default(),
                        &<$k3>::default(),
                    )
                    .encode()
                },
                docs: vec![],
            },
            check: || {
                let mut want = item_prefix($pallet, stringify!($name)).to_vec();
                push_key::<crate::storage::$h1, $k1>(&<$k1>::default(), &mut want);
                push_key::<crate::storage::$h2, $k2>(&<$k2>::default(), &mut want);
                push_key::<crate::storage::$h3, $k3>(&<$k3>::default(), &mut want);
                $m::$name::key(&<$k1>::default(), &<$k2>::default(), &<$k3>::default()) == want
            },
        }
    }};
}

/// Storage of System (0).
pub fn system() -> PalletStorageMetadata {
    const P: &str = "System";
    let account = map!(P, items::Account, Default, Blake2_128Concat, AccountId => items::AccountInfo as types::AccountInfo);
    let number = value!(P, items::Number, Default, u32);
    let block_hash = map!(P, items::BlockHash, Default, Twox64Concat, u32 => H256 as types::H256);
    let digest = value!(P, items::Digest, Default, Vec<crate::block::DigestItem> as types::Digest);
    let events = value!(P, runtime::Events, Default, Vec<crate::event::EventRecord> as Vec<types::EventRecord>);
    pallet(P, vec![account, block_hash, number, digest, events])
}

/// Storage of Timestamp (2).
pub fn timestamp() -> PalletStorageMetadata {
    pallet(
        "Timestamp",
        vec![value!("Timestamp", runtime::Now, Default, u64)],
    )
}

/// Storage of Balances (5).
pub fn balances() -> PalletStorageMetadata {
    pallet(
        "Balances",
        vec![value!("Balances", items::TotalIssuance, Default, u64)],
    )
}

/// Storage of Sudo (12).
pub fn sudo() -> PalletStorageMetadata {
    pallet(
        "Sudo",
        vec![value!("Sudo", runtime::Key, Optional, AccountId)],
    )
}

/// Every storage entry of SubtensorModule (7), with its self-check.
pub fn subtensor_entries() -> Vec<Entry> {
    const P: &str = "SubtensorModule";
    let total_issuance = Entry {
        meta: StorageEntryMetadata {
            name: "TotalIssuance",
            modifier: StorageEntryModifier::Default,
            ty: StorageEntryType::Plain(meta_type::<u64>()),
            default: items::SubtensorTotalIssuance::get(&Storage::new()).encode(),
            docs: vec![],
        },
        check: || {
            let mut s = Storage::new();
            items::SubtensorTotalIssuance::put(&mut s, 7);
            s.get::<u64>(&item_prefix(P, "TotalIssuance")) == Some(7)
        },
    };
    let mut e = vec![total_issuance];
    e.extend([
        value!(P, items::TotalStake, Default, TaoBalance),
        value!(P, items::BlockEmission, Default, u64),
        value!(P, items::SubnetOwnerCut, Default, u16),
        value!(P, items::TotalNetworks, Default, u16),
        value!(P, items::SubnetLimit, Default, u16),
        value!(P, items::NetworkMinLockCost, Default, TaoBalance),
        value!(P, items::NetworkLastLockCost, Default, TaoBalance),
        value!(P, items::NetworkLastRegistered, Default, u64),
        value!(P, items::NetworkLockReductionInterval, Default, u64),
        value!(P, items::NetworkRateLimit, Default, u64),
        value!(P, items::AdminFreezeWindow, Default, u16),
        value!(P, items::StakeThreshold, Default, u64),
        value!(P, items::MaxDelegateTake, Default, u16),
        value!(P, items::MinDelegateTake, Default, u16),
        value!(P, items::SubnetMovingAlpha, Default, i128 as I96F32),
        value!(P, items::StartCallDelay, Default, u64),
        value!(P, items::MaxEpochsPerBlock, Default, u8),
        value!(P, items::NetworkImmunityPeriod, Default, u64),
        value!(P, items::NetworkRegistrationStartBlock, Default, u64),
        value!(P, items::MinActivityCutoff, Default, u16),
        value!(P, items::OwnerHyperparamRateLimit, Default, u16),
        value!(P, items::WeightsVersionKeyRateLimit, Default, u64),
    ]);
    macro_rules! subnet {
        ($($name:ident : $v:ty $(as $meta:ty)?),* $(,)?) => {
            $(e.push(map!(P, items::$name, Default, Identity, NetUid => $v $(as $meta)?));)*
        };
    }
    subnet!(
        NetworksAdded: bool, SubnetworkN: u16, SubnetMechanism: u16, Tempo: u16, LastEpochBlock: u64,
        LastMechansimStepBlock: u64, SubnetEpochIndex: u64, BlocksSinceLastStep: u64, PendingEpochAt: u64,
        ActivityCutoffFactorMilli: u32, ActivityCutoff: u16, OwnerCutEnabled: bool, SubnetTAO: TaoBalance, SubnetAlphaIn: AlphaBalance,
        SubnetAlphaOut: AlphaBalance, SubnetProtocolAlpha: AlphaBalance,
        SubnetAlphaInEmission: AlphaBalance, SubnetAlphaOutEmission: AlphaBalance,
        SubnetTaoInEmission: TaoBalance, SubnetExcessTao: TaoBalance,
        SubnetMovingPrice: i128 as I96F32, EMAPriceHalvingBlocks: u64, SubnetVolume: u128,
        PendingServerEmission: AlphaBalance, PendingValidatorEmission: AlphaBalance,
        PendingRootAlphaDivs: AlphaBalance, PendingOwnerCut: AlphaBalance, SubnetOwner: AccountId,
        SubnetOwnerHotkey: AccountId, NetworkRegisteredAt: u64, TokenSymbol: Vec<u8>, SubtokenEnabled: bool,
        SubnetEmissionEnabled: bool, NetworkRegistrationAllowed: bool, TransferToggle: bool,
        SubnetLocked: TaoBalance, Burn: TaoBalance, MinBurn: TaoBalance, MaxBurn: TaoBalance,
        BurnHalfLife: u16, BurnIncreaseMult: u128 as U64F64, RegistrationsThisBlock: u16,
        RAORecycledForRegistration: TaoBalance, ImmunityPeriod: u16, MaxAllowedUids: u16,
        MaxAllowedValidators: u16, MinAllowedWeights: u16, MaxWeightsLimit: u16, Kappa: u16, Rho: u16,
        BondsMovingAverage: u64, BondsPenalty: u16, WeightsSetRateLimit: u64, WeightsVersionKey: u64,
        CommitRevealWeightsEnabled: bool, ServingRateLimit: u64, ImmuneOwnerUidsLimit: u16,
        MinNonImmuneUids: u16, AlphaValues: (u16, u16), Active: Vec<bool>, Consensus: Vec<u16>,
        Dividends: Vec<u16>, Emission: Vec<AlphaBalance>, ValidatorTrust: Vec<u16>,
        ValidatorPermit: Vec<bool>, StakeWeight: Vec<u16>, Incentive: Vec<u16>, LastUpdate: Vec<u64>,
        Difficulty: u64, MinDifficulty: u64, MaxDifficulty: u64, AdjustmentInterval: u16,
        AdjustmentAlpha: u64, TargetRegistrationsPerInterval: u16, MaxRegistrationsPerBlock: u16,
        NetworkPowRegistrationAllowed: bool, AlphaSigmoidSteepness: i16, BondsResetOn: bool,
        MinAllowedUids: u16, MinChildkeyTakePerSubnet: u16,
    );
    e.extend([
        map!(P, items::FirstEmissionBlockNumber, Optional, Identity, NetUid => u64),
        map!(P, items::RevealPeriodEpochs, Default, Twox64Concat, NetUid => u64),
        map!(P, items::Yuma3On, Default, Blake2_128Concat, NetUid => bool),
        map!(P, items::MechanismCountCurrent, Default, Twox64Concat, NetUid => u8),
        value!(P, items::TxRateLimit, Default, u64),
        value!(P, items::NominatorMinRequiredStake, Default, u64),
        dmap!(P, items::AutoStakeDestination, Optional, Blake2_128Concat, AccountId, Identity, NetUid => AccountId),
        dmap!(P, items::AutoStakeDestinationColdkeys, Default, Blake2_128Concat, AccountId, Identity, NetUid => Vec<AccountId>),
        map!(P, items::MechanismEmissionSplit, Optional, Twox64Concat, NetUid => Vec<u16>),
        map!(P, items::IdentitiesV2, Optional, Blake2_128Concat, AccountId => crate::rpc_info::ChainIdentityV2),
        map!(P, items::LiquidAlphaOn, Default, Blake2_128Concat, NetUid => bool),
        dmap!(P, items::Keys, Default, Identity, NetUid, Identity, Uid => AccountId),
        dmap!(P, items::Uids, Optional, Identity, NetUid, Blake2_128Concat, AccountId => Uid),
        dmap!(P, items::BlockAtRegistration, Default, Identity, NetUid, Identity, Uid => BlockNumber),
        dmap!(P, items::IsNetworkMember, Default, Blake2_128Concat, AccountId, Identity, NetUid => bool),
        dmap!(P, items::Weights, Default, Identity, NetUid, Identity, Uid => Vec<(u16, u16)>),
        dmap!(P, items::Bonds, Default, Identity, NetUid, Identity, Uid => Vec<(u16, u16)>),
        dmap!(P, items::Axons, Optional, Identity, NetUid, Blake2_128Concat, AccountId => items::AxonInfo),
        map!(P, items::Owner, Default, Blake2_128Concat, AccountId => AccountId),
        map!(P, items::OwnedHotkeys, Default, Blake2_128Concat, AccountId => Vec<AccountId>),
        map!(P, items::StakingHotkeys, Default, Blake2_128Concat, AccountId => Vec<AccountId>),
        map!(P, items::Delegates, Default, Blake2_128Concat, AccountId => u16),
        dmap!(P, items::TotalHotkeyAlpha, Default, Blake2_128Concat, AccountId, Identity, NetUid => AlphaBalance),
        dmap!(P, items::TotalHotkeyShares, Default, Blake2_128Concat, AccountId, Identity, NetUid => u128 as U64F64),
        nmap3!(P, items::Alpha, Default, Blake2_128Concat, AccountId, Blake2_128Concat, AccountId, Identity, NetUid => u128 as U64F64),
        dmap!(P, items::AlphaDividendsPerSubnet, Default, Identity, NetUid, Blake2_128Concat, AccountId => AlphaBalance),
        map!(P, items::LastRateLimitedBlock, Default, Identity, crate::admin::RateLimitKey => u64),
        nmap3!(P, items::TransactionKeyLastBlock, Default, Blake2_128Concat, AccountId, Identity, NetUid, Identity, u16 => u64),
        map!(P, items::SubnetIdentitiesV3, Optional, Blake2_128Concat, NetUid => crate::rpc_info::SubnetIdentityV3),
        value!(P, items::FlowEmaSmoothingFactor, Default, u64),
        map!(P, items::RegistrationsThisInterval, Default, Identity, NetUid => u16),
        map!(P, items::LastAdjustmentBlock, Default, Identity, NetUid => u64),
        map!(P, items::SubnetTaoFlow, Default, Identity, NetUid => i64),
        map!(P, items::SubnetEmaTaoFlow, Optional, Identity, NetUid => (u64, i128) as (u64, I64F64)),
        map!(P, items::RootClaimType, Default, Blake2_128Concat, AccountId => items::RootClaimTypeEnum),
        nmap3!(P, items::Lock, Optional, Blake2_128Concat, AccountId, Identity, NetUid, Blake2_128Concat, AccountId => items::LockState),
        dmap!(P, items::DecayingLock, Optional, Blake2_128Concat, AccountId, Identity, NetUid => bool),
        dmap!(P, items::HotkeyLock, Optional, Identity, NetUid, Blake2_128Concat, AccountId => items::LockState),
        dmap!(P, items::DecayingHotkeyLock, Optional, Identity, NetUid, Blake2_128Concat, AccountId => items::LockState),
        map!(P, items::OwnerLock, Optional, Identity, NetUid => items::LockState),
        map!(P, items::DecayingOwnerLock, Optional, Identity, NetUid => items::LockState),
        value!(P, items::UnlockRate, Default, u64),
        value!(P, items::MaturityRate, Default, u64),
    ]);
    // Childkeys (`childkeys.rs`).
    e.extend([
        dmap!(P, items::ChildKeys, Default, Blake2_128Concat, AccountId, Identity, NetUid => Vec<(u64, AccountId)>),
        dmap!(P, items::ParentKeys, Default, Blake2_128Concat, AccountId, Identity, NetUid => Vec<(u64, AccountId)>),
        dmap!(P, items::PendingChildKeys, Default, Identity, NetUid, Blake2_128Concat, AccountId => (Vec<(u64, AccountId)>, u64)),
        dmap!(P, items::ChildkeyTake, Default, Blake2_128Concat, AccountId, Identity, NetUid => u16),
        value!(P, items::MinChildkeyTake, Default, u16),
        value!(P, items::MaxChildkeyTake, Default, u16),
        value!(P, items::TxChildkeyTakeRateLimit, Default, u64),
        value!(P, items::PendingChildKeyCooldown, Default, u64),
        value!(P, items::CKBurn, Default, u64),
        map!(P, items::AutoParentDelegationEnabled, Default, Blake2_128Concat, AccountId => bool),
    ]);
    // Root stake in emission and root claims (`root.rs`).
    e.extend([
        value!(P, items::TaoWeight, Default, u64),
        map!(P, items::MinerBurned, Default, Identity, NetUid => u128 as substrate_fixed::types::U96F32),
        map!(P, items::RootProp, Default, Identity, NetUid => u128 as substrate_fixed::types::U96F32),
        map!(P, items::RecycleOrBurn, Default, Identity, NetUid => items::RecycleOrBurnEnum),
        dmap!(P, items::RootAlphaDividendsPerSubnet, Default, Identity, NetUid, Blake2_128Concat, AccountId => AlphaBalance),
        dmap!(P, items::TotalHotkeyAlphaLastEpoch, Default, Blake2_128Concat, AccountId, Identity, NetUid => AlphaBalance),
        map!(P, items::RootClaimable, Default, Blake2_128Concat, AccountId => std::collections::BTreeMap<NetUid, i128> as std::collections::BTreeMap<NetUid, I96F32>),
        nmap3!(P, items::RootClaimed, Default, Identity, NetUid, Blake2_128Concat, AccountId, Blake2_128Concat, AccountId => u128),
        map!(P, items::RootClaimableThreshold, Default, Blake2_128Concat, NetUid => i128 as I96F32),
        map!(P, items::StakingColdkeysByIndex, Optional, Identity, u64 => AccountId),
        map!(P, items::StakingColdkeys, Optional, Identity, AccountId => u64),
        value!(P, items::NumStakingColdkeys, Default, u64),
        value!(P, items::NumRootClaim, Default, u64),
    ]);
    e
}

/// Every storage entry of Commitments (18), with its self-check.
pub fn commitments_entries() -> Vec<Entry> {
    const P: &str = commitments::PALLET;
    vec![
        value!(
            P,
            commitments::TimelockedIndex,
            Default,
            BTreeSet<(NetUid, AccountId)>
        ),
        dmap!(P, commitments::CommitmentOf, Optional, Identity, NetUid, Twox64Concat, AccountId => commitments::Registration),
        dmap!(P, commitments::LastCommitment, Optional, Identity, NetUid, Twox64Concat, AccountId => u32),
        dmap!(P, commitments::LastBondsReset, Optional, Identity, NetUid, Twox64Concat, AccountId => u32),
        dmap!(P, commitments::RevealedCommitments, Optional, Identity, NetUid, Twox64Concat, AccountId => Vec<(Vec<u8>, u64)>),
        dmap!(P, commitments::UsedSpaceOf, Optional, Identity, NetUid, Twox64Concat, AccountId => commitments::UsageTracker),
        value!(P, commitments::MaxSpace, Default, u32),
    ]
}

/// Storage of Commitments (18).
pub fn commitments() -> PalletStorageMetadata {
    pallet(commitments::PALLET, commitments_entries())
}

/// Every storage entry of MevShield (30) taonet serves, in subtensor's declaration order.
pub fn mev_shield_entries() -> Vec<Entry> {
    use crate::mev_shield::{self as m, AuraId, ShieldEncKey};
    const P: &str = m::PALLET;
    vec![
        value!(P, m::CurrentKey, Optional, ShieldEncKey),
        value!(P, m::PendingKey, Optional, ShieldEncKey),
        value!(P, m::NextKey, Optional, ShieldEncKey),
        map!(P, m::AuthorKeys, Optional, Twox64Concat, AuraId => ShieldEncKey),
        value!(P, m::PendingKeyExpiresAt, Optional, u32),
        value!(P, m::NextKeyExpiresAt, Optional, u32),
    ]
}

/// Every storage entry of Swap (28) taonet serves: subtensor main's Balancer pool state
/// (`SwapBalancer` and `PalSwapInitialized` are newer than spec 208; `FeeRate` is in both). Spec 208's
/// concentrated-liquidity items (`AlphaSqrtPrice`, ticks, positions) no longer exist on main.
pub fn swap_entries() -> Vec<Entry> {
    use crate::math::swap::Balancer;
    use crate::pool as p;
    const P: &str = p::PALLET;
    vec![
        map!(P, p::FeeRate, Default, Twox64Concat, NetUid => u16),
        map!(P, p::SwapBalancer, Default, Twox64Concat, NetUid => Balancer as types::Balancer),
        map!(P, p::PalSwapInitialized, Default, Twox64Concat, NetUid => bool),
    ]
}

/// Storage of Swap (28).
pub fn swap() -> PalletStorageMetadata {
    pallet(crate::pool::PALLET, swap_entries())
}

/// Storage of MevShield (30).
pub fn mev_shield() -> PalletStorageMetadata {
    pallet(crate::mev_shield::PALLET, mev_shield_entries())
}

/// Storage of SubtensorModule (7).
pub fn subtensor() -> PalletStorageMetadata {
    PalletStorageMetadata {
        prefix: "SubtensorModule",
        entries: subtensor_entries().into_iter().map(|e| e.meta).collect(),
    }
}

fn pallet(prefix: &'static str, entries: Vec<Entry>) -> PalletStorageMetadata {
    PalletStorageMetadata {
        prefix,
        entries: entries.into_iter().map(|e| e.meta).collect(),
    }
}

/// The key self-checks of every non-SubtensorModule entry (SubtensorModule's come with its entries).
pub fn other_checks() -> Vec<KeyCheck> {
    let mut out: Vec<KeyCheck> = Vec::new();
    const P: &str = "System";
    for e in [
        map!(P, items::Account, Default, Blake2_128Concat, AccountId => items::AccountInfo as types::AccountInfo),
        value!(P, items::Number, Default, u32),
        map!(P, items::BlockHash, Default, Twox64Concat, u32 => H256 as types::H256),
        value!(P, items::Digest, Default, Vec<crate::block::DigestItem>),
        value!(P, runtime::Events, Default, Vec<crate::event::EventRecord>),
        value!("Timestamp", runtime::Now, Default, u64),
        value!("Balances", items::TotalIssuance, Default, u64),
        value!("Sudo", runtime::Key, Optional, AccountId),
    ] {
        out.push((e.meta.name, e.check));
    }
    for e in commitments_entries() {
        out.push((e.meta.name, e.check));
    }
    for e in mev_shield_entries() {
        out.push((e.meta.name, e.check));
    }
    for e in swap_entries() {
        out.push((e.meta.name, e.check));
    }
    out
}

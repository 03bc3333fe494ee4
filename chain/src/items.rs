//! Storage items, declared with the pallet prefixes, names, hashers and defaults subtensor uses.
//!
//! This module owns only declarations: which items exist and where they live. The mechanisms that
//! read and write them live in their own modules.

use crate::storage::{Blake2_128Concat, Identity, Twox64Concat};
use crate::types::{AccountId, AlphaBalance, BlockNumber, NetUid, TaoBalance, Uid, H256};
use crate::{storage_double_map, storage_map, storage_nmap, storage_value};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

const SYSTEM: &str = "System";
const BALANCES: &str = "Balances";
const SUBTENSOR: &str = "SubtensorModule";

/// Balance data of an account, as `pallet_balances::AccountData` with subtensor's u64 balances.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct AccountData {
    /// Spendable balance in rao.
    pub free: u64,
    /// Reserved balance in rao.
    pub reserved: u64,
    /// Frozen balance in rao.
    pub frozen: u64,
    /// Extra flags (new-logic marker).
    pub flags: u128,
}

/// `frame_system::AccountInfo` with a u32 nonce.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct AccountInfo {
    /// Number of extrinsics the account has sent.
    pub nonce: u32,
    /// Consumer references.
    pub consumers: u32,
    /// Provider references (1 while the account exists).
    pub providers: u32,
    /// Sufficient references.
    pub sufficients: u32,
    /// Balances.
    pub data: AccountData,
}

/// Where a neuron serves its axon, as subtensor's `AxonInfo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct AxonInfo {
    /// Block at which it was last served.
    pub block: u64,
    /// Axon version.
    pub version: u32,
    /// IP address as an integer (IPv4 in the low 32 bits).
    pub ip: u128,
    /// Port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    /// Protocol (0 = TCP).
    pub protocol: u8,
    /// Unused.
    pub placeholder1: u8,
    /// Unused.
    pub placeholder2: u8,
}

// ---- System / Balances ----
storage_map!(
    /// Nonce and balances of every account.
    Account: SYSTEM, Blake2_128Concat, AccountId => AccountInfo = AccountInfo::default()
);
storage_value!(
    /// The current block number.
    Number: SYSTEM, u32 = 0
);
storage_map!(
    /// Block hashes by number.
    BlockHash: SYSTEM, Twox64Concat, u32 => H256 = [0u8; 32]
);
storage_value!(
    /// `System.Digest`: the digest of the block being built (declared so clients find
    /// `sp_runtime::generic::digest::DigestItem` in the metadata and can decode header logs).
    Digest: SYSTEM, Vec<crate::block::DigestItem> = Vec::new()
);
storage_value!(
    /// Total TAO held in balances (free + reserved), in rao.
    TotalIssuance: BALANCES, u64 = 0
);

/// Subtensor's own `TotalIssuance` counter, which drives halving.
pub struct SubtensorTotalIssuance;
impl SubtensorTotalIssuance {
    fn key() -> &'static [u8; 32] {
        static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
        KEY.get_or_init(|| crate::storage::item_prefix(SUBTENSOR, "TotalIssuance"))
    }
    /// The stored value (0 when absent).
    pub fn get(s: &crate::storage::Storage) -> u64 {
        s.get(Self::key()).unwrap_or(0)
    }
    /// Writes the value.
    pub fn put(s: &mut crate::storage::Storage, value: u64) {
        s.put(Self::key(), &value);
    }
}

// ---- Global SubtensorModule items ----
storage_value!(
    /// Sum of TAO held in subnet pools.
    TotalStake: SUBTENSOR, TaoBalance = 0
);
storage_value!(
    /// The current per-block emission, in rao.
    BlockEmission: SUBTENSOR, u64 = 1_000_000_000
);
storage_value!(
    /// Owner cut as a u16 proportion (11796 ≈ 18%).
    SubnetOwnerCut: SUBTENSOR, u16 = 11_796
);
storage_value!(
    /// Number of networks, including root.
    TotalNetworks: SUBTENSOR, u16 = 0
);
storage_value!(
    /// Maximum number of subnets, excluding root.
    SubnetLimit: SUBTENSOR, u16 = 128
);
storage_value!(
    /// The floor of the subnet lock cost.
    NetworkMinLockCost: SUBTENSOR, TaoBalance = 1_000_000_000_000
);
storage_value!(
    /// The lock paid by the last subnet registration.
    NetworkLastLockCost: SUBTENSOR, TaoBalance = 1_000_000_000_000
);
storage_value!(
    /// Block of the last subnet registration.
    NetworkLastRegistered: SUBTENSOR, u64 = 0
);
storage_value!(
    /// Blocks over which the doubled lock cost decays back to the floor.
    NetworkLockReductionInterval: SUBTENSOR, u64 = 14 * 7200
);
storage_value!(
    /// Minimum blocks between subnet registrations.
    NetworkRateLimit: SUBTENSOR, u64 = 7200
);
storage_value!(
    /// Blocks before the next epoch during which owner hyperparameter changes are refused.
    AdminFreezeWindow: SUBTENSOR, u16 = 10
);
storage_value!(
    /// Minimum stake weight to set weights.
    StakeThreshold: SUBTENSOR, u64 = 0
);
storage_value!(
    /// Largest delegate take.
    MaxDelegateTake: SUBTENSOR, u16 = 11_796
);
storage_value!(
    /// Smallest delegate take.
    MinDelegateTake: SUBTENSOR, u16 = 0
);
storage_value!(
    /// Base factor of the price EMA (as I96F32 bits).
    SubnetMovingAlpha: SUBTENSOR, i128 = 12_885 // 0.000003 in I96F32: round(0.000003 * 2^32)
);
storage_value!(
    /// Blocks a new subnet must wait before `start_call`.
    StartCallDelay: SUBTENSOR, u64 = 0
);
storage_value!(
    /// At most this many epochs run in one block.
    MaxEpochsPerBlock: SUBTENSOR, u8 = 2
);
storage_value!(
    /// Blocks after its registration during which a subnet cannot be pruned to make room for a new one
    /// (subtensor's `InitialNetworkImmunityPeriod`, 180 days).
    NetworkImmunityPeriod: SUBTENSOR, u64 = 1_296_000
);
storage_value!(
    /// No subnet registers before this block; a subnet registered before it gets its lock back (less
    /// the owner's emission) when dissolved.
    NetworkRegistrationStartBlock: SUBTENSOR, u64 = 0
);

/// 1.26 as U64F64 bits: 1.26f64 × 2^64 (the f64 nearest 1.26, scaled exactly), subtensor's default `BurnIncreaseMult`.
pub const DEFAULT_BURN_INCREASE_MULT_BITS: u128 = 23_242_897_532_874_035_200;

// ---- Per-subnet items ----
macro_rules! subnet_item {
    ($(#[$meta:meta])* $name:ident : $value:ty = $default:expr) => {
        storage_map!($(#[$meta])* $name: SUBTENSOR, Identity, NetUid => $value = $default);
    };
}

subnet_item!(
    /// Whether the subnet exists.
    NetworksAdded: bool = false
);
subnet_item!(
    /// Number of UIDs in the subnet.
    SubnetworkN: u16 = 0
);
subnet_item!(
    /// 0 = stable (price 1), 1 = dynamic (AMM).
    SubnetMechanism: u16 = 0
);
subnet_item!(
    /// Epoch period in blocks.
    Tempo: u16 = 360
);
subnet_item!(
    /// Block of the last epoch.
    LastEpochBlock: u64 = 0
);
subnet_item!(
    /// Block of the last epoch, under subtensor's (misspelt) display name.
    LastMechansimStepBlock: u64 = 0
);
subnet_item!(
    /// Number of epochs run.
    SubnetEpochIndex: u64 = 0
);
subnet_item!(
    /// Blocks since the last epoch.
    BlocksSinceLastStep: u64 = 0
);
subnet_item!(
    /// An epoch deferred to this block.
    PendingEpochAt: u64 = 0
);
subnet_item!(
    /// Activity cutoff in per-mille of tempo.
    ActivityCutoffFactorMilli: u32 = 13_889
);
subnet_item!(
    /// The deprecated activity cutoff in blocks (subtensor's `ActivityCutoff`, runtime default 5000):
    /// `sudo_set_activity_cutoff` still writes it, nothing reads it (the epoch uses
    /// `ActivityCutoffFactorMilli`).
    ActivityCutoff: u16 = 5000
);
subnet_item!(
    /// Whether the subnet owner takes `SubnetOwnerCut` of the alpha emission (subtensor main's
    /// `OwnerCutEnabled`, newer than spec 208; on by default).
    OwnerCutEnabled: bool = true
);
subnet_item!(
    /// TAO reserve of the pool.
    SubnetTAO: TaoBalance = 0
);
subnet_item!(
    /// Alpha reserve of the pool.
    SubnetAlphaIn: AlphaBalance = 0
);
subnet_item!(
    /// Alpha outstanding (staked or owned).
    SubnetAlphaOut: AlphaBalance = 0
);
subnet_item!(
    /// Alpha bought by chain buys.
    SubnetProtocolAlpha: AlphaBalance = 0
);
subnet_item!(
    /// Alpha injected into the pool last block.
    SubnetAlphaInEmission: AlphaBalance = 0
);
subnet_item!(
    /// Alpha emitted to participants last block.
    SubnetAlphaOutEmission: AlphaBalance = 0
);
subnet_item!(
    /// TAO injected into the pool last block.
    SubnetTaoInEmission: TaoBalance = 0
);
subnet_item!(
    /// TAO spent on chain buys last block.
    SubnetExcessTao: TaoBalance = 0
);
subnet_item!(
    /// Price EMA, as I96F32 bits.
    SubnetMovingPrice: i128 = 0
);
subnet_item!(
    /// Halving period of the price EMA warm-up.
    EMAPriceHalvingBlocks: u64 = 201_600
);
subnet_item!(
    /// Cumulative TAO volume.
    SubnetVolume: u128 = 0
);
subnet_item!(
    /// Miner emission accumulated until the epoch.
    PendingServerEmission: AlphaBalance = 0
);
subnet_item!(
    /// Validator emission accumulated until the epoch.
    PendingValidatorEmission: AlphaBalance = 0
);
subnet_item!(
    /// Root dividends accumulated until the epoch.
    PendingRootAlphaDivs: AlphaBalance = 0
);
subnet_item!(
    /// Owner cut accumulated until the epoch.
    PendingOwnerCut: AlphaBalance = 0
);
subnet_item!(
    /// Subnet owner coldkey.
    SubnetOwner: AccountId = AccountId::ZERO
);
subnet_item!(
    /// Subnet owner hotkey.
    SubnetOwnerHotkey: AccountId = AccountId::ZERO
);
subnet_item!(
    /// Registration block.
    NetworkRegisteredAt: u64 = 0
);
subnet_item!(
    /// The subnet's token symbol (UTF-8). Declared for clients that list it (bittensor 11 reads the whole
    /// map on connect); taonet stores none, so every subnet reads as subtensor's default, "𝜏", and the
    /// runtime APIs carry the real symbols.
    TokenSymbol: Vec<u8> = "\u{1d70f}".as_bytes().to_vec()
);
subnet_item!(
    /// First block with emission, set by `start_call` (absent before).
    FirstEmissionBlockNumber: u64 = 0
);
subnet_item!(
    /// Whether staking and emission are enabled (after `start_call`).
    SubtokenEnabled: bool = false
);
subnet_item!(
    /// Whether the subnet receives TAO emission.
    SubnetEmissionEnabled: bool = true
);
subnet_item!(
    /// Whether neuron registration is allowed.
    NetworkRegistrationAllowed: bool = true
);
subnet_item!(
    /// Whether stake transfers are allowed.
    TransferToggle: bool = true
);
subnet_item!(
    /// Lock paid at registration.
    SubnetLocked: TaoBalance = 0
);
subnet_item!(
    /// Current neuron registration price.
    Burn: TaoBalance = 1_000_000_000
);
subnet_item!(
    /// Registration price floor.
    MinBurn: TaoBalance = 500_000
);
subnet_item!(
    /// Registration price ceiling.
    MaxBurn: TaoBalance = 100_000_000_000
);
subnet_item!(
    /// Half-life of the registration price decay, in blocks.
    BurnHalfLife: u16 = 360
);
subnet_item!(
    /// Registration price multiplier per registration (U64F64 bits).
    BurnIncreaseMult: u128 = DEFAULT_BURN_INCREASE_MULT_BITS
);
subnet_item!(
    /// Registrations in the current block.
    RegistrationsThisBlock: u16 = 0
);
subnet_item!(
    /// TAO spent on registrations.
    RAORecycledForRegistration: TaoBalance = 0
);
subnet_item!(
    /// Blocks a new neuron is protected from pruning.
    ImmunityPeriod: u16 = 4096
);
subnet_item!(
    /// Maximum number of UIDs.
    MaxAllowedUids: u16 = 256
);
subnet_item!(
    /// Maximum number of validator permits.
    MaxAllowedValidators: u16 = 128
);
subnet_item!(
    /// Minimum number of weights a validator must set.
    MinAllowedWeights: u16 = 1024
);
subnet_item!(
    /// Largest single weight after normalisation (u16 proportion).
    MaxWeightsLimit: u16 = u16::MAX
);
subnet_item!(
    /// Consensus majority (u16 proportion).
    Kappa: u16 = 32_767
);
subnet_item!(
    /// Legacy parameter, reported only.
    Rho: u16 = 10
);
subnet_item!(
    /// Bonds EMA factor in millionths.
    BondsMovingAverage: u64 = 900_000
);
subnet_item!(
    /// Bonds penalty (u16 proportion).
    BondsPenalty: u16 = u16::MAX
);
subnet_item!(
    /// Minimum blocks between weight settings.
    WeightsSetRateLimit: u64 = 100
);
subnet_item!(
    /// Required weights version.
    WeightsVersionKey: u64 = 0
);
subnet_item!(
    /// Whether commit-reveal is required.
    CommitRevealWeightsEnabled: bool = true
);
storage_map!(
    /// Reveal period in epochs.
    RevealPeriodEpochs: SUBTENSOR, Twox64Concat, NetUid => u64 = 1
);
subnet_item!(
    /// Minimum blocks between `serve_axon` calls.
    ServingRateLimit: u64 = 50
);
subnet_item!(
    /// Immune owner UIDs.
    ImmuneOwnerUidsLimit: u16 = 1
);
subnet_item!(
    /// Minimum number of non-immune UIDs before immune ones may be pruned.
    MinNonImmuneUids: u16 = 10
);
storage_map!(
    /// Whether the subnet uses Yuma3.
    Yuma3On: SUBTENSOR, Blake2_128Concat, NetUid => bool = false
);
storage_map!(
    /// Whether liquid alpha is on.
    LiquidAlphaOn: SUBTENSOR, Blake2_128Concat, NetUid => bool = false
);
subnet_item!(
    /// Liquid alpha bounds (low, high) as u16 proportions.
    AlphaValues: (u16, u16) = (45_875, 58_982)
);
subnet_item!(
    /// Per-UID activity flags.
    Active: Vec<bool> = Vec::new()
);
subnet_item!(
    /// Per-UID consensus.
    Consensus: Vec<u16> = Vec::new()
);
subnet_item!(
    /// Per-UID dividends.
    Dividends: Vec<u16> = Vec::new()
);
subnet_item!(
    /// Per-UID emission of the last epoch, in alpha.
    Emission: Vec<AlphaBalance> = Vec::new()
);
subnet_item!(
    /// Per-UID validator trust.
    ValidatorTrust: Vec<u16> = Vec::new()
);
subnet_item!(
    /// Per-UID validator permits.
    ValidatorPermit: Vec<bool> = Vec::new()
);
subnet_item!(
    /// Per-UID normalised stake weight.
    StakeWeight: Vec<u16> = Vec::new()
);
subnet_item!(
    /// Per-UID incentive.
    Incentive: Vec<u16> = Vec::new()
);
subnet_item!(
    /// Per-UID block of the last weight setting.
    LastUpdate: Vec<u64> = Vec::new()
);

// ---- Neuron maps ----
storage_double_map!(
    /// Hotkey of each UID.
    Keys: SUBTENSOR, Identity, NetUid, Identity, Uid => AccountId = AccountId::ZERO
);
storage_double_map!(
    /// UID of each registered hotkey.
    Uids: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => Uid = 0
);
storage_double_map!(
    /// Block at which each UID was registered.
    BlockAtRegistration: SUBTENSOR, Identity, NetUid, Identity, Uid => BlockNumber = 0
);
storage_double_map!(
    /// Whether a hotkey is registered on a subnet.
    IsNetworkMember: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => bool = false
);
storage_double_map!(
    /// Weight rows (uid, value) set by each validator UID.
    Weights: SUBTENSOR, Identity, NetUid, Identity, Uid => Vec<(u16, u16)> = Vec::new()
);
storage_double_map!(
    /// Bond rows (uid, value) of each validator UID.
    Bonds: SUBTENSOR, Identity, NetUid, Identity, Uid => Vec<(u16, u16)> = Vec::new()
);
storage_double_map!(
    /// Axon of each registered hotkey.
    Axons: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => AxonInfo = AxonInfo::default()
);
storage_map!(
    /// Coldkey owning each hotkey (zero = hotkey does not exist).
    Owner: SUBTENSOR, Blake2_128Concat, AccountId => AccountId = AccountId::ZERO
);
storage_map!(
    /// Hotkeys owned by each coldkey.
    OwnedHotkeys: SUBTENSOR, Blake2_128Concat, AccountId => Vec<AccountId> = Vec::new()
);
storage_map!(
    /// Hotkeys each coldkey has staked to.
    StakingHotkeys: SUBTENSOR, Blake2_128Concat, AccountId => Vec<AccountId> = Vec::new()
);
storage_map!(
    /// Delegate take of every hotkey (default 18%).
    Delegates: SUBTENSOR, Blake2_128Concat, AccountId => u16 = 11_796
);
storage_double_map!(
    /// Total alpha value of a hotkey's share pool on a subnet.
    TotalHotkeyAlpha: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => AlphaBalance = 0
);
storage_double_map!(
    /// Share denominator of a hotkey's pool on a subnet (U64F64 bits).
    TotalHotkeyShares: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => u128 = 0
);
storage_nmap!(
    /// Shares (U64F64 bits) a coldkey holds in a hotkey's pool on a subnet.
    Alpha: SUBTENSOR, (Blake2_128Concat, AccountId), (Blake2_128Concat, AccountId), (Identity, NetUid) => u128 = 0
);
storage_double_map!(
    /// Alpha dividends a hotkey earned at the last epoch.
    AlphaDividendsPerSubnet: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => AlphaBalance = 0
);

/// Where a neuron serves Prometheus metrics, as subtensor's `PrometheusInfo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct PrometheusInfo {
    /// Block at which it was last served.
    pub block: u64,
    /// Version.
    pub version: u32,
    /// IP as an integer.
    pub ip: u128,
    /// Port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
}

storage_double_map!(
    /// Prometheus endpoint of each registered hotkey.
    Prometheus: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => PrometheusInfo = PrometheusInfo::default()
);
storage_map!(
    /// Block of each hotkey's last delegate-take change.
    LastTxBlockDelegateTake: SUBTENSOR, Identity, AccountId => u64 = 0
);
storage_value!(
    /// Blocks between two delegate-take increases of one hotkey.
    TxDelegateTakeRateLimit: SUBTENSOR, u64 = 216_000
);
/// One weight commit: (hash, commit epoch, commit block, unused).
pub type WeightCommit = (H256, u64, u64, u64);
storage_double_map!(
    /// Unrevealed weight commits of each hotkey (hash commit-reveal).
    WeightCommits: SUBTENSOR, Twox64Concat, u16, Twox64Concat, AccountId => Vec<WeightCommit> = Vec::new()
);

storage_value!(
    /// Blocks between a coldkey's rate-limited transactions (subtensor's `TxRateLimit`; declared for the
    /// clients that read it: taonet has no hotkey swap, the call it limits).
    TxRateLimit: SUBTENSOR, u64 = 1000
);
storage_value!(
    /// The least stake a nominator may keep on a hotkey (subtensor's default: 0, no minimum).
    NominatorMinRequiredStake: SUBTENSOR, u64 = 0
);
storage_double_map!(
    /// Where a coldkey's miner incentive on a subnet is staked, if not on the mining hotkey (set by
    /// `set_coldkey_auto_stake_hotkey`; absent until then).
    AutoStakeDestination: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => AccountId = AccountId::ZERO
);
storage_double_map!(
    /// The coldkeys whose miner incentive on a subnet is auto-staked to a hotkey, in the order they chose
    /// it (the reverse index of `AutoStakeDestination`).
    AutoStakeDestinationColdkeys: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => Vec<AccountId> = Vec::new()
);
storage_map!(
    /// Each mechanism's share of a subnet's emission (absent: taonet runs one mechanism per subnet).
    MechanismEmissionSplit: SUBTENSOR, Twox64Concat, NetUid => Vec<u16> = Vec::new()
);
storage_map!(
    /// Mechanisms (sub-subnets) per subnet; taonet runs exactly one.
    MechanismCountCurrent: SUBTENSOR, Twox64Concat, NetUid => u8 = 1
);
storage_map!(
    /// On-chain identities of coldkeys (none are set on a taonet devnet; clients read the map).
    IdentitiesV2: SUBTENSOR, Blake2_128Concat, AccountId => crate::rpc_info::ChainIdentityV2 = crate::rpc_info::ChainIdentityV2::default()
);

// ---- Hyperparameters set through AdminUtils ----
// Parameters of mechanisms taonet does not model (PoW difficulty and its adjustment, registration targets
// and the per-block registration cap) are stored and reported by the runtime APIs, but change nothing.
subnet_item!(
    /// PoW difficulty (reported only).
    Difficulty: u64 = 10_000_000
);
subnet_item!(
    /// Lowest PoW difficulty (reported only).
    MinDifficulty: u64 = 10_000_000
);
subnet_item!(
    /// Highest PoW difficulty (reported only).
    MaxDifficulty: u64 = u64::MAX / 4
);
subnet_item!(
    /// Blocks between difficulty/burn adjustments (reported only).
    AdjustmentInterval: u16 = 100
);
subnet_item!(
    /// Smoothing of difficulty adjustments (reported only).
    AdjustmentAlpha: u64 = 0
);
subnet_item!(
    /// Target registrations per adjustment interval (root admits three times this many per interval;
    /// reported only elsewhere).
    TargetRegistrationsPerInterval: u16 = 2
);
subnet_item!(
    /// Registrations allowed per block (enforced on root only, as subtensor does today).
    MaxRegistrationsPerBlock: u16 = 1
);
subnet_item!(
    /// Whether PoW registration is allowed. taonet serves no PoW registration, so it defaults to false
    /// (subtensor: true).
    NetworkPowRegistrationAllowed: bool = false
);
subnet_item!(
    /// Liquid-alpha sigmoid steepness.
    AlphaSigmoidSteepness: i16 = 1_000
);
subnet_item!(
    /// Whether a `ResetBondsFlag` commitment drops the committer's bonds.
    BondsResetOn: bool = false
);
subnet_item!(
    /// Floor of `MaxAllowedUids`. taonet's default is 1 (subtensor: 64), so devnet subnets may be small.
    MinAllowedUids: u16 = 1
);
storage_value!(
    /// Floor of `activity_cutoff`. taonet's default is 1 (subtensor: 360), so short-tempo devnets can use
    /// short cutoffs.
    MinActivityCutoff: SUBTENSOR, u16 = 1
);
storage_value!(
    /// Tempos between two changes of one hyperparameter by a subnet owner.
    OwnerHyperparamRateLimit: SUBTENSOR, u16 = 2
);
storage_value!(
    /// Tempos between two `weights_version_key` changes by a subnet owner.
    WeightsVersionKeyRateLimit: SUBTENSOR, u64 = 5
);
storage_map!(
    /// Last block of each keyed rate-limited action (owner hyperparameter updates).
    LastRateLimitedBlock: SUBTENSOR, Identity, crate::admin::RateLimitKey => u64 = 0
);
storage_nmap!(
    /// Last block of each `(hotkey or coldkey, netuid, transaction type)` rate-limited action.
    TransactionKeyLastBlock: SUBTENSOR, (Blake2_128Concat, AccountId), (Identity, NetUid), (Identity, u16) => u64 = 0
);
storage_map!(
    /// Each subnet's identity (absent when none was set).
    SubnetIdentitiesV3: SUBTENSOR, Blake2_128Concat, NetUid => crate::rpc_info::SubnetIdentityV3 = crate::rpc_info::SubnetIdentityV3::default()
);

// ---- Root network, TAO flow, root claims and conviction locks ----
subnet_item!(
    /// Registrations in the current adjustment interval (enforced on root only: at most three times
    /// `TargetRegistrationsPerInterval`).
    RegistrationsThisInterval: u16 = 0
);
subnet_item!(
    /// Block at which the current adjustment interval started.
    LastAdjustmentBlock: u64 = 0
);
subnet_item!(
    /// Net TAO that users moved into the subnet's pool since the last flow EMA update (stake and
    /// registration burns in, unstake out), in rao.
    SubnetTaoFlow: i64 = 0
);
storage_map!(
    /// `(block of the last update, EMA of the per-block net TAO flow as I64F64 bits)`; absent until the
    /// subnet first emits.
    SubnetEmaTaoFlow: SUBTENSOR, Identity, NetUid => (u64, i128) = (0, 0)
);
storage_value!(
    /// Smoothing of the TAO-flow EMA per block, as a fraction of `i64::MAX` (≈ 3.2e-6, a ~30-day
    /// half-life at 12 s blocks).
    FlowEmaSmoothingFactor: SUBTENSOR, u64 = 29_597_889_189_277
);

/// What a coldkey's root dividends turn into when claimed, as subtensor's `RootClaimTypeEnum`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RootClaimTypeEnum {
    /// Sell the alpha for TAO and add it to root stake.
    #[default]
    #[codec(index = 0)]
    Swap,
    /// Keep the alpha.
    #[codec(index = 1)]
    Keep,
    /// Keep the alpha of these subnets, sell the rest (subtensor main; not in spec 208).
    #[codec(index = 2)]
    KeepSubnets {
        /// Subnets whose root dividends are kept as alpha.
        subnets: std::collections::BTreeSet<NetUid>,
    },
}

storage_map!(
    /// Each coldkey's root claim type (`Swap` unless set with `set_root_claim_type`).
    RootClaimType: SUBTENSOR, Blake2_128Concat, AccountId => RootClaimTypeEnum = RootClaimTypeEnum::Swap
);

/// A conviction lock of a coldkey on a subnet, as subtensor's `LockState`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct LockState {
    /// The exponentially decaying locked alpha.
    pub locked_mass: AlphaBalance,
    /// The matured conviction score.
    pub conviction: substrate_fixed::types::U64F64,
    /// Block of the last roll-forward.
    pub last_update: u64,
}

storage_nmap!(
    /// Conviction locks by (coldkey, netuid, hotkey). taonet has no `lock_stake`, so this map stays empty;
    /// it is declared because btcli reads it.
    Lock: SUBTENSOR, (Blake2_128Concat, AccountId), (Identity, NetUid), (Blake2_128Concat, AccountId) => LockState = LockState::default()
);
storage_double_map!(
    /// Present and `false` when a coldkey's lock on a subnet is perpetual (empty on taonet, see `Lock`).
    DecayingLock: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => bool = true
);
storage_double_map!(
    /// Total perpetual lock per (netuid, hotkey) (empty on taonet, see `Lock`).
    HotkeyLock: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => LockState = LockState::default()
);
storage_double_map!(
    /// Total decaying lock per (netuid, hotkey) (empty on taonet, see `Lock`).
    DecayingHotkeyLock: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => LockState = LockState::default()
);
storage_map!(
    /// Total perpetual lock to a subnet's owner hotkey (empty on taonet, see `Lock`).
    OwnerLock: SUBTENSOR, Identity, NetUid => LockState = LockState::default()
);
storage_map!(
    /// Total decaying lock to a subnet's owner hotkey (empty on taonet, see `Lock`).
    DecayingOwnerLock: SUBTENSOR, Identity, NetUid => LockState = LockState::default()
);
storage_value!(
    /// Decay timescale of locked mass, in blocks (half back in ~90 days).
    UnlockRate: SUBTENSOR, u64 = 934_866
);
storage_value!(
    /// Maturity timescale of lock conviction, in blocks (half in ~90 days).
    MaturityRate: SUBTENSOR, u64 = 934_866
);

// ---- Childkeys (see `childkeys.rs`) ----
/// Parent/child links of one hotkey on one subnet: `(proportion of u64::MAX, other hotkey)`.
pub type ChildLinks = Vec<(u64, AccountId)>;
storage_double_map!(
    /// Children of a parent hotkey on a subnet, as `(proportion of u64::MAX, child)`.
    ChildKeys: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => ChildLinks = Vec::new()
);
storage_double_map!(
    /// Parents of a child hotkey on a subnet, as `(proportion of u64::MAX, parent)`.
    ParentKeys: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => ChildLinks = Vec::new()
);
storage_double_map!(
    /// Children a parent scheduled on a subnet, with the block after which they may be applied.
    PendingChildKeys: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => (ChildLinks, u64) = (Vec::new(), 0)
);
storage_double_map!(
    /// Childkey take of a hotkey on a subnet (u16 proportion of the dividends it passes to other
    /// coldkeys' parents).
    ChildkeyTake: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => u16 = 0
);
storage_value!(
    /// Smallest childkey take.
    MinChildkeyTake: SUBTENSOR, u16 = 0
);
subnet_item!(
    /// The subnet's own floor under childkey takes (subtensor main's `MinChildkeyTakePerSubnet`, newer
    /// than spec 208): the effective minimum is the larger of it and `MinChildkeyTake`.
    MinChildkeyTakePerSubnet: u16 = 0
);
storage_value!(
    /// Largest childkey take (18%).
    MaxChildkeyTake: SUBTENSOR, u16 = 11_796
);
storage_value!(
    /// Blocks between two childkey-take increases of one hotkey on one subnet.
    TxChildkeyTakeRateLimit: SUBTENSOR, u64 = 216_000
);
storage_value!(
    /// Blocks a scheduled `set_children` waits before the next epoch may apply it (subtensor main's
    /// production default; spec 208 declared 0).
    PendingChildKeyCooldown: SUBTENSOR, u64 = 7_200
);
storage_value!(
    /// Fraction (of u64::MAX) of the dividends a child passes to another coldkey's parent that is
    /// recycled.
    CKBurn: SUBTENSOR, u64 = 0
);
storage_map!(
    /// Whether a root validator hotkey becomes a parent of each new subnet's owner hotkey at the
    /// subnet's registration (on unless the validator opted out; newer than spec 208).
    AutoParentDelegationEnabled: SUBTENSOR, Blake2_128Concat, AccountId => bool = true
);

// ---- Root stake in emission: TaoWeight, root dividends and claims (see `root.rs`) ----
/// Subtensor's `InitialTaoWeight` (runtime): the weight of root TAO against subnet alpha, as a fraction
/// of `u64::MAX` (≈ 0.0527).
pub const DEFAULT_TAO_WEIGHT: u64 = 971_718_665_099_567_868;
/// Subtensor's `DefaultMinRootClaimAmount`: 500 000 as `I96F32` bits.
pub const DEFAULT_ROOT_CLAIMABLE_THRESHOLD_BITS: i128 = 500_000 << 32;

/// Whether the miner emission withheld from the subnet owner's hotkeys is recycled or burned, as
/// subtensor's `RecycleOrBurnEnum`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RecycleOrBurnEnum {
    /// Burn it: alpha issuance (`SubnetAlphaOut`) keeps counting it.
    #[default]
    #[codec(index = 0)]
    Burn,
    /// Recycle it: taken out of `SubnetAlphaOut`.
    #[codec(index = 1)]
    Recycle,
}

storage_value!(
    /// Weight of root stake in stake weights and root proportions, as a fraction of `u64::MAX`.
    TaoWeight: SUBTENSOR, u64 = DEFAULT_TAO_WEIGHT
);
subnet_item!(
    /// Share of the last epoch's miner emission withheld from the owner's hotkeys (`U96F32` bits, 0..1).
    MinerBurned: u128 = 0
);
subnet_item!(
    /// The subnet's root proportion after the last block's coinbase (`U96F32` bits).
    RootProp: u128 = 0
);
subnet_item!(
    /// Whether the owner's withheld miner emission is recycled or burned.
    RecycleOrBurn: RecycleOrBurnEnum = RecycleOrBurnEnum::Burn
);
storage_double_map!(
    /// Root alpha dividends a hotkey earned at the subnet's last epoch (before they are claimed).
    RootAlphaDividendsPerSubnet: SUBTENSOR, Identity, NetUid, Blake2_128Concat, AccountId => AlphaBalance = 0
);
storage_double_map!(
    /// A hotkey's `TotalHotkeyAlpha` right after its alpha dividends of the last epoch.
    TotalHotkeyAlphaLastEpoch: SUBTENSOR, Blake2_128Concat, AccountId, Identity, NetUid => AlphaBalance = 0
);
storage_map!(
    /// Root dividends claimable per unit of a hotkey's root stake, by subnet (`I96F32` bits).
    RootClaimable: SUBTENSOR, Blake2_128Concat, AccountId => std::collections::BTreeMap<NetUid, i128> = std::collections::BTreeMap::new()
);
storage_nmap!(
    /// Root dividends already claimed (or owed to earlier stakers) per (netuid, hotkey, coldkey), in alpha.
    RootClaimed: SUBTENSOR, (Identity, NetUid), (Blake2_128Concat, AccountId), (Blake2_128Concat, AccountId) => u128 = 0
);
storage_map!(
    /// Smallest owed amount a claim takes, per subnet (`I96F32` bits; 500 000 by default).
    RootClaimableThreshold: SUBTENSOR, Blake2_128Concat, NetUid => i128 = DEFAULT_ROOT_CLAIMABLE_THRESHOLD_BITS
);
storage_map!(
    /// The auto-claim index: coldkey at each index.
    StakingColdkeysByIndex: SUBTENSOR, Identity, u64 => AccountId = AccountId::ZERO
);
storage_map!(
    /// The auto-claim index: index of each coldkey.
    StakingColdkeys: SUBTENSOR, Identity, AccountId => u64 = 0
);
storage_value!(
    /// Number of coldkeys in the auto-claim index.
    NumStakingColdkeys: SUBTENSOR, u64 = 0
);
storage_value!(
    /// Coldkeys auto-claimed per block (0 turns auto-claim off).
    NumRootClaim: SUBTENSOR, u64 = 5
);

/// Writes `(Number, BlockHash)` bookkeeping; kept here so every item has one home.
pub fn record_block_hash(s: &mut crate::storage::Storage, number: u32, hash: H256) {
    BlockHash::insert(s, &number, hash);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_key_uses_blake2_128_concat() {
        let k = Account::key(&AccountId([1u8; 32]));
        assert_eq!(k.len(), 32 + 16 + 32);
        assert_eq!(&k[48..], &[1u8; 32]);
    }

    #[test]
    fn netuid_maps_use_identity() {
        let k = SubnetTAO::key(&3);
        assert_eq!(&k[32..], &[3, 0]);
    }
}

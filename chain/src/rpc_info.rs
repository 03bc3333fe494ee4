//! Outputs of the runtime APIs taonet serves through `state_call`, shaped exactly like subtensor's
//! (`pallets/subtensor/src/rpc_info/`, spec 208): same field names, same field order, same compact
//! encodings. The Python SDK decodes these by the field names in the metadata, so never reorder a field.
//!
//! Paths are renamed to subtensor's in [`crate::metadata::paths`].

use crate::event::{DispatchClass, Weight};
use crate::items::AxonInfo;
use crate::types::AccountId;
use parity_scale_codec::{Compact, Decode, Encode};
use scale_info::TypeInfo;
use std::borrow::Cow;
use substrate_fixed::types::{I32F32, I96F32, U64F64};

/// `sp_version::RuntimeVersion`, the answer of `Core_version`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct RuntimeVersion {
    /// `node-subtensor`.
    pub spec_name: Cow<'static, str>,
    /// `node-subtensor`.
    pub impl_name: Cow<'static, str>,
    /// Authoring version.
    pub authoring_version: u32,
    /// Spec version; clients cache metadata by it.
    pub spec_version: u32,
    /// Implementation version.
    pub impl_version: u32,
    /// `(blake2_64(api name), version)` of every runtime API.
    pub apis: Cow<'static, [([u8; 8], u32)]>,
    /// Transaction version (part of the signed payload).
    pub transaction_version: u32,
    /// State version.
    pub system_version: u8,
}

/// `sp_core::OpaqueMetadata`: SCALE-encoded `RuntimeMetadataPrefixed`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct OpaqueMetadata(pub Vec<u8>);

/// `pallet_transaction_payment::types::RuntimeDispatchInfo<u64, Weight>`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct RuntimeDispatchInfo {
    /// Weight of the call.
    pub weight: Weight,
    /// Dispatch class.
    pub class: DispatchClass,
    /// The fee without the tip, in rao.
    pub partial_fee: u64,
}

/// `pallet_transaction_payment::types::InclusionFee<u64>`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct InclusionFee {
    /// Base fee.
    pub base_fee: u64,
    /// Length fee.
    pub len_fee: u64,
    /// Weight fee after the fee multiplier.
    pub adjusted_weight_fee: u64,
}

/// `pallet_transaction_payment::types::FeeDetails<u64>`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FeeDetails {
    /// The inclusion fee, absent for unsigned transactions.
    pub inclusion_fee: Option<InclusionFee>,
    /// Tip.
    pub tip: u64,
}

/// `pallet_subtensor::pallet::PrometheusInfo`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct PrometheusInfo {
    /// Block at which it was served.
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

/// `pallet_subtensor::pallet::SubnetIdentityV3`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct SubnetIdentityV3 {
    /// Name.
    pub subnet_name: Vec<u8>,
    /// Repository.
    pub github_repo: Vec<u8>,
    /// Contact.
    pub subnet_contact: Vec<u8>,
    /// Website.
    pub subnet_url: Vec<u8>,
    /// Discord handle.
    pub discord: Vec<u8>,
    /// Description.
    pub description: Vec<u8>,
    /// Logo.
    pub logo_url: Vec<u8>,
    /// Anything else.
    pub additional: Vec<u8>,
}

/// `pallet_subtensor::pallet::ChainIdentityV2`: a coldkey's on-chain identity (taonet has none; the
/// type exists so `Metagraph::identities` decodes).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ChainIdentityV2 {
    /// Name.
    pub name: Vec<u8>,
    /// Website.
    pub url: Vec<u8>,
    /// Repository.
    pub github_repo: Vec<u8>,
    /// Image.
    pub image: Vec<u8>,
    /// Discord handle.
    pub discord: Vec<u8>,
    /// Description.
    pub description: Vec<u8>,
    /// Anything else.
    pub additional: Vec<u8>,
}

pub mod metagraph;
pub use metagraph::{Metagraph, SelectiveMetagraph};

/// Declares a struct with the given fields, all public, deriving the codec and `TypeInfo`.
macro_rules! api_struct {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Encode, Decode, TypeInfo)]
        pub struct $name { $($(#[$fm])* pub $field: $ty),* }
    };
}

api_struct!(
    /// `NeuronInfoLite`: one neuron without its weights and bonds (`get_neurons_lite`).
    NeuronInfoLite {
        /// Hotkey.
        hotkey: AccountId,
        /// Owning coldkey.
        coldkey: AccountId,
        /// UID.
        uid: Compact<u16>,
        /// Subnet.
        netuid: Compact<u16>,
        /// Active flag.
        active: bool,
        /// Axon.
        axon_info: AxonInfo,
        /// Prometheus endpoint.
        prometheus_info: PrometheusInfo,
        /// `(coldkey, stake)` pairs.
        stake: Vec<(AccountId, Compact<u64>)>,
        /// Rank.
        rank: Compact<u16>,
        /// Emission.
        emission: Compact<u64>,
        /// Incentive.
        incentive: Compact<u16>,
        /// Consensus.
        consensus: Compact<u16>,
        /// Trust.
        trust: Compact<u16>,
        /// Validator trust.
        validator_trust: Compact<u16>,
        /// Dividends.
        dividends: Compact<u16>,
        /// Last weight update.
        last_update: Compact<u64>,
        /// Validator permit.
        validator_permit: bool,
        /// Pruning score.
        pruning_score: Compact<u16>,
    }
);

api_struct!(
    /// `NeuronInfo`: one neuron with its weights and bonds (`get_neurons`).
    NeuronInfo {
        /// Hotkey.
        hotkey: AccountId,
        /// Owning coldkey.
        coldkey: AccountId,
        /// UID.
        uid: Compact<u16>,
        /// Subnet.
        netuid: Compact<u16>,
        /// Active flag.
        active: bool,
        /// Axon.
        axon_info: AxonInfo,
        /// Prometheus endpoint.
        prometheus_info: PrometheusInfo,
        /// `(coldkey, stake)` pairs.
        stake: Vec<(AccountId, Compact<u64>)>,
        /// Rank.
        rank: Compact<u16>,
        /// Emission.
        emission: Compact<u64>,
        /// Incentive.
        incentive: Compact<u16>,
        /// Consensus.
        consensus: Compact<u16>,
        /// Trust.
        trust: Compact<u16>,
        /// Validator trust.
        validator_trust: Compact<u16>,
        /// Dividends.
        dividends: Compact<u16>,
        /// Last weight update.
        last_update: Compact<u64>,
        /// Validator permit.
        validator_permit: bool,
        /// `(uid, weight)` pairs.
        weights: Vec<(Compact<u16>, Compact<u16>)>,
        /// `(uid, bond)` pairs.
        bonds: Vec<(Compact<u16>, Compact<u16>)>,
        /// Pruning score.
        pruning_score: Compact<u16>,
    }
);

api_struct!(
    /// `DynamicInfo`: a subnet's pool and emission state (`get_dynamic_info`).
    DynamicInfo {
        /// Subnet.
        netuid: Compact<u16>,
        /// Owner hotkey.
        owner_hotkey: AccountId,
        /// Owner coldkey.
        owner_coldkey: AccountId,
        /// Name, one compact per byte.
        subnet_name: Vec<Compact<u8>>,
        /// Token symbol, one compact per byte.
        token_symbol: Vec<Compact<u8>>,
        /// Tempo.
        tempo: Compact<u16>,
        /// Last epoch block.
        last_step: Compact<u64>,
        /// Blocks since the last epoch.
        blocks_since_last_step: Compact<u64>,
        /// TAO emission per block.
        emission: Compact<u64>,
        /// Alpha reserve.
        alpha_in: Compact<u64>,
        /// Alpha outstanding.
        alpha_out: Compact<u64>,
        /// TAO reserve.
        tao_in: Compact<u64>,
        /// Alpha emitted to participants per block.
        alpha_out_emission: Compact<u64>,
        /// Alpha injected into the pool per block.
        alpha_in_emission: Compact<u64>,
        /// TAO injected per block.
        tao_in_emission: Compact<u64>,
        /// Alpha pending distribution.
        pending_alpha_emission: Compact<u64>,
        /// Root dividends pending.
        pending_root_emission: Compact<u64>,
        /// Cumulative volume.
        subnet_volume: Compact<u128>,
        /// Registration block.
        network_registered_at: Compact<u64>,
        /// Identity.
        subnet_identity: Option<SubnetIdentityV3>,
        /// Price EMA.
        moving_price: I96F32,
    }
);

/// One hyperparameter's typed value in `get_subnet_hyperparams_v3` (subtensor's `HyperparamValue`): clients
/// decode by the variant tag, so the variant order is subtensor's.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum HyperparamValue {
    /// A flag.
    Bool(bool),
    /// A u16 parameter.
    U16(Compact<u16>),
    /// A u32 parameter.
    U32(Compact<u32>),
    /// A u64 parameter.
    U64(Compact<u64>),
    /// A u128 parameter.
    U128(Compact<u128>),
    /// An amount of TAO in rao (subtensor's `Compact<TaoBalance>`, the same bytes as a compact u64).
    TaoBalance(Compact<u64>),
    /// A signed fixed-point parameter.
    I32F32(I32F32),
    /// An unsigned fixed-point parameter.
    U64F64(U64F64),
}

api_struct!(
    /// One named hyperparameter (subtensor's `HyperparamEntry`): `name` is the ASCII name used in
    /// `SubnetHyperparamsV2`.
    HyperparamEntry {
        /// The name, e.g. `b"tempo"`.
        name: Vec<u8>,
        /// The typed value.
        value: HyperparamValue,
    }
);

api_struct!(
    /// `SubnetHyperparamsV2` (`get_subnet_hyperparams_v2`).
    SubnetHyperparamsV2 {
        /// Rho.
        rho: Compact<u16>,
        /// Kappa.
        kappa: Compact<u16>,
        /// Immunity period.
        immunity_period: Compact<u16>,
        /// Minimum weights.
        min_allowed_weights: Compact<u16>,
        /// Max weight.
        max_weights_limit: Compact<u16>,
        /// Tempo.
        tempo: Compact<u16>,
        /// PoW minimum difficulty.
        min_difficulty: Compact<u64>,
        /// PoW maximum difficulty.
        max_difficulty: Compact<u64>,
        /// Weights version key.
        weights_version: Compact<u64>,
        /// Weights rate limit.
        weights_rate_limit: Compact<u64>,
        /// Difficulty adjustment interval.
        adjustment_interval: Compact<u16>,
        /// Activity cutoff.
        activity_cutoff: Compact<u16>,
        /// Registration allowed.
        registration_allowed: bool,
        /// Target registrations per interval.
        target_regs_per_interval: Compact<u16>,
        /// Burn floor.
        min_burn: Compact<u64>,
        /// Burn ceiling.
        max_burn: Compact<u64>,
        /// Bonds EMA.
        bonds_moving_avg: Compact<u64>,
        /// Registrations per block.
        max_regs_per_block: Compact<u16>,
        /// Serving rate limit.
        serving_rate_limit: Compact<u64>,
        /// Validator slots.
        max_validators: Compact<u16>,
        /// Difficulty adjustment alpha.
        adjustment_alpha: Compact<u64>,
        /// PoW difficulty.
        difficulty: Compact<u64>,
        /// Reveal period.
        commit_reveal_period: Compact<u64>,
        /// Commit-reveal on.
        commit_reveal_weights_enabled: bool,
        /// Liquid alpha high.
        alpha_high: Compact<u16>,
        /// Liquid alpha low.
        alpha_low: Compact<u16>,
        /// Liquid alpha on.
        liquid_alpha_enabled: bool,
        /// Sigmoid steepness.
        alpha_sigmoid_steepness: I32F32,
        /// Yuma version (2 or 3).
        yuma_version: Compact<u16>,
        /// Subtoken enabled.
        subnet_is_active: bool,
        /// Stake transfers allowed.
        transfers_enabled: bool,
        /// Bonds reset on.
        bonds_reset_enabled: bool,
        /// User liquidity on.
        user_liquidity_enabled: bool,
    }
);

api_struct!(
    /// `SubnetState`: per-UID vectors of a subnet (`get_subnet_state`).
    SubnetState {
        /// Subnet.
        netuid: Compact<u16>,
        /// Hotkeys by UID.
        hotkeys: Vec<AccountId>,
        /// Coldkeys by UID.
        coldkeys: Vec<AccountId>,
        /// Active flags.
        active: Vec<bool>,
        /// Validator permits.
        validator_permit: Vec<bool>,
        /// Pruning scores.
        pruning_score: Vec<Compact<u16>>,
        /// Last updates.
        last_update: Vec<Compact<u64>>,
        /// Emissions.
        emission: Vec<Compact<u64>>,
        /// Dividends.
        dividends: Vec<Compact<u16>>,
        /// Incentives.
        incentives: Vec<Compact<u16>>,
        /// Consensus.
        consensus: Vec<Compact<u16>>,
        /// Trust.
        trust: Vec<Compact<u16>>,
        /// Rank.
        rank: Vec<Compact<u16>>,
        /// Registration blocks.
        block_at_registration: Vec<Compact<u64>>,
        /// Alpha stake.
        alpha_stake: Vec<Compact<u64>>,
        /// TAO stake.
        tao_stake: Vec<Compact<u64>>,
        /// Total stake.
        total_stake: Vec<Compact<u64>>,
        /// Emission history per subnet.
        emission_history: Vec<Vec<Compact<u64>>>,
    }
);

api_struct!(
    /// `StakeInfo`: one (hotkey, coldkey, netuid) stake position.
    StakeInfo {
        /// Hotkey.
        hotkey: AccountId,
        /// Coldkey.
        coldkey: AccountId,
        /// Subnet.
        netuid: Compact<u16>,
        /// Alpha staked.
        stake: Compact<u64>,
        /// Locked.
        locked: Compact<u64>,
        /// Alpha emission.
        emission: Compact<u64>,
        /// TAO emission.
        tao_emission: Compact<u64>,
        /// Drain.
        drain: Compact<u64>,
        /// Whether the hotkey is registered on the subnet.
        is_registered: bool,
    }
);

api_struct!(
    /// `DelegateInfo` (`get_delegates`).
    DelegateInfo {
        /// Delegate hotkey.
        delegate_ss58: AccountId,
        /// Take.
        take: Compact<u16>,
        /// `(nominator, [(netuid, stake)])`.
        nominators: Vec<(AccountId, Vec<(Compact<u16>, Compact<u64>)>)>,
        /// Owner coldkey.
        owner_ss58: AccountId,
        /// Subnets registered on.
        registrations: Vec<Compact<u16>>,
        /// Subnets with a validator permit.
        validator_permits: Vec<Compact<u16>>,
        /// Return per 1000 TAO.
        return_per_1000: Compact<u64>,
        /// Total daily return.
        total_daily_return: Compact<u64>,
    }
);

/// A nominator's stakes on one delegate: `(netuid, alpha)` pairs.
pub type NetuidStakes = Vec<(Compact<u16>, Compact<u64>)>;

/// One entry of `get_delegated`: the delegate and the coldkey's `(netuid, alpha)` stake with it.
pub type DelegatedStake = (DelegateInfo, (Compact<u16>, Compact<u64>));

api_struct!(
    /// `SimSwapResult` (`SwapRuntimeApi_sim_swap_*`).
    SimSwapResult {
        /// TAO side.
        tao_amount: u64,
        /// Alpha side.
        alpha_amount: u64,
        /// Fee in TAO.
        tao_fee: u64,
        /// Fee in alpha.
        alpha_fee: u64,
    }
);

api_struct!(
    /// `SubnetInfov2` (`get_subnet_info_v2`, `get_subnets_info_v2`).
    SubnetInfov2 {
        /// Subnet.
        netuid: Compact<u16>,
        /// Rho.
        rho: Compact<u16>,
        /// Kappa.
        kappa: Compact<u16>,
        /// PoW difficulty.
        difficulty: Compact<u64>,
        /// Immunity period.
        immunity_period: Compact<u16>,
        /// Validator slots.
        max_allowed_validators: Compact<u16>,
        /// Minimum weights.
        min_allowed_weights: Compact<u16>,
        /// Max weight.
        max_weights_limit: Compact<u16>,
        /// Legacy scaling law power (always 50).
        scaling_law_power: Compact<u16>,
        /// Registered UIDs.
        subnetwork_n: Compact<u16>,
        /// UID slots.
        max_allowed_uids: Compact<u16>,
        /// Blocks since the last epoch.
        blocks_since_last_step: Compact<u64>,
        /// Tempo.
        tempo: Compact<u16>,
        /// Legacy modality (always 0).
        network_modality: Compact<u16>,
        /// Legacy connection requirements (always empty).
        network_connect: Vec<[u16; 2]>,
        /// Legacy emission value (always 0 under dynamic TAO).
        emission_value: Compact<u64>,
        /// Registration price.
        burn: Compact<u64>,
        /// Owner coldkey.
        owner: AccountId,
        /// Identity.
        identity: Option<SubnetIdentityV3>,
    }
);

/// `SubnetPrice` (`SwapRuntimeApi_current_alpha_price_all`, HEAD subtensor; not in spec 208's
/// metadata, served through `state_call` only).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct SubnetPrice {
    /// Subnet.
    pub netuid: u16,
    /// Price in rao per alpha.
    pub price: u64,
}

//! Type paths as real clients expect them.
//!
//! `derive(TypeInfo)` records `module_path!()`, so our types come out as `taonet_chain::…`. Clients key on
//! paths (subxt finds `sp_runtime::DispatchError` by path, polkadot.js and py-scalecodec map
//! `sp_core::crypto::AccountId32` to SS58 strings, …), so after building the registry every taonet path is
//! renamed to the path subtensor's runtime declares for the same type.

use scale_info::PortableRegistry;

/// `(our derived path, subtensor's path)`.
pub const RENAMES: &[(&str, &str)] = &[
    (
        "taonet_chain::types::AccountId",
        "sp_core::crypto::AccountId32",
    ),
    (
        "taonet_chain::call::MultiAddress",
        "sp_runtime::multiaddress::MultiAddress",
    ),
    (
        "taonet_chain::call::BalancesCall",
        "pallet_balances::pallet::Call",
    ),
    (
        "taonet_chain::call::SubtensorCall",
        "pallet_subtensor::pallet::Call",
    ),
    ("taonet_chain::call::SudoCall", "pallet_sudo::pallet::Call"),
    (
        "taonet_chain::call::AdminCall",
        "pallet_admin_utils::pallet::Call",
    ),
    (
        "taonet_chain::call::Call",
        "node_subtensor_runtime::RuntimeCall",
    ),
    (
        "taonet_chain::event::Weight",
        "sp_weights::weight_v2::Weight",
    ),
    (
        "taonet_chain::event::DispatchClass",
        "frame_support::dispatch::DispatchClass",
    ),
    ("taonet_chain::event::Pays", "frame_support::dispatch::Pays"),
    (
        "taonet_chain::event::DispatchEventInfo",
        "frame_system::DispatchEventInfo",
    ),
    (
        "taonet_chain::event::SystemEvent",
        "frame_system::pallet::Event",
    ),
    (
        "taonet_chain::event::BalancesEvent",
        "pallet_balances::pallet::Event",
    ),
    (
        "taonet_chain::event::SubtensorEvent",
        "pallet_subtensor::pallet::Event",
    ),
    (
        "taonet_chain::event::SudoEvent",
        "pallet_sudo::pallet::Event",
    ),
    (
        "taonet_chain::event::Event",
        "node_subtensor_runtime::RuntimeEvent",
    ),
    ("taonet_chain::event::Phase", "frame_system::Phase"),
    (
        "taonet_chain::event::EventRecord",
        "frame_system::EventRecord",
    ),
    (
        "taonet_chain::error::BalancesError",
        "pallet_balances::pallet::Error",
    ),
    (
        "taonet_chain::error::AdminUtilsError",
        "pallet_admin_utils::pallet::Error",
    ),
    (
        "taonet_chain::error::DispatchError",
        "sp_runtime::DispatchError",
    ),
    (
        "taonet_chain::error::ModuleError",
        "sp_runtime::ModuleError",
    ),
    (
        "taonet_chain::error_names::SubtensorError",
        "pallet_subtensor::pallet::Error",
    ),
    (
        "taonet_chain::items::AxonInfo",
        "pallet_subtensor::pallet::AxonInfo",
    ),
    (
        "taonet_chain::items::AccountInfo",
        "frame_system::AccountInfo",
    ),
    (
        "taonet_chain::items::AccountData",
        "pallet_balances::types::AccountData",
    ),
    (
        "taonet_chain::metadata::types::H256",
        "primitive_types::H256",
    ),
    (
        "taonet_chain::metadata::types::ExtraFlags",
        "pallet_balances::types::ExtraFlags",
    ),
    (
        "taonet_chain::metadata::types::AccountData",
        "pallet_balances::types::AccountData",
    ),
    (
        "taonet_chain::metadata::types::AccountInfo",
        "frame_system::AccountInfo",
    ),
    (
        "taonet_chain::metadata::types::EventRecord",
        "frame_system::EventRecord",
    ),
    (
        "taonet_chain::metadata::types::RuntimeError",
        "node_subtensor_runtime::RuntimeError",
    ),
    (
        "taonet_chain::metadata::types::Runtime",
        "node_subtensor_runtime::Runtime",
    ),
    (
        "taonet_chain::metadata::types::MultiSignature",
        "sp_runtime::MultiSignature",
    ),
    (
        "taonet_chain::metadata::types::CheckNonZeroSender",
        "frame_system::extensions::check_non_zero_sender::CheckNonZeroSender",
    ),
    (
        "taonet_chain::metadata::types::CheckSpecVersion",
        "frame_system::extensions::check_spec_version::CheckSpecVersion",
    ),
    (
        "taonet_chain::metadata::types::CheckTxVersion",
        "frame_system::extensions::check_tx_version::CheckTxVersion",
    ),
    (
        "taonet_chain::metadata::types::CheckGenesis",
        "frame_system::extensions::check_genesis::CheckGenesis",
    ),
    (
        "taonet_chain::metadata::types::CheckMortality",
        "frame_system::extensions::check_mortality::CheckMortality",
    ),
    (
        "taonet_chain::metadata::types::CheckNonce",
        "node_subtensor_runtime::check_nonce::CheckNonce",
    ),
    (
        "taonet_chain::metadata::types::CheckWeight",
        "frame_system::extensions::check_weight::CheckWeight",
    ),
    (
        "taonet_chain::metadata::types::ChargeTransactionPayment",
        "pallet_transaction_payment::ChargeTransactionPayment",
    ),
    (
        "taonet_chain::metadata::types::SubtensorTransactionExtension",
        "pallet_subtensor::transaction_extension::SubtensorTransactionExtension",
    ),
    (
        "taonet_chain::metadata::types::DrandPriority",
        "pallet_drand::drand_priority::DrandPriority",
    ),
    (
        "taonet_chain::metadata::types::Mode",
        "frame_metadata_hash_extension::Mode",
    ),
    (
        "taonet_chain::metadata::types::CheckMetadataHash",
        "frame_metadata_hash_extension::CheckMetadataHash",
    ),
    (
        "taonet_chain::rpc_info::RuntimeVersion",
        "sp_version::RuntimeVersion",
    ),
    (
        "taonet_chain::rpc_info::OpaqueMetadata",
        "sp_core::OpaqueMetadata",
    ),
    (
        "taonet_chain::rpc_info::RuntimeDispatchInfo",
        "pallet_transaction_payment::types::RuntimeDispatchInfo",
    ),
    (
        "taonet_chain::rpc_info::FeeDetails",
        "pallet_transaction_payment::types::FeeDetails",
    ),
    (
        "taonet_chain::rpc_info::InclusionFee",
        "pallet_transaction_payment::types::InclusionFee",
    ),
    (
        "taonet_chain::rpc_info::PrometheusInfo",
        "pallet_subtensor::pallet::PrometheusInfo",
    ),
    (
        "taonet_chain::rpc_info::SubnetIdentityV3",
        "pallet_subtensor::pallet::SubnetIdentityV3",
    ),
    (
        "taonet_chain::rpc_info::NeuronInfo",
        "pallet_subtensor::rpc_info::neuron_info::NeuronInfo",
    ),
    (
        "taonet_chain::rpc_info::NeuronInfoLite",
        "pallet_subtensor::rpc_info::neuron_info::NeuronInfoLite",
    ),
    (
        "taonet_chain::rpc_info::DynamicInfo",
        "pallet_subtensor::rpc_info::dynamic_info::DynamicInfo",
    ),
    (
        "taonet_chain::rpc_info::SubnetHyperparamsV2",
        "pallet_subtensor::rpc_info::subnet_info::SubnetHyperparamsV2",
    ),
    (
        "taonet_chain::rpc_info::SubnetState",
        "pallet_subtensor::rpc_info::show_subnet::SubnetState",
    ),
    (
        "taonet_chain::rpc_info::StakeInfo",
        "pallet_subtensor::rpc_info::stake_info::StakeInfo",
    ),
    (
        "taonet_chain::rpc_info::DelegateInfo",
        "pallet_subtensor::rpc_info::delegate_info::DelegateInfo",
    ),
    (
        "taonet_chain::rpc_info::SimSwapResult",
        "pallet_subtensor_swap_runtime_api::SimSwapResult",
    ),
];

/// The subtensor path for one of our derived paths, if it has one.
pub fn real_path(ours: &str) -> Option<&'static str> {
    RENAMES
        .iter()
        .find(|(from, _)| *from == ours)
        .map(|(_, to)| *to)
}

/// Renames every `taonet_chain::…` path in `registry` to subtensor's. Paths without an entry in
/// [`RENAMES`] are left alone (a unit test asserts none remain).
pub fn rename_all(registry: &mut PortableRegistry) {
    for ty in registry.types.iter_mut() {
        let joined = ty.ty.path.segments.join("::");
        if let Some(real) = real_path(&joined) {
            ty.ty.path.segments = real.split("::").map(str::to_string).collect();
        }
    }
}

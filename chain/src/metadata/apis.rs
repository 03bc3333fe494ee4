//! The V15 runtime-API section: the APIs taonet answers through `state_call`, with subtensor's method
//! names, parameter names and types (spec 208), and the `RuntimeVersion` that lists them.

use super::types::UncheckedExtrinsic;
use crate::event::Weight;
use crate::rpc_info::{
    DelegateInfo, DynamicInfo, FeeDetails, HyperparamEntry, Metagraph, NeuronInfo, NeuronInfoLite,
    OpaqueMetadata, RuntimeDispatchInfo, RuntimeVersion, SelectiveMetagraph, SimSwapResult,
    StakeInfo, SubnetHyperparamsV2, SubnetInfov2, SubnetState,
};
use crate::types::{AccountId, NetUid};
use frame_metadata::v15::{
    RuntimeApiMetadata, RuntimeApiMethodMetadata, RuntimeApiMethodParamMetadata,
};
use parity_scale_codec::Compact;
use scale_info::{meta_type, TypeInfo};
use std::borrow::Cow;

/// `(API name, version)` of every runtime API taonet serves, as `Core_version` lists them.
pub const API_VERSIONS: &[(&str, u32)] = &[
    ("Core", 5),
    ("Metadata", 2),
    ("AccountNonceApi", 1),
    ("TransactionPaymentApi", 4),
    ("DelegateInfoRuntimeApi", 1),
    ("NeuronInfoRuntimeApi", 1),
    ("SubnetInfoRuntimeApi", 1),
    ("StakeInfoRuntimeApi", 1),
    ("SubnetRegistrationRuntimeApi", 1),
    ("SwapRuntimeApi", 1),
];

/// The transaction version (part of every signed payload).
pub const TRANSACTION_VERSION: u32 = 1;

/// The runtime version `Core_version` answers and `System.Version` holds.
pub fn runtime_version() -> RuntimeVersion {
    let apis: Vec<([u8; 8], u32)> = API_VERSIONS
        .iter()
        .map(|(name, v)| (sp_crypto_hashing::blake2_64(name.as_bytes()), *v))
        .collect();
    RuntimeVersion {
        spec_name: Cow::Borrowed("node-subtensor"),
        impl_name: Cow::Borrowed("node-subtensor"),
        authoring_version: 1,
        spec_version: super::SPEC_VERSION,
        impl_version: 1,
        apis: Cow::Owned(apis),
        transaction_version: TRANSACTION_VERSION,
        system_version: 1,
    }
}

fn p<T: TypeInfo + 'static>(name: &'static str) -> RuntimeApiMethodParamMetadata {
    RuntimeApiMethodParamMetadata {
        name,
        ty: meta_type::<T>(),
    }
}

fn m<O: TypeInfo + 'static>(
    name: &'static str,
    inputs: Vec<RuntimeApiMethodParamMetadata>,
) -> RuntimeApiMethodMetadata {
    RuntimeApiMethodMetadata {
        name,
        inputs,
        output: meta_type::<O>(),
        docs: vec![],
    }
}

fn api(name: &'static str, methods: Vec<RuntimeApiMethodMetadata>) -> RuntimeApiMetadata {
    RuntimeApiMetadata {
        name,
        methods,
        docs: vec![],
    }
}

/// Every runtime API taonet serves.
pub fn apis() -> Vec<RuntimeApiMetadata> {
    type Neurons = Vec<NeuronInfo>;
    vec![
        api("Core", vec![m::<RuntimeVersion>("version", vec![])]),
        api(
            "Metadata",
            vec![
                m::<OpaqueMetadata>("metadata", vec![]),
                m::<Option<OpaqueMetadata>>("metadata_at_version", vec![p::<u32>("version")]),
                m::<Vec<u32>>("metadata_versions", vec![]),
            ],
        ),
        api(
            "AccountNonceApi",
            vec![m::<u32>("account_nonce", vec![p::<AccountId>("account")])],
        ),
        api(
            "TransactionPaymentApi",
            vec![
                m::<RuntimeDispatchInfo>(
                    "query_info",
                    vec![p::<UncheckedExtrinsic>("uxt"), p::<u32>("len")],
                ),
                m::<FeeDetails>(
                    "query_fee_details",
                    vec![p::<UncheckedExtrinsic>("uxt"), p::<u32>("len")],
                ),
                m::<u64>("query_weight_to_fee", vec![p::<Weight>("weight")]),
                m::<u64>("query_length_to_fee", vec![p::<u32>("length")]),
            ],
        ),
        api(
            "DelegateInfoRuntimeApi",
            vec![
                m::<Vec<DelegateInfo>>("get_delegates", vec![]),
                m::<Option<DelegateInfo>>("get_delegate", vec![p::<AccountId>("delegate_account")]),
                m::<Vec<(DelegateInfo, (Compact<u16>, Compact<u64>))>>(
                    "get_delegated",
                    vec![p::<AccountId>("delegatee_account")],
                ),
            ],
        ),
        api(
            "NeuronInfoRuntimeApi",
            vec![
                m::<Neurons>("get_neurons", vec![p::<NetUid>("netuid")]),
                m::<Option<NeuronInfo>>("get_neuron", vec![p::<NetUid>("netuid"), p::<u16>("uid")]),
                m::<Vec<NeuronInfoLite>>("get_neurons_lite", vec![p::<NetUid>("netuid")]),
                m::<Option<NeuronInfoLite>>(
                    "get_neuron_lite",
                    vec![p::<NetUid>("netuid"), p::<u16>("uid")],
                ),
            ],
        ),
        api(
            "SubnetInfoRuntimeApi",
            vec![
                m::<Option<SubnetHyperparamsV2>>(
                    "get_subnet_hyperparams_v2",
                    vec![p::<NetUid>("netuid")],
                ),
                m::<Option<Vec<HyperparamEntry>>>(
                    "get_subnet_hyperparams_v3",
                    vec![p::<NetUid>("netuid")],
                ),
                m::<Vec<Option<DynamicInfo>>>("get_all_dynamic_info", vec![]),
                m::<Option<DynamicInfo>>("get_dynamic_info", vec![p::<NetUid>("netuid")]),
                m::<Option<SubnetState>>("get_subnet_state", vec![p::<NetUid>("netuid")]),
                m::<Option<SubnetInfov2>>("get_subnet_info_v2", vec![p::<NetUid>("netuid")]),
                m::<Vec<Option<SubnetInfov2>>>("get_subnets_info_v2", vec![]),
                m::<Option<NetUid>>("get_subnet_to_prune", vec![]),
                m::<Vec<Option<Metagraph>>>("get_all_metagraphs", vec![]),
                m::<Option<Metagraph>>("get_metagraph", vec![p::<NetUid>("netuid")]),
                m::<Option<Metagraph>>(
                    "get_mechagraph",
                    vec![p::<NetUid>("netuid"), p::<u8>("mecid")],
                ),
                m::<Option<SelectiveMetagraph>>(
                    "get_selective_metagraph",
                    vec![p::<NetUid>("netuid"), p::<Vec<u16>>("metagraph_indexes")],
                ),
                m::<Option<SelectiveMetagraph>>(
                    "get_selective_mechagraph",
                    vec![
                        p::<NetUid>("netuid"),
                        p::<u8>("subid"),
                        p::<Vec<u16>>("metagraph_indexes"),
                    ],
                ),
            ],
        ),
        api(
            "StakeInfoRuntimeApi",
            vec![
                m::<Vec<StakeInfo>>(
                    "get_stake_info_for_coldkey",
                    vec![p::<AccountId>("coldkey_account")],
                ),
                m::<Vec<(AccountId, Vec<StakeInfo>)>>(
                    "get_stake_info_for_coldkeys",
                    vec![p::<Vec<AccountId>>("coldkey_accounts")],
                ),
                m::<Option<StakeInfo>>(
                    "get_stake_info_for_hotkey_coldkey_netuid",
                    vec![
                        p::<AccountId>("hotkey_account"),
                        p::<AccountId>("coldkey_account"),
                        p::<NetUid>("netuid"),
                    ],
                ),
                m::<u64>(
                    "get_stake_fee",
                    vec![
                        p::<Option<(AccountId, NetUid)>>("origin"),
                        p::<AccountId>("origin_coldkey_account"),
                        p::<Option<(AccountId, NetUid)>>("destination"),
                        p::<AccountId>("destination_coldkey_account"),
                        p::<u64>("amount"),
                    ],
                ),
                // Newer than spec 208 (conviction locks); btcli 9.23 calls it before every unstake.
                m::<Option<crate::items::LockState>>(
                    "get_coldkey_lock",
                    vec![p::<AccountId>("coldkey"), p::<NetUid>("netuid")],
                ),
            ],
        ),
        api(
            "SubnetRegistrationRuntimeApi",
            vec![m::<u64>("get_network_registration_cost", vec![])],
        ),
        api(
            "SwapRuntimeApi",
            vec![
                m::<u64>("current_alpha_price", vec![p::<NetUid>("netuid")]),
                m::<SimSwapResult>(
                    "sim_swap_tao_for_alpha",
                    vec![p::<NetUid>("netuid"), p::<u64>("tao")],
                ),
                m::<SimSwapResult>(
                    "sim_swap_alpha_for_tao",
                    vec![p::<NetUid>("netuid"), p::<u64>("alpha")],
                ),
            ],
        ),
    ]
}

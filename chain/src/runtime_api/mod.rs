//! subtensor's runtime APIs, answered from chain state the way `state_call("<Api>_<method>", args)`
//! answers them on a real node: SCALE-decoded arguments in, the SCALE encoding of the output type the
//! metadata declares ([`crate::metadata::apis`]) out.
//!
//! One file per API. Values follow what subtensor reports today: rank and trust are 0, the pruning score
//! is 65535, a neuron's stake is one `(owner coldkey, TotalHotkeyAlpha)` entry, pending root emission is
//! 0. A few methods newer than spec 208 (`SwapRuntimeApi_current_alpha_price_all`,
//! `SubnetInfoRuntimeApi_get_next_epoch_start_block`) are answered here but not declared in the
//! metadata, whose conformance test holds it to spec 208.
//!
//! `Core`, `Metadata` and `AccountNonceApi` stay with the RPC layer (they need no chain state beyond the
//! nonce); everything else goes through [`call`].

mod delegate_info;
mod neuron_info;
mod payment;
mod registration;
mod stake_info;
mod subnet_info;
mod swap;

#[cfg(test)]
mod tests;

use crate::runtime::Chain;
use parity_scale_codec::{Decode, Encode};

pub use payment::{query_fee_details, query_info};

/// Why a runtime call could not be answered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuntimeApiError {
    /// No API/method of that name (the node's "Exported method X is not found").
    #[error("Exported method {0} is not found")]
    NotFound(String),
    /// The arguments do not decode as the method's parameters.
    #[error("failed to decode the input of {method}: {reason}")]
    BadInput {
        /// The `<Api>_<method>` name.
        method: String,
        /// The codec's complaint.
        reason: String,
    },
}

/// Every `<Api>_<method>` name [`call`] answers.
pub const METHODS: &[&str] = &[
    "NeuronInfoRuntimeApi_get_neurons",
    "NeuronInfoRuntimeApi_get_neurons_lite",
    "NeuronInfoRuntimeApi_get_neuron",
    "NeuronInfoRuntimeApi_get_neuron_lite",
    "SubnetInfoRuntimeApi_get_all_dynamic_info",
    "SubnetInfoRuntimeApi_get_dynamic_info",
    "SubnetInfoRuntimeApi_get_all_metagraphs",
    "SubnetInfoRuntimeApi_get_metagraph",
    "SubnetInfoRuntimeApi_get_mechagraph",
    "SubnetInfoRuntimeApi_get_selective_metagraph",
    "SubnetInfoRuntimeApi_get_selective_mechagraph",
    "SubnetInfoRuntimeApi_get_subnet_state",
    "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
    "SubnetInfoRuntimeApi_get_subnet_info_v2",
    "SubnetInfoRuntimeApi_get_subnets_info_v2",
    "SubnetInfoRuntimeApi_get_next_epoch_start_block",
    "SubnetInfoRuntimeApi_get_subnet_to_prune",
    "StakeInfoRuntimeApi_get_stake_info_for_coldkey",
    "StakeInfoRuntimeApi_get_stake_info_for_coldkeys",
    "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
    "StakeInfoRuntimeApi_get_stake_fee",
    "StakeInfoRuntimeApi_get_coldkey_lock",
    "DelegateInfoRuntimeApi_get_delegates",
    "DelegateInfoRuntimeApi_get_delegate",
    "DelegateInfoRuntimeApi_get_delegated",
    "SubnetRegistrationRuntimeApi_get_network_registration_cost",
    "SwapRuntimeApi_current_alpha_price",
    "SwapRuntimeApi_current_alpha_price_all",
    "SwapRuntimeApi_sim_swap_tao_for_alpha",
    "SwapRuntimeApi_sim_swap_alpha_for_tao",
    "TransactionPaymentApi_query_info",
    "TransactionPaymentApi_query_fee_details",
    "TransactionPaymentApi_query_weight_to_fee",
    "TransactionPaymentApi_query_length_to_fee",
];

/// The arguments of one call, decoded in order.
pub(crate) struct Args<'a> {
    method: &'a str,
    input: &'a [u8],
}

impl Args<'_> {
    /// The next argument.
    pub(crate) fn next<T: Decode>(&mut self) -> Result<T, RuntimeApiError> {
        T::decode(&mut self.input).map_err(|e| RuntimeApiError::BadInput {
            method: self.method.to_string(),
            reason: e.to_string(),
        })
    }

    /// The next `n` raw bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&[u8], RuntimeApiError> {
        if self.input.len() < n {
            return Err(self.bad("not enough data to fill buffer"));
        }
        let (head, rest) = self.input.split_at(n);
        self.input = rest;
        Ok(head)
    }

    /// A decoding error for this call.
    pub(crate) fn bad(&self, reason: &str) -> RuntimeApiError {
        RuntimeApiError::BadInput {
            method: self.method.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// Answers the runtime call `method` (`"<Api>_<method>"`) with SCALE-encoded `args` against the best
/// state of `chain`, returning the SCALE-encoded output.
pub fn call(chain: &Chain, method: &str, args: &[u8]) -> Result<Vec<u8>, RuntimeApiError> {
    let not_found = || RuntimeApiError::NotFound(method.to_string());
    let (api, name) = method.split_once('_').ok_or_else(not_found)?;
    let mut args = Args {
        method,
        input: args,
    };
    let out = match api {
        "NeuronInfoRuntimeApi" => neuron_info::call(chain, name, &mut args)?,
        "SubnetInfoRuntimeApi" => subnet_info::call(chain, name, &mut args)?,
        "StakeInfoRuntimeApi" => stake_info::call(chain, name, &mut args)?,
        "DelegateInfoRuntimeApi" => delegate_info::call(chain, name, &mut args)?,
        "SubnetRegistrationRuntimeApi" => registration::call(chain, name, &mut args)?,
        "SwapRuntimeApi" => swap::call(chain, name, &mut args)?,
        "TransactionPaymentApi" => payment::call(chain, name, &mut args)?,
        _ => None,
    };
    out.ok_or_else(not_found)
}

/// Every subnet's netuid, root included when it exists.
pub(crate) fn all_netuids(s: &crate::storage::Storage) -> Vec<crate::types::NetUid> {
    crate::subnets::all_netuids(s)
}

/// Encodes an answer: the helper every API file uses to return `Ok(Some(bytes))`.
pub(crate) fn out<T: Encode>(value: T) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    Ok(Some(value.encode()))
}

/// `Compact` of every element.
pub(crate) fn compacts<T: Copy>(v: &[T]) -> Vec<parity_scale_codec::Compact<T>> {
    v.iter().map(|x| parity_scale_codec::Compact(*x)).collect()
}

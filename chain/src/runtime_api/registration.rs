//! `SubnetRegistrationRuntimeApi`: the current cost of registering a subnet (its lock cost).

use super::{out, Args, RuntimeApiError};
use crate::runtime::Chain;
use crate::subnets;

/// Dispatches one `SubnetRegistrationRuntimeApi` method; `None` if there is no such method.
pub(super) fn call(
    chain: &Chain,
    method: &str,
    _args: &mut Args<'_>,
) -> Result<Option<Vec<u8>>, RuntimeApiError> {
    match method {
        "get_network_registration_cost" => out(subnets::lock_cost(
            chain.storage(),
            u64::from(chain.best_number()),
        )),
        _ => Ok(None),
    }
}

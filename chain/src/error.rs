//! The chain's dispatch errors: what an extrinsic can fail with, encoded as `sp_runtime::DispatchError`.

use crate::error_names::SubtensorError;
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// Errors of the Balances pallet (index 5), in metadata order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum BalancesError {
    /// Vesting balance too high to send value.
    VestingBalance,
    /// Account liquidity restrictions prevent withdrawal.
    LiquidityRestrictions,
    /// Balance too low to send value.
    InsufficientBalance,
    /// Value too low to create an account due to the existential deposit.
    ExistentialDeposit,
    /// Transfer or payment would kill the account.
    Expendability,
}

/// Errors of the AdminUtils pallet (index 19), in metadata order (docs as subtensor's, which clients show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum AdminUtilsError {
    /// The subnet does not exist, check the netuid parameter
    SubnetDoesNotExist,
    /// The maximum number of subnet validators must be less than the maximum number of allowed UIDs in the subnet.
    MaxValidatorsLargerThanMaxUIds,
    /// The maximum number of subnet validators must be more than the current number of UIDs already in the subnet.
    MaxAllowedUIdsLessThanCurrentUIds,
    /// The maximum value for bonds moving average is reached
    BondsMovingAverageMaxReached,
    /// Only root can set negative sigmoid steepness values
    NegativeSigmoidSteepness,
    /// Value not in allowed bounds.
    ValueNotInBounds,
    /// The minimum allowed UIDs must be less than the current number of UIDs in the subnet.
    MinAllowedUidsGreaterThanCurrentUids,
    /// The minimum allowed UIDs must be less than the maximum allowed UIDs.
    MinAllowedUidsGreaterThanMaxAllowedUids,
    /// The maximum allowed UIDs must be greater than the minimum allowed UIDs.
    MaxAllowedUidsLessThanMinAllowedUids,
    /// The maximum allowed UIDs must be less than the default maximum allowed UIDs.
    MaxAllowedUidsGreaterThanDefaultMaxAllowedUids,
    /// Bad parameter value
    InvalidValue,
    /// Operation is not permitted on the root network.
    NotPermittedOnRootSubnet,
}

/// Why a dispatched call failed, shaped as `sp_runtime::DispatchError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum DispatchError {
    /// Some other error.
    #[codec(index = 0)]
    Other,
    /// The origin is not allowed to make this call.
    #[codec(index = 2)]
    BadOrigin,
    /// A pallet error.
    #[codec(index = 3)]
    Module(ModuleError),
}

/// A pallet's error: its index and the variant index in the first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ModuleError {
    /// Pallet index.
    pub index: u8,
    /// Variant index in byte 0.
    pub error: [u8; 4],
}

impl DispatchError {
    /// The error's name as clients show it, e.g. `SubtensorModule.NotEnoughBalanceToStake`.
    pub fn name(&self) -> String {
        match self {
            DispatchError::Other => "Other".to_string(),
            DispatchError::BadOrigin => "BadOrigin".to_string(),
            DispatchError::Module(m) => match m.index {
                7 => match SubtensorError::decode(&mut &m.error[..1]) {
                    Ok(e) => format!("SubtensorModule.{}", e.name()),
                    Err(_) => format!("SubtensorModule.#{}", m.error[0]),
                },
                5 => match BalancesError::decode(&mut &m.error[..1]) {
                    Ok(e) => format!("Balances.{e:?}"),
                    Err(_) => format!("Balances.#{}", m.error[0]),
                },
                19 => match AdminUtilsError::decode(&mut &m.error[..1]) {
                    Ok(e) => format!("AdminUtils.{e:?}"),
                    Err(_) => format!("AdminUtils.#{}", m.error[0]),
                },
                28 => match crate::pool::SwapPalletError::decode(&mut &m.error[..1]) {
                    Ok(e) => format!("Swap.{e:?}"),
                    Err(_) => format!("Swap.#{}", m.error[0]),
                },
                18 => match crate::commitments::CommitmentsError::decode(&mut &m.error[..1]) {
                    Ok(e) => format!("Commitments.{e:?}"),
                    Err(_) => format!("Commitments.#{}", m.error[0]),
                },
                i => format!("Module#{i}.#{}", m.error[0]),
            },
        }
    }

    /// The subtensor error, if this is one.
    pub fn subtensor(&self) -> Option<SubtensorError> {
        match self {
            DispatchError::Module(m) if m.index == 7 => {
                SubtensorError::decode(&mut &m.error[..1]).ok()
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for DispatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl std::error::Error for DispatchError {}

fn module(index: u8, variant: u8) -> DispatchError {
    DispatchError::Module(ModuleError {
        index,
        error: [variant, 0, 0, 0],
    })
}

impl From<SubtensorError> for DispatchError {
    fn from(e: SubtensorError) -> Self {
        module(7, e as u8)
    }
}

impl From<BalancesError> for DispatchError {
    fn from(e: BalancesError) -> Self {
        module(5, e as u8)
    }
}

impl From<AdminUtilsError> for DispatchError {
    fn from(e: AdminUtilsError) -> Self {
        module(19, e as u8)
    }
}

/// The result of dispatching a call.
pub type DispatchResult = Result<(), DispatchError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtensor_errors_keep_their_metadata_index() {
        let e: DispatchError = SubtensorError::NotEnoughBalanceToStake.into();
        assert_eq!(e, module(7, 12));
        assert_eq!(e.name(), "SubtensorModule.NotEnoughBalanceToStake");
        assert_eq!(SubtensorError::SettingWeightsTooFast as u8, 28);
        assert_eq!(SubtensorError::HotKeyAlreadyRegisteredInSubNet as u8, 21);
        assert_eq!(e.encode(), vec![3, 7, 12, 0, 0, 0]);
    }
}

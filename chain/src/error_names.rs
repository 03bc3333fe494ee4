//! Dispatch errors, named and indexed exactly as subtensor's metadata declares them.
//!
//! `SubtensorError`'s variants are in the order of `pallet_subtensor::Error` in the real runtime metadata
//! (spec 208), so `DispatchError::Module { index: 7, error: [i, 0, 0, 0] }` decodes to the same name in any
//! client. Users search for these names: never rename one.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// Errors of the SubtensorModule pallet (index 7), in metadata order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
#[allow(missing_docs)]
pub enum SubtensorError {
    /// Subtensor error `RootNetworkDoesNotExist`.
    RootNetworkDoesNotExist,
    /// Subtensor error `InvalidIpType`.
    InvalidIpType,
    /// Subtensor error `InvalidIpAddress`.
    InvalidIpAddress,
    /// Subtensor error `InvalidPort`.
    InvalidPort,
    /// Subtensor error `HotKeyNotRegisteredInSubNet`.
    HotKeyNotRegisteredInSubNet,
    /// Subtensor error `HotKeyAccountNotExists`.
    HotKeyAccountNotExists,
    /// Subtensor error `HotKeyNotRegisteredInNetwork`.
    HotKeyNotRegisteredInNetwork,
    /// Subtensor error `NonAssociatedColdKey`.
    NonAssociatedColdKey,
    /// Subtensor error `NotEnoughStake`.
    NotEnoughStake,
    /// Subtensor error `NotEnoughStakeToWithdraw`.
    NotEnoughStakeToWithdraw,
    /// Subtensor error `NotEnoughStakeToSetWeights`.
    NotEnoughStakeToSetWeights,
    /// Subtensor error `NotEnoughStakeToSetChildkeys`.
    NotEnoughStakeToSetChildkeys,
    /// Subtensor error `NotEnoughBalanceToStake`.
    NotEnoughBalanceToStake,
    /// Subtensor error `BalanceWithdrawalError`.
    BalanceWithdrawalError,
    /// Subtensor error `ZeroBalanceAfterWithdrawn`.
    ZeroBalanceAfterWithdrawn,
    /// Subtensor error `NeuronNoValidatorPermit`.
    NeuronNoValidatorPermit,
    /// Subtensor error `WeightVecNotEqualSize`.
    WeightVecNotEqualSize,
    /// Subtensor error `DuplicateUids`.
    DuplicateUids,
    /// Subtensor error `UidVecContainInvalidOne`.
    UidVecContainInvalidOne,
    /// Subtensor error `WeightVecLengthIsLow`.
    WeightVecLengthIsLow,
    /// Subtensor error `TooManyRegistrationsThisBlock`.
    TooManyRegistrationsThisBlock,
    /// Subtensor error `HotKeyAlreadyRegisteredInSubNet`.
    HotKeyAlreadyRegisteredInSubNet,
    /// Subtensor error `NewHotKeyIsSameWithOld`.
    NewHotKeyIsSameWithOld,
    /// Subtensor error `InvalidWorkBlock`.
    InvalidWorkBlock,
    /// Subtensor error `InvalidDifficulty`.
    InvalidDifficulty,
    /// Subtensor error `InvalidSeal`.
    InvalidSeal,
    /// Subtensor error `MaxWeightExceeded`.
    MaxWeightExceeded,
    /// Subtensor error `HotKeyAlreadyDelegate`.
    HotKeyAlreadyDelegate,
    /// Subtensor error `SettingWeightsTooFast`.
    SettingWeightsTooFast,
    /// Subtensor error `IncorrectWeightVersionKey`.
    IncorrectWeightVersionKey,
    /// Subtensor error `ServingRateLimitExceeded`.
    ServingRateLimitExceeded,
    /// Subtensor error `UidsLengthExceedUidsInSubNet`.
    UidsLengthExceedUidsInSubNet,
    /// Subtensor error `NetworkTxRateLimitExceeded`.
    NetworkTxRateLimitExceeded,
    /// Subtensor error `DelegateTxRateLimitExceeded`.
    DelegateTxRateLimitExceeded,
    /// Subtensor error `HotKeySetTxRateLimitExceeded`.
    HotKeySetTxRateLimitExceeded,
    /// Subtensor error `StakingRateLimitExceeded`.
    StakingRateLimitExceeded,
    /// Subtensor error `SubNetRegistrationDisabled`.
    SubNetRegistrationDisabled,
    /// Subtensor error `TooManyRegistrationsThisInterval`.
    TooManyRegistrationsThisInterval,
    /// Subtensor error `TransactorAccountShouldBeHotKey`.
    TransactorAccountShouldBeHotKey,
    /// Subtensor error `FaucetDisabled`.
    FaucetDisabled,
    /// Subtensor error `NotSubnetOwner`.
    NotSubnetOwner,
    /// Subtensor error `RegistrationNotPermittedOnRootSubnet`.
    RegistrationNotPermittedOnRootSubnet,
    /// Subtensor error `StakeTooLowForRoot`.
    StakeTooLowForRoot,
    /// Subtensor error `AllNetworksInImmunity`.
    AllNetworksInImmunity,
    /// Subtensor error `NotEnoughBalanceToPaySwapHotKey`.
    NotEnoughBalanceToPaySwapHotKey,
    /// Subtensor error `NotRootSubnet`.
    NotRootSubnet,
    /// Subtensor error `CanNotSetRootNetworkWeights`.
    CanNotSetRootNetworkWeights,
    /// Subtensor error `NoNeuronIdAvailable`.
    NoNeuronIdAvailable,
    /// Subtensor error `DelegateTakeTooLow`.
    DelegateTakeTooLow,
    /// Subtensor error `DelegateTakeTooHigh`.
    DelegateTakeTooHigh,
    /// Subtensor error `NoWeightsCommitFound`.
    NoWeightsCommitFound,
    /// Subtensor error `InvalidRevealCommitHashNotMatch`.
    InvalidRevealCommitHashNotMatch,
    /// Subtensor error `CommitRevealEnabled`.
    CommitRevealEnabled,
    /// Subtensor error `CommitRevealDisabled`.
    CommitRevealDisabled,
    /// Subtensor error `LiquidAlphaDisabled`.
    LiquidAlphaDisabled,
    /// Subtensor error `AlphaHighTooLow`.
    AlphaHighTooLow,
    /// Subtensor error `AlphaLowOutOfRange`.
    AlphaLowOutOfRange,
    /// Subtensor error `ColdKeyAlreadyAssociated`.
    ColdKeyAlreadyAssociated,
    /// Subtensor error `NotEnoughBalanceToPaySwapColdKey`.
    NotEnoughBalanceToPaySwapColdKey,
    /// Subtensor error `ColdkeyIsInArbitration`.
    ColdkeyIsInArbitration,
    /// Subtensor error `InvalidChild`.
    InvalidChild,
    /// Subtensor error `DuplicateChild`.
    DuplicateChild,
    /// Subtensor error `ProportionOverflow`.
    ProportionOverflow,
    /// Subtensor error `TooManyChildren`.
    TooManyChildren,
    /// Subtensor error `TxRateLimitExceeded`.
    TxRateLimitExceeded,
    /// Subtensor error `SwapAlreadyScheduled`.
    SwapAlreadyScheduled,
    /// Subtensor error `FailedToSchedule`.
    FailedToSchedule,
    /// Subtensor error `NewColdKeyIsHotkey`.
    NewColdKeyIsHotkey,
    /// Subtensor error `InvalidChildkeyTake`.
    InvalidChildkeyTake,
    /// Subtensor error `TxChildkeyTakeRateLimitExceeded`.
    TxChildkeyTakeRateLimitExceeded,
    /// Subtensor error `InvalidIdentity`.
    InvalidIdentity,
    /// Subtensor error `MechanismDoesNotExist`.
    MechanismDoesNotExist,
    /// Subtensor error `CannotUnstakeLock`.
    CannotUnstakeLock,
    /// Subtensor error `SubnetNotExists`.
    SubnetNotExists,
    /// Subtensor error `TooManyUnrevealedCommits`.
    TooManyUnrevealedCommits,
    /// Subtensor error `ExpiredWeightCommit`.
    ExpiredWeightCommit,
    /// Subtensor error `RevealTooEarly`.
    RevealTooEarly,
    /// Subtensor error `InputLengthsUnequal`.
    InputLengthsUnequal,
    /// Subtensor error `CommittingWeightsTooFast`.
    CommittingWeightsTooFast,
    /// Subtensor error `AmountTooLow`.
    AmountTooLow,
    /// Subtensor error `InsufficientLiquidity`.
    InsufficientLiquidity,
    /// Subtensor error `SlippageTooHigh`.
    SlippageTooHigh,
    /// Subtensor error `TransferDisallowed`.
    TransferDisallowed,
    /// Subtensor error `ActivityCutoffTooLow`.
    ActivityCutoffTooLow,
    /// Subtensor error `CallDisabled`.
    CallDisabled,
    /// Subtensor error `FirstEmissionBlockNumberAlreadySet`.
    FirstEmissionBlockNumberAlreadySet,
    /// Subtensor error `NeedWaitingMoreBlocksToStarCall`.
    NeedWaitingMoreBlocksToStarCall,
    /// Subtensor error `NotEnoughAlphaOutToRecycle`.
    NotEnoughAlphaOutToRecycle,
    /// Subtensor error `CannotBurnOrRecycleOnRootSubnet`.
    CannotBurnOrRecycleOnRootSubnet,
    /// Subtensor error `UnableToRecoverPublicKey`.
    UnableToRecoverPublicKey,
    /// Subtensor error `InvalidRecoveredPublicKey`.
    InvalidRecoveredPublicKey,
    /// Subtensor error `SubtokenDisabled`.
    SubtokenDisabled,
    /// Subtensor error `HotKeySwapOnSubnetIntervalNotPassed`.
    HotKeySwapOnSubnetIntervalNotPassed,
    /// Subtensor error `ZeroMaxStakeAmount`.
    ZeroMaxStakeAmount,
    /// Subtensor error `SameNetuid`.
    SameNetuid,
    /// Subtensor error `InsufficientBalance`.
    InsufficientBalance,
    /// Subtensor error `StakingOperationRateLimitExceeded`.
    StakingOperationRateLimitExceeded,
    /// Subtensor error `InvalidLeaseBeneficiary`.
    InvalidLeaseBeneficiary,
    /// Subtensor error `LeaseCannotEndInThePast`.
    LeaseCannotEndInThePast,
    /// Subtensor error `LeaseNetuidNotFound`.
    LeaseNetuidNotFound,
    /// Subtensor error `LeaseDoesNotExist`.
    LeaseDoesNotExist,
    /// Subtensor error `LeaseHasNoEndBlock`.
    LeaseHasNoEndBlock,
    /// Subtensor error `LeaseHasNotEnded`.
    LeaseHasNotEnded,
    /// Subtensor error `Overflow`.
    Overflow,
    /// Subtensor error `BeneficiaryDoesNotOwnHotkey`.
    BeneficiaryDoesNotOwnHotkey,
    /// Subtensor error `ExpectedBeneficiaryOrigin`.
    ExpectedBeneficiaryOrigin,
    /// Subtensor error `AdminActionProhibitedDuringWeightsWindow`.
    AdminActionProhibitedDuringWeightsWindow,
    /// Subtensor error `SymbolDoesNotExist`.
    SymbolDoesNotExist,
    /// Subtensor error `SymbolAlreadyInUse`.
    SymbolAlreadyInUse,
    /// Subtensor error `IncorrectCommitRevealVersion`.
    IncorrectCommitRevealVersion,
    /// Subtensor error `RevealPeriodTooLarge`.
    RevealPeriodTooLarge,
    /// Subtensor error `RevealPeriodTooSmall`.
    RevealPeriodTooSmall,
    /// Subtensor error `InvalidValue`.
    InvalidValue,
    /// Subtensor error `SubnetLimitReached`.
    SubnetLimitReached,
    /// Subtensor error `CannotAffordLockCost`.
    CannotAffordLockCost,
    /// Subtensor error `EvmKeyAssociateRateLimitExceeded`.
    EvmKeyAssociateRateLimitExceeded,
    /// Subtensor error `SameAutoStakeHotkeyAlreadySet`.
    SameAutoStakeHotkeyAlreadySet,
    /// Subtensor error `UidMapCouldNotBeCleared`.
    UidMapCouldNotBeCleared,
    /// Subtensor error `TrimmingWouldExceedMaxImmunePercentage`.
    TrimmingWouldExceedMaxImmunePercentage,
    /// Subtensor error `ChildParentInconsistency`.
    ChildParentInconsistency,
    /// Subtensor error `InvalidNumRootClaim`.
    InvalidNumRootClaim,
    /// Subtensor error `InvalidRootClaimThreshold`.
    InvalidRootClaimThreshold,
    /// Subtensor error `InvalidSubnetNumber`.
    InvalidSubnetNumber,
    /// Subtensor error `RegistrationPriceLimitExceeded` (newer than spec 208: `register_limit`'s price
    /// limit is below the registration price).
    RegistrationPriceLimitExceeded,
    /// Subtensor error `TempoOutOfBounds` (newer than spec 208: `set_tempo` outside
    /// `MIN_TEMPO..=MAX_TEMPO`).
    TempoOutOfBounds,
    /// Subtensor error `EpochTriggerAlreadyPending` (newer than spec 208: `trigger_epoch` while one is
    /// pending).
    EpochTriggerAlreadyPending,
    /// Subtensor error `AutoEpochAlreadyImminent` (newer than spec 208: `trigger_epoch` less than
    /// `AdminFreezeWindow` blocks before the scheduled epoch).
    AutoEpochAlreadyImminent,
    /// Subtensor error `DynamicTempoBlockedByCommitReveal` (newer than spec 208: `trigger_epoch` on a
    /// subnet with commit-reveal on).
    DynamicTempoBlockedByCommitReveal,
    /// Subtensor error `CannotUseSystemAccount` (newer than spec 208: a subnet account used as a hotkey).
    CannotUseSystemAccount,
    /// Subtensor error `ActivityCutoffFactorMilliOutOfBounds` (newer than spec 208:
    /// `set_activity_cutoff_factor` outside `1_000..=50_000` per-mille of tempo).
    ActivityCutoffFactorMilliOutOfBounds,
}

impl SubtensorError {
    /// The variant name, as clients show it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::RootNetworkDoesNotExist => "RootNetworkDoesNotExist",
            Self::InvalidIpType => "InvalidIpType",
            Self::InvalidIpAddress => "InvalidIpAddress",
            Self::InvalidPort => "InvalidPort",
            Self::HotKeyNotRegisteredInSubNet => "HotKeyNotRegisteredInSubNet",
            Self::HotKeyAccountNotExists => "HotKeyAccountNotExists",
            Self::HotKeyNotRegisteredInNetwork => "HotKeyNotRegisteredInNetwork",
            Self::NonAssociatedColdKey => "NonAssociatedColdKey",
            Self::NotEnoughStake => "NotEnoughStake",
            Self::NotEnoughStakeToWithdraw => "NotEnoughStakeToWithdraw",
            Self::NotEnoughStakeToSetWeights => "NotEnoughStakeToSetWeights",
            Self::NotEnoughStakeToSetChildkeys => "NotEnoughStakeToSetChildkeys",
            Self::NotEnoughBalanceToStake => "NotEnoughBalanceToStake",
            Self::BalanceWithdrawalError => "BalanceWithdrawalError",
            Self::ZeroBalanceAfterWithdrawn => "ZeroBalanceAfterWithdrawn",
            Self::NeuronNoValidatorPermit => "NeuronNoValidatorPermit",
            Self::WeightVecNotEqualSize => "WeightVecNotEqualSize",
            Self::DuplicateUids => "DuplicateUids",
            Self::UidVecContainInvalidOne => "UidVecContainInvalidOne",
            Self::WeightVecLengthIsLow => "WeightVecLengthIsLow",
            Self::TooManyRegistrationsThisBlock => "TooManyRegistrationsThisBlock",
            Self::HotKeyAlreadyRegisteredInSubNet => "HotKeyAlreadyRegisteredInSubNet",
            Self::NewHotKeyIsSameWithOld => "NewHotKeyIsSameWithOld",
            Self::InvalidWorkBlock => "InvalidWorkBlock",
            Self::InvalidDifficulty => "InvalidDifficulty",
            Self::InvalidSeal => "InvalidSeal",
            Self::MaxWeightExceeded => "MaxWeightExceeded",
            Self::HotKeyAlreadyDelegate => "HotKeyAlreadyDelegate",
            Self::SettingWeightsTooFast => "SettingWeightsTooFast",
            Self::IncorrectWeightVersionKey => "IncorrectWeightVersionKey",
            Self::ServingRateLimitExceeded => "ServingRateLimitExceeded",
            Self::UidsLengthExceedUidsInSubNet => "UidsLengthExceedUidsInSubNet",
            Self::NetworkTxRateLimitExceeded => "NetworkTxRateLimitExceeded",
            Self::DelegateTxRateLimitExceeded => "DelegateTxRateLimitExceeded",
            Self::HotKeySetTxRateLimitExceeded => "HotKeySetTxRateLimitExceeded",
            Self::StakingRateLimitExceeded => "StakingRateLimitExceeded",
            Self::SubNetRegistrationDisabled => "SubNetRegistrationDisabled",
            Self::TooManyRegistrationsThisInterval => "TooManyRegistrationsThisInterval",
            Self::TransactorAccountShouldBeHotKey => "TransactorAccountShouldBeHotKey",
            Self::FaucetDisabled => "FaucetDisabled",
            Self::NotSubnetOwner => "NotSubnetOwner",
            Self::RegistrationNotPermittedOnRootSubnet => "RegistrationNotPermittedOnRootSubnet",
            Self::StakeTooLowForRoot => "StakeTooLowForRoot",
            Self::AllNetworksInImmunity => "AllNetworksInImmunity",
            Self::NotEnoughBalanceToPaySwapHotKey => "NotEnoughBalanceToPaySwapHotKey",
            Self::NotRootSubnet => "NotRootSubnet",
            Self::CanNotSetRootNetworkWeights => "CanNotSetRootNetworkWeights",
            Self::NoNeuronIdAvailable => "NoNeuronIdAvailable",
            Self::DelegateTakeTooLow => "DelegateTakeTooLow",
            Self::DelegateTakeTooHigh => "DelegateTakeTooHigh",
            Self::NoWeightsCommitFound => "NoWeightsCommitFound",
            Self::InvalidRevealCommitHashNotMatch => "InvalidRevealCommitHashNotMatch",
            Self::CommitRevealEnabled => "CommitRevealEnabled",
            Self::CommitRevealDisabled => "CommitRevealDisabled",
            Self::LiquidAlphaDisabled => "LiquidAlphaDisabled",
            Self::AlphaHighTooLow => "AlphaHighTooLow",
            Self::AlphaLowOutOfRange => "AlphaLowOutOfRange",
            Self::ColdKeyAlreadyAssociated => "ColdKeyAlreadyAssociated",
            Self::NotEnoughBalanceToPaySwapColdKey => "NotEnoughBalanceToPaySwapColdKey",
            Self::ColdkeyIsInArbitration => "ColdkeyIsInArbitration",
            Self::InvalidChild => "InvalidChild",
            Self::DuplicateChild => "DuplicateChild",
            Self::ProportionOverflow => "ProportionOverflow",
            Self::TooManyChildren => "TooManyChildren",
            Self::TxRateLimitExceeded => "TxRateLimitExceeded",
            Self::SwapAlreadyScheduled => "SwapAlreadyScheduled",
            Self::FailedToSchedule => "FailedToSchedule",
            Self::NewColdKeyIsHotkey => "NewColdKeyIsHotkey",
            Self::InvalidChildkeyTake => "InvalidChildkeyTake",
            Self::TxChildkeyTakeRateLimitExceeded => "TxChildkeyTakeRateLimitExceeded",
            Self::InvalidIdentity => "InvalidIdentity",
            Self::MechanismDoesNotExist => "MechanismDoesNotExist",
            Self::CannotUnstakeLock => "CannotUnstakeLock",
            Self::SubnetNotExists => "SubnetNotExists",
            Self::TooManyUnrevealedCommits => "TooManyUnrevealedCommits",
            Self::ExpiredWeightCommit => "ExpiredWeightCommit",
            Self::RevealTooEarly => "RevealTooEarly",
            Self::InputLengthsUnequal => "InputLengthsUnequal",
            Self::CommittingWeightsTooFast => "CommittingWeightsTooFast",
            Self::AmountTooLow => "AmountTooLow",
            Self::InsufficientLiquidity => "InsufficientLiquidity",
            Self::SlippageTooHigh => "SlippageTooHigh",
            Self::TransferDisallowed => "TransferDisallowed",
            Self::ActivityCutoffTooLow => "ActivityCutoffTooLow",
            Self::CallDisabled => "CallDisabled",
            Self::FirstEmissionBlockNumberAlreadySet => "FirstEmissionBlockNumberAlreadySet",
            Self::NeedWaitingMoreBlocksToStarCall => "NeedWaitingMoreBlocksToStarCall",
            Self::NotEnoughAlphaOutToRecycle => "NotEnoughAlphaOutToRecycle",
            Self::CannotBurnOrRecycleOnRootSubnet => "CannotBurnOrRecycleOnRootSubnet",
            Self::UnableToRecoverPublicKey => "UnableToRecoverPublicKey",
            Self::InvalidRecoveredPublicKey => "InvalidRecoveredPublicKey",
            Self::SubtokenDisabled => "SubtokenDisabled",
            Self::HotKeySwapOnSubnetIntervalNotPassed => "HotKeySwapOnSubnetIntervalNotPassed",
            Self::ZeroMaxStakeAmount => "ZeroMaxStakeAmount",
            Self::SameNetuid => "SameNetuid",
            Self::InsufficientBalance => "InsufficientBalance",
            Self::StakingOperationRateLimitExceeded => "StakingOperationRateLimitExceeded",
            Self::InvalidLeaseBeneficiary => "InvalidLeaseBeneficiary",
            Self::LeaseCannotEndInThePast => "LeaseCannotEndInThePast",
            Self::LeaseNetuidNotFound => "LeaseNetuidNotFound",
            Self::LeaseDoesNotExist => "LeaseDoesNotExist",
            Self::LeaseHasNoEndBlock => "LeaseHasNoEndBlock",
            Self::LeaseHasNotEnded => "LeaseHasNotEnded",
            Self::Overflow => "Overflow",
            Self::BeneficiaryDoesNotOwnHotkey => "BeneficiaryDoesNotOwnHotkey",
            Self::ExpectedBeneficiaryOrigin => "ExpectedBeneficiaryOrigin",
            Self::AdminActionProhibitedDuringWeightsWindow => {
                "AdminActionProhibitedDuringWeightsWindow"
            }
            Self::SymbolDoesNotExist => "SymbolDoesNotExist",
            Self::SymbolAlreadyInUse => "SymbolAlreadyInUse",
            Self::IncorrectCommitRevealVersion => "IncorrectCommitRevealVersion",
            Self::RevealPeriodTooLarge => "RevealPeriodTooLarge",
            Self::RevealPeriodTooSmall => "RevealPeriodTooSmall",
            Self::InvalidValue => "InvalidValue",
            Self::SubnetLimitReached => "SubnetLimitReached",
            Self::CannotAffordLockCost => "CannotAffordLockCost",
            Self::EvmKeyAssociateRateLimitExceeded => "EvmKeyAssociateRateLimitExceeded",
            Self::SameAutoStakeHotkeyAlreadySet => "SameAutoStakeHotkeyAlreadySet",
            Self::UidMapCouldNotBeCleared => "UidMapCouldNotBeCleared",
            Self::TrimmingWouldExceedMaxImmunePercentage => {
                "TrimmingWouldExceedMaxImmunePercentage"
            }
            Self::ChildParentInconsistency => "ChildParentInconsistency",
            Self::InvalidNumRootClaim => "InvalidNumRootClaim",
            Self::InvalidRootClaimThreshold => "InvalidRootClaimThreshold",
            Self::InvalidSubnetNumber => "InvalidSubnetNumber",
            Self::RegistrationPriceLimitExceeded => "RegistrationPriceLimitExceeded",
            Self::TempoOutOfBounds => "TempoOutOfBounds",
            Self::EpochTriggerAlreadyPending => "EpochTriggerAlreadyPending",
            Self::AutoEpochAlreadyImminent => "AutoEpochAlreadyImminent",
            Self::DynamicTempoBlockedByCommitReveal => "DynamicTempoBlockedByCommitReveal",
            Self::CannotUseSystemAccount => "CannotUseSystemAccount",
            Self::ActivityCutoffFactorMilliOutOfBounds => "ActivityCutoffFactorMilliOutOfBounds",
        }
    }
}

impl std::fmt::Display for SubtensorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

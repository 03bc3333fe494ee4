//! Events deposited by extrinsics and block hooks, shaped like the real runtime's `RuntimeEvent`.

use crate::error::DispatchError;
use crate::types::{AccountId, AlphaBalance, NetUid, TaoBalance, H256};
use parity_scale_codec::{Compact, Decode, Encode};
use scale_info::TypeInfo;

/// Weight of a dispatch (`sp_weights::Weight`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct Weight {
    /// Computation time.
    pub ref_time: Compact<u64>,
    /// Proof size.
    pub proof_size: Compact<u64>,
}

impl Default for Weight {
    fn default() -> Self {
        Weight {
            ref_time: Compact(0),
            proof_size: Compact(0),
        }
    }
}

/// Dispatch class of an extrinsic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum DispatchClass {
    /// Ordinary user transactions.
    #[default]
    Normal,
    /// Operational transactions.
    Operational,
    /// Inherents and hooks.
    Mandatory,
}

/// Whether the sender pays a fee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Pays {
    /// The sender pays.
    #[default]
    Yes,
    /// The call is free.
    No,
}

/// What `ExtrinsicSuccess`/`ExtrinsicFailed` report about the dispatch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct DispatchEventInfo {
    /// Actual weight.
    pub weight: Weight,
    /// Class.
    pub class: DispatchClass,
    /// Fee payment.
    pub pays_fee: Pays,
}

/// System pallet events (index 0).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum SystemEvent {
    /// An extrinsic completed successfully.
    #[codec(index = 0)]
    ExtrinsicSuccess {
        /// Dispatch info.
        dispatch_info: DispatchEventInfo,
    },
    /// An extrinsic failed.
    #[codec(index = 1)]
    ExtrinsicFailed {
        /// Why it failed.
        dispatch_error: DispatchError,
        /// Dispatch info.
        dispatch_info: DispatchEventInfo,
    },
    /// A new account was created.
    #[codec(index = 3)]
    NewAccount {
        /// The account.
        account: AccountId,
    },
}

/// Balances pallet events (index 5).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum BalancesEvent {
    /// An account was created with some free balance.
    #[codec(index = 0)]
    Endowed {
        /// The account.
        account: AccountId,
        /// Its free balance.
        free_balance: u64,
    },
    /// A transfer succeeded.
    #[codec(index = 2)]
    Transfer {
        /// Sender.
        from: AccountId,
        /// Receiver.
        to: AccountId,
        /// Amount in rao.
        amount: u64,
    },
}

/// TransactionPayment pallet events (index 6).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum TransactionPaymentEvent {
    /// A transaction fee (`actual_fee`, tip included) was paid by `who`.
    #[codec(index = 0)]
    TransactionFeePaid {
        /// The payer.
        who: AccountId,
        /// The fee paid, tip included, in rao.
        actual_fee: u64,
        /// The tip, in rao.
        tip: u64,
    },
}

/// SubtensorModule events (index 7), with subtensor's variant indices.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum SubtensorEvent {
    /// A subnet was added: (netuid, mechanism).
    #[codec(index = 0)]
    NetworkAdded(NetUid, u16),
    /// Stake added: (coldkey, hotkey, tao, alpha, netuid, fee).
    #[codec(index = 2)]
    StakeAdded(AccountId, AccountId, TaoBalance, AlphaBalance, NetUid, u64),
    /// Stake removed: (coldkey, hotkey, tao, alpha, netuid, fee).
    #[codec(index = 3)]
    StakeRemoved(AccountId, AccountId, TaoBalance, AlphaBalance, NetUid, u64),
    /// Stake moved: (coldkey, origin hotkey, origin netuid, destination hotkey, destination netuid, tao).
    #[codec(index = 4)]
    StakeMoved(AccountId, AccountId, NetUid, AccountId, NetUid, TaoBalance),
    /// Weights set: (netuid index, uid).
    #[codec(index = 5)]
    WeightsSet(u16, u16),
    /// A neuron registered: (netuid, uid, hotkey).
    #[codec(index = 6)]
    NeuronRegistered(NetUid, u16, AccountId),
    /// An axon was served: (netuid, hotkey).
    #[codec(index = 28)]
    AxonServed(NetUid, AccountId),
    /// A Prometheus endpoint was served: (netuid, hotkey).
    #[codec(index = 29)]
    PrometheusServed(NetUid, AccountId),
    /// The registration price was set: (netuid, burn).
    #[codec(index = 36)]
    BurnSet(NetUid, TaoBalance),
    /// A delegate take was lowered: (coldkey, hotkey, take).
    #[codec(index = 61)]
    TakeDecreased(AccountId, AccountId, u16),
    /// A delegate take was raised: (coldkey, hotkey, take).
    #[codec(index = 62)]
    TakeIncreased(AccountId, AccountId, u16),
    /// Weights committed: (hotkey, netuid index, hash).
    #[codec(index = 79)]
    WeightsCommitted(AccountId, u16, H256),
    /// Weights revealed: (hotkey, netuid index, hash).
    #[codec(index = 80)]
    WeightsRevealed(AccountId, u16, H256),
    /// Stake given to another coldkey: (origin coldkey, destination coldkey, hotkey, origin netuid,
    /// destination netuid, tao).
    #[codec(index = 85)]
    StakeTransferred(AccountId, AccountId, AccountId, NetUid, NetUid, TaoBalance),
    /// Stake swapped between subnets: (coldkey, hotkey, origin netuid, destination netuid, tao).
    #[codec(index = 86)]
    StakeSwapped(AccountId, AccountId, NetUid, NetUid, TaoBalance),
    /// A subnet's tempo was set.
    #[codec(index = 50)]
    TempoSet(NetUid, u16),
    /// `start_call` ran: (netuid, first emission block).
    #[codec(index = 89)]
    FirstEmissionBlockNumberSet(NetUid, u64),
    /// A subnet's UID limit was set: (netuid, max_allowed_uids).
    #[codec(index = 9)]
    MaxAllowedUidsSet(NetUid, u16),
    /// A subnet's PoW difficulty was set.
    #[codec(index = 11)]
    DifficultySet(NetUid, u64),
    /// A subnet's adjustment interval was set.
    #[codec(index = 12)]
    AdjustmentIntervalSet(NetUid, u16),
    /// A subnet's target registrations per interval were set.
    #[codec(index = 13)]
    RegistrationPerIntervalSet(NetUid, u16),
    /// A subnet's registrations-per-block cap was set.
    #[codec(index = 14)]
    MaxRegistrationsPerBlockSet(NetUid, u16),
    /// A subnet's activity cutoff was set.
    #[codec(index = 15)]
    ActivityCutoffSet(NetUid, u16),
    /// A subnet's rho was set.
    #[codec(index = 16)]
    RhoSet(NetUid, u16),
    /// A subnet's liquid-alpha sigmoid steepness was set.
    #[codec(index = 17)]
    AlphaSigmoidSteepnessSet(NetUid, i16),
    /// A subnet's kappa was set.
    #[codec(index = 18)]
    KappaSet(NetUid, u16),
    /// A subnet's minimum number of weights was set.
    #[codec(index = 19)]
    MinAllowedWeightSet(NetUid, u16),
    /// A subnet's weights rate limit was set.
    #[codec(index = 22)]
    WeightsSetRateLimitSet(NetUid, u64),
    /// A subnet's immunity period was set.
    #[codec(index = 23)]
    ImmunityPeriodSet(NetUid, u16),
    /// A subnet's bonds moving average was set.
    #[codec(index = 24)]
    BondsMovingAverageSet(NetUid, u64),
    /// A subnet's bonds penalty was set.
    #[codec(index = 25)]
    BondsPenaltySet(NetUid, u16),
    /// A subnet's bond resets were switched on or off.
    #[codec(index = 26)]
    BondsResetOnSet(NetUid, bool),
    /// A subnet's validator-permit limit was set.
    #[codec(index = 27)]
    MaxAllowedValidatorsSet(NetUid, u16),
    /// A subnet's weights version was set.
    #[codec(index = 32)]
    WeightsVersionKeySet(NetUid, u64),
    /// A subnet's minimum difficulty was set.
    #[codec(index = 33)]
    MinDifficultySet(NetUid, u64),
    /// A subnet's maximum difficulty was set.
    #[codec(index = 34)]
    MaxDifficultySet(NetUid, u64),
    /// A subnet's serving rate limit was set.
    #[codec(index = 35)]
    ServingRateLimitSet(NetUid, u64),
    /// A subnet's registration price ceiling was set.
    #[codec(index = 37)]
    MaxBurnSet(NetUid, TaoBalance),
    /// A subnet's registration price floor was set.
    #[codec(index = 38)]
    MinBurnSet(NetUid, TaoBalance),
    /// The delegate-take rate limit was set.
    #[codec(index = 40)]
    TxDelegateTakeRateLimitSet(u64),
    /// The admin freeze window was set.
    #[codec(index = 42)]
    AdminFreezeWindowSet(u16),
    /// The owner hyperparameter rate limit (in tempos) was set.
    #[codec(index = 43)]
    OwnerHyperparamRateLimitSet(u16),
    /// A subnet's registrations were allowed or refused.
    #[codec(index = 48)]
    RegistrationAllowed(NetUid, bool),
    /// A subnet's PoW registrations were allowed or refused.
    #[codec(index = 49)]
    PowRegistrationAllowed(NetUid, bool),
    /// A subnet's recycled registration TAO was set.
    #[codec(index = 51)]
    RAORecycledForRegistrationSet(NetUid, TaoBalance),
    /// The stake needed to set weights was set.
    #[codec(index = 52)]
    StakeThresholdSet(u64),
    /// A subnet's adjustment alpha was set.
    #[codec(index = 53)]
    AdjustmentAlphaSet(NetUid, u64),
    /// The subnet owner cut was set.
    #[codec(index = 55)]
    SubnetOwnerCutSet(u16),
    /// The subnet registration rate limit was set.
    #[codec(index = 56)]
    NetworkRateLimitSet(u64),
    /// The subnet lock cost floor was set.
    #[codec(index = 58)]
    NetworkMinLockCostSet(TaoBalance),
    /// The subnet limit was set.
    #[codec(index = 59)]
    SubnetLimitSet(u16),
    /// The lock cost reduction interval was set.
    #[codec(index = 60)]
    NetworkLockCostReductionIntervalSet(u64),
    /// The largest delegate take was set.
    #[codec(index = 64)]
    MaxDelegateTakeSet(u16),
    /// The smallest delegate take was set.
    #[codec(index = 65)]
    MinDelegateTakeSet(u16),
    /// A subnet's identity was set.
    #[codec(index = 73)]
    SubnetIdentitySet(NetUid),
    /// A subnet's stake transfers were allowed or refused.
    #[codec(index = 87)]
    TransferToggle(NetUid, bool),
    /// A subnet's commit-reveal period (epochs) was set.
    #[codec(index = 94)]
    CommitRevealPeriodsSet(NetUid, u64),
    /// A subnet's commit-reveal was switched on or off.
    #[codec(index = 95)]
    CommitRevealEnabled(NetUid, bool),
    /// A subnet's UID-limit floor was set.
    #[codec(index = 105)]
    MinAllowedUidsSet(NetUid, u16),
    /// The childkey-take rate limit was set.
    #[codec(index = 41)]
    TxChildKeyTakeRateLimitSet(u64),
    /// The smallest childkey take was set.
    #[codec(index = 44)]
    MinChildKeyTakeSet(u16),
    /// The largest childkey take was set.
    #[codec(index = 45)]
    MaxChildKeyTakeSet(u16),
    /// A hotkey's childkey take was set: (hotkey, take).
    #[codec(index = 46)]
    ChildKeyTakeSet(AccountId, u16),
    /// Children were scheduled: (parent, netuid, block after which they apply, children).
    #[codec(index = 70)]
    SetChildrenScheduled(AccountId, NetUid, u64, Vec<(u64, AccountId)>),
    /// Children were applied: (parent, netuid, children).
    #[codec(index = 71)]
    SetChildren(AccountId, NetUid, Vec<(u64, AccountId)>),
    /// Root dividends were claimed for a coldkey.
    #[codec(index = 107)]
    RootClaimed {
        /// The coldkey.
        coldkey: AccountId,
    },
    /// A coldkey's root claim type was set.
    #[codec(index = 108)]
    RootClaimTypeSet {
        /// The coldkey.
        coldkey: AccountId,
        /// The new claim type.
        root_claim_type: crate::items::RootClaimTypeEnum,
    },
    /// A subnet was dissolved: (netuid).
    #[codec(index = 1)]
    NetworkRemoved(NetUid),
    /// The subnet immunity period was set: (blocks).
    #[codec(index = 57)]
    NetworkImmunityPeriodSet(u64),
    /// A dissolved subnet's identity was removed: (netuid).
    #[codec(index = 74)]
    SubnetIdentityRemoved(NetUid),
    /// A subnet's owner hotkey was set: (netuid, hotkey).
    #[codec(index = 88)]
    SubnetOwnerHotkeySet(NetUid, AccountId),
    /// The subnet owner triggered an epoch (newer than spec 208, index after its last event).
    #[codec(index = 109)]
    EpochTriggered {
        /// Subnet.
        netuid: NetUid,
        /// The owner coldkey that triggered it.
        by: AccountId,
        /// The block at which the epoch runs.
        fires_at: u64,
    },
    /// A root validator opted in or out of auto parent delegation (newer than spec 208, appended).
    #[codec(index = 110)]
    AutoParentDelegationEnabledSet {
        /// The root validator hotkey.
        hotkey: AccountId,
        /// Whether new subnets' owner hotkeys become its children.
        enabled: bool,
    },
    /// A subnet's activity cutoff factor was set (newer than spec 208, appended).
    #[codec(index = 111)]
    ActivityCutoffFactorMilliSet {
        /// Subnet.
        netuid: NetUid,
        /// Cutoff in thousandths of a tempo.
        factor_milli: u32,
    },
    /// The transaction rate limit (blocks between a coldkey's hotkey swaps) was set.
    #[codec(index = 39)]
    TxRateLimitSet(u64),
    /// Commits were revealed by `batch_reveal_weights`: (hotkey, netuid, the revealed hashes in order).
    #[codec(index = 81)]
    WeightsBatchRevealed(AccountId, NetUid, Vec<H256>),
    /// A batch of weights or commits ran: (the netuids of the batch, hotkey).
    #[codec(index = 82)]
    BatchWeightsCompleted(Vec<Compact<NetUid>>, AccountId),
    /// At least one item of a batch of weights or commits failed.
    #[codec(index = 83)]
    BatchCompletedWithErrors(),
    /// One item of a batch of weights or commits failed: (its netuid, its error). Subtensor main's
    /// shape (spec 208 carried only the error).
    #[codec(index = 84)]
    BatchWeightItemFailed(NetUid, DispatchError),
    /// Alpha was recycled out of a stake and out of `SubnetAlphaOut`: (coldkey, hotkey, alpha, netuid).
    #[codec(index = 90)]
    AlphaRecycled(AccountId, AccountId, AlphaBalance, NetUid),
    /// Alpha was burned out of a stake (`SubnetAlphaOut` unchanged): (coldkey, hotkey, alpha, netuid).
    #[codec(index = 91)]
    AlphaBurned(AccountId, AccountId, AlphaBalance, NetUid),
    /// A coldkey chose where its miner incentive on a subnet is staked.
    #[codec(index = 106)]
    AutoStakeDestinationSet {
        /// The coldkey.
        coldkey: AccountId,
        /// Subnet.
        netuid: NetUid,
        /// The hotkey its incentive is staked to.
        hotkey: AccountId,
    },
    /// TAO was staked and the alpha bought burned (`add_stake_burn`; newer than spec 208, appended).
    #[codec(index = 112)]
    AddStakeBurn {
        /// Subnet.
        netuid: NetUid,
        /// Hotkey staked through.
        hotkey: AccountId,
        /// TAO offered, in rao.
        amount: TaoBalance,
        /// Alpha bought and burned.
        alpha: AlphaBalance,
    },
    /// A subnet's own minimum childkey take was set: (netuid, take) (newer than spec 208, appended).
    #[codec(index = 113)]
    MinChildKeyTakePerSubnetSet(NetUid, u16),
}

/// Sudo pallet events (index 12).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum SudoEvent {
    /// A sudo call was dispatched.
    #[codec(index = 0)]
    Sudid {
        /// Its result.
        sudo_result: Result<(), DispatchError>,
    },
}

/// The runtime's event type.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// System.
    #[codec(index = 0)]
    System(SystemEvent),
    /// Balances.
    #[codec(index = 5)]
    Balances(BalancesEvent),
    /// TransactionPayment.
    #[codec(index = 6)]
    TransactionPayment(TransactionPaymentEvent),
    /// SubtensorModule.
    #[codec(index = 7)]
    SubtensorModule(SubtensorEvent),
    /// Sudo.
    #[codec(index = 12)]
    Sudo(SudoEvent),
    /// Commitments.
    #[codec(index = 18)]
    Commitments(crate::commitments::CommitmentsEvent),
    /// AdminUtils.
    #[codec(index = 19)]
    AdminUtils(crate::admin::AdminUtilsEvent),
    /// MevShield.
    #[codec(index = 30)]
    MevShield(crate::mev_shield::MevShieldEvent),
}

/// When in the block an event happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Phase {
    /// While applying the extrinsic at this index.
    ApplyExtrinsic(u32),
    /// In `on_finalize`.
    Finalization,
    /// In `on_initialize`.
    Initialization,
}

/// An event with its phase, as stored in `System.Events`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct EventRecord {
    /// When it happened.
    pub phase: Phase,
    /// What happened.
    pub event: Event,
    /// Topics (always empty here).
    pub topics: Vec<H256>,
}

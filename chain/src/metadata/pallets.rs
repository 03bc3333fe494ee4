//! The pallets taonet serves, with subtensor's names and indices: their calls, events, errors, storage
//! and the constants clients read.

use super::storage;
use crate::call::{AdminCall, BalancesCall, SubtensorCall, SudoCall};
use crate::error::{AdminUtilsError, BalancesError};
use crate::error_names::SubtensorError;
use crate::event::{
    BalancesEvent, SubtensorEvent, SudoEvent, SystemEvent, TransactionPaymentEvent,
};
use frame_metadata::v14::{
    PalletCallMetadata, PalletConstantMetadata, PalletErrorMetadata, PalletEventMetadata,
    PalletStorageMetadata,
};
use frame_metadata::v15::PalletMetadata;
use parity_scale_codec::Encode;
use scale_info::{meta_type, TypeInfo};

/// Milliseconds between blocks at subtensor's pace (Aura `SlotDuration`).
pub const SLOT_DURATION_MS: u64 = 12_000;

fn constant<T: Encode + TypeInfo + 'static>(
    name: &'static str,
    value: T,
    doc: &'static str,
) -> PalletConstantMetadata {
    PalletConstantMetadata {
        name,
        ty: meta_type::<T>(),
        value: value.encode(),
        docs: vec![doc],
    }
}

fn calls<T: TypeInfo + 'static>() -> Option<PalletCallMetadata> {
    Some(PalletCallMetadata {
        ty: meta_type::<T>(),
    })
}

fn events<T: TypeInfo + 'static>() -> Option<PalletEventMetadata> {
    Some(PalletEventMetadata {
        ty: meta_type::<T>(),
    })
}

fn errors<T: TypeInfo + 'static>() -> Option<PalletErrorMetadata> {
    Some(PalletErrorMetadata {
        ty: meta_type::<T>(),
    })
}

fn pallet(name: &'static str, index: u8) -> PalletMetadata {
    PalletMetadata {
        name,
        storage: None::<PalletStorageMetadata>,
        calls: None,
        event: None,
        constants: vec![],
        error: None,
        index,
        docs: vec![],
    }
}

/// Every pallet taonet serves, in index order (V15 form; V14 is derived from it).
pub fn pallets() -> Vec<PalletMetadata> {
    let system = PalletMetadata {
        storage: Some(storage::system()),
        event: events::<SystemEvent>(),
        constants: vec![
            constant(
                "BlockHashCount",
                crate::runtime::BLOCK_HASH_COUNT,
                "Maximum number of block number to block hash mappings to keep.",
            ),
            constant(
                "SS58Prefix",
                crate::keys::SS58_PREFIX,
                "The SS58 address prefix.",
            ),
            constant(
                "Version",
                super::apis::runtime_version(),
                "The runtime version.",
            ),
        ],
        ..pallet("System", 0)
    };
    let timestamp = PalletMetadata {
        storage: Some(storage::timestamp()),
        constants: vec![constant(
            "MinimumPeriod",
            SLOT_DURATION_MS / 2,
            "Minimum period between timestamps.",
        )],
        ..pallet("Timestamp", 2)
    };
    let aura = PalletMetadata {
        constants: vec![constant(
            "SlotDuration",
            SLOT_DURATION_MS,
            "Slot duration in ms.",
        )],
        ..pallet("Aura", 3)
    };
    let balances = PalletMetadata {
        storage: Some(storage::balances()),
        calls: calls::<BalancesCall>(),
        event: events::<BalancesEvent>(),
        constants: vec![
            constant(
                "ExistentialDeposit",
                crate::balances::EXISTENTIAL_DEPOSIT,
                "The minimum balance an account may hold, in rao.",
            ),
            constant("MaxLocks", 50u32, "Maximum number of locks per account."),
            constant(
                "MaxReserves",
                50u32,
                "Maximum number of reserves per account.",
            ),
            constant(
                "MaxFreezes",
                50u32,
                "Maximum number of freezes per account.",
            ),
        ],
        error: errors::<BalancesError>(),
        ..pallet("Balances", 5)
    };
    let payment = PalletMetadata {
        constants: vec![constant(
            "OperationalFeeMultiplier",
            5u8,
            "Priority multiplier of operational transactions.",
        )],
        event: events::<TransactionPaymentEvent>(),
        ..pallet("TransactionPayment", 6)
    };
    let subtensor = PalletMetadata {
        storage: Some(storage::subtensor()),
        calls: calls::<SubtensorCall>(),
        event: events::<SubtensorEvent>(),
        error: errors::<SubtensorError>(),
        ..pallet("SubtensorModule", 7)
    };
    let sudo = PalletMetadata {
        storage: Some(storage::sudo()),
        calls: calls::<SudoCall>(),
        event: events::<SudoEvent>(),
        ..pallet("Sudo", 12)
    };
    let commitments = PalletMetadata {
        storage: Some(storage::commitments()),
        calls: calls::<crate::commitments::CommitmentsCall>(),
        event: events::<crate::commitments::CommitmentsEvent>(),
        constants: vec![
            constant(
                "MaxFields",
                crate::commitments::MAX_FIELDS,
                "The maximum number of additional fields that can be added to a commitment",
            ),
            constant(
                "InitialDeposit",
                crate::commitments::INITIAL_DEPOSIT,
                "The amount held on deposit for a registered identity",
            ),
            constant(
                "FieldDeposit",
                crate::commitments::FIELD_DEPOSIT,
                "The amount held on deposit per additional field for a registered identity.",
            ),
        ],
        error: errors::<crate::commitments::CommitmentsError>(),
        ..pallet("Commitments", crate::commitments::PALLET_INDEX)
    };
    let admin = PalletMetadata {
        calls: calls::<AdminCall>(),
        event: events::<crate::admin::AdminUtilsEvent>(),
        error: errors::<AdminUtilsError>(),
        ..pallet("AdminUtils", 19)
    };
    vec![
        system,
        timestamp,
        aura,
        balances,
        payment,
        subtensor,
        pallet("Utility", 11),
        sudo,
        commitments,
        admin,
        PalletMetadata {
            storage: Some(storage::swap()),
            error: errors::<crate::pool::SwapPalletError>(),
            ..pallet(crate::pool::PALLET, crate::pool::PALLET_INDEX)
        },
        PalletMetadata {
            storage: Some(storage::mev_shield()),
            calls: calls::<crate::mev_shield::MevShieldCall>(),
            event: events::<crate::mev_shield::MevShieldEvent>(),
            error: errors::<crate::mev_shield::MevShieldError>(),
            ..pallet(crate::mev_shield::PALLET, crate::mev_shield::PALLET_INDEX)
        },
    ]
}

//! The chain's runtime metadata (V14 and V15), generated from its own Rust types with scale-info and
//! frame-metadata.
//!
//! Pallet names and indices, call/event/error variant indices, argument and field names, storage
//! hashers and type paths follow subtensor (spec 208), so subxt, polkadot.js and the Python SDK decode
//! taonet's blocks, events and storage as they would a real node's. `chain/tests/it/metadata.rs` holds
//! the result against the real spec-208 metadata.
//!
//! Layout: [`pallets`] (what each pallet declares), [`storage`] (storage entries from `items.rs`),
//! [`extrinsic`] (format and signed extensions), [`apis`] (V15 runtime APIs and `RuntimeVersion`),
//! [`types`] (metadata-only mirror types) and [`paths`] (renaming our type paths to subtensor's).

pub mod apis;
pub mod extrinsic;
pub mod pallets;
pub mod paths;
pub mod storage;
pub mod types;

use crate::call::Call;
use crate::event::Event;
use frame_metadata::v14::{PalletMetadata as PalletV14, RuntimeMetadataV14};
use frame_metadata::v15::{CustomMetadata, OuterEnums, RuntimeMetadataV15};
use frame_metadata::RuntimeMetadataPrefixed;
use parity_scale_codec::Encode;
use scale_info::meta_type;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The runtime's spec version, reported by `Core_version` and `System.Version`.
///
/// **Bump it whenever the metadata changes** (a pallet, call, event, error, storage item, constant,
/// extension, runtime API or type): clients cache metadata by spec version and would otherwise decode
/// with a stale copy.
pub const SPEC_VERSION: u32 = 208_014;

/// The metadata versions taonet serves (`Metadata_metadata_versions`).
pub const METADATA_VERSIONS: [u32; 2] = [14, 15];

/// V15 metadata: pallets, extrinsic format, runtime APIs and outer enums.
pub fn metadata_v15() -> RuntimeMetadataPrefixed {
    let mut md = RuntimeMetadataV15::new(
        pallets::pallets(),
        extrinsic::v15(),
        meta_type::<types::Runtime>(),
        apis::apis(),
        OuterEnums {
            call_enum_ty: meta_type::<Call>(),
            event_enum_ty: meta_type::<Event>(),
            error_enum_ty: meta_type::<types::RuntimeError>(),
        },
        CustomMetadata {
            map: BTreeMap::new(),
        },
    );
    paths::rename_all(&mut md.types);
    md.into()
}

/// V14 metadata: the same pallets and extrinsic format, without runtime APIs.
pub fn metadata_v14() -> RuntimeMetadataPrefixed {
    let pallets = pallets::pallets()
        .into_iter()
        .map(|p| PalletV14 {
            name: p.name,
            storage: p.storage,
            calls: p.calls,
            event: p.event,
            constants: p.constants,
            error: p.error,
            index: p.index,
        })
        .collect();
    let mut md = RuntimeMetadataV14::new(pallets, extrinsic::v14(), meta_type::<types::Runtime>());
    paths::rename_all(&mut md.types);
    md.into()
}

/// SCALE-encoded V14 metadata (`"meta"` + version byte + body), built once.
pub fn encoded_v14() -> Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| metadata_v14().encode()).clone()
}

/// SCALE-encoded V15 metadata (`"meta"` + version byte + body), built once.
pub fn encoded_v15() -> Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| metadata_v15().encode()).clone()
}

/// The encoded metadata of `version`, if taonet serves it (`Metadata_metadata_at_version`).
pub fn encoded_at_version(version: u32) -> Option<Vec<u8>> {
    match version {
        14 => Some(encoded_v14()),
        15 => Some(encoded_v15()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

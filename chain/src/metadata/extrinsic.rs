//! The extrinsic section: format version 4, `MultiAddress<AccountId32, ()>`, `MultiSignature`, and
//! subtensor's signed extensions in its order (spec 208).
//!
//! Only `CheckMortality` (era), `CheckNonce` (compact nonce), `ChargeTransactionPayment` (compact tip) and
//! `CheckMetadataHash` (mode byte) carry explicit bytes; the implicit data is spec version, transaction
//! version, genesis hash, birth-block hash and the optional metadata hash. Every other extension is empty
//! both ways, so clients that skip unknown extensions build the same payload.

use super::types::{self, SignedExtra};
use crate::call::{Call, MultiAddress};
use frame_metadata::v14::{
    ExtrinsicMetadata as ExtrinsicV14, SignedExtensionMetadata as SignedExtensionV14,
};
use frame_metadata::v15::{ExtrinsicMetadata, SignedExtensionMetadata};
use scale_info::meta_type;

/// The extrinsic format version taonet parses (signed = `0x84`).
pub const EXTRINSIC_VERSION: u8 = 4;

/// `(identifier, explicit type, implicit type)` in subtensor's order.
fn extensions() -> Vec<SignedExtensionMetadata> {
    vec![
        ext::<types::CheckNonZeroSender, ()>("CheckNonZeroSender"),
        ext::<types::CheckSpecVersion, u32>("CheckSpecVersion"),
        ext::<types::CheckTxVersion, u32>("CheckTxVersion"),
        ext::<types::CheckGenesis, types::H256>("CheckGenesis"),
        ext::<types::CheckMortality, types::H256>("CheckMortality"),
        ext::<types::CheckNonce, ()>("CheckNonce"),
        ext::<types::CheckWeight, ()>("CheckWeight"),
        ext::<types::ChargeTransactionPayment, ()>("ChargeTransactionPayment"),
        ext::<types::SubtensorTransactionExtension, ()>("SubtensorTransactionExtension"),
        ext::<types::DrandPriority, ()>("DrandPriority"),
        ext::<types::CheckMetadataHash, Option<[u8; 32]>>("CheckMetadataHash"),
    ]
}

fn ext<T: scale_info::TypeInfo + 'static, A: scale_info::TypeInfo + 'static>(
    identifier: &'static str,
) -> SignedExtensionMetadata {
    SignedExtensionMetadata {
        identifier,
        ty: meta_type::<T>(),
        additional_signed: meta_type::<A>(),
    }
}

/// The V15 extrinsic section.
pub fn v15() -> ExtrinsicMetadata {
    ExtrinsicMetadata {
        version: EXTRINSIC_VERSION,
        address_ty: meta_type::<MultiAddress>(),
        call_ty: meta_type::<Call>(),
        signature_ty: meta_type::<types::MultiSignature>(),
        extra_ty: meta_type::<SignedExtra>(),
        signed_extensions: extensions(),
    }
}

/// The V14 extrinsic section (the `UncheckedExtrinsic` type carries address, call, signature, extra).
pub fn v14() -> ExtrinsicV14 {
    ExtrinsicV14 {
        ty: meta_type::<types::UncheckedExtrinsic>(),
        version: EXTRINSIC_VERSION,
        signed_extensions: extensions()
            .into_iter()
            .map(|e| SignedExtensionV14 {
                identifier: e.identifier,
                ty: e.ty,
                additional_signed: e.additional_signed,
            })
            .collect(),
    }
}

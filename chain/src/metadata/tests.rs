//! Self-checks of the metadata that need no reference blob.

use super::*;
use crate::items;
use crate::types::AccountId;
use frame_metadata::RuntimeMetadata;
use parity_scale_codec::Decode;

fn decode(bytes: &[u8]) -> RuntimeMetadata {
    match RuntimeMetadataPrefixed::decode(&mut &bytes[..]) {
        Ok(m) => m.1,
        Err(e) => panic!("metadata does not decode: {e}"),
    }
}

#[test]
fn both_versions_round_trip() {
    let v14 = encoded_v14();
    let v15 = encoded_v15();
    assert_eq!(&v14[..5], b"meta\x0e");
    assert_eq!(&v15[..5], b"meta\x0f");
    assert!(matches!(decode(&v14), RuntimeMetadata::V14(_)));
    assert!(matches!(decode(&v15), RuntimeMetadata::V15(_)));
}

#[test]
fn no_taonet_paths_remain() {
    let RuntimeMetadata::V15(md) = decode(&encoded_v15()) else {
        panic!("not V15")
    };
    for t in &md.types.types {
        let path = t.ty.path.segments.join("::");
        assert!(
            !path.starts_with("taonet_chain"),
            "unrenamed type path {path}"
        );
    }
}

#[test]
fn storage_keys_match_their_items() {
    for e in storage::subtensor_entries() {
        assert!(
            (e.check)(),
            "SubtensorModule.{} key layout differs",
            e.meta.name
        );
    }
    for (name, check) in storage::other_checks() {
        assert!(check(), "{name} key layout differs");
    }
}

#[test]
fn mirrors_encode_like_the_chain_values() {
    let info = items::AccountInfo {
        nonce: 1,
        consumers: 2,
        providers: 3,
        sufficients: 4,
        data: items::AccountData {
            free: 5,
            reserved: 6,
            frozen: 7,
            flags: 8,
        },
    };
    let mirror = types::AccountInfo {
        nonce: 1,
        consumers: 2,
        providers: 3,
        sufficients: 4,
        data: types::AccountData {
            free: 5,
            reserved: 6,
            frozen: 7,
            flags: types::ExtraFlags(8),
        },
    };
    assert_eq!(info.encode(), mirror.encode());
    assert_eq!([9u8; 32].encode(), types::H256([9; 32]).encode());
    let bits: i128 = -12_345;
    assert_eq!(
        bits.encode(),
        substrate_fixed::types::I96F32::from_bits(bits).encode()
    );
    let ubits: u128 = 1 << 70;
    assert_eq!(
        ubits.encode(),
        substrate_fixed::types::U64F64::from_bits(ubits).encode()
    );
    let rec = crate::event::EventRecord {
        phase: crate::event::Phase::Finalization,
        event: crate::event::Event::System(crate::event::SystemEvent::NewAccount {
            account: AccountId([3; 32]),
        }),
        topics: vec![[1; 32]],
    };
    let mirror = types::EventRecord {
        phase: rec.phase,
        event: rec.event.clone(),
        topics: vec![types::H256([1; 32])],
    };
    assert_eq!(rec.encode(), mirror.encode());
}

#[test]
fn runtime_version_carries_the_spec() {
    let v = apis::runtime_version();
    assert_eq!(v.spec_version, SPEC_VERSION);
    assert_eq!(v.apis.len(), apis::API_VERSIONS.len());
}

#[test]
fn header_digest_items_are_declared_as_substrate_does() {
    // The Python SDK decodes every header log with the type it finds at this path; without it no block
    // (so no transaction receipt) can be read.
    let RuntimeMetadata::V15(md) = decode(&encoded_v15()) else {
        panic!("not V15");
    };
    let item = md
        .types
        .types
        .iter()
        .find(|t| t.ty.path.segments.join("::") == "sp_runtime::generic::digest::DigestItem")
        .expect("DigestItem is in the registry");
    let scale_info::TypeDef::Variant(v) = &item.ty.type_def else {
        panic!("DigestItem is an enum");
    };
    let pre = v
        .variants
        .iter()
        .find(|v| v.name == "PreRuntime")
        .expect("a PreRuntime variant");
    assert_eq!(pre.index, 6);
    assert_eq!(pre.fields.len(), 2);
    // What the chain puts in headers encodes as that variant: index 6, engine id, data.
    let aura = crate::block::aura_slot_digest(7).encode();
    assert_eq!(&aura[..5], &[6, b'a', b'u', b'r', b'a']);
}

#[test]
fn every_subtensor_error_carries_docs() {
    // btcli names a module error from the variant's docs; without them it shows `UnknownError`.
    let RuntimeMetadata::V15(md) = decode(&encoded_v15()) else {
        panic!("not V15")
    };
    let pallet = md
        .pallets
        .iter()
        .find(|p| p.name == "SubtensorModule")
        .expect("SubtensorModule");
    let error = pallet.error.as_ref().expect("errors declared");
    let ty = md.types.resolve(error.ty.id).expect("error type");
    let scale_info::TypeDef::Variant(v) = &ty.type_def else {
        panic!("errors are a variant")
    };
    // Spec 208's 123, plus `RegistrationPriceLimitExceeded` (register_limit), the four tempo-control
    // errors, `CannotUseSystemAccount` and `ActivityCutoffFactorMilliOutOfBounds`.
    assert_eq!(v.variants.len(), 130);
    for variant in &v.variants {
        assert!(!variant.docs.is_empty(), "{} has no docs", variant.name);
    }
}

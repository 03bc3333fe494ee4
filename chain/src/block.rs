//! Block headers and hashing, shaped like Substrate's `Header<u32, BlakeTwo256>`.

use crate::types::H256;
use parity_scale_codec::{Compact, Decode, Encode};
use scale_info::TypeInfo;
use sp_crypto_hashing::blake2_256;

/// A digest item; only pre-runtime and seal items are produced here.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum DigestItem {
    /// A pre-runtime digest: (engine id, data).
    #[codec(index = 6)]
    PreRuntime([u8; 4], Vec<u8>),
}

/// A block header. Its hash is `blake2_256(SCALE(header))`, as in Substrate.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct Header {
    /// Hash of the parent block.
    pub parent_hash: H256,
    /// Block number.
    #[codec(compact)]
    pub number: u32,
    /// Root committing to the whole state after this block.
    pub state_root: H256,
    /// Root committing to this block's extrinsics.
    pub extrinsics_root: H256,
    /// Digest: the Aura slot as a pre-runtime item.
    pub digest: Vec<DigestItem>,
}

impl Header {
    /// The block hash.
    pub fn hash(&self) -> H256 {
        blake2_256(&self.encode())
    }
}

/// The root of a block's extrinsics: the hash of their SCALE-encoded list.
pub fn extrinsics_root(encoded_extrinsics: &[Vec<u8>]) -> H256 {
    let mut buf = Vec::new();
    Compact(encoded_extrinsics.len() as u32).encode_to(&mut buf);
    for ext in encoded_extrinsics {
        buf.extend_from_slice(&blake2_256(ext));
    }
    blake2_256(&buf)
}

/// An Aura pre-runtime digest carrying the slot number.
pub fn aura_slot_digest(slot: u64) -> DigestItem {
    DigestItem::PreRuntime(*b"aura", slot.encode())
}

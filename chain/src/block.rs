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
    if encoded_extrinsics.is_empty() {
        // Most devnet blocks are empty: their root is one constant.
        static EMPTY: std::sync::OnceLock<H256> = std::sync::OnceLock::new();
        return *EMPTY.get_or_init(|| blake2_256(&Compact(0u32).encode()));
    }
    let mut buf = Vec::with_capacity(5 + 32 * encoded_extrinsics.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extrinsics_root_hashes_the_list_of_extrinsic_hashes() {
        // SCALE compact lengths: 0 is 0x00, 2 is 0x08.
        assert_eq!(extrinsics_root(&[]), blake2_256(&[0x00]));
        let (a, b) = (vec![1u8, 2], vec![3u8]);
        let mut list = vec![0x08];
        list.extend_from_slice(&blake2_256(&a));
        list.extend_from_slice(&blake2_256(&b));
        assert_eq!(extrinsics_root(&[a, b]), blake2_256(&list));
    }
}

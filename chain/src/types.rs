//! Primitive types shared by every mechanism: accounts, subnet ids, balances and units.
//!
//! Names and encodings follow subtensor (`common/src/lib.rs`): a `NetUid` is a SCALE `u16`, balances are
//! `u64` rao, block numbers are `u64` inside the pallet (`u32` in the header).

use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use std::fmt;

/// One TAO in rao (1e9).
pub const RAO_PER_TAO: u64 = 1_000_000_000;

/// The supply cap: 21,000,000 TAO in rao.
pub const MAX_TAO_ISSUANCE: u64 = 21_000_000 * RAO_PER_TAO;

/// A balance in rao (1e-9 TAO).
pub type TaoBalance = u64;

/// An amount of a subnet's alpha token in its smallest unit (1e-9 alpha).
pub type AlphaBalance = u64;

/// A block number as the pallet sees it.
pub type BlockNumber = u64;

/// A 32-byte hash (blake2-256 everywhere in this chain).
pub type H256 = [u8; 32];

/// A subnet identifier. Netuid 0 is the root network.
pub type NetUid = u16;

/// A neuron's position inside a subnet.
pub type Uid = u16;

/// The root network's netuid.
pub const ROOT_NETUID: NetUid = 0;

/// A 32-byte account id: an sr25519 public key, as `AccountId32` in Substrate.
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Encode,
    Decode,
    MaxEncodedLen,
    TypeInfo,
)]
pub struct AccountId(pub [u8; 32]);

impl AccountId {
    /// The all-zero account, which subtensor uses as "nobody".
    pub const ZERO: AccountId = AccountId([0u8; 32]);

    /// The SS58 address of this account with the generic Substrate prefix 42, as bittensor shows it.
    pub fn to_ss58(&self) -> String {
        crate::keys::ss58_encode(&self.0, crate::keys::SS58_PREFIX)
    }

    /// The raw public key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_ss58())
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_ss58())
    }
}

/// Converts a u16 proportion (value / 65535) into a fraction, as reports show metagraph values.
pub fn u16_to_fraction(value: u16) -> f64 {
    f64::from(value) / f64::from(u16::MAX)
}

/// Formats rao as a TAO amount with up to nine decimals (`1.5 TAO`).
pub fn format_tao(rao: u64) -> String {
    let whole = rao / RAO_PER_TAO;
    let frac = rao % RAO_PER_TAO;
    if frac == 0 {
        format!("{whole} TAO")
    } else {
        let digits = format!("{frac:09}");
        format!("{whole}.{} TAO", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_tao_amounts() {
        assert_eq!(format_tao(1_500_000_000), "1.5 TAO");
        assert_eq!(format_tao(2 * RAO_PER_TAO), "2 TAO");
        assert_eq!(format_tao(1), "0.000000001 TAO");
    }
}

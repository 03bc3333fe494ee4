//! Keys: sr25519 keypairs, SS58 addresses and the well-known dev accounts.
//!
//! Keys derived from a seed use Substrate's convention (a 32-byte mini secret expanded in Ed25519 mode,
//! signing context `substrate`), so signatures made here verify on any Substrate node and in
//! bittensor-wallet. The dev accounts (`//Alice` ...) derive from the standard dev phrase.

use crate::types::AccountId;
use schnorrkel::{ExpansionMode, MiniSecretKey};
use sp_crypto_hashing::{blake2_256, blake2_512};

/// The generic Substrate SS58 prefix, which Bittensor uses.
pub const SS58_PREFIX: u16 = 42;

const SIGNING_CONTEXT: &[u8] = b"substrate";

/// Errors from key handling.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// The SS58 string is not valid base58 or has the wrong length.
    #[error("`{0}` is not an SS58 address")]
    InvalidSs58(String),
    /// The SS58 checksum does not match.
    #[error("`{0}` has a bad SS58 checksum")]
    BadChecksum(String),
    /// A secret URI could not be turned into a key.
    #[error("cannot derive a key from `{0}`")]
    BadUri(String),
}

/// Encodes a public key as an SS58 address with a simple (one byte) prefix.
pub fn ss58_encode(public: &[u8; 32], prefix: u16) -> String {
    let mut data = Vec::with_capacity(35);
    data.push(prefix as u8);
    data.extend_from_slice(public);
    let checksum = ss58_checksum(&data);
    data.extend_from_slice(&checksum[..2]);
    bs58::encode(data).into_string()
}

/// Decodes an SS58 address (simple prefix) into its public key, checking the checksum.
pub fn ss58_decode(address: &str) -> Result<AccountId, KeyError> {
    let data = bs58::decode(address)
        .into_vec()
        .map_err(|_| KeyError::InvalidSs58(address.to_string()))?;
    if data.len() != 35 {
        return Err(KeyError::InvalidSs58(address.to_string()));
    }
    let checksum = ss58_checksum(&data[..33]);
    if checksum[..2] != data[33..] {
        return Err(KeyError::BadChecksum(address.to_string()));
    }
    let mut public = [0u8; 32];
    public.copy_from_slice(&data[1..33]);
    Ok(AccountId(public))
}

fn ss58_checksum(data: &[u8]) -> [u8; 64] {
    let mut buf = Vec::with_capacity(7 + data.len());
    buf.extend_from_slice(b"SS58PRE");
    buf.extend_from_slice(data);
    blake2_512(&buf)
}

/// An sr25519 keypair.
#[derive(Clone)]
pub struct Keypair {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    /// A key made from a known 32-byte seed; its secret can be written to a wallet.
    Seeded(Box<schnorrkel::Keypair>, [u8; 32]),
    /// A dev key derived by path from the dev phrase (its secret is never exported).
    Dev(Box<subxt_signer::sr25519::Keypair>),
}

impl std::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keypair({})", self.account_id())
    }
}

impl Keypair {
    /// The keypair of a 32-byte mini secret (Substrate's "seed"), expanded in Ed25519 mode.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        // A 32-byte array is always a valid mini secret key.
        let mini = match MiniSecretKey::from_bytes(&seed) {
            Ok(m) => m,
            Err(_) => unreachable!("MiniSecretKey accepts every 32-byte array"),
        };
        Keypair {
            inner: Inner::Seeded(
                Box::new(mini.expand_to_keypair(ExpansionMode::Ed25519)),
                seed,
            ),
        }
    }

    /// A keypair derived deterministically from a network seed and a name: the same inputs always give the
    /// same key, different names give unrelated keys.
    pub fn derive(network_seed: u64, name: &str) -> Self {
        let mut material = b"taonet/key/".to_vec();
        material.extend_from_slice(&network_seed.to_le_bytes());
        material.extend_from_slice(name.as_bytes());
        Self::from_seed(blake2_256(&material))
    }

    /// One of the dev accounts, from a URI such as `//Alice` over the standard dev phrase.
    pub fn from_dev_uri(uri: &str) -> Result<Self, KeyError> {
        let parsed: subxt_signer::SecretUri =
            uri.parse().map_err(|_| KeyError::BadUri(uri.to_string()))?;
        let signer = subxt_signer::sr25519::Keypair::from_uri(&parsed)
            .map_err(|_| KeyError::BadUri(uri.to_string()))?;
        Ok(Keypair {
            inner: Inner::Dev(Box::new(signer)),
        })
    }

    /// The public key as an account id.
    pub fn account_id(&self) -> AccountId {
        match &self.inner {
            Inner::Seeded(k, _) => AccountId(k.public.to_bytes()),
            Inner::Dev(k) => AccountId(k.public_key().0),
        }
    }

    /// The 32-byte seed this key was made from, when known (dev keys derived by path have none).
    pub fn seed(&self) -> Option<[u8; 32]> {
        match &self.inner {
            Inner::Seeded(_, seed) => Some(*seed),
            Inner::Dev(_) => None,
        }
    }

    /// The 64-byte secret key (scalar ‖ nonce) in the Ed25519-compatible layout that py-sr25519 and
    /// bittensor-wallet store as `privateKey`; `None` for dev keys.
    pub fn secret_bytes(&self) -> Option<[u8; 64]> {
        match &self.inner {
            Inner::Seeded(k, _) => Some(k.secret.to_ed25519_bytes()),
            Inner::Dev(_) => None,
        }
    }

    /// Signs `message` in the `substrate` signing context.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        match &self.inner {
            Inner::Seeded(k, _) => k
                .sign(schnorrkel::signing_context(SIGNING_CONTEXT).bytes(message))
                .to_bytes(),
            Inner::Dev(k) => k.sign(message).0,
        }
    }
}

/// Checks an sr25519 signature made in the `substrate` signing context.
pub fn verify(signer: &AccountId, message: &[u8], signature: &[u8; 64]) -> bool {
    let Ok(public) = schnorrkel::PublicKey::from_bytes(&signer.0) else {
        return false;
    };
    let Ok(sig) = schnorrkel::Signature::from_bytes(signature) else {
        return false;
    };
    public
        .verify(
            schnorrkel::signing_context(SIGNING_CONTEXT).bytes(message),
            &sig,
        )
        .is_ok()
}

/// The dev accounts real localnets fund at genesis, with their balances in TAO.
pub const DEV_ACCOUNTS: [(&str, u64); 6] = [
    ("Alice", 1_000_000),
    ("Bob", 1_000_000),
    ("Charlie", 1_000_000),
    ("Dave", 2_000),
    ("Eve", 2_000),
    ("Ferdie", 2_000),
];

/// The account id of a dev account by name (`Alice`, `Bob`, ...).
pub fn dev_account(name: &str) -> Result<AccountId, KeyError> {
    Keypair::from_dev_uri(&format!("//{name}")).map(|k| k.account_id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alice_has_her_well_known_address() {
        let alice = dev_account("Alice").unwrap();
        assert_eq!(
            alice.to_ss58(),
            "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
        );
        assert_eq!(ss58_decode(&alice.to_ss58()).unwrap(), alice);
    }

    #[test]
    fn signatures_verify_and_tampering_fails() {
        let k = Keypair::derive(42, "validator-0");
        let sig = k.sign(b"hello");
        assert!(verify(&k.account_id(), b"hello", &sig));
        assert!(!verify(&k.account_id(), b"hellp", &sig));
        let dev = Keypair::from_dev_uri("//Bob").unwrap();
        let sig = dev.sign(b"x");
        assert!(verify(&dev.account_id(), b"x", &sig));
    }

    #[test]
    fn derivation_is_deterministic_and_name_sensitive() {
        assert_eq!(
            Keypair::derive(1, "a").account_id(),
            Keypair::derive(1, "a").account_id()
        );
        assert_ne!(
            Keypair::derive(1, "a").account_id(),
            Keypair::derive(2, "a").account_id()
        );
        assert_ne!(
            Keypair::derive(1, "a").account_id(),
            Keypair::derive(1, "b").account_id()
        );
    }

    #[test]
    fn bad_checksum_is_rejected() {
        let mut s = dev_account("Alice").unwrap().to_ss58();
        s.pop();
        s.push('R');
        assert!(ss58_decode(&s).is_err());
    }
}

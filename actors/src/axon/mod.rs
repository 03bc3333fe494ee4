//! The axon/dendrite protocol of bittensor 10.x over real HTTP/1.1: an [`AxonServer`] a miner serves
//! synapses on, and a [`Dendrite`] a validator queries axons with. Headers, body hashing, signatures
//! and nonce rules follow `bittensor/core/{synapse,axon,dendrite}.py`, so a Python dendrite can query a
//! taonet axon and a taonet dendrite a Python axon.

pub mod dendrite;
pub mod server;
pub mod synapse;

use std::future::Future;
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use taonet_chain::keys::Keypair;

pub use dendrite::{Dendrite, DendriteError, PreparedRequest};
pub use server::{
    allow_only, AxonHandle, AxonOptions, AxonServer, BlacklistFn, BlacklistQuery, Handler,
    ServerError,
};
pub use synapse::{Synapse, SynapseCommon, SynapseError, TerminalInfo};

/// A boxed, sendable future (what handlers return).
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// Unix time in nanoseconds (`time.time_ns()`).
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// `"0x"` + hex of `keypair`'s signature over the UTF-8 `message`.
pub fn sign_hex(keypair: &Keypair, message: &str) -> String {
    format!("0x{}", hex::encode(keypair.sign(message.as_bytes())))
}

/// Parses a `"0x"`-prefixed (or bare) hex sr25519 signature.
pub fn parse_signature(text: &str) -> Option<[u8; 64]> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    let bytes = hex::decode(digits).ok()?;
    bytes.try_into().ok()
}

/// A random version-1-shaped UUID string (`uuid.uuid1()` is what bittensor uses per terminal).
pub fn new_uuid() -> String {
    let b: [u8; 16] = rand::random();
    let h = hex::encode(b);
    format!(
        "{}-{}-1{}-{:x}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        (b[8] & 0x3f) | 0x80,
        &h[18..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let u = new_uuid();
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('1'));
    }

    #[test]
    fn signature_round_trip() {
        let k = Keypair::derive(1, "x");
        let s = sign_hex(&k, "hello");
        assert!(s.starts_with("0x") && s.len() == 130);
        let sig = parse_signature(&s).unwrap();
        assert!(taonet_chain::keys::verify(&k.account_id(), b"hello", &sig));
        assert!(parse_signature("0x1234").is_none());
        assert!(parse_signature("zz").is_none());
    }
}

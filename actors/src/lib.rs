//! taonet's actors: the chain node, miners, validators and market makers, the axon/dendrite protocol
//! they speak, and `ChainClient`, their one way to the chain.
//!
//! Every random choice an actor makes draws from its own RNG, seeded from the network seed and the
//! actor's name ([`seed_for`]), so a simulated run replays exactly.

pub mod axon;
pub mod behaviour;
pub mod client;
pub mod client_rpc;
pub mod market_maker;
pub mod miner;
pub mod node;
pub mod rpc;
pub mod scoring;
pub mod seller;
pub mod sim;
pub mod strategy;
pub mod supervise;
pub mod task;
pub mod validator;

/// The RNG seed of the actor called `name` in a network seeded with `seed`.
pub fn seed_for(seed: u64, name: &str) -> u64 {
    let mut material = seed.to_le_bytes().to_vec();
    material.extend_from_slice(name.as_bytes());
    let hash = sha3::Sha3_256::digest_bytes(&material);
    u64::from_le_bytes([
        hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
    ])
}

trait DigestBytes {
    fn digest_bytes(data: &[u8]) -> [u8; 32];
}

impl DigestBytes for sha3::Sha3_256 {
    fn digest_bytes(data: &[u8]) -> [u8; 32] {
        use sha3::Digest;
        let out = sha3::Sha3_256::digest(data);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(&out);
        bytes
    }
}

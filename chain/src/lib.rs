//! The taonet devnet chain: a deterministic state machine with subtensor's semantics.
//!
//! No async and no I/O live here: the chain is driven by its owner (the `ChainNode` actor, a test or a
//! benchmark) through [`Chain::build_block`]. State is a Substrate-style key-value store
//! ([`storage::Storage`]) holding subtensor's storage items under their real keys; each mechanism of
//! subtensor has its own module, named as subtensor names it.

pub mod keys;
pub mod storage;
pub mod types;

pub use types::*;

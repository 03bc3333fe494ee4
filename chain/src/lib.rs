//! The taonet devnet chain: a deterministic state machine with subtensor's semantics.
//!
//! No async and no I/O live here: the chain is driven by its owner (the `ChainNode` actor, a test or a
//! benchmark) through [`Chain::build_block`]. State is a Substrate-style key-value store
//! ([`storage::Storage`]) holding subtensor's storage items under their real keys; each mechanism of
//! subtensor has its own module, named as subtensor names it.

pub mod admin;
pub mod arith;
pub mod balances;
pub mod block;
pub mod call;
pub mod childkeys;
pub mod coinbase;
pub mod commit_reveal;
pub mod commitments;
pub mod ctx;
pub mod delegate;
pub mod epoch;
pub mod error;
pub mod error_names;
pub mod event;
pub mod fees;
pub mod identity;
pub mod items;
pub mod keys;
pub mod math;
pub mod metadata;
pub mod mev_shield;
pub mod pool;
pub mod registration;
pub mod root;
pub mod rpc_info;
pub mod runtime;
pub mod runtime_api;
pub mod serving;
pub mod stake_moves;
pub mod staking;
pub mod storage;
pub mod subnets;
pub mod tempo_control;
pub mod transaction;
pub mod types;
pub mod weights;

pub use runtime::{
    BlockOutcome, Chain, ChainError, Extrinsic, Genesis, InvalidTransaction, Receipt,
};
pub use types::*;

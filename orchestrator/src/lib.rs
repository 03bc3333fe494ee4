//! taonet's orchestrator: the topology format and its validation, the plan (keys, wallets), bootstrap
//! through ordinary extrinsics, the in-process network (`Devnet`) and the run report. The `taonet`
//! binary is a thin CLI over this library.

pub mod bootstrap;
pub mod logs;
pub mod network;
pub mod plan;
pub mod report;
pub mod topology;
pub mod wallet;

pub use network::{ClientKind, Devnet, NetworkError, NetworkOptions};

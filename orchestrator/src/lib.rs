//! taonet orchestrator.

pub mod plan;
pub mod topology;
pub mod wallet;

//! taonet actors.

pub mod axon;
pub mod behaviour;
pub mod scoring;
pub mod strategy;
pub mod task;

//! Integration tests of taonet-actors (one binary).

mod axon;
mod rpc;
mod supervise;

//! Integration tests of taonet-actors (one binary).

mod axon;

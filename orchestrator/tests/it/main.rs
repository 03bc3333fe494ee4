//! taonet's orchestrator integration tests: one binary, a module per area.

mod cli;
mod topology;

//! taonet's orchestrator integration tests: one binary, a module per area.

mod topology;

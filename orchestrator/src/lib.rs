//! taonet orchestrator.

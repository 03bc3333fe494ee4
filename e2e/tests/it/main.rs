//! End-to-end tests: whole topologies run through taonet's `Devnet`, as `taonet up` runs them.

mod behaviours;
mod quickstart;
mod realtime;

use taonet::report::Report;
use taonet::topology;
use taonet::{Devnet, NetworkOptions};

/// Runs `yaml` to block `blocks` with the given overrides and returns the report.
pub fn run(yaml: &str, blocks: u32, options: NetworkOptions) -> Report {
    let topology = match topology::parse(yaml) {
        Ok(t) => t,
        Err(e) => panic!("topology does not parse:\n{e}"),
    };
    let system = actix::System::new();
    system.block_on(async move {
        let mut net = Devnet::spawn(yaml, &topology, &options, |_| {})
            .await
            .expect("the network starts");
        let deadline = std::time::Duration::from_secs(120);
        tokio::time::timeout(deadline, async {
            while net.best_block() < blocks {
                net.advance().await.expect("the network advances");
            }
        })
        .await
        .expect("the run finishes within the deadline");
        net.stop();
        net.report()
    })
}

/// Reads a topology from the repository's `topologies/`.
pub fn topology_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../topologies")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

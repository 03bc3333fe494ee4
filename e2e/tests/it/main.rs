//! End-to-end tests: whole topologies run through taonet's `Devnet`, as `taonet up` runs them.

mod behaviours;
mod btcli;
mod python;
mod python11;
mod quickstart;
mod realtime;
mod rpc_client;
mod scenarios;
mod subxt;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use taonet::report::Report;
use taonet::topology;
use taonet::{Devnet, NetworkOptions};

/// Runs `yaml` to block `blocks` with the given overrides and returns the report.
pub fn run(yaml: &str, blocks: u32, options: NetworkOptions) -> Report {
    run_observed(yaml, blocks, options, |_| {})
}

/// Like [`run`], and calls `observe` with the network after every block it advances (in simulated mode:
/// between blocks, when every actor has acted).
pub fn run_observed(
    yaml: &str,
    blocks: u32,
    options: NetworkOptions,
    mut observe: impl FnMut(&Devnet),
) -> Report {
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
                observe(&net);
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

/// A realtime network serving JSON-RPC on 127.0.0.1, running on its own thread (with its own actix
/// system) so a test can drive real clients, blocking or async, from its own thread. Dropping it stops
/// the network.
pub struct LiveDevnet {
    /// `ws://127.0.0.1:PORT`.
    pub url: String,
    /// Netuid of each subnet of the topology, by name.
    pub netuids: BTreeMap<String, u16>,
    /// The run directory: `wallets/` holds the plan's wallets, as `taonet up` writes them.
    run_dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LiveDevnet {
    /// Starts `yaml` (which must use the realtime clock), writes its wallets and serves RPC on a free
    /// port. Panics if the network does not come up within a minute.
    pub fn start(yaml: &str) -> LiveDevnet {
        let topology = match topology::parse(yaml) {
            Ok(t) => t,
            Err(e) => panic!("topology does not parse:\n{e}"),
        };
        let plan = taonet::plan::plan(&topology, topology.seed);
        let run_dir = tempfile::Builder::new()
            .prefix("taonet-e2e-")
            .tempdir()
            .expect("a temp dir");
        taonet::wallet::write_plan_wallets(&run_dir.path().join("wallets"), &plan)
            .expect("wallets are written");
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let yaml = yaml.to_string();
        let thread = std::thread::spawn(move || {
            let system = actix::System::new();
            system.block_on(async move {
                let started = async {
                    let mut net =
                        Devnet::spawn(&yaml, &topology, &NetworkOptions::default(), |_| {})
                            .await
                            .map_err(|e| e.to_string())?;
                    let addr = net.serve_rpc(Some(0)).await.map_err(|e| e.to_string())?;
                    Ok::<_, String>((net, addr))
                };
                match started.await {
                    Ok((mut net, addr)) => {
                        let netuids: BTreeMap<String, u16> =
                            net.netuids().iter().map(|(k, v)| (k.clone(), *v)).collect();
                        let _ = ready_tx.send(Ok((format!("ws://{addr}"), netuids)));
                        let _ = stop_rx.await;
                        net.stop();
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
        });
        let (url, netuids) = match ready_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(ready)) => ready,
            Ok(Err(e)) => panic!("the network did not start: {e}"),
            Err(e) => panic!("the network did not start within a minute: {e}"),
        };
        LiveDevnet {
            url,
            netuids,
            run_dir,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// The wallets directory (`--wallet-path`).
    pub fn wallets(&self) -> PathBuf {
        self.run_dir.path().join("wallets")
    }

    /// The run directory.
    pub fn run_dir(&self) -> &Path {
        self.run_dir.path()
    }
}

impl Drop for LiveDevnet {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

//! The `taonet` command line: a thin layer over the orchestrator library.

use anyhow::{bail, Context as _, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::time::Duration;
use taonet::topology::{self, Topology};
use taonet::{ClientKind, Devnet, NetworkOptions};

#[derive(Parser)]
#[command(
    name = "taonet",
    version,
    about = "An all-in-one local devnet for Bittensor"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ClockArg {
    Realtime,
    Simulated,
}

#[derive(Clone, Copy, ValueEnum)]
enum ClientArg {
    InProcess,
    Rpc,
}

#[derive(Subcommand)]
enum Command {
    /// Run a network; with no TOPOLOGY, the built-in quickstart.
    Up {
        /// Topology file.
        topology: Option<PathBuf>,
        /// Stop after block N (otherwise run until Ctrl-C / SIGTERM).
        #[arg(long)]
        blocks: Option<u32>,
        /// Override the topology seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Override the topology clock.
        #[arg(long, value_enum)]
        clock: Option<ClockArg>,
        /// Chain JSON-RPC port (default 9944 when free, else a free port; printed at start).
        #[arg(long)]
        rpc_port: Option<u16>,
        /// Logs, wallets and state (default: a fresh temp dir, kept on failure).
        #[arg(long)]
        run_dir: Option<PathBuf>,
        /// Write the run report (JSON) here on exit.
        #[arg(long)]
        report: Option<PathBuf>,
        /// How actors reach the chain: directly, or over JSON-RPC (realtime clock only).
        #[arg(long, value_enum, default_value_t = ClientArg::InProcess)]
        client: ClientArg,
    },
    /// Print every error in a topology; exit 1 if any.
    Validate {
        /// Topology file.
        topology: PathBuf,
    },
    /// Run only the chain.
    Node {
        /// Block interval in milliseconds.
        #[arg(long, default_value_t = 250)]
        block_time: u64,
        /// Stop after block N.
        #[arg(long)]
        blocks: Option<u32>,
        /// Chain JSON-RPC port (default 9944 when free, else a free port; printed at start).
        #[arg(long)]
        rpc_port: Option<u16>,
    },
}

fn read_topology(path: Option<&Path>) -> Result<(String, Topology)> {
    let yaml = match path {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        None => topology::QUICKSTART.to_string(),
    };
    match topology::parse(&yaml) {
        Ok(t) => Ok((yaml, t)),
        Err(errors) => {
            for e in errors.errors() {
                eprintln!("error: {e}");
            }
            bail!("{} error(s) in the topology", errors.len())
        }
    }
}

struct UpArgs {
    topology: Option<PathBuf>,
    blocks: Option<u32>,
    seed: Option<u64>,
    clock: Option<ClockArg>,
    rpc_port: Option<u16>,
    run_dir: Option<PathBuf>,
    report: Option<PathBuf>,
    client: ClientArg,
}

async fn up(args: UpArgs) -> Result<()> {
    let (yaml, topology) = read_topology(args.topology.as_deref())?;
    let (run_dir, temp) = match &args.run_dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            (d.clone(), None)
        }
        None => {
            let t = tempfile::Builder::new().prefix("taonet-").tempdir()?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    taonet::logs::init(&run_dir)?;
    let seed = args.seed.unwrap_or(topology.seed);
    let plan = taonet::plan::plan(&topology, seed);
    taonet::wallet::write_plan_wallets(&run_dir.join("wallets"), &plan)?;

    let spinner = ProgressBar::new_spinner();
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(Duration::from_millis(80));
    let options = NetworkOptions {
        seed: args.seed,
        clock: args.clock.map(|c| match c {
            ClockArg::Realtime => topology::Clock::Realtime,
            ClockArg::Simulated => topology::Clock::Simulated,
        }),
        client: match args.client {
            ClientArg::InProcess => ClientKind::InProcess,
            ClientArg::Rpc => ClientKind::Rpc,
        },
    };
    let started = std::time::Instant::now();
    let result = Devnet::spawn(&yaml, &topology, &options, |step| {
        spinner.set_message(step.to_string())
    })
    .await;
    let mut net = match result {
        Ok(n) => n,
        Err(e) => {
            spinner.finish_and_clear();
            if let Some(t) = temp {
                eprintln!("run dir kept at {}", t.keep().display());
            }
            return Err(e.into());
        }
    };
    spinner.finish_and_clear();
    let rpc = net.serve_rpc(args.rpc_port).await?;
    println!(
        "taonet: `{}` up in {} ms (seed {seed}, {:?} clock)",
        topology.name,
        started.elapsed().as_millis(),
        net.clock()
    );
    println!("chain: ws://{rpc}");
    println!("run dir: {}", run_dir.display());
    println!("wallets: {}", run_dir.join("wallets").display());
    for (name, netuid) in net.netuids() {
        println!("subnet {name}: netuid {netuid}");
    }
    let status = ProgressBar::new_spinner();
    status.set_style(
        ProgressStyle::with_template("{msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let mut last_status = std::time::Instant::now();
    let ctrl_c = shutdown_signal();
    tokio::pin!(ctrl_c);
    let outcome: Result<()> = loop {
        if args.blocks.is_some_and(|b| net.best_block() >= b) {
            break Ok(());
        }
        tokio::select! {
            _ = &mut ctrl_c => break Ok(()),
            step = net.advance() => {
                if let Err(e) = step {
                    break Err(e.into());
                }
                if last_status.elapsed() >= Duration::from_millis(200) {
                    status.set_message(net.status_line());
                    last_status = std::time::Instant::now();
                }
            }
        }
    };
    status.finish_with_message(net.status_line());
    net.stop();
    if let Some(path) = &args.report {
        let report = net.report();
        let json = serde_json::to_string_pretty(&report)?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
        println!("report: {}", path.display());
    }
    if outcome.is_err() {
        if let Some(t) = temp {
            eprintln!("run dir kept at {}", t.keep().display());
        }
    }
    outcome
}

async fn node(block_time: u64, blocks: Option<u32>, rpc_port: Option<u16>) -> Result<()> {
    use actix::Actor;
    use taonet_actors::node::{ChainNode, Clock, NodeShared};
    let mut genesis = taonet_chain::Genesis::devnet()?;
    genesis.block_time_ms = block_time;
    let shared = NodeShared::new(taonet_chain::Chain::new(genesis));
    let mut outcomes = shared.subscribe();
    let _node = ChainNode::new(
        shared.clone(),
        Clock::Realtime,
        Duration::from_millis(block_time.max(1)),
    )
    .start();
    let (rpc, _rpc_handle) = taonet_actors::rpc::serve_local(
        shared.clone(),
        rpc_port,
        taonet_actors::rpc::RpcOptions::default(),
    )
    .await?;
    println!("taonet node: producing a block every {block_time} ms");
    println!("chain: ws://{rpc}");
    let ctrl_c = shutdown_signal();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            _ = &mut ctrl_c => return Ok(()),
            outcome = outcomes.recv() => {
                if let Ok(o) = outcome {
                    println!("#{} 0x{}", o.header.number, hex::encode(o.hash));
                    if blocks.is_some_and(|b| o.header.number >= b) {
                        return Ok(());
                    }
                }
            }
        }
    }
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, so `docker stop` and process managers stop a run cleanly.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { topology } => {
            let yaml = std::fs::read_to_string(&topology)
                .with_context(|| format!("reading {}", topology.display()))?;
            match topology::parse(&yaml) {
                Ok(t) => {
                    println!(
                        "{}: ok ({} subnet(s), {} bot(s))",
                        topology.display(),
                        t.subnets.len(),
                        t.bots.len()
                    );
                    Ok(())
                }
                Err(errors) => {
                    for e in errors.errors() {
                        println!("{e}");
                    }
                    std::process::exit(1);
                }
            }
        }
        Command::Up {
            topology,
            blocks,
            seed,
            clock,
            rpc_port,
            run_dir,
            report,
            client,
        } => {
            let system = actix::System::new();
            system.block_on(up(UpArgs {
                topology,
                blocks,
                seed,
                clock,
                rpc_port,
                run_dir,
                report,
                client,
            }))
        }
        Command::Node {
            block_time,
            blocks,
            rpc_port,
        } => {
            let system = actix::System::new();
            system.block_on(node(block_time, blocks, rpc_port))
        }
    }
}

//! `Devnet`: a whole network from a topology, in one process. `spawn` builds the chain, starts the
//! actors and bootstraps the subnets; `advance` moves the network one block; `report` reads the result.
//! Must be called inside an actix system (the `taonet` binary and the tests provide one).
//!
//! Actors reach the chain through a [`ChainClient`]: in-process by default, or, with
//! [`ClientKind::Rpc`], over a real websocket to the chain's JSON-RPC, served on 127.0.0.1 on a thread of
//! its own (an actor blocks its arbiter while it waits for an answer, so the server must not share it).

use crate::bootstrap::{self, simulated_axon_port, BootstrapError};
use crate::plan::{plan, Plan, Role};
use crate::report::{self, BotReport, Report, ReportInputs};
use crate::topology::{self, Behaviour as TopoBehaviour, Strategy as TopoStrategy, Topology};
use actix::prelude::*;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use taonet_actors::axon::Dendrite;
use taonet_actors::behaviour::Behaviour;
use taonet_actors::client::{ChainClient, ClientError, InProcessClient};
use taonet_actors::client_rpc::RpcClient;
use taonet_actors::market_maker::MarketMaker;
use taonet_actors::miner::{Miner, ServeAxon};
use taonet_actors::node::{BlockSealed, ChainNode, Clock, NodeShared, Subscribe};
use taonet_actors::seller::Seller;
use taonet_actors::sim::{SimDriver, SimError};
use taonet_actors::strategy::Strategy;
use taonet_actors::validator::{Transport, Validator, ValidatorTiming};
use taonet_chain::event::{Event, SubtensorEvent};
use taonet_chain::keys::Keypair;
use taonet_chain::{AccountId, BlockOutcome, Chain, Genesis, NetUid};
use tokio::sync::broadcast;

/// Why a network could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// The chain could not be created.
    #[error(transparent)]
    Chain(#[from] taonet_chain::ChainError),
    /// A bootstrap extrinsic failed.
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    /// The simulated driver failed.
    #[error(transparent)]
    Sim(#[from] SimError),
    /// A miner's axon could not start.
    #[error("miner {name}: axon did not start: {reason}")]
    Axon {
        /// The miner.
        name: String,
        /// Why.
        reason: String,
    },
    /// The node stopped producing blocks.
    #[error("the chain node stopped")]
    NodeStopped,
    /// The JSON-RPC server could not start.
    #[error(transparent)]
    Rpc(#[from] taonet_actors::rpc::RpcError),
    /// The RPC client is only offered with the realtime clock: simulated mode's determinism relies on
    /// in-process ordering.
    #[error("the RPC client needs the realtime clock (simulated mode is deterministic only in-process); use `--clock realtime` or `--client in-process`")]
    RpcClientNeedsRealtime,
    /// The server actors reach the chain through could not start on its own thread.
    #[error("cannot serve JSON-RPC to the actors: {0}")]
    ClientServer(String),
    /// An actor's RPC client could not connect.
    #[error("{actor}: {source}")]
    Client {
        /// The actor.
        actor: String,
        /// Why.
        source: ClientError,
    },
}

/// How actors reach the chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClientKind {
    /// Directly, in the node's process (the default; the only choice in simulated mode).
    #[default]
    InProcess,
    /// Over the chain's JSON-RPC websocket, as an external client does (realtime mode only).
    Rpc,
}

/// Overrides from the command line.
#[derive(Clone, Debug, Default)]
pub struct NetworkOptions {
    /// Replaces the topology's seed.
    pub seed: Option<u64>,
    /// Replaces the topology's clock.
    pub clock: Option<topology::Clock>,
    /// How actors reach the chain.
    pub client: ClientKind,
}

/// The chain's JSON-RPC, served for the actors on a thread (and tokio runtime) of its own. Dropping it
/// stops the server, which ends the thread.
struct ActorRpc {
    url: String,
    handle: taonet_actors::rpc::ServerHandle,
}

impl Drop for ActorRpc {
    fn drop(&mut self) {
        let _ = self.handle.stop();
    }
}

impl ActorRpc {
    /// Serves `shared` on 127.0.0.1 on a free port, with `finality_lag`.
    fn serve(shared: Arc<NodeShared>, finality_lag: u32) -> Result<ActorRpc, NetworkError> {
        let opts = taonet_actors::rpc::RpcOptions {
            finality_lag,
            ..Default::default()
        };
        let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("taonet-actor-rpc".to_string())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("taonet-actor-rpc")
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(NetworkError::ClientServer(e.to_string())));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match taonet_actors::rpc::serve_local(shared, Some(0), opts).await {
                        Ok((addr, handle)) => {
                            if ready_tx.send(Ok((addr, handle.clone()))).is_ok() {
                                handle.stopped().await;
                            }
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e.into()));
                        }
                    }
                });
            })
            .map_err(|e| NetworkError::ClientServer(e.to_string()))?;
        match ready_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok((addr, handle))) => Ok(ActorRpc {
                url: format!("ws://{addr}"),
                handle,
            }),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(NetworkError::ClientServer(
                "the server did not start within 30 s".to_string(),
            )),
        }
    }
}

/// The chain client of the actor called `name`.
fn client_for(
    shared: &Arc<NodeShared>,
    rpc: Option<&ActorRpc>,
    name: &str,
) -> Result<Arc<dyn ChainClient>, NetworkError> {
    Ok(match rpc {
        None => Arc::new(InProcessClient::new(shared.clone(), name)),
        Some(rpc) => {
            Arc::new(
                RpcClient::connect(&rpc.url).map_err(|source| NetworkError::Client {
                    actor: name.to_string(),
                    source,
                })?,
            )
        }
    })
}

/// A running network.
pub struct Devnet {
    shared: Arc<NodeShared>,
    clock: Clock,
    driver: Option<SimDriver>,
    node: Option<Addr<ChainNode>>,
    outcomes: broadcast::Receiver<Arc<BlockOutcome>>,
    plan: Plan,
    netuids: BTreeMap<String, NetUid>,
    seed: u64,
    topology_sha256: String,
    finality_lag: u32,
    bots: BTreeMap<AccountId, BotReport>,
    emitted_rao: u64,
    recycled_rao: u64,
    genesis_issuance_rao: u64,
    block_time: Duration,
    /// Actors stop when nothing holds their address: the network keeps its miners (and their axons).
    miners: BTreeMap<String, Addr<Miner>>,
    /// The chain's JSON-RPC server, once served.
    rpc: Option<taonet_actors::rpc::ServerHandle>,
    /// The server the actors' RPC clients talk to ([`ClientKind::Rpc`]).
    actor_rpc: Option<ActorRpc>,
}

fn actor_behaviour(b: TopoBehaviour) -> Behaviour {
    match b {
        TopoBehaviour::Honest => Behaviour::Honest,
        TopoBehaviour::Noisy => Behaviour::Noisy,
        TopoBehaviour::Lazy => Behaviour::Lazy,
        TopoBehaviour::Offline => Behaviour::Offline,
        TopoBehaviour::Slow => Behaviour::Slow,
    }
}

fn actor_strategy(bot: &crate::plan::PlannedBot) -> Strategy {
    let base = match bot.strategy {
        TopoStrategy::Noise => "noise",
        TopoStrategy::MeanReversion => "mean_reversion",
        TopoStrategy::Momentum => "momentum",
        TopoStrategy::Whale => "whale",
    };
    let mut strategy: Strategy = match base.parse() {
        Ok(s) => s,
        Err(_) => Strategy::Noise {
            trade_probability: 0.3,
            trade_fraction: 0.05,
        },
    };
    if let Strategy::MeanReversion {
        target, band_bps, ..
    } = &mut strategy
    {
        if bot.params.target_price_rao.is_some() {
            *target = bot.params.target_price_rao;
        }
        *band_bps = (bot.params.band_ppm / 100).max(1);
    }
    strategy
}

impl Devnet {
    /// Builds the chain, starts the actors and bootstraps every subnet. `progress` hears each step.
    pub async fn spawn(
        yaml: &str,
        topology: &Topology,
        options: &NetworkOptions,
        mut progress: impl FnMut(&str),
    ) -> Result<Self, NetworkError> {
        let seed = options.seed.unwrap_or(topology.seed);
        let clock = match options.clock.unwrap_or(topology.chain.clock) {
            topology::Clock::Realtime => Clock::Realtime,
            topology::Clock::Simulated => Clock::Simulated,
        };
        if options.client == ClientKind::Rpc && clock == Clock::Simulated {
            return Err(NetworkError::RpcClientNeedsRealtime);
        }
        let plan = plan(topology, seed);
        progress("creating genesis");
        let mut genesis = Genesis::devnet()?;
        genesis.block_time_ms = topology.chain.block_time_ms;
        for f in plan.funding() {
            if f.payer == crate::plan::Payer::Genesis {
                genesis.balances.push((f.account, f.amount_rao));
            }
        }
        let genesis_issuance_rao = genesis.balances.iter().map(|(_, b)| *b).sum();
        let sudo = Keypair::from_dev_uri("//Alice").map_err(taonet_chain::ChainError::from)?;
        let shared = NodeShared::new(Chain::new(genesis));
        let outcomes = shared.subscribe();
        let block_time = Duration::from_millis(topology.chain.block_time_ms.max(1));

        // Miners first: in realtime mode their axons must listen before they are served on chain.
        progress("starting miners");
        let mut miners: BTreeMap<String, Addr<Miner>> = BTreeMap::new();
        let mut miner_by_hotkey: BTreeMap<NetUid, BTreeMap<AccountId, Addr<Miner>>> =
            BTreeMap::new();
        let mut axon_ports = BTreeMap::new();
        for (subnet_index, subnet) in plan.subnets.iter().enumerate() {
            for (i, neuron) in subnet.neurons.iter().enumerate() {
                let (Role::Miner, Some(b)) = (neuron.role, neuron.behaviour) else {
                    continue;
                };
                let miner = Miner::new(
                    neuron.name.clone(),
                    actor_behaviour(b),
                    neuron.hotkey.clone(),
                    seed,
                );
                let addr = Supervisor::start(move |_| miner);
                let port = match clock {
                    Clock::Simulated => simulated_axon_port(i),
                    Clock::Realtime if b == TopoBehaviour::Offline => simulated_axon_port(i),
                    Clock::Realtime => {
                        let bind = SocketAddr::from(([127, 0, 0, 1], 0));
                        let served = addr.send(ServeAxon { bind }).await.map_err(|e| {
                            NetworkError::Axon {
                                name: neuron.name.clone(),
                                reason: e.to_string(),
                            }
                        })?;
                        served
                            .map_err(|reason| NetworkError::Axon {
                                name: neuron.name.clone(),
                                reason,
                            })?
                            .port()
                    }
                };
                axon_ports.insert(neuron.name.clone(), port);
                miner_by_hotkey
                    .entry(subnet_index as NetUid)
                    .or_default()
                    .insert(neuron.hotkey.account_id(), addr.clone());
                miners.insert(neuron.name.clone(), addr);
            }
        }

        let netuids =
            bootstrap::bootstrap(&shared, clock, &plan, &sudo, &axon_ports, &mut progress)?;

        let actor_rpc = match options.client {
            ClientKind::InProcess => None,
            ClientKind::Rpc => {
                progress("serving JSON-RPC to the actors");
                Some(ActorRpc::serve(
                    shared.clone(),
                    topology.chain.finality_lag,
                )?)
            }
        };
        progress("starting validators and bots");
        let node = ChainNode::new(shared.clone(), clock, block_time).start();
        let mut driver = (clock == Clock::Simulated).then(|| SimDriver::new(node.clone()));
        let start_block = shared.read(|c| c.best_number()) + 1;
        let mut recipients: Vec<(String, Recipient<BlockSealed>)> = Vec::new();
        for (subnet_index, subnet) in plan.subnets.iter().enumerate() {
            let Some(netuid) = netuids.get(&subnet.name).copied() else {
                continue;
            };
            for neuron in subnet.neurons.iter().filter(|n| n.role == Role::Validator) {
                let client = client_for(&shared, actor_rpc.as_ref(), &neuron.name)?;
                let transport = match clock {
                    Clock::Simulated => Transport::InProcess(
                        miner_by_hotkey
                            .get(&(subnet_index as NetUid))
                            .cloned()
                            .unwrap_or_default(),
                    ),
                    Clock::Realtime => {
                        Transport::Http(Arc::new(Dendrite::new(neuron.hotkey.clone())))
                    }
                };
                let interval = neuron.query_interval_blocks.unwrap_or(5).max(1) as u32;
                let timing = ValidatorTiming {
                    query_interval: interval,
                    weights_interval: (u32::from(subnet.tempo) / 2).max(interval),
                    timeout_ms: neuron.timeout_ms.unwrap_or(12_000),
                };
                let v = Validator::new(
                    neuron.name.clone(),
                    netuid,
                    neuron.hotkey.clone(),
                    client,
                    transport,
                    timing,
                    seed,
                )
                .with_scoring(neuron.actor_scoring());
                let addr = Supervisor::start(move |_| v);
                recipients.push((neuron.name.clone(), addr.recipient()));
            }
        }
        let mut bots = BTreeMap::new();
        for bot in &plan.bots {
            let (Some(netuid), Some(owner_hotkey)) = (
                netuids.get(&bot.subnet).copied(),
                plan.subnets
                    .iter()
                    .find(|s| s.name == bot.subnet)
                    .and_then(|s| plan.account(&s.owner))
                    .map(|a| a.hotkey.account_id()),
            ) else {
                continue;
            };
            let client = client_for(&shared, actor_rpc.as_ref(), &bot.name)?;
            let strategy = actor_strategy(bot);
            let strategy_name = strategy.name().to_string();
            let mm = MarketMaker::new(
                bot.name.clone(),
                netuid,
                bot.coldkey.clone(),
                owner_hotkey,
                client,
                strategy,
                bot.interval_blocks.max(1) as u32,
                bot.budget_rao,
                seed,
            );
            let addr = Supervisor::start(move |_| mm);
            recipients.push((bot.name.clone(), addr.recipient()));
            bots.insert(
                bot.coldkey.account_id(),
                BotReport {
                    name: bot.name.clone(),
                    strategy: strategy_name,
                    ..BotReport::default()
                },
            );
        }
        for late in bootstrap::late_registrations(&plan, &netuids, &axon_ports) {
            let client = client_for(&shared, actor_rpc.as_ref(), &late.name)?;
            let name = late.name.clone();
            let addr = bootstrap::LateRegistrar::new(late, client).start();
            recipients.push((name, addr.recipient()));
        }
        for config in bootstrap::earnings_sellers(&plan, &netuids) {
            let client = client_for(&shared, actor_rpc.as_ref(), &config.name)?;
            let name = config.name.clone();
            let seller = Seller::new(config, client);
            let addr = Supervisor::start(move |_| seller);
            recipients.push((name, addr.recipient()));
        }
        for (name, recipient) in recipients {
            match &mut driver {
                Some(d) => d.add(name, recipient, start_block),
                None => node.do_send(Subscribe(recipient)),
            }
        }
        let mut devnet = Devnet {
            shared,
            clock,
            driver,
            node: Some(node),
            outcomes,
            plan,
            netuids,
            seed,
            topology_sha256: topology::topology_sha256(yaml),
            finality_lag: topology.chain.finality_lag,
            bots,
            emitted_rao: 0,
            recycled_rao: 0,
            genesis_issuance_rao,
            block_time,
            miners,
            rpc: None,
            actor_rpc,
        };
        devnet.drain_outcomes();
        Ok(devnet)
    }

    fn account(&mut self, outcome: &BlockOutcome) {
        self.emitted_rao = self.emitted_rao.saturating_add(outcome.coinbase.tao_minted);
        self.recycled_rao = self
            .recycled_rao
            .saturating_add(outcome.coinbase.tao_recycled);
        for record in &outcome.events {
            match &record.event {
                Event::SubtensorModule(SubtensorEvent::StakeAdded(cold, _, tao, _, _, _)) => {
                    if let Some(bot) = self.bots.get_mut(cold) {
                        bot.trades += 1;
                        bot.tao_spent_rao = bot.tao_spent_rao.saturating_add(*tao);
                    }
                }
                Event::SubtensorModule(SubtensorEvent::StakeRemoved(cold, _, tao, _, _, _)) => {
                    if let Some(bot) = self.bots.get_mut(cold) {
                        bot.trades += 1;
                        bot.tao_received_rao = bot.tao_received_rao.saturating_add(*tao);
                    }
                }
                _ => {}
            }
        }
    }

    fn drain_outcomes(&mut self) {
        loop {
            match self.outcomes.try_recv() {
                Ok(outcome) => self.account(&outcome),
                Err(broadcast::error::TryRecvError::Lagged(_)) => continue,
                Err(_) => break,
            }
        }
    }

    /// Moves the network forward by one block and returns its number: built at once in simulated mode,
    /// awaited from the node's timer in realtime mode.
    pub async fn advance(&mut self) -> Result<u32, NetworkError> {
        match &mut self.driver {
            Some(driver) => {
                let outcome = driver.step().await?;
                self.drain_outcomes();
                Ok(outcome.header.number)
            }
            None => {
                let deadline = self.block_time * 20 + Duration::from_secs(5);
                loop {
                    match tokio::time::timeout(deadline, self.outcomes.recv()).await {
                        Ok(Ok(outcome)) => {
                            self.account(&outcome);
                            return Ok(outcome.header.number);
                        }
                        Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
                        Ok(Err(_)) | Err(_) => return Err(NetworkError::NodeStopped),
                    }
                }
            }
        }
    }

    /// The best block number.
    pub fn best_block(&self) -> u32 {
        self.shared.read(|c| c.best_number())
    }

    /// The clock this network runs on.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Netuid of each subnet by name.
    pub fn netuids(&self) -> &BTreeMap<String, NetUid> {
        &self.netuids
    }

    /// The plan the network was built from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Reads the chain at the best block.
    pub fn read<R>(&self, f: impl FnOnce(&Chain) -> R) -> R {
        self.shared.read(f)
    }

    /// One line for the live status display.
    pub fn status_line(&self) -> String {
        self.shared.read(|c| {
            let s = c.storage();
            let mut parts = vec![format!("block #{}", c.best_number())];
            for (name, netuid) in &self.netuids {
                let price = taonet_chain::pool::spot_price_rao(s, *netuid) as f64 / 1e9;
                let epochs = taonet_chain::items::SubnetEpochIndex::get(s, netuid);
                parts.push(format!(
                    "{name} (netuid {netuid}): epoch {epochs}, price {price:.6} TAO/α"
                ));
            }
            parts.join(" | ")
        })
    }

    /// The run report at the best block.
    pub fn report(&self) -> Report {
        let runtime = "in-process";
        self.shared.read(|chain| {
            report::build(
                chain,
                ReportInputs {
                    plan: &self.plan,
                    netuids: &self.netuids,
                    seed: self.seed,
                    topology_sha256: self.topology_sha256.clone(),
                    finality_lag: self.finality_lag,
                    runtime,
                    bots: self.bots.values().cloned().collect(),
                    emitted_rao: self.emitted_rao,
                    recycled_rao: self.recycled_rao,
                    genesis_issuance_rao: self.genesis_issuance_rao,
                },
            )
        })
    }

    /// Serves the chain's JSON-RPC on 127.0.0.1 (`port`, else 9944 when free, else a free port), with
    /// the topology's finality lag; returns the bound address. Served until [`Devnet::stop`].
    pub async fn serve_rpc(&mut self, port: Option<u16>) -> Result<SocketAddr, NetworkError> {
        let opts = taonet_actors::rpc::RpcOptions {
            finality_lag: self.finality_lag,
            ..Default::default()
        };
        let (addr, handle) =
            taonet_actors::rpc::serve_local(self.shared.clone(), port, opts).await?;
        self.rpc = Some(handle);
        Ok(addr)
    }

    /// The URL of the JSON-RPC server the actors' clients talk to, with [`ClientKind::Rpc`].
    pub fn actor_rpc_url(&self) -> Option<&str> {
        self.actor_rpc.as_ref().map(|r| r.url.as_str())
    }

    /// Stops block production and the RPC servers.
    pub fn stop(&mut self) {
        if let Some(rpc) = self.rpc.take() {
            let _ = rpc.stop();
        }
        self.actor_rpc.take();
        self.node.take();
        self.miners.clear();
    }
}

//! `ChainNode`: the actor that owns the chain and its transaction pool, produces blocks (on a timer in
//! realtime mode, on request in simulated mode) and publishes every block's outcome.

use actix::prelude::*;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use taonet_chain::call::Call;
use taonet_chain::{AccountId, BlockOutcome, Chain, Extrinsic, InvalidTransaction};
use tokio::sync::broadcast;

/// How blocks are produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// A block every `block_time`; actors act concurrently.
    Realtime,
    /// Blocks as fast as asked; actors act in a fixed order between blocks.
    Simulated,
}

/// A pending transaction with the name and sequence number of the actor that sent it.
#[derive(Clone, Debug)]
struct PoolEntry {
    actor: String,
    seq: u64,
    signer: AccountId,
    call: Call,
}

/// State shared between the node and the in-process clients.
pub struct NodeShared {
    chain: RwLock<Chain>,
    pool: Mutex<Vec<PoolEntry>>,
    outcomes: broadcast::Sender<Arc<BlockOutcome>>,
}

impl NodeShared {
    /// Wraps a chain.
    pub fn new(chain: Chain) -> Arc<Self> {
        let (outcomes, _) = broadcast::channel(4096);
        Arc::new(NodeShared {
            chain: RwLock::new(chain),
            pool: Mutex::new(Vec::new()),
            outcomes,
        })
    }

    /// Runs `f` on the chain at its best block.
    pub fn read<R>(&self, f: impl FnOnce(&Chain) -> R) -> R {
        let guard = match self.chain.read() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&guard)
    }

    /// Queues `call` from `signer`; `actor` and `seq` fix its place in simulated mode.
    pub fn submit(&self, actor: &str, seq: u64, signer: AccountId, call: Call) {
        let mut pool = match self.pool.lock() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        pool.push(PoolEntry {
            actor: actor.to_string(),
            seq,
            signer,
            call,
        });
    }

    /// Subscribes to block outcomes.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BlockOutcome>> {
        self.outcomes.subscribe()
    }

    /// Builds the next block from the pool. In simulated mode the pool is put in canonical order (actor
    /// name, then the actor's sequence number) first; in realtime mode arrival order stands. Nonces are
    /// assigned per signer in that order.
    pub fn produce(&self, clock: Clock) -> Arc<BlockOutcome> {
        let mut entries = {
            let mut pool = match self.pool.lock() {
                Ok(p) => p,
                Err(poisoned) => poisoned.into_inner(),
            };
            std::mem::take(&mut *pool)
        };
        if clock == Clock::Simulated {
            entries.sort_by(|a, b| a.actor.cmp(&b.actor).then(a.seq.cmp(&b.seq)));
        }
        let mut chain = match self.chain.write() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut next_nonce: std::collections::HashMap<AccountId, u32> =
            std::collections::HashMap::new();
        let extrinsics: Vec<Extrinsic> = entries
            .iter()
            .map(|e| {
                let nonce = next_nonce
                    .entry(e.signer)
                    .or_insert_with(|| chain.account_nonce(&e.signer));
                let ext = Extrinsic {
                    signer: e.signer,
                    nonce: *nonce,
                    call: e.call.clone(),
                };
                *nonce += 1;
                ext
            })
            .collect();
        let outcome = Arc::new(chain.build_block(extrinsics));
        drop(chain);
        // Anything with a future nonce goes back to the pool for the next block.
        let retry: Vec<PoolEntry> = outcome
            .receipts
            .iter()
            .zip(entries)
            .filter(|(r, _)| r.outcome == Err(InvalidTransaction::Future))
            .map(|(_, e)| e)
            .collect();
        if !retry.is_empty() {
            let mut pool = match self.pool.lock() {
                Ok(p) => p,
                Err(poisoned) => poisoned.into_inner(),
            };
            pool.splice(0..0, retry);
        }
        let _ = self.outcomes.send(outcome.clone());
        outcome
    }
}

/// Sent to actors after every block they asked to see.
#[derive(Clone, Copy, Debug, Message)]
#[rtype(result = "Wake")]
pub struct BlockSealed {
    /// The block just built.
    pub number: u32,
}

/// An actor's answer to [`BlockSealed`]: the next block it wants to see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, MessageResponse)]
pub struct Wake(pub u32);

/// Asks the node to build one block now.
#[derive(Clone, Copy, Debug, Message)]
#[rtype(result = "Arc<BlockOutcome>")]
pub struct ProduceBlock;

/// Registers an actor to be told about every block (realtime mode).
#[derive(Clone, Message)]
#[rtype(result = "()")]
pub struct Subscribe(pub Recipient<BlockSealed>);

/// The node actor.
pub struct ChainNode {
    shared: Arc<NodeShared>,
    clock: Clock,
    block_time: Duration,
    subscribers: Vec<Recipient<BlockSealed>>,
}

impl ChainNode {
    /// A node over `shared` producing blocks by `clock`.
    pub fn new(shared: Arc<NodeShared>, clock: Clock, block_time: Duration) -> Self {
        ChainNode {
            shared,
            clock,
            block_time,
            subscribers: Vec::new(),
        }
    }

    fn produce(&mut self) -> Arc<BlockOutcome> {
        let outcome = self.shared.produce(self.clock);
        if self.clock == Clock::Realtime {
            let number = outcome.header.number;
            for s in &self.subscribers {
                s.do_send(BlockSealed { number });
            }
        }
        outcome
    }
}

impl Actor for ChainNode {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        if self.clock == Clock::Realtime {
            ctx.run_interval(self.block_time, |node, _| {
                node.produce();
            });
        }
    }
}

impl Handler<ProduceBlock> for ChainNode {
    type Result = MessageResult<ProduceBlock>;

    fn handle(&mut self, _: ProduceBlock, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.produce())
    }
}

impl Handler<Subscribe> for ChainNode {
    type Result = ();

    fn handle(&mut self, msg: Subscribe, _: &mut Self::Context) {
        self.subscribers.push(msg.0);
    }
}

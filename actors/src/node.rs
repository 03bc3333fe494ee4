//! `ChainNode`: the actor that owns the chain and its transaction pool, produces blocks (on a timer in
//! realtime mode, on request in simulated mode) and publishes every block's outcome.
//!
//! The pool holds two kinds of entries: calls from in-process actors (trusted; their nonces are assigned
//! when the block is built) and real signed extrinsics submitted over RPC ([`NodeShared::submit_raw`]),
//! which are checked on submission (signature, mortality, nonce) and carry their own nonce and bytes.

use actix::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use taonet_chain::call::Call;
use taonet_chain::runtime::EncodedExtrinsic;
use taonet_chain::transaction::{self, CheckedExtrinsic, TxError};
use taonet_chain::{AccountId, BlockOutcome, Chain, Extrinsic, InvalidTransaction, H256};
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
    kind: EntryKind,
}

#[derive(Clone, Debug)]
enum EntryKind {
    /// From an in-process actor: the nonce is assigned when the block is built.
    InProcess(Box<Call>),
    /// A checked signed extrinsic (from RPC) with its own nonce and bytes.
    Raw(Box<CheckedExtrinsic>),
}

/// The pool: its entries in order, plus indexes over them so that submitting, `account_nextIndex` and
/// "is it pending" cost a lookup, not a scan of the whole pool (a scan per submission made filling the
/// pool quadratic).
#[derive(Default)]
struct Pool {
    entries: Vec<PoolEntry>,
    /// Per signer: the nonces of its pending signed extrinsics, with their hashes.
    raw: HashMap<AccountId, BTreeMap<u32, H256>>,
    /// The hashes of every pending signed extrinsic.
    hashes: HashSet<H256>,
    /// Per signer: how many in-process calls wait.
    in_process: HashMap<AccountId, u32>,
}

impl Pool {
    fn index(&mut self, entry: &PoolEntry) {
        match &entry.kind {
            EntryKind::Raw(c) => {
                self.raw
                    .entry(c.extrinsic.signer)
                    .or_default()
                    .insert(c.extrinsic.nonce, c.hash);
                self.hashes.insert(c.hash);
            }
            EntryKind::InProcess(_) => *self.in_process.entry(entry.signer).or_default() += 1,
        }
    }

    fn push(&mut self, entry: PoolEntry) {
        self.index(&entry);
        self.entries.push(entry);
    }

    fn insert(&mut self, at: usize, entry: PoolEntry) {
        self.index(&entry);
        self.entries.insert(at, entry);
    }

    /// Empties the pool, returning its entries in order.
    fn take(&mut self) -> Vec<PoolEntry> {
        self.raw.clear();
        self.hashes.clear();
        self.in_process.clear();
        std::mem::take(&mut self.entries)
    }

    /// Puts `entries` back at the front of the pool.
    fn prepend(&mut self, entries: Vec<PoolEntry>) {
        for e in &entries {
            self.index(e);
        }
        self.entries.splice(0..0, entries);
    }

    /// Where a signed extrinsic of `signer` with `nonce` goes: before the first of the signer's pending
    /// extrinsics with a higher nonce (so a block can take them all in order), else at the end.
    fn position_for(&self, signer: &AccountId, nonce: u32) -> usize {
        let has_higher = self.raw.get(signer).is_some_and(|nonces| {
            nonces
                .range((std::ops::Bound::Excluded(nonce), std::ops::Bound::Unbounded))
                .next()
                .is_some()
        });
        if !has_higher {
            return self.entries.len();
        }
        self.entries
            .iter()
            .position(|e| {
                matches!(&e.kind, EntryKind::Raw(c)
                    if c.extrinsic.signer == *signer && c.extrinsic.nonce > nonce)
            })
            .unwrap_or(self.entries.len())
    }

    /// The nonce after `base` (the account nonce) once `who`'s pending in-process calls and its signed
    /// extrinsics that continue the sequence are counted.
    fn next_in(&self, who: &AccountId, base: u32) -> u32 {
        let in_process = self.in_process.get(who).copied().unwrap_or(0);
        let mut next = base.saturating_add(in_process);
        if let Some(pending) = self.raw.get(who) {
            while pending.contains_key(&next) {
                next = next.saturating_add(1);
            }
        }
        next
    }
}

/// The actor name RPC-submitted extrinsics sort under in simulated mode (after every actor).
const RPC_ACTOR: &str = "~rpc";

/// A signed extrinsic accepted into the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Submitted {
    /// Its hash (blake2_256 of the submitted bytes).
    pub hash: H256,
    /// Whether it can go into the next block (`ready`), or waits for lower nonces (`future`).
    pub ready: bool,
}

/// State shared between the node and the in-process clients.
pub struct NodeShared {
    chain: RwLock<Chain>,
    pool: Mutex<Pool>,
    outcomes: broadcast::Sender<Arc<BlockOutcome>>,
    rpc_seq: std::sync::atomic::AtomicU64,
}

impl NodeShared {
    /// Wraps a chain.
    pub fn new(chain: Chain) -> Arc<Self> {
        let (outcomes, _) = broadcast::channel(4096);
        Arc::new(NodeShared {
            chain: RwLock::new(chain),
            pool: Mutex::new(Pool::default()),
            outcomes,
            rpc_seq: std::sync::atomic::AtomicU64::new(0),
        })
    }

    fn lock_pool(&self) -> std::sync::MutexGuard<'_, Pool> {
        match self.pool.lock() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        }
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
        self.lock_pool().push(PoolEntry {
            actor: actor.to_string(),
            seq,
            signer,
            kind: EntryKind::InProcess(Box::new(call)),
        });
    }

    /// Checks a signed extrinsic (length-prefixed v4 bytes, as `author_submitExtrinsic` receives them)
    /// against the best state and queues it; returns its hash. Rejections are the real pool's: a bad
    /// signature, a stale nonce or an unknown birth block fail here, a future nonce waits in the pool, a
    /// second extrinsic with the same signer and nonce is "priority too low".
    pub fn submit_raw(
        &self,
        bytes: &[u8],
        spec_version: u32,
        transaction_version: u32,
    ) -> Result<Submitted, TxError> {
        let (checked, base) = self.read(|chain| {
            transaction::check(bytes, chain, spec_version, transaction_version).map(|c| {
                let base = chain.account_nonce(&c.extrinsic.signer);
                (c, base)
            })
        })?;
        let hash = checked.hash;
        let signer = checked.extrinsic.signer;
        let nonce = checked.extrinsic.nonce;
        let mut pool = self.lock_pool();
        if pool.hashes.contains(&hash) {
            return Err(TxError::AlreadyImported(hash));
        }
        if pool
            .raw
            .get(&signer)
            .is_some_and(|nonces| nonces.contains_key(&nonce))
        {
            return Err(TxError::TooLowPriority);
        }
        // Keep one signer's extrinsics in nonce order so a block can take them all.
        let insert_at = pool.position_for(&signer, nonce);
        let seq = self
            .rpc_seq
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        pool.insert(
            insert_at,
            PoolEntry {
                actor: RPC_ACTOR.to_string(),
                seq,
                signer,
                kind: EntryKind::Raw(Box::new(checked)),
            },
        );
        let ready = pool.next_in(&signer, base) > nonce;
        Ok(Submitted { hash, ready })
    }

    /// Whether the signed extrinsic with this hash is waiting in the pool. Call it inside
    /// [`NodeShared::read`] to see the pool and the chain at the same block.
    pub fn is_pending(&self, hash: &H256) -> bool {
        self.lock_pool().hashes.contains(hash)
    }

    /// The bytes of every signed extrinsic waiting in the pool, in pool order.
    pub fn pending_extrinsics(&self) -> Vec<Vec<u8>> {
        self.lock_pool()
            .entries
            .iter()
            .filter_map(|e| match &e.kind {
                EntryKind::Raw(c) => Some(c.encoded.clone()),
                EntryKind::InProcess(_) => None,
            })
            .collect()
    }

    /// The nonce `who`'s next transaction should carry: the account nonce, plus its pending in-process
    /// calls, then past every pending signed extrinsic that continues the sequence.
    pub fn next_index(&self, who: &AccountId) -> u32 {
        self.read(|c| self.lock_pool().next_in(who, c.account_nonce(who)))
    }

    /// Subscribes to block outcomes.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BlockOutcome>> {
        self.outcomes.subscribe()
    }

    /// Builds the next block from the pool. In simulated mode the pool is put in canonical order (actor
    /// name, then the actor's sequence number) first; in realtime mode arrival order stands. Nonces of
    /// in-process calls are assigned per signer in that order; signed extrinsics whose era has run out
    /// are dropped.
    pub fn produce(&self, clock: Clock) -> Arc<BlockOutcome> {
        // Lock order everywhere: chain, then pool. Holding the chain lock until the retries are back in
        // the pool means a reader never sees a transaction in neither the pool nor a block.
        let mut chain = match self.chain.write() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut entries = self.lock_pool().take();
        if clock == Clock::Simulated {
            entries.sort_by(|a, b| a.actor.cmp(&b.actor).then(a.seq.cmp(&b.seq)));
        }
        let number = chain.best_number() + 1;
        // Signed extrinsics whose era has run out leave the pool.
        entries.retain(|e| match &e.kind {
            EntryKind::Raw(c) => c.alive_at(number),
            EntryKind::InProcess(_) => true,
        });
        let mut next_nonce: HashMap<AccountId, u32> = HashMap::new();
        let extrinsics: Vec<EncodedExtrinsic> = entries
            .iter()
            .map(|e| {
                let nonce = next_nonce
                    .entry(e.signer)
                    .or_insert_with(|| chain.account_nonce(&e.signer));
                match &e.kind {
                    EntryKind::InProcess(call) => {
                        let ext = Extrinsic {
                            signer: e.signer,
                            nonce: *nonce,
                            call: (**call).clone(),
                        };
                        *nonce += 1;
                        EncodedExtrinsic::in_process(ext)
                    }
                    EntryKind::Raw(c) => {
                        if c.extrinsic.nonce == *nonce {
                            *nonce += 1;
                        }
                        EncodedExtrinsic {
                            extrinsic: c.extrinsic.clone(),
                            encoded: c.encoded.clone(),
                        }
                    }
                }
            })
            .collect();
        let outcome = Arc::new(chain.build_block_encoded(extrinsics));
        // Anything with a future nonce goes back to the pool for the next block.
        let retry: Vec<PoolEntry> = outcome
            .receipts
            .iter()
            .zip(entries)
            .filter(|(r, _)| r.outcome == Err(InvalidTransaction::Future))
            .map(|(_, e)| e)
            .collect();
        if !retry.is_empty() {
            self.lock_pool().prepend(retry);
        }
        drop(chain);
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

#[cfg(test)]
mod tests {
    use super::*;
    use parity_scale_codec::Compact;
    use taonet_chain::call::{BalancesCall, MultiAddress};
    use taonet_chain::keys::{dev_account, Keypair};
    use taonet_chain::metadata::{apis::TRANSACTION_VERSION, SPEC_VERSION};
    use taonet_chain::transaction::{encode_signed, SignedExtra, SigningContext};
    use taonet_chain::{Genesis, RAO_PER_TAO};

    fn signed(shared: &NodeShared, signer: &Keypair, nonce: u32, rao: u64) -> Vec<u8> {
        let genesis = shared.read(|c| c.genesis_hash());
        let ctx = SigningContext {
            spec_version: SPEC_VERSION,
            transaction_version: TRANSACTION_VERSION,
            genesis_hash: genesis,
        };
        let call = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(dev_account("Bob").expect("bob")),
            value: Compact(rao),
        });
        encode_signed(signer, &call, SignedExtra::immortal(nonce), &ctx, &genesis)
    }

    #[test]
    fn the_pool_index_orders_nonces_and_rejects_duplicates() {
        let shared = NodeShared::new(Chain::new(Genesis::devnet().expect("genesis")));
        let charlie = Keypair::from_dev_uri("//Charlie").expect("charlie");
        let who = charlie.account_id();
        let submit = |bytes: &[u8]| shared.submit_raw(bytes, SPEC_VERSION, TRANSACTION_VERSION);
        let txs: Vec<Vec<u8>> = (0..3)
            .map(|n| signed(&shared, &charlie, n, RAO_PER_TAO))
            .collect();
        assert!(!submit(&txs[2]).expect("future accepted").ready);
        assert!(submit(&txs[0]).expect("accepted").ready);
        assert_eq!(shared.next_index(&who), 1);
        assert!(submit(&txs[1]).expect("accepted").ready);
        assert_eq!(shared.next_index(&who), 3);
        assert!(matches!(submit(&txs[1]), Err(TxError::AlreadyImported(_))));
        let other = signed(&shared, &charlie, 1, 2 * RAO_PER_TAO);
        assert_eq!(submit(&other), Err(TxError::TooLowPriority));
        // One signer's extrinsics sit in nonce order, whatever order they came in.
        assert_eq!(shared.pending_extrinsics(), txs);
        let hash = transaction::extrinsic_hash(&txs[2]);
        assert!(shared.is_pending(&hash));
        // In-process calls are counted per signer.
        let alice = dev_account("Alice").expect("alice");
        let to_bob = Call::Balances(BalancesCall::transfer_keep_alive {
            dest: MultiAddress::Id(dev_account("Bob").expect("bob")),
            value: Compact(1),
        });
        shared.submit("a", 0, alice, to_bob);
        assert_eq!(shared.next_index(&alice), 1);
        assert_eq!(shared.next_index(&who), 3);
        let outcome = shared.produce(Clock::Realtime);
        assert_eq!(
            outcome
                .receipts
                .iter()
                .filter(|r| r.index.is_some())
                .count(),
            4
        );
        assert!(!shared.is_pending(&hash));
        assert!(shared.pending_extrinsics().is_empty());
        assert_eq!(shared.next_index(&who), 3);
        assert_eq!(shared.next_index(&alice), 1);
        assert!(matches!(
            submit(&txs[0]),
            Err(TxError::Invalid(transaction::Invalidity::Stale))
        ));
    }
}

//! `ChainClient`: the only way actors reach the chain. The in-process implementation reads the node's
//! state directly and submits into its transaction pool; [`crate::client_rpc::RpcClient`] stands beside
//! it and does the same over a node's JSON-RPC websocket.

use crate::node::NodeShared;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use taonet_chain::call::Call;
use taonet_chain::items::{AxonInfo, Axons, Keys, SubnetworkN, ValidatorPermit};
use taonet_chain::keys::Keypair;
use taonet_chain::{balances, pool, staking, AccountId, NetUid};

/// Errors talking to the chain.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The node has stopped (or the client's connection to it is closed).
    #[error("the chain node is gone")]
    NodeGone,
    /// The websocket connection to the node could not be opened.
    #[error("cannot connect to {url}: {reason}")]
    Connect {
        /// The node's URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The node answered a request with a JSON-RPC error.
    #[error("{method}: node error {code}: {message}{}", data.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Rpc {
        /// The method called.
        method: String,
        /// The server's error code (e.g. 1010 for an invalid transaction).
        code: i32,
        /// The server's message.
        message: String,
        /// The server's error data, as text, if any.
        data: Option<String>,
    },
    /// The request could not be sent or its answer not received.
    #[error("{method}: transport error: {reason}")]
    Transport {
        /// The method called.
        method: String,
        /// Why.
        reason: String,
    },
    /// The node did not answer in time.
    #[error("{method}: no answer within {after:?}")]
    Timeout {
        /// The method called.
        method: String,
        /// How long the client waited.
        after: std::time::Duration,
    },
    /// The node's answer did not decode as the expected type.
    #[error("{method}: cannot decode the answer: {reason}")]
    Decode {
        /// The method called.
        method: String,
        /// Why.
        reason: String,
    },
}

/// One neuron as an actor needs to see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeuronView {
    /// Its UID.
    pub uid: u16,
    /// Its hotkey.
    pub hotkey: AccountId,
    /// Its served axon (block 0 = never served).
    pub axon: AxonInfo,
    /// Whether it holds a validator permit.
    pub validator_permit: bool,
}

/// A subnet pool as seen by a trader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolView {
    /// TAO reserve (rao).
    pub tao: u64,
    /// Alpha reserve.
    pub alpha: u64,
    /// Spot price, rao per alpha.
    pub price_rao: u64,
}

/// What actors may ask of the chain.
pub trait ChainClient: Send + Sync {
    /// The best block number.
    fn best_block(&self) -> u32;
    /// The subnet's neurons in UID order.
    fn neurons(&self, netuid: NetUid) -> Vec<NeuronView>;
    /// The subnet's pool.
    fn pool(&self, netuid: NetUid) -> PoolView;
    /// Free balance of an account, in rao.
    fn free_balance(&self, who: &AccountId) -> u64;
    /// Alpha `coldkey` holds through `hotkey` on `netuid`.
    fn stake(&self, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> u64;
    /// Signs and submits `call` from `signer`; it is included in a coming block.
    fn submit(&self, signer: &Keypair, call: Call) -> Result<(), ClientError>;
}

/// A client for actors living in the node's process.
pub struct InProcessClient {
    shared: Arc<NodeShared>,
    actor: String,
    seq: AtomicU64,
}

impl InProcessClient {
    /// A client for the actor called `actor` (its submissions are ordered under this name).
    pub fn new(shared: Arc<NodeShared>, actor: impl Into<String>) -> Self {
        InProcessClient {
            shared,
            actor: actor.into(),
            seq: AtomicU64::new(0),
        }
    }
}

impl ChainClient for InProcessClient {
    fn best_block(&self) -> u32 {
        self.shared.read(|c| c.best_number())
    }

    fn neurons(&self, netuid: NetUid) -> Vec<NeuronView> {
        self.shared.read(|c| {
            let s = c.storage();
            let n = SubnetworkN::get(s, &netuid);
            let permits = ValidatorPermit::get(s, &netuid);
            (0..n)
                .map(|uid| {
                    let hotkey = Keys::get(s, &netuid, &uid);
                    NeuronView {
                        uid,
                        hotkey,
                        axon: Axons::get(s, &netuid, &hotkey),
                        validator_permit: permits.get(usize::from(uid)).copied().unwrap_or(false),
                    }
                })
                .collect()
        })
    }

    fn pool(&self, netuid: NetUid) -> PoolView {
        self.shared.read(|c| {
            let r = pool::reserves(c.storage(), netuid);
            PoolView {
                tao: r.tao,
                alpha: r.alpha,
                price_rao: pool::spot_price_rao(c.storage(), netuid),
            }
        })
    }

    fn free_balance(&self, who: &AccountId) -> u64 {
        self.shared
            .read(|c| balances::free_balance(c.storage(), who))
    }

    fn stake(&self, hotkey: &AccountId, coldkey: &AccountId, netuid: NetUid) -> u64 {
        self.shared
            .read(|c| staking::stake(c.storage(), hotkey, coldkey, netuid))
    }

    fn submit(&self, signer: &Keypair, call: Call) -> Result<(), ClientError> {
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        self.shared
            .submit(&self.actor, seq, signer.account_id(), call);
        Ok(())
    }
}

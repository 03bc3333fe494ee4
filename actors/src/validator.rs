//! `Validator`: queries the subnet's miners every few blocks with checkable challenges, keeps a moving
//! score per UID and sets weights from it, as a real validator does. A UID taken over by a new hotkey
//! starts from a fresh score; its [`Scoring`] decides how scores become weights.

use crate::axon::Dendrite;
use crate::behaviour::Response;
use crate::client::ChainClient;
use crate::miner::{Miner, Query};
use crate::node::{BlockSealed, Wake};
use crate::scoring::{Scoreboard, Scoring};
use crate::task::{score, Challenge, Compute};
use actix::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use taonet_chain::call::{Call, SubtensorCall};
use taonet_chain::keys::Keypair;
use taonet_chain::{AccountId, NetUid};

/// How a validator reaches miners.
#[derive(Clone)]
pub enum Transport {
    /// In-process messages to miner actors, by hotkey (simulated mode).
    InProcess(BTreeMap<AccountId, Addr<Miner>>),
    /// Real HTTP to the axons the miners served on chain (realtime mode).
    Http(Arc<Dendrite>),
}

/// How often a validator acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidatorTiming {
    /// Blocks between query rounds.
    pub query_interval: u32,
    /// Blocks between weight settings.
    pub weights_interval: u32,
    /// How long a miner has to answer, in milliseconds.
    pub timeout_ms: u64,
}

/// A validator actor.
pub struct Validator {
    name: String,
    netuid: NetUid,
    hotkey: Keypair,
    client: Arc<dyn ChainClient>,
    transport: Transport,
    timing: ValidatorTiming,
    scores: Scoreboard,
    scoring: Scoring,
    /// The hotkey each scored UID had when last seen, to forget the score of a replaced neuron.
    seen: BTreeMap<u16, AccountId>,
    rng: ChaCha8Rng,
    next_challenge: u64,
    next_weights: u32,
    restarts: u32,
}

impl Validator {
    /// A validator called `name` on `netuid`.
    pub fn new(
        name: impl Into<String>,
        netuid: NetUid,
        hotkey: Keypair,
        client: Arc<dyn ChainClient>,
        transport: Transport,
        timing: ValidatorTiming,
        seed: u64,
    ) -> Self {
        let name = name.into();
        let rng = ChaCha8Rng::seed_from_u64(crate::seed_for(seed, &name));
        Validator {
            name,
            netuid,
            hotkey,
            client,
            transport,
            timing,
            scores: Scoreboard::default(),
            scoring: Scoring::Honest,
            seen: BTreeMap::new(),
            rng,
            next_challenge: 0,
            next_weights: 0,
            restarts: 0,
        }
    }

    /// This validator with `scoring` (honest by default).
    pub fn with_scoring(mut self, scoring: Scoring) -> Self {
        self.scoring = scoring;
        self
    }

    /// The queries of one round: a fresh challenge for every other neuron the validator can reach.
    fn plan_round(&mut self) -> Vec<QueryJob> {
        let timeout_ms = self.timing.timeout_ms;
        let me = self.hotkey.account_id();
        let mut jobs: Vec<QueryJob> = Vec::new();
        for neuron in self.client.neurons(self.netuid) {
            if neuron.hotkey == me {
                continue;
            }
            // A new hotkey at a known UID replaced the neuron scored there: its score starts afresh.
            if self.seen.insert(neuron.uid, neuron.hotkey) != Some(neuron.hotkey) {
                self.scores.reset(neuron.uid);
            }
            let challenge = Challenge::generate(self.next_challenge, &mut self.rng);
            self.next_challenge += 1;
            match &self.transport {
                Transport::InProcess(miners) => {
                    let Some(addr) = miners.get(&neuron.hotkey).cloned() else {
                        continue;
                    };
                    let uid = neuron.uid;
                    jobs.push(Box::pin(async move {
                        let resp = addr
                            .send(Query {
                                challenge: challenge.clone(),
                                timeout_ms,
                            })
                            .await
                            .unwrap_or(Response {
                                answer: None,
                                latency_ms: timeout_ms,
                            });
                        (uid, challenge, resp)
                    }));
                }
                Transport::Http(dendrite) => {
                    if neuron.axon.port == 0 {
                        continue;
                    }
                    let ip = if neuron.axon.ip == 0 {
                        Ipv4Addr::LOCALHOST
                    } else {
                        Ipv4Addr::from(neuron.axon.ip as u32)
                    };
                    let addr = SocketAddr::from((ip, neuron.axon.port));
                    let dendrite = dendrite.clone();
                    let (uid, hotkey) = (neuron.uid, neuron.hotkey);
                    jobs.push(Box::pin(async move {
                        let start = Instant::now();
                        let result = dendrite
                            .query(
                                addr,
                                &hotkey,
                                Compute::new(&challenge),
                                Duration::from_millis(timeout_ms),
                            )
                            .await;
                        let latency_ms = start.elapsed().as_millis() as u64;
                        let answer = result.ok().and_then(|c| c.answer);
                        (uid, challenge, Response { answer, latency_ms })
                    }));
                }
            }
        }
        jobs
    }

    /// Sets weights from the scoreboard if it is time and the validator holds a permit.
    fn maybe_set_weights(&mut self, number: u32) {
        if number < self.next_weights {
            return;
        }
        let neurons = self.client.neurons(self.netuid);
        let me = self.hotkey.account_id();
        let Some(mine) = neurons.iter().find(|n| n.hotkey == me) else {
            return;
        };
        if !mine.validator_permit {
            return;
        }
        let (uids, weights) = self.scores.weights_for(self.scoring, neurons.len() as u16);
        if uids.is_empty() {
            return;
        }
        let uids_len = uids.len();
        let call = Call::SubtensorModule(SubtensorCall::set_weights {
            netuid: self.netuid,
            dests: uids,
            weights,
            version_key: 0,
        });
        tracing::info!(actor = %self.name, block = number, weights = uids_len, "setting weights");
        if self.client.submit(&self.hotkey, call).is_ok() {
            self.next_weights = number.saturating_add(self.timing.weights_interval.max(1));
        }
    }
}

impl Actor for Validator {
    type Context = Context<Self>;
}

crate::supervised_actor!(Validator);

type Round = Vec<(u16, Challenge, Response)>;

/// One pending query to a miner.
type QueryJob = std::pin::Pin<Box<dyn std::future::Future<Output = (u16, Challenge, Response)>>>;

impl Handler<BlockSealed> for Validator {
    type Result = ResponseActFuture<Self, Wake>;

    fn handle(&mut self, msg: BlockSealed, ctx: &mut Self::Context) -> Self::Result {
        let number = msg.number;
        let interval = self.timing.query_interval.max(1);
        let next_query = (number / interval + 1).saturating_mul(interval);
        // Sleep until the next query round, or the next weight setting if that comes first: a validator
        // costs nothing on the blocks in between.
        let next = Wake(next_query.min(self.next_weights.max(number.saturating_add(1))));
        if number % interval != 0 {
            let name = self.name.clone();
            crate::supervise::guarded::<Self, _>(&name, ctx, || self.maybe_set_weights(number));
            return Box::pin(actix::fut::ready(next));
        }
        let timeout_ms = self.timing.timeout_ms;
        let name = self.name.clone();
        let Some(jobs) = crate::supervise::guarded::<Self, _>(&name, ctx, || self.plan_round())
        else {
            return Box::pin(actix::fut::ready(next));
        };
        Box::pin(
            async move {
                let mut round: Round = Vec::with_capacity(jobs.len());
                for r in futures_util::future::join_all(jobs).await {
                    round.push(r);
                }
                round
            }
            .into_actor(self)
            .map(move |round, act, _| {
                for (uid, challenge, resp) in round {
                    act.scores.update(
                        uid,
                        score(&challenge, resp.answer, resp.latency_ms, timeout_ms),
                    );
                }
                act.maybe_set_weights(number);
                next
            }),
        )
    }
}

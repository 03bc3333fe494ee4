//! `Miner`: answers validators' challenges according to its behaviour. In simulated mode challenges
//! arrive as in-process messages and latency is drawn from the miner's seeded RNG; in realtime mode the
//! miner also serves a real axon over HTTP.

use crate::axon::server::{AxonHandle, AxonServer, Handler as AxonHandler};
use crate::behaviour::{Behaviour, Response};
use crate::task::{Challenge, Compute};
use actix::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use taonet_chain::keys::Keypair;

/// A challenge sent in-process, with the validator's timeout.
#[derive(Clone, Debug, Message)]
#[rtype(result = "Response")]
pub struct Query {
    /// The challenge.
    pub challenge: Challenge,
    /// How long the validator waits.
    pub timeout_ms: u64,
}

/// Starts the miner's HTTP axon on `bind`; answers with its address.
#[derive(Clone, Copy, Debug, Message)]
#[rtype(result = "Result<SocketAddr, String>")]
pub struct ServeAxon {
    /// Where to listen (loopback in tests and the quickstart).
    pub bind: SocketAddr,
}

/// A miner actor.
pub struct Miner {
    name: String,
    behaviour: Behaviour,
    hotkey: Keypair,
    rng: Arc<Mutex<ChaCha8Rng>>,
    axon: Option<AxonHandle>,
    restarts: u32,
}

impl Miner {
    /// A miner called `name` (its RNG is seeded from `seed` and the name).
    pub fn new(name: impl Into<String>, behaviour: Behaviour, hotkey: Keypair, seed: u64) -> Self {
        let name = name.into();
        let rng = ChaCha8Rng::seed_from_u64(crate::seed_for(seed, &name));
        Miner {
            name,
            behaviour,
            hotkey,
            rng: Arc::new(Mutex::new(rng)),
            axon: None,
            restarts: 0,
        }
    }

    /// The miner's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn respond(&self, challenge: &Challenge, timeout_ms: u64) -> Response {
        let mut rng = match self.rng.lock() {
            Ok(r) => r,
            Err(poisoned) => poisoned.into_inner(),
        };
        self.behaviour.respond(challenge, &mut rng, timeout_ms)
    }
}

impl Actor for Miner {
    type Context = Context<Self>;
}

crate::supervised_actor!(Miner);

impl Handler<Query> for Miner {
    type Result = MessageResult<Query>;

    fn handle(&mut self, q: Query, ctx: &mut Self::Context) -> Self::Result {
        let name = self.name.clone();
        let response = crate::supervise::guarded::<Self, _>(&name, ctx, || {
            self.respond(&q.challenge, q.timeout_ms)
        });
        MessageResult(response.unwrap_or(Response {
            answer: None,
            latency_ms: q.timeout_ms,
        }))
    }
}

impl Handler<ServeAxon> for Miner {
    type Result = ResponseActFuture<Self, Result<SocketAddr, String>>;

    fn handle(&mut self, msg: ServeAxon, _: &mut Self::Context) -> Self::Result {
        let behaviour = self.behaviour;
        let rng = self.rng.clone();
        let handler: AxonHandler<Compute> = Arc::new(move |mut synapse: Compute| {
            let rng = rng.clone();
            Box::pin(async move {
                let timeout_ms = if synapse.common.timeout > 0.0 {
                    (synapse.common.timeout * 1000.0) as u64
                } else {
                    12_000
                };
                let response = match synapse.challenge() {
                    Ok(challenge) => {
                        let mut rng = match rng.lock() {
                            Ok(r) => r,
                            Err(poisoned) => poisoned.into_inner(),
                        };
                        behaviour.respond(&challenge, &mut rng, timeout_ms)
                    }
                    Err(_) => Response {
                        answer: None,
                        latency_ms: 0,
                    },
                };
                // The behaviour decides how long the work takes; a slow or offline miner misses the deadline.
                tokio::time::sleep(Duration::from_millis(response.latency_ms)).await;
                synapse.answer = response.answer;
                synapse
            })
        });
        let hotkey = self.hotkey.clone();
        Box::pin(
            async move { AxonServer::start(msg.bind, hotkey, handler).await }
                .into_actor(self)
                .map(|result, miner, _| match result {
                    Ok((addr, handle)) => {
                        miner.axon = Some(handle);
                        Ok(addr)
                    }
                    Err(e) => Err(e.to_string()),
                }),
        )
    }
}

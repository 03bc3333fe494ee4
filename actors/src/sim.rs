//! The simulated-clock driver: builds blocks as fast as the CPU allows and, between blocks, tells the
//! actors that asked for that block, one at a time in name order, waiting for each. Actor messages are
//! therefore handled in the same order on every run, whatever actix's scheduling.

use crate::node::{BlockSealed, ChainNode, ProduceBlock};
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use taonet_chain::BlockOutcome;

/// Errors of the driver.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The node actor stopped.
    #[error("the chain node stopped: {0}")]
    Node(#[from] MailboxError),
}

/// Drives blocks and actors in simulated mode.
pub struct SimDriver {
    node: Addr<ChainNode>,
    actors: BTreeMap<String, (Recipient<BlockSealed>, u32)>,
}

impl SimDriver {
    /// A driver for `node`.
    pub fn new(node: Addr<ChainNode>) -> Self {
        SimDriver {
            node,
            actors: BTreeMap::new(),
        }
    }

    /// Adds an actor, first told about block `from`.
    pub fn add(&mut self, name: impl Into<String>, actor: Recipient<BlockSealed>, from: u32) {
        self.actors.insert(name.into(), (actor, from));
    }

    /// Builds one block and lets every actor due at it act. An actor that stopped (panicked and is being
    /// restarted) is asked again at the next block.
    pub async fn step(&mut self) -> Result<Arc<BlockOutcome>, SimError> {
        let outcome = self.node.send(ProduceBlock).await?;
        let number = outcome.header.number;
        for (recipient, wake) in self.actors.values_mut() {
            if *wake > number {
                continue;
            }
            *wake = match recipient.send(BlockSealed { number }).await {
                Ok(next) => next.0.max(number + 1),
                Err(_) => number + 1,
            };
        }
        Ok(outcome)
    }
}

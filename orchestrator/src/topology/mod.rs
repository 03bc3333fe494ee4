//! The topology format: one YAML file describing a whole network (chain settings, accounts, subnets with
//! their validators and miners, market bots), parsed and validated into a typed [`Topology`].
//!
//! [`parse`] reports every problem at once, each with its path (`subnets[0].miners[1].count`) and line:
//! YAML syntax, unknown keys (with a "did you mean" hint), wrong types, and semantic rules (counts,
//! unique names, references, owner budgets, hyperparameter ranges). Turning a topology into keys and
//! funding is [`crate::plan`]'s job, not this module's.
//!
//! Units: amounts are written with a unit (`"1.5 TAO"`, `"1500000000 rao"`; a bare number is rejected
//! as ambiguous) and stored in rao; durations are written `250ms`, `1s`, `2.5s` and stored in
//! milliseconds; intervals are in blocks.

mod amount;
mod costs;
mod decode;
mod lines;
mod schema;
mod suggest;
#[cfg(test)]
mod tests;
mod validate;

pub use amount::{format_tao, parse_amount, parse_duration_ms};
pub use costs::{
    bot_funding_rao, burn_headroom_rao, estimated_lock_rao, neuron_funding_rao, FEE_HEADROOM_RAO,
    REGISTRATION_BURN_HEADROOM_RAO, SUBNET_LOCK_BASE_RAO,
};
pub use decode::{
    DEFAULT_BAND_PPM, DEFAULT_BLOCK_TIME_MS, DEFAULT_BOT_INTERVAL_BLOCKS, DEFAULT_FINALITY_LAG,
    DEFAULT_QUERY_INTERVAL_BLOCKS, DEFAULT_TEMPO, DEFAULT_TIMEOUT_MS, DEFAULT_WINDOW_BLOCKS,
};
pub use lines::LineIndex;
pub use schema::{
    Account, Behaviour, Bot, Chain, ChildLink, Clock, HyperparameterSlot, Hyperparameters,
    MinerGroup, Scoring, SellEarnings, Strategy, StrategyParams, Subnet, Topology, ValidatorGroup,
};
pub use validate::{DEFAULT_MAX_ALLOWED_UIDS, MAX_CHILDREN};

use sha2::{Digest, Sha256};
use std::fmt;

/// The built-in quickstart topology (`topologies/quickstart.yaml`), what `taonet up` runs by default.
pub const QUICKSTART: &str = include_str!("../../../topologies/quickstart.yaml");

/// One problem in a topology file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TopologyError {
    /// Where: `subnets[0].miners[1].count`; empty for the document as a whole (e.g. a syntax error).
    pub path: String,
    /// The 1-based line in the file, when known.
    pub line: Option<usize>,
    /// What is wrong, written for the user.
    pub message: String,
}

impl fmt::Display for TopologyError {
    /// `subnets[0].miners[1].count: must be at least 1 (line 17)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// Every problem found in a topology file, sorted by line; never empty when returned by [`parse`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(&self.0))]
pub struct TopologyErrors(pub Vec<TopologyError>);

fn render(errors: &[TopologyError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

impl TopologyErrors {
    /// The errors, sorted by line (errors without a line last), then by path.
    pub fn errors(&self) -> &[TopologyError] {
        &self.0
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (never true for a value returned by [`parse`]).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses and validates a topology; on failure returns every error found, each with path and line.
pub fn parse(yaml: &str) -> Result<Topology, TopologyErrors> {
    let root = match lines::load(yaml) {
        Ok(Some(root)) => root,
        Ok(None) => {
            return Err(TopologyErrors(vec![TopologyError {
                path: String::new(),
                line: None,
                message: "the topology is empty; it needs at least `name`".to_string(),
            }]))
        }
        Err(e) => {
            return Err(TopologyErrors(vec![TopologyError {
                path: String::new(),
                line: Some(e.line),
                message: format!("YAML syntax error: {}", e.message),
            }]))
        }
    };
    let mut decoder = decode::Decoder::default();
    let topology = decode::decode(&mut decoder, &root);
    let index = LineIndex::new(&root);
    let mut errors = decoder.errors;
    errors.extend(validate::validate(&topology, &index, &decoder.failed));
    if errors.is_empty() {
        return Ok(topology);
    }
    errors.sort_by(|a, b| {
        let key = |e: &TopologyError| (e.line.is_none(), e.line);
        key(a).cmp(&key(b))
    });
    Err(TopologyErrors(errors))
}

/// The SHA-256 of a topology's text, lowercase hex (the report's `topology_sha256`).
pub fn topology_sha256(yaml: &str) -> String {
    hex::encode(Sha256::digest(yaml.as_bytes()))
}

/// The name a neuron of `group` gets: `<group>-<index>`.
pub fn neuron_name(group: &str, index: u32) -> String {
    format!("{group}-{index}")
}

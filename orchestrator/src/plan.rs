//! The plan: a validated [`Topology`] turned into concrete participants, each with deterministic keys and
//! the funding its coldkey needs.
//!
//! Every key derives from the network seed and a name (`account/<name>/coldkey`,
//! `neuron/<name>/hotkey`, …) through [`Keypair::derive`], so the same topology and seed always give the
//! same addresses. The plan does not talk to a chain, allocate ports or write files (see
//! [`crate::wallet`] for wallets).

use crate::topology::{
    self, bot_funding_rao, estimated_lock_rao, neuron_funding_rao, Behaviour, ChildLink,
    Hyperparameters, Scoring, SellEarnings, Strategy, StrategyParams, Topology,
};
use taonet_chain::keys::Keypair;
use taonet_chain::AccountId;

/// Everything a network run needs to create: accounts, subnets with their neurons, and bots, in topology
/// order.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The seed the keys were derived from.
    pub seed: u64,
    /// `PendingChildKeyCooldown` to set at bootstrap, if the topology sets one.
    pub pending_childkey_cooldown: Option<u64>,
    /// Plain accounts, in topology order.
    pub accounts: Vec<PlannedAccount>,
    /// Subnets in registration order.
    pub subnets: Vec<PlannedSubnet>,
    /// Bots, in topology order.
    pub bots: Vec<PlannedBot>,
}

/// An account from `accounts:`.
#[derive(Debug, Clone)]
pub struct PlannedAccount {
    /// The account's name (also its wallet name).
    pub name: String,
    /// Coldkey, from `account/<name>/coldkey`.
    pub coldkey: Keypair,
    /// Hotkey, from `account/<name>/hotkey`: the owner hotkey of every subnet this account registers
    /// (uid 0), written as the wallet's `default` hotkey.
    pub hotkey: Keypair,
    /// Genesis balance in rao.
    pub balance_rao: u64,
}

/// Whether a neuron validates or mines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Queries miners and sets weights.
    Validator,
    /// Answers queries.
    Miner,
}

/// A subnet and its neurons.
#[derive(Debug, Clone)]
pub struct PlannedSubnet {
    /// The subnet's name.
    pub name: String,
    /// Position in registration order (0-based); the netuid is whatever the chain assigns.
    pub index: usize,
    /// The owning account's name (one of [`Plan::accounts`]); its coldkey registers the subnet with the
    /// account's hotkey.
    pub owner: String,
    /// Blocks between epochs.
    pub tempo: u16,
    /// Hyperparameters to set after registration.
    pub hyperparameters: Hyperparameters,
    /// The lock cost assumed when budgeting (the chain decides the real one).
    pub estimated_lock_rao: u64,
    /// Validators first (group order, then index), then miners.
    pub neurons: Vec<PlannedNeuron>,
}

/// One neuron, `<group>-<index>`.
#[derive(Debug, Clone)]
pub struct PlannedNeuron {
    /// `<group>-<index>`, unique in the network; also its wallet name.
    pub name: String,
    /// The group it was declared in.
    pub group: String,
    /// Index within the group.
    pub index: u32,
    /// Validator or miner.
    pub role: Role,
    /// How a miner answers; `None` for validators.
    pub behaviour: Option<Behaviour>,
    /// Stake added to its own hotkey after registration, in rao.
    pub stake_rao: u64,
    /// Validators: blocks between query rounds.
    pub query_interval_blocks: Option<u64>,
    /// Validators: how long to wait for a miner, in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Validators: how scores become weights; `None` for miners.
    pub scoring: Option<Scoring>,
    /// Validators: the children it sets at bootstrap (neurons of the same subnet).
    pub children: Vec<ChildLink>,
    /// Miners registered late: the block whose extrinsics include the registration; `None` = at
    /// bootstrap.
    pub register_at_block: Option<u32>,
    /// Whether (and how often) its coldkey sells the alpha it earns; `None` keeps it staked.
    pub sell_earnings: Option<SellEarnings>,
    /// Coldkey, from `neuron/<name>/coldkey`.
    pub coldkey: Keypair,
    /// Hotkey, from `neuron/<name>/hotkey`; written as the wallet's `default` hotkey.
    pub hotkey: Keypair,
    /// What its coldkey needs: stake + registration burn headroom + fee headroom, in rao.
    pub funding_rao: u64,
}

/// A market-making bot.
#[derive(Debug, Clone)]
pub struct PlannedBot {
    /// The bot's name; also its wallet name.
    pub name: String,
    /// The subnet it trades (one of [`Plan::subnets`]).
    pub subnet: String,
    /// Its strategy.
    pub strategy: Strategy,
    /// Strategy parameters.
    pub params: StrategyParams,
    /// Blocks between decisions.
    pub interval_blocks: u64,
    /// TAO it may spend, in rao.
    pub budget_rao: u64,
    /// Coldkey, from `bot/<name>/coldkey`.
    pub coldkey: Keypair,
    /// What its coldkey needs: budget + fee headroom, in rao.
    pub funding_rao: u64,
}

/// Who pays a coldkey's funding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    /// Minted at genesis.
    Genesis,
    /// Transferred from this account (a subnet owner pays for its neurons, which is what the validation's
    /// owner-balance check assumes).
    Account(String),
}

/// One coldkey to fund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funding {
    /// Wallet name of the funded coldkey (account, neuron or bot name).
    pub name: String,
    /// The coldkey's account.
    pub account: AccountId,
    /// How much, in rao.
    pub amount_rao: u64,
    /// Who pays.
    pub payer: Payer,
}

impl PlannedNeuron {
    /// The actor's scoring: the topology's for validators, honest otherwise.
    pub fn actor_scoring(&self) -> taonet_actors::scoring::Scoring {
        match self.scoring.unwrap_or_default() {
            Scoring::Honest => taonet_actors::scoring::Scoring::Honest,
            Scoring::Contrarian => taonet_actors::scoring::Scoring::Contrarian,
        }
    }

    /// Whether the neuron is registered during bootstrap (not with `register_at_block`).
    pub fn registered_at_bootstrap(&self) -> bool {
        self.register_at_block.is_none()
    }
}

impl Plan {
    /// Every coldkey to fund, in a fixed order: accounts (genesis), then each subnet's neurons (paid by
    /// the subnet's owner), then bots (genesis).
    pub fn funding(&self) -> Vec<Funding> {
        let mut out: Vec<Funding> = (self.accounts.iter())
            .map(|a| Funding {
                name: a.name.clone(),
                account: a.coldkey.account_id(),
                amount_rao: a.balance_rao,
                payer: Payer::Genesis,
            })
            .collect();
        for subnet in &self.subnets {
            out.extend(subnet.neurons.iter().map(|n| Funding {
                name: n.name.clone(),
                account: n.coldkey.account_id(),
                amount_rao: n.funding_rao,
                payer: Payer::Account(subnet.owner.clone()),
            }));
        }
        out.extend(self.bots.iter().map(|b| Funding {
            name: b.name.clone(),
            account: b.coldkey.account_id(),
            amount_rao: b.funding_rao,
            payer: Payer::Genesis,
        }));
        out
    }

    /// Every neuron of every subnet, with its subnet, in plan order.
    pub fn neurons(&self) -> impl Iterator<Item = (&PlannedSubnet, &PlannedNeuron)> {
        self.subnets
            .iter()
            .flat_map(|s| s.neurons.iter().map(move |n| (s, n)))
    }

    /// The account called `name`.
    pub fn account(&self, name: &str) -> Option<&PlannedAccount> {
        self.accounts.iter().find(|a| a.name == name)
    }
}

/// Turns a validated topology into a plan, deriving every key from `seed` (usually `topology.seed`, or a
/// `--seed` override). Pure and deterministic: same topology and seed, same plan.
pub fn plan(topology: &Topology, seed: u64) -> Plan {
    let accounts = (topology.accounts.iter())
        .map(|a| PlannedAccount {
            name: a.name.clone(),
            coldkey: Keypair::derive(seed, &format!("account/{}/coldkey", a.name)),
            hotkey: Keypair::derive(seed, &format!("account/{}/hotkey", a.name)),
            balance_rao: a.balance_rao,
        })
        .collect();
    let subnets = (topology.subnets.iter().enumerate())
        .map(|(index, s)| {
            let hp = &s.hyperparameters;
            let mut neurons = Vec::new();
            for g in &s.validators {
                for i in 0..g.count {
                    let mut n = neuron(seed, &g.name, i, Role::Validator, g.stake_rao, hp);
                    n.query_interval_blocks = Some(g.query_interval_blocks);
                    n.timeout_ms = Some(g.timeout_ms);
                    n.scoring = Some(g.scoring);
                    n.children = g.children.clone();
                    n.sell_earnings = g.sell_earnings;
                    neurons.push(n);
                }
            }
            for g in &s.miners {
                for i in 0..g.count {
                    let mut n = neuron(seed, &g.name, i, Role::Miner, g.stake_rao, hp);
                    n.behaviour = Some(g.behaviour);
                    n.register_at_block = g.register_at_block;
                    n.sell_earnings = g.sell_earnings;
                    neurons.push(n);
                }
            }
            PlannedSubnet {
                name: s.name.clone(),
                index,
                owner: s.owner.clone(),
                tempo: s.tempo,
                hyperparameters: s.hyperparameters.clone(),
                estimated_lock_rao: estimated_lock_rao(index),
                neurons,
            }
        })
        .collect();
    let bots = (topology.bots.iter())
        .map(|b| PlannedBot {
            name: b.name.clone(),
            subnet: b.subnet.clone(),
            strategy: b.strategy,
            params: b.params.clone(),
            interval_blocks: b.interval_blocks,
            budget_rao: b.budget_rao,
            coldkey: Keypair::derive(seed, &format!("bot/{}/coldkey", b.name)),
            funding_rao: bot_funding_rao(b),
        })
        .collect();
    Plan {
        seed,
        pending_childkey_cooldown: topology.chain.pending_childkey_cooldown,
        accounts,
        subnets,
        bots,
    }
}

fn neuron(
    seed: u64,
    group: &str,
    index: u32,
    role: Role,
    stake_rao: u64,
    hp: &Hyperparameters,
) -> PlannedNeuron {
    let name = topology::neuron_name(group, index);
    PlannedNeuron {
        coldkey: Keypair::derive(seed, &format!("neuron/{name}/coldkey")),
        hotkey: Keypair::derive(seed, &format!("neuron/{name}/hotkey")),
        name,
        group: group.to_string(),
        index,
        role,
        behaviour: None,
        stake_rao,
        query_interval_blocks: None,
        timeout_ms: None,
        scoring: None,
        children: Vec::new(),
        register_at_block: None,
        sell_earnings: None,
        funding_rao: neuron_funding_rao(stake_rao, hp),
    }
}

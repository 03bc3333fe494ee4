//! The typed topology: what a valid topology file means, with every default filled in and every amount in
//! rao.
//!
//! Values of these types come out of [`crate::topology::parse`], which guarantees the invariants written on
//! each field. This module does not parse or validate; it only defines the vocabulary.

use serde::Serialize;

/// A whole network description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topology {
    /// The topology's name (free text, for reports).
    pub name: String,
    /// The seed every key and every random choice derives from (default 0).
    pub seed: u64,
    /// Chain settings.
    pub chain: Chain,
    /// Plain accounts funded at genesis (subnet owners, users' own wallets).
    pub accounts: Vec<Account>,
    /// Subnets, registered in this order (so the first gets the first free netuid).
    pub subnets: Vec<Subnet>,
    /// Market-making bots trading on subnet pools.
    pub bots: Vec<Bot>,
}

/// Chain settings (`chain:`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chain {
    /// Block interval in milliseconds (> 0; default 250): a timer in realtime mode, the block timestamp step
    /// in simulated mode.
    pub block_time_ms: u64,
    /// How blocks advance (default realtime).
    pub clock: Clock,
    /// How many blocks the finalized head lags the best block (default 1).
    pub finality_lag: u32,
    /// `pending_childkey_cooldown`: blocks a `set_children` waits before the subnet's next epoch applies it
    /// (subtensor's `PendingChildKeyCooldown`, set with `set_pending_childkey_cooldown` through sudo at
    /// bootstrap); `None` keeps subtensor's 7200.
    pub pending_childkey_cooldown: Option<u64>,
}

/// How blocks advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Blocks are produced on a wall-clock timer, for external clients.
    Realtime,
    /// Blocks advance as fast as the actors answer; deterministic for a seed.
    Simulated,
}

impl Clock {
    /// Every clock with its name in the topology format.
    pub const ALL: &'static [(&'static str, Clock)] = &[
        ("realtime", Clock::Realtime),
        ("simulated", Clock::Simulated),
    ];

    /// The name written in a topology.
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Realtime => "realtime",
            Clock::Simulated => "simulated",
        }
    }
}

/// An account funded at genesis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Unique among accounts, neuron names and bots; letters, digits, `-`, `_`.
    pub name: String,
    /// Genesis balance in rao.
    pub balance_rao: u64,
}

/// A subnet and the neurons registered on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subnet {
    /// Unique among subnets; also the subnet's on-chain name.
    pub name: String,
    /// The name of the account that registers (and owns) the subnet; always one of `accounts`.
    pub owner: String,
    /// Blocks between epochs (≥ 1; default 360, subtensor's).
    pub tempo: u16,
    /// Hyperparameters to set after registration; `None` keeps subtensor's default.
    pub hyperparameters: Hyperparameters,
    /// Validator groups, in file order.
    pub validators: Vec<ValidatorGroup>,
    /// Miner groups, in file order.
    pub miners: Vec<MinerGroup>,
}

impl Subnet {
    /// How many neurons the topology registers on this subnet (the owner's uid 0 not included).
    pub fn neuron_count(&self) -> u64 {
        let v: u64 = self.validators.iter().map(|g| u64::from(g.count)).sum();
        let m: u64 = self.miners.iter().map(|g| u64::from(g.count)).sum();
        v + m
    }

    /// How many neurons are registered at bootstrap: all but the miner groups with `register_at_block`.
    pub fn bootstrap_neuron_count(&self) -> u64 {
        let late: u64 = (self.miners.iter())
            .filter(|g| g.register_at_block.is_some())
            .map(|g| u64::from(g.count))
            .sum();
        self.neuron_count() - late
    }
}

/// `count` validators named `<name>-0` … `<name>-<count-1>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidatorGroup {
    /// Group name, unique among all neuron groups of all subnets.
    pub name: String,
    /// Number of validators (≥ 1).
    pub count: u32,
    /// Stake each validator adds to its own hotkey, in rao (> 0).
    pub stake_rao: u64,
    /// Blocks between two rounds of queries to the miners (≥ 1; default 5).
    pub query_interval_blocks: u64,
    /// How long a validator waits for a miner's answer, in milliseconds (> 0; default 12 s, the dendrite's).
    pub timeout_ms: u64,
    /// How the validators turn their scores into weights (default honest).
    pub scoring: Scoring,
    /// Childkeys every validator of the group sets at bootstrap (`set_children`), in file order: other
    /// neurons of the same subnet, outside this group, at most 5, proportions summing to at most 100 %.
    pub children: Vec<ChildLink>,
    /// `sell_earnings`: each validator's coldkey sells the alpha it earns; `None` keeps it staked.
    pub sell_earnings: Option<SellEarnings>,
}

/// `sell_earnings: { interval: N }`: every `N` blocks the neuron's coldkey unstakes (`remove_stake`)
/// all the alpha its hotkey holds for it beyond its stake at the start of the run (for a late miner: just
/// after registering), i.e. what emission paid it. This is the selling pressure that keeps mainnet prices
/// below 1 TAO per alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SellEarnings {
    /// Blocks between two sales (≥ 1).
    pub interval_blocks: u64,
}

/// How a validator turns its moving scores of the miners into weights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// Weights proportional to the scores, as an honest validator sets them.
    #[default]
    Honest,
    /// Equal weights on the miners it scores worst and none on the others: it disagrees with the
    /// consensus of honest validators.
    Contrarian,
}

impl Scoring {
    /// Every scoring with its name in the topology format.
    pub const ALL: &'static [(&'static str, Scoring)] = &[
        ("honest", Scoring::Honest),
        ("contrarian", Scoring::Contrarian),
    ];

    /// The name written in a topology.
    pub fn as_str(self) -> &'static str {
        match self {
            Scoring::Honest => "honest",
            Scoring::Contrarian => "contrarian",
        }
    }
}

/// One child of a validator (`children: [{ neuron: child-0, proportion: 50% }]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildLink {
    /// The child neuron's name (`<group>-<index>`), on the parent's subnet.
    pub neuron: String,
    /// The share of the parent's stake weight lent to the child, in parts per million (≤ 1 000 000).
    pub proportion_ppm: u64,
}

impl ChildLink {
    /// The proportion as `set_children` takes it: a fraction of `u64::MAX` (100 % is `u64::MAX`), rounded
    /// down.
    pub fn proportion(&self) -> u64 {
        let scaled =
            u128::from(self.proportion_ppm.min(1_000_000)) * u128::from(u64::MAX) / 1_000_000;
        u64::try_from(scaled).unwrap_or(u64::MAX)
    }
}

/// `count` miners named `<name>-0` … `<name>-<count-1>`, all with one behaviour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinerGroup {
    /// Group name, unique among all neuron groups of all subnets.
    pub name: String,
    /// Number of miners (≥ 1).
    pub count: u32,
    /// How the miners answer queries (default honest).
    pub behaviour: Behaviour,
    /// Stake each miner adds to its own hotkey, in rao (default 0).
    pub stake_rao: u64,
    /// `register_at_block`: the block whose extrinsics include the miners' registrations (at the first
    /// block after bootstrap if that is later); `None` registers them at bootstrap. On a full subnet
    /// each registration replaces the neuron subtensor prunes.
    pub register_at_block: Option<u32>,
    /// `sell_earnings`: each miner's coldkey sells the alpha it earns; `None` keeps it staked.
    pub sell_earnings: Option<SellEarnings>,
}

/// How a miner answers queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Behaviour {
    /// Answers correctly and on time.
    Honest,
    /// Answers with added noise.
    Noisy,
    /// Answers with low-effort (wrong) results.
    Lazy,
    /// Never answers.
    Offline,
    /// Answers correctly but often after the validator's timeout.
    Slow,
}

impl Behaviour {
    /// Every behaviour with its name in the topology format.
    pub const ALL: &'static [(&'static str, Behaviour)] = &[
        ("honest", Behaviour::Honest),
        ("noisy", Behaviour::Noisy),
        ("lazy", Behaviour::Lazy),
        ("offline", Behaviour::Offline),
        ("slow", Behaviour::Slow),
    ];

    /// The name written in a topology.
    pub fn as_str(self) -> &'static str {
        match self {
            Behaviour::Honest => "honest",
            Behaviour::Noisy => "noisy",
            Behaviour::Lazy => "lazy",
            Behaviour::Offline => "offline",
            Behaviour::Slow => "slow",
        }
    }
}

/// A market-making bot trading one subnet's pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bot {
    /// Unique among accounts, neuron names and bots.
    pub name: String,
    /// The name of the subnet it trades; always one of `subnets`.
    pub subnet: String,
    /// Its trading strategy.
    pub strategy: Strategy,
    /// TAO it may spend, in rao (> 0); also its genesis funding.
    pub budget_rao: u64,
    /// Blocks between two decisions (≥ 1; default 1).
    pub interval_blocks: u64,
    /// Strategy parameters.
    pub params: StrategyParams,
}

/// A bot's trading strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Random buys and sells.
    Noise,
    /// Buys below the target price, sells above it.
    MeanReversion,
    /// Follows the recent price trend.
    Momentum,
    /// Rare, large trades.
    Whale,
}

impl Strategy {
    /// Every strategy with its name in the topology format.
    pub const ALL: &'static [(&'static str, Strategy)] = &[
        ("noise", Strategy::Noise),
        ("mean_reversion", Strategy::MeanReversion),
        ("momentum", Strategy::Momentum),
        ("whale", Strategy::Whale),
    ];

    /// The name written in a topology.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Noise => "noise",
            Strategy::MeanReversion => "mean_reversion",
            Strategy::Momentum => "momentum",
            Strategy::Whale => "whale",
        }
    }
}

/// Parameters of a bot's strategy; each strategy reads the ones it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrategyParams {
    /// `target_price`: the price mean reversion pulls towards, in rao per alpha; `None` = the pool's price
    /// when the bot starts.
    pub target_price_rao: Option<u64>,
    /// `band`: how far from the target (mean reversion) or how strong a trend (momentum) before trading,
    /// in parts per million (`0.05` or `5%` = 50 000; default 50 000).
    pub band_ppm: u64,
    /// `trade_size`: TAO per trade, in rao (> 0; default a tenth of the budget, at least 1 rao).
    pub trade_size_rao: u64,
    /// `window`: blocks of price history momentum looks at (≥ 1; default 10).
    pub window_blocks: u64,
}

/// The type of one hyperparameter, as subtensor's `AdminUtils` setter takes it.
#[derive(Debug)]
pub enum HyperparameterSlot<'a> {
    /// A `u16` setter argument.
    U16(&'a mut Option<u16>),
    /// A `u64` setter argument.
    U64(&'a mut Option<u64>),
    /// A `bool` setter argument.
    Bool(&'a mut Option<bool>),
    /// A balance in rao, written as an amount (`"1 TAO"`).
    Amount(&'a mut Option<u64>),
}

macro_rules! hyperparameters {
    ($( $(#[$doc:meta])* $name:ident : $kind:ident ),* $(,)?) => {
        /// Subnet hyperparameters under subtensor's names (`AdminUtils::sudo_set_<name>`); `None` keeps
        /// subtensor's default. `tempo` is a subnet field, not a hyperparameter, in this format.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
        pub struct Hyperparameters {
            $( $(#[$doc])* #[serde(skip_serializing_if = "Option::is_none")]
               pub $name: Option<hyperparameters!(@ty $kind)>, )*
        }

        impl Hyperparameters {
            /// Every hyperparameter name the format accepts, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// A writable slot for the hyperparameter called `name`, or `None` if there is no such name.
            pub fn slot(&mut self, name: &str) -> Option<HyperparameterSlot<'_>> {
                match name {
                    $( stringify!($name) => Some(HyperparameterSlot::$kind(&mut self.$name)), )*
                    _ => None,
                }
            }
        }
    };
    (@ty U16) => { u16 };
    (@ty U64) => { u64 };
    (@ty Bool) => { bool };
    (@ty Amount) => { u64 };
}

hyperparameters! {
    /// Unused by Yuma today, kept for clients that read it.
    rho: U16,
    /// Consensus majority threshold, a u16 fraction (default 32767 ≈ 0.5).
    kappa: U16,
    /// Blocks a new neuron is protected from pruning.
    immunity_period: U16,
    /// Fewest non-immune UIDs before pruning takes a non-immune one (below it, the lowest-emission immune
    /// UID goes).
    min_non_immune_uids: U16,
    /// Fewest weights a validator must set.
    min_allowed_weights: U16,
    /// Largest single weight after max-upscaling, a u16 fraction.
    max_weights_limit: U16,
    /// Minimum `version_key` accepted by `set_weights`.
    weights_version: U64,
    /// Blocks between two `set_weights` of one hotkey.
    weights_set_rate_limit: U64,
    /// Blocks between registration-difficulty adjustments.
    adjustment_interval: U16,
    /// Smoothing of the burn/difficulty adjustment.
    adjustment_alpha: U64,
    /// Blocks without weights after which a validator counts as inactive.
    activity_cutoff: U16,
    /// Whether burned registration is open.
    registration_allowed: Bool,
    /// Whether proof-of-work registration is open.
    pow_registration_allowed: Bool,
    /// Registrations per adjustment interval the burn targets.
    target_regs_per_interval: U16,
    /// Registrations allowed in one block.
    max_registrations_per_block: U16,
    /// Lowest registration burn (amount).
    min_burn: Amount,
    /// Highest registration burn (amount).
    max_burn: Amount,
    /// Lowest proof-of-work difficulty.
    min_difficulty: U64,
    /// Highest proof-of-work difficulty.
    max_difficulty: U64,
    /// Current proof-of-work difficulty.
    difficulty: U64,
    /// Bonds EMA factor in millionths (≤ 1 000 000).
    bonds_moving_average: U64,
    /// Bonds penalty, a u16 fraction.
    bonds_penalty: U16,
    /// Blocks between two `serve_axon` of one hotkey.
    serving_rate_limit: U64,
    /// Validator permits per subnet (≤ max_allowed_uids).
    max_allowed_validators: U16,
    /// UIDs per subnet (≥ 1).
    max_allowed_uids: U16,
    /// Whether weights go through commit-reveal.
    commit_reveal_weights_enabled: Bool,
    /// Epochs between a commit and its reveal.
    commit_reveal_period: U64,
    /// Whether liquid alpha (per-pair bond EMA) is on.
    liquid_alpha_enabled: Bool,
    /// Liquid alpha upper bound, a u16 fraction (≥ 52428, i.e. 0.8).
    alpha_high: U16,
    /// Liquid alpha lower bound, a u16 fraction (1 ..< 52428, below alpha_high).
    alpha_low: U16,
    /// Whether the subnet runs Yuma3 (subtensor turns it on for new subnets).
    yuma3_enabled: Bool,
    /// Whether bonds are reset when a hotkey is re-registered.
    bonds_reset_enabled: Bool,
    /// Blocks for the registration burn to decay by half.
    burn_half_life: U16,
    /// Factor the burn is multiplied by per registration.
    burn_increase_mult: U64,
    /// Whether the subnet receives TAO emission.
    subnet_emission_enabled: Bool,
    /// Whether alpha transfers between coldkeys are allowed.
    transfers_enabled: Bool,
    /// Whether the subnet's subtoken is enabled (`start_call` done).
    subtoken_enabled: Bool,
    /// Minimum stake to set weights (amount; global in subtensor, the last subnet's value wins).
    stake_threshold: Amount,
}

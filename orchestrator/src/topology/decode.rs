//! Decoding the YAML tree into a [`Topology`], collecting every shape error (unknown or duplicate keys,
//! wrong types, missing keys, unparseable amounts) instead of stopping at the first.
//!
//! Where a value is wrong the decoder puts a placeholder and remembers the path as failed, so the semantic
//! checks in `validate` can skip it rather than report a second, derived error. Semantic rules (counts,
//! references, budgets) are not checked here.

use super::amount::{parse_amount, parse_duration_ms, parse_ppm, parse_price_rao};
use super::lines::{join, Entry, Kind, Node};
use super::schema::*;
use super::suggest::hint;
use super::TopologyError;
use std::collections::BTreeSet;

/// Default block interval.
pub const DEFAULT_BLOCK_TIME_MS: u64 = 250;
/// Default finality lag, in blocks.
pub const DEFAULT_FINALITY_LAG: u32 = 1;
/// Default tempo (subtensor's).
pub const DEFAULT_TEMPO: u16 = 360;
/// Default blocks between a validator's query rounds.
pub const DEFAULT_QUERY_INTERVAL_BLOCKS: u64 = 5;
/// Default validator timeout (bittensor's dendrite default, 12 s).
pub const DEFAULT_TIMEOUT_MS: u64 = 12_000;
/// Default blocks between a bot's decisions.
pub const DEFAULT_BOT_INTERVAL_BLOCKS: u64 = 1;
/// Default strategy band: 5 %.
pub const DEFAULT_BAND_PPM: u64 = 50_000;
/// Default momentum window, in blocks.
pub const DEFAULT_WINDOW_BLOCKS: u64 = 10;

/// Collects errors and the paths whose values could not be decoded.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Every error found so far.
    pub errors: Vec<TopologyError>,
    /// Paths whose values are placeholders.
    pub failed: BTreeSet<String>,
}

impl Decoder {
    /// Records an error at `path` and marks the path as failed.
    pub fn error(&mut self, path: &str, line: usize, message: impl Into<String>) {
        self.errors.push(TopologyError {
            path: path.to_string(),
            line: Some(line),
            message: message.into(),
        });
        self.failed.insert(path.to_string());
    }
}

/// The known keys of one mapping, with duplicates and unknown keys already reported.
struct Fields<'a> {
    path: String,
    line: usize,
    entries: Vec<&'a Entry>,
}

impl<'a> Fields<'a> {
    fn new(dec: &mut Decoder, node: &'a Node, path: &str, known: &[&str]) -> Option<Self> {
        let mut fields = Fields {
            path: path.to_string(),
            line: node.line,
            entries: Vec::new(),
        };
        let entries = match &node.kind {
            Kind::Map(entries) => entries,
            Kind::Null => return Some(fields),
            other => {
                dec.error(
                    path,
                    node.line,
                    format!("expected a mapping, found {}", describe(other)),
                );
                return None;
            }
        };
        for entry in entries {
            let key_path = join(path, &entry.key);
            if let Some(first) = fields.entries.iter().find(|e| e.key == entry.key) {
                let message = format!("duplicate key (first at line {})", first.line);
                dec.error(&key_path, entry.line, message);
            } else if known.contains(&entry.key.as_str()) {
                fields.entries.push(entry);
            } else {
                let message = unknown_key_message(path, &entry.key, known);
                dec.error(&key_path, entry.line, message);
            }
        }
        Some(fields)
    }

    fn get(&self, key: &str) -> Option<(&'a Node, String)> {
        self.entries
            .iter()
            .find(|e| e.key == key)
            .map(|e| (&e.value, join(&self.path, key)))
    }

    fn require(&self, dec: &mut Decoder, key: &str) -> Option<(&'a Node, String)> {
        let found = self.get(key);
        if found.is_none() {
            dec.error(&join(&self.path, key), self.line, "required key is missing");
        }
        found
    }
}

fn unknown_key_message(path: &str, key: &str, known: &[&str]) -> String {
    if key == "tempo" && path.ends_with("hyperparameters") {
        return "unknown hyperparameter `tempo`: tempo is a subnet key; move it up next to `owner`"
            .to_string();
    }
    let suggestion = hint(key, known.iter().copied());
    if suggestion.is_empty() {
        format!("unknown key `{key}`; expected one of: {}", known.join(", "))
    } else {
        format!("unknown key `{key}`{suggestion}")
    }
}

fn describe(kind: &Kind) -> &'static str {
    match kind {
        Kind::Null => "nothing",
        Kind::Scalar { .. } => "a scalar",
        Kind::Seq(_) => "a list",
        Kind::Map(_) => "a mapping",
    }
}

fn scalar<'n>(dec: &mut Decoder, node: &'n Node, path: &str, what: &str) -> Option<&'n str> {
    match &node.kind {
        Kind::Scalar { text, .. } => Some(text),
        other => {
            dec.error(
                path,
                node.line,
                format!("expected {what}, found {}", describe(other)),
            );
            None
        }
    }
}

fn string(dec: &mut Decoder, node: &Node, path: &str) -> Option<String> {
    scalar(dec, node, path, "a string").map(str::to_string)
}

fn uint<T: TryFrom<u64>>(dec: &mut Decoder, node: &Node, path: &str, max: u64) -> Option<T> {
    let text = scalar(dec, node, path, "a whole number")?.trim();
    let digits = text.strip_prefix('+').unwrap_or(text);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        match digits.parse::<u64>().ok().filter(|v| *v <= max) {
            Some(v) => return T::try_from(v).ok(),
            None => dec.error(path, node.line, format!("must be at most {max}")),
        }
    } else if text.starts_with('-') && text[1..].chars().all(|c| c.is_ascii_digit() || c == '.') {
        dec.error(
            path,
            node.line,
            format!("`{text}` is negative; must be 0 or more"),
        );
    } else {
        dec.error(
            path,
            node.line,
            format!("expected a whole number, found `{text}`"),
        );
    }
    None
}

fn boolean(dec: &mut Decoder, node: &Node, path: &str) -> Option<bool> {
    let text = scalar(dec, node, path, "true or false")?;
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        other => {
            let message = format!("expected true or false, found `{other}`");
            dec.error(path, node.line, message);
            None
        }
    }
}

fn parsed(
    dec: &mut Decoder,
    node: &Node,
    path: &str,
    what: &str,
    parse: fn(&str) -> Result<u64, String>,
) -> Option<u64> {
    let text = scalar(dec, node, path, what)?;
    match parse(text) {
        Ok(v) => Some(v),
        Err(message) => {
            dec.error(path, node.line, message);
            None
        }
    }
}

fn amount(dec: &mut Decoder, node: &Node, path: &str) -> Option<u64> {
    parsed(dec, node, path, "an amount such as `1.5 TAO`", parse_amount)
}

fn choice<T: Copy>(
    dec: &mut Decoder,
    node: &Node,
    path: &str,
    what: &str,
    options: &[(&str, T)],
) -> Option<T> {
    let text = scalar(dec, node, path, what)?;
    if let Some((_, v)) = options.iter().find(|(name, _)| *name == text) {
        return Some(*v);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let suggestion = hint(text, names.iter().copied());
    let message = format!(
        "unknown {what} `{text}`{suggestion} (expected one of: {})",
        names.join(", ")
    );
    dec.error(path, node.line, message);
    None
}

fn list<'n>(dec: &mut Decoder, node: &'n Node, path: &str) -> &'n [Node] {
    match &node.kind {
        Kind::Seq(items) => items,
        Kind::Null => &[],
        other => {
            let message = format!("expected a list, found {}", describe(other));
            dec.error(path, node.line, message);
            &[]
        }
    }
}

/// Optional field helper: decodes `key` with `f` when present, else `default`.
fn opt<T>(
    dec: &mut Decoder,
    fields: &Fields,
    key: &str,
    default: T,
    f: impl FnOnce(&mut Decoder, &Node, &str) -> Option<T>,
) -> T {
    match fields.get(key) {
        Some((node, path)) => f(dec, node, &path).unwrap_or(default),
        None => default,
    }
}

/// Required field helper: decodes `key` with `f`, reporting it missing when absent.
fn req<T>(
    dec: &mut Decoder,
    fields: &Fields,
    key: &str,
    placeholder: T,
    f: impl FnOnce(&mut Decoder, &Node, &str) -> Option<T>,
) -> T {
    match fields.require(dec, key) {
        Some((node, path)) => f(dec, node, &path).unwrap_or(placeholder),
        None => placeholder,
    }
}

/// Decodes the document root; errors go to `dec`, placeholders fill the gaps.
pub fn decode(dec: &mut Decoder, root: &Node) -> Topology {
    let known = ["name", "seed", "chain", "accounts", "subnets", "bots"];
    let mut topology = Topology {
        name: String::new(),
        seed: 0,
        chain: Chain {
            block_time_ms: DEFAULT_BLOCK_TIME_MS,
            clock: Clock::Realtime,
            finality_lag: DEFAULT_FINALITY_LAG,
            pending_childkey_cooldown: None,
        },
        accounts: Vec::new(),
        subnets: Vec::new(),
        bots: Vec::new(),
    };
    let Some(f) = Fields::new(dec, root, "", &known) else {
        return topology;
    };
    topology.name = req(dec, &f, "name", String::new(), string);
    topology.seed = opt(dec, &f, "seed", 0, |d, n, p| uint(d, n, p, u64::MAX));
    if let Some((node, path)) = f.get("chain") {
        topology.chain = chain(dec, node, &path, topology.chain);
    }
    if let Some((node, path)) = f.get("accounts") {
        for (i, item) in list(dec, node, &path).iter().enumerate() {
            if let Some(a) = account(dec, item, &format!("{path}[{i}]")) {
                topology.accounts.push(a);
            }
        }
    }
    if let Some((node, path)) = f.get("subnets") {
        for (i, item) in list(dec, node, &path).iter().enumerate() {
            if let Some(s) = subnet(dec, item, &format!("{path}[{i}]")) {
                topology.subnets.push(s);
            }
        }
    }
    if let Some((node, path)) = f.get("bots") {
        for (i, item) in list(dec, node, &path).iter().enumerate() {
            if let Some(b) = bot(dec, item, &format!("{path}[{i}]")) {
                topology.bots.push(b);
            }
        }
    }
    topology
}

fn chain(dec: &mut Decoder, node: &Node, path: &str, defaults: Chain) -> Chain {
    let known = [
        "block_time",
        "clock",
        "finality_lag",
        "pending_childkey_cooldown",
    ];
    let Some(f) = Fields::new(dec, node, path, &known) else {
        return defaults;
    };
    Chain {
        block_time_ms: opt(dec, &f, "block_time", defaults.block_time_ms, |d, n, p| {
            parsed(d, n, p, "a duration such as `250ms`", parse_duration_ms)
        }),
        clock: opt(dec, &f, "clock", defaults.clock, |d, n, p| {
            choice(d, n, p, "clock", Clock::ALL)
        }),
        finality_lag: opt(dec, &f, "finality_lag", defaults.finality_lag, |d, n, p| {
            uint(d, n, p, u64::from(u32::MAX))
        }),
        pending_childkey_cooldown: opt(
            dec,
            &f,
            "pending_childkey_cooldown",
            defaults.pending_childkey_cooldown,
            |d, n, p| uint(d, n, p, u64::MAX).map(Some),
        ),
    }
}

fn account(dec: &mut Decoder, node: &Node, path: &str) -> Option<Account> {
    let f = Fields::new(dec, node, path, &["name", "balance"])?;
    Some(Account {
        name: req(dec, &f, "name", String::new(), string),
        balance_rao: req(dec, &f, "balance", 0, amount),
    })
}

fn subnet(dec: &mut Decoder, node: &Node, path: &str) -> Option<Subnet> {
    let known = [
        "name",
        "owner",
        "tempo",
        "hyperparameters",
        "validators",
        "miners",
    ];
    let f = Fields::new(dec, node, path, &known)?;
    let mut subnet = Subnet {
        name: req(dec, &f, "name", String::new(), string),
        owner: req(dec, &f, "owner", String::new(), string),
        tempo: opt(dec, &f, "tempo", DEFAULT_TEMPO, |d, n, p| {
            uint(d, n, p, u64::from(u16::MAX))
        }),
        hyperparameters: Hyperparameters::default(),
        validators: Vec::new(),
        miners: Vec::new(),
    };
    if let Some((node, path)) = f.get("hyperparameters") {
        subnet.hyperparameters = hyperparameters(dec, node, &path);
    }
    if let Some((node, path)) = f.get("validators") {
        for (i, item) in list(dec, node, &path).iter().enumerate() {
            if let Some(g) = validator_group(dec, item, &format!("{path}[{i}]")) {
                subnet.validators.push(g);
            }
        }
    }
    if let Some((node, path)) = f.get("miners") {
        for (i, item) in list(dec, node, &path).iter().enumerate() {
            if let Some(g) = miner_group(dec, item, &format!("{path}[{i}]")) {
                subnet.miners.push(g);
            }
        }
    }
    Some(subnet)
}

fn hyperparameters(dec: &mut Decoder, node: &Node, path: &str) -> Hyperparameters {
    let mut hp = Hyperparameters::default();
    let Some(f) = Fields::new(dec, node, path, Hyperparameters::NAMES) else {
        return hp;
    };
    for entry in &f.entries {
        let key_path = join(path, &entry.key);
        let value = &entry.value;
        match hp.slot(&entry.key) {
            Some(HyperparameterSlot::U16(slot)) => {
                *slot = uint(dec, value, &key_path, u64::from(u16::MAX));
            }
            Some(HyperparameterSlot::U64(slot)) => *slot = uint(dec, value, &key_path, u64::MAX),
            Some(HyperparameterSlot::Bool(slot)) => *slot = boolean(dec, value, &key_path),
            Some(HyperparameterSlot::Amount(slot)) => *slot = amount(dec, value, &key_path),
            None => {}
        }
    }
    hp
}

fn count(dec: &mut Decoder, node: &Node, path: &str) -> Option<u32> {
    uint(dec, node, path, u64::from(u32::MAX))
}

fn validator_group(dec: &mut Decoder, node: &Node, path: &str) -> Option<ValidatorGroup> {
    let known = [
        "name",
        "count",
        "stake",
        "query_interval",
        "timeout",
        "scoring",
        "children",
        "sell_earnings",
    ];
    let f = Fields::new(dec, node, path, &known)?;
    let mut children = Vec::new();
    if let Some((node, path)) = f.get("children") {
        for (i, item) in list(dec, node, &path).iter().enumerate() {
            if let Some(c) = child_link(dec, item, &format!("{path}[{i}]")) {
                children.push(c);
            }
        }
    }
    Some(ValidatorGroup {
        name: req(dec, &f, "name", String::new(), string),
        count: req(dec, &f, "count", 1, count),
        stake_rao: req(dec, &f, "stake", 1, amount),
        query_interval_blocks: opt(
            dec,
            &f,
            "query_interval",
            DEFAULT_QUERY_INTERVAL_BLOCKS,
            |d, n, p| uint(d, n, p, u64::MAX),
        ),
        timeout_ms: opt(dec, &f, "timeout", DEFAULT_TIMEOUT_MS, |d, n, p| {
            parsed(d, n, p, "a duration such as `12s`", parse_duration_ms)
        }),
        scoring: opt(dec, &f, "scoring", Scoring::Honest, |d, n, p| {
            choice(d, n, p, "scoring", Scoring::ALL)
        }),
        children,
        sell_earnings: opt(dec, &f, "sell_earnings", None, |d, n, p| {
            sell_earnings(d, n, p).map(Some)
        }),
    })
}

/// `sell_earnings: { interval: N }`.
fn sell_earnings(dec: &mut Decoder, node: &Node, path: &str) -> Option<SellEarnings> {
    let f = Fields::new(dec, node, path, &["interval"])?;
    Some(SellEarnings {
        interval_blocks: req(dec, &f, "interval", 1, |d, n, p| {
            uint(d, n, p, u64::from(u32::MAX))
        }),
    })
}

fn child_link(dec: &mut Decoder, node: &Node, path: &str) -> Option<ChildLink> {
    let f = Fields::new(dec, node, path, &["neuron", "proportion"])?;
    Some(ChildLink {
        neuron: req(dec, &f, "neuron", String::new(), string),
        proportion_ppm: req(dec, &f, "proportion", 0, |d, n, p| {
            parsed(d, n, p, "a fraction such as `50%` or `0.5`", parse_ppm)
        }),
    })
}

fn miner_group(dec: &mut Decoder, node: &Node, path: &str) -> Option<MinerGroup> {
    let known = [
        "name",
        "count",
        "behaviour",
        "stake",
        "register_at_block",
        "sell_earnings",
    ];
    let f = Fields::new(dec, node, path, &known)?;
    Some(MinerGroup {
        name: req(dec, &f, "name", String::new(), string),
        count: req(dec, &f, "count", 1, count),
        behaviour: opt(dec, &f, "behaviour", Behaviour::Honest, |d, n, p| {
            choice(d, n, p, "behaviour", Behaviour::ALL)
        }),
        stake_rao: opt(dec, &f, "stake", 0, amount),
        register_at_block: opt(dec, &f, "register_at_block", None, |d, n, p| {
            uint(d, n, p, u64::from(u32::MAX)).map(Some)
        }),
        sell_earnings: opt(dec, &f, "sell_earnings", None, |d, n, p| {
            sell_earnings(d, n, p).map(Some)
        }),
    })
}

fn bot(dec: &mut Decoder, node: &Node, path: &str) -> Option<Bot> {
    let known = [
        "name",
        "subnet",
        "strategy",
        "budget",
        "interval",
        "target_price",
        "band",
        "trade_size",
        "window",
    ];
    let f = Fields::new(dec, node, path, &known)?;
    let budget_rao = req(dec, &f, "budget", 1, amount);
    Some(Bot {
        name: req(dec, &f, "name", String::new(), string),
        subnet: req(dec, &f, "subnet", String::new(), string),
        strategy: req(dec, &f, "strategy", Strategy::Noise, |d, n, p| {
            choice(d, n, p, "strategy", Strategy::ALL)
        }),
        budget_rao,
        interval_blocks: opt(
            dec,
            &f,
            "interval",
            DEFAULT_BOT_INTERVAL_BLOCKS,
            |d, n, p| uint(d, n, p, u64::MAX),
        ),
        params: StrategyParams {
            target_price_rao: opt(dec, &f, "target_price", None, |d, n, p| {
                parsed(d, n, p, "a price such as `0.01`", parse_price_rao).map(Some)
            }),
            band_ppm: opt(dec, &f, "band", DEFAULT_BAND_PPM, |d, n, p| {
                parsed(d, n, p, "a fraction such as `0.05`", parse_ppm)
            }),
            trade_size_rao: opt(dec, &f, "trade_size", (budget_rao / 10).max(1), amount),
            window_blocks: opt(dec, &f, "window", DEFAULT_WINDOW_BLOCKS, |d, n, p| {
                uint(d, n, p, u64::MAX)
            }),
        },
    })
}

//! Semantic checks on a decoded [`Topology`]: names, counts, references, budgets and hyperparameter
//! ranges. Every check runs and every error is kept; each carries the line found through the
//! [`LineIndex`].
//!
//! Shape errors (types, unknown keys) are the decoder's; a path the decoder already failed is not checked
//! again here, so one mistake gives one error.

use super::amount::format_tao;
use super::costs::{estimated_lock_rao, neuron_funding_rao};
use super::lines::LineIndex;
use super::schema::{Hyperparameters, Topology};
use super::suggest::hint;
use super::TopologyError;
use std::collections::{BTreeMap, BTreeSet};

/// subtensor's default `max_allowed_uids` for a new subnet.
pub const DEFAULT_MAX_ALLOWED_UIDS: u16 = 256;
/// The lowest `alpha_high` subtensor accepts: 0.8 as a u16 fraction.
pub const MIN_ALPHA_HIGH: u16 = 52_428;
/// The largest name accepted for accounts, subnets, neuron groups and bots.
pub const MAX_NAME_LEN: usize = 64;
/// Most children one parent may have on one subnet (subtensor's `set_children` limit).
pub const MAX_CHILDREN: usize = 5;
/// A proportion of 100 %, in parts per million.
const WHOLE_PPM: u64 = 1_000_000;

struct Checker<'a> {
    index: &'a LineIndex,
    failed: &'a BTreeSet<String>,
    errors: Vec<TopologyError>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, message: impl Into<String>) {
        if self.failed.contains(path) {
            return;
        }
        self.errors.push(TopologyError {
            path: path.to_string(),
            line: self.index.line(path),
            message: message.into(),
        });
    }

    fn ok(&self, path: &str) -> bool {
        !self.failed.contains(path)
    }

    fn line_of(&self, path: &str) -> String {
        match self.index.line(path) {
            Some(line) => format!("line {line}"),
            None => path.to_string(),
        }
    }

    fn at_least_one(&mut self, path: &str, value: u64) {
        if value == 0 {
            self.error(path, "must be at least 1");
        }
    }

    fn positive(&mut self, path: &str, value: u64) {
        if value == 0 {
            self.error(path, "must be greater than 0");
        }
    }

    fn name(&mut self, path: &str, name: &str) {
        if name.is_empty() {
            self.error(path, "must not be empty");
        } else if name.len() > MAX_NAME_LEN
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.error(
                path,
                format!("`{name}` is not a valid name: use 1 to {MAX_NAME_LEN} letters, digits, `-` or `_`"),
            );
        }
    }
}

/// Runs every semantic check; paths in `failed` (placeholders from decoding) are skipped.
pub fn validate(
    topology: &Topology,
    index: &LineIndex,
    failed: &BTreeSet<String>,
) -> Vec<TopologyError> {
    let mut c = Checker {
        index,
        failed,
        errors: Vec::new(),
    };
    if topology.name.trim().is_empty() {
        c.error("name", "must not be empty");
    }
    c.positive("chain.block_time", topology.chain.block_time_ms);
    names(&mut c, topology);
    numbers(&mut c, topology);
    references(&mut c, topology);
    children(&mut c, topology);
    owner_budgets(&mut c, topology);
    for (i, subnet) in topology.subnets.iter().enumerate() {
        hyperparameters(
            &mut c,
            &format!("subnets[{i}]"),
            &subnet.hyperparameters,
            subnet.bootstrap_neuron_count(),
            subnet.neuron_count() > subnet.bootstrap_neuron_count(),
        );
    }
    c.errors
}

/// Every neuron group as (path, name, count).
fn groups(topology: &Topology) -> Vec<(String, &str, u32)> {
    let mut out = Vec::new();
    for (i, s) in topology.subnets.iter().enumerate() {
        for (j, g) in s.validators.iter().enumerate() {
            out.push((
                format!("subnets[{i}].validators[{j}]"),
                g.name.as_str(),
                g.count,
            ));
        }
        for (j, g) in s.miners.iter().enumerate() {
            out.push((
                format!("subnets[{i}].miners[{j}]"),
                g.name.as_str(),
                g.count,
            ));
        }
    }
    out
}

fn names(c: &mut Checker, topology: &Topology) {
    let accounts: Vec<(String, &str)> = (topology.accounts.iter().enumerate())
        .map(|(i, a)| (format!("accounts[{i}].name"), a.name.as_str()))
        .collect();
    let subnets: Vec<(String, &str)> = (topology.subnets.iter().enumerate())
        .map(|(i, s)| (format!("subnets[{i}].name"), s.name.as_str()))
        .collect();
    let bots: Vec<(String, &str)> = (topology.bots.iter().enumerate())
        .map(|(i, b)| (format!("bots[{i}].name"), b.name.as_str()))
        .collect();
    let groups: Vec<(String, &str, u32)> = groups(topology)
        .into_iter()
        .map(|(p, n, count)| (format!("{p}.name"), n, count))
        .collect();
    let group_names: Vec<(String, &str)> = groups.iter().map(|(p, n, _)| (p.clone(), *n)).collect();
    for (path, name) in accounts
        .iter()
        .chain(&subnets)
        .chain(&bots)
        .chain(&group_names)
    {
        c.name(path, name);
    }
    unique(c, &accounts, "account", "");
    unique(c, &subnets, "subnet", "");
    unique(c, &bots, "bot", "");
    unique(
        c,
        &group_names,
        "neuron group",
        "; neurons are named `<group>-<index>`, so group names must be unique across all subnets",
    );
    // Accounts, neurons and bots each get a wallet named after them, so they share one namespace.
    let mut taken: BTreeMap<&str, (&str, &String)> = BTreeMap::new();
    for (path, name) in &accounts {
        taken.entry(name).or_insert(("account", path));
    }
    for (path, name) in &bots {
        if !c.ok(path) || name.is_empty() {
            continue;
        }
        if let Some((kind, first)) = taken.get(name) {
            let message = format!(
                "`{name}` is also the name of an {kind} ({}); accounts, neurons and bots share one namespace (their wallet names)",
                c.line_of(first)
            );
            c.error(path, message);
        }
    }
    for (path, name) in accounts.iter().chain(&bots) {
        if !c.ok(path) {
            continue;
        }
        if let Some((group_path, group, _)) = groups
            .iter()
            .find(|(_, group, count)| is_neuron_of(name, group, *count))
        {
            let message = format!(
                "`{name}` is also the name of a neuron of group `{group}` ({}); accounts, neurons and bots share one namespace (their wallet names)",
                c.line_of(group_path)
            );
            c.error(path, message);
        }
    }
}

/// Whether `name` is `<group>-<index>` with `index < count`.
fn is_neuron_of(name: &str, group: &str, count: u32) -> bool {
    let Some(index) = name.strip_prefix(group).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let canonical = !index.is_empty() && (index == "0" || !index.starts_with('0'));
    canonical && index.parse::<u32>().is_ok_and(|i| i < count)
}

fn unique(c: &mut Checker, items: &[(String, &str)], kind: &str, why: &str) {
    let mut seen: BTreeMap<&str, &String> = BTreeMap::new();
    for (path, name) in items {
        if !c.ok(path) || name.is_empty() {
            continue;
        }
        match seen.get(name) {
            Some(first) => {
                let message = format!(
                    "duplicate {kind} name `{name}` (first at {}){why}",
                    c.line_of(first)
                );
                c.error(path, message);
            }
            None => {
                seen.insert(name, path);
            }
        }
    }
}

fn numbers(c: &mut Checker, topology: &Topology) {
    for (i, s) in topology.subnets.iter().enumerate() {
        c.at_least_one(&format!("subnets[{i}].tempo"), u64::from(s.tempo));
        for (j, g) in s.validators.iter().enumerate() {
            let p = format!("subnets[{i}].validators[{j}]");
            c.at_least_one(&format!("{p}.count"), u64::from(g.count));
            c.positive(&format!("{p}.stake"), g.stake_rao);
            c.at_least_one(&format!("{p}.query_interval"), g.query_interval_blocks);
            c.positive(&format!("{p}.timeout"), g.timeout_ms);
            if let Some(sell) = g.sell_earnings {
                c.at_least_one(&format!("{p}.sell_earnings.interval"), sell.interval_blocks);
            }
        }
        for (j, g) in s.miners.iter().enumerate() {
            c.at_least_one(
                &format!("subnets[{i}].miners[{j}].count"),
                u64::from(g.count),
            );
            if let Some(block) = g.register_at_block {
                c.at_least_one(
                    &format!("subnets[{i}].miners[{j}].register_at_block"),
                    u64::from(block),
                );
            }
            if let Some(sell) = g.sell_earnings {
                c.at_least_one(
                    &format!("subnets[{i}].miners[{j}].sell_earnings.interval"),
                    sell.interval_blocks,
                );
            }
        }
    }
    for (i, b) in topology.bots.iter().enumerate() {
        c.positive(&format!("bots[{i}].budget"), b.budget_rao);
        c.at_least_one(&format!("bots[{i}].interval"), b.interval_blocks);
        c.positive(&format!("bots[{i}].trade_size"), b.params.trade_size_rao);
        c.at_least_one(&format!("bots[{i}].window"), b.params.window_blocks);
    }
}

fn references(c: &mut Checker, topology: &Topology) {
    let accounts: Vec<&str> = topology.accounts.iter().map(|a| a.name.as_str()).collect();
    let subnets: Vec<&str> = topology.subnets.iter().map(|s| s.name.as_str()).collect();
    let all_accounts_ok = names_decoded(c, "accounts");
    let all_subnets_ok = names_decoded(c, "subnets");
    for (i, s) in topology.subnets.iter().enumerate() {
        if all_accounts_ok && !s.owner.is_empty() && !accounts.contains(&s.owner.as_str()) {
            let message = unknown_reference("account", &s.owner, &accounts, "accounts");
            c.error(&format!("subnets[{i}].owner"), message);
        }
    }
    for (i, b) in topology.bots.iter().enumerate() {
        if all_subnets_ok && !b.subnet.is_empty() && !subnets.contains(&b.subnet.as_str()) {
            let message = unknown_reference("subnet", &b.subnet, &subnets, "subnets");
            c.error(&format!("bots[{i}].subnet"), message);
        }
    }
}

/// Whether every neuron group was decoded with its name and count, so the neuron names derived from them
/// are complete and a reference to a missing one is a real error.
fn groups_decoded(c: &Checker) -> bool {
    !c.failed.iter().any(|p| {
        (p.contains(".validators") || p.contains(".miners"))
            && (p.ends_with(".name")
                || p.ends_with(".count")
                || p.ends_with(']')
                || p.ends_with("validators")
                || p.ends_with("miners"))
            && !p.contains(".children")
    })
}

/// `ppm` as a percentage without trailing zeros: `1500000` → `150%`, `333333` → `33.3333%`.
pub(super) fn percent(ppm: u64) -> String {
    let whole = ppm / 10_000;
    let frac = ppm % 10_000;
    if frac == 0 {
        format!("{whole}%")
    } else {
        let digits = format!("{frac:04}");
        format!("{whole}.{}%", digits.trim_end_matches('0'))
    }
}

/// Childkeys: each link names another neuron of the parent's subnet, outside the parent's group, at most
/// once; a group has at most [`MAX_CHILDREN`] children whose proportions add up to at most 100 %; no
/// neuron is both parent and child of another. These are the checks `set_children` makes (and its
/// errors' names), made before the run.
fn children(c: &mut Checker, topology: &Topology) {
    let names_ok = groups_decoded(c);
    for (i, s) in topology.subnets.iter().enumerate() {
        let groups: Vec<(&str, u32)> = (s.validators.iter().map(|g| (g.name.as_str(), g.count)))
            .chain(s.miners.iter().map(|g| (g.name.as_str(), g.count)))
            .collect();
        // (parent, child) → the link's path, for the parent/child consistency check.
        let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
        for (j, g) in s.validators.iter().enumerate() {
            let list_path = format!("subnets[{i}].validators[{j}].children");
            if g.children.len() > MAX_CHILDREN {
                let message = format!(
                    "{} children, more than {MAX_CHILDREN}; subtensor refuses it with TooManyChildren",
                    g.children.len()
                );
                c.error(&list_path, message);
            }
            let (mut total_ppm, mut any_over) = (0u64, false);
            let mut seen: BTreeMap<&str, String> = BTreeMap::new();
            for (k, link) in g.children.iter().enumerate() {
                let link_path = format!("{list_path}[{k}]");
                let proportion_path = format!("{link_path}.proportion");
                if c.ok(&proportion_path) {
                    if link.proportion_ppm > WHOLE_PPM {
                        any_over = true;
                        let message = format!(
                            "{} is more than 100% of the parent's stake",
                            percent(link.proportion_ppm)
                        );
                        c.error(&proportion_path, message);
                    }
                    total_ppm = total_ppm.saturating_add(link.proportion_ppm);
                }
                let neuron_path = format!("{link_path}.neuron");
                if !c.ok(&neuron_path) || link.neuron.is_empty() || !names_ok {
                    continue;
                }
                let found = (groups.iter())
                    .find(|(group, count)| is_neuron_of(&link.neuron, group, *count));
                let Some((group, _)) = found else {
                    // Suggest among the first neurons of each group (enough to catch a typo).
                    let known: Vec<String> = (groups.iter())
                        .flat_map(|(group, count)| {
                            (0..(*count).min(16)).map(|i| super::neuron_name(group, i))
                        })
                        .collect();
                    let suggestion = hint(&link.neuron, known.iter().map(String::as_str));
                    let why = if suggestion.is_empty() {
                        "; a child is a neuron of the parent's subnet, named `<group>-<index>`"
                    } else {
                        suggestion.as_str()
                    };
                    let message = format!(
                        "unknown neuron `{}` on subnet `{}`{why}",
                        link.neuron, s.name
                    );
                    c.error(&neuron_path, message);
                    continue;
                };
                if *group == g.name {
                    let message = format!(
                        "`{}` is in this validator group: every validator of the group sets the same children, so one would be its own child; choose a neuron of another group",
                        link.neuron
                    );
                    c.error(&neuron_path, message);
                    continue;
                }
                if let Some(first) = seen.get(link.neuron.as_str()) {
                    let message = format!(
                        "duplicate child `{}` (first at {}); subtensor refuses it with DuplicateChild",
                        link.neuron,
                        c.line_of(first)
                    );
                    c.error(&neuron_path, message);
                    continue;
                }
                seen.insert(&link.neuron, neuron_path.clone());
                for index in 0..g.count.min(u32::from(u16::MAX)) {
                    let parent = super::neuron_name(&g.name, index);
                    let reverse = (link.neuron.clone(), parent.clone());
                    if let Some(first) = edges.get(&reverse) {
                        let message = format!(
                            "`{}` is already a parent of `{parent}` ({}); a hotkey cannot be both parent and child of another (subtensor's ChildParentInconsistency)",
                            link.neuron,
                            c.line_of(first)
                        );
                        c.error(&neuron_path, message);
                        break;
                    }
                    edges.insert((parent, link.neuron.clone()), neuron_path.clone());
                }
            }
            if total_ppm > WHOLE_PPM && !any_over {
                let message = format!(
                    "the proportions add up to {}, more than 100% of the parent's stake; subtensor refuses it with ProportionOverflow",
                    percent(total_ppm)
                );
                c.error(&list_path, message);
            }
        }
    }
}

/// Whether every item of `section` was decoded with its name, so a reference to a name missing from it
/// is a real error rather than a consequence of an earlier one.
fn names_decoded(c: &Checker, section: &str) -> bool {
    !c.failed.iter().any(|p| {
        p == section
            || p.strip_prefix(section).is_some_and(|rest| {
                rest.starts_with('[') && (rest.ends_with(']') || rest.ends_with("].name"))
            })
    })
}

fn unknown_reference(kind: &str, name: &str, known: &[&str], section: &str) -> String {
    let suggestion = hint(name, known.iter().copied());
    if !suggestion.is_empty() {
        format!("unknown {kind} `{name}`{suggestion}")
    } else if known.is_empty() {
        format!("unknown {kind} `{name}`: `{section}` is empty")
    } else {
        format!("unknown {kind} `{name}` (known: {})", known.join(", "))
    }
}

fn owner_budgets(c: &mut Checker, topology: &Topology) {
    for (i, account) in topology.accounts.iter().enumerate() {
        let balance_path = format!("accounts[{i}].balance");
        if !c.ok(&balance_path) || !c.ok(&format!("accounts[{i}].name")) {
            continue;
        }
        let (mut lock, mut stake, mut headroom) = (0u128, 0u128, 0u128);
        let mut owned = Vec::new();
        for (k, s) in topology.subnets.iter().enumerate() {
            if s.owner != account.name {
                continue;
            }
            owned.push(format!("`{}`", s.name));
            lock += u128::from(estimated_lock_rao(k));
            let hp = &s.hyperparameters;
            let stakes = s.validators.iter().map(|g| (g.count, g.stake_rao));
            for (count, stake_rao) in stakes.chain(s.miners.iter().map(|g| (g.count, g.stake_rao)))
            {
                let funding = u128::from(neuron_funding_rao(stake_rao, hp));
                stake += u128::from(count) * u128::from(stake_rao);
                headroom += u128::from(count) * (funding - u128::from(stake_rao));
            }
        }
        let needed = lock + stake + headroom;
        if needed > u128::from(account.balance_rao) {
            let tao = |v: u128| format_tao(u64::try_from(v).unwrap_or(u64::MAX));
            let message = format!(
                "account `{}` cannot pay for subnet {}: it needs an estimated {} (subnet lock {}, neuron stake {}, registration burn and fee headroom {}) but its balance is {}; the lock is an estimate (1000 TAO for the first subnet registered, doubling for each one after it)",
                account.name,
                owned.join(", "),
                tao(needed),
                tao(lock),
                tao(stake),
                tao(headroom),
                format_tao(account.balance_rao),
            );
            c.error(&balance_path, message);
        }
    }
}

fn hyperparameters(
    c: &mut Checker,
    subnet_path: &str,
    hp: &Hyperparameters,
    neurons: u64,
    late: bool,
) {
    let p = |name: &str| format!("{subnet_path}.hyperparameters.{name}");
    if let Some(high) = hp.alpha_high {
        if high < MIN_ALPHA_HIGH {
            c.error(
                &p("alpha_high"),
                format!("must be at least {MIN_ALPHA_HIGH} (0.8 as a u16 fraction); subtensor rejects it with AlphaHighTooLow"),
            );
        }
    }
    if let Some(low) = hp.alpha_low {
        if low == 0 || low >= MIN_ALPHA_HIGH {
            c.error(
                &p("alpha_low"),
                format!("must be between 1 and {} (below 0.8 as a u16 fraction); subtensor rejects it with AlphaLowOutOfRange", MIN_ALPHA_HIGH - 1),
            );
        }
    }
    match (hp.alpha_low, hp.alpha_high) {
        (Some(_), None) => c.error(
            &p("alpha_low"),
            "set alpha_high too: subtensor sets both in one call (sudo_set_alpha_values)",
        ),
        (None, Some(_)) => c.error(
            &p("alpha_high"),
            "set alpha_low too: subtensor sets both in one call (sudo_set_alpha_values)",
        ),
        _ => {}
    }
    if let (Some(min), Some(max)) = (hp.min_burn, hp.max_burn) {
        if min > max && c.ok(&p("max_burn")) {
            let message = format!(
                "{} is more than max_burn ({})",
                format_tao(min),
                format_tao(max)
            );
            c.error(&p("min_burn"), message);
        }
    }
    if let Some(avg) = hp.bonds_moving_average {
        if avg > 1_000_000 {
            c.error(
                &p("bonds_moving_average"),
                "must be at most 1000000 (it is a fraction in millionths)",
            );
        }
    }
    if hp.max_allowed_uids == Some(0) {
        c.error(&p("max_allowed_uids"), "must be at least 1");
        return;
    }
    let max_uids = hp.max_allowed_uids.unwrap_or(DEFAULT_MAX_ALLOWED_UIDS);
    let source = if hp.max_allowed_uids.is_some() {
        ""
    } else {
        ", subtensor's default"
    };
    if let Some(validators) = hp.max_allowed_validators {
        if validators > max_uids && c.ok(&p("max_allowed_uids")) {
            let message = format!(
                "{validators} is more than max_allowed_uids ({max_uids}{source}); subtensor rejects it with MaxValidatorsLargerThanMaxUIds"
            );
            c.error(&p("max_allowed_validators"), message);
        }
    }
    if neurons + 1 > u64::from(max_uids) && c.ok(&p("max_allowed_uids")) {
        let when = if late {
            " at bootstrap (the groups with `register_at_block` come later and replace pruned neurons)"
        } else {
            ""
        };
        let message = format!(
            "the subnet registers {neurons} neurons{when} plus the owner's uid 0, more than max_allowed_uids ({max_uids}{source}); raise max_allowed_uids or register fewer neurons"
        );
        c.error(&p("max_allowed_uids"), message);
    }
}

//! Bootstrap: turns a plan into a live subnet through ordinary extrinsics only (fund, register the
//! subnet, start it, set hyperparameters, register neurons, stake, serve axons, set childkeys), so the
//! same steps work against any chain. Each step is one block; a failed extrinsic stops the run with the
//! chain's error name and what it concerned.
//!
//! Miners with `register_at_block` are funded at bootstrap but registered later by a
//! [`LateRegistrar`] actor, which acts on block events like every other actor; neurons with
//! `sell_earnings` get a seller actor ([`earnings_sellers`]).

use crate::plan::{Plan, PlannedNeuron, Role};
use crate::topology::Hyperparameters;
use actix::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use taonet_actors::client::ChainClient;
use taonet_actors::node::{BlockSealed, Clock, NodeShared, Wake};
use taonet_chain::admin::activity_cutoff::factor_milli_for_cutoff;
use taonet_chain::call::{AdminCall, BalancesCall, Call, MultiAddress, SubtensorCall};
use taonet_chain::event::{Event, SubtensorEvent};
use taonet_chain::items::Burn;
use taonet_chain::keys::Keypair;
use taonet_chain::math::burn::bump_burn;
use taonet_chain::{AccountId, BlockOutcome, NetUid};

/// A bootstrap step that did not go through.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// The chain refused an extrinsic.
    #[error("bootstrap failed: {what} was refused by the chain with {error}")]
    Refused {
        /// What the extrinsic was for (e.g. `burned_register for validator-0`).
        what: String,
        /// The chain's error name.
        error: String,
    },
    /// A subnet registration did not report its netuid.
    #[error("bootstrap failed: subnet `{0}` was registered but no NetworkAdded event was seen")]
    NoNetuid(String),
}

/// One bootstrap extrinsic with a description for errors.
struct Step {
    what: String,
    signer: Keypair,
    call: Call,
}

fn run_block(
    shared: &NodeShared,
    clock: Clock,
    steps: Vec<Step>,
) -> Result<Arc<BlockOutcome>, BootstrapError> {
    let whats: Vec<String> = steps.iter().map(|s| s.what.clone()).collect();
    for (seq, step) in steps.into_iter().enumerate() {
        shared.submit(
            "!bootstrap",
            seq as u64,
            step.signer.account_id(),
            step.call,
        );
    }
    let outcome = shared.produce(clock);
    for (receipt, what) in outcome.receipts.iter().zip(whats) {
        let error = match &receipt.outcome {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e.name(),
            Err(invalid) => invalid.to_string(),
        };
        return Err(BootstrapError::Refused { what, error });
    }
    // A sudo call reports its inner result in an event rather than as the extrinsic's result.
    for record in &outcome.events {
        if let Event::Sudo(taonet_chain::event::SudoEvent::Sudid {
            sudo_result: Err(e),
        }) = &record.event
        {
            return Err(BootstrapError::Refused {
                what: "a hyperparameter set through sudo".to_string(),
                error: e.name(),
            });
        }
    }
    Ok(outcome)
}

/// The `sudo_set_*` calls for the hyperparameters a topology sets.
pub fn hyperparameter_calls(netuid: NetUid, tempo: u16, hp: &Hyperparameters) -> Vec<AdminCall> {
    use AdminCall::*;
    let mut calls = vec![sudo_set_tempo { netuid, tempo }];
    macro_rules! set {
        ($field:ident, $call:ident { $arg:ident }) => {
            if let Some(v) = hp.$field {
                calls.push($call { netuid, $arg: v });
            }
        };
    }
    set!(rho, sudo_set_rho { rho });
    set!(kappa, sudo_set_kappa { kappa });
    set!(
        immunity_period,
        sudo_set_immunity_period { immunity_period }
    );
    set!(min_non_immune_uids, sudo_set_min_non_immune_uids { min });
    set!(
        min_allowed_weights,
        sudo_set_min_allowed_weights {
            min_allowed_weights
        }
    );
    set!(
        weights_version,
        sudo_set_weights_version_key {
            weights_version_key
        }
    );
    set!(
        weights_set_rate_limit,
        sudo_set_weights_set_rate_limit {
            weights_set_rate_limit
        }
    );
    set!(
        registration_allowed,
        sudo_set_network_registration_allowed {
            registration_allowed
        }
    );
    set!(min_burn, sudo_set_min_burn { min_burn });
    set!(max_burn, sudo_set_max_burn { max_burn });
    set!(
        bonds_moving_average,
        sudo_set_bonds_moving_average {
            bonds_moving_average
        }
    );
    set!(bonds_penalty, sudo_set_bonds_penalty { bonds_penalty });
    set!(
        serving_rate_limit,
        sudo_set_serving_rate_limit { serving_rate_limit }
    );
    // UIDs before validators: the validator limit may not exceed the UID limit.
    set!(
        max_allowed_uids,
        sudo_set_max_allowed_uids { max_allowed_uids }
    );
    set!(
        max_allowed_validators,
        sudo_set_max_allowed_validators {
            max_allowed_validators
        }
    );
    set!(
        commit_reveal_weights_enabled,
        sudo_set_commit_reveal_weights_enabled { enabled }
    );
    set!(
        commit_reveal_period,
        sudo_set_commit_reveal_weights_interval { interval }
    );
    set!(
        liquid_alpha_enabled,
        sudo_set_liquid_alpha_enabled { enabled }
    );
    set!(yuma3_enabled, sudo_set_yuma3_enabled { enabled });
    set!(transfers_enabled, sudo_set_toggle_transfer { toggle });
    set!(
        subnet_emission_enabled,
        sudo_set_subnet_emission_enabled { enabled }
    );
    set!(burn_half_life, sudo_set_burn_half_life { burn_half_life });
    if let (Some(alpha_low), Some(alpha_high)) = (hp.alpha_low, hp.alpha_high) {
        calls.push(sudo_set_alpha_values {
            netuid,
            alpha_low,
            alpha_high,
        });
    }
    calls
}

/// The axon port a neuron advertises in simulated mode (no real server listens there).
pub fn simulated_axon_port(index_in_subnet: usize) -> u16 {
    8091u16.saturating_add(index_in_subnet as u16)
}

/// Runs the bootstrap; returns each subnet's netuid by name. `axon_ports` gives the port each miner
/// (by name) serves on.
pub fn bootstrap(
    shared: &NodeShared,
    clock: Clock,
    plan: &Plan,
    sudo: &Keypair,
    axon_ports: &BTreeMap<String, u16>,
    mut on_step: impl FnMut(&str),
) -> Result<BTreeMap<String, NetUid>, BootstrapError> {
    let mut netuids = BTreeMap::new();
    if let Some(cooldown) = plan.pending_childkey_cooldown {
        on_step("setting the childkey cooldown");
        run_block(
            shared,
            clock,
            vec![Step {
                what: "set_pending_childkey_cooldown through sudo".to_string(),
                signer: sudo.clone(),
                call: Call::sudo(Call::SubtensorModule(
                    SubtensorCall::set_pending_childkey_cooldown { cooldown },
                )),
            }],
        )?;
    }
    for subnet in &plan.subnets {
        let Some(owner) = plan.account(&subnet.owner) else {
            continue;
        };
        on_step(&format!("registering subnet {}", subnet.name));
        let outcome = run_block(
            shared,
            clock,
            vec![Step {
                what: format!("register_network for subnet `{}`", subnet.name),
                signer: owner.coldkey.clone(),
                call: Call::SubtensorModule(SubtensorCall::register_network {
                    hotkey: owner.hotkey.account_id(),
                }),
            }],
        )?;
        let netuid = outcome
            .events
            .iter()
            .find_map(|r| match r.event {
                Event::SubtensorModule(SubtensorEvent::NetworkAdded(n, _)) => Some(n),
                _ => None,
            })
            .ok_or_else(|| BootstrapError::NoNetuid(subnet.name.clone()))?;
        netuids.insert(subnet.name.clone(), netuid);

        let mut steps = vec![Step {
            what: format!("start_call for subnet `{}`", subnet.name),
            signer: owner.coldkey.clone(),
            call: Call::SubtensorModule(SubtensorCall::start_call { netuid }),
        }];
        for call in hyperparameter_calls(netuid, subnet.tempo, &subnet.hyperparameters) {
            steps.push(Step {
                what: format!("setting hyperparameters of subnet `{}`", subnet.name),
                signer: sudo.clone(),
                call: Call::sudo(Call::AdminUtils(call)),
            });
        }
        // `activity_cutoff` (blocks) goes through `set_activity_cutoff_factor`, what the epoch reads;
        // `sudo_set_activity_cutoff` only writes subtensor's deprecated map.
        if let Some(cutoff) = subnet.hyperparameters.activity_cutoff {
            let factor_milli = factor_milli_for_cutoff(u64::from(cutoff), subnet.tempo);
            steps.push(Step {
                what: format!("set_activity_cutoff_factor of subnet `{}`", subnet.name),
                signer: sudo.clone(),
                call: Call::sudo(Call::SubtensorModule(
                    SubtensorCall::set_activity_cutoff_factor {
                        netuid,
                        factor_milli,
                    },
                )),
            });
        }
        run_block(shared, clock, steps)?;

        // Fund each neuron with its planned amount plus the registration price it will meet: the burn
        // rises ×1.26 with every registration in the block. Late neurons get the prices that follow
        // (an upper bound: the burn decays in between).
        let (now, late): (Vec<&PlannedNeuron>, Vec<&PlannedNeuron>) =
            (subnet.neurons.iter()).partition(|n| n.registered_at_bootstrap());
        on_step(&format!("funding and registering {} neurons", now.len()));
        let (mut burn, mult, min, max) = shared.read(|c| {
            let s = c.storage();
            (
                Burn::get(s, &netuid),
                substrate_fixed::types::U64F64::from_bits(
                    taonet_chain::items::BurnIncreaseMult::get(s, &netuid),
                ),
                taonet_chain::items::MinBurn::get(s, &netuid),
                taonet_chain::items::MaxBurn::get(s, &netuid),
            )
        });
        let mut funding = Vec::new();
        let mut registrations = Vec::new();
        let fund = |neuron: &PlannedNeuron, burn: u64| Step {
            what: format!("funding {} from `{}`", neuron.name, subnet.owner),
            signer: owner.coldkey.clone(),
            call: Call::Balances(BalancesCall::transfer_keep_alive {
                dest: MultiAddress::Id(neuron.coldkey.account_id()),
                value: neuron.funding_rao.saturating_add(burn).into(),
            }),
        };
        for neuron in &now {
            funding.push(fund(neuron, burn));
            registrations.push(Step {
                what: format!("burned_register for {}", neuron.name),
                signer: neuron.coldkey.clone(),
                call: Call::SubtensorModule(SubtensorCall::burned_register {
                    netuid,
                    hotkey: neuron.hotkey.account_id(),
                }),
            });
            burn = bump_burn(burn, mult, min, max);
        }
        for neuron in &late {
            funding.push(fund(neuron, burn));
            burn = bump_burn(burn, mult, min, max);
        }
        run_block(shared, clock, funding)?;
        run_block(shared, clock, registrations)?;

        let mut stakes = Vec::new();
        let mut axons = Vec::new();
        for neuron in &now {
            if neuron.stake_rao > 0 {
                stakes.push(Step {
                    what: format!("add_stake for {}", neuron.name),
                    signer: neuron.coldkey.clone(),
                    call: Call::SubtensorModule(SubtensorCall::add_stake {
                        hotkey: neuron.hotkey.account_id(),
                        netuid,
                        amount_staked: neuron.stake_rao,
                    }),
                });
            }
            if neuron.role == Role::Miner {
                let Some(port) = axon_ports.get(&neuron.name) else {
                    continue;
                };
                axons.push(Step {
                    what: format!("serve_axon for {}", neuron.name),
                    signer: neuron.hotkey.clone(),
                    call: Call::SubtensorModule(SubtensorCall::serve_axon {
                        netuid,
                        version: 0,
                        ip: 0,
                        port: *port,
                        ip_type: 4,
                        protocol: 4,
                        placeholder1: 0,
                        placeholder2: 0,
                    }),
                });
            }
        }
        on_step("staking and serving axons");
        stakes.extend(axons);
        run_block(shared, clock, stakes)?;

        let children = children_steps(plan, netuid, &now);
        if !children.is_empty() {
            on_step("setting childkeys");
            run_block(shared, clock, children)?;
        }
    }
    Ok(netuids)
}

/// The `set_children` of every validator in `neurons` that has children, signed by its coldkey; each
/// child is found by name among the plan's neurons.
fn children_steps(plan: &Plan, netuid: NetUid, neurons: &[&PlannedNeuron]) -> Vec<Step> {
    let hotkeys: BTreeMap<&str, AccountId> = (plan.neurons())
        .map(|(_, n)| (n.name.as_str(), n.hotkey.account_id()))
        .collect();
    (neurons.iter())
        .filter(|n| !n.children.is_empty())
        .map(|parent| {
            let children = (parent.children.iter())
                .filter_map(|link| {
                    let child = hotkeys.get(link.neuron.as_str())?;
                    Some((link.proportion(), *child))
                })
                .collect();
            Step {
                what: format!("set_children for {}", parent.name),
                signer: parent.coldkey.clone(),
                call: Call::SubtensorModule(SubtensorCall::set_children {
                    hotkey: parent.hotkey.account_id(),
                    netuid,
                    children,
                }),
            }
        })
        .collect()
}

/// A miner to register after bootstrap (`register_at_block`), funded at bootstrap.
#[derive(Debug, Clone)]
pub struct LateRegistration {
    /// The neuron's name; also the name its extrinsics are ordered under.
    pub name: String,
    /// The subnet it registers on.
    pub netuid: NetUid,
    /// The block whose extrinsics include the registration.
    pub at_block: u32,
    /// Pays the burn and the stake.
    pub coldkey: Keypair,
    /// The hotkey registered.
    pub hotkey: Keypair,
    /// Stake added right after registering, in rao (0 = none).
    pub stake_rao: u64,
    /// The axon port served right after registering, if it serves one.
    pub axon_port: Option<u16>,
}

/// The late registrations of `plan`, in plan order, for the subnets that were registered.
pub fn late_registrations(
    plan: &Plan,
    netuids: &BTreeMap<String, NetUid>,
    axon_ports: &BTreeMap<String, u16>,
) -> Vec<LateRegistration> {
    let mut out = Vec::new();
    for (subnet, neuron) in plan.neurons() {
        let (Some(at_block), Some(netuid)) = (neuron.register_at_block, netuids.get(&subnet.name))
        else {
            continue;
        };
        out.push(LateRegistration {
            name: neuron.name.clone(),
            netuid: *netuid,
            at_block,
            coldkey: neuron.coldkey.clone(),
            hotkey: neuron.hotkey.clone(),
            stake_rao: neuron.stake_rao,
            axon_port: (neuron.role == Role::Miner)
                .then(|| axon_ports.get(&neuron.name).copied())
                .flatten(),
        });
    }
    out
}

/// The name a neuron's [`Seller`](taonet_actors::seller::Seller) acts under: `<neuron>/seller` (a `/`
/// cannot appear in topology names, so it is nobody else's).
pub fn seller_name(neuron: &str) -> String {
    format!("{neuron}/seller")
}

/// A seller for every neuron with `sell_earnings`, in plan order, for the subnets that were registered.
pub fn earnings_sellers(
    plan: &Plan,
    netuids: &BTreeMap<String, NetUid>,
) -> Vec<taonet_actors::seller::SellerConfig> {
    (plan.neurons())
        .filter_map(|(subnet, neuron)| {
            let sell = neuron.sell_earnings?;
            let netuid = *netuids.get(&subnet.name)?;
            Some(taonet_actors::seller::SellerConfig {
                name: seller_name(&neuron.name),
                netuid,
                coldkey: neuron.coldkey.clone(),
                hotkey: neuron.hotkey.clone(),
                interval: u32::try_from(sell.interval_blocks).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Registers one late miner: sleeps until the block before its `at_block`, submits `burned_register`
/// (then `add_stake` and `serve_axon`), and at the next block logs whether the hotkey holds a UID.
pub struct LateRegistrar {
    registration: LateRegistration,
    client: Arc<dyn ChainClient>,
    /// The block the registration was submitted for, once submitted.
    submitted_for: Option<u32>,
}

impl LateRegistrar {
    /// An actor for `registration`, reaching the chain through `client`.
    pub fn new(registration: LateRegistration, client: Arc<dyn ChainClient>) -> Self {
        LateRegistrar {
            registration,
            client,
            submitted_for: None,
        }
    }

    fn submit(&self, block: u32) {
        let r = &self.registration;
        let hotkey = r.hotkey.account_id();
        let mut calls = vec![(
            &r.coldkey,
            SubtensorCall::burned_register {
                netuid: r.netuid,
                hotkey,
            },
        )];
        if r.stake_rao > 0 {
            calls.push((
                &r.coldkey,
                SubtensorCall::add_stake {
                    hotkey,
                    netuid: r.netuid,
                    amount_staked: r.stake_rao,
                },
            ));
        }
        if let Some(port) = r.axon_port {
            calls.push((
                &r.hotkey,
                SubtensorCall::serve_axon {
                    netuid: r.netuid,
                    version: 0,
                    ip: 0,
                    port,
                    ip_type: 4,
                    protocol: 4,
                    placeholder1: 0,
                    placeholder2: 0,
                },
            ));
        }
        tracing::info!(actor = %r.name, block, netuid = r.netuid, "registering");
        for (signer, call) in calls {
            if let Err(e) = self.client.submit(signer, Call::SubtensorModule(call)) {
                tracing::warn!(actor = %r.name, error = %e, "registration extrinsic not submitted");
            }
        }
    }
}

impl Actor for LateRegistrar {
    type Context = Context<Self>;
}

impl Handler<BlockSealed> for LateRegistrar {
    type Result = MessageResult<BlockSealed>;

    fn handle(&mut self, msg: BlockSealed, _ctx: &mut Self::Context) -> Self::Result {
        let number = msg.number;
        let at_block = self.registration.at_block;
        let next = match self.submitted_for {
            None if number.saturating_add(1) < at_block => at_block - 1,
            None => {
                let block = number.saturating_add(1);
                self.submit(block);
                self.submitted_for = Some(block);
                block
            }
            Some(block) if number < block => block,
            Some(block) => {
                let r = &self.registration;
                let hotkey = r.hotkey.account_id();
                match (self.client.neurons(r.netuid).iter()).find(|n| n.hotkey == hotkey) {
                    Some(n) => tracing::info!(actor = %r.name, block, uid = n.uid, "registered"),
                    None => tracing::warn!(
                        actor = %r.name,
                        block,
                        "registration refused; see the block's events (e.g. NoNeuronIdAvailable on a full subnet with too few prunable neurons)"
                    ),
                }
                u32::MAX
            }
        };
        MessageResult(Wake(next))
    }
}

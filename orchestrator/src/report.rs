//! The run report (`--report`): the fields DESIGN.md promises, read from the chain at the end of a run.
//! Nothing volatile goes in (no wall-clock times, no paths), so the same seed gives the same bytes.

use crate::plan::{Plan, Role};
use serde::Serialize;
use std::collections::BTreeMap;
use substrate_fixed::types::I96F32;
use taonet_chain::items::*;
use taonet_chain::{pool, staking, u16_to_fraction, Chain, NetUid};

/// The whole report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    /// The seed the run used.
    pub seed: u64,
    /// SHA-256 of the topology text.
    pub topology_sha256: String,
    /// taonet's version.
    pub taonet_version: String,
    /// Chain summary.
    pub chain: ChainReport,
    /// Every subnet.
    pub subnets: Vec<SubnetReport>,
    /// Every bot.
    pub bots: Vec<BotReport>,
    /// Faults injected (none yet).
    pub faults: Vec<FaultReport>,
    /// Expectations checked (none yet).
    pub expectations: Vec<ExpectationReport>,
}

/// Chain summary.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChainReport {
    /// Best block.
    pub block: u32,
    /// Best block hash, hex.
    pub best_hash: String,
    /// Finalized block hash, hex.
    pub finalized_hash: String,
    /// Total TAO in balances, rao.
    pub total_issuance_rao: u64,
    /// Current per-block emission, rao.
    pub block_emission_rao: u64,
    /// Total issuance at genesis, rao.
    pub genesis_issuance_rao: u64,
    /// TAO minted by emission during the run, rao.
    pub emitted_rao: u64,
    /// Block emission no subnet received (never minted), rao.
    pub recycled_rao: u64,
}

/// One subnet.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SubnetReport {
    /// Netuid.
    pub netuid: NetUid,
    /// Name in the topology.
    pub name: String,
    /// Tempo.
    pub tempo: u16,
    /// Epochs run.
    pub epochs_run: u64,
    /// Pool state.
    pub pool: PoolReport,
    /// Neurons by UID.
    pub neurons: Vec<NeuronReport>,
    /// The price EMA that sets the subnet's share of emission (`SubnetMovingPrice`), TAO per alpha.
    pub moving_price: f64,
    /// The subnet's TAO emission in the best block, rao: what was injected into the pool
    /// (`SubnetTaoInEmission`) plus the excess that bought alpha for the protocol (`SubnetExcessTao`).
    pub tao_emission_rao: u64,
    /// `tao_emission_rao` as a fraction of the block emission (0 when nothing was emitted).
    pub emission_share: f64,
    /// Neurons of the topology that no longer hold a UID here although their registration was due:
    /// replaced by a later registration on a full subnet (a late miner whose registration was refused
    /// is listed too; the log says why). In plan order.
    pub deregistered: Vec<DeregisteredReport>,
}

/// A topology neuron that lost its UID.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DeregisteredReport {
    /// Name (`<group>-<index>`).
    pub name: String,
    /// Group.
    pub group: String,
    /// `validator` or `miner`.
    pub role: String,
}

/// One childkey link of a parent neuron.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChildReport {
    /// The child's name (its SS58 hotkey when it is not a topology neuron).
    pub name: String,
    /// The share of the parent's stake weight it receives (`proportion / u64::MAX`).
    pub proportion: f64,
}

/// A subnet pool.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PoolReport {
    /// TAO reserve, rao.
    pub tao_in_rao: u64,
    /// Alpha reserve.
    pub alpha_in: u64,
    /// Alpha outstanding.
    pub alpha_out: u64,
    /// Spot price, TAO per alpha.
    pub price: f64,
}

/// One neuron; u16 metagraph values as fractions of 65535.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NeuronReport {
    /// UID.
    pub uid: u16,
    /// Name (`<group>-<index>`, or the owner account's name for UID 0).
    pub name: String,
    /// Group.
    pub group: String,
    /// `validator`, `miner` or `owner`.
    pub role: String,
    /// Where it runs.
    pub runtime: String,
    /// Hotkey, SS58.
    pub hotkey: String,
    /// Coldkey, SS58.
    pub coldkey: String,
    /// Alpha staked to the hotkey.
    pub stake_alpha: u64,
    /// Incentive.
    pub incentive: f64,
    /// Dividends.
    pub dividends: f64,
    /// Last epoch's emission, alpha.
    pub emission: u64,
    /// Consensus.
    pub consensus: f64,
    /// Validator trust.
    pub validator_trust: f64,
    /// Holds a validator permit.
    pub validator_permit: bool,
    /// Active.
    pub active: bool,
    /// The block its UID was registered in (`BlockAtRegistration`).
    pub registered_at_block: u64,
    /// Alpha paid to its hotkey's stakers as dividends in the last epoch, after childkey
    /// redistribution and the hotkey's take (`AlphaDividendsPerSubnet`).
    pub alpha_dividends: u64,
    /// Its applied childkeys (`ChildKeys`), in chain order; empty when it lends to nobody.
    pub children: Vec<ChildReport>,
}

/// A bot's trading.
#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct BotReport {
    /// Name.
    pub name: String,
    /// Strategy.
    pub strategy: String,
    /// Trades executed.
    pub trades: u64,
    /// TAO spent buying alpha, rao.
    pub tao_spent_rao: u64,
    /// TAO received selling alpha, rao.
    pub tao_received_rao: u64,
}

/// A fault and its outcome.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FaultReport {
    /// Block it fired at.
    pub at_block: u32,
    /// Kind.
    pub kind: String,
    /// Target.
    pub target: String,
    /// What happened.
    pub outcome: String,
}

/// An expectation and whether it held.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExpectationReport {
    /// The expectation as written.
    pub text: String,
    /// Whether it held.
    pub passed: bool,
    /// Why.
    pub detail: String,
}

/// Inputs to a report besides the chain.
pub struct ReportInputs<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Netuid of each subnet by name.
    pub netuids: &'a BTreeMap<String, NetUid>,
    /// Seed.
    pub seed: u64,
    /// Topology hash.
    pub topology_sha256: String,
    /// Finality lag in blocks.
    pub finality_lag: u32,
    /// Runtime label of neurons.
    pub runtime: &'a str,
    /// Bot statistics.
    pub bots: Vec<BotReport>,
    /// TAO emitted and recycled during the run.
    pub emitted_rao: u64,
    /// TAO not minted during the run.
    pub recycled_rao: u64,
    /// Issuance at genesis.
    pub genesis_issuance_rao: u64,
}

/// Builds the report from the chain's state.
pub fn build(chain: &Chain, inputs: ReportInputs<'_>) -> Report {
    let s = chain.storage();
    let best = chain.best_number();
    let finalized = best.saturating_sub(inputs.finality_lag);
    let hex_hash = |n: u32| {
        chain
            .header(n)
            .map(|h| format!("0x{}", hex::encode(h.hash())))
            .unwrap_or_default()
    };
    let mut names = BTreeMap::new();
    for subnet in &inputs.plan.subnets {
        if let Some(owner) = inputs.plan.account(&subnet.owner) {
            names.insert(
                owner.hotkey.account_id(),
                (owner.name.clone(), owner.name.clone(), "owner"),
            );
        }
        for n in &subnet.neurons {
            let role = match n.role {
                Role::Validator => "validator",
                Role::Miner => "miner",
            };
            names.insert(
                n.hotkey.account_id(),
                (n.name.clone(), n.group.clone(), role),
            );
        }
    }
    let subnets = inputs
        .plan
        .subnets
        .iter()
        .filter_map(|planned| {
            let netuid = *inputs.netuids.get(&planned.name)?;
            let incentive = Incentive::get(s, &netuid);
            let dividends = Dividends::get(s, &netuid);
            let emission = Emission::get(s, &netuid);
            let consensus = Consensus::get(s, &netuid);
            let trust = ValidatorTrust::get(s, &netuid);
            let permits = ValidatorPermit::get(s, &netuid);
            let active = Active::get(s, &netuid);
            let u16_at = |v: &[u16], i: usize| u16_to_fraction(v.get(i).copied().unwrap_or(0));
            let neurons = (0..SubnetworkN::get(s, &netuid))
                .map(|uid| {
                    let i = usize::from(uid);
                    let hotkey = Keys::get(s, &netuid, &uid);
                    let (name, group, role) = names.get(&hotkey).cloned().unwrap_or_else(|| {
                        ("external".to_string(), "external".to_string(), "external")
                    });
                    NeuronReport {
                        uid,
                        name,
                        group,
                        role: role.to_string(),
                        runtime: inputs.runtime.to_string(),
                        hotkey: hotkey.to_ss58(),
                        coldkey: Owner::get(s, &hotkey).to_ss58(),
                        stake_alpha: staking::hotkey_stake(s, &hotkey, netuid),
                        incentive: u16_at(&incentive, i),
                        dividends: u16_at(&dividends, i),
                        emission: emission.get(i).copied().unwrap_or(0),
                        consensus: u16_at(&consensus, i),
                        validator_trust: u16_at(&trust, i),
                        validator_permit: permits.get(i).copied().unwrap_or(false),
                        active: active.get(i).copied().unwrap_or(false),
                        registered_at_block: BlockAtRegistration::get(s, &netuid, &uid),
                        alpha_dividends: AlphaDividendsPerSubnet::get(s, &netuid, &hotkey),
                        children: ChildKeys::get(s, &hotkey, &netuid)
                            .into_iter()
                            .map(|(proportion, child)| ChildReport {
                                name: names
                                    .get(&child)
                                    .map(|(name, _, _)| name.clone())
                                    .unwrap_or_else(|| child.to_ss58()),
                                proportion: proportion as f64 / u64::MAX as f64,
                            })
                            .collect(),
                    }
                })
                .collect();
            let deregistered = (planned.neurons.iter())
                .filter(|n| n.register_at_block.is_none_or(|at| at <= best))
                .filter(|n| !Uids::contains_key(s, &netuid, &n.hotkey.account_id()))
                .map(|n| DeregisteredReport {
                    name: n.name.clone(),
                    group: n.group.clone(),
                    role: match n.role {
                        Role::Validator => "validator",
                        Role::Miner => "miner",
                    }
                    .to_string(),
                })
                .collect();
            let tao_emission_rao = SubnetTaoInEmission::get(s, &netuid)
                .saturating_add(SubnetExcessTao::get(s, &netuid));
            let block_emission = BlockEmission::get(s);
            let reserves = pool::reserves(s, netuid);
            Some(SubnetReport {
                netuid,
                name: planned.name.clone(),
                tempo: Tempo::get(s, &netuid),
                epochs_run: SubnetEpochIndex::get(s, &netuid),
                pool: PoolReport {
                    tao_in_rao: reserves.tao,
                    alpha_in: reserves.alpha,
                    alpha_out: SubnetAlphaOut::get(s, &netuid),
                    price: pool::spot_price_rao(s, netuid) as f64 / 1e9,
                },
                neurons,
                moving_price: I96F32::from_bits(SubnetMovingPrice::get(s, &netuid)).to_num::<f64>(),
                tao_emission_rao,
                emission_share: if block_emission == 0 {
                    0.0
                } else {
                    tao_emission_rao as f64 / block_emission as f64
                },
                deregistered,
            })
        })
        .collect();
    Report {
        seed: inputs.seed,
        topology_sha256: inputs.topology_sha256,
        taonet_version: env!("CARGO_PKG_VERSION").to_string(),
        chain: ChainReport {
            block: best,
            best_hash: hex_hash(best),
            finalized_hash: hex_hash(finalized),
            total_issuance_rao: TotalIssuance::get(s),
            block_emission_rao: BlockEmission::get(s),
            genesis_issuance_rao: inputs.genesis_issuance_rao,
            emitted_rao: inputs.emitted_rao,
            recycled_rao: inputs.recycled_rao,
        },
        subnets,
        bots: inputs.bots,
        faults: Vec::new(),
        expectations: Vec::new(),
    }
}

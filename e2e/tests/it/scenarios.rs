//! `topologies/scenarios/`: one mechanism per topology, run whole in simulated time, checked through the
//! report as a user would read it. The expected values come from subtensor's rules (Yuma consensus, the
//! price-EMA emission shares, `get_neuron_to_prune`, childkey stake inheritance), not from earlier runs.

use crate::{run_observed, topology_file};
use taonet::report::{NeuronReport, Report, SubnetReport};
use taonet::NetworkOptions;

/// Every scenario topology; each has a test below.
const SCENARIOS: &[&str] = &[
    "childkeys.yaml",
    "contrarian-validator.yaml",
    "emission-share.yaml",
    "full-subnet-pruning.yaml",
];

fn scenario(name: &str) -> String {
    topology_file(&format!("scenarios/{name}"))
}

fn names(subnet: &SubnetReport) -> Vec<&str> {
    subnet.neurons.iter().map(|n| n.name.as_str()).collect()
}

fn neuron<'a>(subnet: &'a SubnetReport, name: &str) -> &'a NeuronReport {
    (subnet.neurons.iter())
        .find(|n| n.name == name)
        .unwrap_or_else(|| panic!("{name} holds no UID: {:?}", names(subnet)))
}

/// Runs a scenario to `blocks` and returns the report of every block in which the first subnet's epoch
/// ran, then the final report.
fn per_epoch(name: &str, blocks: u32) -> (Vec<Report>, Report) {
    let mut epochs = Vec::new();
    let mut last_epoch = 0;
    let end = run_observed(&scenario(name), blocks, NetworkOptions::default(), |net| {
        let report = net.report();
        let epoch = report.subnets[0].epochs_run;
        if epoch != last_epoch {
            last_epoch = epoch;
            epochs.push(report);
        }
    });
    (epochs, end)
}

#[test]
fn every_scenario_topology_has_a_test() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../topologies/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("topologies/scenarios exists")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|f| f.ends_with(".yaml"))
        .collect();
    files.sort();
    assert_eq!(files, SCENARIOS);
}

/// The agreeing validators weight the honest miners; the contrarian (under half of the stake) weights
/// only the offline miner, which nobody else supports. Yuma's consensus for that miner is 0 (its support
/// is below κ = ½), so the contrarian's clipped weights are all 0: validator trust 0, no bonds, and
/// dividends of exactly 0 — in every epoch, while the agreeing validators share all the dividends.
#[test]
fn a_contrarian_validator_earns_no_dividends_epoch_after_epoch() {
    let (epochs, _) = per_epoch("contrarian-validator.yaml", 150);
    let mut paying = 0;
    for report in &epochs {
        let s = &report.subnets[0];
        let epoch = s.epochs_run;
        let contrarian = neuron(s, "contrarian-0");
        assert_eq!(
            (contrarian.dividends, contrarian.validator_trust),
            (0.0, 0.0),
            "epoch {epoch}: the contrarian earns no dividends"
        );
        assert_eq!(
            neuron(s, "offline-0").incentive,
            0.0,
            "epoch {epoch}: only the contrarian weights the offline miner"
        );
        let agreeing = [neuron(s, "agreeing-0"), neuron(s, "agreeing-1")];
        if agreeing.iter().all(|v| v.dividends > 0.0) {
            paying += 1;
            assert!(
                contrarian.validator_permit,
                "epoch {epoch}: its weights count"
            );
            // Once somebody earns, the epoch's validator emission follows the dividends: none for it.
            // (Before any weights, subtensor pays the validator emission by stake instead.)
            assert_eq!(
                (contrarian.emission, contrarian.alpha_dividends),
                (0, 0),
                "epoch {epoch}"
            );
            let total: f64 = agreeing.iter().map(|v| v.dividends).sum();
            assert!(
                (total - 1.0).abs() <= 2.0 / 65_535.0,
                "epoch {epoch}: the agreeing validators share all the dividends: {total}"
            );
        }
    }
    assert!(
        paying >= 10,
        "the agreeing validators were paid in {paying} of {} epochs",
        epochs.len()
    );
}

/// Blocks the emission-share scenario runs: long enough for the sellers to take `plain` well below
/// 1 TAO and for the 5 blocks `bought` is older by to weigh little in the EMAs.
const SHARE_BLOCKS: u32 = 360;
/// subtensor's `SubnetMovingAlpha` (0.000003 stored as `I96F32`: 12 885 / 2³²) and
/// `EMAPriceHalvingBlocks` (201 600): the EMA moves by `a = base · b/(b + h)` a block, `b` the blocks
/// since `start_call`.
const EMA_BASE: f64 = 12_885.0 / 4_294_967_296.0;
const EMA_HALVING_BLOCKS: f64 = 201_600.0;
/// One unit of `I96F32`, the type the EMA is stored in.
const EMA_UNIT: f64 = 1.0 / 4_294_967_296.0;

/// One block of the emission-share scenario: `[bought, plain]`.
struct ShareSample {
    block: u32,
    block_emission_rao: u64,
    moving_price: [f64; 2],
    tao_emission_rao: [u64; 2],
    share: [f64; 2],
    price: [f64; 2],
}

/// Runs the emission-share scenario (`yaml`, the file or a variant of it) for [`SHARE_BLOCKS`] and returns
/// every block's sample and the final report.
fn share_run(yaml: &str) -> (Vec<ShareSample>, Report) {
    let mut samples = Vec::new();
    let end = run_observed(yaml, SHARE_BLOCKS, NetworkOptions::default(), |net| {
        let r = net.report();
        let (a, b) = (&r.subnets[0], &r.subnets[1]);
        samples.push(ShareSample {
            block: r.chain.block,
            block_emission_rao: r.chain.block_emission_rao,
            moving_price: [a.moving_price, b.moving_price],
            tao_emission_rao: [a.tao_emission_rao, b.tao_emission_rao],
            share: [a.emission_share, b.emission_share],
            price: [a.pool.price, b.pool.price],
        });
    });
    let names: Vec<&str> = end.subnets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["bought", "plain"]);
    (samples, end)
}

/// Every miner sells its pay: when `report` was read it held nothing, or exactly the last epoch's
/// emission if it had not sold that yet (its seller acts every 5 blocks).
fn assert_miners_sold_their_pay(report: &Report) {
    for subnet in &report.subnets {
        for miner in subnet.neurons.iter().filter(|n| n.role == "miner") {
            assert!(
                miner.emission > 0 && [0, miner.emission].contains(&miner.stake_alpha),
                "block {}: {} holds {} after earning {}",
                report.chain.block,
                miner.name,
                miner.stake_alpha,
                miner.emission
            );
        }
    }
}

/// Subtensor's price-EMA rule (the one taonet runs by default) on a running network where, as on
/// mainnet, everybody sells what they earn. Both exact rules hold in every block:
/// - each subnet's TAO emission is the block emission × its `SubnetMovingPrice` / the sum, as stored by
///   the block before (to 2 rao of fixed-point rounding);
/// - each EMA moves by `a·(min(price, 1) − EMA)`, `a = 0.000003 · b/(b + 201600)`, `b` the blocks since
///   `start_call` (which bootstrap sends the block after `register_network`), to one `I96F32` unit; the
///   spot price the coinbase sees differs from the last block's by this block's protocol buy only.
///
/// The sellers take `plain` below 1 TAO for good, while the buyer keeps `bought` above it, where the
/// EMA counts it as 1 whatever its height; `bought` ends with the larger share.
#[test]
fn a_subnet_held_above_one_tao_gains_emission_share_over_one_sellers_push_below() {
    let (samples, end) = share_run(&scenario("emission-share.yaml"));
    let start_call: Vec<u64> = (end.subnets.iter())
        .map(|s| neuron(s, "owner").registered_at_block + 1)
        .collect();
    assert_eq!(
        start_call[1] - start_call[0],
        5,
        "bootstrap takes 5 blocks a subnet"
    );

    let mut checked = 0;
    for pair in samples.windows(2) {
        let (before, now) = (&pair[0], &pair[1]);
        let [e1, e2] = before.moving_price;
        if e1 == 0.0 || e2 == 0.0 {
            continue;
        }
        let emission = now.block_emission_rao as f64;
        for (i, ema) in [e1, e2].into_iter().enumerate() {
            let want = emission * ema / (e1 + e2);
            let got = now.tao_emission_rao[i] as f64;
            assert!(
                (got - want).abs() <= 2.0,
                "block {}: subnet {i} got {got} rao, its EMA share is {want}",
                now.block
            );
        }
        let paid: u64 = now.tao_emission_rao.iter().sum();
        assert!(
            paid <= now.block_emission_rao && paid + 2 >= now.block_emission_rao,
            "block {}: {paid} rao of {}",
            now.block,
            now.block_emission_rao
        );
        for (i, started) in start_call.iter().enumerate() {
            let b = f64::from(now.block) - *started as f64;
            let a = EMA_BASE * b / (b + EMA_HALVING_BLOCKS);
            let want = a * (before.price[i].min(1.0) - before.moving_price[i]) / EMA_UNIT;
            let got = (now.moving_price[i] - before.moving_price[i]) / EMA_UNIT;
            assert!(
                got <= want + 0.05 && got > want - 1.05,
                "block {}: subnet {i}'s EMA moved {got} units, a·(min(p, 1) − EMA) is {want}",
                now.block
            );
        }
        checked += 1;
    }
    assert!(checked >= 300, "{checked} blocks checked");

    // The buyer holds `bought` above 1 TAO all along. The sellers take `plain` below it for good, after
    // which its price falls from one sale to the next (every 5 blocks, each block's protocol buy lifting
    // it a little in between).
    assert!(samples.iter().all(|s| s.price[0] > 1.0));
    let last_above = (samples.iter())
        .rposition(|s| s.price[1] >= 1.0)
        .expect("plain starts above 1 TAO");
    let below = &samples[last_above + 1..];
    assert!(
        below.len() >= 200,
        "plain is below 1 TAO only from block {}",
        samples[last_above].block + 1
    );
    assert!(below.windows(6).all(|w| w[5].price[1] < w[0].price[1]));
    let (bought, plain) = (&end.subnets[0], &end.subnets[1]);
    assert!(plain.pool.price < 0.95, "{}", plain.pool.price);
    assert_miners_sold_their_pay(&end);

    let buyer = &end.bots[0];
    assert_eq!(buyer.name, "buyer");
    assert!(buyer.trades > 0 && buyer.tao_received_rao == 0, "{buyer:?}");
    assert!(
        bought.emission_share > plain.emission_share && bought.moving_price > plain.moving_price,
        "bought {} (EMA {}) vs plain {} (EMA {})",
        bought.emission_share,
        bought.moving_price,
        plain.emission_share,
        plain.moving_price
    );
}

/// The same topology without its buyer: the sellers take both prices below 1 TAO, `bought`'s faster (its
/// pool holds half `plain`'s TAO), and despite its 5 blocks' head start it ends with the smaller share.
/// So the buyer is what gave `bought` the larger one above.
#[test]
fn without_the_buyer_the_shallower_pool_falls_faster_and_earns_less_share() {
    let yaml = scenario("emission-share.yaml");
    let (without_bots, _) = yaml
        .split_once("\nbots:")
        .expect("the scenario has a `bots:` section");
    let (samples, end) = share_run(without_bots);
    assert!(end.bots.is_empty());
    let (bought, plain) = (&end.subnets[0], &end.subnets[1]);
    assert!(
        bought.pool.price < plain.pool.price && plain.pool.price < 1.0,
        "{} vs {}",
        bought.pool.price,
        plain.pool.price
    );
    assert_miners_sold_their_pay(&end);
    // Early on the older subnet has the larger share; by the end its lower price has cost it.
    let early = samples.iter().find(|s| s.block == 100).expect("block 100");
    assert!(early.share[0] > early.share[1], "{:?}", early.share);
    assert!(
        bought.emission_share < plain.emission_share && bought.moving_price < plain.moving_price,
        "bought {} (EMA {}) vs plain {} (EMA {})",
        bought.emission_share,
        bought.moving_price,
        plain.emission_share,
        plain.moving_price
    );
}

/// `get_neuron_to_prune`: a registration on a full subnet takes the UID with the lowest `Emission` among
/// the non-immune ones (more than `min_non_immune_uids` = 0 of them), never the owner's immortal UID 0.
#[test]
fn a_late_registration_on_a_full_subnet_prunes_the_lowest_emission_non_immune_neuron() {
    const IMMUNITY: u64 = 20;
    const REGISTERS_AT: u64 = 60;
    let mut before = None;
    let end = run_observed(
        &scenario("full-subnet-pruning.yaml"),
        100,
        NetworkOptions::default(),
        |net| {
            if u64::from(net.best_block()) == REGISTERS_AT - 1 {
                before = Some(net.report());
            }
        },
    );
    let before = before.expect("block 59 was observed");
    let s = &before.subnets[0];
    assert_eq!(
        names(s),
        ["owner", "validator-0", "honest-0", "honest-1", "offline-0"],
        "the subnet is full (max_allowed_uids 5)"
    );
    assert!(s.deregistered.is_empty(), "{:?}", s.deregistered);
    for n in &s.neurons[1..] {
        assert!(
            n.registered_at_block + IMMUNITY <= REGISTERS_AT,
            "{} is past its immunity at block {REGISTERS_AT}",
            n.name
        );
    }
    let offline = neuron(s, "offline-0");
    assert_eq!(offline.emission, 0);
    for name in ["validator-0", "honest-0", "honest-1"] {
        assert!(
            neuron(s, name).emission > 0,
            "{name} earned in the last epoch"
        );
    }
    assert_eq!(
        neuron(s, "owner").emission,
        0,
        "immortal, though it earned nothing"
    );

    let e = &end.subnets[0];
    let deregistered: Vec<&str> = e.deregistered.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(deregistered, ["offline-0"]);
    assert_eq!(
        names(e),
        ["owner", "validator-0", "honest-0", "honest-1", "newcomer-0"]
    );
    let newcomer = neuron(e, "newcomer-0");
    assert_eq!(
        (newcomer.uid, newcomer.registered_at_block),
        (offline.uid, REGISTERS_AT)
    );
    assert!(
        newcomer.incentive > 0.0,
        "validators score the newcomer afresh at its UID"
    );
}

/// Childkeys: `set_children` at bootstrap (the block after the stakes) waits out the 30-block cooldown;
/// the first epoch after it applies the link, and from the next epoch the child's stake weight is its own
/// plus all of the parent's (proportion 100 % = `u64::MAX`) and the parent's is 0. In Yuma3 a validator's
/// dividends are its bonds' share times its stake, so the parent's are exactly 0 and the child, the only
/// weighting validator with stake, gets exactly all. The child passes its dividend back to the parent in
/// proportion to the stake each contributed (its childkey take is 0 by default).
#[test]
fn childkeys_move_the_dividends_to_the_child() {
    const COOLDOWN: u64 = 30;
    let (epochs, _) = per_epoch("childkeys.yaml", 120);
    let link = epochs
        .iter()
        .position(|r| !neuron(&r.subnets[0], "parent-0").children.is_empty())
        .expect("the link applied within the run");
    let first = &epochs[link].subnets[0];
    let parent = neuron(first, "parent-0");
    assert_eq!(parent.children.len(), 1);
    assert_eq!(
        (
            parent.children[0].name.as_str(),
            parent.children[0].proportion
        ),
        ("child-0", 1.0)
    );
    // Bootstrap sets the children two blocks after the registrations (stakes, then childkeys).
    let set_at = parent.registered_at_block + 2;
    let applied_at = u64::from(epochs[link].chain.block);
    assert!(
        applied_at > set_at + COOLDOWN,
        "applied at block {applied_at}"
    );
    assert!(
        u64::from(epochs[link - 1].chain.block) <= set_at + COOLDOWN,
        "the epoch before the cooldown's end did not apply it"
    );

    let before = &epochs[link - 1].subnets[0];
    assert!(
        neuron(before, "parent-0").dividends > neuron(before, "child-0").dividends,
        "before the link the parent's stake earns most"
    );
    let after = &epochs[link + 1..];
    assert!(after.len() >= 5, "{} epochs after the link", after.len());
    for report in after {
        let s = &report.subnets[0];
        let (parent, child) = (neuron(s, "parent-0"), neuron(s, "child-0"));
        assert_eq!(
            (parent.dividends, child.dividends),
            (0.0, 1.0),
            "epoch {}",
            s.epochs_run
        );
        // The parent's stakers are paid through the child, in proportion to the stake each contributed.
        let paid = parent.alpha_dividends as f64 / child.alpha_dividends as f64;
        let staked = parent.stake_alpha as f64 / child.stake_alpha as f64;
        assert!(
            (paid / staked - 1.0).abs() < 1e-3,
            "epoch {}: paid {paid} vs staked {staked}",
            s.epochs_run
        );
    }
}

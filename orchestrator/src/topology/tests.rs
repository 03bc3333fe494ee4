//! The scenario features of the format: validator `scoring` and `children`, miner `register_at_block`,
//! `sell_earnings` on either group, `chain.pending_childkey_cooldown` and `min_non_immune_uids`, their
//! decoding, their validation errors
//! (with paths and lines) and the scenario topologies shipped under `topologies/scenarios/`.

use super::validate::percent;
use super::*;

/// `(path, line, message)` of every error of `yaml`, which must not parse.
fn errors(yaml: &str) -> Vec<(String, Option<usize>, String)> {
    match parse(yaml) {
        Ok(t) => panic!("expected errors, parsed {t:?}"),
        Err(e) => (e.errors().iter())
            .map(|e| (e.path.clone(), e.line, e.message.clone()))
            .collect(),
    }
}

fn parsed(yaml: &str) -> Topology {
    match parse(yaml) {
        Ok(t) => t,
        Err(e) => panic!("does not parse:\n{e}"),
    }
}

/// A topology with one subnet `s` owned by `o`, whose body (validators, miners, ...) is `body`.
fn subnet(body: &str) -> String {
    format!(
        "name: t\naccounts:\n  - name: o\n    balance: 100000 TAO\nsubnets:\n  - name: s\n    owner: o\n{body}"
    )
}

const FAMILY: &str = "\
name: family
chain:
  clock: simulated
  pending_childkey_cooldown: 30
accounts:
  - name: o
    balance: 100000 TAO
subnets:
  - name: s
    owner: o
    hyperparameters:
      max_allowed_uids: 5
      min_non_immune_uids: 0
    validators:
      - name: parent
        count: 1
        stake: 100 TAO
        children:
          - neuron: child-0
            proportion: 50%
          - neuron: m-1
            proportion: 0.25
      - name: child
        count: 1
        stake: 1 TAO
        scoring: contrarian
    miners:
      - name: m
        count: 2
      - name: late
        count: 1
        register_at_block: 60
";

#[test]
fn scenario_features_decode_with_their_defaults() {
    let t = parsed(FAMILY);
    assert_eq!(t.chain.pending_childkey_cooldown, Some(30));
    let s = &t.subnets[0];
    assert_eq!(s.hyperparameters.min_non_immune_uids, Some(0));
    let (parent, child) = (&s.validators[0], &s.validators[1]);
    assert_eq!(parent.scoring, Scoring::Honest);
    assert_eq!(child.scoring, Scoring::Contrarian);
    assert_eq!(
        parent.children,
        [
            ChildLink {
                neuron: "child-0".into(),
                proportion_ppm: 500_000
            },
            ChildLink {
                neuron: "m-1".into(),
                proportion_ppm: 250_000
            },
        ]
    );
    assert!(child.children.is_empty());
    assert_eq!(s.miners[0].register_at_block, None);
    assert_eq!(s.miners[1].register_at_block, Some(60));
    // Five neurons, four at bootstrap: with the owner's uid 0 they fill max_allowed_uids 5.
    assert_eq!((s.neuron_count(), s.bootstrap_neuron_count()), (5, 4));

    let plain = parsed(&subnet(
        "    validators:\n      - name: v\n        count: 1\n        stake: 1 TAO\n",
    ));
    assert_eq!(plain.chain.pending_childkey_cooldown, None);
    assert_eq!(plain.subnets[0].validators[0].scoring, Scoring::Honest);
}

#[test]
fn child_proportions_are_fractions_of_u64_max() {
    let link = |ppm| ChildLink {
        neuron: String::new(),
        proportion_ppm: ppm,
    };
    // 100 % is the whole u64 range; 50 % is ⌊(2^64 − 1)/2⌋ = 2^63 − 1, subtensor's u64::MAX / 2.
    assert_eq!(link(1_000_000).proportion(), u64::MAX);
    assert_eq!(link(500_000).proportion(), u64::MAX / 2);
    assert_eq!(link(250_000).proportion(), 4_611_686_018_427_387_903);
    assert_eq!(link(0).proportion(), 0);
    assert_eq!(link(2_000_000).proportion(), u64::MAX, "clamped");
}

#[test]
fn percentages_print_without_trailing_zeros() {
    assert_eq!(percent(1_500_000), "150%");
    assert_eq!(percent(333_333), "33.3333%");
    assert_eq!(percent(1_250_000), "125%");
    assert_eq!(percent(5_000), "0.5%");
}

#[test]
fn shape_errors_of_the_new_keys_carry_paths_and_lines() {
    let yaml = "\
name: t
chain:
  pending_childkey_cooldown: soon
accounts:
  - name: o
    balance: 100000 TAO
subnets:
  - name: s
    owner: o
    validators:
      - name: v
        count: 1
        stake: 1 TAO
        scoring: contrarien
        children:
          - neuron: m-0
            proportion: lots
          - nueron: m-1
            proportion: 10%
      - name: w
        count: 1
        stake: 1 TAO
        children: m-0
    miners:
      - name: m
        count: 2
        register_at_block: -5
";
    let got = errors(yaml);
    let expect = [
        (
            "chain.pending_childkey_cooldown",
            3,
            "expected a whole number, found `soon`",
        ),
        (
            "subnets[0].validators[0].scoring",
            14,
            "unknown scoring `contrarien`; did you mean `contrarian`? (expected one of: honest, contrarian)",
        ),
        (
            "subnets[0].validators[0].children[0].proportion",
            17,
            "`lots` is not a fraction; write e.g. `0.05` or `5%`",
        ),
        (
            "subnets[0].validators[0].children[1].nueron",
            18,
            "unknown key `nueron`; did you mean `neuron`?",
        ),
        (
            "subnets[0].validators[0].children[1].neuron",
            18,
            "required key is missing",
        ),
        (
            "subnets[0].validators[1].children",
            23,
            "expected a list, found a scalar",
        ),
        (
            "subnets[0].miners[0].register_at_block",
            27,
            "`-5` is negative; must be 0 or more",
        ),
    ];
    let want: Vec<(String, Option<usize>, String)> = (expect.iter())
        .map(|(p, l, m)| (p.to_string(), Some(*l), m.to_string()))
        .collect();
    assert_eq!(got, want);
}

/// A subnet with validator groups `p` (2 validators) and `q`, miners `m` (3), and `children` spliced into
/// `p`; the list's first item is on line 13.
fn with_children(children: &str) -> String {
    subnet(&format!(
        "    validators:
      - name: p
        count: 2
        stake: 1 TAO
        children:
{children}      - name: q
        count: 1
        stake: 1 TAO
    miners:
      - name: m
        count: 3
"
    ))
}

#[test]
fn children_follow_set_childrens_rules() {
    let p = "subnets[0].validators[0].children";
    let got = errors(&with_children(
        "          - neuron: q-5
            proportion: 10%
          - neuron: p-1
            proportion: 10%
          - neuron: mm-0
            proportion: 10%
          - neuron: m-0
            proportion: 120%
          - neuron: m-0
            proportion: 10%
          - neuron: m-2
            proportion: 10%
",
    ));
    let messages: Vec<(&str, Option<usize>, &str)> = (got.iter())
        .map(|(path, line, m)| (path.as_str(), *line, m.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (p, Some(12), "6 children, more than 5; subtensor refuses it with TooManyChildren"),
            (
                &*format!("{p}[0].neuron"),
                Some(13),
                "unknown neuron `q-5` on subnet `s`; did you mean `q-0`?"
            ),
            (
                &*format!("{p}[1].neuron"),
                Some(15),
                "`p-1` is in this validator group: every validator of the group sets the same children, so one would be its own child; choose a neuron of another group"
            ),
            (
                &*format!("{p}[2].neuron"),
                Some(17),
                "unknown neuron `mm-0` on subnet `s`; did you mean `m-0`?"
            ),
            (
                &*format!("{p}[3].proportion"),
                Some(20),
                "120% is more than 100% of the parent's stake"
            ),
            (
                &*format!("{p}[4].neuron"),
                Some(21),
                "duplicate child `m-0` (first at line 19); subtensor refuses it with DuplicateChild"
            ),
        ]
    );

    let overflow = errors(&with_children(
        "          - neuron: m-0
            proportion: 60%
          - neuron: m-1
            proportion: 0.9
",
    ));
    assert_eq!(
        overflow,
        [(
            p.to_string(),
            Some(12),
            "the proportions add up to 150%, more than 100% of the parent's stake; subtensor refuses it with ProportionOverflow".to_string()
        )]
    );

    // A neuron far from any name gets the naming rule instead of a suggestion.
    let far = errors(&with_children(
        "          - neuron: zebra\n            proportion: 1%\n",
    ));
    assert_eq!(
        far[0].2,
        "unknown neuron `zebra` on subnet `s`; a child is a neuron of the parent's subnet, named `<group>-<index>`"
    );
    // Any neuron of another group may be a child, a miner too.
    assert!(parse(&with_children(
        "          - neuron: m-2\n            proportion: 100%\n"
    ))
    .is_ok());
}

#[test]
fn a_neuron_cannot_be_parent_and_child_of_another() {
    let yaml = subnet(
        "    validators:
      - name: a
        count: 1
        stake: 1 TAO
        children:
          - neuron: b-0
            proportion: 50%
      - name: b
        count: 1
        stake: 1 TAO
        children:
          - neuron: a-0
            proportion: 50%
",
    );
    assert_eq!(
        errors(&yaml),
        [(
            "subnets[0].validators[1].children[0].neuron".to_string(),
            Some(19),
            "`a-0` is already a parent of `b-0` (line 13); a hotkey cannot be both parent and child of another (subtensor's ChildParentInconsistency)".to_string()
        )]
    );
}

#[test]
fn late_miners_do_not_count_toward_max_allowed_uids() {
    let yaml = |late: &str| {
        subnet(&format!(
            "    hyperparameters:
      max_allowed_uids: 3
    miners:
      - name: m
        count: 2
      - name: n
        count: 2
{late}"
        ))
    };
    // Two at bootstrap plus the owner's uid 0 fill the subnet; the late two replace pruned neurons.
    assert!(parse(&yaml("        register_at_block: 50\n")).is_ok());
    let got = errors(&yaml(""));
    assert_eq!(got[0].0, "subnets[0].hyperparameters.max_allowed_uids");
    assert!(
        got[0].2.starts_with("the subnet registers 4 neurons plus"),
        "{}",
        got[0].2
    );

    let crowded = subnet(
        "    hyperparameters:
      max_allowed_uids: 2
    miners:
      - name: m
        count: 2
      - name: n
        count: 1
        register_at_block: 50
",
    );
    let got = errors(&crowded);
    assert!(
        got[0].2.starts_with("the subnet registers 2 neurons at bootstrap (the groups with `register_at_block` come later and replace pruned neurons) plus the owner's uid 0"),
        "{}",
        got[0].2
    );

    let zero = errors(&subnet(
        "    miners:\n      - name: m\n        count: 1\n        register_at_block: 0\n",
    ));
    assert_eq!(
        zero,
        [(
            "subnets[0].miners[0].register_at_block".to_string(),
            Some(11),
            "must be at least 1".to_string()
        )]
    );
}

#[test]
fn sell_earnings_decodes_on_validator_and_miner_groups() {
    let t = parsed(&subnet(
        "    validators:
      - name: v
        count: 1
        stake: 1 TAO
        sell_earnings: { interval: 20 }
    miners:
      - name: m
        count: 2
        sell_earnings:
          interval: 1
      - name: keeper
        count: 1
",
    ));
    let s = &t.subnets[0];
    assert_eq!(
        s.validators[0].sell_earnings,
        Some(SellEarnings {
            interval_blocks: 20
        })
    );
    assert_eq!(
        s.miners[0].sell_earnings,
        Some(SellEarnings { interval_blocks: 1 })
    );
    assert_eq!(s.miners[1].sell_earnings, None, "off unless written");
    let plan = crate::plan::plan(&t, 0);
    let sells: Vec<(&str, Option<u64>)> = (plan.neurons())
        .map(|(_, n)| (n.name.as_str(), n.sell_earnings.map(|s| s.interval_blocks)))
        .collect();
    assert_eq!(
        sells,
        [
            ("v-0", Some(20)),
            ("m-0", Some(1)),
            ("m-1", Some(1)),
            ("keeper-0", None)
        ]
    );
}

#[test]
fn sell_earnings_errors_carry_paths_and_lines() {
    let got = errors(&subnet(
        "    validators:
      - name: v
        count: 1
        stake: 1 TAO
        sell_earnings: { interval: 0 }
      - name: w
        count: 1
        stake: 1 TAO
        sell_earnings: { every: 5 }
    miners:
      - name: m
        count: 1
        sell_earnings: 10
      - name: n
        count: 1
        sell_earnings:
          interval: soon
",
    ));
    let want = [
        (
            "subnets[0].validators[0].sell_earnings.interval",
            12,
            "must be at least 1",
        ),
        (
            "subnets[0].validators[1].sell_earnings.every",
            16,
            "unknown key `every`; expected one of: interval",
        ),
        (
            "subnets[0].validators[1].sell_earnings.interval",
            16,
            "required key is missing",
        ),
        (
            "subnets[0].miners[0].sell_earnings",
            20,
            "expected a mapping, found a scalar",
        ),
        (
            "subnets[0].miners[1].sell_earnings.interval",
            24,
            "expected a whole number, found `soon`",
        ),
    ];
    let want: Vec<(String, Option<usize>, String)> = (want.iter())
        .map(|(p, l, m)| (p.to_string(), Some(*l), m.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn the_scenario_topologies_validate() {
    let scenarios = [
        (
            "contrarian-validator",
            include_str!("../../../topologies/scenarios/contrarian-validator.yaml"),
        ),
        (
            "emission-share",
            include_str!("../../../topologies/scenarios/emission-share.yaml"),
        ),
        (
            "full-subnet-pruning",
            include_str!("../../../topologies/scenarios/full-subnet-pruning.yaml"),
        ),
        (
            "childkeys",
            include_str!("../../../topologies/scenarios/childkeys.yaml"),
        ),
    ];
    for (name, yaml) in scenarios {
        let t = match parse(yaml) {
            Ok(t) => t,
            Err(e) => panic!("{name}:\n{e}"),
        };
        assert_eq!(
            t.chain.clock,
            Clock::Simulated,
            "{name} runs in simulated time"
        );
        assert_eq!(t.name, format!("scenario-{name}"));
    }
    let contrarian = parse(scenarios[0].1).map(|t| t.subnets[0].validators[1].scoring);
    assert_eq!(contrarian, Ok(Scoring::Contrarian));
    let pruning = parse(scenarios[2].1).map(|t| t.subnets[0].miners[2].register_at_block);
    assert_eq!(pruning, Ok(Some(60)));
    let childkeys = parse(scenarios[3].1).map(|t| t.chain.pending_childkey_cooldown);
    assert_eq!(childkeys, Ok(Some(30)));
    // Every neuron of the emission-share scenario sells its earnings every 5 blocks.
    let emission = parsed(scenarios[1].1);
    for subnet in &emission.subnets {
        let groups = (subnet.validators.iter().map(|g| g.sell_earnings))
            .chain(subnet.miners.iter().map(|g| g.sell_earnings));
        for sell in groups {
            assert_eq!(sell, Some(SellEarnings { interval_blocks: 5 }));
        }
    }
}

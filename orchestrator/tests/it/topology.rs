//! The topology format, its validation errors, the plan's keys and the wallets written from it.

use taonet::plan::{plan, Payer, Role};
use taonet::topology::{
    self, parse, topology_sha256, Behaviour, Clock, Strategy, TopologyErrors, QUICKSTART,
};
use taonet::wallet::{write_plan_wallets, write_wallet, Keyfile};
use taonet_chain::keys::Keypair;
use taonet_chain::RAO_PER_TAO;

const TAO: u64 = RAO_PER_TAO;

fn errors(yaml: &str) -> TopologyErrors {
    match parse(yaml) {
        Ok(t) => panic!("expected errors, parsed {t:?}"),
        Err(e) => e,
    }
}

/// `(path, line, message)` of every error.
fn triples(errors: &TopologyErrors) -> Vec<(String, Option<usize>, String)> {
    (errors.errors().iter())
        .map(|e| (e.path.clone(), e.line, e.message.clone()))
        .collect()
}

fn quickstart() -> topology::Topology {
    match parse(QUICKSTART) {
        Ok(t) => t,
        Err(e) => panic!("quickstart does not validate:\n{e}"),
    }
}

#[test]
fn quickstart_parses_with_expected_values() {
    let t = quickstart();
    assert_eq!(t.name, "quickstart");
    assert_eq!(t.seed, 42);
    assert_eq!(t.chain.block_time_ms, 250);
    assert_eq!(t.chain.clock, Clock::Realtime);
    assert_eq!(t.chain.finality_lag, 1);
    assert_eq!(t.accounts.len(), 1);
    assert_eq!(t.accounts[0].name, "owner");
    assert_eq!(t.accounts[0].balance_rao, 20_000_000_000_000);

    assert_eq!(t.subnets.len(), 1);
    let s = &t.subnets[0];
    assert_eq!(
        (s.name.as_str(), s.owner.as_str(), s.tempo),
        ("demo", "owner", 30)
    );
    assert_eq!(s.hyperparameters.max_allowed_validators, Some(4));
    assert_eq!(s.hyperparameters.weights_set_rate_limit, Some(0));
    assert_eq!(s.hyperparameters.commit_reveal_weights_enabled, Some(false));
    assert_eq!(s.hyperparameters.kappa, None);
    assert_eq!(s.validators.len(), 1);
    assert_eq!(s.validators[0].name, "validator");
    assert_eq!(s.validators[0].count, 2);
    assert_eq!(s.validators[0].stake_rao, 1_000_000_000_000);
    assert_eq!(s.validators[0].query_interval_blocks, 5);
    assert_eq!(s.validators[0].timeout_ms, 12_000);
    let miners: Vec<_> = (s.miners.iter())
        .map(|g| (g.name.as_str(), g.count, g.behaviour, g.stake_rao))
        .collect();
    assert_eq!(
        miners,
        [
            ("honest", 6, Behaviour::Honest, 0),
            ("lazy", 2, Behaviour::Lazy, 0)
        ]
    );
    assert_eq!(s.neuron_count(), 10);

    assert_eq!(t.bots.len(), 1);
    let b = &t.bots[0];
    assert_eq!((b.name.as_str(), b.subnet.as_str()), ("mm", "demo"));
    assert_eq!(b.strategy, Strategy::MeanReversion);
    assert_eq!(b.budget_rao, 200 * TAO);
    assert_eq!(b.interval_blocks, 1);
    assert_eq!(b.params.target_price_rao, None);
    assert_eq!(b.params.band_ppm, 50_000);
    assert_eq!(b.params.trade_size_rao, 20 * TAO);
    assert_eq!(b.params.window_blocks, 10);
}

#[test]
fn quickstart_constant_is_the_file() {
    let file = include_str!("../../../topologies/quickstart.yaml");
    assert_eq!(QUICKSTART, file);
    assert_eq!(topology_sha256(QUICKSTART).len(), 64);
    // SHA-256 of the empty string, from FIPS 180-2 test vectors.
    assert_eq!(
        topology_sha256(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn behaviours_topology_parses() {
    let yaml = include_str!("../../../topologies/behaviours.yaml");
    let t = match parse(yaml) {
        Ok(t) => t,
        Err(e) => panic!("behaviours.yaml does not validate:\n{e}"),
    };
    assert_eq!(t.chain.clock, Clock::Simulated);
    assert_eq!(t.chain.block_time_ms, 12_000);
    assert_eq!(t.chain.finality_lag, 2);
    let s = &t.subnets[0];
    assert!(
        s.tempo <= 60,
        "tempo {} gives too few epochs in 600 blocks",
        s.tempo
    );
    let validators: u32 = s.validators.iter().map(|g| g.count).sum();
    assert_eq!(validators, 3);
    for (_, behaviour) in Behaviour::ALL {
        let n: u32 = (s.miners.iter())
            .filter(|g| g.behaviour == *behaviour)
            .map(|g| g.count)
            .sum();
        assert!(n >= 2, "{behaviour:?} has {n} miners");
    }
    for (_, strategy) in Strategy::ALL {
        assert!(
            t.bots.iter().any(|b| b.strategy == *strategy),
            "no bot runs {strategy:?}"
        );
    }
    let reverter = t.bots.iter().find(|b| b.name == "reverter");
    let reverter = reverter.map(|b| (b.params.target_price_rao, b.params.band_ppm));
    assert_eq!(reverter, Some((Some(10_000_000), 50_000)));
}

const BROKEN: &str = "\
name: broken
seed: 1
chain:
  block_time: 1s
  clock: simulated
accounts:
  - name: alice
    balance: 1500 TAO
  - name: alice
    balance: -5 TAO
subnets:
  - name: demo
    owner: alice
    tmepo: 30
    hyperparameters:
      kappa: 70000
    validators:
      - name: val
        count: 2
        stake: 500 TAO
    miners:
      - name: good
        count: 0
        behaviour: honest
      - name: val
        count: 2
        behaviour: lazzy
bots:
  - name: mm
    subnet: nowhere
    strategy: mean_reversion
    budget: 10 TAO
";

#[test]
fn broken_topology_reports_every_error_with_its_line() {
    let e = errors(BROKEN);
    let got = triples(&e);
    let s = |x: &str| x.to_string();
    // alice owns `demo`: lock 1000 TAO (first subnet) + 2 validators × 500 TAO stake, plus headroom of
    // 10 TAO burn + 1 TAO fees for each of the 4 neurons (2 validators, 0 + 2 miners) = 44 TAO.
    let expected = vec![
        (s("accounts[0].balance"), Some(8), s("account `alice` cannot pay for subnet `demo`: it needs an estimated 2044 TAO (subnet lock 1000 TAO, neuron stake 1000 TAO, registration burn and fee headroom 44 TAO) but its balance is 1500 TAO; the lock is an estimate (1000 TAO for the first subnet registered, doubling for each one after it)")),
        (s("accounts[1].name"), Some(9), s("duplicate account name `alice` (first at line 7)")),
        (s("accounts[1].balance"), Some(10), s("`-5 TAO` is negative; amounts cannot be negative")),
        (s("subnets[0].tmepo"), Some(14), s("unknown key `tmepo`; did you mean `tempo`?")),
        (s("subnets[0].hyperparameters.kappa"), Some(16), s("must be at most 65535")),
        (s("subnets[0].miners[0].count"), Some(23), s("must be at least 1")),
        (s("subnets[0].miners[1].name"), Some(25), s("duplicate neuron group name `val` (first at line 18); neurons are named `<group>-<index>`, so group names must be unique across all subnets")),
        (s("subnets[0].miners[1].behaviour"), Some(27), s("unknown behaviour `lazzy`; did you mean `lazy`? (expected one of: honest, noisy, lazy, offline, slow)")),
        (s("bots[0].subnet"), Some(30), s("unknown subnet `nowhere` (known: demo)")),
    ];
    assert_eq!(got, expected);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn display_is_path_message_line() {
    let e = errors(BROKEN);
    let count = e
        .errors()
        .iter()
        .find(|e| e.path == "subnets[0].miners[0].count");
    assert_eq!(
        count.map(ToString::to_string).as_deref(),
        Some("subnets[0].miners[0].count: must be at least 1 (line 23)")
    );
}

/// A minimal valid topology with `extra` spliced into the subnet.
fn with_subnet(extra: &str) -> String {
    format!(
        "name: t\naccounts:\n  - name: o\n    balance: 100000 TAO\nsubnets:\n  - name: s\n    owner: o\n{extra}"
    )
}

#[test]
fn syntax_errors_carry_the_line() {
    let e = errors("name: x\naccounts:\n  - name: [a\n");
    assert_eq!(e.len(), 1);
    let err = &e.errors()[0];
    assert_eq!(err.path, "");
    assert!(err.message.starts_with("YAML syntax error"), "{err}");
    assert!(err.line.is_some_and(|l| l >= 3), "{err}");
}

#[test]
fn empty_and_non_mapping_documents() {
    assert_eq!(errors("").len(), 1);
    assert_eq!(errors("# just a comment\n").len(), 1);
    let e = errors("- a\n- b\n");
    assert_eq!(e.errors()[0].message, "expected a mapping, found a list");
}

#[test]
fn shape_errors_are_all_collected() {
    let yaml = "\
name: t
seed: -3
chain:
  block_time: 250
  clock: fast
  finality: 2
accounts:
  - name: o
    balance: 20000
subnets: {}
bots:
  - name: b
";
    let got = triples(&errors(yaml));
    let lines: Vec<(&str, Option<usize>)> = got.iter().map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        lines,
        [
            ("seed", Some(2)),
            ("chain.block_time", Some(4)),
            ("chain.clock", Some(5)),
            ("chain.finality", Some(6)),
            ("accounts[0].balance", Some(9)),
            ("subnets", Some(10)),
            ("bots[0].budget", Some(12)),
            ("bots[0].subnet", Some(12)),
            ("bots[0].strategy", Some(12)),
        ]
    );
    let messages: Vec<&str> = got.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(messages[0], "`-3` is negative; must be 0 or more");
    assert_eq!(
        messages[1],
        "`250` has no unit; write e.g. `250ms` or `250s`"
    );
    assert_eq!(
        messages[2],
        "unknown clock `fast` (expected one of: realtime, simulated)"
    );
    assert_eq!(
        messages[3],
        "unknown key `finality`; did you mean `finality_lag`?"
    );
    assert_eq!(
        messages[4],
        "`20000` has no unit; write `20000 TAO` or `20000 rao`"
    );
    assert_eq!(messages[5], "expected a list, found a mapping");
    assert_eq!(messages[6], "required key is missing");
}

#[test]
fn duplicate_keys_are_reported() {
    let got = triples(&errors("name: a\nname: b\n"));
    assert_eq!(
        got,
        [(
            "name".to_string(),
            Some(2),
            "duplicate key (first at line 1)".to_string()
        )]
    );
}

#[test]
fn hyperparameter_checks() {
    let yaml = with_subnet(
        "    tempo: 0
    hyperparameters:
      tempo: 10
      alpha_high: 100
      alpha_low: 0
      max_allowed_uids: 8
      max_allowed_validators: 9
      min_burn: 2 TAO
      max_burn: 1 TAO
      bonds_moving_average: 2000000
      registration_allowed: yes
      max_allowed_validator: 4
    miners:
      - name: m
        count: 8
",
    );
    let got = triples(&errors(&yaml));
    let found = |path: &str| {
        (got.iter())
            .find(|(p, _, _)| p == path)
            .map(|(_, l, m)| (*l, m.clone()))
            .unwrap_or_else(|| panic!("no error at {path} in {got:#?}"))
    };
    let hp = "subnets[0].hyperparameters";
    assert_eq!(
        found("subnets[0].tempo"),
        (Some(8), "must be at least 1".into())
    );
    assert_eq!(
        found(&format!("{hp}.tempo")).1,
        "unknown hyperparameter `tempo`: tempo is a subnet key; move it up next to `owner`"
    );
    assert_eq!(found(&format!("{hp}.alpha_high")).0, Some(11));
    assert!(found(&format!("{hp}.alpha_high")).1.contains("52428"));
    assert!(found(&format!("{hp}.alpha_low"))
        .1
        .contains("AlphaLowOutOfRange"));
    assert!(found(&format!("{hp}.max_allowed_validators"))
        .1
        .contains("MaxValidatorsLargerThanMaxUIds"));
    assert_eq!(
        found(&format!("{hp}.min_burn")).1,
        "2 TAO is more than max_burn (1 TAO)"
    );
    assert!(found(&format!("{hp}.bonds_moving_average"))
        .1
        .contains("at most 1000000"));
    assert_eq!(
        found(&format!("{hp}.registration_allowed")).1,
        "expected true or false, found `yes`"
    );
    assert_eq!(
        found(&format!("{hp}.max_allowed_validator")).1,
        "unknown key `max_allowed_validator`; did you mean `max_allowed_validators`?"
    );
    // 8 miners + the owner's uid 0 do not fit in 8 uids.
    assert_eq!(
        found(&format!("{hp}.max_allowed_uids")),
        (Some(13), "the subnet registers 8 neurons plus the owner's uid 0, more than max_allowed_uids (8); raise max_allowed_uids or register fewer neurons".into())
    );
    assert_eq!(got.len(), 10, "{got:#?}");

    let lone = with_subnet("    hyperparameters:\n      alpha_low: 45875\n");
    let got = triples(&errors(&lone));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, format!("{hp}.alpha_low"));
    assert!(got[0].2.contains("sudo_set_alpha_values"), "{}", got[0].2);
}

#[test]
fn default_uid_limit_counts_all_groups() {
    let yaml = with_subnet(
        "    miners:
      - name: a
        count: 200
      - name: b
        count: 56
",
    );
    let got = triples(&errors(&yaml));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "subnets[0].hyperparameters.max_allowed_uids");
    assert!(got[0].2.contains("256 neurons"), "{}", got[0].2);
    assert!(got[0].2.contains("subtensor's default"), "{}", got[0].2);
    // 255 neurons + uid 0 fit exactly.
    assert!(parse(&yaml.replace("count: 56", "count: 55")).is_ok());
}

#[test]
fn references_suggest_close_names() {
    let yaml = "\
name: t
accounts:
  - name: owner
    balance: 5000 TAO
subnets:
  - name: demo
    owner: ownr
bots:
  - name: owner
    subnet: dmeo
    strategy: momentun
    budget: 0 TAO
";
    let got = triples(&errors(yaml));
    let expected: Vec<(String, Option<usize>, String)> = vec![
        ("subnets[0].owner".into(), Some(7), "unknown account `ownr`; did you mean `owner`?".into()),
        ("bots[0].name".into(), Some(9), "`owner` is also the name of an account (line 3); accounts, neurons and bots share one namespace (their wallet names)".into()),
        ("bots[0].subnet".into(), Some(10), "unknown subnet `dmeo`; did you mean `demo`?".into()),
        ("bots[0].strategy".into(), Some(11), "unknown strategy `momentun`; did you mean `momentum`? (expected one of: noise, mean_reversion, momentum, whale)".into()),
        ("bots[0].budget".into(), Some(12), "must be greater than 0".into()),
    ];
    assert_eq!(got, expected);
}

#[test]
fn neuron_names_share_the_wallet_namespace() {
    let yaml = "\
name: t
accounts:
  - name: o
    balance: 5000 TAO
  - name: m-1
    balance: 1 TAO
  - name: m-2
    balance: 1 TAO
  - name: bad name
    balance: 1 TAO
subnets:
  - name: s
    owner: o
    miners:
      - name: m
        count: 2
";
    let got = triples(&errors(yaml));
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, "accounts[1].name");
    assert!(
        got[0].2.contains("neuron of group `m` (line 15)"),
        "{}",
        got[0].2
    );
    assert_eq!(got[1].0, "accounts[3].name");
    assert!(got[1].2.contains("not a valid name"), "{}", got[1].2);
}

#[test]
fn lock_estimate_doubles_per_subnet() {
    // Second subnet: lock 2000 TAO; no neurons, so nothing else is needed.
    let yaml = "\
name: t
accounts:
  - name: a
    balance: 1000 TAO
  - name: b
    balance: 1999 TAO
subnets:
  - name: one
    owner: a
  - name: two
    owner: b
";
    let got = triples(&errors(yaml));
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].1),
        ("accounts[1].balance", Some(6))
    );
    assert!(got[0].2.contains("estimated 2000 TAO"), "{}", got[0].2);
    assert!(parse(&yaml.replace("1999 TAO", "2000 TAO")).is_ok());
}

#[test]
fn plan_names_roles_and_funding() {
    let t = quickstart();
    let p = plan(&t, t.seed);
    let s = &p.subnets[0];
    let names: Vec<&str> = s.neurons.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "validator-0",
            "validator-1",
            "honest-0",
            "honest-1",
            "honest-2",
            "honest-3",
            "honest-4",
            "honest-5",
            "lazy-0",
            "lazy-1"
        ]
    );
    assert_eq!(s.neurons[1].role, Role::Validator);
    assert_eq!(s.neurons[1].behaviour, None);
    assert_eq!(s.neurons[9].role, Role::Miner);
    assert_eq!(s.neurons[9].behaviour, Some(Behaviour::Lazy));
    assert_eq!(
        (s.neurons[9].group.as_str(), s.neurons[9].index),
        ("lazy", 1)
    );
    assert_eq!(s.estimated_lock_rao, 1_000 * TAO);
    // stake + 10 TAO burn headroom + 1 TAO fee headroom.
    assert_eq!(s.neurons[0].funding_rao, 1_011 * TAO);
    assert_eq!(s.neurons[2].funding_rao, 11 * TAO);
    assert_eq!(p.bots[0].funding_rao, 201 * TAO);

    let funding = p.funding();
    assert_eq!(funding.len(), 1 + 10 + 1);
    assert_eq!(
        (funding[0].name.as_str(), &funding[0].payer),
        ("owner", &Payer::Genesis)
    );
    assert_eq!(funding[0].amount_rao, 20_000 * TAO);
    assert_eq!(funding[1].payer, Payer::Account("owner".into()));
    assert_eq!(funding[1].account, s.neurons[0].coldkey.account_id());
    assert_eq!(
        (funding[11].name.as_str(), &funding[11].payer),
        ("mm", &Payer::Genesis)
    );
}

#[test]
fn plan_keys_are_deterministic_and_distinct() {
    let t = quickstart();
    let keys = |seed: u64| {
        let p = plan(&t, seed);
        let mut out = Vec::new();
        for a in &p.accounts {
            out.push(a.coldkey.account_id());
            out.push(a.hotkey.account_id());
        }
        for (_, n) in p.neurons() {
            out.push(n.coldkey.account_id());
            out.push(n.hotkey.account_id());
        }
        out.extend(p.bots.iter().map(|b| b.coldkey.account_id()));
        out
    };
    let a = keys(42);
    assert_eq!(a.len(), 2 + 20 + 1);
    assert_eq!(a, keys(42));
    let b = keys(43);
    assert!(a.iter().zip(&b).all(|(x, y)| x != y));
    let unique: std::collections::BTreeSet<_> = a.iter().collect();
    assert_eq!(unique.len(), a.len());
    // The documented derivation: the name fully determines the key.
    let p = plan(&t, 42);
    assert_eq!(
        p.subnets[0].neurons[0].hotkey.account_id(),
        Keypair::derive(42, "neuron/validator-0/hotkey").account_id()
    );
    assert_eq!(
        p.accounts[0].coldkey.account_id(),
        Keypair::derive(42, "account/owner/coldkey").account_id()
    );
}

fn read_json(path: &std::path::Path) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    match serde_json::from_str(&text) {
        Ok(serde_json::Value::Object(map)) => map,
        other => panic!("{path:?} is not a JSON object: {other:?}"),
    }
}

#[test]
fn wallet_files_have_bittensor_layout_and_fields() {
    // //Alice's mini secret and address, as `subkey inspect //Alice` prints them.
    let seed = hex::decode("e5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a")
        .ok()
        .and_then(|v| <[u8; 32]>::try_from(v).ok())
        .expect("valid hex");
    let alice = Keypair::from_seed(seed);
    let hot = Keypair::derive(1, "hot");
    let dir = tempfile::tempdir().expect("tempdir");
    write_wallet(dir.path(), "alice", &alice, &[("default", &hot)]).expect("write wallet");

    let w = dir.path().join("alice");
    let coldkey = read_json(&w.join("coldkey"));
    let mut keys: Vec<&str> = coldkey.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "accountId",
            "privateKey",
            "publicKey",
            "secretPhrase",
            "secretSeed",
            "ss58Address"
        ]
    );
    let pk = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    assert_eq!(coldkey["accountId"], pk);
    assert_eq!(coldkey["publicKey"], pk);
    assert_eq!(
        coldkey["ss58Address"],
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    );
    assert_eq!(
        coldkey["secretSeed"],
        "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"
    );
    assert!(coldkey["secretPhrase"].is_null());
    let private = coldkey["privateKey"].as_str().unwrap_or_default();
    assert_eq!(private.len(), 2 + 128);
    assert!(private.starts_with("0x"));

    for pub_file in [w.join("coldkeypub.txt"), w.join("hotkeys/defaultpub.txt")] {
        let json = read_json(&pub_file);
        let mut keys: Vec<&str> = json.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["accountId", "publicKey", "ss58Address"],
            "{pub_file:?}"
        );
    }
    let hotkey = Keyfile::read(&w.join("hotkeys/default")).expect("hotkey parses");
    assert_eq!(hotkey.account(), Ok(hot.account_id()));
    assert_eq!(hotkey.seed(), hot.seed());

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [
            "coldkey",
            "coldkeypub.txt",
            "hotkeys/default",
            "hotkeys/defaultpub.txt",
        ] {
            let mode = std::fs::metadata(w.join(f)).map(|m| m.permissions().mode() & 0o777);
            assert_eq!(mode.ok(), Some(0o600), "{f}");
        }
    }
}

#[test]
fn plan_wallets_parse_back_to_the_plan_keys() {
    let t = quickstart();
    let p = plan(&t, t.seed);
    let dir = tempfile::tempdir().expect("tempdir");
    write_plan_wallets(dir.path(), &p).expect("write wallets");
    for (_, n) in p.neurons() {
        let w = dir.path().join(&n.name);
        let cold = Keyfile::read(&w.join("coldkey")).expect("coldkey parses");
        assert_eq!(cold.account(), Ok(n.coldkey.account_id()), "{}", n.name);
        // The seed in the file re-derives the same key, as bittensor-wallet does on load.
        let reloaded = cold.seed().map(Keypair::from_seed).map(|k| k.account_id());
        assert_eq!(reloaded, Some(n.coldkey.account_id()));
        let hot = Keyfile::read(&w.join("hotkeys/default")).expect("hotkey parses");
        assert_eq!(hot.account(), Ok(n.hotkey.account_id()));
        assert_eq!(hot.ss58_address, n.hotkey.account_id().to_ss58());
    }
    let owner = Keyfile::read(&dir.path().join("owner/coldkeypub.txt")).expect("pub parses");
    assert_eq!(owner.account(), Ok(p.accounts[0].coldkey.account_id()));
    assert_eq!(owner.private_key, None);
    assert!(dir.path().join("mm/coldkey").exists());
    assert!(!dir.path().join("mm/hotkeys").exists());
}

#[test]
fn one_mistake_gives_one_error() {
    // The account is not a mapping: no second error about `owner` naming an unknown account.
    let yaml = "name: t\naccounts:\n  - alice\nsubnets:\n  - name: s\n    owner: alice\n";
    let got = triples(&errors(yaml));
    assert_eq!(
        got,
        [(
            "accounts[0]".to_string(),
            Some(3),
            "expected a mapping, found a scalar".to_string()
        )]
    );
}

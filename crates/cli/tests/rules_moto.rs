//! The query pack and the built-in rules on a synced moto estate: `seed.py` then
//! `seed_rules.py` (each rule's cases next to compliant twins), `cartograph sync` with the
//! real binary, then `cartograph queries run` for every bundled query and `cartograph rules
//! run all --format json`, whose failing assets must be exactly those the AWS APIs imply.
//!
//! Needs moto: `./scripts/test` installs it and sets CARTOGRAPH_MOTO_SERVER and
//! CARTOGRAPH_PYTHON; by default the workspace's `.venv` is used.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use common::*;
use serde_json::Value as Json;

/// `seed_rules.py` against `moto`: fact id -> the asset ids it must fail.
fn seed_rules(moto: &Moto) -> Json {
    let out = Command::new(tool("CARTOGRAPH_PYTHON", "python"))
        .arg(workspace().join("crates/cli/tests/moto/seed_rules.py"))
        .arg(&moto.endpoint)
        .output()
        .unwrap_or_else(|e| panic!("cannot run seed_rules.py: {e}"));
    assert!(
        out.status.success(),
        "seed_rules.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("seed_rules.py: {e}"))
}

/// `cartograph ARGS --db DB`, with no AWS or cartograph settings from the environment.
fn cartograph(db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cartograph"));
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("CARTOGRAPH_") {
            cmd.env_remove(k);
        }
    }
    cmd.args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cartograph: {e}"))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bundled_queries_and_rules_on_a_synced_moto_estate() {
    let moto = Moto::start();
    moto.seed("seed");
    let expected = seed_rules(&moto);
    let home = Home::new();
    assert_ok(&home.sync(&moto.endpoint, 100, &CORE, &[]), 0);
    let db = home.db();

    // Every bundled query runs.
    let list = cartograph(&db, &["queries", "list"]);
    assert_ok(&list, 0);
    let names: Vec<String> = stdout(&list)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    assert!(names.len() >= 60, "{names:?}");
    let mut answered = 0;
    for name in &names {
        let out = cartograph(&db, &["queries", "run", name, "--format", "json"]);
        assert_ok(&out, 0);
        let rows: Json = serde_json::from_str(&stdout(&out))
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", stdout(&out)));
        answered += usize::from(rows.as_array().is_some_and(|r| !r.is_empty()));
    }
    assert!(answered * 2 > names.len(), "{answered} of {}", names.len());
    // The account filter is a parameter: one account's instances, none for a made-up one.
    let instances = |account: &str| {
        let out = cartograph(
            &db,
            &[
                "queries",
                "run",
                "aws_ec2_instances",
                "--account",
                account,
                "--format",
                "json",
            ],
        );
        assert_ok(&out, 0);
        let rows: Json = serde_json::from_str(&stdout(&out)).unwrap_or_default();
        rows.as_array().cloned().unwrap_or_default()
    };
    // seed.py's two and its auto scaling group's one, seed_rules.py's two.
    assert_eq!(instances(PRODUCTION).len(), 5);
    assert!(instances("x' OR true OR '").is_empty());

    // Every rule: exactly the failing assets the APIs imply, and passing ones beside them.
    let out = cartograph(
        &db,
        &["rules", "run", "all", "--experimental", "--format", "json"],
    );
    assert_ok(&out, 0);
    let report: Json = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    let mut seen: BTreeMap<String, (BTreeSet<String>, u64)> = BTreeMap::new();
    for rule in report["rules"].as_array().into_iter().flatten() {
        for fact in rule["facts"].as_array().into_iter().flatten() {
            let id = fact["id"].as_str().unwrap_or_default().to_string();
            assert!(fact["error"].is_null(), "{id}: {}", fact["error"]);
            let assets = fact["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f["asset_id"].as_str().map(String::from))
                .collect();
            seen.insert(id, (assets, fact["population"].as_u64().unwrap_or(0)));
        }
    }
    let one_sided = |key: &str| strings(&expected[key]);
    let (negative_only, positive_only) = (one_sided("negative_only"), one_sided("positive_only"));
    let fail = expected["fail"].as_object().cloned().unwrap_or_default();
    for (fact, assets) in &fail {
        let Some((failing, population)) = seen.get(fact) else {
            panic!("no fact {fact} in the report");
        };
        assert_eq!(failing, &strings(assets), "{fact}");
        let n = failing.len() as u64;
        if !negative_only.contains(fact) {
            assert!(n > 0, "{fact}: no positive case");
        }
        if !positive_only.contains(fact) {
            assert!(*population > n, "{fact}: no negative case");
        }
    }
    // Rules on services moto's sync does not cover yet judge nothing there.
    for (fact, (failing, population)) in &seen {
        if !fail.contains_key(fact) {
            assert!(failing.is_empty(), "{fact}: {failing:?} ({population})");
        }
    }

    // --account narrows the same report to one account's findings.
    let out = cartograph(
        &db,
        &[
            "rules",
            "run",
            "aws_users_with_multiple_active_access_keys",
            "--account",
            PRODUCTION,
            "--format",
            "json",
            "--fail-on",
            "medium",
        ],
    );
    assert_ok(&out, 1);
    let narrowed: Json = serde_json::from_str(&stdout(&out)).unwrap_or_default();
    assert_eq!(
        narrowed["rules"][0]["facts"][0]["findings"][0]["asset_id"],
        "arn:aws:iam::222222222222:user/bob"
    );
}

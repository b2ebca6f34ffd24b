//! Every bundled query on the test estate, the account filter, and the external
//! Cartography query pack read from ../shared.

mod common;

use std::path::PathBuf;

use cartograph_rules::pack::{self, Catalogue};
use cartograph_rules::queries::{self, QueryError};
use serde_json::json;

#[test]
fn every_bundled_query_runs_on_the_test_estate() {
    let db = common::estate();
    let catalogue = Catalogue::load(&[] as &[PathBuf]).unwrap_or_else(|e| panic!("{e}"));
    assert!(catalogue.queries.len() >= 60);
    let mut empty = Vec::new();
    for q in &catalogue.queries {
        let table = queries::run(&db, q, None, common::now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(table.columns, q.result_headers, "{}", q.name);
        if table.rows.is_empty() {
            empty.push(q.name.as_str());
        }
        // Filtered by account: runs, or is refused because it has no account to filter on.
        match queries::run(&db, q, Some("acme-production"), common::now()) {
            Ok(filtered) => assert!(filtered.rows.len() <= table.rows.len().max(1), "{}", q.name),
            Err(QueryError::NoAccountFilter { .. }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    // At the pinned clock no instance is older than 90 days; everything else answers.
    assert_eq!(empty, ["ec2_old_instances"]);
}

#[test]
fn known_answers() {
    let db = common::estate();
    let catalogue = Catalogue::load(&[] as &[PathBuf]).unwrap_or_else(|e| panic!("{e}"));
    let run = |name: &str, account: Option<&str>| {
        let q = catalogue.get(name).unwrap_or_else(|| panic!("no {name}"));
        queries::run(&db, q, account, common::now()).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(run("aws_accounts", None).rows.len(), 3);
    let by_account = run("aws_ec2_instance_count_by_account", None);
    assert_eq!(
        by_account.rows[0],
        [json!("acme-production"), json!("345678901234"), json!(28)]
    );
    let production = run("aws_ec2_instances", Some("345678901234"));
    assert_eq!(production.rows.len(), 28);
    assert!(
        production
            .rows
            .iter()
            .all(|r| r[0] == json!("acme-production"))
    );
    assert_eq!(
        run("aws_ec2_instances", Some("no such account")).rows.len(),
        0
    );
    let roles = run("iam_roles_trusting_foreign_accounts", None);
    assert!(roles.rows.iter().all(|r| r[3] == json!("999988887777")));
    assert_eq!(roles.rows.len(), 3);
    // `$target_date` (90 days before now) is derived from the pack's n_recent_days parameter.
    assert_eq!(run("ec2_old_instances", None).rows.len(), 0);
}

/// The established community pack (122 queries) is read with its one tolerated omission.
#[test]
fn the_cartography_community_pack_is_read() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/cartography-queries/queries.json");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    let pack = pack::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pack.queries.len(), 122);
    assert_eq!(pack.warnings.len(), 1, "{:?}", pack.warnings);
    assert!(pack.warnings[0].contains("(azure_storage_list): no `description`"));
    let old = pack
        .queries
        .iter()
        .find(|q| q.name == "ec2_old")
        .unwrap_or_else(|| panic!("ec2_old"));
    assert_eq!(old.params[0].name, "target_date");

    // Its AWS inventory queries answer on cartograph's graph.
    let db = common::estate();
    let catalogue = {
        let mut c = Catalogue::default();
        c.add(pack);
        c
    };
    let mut failed = Vec::new();
    for q in catalogue.with_tags(&["aws".into()]) {
        if let Err(e) = queries::run(&db, q, None, common::now()) {
            failed.push(format!("{}: {e}", q.name));
        }
    }
    eprintln!(
        "{} of the pack's AWS queries failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    let accounts = catalogue
        .get("aws_accounts")
        .unwrap_or_else(|| panic!("aws_accounts"));
    let table = queries::run(&db, accounts, None, common::now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.columns, ["account_id", "account_name"]);
    assert_eq!(table.rows.len(), 4);
}

//! Every built-in rule against the test estate: each fact runs, fails some assets and
//! passes others, with the counts pinned.

mod common;

use std::collections::BTreeMap;

use cartograph_rules::ruleset::RuleSet;
use cartograph_rules::run::evaluate;

/// fact id -> (failing assets, population) on the test estate.
const EXPECTED: &[(&str, u64, u64)] = &[
    ("aws_root_access_key_present", 1, 3),
    ("aws_root_mfa_disabled", 1, 3),
    ("aws_unused_credentials", 3, 37),
    ("aws_multiple_access_keys", 1, 25),
    ("aws_access_key_not_rotated", 23, 37),
    ("aws_user_direct_policies", 5, 25),
    ("aws_admin_policy_attached", 1, 14),
    ("aws_expired_certificates", 1, 2),
    ("aws_s3_mfa_delete_disabled", 13, 14),
    ("aws_s3_block_public_access_disabled", 2, 14),
    ("aws_rds_encryption_disabled", 1, 2),
    ("aws_cloudtrail_not_multi_region", 1, 2),
    ("aws_account_without_cloudtrail", 1, 3),
    ("aws_cloudtrail_log_validation_disabled", 1, 2),
    ("aws_cloudtrail_bucket_access_logging_disabled", 1, 2),
    ("aws_cloudtrail_not_encrypted", 1, 2),
    ("aws_ebs_encryption_disabled", 26, 74),
    ("aws_cifs_internet_access", 1, 33),
    ("aws_remote_admin_ipv4", 6, 33),
    ("aws_remote_admin_ipv6", 1, 33),
    ("aws_default_sg_allows_traffic", 1, 2),
    ("aws_ec2_imdsv2_required", 24, 68),
    ("aws_ec2_instance_internet_exposed", 14, 68),
    ("aws_rds_public_access", 1, 2),
    ("aws_s3_public", 2, 14),
    ("aws_ebs_snapshot_public", 2, 34),
    ("aws_rds_snapshot_public", 1, 2),
    ("aws_ami_public", 1, 18),
    ("aws-role-external-account-trust", 3, 22),
    ("missing-mfa-aws", 14, 25),
];

#[test]
fn every_rule_fails_some_assets_and_passes_others() {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    let rules = set.filtered(None);
    let report = evaluate(&db, &rules, true, common::now());
    let mut seen = BTreeMap::new();
    for outcome in &report.rules {
        for fact in &outcome.facts {
            assert!(fact.error.is_none(), "{}: {:?}", fact.fact.id, fact.error);
            seen.insert(fact.fact.id.clone(), (fact.failing(), fact.population));
        }
    }
    let expected: BTreeMap<String, (u64, u64)> = EXPECTED
        .iter()
        .map(|(id, f, p)| (id.to_string(), (*f, *p)))
        .collect();
    assert_eq!(seen, expected);
    for (id, (failing, population)) in &seen {
        assert!(
            *failing > 0 && failing < population,
            "{id}: no positive or no negative case"
        );
    }
}

#[test]
fn findings_name_their_assets_and_accounts() {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    let Some(rule) = set.get("iam_role_external_account_trust") else {
        panic!("rule missing");
    };
    let report = evaluate(&db, &[rule], false, common::now());
    let findings = &report.rules[0].facts[0].findings;
    let accounts: Vec<&str> = findings
        .iter()
        .filter_map(|f| f.account_id.as_deref())
        .collect();
    assert_eq!(accounts, ["210987654321", "345678901234", "456789012345"]);
    assert!(
        findings
            .iter()
            .all(|f| f.asset_id.ends_with(":role/vendor-monitoring"))
    );
    assert_eq!(findings[0].fields["external_account_id"], "999988887777");

    let Some(keys) = set.get("aws_access_keys_not_rotated") else {
        panic!("rule missing");
    };
    let report = evaluate(&db, &[keys], false, common::now());
    let first = &report.rules[0].facts[0].findings[0];
    assert!(
        first.fields["days_since_rotation"]
            .as_i64()
            .is_some_and(|d| d > 90),
        "{first:?}"
    );
}

#[test]
fn experimental_facts_are_skipped_unless_asked_for() {
    let db = common::estate();
    let text = r#"
[[rules]]
id = "experimental_only"
name = "n"
description = "d"
severity = "info"

[[rules.facts]]
id = "f"
name = "f"
description = "d"
provider = "aws"
maturity = "experimental"
asset_label = "AWSUser"
asset_id_field = "arn"
identity_fields = ["arn"]
query = "MATCH (u:AWSUser) RETURN u.arn AS arn"
count_query = "MATCH (u:AWSUser) RETURN count(u)"
"#;
    let mut set = RuleSet::default();
    set.add_file("t.toml", text)
        .unwrap_or_else(|e| panic!("{e}"));
    let rules = set.filtered(None);
    assert!(
        evaluate(&db, &rules, false, common::now()).rules[0]
            .facts
            .is_empty()
    );
    assert_eq!(evaluate(&db, &rules, true, common::now()).findings(), 25);
}

#[test]
fn a_broken_fact_is_reported_and_the_others_still_run() {
    let db = common::estate();
    let text = r#"
[[rules]]
id = "broken"
name = "n"
description = "d"
severity = "low"

[[rules.facts]]
id = "bad_syntax"
name = "f"
description = "d"
provider = "aws"
maturity = "stable"
asset_label = "AWSUser"
asset_id_field = "arn"
identity_fields = ["arn"]
query = "MATCH (u:AWSUser RETURN u.arn AS arn"
count_query = "MATCH (u:AWSUser) RETURN count(u)"

[[rules.facts]]
id = "missing_column"
name = "f"
description = "d"
provider = "aws"
maturity = "stable"
asset_label = "AWSUser"
asset_id_field = "arn"
identity_fields = ["arn"]
query = "MATCH (u:AWSUser) RETURN u.name AS name"
count_query = "MATCH (u:AWSUser) RETURN count(u)"

[[rules.facts]]
id = "fine"
name = "f"
description = "d"
provider = "aws"
maturity = "stable"
asset_label = "AWSUser"
asset_id_field = "arn"
identity_fields = ["arn"]
query = "MATCH (u:AWSUser {name: 'bob'}) RETURN u.arn AS arn"
count_query = "MATCH (u:AWSUser) RETURN count(u)"
"#;
    let mut set = RuleSet::default();
    set.add_file("t.toml", text)
        .unwrap_or_else(|e| panic!("{e}"));
    let report = evaluate(&db, &set.filtered(None), false, common::now());
    let facts = &report.rules[0].facts;
    assert!(
        facts[0]
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("query: ")),
        "{:?}",
        facts[0].error
    );
    assert!(
        facts[1]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("no `arn` column")),
        "{:?}",
        facts[1].error
    );
    assert_eq!((facts[2].failing(), facts[2].passing()), (3, 22));
    assert_eq!(report.rules[0].status(), "error");
}

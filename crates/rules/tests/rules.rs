//! Every built-in rule against the test estate: each fact runs and fails exactly the assets
//! the estate was built to fail, and passes the others. Small sets are spelled out; large
//! ones are derived from the demo's records, independently of the rules' Cypher.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use cartograph_aws::records::Estate;
use cartograph_rules::ruleset::RuleSet;
use cartograph_rules::run::evaluate;

const PRODUCTION: &str = "345678901234";

/// fact id -> (failing asset ids, population), where the failing assets are few.
const SPELLED_OUT: &[(&str, &[&str], u64)] = &[
    ("aws_root_access_key_present", &[PRODUCTION], 3),
    ("aws_root_mfa_disabled", &[PRODUCTION], 3),
    (
        "aws_unused_credentials",
        &[
            "AKIA5C036D25962C4424",
            "AKIA7B85165BB15FBFDE",
            "AKIAFC8448FB67EB5EF0",
        ],
        36,
    ),
    (
        "aws_multiple_access_keys",
        &["arn:aws:iam::345678901234:user/carol"],
        25,
    ),
    (
        "aws_user_direct_policies",
        &[
            "arn:aws:iam::210987654321:user/alice",
            "arn:aws:iam::210987654321:user/bob",
            "arn:aws:iam::210987654321:user/ci-deployer",
            "arn:aws:iam::345678901234:user/ci-deployer",
            "arn:aws:iam::456789012345:user/ci-deployer",
        ],
        25,
    ),
    (
        "aws_admin_policy_attached",
        &["arn:aws:iam::aws:policy/AdministratorAccess"],
        15,
    ),
    (
        "aws_expired_certificates",
        &["arn:aws:acm:us-east-1:345678901234:certificate/0c1d2e3f-1111-4a5b-8c9d-000000000002"],
        3,
    ),
    (
        "aws_s3_block_public_access_disabled",
        &["acme-public-assets", "acme-website-static"],
        14,
    ),
    (
        "aws_rds_encryption_disabled",
        &[
            "arn:aws:rds:us-east-1:345678901234:db:legacy-reporting",
            "arn:aws:rds:us-east-1:456789012345:db:staging-analytics",
        ],
        6,
    ),
    (
        "aws_cloudtrail_not_multi_region",
        &["arn:aws:cloudtrail:eu-west-1:345678901234:trail/eu-data-events"],
        3,
    ),
    ("aws_account_without_cloudtrail", &["456789012345"], 3),
    (
        "aws_cloudtrail_log_validation_disabled",
        &["arn:aws:cloudtrail:eu-west-1:345678901234:trail/eu-data-events"],
        3,
    ),
    (
        "aws_cloudtrail_bucket_access_logging_disabled",
        &["acme-production-logs"],
        2,
    ),
    (
        "aws_cloudtrail_not_encrypted",
        &[
            "arn:aws:cloudtrail:eu-west-1:345678901234:trail/eu-data-events",
            "arn:aws:cloudtrail:us-east-1:345678901234:trail/prod-audit",
        ],
        3,
    ),
    // staging's file-share group; production's admits only its VPC.
    ("aws_cifs_internet_access", &["sg-628d656abc8e6a0b9"], 41),
    // legacy-ssh-open per account and region, and production's windows-admin (3389);
    // staging's windows-admin admits only the office.
    (
        "aws_remote_admin_ipv4",
        &[
            "sg-10dc49b577ca0bb13",
            "sg-53c824783f6da28fe",
            "sg-55ecd86fd422d3161",
            "sg-8351a54d39b2fe4c4",
            "sg-8d2e1be27d44cc2e6",
            "sg-c61d74ac7a3302a35",
            "sg-d83de6a6903247b51",
        ],
        41,
    ),
    // production's windows-admin admits ::/0 too; staging's only a documentation range.
    ("aws_remote_admin_ipv6", &["sg-d83de6a6903247b51"], 41),
    // management's default groups keep AWS's default rules; the others have none.
    (
        "aws_default_sg_allows_traffic",
        &["sg-64dd30e3997432a1d", "sg-761fbb47eaeb2f489"],
        6,
    ),
    (
        "aws_ec2_instance_internet_exposed",
        &[
            "i-031023c030f9300e5",
            "i-2c4f6fed3b605e347",
            "i-371b0e8528e2bbd1d",
            "i-51526ed96ff6384fd",
            "i-65a3d75845c957e96",
            "i-71d8f3b7c59281edd",
            "i-726011b28275b8723",
            "i-74d3df0e457876b9b",
            "i-7c6aab7b5a4518252",
            "i-c0ccdf58b8542b65c",
            "i-c1af2f5b61583ddb0",
            "i-c4aacf03065a64922",
            "i-c72d066eca2f2ff77",
            "i-f346a17f5c178cc67",
        ],
        68,
    ),
    (
        "aws_rds_public_access",
        &["arn:aws:rds:us-east-1:345678901234:db:legacy-reporting"],
        6,
    ),
    (
        "aws_s3_public",
        &["acme-public-assets", "acme-website-static"],
        14,
    ),
    (
        "aws_ebs_snapshot_public",
        &["snap-57940cdd9f6903951", "snap-f660778259f29904b"],
        34,
    ),
    (
        "aws_rds_snapshot_public",
        &["arn:aws:rds:us-east-1:345678901234:snapshot:legacy-reporting-share"],
        4,
    ),
    ("aws_ami_public", &["ami-1347b3bac3d63f08a"], 18),
    (
        "aws-role-external-account-trust",
        &[
            "arn:aws:iam::210987654321:role/vendor-monitoring",
            "arn:aws:iam::345678901234:role/vendor-monitoring",
            "arn:aws:iam::456789012345:role/vendor-monitoring",
        ],
        22,
    ),
];

type Expected = BTreeMap<String, (BTreeSet<String>, u64)>;

/// The facts whose failing assets are many, from the records the demo is loaded from.
fn derived(estate: &Estate, expected: &mut Expected) {
    let now = common::now();
    let older_than = |date: &Option<String>, days: i64| {
        date.as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .is_some_and(|d| d < now - chrono::Duration::days(days))
    };
    let mut add = |fact: &str, ids: Vec<String>, population: usize| {
        expected.insert(fact.into(), (ids.into_iter().collect(), population as u64));
    };
    let accounts = &estate.accounts;
    let iam = || accounts.iter().filter_map(|a| a.iam.as_ref());
    let keys: Vec<_> = iam().flat_map(|i| &i.access_keys).collect();
    add(
        "aws_access_key_not_rotated",
        keys.iter()
            .filter(|k| k.status.as_deref() == Some("Active") && older_than(&k.create_date, 90))
            .map(|k| k.access_key_id.clone())
            .collect(),
        keys.len(),
    );
    let users: Vec<_> = iam().flat_map(|i| &i.user_detail_list).collect();
    let with_mfa: BTreeSet<(&str, &str)> = accounts
        .iter()
        .flat_map(|a| {
            a.iam
                .iter()
                .flat_map(|i| &i.mfa_devices)
                .map(|d| (a.account_id.as_str(), d.user_name.as_str()))
        })
        .collect();
    add(
        "missing-mfa-aws",
        users
            .iter()
            .filter(|u| {
                !with_mfa
                    .iter()
                    .any(|(a, n)| u.arn.contains(a) && *n == u.user_name)
            })
            .map(|u| u.arn.clone())
            .collect(),
        users.len(),
    );
    let buckets: Vec<_> = accounts
        .iter()
        .filter_map(|a| a.s3.as_ref())
        .flat_map(|s| &s.buckets)
        .collect();
    add(
        "aws_s3_mfa_delete_disabled",
        buckets
            .iter()
            .filter(|b| {
                b.versioning.as_ref().is_none_or(|v| {
                    v.status.as_deref() != Some("Enabled")
                        || v.mfa_delete.as_deref() != Some("Enabled")
                })
            })
            .map(|b| b.name.clone())
            .collect(),
        buckets.len(),
    );
    let regions: Vec<_> = accounts.iter().flat_map(|a| &a.regions).collect();
    let volumes: Vec<_> = regions.iter().flat_map(|r| &r.volumes).collect();
    add(
        "aws_ebs_encryption_disabled",
        volumes
            .iter()
            .filter(|v| v.encrypted != Some(true))
            .map(|v| v.volume_id.clone())
            .collect(),
        volumes.len(),
    );
    let instances: Vec<_> = regions
        .iter()
        .flat_map(|r| &r.reservations)
        .flat_map(|r| &r.instances)
        .collect();
    add(
        "aws_ec2_imdsv2_required",
        instances
            .iter()
            .filter(|i| {
                i.metadata_options
                    .as_ref()
                    .and_then(|m| m.http_tokens.as_deref())
                    == Some("optional")
            })
            .map(|i| i.instance_id.clone())
            .collect(),
        instances.len(),
    );
}

#[test]
fn every_rule_fails_exactly_its_positive_cases() {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    let report = evaluate(&db, &set.filtered(None), true, None, common::now());
    let mut seen = Expected::new();
    for outcome in &report.rules {
        for fact in &outcome.facts {
            assert!(fact.error.is_none(), "{}: {:?}", fact.fact.id, fact.error);
            let ids = fact.findings.iter().map(|f| f.asset_id.clone()).collect();
            seen.insert(fact.fact.id.clone(), (ids, fact.population));
        }
    }
    let mut expected: Expected = SPELLED_OUT
        .iter()
        .map(|(id, assets, population)| {
            let assets = assets.iter().map(|a| a.to_string()).collect();
            (id.to_string(), (assets, *population))
        })
        .collect();
    let estate = cartograph_aws::demo::estate().unwrap_or_else(|e| panic!("{e}"));
    derived(&estate, &mut expected);
    // Every mismatch at once, so that one run shows the whole picture.
    let mut wrong = Vec::new();
    for (id, (assets, population)) in &expected {
        let Some((failing, judged)) = seen.get(id) else {
            panic!("no fact {id}");
        };
        if failing != assets || judged != population {
            wrong.push(format!(
                "{id}: failing {failing:?} of {judged}, expected {assets:?} of {population}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (id, (failing, population)) in &seen {
        let failing = failing.len() as u64;
        assert!(
            failing > 0 && failing < *population,
            "{id}: no positive or no negative case"
        );
    }
}

/// Restricted to one account, every fact runs, and finds exactly its findings in that
/// account; the account travels as a parameter.
#[test]
fn one_account_at_a_time() {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    let rules = set.filtered(None);
    let all = evaluate(&db, &rules, true, None, common::now());
    let mut total = 0;
    for account in [
        PRODUCTION,
        "acme-staging",
        "210987654321",
        "x' OR true OR '",
    ] {
        let one = evaluate(&db, &rules, true, Some(account), common::now());
        for (a, o) in all.rules.iter().zip(&one.rules) {
            for (fa, fo) in a.facts.iter().zip(&o.facts) {
                assert!(fo.error.is_none(), "{}: {:?}", fo.fact.id, fo.error);
                let wanted: Vec<_> = fa
                    .findings
                    .iter()
                    .filter(|f| {
                        f.account_id.as_deref() == Some(account)
                            || f.account.as_deref() == Some(account)
                    })
                    .collect();
                assert_eq!(
                    fo.findings.iter().collect::<Vec<_>>(),
                    wanted,
                    "{account} {}",
                    fo.fact.id
                );
                assert!(fo.population <= fa.population, "{}", fo.fact.id);
                total += fo.findings.len();
            }
        }
    }
    // The three real accounts hold every finding (each has an account), the injection none.
    assert_eq!(total, all.findings());
}

#[test]
fn findings_name_their_assets_and_accounts() {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    let Some(rule) = set.get("iam_role_external_account_trust") else {
        panic!("rule missing");
    };
    let report = evaluate(&db, &[rule], false, None, common::now());
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
    let report = evaluate(&db, &[keys], false, None, common::now());
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
        evaluate(&db, &rules, false, None, common::now()).rules[0]
            .facts
            .is_empty()
    );
    assert_eq!(
        evaluate(&db, &rules, true, None, common::now()).findings(),
        25
    );
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
    let report = evaluate(&db, &set.filtered(None), false, None, common::now());
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

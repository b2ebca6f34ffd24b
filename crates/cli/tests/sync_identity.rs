//! `cognito`, `eventbridge`, `glue` and `identitycenter` against moto (seeded by
//! `identity.py`): every kind per account and region, the relationships, and removal after a
//! resync. moto lacks Cognito's `GetIdentityPoolRoles`: `identity.py stand-in` answers it
//! (see there) and forwards everything else to moto.

mod common;

use std::process::Command;

use common::*;

const SCRIPT: &str = "identity.py";

#[test]
fn cognito_pools_sync_link_and_clean_up() {
    let kinds = [
        (
            "identity_pools",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSCognitoIdentityPool:CognitoIdentityPool {region: $r}) \
             RETURN p.id",
        ),
        (
            "user_pools",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSCognitoUserPool:CognitoUserPool {region: $r}) \
             RETURN p.arn",
        ),
    ];
    let (_moto, home) = check_service_via_stand_in(SCRIPT, "iam,cognito", &kinds);
    // After the resync: the `legacy` pool (no roles) and the `staff` user pool are gone.
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (p:AWSCognitoIdentityPool)-[:ASSOCIATED_WITH]->(r:AWSRole) \
             RETURN r.name, size(p.roles) ORDER BY r.name",
            &[]
        ),
        vec![vec!["shop-guest", "2"], vec!["shop-signed-in", "2"]]
    );
    assert_eq!(
        g.rows(
            "MATCH (p:AWSCognitoUserPool) RETURN p.region, p.name ORDER BY p.name",
            &[]
        ),
        vec![vec!["us-east-1", "customers"], vec!["eu-west-1", "testers"]]
    );
}

#[test]
fn eventbridge_rules_and_targets_sync_link_and_clean_up() {
    let (_moto, home) = check_service(
        SCRIPT,
        "iam,eventbridge",
        &[
            (
                "rules",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(r:AWSEventBridgeRule:EventBridgeRule {region: $r}) \
                 RETURN r.arn",
            ),
            (
                "targets",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:AWSEventBridgeTarget:EventBridgeTarget {region: $r}) \
                 RETURN t.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    // After the resync: `orders` and the `audit` target are gone, `nightly` keeps its role.
    assert_eq!(
        g.rows(
            "MATCH (t:AWSEventBridgeTarget)-[:LINKED_TO_RULE]->(r:AWSEventBridgeRule) \
             OPTIONAL MATCH (r)-[:ASSOCIATED_WITH]->(role:AWSRole) \
             RETURN r.name, r.state, r.schedule_expression, t.arn, role.name ORDER BY r.name",
            &[]
        ),
        vec![
            vec![
                "nightly",
                "ENABLED",
                "cron(0 3 * * ? *)",
                "arn:aws:lambda:us-east-1:222222222222:function:report",
                "events-invoke"
            ],
            vec![
                "staging-cron",
                "ENABLED",
                "rate(15 minutes)",
                "arn:aws:sqs:eu-west-1:333333333333:jobs",
                "null"
            ],
        ]
    );
}

#[test]
fn glue_connections_and_jobs_sync_link_and_clean_up() {
    let (_moto, home) = check_service(
        SCRIPT,
        "glue",
        &[
            (
                "glue_connections",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSGlueConnection:GlueConnection {region: $r}) \
                 RETURN c.id",
            ),
            (
                "glue_jobs",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(j:AWSGlueJob:GlueJob {region: $r}) \
                 RETURN j.arn",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (j:AWSGlueJob)-[:USES]->(c:AWSGlueConnection) \
             RETURN j.id, j.description, c.id, c.description, c.status ORDER BY j.id, c.id",
            &[]
        ),
        vec![
            vec![
                "orders-etl",
                "orders",
                "prod-orders-db",
                "prod-orders-db connection",
                "READY"
            ],
            vec![
                "orders-etl",
                "orders",
                "prod-warehouse",
                "prod-warehouse connection",
                "READY"
            ],
            vec!["staging-etl", "null", "staging-db", "null", "READY"],
        ]
    );
}

#[test]
fn identity_center_principals_sync_link_and_clean_up() {
    let (_moto, home) = check_service(
        SCRIPT,
        "iam,identitycenter",
        &[
            (
                "instances",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:AWSIdentityCenter {region: $r}) \
                 RETURN i.arn",
            ),
            (
                "permission_sets",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSPermissionSet:PermissionRole {region: $r}) \
                 RETURN p.id",
            ),
            (
                "sso_users",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(u:AWSSSOUser:UserAccount {region: $r}) \
                 RETURN u.id",
            ),
            (
                "sso_groups",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSSSOGroup:UserGroup {region: $r}) \
                 RETURN g.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    let rows = |q: &str| g.rows(q, &[]);
    // After the resync: bob, his ReadOnly set and the auditors group are gone.
    assert_eq!(
        rows(
            "MATCH (i:AWSIdentityCenter)-[:HAS_PERMISSION_SET]->(p:AWSPermissionSet) \
             RETURN p.name, p.session_duration, p.instance_arn = i.arn, \
             i.identity_store_id STARTS WITH 'd-', i.status, i.created_date.year > 2000"
        ),
        vec![vec!["Admin", "PT4H", "true", "true", "ACTIVE", "true"]]
    );
    assert_eq!(
        rows(
            "MATCH (u:AWSSSOUser)-[:MEMBER_OF]->(g:AWSSSOGroup) \
             MATCH (u)-[:MEMBER_OF_SSO_GROUP]->(g) \
             MATCH (g)-[:HAS_ROLE]->(p:AWSPermissionSet)<-[:HAS_PERMISSION_SET]-(g) \
             RETURN u.user_name, g.display_name, p.name, u.identity_store_id = g.identity_store_id"
        ),
        vec![vec!["alice", "admins", "Admin", "true"]]
    );
    assert_eq!(
        rows("MATCH (u:AWSSSOUser)-[:HAS_ROLE|HAS_PERMISSION_SET]->() RETURN count(u)"),
        vec![vec!["0"]]
    );
    // The Admin set's role in production (not the AdminFull one) is allowed by the admins
    // group; ReadOnly's role lost its links with the set and bob.
    assert_eq!(
        rows(
            "MATCH (p:AWSPermissionSet)-[:ASSIGNED_TO_ROLE]->(r:AWSRole) \
             OPTIONAL MATCH (r)-[a:ALLOWED_BY]->(g:AWSSSOGroup) \
             RETURN p.name, r.name, g.display_name, a.permission_set_arn = p.arn"
        ),
        vec![vec![
            "Admin",
            "AWSReservedSSO_Admin_0a1b2c3d4e5f6a7b",
            "admins",
            "true"
        ]]
    );
    assert_eq!(
        rows("MATCH (:AWSRole)-[a:ALLOWED_BY]->() RETURN count(a)"),
        vec![vec!["1"]]
    );
}

/// The recorded demo estate links these services to the demo's own roles and secrets.
#[test]
fn demo_estate_links_identity_services() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = dir.path().join("graph");
    let out = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .arg("demo")
        .arg("--db")
        .arg(&db)
        .env("RUST_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cartograph: {e}"));
    assert_ok(&out, 0);
    let g = Graph::open(&db);
    let rows = |q: &str| g.rows(q, &[]);
    assert_eq!(
        rows(
            "MATCH (a:AWSAccount)-[:RESOURCE]->(p:AWSCognitoIdentityPool)-[:ASSOCIATED_WITH]->(r:AWSRole) \
             RETURN a.id, r.name ORDER BY a.id, r.name"
        ),
        vec![
            vec!["345678901234", "app-server"],
            vec!["345678901234", "lambda-exec"],
            vec!["456789012345", "app-server"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (r:AWSEventBridgeRule {region: 'us-east-1'}) \
             RETURN r.name, r.state, COUNT { (r)<-[:LINKED_TO_RULE]-(:AWSEventBridgeTarget) } \
             ORDER BY r.name"
        ),
        vec![
            vec!["legacy-sync", "DISABLED", "0"],
            vec!["nightly-report", "ENABLED", "1"],
            vec!["order-placed", "ENABLED", "2"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (j:AWSGlueJob)-[:USES]->(c:AWSGlueConnection) \
             RETURN j.id, c.id, c.secret_arn IS NOT NULL ORDER BY j.id"
        ),
        vec![
            vec!["orders-to-lake", "prod-orders-db", "true"],
            vec!["staging-orders-to-lake", "staging-orders-db", "false"],
        ]
    );
    // Direct and group assignments; BillingViewer is assigned to nobody.
    assert_eq!(
        rows(
            "MATCH (p:AWSPermissionSet)<-[:HAS_PERMISSION_SET]-(:AWSIdentityCenter) \
             RETURN p.name, COUNT { (p)<-[:HAS_ROLE]-(:AWSSSOUser) }, \
             COUNT { (p)<-[:HAS_ROLE]-(:AWSSSOGroup) } ORDER BY p.name"
        ),
        vec![
            vec!["AdministratorAccess", "1", "1"],
            vec!["BillingViewer", "0", "0"],
            vec!["ReadOnlyAccess", "0", "1"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (u:AWSSSOUser)-[:MEMBER_OF]->(g:AWSSSOGroup) \
             RETURN u.user_name, g.display_name ORDER BY u.user_name, g.display_name"
        ),
        vec![
            vec!["alice@example.com", "developers"],
            vec!["alice@example.com", "platform-admins"],
            vec!["bob@example.com", "developers"],
        ]
    );
}

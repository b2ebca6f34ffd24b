//! `cloudwatch`, `ssm`, `efs`, `elasticache` and `redshift` against moto: every kind per
//! account and region, its relationships and the properties rules read, and removal after a
//! resync. moto lacks SSM `DescribeInstanceInformation` and CloudWatch's RPC v2 CBOR
//! protocol: `ops.py stand-in` answers those two calls (see there) and forwards everything
//! else to moto.

mod common;

use std::process::Command;

use common::*;

const SYNCS: &str = "iam,ec2:instance,ec2:security_group,cloudwatch,ssm,efs,elasticache,redshift";

const KINDS: &[(&str, &str)] = &[
    (
        "log_groups",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSCloudWatchLogGroup:CloudWatchLogGroup {region: $r}) \
         RETURN g.arn",
    ),
    (
        "metric_filters",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(f:AWSCloudWatchLogMetricFilter {region: $r}) \
         RETURN f.id",
    ),
    (
        "alarms",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(m:AWSCloudWatchMetricAlarm {region: $r}) \
         RETURN m.arn",
    ),
    (
        "parameters",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSSSMParameter:SSMParameter {region: $r}) \
         RETURN p.arn",
    ),
    (
        "managed_instances",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:AWSSSMInstanceInformation {region: $r}) \
         RETURN i.instance_id",
    ),
    (
        "file_systems",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(f:AWSEfsFileSystem:FileStorage {region: $r}) \
         RETURN f.id",
    ),
    (
        "mount_targets",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(m:AWSEfsMountTarget {region: $r}) \
         RETURN m.id",
    ),
    (
        "access_points",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSEfsAccessPoint {region: $r}) \
         RETURN p.arn",
    ),
    (
        "cache_clusters",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSElasticacheCluster:ElasticacheCluster {region: $r}) \
         RETURN c.arn",
    ),
    (
        "redshift_clusters",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSRedshiftCluster:RedshiftCluster {region: $r}) \
         RETURN c.arn",
    ),
];

#[test]
fn operations_services_sync_link_and_clean_up() {
    let moto = Moto::start();
    let (_stand_in, endpoint) = moto.serve("ops.py", "stand-in", &[]);
    let seeded = moto.script("ops.py", "seed");
    let home = Home::new();
    let args = ["--aws-requested-syncs", SYNCS];
    assert_ok(&home.sync(&endpoint, 100, &args, &[]), 0);
    assert_graph_lists(&home, &seeded, KINDS);
    check_links_and_properties(&home);

    let deleted = moto.script("ops.py", "mutate");
    let after = moto.script("ops.py", "report");
    assert_ne!(seeded, after, "ops.py mutate deleted nothing: {deleted}");
    assert_ok(&home.sync(&endpoint, 200, &args, &[]), 0);
    assert_graph_lists(&home, &after, KINDS);
    let g = Graph::open(&home.db());
    assert_eq!(
        g.rows(
            "MATCH (c:AWSElasticacheCluster {cache_cluster_id: 'catalog'}) \
             RETURN c.cache_cluster_status, c.lastupdated",
            &[]
        ),
        vec![vec!["deleting", "200"]]
    );
}

fn check_links_and_properties(home: &Home) {
    let g = Graph::open(&home.db());
    let rows = |q: &str| g.rows(q, &[]);
    assert_eq!(
        rows(
            "MATCH (f:AWSCloudWatchLogMetricFilter)-[:METRIC_FILTER_OF]->(g:AWSCloudWatchLogGroup) \
             RETURN f.filter_name, f.metric_name, g.log_group_name, g.retention_in_days \
             ORDER BY f.filter_name"
        ),
        vec![
            vec!["errors", "Errors", "/app/web", "null"],
            vec!["root-usage", "RootUsage", "cloudtrail/prod", "365"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (m:AWSCloudWatchMetricAlarm) \
             RETURN m.alarm_name, m.actions_enabled, m.comparison_operator ORDER BY m.alarm_name"
        ),
        vec![
            vec!["cpu-high", "false", "GreaterThanOrEqualToThreshold"],
            vec!["root-usage", "true", "GreaterThanOrEqualToThreshold"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (p:AWSSSMParameter {region: 'us-east-1'}) \
             RETURN p.name, p.type, p.version ORDER BY p.name"
        ),
        vec![
            vec!["/shop/db-password", "SecureString", "1"],
            vec!["/shop/flags", "StringList", "1"],
        ]
    );
    assert_eq!(
        rows("MATCH (p:AWSSSMParameter:Secret) RETURN p.name ORDER BY p.name"),
        vec![vec!["/shop/db-password"]]
    );
    assert_eq!(
        rows(
            "MATCH (e:AWSEC2Instance)-[:HAS_INFORMATION]->(i:AWSSSMInstanceInformation) \
             WHERE e.id = i.instance_id RETURN i.ping_status, i.platform_type, \
             i.last_ping_date_time"
        ),
        vec![vec!["Online", "Linux", "1774310400"]]
    );
    assert_eq!(
        rows(
            "MATCH (f:AWSEfsFileSystem:EfsFileSystem) RETURN f.creation_token, f.encrypted, \
             COUNT { (f)<-[:ATTACHED_TO]-(:AWSEfsMountTarget) }, \
             COUNT { (f)<-[:ACCESS_POINT_OF]-(:AWSEfsAccessPoint) } ORDER BY f.creation_token"
        ),
        vec![
            vec!["legacy", "false", "1", "0"],
            vec!["media", "true", "1", "1"],
            vec!["scratch", "false", "0", "0"],
        ]
    );
    assert_eq!(
        rows("MATCH (p:AWSEfsAccessPoint) RETURN p.posix_uid, p.posix_gid, p.root_directory_path"),
        vec![vec!["1000", "1000", "/uploads"]]
    );
    assert_eq!(
        rows(
            "MATCH (c:AWSElasticacheCluster {region: 'us-east-1'}) \
             RETURN c.cache_cluster_id, c.engine, c.num_cache_nodes, c.cache_cluster_status \
             ORDER BY c.cache_cluster_id"
        ),
        vec![
            vec!["catalog", "memcached", "2", "available"],
            vec!["sessions", "redis", "1", "available"],
        ]
    );
    // The public, unencrypted cluster may assume its role; both sit in their security group.
    assert_eq!(
        rows(
            "MATCH (c:AWSRedshiftCluster)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(g:AWSEC2SecurityGroup) \
             OPTIONAL MATCH (c)-[:STS_ASSUMEROLE_ALLOW]->(r:AWSRole) \
             RETURN c.cluster_identifier, c.publicly_accessible, c.encrypted, g.name, r.name, \
             c.endpoint_port ORDER BY c.cluster_identifier"
        ),
        vec![
            vec!["analytics", "true", "false", "dwh", "redshift-copy", "5439"],
            vec!["finance", "false", "true", "dwh", "null", "5439"],
        ]
    );
}

/// The recorded demo estate links these services to the demo's own instances, groups, VPCs,
/// roles and keys, and holds both sides of what rules check. S3 Control puts the account id
/// in the host name (`<account>.<endpoint>`), which no local endpoint resolves: the account
/// public access block is checked here only.
#[test]
fn demo_estate_links_and_holds_both_sides() {
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
            "MATCH (a:AWSAccount)-[:RESOURCE]->(p:AWSS3AccountPublicAccessBlock:S3AccountPublicAccessBlock) \
             RETURN a.id, p.id, p.block_public_acls AND p.ignore_public_acls \
             AND p.block_public_policy AND p.restrict_public_buckets ORDER BY a.id"
        ),
        vec![
            vec!["210987654321", "210987654321:us-east-1", "true"],
            vec!["345678901234", "345678901234:us-east-1", "false"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (c:AWSRedshiftCluster)-[:MEMBER_OF_AWS_VPC]->(:AWSVpc) \
             MATCH (c)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(g:AWSEC2SecurityGroup) \
             OPTIONAL MATCH (c)-[:STS_ASSUMEROLE_ALLOW]->(r:AWSRole) \
             RETURN c.cluster_identifier, c.publicly_accessible, c.encrypted, g.name, r.name \
             ORDER BY c.cluster_identifier"
        ),
        vec![
            vec!["finance-dwh", "false", "true", "db-internal", "null"],
            vec![
                "shop-analytics",
                "true",
                "false",
                "web-public",
                "app-server"
            ],
            vec!["staging-dwh", "false", "true", "db-internal", "deploy"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (e:AWSEC2Instance)-[:HAS_INFORMATION]->(i:AWSSSMInstanceInformation) \
             RETURN e.id, i.ping_status ORDER BY e.id"
        ),
        vec![
            vec!["i-2c4f6fed3b605e347", "Online"],
            vec!["i-4fd598778e8775149", "ConnectionLost"],
            vec!["i-c0ccdf58b8542b65c", "Online"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (f:AWSEfsFileSystem) OPTIONAL MATCH (f)-[:ENCRYPTED_BY]->(k:AWSKMSKey) \
             RETURN f.name, f.encrypted, k IS NOT NULL, \
             COUNT { (f)<-[:ATTACHED_TO]-(:AWSEfsMountTarget) } ORDER BY f.name"
        ),
        vec![
            vec!["legacy-reports", "false", "false", "1"],
            vec!["shop-media", "true", "true", "2"],
            vec!["staging-scratch", "false", "false", "1"],
        ]
    );
    assert_eq!(
        rows(
            "MATCH (t:AWSElasticacheTopic)-[:CACHE_CLUSTER]->(c:AWSElasticacheCluster) \
             RETURN t.arn, count(c)"
        ),
        vec![vec![
            "arn:aws:sns:us-east-1:345678901234:shop-ops-alerts",
            "2"
        ]]
    );
    assert_eq!(
        rows("MATCH (p:AWSSSMParameter)-[:ENCRYPTED_BY]->(k:AWSKMSKey) RETURN p.name, k.id"),
        vec![vec![
            "/shop/prod/db-password",
            "6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f"
        ]]
    );
    assert_eq!(
        rows(
            "MATCH (f:AWSCloudWatchLogMetricFilter)-[:METRIC_FILTER_OF]->(g:AWSCloudWatchLogGroup) \
             RETURN g.log_group_name, count(f) ORDER BY g.log_group_name"
        ),
        vec![
            vec!["/aws/lambda/shop-orders", "1"],
            vec!["cloudtrail/organization", "2"],
        ]
    );
}

//! `kms`, `rds`, `dynamodb`, `secretsmanager` and `cloudtrail` against moto: every node per
//! account and region, their removal, the settings the rules read (positive and negative
//! cases) and the links to EC2, S3 and KMS. The seed is `tests/moto/data.py`.

mod common;

use common::*;

const SYNCS: &str =
    "ec2:vpc,ec2:subnet,ec2:security_group,s3,kms,rds,dynamodb,secretsmanager,cloudtrail";

/// `(kind of the seed's report, query listing the ids of account $a in region $r)`.
const KINDS: &[(&str, &str)] = &[
    (
        "kms_keys",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(k:AWSKMSKey:KMSKey:EncryptionKey {region: $r}) RETURN k.id",
    ),
    (
        "kms_aliases",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(x:AWSKMSAlias:KMSAlias {region: $r})-[:KNOWN_AS]->(:AWSKMSKey) RETURN x.id",
    ),
    (
        "kms_grants",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSKMSGrant:KMSGrant)-[:APPLIED_ON]->(:AWSKMSKey {region: $r}) RETURN g.id",
    ),
    (
        "rds_instances",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:AWSRDSInstance:RDSInstance:Database {region: $r}) RETURN i.id",
    ),
    (
        "rds_clusters",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSRDSCluster:RDSCluster {region: $r}) RETURN c.id",
    ),
    (
        "rds_snapshots",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(s:AWSRDSSnapshot:RDSSnapshot:Snapshot {region: $r}) RETURN s.id",
    ),
    (
        "rds_subnet_groups",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSDBSubnetGroup:DBSubnetGroup {region: $r}) RETURN g.id",
    ),
    (
        "rds_event_subscriptions",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(e:AWSRDSEventSubscription:RDSEventSubscription {region: $r}) RETURN e.id",
    ),
    (
        "dynamodb_tables",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:AWSDynamoDBTable:DynamoDBTable:Database {region: $r}) RETURN t.id",
    ),
    (
        "dynamodb_gsis",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AWSDynamoDBGlobalSecondaryIndex {region: $r})<-[:GLOBAL_SECONDARY_INDEX]-(:AWSDynamoDBTable) RETURN g.id",
    ),
    (
        "dynamodb_parts",
        "MATCH (a:AWSAccount {id: $a})-[:RESOURCE]->(:AWSDynamoDBTable {region: $r})-[:HAS_BILLING|HAS_SSE|HAS_RESTORE|LATEST_STREAM]->(p)<-[:RESOURCE]-(a) RETURN p.id",
    ),
    (
        "secrets",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(s:AWSSecretsManagerSecret:SecretsManagerSecret:Secret {region: $r}) RETURN s.id",
    ),
    (
        "secret_versions",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(v:AWSSecretsManagerSecretVersion {region: $r})-[:VERSION_OF]->(:AWSSecretsManagerSecret) RETURN v.id",
    ),
    (
        "trails",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:AWSCloudTrailTrail:CloudTrailTrail {region: $r})-[:LOGS_TO]->(:AWSS3Bucket) RETURN t.id",
    ),
];

#[test]
fn data_services_sync_link_and_clean_up() {
    let (_moto, home) = check_service("data.py", SYNCS, KINDS);
    let g = Graph::open(&home.db());
    let one = |query: &str| -> Vec<Vec<String>> { g.rows(query, &[("a", PRODUCTION)]) };

    // RDS: the encrypted private instance and its links; the public one was deleted.
    assert_eq!(
        one("MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:AWSRDSInstance)
             RETURN i.db_instance_identifier, i.storage_encrypted, i.publicly_accessible, i.endpoint_port, i.engine
             ORDER BY i.db_instance_identifier"),
        vec![vec!["orders", "true", "false", "5432", "postgres"]]
    );
    for link in [
        "(i)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup {name: 'db'})",
        "(i)-[:ENCRYPTED_BY]->(:AWSKMSKey)<-[:KNOWN_AS]-(:AWSKMSAlias {alias_name: 'alias/data'})",
        "(i)-[:MEMBER_OF_DB_SUBNET_GROUP]->(:AWSDBSubnetGroup {name: 'private'})-[:RESOURCE]->(:AWSEC2Subnet)",
        "(i)<-[:IS_SNAPSHOT_SOURCE]-(:AWSRDSSnapshot {ispublic: true, db_snapshot_identifier: 'orders-shared'})",
        "(i)<-[:MONITORS]-(:AWSRDSEventSubscription {cust_subscription_id: 'failures'})",
    ] {
        let query = format!(
            "MATCH (i:AWSRDSInstance {{db_instance_identifier: 'orders'}}) WHERE EXISTS {{ {link} }} RETURN count(i)"
        );
        assert_eq!(g.count(&query), 1, "{link}");
    }
    assert_eq!(
        g.count("MATCH (:AWSDBSubnetGroup {name: 'private'})-[:RESOURCE]->(s:AWSEC2Subnet) RETURN count(s)"),
        2
    );
    assert_eq!(
        g.count("MATCH (s:AWSRDSSnapshot) WHERE s.ispublic = false RETURN count(s)"),
        2,
        "the automated snapshots"
    );
    // Staging's instance is unencrypted: the negative case of the encryption rule.
    assert_eq!(
        g.count("MATCH (i:AWSRDSInstance) WHERE coalesce(i.storage_encrypted, false) = false RETURN count(i)"),
        1
    );

    // KMS: rotation on and off, policies read.
    assert_eq!(
        one(
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(a:AWSKMSAlias)-[:KNOWN_AS]->(k:AWSKMSKey)
             RETURN a.alias_name, k.key_rotation_enabled, k.anonymous_access, k.policy IS NOT NULL"
        ),
        vec![vec!["alias/data", "true", "false", "true"]]
    );
    assert_eq!(
        g.count("MATCH (k:AWSKMSKey {key_rotation_enabled: false}) RETURN count(k)"),
        2
    );

    // DynamoDB and Secrets Manager.
    assert_eq!(
        one("MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:AWSDynamoDBTable)-[:GLOBAL_SECONDARY_INDEX]->(i)
             RETURN t.name, i.name, i.provisioned_throughput_read_capacity_units"),
        vec![vec!["orders", "by-customer", "2"]]
    );
    // The restored table names its backup and its source table (deleted by the mutation:
    // with it went its stream and encryption nodes, checked exactly above).
    assert_eq!(
        one("MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:AWSDynamoDBTable)-[:HAS_RESTORE]->(r:AWSDynamoDBRestoreSummary:DynamoDBRestoreSummary)
             MATCH (r)-[:RESTORED_FROM_BACKUP]->(b:AWSDynamoDBBackup:DynamoDBBackup)
             RETURN t.name, r.restore_in_progress, r.source_table_arn ENDS WITH 'table/sessions', b.arn = r.source_backup_arn"),
        vec![vec!["sessions-restored", "false", "true", "true"]]
    );
    assert_eq!(
        one("MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:AWSDynamoDBTable)-[:HAS_BILLING]->(b:AWSDynamoDBBillingModeSummary:DynamoDBBillingModeSummary)
             RETURN t.name, b.billing_mode ORDER BY t.name"),
        // moto describes the restored table with an empty billing summary.
        vec![vec!["orders", "PROVISIONED"]]
    );
    assert_eq!(
        one("MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(s:AWSSecretsManagerSecret)-[:ENCRYPTED_BY]->(:AWSKMSKey)
             MATCH (v:AWSSecretsManagerSecretVersion)-[:VERSION_OF]->(s)
             RETURN s.name, count(v)"),
        vec![vec!["prod/db", "2"]]
    );

    // CloudTrail: the multi-region trail with validation, KMS and logging; staging's
    // single-region trail without them.
    let trails = g.rows(
        "MATCH (t:AWSCloudTrailTrail)-[:LOGS_TO]->(b:AWSS3Bucket)
         RETURN t.name, t.is_multi_region_trail, t.log_file_validation_enabled,
                coalesce(t.kms_key_id, '') <> '', t.is_logging, t.home_region, b.name
         ORDER BY t.name",
        &[],
    );
    assert_eq!(
        trails,
        vec![
            vec![
                "audit",
                "true",
                "true",
                "true",
                "true",
                "us-east-1",
                "prod-trail-logs"
            ],
            vec![
                "staging",
                "false",
                "false",
                "false",
                "false",
                "eu-west-1",
                "staging-trail-logs"
            ],
        ]
    );
}

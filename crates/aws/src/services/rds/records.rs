//! The RDS API's shapes, as the recorded estate holds them (the Query API's field names;
//! timestamps in ISO-8601).

use serde::{Deserialize, Serialize};

/// One region's `DescribeDBClusters`, `DescribeDBInstances`, `DescribeDBSnapshots` (with
/// each manual snapshot's `restore` attribute), `DescribeDBSubnetGroups` and
/// `DescribeEventSubscriptions`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RdsRecords {
    #[serde(rename = "DBClusters")]
    pub clusters: Vec<Cluster>,
    #[serde(rename = "DBInstances")]
    pub instances: Vec<Instance>,
    #[serde(rename = "DBSnapshots")]
    pub snapshots: Vec<Snapshot>,
    #[serde(rename = "DBSubnetGroups")]
    pub subnet_groups: Vec<SubnetGroup>,
    #[serde(rename = "EventSubscriptionsList")]
    pub event_subscriptions: Vec<EventSubscription>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    #[serde(rename = "DBInstanceArn")]
    pub arn: String,
    #[serde(rename = "DBInstanceIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBInstanceClass")]
    pub class: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub master_username: Option<String>,
    #[serde(rename = "DBName")]
    pub db_name: Option<String>,
    pub instance_create_time: Option<String>,
    pub availability_zone: Option<String>,
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    pub publicly_accessible: Option<bool>,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster_identifier: Option<String>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub dbi_resource_id: Option<String>,
    #[serde(rename = "CACertificateIdentifier")]
    pub ca_certificate_identifier: Option<String>,
    pub enhanced_monitoring_resource_arn: Option<String>,
    pub monitoring_role_arn: Option<String>,
    pub performance_insights_enabled: Option<bool>,
    #[serde(rename = "PerformanceInsightsKMSKeyId")]
    pub performance_insights_kms_key_id: Option<String>,
    pub deletion_protection: Option<bool>,
    pub preferred_backup_window: Option<String>,
    pub latest_restorable_time: Option<String>,
    pub preferred_maintenance_window: Option<String>,
    pub backup_retention_period: Option<i64>,
    pub endpoint: Option<Endpoint>,
    #[serde(rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication_enabled: Option<bool>,
    pub auto_minor_version_upgrade: Option<bool>,
    pub vpc_security_groups: Vec<VpcSecurityGroup>,
    #[serde(rename = "ReadReplicaSourceDBInstanceIdentifier")]
    pub read_replica_source: Option<String>,
    #[serde(rename = "DBSubnetGroup")]
    pub subnet_group: Option<SubnetGroup>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Endpoint {
    pub address: Option<String>,
    pub hosted_zone_id: Option<String>,
    pub port: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcSecurityGroup {
    pub vpc_security_group_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SubnetGroup {
    #[serde(rename = "DBSubnetGroupArn")]
    pub arn: Option<String>,
    #[serde(rename = "DBSubnetGroupName")]
    pub name: String,
    #[serde(rename = "DBSubnetGroupDescription")]
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub subnet_group_status: Option<String>,
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Subnet {
    pub subnet_identifier: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Cluster {
    #[serde(rename = "DBClusterArn")]
    pub arn: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub identifier: String,
    pub allocated_storage: Option<i64>,
    pub availability_zones: Vec<String>,
    pub backup_retention_period: Option<i64>,
    pub character_set_name: Option<String>,
    pub database_name: Option<String>,
    #[serde(rename = "DBClusterParameterGroup")]
    pub parameter_group: Option<String>,
    pub status: Option<String>,
    pub earliest_restorable_time: Option<String>,
    pub endpoint: Option<String>,
    pub reader_endpoint: Option<String>,
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<bool>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub engine_mode: Option<String>,
    pub latest_restorable_time: Option<String>,
    pub port: Option<i64>,
    pub master_username: Option<String>,
    pub preferred_backup_window: Option<String>,
    pub preferred_maintenance_window: Option<String>,
    pub hosted_zone_id: Option<String>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub db_cluster_resource_id: Option<String>,
    pub clone_group_id: Option<String>,
    pub cluster_create_time: Option<String>,
    pub earliest_backtrack_time: Option<String>,
    pub backtrack_window: Option<i64>,
    pub backtrack_consumed_change_records: Option<i64>,
    pub capacity: Option<i64>,
    pub scaling_configuration_info: Option<ScalingConfiguration>,
    pub deletion_protection: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ScalingConfiguration {
    pub min_capacity: Option<i64>,
    pub max_capacity: Option<i64>,
    pub auto_pause: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Snapshot {
    #[serde(rename = "DBSnapshotArn")]
    pub arn: String,
    #[serde(rename = "DBSnapshotIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBInstanceIdentifier")]
    pub instance_identifier: Option<String>,
    /// Whether the `restore` attribute names `all` (`DescribeDBSnapshotAttributes`).
    pub public: Option<bool>,
    pub snapshot_create_time: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub allocated_storage: Option<i64>,
    pub status: Option<String>,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
    pub vpc_id: Option<String>,
    pub instance_create_time: Option<String>,
    pub master_username: Option<String>,
    pub license_model: Option<String>,
    pub snapshot_type: Option<String>,
    pub iops: Option<i64>,
    pub option_group_name: Option<String>,
    pub percent_progress: Option<i64>,
    pub source_region: Option<String>,
    #[serde(rename = "SourceDBSnapshotIdentifier")]
    pub source_snapshot_identifier: Option<String>,
    pub storage_type: Option<String>,
    pub tde_credential_arn: Option<String>,
    pub encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub timezone: Option<String>,
    #[serde(rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication_enabled: Option<bool>,
    pub processor_features: Vec<ProcessorFeature>,
    pub dbi_resource_id: Option<String>,
    pub original_snapshot_create_time: Option<String>,
    pub snapshot_database_time: Option<String>,
    pub snapshot_target: Option<String>,
    pub storage_throughput: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProcessorFeature {
    pub name: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventSubscription {
    pub event_subscription_arn: String,
    pub cust_subscription_id: Option<String>,
    pub customer_aws_id: Option<String>,
    pub sns_topic_arn: Option<String>,
    pub source_type: Option<String>,
    pub status: Option<String>,
    pub enabled: Option<bool>,
    pub subscription_creation_time: Option<String>,
    pub event_categories_list: Vec<String>,
    pub source_ids_list: Vec<String>,
}

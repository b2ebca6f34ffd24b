//! Cartography's RDS schema: instances, clusters, snapshots, DB subnet groups and event
//! subscriptions. Row fields carry the property names.
//!
//! Where Cartography matches related RDS nodes by bare identifiers (which repeat across
//! accounts and regions), these schemas match by the ARN built from the identifier in the
//! same account and region; the relationships are the same. Event subscriptions are merged
//! on their ARN rather than on their name, for the same reason.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::{ACCOUNT_RESOURCE, REGION};

/// A property whose row field has the same name.
const fn p(name: &'static str) -> Property {
    Property::field(name, name)
}
const fn indexed(name: &'static str) -> Property {
    Property::indexed(name, name)
}

const fn node(
    label: &'static str,
    extra_labels: &'static [ExtraLabel],
    properties: &'static [Property],
    relationships: &'static [RelSchema],
) -> NodeSchema {
    NodeSchema {
        label,
        id: Source::Field("arn"),
        extra_labels,
        properties,
        sub_resource: Some(ACCOUNT_RESOURCE),
        relationships,
        cleanup: CleanupMode::Scoped,
    }
}

const fn to(rel: &'static str, target: &'static str, matchers: &'static [Matcher]) -> RelSchema {
    RelSchema::new(rel, Direction::Outward, target, matchers)
}

pub const CLUSTER: NodeSchema = node(
    "AWSRDSCluster",
    &[ExtraLabel::always("RDSCluster")],
    &[
        indexed("arn"),
        p("allocated_storage"),
        p("availability_zones"),
        p("backup_retention_period"),
        p("character_set_name"),
        p("database_name"),
        indexed("db_cluster_identifier"),
        p("db_parameter_group"),
        p("status"),
        p("earliest_restorable_time"),
        p("endpoint"),
        p("reader_endpoint"),
        p("multi_az"),
        p("engine"),
        p("engine_version"),
        p("engine_mode"),
        p("latest_restorable_time"),
        p("port"),
        p("master_username"),
        p("preferred_backup_window"),
        p("preferred_maintenance_window"),
        p("hosted_zone_id"),
        p("storage_encrypted"),
        p("kms_key_id"),
        p("db_cluster_resource_id"),
        p("clone_group_id"),
        p("cluster_create_time"),
        p("earliest_backtrack_time"),
        p("backtrack_window"),
        p("backtrack_consumed_change_records"),
        p("capacity"),
        p("scaling_configuration_info_min_capacity"),
        p("scaling_configuration_info_max_capacity"),
        p("scaling_configuration_info_auto_pause"),
        p("deletion_protection"),
        REGION,
    ],
    &[],
);

pub const INSTANCE: NodeSchema = node(
    "AWSRDSInstance",
    &[
        ExtraLabel::always("RDSInstance"),
        ExtraLabel::always("Database"),
    ],
    &[
        indexed("arn"),
        indexed("db_instance_identifier"),
        p("db_instance_class"),
        p("engine"),
        p("master_username"),
        p("db_name"),
        p("instance_create_time"),
        p("availability_zone"),
        p("multi_az"),
        p("engine_version"),
        p("publicly_accessible"),
        p("db_cluster_identifier"),
        p("storage_encrypted"),
        p("kms_key_id"),
        p("dbi_resource_id"),
        p("ca_certificate_identifier"),
        p("enhanced_monitoring_resource_arn"),
        p("monitoring_role_arn"),
        p("performance_insights_enabled"),
        p("performance_insights_kms_key_id"),
        p("deletion_protection"),
        p("preferred_backup_window"),
        p("latest_restorable_time"),
        p("preferred_maintenance_window"),
        p("backup_retention_period"),
        p("endpoint_address"),
        p("endpoint_hostedzoneid"),
        p("endpoint_port"),
        p("iam_database_authentication_enabled"),
        p("auto_minor_version_upgrade"),
        REGION,
    ],
    &[
        to(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            "AWSEC2SecurityGroup",
            &[Matcher::list("id", "security_group_ids")],
        ),
        to(
            "IS_READ_REPLICA_OF",
            "AWSRDSInstance",
            &[Matcher::field("arn", "read_replica_source_arn")],
        ),
        to(
            "IS_CLUSTER_MEMBER_OF",
            "AWSRDSCluster",
            &[Matcher::field("arn", "cluster_arn")],
        ),
        to(
            "ENCRYPTED_BY",
            "AWSKMSKey",
            &[Matcher::field("arn", "kms_key_id")],
        ),
    ],
);

pub const SUBNET_GROUP: NodeSchema = node(
    "AWSDBSubnetGroup",
    &[ExtraLabel::always("DBSubnetGroup")],
    &[
        p("arn"),
        p("name"),
        p("vpc_id"),
        p("description"),
        p("status"),
        REGION,
    ],
    &[
        RelSchema::new(
            "MEMBER_OF_DB_SUBNET_GROUP",
            Direction::Inward,
            "AWSRDSInstance",
            &[Matcher::list("arn", "instance_arns")],
        ),
        to(
            "RESOURCE",
            "AWSEC2Subnet",
            &[Matcher::list("subnetid", "subnet_ids")],
        ),
    ],
);

pub const SNAPSHOT: NodeSchema = node(
    "AWSRDSSnapshot",
    &[
        ExtraLabel::always("RDSSnapshot"),
        ExtraLabel::always("Snapshot"),
    ],
    &[
        indexed("arn"),
        indexed("db_snapshot_identifier"),
        p("ispublic"),
        p("db_instance_identifier"),
        p("snapshot_create_time"),
        p("engine"),
        p("engine_version"),
        p("allocated_storage"),
        p("status"),
        p("port"),
        p("availability_zone"),
        p("vpc_id"),
        p("instance_create_time"),
        p("master_username"),
        p("license_model"),
        p("snapshot_type"),
        p("iops"),
        p("option_group_name"),
        p("percent_progress"),
        p("source_region"),
        p("source_db_snapshot_identifier"),
        p("storage_type"),
        p("tde_credential_arn"),
        p("encrypted"),
        p("kms_key_id"),
        p("timezone"),
        p("iam_database_authentication_enabled"),
        p("processor_features"),
        p("dbi_resource_id"),
        p("original_snapshot_create_time"),
        p("snapshot_database_time"),
        p("snapshot_target"),
        p("storage_throughput"),
        REGION,
    ],
    &[to(
        "IS_SNAPSHOT_SOURCE",
        "AWSRDSInstance",
        &[Matcher::field("arn", "instance_arn")],
    )],
);

pub const EVENT_SUBSCRIPTION: NodeSchema = node(
    "AWSRDSEventSubscription",
    &[ExtraLabel::always("RDSEventSubscription")],
    &[
        indexed("arn"),
        p("cust_subscription_id"),
        p("customer_aws_id"),
        p("sns_topic_arn"),
        p("source_type"),
        p("status"),
        p("enabled"),
        p("subscription_creation_time"),
        p("event_categories"),
        p("source_ids"),
        REGION,
    ],
    &[
        to(
            "NOTIFIES",
            "AWSSNSTopic",
            &[Matcher::field("arn", "sns_topic_arn")],
        ),
        to(
            "MONITORS",
            "AWSRDSInstance",
            &[Matcher::list("arn", "source_instance_arns")],
        ),
        to(
            "MONITORS",
            "AWSRDSCluster",
            &[Matcher::list("arn", "source_cluster_arns")],
        ),
        to(
            "MONITORS",
            "AWSRDSSnapshot",
            &[Matcher::list("arn", "source_snapshot_arns")],
        ),
    ],
);

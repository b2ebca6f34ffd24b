//! RDS (`rds`): per region, clusters, instances, snapshots (with whether each manual one is
//! restorable by anyone), DB subnet groups and event subscriptions. Instances link to their
//! EC2 security groups, KMS key, cluster and replication source; subnet groups to their EC2
//! subnets; event subscriptions to their SNS topic; so RDS loads after EC2, KMS and SNS in
//! the same account.

#[cfg(feature = "rds")]
pub mod fetch;
pub mod records;
pub mod schema;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};

pub use records::RdsRecords;
use records::{Cluster, EventSubscription, Instance, Snapshot, SubnetGroup};
use schema::{CLUSTER, EVENT_SUBSCRIPTION, INSTANCE, SNAPSHOT, SUBNET_GROUP};

use super::{Records, Service, decode};
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "rds",
    feature: "rds",
    regional: true,
    after: &["ec2", "kms", "sns"],
    schemas: &[
        &CLUSTER,
        &INSTANCE,
        &SUBNET_GROUP,
        &SNAPSHOT,
        &EVENT_SUBSCRIPTION,
    ],
    links: &[],
    decode: decode::<RdsRecords>,
    demo: include_str!("../../../data/demo/services/rds.json"),
    #[cfg(feature = "rds")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "rds")))]
    fetch: None,
};

impl Records for RdsRecords {
    fn count(&self) -> u64 {
        (self.clusters.len()
            + self.instances.len()
            + self.snapshots.len()
            + self.subnet_groups.len()
            + self.event_subscriptions.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (&CLUSTER, self.clusters.iter().map(cluster).collect()),
            (&INSTANCE, self.instances.iter().map(instance).collect()),
            (
                &SUBNET_GROUP,
                self.subnet_groups
                    .iter()
                    .map(|g| subnet_group(g, &self.instances))
                    .collect(),
            ),
            (&SNAPSHOT, self.snapshots.iter().map(snapshot).collect()),
            (
                &EVENT_SUBSCRIPTION,
                self.event_subscriptions
                    .iter()
                    .map(event_subscription)
                    .collect(),
            ),
        ]
    }
}

/// The ARN of the RDS resource `kind:id` in the account and region of `arn`
/// (`arn:aws:rds:<region>:<account>:...`); `id` is returned as it is when already an ARN
/// (cross-region replication sources are named by ARN).
fn sibling(arn: &str, kind: &str, id: &str) -> String {
    if id.starts_with("arn:") {
        return id.to_string();
    }
    let prefix: Vec<&str> = arn.splitn(6, ':').take(5).collect();
    format!("{}:{kind}:{id}", prefix.join(":"))
}

fn cluster(c: &Cluster) -> Row {
    let scaling = c.scaling_configuration_info.as_ref();
    row([
        ("arn", Value::from(c.arn.as_str())),
        ("allocated_storage", Value::from(c.allocated_storage)),
        ("availability_zones", strings(&c.availability_zones)),
        (
            "backup_retention_period",
            Value::from(c.backup_retention_period),
        ),
        ("character_set_name", opt(&c.character_set_name)),
        ("database_name", opt(&c.database_name)),
        ("db_cluster_identifier", Value::from(c.identifier.as_str())),
        ("db_parameter_group", opt(&c.parameter_group)),
        ("status", opt(&c.status)),
        ("earliest_restorable_time", opt(&c.earliest_restorable_time)),
        ("endpoint", opt(&c.endpoint)),
        ("reader_endpoint", opt(&c.reader_endpoint)),
        ("multi_az", Value::from(c.multi_az)),
        ("engine", opt(&c.engine)),
        ("engine_version", opt(&c.engine_version)),
        ("engine_mode", opt(&c.engine_mode)),
        ("latest_restorable_time", opt(&c.latest_restorable_time)),
        ("port", Value::from(c.port)),
        ("master_username", opt(&c.master_username)),
        ("preferred_backup_window", opt(&c.preferred_backup_window)),
        (
            "preferred_maintenance_window",
            opt(&c.preferred_maintenance_window),
        ),
        ("hosted_zone_id", opt(&c.hosted_zone_id)),
        ("storage_encrypted", Value::from(c.storage_encrypted)),
        ("kms_key_id", opt(&c.kms_key_id)),
        ("db_cluster_resource_id", opt(&c.db_cluster_resource_id)),
        ("clone_group_id", opt(&c.clone_group_id)),
        ("cluster_create_time", opt(&c.cluster_create_time)),
        ("earliest_backtrack_time", opt(&c.earliest_backtrack_time)),
        ("backtrack_window", Value::from(c.backtrack_window)),
        (
            "backtrack_consumed_change_records",
            Value::from(c.backtrack_consumed_change_records),
        ),
        ("capacity", Value::from(c.capacity)),
        (
            "scaling_configuration_info_min_capacity",
            Value::from(scaling.and_then(|s| s.min_capacity)),
        ),
        (
            "scaling_configuration_info_max_capacity",
            Value::from(scaling.and_then(|s| s.max_capacity)),
        ),
        (
            "scaling_configuration_info_auto_pause",
            Value::from(scaling.and_then(|s| s.auto_pause)),
        ),
        ("deletion_protection", Value::from(c.deletion_protection)),
    ])
}

fn instance(i: &Instance) -> Row {
    let ep = i.endpoint.as_ref();
    let related = |kind: &str, id: &Option<String>| {
        id.as_deref()
            .map_or(Value::Null, |id| Value::from(sibling(&i.arn, kind, id)))
    };
    row([
        ("arn", Value::from(i.arn.as_str())),
        ("db_instance_identifier", Value::from(i.identifier.as_str())),
        ("db_instance_class", opt(&i.class)),
        ("engine", opt(&i.engine)),
        ("master_username", opt(&i.master_username)),
        ("db_name", opt(&i.db_name)),
        ("instance_create_time", opt(&i.instance_create_time)),
        ("availability_zone", opt(&i.availability_zone)),
        ("multi_az", Value::from(i.multi_az)),
        ("engine_version", opt(&i.engine_version)),
        ("publicly_accessible", Value::from(i.publicly_accessible)),
        ("db_cluster_identifier", opt(&i.cluster_identifier)),
        ("storage_encrypted", Value::from(i.storage_encrypted)),
        ("kms_key_id", opt(&i.kms_key_id)),
        ("dbi_resource_id", opt(&i.dbi_resource_id)),
        (
            "ca_certificate_identifier",
            opt(&i.ca_certificate_identifier),
        ),
        (
            "enhanced_monitoring_resource_arn",
            opt(&i.enhanced_monitoring_resource_arn),
        ),
        ("monitoring_role_arn", opt(&i.monitoring_role_arn)),
        (
            "performance_insights_enabled",
            Value::from(i.performance_insights_enabled),
        ),
        (
            "performance_insights_kms_key_id",
            opt(&i.performance_insights_kms_key_id),
        ),
        ("deletion_protection", Value::from(i.deletion_protection)),
        ("preferred_backup_window", opt(&i.preferred_backup_window)),
        ("latest_restorable_time", opt(&i.latest_restorable_time)),
        (
            "preferred_maintenance_window",
            opt(&i.preferred_maintenance_window),
        ),
        (
            "backup_retention_period",
            Value::from(i.backup_retention_period),
        ),
        (
            "endpoint_address",
            ep.map_or(Value::Null, |e| opt(&e.address)),
        ),
        (
            "endpoint_hostedzoneid",
            ep.map_or(Value::Null, |e| opt(&e.hosted_zone_id)),
        ),
        ("endpoint_port", Value::from(ep.and_then(|e| e.port))),
        (
            "iam_database_authentication_enabled",
            Value::from(i.iam_database_authentication_enabled),
        ),
        (
            "auto_minor_version_upgrade",
            Value::from(i.auto_minor_version_upgrade),
        ),
        (
            "security_group_ids",
            strings(
                i.vpc_security_groups
                    .iter()
                    .map(|g| &g.vpc_security_group_id),
            ),
        ),
        (
            "read_replica_source_arn",
            related("db", &i.read_replica_source),
        ),
        ("cluster_arn", related("cluster", &i.cluster_identifier)),
    ])
}

/// A subnet group, with the instances of the region that are placed in it.
fn subnet_group(g: &SubnetGroup, instances: &[Instance]) -> Row {
    let members = instances
        .iter()
        .filter(|i| i.subnet_group.as_ref().is_some_and(|s| s.name == g.name))
        .map(|i| i.arn.as_str());
    row([
        ("arn", opt(&g.arn)),
        ("name", Value::from(g.name.as_str())),
        ("vpc_id", opt(&g.vpc_id)),
        ("description", opt(&g.description)),
        ("status", opt(&g.subnet_group_status)),
        ("instance_arns", strings(members)),
        (
            "subnet_ids",
            strings(g.subnets.iter().map(|s| &s.subnet_identifier)),
        ),
    ])
}

fn snapshot(s: &Snapshot) -> Row {
    let features = if s.processor_features.is_empty() {
        Value::Null
    } else {
        serde_json::to_string(&s.processor_features).map_or(Value::Null, Value::from)
    };
    row([
        ("arn", Value::from(s.arn.as_str())),
        ("db_snapshot_identifier", Value::from(s.identifier.as_str())),
        ("ispublic", Value::Bool(s.public.unwrap_or(false))),
        ("db_instance_identifier", opt(&s.instance_identifier)),
        (
            "instance_arn",
            s.instance_identifier
                .as_deref()
                .map_or(Value::Null, |id| Value::from(sibling(&s.arn, "db", id))),
        ),
        ("snapshot_create_time", opt(&s.snapshot_create_time)),
        ("engine", opt(&s.engine)),
        ("engine_version", opt(&s.engine_version)),
        ("allocated_storage", Value::from(s.allocated_storage)),
        ("status", opt(&s.status)),
        ("port", Value::from(s.port)),
        ("availability_zone", opt(&s.availability_zone)),
        ("vpc_id", opt(&s.vpc_id)),
        ("instance_create_time", opt(&s.instance_create_time)),
        ("master_username", opt(&s.master_username)),
        ("license_model", opt(&s.license_model)),
        ("snapshot_type", opt(&s.snapshot_type)),
        ("iops", Value::from(s.iops)),
        ("option_group_name", opt(&s.option_group_name)),
        ("percent_progress", Value::from(s.percent_progress)),
        ("source_region", opt(&s.source_region)),
        (
            "source_db_snapshot_identifier",
            opt(&s.source_snapshot_identifier),
        ),
        ("storage_type", opt(&s.storage_type)),
        ("tde_credential_arn", opt(&s.tde_credential_arn)),
        ("encrypted", Value::from(s.encrypted)),
        ("kms_key_id", opt(&s.kms_key_id)),
        ("timezone", opt(&s.timezone)),
        (
            "iam_database_authentication_enabled",
            Value::from(s.iam_database_authentication_enabled),
        ),
        ("processor_features", features),
        ("dbi_resource_id", opt(&s.dbi_resource_id)),
        (
            "original_snapshot_create_time",
            opt(&s.original_snapshot_create_time),
        ),
        ("snapshot_database_time", opt(&s.snapshot_database_time)),
        ("snapshot_target", opt(&s.snapshot_target)),
        ("storage_throughput", Value::from(s.storage_throughput)),
    ])
}

fn event_subscription(e: &EventSubscription) -> Row {
    let sources = |kind: &str| {
        strings(
            e.source_ids_list
                .iter()
                .map(|id| sibling(&e.event_subscription_arn, kind, id)),
        )
    };
    let list = |l: &Vec<String>| {
        if l.is_empty() {
            Value::Null
        } else {
            strings(l)
        }
    };
    row([
        ("arn", Value::from(e.event_subscription_arn.as_str())),
        ("cust_subscription_id", opt(&e.cust_subscription_id)),
        ("customer_aws_id", opt(&e.customer_aws_id)),
        ("sns_topic_arn", opt(&e.sns_topic_arn)),
        ("source_type", opt(&e.source_type)),
        ("status", opt(&e.status)),
        ("enabled", Value::from(e.enabled)),
        (
            "subscription_creation_time",
            opt(&e.subscription_creation_time),
        ),
        ("event_categories", list(&e.event_categories_list)),
        ("source_ids", list(&e.source_ids_list)),
        ("source_instance_arns", sources("db")),
        ("source_cluster_arns", sources("cluster")),
        ("source_snapshot_arns", sources("snapshot")),
    ])
}

#[cfg(test)]
mod tests {
    use super::records::{Endpoint, Subnet, VpcSecurityGroup};
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    const DB: &str = "arn:aws:rds:eu-west-1:1:db:orders";

    #[test]
    fn related_rds_nodes_are_matched_by_arn_in_the_same_account_and_region() {
        assert_eq!(
            sibling(DB, "cluster", "c1"),
            "arn:aws:rds:eu-west-1:1:cluster:c1"
        );
        assert_eq!(
            sibling(DB, "db", "arn:aws:rds:us-east-1:1:db:src"),
            "arn:aws:rds:us-east-1:1:db:src"
        );
        let records = RdsRecords {
            instances: vec![Instance {
                arn: DB.into(),
                identifier: "orders".into(),
                storage_encrypted: Some(false),
                endpoint: Some(Endpoint {
                    port: Some(5432),
                    ..Default::default()
                }),
                vpc_security_groups: vec![VpcSecurityGroup {
                    vpc_security_group_id: "sg-1".into(),
                }],
                read_replica_source: Some("main".into()),
                subnet_group: Some(SubnetGroup {
                    name: "private".into(),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            subnet_groups: vec![SubnetGroup {
                arn: Some("arn:aws:rds:eu-west-1:1:subgrp:private".into()),
                name: "private".into(),
                subnets: vec![Subnet {
                    subnet_identifier: "subnet-1".into(),
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let rows = records.rows("1");
        let i = &rows[1].1[0];
        assert_eq!(
            format!("{:?}", i.get("endpoint_port")),
            format!("{:?}", Some(&Value::Int(5432)))
        );
        assert_eq!(
            format!("{:?}", i.get("read_replica_source_arn")),
            format!(
                "{:?}",
                Some(&Value::from("arn:aws:rds:eu-west-1:1:db:main"))
            )
        );
        assert_eq!(
            format!("{:?}", i.get("cluster_arn")),
            format!("{:?}", Some(&Value::Null))
        );
        let g = &rows[2].1[0];
        assert_eq!(
            format!("{:?}", g.get("instance_arns")),
            format!("{:?}", Some(&strings([DB])))
        );
        assert_eq!(
            format!("{:?}", g.get("subnet_ids")),
            format!("{:?}", Some(&strings(["subnet-1"])))
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&INSTANCE);
        assert!(q.contains("MERGE (i:AWSRDSInstance {id: item.arn})"), "{q}");
        assert!(q.contains("i:RDSInstance:Database"), "{q}");
        assert!(q.contains(":MEMBER_OF_EC2_SECURITY_GROUP]->"), "{q}");
        let q = ingest_query(&SUBNET_GROUP);
        assert!(q.contains("<-[r0:MEMBER_OF_DB_SUBNET_GROUP]-"), "{q}");
        assert!(q.contains("-[r1:RESOURCE]->"), "{q}");
    }
}

//! ElastiCache (`elasticache`): cache clusters and the SNS topics their events notify, per
//! region. Rules look at the encryption flags and the auth token.

#[cfg(feature = "elasticache")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "elasticache",
    feature: "elasticache",
    regional: true,
    after: &[],
    schemas: &[&CLUSTER, &TOPIC],
    links: &[],
    decode: decode::<ElasticacheRecords>,
    demo: include_str!("../../../data/demo/services/elasticache.json"),
    #[cfg(feature = "elasticache")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "elasticache")))]
    fetch: None,
};

/// One region's `DescribeCacheClusters` answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ElasticacheRecords {
    pub cache_clusters: Vec<CacheCluster>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheCluster {
    #[serde(rename = "ARN")]
    pub arn: String,
    pub cache_cluster_id: Option<String>,
    pub cache_node_type: Option<String>,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    pub cache_cluster_status: Option<String>,
    pub num_cache_nodes: Option<i64>,
    pub preferred_availability_zone: Option<String>,
    pub preferred_maintenance_window: Option<String>,
    pub cache_cluster_create_time: Option<String>,
    pub cache_subnet_group_name: Option<String>,
    pub auto_minor_version_upgrade: Option<bool>,
    pub replication_group_id: Option<String>,
    pub snapshot_retention_limit: Option<i64>,
    pub snapshot_window: Option<String>,
    pub auth_token_enabled: Option<bool>,
    pub transit_encryption_enabled: Option<bool>,
    pub at_rest_encryption_enabled: Option<bool>,
    pub notification_configuration: Option<NotificationConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NotificationConfiguration {
    pub topic_arn: Option<String>,
    pub topic_status: Option<String>,
}

pub const CLUSTER: NodeSchema = NodeSchema {
    label: "AWSElasticacheCluster",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("ElasticacheCluster")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("cache_cluster_id", "cache_cluster_id"),
        Property::field("cache_node_type", "cache_node_type"),
        Property::field("engine", "engine"),
        Property::field("engine_version", "engine_version"),
        Property::field("cache_cluster_status", "cache_cluster_status"),
        Property::field("num_cache_nodes", "num_cache_nodes"),
        Property::field("preferred_availability_zone", "preferred_availability_zone"),
        Property::field(
            "preferred_maintenance_window",
            "preferred_maintenance_window",
        ),
        Property::field("cache_cluster_create_time", "cache_cluster_create_time"),
        Property::field("cache_subnet_group_name", "cache_subnet_group_name"),
        Property::field("auto_minor_version_upgrade", "auto_minor_version_upgrade"),
        Property::field("replication_group_id", "replication_group_id"),
        Property::field("snapshot_retention_limit", "snapshot_retention_limit"),
        Property::field("snapshot_window", "snapshot_window"),
        Property::field("auth_token_enabled", "auth_token_enabled"),
        Property::field("transit_encryption_enabled", "transit_encryption_enabled"),
        Property::field("at_rest_encryption_enabled", "at_rest_encryption_enabled"),
        Property::field("topic_arn", "topic_arn"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// The SNS topic that cluster events go to, as ElastiCache reports it.
pub const TOPIC: NodeSchema = NodeSchema {
    label: "AWSElasticacheTopic",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("ElasticacheTopic")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("status", "status"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "CACHE_CLUSTER",
        Direction::Outward,
        "AWSElasticacheCluster",
        &[Matcher::list("id", "cluster_arns")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for ElasticacheRecords {
    fn count(&self) -> u64 {
        self.cache_clusters.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (&CLUSTER, self.cache_clusters.iter().map(cluster).collect()),
            (&TOPIC, topics(&self.cache_clusters)),
        ]
    }
}

fn topic(c: &CacheCluster) -> Option<&NotificationConfiguration> {
    c.notification_configuration
        .as_ref()
        .filter(|n| n.topic_arn.is_some())
}

fn cluster(c: &CacheCluster) -> Row {
    row([
        ("arn", Value::from(c.arn.as_str())),
        ("cache_cluster_id", opt(&c.cache_cluster_id)),
        ("cache_node_type", opt(&c.cache_node_type)),
        ("engine", opt(&c.engine)),
        ("engine_version", opt(&c.engine_version)),
        ("cache_cluster_status", opt(&c.cache_cluster_status)),
        ("num_cache_nodes", Value::from(c.num_cache_nodes)),
        (
            "preferred_availability_zone",
            opt(&c.preferred_availability_zone),
        ),
        (
            "preferred_maintenance_window",
            opt(&c.preferred_maintenance_window),
        ),
        (
            "cache_cluster_create_time",
            opt(&c.cache_cluster_create_time),
        ),
        ("cache_subnet_group_name", opt(&c.cache_subnet_group_name)),
        (
            "auto_minor_version_upgrade",
            Value::from(c.auto_minor_version_upgrade),
        ),
        ("replication_group_id", opt(&c.replication_group_id)),
        (
            "snapshot_retention_limit",
            Value::from(c.snapshot_retention_limit),
        ),
        ("snapshot_window", opt(&c.snapshot_window)),
        ("auth_token_enabled", Value::from(c.auth_token_enabled)),
        (
            "transit_encryption_enabled",
            Value::from(c.transit_encryption_enabled),
        ),
        (
            "at_rest_encryption_enabled",
            Value::from(c.at_rest_encryption_enabled),
        ),
        (
            "topic_arn",
            topic(c).map_or(Value::Null, |n| opt(&n.topic_arn)),
        ),
    ])
}

/// One row per notification topic, with every cluster that notifies it.
fn topics(clusters: &[CacheCluster]) -> Vec<Row> {
    let mut by_arn: BTreeMap<&str, (Option<&str>, Vec<&str>)> = BTreeMap::new();
    for c in clusters {
        if let Some(n) = topic(c)
            && let Some(arn) = n.topic_arn.as_deref()
        {
            let entry = by_arn
                .entry(arn)
                .or_insert((n.topic_status.as_deref(), Vec::new()));
            entry.1.push(&c.arn);
        }
    }
    by_arn
        .into_iter()
        .map(|(arn, (status, clusters))| {
            row([
                ("arn", Value::from(arn)),
                ("status", Value::from(status)),
                ("cluster_arns", strings(clusters)),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn cluster(arn: &str, topic: Option<&str>) -> CacheCluster {
        CacheCluster {
            arn: arn.into(),
            notification_configuration: topic.map(|t| NotificationConfiguration {
                topic_arn: Some(t.into()),
                topic_status: Some("active".into()),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn clusters_sharing_a_topic_make_one_topic_row() {
        let records = ElasticacheRecords {
            cache_clusters: vec![
                cluster("arn:c1", Some("arn:t")),
                cluster("arn:c2", Some("arn:t")),
                cluster("arn:c3", None),
            ],
        };
        let rows = records.rows("1");
        assert_eq!(rows[0].1.len(), 3);
        assert_eq!(rows[1].1.len(), 1);
        let clusters = format!("{:?}", rows[1].1[0].get("cluster_arns"));
        assert!(
            clusters.contains("arn:c1") && clusters.contains("arn:c2"),
            "{clusters}"
        );
        assert!(!clusters.contains("arn:c3"), "{clusters}");
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&TOPIC);
        assert!(
            q.contains("MERGE (i:AWSElasticacheTopic {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r0:CACHE_CLUSTER]->(n0)"), "{q}");
        assert!(ingest_query(&CLUSTER).contains("i:ElasticacheCluster"));
    }
}

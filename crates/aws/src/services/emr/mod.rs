//! EMR (`emr`): the clusters of each region (`ListClusters`, then `DescribeCluster` for each).

#[cfg(feature = "emr")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, ExtraLabel, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "emr",
    feature: "emr",
    regional: true,
    after: &[],
    schemas: &[&CLUSTER],
    links: &[],
    decode: decode::<EmrRecords>,
    demo: include_str!("../../../data/demo/services/emr.json"),
    #[cfg(feature = "emr")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "emr")))]
    fetch: None,
};

/// `DescribeCluster` answers of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EmrRecords {
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Cluster {
    pub id: String,
    pub cluster_arn: Option<String>,
    pub name: Option<String>,
    pub auto_terminate: Option<bool>,
    pub auto_scaling_role: Option<String>,
    pub custom_ami_id: Option<String>,
    pub instance_collection_type: Option<String>,
    pub log_encryption_kms_key_id: Option<String>,
    pub log_uri: Option<String>,
    pub master_public_dns_name: Option<String>,
    pub outpost_arn: Option<String>,
    pub release_label: Option<String>,
    pub repo_upgrade_on_boot: Option<String>,
    pub requested_ami_version: Option<String>,
    pub running_ami_version: Option<String>,
    pub scale_down_behavior: Option<String>,
    pub security_configuration: Option<String>,
    pub service_role: Option<String>,
    pub termination_protected: Option<bool>,
    pub visible_to_all_users: Option<bool>,
}

pub const CLUSTER: NodeSchema = NodeSchema {
    label: "AWSEMRCluster",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("EMRCluster"),
        ExtraLabel::always("ComputeCluster"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("auto_terminate", "auto_terminate"),
        Property::field("autoscaling_role", "autoscaling_role"),
        Property::field("custom_ami_id", "custom_ami_id"),
        Property::field("instance_collection_type", "instance_collection_type"),
        Property::field("log_encryption_kms_key_id", "log_encryption_kms_key_id"),
        Property::field("log_uri", "log_uri"),
        Property::field("master_public_dns_name", "master_public_dns_name"),
        Property::field("name", "name"),
        Property::field("outpost_arn", "outpost_arn"),
        Property::param("region", "Region"),
        Property::field("release_label", "release_label"),
        Property::field("repo_upgrade_on_boot", "repo_upgrade_on_boot"),
        Property::field("requested_ami_version", "requested_ami_version"),
        Property::field("running_ami_version", "running_ami_version"),
        Property::field("scale_down_behavior", "scale_down_behavior"),
        Property::field("security_configuration", "security_configuration"),
        Property::field("servicerole", "servicerole"),
        Property::field("termination_protected", "termination_protected"),
        Property::field("visible_to_all_users", "visible_to_all_users"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for EmrRecords {
    fn count(&self) -> u64 {
        self.clusters.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(&CLUSTER, self.clusters.iter().map(cluster).collect())]
    }
}

fn cluster(c: &Cluster) -> Row {
    row([
        ("id", Value::from(c.id.as_str())),
        ("arn", opt(&c.cluster_arn)),
        ("auto_terminate", Value::from(c.auto_terminate)),
        ("autoscaling_role", opt(&c.auto_scaling_role)),
        ("custom_ami_id", opt(&c.custom_ami_id)),
        ("instance_collection_type", opt(&c.instance_collection_type)),
        (
            "log_encryption_kms_key_id",
            opt(&c.log_encryption_kms_key_id),
        ),
        ("log_uri", opt(&c.log_uri)),
        ("master_public_dns_name", opt(&c.master_public_dns_name)),
        ("name", opt(&c.name)),
        ("outpost_arn", opt(&c.outpost_arn)),
        ("release_label", opt(&c.release_label)),
        ("repo_upgrade_on_boot", opt(&c.repo_upgrade_on_boot)),
        ("requested_ami_version", opt(&c.requested_ami_version)),
        ("running_ami_version", opt(&c.running_ami_version)),
        ("scale_down_behavior", opt(&c.scale_down_behavior)),
        ("security_configuration", opt(&c.security_configuration)),
        ("servicerole", opt(&c.service_role)),
        (
            "termination_protected",
            Value::from(c.termination_protected),
        ),
        ("visible_to_all_users", Value::from(c.visible_to_all_users)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&CLUSTER);
        assert!(q.contains("MERGE (i:AWSEMRCluster {id: item.id})"), "{q}");
        assert!(q.contains("i:EMRCluster:ComputeCluster"), "{q}");
        let rows = EmrRecords {
            clusters: vec![Cluster {
                id: "j-1".into(),
                service_role: Some("EMR_DefaultRole".into()),
                ..Default::default()
            }],
        }
        .rows("1");
        assert_eq!(
            format!("{:?}", rows[0].1[0].get("servicerole")),
            r#"Some(String("EMR_DefaultRole"))"#
        );
    }
}

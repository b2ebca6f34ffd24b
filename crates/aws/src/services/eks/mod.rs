//! EKS (`eks`): `ListClusters`, then `DescribeCluster` for each, per region, and the access
//! entries of clusters whose authentication mode has them (`ListAccessEntries`,
//! `DescribeAccessEntry`). Whether the API endpoint is public (and to which CIDRs) is what
//! exposure rules look at; access entries say which IAM principals reach the cluster.

#[cfg(feature = "eks")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "eks",
    feature: "eks",
    regional: true,
    after: &["iam"],
    schemas: &[&CLUSTER, &ACCESS_ENTRY],
    links: &[],
    decode: decode::<EksRecords>,
    demo: include_str!("../../../data/demo/services/eks.json"),
    #[cfg(feature = "eks")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "eks")))]
    fetch: None,
};

/// `DescribeCluster` answers of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EksRecords {
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Cluster {
    pub name: String,
    pub arn: String,
    pub created_at: Option<String>,
    pub version: Option<String>,
    pub endpoint: Option<String>,
    pub role_arn: Option<String>,
    pub resources_vpc_config: VpcConfig,
    pub logging: Logging,
    pub status: Option<String>,
    pub platform_version: Option<String>,
    pub access_config: AccessConfig,
    pub certificate_authority: CertificateAuthority,
    /// `DescribeAccessEntry` answers (or, where describing was denied, the principal only).
    pub access_entries: Vec<AccessEntry>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessEntry {
    pub principal_arn: String,
    pub cluster_name: Option<String>,
    pub access_entry_arn: Option<String>,
    pub kubernetes_groups: Vec<String>,
    pub created_at: Option<String>,
    pub modified_at: Option<String>,
    pub username: Option<String>,
    pub r#type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VpcConfig {
    pub endpoint_public_access: Option<bool>,
    pub endpoint_private_access: Option<bool>,
    pub public_access_cidrs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Logging {
    pub cluster_logging: Vec<LogSetup>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LogSetup {
    pub types: Vec<String>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessConfig {
    pub authentication_mode: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CertificateAuthority {
    pub data: Option<String>,
}

pub const CLUSTER: NodeSchema = NodeSchema {
    label: "AWSEKSCluster",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("EKSCluster"),
        ExtraLabel::always("ComputeCluster"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("name", "name"),
        Property::param("region", "Region"),
        Property::field("created_at", "created_at"),
        Property::field("endpoint", "endpoint"),
        Property::indexed("endpoint_public_access", "endpoint_public_access"),
        // Not in Cartography: who the public endpoint admits, and the private endpoint.
        Property::field("endpoint_public_access_cidrs", "public_access_cidrs"),
        Property::field("endpoint_private_access", "endpoint_private_access"),
        Property::field("rolearn", "rolearn"),
        Property::field("version", "version"),
        Property::field("platform_version", "platform_version"),
        Property::field("status", "status"),
        Property::field("audit_logging", "audit_logging"),
        Property::field("authentication_mode", "authentication_mode"),
        Property::field(
            "certificate_authority_data_present",
            "certificate_authority_data_present",
        ),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// Id `<cluster arn>/access-entry/<principal arn>`, as Cartography forms it.
pub const ACCESS_ENTRY: NodeSchema = NodeSchema {
    label: "AWSEKSAccessEntry",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("EKSAccessEntry")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("cluster_name", "cluster_name"),
        Property::indexed("principal_arn", "principal_arn"),
        Property::field("username", "username"),
        Property::field("type", "type"),
        Property::field("kubernetes_groups", "kubernetes_groups"),
        Property::field("created_at", "created_at"),
        Property::field("modified_at", "modified_at"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_ACCESS_ENTRY",
            Direction::Inward,
            "AWSEKSCluster",
            &[Matcher::field("arn", "cluster_arn")],
        ),
        RelSchema::new(
            "GRANTED_ACCESS_TO",
            Direction::Inward,
            "AWSPrincipal",
            &[Matcher::field("arn", "principal_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for EksRecords {
    fn count(&self) -> u64 {
        let entries: usize = self.clusters.iter().map(|c| c.access_entries.len()).sum();
        (self.clusters.len() + entries) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let entries = self
            .clusters
            .iter()
            .flat_map(|c| c.access_entries.iter().map(move |e| access_entry(e, c)))
            .collect();
        vec![
            (&CLUSTER, self.clusters.iter().map(cluster).collect()),
            (&ACCESS_ENTRY, entries),
        ]
    }
}

fn access_entry(e: &AccessEntry, c: &Cluster) -> Row {
    let name = e.cluster_name.as_deref().unwrap_or(&c.name);
    row([
        (
            "id",
            Value::from(format!("{}/access-entry/{}", c.arn, e.principal_arn)),
        ),
        ("arn", opt(&e.access_entry_arn)),
        ("cluster_arn", Value::from(c.arn.as_str())),
        ("cluster_name", Value::from(name)),
        ("principal_arn", Value::from(e.principal_arn.as_str())),
        ("username", opt(&e.username)),
        ("type", opt(&e.r#type)),
        ("kubernetes_groups", strings(&e.kubernetes_groups)),
        ("created_at", opt(&e.created_at)),
        ("modified_at", opt(&e.modified_at)),
    ])
}

fn cluster(c: &Cluster) -> Row {
    let vpc = &c.resources_vpc_config;
    let flag = |v: Option<bool>| v.map_or(Value::Null, Value::from);
    // Cartography's audit_logging: some log setup that is enabled includes `audit`.
    let audit = c
        .logging
        .cluster_logging
        .iter()
        .any(|l| l.enabled == Some(true) && l.types.iter().any(|t| t == "audit"));
    let ca = c.certificate_authority.data.as_deref();
    row([
        ("arn", Value::from(c.arn.as_str())),
        ("name", Value::from(c.name.as_str())),
        ("created_at", opt(&c.created_at)),
        ("endpoint", opt(&c.endpoint)),
        ("endpoint_public_access", flag(vpc.endpoint_public_access)),
        ("public_access_cidrs", strings(&vpc.public_access_cidrs)),
        ("endpoint_private_access", flag(vpc.endpoint_private_access)),
        ("rolearn", opt(&c.role_arn)),
        ("version", opt(&c.version)),
        ("platform_version", opt(&c.platform_version)),
        ("status", opt(&c.status)),
        ("audit_logging", Value::from(audit)),
        (
            "authentication_mode",
            opt(&c.access_config.authentication_mode),
        ),
        (
            "certificate_authority_data_present",
            Value::from(ca.is_some_and(|d| !d.trim().is_empty())),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn audit_logging_needs_an_enabled_audit_setup() {
        let mut c = Cluster {
            arn: "arn:aws:eks:us-east-1:1:cluster/k".into(),
            logging: Logging {
                cluster_logging: vec![
                    LogSetup {
                        types: vec!["api".into()],
                        enabled: Some(true),
                    },
                    LogSetup {
                        types: vec!["audit".into()],
                        enabled: Some(false),
                    },
                ],
            },
            ..Default::default()
        };
        assert_eq!(
            show(cluster(&c).get("audit_logging")),
            show(Some(&Value::from(false)))
        );
        c.logging.cluster_logging[1].enabled = Some(true);
        assert_eq!(
            show(cluster(&c).get("audit_logging")),
            show(Some(&Value::from(true)))
        );
    }

    #[test]
    fn access_entries_take_cartographys_id_and_link_to_cluster_and_principal() {
        let c = Cluster {
            name: "k".into(),
            arn: "arn:aws:eks:us-east-1:1:cluster/k".into(),
            access_entries: vec![AccessEntry {
                principal_arn: "arn:aws:iam::1:role/admin".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let records = EksRecords { clusters: vec![c] };
        let rows = records.rows("1");
        let e = &rows[1].1[0];
        assert_eq!(
            show(e.get("id")),
            show(Some(&Value::from(
                "arn:aws:eks:us-east-1:1:cluster/k/access-entry/arn:aws:iam::1:role/admin"
            )))
        );
        assert_eq!(show(e.get("cluster_name")), show(Some(&Value::from("k"))));
        let q = cartograph_sync::querybuild::ingest_query(&ACCESS_ENTRY);
        assert!(q.contains("MERGE (i)<-[r0:HAS_ACCESS_ENTRY]-(n0)"), "{q}");
        assert!(q.contains("MERGE (i)<-[r1:GRANTED_ACCESS_TO]-(n1)"), "{q}");
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&CLUSTER);
        assert!(q.contains("MERGE (i:AWSEKSCluster {id: item.arn})"), "{q}");
        assert!(q.contains("i:EKSCluster:ComputeCluster"), "{q}");
        assert!(
            q.contains("i.endpoint_public_access = item.endpoint_public_access"),
            "{q}"
        );
    }
}

//! Redshift (`redshift`): provisioned clusters per region, with their VPC, security groups
//! and the IAM roles they may assume. Rules look at `publicly_accessible` and `encrypted`.

#[cfg(feature = "redshift")]
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
    key: "redshift",
    feature: "redshift",
    regional: true,
    after: &["ec2", "iam"],
    schemas: &[&CLUSTER],
    links: &[],
    decode: decode::<RedshiftRecords>,
    demo: include_str!("../../../data/demo/services/redshift.json"),
    #[cfg(feature = "redshift")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "redshift")))]
    fetch: None,
};

/// One region's `DescribeClusters` answers, with the region they were read in:
/// `DescribeClusters` gives no cluster ARN, and the ARN is built from it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RedshiftRecords {
    pub region: String,
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Cluster {
    pub cluster_identifier: String,
    pub availability_zone: Option<String>,
    pub cluster_create_time: Option<String>,
    pub cluster_revision_number: Option<String>,
    pub cluster_status: Option<String>,
    #[serde(rename = "DBName")]
    pub db_name: Option<String>,
    pub encrypted: Option<bool>,
    pub endpoint: Option<Endpoint>,
    pub master_username: Option<String>,
    pub node_type: Option<String>,
    pub number_of_nodes: Option<i64>,
    pub publicly_accessible: Option<bool>,
    pub vpc_id: Option<String>,
    pub vpc_security_groups: Vec<VpcSecurityGroup>,
    pub iam_roles: Vec<IamRole>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Endpoint {
    pub address: Option<String>,
    pub port: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcSecurityGroup {
    pub vpc_security_group_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamRole {
    pub iam_role_arn: String,
}

pub const CLUSTER: NodeSchema = NodeSchema {
    label: "AWSRedshiftCluster",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("RedshiftCluster")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("availability_zone", "availability_zone"),
        Property::field("cluster_create_time", "cluster_create_time"),
        Property::field("cluster_identifier", "cluster_identifier"),
        Property::field("cluster_revision_number", "cluster_revision_number"),
        Property::field("cluster_status", "cluster_status"),
        Property::field("db_name", "db_name"),
        Property::field("encrypted", "encrypted"),
        Property::field("endpoint_address", "endpoint_address"),
        Property::field("endpoint_port", "endpoint_port"),
        Property::field("master_username", "master_username"),
        Property::field("node_type", "node_type"),
        Property::field("number_of_nodes", "number_of_nodes"),
        Property::field("publicly_accessible", "publicly_accessible"),
        Property::field("vpc_id", "vpc_id"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            Direction::Outward,
            "AWSEC2SecurityGroup",
            &[Matcher::list("id", "security_group_ids")],
        ),
        RelSchema::new(
            "STS_ASSUMEROLE_ALLOW",
            Direction::Outward,
            "AWSPrincipal",
            &[Matcher::list("arn", "iam_role_arns")],
        ),
        RelSchema::new(
            "MEMBER_OF_AWS_VPC",
            Direction::Outward,
            "AWSVpc",
            &[Matcher::field("id", "vpc_id")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for RedshiftRecords {
    fn count(&self) -> u64 {
        self.clusters.len() as u64
    }

    fn rows(&self, account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rows = self
            .clusters
            .iter()
            .map(|c| cluster(c, &self.region, account_id))
            .collect();
        vec![(&CLUSTER, rows)]
    }
}

fn cluster(c: &Cluster, region: &str, account_id: &str) -> Row {
    let endpoint = c.endpoint.as_ref();
    row([
        (
            "arn",
            Value::from(format!(
                "arn:aws:redshift:{region}:{account_id}:cluster:{}",
                c.cluster_identifier
            )),
        ),
        ("availability_zone", opt(&c.availability_zone)),
        ("cluster_create_time", opt(&c.cluster_create_time)),
        (
            "cluster_identifier",
            Value::from(c.cluster_identifier.as_str()),
        ),
        ("cluster_revision_number", opt(&c.cluster_revision_number)),
        ("cluster_status", opt(&c.cluster_status)),
        ("db_name", opt(&c.db_name)),
        ("encrypted", Value::from(c.encrypted)),
        (
            "endpoint_address",
            endpoint.map_or(Value::Null, |e| opt(&e.address)),
        ),
        ("endpoint_port", Value::from(endpoint.and_then(|e| e.port))),
        ("master_username", opt(&c.master_username)),
        ("node_type", opt(&c.node_type)),
        ("number_of_nodes", Value::from(c.number_of_nodes)),
        ("publicly_accessible", Value::from(c.publicly_accessible)),
        ("vpc_id", opt(&c.vpc_id)),
        (
            "security_group_ids",
            strings(
                c.vpc_security_groups
                    .iter()
                    .map(|g| &g.vpc_security_group_id),
            ),
        ),
        (
            "iam_role_arns",
            strings(c.iam_roles.iter().map(|r| &r.iam_role_arn)),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn arn_is_built_from_region_account_and_identifier() {
        let records = RedshiftRecords {
            region: "eu-west-1".into(),
            clusters: vec![Cluster {
                cluster_identifier: "dwh".into(),
                ..Default::default()
            }],
        };
        let rows = records.rows("123");
        let arn = rows[0].1[0].get("arn");
        assert!(
            arn.is_some_and(
                |v| v.equivalent(&Value::from("arn:aws:redshift:eu-west-1:123:cluster:dwh"))
            ),
            "{arn:?}"
        );
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&CLUSTER);
        assert!(
            q.contains("MERGE (i:AWSRedshiftCluster {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:RedshiftCluster"), "{q}");
        assert!(
            q.contains("MERGE (i)-[r0:MEMBER_OF_EC2_SECURITY_GROUP]->(n0)"),
            "{q}"
        );
        assert!(
            q.contains("MERGE (i)-[r1:STS_ASSUMEROLE_ALLOW]->(n1)"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r2:MEMBER_OF_AWS_VPC]->(n2)"), "{q}");
    }
}

//! Elasticsearch / OpenSearch Service (`elasticsearch`, the `es` API): the domains of each
//! region (`ListDomainNames`, then `DescribeElasticsearchDomains` five at a time), linked to
//! their VPC subnets and security groups. A domain with a public endpoint whose access
//! policy lets anyone in is `exposed_internet`.

#[cfg(feature = "elasticsearch")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::s3::anonymous_access;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "elasticsearch",
    feature: "elasticsearch",
    regional: true,
    after: &["ec2"],
    schemas: &[&DOMAIN],
    links: &[],
    decode: decode::<EsRecords>,
    demo: include_str!("../../../data/demo/services/elasticsearch.json"),
    #[cfg(feature = "elasticsearch")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "elasticsearch")))]
    fetch: None,
};

/// `DescribeElasticsearchDomains` answers of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EsRecords {
    pub domain_status_list: Vec<Domain>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Domain {
    pub domain_id: String,
    pub domain_name: Option<String>,
    #[serde(rename = "ARN")]
    pub arn: Option<String>,
    pub created: Option<bool>,
    pub deleted: Option<bool>,
    pub endpoint: Option<String>,
    pub elasticsearch_version: Option<String>,
    pub elasticsearch_cluster_config: ClusterConfig,
    #[serde(rename = "EBSOptions")]
    pub ebs_options: EbsOptions,
    pub encryption_at_rest_options: EncryptionAtRest,
    /// By log type (`INDEX_SLOW_LOGS`, `SEARCH_SLOW_LOGS`, `ES_APPLICATION_LOGS`, `AUDIT_LOGS`).
    pub log_publishing_options: BTreeMap<String, LogPublishing>,
    #[serde(rename = "VPCOptions")]
    pub vpc_options: VpcOptions,
    /// The access policy as JSON text.
    pub access_policies: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ClusterConfig {
    pub instance_type: Option<String>,
    pub instance_count: Option<i64>,
    pub dedicated_master_enabled: Option<bool>,
    pub zone_awareness_enabled: Option<bool>,
    pub dedicated_master_type: Option<String>,
    pub dedicated_master_count: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EbsOptions {
    #[serde(rename = "EBSEnabled")]
    pub ebs_enabled: Option<bool>,
    pub volume_type: Option<String>,
    pub volume_size: Option<i64>,
    pub iops: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EncryptionAtRest {
    pub enabled: Option<bool>,
    pub kms_key_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LogPublishing {
    pub enabled: Option<bool>,
    pub cloud_watch_logs_log_group_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcOptions {
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

/// Per log type, the property prefix Cartography flattens it to.
const LOG_TYPES: [(&str, &str); 4] = [
    ("INDEX_SLOW_LOGS", "log_publishing_index_slow_logs"),
    ("SEARCH_SLOW_LOGS", "log_publishing_search_slow_logs"),
    ("ES_APPLICATION_LOGS", "log_publishing_es_application_logs"),
    ("AUDIT_LOGS", "log_publishing_audit_logs"),
];

pub const DOMAIN: NodeSchema = NodeSchema {
    label: "AWSESDomain",
    id: Source::Field("domainid"),
    extra_labels: &[
        ExtraLabel::always("ESDomain"),
        ExtraLabel::always("Database"),
    ],
    properties: &[
        Property::indexed("domainid", "domainid"),
        Property::indexed("arn", "arn"),
        Property::field("deleted", "deleted"),
        Property::field("created", "created"),
        Property::field("endpoint", "endpoint"),
        Property::indexed("name", "name"),
        Property::field("elasticsearch_version", "elasticsearch_version"),
        Property::field("engine", "engine"),
        Property::field("exposed_internet", "exposed_internet"),
        Property::field(
            "elasticsearch_cluster_config_instancetype",
            "elasticsearch_cluster_config_instancetype",
        ),
        Property::field(
            "elasticsearch_cluster_config_instancecount",
            "elasticsearch_cluster_config_instancecount",
        ),
        Property::field(
            "elasticsearch_cluster_config_dedicatedmasterenabled",
            "elasticsearch_cluster_config_dedicatedmasterenabled",
        ),
        Property::field(
            "elasticsearch_cluster_config_zoneawarenessenabled",
            "elasticsearch_cluster_config_zoneawarenessenabled",
        ),
        Property::field(
            "elasticsearch_cluster_config_dedicatedmastertype",
            "elasticsearch_cluster_config_dedicatedmastertype",
        ),
        Property::field(
            "elasticsearch_cluster_config_dedicatedmastercount",
            "elasticsearch_cluster_config_dedicatedmastercount",
        ),
        Property::field("ebs_options_ebsenabled", "ebs_options_ebsenabled"),
        Property::field("ebs_options_volumetype", "ebs_options_volumetype"),
        Property::field("ebs_options_volumesize", "ebs_options_volumesize"),
        Property::field("ebs_options_iops", "ebs_options_iops"),
        Property::field(
            "encryption_at_rest_options_enabled",
            "encryption_at_rest_options_enabled",
        ),
        Property::field(
            "encryption_at_rest_options_kms_key_id",
            "encryption_at_rest_options_kms_key_id",
        ),
        Property::field(
            "log_publishing_index_slow_logs_enabled",
            "log_publishing_index_slow_logs_enabled",
        ),
        Property::field(
            "log_publishing_index_slow_logs_arn",
            "log_publishing_index_slow_logs_arn",
        ),
        Property::field(
            "log_publishing_search_slow_logs_enabled",
            "log_publishing_search_slow_logs_enabled",
        ),
        Property::field(
            "log_publishing_search_slow_logs_arn",
            "log_publishing_search_slow_logs_arn",
        ),
        Property::field(
            "log_publishing_es_application_logs_enabled",
            "log_publishing_es_application_logs_enabled",
        ),
        Property::field(
            "log_publishing_es_application_logs_arn",
            "log_publishing_es_application_logs_arn",
        ),
        Property::field(
            "log_publishing_audit_logs_enabled",
            "log_publishing_audit_logs_enabled",
        ),
        Property::field(
            "log_publishing_audit_logs_arn",
            "log_publishing_audit_logs_arn",
        ),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "PART_OF_SUBNET",
            Direction::Outward,
            "AWSEC2Subnet",
            &[Matcher::list("id", "subnet_ids")],
        ),
        RelSchema::new(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            Direction::Outward,
            "AWSEC2SecurityGroup",
            &[Matcher::list("id", "security_group_ids")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for EsRecords {
    fn count(&self) -> u64 {
        self.domain_status_list.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(
            &DOMAIN,
            self.domain_status_list.iter().map(domain).collect(),
        )]
    }
}

/// OpenSearch domains report their version as `OpenSearch_x.y`; Cartography derives the
/// engine from it (null without a version).
fn engine(version: Option<&str>) -> Value {
    match version {
        None | Some("") => Value::Null,
        Some(v) if v.starts_with("OpenSearch") => Value::from("opensearch"),
        Some(_) => Value::from("elasticsearch"),
    }
}

/// A public endpoint and an access policy that lets anyone in.
fn exposed_internet(d: &Domain) -> bool {
    let endpoint = d.endpoint.as_deref().is_some_and(|e| !e.is_empty());
    let policy = d.access_policies.as_deref().filter(|p| !p.is_empty());
    endpoint && policy.is_some_and(|p| anonymous_access(&Json::String(p.to_string())).0)
}

fn domain(d: &Domain) -> Row {
    let c = &d.elasticsearch_cluster_config;
    let mut r = row([
        ("domainid", Value::from(d.domain_id.as_str())),
        ("arn", opt(&d.arn)),
        ("deleted", Value::from(d.deleted)),
        ("created", Value::from(d.created)),
        ("endpoint", opt(&d.endpoint)),
        ("name", opt(&d.domain_name)),
        ("elasticsearch_version", opt(&d.elasticsearch_version)),
        ("engine", engine(d.elasticsearch_version.as_deref())),
        ("exposed_internet", Value::Bool(exposed_internet(d))),
        (
            "elasticsearch_cluster_config_instancetype",
            opt(&c.instance_type),
        ),
        (
            "elasticsearch_cluster_config_instancecount",
            Value::from(c.instance_count),
        ),
        (
            "elasticsearch_cluster_config_dedicatedmasterenabled",
            Value::from(c.dedicated_master_enabled),
        ),
        (
            "elasticsearch_cluster_config_zoneawarenessenabled",
            Value::from(c.zone_awareness_enabled),
        ),
        (
            "elasticsearch_cluster_config_dedicatedmastertype",
            opt(&c.dedicated_master_type),
        ),
        (
            "elasticsearch_cluster_config_dedicatedmastercount",
            Value::from(c.dedicated_master_count),
        ),
        (
            "ebs_options_ebsenabled",
            Value::from(d.ebs_options.ebs_enabled),
        ),
        ("ebs_options_volumetype", opt(&d.ebs_options.volume_type)),
        (
            "ebs_options_volumesize",
            Value::from(d.ebs_options.volume_size),
        ),
        ("ebs_options_iops", Value::from(d.ebs_options.iops)),
        (
            "encryption_at_rest_options_enabled",
            Value::from(d.encryption_at_rest_options.enabled),
        ),
        (
            "encryption_at_rest_options_kms_key_id",
            opt(&d.encryption_at_rest_options.kms_key_id),
        ),
        ("subnet_ids", strings(&d.vpc_options.subnet_ids)),
        (
            "security_group_ids",
            strings(&d.vpc_options.security_group_ids),
        ),
    ]);
    for (log_type, prefix) in LOG_TYPES {
        let log = d.log_publishing_options.get(log_type);
        r.insert(
            format!("{prefix}_enabled"),
            Value::from(log.and_then(|l| l.enabled)),
        );
        r.insert(
            format!("{prefix}_arn"),
            opt(&log.and_then(|l| l.cloud_watch_logs_log_group_arn.clone())),
        );
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(r: &Row, k: &str) -> String {
        format!("{:?}", r.get(k))
    }

    #[test]
    fn exposure_needs_a_public_endpoint_and_an_open_policy() {
        let open = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*"}]}"#;
        let mut d = Domain {
            domain_id: "1/logs".into(),
            endpoint: Some("search-logs.us-east-1.es.amazonaws.com".into()),
            access_policies: Some(open.into()),
            elasticsearch_version: Some("OpenSearch_2.11".into()),
            ..Default::default()
        };
        d.log_publishing_options.insert(
            "AUDIT_LOGS".into(),
            LogPublishing {
                enabled: Some(true),
                cloud_watch_logs_log_group_arn: Some("arn:logs".into()),
            },
        );
        let r = domain(&d);
        assert_eq!(show(&r, "exposed_internet"), "Some(Bool(true))");
        assert_eq!(show(&r, "engine"), r#"Some(String("opensearch"))"#);
        assert_eq!(
            show(&r, "log_publishing_audit_logs_enabled"),
            "Some(Bool(true))"
        );
        assert_eq!(show(&r, "log_publishing_index_slow_logs_arn"), "Some(Null)");
        d.endpoint = None;
        assert_eq!(show(&domain(&d), "exposed_internet"), "Some(Bool(false))");
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&DOMAIN);
        assert!(
            q.contains("MERGE (i:AWSESDomain {id: item.domainid})"),
            "{q}"
        );
        assert!(q.contains("i:ESDomain:Database"), "{q}");
        assert!(q.contains("[r0:PART_OF_SUBNET]->(n0)"), "{q}");
        assert!(q.contains("[r1:MEMBER_OF_EC2_SECURITY_GROUP]->(n1)"), "{q}");
    }
}

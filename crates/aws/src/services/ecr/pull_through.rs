//! ECR pull-through cache rules (`ecr:pull_through_cache_rules`, Cartography's own sync key):
//! per region, `DescribePullThroughCacheRules`; each rule links to the Secrets Manager
//! secret holding the upstream registry's credentials and to its custom IAM role.

#[cfg(feature = "ecr")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use crate::schemas::ACCOUNT_RESOURCE;
use crate::services::{Records, Service, decode};
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "ecr:pull_through_cache_rules",
    feature: "ecr",
    regional: true,
    after: &["iam", "secretsmanager"],
    schemas: &[&RULE],
    links: &[],
    decode: decode::<PullThroughRecords>,
    demo: include_str!("../../../data/demo/services/ecr_pull_through_cache_rules.json"),
    #[cfg(feature = "ecr")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "ecr")))]
    fetch: None,
};

/// `DescribePullThroughCacheRules` of one region, with the region it was read in: a
/// rule's id names it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PullThroughRecords {
    pub region: String,
    pub pull_through_cache_rules: Vec<Rule>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rule {
    pub registry_id: String,
    pub ecr_repository_prefix: String,
    pub upstream_registry_url: Option<String>,
    pub upstream_registry: Option<String>,
    pub upstream_repository_prefix: Option<String>,
    pub credential_arn: Option<String>,
    pub custom_role_arn: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

const fn p(name: &'static str) -> Property {
    Property::field(name, name)
}

pub const RULE: NodeSchema = NodeSchema {
    label: "AWSECRPullThroughCacheRule",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("ECRPullThroughCacheRule")],
    properties: &[
        p("registry_id"),
        p("ecr_repository_prefix"),
        p("upstream_registry_url"),
        p("upstream_registry"),
        p("upstream_repository_prefix"),
        p("credential_arn"),
        p("custom_role_arn"),
        p("created_at"),
        p("updated_at"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "USES_SECRET",
            Direction::Outward,
            "AWSSecretsManagerSecret",
            &[Matcher::field("arn", "credential_arn")],
        ),
        RelSchema::new(
            "ASSOCIATED_WITH",
            Direction::Outward,
            "AWSRole",
            &[Matcher::field("arn", "custom_role_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for PullThroughRecords {
    fn count(&self) -> u64 {
        self.pull_through_cache_rules.len() as u64
    }

    /// The id is `<registry>:<region>:<prefix>`, as Cartography builds it.
    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rows = self
            .pull_through_cache_rules
            .iter()
            .map(|r| rule(r, &self.region))
            .collect();
        vec![(&RULE, rows)]
    }
}

fn rule(r: &Rule, region: &str) -> Row {
    row([
        (
            "id",
            Value::from(format!(
                "{}:{region}:{}",
                r.registry_id, r.ecr_repository_prefix
            )),
        ),
        ("registry_id", Value::from(r.registry_id.as_str())),
        (
            "ecr_repository_prefix",
            Value::from(r.ecr_repository_prefix.as_str()),
        ),
        ("upstream_registry_url", opt(&r.upstream_registry_url)),
        ("upstream_registry", opt(&r.upstream_registry)),
        (
            "upstream_repository_prefix",
            opt(&r.upstream_repository_prefix),
        ),
        ("credential_arn", opt(&r.credential_arn)),
        ("custom_role_arn", opt(&r.custom_role_arn)),
        ("created_at", opt(&r.created_at)),
        ("updated_at", opt(&r.updated_at)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn ids_name_registry_region_and_prefix() {
        let records: PullThroughRecords = serde_json::from_str(
            r#"{"region": "eu-west-1", "pullThroughCacheRules": [
                {"registryId": "1", "ecrRepositoryPrefix": "docker-hub",
                 "upstreamRegistryUrl": "registry-1.docker.io",
                 "credentialArn": "arn:aws:secretsmanager:eu-west-1:1:secret:ecr-pullthroughcache/hub"}]}"#,
        )
        .unwrap();
        let rows = records.rows("1");
        let r = &rows[0].1[0];
        assert_eq!(
            format!("{:?}", r.get("id")),
            format!("{:?}", Some(&Value::from("1:eu-west-1:docker-hub")))
        );
        let q = ingest_query(&RULE);
        assert!(q.contains("MERGE (i)-[r0:USES_SECRET]->(n0)"), "{q}");
        assert!(q.contains("i:ECRPullThroughCacheRule"), "{q}");
    }
}

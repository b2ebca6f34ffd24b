//! Secrets Manager (`secretsmanager`): per region, `ListSecrets`, then per secret its
//! versions (`ListSecretVersionIds`) and resource policy (`GetResourcePolicy`). Secrets and
//! versions link to the KMS key that encrypts them (`ENCRYPTED_BY`, by key ARN). The
//! permission-relationships analysis draws `GET_SECRET` to the secrets by their ARN.
//!
//! Beyond Cartography: the resource policy text (`policy`), for the resource-policy analysis.

#[cfg(feature = "secretsmanager")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::kms::epoch;
use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "secretsmanager",
    feature: "secretsmanager",
    regional: true,
    after: &["kms"],
    schemas: &[&SECRET, &VERSION],
    links: &[],
    decode: decode::<SecretsRecords>,
    demo: include_str!("../../../data/demo/services/secretsmanager.json"),
    #[cfg(feature = "secretsmanager")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "secretsmanager")))]
    fetch: None,
};

/// `ListSecrets` entries of one region, each with its versions and resource policy.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecretsRecords {
    pub secret_list: Vec<Secret>,
}

/// A `SecretListEntry` (dates in epoch seconds, as the JSON API sends them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Secret {
    #[serde(rename = "ARN")]
    pub arn: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub kms_key_id: Option<String>,
    pub rotation_enabled: Option<bool>,
    #[serde(rename = "RotationLambdaARN")]
    pub rotation_lambda_arn: Option<String>,
    pub rotation_rules: Option<RotationRules>,
    pub created_date: Option<f64>,
    pub last_rotated_date: Option<f64>,
    pub last_changed_date: Option<f64>,
    pub last_accessed_date: Option<f64>,
    pub deleted_date: Option<f64>,
    pub owning_service: Option<String>,
    pub primary_region: Option<String>,
    /// `GetResourcePolicy`, as JSON text; absent when the secret has none.
    pub resource_policy: Option<String>,
    /// `ListSecretVersionIds`.
    pub versions: Vec<Version>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RotationRules {
    pub automatically_after_days: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Version {
    pub version_id: String,
    pub version_stages: Vec<String>,
    pub created_date: Option<f64>,
    pub kms_key_ids: Vec<String>,
}

const ENCRYPTED_BY: RelSchema = RelSchema::new(
    "ENCRYPTED_BY",
    Direction::Outward,
    "AWSKMSKey",
    &[Matcher::field("arn", "kms_key_id")],
);

pub const SECRET: NodeSchema = NodeSchema {
    label: "AWSSecretsManagerSecret",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("SecretsManagerSecret"),
        ExtraLabel::always("Secret"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("name", "name"),
        Property::field("description", "description"),
        Property::field("rotation_enabled", "rotation_enabled"),
        Property::field("rotation_lambda_arn", "rotation_lambda_arn"),
        Property::field(
            "rotation_rules_automatically_after_days",
            "rotation_rules_automatically_after_days",
        ),
        Property::field("created_date", "created_date"),
        Property::field("last_rotated_date", "last_rotated_date"),
        Property::field("last_changed_date", "last_changed_date"),
        Property::field("last_accessed_date", "last_accessed_date"),
        Property::field("deleted_date", "deleted_date"),
        Property::field("kms_key_id", "kms_key_id"),
        Property::field("owning_service", "owning_service"),
        Property::field("primary_region", "primary_region"),
        Property::field("policy", "policy"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[ENCRYPTED_BY],
    cleanup: CleanupMode::Scoped,
};

pub const VERSION: NodeSchema = NodeSchema {
    label: "AWSSecretsManagerSecretVersion",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("SecretsManagerSecretVersion")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("secret_id", "secret_id"),
        Property::field("version_id", "version_id"),
        Property::field("version_stages", "version_stages"),
        Property::field("created_date", "created_date"),
        Property::field("kms_key_ids", "kms_key_ids"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "VERSION_OF",
            Direction::Outward,
            "AWSSecretsManagerSecret",
            &[Matcher::field("id", "secret_id")],
        ),
        RelSchema::new(
            "ENCRYPTED_BY",
            Direction::Outward,
            "AWSKMSKey",
            &[Matcher::list("arn", "kms_key_ids")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for SecretsRecords {
    fn count(&self) -> u64 {
        self.secret_list
            .iter()
            .map(|s| 1 + s.versions.len() as u64)
            .sum()
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let secrets = self.secret_list.iter().map(secret).collect();
        let versions = self
            .secret_list
            .iter()
            .flat_map(|s| s.versions.iter().map(move |v| version(s, v)))
            .collect();
        vec![(&SECRET, secrets), (&VERSION, versions)]
    }
}

fn secret(s: &Secret) -> Row {
    row([
        ("arn", Value::from(s.arn.as_str())),
        ("name", opt(&s.name)),
        ("description", opt(&s.description)),
        (
            "rotation_enabled",
            s.rotation_enabled.map_or(Value::Null, Value::Bool),
        ),
        ("rotation_lambda_arn", opt(&s.rotation_lambda_arn)),
        (
            "rotation_rules_automatically_after_days",
            s.rotation_rules
                .as_ref()
                .and_then(|r| r.automatically_after_days)
                .map_or(Value::Null, Value::Int),
        ),
        ("created_date", epoch(s.created_date)),
        ("last_rotated_date", epoch(s.last_rotated_date)),
        ("last_changed_date", epoch(s.last_changed_date)),
        ("last_accessed_date", epoch(s.last_accessed_date)),
        ("deleted_date", epoch(s.deleted_date)),
        ("kms_key_id", opt(&s.kms_key_id)),
        ("owning_service", opt(&s.owning_service)),
        ("primary_region", opt(&s.primary_region)),
        ("policy", opt(&s.resource_policy)),
    ])
}

/// A version, identified as Cartography does: `<secret ARN>:version:<version id>`.
fn version(s: &Secret, v: &Version) -> Row {
    row([
        (
            "arn",
            Value::from(format!("{}:version:{}", s.arn, v.version_id)),
        ),
        ("secret_id", Value::from(s.arn.as_str())),
        ("version_id", Value::from(v.version_id.as_str())),
        ("version_stages", strings(&v.version_stages)),
        ("created_date", epoch(v.created_date)),
        (
            "kms_key_ids",
            if v.kms_key_ids.is_empty() {
                Value::Null
            } else {
                strings(&v.kms_key_ids)
            },
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn versions_are_named_after_their_secret() {
        let records = SecretsRecords {
            secret_list: vec![Secret {
                arn: "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf".into(),
                rotation_rules: Some(RotationRules {
                    automatically_after_days: Some(30),
                }),
                versions: vec![Version {
                    version_id: "v1".into(),
                    version_stages: vec!["AWSCURRENT".into()],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let rows = records.rows("1");
        assert_eq!(records.count(), 2);
        assert_eq!(
            format!(
                "{:?}",
                rows[0].1[0].get("rotation_rules_automatically_after_days")
            ),
            format!("{:?}", Some(&Value::Int(30)))
        );
        assert_eq!(
            format!("{:?}", rows[1].1[0].get("arn")),
            format!(
                "{:?}",
                Some(&Value::from(
                    "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf:version:v1"
                ))
            )
        );
        let q = ingest_query(&VERSION);
        assert!(q.contains("MERGE (i)-[r0:VERSION_OF]->(n0)"), "{q}");
        assert!(ingest_query(&SECRET).contains("i:SecretsManagerSecret:Secret"));
    }
}

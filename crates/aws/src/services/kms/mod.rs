//! KMS (`kms`): per region, `ListKeys` and `DescribeKey`, then per key its policy
//! (`GetKeyPolicy`), rotation status, aliases and grants. Keys are merged on their key id
//! and carry their ARN, which RDS, Secrets Manager and others match `ENCRYPTED_BY` on.
//!
//! Beyond Cartography: the key policy text (`policy`, for the resource-policy analysis) and
//! `key_rotation_enabled` (CIS 3.6), both absent when they could not be read.

#[cfg(feature = "kms")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "kms",
    feature: "kms",
    regional: true,
    after: &[],
    schemas: &[&KEY, &ALIAS, &GRANT],
    links: &[],
    decode: decode::<KmsRecords>,
    demo: include_str!("../../../data/demo/services/kms.json"),
    #[cfg(feature = "kms")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "kms")))]
    fetch: None,
};

/// The keys of one region, each with what was read about it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KmsRecords {
    pub keys: Vec<Key>,
}

/// `DescribeKey`'s `KeyMetadata` (dates in epoch seconds, as the JSON API sends them) plus
/// the key's policy, rotation status, aliases and grants.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Key {
    pub key_id: String,
    pub arn: String,
    pub description: Option<String>,
    pub enabled: Option<bool>,
    pub key_state: Option<String>,
    pub key_usage: Option<String>,
    pub key_manager: Option<String>,
    pub origin: Option<String>,
    pub creation_date: Option<f64>,
    pub deletion_date: Option<f64>,
    pub valid_to: Option<f64>,
    pub custom_key_store_id: Option<String>,
    pub cloud_hsm_cluster_id: Option<String>,
    pub expiration_model: Option<String>,
    pub customer_master_key_spec: Option<String>,
    pub encryption_algorithms: Vec<String>,
    pub signing_algorithms: Vec<String>,
    /// `GetKeyPolicy` (policy `default`), as JSON text.
    pub policy: Option<String>,
    /// `GetKeyRotationStatus`; absent for keys that cannot rotate or when not readable.
    pub key_rotation_enabled: Option<bool>,
    pub aliases: Vec<Alias>,
    pub grants: Vec<Grant>,
}

/// `ListAliases` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Alias {
    pub alias_arn: String,
    pub alias_name: Option<String>,
    pub target_key_id: Option<String>,
    pub creation_date: Option<f64>,
    pub last_updated_date: Option<f64>,
}

/// `ListGrants` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Grant {
    pub grant_id: String,
    pub key_id: Option<String>,
    pub name: Option<String>,
    pub grantee_principal: Option<String>,
    pub issuing_account: Option<String>,
    pub creation_date: Option<f64>,
    pub operations: Vec<String>,
}

pub const KEY: NodeSchema = NodeSchema {
    label: "AWSKMSKey",
    id: Source::Field("key_id"),
    extra_labels: &[
        ExtraLabel::always("KMSKey"),
        ExtraLabel::always("EncryptionKey"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("key_id", "key_id"),
        Property::field("description", "description"),
        Property::field("enabled", "enabled"),
        Property::field("key_state", "key_state"),
        Property::field("key_usage", "key_usage"),
        Property::field("key_manager", "key_manager"),
        Property::field("origin", "origin"),
        Property::field("creation_date", "creation_date"),
        Property::field("deletion_date", "deletion_date"),
        Property::field("valid_to", "valid_to"),
        Property::field("custom_key_store_id", "custom_key_store_id"),
        Property::field("cloud_hsm_cluster_id", "cloud_hsm_cluster_id"),
        Property::field("expiration_model", "expiration_model"),
        Property::field("customer_master_key_spec", "customer_master_key_spec"),
        Property::field("encryption_algorithms", "encryption_algorithms"),
        Property::field("signing_algorithms", "signing_algorithms"),
        Property::field("anonymous_access", "anonymous_access"),
        Property::field("anonymous_actions", "anonymous_actions"),
        Property::field("policy", "policy"),
        Property::field("key_rotation_enabled", "key_rotation_enabled"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const ALIAS: NodeSchema = NodeSchema {
    label: "AWSKMSAlias",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("KMSAlias")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("alias_name", "alias_name"),
        Property::field("target_key_id", "target_key_id"),
        Property::field("creation_date", "creation_date"),
        Property::field("last_updated_date", "last_updated_date"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "KNOWN_AS",
        Direction::Outward,
        "AWSKMSKey",
        &[Matcher::field("id", "target_key_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const GRANT: NodeSchema = NodeSchema {
    label: "AWSKMSGrant",
    id: Source::Field("grant_id"),
    extra_labels: &[ExtraLabel::always("KMSGrant")],
    properties: &[
        Property::indexed("grant_id", "grant_id"),
        Property::field("name", "name"),
        Property::field("grantee_principal", "grantee_principal"),
        Property::field("creation_date", "creation_date"),
        Property::field("key_id", "key_id"),
        Property::field("issuing_account", "issuing_account"),
        Property::field("operations", "operations"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "APPLIED_ON",
        Direction::Outward,
        "AWSKMSKey",
        &[Matcher::field("arn", "key_arn")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for KmsRecords {
    fn count(&self) -> u64 {
        self.keys
            .iter()
            .map(|k| 1 + k.aliases.len() as u64 + k.grants.len() as u64)
            .sum()
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let keys = self.keys.iter().map(key).collect();
        let aliases = self
            .keys
            .iter()
            .flat_map(|k| k.aliases.iter().map(alias))
            .collect();
        let grants = self
            .keys
            .iter()
            .flat_map(|k| k.grants.iter().map(move |g| grant(k, g)))
            .collect();
        vec![(&KEY, keys), (&ALIAS, aliases), (&GRANT, grants)]
    }
}

/// Epoch seconds as Cartography stores KMS and Secrets Manager dates.
pub(crate) fn epoch(v: Option<f64>) -> Value {
    v.filter(|s| s.is_finite())
        .map_or(Value::Null, |s| Value::Int(s as i64))
}

fn key(k: &Key) -> Row {
    let (anonymous_access, anonymous_actions) = match k.policy.as_deref().map(anonymous) {
        Some(Some(actions)) => (Value::Bool(!actions.is_empty()), strings(actions)),
        _ => (Value::Null, Value::Null),
    };
    row([
        ("key_id", Value::from(k.key_id.as_str())),
        ("arn", Value::from(k.arn.as_str())),
        ("description", opt(&k.description)),
        ("enabled", k.enabled.map_or(Value::Null, Value::Bool)),
        ("key_state", opt(&k.key_state)),
        ("key_usage", opt(&k.key_usage)),
        ("key_manager", opt(&k.key_manager)),
        ("origin", opt(&k.origin)),
        ("creation_date", epoch(k.creation_date)),
        ("deletion_date", epoch(k.deletion_date)),
        ("valid_to", epoch(k.valid_to)),
        ("custom_key_store_id", opt(&k.custom_key_store_id)),
        ("cloud_hsm_cluster_id", opt(&k.cloud_hsm_cluster_id)),
        ("expiration_model", opt(&k.expiration_model)),
        ("customer_master_key_spec", opt(&k.customer_master_key_spec)),
        ("encryption_algorithms", strings(&k.encryption_algorithms)),
        ("signing_algorithms", strings(&k.signing_algorithms)),
        ("anonymous_access", anonymous_access),
        ("anonymous_actions", anonymous_actions),
        ("policy", opt(&k.policy)),
        (
            "key_rotation_enabled",
            k.key_rotation_enabled.map_or(Value::Null, Value::Bool),
        ),
    ])
}

fn alias(a: &Alias) -> Row {
    row([
        ("arn", Value::from(a.alias_arn.as_str())),
        ("alias_name", opt(&a.alias_name)),
        ("target_key_id", opt(&a.target_key_id)),
        ("creation_date", epoch(a.creation_date)),
        ("last_updated_date", epoch(a.last_updated_date)),
    ])
}

/// A grant, linked to its key by the key's ARN (`ListGrants` may answer with the key id).
fn grant(k: &Key, g: &Grant) -> Row {
    row([
        ("grant_id", Value::from(g.grant_id.as_str())),
        ("name", opt(&g.name)),
        ("grantee_principal", opt(&g.grantee_principal)),
        ("creation_date", epoch(g.creation_date)),
        ("key_id", opt(&g.key_id)),
        ("key_arn", Value::from(k.arn.as_str())),
        ("issuing_account", opt(&g.issuing_account)),
        ("operations", strings(&g.operations)),
    ])
}

/// The actions a key policy allows to anyone (`Principal: "*"` or `{"AWS": "*"}`) without a
/// condition, sorted; `None` when the policy is not a JSON document. Cartography computes the
/// same `anonymous_access` / `anonymous_actions` with policyuniverse, which also discounts
/// some conditions; here any condition counts as a restriction.
pub fn anonymous(policy: &str) -> Option<Vec<String>> {
    let doc: Json = serde_json::from_str(policy).ok()?;
    let statements = match doc.get("Statement")? {
        Json::Array(list) => list.iter().collect::<Vec<_>>(),
        one => vec![one],
    };
    let as_list = |v: Option<&Json>| -> Vec<String> {
        match v {
            Some(Json::String(s)) => vec![s.clone()],
            Some(Json::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut actions: Vec<String> = statements
        .into_iter()
        .filter(|s| s.get("Effect").and_then(Json::as_str) == Some("Allow"))
        .filter(|s| {
            s.get("Condition")
                .is_none_or(|c| c.as_object().is_some_and(|m| m.is_empty()))
        })
        .filter(|s| match s.get("Principal") {
            Some(Json::String(p)) => p == "*",
            Some(p @ Json::Object(_)) => as_list(p.get("AWS")).iter().any(|a| a == "*"),
            _ => false,
        })
        .flat_map(|s| as_list(s.get("Action")))
        .collect();
    actions.sort();
    actions.dedup();
    Some(actions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn anonymous_access_needs_an_unconditional_wildcard_principal() {
        let open = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"},
            {"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"1"}}}]}"#;
        assert_eq!(
            anonymous(open),
            Some(vec!["kms:Decrypt".to_string(), "kms:Encrypt".to_string()])
        );
        let closed = r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:root"},"Action":"kms:*","Resource":"*"}}"#;
        assert_eq!(anonymous(closed), Some(vec![]));
        assert_eq!(anonymous("not json"), None);
    }

    #[test]
    fn rows_link_aliases_and_grants_to_the_key() {
        let records = KmsRecords {
            keys: vec![Key {
                key_id: "k1".into(),
                arn: "arn:aws:kms:us-east-1:1:key/k1".into(),
                creation_date: Some(1_700_000_000.5),
                policy: Some(r#"{"Statement":[]}"#.into()),
                aliases: vec![Alias {
                    alias_arn: "arn:aws:kms:us-east-1:1:alias/a".into(),
                    target_key_id: Some("k1".into()),
                    ..Default::default()
                }],
                grants: vec![Grant {
                    grant_id: "g1".into(),
                    key_id: Some("k1".into()),
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let rows = records.rows("1");
        assert_eq!(records.count(), 3);
        assert_eq!(
            format!("{:?}", rows[0].1[0].get("creation_date")),
            format!("{:?}", Some(&Value::Int(1_700_000_000)))
        );
        assert_eq!(
            format!("{:?}", rows[0].1[0].get("anonymous_access")),
            format!("{:?}", Some(&Value::Bool(false)))
        );
        assert_eq!(
            format!("{:?}", rows[2].1[0].get("key_arn")),
            format!("{:?}", Some(&Value::from("arn:aws:kms:us-east-1:1:key/k1")))
        );
        let q = ingest_query(&GRANT);
        assert!(q.contains("MERGE (i)-[r0:APPLIED_ON]->(n0)"), "{q}");
        let q = ingest_query(&KEY);
        assert!(q.contains("MERGE (i:AWSKMSKey {id: item.key_id})"), "{q}");
    }
}

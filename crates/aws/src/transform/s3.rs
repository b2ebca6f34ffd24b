//! S3: buckets with the properties Cartography derives from their configuration, ACL grants
//! and bucket policy statements.

use std::collections::BTreeSet;

use cartograph_graph::Value;
use cartograph_sync::Row;
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::policy::document;
use super::{json_value, opt, row, strings};
use crate::records::{Bucket, BucketAcl, S3Records};

#[derive(Debug, Default)]
pub struct S3Rows {
    pub buckets: Vec<Row>,
    pub acls: Vec<Row>,
    pub policy_statements: Vec<Row>,
}

pub fn transform(s3: &S3Records, account: &str) -> S3Rows {
    let mut out = S3Rows::default();
    for b in &s3.buckets {
        out.buckets.push(bucket_row(b));
        if let Some(acl) = &b.acl {
            out.acls.extend(acl_rows(acl, &b.name, account));
        }
        if let Some(policy) = &b.policy {
            out.policy_statements
                .extend(policy_statement_rows(&b.name, &document(policy)));
        }
    }
    out
}

fn bucket_row(b: &Bucket) -> Row {
    let mut r = row([
        ("Name", Value::from(b.name.as_str())),
        ("Region", opt(&b.region)),
        ("Arn", Value::from(format!("arn:aws:s3:::{}", b.name))),
        ("CreationDate", opt(&b.creation_date)),
    ]);
    let (access, actions) = b
        .policy
        .as_ref()
        .map_or((false, Vec::new()), |p| anonymous_access(&document(p)));
    r.insert("anonymous_access".into(), Value::Bool(access));
    r.insert("anonymous_actions".into(), strings(actions));
    let rule = b
        .encryption
        .as_ref()
        .and_then(|e| e.pointer("/ServerSideEncryptionConfiguration/Rules/0"))
        .cloned()
        .unwrap_or(Json::Null);
    let algorithm = rule
        .pointer("/ApplyServerSideEncryptionByDefault/SSEAlgorithm")
        .and_then(Json::as_str);
    if let Some(algorithm) = algorithm {
        r.insert("default_encryption".into(), Value::Bool(true));
        r.insert("encryption_algorithm".into(), Value::from(algorithm));
        let key = rule.pointer("/ApplyServerSideEncryptionByDefault/KMSMasterKeyID");
        r.insert(
            "encryption_key_id".into(),
            key.map_or(Value::Null, json_value),
        );
        r.insert(
            "bucket_key_enabled".into(),
            rule.get("BucketKeyEnabled").map_or(Value::Null, json_value),
        );
    }
    if let Some(v) = &b.versioning {
        r.insert("versioning_status".into(), opt(&v.status));
        r.insert("mfa_delete".into(), opt(&v.mfa_delete));
    }
    if let Some(p) = &b.public_access_block {
        r.insert("block_public_acls".into(), p.block_public_acls.into());
        r.insert("ignore_public_acls".into(), p.ignore_public_acls.into());
        r.insert("block_public_policy".into(), p.block_public_policy.into());
        r.insert(
            "restrict_public_buckets".into(),
            p.restrict_public_buckets.into(),
        );
    }
    if let Some(o) = &b.ownership_controls {
        let ownership = o.pointer("/OwnershipControls/Rules/0/ObjectOwnership");
        r.insert(
            "object_ownership".into(),
            ownership.map_or(Value::Null, json_value),
        );
    }
    if let Some(l) = &b.logging {
        let target = l.pointer("/LoggingEnabled/TargetBucket");
        r.insert("logging_enabled".into(), Value::Bool(target.is_some()));
        r.insert(
            "logging_target_bucket".into(),
            target.map_or(Value::Null, json_value),
        );
    }
    r
}

/// Whether a bucket policy lets anyone (`"*"` principal, no condition) act on the bucket,
/// and which actions: Allow statements minus actions an anonymous Deny removes. An Allow
/// or Deny with `NotPrincipal` applies to everyone but the principals it names: anonymous too.
pub fn anonymous_access(policy: &Json) -> (bool, Vec<String>) {
    let statements = super::policy::statements(policy);
    let effect = |s: &Json, e: &str| s.get("Effect").and_then(Json::as_str) == Some(e);
    let anonymous = |s: &Json| match s.get("Principal") {
        None => s.get("NotPrincipal").is_some(),
        Some(Json::String(p)) => p == "*",
        Some(Json::Object(o)) => o.get("AWS").is_some_and(|a| match a {
            Json::String(p) => p == "*",
            Json::Array(l) => l.iter().any(|p| p.as_str() == Some("*")),
            _ => false,
        }),
        _ => false,
    };
    let actions = |s: &Json| -> Vec<String> {
        match s.get("Action") {
            Some(Json::String(a)) => vec![a.clone()],
            Some(Json::Array(l)) => l
                .iter()
                .filter_map(|a| a.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut allowed = BTreeSet::new();
    for s in statements
        .iter()
        .filter(|s| effect(s, "Allow") && anonymous(s) && s.get("Condition").is_none())
    {
        allowed.extend(actions(s));
    }
    for s in statements
        .iter()
        .filter(|s| effect(s, "Deny") && anonymous(s) && s.get("Condition").is_none())
    {
        for denied in actions(s) {
            allowed.retain(|a| !super::policy::glob(&denied, a, true));
        }
    }
    (!allowed.is_empty(), allowed.into_iter().collect())
}

/// `AWSS3Acl` rows: canonical-user and group grants, with Cartography's sha256 ids.
fn acl_rows(acl: &BucketAcl, bucket: &str, account: &str) -> Vec<Row> {
    let mut out = Vec::new();
    for g in &acl.grants {
        let t = g.grantee.grantee_type.as_str();
        let (displayname, granteeid, uri) = match t {
            "CanonicalUser" => (g.grantee.display_name.clone(), g.grantee.id.clone(), None),
            "Group" => (None, None, g.grantee.uri.clone()),
            _ => continue,
        };
        let py = |v: &Option<String>| v.clone().unwrap_or_else(|| "None".to_string());
        let id_data = [
            account.to_string(),
            py(&acl.owner.display_name),
            py(&acl.owner.id),
            t.to_string(),
            py(&displayname),
            py(&granteeid),
            py(&uri),
            py(&g.permission),
        ]
        .join(":");
        let id: String = Sha256::digest(id_data.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        out.push(row([
            ("id", Value::from(id)),
            ("bucket", Value::from(bucket)),
            ("owner", opt(&acl.owner.display_name)),
            ("ownerid", opt(&acl.owner.id)),
            ("type", Value::from(t)),
            ("displayname", opt(&displayname)),
            ("granteeid", opt(&granteeid)),
            ("uri", opt(&uri)),
            ("permission", opt(&g.permission)),
        ]));
    }
    out
}

/// `AWSS3PolicyStatement` rows with ids `<bucket>/policy_statement/<n>[/<Sid>]`.
fn policy_statement_rows(bucket: &str, policy: &Json) -> Vec<Row> {
    super::policy::statements(policy)
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let sid = s.get("Sid").and_then(Json::as_str);
            let mut id = format!("{bucket}/policy_statement/{}", n + 1);
            if let Some(sid) = sid {
                id = format!("{id}/{sid}");
            }
            let text = |k: &str| s.get(k).map_or(Value::Null, |v| Value::from(v.to_string()));
            row([
                ("statement_id", Value::from(id)),
                ("bucket", Value::from(bucket)),
                (
                    "policy_id",
                    policy.get("Id").map_or(Value::Null, json_value),
                ),
                (
                    "policy_version",
                    policy.get("Version").map_or(Value::Null, json_value),
                ),
                ("Sid", sid.map_or(Value::Null, Value::from)),
                ("Effect", s.get("Effect").map_or(Value::Null, json_value)),
                (
                    "Resource",
                    s.get("Resource").map_or(Value::Null, json_value),
                ),
                ("Action", s.get("Action").map_or(Value::Null, json_value)),
                (
                    "NotAction",
                    s.get("NotAction").map_or(Value::Null, json_value),
                ),
                (
                    "NotResource",
                    s.get("NotResource").map_or(Value::Null, json_value),
                ),
                ("Condition", text("Condition")),
                ("Principal", text("Principal")),
                ("NotPrincipal", text("NotPrincipal")),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{AclOwner, Grant, Grantee};
    use serde_json::json;

    #[test]
    fn public_policy_is_anonymous_access() {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
            {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:List*", "Resource": "*"},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:PutObject", "Resource": "*", "Condition": {"IpAddress": {}}}]});
        assert_eq!(
            anonymous_access(&policy),
            (true, vec!["s3:GetObject".to_string()])
        );
        let private = json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*"}]});
        assert_eq!(anonymous_access(&private), (false, vec![]));
        let all_but = json!({"Statement": [
            {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:GetObject"},
            {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:PutObject"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:Put*"}]});
        assert_eq!(
            anonymous_access(&all_but),
            (true, vec!["s3:GetObject".to_string()])
        );
    }

    #[test]
    fn statements_keep_their_negations() {
        let policy = json!({"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
            "NotAction": ["s3:GetObject"], "NotResource": "arn:aws:s3:::b/public/*"}]});
        let rows = policy_statement_rows("b", &policy);
        let r = &rows[0];
        assert!(matches!(r.get("NotAction"), Some(Value::List(l)) if l.len() == 1));
        assert!(
            matches!(r.get("NotResource"), Some(Value::String(s)) if &**s == "arn:aws:s3:::b/public/*")
        );
        assert!(
            matches!(r.get("NotPrincipal"), Some(Value::String(s)) if s.contains("arn:aws:iam::1:root"))
        );
        assert!(matches!(r.get("Action"), Some(Value::Null)));
    }

    #[test]
    fn bucket_rows() {
        let bucket = Bucket {
            name: "public-assets".into(),
            policy: Some(Json::String(
                json!({"Statement": [{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})
                    .to_string(),
            )),
            acl: Some(BucketAcl {
                owner: AclOwner { display_name: Some("ops".into()), id: Some("abc".into()) },
                grants: vec![Grant {
                    grantee: Grantee {
                        grantee_type: "Group".into(),
                        uri: Some("http://acs.amazonaws.com/groups/global/AllUsers".into()),
                        ..Grantee::default()
                    },
                    permission: Some("READ".into()),
                }],
            }),
            encryption: Some(json!({"ServerSideEncryptionConfiguration": {"Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": false}]}})),
            logging: Some(json!({})),
            ..Bucket::default()
        };
        let rows = transform(
            &S3Records {
                buckets: vec![bucket],
            },
            "111111111111",
        );
        let b = &rows.buckets[0];
        assert!(matches!(b.get("anonymous_access"), Some(Value::Bool(true))));
        assert!(
            matches!(b.get("encryption_algorithm"), Some(Value::String(s)) if &**s == "AES256")
        );
        assert!(matches!(b.get("logging_enabled"), Some(Value::Bool(false))));
        assert_eq!(rows.acls.len(), 1);
        assert!(matches!(rows.acls[0].get("id"), Some(Value::String(s)) if s.len() == 64));
        assert!(
            matches!(rows.policy_statements[0].get("statement_id"), Some(Value::String(s)) if &**s == "public-assets/policy_statement/1/Public")
        );
    }
}

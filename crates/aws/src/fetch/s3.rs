//! S3 of one account: `ListBuckets`, then per bucket (concurrently, within the bound) its
//! location and, through a client of the bucket's region, its ACL, policy, encryption,
//! versioning, logging, public access block and ownership controls. A setting that is not
//! configured (`NoSuch*`, `*NotFoundError`) or not readable (`AccessDenied`) is absent.

use aws_config::{Region, SdkConfig};
use aws_sdk_s3 as s3;
use futures_util::future::try_join_all;
use serde_json::{Value as Json, json};

use super::client::Attempts;
use super::convert::{date, e, req, s};
use super::error::ApiError;
use super::limit::Limit;
use crate::records::{self as r, S3Records};

/// Where buckets whose location constraint is empty live.
const DEFAULT_REGION: &str = "us-east-1";

/// Whether S3 must use path-style addressing: custom endpoints (moto, MinIO, proxies) do
/// not resolve `bucket.host` names.
pub fn s3_path_style(config: &SdkConfig) -> bool {
    config.endpoint_url().is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some()
}

/// An S3 client for `region`, built from the account's configuration.
pub fn client(config: &SdkConfig, region: &str, attempts: &Attempts) -> s3::Client {
    let conf = s3::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .force_path_style(s3_path_style(config))
        .interceptor(attempts.clone())
        .build();
    s3::Client::from_conf(conf)
}

pub async fn fetch(
    config: &SdkConfig,
    attempts: &Attempts,
    limit: &Limit,
) -> Result<S3Records, ApiError> {
    let home = client(config, DEFAULT_REGION, attempts);
    let listed = limit.run(list_buckets(&home)).await?;
    let home = &home;
    let buckets = listed.into_iter().map(|listed| async move {
        let Listed {
            name,
            creation_date,
            region,
        } = listed;
        let region = match region {
            Some(r) => r,
            None => match limit.run(location(home, &name)).await {
                Ok(r) => r,
                // Without the location the settings are read through the default region.
                Err(e) if e.is_access_denied() => {
                    tracing::warn!(bucket = name, error = %e, "cannot read the bucket's location");
                    DEFAULT_REGION.to_string()
                }
                Err(e) => return Err(e),
            },
        };
        let c = client(config, &region, attempts);
        limit.run(details(&c, name, creation_date, region)).await
    });
    Ok(S3Records {
        buckets: try_join_all(buckets).await?,
    })
}

/// A `ListBuckets` entry; recent S3 versions include the bucket's region.
struct Listed {
    name: String,
    creation_date: Option<String>,
    region: Option<String>,
}

async fn list_buckets(c: &s3::Client) -> Result<Vec<Listed>, ApiError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_buckets()
            .set_continuation_token(token.take())
            .send()
            .await
            .map_err(|err| ApiError::new("s3:ListBuckets", err))?;
        out.extend(page.buckets().iter().map(|b| Listed {
            name: req(b.name()),
            creation_date: date(b.creation_date()),
            region: s(b.bucket_region()).filter(|r| !r.is_empty()),
        }));
        match page.continuation_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(out),
        }
    }
}

async fn location(c: &s3::Client, bucket: &str) -> Result<String, ApiError> {
    let out = c
        .get_bucket_location()
        .bucket(bucket)
        .send()
        .await
        .map_err(|err| ApiError::new("s3:GetBucketLocation", err))?;
    Ok(match out.location_constraint().map(|l| l.as_str()) {
        None | Some("") => DEFAULT_REGION.to_string(),
        // The legacy name of eu-west-1.
        Some("EU") => "eu-west-1".to_string(),
        Some(other) => other.to_string(),
    })
}

/// A per-bucket setting: absent when not configured or not readable.
fn setting<T>(bucket: &str, result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_configured() => Ok(None),
        // A success whose body does not parse: some S3-compatible services (moto among
        // them) answer an empty document of another shape for "never configured".
        Err(e) if e.status == Some(200) => {
            tracing::debug!(bucket, error = %e, "unreadable empty bucket setting; leaving it out");
            Ok(None)
        }
        Err(e) if e.is_access_denied() => {
            tracing::warn!(bucket, error = %e, "cannot read a bucket setting; leaving it out");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// `GetBucketVersioning`. moto (and emulators built on it) wraps the answer in a
/// `GetBucketVersioningResponse` root element where S3 has `VersioningConfiguration`; the SDK
/// rightly rejects the root name, so the two fields are read from that body instead.
async fn versioning(c: &s3::Client, bucket: &str) -> Result<r::BucketVersioning, ApiError> {
    match c.get_bucket_versioning().bucket(bucket).send().await {
        Ok(v) => Ok(r::BucketVersioning {
            status: e(v.status()),
            mfa_delete: e(v.mfa_delete()),
        }),
        Err(err) => {
            let body = err
                .raw_response()
                .filter(|raw| raw.status().is_success())
                .and_then(|raw| raw.body().bytes())
                .map(String::from_utf8_lossy);
            match body.as_deref().and_then(wrapped_versioning) {
                Some(v) => Ok(v),
                None => Err(ApiError::new("s3:GetBucketVersioning", err)),
            }
        }
    }
}

/// The versioning fields of a `GetBucketVersioningResponse` document; `None` for any other.
fn wrapped_versioning(body: &str) -> Option<r::BucketVersioning> {
    if !body.contains("<GetBucketVersioningResponse") {
        return None;
    }
    let element = |name: &str| {
        let start = body.find(&format!("<{name}>"))? + name.len() + 2;
        let end = start + body[start..].find(&format!("</{name}>"))?;
        Some(body[start..end].trim().to_string()).filter(|v| !v.is_empty())
    };
    Some(r::BucketVersioning {
        status: element("Status"),
        mfa_delete: element("MfaDelete"),
    })
}

async fn details(
    c: &s3::Client,
    name: String,
    creation_date: Option<String>,
    region: String,
) -> Result<r::Bucket, ApiError> {
    let b = name.as_str();
    let (acl, policy, encryption, versioning, logging, public_access_block, ownership) = tokio::join!(
        c.get_bucket_acl().bucket(b).send(),
        c.get_bucket_policy().bucket(b).send(),
        c.get_bucket_encryption().bucket(b).send(),
        versioning(c, b),
        c.get_bucket_logging().bucket(b).send(),
        c.get_public_access_block().bucket(b).send(),
        c.get_bucket_ownership_controls().bucket(b).send(),
    );
    let acl = setting(b, acl.map_err(|x| ApiError::new("s3:GetBucketAcl", x)))?;
    let policy = setting(
        b,
        policy.map_err(|x| ApiError::new("s3:GetBucketPolicy", x)),
    )?;
    let encryption = setting(
        b,
        encryption.map_err(|x| ApiError::new("s3:GetBucketEncryption", x)),
    )?;
    let versioning = setting(b, versioning)?;
    let logging = setting(
        b,
        logging.map_err(|x| ApiError::new("s3:GetBucketLogging", x)),
    )?;
    let public_access_block = setting(
        b,
        public_access_block.map_err(|x| ApiError::new("s3:GetPublicAccessBlock", x)),
    )?;
    let ownership = setting(
        b,
        ownership.map_err(|x| ApiError::new("s3:GetBucketOwnershipControls", x)),
    )?;
    Ok(r::Bucket {
        creation_date,
        region: Some(region),
        policy: policy.and_then(|p| p.policy().map(|t| Json::String(t.to_string()))),
        acl: acl.map(|a| r::BucketAcl {
            owner: r::AclOwner {
                display_name: s(a.owner().and_then(|o| o.display_name())),
                id: s(a.owner().and_then(|o| o.id())),
            },
            grants: a
                .grants()
                .iter()
                .map(|g| r::Grant {
                    grantee: r::Grantee {
                        grantee_type: g
                            .grantee()
                            .map(|x| x.r#type().as_str().to_string())
                            .unwrap_or_default(),
                        display_name: s(g.grantee().and_then(|x| x.display_name())),
                        id: s(g.grantee().and_then(|x| x.id())),
                        uri: s(g.grantee().and_then(|x| x.uri())),
                    },
                    permission: e(g.permission()),
                })
                .collect(),
        }),
        encryption: encryption
            .and_then(|x| x.server_side_encryption_configuration().cloned())
            .map(|conf| {
                let rules: Vec<Json> = conf
                    .rules()
                    .iter()
                    .map(|rule| {
                        let default = rule.apply_server_side_encryption_by_default().map(|d| {
                            json!({
                                "SSEAlgorithm": d.sse_algorithm().as_str(),
                                "KMSMasterKeyID": d.kms_master_key_id(),
                            })
                        });
                        json!({
                            "ApplyServerSideEncryptionByDefault": default,
                            "BucketKeyEnabled": rule.bucket_key_enabled(),
                        })
                    })
                    .collect();
                json!({"ServerSideEncryptionConfiguration": {"Rules": rules}})
            }),
        versioning,
        public_access_block: public_access_block
            .and_then(|p| p.public_access_block_configuration().cloned())
            .map(|p| r::PublicAccessBlock {
                block_public_acls: p.block_public_acls(),
                ignore_public_acls: p.ignore_public_acls(),
                block_public_policy: p.block_public_policy(),
                restrict_public_buckets: p.restrict_public_buckets(),
            }),
        ownership_controls: ownership
            .and_then(|o| o.ownership_controls().cloned())
            .map(|o| {
                let rules: Vec<Json> = o
                    .rules()
                    .iter()
                    .map(|rule| json!({"ObjectOwnership": rule.object_ownership().as_str()}))
                    .collect();
                json!({"OwnershipControls": {"Rules": rules}})
            }),
        logging: logging.map(|l| match l.logging_enabled() {
            Some(le) => json!({"LoggingEnabled": {
                "TargetBucket": le.target_bucket(),
                "TargetPrefix": le.target_prefix(),
            }}),
            None => json!({}),
        }),
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moto_versioning_documents_are_read() {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<GetBucketVersioningResponse xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></GetBucketVersioningResponse>"#;
        let v = wrapped_versioning(body);
        assert_eq!(
            v.as_ref().and_then(|v| v.status.as_deref()),
            Some("Enabled")
        );
        assert_eq!(v.and_then(|v| v.mfa_delete), None);
        let never = r#"<GetBucketVersioningResponse xmlns="x"/>"#;
        assert!(wrapped_versioning(never).is_some_and(|v| v.status.is_none()));
        assert!(wrapped_versioning("<Error><Code>Oops</Code></Error>").is_none());
    }
}

//! KMS through the SDK: the region's keys, then per key (concurrently, within the task's
//! bound) its description, policy, rotation status, aliases and grants. A per-key setting
//! that the caller may not read, or that the key's kind or state does not have, is absent.

use aws_sdk_kms as kms;
use futures_util::future::try_join_all;

use super::{Alias, Grant, Key, KmsRecords};
use crate::fetch::convert::{e, req, s, secs};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

/// Absent instead of failed: not permitted, or not applicable to this key (asymmetric and
/// imported keys have no rotation; keys pending deletion answer `KMSInvalidStateException`).
fn optional<T>(key: &str, result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(err)
            if err.is_access_denied()
                || matches!(
                    err.code.as_deref(),
                    Some("UnsupportedOperationException" | "KMSInvalidStateException")
                ) =>
        {
            tracing::debug!(key, error = %err, "KMS key setting left out");
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

async fn records(ctx: &Ctx) -> Result<KmsRecords, ApiError> {
    let c = kms::Client::from_conf(
        kms::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut ids = Vec::new();
    let mut pages = c.list_keys().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("kms:ListKeys", err))?;
        ids.extend(
            page.keys()
                .iter()
                .filter_map(|k| k.key_id().map(str::to_string)),
        );
    }
    let c = &c;
    let keys = try_join_all(ids.into_iter().map(|id| key(ctx, c, id))).await?;
    Ok(KmsRecords { keys })
}

async fn key(ctx: &Ctx, c: &kms::Client, id: String) -> Result<Key, ApiError> {
    let out = ctx
        .limit
        .run(c.describe_key().key_id(&id).send())
        .await
        .map_err(|err| ApiError::new("kms:DescribeKey", err))?;
    let m = out.key_metadata();
    let policy = ctx
        .limit
        .run(c.get_key_policy().key_id(&id).policy_name("default").send())
        .await
        .map_err(|err| ApiError::new("kms:GetKeyPolicy", err));
    let rotation = ctx
        .limit
        .run(c.get_key_rotation_status().key_id(&id).send())
        .await
        .map_err(|err| ApiError::new("kms:GetKeyRotationStatus", err));
    let aliases = optional(&id, aliases(ctx, c, &id).await)?.unwrap_or_default();
    let grants = optional(&id, grants(ctx, c, &id).await)?.unwrap_or_default();
    Ok(Key {
        key_id: m.map_or_else(|| id.clone(), |m| m.key_id().to_string()),
        arn: req(m.and_then(|m| m.arn())),
        description: s(m.and_then(|m| m.description())),
        enabled: m.map(|m| m.enabled()),
        key_state: e(m.and_then(|m| m.key_state())),
        key_usage: e(m.and_then(|m| m.key_usage())),
        key_manager: e(m.and_then(|m| m.key_manager())),
        origin: e(m.and_then(|m| m.origin())),
        creation_date: secs(m.and_then(|m| m.creation_date())),
        deletion_date: secs(m.and_then(|m| m.deletion_date())),
        valid_to: secs(m.and_then(|m| m.valid_to())),
        custom_key_store_id: s(m.and_then(|m| m.custom_key_store_id())),
        cloud_hsm_cluster_id: s(m.and_then(|m| m.cloud_hsm_cluster_id())),
        expiration_model: e(m.and_then(|m| m.expiration_model())),
        customer_master_key_spec: e(m.and_then(|m| m.key_spec())),
        encryption_algorithms: m
            .map(|m| {
                m.encryption_algorithms()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        signing_algorithms: m
            .map(|m| {
                m.signing_algorithms()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        policy: optional(&id, policy)?.and_then(|p| s(p.policy())),
        key_rotation_enabled: optional(&id, rotation)?.map(|r| r.key_rotation_enabled()),
        aliases,
        grants,
    })
}

async fn aliases(ctx: &Ctx, c: &kms::Client, id: &str) -> Result<Vec<Alias>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.list_aliases().key_id(id).into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("kms:ListAliases", err))?;
        out.extend(page.aliases().iter().map(|a| Alias {
            alias_arn: req(a.alias_arn()),
            alias_name: s(a.alias_name()),
            target_key_id: s(a.target_key_id()),
            creation_date: secs(a.creation_date()),
            last_updated_date: secs(a.last_updated_date()),
        }));
    }
    Ok(out)
}

async fn grants(ctx: &Ctx, c: &kms::Client, id: &str) -> Result<Vec<Grant>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.list_grants().key_id(id).into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("kms:ListGrants", err))?;
        out.extend(page.grants().iter().map(|g| {
            Grant {
                grant_id: req(g.grant_id()),
                key_id: s(g.key_id()),
                name: s(g.name()),
                grantee_principal: s(g.grantee_principal()),
                issuing_account: s(g.issuing_account()),
                creation_date: secs(g.creation_date()),
                operations: g
                    .operations()
                    .iter()
                    .map(|o| o.as_str().to_string())
                    .collect(),
            }
        }));
    }
    Ok(out)
}

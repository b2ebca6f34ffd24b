//! Secrets Manager through the SDK: the region's secrets, then per secret (concurrently,
//! within the task's bound) its versions and resource policy. A policy the caller may not
//! read is absent.

use aws_sdk_secretsmanager as sm;
use futures_util::future::try_join_all;

use super::{RotationRules, Secret, SecretsRecords, Version};
use crate::fetch::convert::{req, s, secs};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<SecretsRecords, ApiError> {
    let c = sm::Client::from_conf(
        sm::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut listed = Vec::new();
    let mut pages = c.list_secrets().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("secretsmanager:ListSecrets", err))?;
        listed.extend(page.secret_list().iter().map(|x| Secret {
            arn: req(x.arn()),
            name: s(x.name()),
            description: s(x.description()),
            kms_key_id: s(x.kms_key_id()),
            rotation_enabled: x.rotation_enabled(),
            rotation_lambda_arn: s(x.rotation_lambda_arn()),
            rotation_rules: x.rotation_rules().map(|r| RotationRules {
                automatically_after_days: r.automatically_after_days(),
            }),
            created_date: secs(x.created_date()),
            last_rotated_date: secs(x.last_rotated_date()),
            last_changed_date: secs(x.last_changed_date()),
            last_accessed_date: secs(x.last_accessed_date()),
            deleted_date: secs(x.deleted_date()),
            owning_service: s(x.owning_service()),
            primary_region: s(x.primary_region()),
            resource_policy: None,
            versions: Vec::new(),
        }));
    }
    let c = &c;
    let secret_list = try_join_all(listed.into_iter().map(|mut secret| async move {
        secret.versions = versions(ctx, c, &secret.arn).await?;
        let policy = ctx
            .limit
            .run(c.get_resource_policy().secret_id(&secret.arn).send())
            .await
            .map_err(|err| ApiError::new("secretsmanager:GetResourcePolicy", err));
        secret.resource_policy = match policy {
            Ok(p) => s(p.resource_policy()),
            Err(err) if err.is_access_denied() || err.is_not_configured() => {
                tracing::debug!(secret = secret.arn, error = %err, "resource policy left out");
                None
            }
            Err(err) => return Err(err),
        };
        Ok(secret)
    }))
    .await?;
    Ok(SecretsRecords { secret_list })
}

async fn versions(ctx: &Ctx, c: &sm::Client, arn: &str) -> Result<Vec<Version>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .list_secret_version_ids()
        .secret_id(arn)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("secretsmanager:ListSecretVersionIds", err))?;
        out.extend(page.versions().iter().map(|v| Version {
            version_id: req(v.version_id()),
            version_stages: v.version_stages().to_vec(),
            created_date: secs(v.created_date()),
            kms_key_ids: v.kms_key_ids().to_vec(),
        }));
    }
    Ok(out)
}

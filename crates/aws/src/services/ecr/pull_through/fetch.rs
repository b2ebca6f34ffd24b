//! Pull-through cache rules through the SDK: every page of the region's rules.

use aws_sdk_ecr as ecr;

use super::{PullThroughRecords, Rule};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<PullThroughRecords, ApiError> {
    let c = ecr::Client::from_conf(
        ecr::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut out = PullThroughRecords {
        region: ctx.region.clone(),
        pull_through_cache_rules: Vec::new(),
    };
    let mut pages = c
        .describe_pull_through_cache_rules()
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ecr:DescribePullThroughCacheRules", err))?;
        out.pull_through_cache_rules
            .extend(page.pull_through_cache_rules().iter().map(|r| Rule {
                registry_id: req(r.registry_id()),
                ecr_repository_prefix: req(r.ecr_repository_prefix()),
                upstream_registry_url: s(r.upstream_registry_url()),
                upstream_registry: e(r.upstream_registry()),
                upstream_repository_prefix: s(r.upstream_repository_prefix()),
                credential_arn: s(r.credential_arn()),
                custom_role_arn: s(r.custom_role_arn()),
                created_at: date(r.created_at()),
                updated_at: date(r.updated_at()),
            }));
    }
    Ok(out)
}

//! Cognito through the SDK: the region's identity pools, each with its roles (read
//! concurrently within the task's bound), and its user pools.

use aws_sdk_cognitoidentity as identity;
use aws_sdk_cognitoidentityprovider as idp;
use futures_util::future::try_join_all;

use super::{CognitoRecords, IdentityPool, UserPool};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

/// The largest page both list calls accept (they require a size).
const PAGE: i32 = 60;

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<CognitoRecords, ApiError> {
    Ok(CognitoRecords {
        identity_pools: identity_pools(ctx).await?,
        user_pools: user_pools(ctx).await?,
    })
}

async fn identity_pools(ctx: &Ctx) -> Result<Vec<IdentityPool>, ApiError> {
    let c = identity::Client::from_conf(
        identity::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut ids = Vec::new();
    let mut pages = c
        .list_identity_pools()
        .max_results(PAGE)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("cognito-identity:ListIdentityPools", err))?;
        ids.extend(
            page.identity_pools()
                .iter()
                .filter_map(|p| p.identity_pool_id().map(str::to_string)),
        );
    }
    let c = &c;
    try_join_all(ids.into_iter().map(|id| async move {
        let out = ctx
            .limit
            .run(c.get_identity_pool_roles().identity_pool_id(&id).send())
            .await
            .map_err(|err| ApiError::new("cognito-identity:GetIdentityPoolRoles", err));
        let roles = match out {
            Ok(out) => out
                .roles()
                .map(|r| r.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            // A pool whose roles the caller may not read is still a pool.
            Err(err) if err.is_access_denied() => Default::default(),
            Err(err) => return Err(err),
        };
        Ok(IdentityPool {
            identity_pool_id: id,
            roles,
        })
    }))
    .await
}

async fn user_pools(ctx: &Ctx) -> Result<Vec<UserPool>, ApiError> {
    let c = idp::Client::from_conf(
        idp::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut pools = Vec::new();
    let mut pages = c
        .list_user_pools()
        .max_results(PAGE)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("cognito-idp:ListUserPools", err))?;
        pools.extend(page.user_pools().iter().map(|p| UserPool {
            id: req(p.id()),
            name: s(p.name()),
            status: status(p),
        }));
    }
    Ok(pools)
}

/// Deprecated by AWS, but what Cartography records when it is sent.
#[allow(deprecated)]
fn status(p: &idp::types::UserPoolDescriptionType) -> Option<String> {
    e(p.status())
}

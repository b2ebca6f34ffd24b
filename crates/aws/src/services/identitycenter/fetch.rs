//! Identity Center through the SDK. Per owned instance, concurrently within the task's
//! bound: the permission sets, described one by one; the identity store's groups and users;
//! each group's memberships; each principal's account assignments. An instance that does
//! not support permission sets (an account instance) answers `ValidationException`: it is
//! recorded without permission sets and assignments.

use aws_sdk_identitystore as store;
use aws_sdk_ssoadmin as sso;
use futures_util::future::try_join_all;

use super::{
    AccountAssignment, ExternalId, Group, GroupMembership, IdentityCenterRecords, Instance,
    PermissionSet, User,
};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

struct Clients {
    sso: sso::Client,
    store: store::Client,
}

async fn records(ctx: &Ctx) -> Result<IdentityCenterRecords, ApiError> {
    let c = Clients {
        sso: sso::Client::from_conf(
            sso::config::Builder::from(&ctx.config)
                .interceptor(ctx.attempts.clone())
                .build(),
        ),
        store: store::Client::from_conf(
            store::config::Builder::from(&ctx.config)
                .interceptor(ctx.attempts.clone())
                .build(),
        ),
    };
    let mut owned = Vec::new();
    let mut pages = c.sso.list_instances().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("sso-admin:ListInstances", err))?;
        owned.extend(
            page.instances()
                .iter()
                .filter(|i| i.owner_account_id().is_none_or(|o| o == ctx.account_id))
                .map(|i| Instance {
                    instance_arn: req(i.instance_arn()),
                    identity_store_id: req(i.identity_store_id()),
                    owner_account_id: s(i.owner_account_id()),
                    created_date: date(i.created_date()),
                    status: e(i.status()),
                    ..Default::default()
                }),
        );
    }
    let c = &c;
    let instances = try_join_all(owned.into_iter().map(|i| instance(ctx, c, i))).await?;
    Ok(IdentityCenterRecords {
        region: ctx.region.clone(),
        instances,
    })
}

async fn instance(ctx: &Ctx, c: &Clients, mut i: Instance) -> Result<Instance, ApiError> {
    i.permission_sets = match permission_sets(ctx, c, &i.instance_arn).await {
        Ok(sets) => sets,
        Err(err) if no_permission_sets(&err) => {
            tracing::debug!(instance = %i.instance_arn, "no permission sets: {err}");
            Vec::new()
        }
        Err(err) => return Err(err),
    };
    i.groups = groups(ctx, c, &i.identity_store_id).await?;
    i.users = users(ctx, c, &i.identity_store_id).await?;
    let store_id = i.identity_store_id.as_str();
    i.group_memberships = try_join_all(i.groups.iter().map(|g| memberships(ctx, c, store_id, g)))
        .await?
        .concat();
    if !i.permission_sets.is_empty() {
        let principals = i
            .groups
            .iter()
            .map(|g| (sso::types::PrincipalType::Group, g.group_id.as_str()))
            .chain(
                i.users
                    .iter()
                    .map(|u| (sso::types::PrincipalType::User, u.user_id.as_str())),
            );
        let arn = i.instance_arn.as_str();
        i.account_assignments =
            try_join_all(principals.map(|(kind, id)| assignments(ctx, c, arn, kind, id)))
                .await?
                .concat();
    }
    Ok(i)
}

/// The answer of an instance without permission sets, as Cartography recognises it.
fn no_permission_sets(err: &ApiError) -> bool {
    let message = err.message.to_lowercase();
    err.code.as_deref() == Some("ValidationException")
        && (message.contains("not supported for this identity center instance")
            || message.contains("not supported for account instances"))
}

async fn permission_sets(
    ctx: &Ctx,
    c: &Clients,
    instance_arn: &str,
) -> Result<Vec<PermissionSet>, ApiError> {
    let mut arns = Vec::new();
    let mut pages = c
        .sso
        .list_permission_sets()
        .instance_arn(instance_arn)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("sso-admin:ListPermissionSets", err))?;
        arns.extend(page.permission_sets().iter().cloned());
    }
    try_join_all(arns.into_iter().map(|arn| async move {
        let out = ctx
            .limit
            .run(
                c.sso
                    .describe_permission_set()
                    .instance_arn(instance_arn)
                    .permission_set_arn(&arn)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("sso-admin:DescribePermissionSet", err))?;
        let p = out.permission_set();
        Ok(PermissionSet {
            permission_set_arn: p
                .and_then(|p| p.permission_set_arn())
                .map_or(arn.clone(), str::to_string),
            name: s(p.and_then(|p| p.name())),
            description: s(p.and_then(|p| p.description())),
            session_duration: s(p.and_then(|p| p.session_duration())),
        })
    }))
    .await
}

fn external_ids(ids: &[store::types::ExternalId]) -> Vec<ExternalId> {
    ids.iter()
        .map(|x| ExternalId {
            issuer: Some(x.issuer().to_string()),
            id: x.id().to_string(),
        })
        .collect()
}

async fn groups(ctx: &Ctx, c: &Clients, store_id: &str) -> Result<Vec<Group>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .store
        .list_groups()
        .identity_store_id(store_id)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("identitystore:ListGroups", err))?;
        out.extend(page.groups().iter().map(|g| Group {
            group_id: g.group_id().to_string(),
            display_name: s(g.display_name()),
            description: s(g.description()),
            external_ids: external_ids(g.external_ids()),
        }));
    }
    Ok(out)
}

async fn users(ctx: &Ctx, c: &Clients, store_id: &str) -> Result<Vec<User>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .store
        .list_users()
        .identity_store_id(store_id)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("identitystore:ListUsers", err))?;
        out.extend(page.users().iter().map(|u| User {
            user_id: u.user_id().to_string(),
            user_name: s(u.user_name()),
            external_ids: external_ids(u.external_ids()),
        }));
    }
    Ok(out)
}

async fn memberships(
    ctx: &Ctx,
    c: &Clients,
    store_id: &str,
    group: &Group,
) -> Result<Vec<GroupMembership>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .store
        .list_group_memberships()
        .identity_store_id(store_id)
        .group_id(&group.group_id)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("identitystore:ListGroupMemberships", err))?;
        out.extend(page.group_memberships().iter().filter_map(|m| {
            let user = m.member_id()?.as_user_id().ok()?;
            Some(GroupMembership {
                group_id: group.group_id.clone(),
                user_id: user.clone(),
            })
        }));
    }
    Ok(out)
}

async fn assignments(
    ctx: &Ctx,
    c: &Clients,
    instance_arn: &str,
    kind: sso::types::PrincipalType,
    principal_id: &str,
) -> Result<Vec<AccountAssignment>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .sso
        .list_account_assignments_for_principal()
        .instance_arn(instance_arn)
        .principal_type(kind.clone())
        .principal_id(principal_id)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page =
            page.map_err(|err| ApiError::new("sso-admin:ListAccountAssignmentsForPrincipal", err))?;
        out.extend(
            page.account_assignments()
                .iter()
                .map(|a| AccountAssignment {
                    account_id: req(a.account_id()),
                    permission_set_arn: req(a.permission_set_arn()),
                    principal_id: a.principal_id().unwrap_or(principal_id).to_string(),
                    principal_type: kind.as_str().to_string(),
                }),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str, message: &str) -> ApiError {
        ApiError {
            operation: "sso-admin:ListPermissionSets",
            code: Some(code.into()),
            status: Some(400),
            message: message.into(),
        }
    }

    #[test]
    fn account_instances_are_recognised() {
        assert!(no_permission_sets(&error(
            "ValidationException",
            "ValidationException: The operation is not supported for account instances of IAM Identity Center"
        )));
        assert!(!no_permission_sets(&error(
            "ValidationException",
            "ValidationException: 1 validation error detected"
        )));
        assert!(!no_permission_sets(&error(
            "AccessDeniedException",
            "not supported for this Identity Center instance"
        )));
    }
}

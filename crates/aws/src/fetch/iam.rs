//! IAM of one account: `GetAccountAuthorizationDetails` (paginated) for users, groups,
//! roles and policies, then per user its access keys (with last use) and MFA devices, and
//! the SAML providers and the account summary.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_iam as iam;
use aws_sdk_iam::types as t;
use futures_util::future::try_join_all;

use super::convert::{date, e, policy_document, req, s};
use super::error::ApiError;
use super::limit::Limit;
use crate::records::{self as r, IamRecords};

pub async fn fetch(c: &iam::Client, limit: &Limit) -> Result<IamRecords, ApiError> {
    let (pages, password_last_used, saml, summary) = tokio::try_join!(
        limit.run(authorization_details(c)),
        limit.run(password_last_used(c)),
        limit.run(saml_providers(c)),
        limit.run(account_summary(c)),
    )?;
    let mut records = IamRecords {
        saml_provider_list: saml,
        summary_map: Some(summary),
        ..IamRecords::default()
    };
    for page in &pages {
        records
            .user_detail_list
            .extend(page.user_detail_list().iter().map(|u| {
                let mut user = user(u);
                user.password_last_used = password_last_used.get(&user.user_name).cloned();
                user
            }));
        records
            .group_detail_list
            .extend(page.group_detail_list().iter().map(group));
        records
            .role_detail_list
            .extend(page.role_detail_list().iter().map(role));
        records
            .policies
            .extend(page.policies().iter().map(managed_policy));
    }
    let users: Vec<String> = records
        .user_detail_list
        .iter()
        .map(|u| u.user_name.clone())
        .collect();
    let per_user = users.iter().map(|name| async move {
        tokio::try_join!(access_keys(c, name, limit), limit.run(mfa_devices(c, name)))
    });
    for (keys, mfa) in try_join_all(per_user).await? {
        records.access_keys.extend(keys);
        records.mfa_devices.extend(mfa);
    }
    Ok(records)
}

async fn authorization_details(
    c: &iam::Client,
) -> Result<
    Vec<iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput>,
    ApiError,
> {
    c.get_account_authorization_details()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("iam:GetAccountAuthorizationDetails", err))
}

/// `PasswordLastUsed` is not part of the authorization details; `ListUsers` has it.
async fn password_last_used(c: &iam::Client) -> Result<HashMap<String, String>, ApiError> {
    let pages = c
        .list_users()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("iam:ListUsers", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.users())
        .filter_map(|u| Some((u.user_name().to_string(), date(u.password_last_used())?)))
        .collect())
}

/// `GetAccountSummary`: entity counts and the root user's MFA and access keys.
async fn account_summary(c: &iam::Client) -> Result<BTreeMap<String, i64>, ApiError> {
    let out = c
        .get_account_summary()
        .send()
        .await
        .map_err(|err| ApiError::new("iam:GetAccountSummary", err))?;
    Ok(out
        .summary_map()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str().to_string(), i64::from(*v)))
        .collect())
}

async fn saml_providers(c: &iam::Client) -> Result<Vec<r::SamlProvider>, ApiError> {
    let out = c
        .list_saml_providers()
        .send()
        .await
        .map_err(|err| ApiError::new("iam:ListSAMLProviders", err))?;
    Ok(out
        .saml_provider_list()
        .iter()
        .map(|p| r::SamlProvider {
            arn: req(p.arn()),
            create_date: date(p.create_date()),
            valid_until: date(p.valid_until()),
        })
        .collect())
}

async fn access_keys(
    c: &iam::Client,
    user: &str,
    limit: &Limit,
) -> Result<Vec<r::AccessKey>, ApiError> {
    let list = c
        .list_access_keys()
        .user_name(user)
        .into_paginator()
        .send()
        .try_collect();
    let pages = limit
        .run(list)
        .await
        .map_err(|err| ApiError::new("iam:ListAccessKeys", err))?;
    let mut keys = Vec::new();
    for k in pages.iter().flat_map(|p| p.access_key_metadata()) {
        let id = req(k.access_key_id());
        let used = limit
            .run(c.get_access_key_last_used().access_key_id(&id).send())
            .await
            .map_err(|err| ApiError::new("iam:GetAccessKeyLastUsed", err))?;
        let last = used.access_key_last_used();
        keys.push(r::AccessKey {
            user_name: user.to_string(),
            access_key_id: id,
            status: e(k.status()),
            create_date: date(k.create_date()),
            last_used_date: date(last.and_then(|l| l.last_used_date())),
            last_used_service: last.map(|l| l.service_name().to_string()),
            last_used_region: last.map(|l| l.region().to_string()),
        });
    }
    Ok(keys)
}

async fn mfa_devices(c: &iam::Client, user: &str) -> Result<Vec<r::MfaDevice>, ApiError> {
    let pages = c
        .list_mfa_devices()
        .user_name(user)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("iam:ListMFADevices", err))?;
    Ok(pages
        .iter()
        .flat_map(|p| p.mfa_devices())
        .map(|d| r::MfaDevice {
            user_name: d.user_name().to_string(),
            serial_number: d.serial_number().to_string(),
            enable_date: date(Some(d.enable_date())),
        })
        .collect())
}

fn boundary(b: Option<&t::AttachedPermissionsBoundary>) -> Option<r::PermissionsBoundary> {
    b.map(|b| r::PermissionsBoundary {
        permissions_boundary_arn: req(b.permissions_boundary_arn()),
        permissions_boundary_type: e(b.permissions_boundary_type()),
    })
}

fn inline(p: &t::PolicyDetail) -> r::InlinePolicy {
    r::InlinePolicy {
        policy_name: req(p.policy_name()),
        policy_document: policy_document(p.policy_document().unwrap_or_default()),
    }
}

fn attached(p: &t::AttachedPolicy) -> r::AttachedPolicy {
    r::AttachedPolicy {
        policy_name: req(p.policy_name()),
        policy_arn: req(p.policy_arn()),
    }
}

fn user(u: &t::UserDetail) -> r::IamUser {
    r::IamUser {
        user_name: req(u.user_name()),
        user_id: req(u.user_id()),
        arn: req(u.arn()),
        path: req(u.path()),
        create_date: date(u.create_date()),
        password_last_used: None,
        permissions_boundary: boundary(u.permissions_boundary()),
        user_policy_list: u.user_policy_list().iter().map(inline).collect(),
        attached_managed_policies: u.attached_managed_policies().iter().map(attached).collect(),
        group_list: u.group_list().to_vec(),
    }
}

fn group(g: &t::GroupDetail) -> r::IamGroup {
    r::IamGroup {
        group_name: req(g.group_name()),
        group_id: req(g.group_id()),
        arn: req(g.arn()),
        path: req(g.path()),
        create_date: date(g.create_date()),
        group_policy_list: g.group_policy_list().iter().map(inline).collect(),
        attached_managed_policies: g.attached_managed_policies().iter().map(attached).collect(),
    }
}

fn role(x: &t::RoleDetail) -> r::IamRole {
    r::IamRole {
        role_name: req(x.role_name()),
        role_id: req(x.role_id()),
        arn: req(x.arn()),
        path: req(x.path()),
        create_date: date(x.create_date()),
        assume_role_policy_document: policy_document(
            x.assume_role_policy_document().unwrap_or_default(),
        ),
        permissions_boundary: boundary(x.permissions_boundary()),
        role_policy_list: x.role_policy_list().iter().map(inline).collect(),
        attached_managed_policies: x.attached_managed_policies().iter().map(attached).collect(),
        instance_profile_list: x
            .instance_profile_list()
            .iter()
            .map(|p| r::InstanceProfile {
                instance_profile_name: p.instance_profile_name().to_string(),
                instance_profile_id: p.instance_profile_id().to_string(),
                arn: p.arn().to_string(),
                path: p.path().to_string(),
                create_date: date(Some(p.create_date())),
            })
            .collect(),
    }
}

fn managed_policy(p: &t::ManagedPolicyDetail) -> r::ManagedPolicy {
    r::ManagedPolicy {
        policy_name: req(p.policy_name()),
        policy_id: req(p.policy_id()),
        arn: req(p.arn()),
        default_version_id: s(p.default_version_id()),
        policy_version_list: p
            .policy_version_list()
            .iter()
            .map(|v| r::PolicyVersion {
                document: policy_document(v.document().unwrap_or_default()),
                version_id: req(v.version_id()),
                is_default_version: v.is_default_version(),
            })
            .collect(),
    }
}

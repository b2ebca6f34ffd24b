//! AWS Organizations discovery: the organization, its roots, OUs (walked from each root)
//! and member accounts with their parents. Only the management account (or a delegated
//! administrator) may list the tree; elsewhere this reads as "not permitted".

use aws_sdk_organizations as org;

use super::convert::{date, e, req, s};
use super::error::ApiError;
use super::limit::Limit;
use crate::records::{OrgAccount, OrgRoot, OrgUnit, Organization};

/// Why there is no organization to load.
pub enum Discovery {
    Found(Organization),
    /// Access denied or no organization: a note, not a failure.
    NotPermitted(String),
}

pub async fn fetch(c: &org::Client, limit: &Limit) -> Result<Discovery, ApiError> {
    match limit.run(discover(c)).await {
        Ok(o) => Ok(Discovery::Found(o)),
        Err(err) if err.is_access_denied() => Ok(Discovery::NotPermitted(err.to_string())),
        Err(err) => Err(err),
    }
}

async fn discover(c: &org::Client) -> Result<Organization, ApiError> {
    let described = c
        .describe_organization()
        .send()
        .await
        .map_err(|err| ApiError::new("organizations:DescribeOrganization", err))?;
    let o = described.organization();
    let roots: Vec<OrgRoot> = c
        .list_roots()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|err| ApiError::new("organizations:ListRoots", err))?
        .iter()
        .flat_map(|page| page.roots())
        .map(|r| OrgRoot {
            id: req(r.id()),
            arn: req(r.arn()),
            name: s(r.name()),
        })
        .collect();
    let mut units = Vec::new();
    let mut accounts = Vec::new();
    // Breadth-first over the tree: each parent's OUs, then their children.
    let mut parents: Vec<String> = roots.iter().map(|r| r.id.clone()).collect();
    while let Some(parent) = parents.pop() {
        let children = c
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| ApiError::new("organizations:ListOrganizationalUnitsForParent", err))?;
        for ou in children.iter().flat_map(|page| page.organizational_units()) {
            parents.push(req(ou.id()));
            units.push(OrgUnit {
                id: req(ou.id()),
                arn: req(ou.arn()),
                name: s(ou.name()),
                parent_id: parent.clone(),
            });
        }
        let members = c
            .list_accounts_for_parent()
            .parent_id(&parent)
            .into_paginator()
            .send()
            .try_collect()
            .await
            .map_err(|err| ApiError::new("organizations:ListAccountsForParent", err))?;
        let members = members.iter().flat_map(|page| page.accounts());
        accounts.extend(members.map(|a| OrgAccount {
            id: req(a.id()),
            arn: req(a.arn()),
            name: s(a.name()),
            email: s(a.email()),
            state: e(a.state()),
            status: e(a.status()),
            joined_method: e(a.joined_method()),
            joined_timestamp: date(a.joined_timestamp()),
            parent_id: parent.clone(),
        }));
    }
    Ok(Organization {
        id: req(o.and_then(|o| o.id())),
        arn: req(o.and_then(|o| o.arn())),
        feature_set: e(o.and_then(|o| o.feature_set())),
        master_account_arn: s(o.and_then(|o| o.master_account_arn())),
        master_account_id: s(o.and_then(|o| o.master_account_id())),
        master_account_email: s(o.and_then(|o| o.master_account_email())),
        roots,
        organizational_units: units,
        accounts,
    })
}

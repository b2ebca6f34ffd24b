//! AWS Organizations: the organization, its root, OUs and member accounts.

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::Row;

use super::{opt, row, strings};
use crate::records::Organization;

#[derive(Debug, Default)]
pub struct OrgRows {
    pub organization: Vec<Row>,
    pub accounts: Vec<Row>,
    pub roots: Vec<Row>,
    pub units: Vec<Row>,
}

pub fn transform(org: &Organization) -> OrgRows {
    let mut children_ous: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut children_accounts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ou in &org.organizational_units {
        children_ous.entry(&ou.parent_id).or_default().push(&ou.id);
    }
    for a in &org.accounts {
        children_accounts
            .entry(&a.parent_id)
            .or_default()
            .push(&a.id);
    }
    let kids = |id: &str| strings(children_ous.get(id).cloned().unwrap_or_default());
    let accounts_of = |id: &str| strings(children_accounts.get(id).cloned().unwrap_or_default());
    let root_id = org.roots.first().map(|r| r.id.as_str()).unwrap_or_default();
    OrgRows {
        organization: vec![row([
            ("id", Value::from(org.id.as_str())),
            ("arn", Value::from(org.arn.as_str())),
            ("feature_set", opt(&org.feature_set)),
            ("management_account_arn", opt(&org.master_account_arn)),
            ("management_account_id", opt(&org.master_account_id)),
            ("management_account_email", opt(&org.master_account_email)),
        ])],
        accounts: org
            .accounts
            .iter()
            .map(|a| {
                row([
                    ("id", Value::from(a.id.as_str())),
                    ("name", opt(&a.name)),
                    ("arn", Value::from(a.arn.as_str())),
                    ("email", opt(&a.email)),
                    ("state", opt(&a.state)),
                    ("status", opt(&a.status)),
                    ("joined_method", opt(&a.joined_method)),
                    ("joined_timestamp", opt(&a.joined_timestamp)),
                    ("org_id", Value::from(org.id.as_str())),
                ])
            })
            .collect(),
        roots: org
            .roots
            .iter()
            .map(|r| {
                row([
                    ("id", Value::from(r.id.as_str())),
                    ("root_id", Value::from(r.id.as_str())),
                    ("arn", Value::from(r.arn.as_str())),
                    ("name", opt(&r.name)),
                    ("org_id", Value::from(org.id.as_str())),
                    ("child_ou_ids", kids(&r.id)),
                    ("account_ids", accounts_of(&r.id)),
                ])
            })
            .collect(),
        units: org
            .organizational_units
            .iter()
            .map(|ou| {
                let parent_is_root = ou.parent_id.starts_with("r-");
                let parent = Value::from(ou.parent_id.as_str());
                row([
                    ("id", Value::from(ou.id.as_str())),
                    ("ou_id", Value::from(ou.id.as_str())),
                    ("arn", Value::from(ou.arn.as_str())),
                    ("name", opt(&ou.name)),
                    ("org_id", Value::from(org.id.as_str())),
                    ("root_id", Value::from(root_id)),
                    (
                        "parent_root_id",
                        if parent_is_root {
                            parent.clone()
                        } else {
                            Value::Null
                        },
                    ),
                    (
                        "parent_ou_id",
                        if parent_is_root { Value::Null } else { parent },
                    ),
                    ("child_ou_ids", kids(&ou.id)),
                    ("account_ids", accounts_of(&ou.id)),
                ])
            })
            .collect(),
    }
}

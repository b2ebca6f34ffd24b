//! AWS Organizations: the organization, its root, OUs and member accounts. Roots and OUs
//! have ids scoped by their organization (`<org id>/<root or OU id>`), as Cartography forms
//! them; `root_id` and `ou_id` keep the bare ids.

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

/// `<org id>/<id>`: the node id of a root or OU.
pub fn scoped(org: &Organization, id: &str) -> String {
    format!("{}/{id}", org.id)
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
    let kids = |id: &str| {
        strings(
            children_ous
                .get(id)
                .into_iter()
                .flatten()
                .map(|ou| scoped(org, ou)),
        )
    };
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
                    ("id", Value::from(scoped(org, &r.id))),
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
                let parent = Value::from(scoped(org, &ou.parent_id));
                row([
                    ("id", Value::from(scoped(org, &ou.id))),
                    ("ou_id", Value::from(ou.id.as_str())),
                    ("arn", Value::from(ou.arn.as_str())),
                    ("name", opt(&ou.name)),
                    ("org_id", Value::from(org.id.as_str())),
                    ("root_id", Value::from(scoped(org, root_id))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{OrgAccount, OrgRoot, OrgUnit};

    fn text(row: &Row, key: &str) -> String {
        row.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }

    fn list(row: &Row, key: &str) -> Vec<String> {
        match row.get(key) {
            Some(Value::List(l)) => l
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn roots_and_units_have_organization_scoped_ids() {
        let org = Organization {
            id: "o-1".into(),
            roots: vec![OrgRoot {
                id: "r-1".into(),
                ..OrgRoot::default()
            }],
            organizational_units: vec![
                OrgUnit {
                    id: "ou-a".into(),
                    parent_id: "r-1".into(),
                    ..OrgUnit::default()
                },
                OrgUnit {
                    id: "ou-b".into(),
                    parent_id: "ou-a".into(),
                    ..OrgUnit::default()
                },
            ],
            accounts: vec![OrgAccount {
                id: "111111111111".into(),
                parent_id: "ou-b".into(),
                ..OrgAccount::default()
            }],
            ..Organization::default()
        };
        let rows = transform(&org);
        assert_eq!(text(&rows.roots[0], "id"), "o-1/r-1");
        assert_eq!(text(&rows.roots[0], "root_id"), "r-1");
        assert_eq!(list(&rows.roots[0], "child_ou_ids"), ["o-1/ou-a"]);
        let b = &rows.units[1];
        assert_eq!(text(b, "id"), "o-1/ou-b");
        assert_eq!(text(b, "ou_id"), "ou-b");
        assert_eq!(text(b, "root_id"), "o-1/r-1");
        assert_eq!(text(b, "parent_ou_id"), "o-1/ou-a");
        assert!(matches!(b.get("parent_root_id"), Some(Value::Null)));
        assert_eq!(list(b, "account_ids"), ["111111111111"]);
    }
}

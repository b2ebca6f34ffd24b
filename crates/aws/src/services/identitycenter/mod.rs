//! IAM Identity Center (`identitycenter`): per region, the instances this account owns
//! (`sso-admin:ListInstances`; an organization's instance is listed to every member account,
//! only its owner records it), each with its permission sets (`ListPermissionSets` +
//! `DescribePermissionSet`), its identity store's groups, users and memberships
//! (`identitystore:ListGroups`, `ListUsers`, `ListGroupMemberships`) and the principals'
//! account assignments (`ListAccountAssignmentsForPrincipal`). An account instance, which
//! has no permission sets, still records its users and groups. A permission set is
//! `ASSIGNED_TO_ROLE` the roles Identity Center made for it, and those roles are
//! `ALLOWED_BY` the users and groups assigned the set in the role's account; so the sync
//! runs after IAM.

#[cfg(feature = "identitycenter")]
pub mod fetch;
mod schema;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{LinkSchema, NodeSchema, Row};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::transform::{datetime, opt, row, strings};
pub use schema::{GROUP, GROUP_ROLES, INSTANCE, PERMISSION_SET, USER, USER_ROLES};

pub const SERVICE: Service = Service {
    key: "identitycenter",
    feature: "identitycenter",
    regional: true,
    after: &["iam"],
    schemas: &[&INSTANCE, &PERMISSION_SET, &GROUP, &USER],
    links: &[&USER_ROLES, &GROUP_ROLES],
    decode: decode::<IdentityCenterRecords>,
    demo: include_str!("../../../data/demo/services/identitycenter.json"),
    #[cfg(feature = "identitycenter")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "identitycenter")))]
    fetch: None,
};

/// The owned instances of one region, each with what was read inside it, and the region:
/// the roles Identity Center makes are named after it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IdentityCenterRecords {
    pub region: String,
    pub instances: Vec<Instance>,
}

/// A `ListInstances` entry with the instance's contents added.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    pub instance_arn: String,
    pub identity_store_id: String,
    pub owner_account_id: Option<String>,
    pub created_date: Option<String>,
    pub status: Option<String>,
    /// `DescribePermissionSet` answers.
    pub permission_sets: Vec<PermissionSet>,
    pub groups: Vec<Group>,
    pub users: Vec<User>,
    pub group_memberships: Vec<GroupMembership>,
    /// Every principal's `ListAccountAssignmentsForPrincipal` entries.
    pub account_assignments: Vec<AccountAssignment>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PermissionSet {
    pub permission_set_arn: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub session_duration: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ExternalId {
    pub issuer: Option<String>,
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Group {
    pub group_id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub external_ids: Vec<ExternalId>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct User {
    pub user_id: String,
    pub user_name: Option<String>,
    pub external_ids: Vec<ExternalId>,
}

/// A group membership, flattened (`MemberId.UserId` as `UserId`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupMembership {
    pub group_id: String,
    pub user_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccountAssignment {
    pub account_id: String,
    pub permission_set_arn: String,
    pub principal_id: String,
    /// `USER` or `GROUP`.
    pub principal_type: String,
}

impl Records for IdentityCenterRecords {
    fn count(&self) -> u64 {
        self.instances
            .iter()
            .map(|i| 1 + i.permission_sets.len() + i.groups.len() + i.users.len())
            .sum::<usize>() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let mut instances = Vec::new();
        let mut permission_sets = Vec::new();
        let mut groups = Vec::new();
        let mut users = Vec::new();
        for i in &self.instances {
            instances.push(row([
                ("arn", Value::from(i.instance_arn.as_str())),
                (
                    "identity_store_id",
                    Value::from(i.identity_store_id.as_str()),
                ),
                ("created_date", datetime(&i.created_date)),
                ("status", opt(&i.status)),
            ]));
            permission_sets.extend(i.permission_sets.iter().map(|p| {
                row([
                    ("arn", Value::from(p.permission_set_arn.as_str())),
                    ("name", opt(&p.name)),
                    ("description", opt(&p.description)),
                    ("session_duration", opt(&p.session_duration)),
                    ("instance_arn", Value::from(i.instance_arn.as_str())),
                    ("role_hint", self.role_hint(p)),
                ])
            }));
            let assigned = assigned_permission_sets(&i.account_assignments);
            let assigned_to =
                |kind: &str, id: &str| strings(assigned.get(&(kind, id)).into_iter().flatten());
            groups.extend(i.groups.iter().map(|g| {
                row([
                    ("id", Value::from(g.group_id.as_str())),
                    ("display_name", opt(&g.display_name)),
                    ("description", opt(&g.description)),
                    (
                        "identity_store_id",
                        Value::from(i.identity_store_id.as_str()),
                    ),
                    ("external_id", external_id(&g.external_ids)),
                    (
                        "assigned_permission_sets",
                        assigned_to("GROUP", &g.group_id),
                    ),
                ])
            }));
            users.extend(i.users.iter().map(|u| {
                let member_of = i
                    .group_memberships
                    .iter()
                    .filter(|m| m.user_id == u.user_id)
                    .map(|m| m.group_id.as_str());
                row([
                    ("id", Value::from(u.user_id.as_str())),
                    ("user_name", opt(&u.user_name)),
                    (
                        "identity_store_id",
                        Value::from(i.identity_store_id.as_str()),
                    ),
                    ("external_id", external_id(&u.external_ids)),
                    ("member_of_groups", strings(member_of)),
                    ("assigned_permission_sets", assigned_to("USER", &u.user_id)),
                ])
            }));
        }
        vec![
            (&INSTANCE, instances),
            (&PERMISSION_SET, permission_sets),
            (&GROUP, groups),
            (&USER, users),
        ]
    }

    fn links(&self, _account_id: &str) -> Vec<(&'static LinkSchema, Vec<Row>)> {
        vec![
            (&USER_ROLES, self.assignment_rows("USER")),
            (&GROUP_ROLES, self.assignment_rows("GROUP")),
        ]
    }
}

impl IdentityCenterRecords {
    /// What the ARN of a role made for permission set `p` contains:
    /// `:role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<name>_` (no region in
    /// us-east-1). The trailing `_` keeps set `Admin` from matching `AdminFull`'s roles.
    fn role_hint(&self, p: &PermissionSet) -> Value {
        let Some(name) = &p.name else {
            return Value::Null;
        };
        let region = match self.region.as_str() {
            "us-east-1" => String::new(),
            other => format!("{other}/"),
        };
        Value::from(format!(
            ":role/aws-reserved/sso.amazonaws.com/{region}AWSReservedSSO_{name}_"
        ))
    }

    /// One `ALLOWED_BY` row per account assignment whose permission set is known.
    fn assignment_rows(&self, principal_type: &str) -> Vec<Row> {
        let mut out = Vec::new();
        for i in &self.instances {
            for a in i
                .account_assignments
                .iter()
                .filter(|a| a.principal_type == principal_type)
            {
                let Some(set) = i
                    .permission_sets
                    .iter()
                    .find(|p| p.permission_set_arn == a.permission_set_arn)
                else {
                    continue;
                };
                out.push(row([
                    (
                        "account_prefix",
                        Value::from(format!("arn:aws:iam::{}:", a.account_id)),
                    ),
                    ("role_hint", self.role_hint(set)),
                    ("principal_id", Value::from(a.principal_id.as_str())),
                    (
                        "identity_store_id",
                        Value::from(i.identity_store_id.as_str()),
                    ),
                    (
                        "permission_set_arn",
                        Value::from(a.permission_set_arn.as_str()),
                    ),
                ]));
            }
        }
        out
    }
}

/// The first external id, which Cartography records (the identity provider's id).
fn external_id(ids: &[ExternalId]) -> Value {
    ids.first()
        .map_or(Value::Null, |x| Value::from(x.id.as_str()))
}

/// The permission sets assigned to each principal, by (principal type, principal id).
fn assigned_permission_sets(
    assignments: &[AccountAssignment],
) -> BTreeMap<(&str, &str), Vec<&str>> {
    let mut out: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for a in assignments {
        let sets = out
            .entry((a.principal_type.as_str(), a.principal_id.as_str()))
            .or_default();
        if !sets.contains(&a.permission_set_arn.as_str()) {
            sets.push(&a.permission_set_arn);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    fn records() -> IdentityCenterRecords {
        serde_json::from_value(serde_json::json!({
            "Region": "eu-west-1",
            "Instances": [{
                "InstanceArn": "arn:aws:sso:::instance/ssoins-1",
                "IdentityStoreId": "d-1",
                "CreatedDate": "2024-01-02T03:04:05Z",
                "PermissionSets": [{"PermissionSetArn": "arn:ps-admin", "Name": "Admin"}],
                "Groups": [{"GroupId": "g1", "DisplayName": "admins"}],
                "Users": [
                    {"UserId": "u1", "UserName": "alice",
                     "ExternalIds": [{"Issuer": "okta", "Id": "00u1"}]},
                    {"UserId": "u2", "UserName": "bob"}
                ],
                "GroupMemberships": [{"GroupId": "g1", "UserId": "u1"}],
                "AccountAssignments": [
                    {"AccountId": "1", "PermissionSetArn": "arn:ps-admin",
                     "PrincipalId": "g1", "PrincipalType": "GROUP"},
                    {"AccountId": "2", "PermissionSetArn": "arn:ps-admin",
                     "PrincipalId": "g1", "PrincipalType": "GROUP"},
                    {"AccountId": "2", "PermissionSetArn": "arn:ps-admin",
                     "PrincipalId": "u2", "PrincipalType": "USER"}
                ]
            }]
        }))
        .unwrap()
    }

    #[test]
    fn principals_carry_their_groups_and_permission_sets() {
        let rows = records().rows("1");
        let [_, (_, sets), (_, groups), (_, users)] = rows.as_slice() else {
            panic!("{rows:?}");
        };
        assert_eq!(
            show(sets[0].get("instance_arn")),
            show(Some(&Value::from("arn:aws:sso:::instance/ssoins-1")))
        );
        assert_eq!(
            show(groups[0].get("assigned_permission_sets")),
            show(Some(&strings(["arn:ps-admin"])))
        );
        assert_eq!(
            show(users[0].get("member_of_groups")),
            show(Some(&strings(["g1"])))
        );
        assert_eq!(
            show(users[0].get("external_id")),
            show(Some(&Value::from("00u1")))
        );
        assert_eq!(
            show(users[0].get("assigned_permission_sets")),
            show(Some(&strings::<&str>([])))
        );
        assert_eq!(
            show(users[1].get("assigned_permission_sets")),
            show(Some(&strings(["arn:ps-admin"])))
        );
        assert_eq!(show(users[1].get("external_id")), show(Some(&Value::Null)));
    }

    #[test]
    fn permission_sets_find_their_roles_and_assignments_their_principals() {
        let records = records();
        let rows = records.rows("1");
        assert_eq!(
            show(rows[1].1[0].get("role_hint")),
            show(Some(&Value::from(
                ":role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_"
            )))
        );
        let links = records.links("1");
        let (users, groups) = (&links[0].1, &links[1].1);
        assert_eq!(users.len(), 1);
        assert_eq!(
            show(users[0].get("account_prefix")),
            show(Some(&Value::from("arn:aws:iam::2:")))
        );
        assert_eq!(groups.len(), 2);
        let q = cartograph_sync::querybuild::link_query(&USER_ROLES);
        assert!(
            q.contains("toLower(from.arn) CONTAINS toLower(item.role_hint)"),
            "{q}"
        );
    }
}

//! IAM: principals, policies and their statements, access keys, MFA devices, instance
//! profiles, SAML providers, trust relationships and the accounts they reveal.

use std::collections::{BTreeMap, BTreeSet};

use cartograph_graph::Value;
use cartograph_sync::Row;
use serde_json::Value as Json;

use super::policy::{allows, document, statement_rows};
use super::{account_of_arn, datetime, opt, row, strings};
use crate::records::{AttachedPolicy, IamRecords, InlinePolicy, PermissionsBoundary};

/// The rows of one account's IAM.
#[derive(Debug, Default)]
pub struct IamRows {
    pub root_principal: Vec<Row>,
    pub users: Vec<Row>,
    pub groups: Vec<Row>,
    pub roles: Vec<Row>,
    pub service_principals: Vec<Row>,
    pub federated_principals: Vec<Row>,
    /// Accounts outside this one whose root principal a role trusts.
    pub trusted_account_ids: Vec<String>,
    pub managed_policies: Vec<Row>,
    pub inline_policies: Vec<Row>,
    pub statements: Vec<Row>,
    pub access_keys: Vec<Row>,
    pub mfa_devices: Vec<Row>,
    pub instance_profiles: Vec<Row>,
    pub saml_providers: Vec<Row>,
}

fn boundary_arn(b: Option<&PermissionsBoundary>) -> Value {
    b.map_or(Value::Null, |b| {
        Value::from(b.permissions_boundary_arn.as_str())
    })
}

fn boundary_type(b: Option<&PermissionsBoundary>) -> Value {
    b.map_or(Value::Null, |b| opt(&b.permissions_boundary_type))
}

/// `GetAccountSummary` as a row merged onto the account node (Cartography's
/// `AWSAccountSummarySchema`): the account id and the summary map's keys as they come.
pub fn account_summary(iam: &IamRecords, account_id: &str) -> Vec<Row> {
    let Some(map) = &iam.summary_map else {
        return Vec::new();
    };
    let mut r: Row = map
        .iter()
        .map(|(k, v)| (k.clone(), Value::Int(*v)))
        .collect();
    r.insert("id".into(), Value::from(account_id));
    vec![r]
}

/// The root principal of an account: `arn:aws:iam::<id>:root`.
pub fn root_principal(account_id: &str) -> Row {
    row([(
        "arn",
        Value::from(format!("arn:aws:iam::{account_id}:root")),
    )])
}

pub fn transform(iam: &IamRecords, account_id: &str) -> IamRows {
    let mut out = IamRows {
        root_principal: vec![root_principal(account_id)],
        ..IamRows::default()
    };
    let user_arn_by_name: BTreeMap<&str, &str> = iam
        .user_detail_list
        .iter()
        .map(|u| (u.user_name.as_str(), u.arn.as_str()))
        .collect();
    let group_arn_by_name: BTreeMap<&str, &str> = iam
        .group_detail_list
        .iter()
        .map(|g| (g.group_name.as_str(), g.arn.as_str()))
        .collect();

    let mut members: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for u in &iam.user_detail_list {
        out.users.push(row([
            ("arn", Value::from(u.arn.as_str())),
            ("userid", Value::from(u.user_id.as_str())),
            ("name", Value::from(u.user_name.as_str())),
            ("path", Value::from(u.path.as_str())),
            ("createdate", opt(&u.create_date)),
            ("createdate_dt", datetime(&u.create_date)),
            // Never used: null (Cartography writes ""; the rules accept both).
            ("passwordlastused", opt(&u.password_last_used)),
            ("passwordlastused_dt", datetime(&u.password_last_used)),
            (
                "permissions_boundary_arn",
                boundary_arn(u.permissions_boundary.as_ref()),
            ),
            (
                "permissions_boundary_type",
                boundary_type(u.permissions_boundary.as_ref()),
            ),
        ]));
        for g in &u.group_list {
            if let Some(arn) = group_arn_by_name.get(g.as_str()) {
                members.entry(arn).or_default().push(&u.arn);
            }
        }
    }
    for g in &iam.group_detail_list {
        out.groups.push(row([
            ("arn", Value::from(g.arn.as_str())),
            ("groupid", Value::from(g.group_id.as_str())),
            ("name", Value::from(g.group_name.as_str())),
            ("path", Value::from(g.path.as_str())),
            ("createdate", opt(&g.create_date)),
            ("createdate_dt", datetime(&g.create_date)),
            (
                "user_arns",
                strings(members.get(g.arn.as_str()).cloned().unwrap_or_default()),
            ),
        ]));
    }
    transform_roles(iam, account_id, &mut out);
    transform_policies(iam, &mut out);

    for k in &iam.access_keys {
        let Some(user_arn) = user_arn_by_name.get(k.user_name.as_str()) else {
            continue;
        };
        out.access_keys.push(row([
            ("accesskeyid", Value::from(k.access_key_id.as_str())),
            ("createdate", opt(&k.create_date)),
            ("createdate_dt", datetime(&k.create_date)),
            ("status", opt(&k.status)),
            ("lastuseddate", opt(&k.last_used_date)),
            ("lastuseddate_dt", datetime(&k.last_used_date)),
            ("lastusedservice", opt(&k.last_used_service)),
            ("lastusedregion", opt(&k.last_used_region)),
            ("user_arn", Value::from(*user_arn)),
        ]));
    }
    for d in &iam.mfa_devices {
        let Some(user_arn) = user_arn_by_name.get(d.user_name.as_str()) else {
            continue;
        };
        out.mfa_devices.push(row([
            ("serialnumber", Value::from(d.serial_number.as_str())),
            ("username", Value::from(d.user_name.as_str())),
            ("user_arn", Value::from(*user_arn)),
            ("enabledate", opt(&d.enable_date)),
            ("enabledate_dt", datetime(&d.enable_date)),
        ]));
    }
    for p in &iam.saml_provider_list {
        let name = p.arn.rsplit('/').next().unwrap_or(&p.arn);
        out.saml_providers.push(row([
            ("Arn", Value::from(p.arn.as_str())),
            ("Name", Value::from(name)),
            ("CreateDate", opt(&p.create_date)),
            ("ValidUntil", opt(&p.valid_until)),
        ]));
    }
    out
}

/// Roles with the principals their trust policies name; service and federated principals;
/// trusted foreign accounts; instance profiles.
fn transform_roles(iam: &IamRecords, account_id: &str, out: &mut IamRows) {
    let mut services = BTreeSet::new();
    let mut foreign = BTreeSet::new();
    let mut profiles: BTreeMap<&str, (Row, Vec<&str>)> = BTreeMap::new();
    for r in &iam.role_detail_list {
        let mut trusted = BTreeSet::new();
        for s in super::policy::statements(&r.assume_role_policy_document) {
            let Some(Json::Object(principal)) = s.get("Principal") else {
                continue;
            };
            for (kind, values) in principal {
                let values: Vec<&str> = match values {
                    Json::Array(a) => a.iter().filter_map(Json::as_str).collect(),
                    other => other.as_str().into_iter().collect(),
                };
                for arn in values {
                    match kind.as_str() {
                        "Federated" => out.federated_principals.push(row([
                            ("arn", Value::from(arn)),
                            ("type", Value::from("Federated")),
                            ("role_arn", Value::from(r.arn.as_str())),
                        ])),
                        "Service" => {
                            services.insert(arn.to_string());
                        }
                        "AWS" if arn.contains("root") => {
                            let other = account_of_arn(arn);
                            if !other.is_empty() && other != account_id {
                                foreign.insert(other.to_string());
                            }
                        }
                        "AWS" => {}
                        _ => continue,
                    }
                    trusted.insert(arn.to_string());
                }
            }
        }
        out.roles.push(row([
            ("arn", Value::from(r.arn.as_str())),
            ("roleid", Value::from(r.role_id.as_str())),
            ("name", Value::from(r.role_name.as_str())),
            ("path", Value::from(r.path.as_str())),
            ("createdate", opt(&r.create_date)),
            ("createdate_dt", datetime(&r.create_date)),
            (
                "permissions_boundary_arn",
                boundary_arn(r.permissions_boundary.as_ref()),
            ),
            (
                "permissions_boundary_type",
                boundary_type(r.permissions_boundary.as_ref()),
            ),
            ("trusted_aws_principals", strings(&trusted)),
        ]));
        for p in &r.instance_profile_list {
            let entry = profiles.entry(&p.arn).or_insert_with(|| {
                let profile = row([
                    ("Arn", Value::from(p.arn.as_str())),
                    ("CreateDate", opt(&p.create_date)),
                    (
                        "InstanceProfileId",
                        Value::from(p.instance_profile_id.as_str()),
                    ),
                    (
                        "InstanceProfileName",
                        Value::from(p.instance_profile_name.as_str()),
                    ),
                    ("Path", Value::from(p.path.as_str())),
                ]);
                (profile, Vec::new())
            });
            entry.1.push(&r.arn);
        }
    }
    out.service_principals = services
        .into_iter()
        .map(|s| row([("arn", Value::from(s)), ("type", Value::from("Service"))]))
        .collect();
    out.trusted_account_ids = foreign.into_iter().collect();
    out.instance_profiles = profiles
        .into_values()
        .map(|(mut profile, roles)| {
            profile.insert("Roles".into(), strings(roles));
            profile
        })
        .collect();
}

/// Managed policies (attached ones only, as Cartography syncs them), inline policies with
/// ids `<principal arn>/inline_policy/<name>`, and the statements of both.
fn transform_policies(iam: &IamRecords, out: &mut IamRows) {
    let principals = iam
        .user_detail_list
        .iter()
        .map(|u| (&u.arn, &u.user_policy_list, &u.attached_managed_policies))
        .chain(
            iam.group_detail_list
                .iter()
                .map(|g| (&g.arn, &g.group_policy_list, &g.attached_managed_policies)),
        )
        .chain(
            iam.role_detail_list
                .iter()
                .map(|r| (&r.arn, &r.role_policy_list, &r.attached_managed_policies)),
        );
    let documents: BTreeMap<&str, Json> = iam
        .policies
        .iter()
        .filter_map(|p| default_version(p).map(|d| (p.arn.as_str(), d)))
        .collect();
    let mut managed: BTreeMap<&str, (&str, BTreeSet<&str>)> = BTreeMap::new();
    for (arn, inline, attached) in principals {
        for InlinePolicy {
            policy_name,
            policy_document,
        } in inline
        {
            let id = format!("{arn}/inline_policy/{policy_name}");
            out.statements.extend(statement_rows(&id, policy_document));
            out.inline_policies.push(row([
                ("id", Value::from(id)),
                ("name", Value::from(policy_name.as_str())),
                ("type", Value::from("inline")),
                ("arn", Value::Null),
                ("principal_arns", strings([arn])),
            ]));
        }
        for AttachedPolicy {
            policy_name,
            policy_arn,
        } in attached
        {
            managed
                .entry(policy_arn)
                .or_insert_with(|| (policy_name, BTreeSet::new()))
                .1
                .insert(arn);
        }
    }
    for (arn, (name, principal_arns)) in managed {
        if let Some(doc) = documents.get(arn) {
            out.statements.extend(statement_rows(arn, doc));
        }
        out.managed_policies.push(row([
            ("id", Value::from(arn)),
            ("name", Value::from(name)),
            ("type", Value::from("managed")),
            ("arn", Value::from(arn)),
            ("principal_arns", strings(principal_arns)),
        ]));
    }
}

fn default_version(p: &crate::records::ManagedPolicy) -> Option<Json> {
    let version = p
        .policy_version_list
        .iter()
        .find(|v| v.is_default_version || Some(&v.version_id) == p.default_version_id.as_ref())?;
    Some(document(&version.document))
}

/// `STS_ASSUMEROLE_ALLOW` rows (`source_arn`, `target_arn`) for the roles of `account`: a user
/// or role of any account in `all` that the role trusts and whose identity policies (its own,
/// and for users their groups') allow `sts:AssumeRole` on it.
pub fn assume_role_allow(account: &IamRecords, all: &[&IamRecords]) -> Vec<Row> {
    let mut docs_by_principal: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
    for iam in all {
        let managed: BTreeMap<&str, Json> = iam
            .policies
            .iter()
            .filter_map(|p| default_version(p).map(|d| (p.arn.as_str(), d)))
            .collect();
        let attached_docs = |inline: &[InlinePolicy], attached: &[AttachedPolicy]| -> Vec<Json> {
            inline
                .iter()
                .map(|p| document(&p.policy_document))
                .chain(
                    attached
                        .iter()
                        .filter_map(|a| managed.get(a.policy_arn.as_str()).cloned()),
                )
                .collect()
        };
        let group_docs: BTreeMap<&str, Vec<Json>> = iam
            .group_detail_list
            .iter()
            .map(|g| {
                (
                    g.group_name.as_str(),
                    attached_docs(&g.group_policy_list, &g.attached_managed_policies),
                )
            })
            .collect();
        for u in &iam.user_detail_list {
            let mut docs = attached_docs(&u.user_policy_list, &u.attached_managed_policies);
            for g in &u.group_list {
                docs.extend(group_docs.get(g.as_str()).cloned().unwrap_or_default());
            }
            docs_by_principal.insert(&u.arn, docs);
        }
        for r in &iam.role_detail_list {
            docs_by_principal.insert(
                &r.arn,
                attached_docs(&r.role_policy_list, &r.attached_managed_policies),
            );
        }
    }
    let mut out = Vec::new();
    for role in &account.role_detail_list {
        let mut sources = BTreeSet::new();
        for s in super::policy::statements(&role.assume_role_policy_document) {
            let aws = s
                .get("Principal")
                .and_then(|p| p.get("AWS"))
                .cloned()
                .unwrap_or(Json::Null);
            let arns: Vec<String> = match aws {
                Json::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                Json::String(x) => vec![x],
                _ => Vec::new(),
            };
            sources.extend(arns.into_iter().filter(|a| !a.ends_with(":root")));
        }
        for source in sources {
            let Some(docs) = docs_by_principal.get(source.as_str()) else {
                continue;
            };
            let refs: Vec<&Json> = docs.iter().collect();
            if allows(&refs, "sts:AssumeRole", &role.arn) {
                out.push(row([
                    ("source_arn", Value::from(source)),
                    ("target_arn", Value::from(role.arn.as_str())),
                ]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{
        IamGroup, IamRole, IamUser, InstanceProfile, ManagedPolicy, PolicyVersion,
    };
    use serde_json::json;

    fn text(row: &Row, key: &str) -> String {
        row.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }

    fn sample() -> IamRecords {
        IamRecords {
            user_detail_list: vec![IamUser {
                user_name: "alice".into(),
                user_id: "AIDA1".into(),
                arn: "arn:aws:iam::111111111111:user/alice".into(),
                path: "/".into(),
                group_list: vec!["admins".into()],
                user_policy_list: vec![InlinePolicy {
                    policy_name: "assume".into(),
                    policy_document: json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}),
                }],
                ..IamUser::default()
            }],
            group_detail_list: vec![IamGroup {
                group_name: "admins".into(),
                group_id: "AGPA1".into(),
                arn: "arn:aws:iam::111111111111:group/admins".into(),
                attached_managed_policies: vec![AttachedPolicy {
                    policy_name: "AdministratorAccess".into(),
                    policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess".into(),
                }],
                ..IamGroup::default()
            }],
            role_detail_list: vec![IamRole {
                role_name: "deploy".into(),
                role_id: "AROA1".into(),
                arn: "arn:aws:iam::111111111111:role/deploy".into(),
                assume_role_policy_document: Json::String(
                    json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {
                        "AWS": ["arn:aws:iam::999999999999:root", "arn:aws:iam::111111111111:user/alice"],
                        "Service": "ec2.amazonaws.com"}}]})
                    .to_string(),
                ),
                instance_profile_list: vec![InstanceProfile {
                    arn: "arn:aws:iam::111111111111:instance-profile/deploy".into(),
                    instance_profile_name: "deploy".into(),
                    ..InstanceProfile::default()
                }],
                ..IamRole::default()
            }],
            policies: vec![ManagedPolicy {
                policy_name: "AdministratorAccess".into(),
                arn: "arn:aws:iam::aws:policy/AdministratorAccess".into(),
                default_version_id: Some("v1".into()),
                policy_version_list: vec![PolicyVersion {
                    document: json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
                    version_id: "v1".into(),
                    is_default_version: true,
                }],
                ..ManagedPolicy::default()
            }],
            ..IamRecords::default()
        }
    }

    #[test]
    fn principals_policies_and_trusts() {
        let rows = transform(&sample(), "111111111111");
        assert_eq!(
            text(&rows.root_principal[0], "arn"),
            "arn:aws:iam::111111111111:root"
        );
        assert!(matches!(rows.groups[0].get("user_arns"), Some(Value::List(l)) if l.len() == 1));
        assert_eq!(rows.trusted_account_ids, vec!["999999999999".to_string()]);
        assert_eq!(
            text(&rows.service_principals[0], "arn"),
            "ec2.amazonaws.com"
        );
        assert!(
            matches!(rows.roles[0].get("trusted_aws_principals"), Some(Value::List(l)) if l.len() == 3)
        );
        assert_eq!(
            text(&rows.inline_policies[0], "id"),
            "arn:aws:iam::111111111111:user/alice/inline_policy/assume"
        );
        assert_eq!(text(&rows.managed_policies[0], "type"), "managed");
        assert_eq!(rows.statements.len(), 2);
        assert!(
            matches!(rows.instance_profiles[0].get("Roles"), Some(Value::List(l)) if l.len() == 1)
        );
    }

    #[test]
    fn never_used_is_null_and_boundaries_and_summary_are_kept() {
        let mut iam = sample();
        iam.access_keys.push(crate::records::AccessKey {
            user_name: "alice".into(),
            access_key_id: "AKIA1".into(),
            create_date: Some("2024-01-02T03:04:05Z".into()),
            ..Default::default()
        });
        iam.role_detail_list[0].permissions_boundary = Some(PermissionsBoundary {
            permissions_boundary_arn: "arn:aws:iam::111111111111:policy/cap".into(),
            permissions_boundary_type: Some("Policy".into()),
        });
        iam.summary_map = Some(
            [
                ("AccountMFAEnabled".to_string(), 0),
                ("Users".to_string(), 1),
            ]
            .into_iter()
            .collect(),
        );
        let rows = transform(&iam, "111111111111");
        assert!(matches!(
            rows.users[0].get("passwordlastused"),
            Some(Value::Null)
        ));
        assert!(matches!(
            rows.users[0].get("passwordlastused_dt"),
            Some(Value::Null)
        ));
        let key = &rows.access_keys[0];
        assert!(matches!(key.get("createdate_dt"), Some(Value::DateTime(_))));
        for field in [
            "lastuseddate",
            "lastuseddate_dt",
            "lastusedservice",
            "lastusedregion",
        ] {
            assert!(matches!(key.get(field), Some(Value::Null)), "{field}");
        }
        assert_eq!(
            text(&rows.roles[0], "permissions_boundary_arn"),
            "arn:aws:iam::111111111111:policy/cap"
        );
        assert!(matches!(
            rows.users[0].get("permissions_boundary_arn"),
            Some(Value::Null)
        ));
        let summary = account_summary(&iam, "111111111111");
        assert_eq!(text(&summary[0], "id"), "111111111111");
        assert!(matches!(
            summary[0].get("AccountMFAEnabled"),
            Some(Value::Int(0))
        ));
        assert!(account_summary(&sample(), "1").is_empty());
    }

    #[test]
    fn assume_role_allow_needs_trust_and_permission() {
        let iam = sample();
        let links = assume_role_allow(&iam, &[&iam]);
        assert_eq!(links.len(), 1);
        assert_eq!(
            text(&links[0], "source_arn"),
            "arn:aws:iam::111111111111:user/alice"
        );
        let mut without = sample();
        without.user_detail_list[0].user_policy_list.clear();
        without.user_detail_list[0].group_list.clear();
        assert!(assume_role_allow(&without, &[&without]).is_empty());
    }
}

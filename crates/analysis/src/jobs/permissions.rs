//! Permission relationships: for each entry of the permission-relationships file, an edge
//! `(principal)-[:<relationship_name>]->(resource)` wherever the principal may perform any
//! of the entry's permissions on the resource, with `has_condition`, `condition_keys`,
//! `conditions` (JSON text), `granted_by` (policy ids), `granted_by_statements`,
//! `identity_evaluated` and `lastupdated`.
//!
//! Principals are the users, groups and roles of the accounts whose IAM synced. A user's
//! policies include its groups' (groups get their own edges too, as in Cartography).
//! Resources are those of the accounts whose service synced. Same-account requests are
//! decided by identity policies or the resource's policy (S3 bucket policies are the
//! resource policies synced today); a resource policy also lets principals of other synced
//! accounts in (their identity policies must allow too), and principals of accounts that
//! were not synced (e.g. a foreign role) when it names them, with `identity_evaluated =
//! false` on the edge since their own policies are unknown.

use std::collections::{BTreeMap, BTreeSet};

use cartograph_graph::{Counters, CypherError, GraphBackend, Params, Value};
use serde_json::{Map, Value as Json};

use crate::graph::{params, run, string_list, text};
use crate::policy::{
    Context, Decision, Effect, Policy, PolicyDocument, Principal, PrincipalKind, Principals,
    Statement, evaluate,
};
use crate::relationships::{PermissionRelationship, PreconditionDirection};

pub(crate) const NAME: &str = "aws_permission_relationships";

/// The sync service a target label comes from (Cartography's sync keys).
fn service_of(label: &str) -> Option<&'static str> {
    Some(match label {
        "AWSS3Bucket" => "s3",
        "AWSDynamoDBTable" => "dynamodb",
        "AWSSecretsManagerSecret" => "secretsmanager",
        "AWSKMSKey" => "kms",
        "AWSLambda" => "lambda_function",
        "AWSRedshiftCluster" => "redshift",
        "AWSRDSInstance" => "rds",
        "AWSECSTask" => "ecs",
        "AWSRole" => "iam",
        "AWSCloudFormationStack" => "cloudformation",
        "AWSEC2Instance" => "ec2",
        _ => return None,
    })
}

const PRINCIPALS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(p:AWSPrincipal)
WHERE a.id IN $ACCOUNTS AND (p:AWSUser OR p:AWSGroup OR p:AWSRole)
RETURN p.arn, a.id, p:AWSUser, p:AWSGroup, p.permissions_boundary_arn";

const ATTACHMENTS: &str =
    "MATCH (a:AWSAccount)-[:RESOURCE]->(p:AWSPrincipal)-[:POLICY]->(pol:AWSPolicy)
WHERE a.id IN $ACCOUNTS
RETURN DISTINCT p.arn, pol.id";

const STATEMENTS: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(:AWSPrincipal)-[:POLICY]->(pol:AWSPolicy)-[:STATEMENT]->(s:AWSPolicyStatement)
WHERE a.id IN $ACCOUNTS
RETURN DISTINCT pol.id, s.id, s.sid, s.effect, s.action, s.notaction, s.resource, s.notresource, s.condition
ORDER BY pol.id, s.id";

/// The statements of permission boundaries, which need not be attached to anything.
const BOUNDARY_STATEMENTS: &str = "MATCH (pol:AWSPolicy)-[:STATEMENT]->(s:AWSPolicyStatement)
WHERE pol.id IN $IDS
RETURN DISTINCT pol.id, s.id, s.sid, s.effect, s.action, s.notaction, s.resource, s.notresource, s.condition
ORDER BY pol.id, s.id";

/// Resource-based policies kept as document text on their resource (KMS key policies,
/// Secrets Manager and Lambda resource policies).
const DOCUMENT_POLICIES: &str = "MATCH (r)
WHERE (r:AWSKMSKey OR r:AWSSecretsManagerSecret OR r:AWSLambda)
  AND r.arn IS NOT NULL AND r.policy IS NOT NULL
RETURN DISTINCT r.arn, r.policy";

const MEMBERSHIPS: &str =
    "MATCH (a:AWSAccount)-[:RESOURCE]->(u:AWSUser)-[:MEMBER_AWS_GROUP]->(g:AWSGroup)
WHERE a.id IN $ACCOUNTS
RETURN DISTINCT u.arn, g.arn";

const BUCKET_POLICIES: &str = "MATCH (a:AWSAccount)-[:RESOURCE]->(b:AWSS3Bucket)-[:POLICY_STATEMENT]->(s:AWSS3PolicyStatement)
WHERE a.id IN $ACCOUNTS AND b.arn IS NOT NULL
RETURN b.arn, s.id, s.sid, s.effect, s.action, s.resource, s.principal, s.condition
ORDER BY b.arn, s.id";

/// The policy id `granted_by` reports for a bucket policy.
pub fn bucket_policy_id(bucket_arn: &str) -> String {
    format!("{bucket_arn}#bucket-policy")
}

/// The policy id `granted_by` reports for another resource-based policy.
fn resource_policy_id(arn: &str) -> String {
    format!("{arn}#resource-policy")
}

struct Identity {
    account: String,
    kind: PrincipalKind,
    /// Policy ids (a user's include its groups').
    policies: Vec<String>,
    /// Those policies, resolved once the statements are read.
    resolved: Vec<Policy>,
    /// The permissions boundary's policy id, and the policy once read (`None` when the
    /// principal has none, or its statements are not in the graph).
    boundary_id: Option<String>,
    boundary: Option<Policy>,
}

/// Everything read from the graph once for all entries.
struct Inputs {
    principals: BTreeMap<String, Identity>,
    /// Resource-based policies by resource ARN (bucket policies included).
    resource_policies: BTreeMap<String, Policy>,
    skipped_statements: usize,
}

/// A JSON value from a graph property (strings stay strings, lists become arrays).
fn json(v: &Value) -> Option<Json> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(Json::String(s.to_string())),
        Value::List(items) => Some(Json::Array(items.iter().filter_map(json).collect())),
        Value::Bool(b) => Some(Json::Bool(*b)),
        Value::Int(i) => Some(Json::from(*i)),
        other => Some(Json::String(other.to_string())),
    }
}

/// A property holding JSON text (`condition`, `principal`) as JSON; text that does not parse
/// is kept as a string so the statement still counts, and as conditional.
fn json_text(v: Option<&Value>) -> Option<Json> {
    let raw = v.and_then(Value::as_str)?;
    Some(serde_json::from_str(raw).unwrap_or_else(|_| Json::String(raw.to_string())))
}

/// Conditions are stored as a list of operator maps (Cartography's form) or one map.
fn condition(v: Option<&Value>) -> Option<Json> {
    match json_text(v)? {
        Json::Array(blocks) => {
            let mut merged = Map::new();
            for block in blocks {
                let Json::Object(ops) = block else { continue };
                for (op, entries) in ops {
                    match (merged.get_mut(&op), entries) {
                        (Some(Json::Object(have)), Json::Object(more)) => have.extend(more),
                        (_, entries) => {
                            merged.insert(op, entries);
                        }
                    }
                }
            }
            Some(Json::Object(merged))
        }
        Json::Object(m) => Some(Json::Object(m)),
        Json::Null => None,
        other => Some(serde_json::json!({"Unparsed": {"(unparsed condition)": other}})),
    }
}

/// Build a statement from its graph properties; `local` names it when it has no Sid.
fn statement(fields: &[(&str, Option<Json>)], local: Option<String>) -> Option<Statement> {
    let mut obj = Map::new();
    for (k, v) in fields {
        if let Some(v) = v {
            obj.insert((*k).to_string(), v.clone());
        }
    }
    let mut s = Statement::from_json(&Json::Object(obj), "statement").ok()?;
    if s.sid.as_deref().is_none_or(str::is_empty) {
        s.sid = local;
    }
    Some(s)
}

fn rows(
    backend: &dyn GraphBackend,
    query: &str,
    p: &Params,
    counters: &mut Counters,
) -> Result<Vec<Vec<Value>>, CypherError> {
    Ok(run(backend, query, p, counters)?.rows)
}

/// Statements (rows of [`STATEMENTS`]' shape) into their policies; returns how many could
/// not be read.
fn add_statements(policies: &mut BTreeMap<String, Policy>, rows: &[Vec<Value>]) -> usize {
    let mut skipped = 0;
    for r in rows {
        let Some(policy_id) = text(r.first()) else {
            continue;
        };
        let local = text(r.get(1)).map(|id| match id.rsplit_once("/statement/") {
            Some((_, local)) => local.to_string(),
            None => id,
        });
        let get = |i: usize| r.get(i).and_then(json);
        let fields = [
            ("Sid", get(2)),
            ("Effect", get(3)),
            ("Action", get(4)),
            ("NotAction", get(5)),
            ("Resource", get(6)),
            ("NotResource", get(7)),
            ("Condition", condition(r.get(8))),
        ];
        let entry = policies.entry(policy_id.clone()).or_insert_with(|| Policy {
            id: policy_id,
            statements: Vec::new(),
        });
        match statement(&fields, local) {
            Some(s) => entry.statements.push(s),
            None => skipped += 1,
        }
    }
    skipped
}

fn read_inputs(
    backend: &dyn GraphBackend,
    iam_accounts: &[String],
    s3_accounts: &[String],
    counters: &mut Counters,
) -> Result<Inputs, CypherError> {
    let p = params([("ACCOUNTS", string_list(iam_accounts))]);
    let mut principals = BTreeMap::new();
    for r in rows(backend, PRINCIPALS, &p, counters)? {
        let (Some(arn), Some(account)) = (text(r.first()), text(r.get(1))) else {
            continue;
        };
        let kind = match (r.get(2), r.get(3)) {
            (Some(Value::Bool(true)), _) => PrincipalKind::User,
            (_, Some(Value::Bool(true))) => PrincipalKind::Group,
            _ => PrincipalKind::Role,
        };
        principals.insert(
            arn,
            Identity {
                account,
                kind,
                policies: Vec::new(),
                resolved: Vec::new(),
                boundary_id: text(r.get(4)),
                boundary: None,
            },
        );
    }
    for r in rows(backend, ATTACHMENTS, &p, counters)? {
        if let (Some(arn), Some(policy)) = (text(r.first()), text(r.get(1)))
            && let Some(identity) = principals.get_mut(&arn)
        {
            identity.policies.push(policy);
        }
    }
    let mut groups_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in rows(backend, MEMBERSHIPS, &p, counters)? {
        if let (Some(user), Some(group)) = (text(r.first()), text(r.get(1))) {
            groups_of.entry(user).or_default().push(group);
        }
    }
    let group_policies: BTreeMap<String, Vec<String>> = principals
        .iter()
        .filter(|(_, i)| i.kind == PrincipalKind::Group)
        .map(|(arn, i)| (arn.clone(), i.policies.clone()))
        .collect();
    for (user, groups) in groups_of {
        if let Some(identity) = principals.get_mut(&user) {
            for g in groups {
                identity
                    .policies
                    .extend(group_policies.get(&g).into_iter().flatten().cloned());
            }
            identity.policies.sort();
            identity.policies.dedup();
        }
    }

    let mut skipped_statements = 0;
    let mut policies: BTreeMap<String, Policy> = BTreeMap::new();
    let attached = rows(backend, STATEMENTS, &p, counters)?;
    skipped_statements += add_statements(&mut policies, &attached);
    let boundaries: Vec<String> = principals
        .values()
        .filter_map(|i| i.boundary_id.clone())
        .filter(|id| !policies.contains_key(id))
        .collect();
    if !boundaries.is_empty() {
        let p = params([("IDS", string_list(&boundaries))]);
        let found = rows(backend, BOUNDARY_STATEMENTS, &p, counters)?;
        skipped_statements += add_statements(&mut policies, &found);
    }

    for identity in principals.values_mut() {
        identity.resolved = identity
            .policies
            .iter()
            .filter_map(|id| policies.get(id).cloned())
            .collect();
        identity.boundary = identity
            .boundary_id
            .as_ref()
            .and_then(|id| policies.get(id).cloned());
    }

    let mut resource_policies: BTreeMap<String, Policy> = BTreeMap::new();
    let p = params([("ACCOUNTS", string_list(s3_accounts))]);
    for r in rows(backend, BUCKET_POLICIES, &p, counters)? {
        let Some(bucket) = text(r.first()) else {
            continue;
        };
        let local = text(r.get(1)).map(|id| match id.split_once("/policy_statement/") {
            Some((_, local)) => local.to_string(),
            None => id,
        });
        let get = |i: usize| r.get(i).and_then(json);
        let fields = [
            ("Effect", get(3)),
            ("Action", get(4)),
            ("Resource", get(5)),
            ("Principal", json_text(r.get(6))),
            ("Condition", condition(r.get(7))),
        ];
        let entry = resource_policies
            .entry(bucket.clone())
            .or_insert_with(|| Policy {
                id: bucket_policy_id(&bucket),
                statements: Vec::new(),
            });
        match statement(&fields, local) {
            Some(s) => entry.statements.push(s),
            None => skipped_statements += 1,
        }
    }
    for r in rows(backend, DOCUMENT_POLICIES, &Params::new(), counters)? {
        let (Some(arn), Some(text)) = (text(r.first()), text(r.get(1))) else {
            continue;
        };
        match PolicyDocument::parse(&text) {
            Ok(doc) => {
                let id = resource_policy_id(&arn);
                let statements = doc.statements;
                resource_policies.insert(arn, Policy { id, statements });
            }
            Err(_) => skipped_statements += 1,
        }
    }
    Ok(Inputs {
        principals,
        resource_policies,
        skipped_statements,
    })
}

/// The account of an IAM ARN (`arn:aws:iam::<account>:...`) or a bare account id.
fn account_of(principal: &str) -> Option<&str> {
    if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        return Some(principal);
    }
    principal.split(':').nth(4).filter(|a| !a.is_empty())
}

/// ARNs a resource policy names with an Allow that are not among the evaluated
/// principals: account ids become the account's root principal.
fn named_outsiders(policy: &Policy, known: &BTreeMap<String, Identity>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in &policy.statements {
        if s.effect != Effect::Allow {
            continue;
        }
        let Some(Principals::Listed(list)) = s
            .principal
            .as_ref()
            .filter(|p| !p.negated)
            .map(|p| &p.principals)
        else {
            continue;
        };
        for (kind, value) in list {
            if kind != "AWS" {
                continue;
            }
            let arn = if value.contains(':') {
                value.clone()
            } else {
                format!("arn:aws:iam::{value}:root")
            };
            if !known.contains_key(&arn) {
                out.insert(arn);
            }
        }
    }
    out
}

fn kind_of(arn: &str) -> PrincipalKind {
    if arn.contains(":user/") {
        PrincipalKind::User
    } else if arn.contains(":role/") {
        PrincipalKind::Role
    } else {
        PrincipalKind::Other
    }
}

/// The combined outcome over an entry's permissions (any of them suffices).
#[derive(Default)]
struct Outcome {
    allowed: Vec<crate::policy::Grant>,
}

impl Outcome {
    fn row(self, principal: &str, resource: &str, identity_evaluated: bool) -> Option<Value> {
        let unconditional: Vec<_> = self.allowed.iter().filter(|g| !g.has_condition).collect();
        let chosen: Vec<_> = if unconditional.is_empty() {
            self.allowed.iter().collect()
        } else {
            unconditional
        };
        if chosen.is_empty() {
            return None;
        }
        let has_condition = chosen.iter().all(|g| g.has_condition);
        let set = |f: &dyn Fn(&crate::policy::Grant) -> &Vec<String>| -> BTreeSet<String> {
            chosen.iter().flat_map(|g| f(g).iter().cloned()).collect()
        };
        let keys = if has_condition {
            set(&|g| &g.condition_keys)
        } else {
            BTreeSet::new()
        };
        let conditions: Vec<Json> = if has_condition {
            let mut c: Vec<Json> = Vec::new();
            for g in &chosen {
                for x in &g.conditions {
                    if !c.contains(x) {
                        c.push(x.clone());
                    }
                }
            }
            c
        } else {
            Vec::new()
        };
        let mut m = BTreeMap::new();
        m.insert("principal_arn".into(), Value::from(principal));
        m.insert("resource_arn".into(), Value::from(resource));
        m.insert("has_condition".into(), Value::Bool(has_condition));
        m.insert("condition_keys".into(), string_list(&keys));
        m.insert(
            "conditions".into(),
            if conditions.is_empty() {
                Value::Null
            } else {
                Value::from(Json::Array(conditions).to_string())
            },
        );
        m.insert("granted_by".into(), string_list(&set(&|g| &g.granted_by)));
        m.insert(
            "granted_by_statements".into(),
            string_list(&set(&|g| &g.statements)),
        );
        m.insert("identity_evaluated".into(), Value::Bool(identity_evaluated));
        Some(Value::Map(m))
    }
}

fn decide(ctx: &Context, permissions: &[String], resource: &str) -> Outcome {
    let mut outcome = Outcome::default();
    for permission in permissions {
        if let Decision::Allow(g) = evaluate(ctx, permission, resource) {
            outcome.allowed.push(g);
        }
    }
    outcome
}

/// What one entry did, for the job message.
pub(crate) struct EntryReport {
    pub edges: usize,
    pub resources: usize,
}

/// Per-run state: the inputs read once, then one call per entry.
pub(crate) struct PermissionJob {
    inputs: Inputs,
    iam_accounts: Vec<String>,
}

impl PermissionJob {
    pub(crate) fn read(
        backend: &dyn GraphBackend,
        iam_accounts: &[String],
        s3_accounts: &[String],
        counters: &mut Counters,
    ) -> Result<PermissionJob, CypherError> {
        Ok(PermissionJob {
            inputs: read_inputs(backend, iam_accounts, s3_accounts, counters)?,
            iam_accounts: iam_accounts.to_vec(),
        })
    }

    pub(crate) fn skipped_statements(&self) -> usize {
        self.inputs.skipped_statements
    }

    /// The service an entry's targets come from, if cartograph knows it.
    pub(crate) fn service(entry: &PermissionRelationship) -> Option<&'static str> {
        service_of(&entry.target_label)
    }

    /// Evaluate one entry over the resources of `resource_accounts`, write its edges and
    /// delete the stale ones.
    pub(crate) fn run_entry(
        &self,
        backend: &dyn GraphBackend,
        entry: &PermissionRelationship,
        resource_accounts: &[String],
        update_tag: i64,
        counters: &mut Counters,
    ) -> Result<EntryReport, CypherError> {
        let label = &entry.target_label;
        let precondition = match &entry.target_precondition {
            None => String::new(),
            Some(p) => match p.direction {
                PreconditionDirection::Outgoing => format!(
                    "AND EXISTS {{ (resource)-[:{}]->(:{}) }}",
                    p.relationship, p.related_label
                ),
                PreconditionDirection::Incoming => format!(
                    "AND EXISTS {{ (resource)<-[:{}]-(:{}) }}",
                    p.relationship, p.related_label
                ),
            },
        };
        let query = format!(
            "MATCH (a:AWSAccount)-[:RESOURCE]->(resource:{label})
WHERE a.id IN $ACCOUNTS AND resource.arn IS NOT NULL {precondition}
RETURN DISTINCT a.id, resource.arn"
        );
        let p = params([("ACCOUNTS", string_list(resource_accounts))]);
        let resources: Vec<(String, String)> = rows(backend, &query, &p, counters)?
            .iter()
            .filter_map(|r| Some((text(r.first())?, text(r.get(1))?)))
            .collect();

        let inputs = &self.inputs;
        let mut out = Vec::new();
        let mut outsiders_seen = BTreeSet::new();
        for (account, arn) in &resources {
            let resource_policy = inputs.resource_policies.get(arn);
            for (principal_arn, identity) in &inputs.principals {
                let same = identity.account == *account;
                if !same && resource_policy.is_none() {
                    continue;
                }
                let ctx = Context {
                    principal: Principal {
                        arn: principal_arn,
                        account: &identity.account,
                        kind: identity.kind,
                    },
                    identity: &identity.resolved,
                    boundary: identity.boundary.as_ref(),
                    resource_policy,
                    resource_account: Some(account),
                    identity_unknown: false,
                };
                if let Some(row) =
                    decide(&ctx, &entry.permissions, arn).row(principal_arn, arn, true)
                {
                    out.push(row);
                }
            }
            let Some(policy) = resource_policy else {
                continue;
            };
            for outsider in named_outsiders(policy, &inputs.principals) {
                let Some(outsider_account) = account_of(&outsider) else {
                    continue;
                };
                if self.iam_accounts.iter().any(|a| a == outsider_account) {
                    continue;
                }
                let ctx = Context {
                    principal: Principal {
                        arn: &outsider,
                        account: outsider_account,
                        kind: kind_of(&outsider),
                    },
                    identity: &[],
                    boundary: None,
                    resource_policy: Some(policy),
                    resource_account: Some(account),
                    identity_unknown: true,
                };
                if let Some(row) = decide(&ctx, &entry.permissions, arn).row(&outsider, arn, false)
                {
                    out.push(row);
                }
                outsiders_seen.insert(outsider);
            }
        }

        let rel = &entry.relationship_name;
        let edges = out.len();
        let write = format!(
            "UNWIND $rows AS row
MATCH (p:AWSPrincipal {{arn: row.principal_arn}})
MATCH (r:{label} {{arn: row.resource_arn}})
MERGE (p)-[e:{rel}]->(r)
ON CREATE SET e.firstseen = timestamp()
SET e.lastupdated = $UPDATE_TAG, e.has_condition = row.has_condition,
    e.condition_keys = row.condition_keys, e.conditions = row.conditions,
    e.granted_by = row.granted_by, e.granted_by_statements = row.granted_by_statements,
    e.identity_evaluated = row.identity_evaluated"
        );
        let mut chunk = Vec::new();
        for row in out {
            chunk.push(row);
            if chunk.len() == 1000 {
                let batch = std::mem::take(&mut chunk);
                let p = params([
                    ("rows", Value::List(batch)),
                    ("UPDATE_TAG", Value::Int(update_tag)),
                ]);
                run(backend, &write, &p, counters)?;
            }
        }
        if !chunk.is_empty() {
            let p = params([
                ("rows", Value::List(chunk)),
                ("UPDATE_TAG", Value::Int(update_tag)),
            ]);
            run(backend, &write, &p, counters)?;
        }
        // Stale edges into the re-evaluated resources, from principals that were evaluated
        // or that belong to no synced account.
        let cleanup = format!(
            "MATCH (p:AWSPrincipal)-[e:{rel}]->(r:{label})
WHERE e.lastupdated <> $UPDATE_TAG AND r.arn IN $RESOURCES
  AND (p.arn IN $PRINCIPALS OR NOT EXISTS {{ (x:AWSAccount)-[:RESOURCE]->(p) WHERE x.inscope = true }})
DELETE e"
        );
        let p = params([
            ("UPDATE_TAG", Value::Int(update_tag)),
            (
                "RESOURCES",
                string_list(resources.iter().map(|(_, arn)| arn)),
            ),
            (
                "PRINCIPALS",
                string_list(inputs.principals.keys().chain(outsiders_seen.iter())),
            ),
        ]);
        run(backend, &cleanup, &p, counters)?;
        Ok(EntryReport {
            edges,
            resources: resources.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_statement_forms() {
        let s = statement(
            &[
                ("Effect", Some(Json::from("Allow"))),
                ("Action", Some(serde_json::json!(["s3:GetObject"]))),
                ("Resource", Some(Json::from("*"))),
                (
                    "Condition",
                    condition(Some(&Value::from(
                        r#"[{"IpAddress":{"aws:SourceIp":"1.2.3.4/32"}},{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}]"#,
                    ))),
                ),
            ],
            Some("1".into()),
        );
        let s = s.unwrap_or_else(|| panic!("statement did not parse"));
        assert_eq!(s.sid.as_deref(), Some("1"));
        assert_eq!(s.condition_keys(), vec!["aws:SourceIp", "aws:VpcSourceIp"]);
        let broken = condition(Some(&Value::from("{not json")));
        assert!(broken.is_some_and(|c| c.get("Unparsed").is_some()));
    }

    #[test]
    fn outsiders_and_accounts() {
        assert_eq!(
            account_of("arn:aws:iam::999988887777:role/x"),
            Some("999988887777")
        );
        assert_eq!(account_of("999988887777"), Some("999988887777"));
        assert_eq!(account_of("*"), None);
        let policy = Policy {
            id: "b".into(),
            statements: crate::policy::PolicyDocument::parse(
                r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["999988887777","arn:aws:iam::1:role/r"]},"Action":"s3:*","Resource":"*"},
                                 {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::2:role/d"},"Action":"s3:*","Resource":"*"}]}"#,
            )
            .map(|d| d.statements)
            .unwrap_or_default(),
        };
        let named: Vec<String> = named_outsiders(&policy, &BTreeMap::new())
            .into_iter()
            .collect();
        assert_eq!(
            named,
            vec!["arn:aws:iam::1:role/r", "arn:aws:iam::999988887777:root"]
        );
    }
}

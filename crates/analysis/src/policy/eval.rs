//! Policy evaluation as AWS documents it for a request by an IAM principal: an explicit
//! Deny anywhere wins; otherwise identity policies (limited by a permissions boundary)
//! and a resource-based policy decide — either suffices within one account, both are
//! needed across accounts. Conditions are not evaluated (they depend on the request):
//! a grant that only holds under conditions is reported as conditional with its keys,
//! and a Deny with a condition makes a grant conditional instead of removing it.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::document::{Effect, Principals, Statement};
use super::pattern::{action_matches, not_resource_matches, resource_matches};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    Group,
    Role,
    Other,
}

/// The principal making the request.
#[derive(Debug, Clone, Copy)]
pub struct Principal<'a> {
    pub arn: &'a str,
    pub account: &'a str,
    pub kind: PrincipalKind,
}

/// A named policy: the id is what an edge's `granted_by` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub id: String,
    pub statements: Vec<Statement>,
}

/// Everything that takes part in one decision.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub principal: Principal<'a>,
    /// Identity-based policies (for a user, its groups' policies too).
    pub identity: &'a [Policy],
    pub boundary: Option<&'a Policy>,
    pub resource_policy: Option<&'a Policy>,
    /// The account that owns the resource; `None` means the principal's own.
    pub resource_account: Option<&'a str>,
    /// The principal's identity policies are unknown (its account was not synced): take
    /// them as allowing, so that a resource policy naming a foreign principal decides.
    pub identity_unknown: bool,
}

/// An allowed request: which policies granted it and whether only under conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// Ids of the identity and resource-based policies that granted it, sorted.
    pub granted_by: Vec<String>,
    /// `<policy id>#<Sid or 1-based position>` of the granting statements.
    pub statements: Vec<String>,
    pub has_condition: bool,
    /// Context keys of the conditions the grant depends on (empty when unconditional).
    pub condition_keys: Vec<String>,
    /// Those condition blocks (empty when unconditional).
    pub conditions: Vec<Json>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Allow(Grant),
    /// An unconditional Deny matched: `<policy id>#<statement>`.
    ExplicitDeny(String),
    ImplicitDeny,
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Identity,
    Boundary,
    Resource,
}

#[derive(Debug, Clone, Copy)]
struct Hit<'a> {
    policy: &'a Policy,
    index: usize,
    statement: &'a Statement,
    role: Role,
}

impl Hit<'_> {
    fn reference(&self) -> String {
        let local = self
            .statement
            .sid
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| (self.index + 1).to_string());
        format!("{}#{local}", self.policy.id)
    }
}

/// Whether a statement's action and resource elements cover the request (effect,
/// principal and condition aside).
pub fn statement_applies(statement: &Statement, action: &str, resource: &str) -> bool {
    let action_ok = statement
        .action
        .patterns
        .iter()
        .any(|p| action_matches(p, action))
        != statement.action.negated;
    let resource_ok = match &statement.resource {
        None => false,
        Some(r) if r.negated => !r.patterns.iter().any(|p| not_resource_matches(p, resource)),
        Some(r) => r.patterns.iter().any(|p| resource_matches(p, resource)),
    };
    action_ok && resource_ok
}

/// How a resource-based statement names the principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// By its ARN, or `*`.
    Directly,
    /// Through its account (`arn:aws:iam::<id>:root` or the bare id): the account's own
    /// identity policies must allow too.
    ByAccount,
}

fn named(statement: &Statement, principal: &Principal) -> Option<Named> {
    let clause = statement.principal.as_ref()?;
    let found = match &clause.principals {
        Principals::Anyone => Some(Named::Directly),
        Principals::Listed(list) => {
            let root = format!("arn:aws:iam::{}:root", principal.account);
            list.iter()
                .filter(|(kind, _)| kind == "AWS")
                .map(|(_, v)| {
                    if v == principal.arn {
                        Some(Named::Directly)
                    } else if v == principal.account || *v == root {
                        Some(Named::ByAccount)
                    } else {
                        None
                    }
                })
                .fold(None, |best, n| match (best, n) {
                    (Some(Named::Directly), _) | (_, Some(Named::Directly)) => {
                        Some(Named::Directly)
                    }
                    (b, n) => b.or(n),
                })
        }
    };
    match (clause.negated, found) {
        (false, f) => f,
        (true, Some(_)) => None,
        (true, None) => Some(Named::Directly),
    }
}

/// A conjunction of statement groups; `conditional` when any group only holds under
/// conditions.
#[derive(Debug, Clone, Default)]
struct Path<'a> {
    hits: Vec<Hit<'a>>,
    conditional: bool,
}

impl<'a> Path<'a> {
    /// The allowing hits as one group: conditional only if every one of them is, and then
    /// made of the unconditional ones alone when there are some.
    fn group(hits: Vec<Hit<'a>>) -> Option<Path<'a>> {
        if hits.is_empty() {
            return None;
        }
        let unconditional: Vec<Hit> = hits
            .iter()
            .filter(|h| h.statement.condition.is_none())
            .copied()
            .collect();
        Some(if unconditional.is_empty() {
            Path {
                hits,
                conditional: true,
            }
        } else {
            Path {
                hits: unconditional,
                conditional: false,
            }
        })
    }

    fn and(mut self, other: &Path<'a>) -> Path<'a> {
        self.hits.extend(other.hits.iter().copied());
        self.conditional |= other.conditional;
        self
    }
}

/// Decide whether `ctx.principal` may perform `action` on `resource` (an ARN).
pub fn evaluate(ctx: &Context, action: &str, resource: &str) -> Decision {
    let mut hits: Vec<(Hit, Option<Named>)> = Vec::new();
    let sources = ctx
        .identity
        .iter()
        .map(|p| (p, Role::Identity))
        .chain(ctx.boundary.map(|p| (p, Role::Boundary)))
        .chain(ctx.resource_policy.map(|p| (p, Role::Resource)));
    for (policy, role) in sources {
        for (index, statement) in policy.statements.iter().enumerate() {
            if !statement_applies(statement, action, resource) {
                continue;
            }
            let who = if role == Role::Resource {
                match named(statement, &ctx.principal) {
                    Some(n) => Some(n),
                    None => continue,
                }
            } else {
                None
            };
            let hit = Hit {
                policy,
                index,
                statement,
                role,
            };
            hits.push((hit, who));
        }
    }
    let deny = |h: &Hit| h.statement.effect == Effect::Deny;
    if let Some((h, _)) = hits
        .iter()
        .find(|(h, _)| deny(h) && h.statement.condition.is_none())
    {
        return Decision::ExplicitDeny(h.reference());
    }
    let conditional_denies: Vec<Hit> = hits.iter().map(|(h, _)| *h).filter(deny).collect();
    let allows = |pred: &dyn Fn(&Hit, Option<Named>) -> bool| {
        Path::group(
            hits.iter()
                .filter(|(h, n)| !deny(h) && pred(h, *n))
                .map(|(h, _)| *h)
                .collect(),
        )
    };
    let identity = if ctx.identity_unknown {
        Some(Path::default())
    } else {
        allows(&|h, _| h.role == Role::Identity)
    };
    let boundary = match ctx.boundary {
        None => Some(Path::default()),
        Some(_) => allows(&|h, _| h.role == Role::Boundary),
    };
    let resource_direct = allows(&|h, n| h.role == Role::Resource && n == Some(Named::Directly));
    let resource_any = allows(&|h, _| h.role == Role::Resource);

    let same_account = ctx
        .resource_account
        .is_none_or(|a| a == ctx.principal.account);
    let mut alternatives: Vec<Path> = Vec::new();
    if same_account {
        if let (Some(i), Some(b)) = (&identity, &boundary) {
            alternatives.push(i.clone().and(b));
        }
        if let Some(r) = &resource_direct {
            // A resource policy naming a user's ARN is not limited by the user's boundary;
            // one naming a role is (the caller is the role's session).
            if ctx.boundary.is_none() || ctx.principal.kind == PrincipalKind::User {
                alternatives.push(r.clone());
            } else if let Some(b) = &boundary {
                alternatives.push(r.clone().and(b));
            }
        }
    } else if let (Some(i), Some(b), Some(r)) = (&identity, &boundary, &resource_any) {
        alternatives.push(i.clone().and(b).and(r));
    }
    if alternatives.is_empty() {
        return Decision::ImplicitDeny;
    }
    let unconditional: Vec<&Path> = alternatives.iter().filter(|p| !p.conditional).collect();
    let chosen: Vec<&Path> = if unconditional.is_empty() {
        alternatives.iter().collect()
    } else {
        unconditional
    };
    let has_condition = chosen.iter().all(|p| p.conditional) || !conditional_denies.is_empty();
    let granting = || {
        chosen
            .iter()
            .flat_map(|p| p.hits.iter())
            .filter(|h| h.role != Role::Boundary)
    };
    let granted_by: BTreeSet<String> = granting().map(|h| h.policy.id.clone()).collect();
    let statements: BTreeSet<String> = granting().map(Hit::reference).collect();
    let mut condition_keys = BTreeSet::new();
    let mut conditions = Vec::new();
    if has_condition {
        let conditional_hits = chosen
            .iter()
            .flat_map(|p| p.hits.iter())
            .chain(conditional_denies.iter());
        for h in conditional_hits {
            if let Some(c) = &h.statement.condition {
                condition_keys.extend(h.statement.condition_keys());
                if !conditions.contains(c) {
                    conditions.push(c.clone());
                }
            }
        }
    }
    Decision::Allow(Grant {
        granted_by: granted_by.into_iter().collect(),
        statements: statements.into_iter().collect(),
        has_condition,
        condition_keys: condition_keys.into_iter().collect(),
        conditions,
    })
}

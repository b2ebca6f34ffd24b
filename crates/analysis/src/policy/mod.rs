//! The IAM policy language with no graph involved: parsing documents ([`document`]),
//! wildcard matching ([`pattern`]) and the allow/deny decision ([`eval`]).

pub mod document;
pub mod eval;
pub mod pattern;

pub use document::{
    Clause, Effect, PolicyDocument, PolicyError, PrincipalClause, Principals, Statement,
};
pub use eval::{
    Context, Decision, Grant, Policy, Principal, PrincipalKind, evaluate, statement_applies,
};

#[cfg(test)]
mod tests;

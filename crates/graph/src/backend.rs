//! The one interface every cartograph command uses to reach a graph, whether the embedded
//! database or (later) Neo4j over Bolt.

use cartograph_cypher::CypherError;

use crate::result::QueryResult;
use crate::value::Params;

/// A statement with its parameters, for [`GraphBackend::run_batch`].
#[derive(Debug, Clone)]
pub struct Statement {
    pub query: String,
    pub params: Params,
}

impl Statement {
    pub fn new(query: impl Into<String>, params: Params) -> Statement {
        Statement {
            query: query.into(),
            params,
        }
    }
}

/// Runs parameterised Cypher. Values always travel as parameters, never in the query text.
pub trait GraphBackend: Send + Sync {
    /// Run one statement in its own transaction (auto-commit).
    fn run(&self, query: &str, params: &Params) -> Result<QueryResult, CypherError>;

    /// Run statements in order in one transaction: all of them commit, or none does.
    fn run_batch(&self, statements: &[Statement]) -> Result<Vec<QueryResult>, CypherError>;

    /// A short description for logs and summaries (`embedded:/path`, `bolt://host:7687`).
    fn describe(&self) -> String;
}

//! The Cypher executor (being written).

use cartograph_cypher::{CypherError, ast};

use crate::result::QueryResult;
use crate::store::Graph;
use crate::value::Params;

/// Run one parsed statement against the graph. The caller owns atomicity (savepoints).
pub(crate) fn execute(
    _graph: &mut Graph,
    _stmt: &ast::Statement,
    _source: &str,
    _params: &Params,
    _read_only: bool,
) -> Result<QueryResult, CypherError> {
    Err(CypherError::syntax("the executor is not built yet"))
}

//! Small helpers for reading query results.

use cartograph_graph::{
    Counters, CypherError, GraphBackend, Params, QueryResult, Statement, Value,
};

/// Run one statement, adding its counters to `counters`.
pub(crate) fn run(
    backend: &dyn GraphBackend,
    query: &str,
    params: &Params,
    counters: &mut Counters,
) -> Result<QueryResult, CypherError> {
    let result = backend.run(query, params)?;
    counters.add(&result.counters);
    Ok(result)
}

/// Parameters from name/value pairs.
pub(crate) fn params<const N: usize>(pairs: [(&str, Value); N]) -> Params {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A list parameter of strings.
pub(crate) fn string_list<'a>(items: impl IntoIterator<Item = &'a String>) -> Value {
    Value::List(items.into_iter().map(|s| Value::from(s.as_str())).collect())
}

pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

pub(crate) fn int(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

/// Run a link job: `link` merges the derived relationships for the `$ACCOUNTS` in scope with
/// `$UPDATE_TAG`, then `cleanup` deletes those in scope this run did not see; both in one
/// transaction, so a failure leaves the previous result in place.
pub(crate) fn link_and_clean(
    backend: &dyn GraphBackend,
    link: &str,
    cleanup: &str,
    update_tag: i64,
    accounts: &[String],
) -> Result<Counters, CypherError> {
    let p = params([
        ("UPDATE_TAG", Value::Int(update_tag)),
        ("ACCOUNTS", string_list(accounts)),
    ]);
    run_all(backend, [link, cleanup], &p)
}

/// Run `queries` with the same parameters in one transaction, summing their counters.
pub(crate) fn run_all(
    backend: &dyn GraphBackend,
    queries: impl IntoIterator<Item = impl Into<String>>,
    p: &Params,
) -> Result<Counters, CypherError> {
    let batch: Vec<Statement> = queries
        .into_iter()
        .map(|q| Statement::new(q, p.clone()))
        .collect();
    let mut counters = Counters::default();
    for r in backend.run_batch(&batch)? {
        counters.add(&r.counters);
    }
    Ok(counters)
}

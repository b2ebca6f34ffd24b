//! Helpers shared by the integration tests.
// Each test binary uses only part of these helpers.
#![allow(dead_code)]

use cartograph_analysis::{AnalysisSummary, JobStatus, Options, Synced, run_aws_analysis};
use cartograph_graph::{Database, GraphBackend, Params, Value};

pub fn exec(db: &Database, query: &str) {
    if let Err(e) = db.run(query, &Params::new()) {
        panic!("{e}\n{query}");
    }
}

pub fn rows(db: &Database, query: &str) -> Vec<Vec<Value>> {
    match db.run(query, &Params::new()) {
        Ok(r) => r.rows,
        Err(e) => panic!("{e}\n{query}"),
    }
}

pub fn count(db: &Database, query: &str) -> i64 {
    match rows(db, query).first().and_then(|r| r.first()) {
        Some(Value::Int(n)) => *n,
        other => panic!("{query}: unexpected {other:?}"),
    }
}

/// The first column of every row, as text.
pub fn texts(db: &Database, query: &str) -> Vec<String> {
    rows(db, query)
        .iter()
        .map(|r| match r.first() {
            Some(Value::String(s)) => s.to_string(),
            Some(Value::Null) | None => "null".to_string(),
            Some(other) => other.to_string(),
        })
        .collect()
}

/// A list value as strings.
pub fn list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::List(items)) => items
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

pub fn synced(services: &[&str], accounts: &[&str]) -> Synced {
    let mut s = Synced::default();
    for service in services {
        for account in accounts {
            s.add(service, account);
        }
    }
    s
}

pub fn analyse(db: &Database, tag: i64, opts: &Options) -> AnalysisSummary {
    match run_aws_analysis(db, tag, opts) {
        Ok(s) => {
            let failed: Vec<_> = s
                .jobs
                .iter()
                .filter(|j| j.status == JobStatus::Failed)
                .collect();
            assert!(failed.is_empty(), "{failed:?}");
            s
        }
        Err(e) => panic!("{e}"),
    }
}

/// Every `(principal)-[rel]->(resource)` edge as `principal ARN -> resource ARN`, sorted.
pub fn edges(db: &Database, rel: &str) -> Vec<String> {
    texts(
        db,
        &format!(
            "MATCH (p:AWSPrincipal)-[e:{rel}]->(r) RETURN p.arn + ' -> ' + r.arn AS edge ORDER BY edge"
        ),
    )
}

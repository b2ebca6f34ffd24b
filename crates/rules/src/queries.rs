//! Running pack queries against a graph: parameters, the account filter, result tables.
//!
//! Values only ever travel as parameters. The account filter adds a fixed
//! `WITH * WHERE v.id = $account OR v.name = $account` before the projection, where `v` is
//! the variable the query itself binds to a tenant label.

use std::sync::LazyLock;

use cartograph_graph::{GraphBackend, Params, Value};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use regex::Regex;
use thiserror::Error;

use crate::pack::{PackQuery, ends_with_return};
use crate::tabular::Table;
use crate::value::{from_json, to_json};

/// Labels of the nodes that own everything else (accounts, projects, subscriptions).
const TENANT_LABELS: &str = "AWSAccount|GCPProject|AzureSubscription|AzureTenant|DOAccount|DOProject|KubernetesCluster|OktaOrganization|GitHubOrganization|Tenant";

static TENANT_VARIABLE: LazyLock<Result<Regex, regex::Error>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?:{TENANT_LABELS})\b"
    ))
});

/// A pack query that could not run.
#[derive(Debug, Error)]
pub enum QueryError {
    #[error("query `{name}` cannot be filtered by account: {reason}")]
    NoAccountFilter { name: String, reason: String },
    #[error("query `{name}` failed: {message}")]
    Cypher { name: String, message: String },
    #[error("parameter `{param}` of query `{name}`: {message}")]
    Param {
        name: String,
        param: String,
        message: String,
    },
}

/// The statement text and parameters for `query`, filtered to `account` when given.
pub fn statement(
    query: &PackQuery,
    account: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(String, Params), QueryError> {
    let mut params = Params::new();
    for p in &query.params {
        let value = match p.kind.as_str() {
            "n_recent_days" => {
                let days = p.value.as_i64().ok_or_else(|| QueryError::Param {
                    name: query.name.clone(),
                    param: p.name.clone(),
                    message: "`n_recent_days` needs a whole number of days".into(),
                })?;
                Value::from(iso(now - Duration::days(days)))
            }
            _ => from_json(&p.value),
        };
        params.insert(p.name.clone(), value);
    }
    params.insert("now".into(), Value::from(iso(now)));
    let Some(account) = account else {
        return Ok((query.text(), params));
    };
    params.insert("account".into(), Value::from(account));
    if query.query.contains("$account") || query.ret.contains("$account") {
        return Ok((query.text(), params));
    }
    let text = account_filtered(&query.query, &query.ret).map_err(|reason| {
        QueryError::NoAccountFilter {
            name: query.name.clone(),
            reason,
        }
    })?;
    Ok((text, params))
}

/// `head` (a statement up to and including its final `RETURN`) and `ret` (the projection)
/// joined with the fixed filter `WITH * WHERE v.id = $account OR v.name = $account`, where
/// `v` is the first variable `head` binds to a tenant label; why not, when it binds none.
pub(crate) fn account_filtered(head: &str, ret: &str) -> Result<String, String> {
    let variable = match TENANT_VARIABLE.as_ref() {
        Ok(re) => re
            .captures(head)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string()),
        Err(e) => return Err(e.to_string()),
    };
    let Some(variable) = variable else {
        return Err("it binds no account (or other tenant) variable".into());
    };
    let head = head.trim_end();
    if !ends_with_return(head) {
        return Err("its `query` does not end in RETURN".into());
    }
    let head = &head[..head.len() - "RETURN".len()];
    Ok(format!(
        "{head}WITH * WHERE {variable}.id = $account OR {variable}.name = $account RETURN {}",
        ret.trim()
    ))
}

/// Run `query` and name its columns after its `result_headers` when they match in number.
pub fn run(
    backend: &dyn GraphBackend,
    query: &PackQuery,
    account: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Table, QueryError> {
    let (text, params) = statement(query, account, now)?;
    let filtered = account.is_some() && text != query.text();
    let result = backend.run(&text, &params).map_err(|e| {
        let message = e.to_string();
        // The tenant variable went out of scope (dropped by a WITH) before the filter.
        if filtered && message.contains("not defined") {
            QueryError::NoAccountFilter {
                name: query.name.clone(),
                reason: "its account variable is out of scope before RETURN".into(),
            }
        } else {
            QueryError::Cypher {
                name: query.name.clone(),
                message,
            }
        }
    })?;
    let columns = if query.result_headers.len() == result.columns.len() {
        query.result_headers.clone()
    } else {
        result.columns.clone()
    };
    let rows = result
        .rows
        .iter()
        .map(|row| row.iter().map(|v| to_json(v, &result)).collect())
        .collect();
    Ok(Table {
        name: query.name.clone(),
        description: query.description.clone(),
        columns,
        rows,
    })
}

/// An instant as `2024-01-31T12:00:00Z`, the form Cartography stores AWS timestamps in.
pub fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::PackParam;
    use chrono::TimeZone;

    fn query(q: &str, r: &str) -> PackQuery {
        PackQuery {
            name: "q".into(),
            tags: vec![],
            description: String::new(),
            query: q.into(),
            ret: r.into(),
            result_headers: vec![],
            params: vec![],
            pack: "t".into(),
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 3, 31, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn the_account_filter_is_a_parameter_on_the_tenant_variable() {
        let q = query(
            "MATCH (a:AWSAccount)-[:RESOURCE]->(i:EC2Instance) RETURN ",
            "a.name, i.id ORDER BY i.id",
        );
        let (text, params) =
            statement(&q, Some("x' OR 1=1"), now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            text,
            "MATCH (a:AWSAccount)-[:RESOURCE]->(i:EC2Instance) WITH * WHERE a.id = $account OR a.name = $account RETURN a.name, i.id ORDER BY i.id"
        );
        assert_eq!(
            params.get("account").and_then(Value::as_str),
            Some("x' OR 1=1")
        );
        let (plain, _) = statement(&q, None, now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            plain,
            "MATCH (a:AWSAccount)-[:RESOURCE]->(i:EC2Instance) RETURN a.name, i.id ORDER BY i.id"
        );
    }

    #[test]
    fn queries_without_a_tenant_cannot_be_filtered() {
        let q = query("MATCH (i:EC2Instance) RETURN ", "i.id");
        assert!(matches!(
            statement(&q, Some("prod"), now()),
            Err(QueryError::NoAccountFilter { .. })
        ));
    }

    #[test]
    fn recent_days_parameters_become_instants() {
        let mut q = query(
            "MATCH (i:EC2Instance) WHERE i.launchtime < $target RETURN ",
            "i.id",
        );
        q.params.push(PackParam {
            kind: "n_recent_days".into(),
            name: "target".into(),
            value: serde_json::json!(90),
        });
        let (_, params) = statement(&q, None, now()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            params.get("target").and_then(Value::as_str),
            Some("2024-01-01T12:00:00Z")
        );
        q.params[0].value = serde_json::json!("soon");
        assert!(matches!(
            statement(&q, None, now()),
            Err(QueryError::Param { .. })
        ));
    }
}

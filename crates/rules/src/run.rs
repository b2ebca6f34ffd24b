//! Evaluating rules against a graph: each fact's query gives the failing assets, its count
//! query the population, so passing = population − failing.
//!
//! Every fact receives `$now` (ISO-8601, UTC) so that age-based checks are reproducible:
//! tests pin the clock, the CLI passes the current time. Restricted to one account, both
//! queries get the account filter the query packs use, with the account as `$account`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use cartograph_graph::{GraphBackend, Params, Value};
use chrono::{DateTime, Utc};
use regex::Regex;
use serde_json::{Map, Value as Json};

use crate::model::{Fact, Rule, Severity};
use crate::queries::{account_filtered, iso};

static RETURN: LazyLock<Result<Regex, regex::Error>> =
    LazyLock::new(|| Regex::new(r"(?i)\bRETURN\b"));
use crate::value::{json_text, to_json};

/// One failing asset.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub asset_id: String,
    /// The identity fields' values joined with `|`: stable across runs.
    pub identity: String,
    pub account_id: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    /// Every returned column.
    pub fields: Map<String, Json>,
}

/// What one fact found.
#[derive(Debug, Clone)]
pub struct FactOutcome {
    pub fact: Fact,
    pub population: u64,
    pub findings: Vec<Finding>,
    /// Why the fact could not be evaluated; its findings are then empty.
    pub error: Option<String>,
}

impl FactOutcome {
    /// Distinct failing assets (a fact may report one asset under several identities).
    pub fn failing(&self) -> u64 {
        let assets: BTreeSet<&str> = self.findings.iter().map(|f| f.asset_id.as_str()).collect();
        assets.len() as u64
    }

    pub fn passing(&self) -> u64 {
        self.population.saturating_sub(self.failing())
    }
}

/// What one rule found, fact by fact.
#[derive(Debug, Clone)]
pub struct RuleOutcome {
    pub rule: Rule,
    pub facts: Vec<FactOutcome>,
}

impl RuleOutcome {
    pub fn findings(&self) -> usize {
        self.facts.iter().map(|f| f.findings.len()).sum()
    }

    pub fn errors(&self) -> usize {
        self.facts.iter().filter(|f| f.error.is_some()).count()
    }

    /// `pass`, `fail` or `error` (an error wins: the rule could not be judged).
    pub fn status(&self) -> &'static str {
        if self.errors() > 0 {
            "error"
        } else if self.findings() > 0 {
            "fail"
        } else {
            "pass"
        }
    }
}

/// A whole run, which every output format renders.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub backend: String,
    pub rules: Vec<RuleOutcome>,
}

impl RunReport {
    pub fn findings(&self) -> usize {
        self.rules.iter().map(RuleOutcome::findings).sum()
    }

    pub fn facts(&self) -> usize {
        self.rules.iter().map(|r| r.facts.len()).sum()
    }

    pub fn errors(&self) -> usize {
        self.rules.iter().map(RuleOutcome::errors).sum()
    }

    /// The most severe rule with findings.
    pub fn worst(&self) -> Option<Severity> {
        self.rules
            .iter()
            .filter(|r| r.findings() > 0)
            .map(|r| r.rule.severity)
            .max()
    }
}

/// Evaluate `rules`, in every account or only `account` (id or name); experimental facts
/// are skipped unless `experimental`. A fact whose query fails is recorded as an error, and
/// the other facts still run.
pub fn evaluate(
    backend: &dyn GraphBackend,
    rules: &[&Rule],
    experimental: bool,
    account: Option<&str>,
    now: DateTime<Utc>,
) -> RunReport {
    let started = Utc::now();
    let mut params = Params::new();
    params.insert("now".into(), Value::from(iso(now)));
    if let Some(account) = account {
        params.insert("account".into(), Value::from(account));
    }
    let outcomes = rules
        .iter()
        .map(|rule| RuleOutcome {
            rule: (*rule).clone(),
            facts: rule
                .facts
                .iter()
                .filter(|f| experimental || f.maturity == crate::model::Maturity::Stable)
                .map(|fact| evaluate_fact(backend, fact, &params))
                .collect(),
        })
        .collect();
    RunReport {
        started,
        finished: Utc::now(),
        backend: backend.describe(),
        rules: outcomes,
    }
}

fn evaluate_fact(backend: &dyn GraphBackend, fact: &Fact, params: &Params) -> FactOutcome {
    let mut outcome = FactOutcome {
        fact: fact.clone(),
        population: 0,
        findings: Vec::new(),
        error: None,
    };
    let filter = params.contains_key("account");
    let evaluated = statement(&fact.count_query, filter)
        .map_err(|e| format!("count query cannot be filtered by account: {e}"))
        .and_then(|count| population(backend, &count, params))
        .and_then(|population| {
            statement(&fact.query, filter)
                .map_err(|e| format!("query cannot be filtered by account: {e}"))
                .and_then(|query| findings(backend, fact, &query, params))
                .map(|findings| (population, findings))
        });
    match evaluated {
        Ok((population, findings)) => {
            outcome.population = population.max(distinct_assets(&findings));
            outcome.findings = findings;
        }
        Err(e) => outcome.error = Some(e),
    }
    outcome
}

fn distinct_assets(findings: &[Finding]) -> u64 {
    findings
        .iter()
        .map(|f| f.asset_id.as_str())
        .collect::<BTreeSet<_>>()
        .len() as u64
}

/// `text` as is, or with the account filter before its final `RETURN` (unless it already
/// uses `$account` itself).
fn statement(text: &str, filter: bool) -> Result<String, String> {
    if !filter || text.contains("$account") {
        return Ok(text.to_string());
    }
    let last = match RETURN.as_ref() {
        Ok(re) => re.find_iter(text).last(),
        Err(e) => return Err(e.to_string()),
    };
    let Some(last) = last else {
        return Err("it has no RETURN".into());
    };
    account_filtered(&text[..last.end()], &text[last.end()..])
}

fn population(
    backend: &dyn GraphBackend,
    count_query: &str,
    params: &Params,
) -> Result<u64, String> {
    let result = backend
        .run(count_query, params)
        .map_err(|e| format!("count query: {e}"))?;
    match result.rows.as_slice() {
        [row] => match row.as_slice() {
            [Value::Int(n)] => Ok((*n).max(0) as u64),
            other => Err(format!("count query returned {other:?}, not one integer")),
        },
        rows => Err(format!("count query returned {} rows, not one", rows.len())),
    }
}

fn findings(
    backend: &dyn GraphBackend,
    fact: &Fact,
    query: &str,
    params: &Params,
) -> Result<Vec<Finding>, String> {
    let result = backend
        .run(query, params)
        .map_err(|e| format!("query: {e}"))?;
    for field in fact.identity_fields.iter().chain([&fact.asset_id_field]) {
        if !result.columns.contains(field) {
            return Err(format!(
                "query returns no `{field}` column (it returns {})",
                result.columns.join(", ")
            ));
        }
    }
    let mut seen = BTreeMap::new();
    let mut out = Vec::with_capacity(result.rows.len());
    for row in &result.rows {
        let fields: Map<String, Json> = result
            .columns
            .iter()
            .cloned()
            .zip(row.iter().map(|v| to_json(v, &result)))
            .collect();
        let text = |name: &str| fields.get(name).map(json_text).filter(|s| !s.is_empty());
        let identity = fact
            .identity_fields
            .iter()
            .map(|f| text(f).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("|");
        if seen.insert(identity.clone(), ()).is_some() {
            continue;
        }
        out.push(Finding {
            asset_id: text(&fact.asset_id_field).unwrap_or_default(),
            identity,
            account_id: text("account_id"),
            account: text("account"),
            region: text("region"),
            fields,
        });
    }
    Ok(out)
}

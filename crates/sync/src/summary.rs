//! The end-of-run summary: per service and scope, what was read, written, deleted, how long
//! it took and what went wrong. The CLI prints it and writes it as JSON (`--summary FILE`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::loader::{CleanupStats, LoadStats};

/// One service synced in one scope (e.g. EC2 in account 123456789012, region eu-west-1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub provider: String,
    /// The tenant the service belongs to (AWS account id, GCP project, ...).
    pub scope: String,
    pub region: Option<String>,
    pub service: String,
    /// Records read from the provider.
    pub records: u64,
    /// Nodes written (created or updated).
    pub nodes: u64,
    /// Relationships created.
    pub relationships: u64,
    pub nodes_deleted: u64,
    pub relationships_deleted: u64,
    pub duration_ms: u64,
    pub retries: u64,
    pub errors: Vec<String>,
}

impl ServiceSummary {
    pub fn new(provider: &str, scope: &str, region: Option<&str>, service: &str) -> ServiceSummary {
        ServiceSummary {
            provider: provider.into(),
            scope: scope.into(),
            region: region.map(Into::into),
            service: service.into(),
            ..ServiceSummary::default()
        }
    }

    /// Count an upsert. Link rows are not nodes, so pass `nodes = false` for links.
    pub fn add_load(&mut self, stats: &LoadStats, nodes: bool) {
        if nodes {
            self.nodes += stats.rows;
        }
        self.relationships += stats.relationships_created;
    }

    pub fn add_cleanup(&mut self, stats: &CleanupStats) {
        self.nodes_deleted += stats.nodes_deleted;
        self.relationships_deleted += stats.relationships_deleted;
    }

    pub fn succeeded(&self) -> bool {
        self.errors.is_empty()
    }
}

/// How a whole run ended; the CLI maps it to its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    /// Some services failed, the rest synced.
    Partial,
    /// Every service failed (or nothing ran).
    Failed,
}

/// Everything one run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub update_tag: i64,
    pub duration_ms: u64,
    pub services: Vec<ServiceSummary>,
}

impl RunSummary {
    pub fn new(update_tag: i64) -> RunSummary {
        RunSummary {
            update_tag,
            ..RunSummary::default()
        }
    }

    pub fn outcome(&self) -> Outcome {
        let failed = self.services.iter().filter(|s| !s.succeeded()).count();
        if self.services.is_empty() || failed == self.services.len() {
            Outcome::Failed
        } else if failed > 0 {
            Outcome::Partial
        } else {
            Outcome::Success
        }
    }

    /// The sum over all services (scope, region and service left empty).
    pub fn totals(&self) -> ServiceSummary {
        let mut t = ServiceSummary::new("", "", None, "total");
        for s in &self.services {
            t.records += s.records;
            t.nodes += s.nodes;
            t.relationships += s.relationships;
            t.nodes_deleted += s.nodes_deleted;
            t.relationships_deleted += s.relationships_deleted;
            t.duration_ms += s.duration_ms;
            t.retries += s.retries;
            t.errors.extend(s.errors.iter().cloned());
        }
        t
    }

    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialisation cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl fmt::Display for RunSummary {
    /// A fixed-width table, one line per service, then totals and the outcome.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:<16} {:<8} {:>8} {:>8} {:>8} {:>8} {:>9}  status",
            "scope", "region", "service", "records", "nodes", "rels", "deleted", "ms"
        )?;
        for s in &self.services {
            let status = if s.succeeded() {
                "ok".to_string()
            } else {
                format!("FAILED: {}", s.errors.join("; "))
            };
            writeln!(
                f,
                "{:<14} {:<16} {:<8} {:>8} {:>8} {:>8} {:>8} {:>9}  {status}",
                s.scope,
                s.region.as_deref().unwrap_or("-"),
                s.service,
                s.records,
                s.nodes,
                s.relationships,
                s.nodes_deleted + s.relationships_deleted,
                s.duration_ms
            )?;
        }
        let t = self.totals();
        writeln!(
            f,
            "total: {} records, {} nodes, {} relationships created, {} nodes and {} relationships deleted, \
             {} errors in {} ms ({:?})",
            t.records,
            t.nodes,
            t.relationships,
            t.nodes_deleted,
            t.relationships_deleted,
            t.errors.len(),
            self.duration_ms,
            self.outcome()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str, error: Option<&str>) -> ServiceSummary {
        let mut s = ServiceSummary::new("aws", "123456789012", Some("us-east-1"), name);
        s.add_load(
            &LoadStats {
                rows: 3,
                relationships_created: 2,
                ..LoadStats::default()
            },
            true,
        );
        s.add_cleanup(&CleanupStats {
            nodes_deleted: 1,
            ..CleanupStats::default()
        });
        s.errors.extend(error.map(String::from));
        s
    }

    #[test]
    fn outcome_reflects_failures() {
        let mut run = RunSummary::new(7);
        assert_eq!(run.outcome(), Outcome::Failed);
        run.services.push(service("ec2", None));
        assert_eq!(run.outcome(), Outcome::Success);
        run.services.push(service("s3", Some("AccessDenied")));
        assert_eq!(run.outcome(), Outcome::Partial);
        let t = run.totals();
        assert_eq!(
            (t.nodes, t.relationships, t.nodes_deleted, t.errors.len()),
            (6, 4, 2, 1)
        );
    }

    #[test]
    fn json_round_trips() {
        let mut run = RunSummary::new(1700000000);
        run.services.push(service("iam", None));
        let json = run.to_json();
        assert!(json.contains("\"service\": \"iam\""));
        let back: RunSummary = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, run);
        assert!(run.to_string().contains("Success"));
    }
}

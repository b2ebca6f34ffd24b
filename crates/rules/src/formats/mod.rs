//! Rule results in the formats people and security tooling read: text for a terminal,
//! JSON, SARIF 2.1.0 (code-scanning dashboards), OCSF Compliance Finding events (security
//! data lakes), CSV (spreadsheets) and JUnit XML (CI test reports).

mod csv;
mod json;
mod junit;
mod ocsf;
mod sarif;
mod text;

use std::io::{self, Write};

use clap::ValueEnum;
use sha2::{Digest, Sha256};

use crate::run::RunReport;

/// The name and version findings are reported under.
pub const TOOL_NAME: &str = "cartograph";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const TOOL_URI: &str = "https://github.com/cartograph/cartograph";

/// An output format of `rules run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindingFormat {
    Text,
    Json,
    Sarif,
    Ocsf,
    Csv,
    Junit,
}

/// Write `report` in `format`.
pub fn write(report: &RunReport, format: FindingFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        FindingFormat::Text => text::write(report, out),
        FindingFormat::Json => pretty(&json::render(report), out),
        FindingFormat::Sarif => pretty(&sarif::render(report), out),
        FindingFormat::Ocsf => pretty(&ocsf::render(report), out),
        FindingFormat::Csv => csv::write(report, out),
        FindingFormat::Junit => junit::write(report, out),
    }
}

fn pretty(value: &serde_json::Value, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}

/// A stable id for a finding: the same asset failing the same fact hashes the same in
/// every run, which lets dashboards track it.
pub(crate) fn fingerprint(rule: &str, fact: &str, identity: &str) -> String {
    let mut hash = Sha256::new();
    for part in [rule, fact, identity] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small run report for the format tests.
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    use crate::model::{Fact, Framework, Maturity, Reference, Rule, Severity};
    use crate::run::{FactOutcome, Finding, RuleOutcome, RunReport};

    fn fact(id: &str) -> Fact {
        Fact {
            id: id.into(),
            name: format!("{id} name"),
            description: "Finds <things> & \"stuff\"".into(),
            provider: "aws".into(),
            maturity: Maturity::Stable,
            asset_label: "AWSEC2Instance".into(),
            asset_id_field: "instance_id".into(),
            identity_fields: vec!["instance_id".into()],
            query: "MATCH (i) RETURN i.id AS instance_id".into(),
            count_query: "MATCH (i) RETURN count(i)".into(),
        }
    }

    fn rule(id: &str, severity: Severity) -> Rule {
        Rule {
            id: id.into(),
            name: format!("{id} name"),
            description: "A rule, with a comma".into(),
            severity,
            remediation: "Fix it.".into(),
            tags: vec!["ec2".into()],
            version: "1.0.0".into(),
            references: vec![Reference {
                text: "CIS".into(),
                url: "https://www.cisecurity.org/benchmark/amazon_web_services".into(),
            }],
            frameworks: vec![Framework {
                name: "CIS AWS Foundations Benchmark".into(),
                short_name: "CIS".into(),
                requirement: "6.7".into(),
                scope: Some("aws".into()),
                revision: Some("6.0.0".into()),
                title: Some("Ensure IMDSv2".into()),
            }],
            facts: vec![fact(&format!("{id}_fact"))],
        }
    }

    pub fn report() -> RunReport {
        let at = Utc
            .with_ymd_and_hms(2024, 3, 31, 12, 0, 0)
            .single()
            .unwrap_or_default();
        let finding = |id: &str| {
            Finding {
            asset_id: id.into(),
            identity: id.into(),
            account_id: Some("123456789012".into()),
            account: Some("prod".into()),
            region: Some("us-east-1".into()),
            fields: json!({"instance_id": id, "account_id": "123456789012", "region": "us-east-1", "ports": [22, 3389]})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        }
        };
        let failing = rule("failing_rule", Severity::High);
        let passing = rule("passing_rule", Severity::Low);
        let broken = rule("broken_rule", Severity::Medium);
        RunReport {
            started: at,
            finished: at,
            backend: "embedded:memory".into(),
            rules: vec![
                RuleOutcome {
                    facts: vec![FactOutcome {
                        fact: failing.facts[0].clone(),
                        population: 5,
                        findings: vec![finding("i-1"), finding("i-2")],
                        error: None,
                    }],
                    rule: failing,
                },
                RuleOutcome {
                    facts: vec![FactOutcome {
                        fact: passing.facts[0].clone(),
                        population: 3,
                        findings: vec![],
                        error: None,
                    }],
                    rule: passing,
                },
                RuleOutcome {
                    facts: vec![FactOutcome {
                        fact: broken.facts[0].clone(),
                        population: 0,
                        findings: vec![],
                        error: Some("query: unknown function".into()),
                    }],
                    rule: broken,
                },
            ],
        }
    }
}

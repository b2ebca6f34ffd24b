//! The complete run as JSON: every rule with its mappings, every fact with its counts and
//! findings (all returned columns).

use serde_json::{Value as Json, json};

use crate::formats::{TOOL_NAME, TOOL_VERSION, fingerprint};
use crate::run::RunReport;

pub fn render(report: &RunReport) -> Json {
    let rules: Vec<Json> = report
        .rules
        .iter()
        .map(|outcome| {
            let rule = &outcome.rule;
            let facts: Vec<Json> = outcome
                .facts
                .iter()
                .map(|fact| {
                    let findings: Vec<Json> = fact
                        .findings
                        .iter()
                        .map(|f| {
                            json!({
                                "id": fingerprint(&rule.id, &fact.fact.id, &f.identity),
                                "asset_id": f.asset_id,
                                "asset_label": fact.fact.asset_label,
                                "identity": f.identity,
                                "account_id": f.account_id,
                                "region": f.region,
                                "fields": f.fields,
                            })
                        })
                        .collect();
                    json!({
                        "id": fact.fact.id,
                        "name": fact.fact.name,
                        "provider": fact.fact.provider,
                        "maturity": fact.fact.maturity.as_str(),
                        "asset_label": fact.fact.asset_label,
                        "population": fact.population,
                        "failing": fact.failing(),
                        "passing": fact.passing(),
                        "error": fact.error,
                        "findings": findings,
                    })
                })
                .collect();
            json!({
                "id": rule.id,
                "name": rule.name,
                "description": rule.description,
                "severity": rule.severity.as_str(),
                "version": rule.version,
                "tags": rule.tags,
                "status": outcome.status(),
                "frameworks": rule.frameworks,
                "references": rule.references,
                "remediation": rule.remediation,
                "findings": outcome.findings(),
                "facts": facts,
            })
        })
        .collect();
    json!({
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "backend": report.backend,
        "started": report.started.to_rfc3339(),
        "finished": report.finished.to_rfc3339(),
        "summary": {
            "rules": report.rules.len(),
            "failing_rules": report.rules.iter().filter(|r| r.status() == "fail").count(),
            "facts": report.facts(),
            "findings": report.findings(),
            "errors": report.errors(),
        },
        "rules": rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn carries_counts_and_findings() {
        let json = render(&report());
        assert_eq!(json["summary"]["findings"], 2);
        assert_eq!(json["rules"][0]["facts"][0]["passing"], 3);
        assert_eq!(
            json["rules"][0]["facts"][0]["findings"][1]["asset_id"],
            "i-2"
        );
        assert_eq!(json["rules"][0]["frameworks"][0]["requirement"], "6.7");
        assert_eq!(json["rules"][2]["status"], "error");
    }
}

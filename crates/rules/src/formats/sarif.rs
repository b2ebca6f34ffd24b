//! SARIF 2.1.0: one reporting descriptor per rule, one result per finding. Cloud assets
//! have no file, so results carry a logical location (`provider/account/region/label/id`)
//! and a stable partial fingerprint.

use serde_json::{Value as Json, json};

use crate::formats::{TOOL_NAME, TOOL_URI, TOOL_VERSION, fingerprint};
use crate::model::Severity;
use crate::run::RunReport;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The score code-scanning dashboards sort by (`security-severity`, 0.0–10.0).
fn score(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

pub fn render(report: &RunReport) -> Json {
    let mut descriptors = Vec::new();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for (index, outcome) in report.rules.iter().enumerate() {
        let rule = &outcome.rule;
        let mut descriptor = json!({
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.name},
            "fullDescription": {"text": rule.description},
            "defaultConfiguration": {"level": level(rule.severity)},
            "properties": {
                "tags": rule.tags,
                "severity": rule.severity.as_str(),
                "security-severity": score(rule.severity),
                "frameworks": rule.frameworks.iter().map(|f| format!("{}:{}", f.key(), f.requirement)).collect::<Vec<_>>(),
            },
        });
        if !rule.remediation.is_empty() {
            descriptor["help"] = json!({"text": rule.remediation});
        }
        if let Some(reference) = rule.references.first() {
            descriptor["helpUri"] = json!(reference.url);
        }
        descriptors.push(descriptor);
        for fact in &outcome.facts {
            if let Some(error) = &fact.error {
                notifications.push(json!({
                    "level": "error",
                    "message": {"text": format!("{} / {}: {error}", rule.id, fact.fact.id)},
                    "associatedRule": {"id": rule.id, "index": index},
                }));
            }
            for f in &fact.findings {
                let path = [
                    Some(fact.fact.provider.as_str()),
                    f.account_id.as_deref(),
                    f.region.as_deref(),
                    Some(fact.fact.asset_label.as_str()),
                    Some(f.asset_id.as_str()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("/");
                results.push(json!({
                    "ruleId": rule.id,
                    "ruleIndex": index,
                    "level": level(rule.severity),
                    "kind": "fail",
                    "message": {"text": format!("{}: {} {}", fact.fact.name, fact.fact.asset_label, f.asset_id)},
                    "locations": [{
                        "logicalLocations": [{
                            "name": f.asset_id,
                            "fullyQualifiedName": path,
                            "kind": "resource",
                        }],
                    }],
                    "partialFingerprints": {
                        "cartographFinding/v1": fingerprint(&rule.id, &fact.fact.id, &f.identity),
                    },
                    "properties": {
                        "fact": fact.fact.id,
                        "assetLabel": fact.fact.asset_label,
                        "fields": f.fields,
                    },
                }));
            }
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": TOOL_VERSION,
                "informationUri": TOOL_URI,
                "rules": descriptors,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "startTimeUtc": report.started.to_rfc3339(),
                "endTimeUtc": report.finished.to_rfc3339(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn one_result_per_finding_with_logical_locations() {
        let sarif = render(&report());
        let run = &sarif["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().map(Vec::len),
            Some(3)
        );
        assert_eq!(run["results"].as_array().map(Vec::len), Some(2));
        assert_eq!(run["results"][0]["level"], "error");
        assert_eq!(
            run["results"][0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "aws/123456789012/us-east-1/AWSEC2Instance/i-1"
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    }
}

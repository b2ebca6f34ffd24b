//! OCSF Compliance Finding events (class 2003, schema 1.8.0 with the `cloud` profile): one
//! failing event per finding and one passing event per evaluated fact without findings, so
//! a data lake sees the posture, not only the failures.

use serde_json::{Value as Json, json};

use crate::formats::{TOOL_NAME, TOOL_VERSION, fingerprint};
use crate::model::{Rule, Severity};
use crate::run::{FactOutcome, Finding, RunReport};

const OCSF_VERSION: &str = "1.8.0";
const CLASS_UID: i64 = 2003;
const CATEGORY_UID: i64 = 2;
/// Activity "Create": a finding reported by this run.
const ACTIVITY_CREATE: i64 = 1;

fn severity_id(severity: Severity) -> i64 {
    match severity {
        Severity::Info => 1,
        Severity::Low => 2,
        Severity::Medium => 3,
        Severity::High => 4,
        Severity::Critical => 5,
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "Informational",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

/// OCSF's cloud provider names for cartograph's provider ids.
fn provider_name(provider: &str) -> String {
    match provider {
        "aws" => "AWS".into(),
        "gcp" => "GCP".into(),
        "azure" => "Azure".into(),
        other => other.to_string(),
    }
}

pub fn render(report: &RunReport) -> Json {
    let time = report.finished.timestamp_millis();
    let mut events = Vec::new();
    for outcome in &report.rules {
        for fact in &outcome.facts {
            if fact.error.is_some() {
                continue;
            }
            if fact.findings.is_empty() {
                events.push(event(&outcome.rule, fact, None, time));
            }
            for finding in &fact.findings {
                events.push(event(&outcome.rule, fact, Some(finding), time));
            }
        }
    }
    Json::Array(events)
}

fn event(rule: &Rule, fact: &FactOutcome, finding: Option<&Finding>, time: i64) -> Json {
    let (status, status_id) = if finding.is_some() {
        ("Fail", 3)
    } else {
        ("Pass", 1)
    };
    let identity = finding.map_or("", |f| f.identity.as_str());
    let standards: Vec<String> = rule.frameworks.iter().map(|f| f.name.clone()).collect();
    let requirements: Vec<String> = rule
        .frameworks
        .iter()
        .map(|f| format!("{}:{}", f.key(), f.requirement))
        .collect();
    let control = rule
        .frameworks
        .first()
        .map_or_else(|| rule.id.clone(), |f| f.requirement.clone());
    let mut cloud = json!({"provider": provider_name(&fact.fact.provider)});
    let mut event = json!({
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Compliance Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Compliance Finding: Create",
        "time": time,
        "severity_id": severity_id(rule.severity),
        "severity": severity_name(rule.severity),
        "status_id": 1,
        "status": "New",
        "message": match finding {
            Some(f) => format!("{}: {} {}", fact.fact.name, fact.fact.asset_label, f.asset_id),
            None => format!("{}: {} assets pass", fact.fact.name, fact.population),
        },
        "metadata": {
            "version": OCSF_VERSION,
            "profiles": ["cloud"],
            "product": {"name": TOOL_NAME, "vendor_name": TOOL_NAME, "version": TOOL_VERSION},
        },
        "finding_info": {
            "uid": fingerprint(&rule.id, &fact.fact.id, identity),
            "title": rule.name,
            "desc": rule.description,
            "types": ["Compliance"],
            "tags": [],
            "created_time": time,
        },
        "compliance": {
            "control": control,
            "standards": standards,
            "requirements": requirements,
            "status": status,
            "status_id": status_id,
            "desc": fact.fact.description,
        },
        "cloud": {},
        "unmapped": {"rule_id": rule.id, "fact_id": fact.fact.id, "population": fact.population},
    });
    if !rule.remediation.is_empty() {
        event["remediation"] = json!({"desc": rule.remediation});
    }
    if let Some(f) = finding {
        let mut resource = json!({
            "uid": f.asset_id,
            "type": fact.fact.asset_label,
            "data": f.fields,
        });
        if let Some(region) = &f.region {
            resource["region"] = json!(region);
            cloud["region"] = json!(region);
        }
        if let Some(account) = &f.account_id {
            let mut acct = json!({"uid": account});
            if let Some(name) = &f.account {
                acct["name"] = json!(name);
            }
            cloud["account"] = acct;
        }
        event["resources"] = json!([resource]);
    }
    event["cloud"] = cloud;
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn fail_events_per_finding_and_pass_events_per_clean_fact() {
        let events = render(&report());
        let events = events.as_array().cloned().unwrap_or_default();
        assert_eq!(events.len(), 3);
        assert_eq!(events[0]["compliance"]["status_id"], 3);
        assert_eq!(events[0]["cloud"]["account"]["uid"], "123456789012");
        assert_eq!(events[0]["resources"][0]["uid"], "i-1");
        assert_eq!(events[2]["compliance"]["status"], "Pass");
        assert_eq!(events[0]["type_uid"], 200301);
    }
}

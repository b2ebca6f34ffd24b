//! Findings of every built-in rule on the test estate, in every format: SARIF and OCSF
//! validate against their published JSON schemas (tests/schemas, see its README), the
//! others parse and carry the same totals.

mod common;

use cartograph_rules::formats::{self, FindingFormat};
use cartograph_rules::ruleset::RuleSet;
use cartograph_rules::run::{RunReport, evaluate};
use serde_json::Value as Json;

fn report() -> RunReport {
    let db = common::estate();
    let set = RuleSet::built_in().unwrap_or_else(|e| panic!("{e}"));
    evaluate(&db, &set.filtered(None), true, None, common::now())
}

fn render(report: &RunReport, format: FindingFormat) -> String {
    let mut out = Vec::new();
    formats::write(report, format, &mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

fn schema(file: &str) -> jsonschema::Validator {
    let path = format!("{}/tests/schemas/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    jsonschema::validator_for(&json).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Json, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let report = report();
    let sarif: Json =
        serde_json::from_str(&render(&report, FindingFormat::Sarif)).unwrap_or_default();
    assert_valid(&schema("sarif-schema-2.1.0.json"), &sarif, "SARIF");
    let results = sarif["runs"][0]["results"].as_array().map_or(0, Vec::len);
    assert_eq!(results, report.findings());
    // The schema is strict enough to catch a broken document.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Json::from("fatal");
    assert!(!schema("sarif-schema-2.1.0.json").is_valid(&broken));
}

#[test]
fn ocsf_events_validate_against_the_compliance_finding_schema() {
    let report = report();
    let events: Json =
        serde_json::from_str(&render(&report, FindingFormat::Ocsf)).unwrap_or_default();
    let events = events.as_array().cloned().unwrap_or_default();
    let validator = schema("ocsf-1.8.0-compliance_finding-cloud.schema.json");
    for event in &events {
        assert_valid(
            &validator,
            event,
            &format!("OCSF event {}", event["finding_info"]["uid"]),
        );
    }
    let failing = events
        .iter()
        .filter(|e| e["compliance"]["status_id"] == 3)
        .count();
    assert_eq!(failing, report.findings());
    assert!(events.iter().any(|e| e["compliance"]["status"] == "Pass") || failing == events.len());
    let mut broken = events[0].clone();
    broken["class_uid"] = Json::from(2004);
    assert!(!validator.is_valid(&broken));
}

#[test]
fn json_csv_junit_and_text_carry_the_same_totals() {
    let report = report();
    let findings = report.findings();
    let json: Json =
        serde_json::from_str(&render(&report, FindingFormat::Json)).unwrap_or_default();
    assert_eq!(json["summary"]["findings"], findings);
    assert_eq!(json["summary"]["errors"], 0);

    let csv = render(&report, FindingFormat::Csv);
    assert_eq!(
        csv.split("\r\n").filter(|l| !l.is_empty()).count(),
        findings + 1
    );

    let junit = render(&report, FindingFormat::Junit);
    assert!(junit.starts_with("<?xml"));
    assert!(junit.contains(&format!(
        "tests=\"{}\" failures=\"{}\" errors=\"0\"",
        report.facts(),
        report.facts()
    )));
    assert_eq!(junit.matches("<testcase ").count(), report.facts());

    let text = render(&report, FindingFormat::Text);
    assert!(text.ends_with(&format!(
        "{} rules: {} failing, 0 passing, 0 with errors; {} facts, {findings} findings\n",
        report.rules.len(),
        report.rules.len(),
        report.facts()
    )));
}

//! One CSV row per finding, for spreadsheets.

use std::io::{self, Write};

use crate::formats::fingerprint;
use crate::run::RunReport;
use crate::tabular::write_csv_row;

const HEADER: [&str; 12] = [
    "finding_id",
    "rule_id",
    "rule_name",
    "severity",
    "frameworks",
    "fact_id",
    "provider",
    "asset_label",
    "asset_id",
    "account_id",
    "region",
    "details",
];

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    write_csv_row(out, HEADER.into_iter())?;
    for outcome in &report.rules {
        let rule = &outcome.rule;
        let frameworks = rule
            .frameworks
            .iter()
            .map(|f| format!("{}:{}", f.key(), f.requirement))
            .collect::<Vec<_>>()
            .join(" ");
        for fact in &outcome.facts {
            for f in &fact.findings {
                let details = serde_json::Value::Object(f.fields.clone()).to_string();
                let id = fingerprint(&rule.id, &fact.fact.id, &f.identity);
                let cells = [
                    id.as_str(),
                    &rule.id,
                    &rule.name,
                    rule.severity.as_str(),
                    &frameworks,
                    &fact.fact.id,
                    &fact.fact.provider,
                    &fact.fact.asset_label,
                    &f.asset_id,
                    f.account_id.as_deref().unwrap_or(""),
                    f.region.as_deref().unwrap_or(""),
                    &details,
                ];
                write_csv_row(out, cells.into_iter())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn one_row_per_finding() {
        let mut out = Vec::new();
        write(&report(), &mut out).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out);
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("finding_id,rule_id,"));
        assert!(lines[1].contains(",failing_rule,failing_rule name,high,CIS:aws:6.0.0:6.7,failing_rule_fact,aws,AWSEC2Instance,i-1,123456789012,us-east-1,\"{"), "{}", lines[1]);
    }
}

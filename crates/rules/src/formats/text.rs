//! A terminal summary: one line per rule, the failing assets of each fact (the first few),
//! then totals.

use std::io::{self, Write};

use crate::run::RunReport;

/// Failing assets listed per fact before "... and N more".
const SHOWN: usize = 10;

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    for outcome in &report.rules {
        let rule = &outcome.rule;
        let frameworks: Vec<String> = rule
            .frameworks
            .iter()
            .map(|f| format!("{} {}", f.key(), f.requirement))
            .collect();
        let mapped = if frameworks.is_empty() {
            String::new()
        } else {
            format!("; {}", frameworks.join(", "))
        };
        writeln!(
            out,
            "[{}] {} — {} ({}{mapped})",
            outcome.status().to_uppercase(),
            rule.id,
            rule.name,
            rule.severity
        )?;
        for fact in &outcome.facts {
            if let Some(error) = &fact.error {
                writeln!(out, "    {}: could not run: {error}", fact.fact.id)?;
                continue;
            }
            writeln!(
                out,
                "    {}: {} failing, {} passing of {}",
                fact.fact.id,
                fact.failing(),
                fact.passing(),
                fact.population
            )?;
            for finding in fact.findings.iter().take(SHOWN) {
                let mut place = Vec::new();
                if let Some(account) = finding.account.as_ref().or(finding.account_id.as_ref()) {
                    place.push(format!("account {account}"));
                }
                if let Some(region) = &finding.region {
                    place.push(region.clone());
                }
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", place.join(", "))
                };
                writeln!(out, "      - {}{place}", finding.asset_id)?;
            }
            if fact.findings.len() > SHOWN {
                writeln!(out, "      ... and {} more", fact.findings.len() - SHOWN)?;
            }
        }
    }
    let failing = report.rules.iter().filter(|r| r.status() == "fail").count();
    let passing = report.rules.iter().filter(|r| r.status() == "pass").count();
    writeln!(
        out,
        "\n{} rules: {failing} failing, {passing} passing, {} with errors; {} facts, {} findings",
        report.rules.len(),
        report.rules.len() - failing - passing,
        report.facts(),
        report.findings()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn shows_status_findings_and_totals() {
        let mut out = Vec::new();
        write(&report(), &mut out).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains("[FAIL] failing_rule — failing_rule name (high; CIS:aws:6.0.0 6.7)\n"),
            "{text}"
        );
        assert!(text.contains("    failing_rule_fact: 2 failing, 3 passing of 5\n      - i-1 (account prod, us-east-1)\n"), "{text}");
        assert!(text.contains("[ERROR] broken_rule"), "{text}");
        assert!(
            text.ends_with("3 rules: 1 failing, 1 passing, 1 with errors; 3 facts, 2 findings\n"),
            "{text}"
        );
    }
}

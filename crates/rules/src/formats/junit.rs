//! JUnit XML for CI test reports: a test suite per rule, a test case per fact, failing
//! when the fact has findings (listing the assets) and erroring when it could not run.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::run::RunReport;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

pub fn write(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let seconds = (report.finished - report.started).num_milliseconds() as f64 / 1000.0;
    let failures: usize = report
        .rules
        .iter()
        .flat_map(|r| &r.facts)
        .filter(|f| f.error.is_none() && !f.findings.is_empty())
        .count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"cartograph rules\" tests=\"{}\" failures=\"{failures}\" errors=\"{}\" time=\"{seconds:.3}\">",
        report.facts(),
        report.errors()
    );
    for outcome in &report.rules {
        let rule = &outcome.rule;
        let failing = outcome
            .facts
            .iter()
            .filter(|f| f.error.is_none() && !f.findings.is_empty())
            .count();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failing}\" errors=\"{}\" timestamp=\"{}\">",
            escape(&rule.id),
            outcome.facts.len(),
            outcome.errors(),
            report.started.format("%Y-%m-%dT%H:%M:%S")
        );
        for fact in &outcome.facts {
            let _ = write!(
                xml,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(&rule.id),
                escape(&fact.fact.id)
            );
            if let Some(error) = &fact.error {
                let _ = writeln!(
                    xml,
                    ">\n      <error message=\"{}\"/>\n    </testcase>",
                    escape(error)
                );
            } else if fact.findings.is_empty() {
                xml.push_str("/>\n");
            } else {
                let assets: Vec<String> = fact
                    .findings
                    .iter()
                    .map(|f| match &f.account_id {
                        Some(account) => format!("{} (account {account})", f.asset_id),
                        None => f.asset_id.clone(),
                    })
                    .collect();
                let _ = writeln!(
                    xml,
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                    escape(&format!(
                        "{} of {} {} assets fail: {}",
                        fact.failing(),
                        fact.population,
                        fact.fact.asset_label,
                        rule.name
                    )),
                    rule.severity,
                    escape(&assets.join("\n"))
                );
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture::report;

    #[test]
    fn failures_and_errors_are_test_outcomes() {
        let mut out = Vec::new();
        write(&report(), &mut out).unwrap_or_else(|e| panic!("{e}"));
        let xml = String::from_utf8_lossy(&out);
        assert!(
            xml.contains(
                "<testsuites name=\"cartograph rules\" tests=\"3\" failures=\"1\" errors=\"1\""
            ),
            "{xml}"
        );
        assert!(xml.contains("<failure message=\"2 of 5 AWSEC2Instance assets fail: failing_rule name\" type=\"high\">i-1 (account 123456789012)\ni-2 (account 123456789012)</failure>"), "{xml}");
        assert!(
            xml.contains("<testcase classname=\"passing_rule\" name=\"passing_rule_fact\"/>"),
            "{xml}"
        );
        assert!(
            xml.contains("<error message=\"query: unknown function\"/>"),
            "{xml}"
        );
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}

//! The conformance report: a per-feature table, failure and skip reasons grouped by count,
//! optionally every failing scenario, and the totals line.

use std::collections::HashMap;
use std::fmt::Write;

use crate::run::{FeatureReport, Outcome};

/// How many failure groups the default report lists.
const TOP_REASONS: usize = 40;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub passed: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Totals {
    pub fn of(features: &[FeatureReport]) -> Totals {
        let mut t = Totals::default();
        for s in features.iter().flat_map(|f| &f.scenarios) {
            match s.outcome {
                Outcome::Passed { .. } => t.passed += 1,
                Outcome::Failed(_) => t.failed += 1,
                Outcome::Skipped(_) => t.skipped += 1,
            }
        }
        t
    }

    /// The report's last line, which scripts read.
    pub fn line(&self) -> String {
        format!(
            "TCK: {} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// What to include beyond the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Detail {
    /// Every failing scenario with its query and reason.
    pub failures: bool,
    /// Also the expected/actual rows of each failure and every skipped scenario.
    pub verbose: bool,
}

/// The report text, without the totals line.
pub fn render(features: &[FeatureReport], detail: Detail) -> String {
    let mut out = String::new();
    if detail.failures || detail.verbose {
        failing_scenarios(&mut out, features, detail.verbose);
    }
    feature_table(&mut out, features);
    grouped(
        &mut out,
        "Failure reasons",
        features,
        detail.verbose,
        |o| match o {
            Outcome::Failed(f) => Some(f.category.as_str()),
            _ => None,
        },
    );
    grouped(&mut out, "Skip reasons", features, true, |o| match o {
        Outcome::Skipped(r) => Some(r.as_str()),
        _ => None,
    });
    let lenient = features
        .iter()
        .flat_map(|f| &f.scenarios)
        .filter(|s| {
            matches!(
                s.outcome,
                Outcome::Passed {
                    unchecked_detail: true
                }
            )
        })
        .count();
    if lenient > 0 {
        let _ = writeln!(
            out,
            "{lenient} passing scenarios expected an error detail the engine did not report (type matched).\n"
        );
    }
    out
}

fn failing_scenarios(out: &mut String, features: &[FeatureReport], verbose: bool) {
    for f in features {
        for s in &f.scenarios {
            match &s.outcome {
                Outcome::Failed(fail) => {
                    let _ = writeln!(out, "FAIL {}:{} {}", f.path, s.line, s.name);
                    if let Some(q) = &fail.query {
                        for l in q.lines() {
                            let _ = writeln!(out, "    | {l}");
                        }
                    }
                    let _ = writeln!(out, "  reason: {}", fail.message);
                    if verbose && !fail.listing.is_empty() {
                        for l in fail.listing.lines() {
                            let _ = writeln!(out, "  {l}");
                        }
                    }
                }
                Outcome::Skipped(reason) if verbose => {
                    let _ = writeln!(out, "SKIP {}:{} {} ({reason})", f.path, s.line, s.name);
                }
                _ => {}
            }
        }
    }
    out.push('\n');
}

fn feature_table(out: &mut String, features: &[FeatureReport]) {
    let width = features
        .iter()
        .map(|f| f.path.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let _ = writeln!(
        out,
        "{:<width$} {:>6} {:>6} {:>7}",
        "feature", "passed", "failed", "skipped"
    );
    for f in features {
        let t = Totals::of(std::slice::from_ref(f));
        let _ = writeln!(
            out,
            "{:<width$} {:>6} {:>6} {:>7}",
            f.path, t.passed, t.failed, t.skipped
        );
    }
    out.push('\n');
}

/// Count outcomes by reason, most frequent first; `all` lists every group, else the top few.
fn grouped<'a>(
    out: &mut String,
    title: &str,
    features: &'a [FeatureReport],
    all: bool,
    reason: impl Fn(&'a Outcome) -> Option<&'a str>,
) {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for s in features.iter().flat_map(|f| &f.scenarios) {
        if let Some(r) = reason(&s.outcome) {
            *counts.entry(r).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return;
    }
    let mut counts: Vec<(&str, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown = if all {
        counts.len()
    } else {
        counts.len().min(TOP_REASONS)
    };
    let _ = writeln!(out, "{title} ({} kinds):", counts.len());
    for (r, n) in &counts[..shown] {
        let _ = writeln!(out, "{n:>6}  {r}");
    }
    if shown < counts.len() {
        let rest: u64 = counts[shown..].iter().map(|(_, n)| n).sum();
        let _ = writeln!(
            out,
            "{rest:>6}  ({} more kinds; see --verbose)",
            counts.len() - shown
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::Failure;
    use crate::run::ScenarioReport;

    fn report() -> Vec<FeatureReport> {
        let s = |name: &str, outcome| ScenarioReport {
            name: name.into(),
            line: 3,
            outcome,
        };
        let mut fail = Failure::new("wrong values", "row 1 differs");
        fail.query = Some("RETURN 1\n  AS x".into());
        vec![FeatureReport {
            path: "clauses/x/X1.feature".into(),
            scenarios: vec![
                s(
                    "a",
                    Outcome::Passed {
                        unchecked_detail: true,
                    },
                ),
                s("b", Outcome::Failed(fail.clone())),
                s("c", Outcome::Failed(fail)),
                s("d", Outcome::Skipped("tagged @skip".into())),
            ],
        }]
    }

    #[test]
    fn totals_and_groups() {
        let r = report();
        let t = Totals::of(&r);
        assert_eq!(t.line(), "TCK: 1 passed, 2 failed, 1 skipped");
        let text = render(&r, Detail::default());
        assert!(
            text.contains("clauses/x/X1.feature      1      2       1"),
            "{text}"
        );
        assert!(text.contains("     2  wrong values"), "{text}");
        assert!(text.contains("     1  tagged @skip"), "{text}");
        assert!(!text.contains("FAIL"));
        assert!(
            text.contains("1 passing scenarios expected an error detail"),
            "{text}"
        );
        let text = render(
            &r,
            Detail {
                failures: true,
                verbose: false,
            },
        );
        assert!(text.contains("FAIL clauses/x/X1.feature:3 b\n    | RETURN 1\n    |   AS x\n  reason: row 1 differs"), "{text}");
    }
}

//! Running the features in parallel. Scenarios execute in worker processes (see
//! [`crate::worker`]), so that a runaway query is killed at its time limit and a crashing
//! engine (stack overflow, abort) costs one scenario, not the whole run.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use crate::exec::Failure;
use crate::gherkin::Scenario;
use crate::plan::{self, Action, PlanError};
use crate::worker::{Worker, WorkerCommand};

/// Tags that mark a scenario as not to be run.
const SKIP_TAGS: [&str; 2] = ["@skip", "@ignore"];

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Passed; `unchecked_detail` when an expected error matched by type only because the
    /// engine reported no detail.
    Passed {
        unchecked_detail: bool,
    },
    Failed(Failure),
    Skipped(String),
}

#[derive(Debug, Clone)]
pub struct ScenarioReport {
    pub name: String,
    pub line: usize,
    pub outcome: Outcome,
}

/// A feature file to run: its path relative to the features directory and either its
/// scenarios (already filtered) or the reason it could not be read.
pub struct FeatureJob {
    pub path: String,
    pub scenarios: Result<Vec<Scenario>, String>,
}

pub struct FeatureReport {
    pub path: String,
    pub scenarios: Vec<ScenarioReport>,
}

/// A scenario's actions, or the outcome that makes running it unnecessary.
pub fn prepare(s: &Scenario) -> Result<Vec<Action>, Outcome> {
    if let Some(tag) = s.tags.iter().find(|t| SKIP_TAGS.contains(&t.as_str())) {
        return Err(Outcome::Skipped(format!("tagged {tag}")));
    }
    plan::plan(s).map_err(|e| match e {
        PlanError::Unsupported(step) => Outcome::Skipped(format!("unsupported step: {step}")),
        PlanError::Invalid(e) => Outcome::Failed(Failure::new("malformed step", e)),
    })
}

/// Run all features on `jobs` threads, each driving its own worker process; reports come
/// back in the order of `features`.
pub fn run_all(
    features: Vec<FeatureJob>,
    jobs: usize,
    timeout: Duration,
    cmd: &WorkerCommand,
) -> Vec<FeatureReport> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<FeatureReport>>> =
        Mutex::new((0..features.len()).map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                let mut worker = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(feature) = features.get(i) else {
                        break;
                    };
                    let report = run_feature(feature, timeout, cmd, &mut worker);
                    if let Ok(mut slots) = slots.lock() {
                        slots[i] = Some(report);
                    }
                }
                // Dropping the idle worker ends its process.
                drop(worker);
            });
        }
    });
    slots
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

fn run_feature(
    feature: &FeatureJob,
    timeout: Duration,
    cmd: &WorkerCommand,
    worker: &mut Option<Worker>,
) -> FeatureReport {
    let scenarios = match &feature.scenarios {
        Ok(scenarios) => scenarios
            .iter()
            .map(|s| {
                let outcome = match prepare(s) {
                    Err(outcome) => outcome,
                    Ok(actions) => {
                        let mut outcome = Worker::ask(worker, cmd, &feature.path, s.index, timeout);
                        if let Outcome::Failed(f) = &mut outcome
                            && f.query.is_none()
                        {
                            f.query = main_query(&actions);
                        }
                        outcome
                    }
                };
                ScenarioReport {
                    name: s.name.clone(),
                    line: s.line,
                    outcome,
                }
            })
            .collect(),
        Err(e) => vec![ScenarioReport {
            name: "(feature file)".into(),
            line: 0,
            outcome: Outcome::Failed(Failure::new("unreadable feature file", e.clone())),
        }],
    };
    FeatureReport {
        path: feature.path.clone(),
        scenarios,
    }
}

/// The query under test, shown with failures that happen before it runs.
fn main_query(actions: &[Action]) -> Option<String> {
    actions.iter().find_map(|a| match a {
        Action::Query {
            text,
            control: false,
        } => Some(text.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gherkin::{self, Step};

    fn scenario(tags: &[&str], steps: &[&str]) -> Scenario {
        Scenario {
            index: 0,
            name: "s".into(),
            line: 1,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            steps: steps
                .iter()
                .map(|t| Step {
                    keyword: "Given".into(),
                    text: t.to_string(),
                    docstring: None,
                    table: None,
                    line: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn skips() {
        assert_eq!(
            prepare(&scenario(&["@skip"], &["any graph"])).err(),
            Some(Outcome::Skipped("tagged @skip".into()))
        );
        assert_eq!(
            prepare(&scenario(&[], &["any graph", "a procedure exists"])).err(),
            Some(Outcome::Skipped(
                "unsupported step: Given a procedure exists".into()
            ))
        );
        assert!(prepare(&scenario(&["@skipStyleCheck"], &["any graph"])).is_ok());
    }

    #[test]
    fn runs_features_in_order() {
        let parsed =
            gherkin::parse("Feature: f\n  Scenario: a\n    Given any graph\n").expect("parses");
        let skipped = gherkin::parse("Feature: f\n  @skip\n  Scenario: a\n    Given any graph\n")
            .expect("parses");
        let jobs = vec![
            FeatureJob {
                path: "one".into(),
                scenarios: Ok(skipped.scenarios),
            },
            FeatureJob {
                path: "two".into(),
                scenarios: Err("bad".into()),
            },
            FeatureJob {
                path: "three".into(),
                scenarios: Ok(parsed.scenarios),
            },
        ];
        // A worker that dies at once: the runnable scenario fails, the others are unaffected.
        let cmd = WorkerCommand {
            program: "sh".into(),
            args: vec!["-c".into(), "exit 3".into()],
        };
        let reports = run_all(jobs, 2, Duration::from_secs(10), &cmd);
        let paths: Vec<_> = reports.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["one", "two", "three"]);
        assert_eq!(
            reports[0].scenarios[0].outcome,
            Outcome::Skipped("tagged @skip".into())
        );
        assert!(
            matches!(&reports[1].scenarios[0].outcome, Outcome::Failed(f) if f.category == "unreadable feature file")
        );
        assert!(
            matches!(&reports[2].scenarios[0].outcome, Outcome::Failed(f) if f.category.starts_with("crash"))
        );
    }
}

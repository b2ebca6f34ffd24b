//! Running scenarios in parallel, each on its own thread with a time limit, so that a
//! runaway query or a panicking engine bug costs one scenario and not the whole run.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use crate::exec::{self, Failure, Graphs};
use crate::gherkin::Scenario;
use crate::plan::{self, PlanError};

/// Tags that mark a scenario as not to be run.
const SKIP_TAGS: [&str; 2] = ["@skip", "@ignore"];

/// Prefix of the threads scenarios run on; the panic hook stays quiet only on these.
const SCENARIO_THREAD: &str = "tck-scenario";

/// Scenario threads get a large stack: deep recursion in the engine must fail the scenario,
/// not overflow the stack (which would abort the whole process).
const SCENARIO_STACK: usize = 256 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Passed,
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

thread_local! {
    /// Where the last panic on this thread happened, recorded by the panic hook.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keep panics on scenario threads off stderr (they become failures); others print as usual.
pub fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if thread::current().name().is_some_and(|n| n.starts_with(SCENARIO_THREAD)) {
            let loc = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
            PANIC_LOCATION.with(|p| *p.borrow_mut() = loc);
        } else {
            default(info);
        }
    }));
}

/// Run all features on `jobs` threads; reports come back in the order of `features`.
pub fn run_all(features: Vec<FeatureJob>, jobs: usize, timeout: Duration, graphs: Arc<Graphs>) -> Vec<FeatureReport> {
    let features = Arc::new(features);
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<FeatureReport>>> = Mutex::new((0..features.len()).map(|_| None).collect());
    thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(feature) = features.get(i) else { break };
                    let report = run_feature(feature, timeout, &graphs);
                    if let Ok(mut slots) = slots.lock() {
                        slots[i] = Some(report);
                    }
                }
            });
        }
    });
    slots.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

fn run_feature(feature: &FeatureJob, timeout: Duration, graphs: &Arc<Graphs>) -> FeatureReport {
    let scenarios = match &feature.scenarios {
        Ok(scenarios) => scenarios.iter().map(|s| run_scenario(s, timeout, graphs)).collect(),
        Err(e) => vec![ScenarioReport {
            name: "(feature file)".into(),
            line: 0,
            outcome: Outcome::Failed(Failure::new("unreadable feature file", e.clone())),
        }],
    };
    FeatureReport { path: feature.path.clone(), scenarios }
}

/// Plan a scenario and, unless it is skipped, run it on a fresh thread within `timeout`.
pub fn run_scenario(s: &Scenario, timeout: Duration, graphs: &Arc<Graphs>) -> ScenarioReport {
    let report = |outcome| ScenarioReport { name: s.name.clone(), line: s.line, outcome };
    if let Some(tag) = s.tags.iter().find(|t| SKIP_TAGS.contains(&t.as_str())) {
        return report(Outcome::Skipped(format!("tagged {tag}")));
    }
    let actions = match plan::plan(s) {
        Ok(a) => a,
        Err(PlanError::Unsupported(step)) => return report(Outcome::Skipped(format!("unsupported step: {step}"))),
        Err(PlanError::Invalid(e)) => return report(Outcome::Failed(Failure::new("malformed step", e))),
    };
    let query = actions.iter().find_map(|a| match a {
        plan::Action::Query { text, control: false } => Some(text.clone()),
        _ => None,
    });
    let graphs = Arc::clone(graphs);
    let mut outcome = guarded(&s.name, timeout, move || exec::run(&actions, &graphs));
    if let Outcome::Failed(f) = &mut outcome {
        if f.query.is_none() {
            f.query = query;
        }
    }
    report(outcome)
}

/// Run `work` on a fresh thread, turning a panic into a failure and giving up on it (the
/// thread is left to finish on its own) after `timeout`.
fn guarded(name: &str, timeout: Duration, work: impl FnOnce() -> Result<(), Failure> + Send + 'static) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let spawned = thread::Builder::new().name(format!("{SCENARIO_THREAD} {name}")).stack_size(SCENARIO_STACK).spawn(move || {
        let outcome = match panic::catch_unwind(AssertUnwindSafe(work)) {
            Ok(Ok(())) => Outcome::Passed,
            Ok(Err(f)) => Outcome::Failed(f),
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic payload".into());
                let at = PANIC_LOCATION.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "?".into());
                Outcome::Failed(Failure::new(format!("panic: {}", exec::mask(&msg)), format!("panic at {at}: {msg}")))
            }
        };
        // The receiver is gone when the scenario already timed out; nobody is waiting.
        let _ = tx.send(outcome);
    });
    if let Err(e) = spawned {
        return Outcome::Failed(Failure::new("runner: cannot start a thread", e.to_string()));
    }
    match rx.recv_timeout(timeout) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::Failed(Failure::new(
            "timeout",
            format!("no result within {} s; the scenario thread was abandoned", timeout.as_secs_f64()),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Outcome::Failed(Failure::new("runner: scenario thread vanished", "the scenario thread ended without a result"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gherkin::{self, Step};

    fn scenario(tags: &[&str], steps: &[&str]) -> Scenario {
        Scenario {
            name: "s".into(),
            line: 1,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            steps: steps
                .iter()
                .map(|t| Step { keyword: "Given".into(), text: t.to_string(), docstring: None, table: None, line: 1 })
                .collect(),
        }
    }

    #[test]
    fn skips() {
        let graphs = Arc::new(Graphs::new());
        let t = Duration::from_secs(10);
        let r = run_scenario(&scenario(&["@skip"], &["any graph"]), t, &graphs);
        assert_eq!(r.outcome, Outcome::Skipped("tagged @skip".into()));
        let r = run_scenario(&scenario(&[], &["any graph", "a procedure exists"]), t, &graphs);
        assert_eq!(r.outcome, Outcome::Skipped("unsupported step: Given a procedure exists".into()));
        let r = run_scenario(&scenario(&["@skipStyleCheck"], &["any graph"]), t, &graphs);
        assert_eq!(r.outcome, Outcome::Passed);
    }

    #[test]
    fn panics_and_timeouts_become_failures() {
        install_panic_hook();
        let t = Duration::from_millis(300);
        let out = guarded("p", t, || panic!("engine bug {}", 42));
        assert!(matches!(&out, Outcome::Failed(f) if f.category == "panic: engine bug N" && f.message.contains("run.rs")), "{out:?}");
        let out = guarded("t", t, || {
            thread::sleep(Duration::from_secs(2));
            Ok(())
        });
        assert!(matches!(&out, Outcome::Failed(f) if f.category == "timeout"), "{out:?}");
        assert_eq!(guarded("ok", t, || Ok(())), Outcome::Passed);
    }

    #[test]
    fn runs_features_in_order() {
        let parsed = gherkin::parse("Feature: f\n  Scenario: a\n    Given any graph\n").expect("parses");
        let jobs = vec![
            FeatureJob { path: "one".into(), scenarios: Ok(parsed.scenarios.clone()) },
            FeatureJob { path: "two".into(), scenarios: Err("bad".into()) },
            FeatureJob { path: "three".into(), scenarios: Ok(parsed.scenarios) },
        ];
        let reports = run_all(jobs, 2, Duration::from_secs(10), Arc::new(Graphs::new()));
        let paths: Vec<_> = reports.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, vec!["one", "two", "three"]);
        assert_eq!(reports[0].scenarios[0].outcome, Outcome::Passed);
        assert!(matches!(&reports[1].scenarios[0].outcome, Outcome::Failed(f) if f.category == "unreadable feature file"));
    }
}

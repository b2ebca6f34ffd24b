//! Runs sync jobs (one service in one scope and region) on a bounded number of threads, then
//! cleans up each scope whose jobs all succeeded. A scope with any failed, skipped or
//! cancelled job is never cleaned up: a partial failure must not delete good data.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use crate::summary::ServiceSummary;

/// The work of one job: fill in the summary's counts, or fail with a message.
pub type Work<'a> = Box<dyn FnOnce(&mut ServiceSummary) -> Result<(), String> + Send + 'a>;

/// One service in one scope (and region).
pub struct Job<'a> {
    pub summary: ServiceSummary,
    pub work: Work<'a>,
}

impl<'a> Job<'a> {
    pub fn new(
        summary: ServiceSummary,
        work: impl FnOnce(&mut ServiceSummary) -> Result<(), String> + Send + 'a,
    ) -> Job<'a> {
        Job {
            summary,
            work: Box::new(work),
        }
    }
}

/// How the runner behaves.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions<'s> {
    /// Jobs running at once (at least 1).
    pub concurrency: usize,
    /// Stop starting jobs after the first failure.
    pub fail_fast: bool,
    /// Set (e.g. by a Ctrl-C handler) to stop starting jobs; no cleanup runs afterwards.
    pub stop: Option<&'s AtomicBool>,
}

impl Default for RunOptions<'_> {
    fn default() -> Self {
        RunOptions {
            concurrency: 8,
            fail_fast: false,
            stop: None,
        }
    }
}

/// Run `jobs`, then for each scope in `cleanups` whose jobs all succeeded, its cleanup
/// (recorded as a service named `cleanup`). Summaries come back in job order, cleanups last.
pub fn run<'a>(
    jobs: Vec<Job<'a>>,
    cleanups: BTreeMap<String, Job<'a>>,
    options: RunOptions<'_>,
) -> Vec<ServiceSummary> {
    let failed = AtomicBool::new(false);
    let should_stop = || {
        options.stop.is_some_and(|s| s.load(Ordering::SeqCst))
            || (options.fail_fast && failed.load(Ordering::SeqCst))
    };
    let slots: Vec<Mutex<Option<Job<'a>>>> =
        jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let done: Vec<Mutex<Option<ServiceSummary>>> = slots.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = options.concurrency.max(1).min(slots.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(slot) = slots.get(i) else { break };
                    let Some(job) = slot.lock().ok().and_then(|mut j| j.take()) else {
                        continue;
                    };
                    let summary = if should_stop() {
                        skipped(job.summary)
                    } else {
                        run_one(job, &failed)
                    };
                    if let Ok(mut d) = done[i].lock() {
                        *d = Some(summary);
                    }
                }
            });
        }
    });
    let mut out: Vec<ServiceSummary> = done
        .into_iter()
        .filter_map(|d| d.into_inner().ok().flatten())
        .collect();
    let cancelled = options.stop.is_some_and(|s| s.load(Ordering::SeqCst));
    for (scope, job) in cleanups {
        let scope_ok = out
            .iter()
            .filter(|s| s.scope == scope)
            .all(ServiceSummary::succeeded);
        if scope_ok && !cancelled {
            out.push(run_one(job, &failed));
        } else {
            tracing::warn!(scope, "skipping cleanup: the scope did not sync completely");
        }
    }
    out
}

fn run_one(job: Job<'_>, failed: &AtomicBool) -> ServiceSummary {
    let mut summary = job.summary;
    let started = Instant::now();
    // A panicking job must not take the run down; it counts as a failure of that job.
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (job.work)(&mut summary)));
    summary.duration_ms = started.elapsed().as_millis() as u64;
    let error = match result {
        Ok(Ok(())) => None,
        Ok(Err(message)) => Some(message),
        Err(_) => Some("the job panicked".to_string()),
    };
    if let Some(message) = error {
        tracing::warn!(
            scope = summary.scope,
            service = summary.service,
            error = message,
            "job failed"
        );
        summary.errors.push(message);
        failed.store(true, Ordering::SeqCst);
    }
    summary
}

fn skipped(mut summary: ServiceSummary) -> ServiceSummary {
    summary
        .errors
        .push("not run: the run was stopped".to_string());
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    fn job<'a>(scope: &str, service: &str, ok: bool, log: &'a Mutex<Vec<String>>) -> Job<'a> {
        let name = format!("{scope}/{service}");
        Job::new(
            ServiceSummary::new("test", scope, None, service),
            move |s| {
                s.records = 1;
                if let Ok(mut l) = log.lock() {
                    l.push(name.clone());
                }
                if ok {
                    Ok(())
                } else {
                    Err(format!("{name} failed"))
                }
            },
        )
    }

    fn cleanup_for<'a>(scope: &str, log: &'a Mutex<Vec<String>>) -> (String, Job<'a>) {
        let name = format!("cleanup {scope}");
        let j = Job::new(
            ServiceSummary::new("test", scope, None, "cleanup"),
            move |_| {
                if let Ok(mut l) = log.lock() {
                    l.push(name);
                }
                Ok(())
            },
        );
        (scope.to_string(), j)
    }

    #[test]
    fn cleanup_runs_only_for_fully_synced_scopes() {
        let log = Mutex::new(Vec::new());
        let jobs = vec![
            job("a", "ec2", true, &log),
            job("a", "s3", true, &log),
            job("b", "ec2", true, &log),
            job("b", "s3", false, &log),
        ];
        let cleanups = [cleanup_for("a", &log), cleanup_for("b", &log)]
            .into_iter()
            .collect();
        let out = run(
            jobs,
            cleanups,
            RunOptions {
                concurrency: 2,
                ..RunOptions::default()
            },
        );
        let log = log.into_inner().unwrap_or_default();
        assert!(log.contains(&"cleanup a".to_string()));
        assert!(!log.contains(&"cleanup b".to_string()));
        assert_eq!(out.len(), 5);
        assert_eq!(out.iter().filter(|s| !s.succeeded()).count(), 1);
        assert_eq!(out[3].errors, vec!["b/s3 failed".to_string()]);
    }

    #[test]
    fn concurrency_is_bounded() {
        let running = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        let jobs: Vec<Job> = (0..12)
            .map(|i| {
                let (running, peak) = (&running, &peak);
                Job::new(
                    ServiceSummary::new("test", "a", None, &format!("s{i}")),
                    move |_| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        running.fetch_sub(1, Ordering::SeqCst);
                        Ok(())
                    },
                )
            })
            .collect();
        let out = run(
            jobs,
            BTreeMap::new(),
            RunOptions {
                concurrency: 3,
                ..RunOptions::default()
            },
        );
        assert_eq!(out.len(), 12);
        assert!(peak.load(Ordering::SeqCst) <= 3);
        assert!(out.iter().all(ServiceSummary::succeeded));
    }

    #[test]
    fn fail_fast_and_stop_skip_remaining_work_and_cleanup() {
        let log = Mutex::new(Vec::new());
        let jobs = vec![
            job("a", "iam", false, &log),
            job("a", "ec2", true, &log),
            job("b", "ec2", true, &log),
        ];
        let cleanups = [cleanup_for("b", &log)].into_iter().collect();
        let out = run(
            jobs,
            cleanups,
            RunOptions {
                concurrency: 1,
                fail_fast: true,
                stop: None,
            },
        );
        assert_eq!(
            log.lock().map(|l| l.clone()).unwrap_or_default(),
            vec!["a/iam".to_string()]
        );
        assert!(out.iter().all(|s| !s.succeeded()));

        let stop = AtomicBool::new(true);
        let log2 = Mutex::new(Vec::new());
        let cleanups = [cleanup_for("a", &log2)].into_iter().collect();
        let out = run(
            vec![job("a", "s3", true, &log2)],
            cleanups,
            RunOptions {
                concurrency: 1,
                fail_fast: false,
                stop: Some(&stop),
            },
        );
        assert!(log2.lock().map(|l| l.is_empty()).unwrap_or(false));
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn a_panicking_job_is_a_failed_job() {
        let jobs = vec![Job::new(
            ServiceSummary::new("test", "a", None, "boom"),
            |_| -> Result<(), String> { panic!("bad record") },
        )];
        let out = run(jobs, BTreeMap::new(), RunOptions::default());
        assert_eq!(out[0].errors, vec!["the job panicked".to_string()]);
    }
}

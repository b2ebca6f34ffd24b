//! `cartograph sync`: read the cloud through its read-only APIs and write it into the graph.
//! Flags mirror Cartography's; each also comes from a `CARTOGRAPH_*` variable or the
//! `--config` TOML file (flag > environment > file > default).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Result, anyhow, bail};
use cartograph_analysis::{Options, Synced};
use cartograph_aws::fetch::{self, Progress, Selection, SyncRequest, Task};
use cartograph_sync::{Outcome, ServiceSummary};
use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::config::SyncConfig;
use crate::graph::{self, Access, DbArgs};

const EXIT_CODES: &str = "\
Exit codes:
  0  every service synced
  3  partial failure: some services failed (their data and scope were left untouched), the rest synced
  4  total failure: nothing synced
  130 interrupted (Ctrl-C): what was written stays, nothing was cleaned up
  1  the sync could not start (bad configuration, database in use, ...); 2: invalid command line

Every option can also be set in the --config TOML file (same names, without the dashes) or
with a CARTOGRAPH_* environment variable; flags win over the environment, which wins over
the file. AWS credentials, profiles, regions and endpoints (AWS_ENDPOINT_URL,
AWS_ENDPOINT_URL_<SERVICE>) come from the standard AWS configuration.";

/// Modules `--selected-modules` accepts.
const MODULES: &[&str] = &["aws"];

#[derive(Args, Debug, Default)]
#[command(after_help = EXIT_CODES)]
pub struct SyncArgs {
    /// Sync AWS (the default when no module is selected).
    #[arg(long, env = "CARTOGRAPH_AWS")]
    aws: bool,
    /// Modules to sync, comma-separated (known: aws).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "MODULE,...",
        env = "CARTOGRAPH_SELECTED_MODULES"
    )]
    selected_modules: Option<Vec<String>>,
    /// Sync every profile of the AWS config and credentials files (except `default`), one
    /// account per profile; otherwise the current credentials (AWS_PROFILE, ...) are used.
    #[arg(long, env = "CARTOGRAPH_AWS_SYNC_ALL_PROFILES")]
    aws_sync_all_profiles: bool,
    /// Regions to read, comma-separated [default: every region ec2:DescribeRegions lists].
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "REGION,...",
        env = "CARTOGRAPH_AWS_REGIONS"
    )]
    aws_regions: Option<Vec<String>>,
    /// AWS syncs to run, comma-separated: iam, s3, organizations, ec2 or parts of it
    /// (ec2:instance, ec2:security_group, ec2:vpc, ...) [default: all].
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SYNC,...",
        env = "CARTOGRAPH_AWS_REQUESTED_SYNCS"
    )]
    aws_requested_syncs: Option<Vec<String>>,
    /// Attempts per AWS API call (standard retry mode: exponential backoff with jitter on
    /// throttling and transient errors) [default: 5].
    #[arg(long, value_name = "N", env = "CARTOGRAPH_AWS_MAX_ATTEMPTS",
          value_parser = clap::value_parser!(u32).range(1..=20))]
    aws_max_attempts: Option<u32>,
    /// The run's update tag, written as `lastupdated` [default: the current epoch seconds].
    #[arg(long, value_name = "N", env = "CARTOGRAPH_UPDATE_TAG")]
    update_tag: Option<i64>,
    /// Units of work (a service in an account and region) fetching at once [default: 32].
    #[arg(long, value_name = "N", env = "CARTOGRAPH_CONCURRENCY",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    concurrency: Option<u16>,
    /// Report a failing service and go on with the rest (the default).
    #[arg(long, conflicts_with = "fail_fast", env = "CARTOGRAPH_BEST_EFFORT")]
    best_effort: bool,
    /// Start nothing new after the first failure.
    #[arg(long, env = "CARTOGRAPH_FAIL_FAST")]
    fail_fast: bool,
    #[command(flatten)]
    db: DbArgs,
    /// Also write the run summary as JSON to FILE.
    #[arg(long, value_name = "FILE", env = "CARTOGRAPH_SUMMARY")]
    summary: Option<PathBuf>,
    /// Permission relationships to derive (Cartography's YAML format), instead of the bundled
    /// defaults (S3 CAN_READ/CAN_WRITE, DynamoDB, Secrets Manager, RDS, ...).
    #[arg(
        long,
        value_name = "FILE",
        env = "CARTOGRAPH_PERMISSION_RELATIONSHIPS_FILE"
    )]
    permission_relationships_file: Option<PathBuf>,
    /// Read options from a TOML file (keys as the flags: aws-regions = ["us-east-1"], ...).
    #[arg(long, value_name = "FILE", env = "CARTOGRAPH_CONFIG")]
    config: Option<PathBuf>,
}

/// The options after flags, environment, file and defaults are merged.
#[derive(Debug)]
struct Resolved {
    request: SyncRequest,
    db: DbArgs,
    summary: Option<PathBuf>,
    permission_relationships_file: Option<PathBuf>,
}

fn resolve(mut args: SyncArgs) -> Result<Resolved> {
    let file = match &args.config {
        Some(path) => SyncConfig::load(path)?,
        None => SyncConfig::default(),
    };
    let modules = args
        .selected_modules
        .or_else(|| file.selected_modules.as_ref().map(|l| l.items()))
        .unwrap_or_default();
    if let Some(bad) = modules.iter().find(|m| !MODULES.contains(&m.as_str())) {
        bail!(
            "unknown module `{bad}` in --selected-modules; known: {}",
            MODULES.join(", ")
        );
    }
    // AWS is the only module so far: it runs unless the selection names none at all.
    let aws = args.aws
        || file.aws == Some(true)
        || modules.is_empty()
        || modules.iter().any(|m| m == "aws");
    if !aws {
        bail!("nothing to sync: select a module with --aws or --selected-modules aws");
    }
    let all_profiles = args.aws_sync_all_profiles || file.aws_sync_all_profiles == Some(true);
    let profiles = if all_profiles {
        let names = fetch::profile_names();
        if names.is_empty() {
            bail!(
                "--aws-sync-all-profiles: no profile besides `default` in the AWS config or \
                 credentials file (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)"
            );
        }
        names
    } else {
        Vec::new()
    };
    let regions = args
        .aws_regions
        .or_else(|| file.aws_regions.as_ref().map(|l| l.items()));
    if let Some(regions) = &regions {
        check_regions(regions)?;
    }
    let syncs = args
        .aws_requested_syncs
        .or_else(|| file.aws_requested_syncs.as_ref().map(|l| l.items()));
    let selection = match syncs {
        Some(names) if names.is_empty() => bail!("--aws-requested-syncs is empty"),
        Some(names) => {
            Selection::parse(&names).map_err(|e| anyhow!("--aws-requested-syncs: {e}"))?
        }
        None => Selection::default(),
    };
    let fail_fast = if args.fail_fast {
        true
    } else if args.best_effort {
        false
    } else {
        file.fail_fast.unwrap_or(false) && file.best_effort != Some(true)
    };
    let concurrency = match args.concurrency.map(usize::from).or(file.concurrency) {
        Some(0) => bail!("concurrency must be at least 1"),
        Some(n) => n,
        None => fetch::run::DEFAULT_CONCURRENCY,
    };
    let update_tag = args.update_tag.or(file.update_tag).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    Ok(Resolved {
        request: SyncRequest {
            profiles,
            regions,
            selection,
            update_tag,
            concurrency,
            fail_fast,
            max_attempts: args
                .aws_max_attempts
                .or(file.aws_max_attempts)
                .unwrap_or(fetch::run::DEFAULT_MAX_ATTEMPTS),
        },
        db: {
            if args.db.db.is_none() && args.db.neo4j_uri.is_none() {
                args.db.db = file.db;
            }
            args.db
        },
        summary: args.summary.or(file.summary),
        permission_relationships_file: args
            .permission_relationships_file
            .or(file.permission_relationships_file),
    })
}

/// Region names are lower-case words and digits joined by dashes (`us-east-1`).
fn check_regions(regions: &[String]) -> Result<()> {
    if regions.is_empty() {
        bail!("--aws-regions is empty");
    }
    for r in regions {
        let ok = !r.is_empty()
            && r.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !ok {
            bail!("--aws-regions: `{r}` is not a region name (like us-east-1)");
        }
    }
    Ok(())
}

pub fn run(args: SyncArgs) -> Result<ExitCode> {
    let resolved = resolve(args)?;
    // A bad permission-relationships file is refused before anything is fetched.
    cartograph_analysis::relationships::load(resolved.permission_relationships_file.as_deref())?;
    let g = graph::open(&resolved.db, Access::ReadWrite)?;
    let backend = g.backend();
    let progress: Arc<dyn Progress> = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        Arc::new(Live::new())
    } else {
        Arc::new(Lines)
    };
    let tag = resolved.request.update_tag;
    tracing::info!(
        graph = backend.describe(),
        update_tag = tag,
        concurrency = resolved.request.concurrency,
        "sync started"
    );
    let finished = fetch::sync(backend, &resolved.request, Arc::clone(&progress))
        .map_err(|e| anyhow!("cannot start the sync runtime: {e}"))?;
    drop(progress);
    let summary = finished.summary;
    println!("{summary}");
    // Cartography's analysis jobs, for the accounts and services that synced.
    let analysis = if finished.interrupted || summary.outcome() == Outcome::Failed {
        None
    } else {
        let options = Options {
            synced: Synced::from_summary(&summary),
            permission_relationships_file: resolved.permission_relationships_file.clone(),
        };
        let analysis = cartograph_analysis::run_aws_analysis(backend, tag, &options)
            .map_err(|e| anyhow!("analysis failed: {e}"))?;
        println!("{analysis}");
        Some(analysis)
    };
    if let Some(path) = &resolved.summary {
        let doc = serde_json::json!({
            "sync": serde_json::from_str::<serde_json::Value>(&summary.to_json())?,
            "analysis": analysis,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    }
    Ok(match summary.outcome() {
        _ if finished.interrupted => ExitCode::from(130),
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Partial => ExitCode::from(3),
        Outcome::Failed => ExitCode::from(4),
    })
}

fn place(task: &Task) -> String {
    match &task.region {
        Some(r) => format!("{} {r} {}", task.account, task.service),
        None => format!("{} {}", task.account, task.service),
    }
}

fn outcome_line(task: &Task, s: &ServiceSummary) -> String {
    if s.succeeded() {
        format!(
            "ok     {}: {} records, {} nodes, {} relationships, {} deleted, {} retries, {} ms",
            place(task),
            s.records,
            s.nodes,
            s.relationships,
            s.nodes_deleted + s.relationships_deleted,
            s.retries,
            s.duration_ms
        )
    } else {
        format!("FAILED {}: {}", place(task), s.errors.join("; "))
    }
}

/// Plain log lines, for logs and pipes.
struct Lines;

impl Progress for Lines {
    fn started(&self, task: &Task) {
        tracing::info!(
            account = task.account,
            region = task.region,
            service = task.service,
            "started"
        );
    }

    fn fetched(&self, task: &Task) {
        tracing::debug!(
            account = task.account,
            region = task.region,
            service = task.service,
            "fetched; writing"
        );
    }

    fn finished(&self, task: &Task, s: &ServiceSummary) {
        if s.succeeded() {
            tracing::info!(
                account = task.account,
                region = task.region,
                service = task.service,
                records = s.records,
                nodes = s.nodes,
                relationships = s.relationships,
                deleted = s.nodes_deleted + s.relationships_deleted,
                retries = s.retries,
                duration_ms = s.duration_ms,
                "done"
            );
        } else {
            tracing::warn!(
                account = task.account,
                region = task.region,
                service = task.service,
                retries = s.retries,
                error = s.errors.join("; "),
                "failed"
            );
        }
    }

    fn note(&self, message: &str) {
        tracing::info!("{message}");
    }
}

/// A live display on a terminal: one spinner per running task, a line per finished one.
struct Live {
    multi: MultiProgress,
    total: ProgressBar,
    bars: Mutex<HashMap<Task, ProgressBar>>,
    counts: Mutex<(u64, u64)>,
}

impl Live {
    fn new() -> Live {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let total = multi.add(ProgressBar::new_spinner());
        total.set_style(
            ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        total.enable_steady_tick(Duration::from_millis(120));
        total.set_message("starting");
        Live {
            multi,
            total,
            bars: Mutex::new(HashMap::new()),
            counts: Mutex::new((0, 0)),
        }
    }

    fn bars(&self) -> std::sync::MutexGuard<'_, HashMap<Task, ProgressBar>> {
        self.bars
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Progress for Live {
    fn started(&self, task: &Task) {
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("  {spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar.set_message(format!("{}: fetching", place(task)));
        self.bars().insert(task.clone(), bar);
    }

    fn fetched(&self, task: &Task) {
        if let Some(bar) = self.bars().get(task) {
            bar.set_message(format!("{}: writing", place(task)));
        }
    }

    fn finished(&self, task: &Task, s: &ServiceSummary) {
        if let Some(bar) = self.bars().remove(task) {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        let _ = self.multi.println(outcome_line(task, s));
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if s.succeeded() {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
        self.total.set_message(format!(
            "{} done, {} failed, {} running",
            counts.0,
            counts.1,
            self.bars().len()
        ));
    }

    fn note(&self, message: &str) {
        let _ = self.multi.println(format!("note   {message}"));
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.total.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_merge_and_conflicts_are_reported() {
        let args = SyncArgs {
            aws_regions: Some(vec!["us-east-1".into()]),
            concurrency: Some(3),
            ..SyncArgs::default()
        };
        let r = resolve(args);
        assert!(r.is_ok(), "{r:?}");
        let r = r.unwrap_or_else(|_| unreachable!());
        assert_eq!(r.request.concurrency, 3);
        assert_eq!(r.request.regions, Some(vec!["us-east-1".to_string()]));
        assert!(!r.request.fail_fast);

        let bad = SyncArgs {
            selected_modules: Some(vec!["gcp".into()]),
            ..SyncArgs::default()
        };
        assert!(resolve(bad).is_err_and(|e| e.to_string().contains("unknown module `gcp`")));
        let bad = SyncArgs {
            aws_regions: Some(vec!["US East".into()]),
            ..SyncArgs::default()
        };
        assert!(resolve(bad).is_err_and(|e| e.to_string().contains("not a region name")));
        let bad = SyncArgs {
            aws_requested_syncs: Some(vec!["ec2:nope".into()]),
            ..SyncArgs::default()
        };
        assert!(resolve(bad).is_err_and(|e| e.to_string().contains("unknown AWS sync `ec2:nope`")));
    }
}

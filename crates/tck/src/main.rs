//! `tck`: run the openCypher TCK feature files against cartograph's embedded graph database
//! and report conformance. Each scenario runs on a fresh in-memory database inside a worker
//! process (`tck --worker`) that is killed if the scenario exceeds its time limit.

mod compare;
mod exec;
mod gherkin;
mod load;
mod plan;
mod procedure;
mod ratchet;
mod report;
mod run;
mod side_effects;
mod value;
mod worker;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;

#[derive(Parser, Debug)]
#[command(
    name = "tck",
    about = "Run the openCypher TCK against cartograph's graph engine"
)]
struct Args {
    /// Only scenarios whose feature path or name contains one of these substrings.
    #[arg(value_name = "FILTER")]
    filters: Vec<String>,

    /// Same as a positional filter.
    #[arg(long = "filter", value_name = "SUBSTR")]
    more_filters: Vec<String>,

    /// The TCK directory (holding `features/` and `graphs/`); defaults to `../shared/tck`
    /// beside the workspace.
    #[arg(long, env = "CARTOGRAPH_TCK_DIR", value_name = "PATH")]
    tck_dir: Option<PathBuf>,

    /// Run features in this many worker processes at once (default: available parallelism).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,

    /// Fail a scenario that has not finished after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    timeout: f64,

    /// Print each failing scenario's name, query and reason.
    #[arg(long)]
    failures: bool,

    /// Like --failures, plus expected and actual rows, and every skipped scenario.
    #[arg(long, short = 'v')]
    verbose: bool,

    /// Fail (exit status 1) if fewer scenarios pass than recorded in FILE (`passed = N`;
    /// default: the crate's ratchet.toml).
    #[arg(long, value_name = "FILE")]
    ratchet: Option<Option<PathBuf>>,

    /// Serve scenarios to a coordinating `tck` over stdin/stdout (internal).
    #[arg(long, hide = true)]
    worker: bool,

    /// Record the number of passing scenarios in the ratchet file (--ratchet FILE, or the
    /// crate's ratchet.toml).
    #[arg(long)]
    update_ratchet: bool,
}

fn default_ratchet() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ratchet.toml")
}

/// `/work/main/crates/tck` -> `/work/shared/tck`: the workspace root's sibling `shared/tck`.
fn default_tck_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tck");
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tck: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<ExitCode> {
    let args = Args::parse();
    let dir = args.tck_dir.clone().unwrap_or_else(default_tck_dir);
    if args.worker {
        worker::serve(&dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let filters: Vec<String> = args
        .filters
        .iter()
        .chain(&args.more_filters)
        .cloned()
        .collect();
    let ratchet_file = match &args.ratchet {
        Some(file) => Some(file.clone().unwrap_or_else(default_ratchet)),
        None => args.update_ratchet.then(default_ratchet),
    };
    if ratchet_file.is_some() && !filters.is_empty() {
        bail!("--ratchet and --update-ratchet count the whole TCK; drop the filters");
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds");
    }
    let features = load::features(&dir, &filters)?;
    if features.is_empty() {
        bail!(
            "no feature file under {} matches the filters",
            dir.join("features").display()
        );
    }
    // Read the named graphs once here so that a broken graphs directory fails the run early.
    load::graphs(&dir)?;
    let exe = std::env::current_exe().context("cannot find the tck executable to start workers")?;
    let cmd = worker::WorkerCommand {
        program: exe,
        args: vec!["--worker".into(), "--tck-dir".into(), dir.clone().into()],
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    let started = Instant::now();
    let reports = run::run_all(features, jobs, Duration::from_secs_f64(args.timeout), &cmd);
    let totals = report::Totals::of(&reports);
    print!(
        "{}",
        report::render(
            &reports,
            report::Detail {
                failures: args.failures,
                verbose: args.verbose
            }
        )
    );
    println!(
        "Ran {} scenarios in {:.1} s on {jobs} threads.",
        totals.passed + totals.failed + totals.skipped,
        started.elapsed().as_secs_f64()
    );

    let mut code = ExitCode::SUCCESS;
    if let Some(file) = ratchet_file {
        if args.update_ratchet {
            ratchet::write(&file, totals.passed)?;
            println!(
                "Ratchet {} updated: passed = {}",
                file.display(),
                totals.passed
            );
        } else {
            let minimum = ratchet::read(&file)?;
            if totals.passed < minimum {
                println!(
                    "Ratchet FAILED: {} scenarios pass, {} required by {}",
                    totals.passed,
                    minimum,
                    file.display()
                );
                code = ExitCode::FAILURE;
            } else {
                println!(
                    "Ratchet ok: {} scenarios pass, {} required by {}",
                    totals.passed,
                    minimum,
                    file.display()
                );
            }
        }
    }
    println!("{}", totals.line());
    Ok(code)
}

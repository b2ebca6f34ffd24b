//! The `cartograph` command line.

#[cfg(feature = "aws-sync")]
mod config;
mod demo;
mod graph;
mod output;
mod params;
mod script;
mod serve;
mod shell;
#[cfg(feature = "aws-sync")]
mod sync;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use cartograph_graph::Params;
use clap::{Args, Parser, Subcommand, ValueEnum};

use graph::{Access, DbArgs};
use output::Format;

/// The graph engine allocates many small values; mimalloc is markedly faster than the system
/// allocator for that (measured on reopen and load in graph-bench).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Map your infrastructure into a property graph and query it with Cypher.
#[derive(Parser, Debug)]
#[command(name = "cartograph", version, about, propagate_version = true)]
struct Cli {
    /// Log format on standard error.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "CARTOGRAPH_LOG_FORMAT")]
    log_format: LogFormat,
    /// More logging (-v: debug, -vv: trace). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run Cypher against the graph and print the result.
    Query(QueryArgs),
    /// An interactive Cypher shell.
    Shell(ShellArgs),
    /// Load a realistic recorded AWS estate (no cloud account needed) and show what to ask it.
    Demo(demo::DemoArgs),
    /// Run annotated query packs (bundled, or your own with --pack).
    Queries(WithDb<cartograph_rules::QueriesArgs>),
    /// Evaluate compliance rules and write findings (text, json, sarif, ocsf, csv, junit).
    Rules(WithDb<cartograph_rules::RulesArgs>),
    /// Write a self-contained HTML report: inventory, rule results, exposure.
    Report(WithDb<cartograph_rules::ReportArgs>),
    /// Serve the embedded database over Bolt (Neo4j drivers, cypher-shell, Cartography).
    Serve(serve::ServeArgs),
    /// Read a cloud estate through its read-only APIs into the graph (exit code 0: synced,
    /// 3: partial failure, 4: total failure).
    #[cfg(feature = "aws-sync")]
    Sync(sync::SyncArgs),
}

/// A command's own arguments plus `--db`.
#[derive(Args, Debug)]
struct WithDb<T: Args> {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    args: T,
}

#[derive(Args, Debug)]
struct QueryArgs {
    /// The Cypher to run; several statements may be separated by `;`. Omit to read FILE or
    /// standard input.
    query: Option<String>,
    /// Read the Cypher from FILE.
    #[arg(short, long, value_name = "FILE", conflicts_with = "query")]
    file: Option<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
    /// A parameter as name=VALUE, VALUE a Cypher literal (repeatable): --param limit=10
    #[arg(long = "param", value_name = "NAME=VALUE")]
    param: Vec<String>,
    /// Parameters as a JSON object: --params '{"id": "i-123"}'
    #[arg(long, value_name = "JSON")]
    params: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args, Debug)]
struct ShellArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, cli.verbose);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: LogFormat, verbose: u8) {
    let default = match verbose {
        0 => "warn,cartograph=info",
        1 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Query(args) => query(args),
        Command::Shell(args) => {
            let g = graph::open(&args.db, Access::ReadWrite)?;
            shell::run(g.backend(), args.format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => demo::run(args),
        Command::Queries(w) => cartograph_rules::run_queries(
            w.args,
            graph::open(&w.db, Access::Read)?.backend(),
            &mut std::io::stdout().lock(),
        ),
        Command::Rules(w) => cartograph_rules::run_rules(
            w.args,
            graph::open(&w.db, Access::Read)?.backend(),
            &mut std::io::stdout().lock(),
        ),
        Command::Report(w) => cartograph_rules::run_report(
            w.args,
            graph::open(&w.db, Access::Read)?.backend(),
            &mut std::io::stdout().lock(),
        ),
        Command::Serve(args) => serve::run(args),
        #[cfg(feature = "aws-sync")]
        Command::Sync(args) => sync::run(args),
    }
}

fn query(args: QueryArgs) -> Result<ExitCode> {
    let text = match (&args.query, &args.file) {
        (Some(q), _) => q.clone(),
        (None, Some(f)) => {
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?
        }
        (None, None) => {
            if std::io::stdin().is_terminal() {
                bail!("no query given: pass it as an argument, with -f FILE, or on standard input");
            }
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read standard input")?;
            s
        }
    };
    let statements = script::split(&text);
    if statements.is_empty() {
        bail!("the query is empty");
    }
    let mut params = Params::new();
    if let Some(json) = &args.params {
        params::parse_params_json(json, &mut params)?;
    }
    for p in &args.param {
        params::parse_param(p, &mut params)?;
    }
    // A snapshot when another process writes: reads answer, writes get a clear refusal.
    let g = graph::open(&args.db, Access::Read)?;
    let mut stdout = std::io::stdout().lock();
    for statement in statements {
        let result = g
            .backend()
            .run(statement, &params)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        output::print(&result, args.format, &mut stdout)?;
        if let Some(c) = output::counters_line(&result) {
            eprintln!("{c}");
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

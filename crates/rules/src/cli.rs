//! The `cartograph queries`, `cartograph rules` and `cartograph report` commands: clap
//! argument types and their entry points, which the CLI crate wires in after opening the
//! database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use cartograph_graph::GraphBackend;
use chrono::Utc;
use clap::{Args, Subcommand};

use crate::formats::{self, FindingFormat};
use crate::model::{FrameworkFilter, Severity};
use crate::pack::Catalogue;
use crate::queries;
use crate::report;
use crate::ruleset::RuleSet;
use crate::run::evaluate;
use crate::tabular::{self, TableFormat};

/// `cartograph queries ...`: annotated query packs.
#[derive(Debug, Args)]
pub struct QueriesArgs {
    /// An extra query pack (JSON); repeatable. Later packs override queries of the same name.
    #[arg(long = "pack", value_name = "FILE", global = true)]
    pub packs: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: QueriesCommand,
}

#[derive(Debug, Subcommand)]
pub enum QueriesCommand {
    /// List queries, optionally only those with all the given tags.
    List {
        /// Comma-separated tags, all required (e.g. aws,security).
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
    },
    /// Count queries, optionally only those with all the given tags.
    Count {
        #[arg(long, value_delimiter = ',')]
        tags: Vec<String>,
    },
    /// List tags with how many queries carry each.
    Tags,
    /// Show one query: description, tags and Cypher.
    Show { name: String },
    /// Run one query by name, or every query with all the given tags.
    Run {
        /// The query to run (or use --tags).
        name: Option<String>,
        #[arg(long, value_delimiter = ',', conflicts_with = "name")]
        tags: Vec<String>,
        /// Only this account (id or name); passed as a parameter.
        #[arg(long)]
        account: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: TableFormat,
    },
}

/// `cartograph rules ...`: compliance rules and their findings.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A directory of extra rule files (*.toml, *.yaml, *.yml); repeatable.
    #[arg(long = "rules-dir", value_name = "DIR", global = true)]
    pub rules_dirs: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List rules, optionally only those mapped to a framework.
    List {
        /// SHORT[:SCOPE[:REVISION[:REQUIREMENT]]], e.g. CIS:aws:6.0.0.
        #[arg(long)]
        framework: Option<FrameworkFilter>,
    },
    /// List the frameworks rules map to, with how many rules each.
    Frameworks,
    /// Evaluate `all` rules or one rule by id.
    Run {
        /// `all` or a rule id.
        #[arg(default_value = "all")]
        rule: String,
        /// Only rules mapped to this framework.
        #[arg(long)]
        framework: Option<FrameworkFilter>,
        /// Also run experimental facts.
        #[arg(long)]
        experimental: bool,
        /// Only this account (id or name); passed as a parameter.
        #[arg(long)]
        account: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: FindingFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Exit with status 1 when a finding has this severity or worse.
        #[arg(long, value_enum, value_name = "SEVERITY")]
        fail_on: Option<Severity>,
    },
}

/// `cartograph report`: a self-contained HTML report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Where to write the page.
    #[arg(long, value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
    /// A directory of extra rule files (*.toml, *.yaml, *.yml); repeatable.
    #[arg(long = "rules-dir", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,
}

fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Run a `queries` subcommand.
pub fn run_queries(
    args: QueriesArgs,
    backend: &dyn GraphBackend,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let catalogue = Catalogue::load(&args.packs)?;
    warn(&catalogue.warnings);
    match args.command {
        QueriesCommand::List { tags } => {
            for q in catalogue.with_tags(&tags) {
                writeln!(
                    out,
                    "{:<40} [{}] {}",
                    q.name,
                    q.tags.join(","),
                    q.description
                )?;
            }
        }
        QueriesCommand::Count { tags } => writeln!(out, "{}", catalogue.with_tags(&tags).len())?,
        QueriesCommand::Tags => {
            for (tag, n) in catalogue.tags() {
                writeln!(out, "{tag:<20} {n}")?;
            }
        }
        QueriesCommand::Show { name } => {
            let q = catalogue.get(&name).with_context(|| {
                format!("no query named `{name}` (see `cartograph queries list`)")
            })?;
            writeln!(out, "name:        {}", q.name)?;
            writeln!(out, "pack:        {}", q.pack)?;
            writeln!(out, "tags:        {}", q.tags.join(", "))?;
            writeln!(out, "description: {}", q.description)?;
            writeln!(out, "columns:     {}", q.result_headers.join(", "))?;
            for p in &q.params {
                writeln!(out, "parameter:   ${} ({} = {})", p.name, p.kind, p.value)?;
            }
            writeln!(out, "\n{}", q.text())?;
        }
        QueriesCommand::Run {
            name,
            tags,
            account,
            format,
        } => {
            let selected = match (&name, tags.is_empty()) {
                (Some(name), _) => vec![catalogue.get(name).with_context(|| {
                    format!("no query named `{name}` (see `cartograph queries list`)")
                })?],
                (None, false) => catalogue.with_tags(&tags),
                (None, true) => bail!("name a query or give --tags"),
            };
            if selected.is_empty() {
                bail!("no query has all the tags {}", tags.join(","));
            }
            let now = Utc::now();
            let many = selected.len() > 1;
            let mut tables = Vec::with_capacity(selected.len());
            for q in selected {
                match queries::run(backend, q, account.as_deref(), now) {
                    Ok(table) => tables.push(table),
                    // Among many queries, one without an account is skipped, not fatal.
                    Err(e @ queries::QueryError::NoAccountFilter { .. }) if many => {
                        eprintln!("warning: skipped: {e}");
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            tabular::write(&tables, format, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Run a `rules` subcommand. Exit status: 0, or 1 when `--fail-on` finds a finding that
/// severe, or 2 when some fact could not be evaluated.
pub fn run_rules(
    args: RulesArgs,
    backend: &dyn GraphBackend,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let set = RuleSet::load(&args.rules_dirs)?;
    warn(&set.warnings);
    match args.command {
        RulesCommand::List { framework } => {
            for rule in set.filtered(framework.as_ref()) {
                let mapped: Vec<String> = rule
                    .frameworks
                    .iter()
                    .filter(|f| framework.as_ref().is_none_or(|w| w.matches(f)))
                    .map(|f| format!("{}:{}", f.key(), f.requirement))
                    .collect();
                writeln!(
                    out,
                    "{:<55} {:<8} {} [{}]",
                    rule.id,
                    rule.severity,
                    rule.name,
                    mapped.join(" ")
                )?;
            }
        }
        RulesCommand::Frameworks => {
            let mut by: std::collections::BTreeMap<String, (String, usize)> = Default::default();
            for rule in &set.rules {
                let keys: std::collections::BTreeSet<(String, String)> = rule
                    .frameworks
                    .iter()
                    .map(|f| (f.key(), f.name.clone()))
                    .collect();
                for (key, name) in keys {
                    by.entry(key).or_insert((name, 0)).1 += 1;
                }
            }
            for (key, (name, n)) in by {
                writeln!(out, "{key:<20} {n:>3} rules  {name}")?;
            }
        }
        RulesCommand::Run {
            rule,
            framework,
            experimental,
            account,
            format,
            output,
            fail_on,
        } => {
            let mut rules = set.filtered(framework.as_ref());
            if rule != "all" {
                if set.get(&rule).is_none() {
                    bail!("no rule `{rule}` (see `cartograph rules list`)");
                }
                rules.retain(|r| r.id == rule);
                if rules.is_empty() {
                    bail!("rule `{rule}` is not mapped to the requested framework");
                }
            }
            let report = evaluate(
                backend,
                &rules,
                experimental,
                account.as_deref(),
                Utc::now(),
            );
            match &output {
                Some(path) => {
                    let mut buffer = Vec::new();
                    formats::write(&report, format, &mut buffer)?;
                    std::fs::write(path, buffer)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
                None => formats::write(&report, format, out)?,
            }
            for r in &report.rules {
                for f in &r.facts {
                    if let Some(e) = &f.error {
                        eprintln!("error: rule {} fact {}: {e}", r.rule.id, f.fact.id);
                    }
                }
            }
            if report.errors() > 0 {
                return Ok(ExitCode::from(2));
            }
            if let (Some(threshold), Some(worst)) = (fail_on, report.worst())
                && worst >= threshold
            {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Run `report`: gather, render, write the page.
pub fn run_report(
    args: ReportArgs,
    backend: &dyn GraphBackend,
    out: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let set = RuleSet::load(&args.rules_dirs)?;
    warn(&set.warnings);
    let rules = set.filtered(None);
    let data = report::gather(backend, &rules, Utc::now())?;
    std::fs::write(&args.output, report::render(&data))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    writeln!(
        out,
        "wrote {} ({} assets, {} findings)",
        args.output.display(),
        data.total_assets(),
        data.rules.findings()
    )?;
    Ok(ExitCode::SUCCESS)
}

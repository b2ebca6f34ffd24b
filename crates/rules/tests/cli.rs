//! The command entry points as the `cartograph` binary wires them: parsed by clap, run
//! against the test estate.

mod common;

use std::process::ExitCode;

use cartograph_rules::{QueriesArgs, ReportArgs, RulesArgs, run_queries, run_report, run_rules};
use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Queries(QueriesArgs),
    Rules(RulesArgs),
    Report(ReportArgs),
}

fn run(args: &[&str]) -> anyhow::Result<(ExitCode, String)> {
    let db = common::estate();
    let cli = Cli::try_parse_from(std::iter::once("cartograph").chain(args.iter().copied()))?;
    let mut out = Vec::new();
    let code = match cli.command {
        Command::Queries(a) => run_queries(a, &db, &mut out)?,
        Command::Rules(a) => run_rules(a, &db, &mut out)?,
        Command::Report(a) => run_report(a, &db, &mut out)?,
    };
    Ok((code, String::from_utf8_lossy(&out).into_owned()))
}

fn ok(args: &[&str]) -> (ExitCode, String) {
    run(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

#[test]
fn queries_commands() {
    let (_, count) = ok(&["queries", "count"]);
    let total: usize = count.trim().parse().unwrap_or_default();
    assert!(total >= 60);
    let (_, count) = ok(&["queries", "count", "--tags", "aws,networking"]);
    let networking: usize = count.trim().parse().unwrap_or_default();
    assert!(networking > 10 && networking < total);
    let (_, list) = ok(&["queries", "list", "--tags", "aws,networking"]);
    assert_eq!(list.lines().count(), networking);
    let (_, tags) = ok(&["queries", "tags"]);
    assert!(tags.lines().any(|l| l.starts_with("security ")));
    let (_, show) = ok(&["queries", "show", "ec2_old_instances"]);
    assert!(show.contains("parameter:   $target_date (n_recent_days = 90)"));
    let (_, csv) = ok(&["queries", "run", "aws_accounts", "--format", "csv"]);
    assert!(csv.starts_with("account_id,account_name,organization_id,state\r\n"));
    assert_eq!(csv.lines().count(), 4);
    let (_, md) = ok(&[
        "queries",
        "run",
        "--tags",
        "inventory,aws",
        "--account",
        "acme-staging",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("### aws_ec2_instances"));

    let err = run(&["queries", "run", "nope"])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("no query named `nope`"), "{err}");
    let err = run(&["queries", "--pack", "/nonexistent.json", "list"])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.starts_with("cannot read query pack /nonexistent.json"),
        "{err}"
    );
}

#[test]
fn rules_commands_and_exit_codes() {
    let (_, list) = ok(&["rules", "list", "--framework", "CIS:aws:6.0.0"]);
    assert_eq!(list.lines().count(), 21);
    let (_, frameworks) = ok(&["rules", "frameworks"]);
    assert!(
        frameworks
            .lines()
            .any(|l| l.starts_with("CIS:aws:6.0.0") && l.contains(" 21 rules")),
        "{frameworks}"
    );
    assert!(frameworks.lines().any(|l| l.starts_with("ISO:27001:2022")));

    // No --fail-on: findings alone never fail the command.
    let (code, text) = ok(&["rules", "run", "aws_ec2_instances_use_imdsv2"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(
        text.starts_with("[FAIL] aws_ec2_instances_use_imdsv2"),
        "{text}"
    );
    let (code, _) = ok(&[
        "rules",
        "run",
        "aws_ec2_instances_use_imdsv2",
        "--fail-on",
        "high",
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    let (code, _) = ok(&[
        "rules",
        "run",
        "aws_ec2_instances_use_imdsv2",
        "--fail-on",
        "medium",
    ]);
    assert_eq!(code, ExitCode::from(1));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("cis.sarif");
    let path = file.to_string_lossy().into_owned();
    let (code, out) = ok(&[
        "rules",
        "run",
        "all",
        "--framework",
        "cis:aws",
        "--format",
        "sarif",
        "--output",
        &path,
    ]);
    assert_eq!((code, out.as_str()), (ExitCode::SUCCESS, ""));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(21)
    );

    // --account: that account's findings only; --experimental adds no fact here (all are
    // stable) but is accepted.
    let (code, json) = ok(&[
        "rules",
        "run",
        "aws_ec2_instances_use_imdsv2",
        "--account",
        "acme-staging",
        "--experimental",
        "--format",
        "json",
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let fact = &doc["rules"][0]["facts"][0];
    let accounts: std::collections::BTreeSet<&str> = fact["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["account_id"].as_str())
        .collect();
    assert_eq!(accounts.into_iter().collect::<Vec<_>>(), ["456789012345"]);
    assert_eq!(
        (fact["failing"].as_u64(), fact["population"].as_u64()),
        (Some(10), Some(28))
    );

    let err = run(&["rules", "run", "nope"])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("no rule `nope`"), "{err}");
    assert!(run(&["rules", "list", "--framework", "a::b"]).is_err());
    assert!(run(&["rules", "run", "--format", "yaml"]).is_err());
}

#[test]
fn a_rule_that_cannot_run_exits_2() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("broken.toml"),
        r#"
[[rules]]
id = "broken"
name = "n"
description = "d"
severity = "low"

[[rules.facts]]
id = "f"
name = "f"
description = "d"
provider = "aws"
maturity = "stable"
asset_label = "AWSUser"
asset_id_field = "arn"
identity_fields = ["arn"]
query = "MATCH (u:AWSUser) RETURN nosuchfunction(u) AS arn"
count_query = "MATCH (u:AWSUser) RETURN count(u)"
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path().to_string_lossy().into_owned();
    let (code, _) = ok(&[
        "rules",
        "--rules-dir",
        &d,
        "run",
        "broken",
        "--format",
        "junit",
    ]);
    assert_eq!(code, ExitCode::from(2));
}

#[test]
fn report_command_writes_the_page() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("r.html");
    let path = file.to_string_lossy().into_owned();
    let (code, out) = ok(&["report", "--output", &path]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.starts_with(&format!("wrote {path} (")), "{out}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap_or_default()
            .starts_with("<!DOCTYPE html>")
    );
}

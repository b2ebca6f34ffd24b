//! Parses every query of the openCypher TCK and of the Cartography query pack.
//!
//! The TCK lives outside the repository: `CARTOGRAPH_TCK_DIR` (default `../../../shared/tck`
//! from this crate) must point at it; the query pack is found next to it
//! (`CARTOGRAPH_QUERIES` overrides the path of `queries.json`).

use std::fs;
use std::path::{Path, PathBuf};

use cartograph_cypher::ast::{Clause, Statement};
use cartograph_cypher::parse;

/// TCK error details the parser itself must produce; every other expected compile-time
/// error is semantic and the query must parse.
const SYNTACTIC_DETAILS: &[&str] = &[
    "UnexpectedSyntax",
    "IntegerOverflow",
    "InvalidNumberLiteral",
    "InvalidUnicodeLiteral",
    "InvalidUnicodeCharacter",
    "FloatingPointOverflow",
    "InvalidRelationshipPattern",
];

fn tck_dir() -> PathBuf {
    let dir = std::env::var_os("CARTOGRAPH_TCK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tck"));
    assert!(
        dir.join("features").is_dir(),
        "openCypher TCK not found at {} (set CARTOGRAPH_TCK_DIR to the directory holding \
         `features/`)",
        dir.display()
    );
    dir
}

fn files_with_extension(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files_with_extension(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
}

/// One query taken from a feature file.
struct Case {
    origin: String,
    query: String,
    /// The TCK detail when the scenario expects this query to fail to compile.
    expected_error: Option<String>,
    /// The column names of the expected result table, when the scenario gives one.
    columns: Option<Vec<String>>,
}

/// A scenario being read: its docstring queries and, for outlines, the example rows.
#[derive(Default)]
struct Scenario {
    name: String,
    /// (is the main `When executing query`, text)
    queries: Vec<(bool, String)>,
    syntax_error: Option<String>,
    examples: Vec<Vec<(String, String)>>,
    columns: Option<Vec<String>>,
}

fn table_cells(row: &str) -> Vec<String> {
    row.trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

/// The column names a query's final `RETURN` produces, unless they depend on the graph
/// (`RETURN *`) or the query does not end in `RETURN`.
fn returned_columns(statement: &Statement) -> Option<Vec<String>> {
    let Statement::Query(query) = statement else {
        return None;
    };
    match query.first.clauses.last() {
        Some(Clause::Return(p)) if !p.star => {
            Some(p.items.iter().map(|i| i.name().to_string()).collect())
        }
        _ => None,
    }
}

fn feature_cases(path: &Path, cases: &mut Vec<Case>) {
    let text = fs::read_to_string(path).expect("feature file is readable");
    let mut scenarios: Vec<Scenario> = Vec::new();
    let mut lines = text.lines();
    let mut last_step = String::new();
    let mut header: Option<Vec<String>> = None;
    let mut in_examples = false;
    let mut result_header_next = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("Scenario") {
            scenarios.push(Scenario {
                name: trimmed.to_string(),
                ..Scenario::default()
            });
            in_examples = false;
        } else if trimmed.starts_with("Examples:") {
            in_examples = true;
            header = None;
        } else if trimmed.starts_with("\"\"\"") {
            let mut body = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim().starts_with("\"\"\"") {
                    break;
                }
                body.push(inner);
            }
            let is_query = last_step.ends_with("query:") || last_step.ends_with("executed:");
            if let (true, Some(s)) = (is_query, scenarios.last_mut()) {
                let main = last_step.contains("executing query");
                s.queries.push((main, body.join("\n")));
            }
        } else if result_header_next && trimmed.starts_with('|') {
            result_header_next = false;
            if let Some(s) = scenarios.last_mut() {
                s.columns = Some(table_cells(trimmed));
            }
        } else if in_examples && trimmed.starts_with('|') {
            let cells = table_cells(trimmed);
            match &header {
                None => header = Some(cells),
                Some(h) => {
                    if let Some(s) = scenarios.last_mut() {
                        s.examples.push(h.iter().cloned().zip(cells).collect());
                    }
                }
            }
        } else if !trimmed.is_empty() && !trimmed.starts_with('#') && !trimmed.starts_with('|') {
            last_step = trimmed.to_string();
            result_header_next =
                trimmed.starts_with("Then the result should be") && !trimmed.ends_with("empty");
            if let Some(rest) = trimmed
                .split("SyntaxError should be raised at compile time: ")
                .nth(1)
                && let Some(s) = scenarios.last_mut()
            {
                s.syntax_error = Some(rest.trim().to_string());
            }
        }
    }
    let file = path.display().to_string();
    for s in scenarios {
        let rows = if s.examples.is_empty() {
            vec![Vec::new()]
        } else {
            s.examples.clone()
        };
        for row in &rows {
            for (main, query) in &s.queries {
                let mut query = query.clone();
                for (key, value) in row {
                    query = query.replace(&format!("<{key}>"), value);
                }
                let expected_error = if *main { s.syntax_error.clone() } else { None };
                let substitute = |c: &String| {
                    row.iter()
                        .fold(c.clone(), |c, (k, v)| c.replace(&format!("<{k}>"), v))
                };
                let columns = match (main, &s.columns) {
                    (true, Some(columns)) => Some(columns.iter().map(substitute).collect()),
                    _ => None,
                };
                cases.push(Case {
                    origin: format!("{file}: {}", s.name),
                    query,
                    expected_error,
                    columns,
                });
            }
        }
    }
}

#[test]
fn every_tck_query_parses_or_fails_as_expected() {
    let dir = tck_dir();
    let mut features = Vec::new();
    files_with_extension(&dir.join("features"), "feature", &mut features);
    let mut cases = Vec::new();
    for path in &features {
        feature_cases(path, &mut cases);
    }
    let mut graphs = Vec::new();
    files_with_extension(&dir.join("graphs"), "cypher", &mut graphs);
    for path in &graphs {
        let query = fs::read_to_string(path).expect("graph script is readable");
        cases.push(Case {
            origin: path.display().to_string(),
            query,
            expected_error: None,
            columns: None,
        });
    }
    assert!(
        cases.len() > 2000,
        "only {} TCK queries found under {}",
        cases.len(),
        dir.display()
    );

    let mut failures = Vec::new();
    let (mut parsed, mut rejected, mut columns_checked) = (0, 0, 0);
    for case in &cases {
        let result = parse(&case.query);
        let syntactic = case
            .expected_error
            .as_deref()
            .filter(|d| SYNTACTIC_DETAILS.contains(d));
        match (syntactic, result) {
            (None, Ok(statement)) => {
                parsed += 1;
                let got = returned_columns(&statement);
                if let (Some(want), Some(got)) = (&case.columns, got) {
                    columns_checked += 1;
                    if want == &got {
                        continue;
                    }
                    failures.push(format!(
                        "{}\n  {}\n  columns {got:?}, expected {want:?}",
                        case.origin, case.query
                    ));
                }
            }
            (Some(detail), Err(e)) if e.detail == Some(detail) => rejected += 1,
            (None, Err(e)) => failures.push(format!("{}\n  {}\n  {e}", case.origin, case.query)),
            (Some(detail), Err(e)) => failures.push(format!(
                "{}\n  {}\n  expected {detail}, got {:?}: {e}",
                case.origin, case.query, e.detail
            )),
            (Some(detail), Ok(_)) => failures.push(format!(
                "{}\n  {}\n  expected a SyntaxError ({detail}) but it parsed",
                case.origin, case.query
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} TCK queries wrong ({parsed} parsed, {rejected} rejected as expected):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    eprintln!(
        "TCK: {parsed} queries parsed ({columns_checked} with their result columns checked), \
         {rejected} rejected with the expected detail"
    );
}

#[test]
fn every_cartography_query_parses() {
    let path = std::env::var_os("CARTOGRAPH_QUERIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| tck_dir().join("../cartography-queries/queries.json"));
    let text = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("query pack not readable at {}: {e}", path.display()));
    let pack: serde_json::Value = serde_json::from_str(&text).expect("queries.json is JSON");
    let queries = pack.as_array().expect("queries.json is a list");
    assert_eq!(
        queries.len(),
        122,
        "unexpected number of queries in {}",
        path.display()
    );
    let mut failures = Vec::new();
    for q in queries {
        let text = format!(
            "{}{}",
            q["query"].as_str().unwrap_or_default(),
            q["return"].as_str().unwrap_or_default()
        );
        if let Err(e) = parse(&text) {
            failures.push(format!("{}: {text}\n  {e}", q["name"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} queries failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

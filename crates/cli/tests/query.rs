//! The `cartograph query` and `demo` commands as a user runs them: the real binary, a real
//! database directory, every output format, parameters, and bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn cartograph(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "error")
        .output()
        .expect("run cartograph")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn formats_parameters_and_counters() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("db");
    let o = cartograph(
        &db,
        &[
            "query",
            "CREATE (:Bucket {name: 'logs', size: 3, ratio: 0.5}), (:Bucket {name: 'a,b', size: 1})",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Created 2 nodes"),
        "counters on stderr: {}",
        stderr(&o)
    );

    let q = "MATCH (b:Bucket) WHERE b.size >= $min RETURN b.name AS name, b.size AS size, b.ratio AS ratio, b ORDER BY name";
    let o = cartograph(&db, &["query", q, "--param", "min=1", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json output");
    assert_eq!(
        doc["columns"],
        serde_json::json!(["name", "size", "ratio", "b"])
    );
    assert_eq!(doc["rows"][0][0], "a,b");
    assert!(doc["rows"][1][1].is_i64(), "integers stay integers: {doc}");
    assert!(doc["rows"][1][2].is_f64(), "floats stay floats: {doc}");
    assert_eq!(doc["rows"][1][3]["labels"], serde_json::json!(["Bucket"]));
    assert_eq!(doc["rows"][1][3]["properties"]["name"], "logs");

    let o = cartograph(
        &db,
        &["query", q, "--params", r#"{"min": 2}"#, "--format", "csv"],
    );
    assert_eq!(stdout(&o).lines().next(), Some("name,size,ratio,b"));
    assert_eq!(
        stdout(&o).lines().count(),
        2,
        "only logs has size >= 2: {}",
        stdout(&o)
    );

    let o = cartograph(&db, &["query", q, "--param", "min=0", "--format", "csv"]);
    assert!(
        stdout(&o).contains("\"a,b\",1,,"),
        "csv quoting and null as empty: {}",
        stdout(&o)
    );

    let o = cartograph(
        &db,
        &[
            "query",
            "MATCH (b:Bucket) RETURN b.name AS n ORDER BY n",
            "--format",
            "ndjson",
        ],
    );
    assert_eq!(stdout(&o), "{\"n\":\"a,b\"}\n{\"n\":\"logs\"}\n");

    let o = cartograph(
        &db,
        &["query", "MATCH (b:Bucket) RETURN count(b) AS buckets"],
    );
    assert!(
        stdout(&o).contains("| buckets |")
            && stdout(&o).contains("| 2       |")
            && stdout(&o).contains("1 row"),
        "{}",
        stdout(&o)
    );

    let o = cartograph(
        &db,
        &[
            "query",
            "MATCH (b:Bucket {name: 'logs'}) SET b.size = 4",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json output");
    assert_eq!(doc, serde_json::json!({"columns": [], "rows": []}));
    assert!(stderr(&o).contains("Set 1 property"), "{}", stderr(&o));
}

#[test]
fn queries_from_a_file_and_from_standard_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("db");
    let file = tmp.path().join("script.cypher");
    std::fs::write(&file, "CREATE (:T {v: 1});\n// a comment; with a semicolon\nCREATE (:T {v: 2});\nMATCH (t:T) RETURN sum(t.v) AS s;\n").expect("write");
    let o = cartograph(
        &db,
        &[
            "query",
            "-f",
            file.to_str().expect("utf-8 path"),
            "--format",
            "csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("s\n3\n"), "{}", stdout(&o));

    let mut child = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .args(["query", "--format", "csv", "--db"])
        .arg(&db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"MATCH (t:T) RETURN count(*) AS c")
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(stdout(&o), "c\n2\n");
}

#[test]
fn bad_input_is_explained_and_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("db");
    assert!(
        cartograph(&db, &["query", "CREATE (:Keep)"])
            .status
            .success()
    );

    let o = cartograph(&db, &["query", "MATCH (n RETURN n"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("SyntaxError") && stderr(&o).contains("line 1"),
        "{}",
        stderr(&o)
    );

    let o = cartograph(&db, &["query", "RETURN nosuchfunction(1)"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).to_lowercase().contains("unknown function"),
        "{}",
        stderr(&o)
    );

    let o = cartograph(
        &db,
        &["query", "MATCH (n:Keep) DELETE n WITH n RETURN 1 / 0"],
    );
    assert!(!o.status.success(), "a failing statement exits non-zero");

    let o = cartograph(&db, &["query", "RETURN $x", "--param", "x"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("name=VALUE"), "{}", stderr(&o));

    let o = cartograph(&db, &["query", "RETURN $missing"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("ParameterMissing") || stderr(&o).contains("missing"),
        "{}",
        stderr(&o)
    );

    let o = cartograph(
        &db,
        &[
            "query",
            "MATCH (n:Keep) RETURN count(n) AS c",
            "--format",
            "csv",
        ],
    );
    assert_eq!(stdout(&o), "c\n1\n", "nothing was lost");

    let file = tmp.path().join("not-a-db");
    std::fs::write(&file, "hello").expect("write");
    let o = cartograph(&file, &["query", "RETURN 1"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("not a cartograph database directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn demo_loads_a_queryable_estate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("db");
    let summary = tmp.path().join("summary.json");
    let o = cartograph(
        &db,
        &["demo", "--summary", summary.to_str().expect("utf-8 path")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Try next"), "{}", stdout(&o));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).expect("summary written"))
            .expect("summary json");
    assert!(
        doc["analysis"].is_object() && doc["sync"].is_object(),
        "{doc}"
    );

    let o = cartograph(
        &db,
        &[
            "query",
            "MATCH (a:AWSAccount {inscope: true}) RETURN count(a) AS accounts",
            "--format",
            "csv",
        ],
    );
    assert_eq!(stdout(&o), "accounts\n3\n");
    let o = cartograph(
        &db,
        &[
            "query",
            "MATCH (i:EC2Instance {exposed_internet: true}) RETURN count(i) > 0 AS exposed",
            "--format",
            "csv",
        ],
    );
    assert_eq!(stdout(&o), "exposed\ntrue\n");

    // Loading again with a newer tag leaves the same estate.
    let count = |db: &std::path::Path| {
        stdout(&cartograph(
            db,
            &["query", "MATCH (n) RETURN count(n) AS c", "--format", "csv"],
        ))
    };
    let before = count(&db);
    assert!(cartograph(&db, &["demo"]).status.success());
    assert_eq!(count(&db), before);
}

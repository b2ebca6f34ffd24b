//! cartograph's Neo4j backend against cartograph's own Bolt server: loading the demo
//! estate through Bolt must build exactly the graph that loading it directly does.
#![allow(clippy::unwrap_used)] // Test helpers outside #[test] functions.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use cartograph_bolt::{Neo4jBackend, Neo4jConfig, PasswordSource};
use cartograph_graph::{Database, GraphBackend, GraphDump, Params, Statement, Value};

/// A graph in a form independent of ids and of the clock: sorted node descriptions and
/// relationships between described nodes. `firstseen` is set from the clock, so dropped.
fn canonical(dump: &GraphDump) -> (Vec<String>, Vec<String>) {
    let describe = |labels: &[String], props: &BTreeMap<String, Value>| {
        let mut labels = labels.to_vec();
        labels.sort();
        let props: Vec<String> = props
            .iter()
            .filter(|(k, _)| *k != "firstseen")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        format!("{labels:?}{props:?}")
    };
    let by_id: BTreeMap<_, _> = dump
        .nodes
        .iter()
        .map(|(id, l, p)| (*id, describe(l, p)))
        .collect();
    let mut nodes: Vec<String> = by_id.values().cloned().collect();
    nodes.sort();
    let mut rels: Vec<String> = dump
        .rels
        .iter()
        .map(|(_, t, s, e, p)| format!("{} -[{t} {}]-> {}", by_id[s], describe(&[], p), by_id[e]))
        .collect();
    rels.sort();
    (nodes, rels)
}

fn backend(server: &common::TestServer, scheme: &str) -> Neo4jBackend {
    let dir = tempfile::tempdir().unwrap();
    let pw = dir.path().join("pw");
    std::fs::write(&pw, format!("{}\n", common::PASSWORD)).unwrap();
    let config = Neo4jConfig::new(
        format!("{scheme}://{}", server.addr),
        PasswordSource::File(pw),
    );
    Neo4jBackend::connect(config).unwrap()
}

#[test]
fn demo_estate_through_bolt_equals_demo_estate_loaded_directly() {
    let served = Arc::new(Database::in_memory());
    let server = common::start(served.clone(), |_| {});
    let remote = backend(&server, "neo4j");
    assert!(remote.describe().starts_with("neo4j://127.0.0.1:"));
    cartograph_aws::demo::load_demo(&remote, 1_700_000_000).unwrap();

    let direct = Database::in_memory();
    cartograph_aws::demo::load_demo(&direct, 1_700_000_000).unwrap();

    let (a, b) = (
        canonical(&served.dump().unwrap()),
        canonical(&direct.dump().unwrap()),
    );
    assert!(
        a.0.len() > 50,
        "the demo estate should load many nodes, got {}",
        a.0.len()
    );
    assert_eq!(a.0, b.0, "nodes differ");
    assert_eq!(a.1, b.1, "relationships differ");
}

#[test]
fn batches_are_atomic_and_errors_keep_their_codes() {
    let served = Arc::new(Database::in_memory());
    let server = common::start(served.clone(), |_| {});
    let remote = backend(&server, "bolt");
    let params = Params::from([("rows".to_string(), Value::from(vec![1i64, 2, 3]))]);
    let results = remote
        .run_batch(&[
            Statement::new("UNWIND $rows AS r CREATE (:N {v: r})", params.clone()),
            Statement::new("MATCH (n:N) RETURN sum(n.v) AS s", Params::new()),
        ])
        .unwrap();
    assert_eq!(results[0].counters.nodes_created, 3);
    assert!(matches!(results[1].rows[0][0], Value::Int(6)));

    let failed = remote.run_batch(&[
        Statement::new("CREATE (:N {v: 100})", Params::new()),
        Statement::new("RETRUN 1", Params::new()),
    ]);
    let err = failed.unwrap_err();
    assert_eq!(err.kind, cartograph_graph::ErrorKind::SyntaxError);
    assert!(
        err.message
            .contains("Neo.ClientError.Statement.SyntaxError"),
        "{}",
        err.message
    );

    // The connection recovered from the failure, and the failed batch left nothing behind.
    let r = remote
        .run("MATCH (n:N) RETURN count(n) AS c", &Params::new())
        .unwrap();
    assert!(matches!(r.rows[0][0], Value::Int(3)));

    let r = remote
        .run("MATCH (n:N {v: 1}) RETURN n", &Params::new())
        .unwrap();
    let Value::Node(id) = r.rows[0][0] else {
        panic!("expected a node, got {}", r.rows[0][0])
    };
    assert_eq!(r.nodes[&id].labels, vec!["N".to_string()]);
}

#[test]
fn wrong_password_fails_at_connect() {
    let server = common::start(Arc::new(Database::in_memory()), |_| {});
    // An unset variable: refused before any connection.
    let var = "CARTOGRAPH_BOLT_TEST_WRONG_PW";
    let config = Neo4jConfig::new(
        format!("bolt://{}", server.addr),
        PasswordSource::EnvVar(var.into()),
    );
    assert!(Neo4jBackend::connect(config.clone()).is_err());
    // Environment mutation is unsafe in edition 2024 and the workspace forbids unsafe, so
    // a file source stands in for a wrong password.
    let dir = tempfile::tempdir().unwrap();
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "not-the-password").unwrap();
    let err = Neo4jBackend::connect(Neo4jConfig {
        password: PasswordSource::File(pw),
        ..config
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("Neo.ClientError.Security.Unauthorized"),
        "{err}"
    );
    assert!(!err.to_string().contains("not-the-password"));
}

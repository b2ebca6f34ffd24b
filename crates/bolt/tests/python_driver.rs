//! The official Neo4j Python driver against the in-process Bolt server.
#![allow(clippy::unwrap_used)] // Test helpers outside #[test] functions.

mod common;

use std::sync::Arc;

use cartograph_graph::Database;
use serde_json::json;

#[test]
fn python_driver_over_the_newest_common_version() {
    check(None, [5, 4]);
}

#[test]
fn python_driver_over_bolt_5_0() {
    check(Some("5.0"), [5, 0]);
}

#[test]
fn python_driver_over_bolt_4_4() {
    check(Some("4.4"), [4, 4]);
}

/// Reads, writes, transactions, errors, routing and values, with the driver limited to
/// `version` (or free to negotiate).
fn check(version: Option<&str>, expected: [u8; 2]) {
    let server = common::start(Arc::new(Database::in_memory()), |_| {});
    let env: Vec<(&str, &str)> = version.map(|v| ("BOLT_VERSION", v)).into_iter().collect();
    let out = common::run_python("driver_check.py", &server, &env);
    let o = |k: &str| out[k].clone();
    assert_eq!(o("protocol_version"), json!(expected));

    assert_eq!(o("server_agent"), json!("Neo4j/5.26.0"));
    assert_eq!(o("write_counters"), json!([2, 1, 6, 2]));
    assert_eq!(o("names"), json!(["Alice", "Bob"]));
    assert_eq!(
        o("node"),
        json!({"labels": ["Person"], "name": "Alice", "born": "1984-10-11", "tags": ["x", "ÿ", ""], "element_id": o("node")["element_id"]})
    );
    // Bolt 5 carries cartograph's element ids; on 4.4 drivers derive them from the id.
    let element_id = o("node")["element_id"].as_str().unwrap_or("").to_string();
    if expected[0] >= 5 {
        assert!(element_id.starts_with("n:"), "{element_id}");
    } else {
        assert!(element_id.parse::<u64>().is_ok(), "{element_id}");
    }
    assert_eq!(
        o("rel"),
        json!({"type": "KNOWS", "since": 2001, "start_is_a": true, "end_is_b": true})
    );
    assert_eq!(
        o("path"),
        json!({"length": 1, "start": "Bob", "end": "Alice", "rel_start": "Alice"})
    );
    assert_eq!(
        o("temporal"),
        json!({
            "d": "2024-01-02",
            "lt": "12:34:56.500000000",
            "t": "12:34:56.000000000+02:00",
            "ldt": "2024-01-02T03:04:05.000000000",
            "dt": "2024-01-02T03:04:05.123000000+01:00",
            "dz": ["2024-07-02T03:04:05.000000000+02:00", "Europe/Stockholm"],
            "dur": "P1Y2M3DT4H",
        })
    );
    for (k, v) in out["params_equal"].as_object().unwrap() {
        assert_eq!(v, &json!(true), "parameter {k} did not come back equal");
    }
    assert_eq!(o("streamed_sum"), json!(2500 * 2501 / 2));
    assert_eq!(o("tx_sees_own_writes"), json!(2));
    assert_eq!(o("after_commit_and_rollback"), json!(2));
    assert_eq!(
        o("syntax_error"),
        json!("Neo.ClientError.Statement.SyntaxError")
    );
    assert_eq!(o("usable_after_error"), json!(1));
    assert_eq!(
        o("failed_tx"),
        json!("Neo.ClientError.Statement.ArithmeticError")
    );
    assert_eq!(o("after_failed_tx"), json!(2));
    assert_eq!(o("execute_query"), json!([1, 2]));
    assert_eq!(
        o("wrong_password"),
        json!("Neo.ClientError.Security.Unauthorized")
    );
    assert_eq!(o("routed_read"), json!(1));
}

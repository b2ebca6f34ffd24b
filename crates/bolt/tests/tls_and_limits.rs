//! TLS, read-only mode, resource limits and the no-auth rule of the Bolt server.
#![allow(clippy::unwrap_used)] // Test helpers outside #[test] functions.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use cartograph_bolt::{
    BoltServer, Neo4jBackend, Neo4jConfig, PasswordSource, ServeConfig, ServerAuth, TlsFiles,
};
use cartograph_graph::{Database, ErrorKind, GraphBackend, Params};
use serde_json::json;

/// A self-signed certificate for `localhost`, written as PEM files in `dir`.
fn certificate(dir: &Path) -> TlsFiles {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    };
    std::fs::write(&files.cert, cert.cert.pem()).unwrap();
    std::fs::write(&files.key, cert.signing_key.serialize_pem()).unwrap();
    files
}

fn password_file(dir: &Path) -> PasswordSource {
    let p = dir.join("pw");
    std::fs::write(&p, common::PASSWORD).unwrap();
    PasswordSource::File(p)
}

#[test]
fn tls_verifies_against_a_custom_ca_and_limits_hold_for_the_python_driver() {
    let dir = tempfile::tempdir().unwrap();
    let tls = certificate(dir.path());
    let ca = tls.cert.clone();
    let server = common::start(Arc::new(Database::in_memory()), |c| {
        c.tls = Some(tls);
        c.tx_idle_timeout = Duration::from_millis(300);
    });
    let port = server.addr.port();

    // Rust client: verified with the custom CA, refused without it, accepted with +ssc.
    let uri = format!("bolt+s://localhost:{port}");
    let mut config = Neo4jConfig::new(&uri, password_file(dir.path()));
    assert!(
        Neo4jBackend::connect(config.clone()).is_err(),
        "an unknown CA must be refused"
    );
    config.ca_file = Some(ca.clone());
    let verified = Neo4jBackend::connect(config.clone()).unwrap();
    assert_eq!(
        verified
            .run("RETURN 1 AS one", &Params::new())
            .unwrap()
            .rows
            .len(),
        1
    );
    let ssc = Neo4jConfig {
        uri: format!("bolt+ssc://localhost:{port}"),
        ca_file: None,
        ..config
    };
    assert!(Neo4jBackend::connect(ssc).is_ok());

    let out = common::run_python(
        "tls_and_limits.py",
        &server,
        &[("BOLT_CA", ca.to_str().unwrap())],
    );
    assert_eq!(out["tls_one"], json!(1));
    assert_eq!(out["concurrent_writes"], json!(150));
    assert_eq!(out["others_proceed"], json!(0));
    assert_ne!(out["idle_commit"], json!("committed"));
    assert_eq!(out["plaintext_to_tls"], json!("refused"));
}

#[test]
fn read_only_mode_and_the_row_guard_refuse_with_status_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Database::in_memory());
    db.execute("CREATE (:Seed)", &Params::new()).unwrap();
    let server = common::start(db.clone(), |c| {
        c.read_only = true;
        c.max_rows = 10;
    });
    let client = Neo4jBackend::connect(Neo4jConfig::new(
        format!("bolt://{}", server.addr),
        password_file(dir.path()),
    ))
    .unwrap();

    let err = client.run("CREATE (:Nope)", &Params::new()).unwrap_err();
    assert!(
        err.message.contains("Neo.ClientError.Statement.AccessMode"),
        "{}",
        err.message
    );
    let r = client
        .run("MATCH (n) RETURN count(n) AS c", &Params::new())
        .unwrap();
    assert!(
        matches!(r.rows[0][0], cartograph_graph::Value::Int(1)),
        "the write must have been rolled back"
    );

    assert_eq!(
        client
            .run("UNWIND range(1, 10) AS i RETURN i", &Params::new())
            .unwrap()
            .rows
            .len(),
        10
    );
    let err = client
        .run("UNWIND range(1, 11) AS i RETURN i", &Params::new())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::ResourceError);
    assert!(err.message.contains("limit of 10 rows"), "{}", err.message);
}

#[test]
fn no_auth_is_refused_off_loopback_and_allowed_on_it() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = Arc::new(Database::in_memory());
    let open = ServeConfig::new("0.0.0.0:0".parse().unwrap(), ServerAuth::NoAuth);
    let err = runtime
        .block_on(BoltServer::bind(open, db.clone()))
        .err()
        .unwrap();
    assert!(err.to_string().contains("without authentication"), "{err}");
    let local = ServeConfig::new("127.0.0.1:0".parse().unwrap(), ServerAuth::NoAuth);
    assert!(runtime.block_on(BoltServer::bind(local, db)).is_ok());
}

#[test]
fn bad_tls_files_fail_at_startup_with_the_path() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let mut config = ServeConfig::new("127.0.0.1:0".parse().unwrap(), ServerAuth::NoAuth);
    config.tls = Some(TlsFiles {
        cert: missing.clone(),
        key: missing,
    });
    let err = runtime
        .block_on(BoltServer::bind(config, Arc::new(Database::in_memory())))
        .err()
        .unwrap();
    assert!(err.to_string().contains("missing.pem"), "{err}");
}

#[test]
fn a_statement_past_the_query_timeout_is_reported_and_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Database::in_memory());
    let server = common::start(db.clone(), |c| c.query_timeout = Duration::from_millis(1));
    let client = Neo4jBackend::connect(Neo4jConfig::new(
        format!("bolt://{}", server.addr),
        password_file(dir.path()),
    ))
    .unwrap();
    let err = client
        .run(
            "UNWIND range(1, 200000) AS i CREATE (:X {i: i})",
            &Params::new(),
        )
        .unwrap_err();
    assert!(
        err.message
            .contains("Neo.ClientError.Transaction.TransactionTimedOut"),
        "{}",
        err.message
    );
    // Wait for the statement to finish in the background, then check it left nothing.
    let count = || {
        db.execute("MATCH (x:X) RETURN count(x) AS c", &Params::new())
            .unwrap()
            .rows[0][0]
            .clone()
    };
    assert!(matches!(count(), cartograph_graph::Value::Int(0)));
}

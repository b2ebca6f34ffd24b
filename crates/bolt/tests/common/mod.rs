//! Test helpers: an in-process Bolt server on a free loopback port, and the Python
//! interpreter that has the official Neo4j driver installed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use cartograph_bolt::{BoltServer, PasswordHash, ServeConfig, ServerAuth};
use cartograph_graph::Database;

pub const PASSWORD: &str = "test-password-Ω";

pub struct TestServer {
    pub addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

/// Serve `db` on 127.0.0.1 with basic auth (`neo4j` / [`PASSWORD`]); `tweak` may change
/// the configuration first. The server stops when the returned value is dropped.
pub fn start(db: Arc<Database>, tweak: impl FnOnce(&mut ServeConfig)) -> TestServer {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let auth = ServerAuth::Basic {
        user: "neo4j".into(),
        password: PasswordHash::new(PASSWORD),
    };
    let mut config = ServeConfig::new("127.0.0.1:0".parse().unwrap(), auth);
    tweak(&mut config);
    let server = runtime.block_on(BoltServer::bind(config, db)).unwrap();
    let addr = server.local_addr().unwrap();
    runtime.spawn(server.run());
    TestServer {
        addr,
        _runtime: runtime,
    }
}

/// `$CARTOGRAPH_PYTHON`, else the workspace's `.venv/bin/python`.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("CARTOGRAPH_PYTHON") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python")
}

/// Run a script from `tests/py` against the server, with extra environment variables; its
/// standard output, which must be one JSON document.
#[allow(dead_code)]
pub fn run_python(script: &str, server: &TestServer, env: &[(&str, &str)]) -> serde_json::Value {
    let py = python();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/py")
        .join(script);
    let output = std::process::Command::new(&py)
        .arg(&path)
        .env("BOLT_PORT", server.addr.port().to_string())
        .env("BOLT_PASSWORD", PASSWORD)
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (set CARTOGRAPH_PYTHON to a Python with the `neo4j` package): {e}",
                py.display()
            )
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script} failed: {}\nstdout: {stdout}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{script} printed no JSON ({e}): {stdout}"))
}

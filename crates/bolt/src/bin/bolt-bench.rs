//! Bolt benchmark: serves an in-memory database on a loopback port and measures, through
//! cartograph's own Bolt client, the round-trip latency of a trivial statement and the
//! rate at which a large result streams. Prints `name: value unit` lines.
//!
//! Usage: `bolt-bench [ROUND_TRIPS [ROWS]]` (defaults 2000 and 500000).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use cartograph_bolt::{
    BoltServer, Neo4jBackend, Neo4jConfig, PasswordHash, PasswordSource, ServeConfig, ServerAuth,
};
use cartograph_graph::{Database, GraphBackend, Params, Value};

const PASSWORD_VAR: &str = "CARTOGRAPH_BOLT_BENCH_PASSWORD";

fn arg(n: usize, default: usize) -> Result<usize, String> {
    match std::env::args().nth(n) {
        None => Ok(default),
        Some(s) => s
            .parse()
            .map_err(|_| format!("argument {n} must be a positive integer, got {s:?}")),
    }
}

fn run() -> Result<(), String> {
    let round_trips = arg(1, 2000)?.max(1);
    let rows = arg(2, 500_000)?.max(1);
    // The bench's own throwaway password, handed to the client through the environment
    // like a real one would be.
    let password = std::env::var(PASSWORD_VAR).unwrap_or_else(|_| "bolt-bench".to_string());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let auth = ServerAuth::Basic {
        user: "neo4j".into(),
        password: PasswordHash::new(&password),
    };
    let mut config = ServeConfig::new(([127, 0, 0, 1], 0).into(), auth);
    config.max_rows = rows;
    let server = runtime
        .block_on(BoltServer::bind(config, Arc::new(Database::in_memory())))
        .map_err(|e| e.to_string())?;
    let addr = server.local_addr().map_err(|e| e.to_string())?;
    runtime.spawn(server.run());

    let dir = std::env::temp_dir().join(format!("bolt-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let pw_file = dir.join("password");
    std::fs::write(&pw_file, &password).map_err(|e| e.to_string())?;
    let client = Neo4jBackend::connect(Neo4jConfig::new(
        format!("bolt://{addr}"),
        PasswordSource::File(pw_file),
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let client = client.map_err(|e| e.to_string())?;

    let empty = Params::new();
    let mut latencies = Vec::with_capacity(round_trips);
    for _ in 0..round_trips {
        let t = Instant::now();
        client
            .run("RETURN 1 AS one", &empty)
            .map_err(|e| e.to_string())?;
        latencies.push(t.elapsed().as_secs_f64() * 1e6);
    }
    latencies.sort_by(f64::total_cmp);
    let mean = latencies.iter().sum::<f64>() / latencies.len() as f64;
    let pct = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    println!("round_trip_mean: {mean:.1} us");
    println!("round_trip_p50: {:.1} us", pct(0.5));
    println!("round_trip_p99: {:.1} us", pct(0.99));

    let params = Params::from([("n".to_string(), Value::Int(rows as i64))]);
    let t = Instant::now();
    let result = client
        .run(
            "UNWIND range(1, $n) AS i RETURN i, 'row ' + toString(i) AS label",
            &params,
        )
        .map_err(|e| e.to_string())?;
    let secs = t.elapsed().as_secs_f64();
    println!("stream_rows: {} rows", result.rows.len());
    println!("stream_time: {:.3} s", secs);
    println!("stream_rate: {:.0} rows/s", result.rows.len() as f64 / secs);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bolt-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

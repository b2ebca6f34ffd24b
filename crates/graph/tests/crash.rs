//! Crash safety: a loading process killed with SIGKILL at random points leaves exactly the
//! batches it committed. In its own test binary, because it forks children: a child between
//! fork and exec briefly holds every descriptor of the test process, locks included, which
//! would disturb other tests running beside it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use cartograph_graph::{Database, Params, Value};

const BATCH: i64 = 500;
const CHILD_ENV: &str = "CARTOGRAPH_CRASH_CHILD_DB";

fn params(pairs: &[(&str, Value)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn int(db: &Database, query: &str) -> i64 {
    let r = db.execute(query, &Params::new()).expect("query runs");
    match r.rows.first().and_then(|row| row.first()) {
        Some(Value::Int(n)) => *n,
        Some(Value::Null) | None => -1,
        other => panic!("{query} returned {other:?}"),
    }
}

/// The loading process of `committed_batches_survive_sigkill`: writes numbered batches of
/// nodes forever, printing each batch number once its commit has returned.
#[test]
#[ignore = "run only as the child process of committed_batches_survive_sigkill"]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let db = Database::open(Path::new(&dir)).expect("child opens the database");
    let mut batch = int(&db, "MATCH (n:Item) RETURN max(n.batch)") + 1;
    loop {
        db.execute(
            "UNWIND range(1, $n) AS i CREATE (:Item {batch: $b, i: i, payload: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'})",
            &params(&[("b", Value::Int(batch)), ("n", Value::Int(BATCH))]),
        )
        .expect("child writes a batch");
        println!("committed {batch}");
        batch += 1;
    }
}

#[test]
fn committed_batches_survive_sigkill() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(7, |d| d.subsec_nanos() as u64);
    println!("seed {seed}");
    let mut rng = seed;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let exe = std::env::current_exe().expect("test binary path");
    let mut last_reported = -1i64;
    for round in 0..6 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "crash_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("child stdout");
        // Kill after a random number of reported commits (1..=8), or a random delay: both
        // land at arbitrary points inside the next batch's write.
        let wanted = 1 + next() % 8;
        let deadline = Instant::now() + Duration::from_millis(200 + next() % 800);
        let mut seen = 0;
        let mut lines = BufReader::new(stdout).lines();
        while seen < wanted && Instant::now() < deadline + Duration::from_secs(30) {
            match lines.next() {
                Some(Ok(l)) if l.starts_with("committed ") => {
                    last_reported = l["committed ".len()..]
                        .trim()
                        .parse()
                        .expect("batch number");
                    seen += 1;
                }
                Some(_) => {}
                None => break,
            }
        }
        std::thread::sleep(Duration::from_millis(next() % 40));
        child.kill().expect("SIGKILL the child");
        let _ = child.wait();
        // Batches reported after the last one we read may also have committed.
        for l in lines.map_while(Result::ok) {
            if let Some(n) = l.strip_prefix("committed ") {
                last_reported = n.trim().parse().expect("batch number");
            }
        }

        let db = Database::open(&dir).expect("reopen after SIGKILL takes over the stale lock");
        let r = db
            .execute(
                "MATCH (n:Item) RETURN n.batch AS b, count(*) AS c ORDER BY b",
                &Params::new(),
            )
            .expect("count batches");
        let batches: Vec<(i64, i64)> = r
            .rows
            .iter()
            .map(|row| match (&row[0], &row[1]) {
                (Value::Int(b), Value::Int(c)) => (*b, *c),
                other => panic!("unexpected row {other:?}"),
            })
            .collect();
        for (i, (b, c)) in batches.iter().enumerate() {
            assert_eq!(
                *b, i as i64,
                "round {round}: batches must be a gap-free prefix: {batches:?}"
            );
            assert_eq!(
                *c, BATCH,
                "round {round}: batch {b} is partial ({c} of {BATCH} nodes)"
            );
        }
        let held = batches.len() as i64 - 1;
        assert!(
            held == last_reported || held == last_reported + 1,
            "round {round}: reported up to batch {last_reported} committed, database holds up to {held}"
        );
    }
}

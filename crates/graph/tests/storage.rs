//! Durability and safety of the embedded database: committed batches survive SIGKILL, a
//! half-written one never appears, one writer at a time, foreign or newer files are refused.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use cartograph_graph::{Database, Params, Value};

const BATCH: i64 = 500;
const CHILD_ENV: &str = "CARTOGRAPH_CRASH_CHILD_DB";

fn params(pairs: &[(&str, Value)]) -> Params {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
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
    let Some(dir) = std::env::var_os(CHILD_ENV) else { return };
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
    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(7, |d| d.subsec_nanos() as u64);
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
            .args(["--exact", "crash_child", "--ignored", "--nocapture", "--test-threads=1"])
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
                    last_reported = l["committed ".len()..].trim().parse().expect("batch number");
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
            .execute("MATCH (n:Item) RETURN n.batch AS b, count(*) AS c ORDER BY b", &Params::new())
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
            assert_eq!(*b, i as i64, "round {round}: batches must be a gap-free prefix: {batches:?}");
            assert_eq!(*c, BATCH, "round {round}: batch {b} is partial ({c} of {BATCH} nodes)");
        }
        let held = batches.len() as i64 - 1;
        assert!(
            held == last_reported || held == last_reported + 1,
            "round {round}: reported up to batch {last_reported} committed, database holds up to {held}"
        );
    }
}

#[test]
fn second_writer_is_refused_with_the_holder_pid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    let db = Database::open(&dir).expect("first open");
    db.execute("CREATE (:Keep {v: 1})", &Params::new()).expect("write");
    let err = Database::open(&dir).err().expect("second writer must be refused");
    assert!(
        err.message.contains(&format!("in use by PID {}", std::process::id())),
        "message names the holder: {}",
        err.message
    );
    // A reader still gets the last committed state.
    let snapshot = Database::open_or_snapshot(&dir).expect("snapshot while locked");
    assert_eq!(snapshot.mode(), cartograph_graph::Mode::ReadOnlySnapshot);
    assert_eq!(int(&snapshot, "MATCH (n:Keep) RETURN count(n)"), 1);
    let write = snapshot.execute("CREATE (:Nope)", &Params::new());
    assert!(write.is_err(), "a snapshot refuses writes");
    drop(db);
    let db = Database::open(&dir).expect("lock released on drop");
    assert_eq!(int(&db, "MATCH (n:Keep) RETURN count(n)"), 1);
}

#[test]
fn data_and_schema_survive_reopen() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    {
        let db = Database::open(&dir).expect("open");
        db.execute("CREATE INDEX acct_id IF NOT EXISTS FOR (n:Account) ON (n.id)", &Params::new()).expect("index");
        db.execute(
            "CREATE (a:Account:Tenant {id: 'a1', tags: ['x', 'y'], n: 3, f: 1.5, ok: true})-[:OWNS {since: 2020}]->(:Bucket {id: 'b1'})",
            &Params::new(),
        )
        .expect("create");
        db.execute("CREATE (:Gone)", &Params::new()).expect("create");
        db.execute("MATCH (g:Gone) DELETE g", &Params::new()).expect("delete");
    }
    let db = Database::open(&dir).expect("reopen");
    let r = db
        .execute(
            "MATCH (a:Account {id: 'a1'})-[r:OWNS]->(b) RETURN labels(a), a.tags, a.n, a.f, a.ok, r.since, b.id",
            &Params::new(),
        )
        .expect("read back");
    assert_eq!(r.rows.len(), 1);
    let row: Vec<String> = r.rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(row, ["['Account', 'Tenant']", "['x', 'y']", "3", "1.5", "true", "2020", "'b1'"]);
    assert_eq!(int(&db, "MATCH (g:Gone) RETURN count(g)"), 0);
    let idx = db.execute("SHOW INDEXES YIELD name RETURN name", &Params::new()).expect("show indexes");
    assert!(idx.rows.iter().any(|r| r[0].as_str() == Some("acct_id")), "index survives: {:?}", idx.rows);
    // Ids are not reused after a reopen.
    let before: Vec<Value> = db.execute("MATCH (n) RETURN id(n)", &Params::new()).expect("ids").rows.into_iter().map(|mut r| r.remove(0)).collect();
    let created = db.execute("CREATE (n:New) RETURN id(n)", &Params::new()).expect("create");
    let new_id = &created.rows[0][0];
    assert!(before.iter().all(|v| v.order_cmp(new_id) == std::cmp::Ordering::Less), "{new_id} is fresh");
}

#[test]
fn a_failing_statement_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    let db = Database::open(&dir).expect("open");
    db.execute("CREATE (:N {i: 1})-[:R]->(:N {i: 2})", &Params::new()).expect("seed");
    // The first row succeeds, the second fails: nothing of the statement may remain.
    let err = db.execute("UNWIND [1, 0] AS x CREATE (:N {i: 10 / x})", &Params::new());
    assert!(err.is_err());
    let err = db.execute("MATCH (n:N {i: 1}) SET n.i = 5 WITH n DELETE n", &Params::new());
    assert!(err.is_err(), "deleting a connected node fails");
    drop(db);
    let db = Database::open(&dir).expect("reopen");
    assert_eq!(int(&db, "MATCH (n:N) RETURN count(n)"), 2);
    assert_eq!(int(&db, "MATCH (n:N) RETURN sum(n.i)"), 3);
}

#[test]
fn transactions_commit_or_roll_back_as_a_whole() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    let db = Database::open(&dir).expect("open");
    {
        let mut tx = db.transaction().expect("begin");
        tx.execute("CREATE (:T {v: 1})", &Params::new()).expect("in tx");
        tx.execute("CREATE (:T {v: 2})", &Params::new()).expect("in tx");
        tx.rollback();
    }
    assert_eq!(int(&db, "MATCH (n:T) RETURN count(n)"), 0);
    {
        let mut tx = db.transaction().expect("begin");
        tx.execute("CREATE (:T {v: 1})", &Params::new()).expect("in tx");
        tx.execute("MATCH (n:T) SET n.v = n.v + 1", &Params::new()).expect("in tx");
        tx.commit().expect("commit");
    }
    drop(db);
    let db = Database::open(&dir).expect("reopen");
    assert_eq!(int(&db, "MATCH (n:T) RETURN sum(n.v)"), 2);
}

#[test]
fn foreign_truncated_and_newer_files_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");

    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "hello").expect("write");
    let err = Database::open(&file).err().expect("a plain file is refused");
    assert!(err.message.contains("is a file, not a cartograph database directory"), "{}", err.message);

    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("graph.sqlite"), vec![0x42u8; 8192]).expect("write");
    let err = Database::open(&foreign).err().expect("garbage is refused");
    assert!(err.message.contains("not a cartograph database"), "{}", err.message);

    let other = tmp.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let err = Database::open(&other).err().expect("a non-empty foreign directory is refused");
    assert!(err.message.contains("holds no cartograph database"), "{}", err.message);
    assert_eq!(std::fs::read_to_string(other.join("notes.txt")).expect("kept"), "mine");

    let good = tmp.path().join("good");
    {
        let db = Database::open(&good).expect("open");
        db.execute("UNWIND range(1, 2000) AS i CREATE (:X {i: i, s: 'padding padding padding'})", &Params::new())
            .expect("fill");
    }
    let data = good.join("graph.sqlite");
    let newer = tmp.path().join("newer");
    std::fs::create_dir(&newer).expect("mkdir");
    std::fs::copy(&data, newer.join("graph.sqlite")).expect("copy");
    {
        let conn = rusqlite::Connection::open(newer.join("graph.sqlite")).expect("sqlite");
        conn.execute("UPDATE meta SET value = 99 WHERE key = 'format_version'", []).expect("bump version");
    }
    let err = Database::open(&newer).err().expect("a newer format is refused");
    assert!(err.message.contains("newer cartograph"), "{}", err.message);

    let len = std::fs::metadata(&data).expect("size").len();
    let f = std::fs::OpenOptions::new().write(true).open(&data).expect("open data file");
    f.set_len(len / 3).expect("truncate");
    drop(f);
    let err = Database::open(&good).err().expect("a truncated file is refused");
    assert!(!err.message.is_empty());
    assert_eq!(err.kind, cartograph_graph::ErrorKind::StorageError, "{}", err.message);
}

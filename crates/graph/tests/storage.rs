//! Durability and safety of the embedded database: data and schema survive reopening, a
//! failing statement or transaction leaves nothing, one writer at a time, foreign or newer
//! files are refused. (Crash safety under SIGKILL is in `crash.rs`.)

use cartograph_graph::{Database, Params, Value};

fn int(db: &Database, query: &str) -> i64 {
    let r = db.execute(query, &Params::new()).expect("query runs");
    match r.rows.first().and_then(|row| row.first()) {
        Some(Value::Int(n)) => *n,
        Some(Value::Null) | None => -1,
        other => panic!("{query} returned {other:?}"),
    }
}

#[test]
fn second_writer_is_refused_with_the_holder_pid() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    let db = Database::open(&dir).expect("first open");
    db.execute("CREATE (:Keep {v: 1})", &Params::new())
        .expect("write");
    let err = Database::open(&dir)
        .err()
        .expect("second writer must be refused");
    assert!(
        err.message
            .contains(&format!("in use by PID {}", std::process::id())),
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
        db.execute(
            "CREATE INDEX acct_id IF NOT EXISTS FOR (n:Account) ON (n.id)",
            &Params::new(),
        )
        .expect("index");
        db.execute(
            "CREATE (a:Account:Tenant {id: 'a1', tags: ['x', 'y'], n: 3, f: 1.5, ok: true})-[:OWNS {since: 2020}]->(:Bucket {id: 'b1'})",
            &Params::new(),
        )
        .expect("create");
        db.execute("CREATE (:Gone)", &Params::new())
            .expect("create");
        db.execute("MATCH (g:Gone) DELETE g", &Params::new())
            .expect("delete");
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
    assert_eq!(
        row,
        [
            "['Account', 'Tenant']",
            "['x', 'y']",
            "3",
            "1.5",
            "true",
            "2020",
            "'b1'"
        ]
    );
    assert_eq!(int(&db, "MATCH (g:Gone) RETURN count(g)"), 0);
    let idx = db
        .execute("SHOW INDEXES YIELD name RETURN name", &Params::new())
        .expect("show indexes");
    assert!(
        idx.rows.iter().any(|r| r[0].as_str() == Some("acct_id")),
        "index survives: {:?}",
        idx.rows
    );
    // Ids are not reused after a reopen.
    let before: Vec<Value> = db
        .execute("MATCH (n) RETURN id(n)", &Params::new())
        .expect("ids")
        .rows
        .into_iter()
        .map(|mut r| r.remove(0))
        .collect();
    let created = db
        .execute("CREATE (n:New) RETURN id(n)", &Params::new())
        .expect("create");
    let new_id = &created.rows[0][0];
    assert!(
        before
            .iter()
            .all(|v| v.order_cmp(new_id) == std::cmp::Ordering::Less),
        "{new_id} is fresh"
    );
}

#[test]
fn a_failing_statement_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("db");
    let db = Database::open(&dir).expect("open");
    db.execute("CREATE (:N {i: 1})-[:R]->(:N {i: 2})", &Params::new())
        .expect("seed");
    // The first row succeeds, the second fails: nothing of the statement may remain.
    let err = db.execute("UNWIND [1, 0] AS x CREATE (:N {i: 10 / x})", &Params::new());
    assert!(err.is_err());
    let err = db.execute(
        "MATCH (n:N {i: 1}) SET n.i = 5 WITH n DELETE n",
        &Params::new(),
    );
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
        tx.execute("CREATE (:T {v: 1})", &Params::new())
            .expect("in tx");
        tx.execute("CREATE (:T {v: 2})", &Params::new())
            .expect("in tx");
        tx.rollback();
    }
    assert_eq!(int(&db, "MATCH (n:T) RETURN count(n)"), 0);
    {
        let mut tx = db.transaction().expect("begin");
        tx.execute("CREATE (:T {v: 1})", &Params::new())
            .expect("in tx");
        tx.execute("MATCH (n:T) SET n.v = n.v + 1", &Params::new())
            .expect("in tx");
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
    let err = Database::open(&file)
        .err()
        .expect("a plain file is refused");
    assert!(
        err.message
            .contains("is a file, not a cartograph database directory"),
        "{}",
        err.message
    );

    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("graph.sqlite"), vec![0x42u8; 8192]).expect("write");
    let err = Database::open(&foreign).err().expect("garbage is refused");
    assert!(
        err.message.contains("not a cartograph database"),
        "{}",
        err.message
    );

    let other = tmp.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let err = Database::open(&other)
        .err()
        .expect("a non-empty foreign directory is refused");
    assert!(
        err.message.contains("holds no cartograph database"),
        "{}",
        err.message
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).expect("kept"),
        "mine"
    );

    let good = tmp.path().join("good");
    {
        let db = Database::open(&good).expect("open");
        db.execute(
            "UNWIND range(1, 2000) AS i CREATE (:X {i: i, s: 'padding padding padding'})",
            &Params::new(),
        )
        .expect("fill");
    }
    let data = good.join("graph.sqlite");
    let newer = tmp.path().join("newer");
    std::fs::create_dir(&newer).expect("mkdir");
    std::fs::copy(&data, newer.join("graph.sqlite")).expect("copy");
    {
        let conn = rusqlite::Connection::open(newer.join("graph.sqlite")).expect("sqlite");
        conn.execute(
            "UPDATE meta SET value = 99 WHERE key = 'format_version'",
            [],
        )
        .expect("bump version");
    }
    let err = Database::open(&newer)
        .err()
        .expect("a newer format is refused");
    assert!(err.message.contains("newer cartograph"), "{}", err.message);

    let len = std::fs::metadata(&data).expect("size").len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&data)
        .expect("open data file");
    f.set_len(len / 3).expect("truncate");
    drop(f);
    let err = Database::open(&good)
        .err()
        .expect("a truncated file is refused");
    assert!(!err.message.is_empty());
    assert_eq!(
        err.kind,
        cartograph_graph::ErrorKind::StorageError,
        "{}",
        err.message
    );
}

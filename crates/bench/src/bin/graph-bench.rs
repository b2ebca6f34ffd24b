//! The Cartography-shaped benchmark of the embedded graph database (issue: "Embedded graph
//! database"): 200,000 nodes over 20 labels and 400,000 relationships loaded with
//! Cartography's statement shapes in durable batches of 1,000, a scoped stale cleanup, typical
//! reads, and a reopen. Prints one `name: value unit` line per figure.
//!
//! `graph-bench [--nodes N] [--db DIR]` (defaults: 200000, a temporary directory).

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use cartograph_graph::{Database, Params, Value};

const LABELS: usize = 20;
const BATCH: usize = 1000;
const TAG: i64 = 1_700_000_000;

/// Cartography's node upsert with its sub-resource relationship, as its query builder emits it.
const NODE_UPSERT: &str = "UNWIND $DictList AS item
MERGE (i:__L__ {id: item.id})
ON CREATE SET i.firstseen = timestamp()
SET i.lastupdated = $UPDATE_TAG, i.name = item.name, i.region = item.region, i.size = item.size, i.public = item.public, i.arn = item.arn
WITH i, item
CALL (i, item) {
    OPTIONAL MATCH (j:BenchAccount {id: $OWNER_ID})
    WITH i, item, j WHERE j IS NOT NULL
    MERGE (i)<-[r:RESOURCE]-(j)
    ON CREATE SET r.firstseen = timestamp()
    SET r.lastupdated = $UPDATE_TAG
}";

/// Cartography's relationship-only "matchlink" load between two existing node sets.
const REL_MERGE: &str = "UNWIND $DictList AS item
MATCH (a:__A__ {id: item.a})
MATCH (b:__B__ {id: item.b})
MERGE (a)-[r:CONNECTS]->(b)
ON CREATE SET r.firstseen = timestamp()
SET r.lastupdated = $UPDATE_TAG, r.port = item.port";

const CLEANUP: &str = "MATCH (n:__L__)<-[:RESOURCE]-(:BenchAccount {id: $OWNER_ID})
WHERE n.lastupdated <> $UPDATE_TAG
WITH n LIMIT $LIMIT_SIZE
DETACH DELETE n";

fn label(i: usize) -> String {
    format!("BenchL{i:02}")
}

fn params(pairs: Vec<(&str, Value)>) -> Params {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn node_row(label_no: usize, i: usize) -> Value {
    let id = format!(
        "arn:aws:bench:us-east-1:000000000000:{}/{i}",
        label(label_no)
    );
    Value::Map(
        [
            ("id".to_string(), Value::from(id.clone())),
            ("name".to_string(), Value::from(format!("name-{i}"))),
            (
                "region".to_string(),
                Value::from(if i.is_multiple_of(2) {
                    "us-east-1"
                } else {
                    "eu-west-1"
                }),
            ),
            ("size".to_string(), Value::Int((i % 500) as i64)),
            ("public".to_string(), Value::Bool(i.is_multiple_of(10))),
            ("arn".to_string(), Value::from(id)),
        ]
        .into_iter()
        .collect(),
    )
}

fn node_id(label_no: usize, i: usize) -> String {
    format!(
        "arn:aws:bench:us-east-1:000000000000:{}/{i}",
        label(label_no)
    )
}

fn figure(name: &str, value: f64, unit: &str) {
    if value >= 100.0 {
        println!("{name}: {value:.0} {unit}");
    } else {
        println!("{name}: {value:.4} {unit}");
    }
}

fn rate(rows: usize, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64()
}

/// Median time of `runs` executions of a read, in milliseconds.
fn time_read(
    db: &Database,
    query: &str,
    p: &Params,
    runs: usize,
) -> Result<(f64, Vec<Vec<Value>>)> {
    let mut times = Vec::with_capacity(runs);
    let mut rows = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let r = db
            .execute(query, p)
            .map_err(|e| anyhow::anyhow!("{query}: {e}"))?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        rows = r.rows;
    }
    times.sort_by(f64::total_cmp);
    Ok((times[times.len() / 2], rows))
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let mut nodes = 200_000usize;
    let mut dir: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--nodes" => {
                nodes = args
                    .next()
                    .context("--nodes needs a number")?
                    .parse()
                    .context("--nodes needs a number")?
            }
            "--db" => dir = Some(args.next().context("--db needs a directory")?.into()),
            other => {
                bail!("unknown argument `{other}` (usage: graph-bench [--nodes N] [--db DIR])")
            }
        }
    }
    let tmp = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| tmp.path().join("bench-db"));
    let per_label = nodes / LABELS;
    let owner = "000000000000";
    let db = Database::open(&dir).map_err(|e| anyhow::anyhow!("{e}"))?;
    let run = |q: &str, p: &Params| db.execute(q, p).map_err(|e| anyhow::anyhow!("{e}\n{q}"));

    run(
        "CREATE INDEX IF NOT EXISTS FOR (n:BenchAccount) ON (n.id)",
        &Params::new(),
    )?;
    for l in 0..LABELS {
        run(
            &format!("CREATE INDEX IF NOT EXISTS FOR (n:{}) ON (n.id)", label(l)),
            &Params::new(),
        )?;
        run(
            &format!(
                "CREATE INDEX IF NOT EXISTS FOR (n:{}) ON (n.lastupdated)",
                label(l)
            ),
            &Params::new(),
        )?;
    }
    run(
        "MERGE (a:BenchAccount {id: $id}) SET a.lastupdated = $tag",
        &params(vec![("id", owner.into()), ("tag", TAG.into())]),
    )?;

    // 1. Node upserts (each also merges its RESOURCE relationship from the account).
    let started = Instant::now();
    for l in 0..LABELS {
        let q = NODE_UPSERT.replace("__L__", &label(l));
        for chunk in (0..per_label).collect::<Vec<_>>().chunks(BATCH) {
            let rows: Vec<Value> = chunk.iter().map(|&i| node_row(l, i)).collect();
            run(
                &q,
                &params(vec![
                    ("DictList", Value::List(rows)),
                    ("UPDATE_TAG", TAG.into()),
                    ("OWNER_ID", owner.into()),
                ]),
            )?;
        }
    }
    let node_time = started.elapsed();
    figure(
        "node_upserts",
        rate(per_label * LABELS, node_time),
        "rows/s",
    );

    // 2. Relationship merges between existing nodes: label l -> label (l+1) % LABELS.
    let started = Instant::now();
    let mut rel_rows = 0;
    for l in 0..LABELS {
        let q = REL_MERGE
            .replace("__A__", &label(l))
            .replace("__B__", &label((l + 1) % LABELS));
        for chunk in (0..per_label).collect::<Vec<_>>().chunks(BATCH) {
            let rows: Vec<Value> = chunk
                .iter()
                .map(|&i| {
                    Value::Map(
                        [
                            ("a".to_string(), Value::from(node_id(l, i))),
                            (
                                "b".to_string(),
                                Value::from(node_id((l + 1) % LABELS, (i * 7 + 3) % per_label)),
                            ),
                            ("port".to_string(), Value::Int(443)),
                        ]
                        .into_iter()
                        .collect(),
                    )
                })
                .collect();
            rel_rows += rows.len();
            run(
                &q,
                &params(vec![
                    ("DictList", Value::List(rows)),
                    ("UPDATE_TAG", TAG.into()),
                ]),
            )?;
        }
    }
    figure(
        "relationship_merges",
        rate(rel_rows, started.elapsed()),
        "rows/s",
    );

    let count = |q: &str| -> Result<i64> {
        match run(q, &Params::new())?.rows.first().and_then(|r| r.first()) {
            Some(Value::Int(n)) => Ok(*n),
            other => bail!("{q} returned {other:?}"),
        }
    };
    figure("nodes", count("MATCH (n) RETURN count(n)")? as f64, "nodes");
    figure(
        "relationships",
        count("MATCH ()-[r]->() RETURN count(r)")? as f64,
        "relationships",
    );

    // 3. Stale cleanup: re-sync half of label 0 with a new tag, then delete the stale half.
    let fresh = TAG + 1;
    let q = NODE_UPSERT.replace("__L__", &label(0));
    for chunk in (0..per_label / 2).collect::<Vec<_>>().chunks(BATCH) {
        let rows: Vec<Value> = chunk.iter().map(|&i| node_row(0, i)).collect();
        run(
            &q,
            &params(vec![
                ("DictList", Value::List(rows)),
                ("UPDATE_TAG", fresh.into()),
                ("OWNER_ID", owner.into()),
            ]),
        )?;
    }
    let cleanup = CLEANUP.replace("__L__", &label(0));
    let started = Instant::now();
    let mut deleted = 0u64;
    loop {
        let r = run(
            &cleanup,
            &params(vec![
                ("OWNER_ID", owner.into()),
                ("UPDATE_TAG", fresh.into()),
                ("LIMIT_SIZE", Value::Int(BATCH as i64)),
            ]),
        )?;
        if r.counters.nodes_deleted == 0 {
            break;
        }
        deleted += r.counters.nodes_deleted;
    }
    figure("cleanup_deleted", deleted as f64, "nodes");
    figure(
        "cleanup",
        rate(deleted as usize, started.elapsed()),
        "nodes/s",
    );

    // 4. Reads.
    let l5 = label(5);
    let none = Params::new();
    let (t, _) = time_read(&db, &format!("MATCH (n:{l5}) RETURN count(n)"), &none, 21)?;
    figure("count_by_label", t, "ms");
    let (t, _) = time_read(
        &db,
        &format!("MATCH (n:{l5}) WHERE n.public = true AND n.size > 250 RETURN count(n)"),
        &none,
        5,
    )?;
    figure("label_scan_property_filter", t, "ms");
    let (t, _) = time_read(
        &db,
        &format!("MATCH (a:BenchAccount)-[:RESOURCE]->(n:{l5})-[:CONNECTS]->(m) RETURN count(m)"),
        &none,
        5,
    )?;
    figure("two_hop_pattern_count", t, "ms");
    let start = params(vec![("id", node_id(5, 42).into())]);
    let (t, _) = time_read(
        &db,
        &format!("MATCH (n:{l5} {{id: $id}})-[:CONNECTS*1..3]->(m) RETURN count(m)"),
        &start,
        21,
    )?;
    figure("var_length_1_3_from_one_node", t, "ms");
    let (t, _) = time_read(
        &db,
        &format!("MATCH (n:{l5})-[:CONNECTS*1..3]->(m) RETURN count(m)"),
        &none,
        3,
    )?;
    figure("var_length_1_3_over_all_nodes", t, "ms");
    let (t, _) = time_read(
        &db,
        "MATCH (n) RETURN labels(n)[0] AS label, count(*) ORDER BY label",
        &none,
        3,
    )?;
    figure("count_by_every_label", t, "ms");
    let (t, _) = time_read(
        &db,
        "MATCH ()-[r]->() RETURN type(r) AS t, count(*) ORDER BY t",
        &none,
        3,
    )?;
    figure("count_by_relationship_type", t, "ms");
    let (t, rows) = time_read(
        &db,
        &format!("MATCH (n:{l5} {{id: $id}}) RETURN n.name"),
        &start,
        101,
    )?;
    if rows.len() != 1 {
        bail!("point lookup returned {} rows", rows.len());
    }
    figure("indexed_point_lookup", t, "ms");
    figure("peak_rss", peak_rss_mb(), "MB");

    // 5. Close and reopen.
    drop(db);
    let started = Instant::now();
    let db = Database::open(&dir).map_err(|e| anyhow::anyhow!("{e}"))?;
    figure("reopen", started.elapsed().as_secs_f64(), "s");
    let n = db
        .execute("MATCH (n) RETURN count(n)", &Params::new())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let expected = (per_label * LABELS + 1) as i64 - deleted as i64;
    match n.rows.first().and_then(|r| r.first()) {
        Some(Value::Int(c)) if *c == expected => {}
        other => bail!("after reopen expected {expected} nodes, found {other:?}"),
    }
    figure("node_upserts_total_time", node_time.as_secs_f64(), "s");
    Ok(())
}

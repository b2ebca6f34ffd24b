//! End-to-end Cypher tests through `Database::execute`.

use cartograph_graph::{Database, Params, QueryResult, Value};

fn run(db: &Database, q: &str) -> QueryResult {
    match db.execute(q, &Params::new()) {
        Ok(r) => r,
        Err(e) => panic!("{q}: {e}"),
    }
}

fn run_p(db: &Database, q: &str, params: Vec<(&str, Value)>) -> QueryResult {
    let p: Params = params.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    match db.execute(q, &p) {
        Ok(r) => r,
        Err(e) => panic!("{q}: {e}"),
    }
}

fn rows(r: &QueryResult) -> Vec<String> {
    r.rows.iter().map(|row| row.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")).collect()
}

fn one(db: &Database, q: &str) -> String {
    let r = run(db, q);
    rows(&r).join(" | ")
}

#[test]
fn create_match_return() {
    let db = Database::in_memory();
    let r = run(&db, "CREATE (a:Person {name: 'Ann', age: 30})-[:KNOWS {since: 2000}]->(b:Person {name: 'Bob'})");
    assert_eq!(r.counters.nodes_created, 2);
    assert_eq!(r.counters.relationships_created, 1);
    assert_eq!(r.counters.properties_set, 4);
    assert_eq!(one(&db, "MATCH (a:Person)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name"), "'Ann', 2000, 'Bob'");
    assert_eq!(one(&db, "MATCH (n:Person) RETURN count(n)"), "2");
    assert_eq!(one(&db, "MATCH (n) RETURN count(*)"), "2");
    assert_eq!(one(&db, "MATCH ()-[r:KNOWS]->() RETURN count(r)"), "1");
    assert_eq!(one(&db, "MATCH (n:Person) WHERE n.age > 20 RETURN n.name ORDER BY n.name"), "'Ann'");
    assert_eq!(one(&db, "MATCH (b)<-[:KNOWS]-(a) RETURN a.name + '->' + b.name AS x"), "'Ann->Bob'");
    assert_eq!(one(&db, "MATCH (a)-[]-(b) RETURN a.name ORDER BY a.name"), "'Ann' | 'Bob'");
}

#[test]
fn unwind_with_aggregation_order_limit() {
    let db = Database::in_memory();
    let r = run(&db, "UNWIND range(1, 10) AS i WITH i % 3 AS k, i RETURN k, count(*) AS c, collect(i) AS xs ORDER BY k");
    assert_eq!(rows(&r), vec!["0, 3, [3, 6, 9]", "1, 4, [1, 4, 7, 10]", "2, 3, [2, 5, 8]"]);
    assert_eq!(one(&db, "UNWIND [3, 1, 2] AS x RETURN x ORDER BY x DESC SKIP 1 LIMIT 1"), "2");
    assert_eq!(one(&db, "UNWIND [1, 1, 2] AS x RETURN DISTINCT x ORDER BY x"), "1 | 2");
    assert_eq!(one(&db, "RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * 10] AS l"), "[10, 30, 50]");
    assert_eq!(one(&db, "RETURN reduce(s = 0, x IN [1, 2, 3] | s + x) AS s"), "6");
    assert_eq!(one(&db, "RETURN all(x IN [1, 2] WHERE x > 0), any(x IN [] WHERE x > 0)"), "true, false");
    assert_eq!(one(&db, "MATCH (n) RETURN count(n)"), "0");
}

#[test]
fn merge_and_set() {
    let db = Database::in_memory();
    run(&db, "CREATE INDEX item_id IF NOT EXISTS FOR (n:Item) ON (n.id)");
    let list = Value::List(
        (0..5)
            .map(|i| Value::Map([("id".to_string(), Value::Int(i % 3)), ("p1".to_string(), Value::from("x"))].into()))
            .collect(),
    );
    let q = "UNWIND $DictList AS item MERGE (i:Item {id: item.id}) ON CREATE SET i.firstseen = timestamp() \
             SET i.lastupdated = $tag, i.p1 = item.p1";
    let r = run_p(&db, q, vec![("DictList", list), ("tag", Value::Int(7))]);
    assert_eq!(r.counters.nodes_created, 3);
    assert_eq!(one(&db, "MATCH (n:Item) RETURN count(n)"), "3");
    assert_eq!(one(&db, "MATCH (n:Item {id: 2}) RETURN n.p1, n.lastupdated"), "'x', 7");
    run(&db, "MATCH (n:Item {id: 1}) SET n:Extra, n += {q: 1} REMOVE n.p1");
    assert_eq!(one(&db, "MATCH (n:Extra) RETURN labels(n), n.q, n.p1"), "['Item', 'Extra'], 1, null");
}

#[test]
fn cartography_loader_and_cleanup() {
    let db = Database::in_memory();
    run(&db, "CREATE INDEX IF NOT EXISTS FOR (n:Owner) ON (n.id)");
    run(&db, "CREATE INDEX IF NOT EXISTS FOR (n:L) ON (n.id)");
    run(&db, "CREATE (:Owner {id: 'o1'})");
    let load = "UNWIND $DictList AS item MERGE (i:L {id: item.id}) ON CREATE SET i.firstseen = timestamp() \
        SET i.lastupdated = $tag, i.p1 = item.p1 \
        WITH i, item \
        CALL (i, item) { \
          OPTIONAL MATCH (j:Owner {id: $owner}) WITH i, item, j WHERE j IS NOT NULL \
          MERGE (i)<-[r:RESOURCE]-(j) ON CREATE SET r.firstseen = timestamp() SET r.lastupdated = $tag \
          UNION \
          OPTIONAL MATCH (j:Owner {id: $owner}) WITH i, item, j WHERE j IS NOT NULL \
          MERGE (i)<-[r:RESOURCE]-(j) SET r.lastupdated = $tag \
        }";
    let batch = |ids: std::ops::Range<i64>| {
        Value::List(
            ids.map(|i| Value::Map([("id".to_string(), Value::Int(i)), ("p1".to_string(), Value::Int(i * 2))].into()))
                .collect(),
        )
    };
    let r = run_p(&db, load, vec![("DictList", batch(0..10)), ("tag", Value::Int(1)), ("owner", Value::from("o1"))]);
    assert_eq!(r.counters.nodes_created, 10);
    assert_eq!(r.counters.relationships_created, 10);
    let r = run_p(&db, load, vec![("DictList", batch(5..10)), ("tag", Value::Int(2)), ("owner", Value::from("o1"))]);
    assert_eq!(r.counters.nodes_created, 0);
    assert_eq!(r.counters.relationships_created, 0);
    assert_eq!(one(&db, "MATCH (:Owner)-[r:RESOURCE]->(:L) RETURN count(r)"), "10");
    let cleanup = "MATCH (n:L)<-[:RESOURCE]-(:Owner {id: $owner}) WHERE n.lastupdated <> $tag \
                   WITH n LIMIT $LIMIT_SIZE DETACH DELETE n";
    let r = run_p(
        &db,
        cleanup,
        vec![("owner", Value::from("o1")), ("tag", Value::Int(2)), ("LIMIT_SIZE", Value::Int(3))],
    );
    assert_eq!(r.counters.nodes_deleted, 3);
    assert_eq!(r.counters.relationships_deleted, 3);
    assert_eq!(one(&db, "MATCH (n:L) RETURN count(n)"), "7");
}

/// Throughput of the Cartography-shaped loader, in memory (run with
/// `cargo test --release -p cartograph-graph --test cypher -- --ignored --nocapture`).
#[test]
#[ignore]
fn loader_throughput() {
    let db = Database::in_memory();
    run(&db, "CREATE INDEX IF NOT EXISTS FOR (n:Owner) ON (n.id)");
    run(&db, "CREATE INDEX IF NOT EXISTS FOR (n:L) ON (n.id)");
    run(&db, "CREATE (:Owner {id: 'o1'})");
    let load = "UNWIND $DictList AS item MERGE (i:L {id: item.id}) ON CREATE SET i.firstseen = timestamp() \
        SET i.lastupdated = $tag, i.name = item.name, i.region = item.region, i.size = item.size \
        WITH i, item \
        CALL (i, item) { \
          OPTIONAL MATCH (j:Owner {id: $owner}) WITH i, item, j WHERE j IS NOT NULL \
          MERGE (i)<-[r:RESOURCE]-(j) ON CREATE SET r.firstseen = timestamp() SET r.lastupdated = $tag \
        }";
    let n = 100_000;
    let mut batches = Vec::new();
    for chunk in (0..n).collect::<Vec<i64>>().chunks(1000) {
        batches.push(Value::List(
            chunk
                .iter()
                .map(|i| {
                    Value::Map(
                        [
                            ("id".to_string(), Value::from(format!("arn:aws:x:{i}"))),
                            ("name".to_string(), Value::from(format!("name-{i}"))),
                            ("region".to_string(), Value::from("us-east-1")),
                            ("size".to_string(), Value::Int(i % 500)),
                        ]
                        .into(),
                    )
                })
                .collect(),
        ));
    }
    let started = std::time::Instant::now();
    for rows in batches {
        run_p(&db, load, vec![("DictList", rows), ("tag", Value::Int(1)), ("owner", Value::from("o1"))]);
    }
    let secs = started.elapsed().as_secs_f64();
    println!("node upserts: {:.0} rows/s", n as f64 / secs);
    assert_eq!(one(&db, "MATCH (n:L) RETURN count(n)"), n.to_string());
}

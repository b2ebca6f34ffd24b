//! End-to-end Cypher tests through `Database::execute`.

use cartograph_graph::{Database, Params, QueryResult, Value};

fn run(db: &Database, q: &str) -> QueryResult {
    match db.execute(q, &Params::new()) {
        Ok(r) => r,
        Err(e) => panic!("{q}: {e}"),
    }
}

fn run_p(db: &Database, q: &str, params: Vec<(&str, Value)>) -> QueryResult {
    let p: Params = params
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    match db.execute(q, &p) {
        Ok(r) => r,
        Err(e) => panic!("{q}: {e}"),
    }
}

fn rows(r: &QueryResult) -> Vec<String> {
    r.rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

fn one(db: &Database, q: &str) -> String {
    let r = run(db, q);
    rows(&r).join(" | ")
}

#[test]
fn create_match_return() {
    let db = Database::in_memory();
    let r = run(
        &db,
        "CREATE (a:Person {name: 'Ann', age: 30})-[:KNOWS {since: 2000}]->(b:Person {name: 'Bob'})",
    );
    assert_eq!(r.counters.nodes_created, 2);
    assert_eq!(r.counters.relationships_created, 1);
    assert_eq!(r.counters.properties_set, 4);
    assert_eq!(
        one(
            &db,
            "MATCH (a:Person)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name"
        ),
        "'Ann', 2000, 'Bob'"
    );
    assert_eq!(one(&db, "MATCH (n:Person) RETURN count(n)"), "2");
    assert_eq!(one(&db, "MATCH (n) RETURN count(*)"), "2");
    assert_eq!(one(&db, "MATCH ()-[r:KNOWS]->() RETURN count(r)"), "1");
    assert_eq!(
        one(
            &db,
            "MATCH (n:Person) WHERE n.age > 20 RETURN n.name ORDER BY n.name"
        ),
        "'Ann'"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (b)<-[:KNOWS]-(a) RETURN a.name + '->' + b.name AS x"
        ),
        "'Ann->Bob'"
    );
    assert_eq!(
        one(&db, "MATCH (a)-[]-(b) RETURN a.name ORDER BY a.name"),
        "'Ann' | 'Bob'"
    );
}

#[test]
fn unwind_with_aggregation_order_limit() {
    let db = Database::in_memory();
    let r = run(
        &db,
        "UNWIND range(1, 10) AS i WITH i % 3 AS k, i RETURN k, count(*) AS c, collect(i) AS xs ORDER BY k",
    );
    assert_eq!(
        rows(&r),
        vec!["0, 3, [3, 6, 9]", "1, 4, [1, 4, 7, 10]", "2, 3, [2, 5, 8]"]
    );
    assert_eq!(
        one(
            &db,
            "UNWIND [3, 1, 2] AS x RETURN x ORDER BY x DESC SKIP 1 LIMIT 1"
        ),
        "2"
    );
    assert_eq!(
        one(&db, "UNWIND [1, 1, 2] AS x RETURN DISTINCT x ORDER BY x"),
        "1 | 2"
    );
    assert_eq!(
        one(
            &db,
            "RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * 10] AS l"
        ),
        "[10, 30, 50]"
    );
    assert_eq!(
        one(&db, "RETURN reduce(s = 0, x IN [1, 2, 3] | s + x) AS s"),
        "6"
    );
    assert_eq!(
        one(
            &db,
            "RETURN all(x IN [1, 2] WHERE x > 0), any(x IN [] WHERE x > 0)"
        ),
        "true, false"
    );
    assert_eq!(one(&db, "MATCH (n) RETURN count(n)"), "0");
}

#[test]
fn merge_and_set() {
    let db = Database::in_memory();
    run(
        &db,
        "CREATE INDEX item_id IF NOT EXISTS FOR (n:Item) ON (n.id)",
    );
    let list = Value::List(
        (0..5)
            .map(|i| {
                Value::Map(
                    [
                        ("id".to_string(), Value::Int(i % 3)),
                        ("p1".to_string(), Value::from("x")),
                    ]
                    .into(),
                )
            })
            .collect(),
    );
    let q = "UNWIND $DictList AS item MERGE (i:Item {id: item.id}) ON CREATE SET i.firstseen = timestamp() \
             SET i.lastupdated = $tag, i.p1 = item.p1";
    let r = run_p(&db, q, vec![("DictList", list), ("tag", Value::Int(7))]);
    assert_eq!(r.counters.nodes_created, 3);
    assert_eq!(one(&db, "MATCH (n:Item) RETURN count(n)"), "3");
    assert_eq!(
        one(&db, "MATCH (n:Item {id: 2}) RETURN n.p1, n.lastupdated"),
        "'x', 7"
    );
    run(
        &db,
        "MATCH (n:Item {id: 1}) SET n:Extra, n += {q: 1} REMOVE n.p1",
    );
    assert_eq!(
        one(&db, "MATCH (n:Extra) RETURN labels(n), n.q, n.p1"),
        "['Item', 'Extra'], 1, null"
    );
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
            ids.map(|i| {
                Value::Map(
                    [
                        ("id".to_string(), Value::Int(i)),
                        ("p1".to_string(), Value::Int(i * 2)),
                    ]
                    .into(),
                )
            })
            .collect(),
        )
    };
    let r = run_p(
        &db,
        load,
        vec![
            ("DictList", batch(0..10)),
            ("tag", Value::Int(1)),
            ("owner", Value::from("o1")),
        ],
    );
    assert_eq!(r.counters.nodes_created, 10);
    assert_eq!(r.counters.relationships_created, 10);
    let r = run_p(
        &db,
        load,
        vec![
            ("DictList", batch(5..10)),
            ("tag", Value::Int(2)),
            ("owner", Value::from("o1")),
        ],
    );
    assert_eq!(r.counters.nodes_created, 0);
    assert_eq!(r.counters.relationships_created, 0);
    assert_eq!(
        one(&db, "MATCH (:Owner)-[r:RESOURCE]->(:L) RETURN count(r)"),
        "10"
    );
    let cleanup = "MATCH (n:L)<-[:RESOURCE]-(:Owner {id: $owner}) WHERE n.lastupdated <> $tag \
                   WITH n LIMIT $LIMIT_SIZE DETACH DELETE n";
    let r = run_p(
        &db,
        cleanup,
        vec![
            ("owner", Value::from("o1")),
            ("tag", Value::Int(2)),
            ("LIMIT_SIZE", Value::Int(3)),
        ],
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
    let variant = std::env::var("LOADER_VARIANT").unwrap_or_default();
    let load = match variant.as_str() {
        "unwind" => "UNWIND $DictList AS item RETURN count(*)",
        "merge" => "UNWIND $DictList AS item MERGE (i:L {id: item.id})",
        "set" => {
            "UNWIND $DictList AS item MERGE (i:L {id: item.id}) ON CREATE SET i.firstseen = timestamp() \
        SET i.lastupdated = $tag, i.name = item.name, i.region = item.region, i.size = item.size"
        }
        _ => load,
    };
    let started = std::time::Instant::now();
    for rows in batches {
        run_p(
            &db,
            load,
            vec![
                ("DictList", rows),
                ("tag", Value::Int(1)),
                ("owner", Value::from("o1")),
            ],
        );
    }
    let secs = started.elapsed().as_secs_f64();
    if !variant.is_empty() {
        println!("{variant}: {:.0} rows/s", n as f64 / secs);
        return;
    }
    println!("node upserts: {:.0} rows/s", n as f64 / secs);
    assert_eq!(one(&db, "MATCH (n:L) RETURN count(n)"), n.to_string());
}

fn err(db: &Database, q: &str) -> cartograph_graph::CypherError {
    match db.execute(q, &Params::new()) {
        Ok(r) => panic!("{q}: expected an error, got {:?}", r.rows),
        Err(e) => e,
    }
}

#[test]
fn semantic_errors_have_codes_and_positions() {
    let db = Database::in_memory();
    let e = err(&db, "MATCH (n) RETURN m");
    assert_eq!(e.detail, Some("UndefinedVariable"));
    assert_eq!(e.position.map(|p| p.column), Some(18));
    assert_eq!(
        err(&db, "MATCH (a) CREATE (a)").detail,
        Some("VariableAlreadyBound")
    );
    assert_eq!(
        err(&db, "CREATE (a)-[:R|S]->(b)").detail,
        Some("NoSingleRelationshipType")
    );
    assert_eq!(
        err(&db, "CREATE (a)-[:R]-(b)").detail,
        Some("RequiresDirectedRelationship")
    );
    assert_eq!(
        err(&db, "RETURN 1 AS a UNION RETURN 2 AS b").detail,
        Some("DifferentColumnsInUnion")
    );
    assert_eq!(
        err(&db, "RETURN 1 AS a, 2 AS a").detail,
        Some("ColumnNameConflict")
    );
    assert_eq!(
        err(&db, "MATCH (n) WHERE count(n) > 1 RETURN n").detail,
        Some("InvalidAggregation")
    );
    assert_eq!(
        err(&db, "RETURN count(count(1))").detail,
        Some("NestedAggregation")
    );
    assert_eq!(
        err(&db, "MATCH (n) RETURN n LIMIT n.x").detail,
        Some("NonConstantExpression")
    );
    assert_eq!(
        err(&db, "RETURN nosuchfunction(1)").detail,
        Some("UnknownFunction")
    );
    assert_eq!(
        err(&db, "MATCH (n)-[r]->(m) MATCH (r) RETURN r").detail,
        Some("VariableTypeConflict")
    );
    assert_eq!(
        err(&db, "RETURN $missing").kind,
        cartograph_graph::ErrorKind::ParameterMissing
    );
    let e = err(&db, "RETURN 1 + 'a' * 2");
    assert_eq!(e.kind, cartograph_graph::ErrorKind::SyntaxError);
    let e = err(&db, "UNWIND [1] AS x RETURN x + 'a' * x");
    assert_eq!(e.kind, cartograph_graph::ErrorKind::TypeError);
    assert!(e.position.is_some());
}

#[test]
fn runtime_errors_leave_the_graph_unchanged() {
    let db = Database::in_memory();
    run(&db, "CREATE (:A)-[:R]->(:B)");
    let e = err(&db, "MATCH (a:A) DELETE a");
    assert_eq!(e.detail, Some("DeleteConnectedNode"));
    assert_eq!(
        err(&db, "CREATE (:X {m: {a: 1}})").detail,
        Some("InvalidPropertyType")
    );
    let e = err(&db, "UNWIND [1, 0] AS d CREATE (:C) RETURN 1 / d");
    assert_eq!(e.kind, cartograph_graph::ErrorKind::ArithmeticError);
    assert_eq!(one(&db, "MATCH (n) RETURN count(n)"), "2");
    let r = run(&db, "MATCH (a:A) DETACH DELETE a RETURN count(*)");
    assert_eq!(r.counters.nodes_deleted, 1);
    assert_eq!(r.counters.relationships_deleted, 1);
}

#[test]
fn optional_match_union_subqueries() {
    let db = Database::in_memory();
    run(
        &db,
        "CREATE (a:P {n: 1})-[:R]->(b:P {n: 2})-[:R]->(c:P {n: 3}), (d:P {n: 4})",
    );
    assert_eq!(
        one(
            &db,
            "MATCH (p:P) OPTIONAL MATCH (p)-[:R]->(q) RETURN p.n, q.n ORDER BY p.n"
        ),
        "1, 2 | 2, 3 | 3, null | 4, null"
    );
    assert_eq!(one(&db, "RETURN 1 AS x UNION RETURN 1 AS x"), "1");
    assert_eq!(one(&db, "RETURN 1 AS x UNION ALL RETURN 1 AS x"), "1 | 1");
    assert_eq!(
        one(
            &db,
            "MATCH (p:P) CALL (p) { MATCH (p)-[:R]->(q) RETURN q.n AS next } RETURN p.n, next ORDER BY p.n"
        ),
        "1, 2 | 2, 3"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (p:P) WHERE EXISTS { (p)-[:R]->() } RETURN count(p), sum(COUNT { (p)--() })"
        ),
        "2, 3"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (p:P {n: 1}) RETURN COLLECT { MATCH (p)-[:R*]->(x) RETURN x.n } AS l"
        ),
        "[2, 3]"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (p:P {n: 1}) RETURN [(p)-[:R*1..2]->(x) | x.n] AS l"
        ),
        "[2, 3]"
    );
    assert_eq!(
        one(&db, "MATCH (p:P) WHERE (p)-[:R]->(:P {n: 3}) RETURN p.n"),
        "2"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (a:P {n: 1}), (c:P {n: 3}) MATCH p = shortestPath((a)-[*]->(c)) RETURN length(p)"
        ),
        "2"
    );
    assert_eq!(
        one(
            &db,
            "MATCH p = (:P {n: 1})-[*]->(x) RETURN length(p) ORDER BY length(p)"
        ),
        "1 | 2"
    );
    assert_eq!(
        one(&db, "MATCH (p:P {n: 1}) RETURN p {.n, k: 'v'} AS m"),
        "{k: 'v', n: 1}"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (p:P) WITH p ORDER BY p.n DESC LIMIT 2 RETURN collect(p.n) AS l"
        ),
        "[4, 3]"
    );
    assert_eq!(
        one(
            &db,
            "UNWIND [1, 2] AS x FOREACH (y IN [x] | CREATE (:F {v: y})) RETURN count(*)"
        ),
        "2"
    );
    assert_eq!(one(&db, "MATCH (f:F) RETURN sum(f.v)"), "3");
}

#[test]
fn relationship_isomorphism_and_var_length() {
    let db = Database::in_memory();
    run(
        &db,
        "CREATE (a:N {n: 'a'})-[:R]->(b:N {n: 'b'}), (b)-[:R]->(a)",
    );
    // A relationship is used at most once per MATCH, including inside var-length segments.
    assert_eq!(one(&db, "MATCH (x)-[r1]-(y)-[r2]-(z) RETURN count(*)"), "4");
    assert_eq!(one(&db, "MATCH (x)-[*]-(y) RETURN count(*)"), "8");
    assert_eq!(
        one(
            &db,
            "MATCH (x:N {n: 'a'})-[rs:R*2]->(y) RETURN size(rs), y.n"
        ),
        "2, 'a'"
    );
    run(&db, "CREATE (l:Loop)-[:S]->(l)");
    assert_eq!(one(&db, "MATCH (l:Loop)-[r]-(m) RETURN count(r)"), "1");
}

#[test]
fn schema_commands_and_procedures() {
    let db = Database::in_memory();
    let r = run(&db, "CREATE INDEX FOR (n:L) ON (n.id)");
    assert_eq!(r.counters.indexes_added, 1);
    run(
        &db,
        "CREATE INDEX named IF NOT EXISTS FOR ()-[r:T]-() ON (r.p)",
    );
    run(
        &db,
        "CREATE CONSTRAINT uniq IF NOT EXISTS FOR (n:U) REQUIRE n.id IS UNIQUE",
    );
    let r = run(&db, "SHOW INDEXES");
    assert_eq!(
        r.columns[..3],
        ["id".to_string(), "name".to_string(), "state".to_string()]
    );
    assert_eq!(r.rows.len(), 3);
    assert!(one(&db, "SHOW INDEXES YIELD name RETURN name ORDER BY name").starts_with("'index_"));
    assert_eq!(
        one(&db, "SHOW CONSTRAINTS YIELD name, type RETURN name, type"),
        "'uniq', 'UNIQUENESS'"
    );
    run(&db, "CREATE (:U {id: 1})");
    assert_eq!(
        err(&db, "CREATE (:U {id: 1})").kind,
        cartograph_graph::ErrorKind::ConstraintVerificationFailed
    );
    run(&db, "DROP INDEX named");
    assert!(db.execute("DROP INDEX named", &Params::new()).is_err());
    run(&db, "DROP INDEX named IF EXISTS");
    run(&db, "CREATE (:A {x: 1})-[:REL]->(:B)");
    assert_eq!(
        one(
            &db,
            "CALL db.labels() YIELD label RETURN collect(label) AS l"
        ),
        "['A', 'B', 'U']"
    );
    let r = run(&db, "CALL db.relationshipTypes()");
    assert_eq!(r.columns, vec!["relationshipType".to_string()]);
    assert_eq!(
        one(
            &db,
            "CALL db.propertyKeys() YIELD propertyKey AS k WHERE k = 'x' RETURN k"
        ),
        "'x'"
    );
    assert_eq!(
        one(&db, "CALL dbms.components() YIELD name RETURN name"),
        "'cartograph'"
    );
    let sig = cartograph_graph::ProcedureSignature {
        inputs: vec![("in".into(), "INTEGER?".into())],
        outputs: vec![("out".into(), "STRING?".into())],
    };
    db.register_procedure(
        "test.my.proc",
        sig,
        vec![vec![Value::Int(1), Value::from("one")]],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        one(&db, "CALL test.my.proc(1) YIELD out RETURN out"),
        "'one'"
    );
    assert_eq!(
        err(&db, "CALL test.my.proc(1, 2)").detail,
        Some("InvalidNumberOfArguments")
    );
    assert_eq!(
        err(&db, "CALL no.such.proc()").detail,
        Some("ProcedureNotFound")
    );
}

#[test]
fn read_only_databases_refuse_updates() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    {
        let db = Database::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        run(&db, "CREATE (:A)");
    }
    let db = Database::open_read_only(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(one(&db, "MATCH (n:A) RETURN count(n)"), "1");
    let e = err(&db, "CREATE (:B)");
    assert!(e.message.contains("read-only"), "{e}");
    assert!(
        db.execute("CREATE INDEX FOR (n:A) ON (n.x)", &Params::new())
            .is_err()
    );
}

#[test]
fn entities_in_results_are_snapshotted() {
    let db = Database::in_memory();
    let r = run(
        &db,
        "CREATE p = (a:A {x: 1})-[r:R {y: 2}]->(b:B) RETURN [p] AS ps, {r: r} AS m",
    );
    assert_eq!(r.nodes.len(), 2);
    assert_eq!(r.relationships.len(), 1);
    assert!(r.nodes.values().any(|n| n.labels == vec!["A".to_string()]));
}

#[test]
fn deep_and_long_inputs_do_not_crash() {
    let db = Database::in_memory();
    let sum = vec!["1"; 200].join(" + ");
    assert_eq!(one(&db, &format!("RETURN {sum} AS s")), "200");
    eprintln!("sum ok");
    run(&db, "UNWIND range(1, 3000) AS i CREATE (:C {i: i})");
    run(
        &db,
        "MATCH (a:C), (b:C) WHERE b.i = a.i + 1 CREATE (a)-[:NEXT]->(b)",
    );
    assert_eq!(
        one(&db, "MATCH (a:C {i: 1})-[:NEXT*..100]->(b) RETURN count(b)"),
        "100"
    );
    let e = err(&db, "MATCH (a:C {i: 1})-[:NEXT*]->(b) RETURN count(b)");
    assert_eq!(e.kind, cartograph_graph::ErrorKind::ResourceError);
}

#[test]
fn plain_call_subqueries_only_see_imported_variables() {
    let db = Database::in_memory();
    run(&db, "CREATE (:A), (:A), (:B)");
    assert_eq!(
        one(
            &db,
            "MATCH (n:A) CALL { MATCH (n) RETURN count(n) AS c } RETURN c"
        ),
        "3 | 3"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (n:A) CALL { WITH n MATCH (n) RETURN count(n) AS c } RETURN c"
        ),
        "1 | 1"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (n:A) CALL (n) { MATCH (n) RETURN count(n) AS c } RETURN c"
        ),
        "1 | 1"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (n:A) CALL (*) { MATCH (n) RETURN count(n) AS c } RETURN c"
        ),
        "1 | 1"
    );
}

#[test]
fn table_procedures_follow_the_tck_rules() {
    let db = Database::in_memory();
    let sig = cartograph_graph::ProcedureSignature {
        inputs: vec![
            ("name".into(), "STRING?".into()),
            ("id".into(), "INTEGER?".into()),
        ],
        outputs: vec![
            ("city".into(), "STRING?".into()),
            ("country_code".into(), "INTEGER?".into()),
        ],
    };
    let table = vec![
        vec![
            Value::from("Stefan"),
            Value::Int(1),
            Value::from("Berlin"),
            Value::Int(49),
        ],
        vec![
            Value::from("Stefan"),
            Value::Int(2),
            Value::from("München"),
            Value::Int(49),
        ],
    ];
    db.register_procedure("test.my.proc", sig, table)
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&db, "CALL test.my.proc('Stefan', 1)");
    assert_eq!(
        r.columns,
        vec!["city".to_string(), "country_code".to_string()]
    );
    assert_eq!(rows(&r), vec!["'Berlin', 49"]);
    let r = run(&db, "CALL test.my.proc('Stefan', 2) YIELD city AS c");
    assert_eq!(r.columns, vec!["c".to_string()]);
    assert_eq!(rows(&r), vec!["'München'"]);
    let r = run_p(
        &db,
        "CALL test.my.proc",
        vec![("name", Value::from("Stefan")), ("id", Value::Int(1))],
    );
    assert_eq!(rows(&r), vec!["'Berlin', 49"]);
    assert_eq!(
        err(&db, "CALL test.my.proc(true, 1)").detail,
        Some("InvalidArgumentType")
    );
    assert_eq!(
        err(&db, "CALL test.my.proc YIELD city RETURN city").detail,
        Some("InvalidArgumentPassingMode")
    );
    assert_eq!(
        one(
            &db,
            "UNWIND [1, 2] AS i CALL test.my.proc('Stefan', i) YIELD city WHERE city STARTS WITH 'M' RETURN i, city"
        ),
        "2, 'München'"
    );
}

#[test]
fn relationship_property_index_lookups_match_scans() {
    let db = Database::in_memory();
    run(
        &db,
        "UNWIND range(1, 50) AS i CREATE (:A {i: i})-[:T {k: i % 5}]->(:B {i: i})",
    );
    let q = "MATCH (a)-[r:T {k: 3}]->(b) RETURN count(*), sum(a.i)";
    let q_in = "MATCH (b)<-[r:T {k: 3}]-(a) RETURN count(*), sum(a.i)";
    let scanned = one(&db, q);
    run(&db, "CREATE INDEX FOR ()-[r:T]-() ON (r.k)");
    assert_eq!(one(&db, q), scanned);
    assert_eq!(one(&db, q_in), scanned);
    assert_eq!(one(&db, "MATCH (x)-[r:T {k: 3}]-(y) RETURN count(*)"), "20");
}

#[test]
fn exists_and_count_bodies_need_no_return() {
    let db = Database::in_memory();
    run(&db, "CREATE (:A)-[:R]->(:B)");
    assert_eq!(
        one(
            &db,
            "MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN count(n)"
        ),
        "1"
    );
    assert_eq!(
        one(&db, "MATCH (n:A) RETURN COUNT { MATCH (n)-->() } AS c"),
        "1"
    );
    assert_eq!(
        one(
            &db,
            "MATCH (n) RETURN EXISTS { MATCH (n)-->() WHERE n:A } AS c ORDER BY c"
        ),
        "false | true"
    );
    assert_eq!(
        err(&db, "MATCH (n) RETURN COLLECT { MATCH (n)-->(m) } AS c").detail,
        Some("InvalidClauseComposition")
    );
}

#[test]
fn set_after_merge_keeps_clause_order_semantics() {
    let db = Database::in_memory();
    let r = run(
        &db,
        "UNWIND [1, 1] AS x MERGE (n:N {id: x}) SET n.id = n.id + 1 RETURN n.id",
    );
    assert_eq!(r.counters.nodes_created, 1);
    assert_eq!(rows(&r), vec!["3", "3"]);
    let r = run(
        &db,
        "UNWIND [1, 2, 1] AS x MERGE (n:M {id: x}) ON CREATE SET n.c = 0 SET n.seen = x RETURN n.id, n.c, n.seen",
    );
    assert_eq!(r.counters.nodes_created, 2);
    assert_eq!(r.counters.properties_set, 7);
    assert_eq!(rows(&r), vec!["1, 0, 1", "2, 0, 2", "1, 0, 1"]);
}

#[test]
fn sync_shaped_ingest_with_extra_labels_and_list_matchers() {
    let db = Database::in_memory();
    run(&db, "CREATE INDEX IF NOT EXISTS FOR (n:AWSUser) ON (n.arn)");
    run(
        &db,
        "CREATE (:AWSAccount {id: 'a1'}), (:AWSUser {arn: 'u1'}), (:AWSUser {arn: 'u2'}), (:AWSUser {arn: 'u3'})",
    );
    let q = "UNWIND $DictList AS item
MERGE (i:AWSGroup {id: item.arn})
ON CREATE SET i.firstseen = timestamp()
SET i.lastupdated = $lastupdated, i.arn = item.arn, i:AWSPrincipal
FOREACH (_ IN CASE WHEN i.is_admin = true THEN [1] ELSE [] END | SET i:Admin)
WITH i, item
CALL (i, item) {
  OPTIONAL MATCH (j:AWSAccount {id: $AWS_ID})
  WITH i, item, j WHERE j IS NOT NULL
  MERGE (i)<-[r:RESOURCE]-(j)
  ON CREATE SET r.firstseen = timestamp()
  SET r.lastupdated = $lastupdated
  UNION
  OPTIONAL MATCH (n0:AWSUser)
  WHERE n0.arn IN item.user_arns
  WITH i, item, n0 WHERE n0 IS NOT NULL
  MERGE (i)<-[r0:MEMBER_AWS_GROUP]-(n0)
  ON CREATE SET r0.firstseen = timestamp()
  SET r0.lastupdated = $lastupdated
}";
    let group = |arn: &str, users: &[&str]| {
        Value::Map(
            [
                ("arn".to_string(), Value::from(arn)),
                (
                    "user_arns".to_string(),
                    Value::List(users.iter().map(|u| Value::from(*u)).collect()),
                ),
            ]
            .into(),
        )
    };
    let params = || {
        vec![
            (
                "DictList",
                Value::List(vec![
                    group("g1", &["u1", "u2"]),
                    group("g2", &["u3", "nobody"]),
                ]),
            ),
            ("lastupdated", Value::Int(5)),
            ("AWS_ID", Value::from("a1")),
        ]
    };
    let r = run_p(&db, q, params());
    assert_eq!(r.counters.nodes_created, 2);
    assert_eq!(r.counters.labels_added, 4);
    assert_eq!(r.counters.relationships_created, 5);
    let r = run_p(&db, q, params());
    assert_eq!(
        r.counters.nodes_created + r.counters.relationships_created + r.counters.labels_added,
        0
    );
    assert_eq!(
        one(
            &db,
            "MATCH (g:AWSGroup:AWSPrincipal)<-[:MEMBER_AWS_GROUP]-(u) RETURN g.id, collect(u.arn) ORDER BY g.id"
        ),
        "'g1', ['u1', 'u2'] | 'g2', ['u3']"
    );
    assert_eq!(
        one(&db, "MATCH (g:AWSGroup) RETURN labels(g) LIMIT 1"),
        "['AWSGroup', 'AWSPrincipal']"
    );
}

#[test]
fn shortest_paths_honour_where_predicates() {
    let db = Database::in_memory();
    run(
        &db,
        "CREATE (a:S {n: 'a'})-[:X]->(b:S {n: 'b'}), (a)-[:Y]->(c:S {n: 'c'})-[:Y]->(d:S {n: 'd'})-[:Y]->(b)",
    );
    let q = "MATCH (a:S {n: 'a'}), (b:S {n: 'b'}) MATCH p = shortestPath((a)-[*]->(b)) \
             WHERE all(r IN relationships(p) WHERE type(r) = 'Y') RETURN length(p)";
    assert_eq!(one(&db, q), "3");
    let q = "MATCH (a:S {n: 'a'}), (b:S {n: 'b'}) MATCH p = shortestPath((a)-[*]->(b)) RETURN length(p)";
    assert_eq!(one(&db, q), "1");
    let q = "MATCH (a:S {n: 'a'}), (b:S {n: 'b'}) MATCH p = allShortestPaths((a)-[*]->(b)) \
             WHERE none(r IN relationships(p) WHERE type(r) = 'X') RETURN [x IN nodes(p) | x.n]";
    assert_eq!(one(&db, q), "['a', 'c', 'd', 'b']");
}

"""Drive a cartograph Bolt server with the official Neo4j Python driver.

Reads BOLT_PORT and BOLT_PASSWORD from the environment, runs reads, writes, transactions,
errors, routing and value round trips, and prints one JSON object of observations for the
Rust test to assert on. Any unexpected exception fails the script (non-zero exit).
"""

import datetime
import json
import os

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, CypherSyntaxError

# BOLT_VERSION ("4.4", "5.0", ...) makes the driver propose only that version, so each
# protocol generation the server speaks can be exercised by the same checks.
if os.environ.get("BOLT_VERSION"):
    from neo4j._sync.io._bolt import _base

    major, minor = (int(x) for x in os.environ["BOLT_VERSION"].split("."))
    _base.Bolt.get_handshake = classmethod(lambda cls: bytes([0, 0, minor, major]) + bytes(12))

PORT = os.environ["BOLT_PORT"]
PASSWORD = os.environ["BOLT_PASSWORD"]
AUTH = ("neo4j", PASSWORD)
out = {"driver_version": neo4j.__version__}

driver = GraphDatabase.driver(f"bolt://127.0.0.1:{PORT}", auth=AUTH)
driver.verify_connectivity()
out["server_agent"] = driver.get_server_info().agent
out["protocol_version"] = list(driver.get_server_info().protocol_version)

with driver.session() as s:
    summary = s.run(
        "CREATE (a:Person {name: $name, born: $born, tags: $tags})"
        "-[:KNOWS {since: 2001}]->(b:Person {name: 'Bob', score: $score})",
        name="Alice",
        born=datetime.date(1984, 10, 11),
        tags=["x", "ÿ", ""],
        score=1.5,
    ).consume()
    c = summary.counters
    out["write_counters"] = [c.nodes_created, c.relationships_created, c.properties_set, c.labels_added]

    out["names"] = [r["name"] for r in s.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name")]

    a = s.run("MATCH (a:Person {name: 'Alice'}) RETURN a").single()["a"]
    out["node"] = {
        "labels": sorted(a.labels),
        "name": a["name"],
        "born": str(a["born"]),
        "tags": a["tags"],
        "element_id": a.element_id,
    }

    rec = s.run("MATCH (a:Person)-[r:KNOWS]->(b:Person) RETURN a, r, b").single()
    r = rec["r"]
    out["rel"] = {
        "type": r.type,
        "since": r["since"],
        "start_is_a": r.start_node.element_id == rec["a"].element_id,
        "end_is_b": r.end_node.element_id == rec["b"].element_id,
    }

    p = s.run("MATCH p = (:Person {name: 'Bob'})<-[:KNOWS]-(:Person) RETURN p").single()["p"]
    out["path"] = {
        "length": len(p),
        "start": p.start_node["name"],
        "end": p.end_node["name"],
        "rel_start": p.relationships[0].start_node["name"],
    }

    t = s.run(
        "RETURN date('2024-01-02') AS d, localtime('12:34:56.5') AS lt, time('12:34:56+02:00') AS t, "
        "localdatetime('2024-01-02T03:04:05') AS ldt, datetime('2024-01-02T03:04:05.123+01:00') AS dt, "
        "datetime('2024-07-02T03:04:05[Europe/Stockholm]') AS dz, duration('P1Y2M3DT4H') AS dur"
    ).single()
    out["temporal"] = {k: t[k].iso_format() for k in ["d", "lt", "t", "ldt", "dt", "dur"]}
    out["temporal"]["dz"] = [t["dz"].iso_format(), str(t["dz"].tzinfo)]

    sent = {
        "i": -(2**40),
        "f": 0.25,
        "b": True,
        "n": None,
        "s": "héllo",
        "l": [1, "two", [3.0]],
        "m": {"k": {"nested": [False]}},
        "dt": datetime.datetime(2020, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=-3))),
        "ld": datetime.datetime(2020, 5, 6, 7, 8, 9),
        "dur": datetime.timedelta(days=2, seconds=5),
    }
    back = s.run("RETURN $p AS p", p=sent).single()["p"]
    out["params_equal"] = {
        k: (back[k] == v if k not in ("dt", "ld", "dur") else back[k].to_native() == v)
        for k, v in sent.items()
        if k != "dur"
    }
    out["params_equal"]["dur"] = (back["dur"].days, back["dur"].seconds) == (2, 5)

    total = 0
    batches = s.run("UNWIND range(1, 2500) AS i RETURN i")
    for rec in batches:
        total += rec["i"]
    out["streamed_sum"] = total

    with s.begin_transaction() as tx:
        tx.run("CREATE (:T {v: 1})")
        tx.run("CREATE (:T {v: 2})")
        out["tx_sees_own_writes"] = tx.run("MATCH (t:T) RETURN count(t) AS c").single()["c"]
        tx.commit()
    with s.begin_transaction() as tx:
        tx.run("CREATE (:T {v: 3})")
        tx.rollback()
    out["after_commit_and_rollback"] = s.run("MATCH (t:T) RETURN count(t) AS c").single()["c"]

    try:
        s.run("RETRUN 1").consume()
        out["syntax_error"] = None
    except CypherSyntaxError as e:
        out["syntax_error"] = e.code
    out["usable_after_error"] = s.run("RETURN 1 AS one").single()["one"]

    try:
        with s.begin_transaction() as tx:
            tx.run("CREATE (:T {v: 4})")
            tx.run("RETURN 1 / 0").consume()
            tx.commit()
        out["failed_tx"] = "committed"
    except ClientError as e:
        out["failed_tx"] = e.code
    out["after_failed_tx"] = s.run("MATCH (t:T) RETURN count(t) AS c").single()["c"]

records, _, _ = driver.execute_query("MATCH (t:T) RETURN t.v AS v ORDER BY v", database_="neo4j")
out["execute_query"] = [r["v"] for r in records]
driver.close()

bad = GraphDatabase.driver(f"bolt://127.0.0.1:{PORT}", auth=("neo4j", PASSWORD + "-wrong"))
try:
    bad.verify_connectivity()
    out["wrong_password"] = "accepted"
except AuthError as e:
    out["wrong_password"] = e.code
bad.close()

routed = GraphDatabase.driver(f"neo4j://127.0.0.1:{PORT}", auth=AUTH)
with routed.session(default_access_mode=neo4j.WRITE_ACCESS) as s:
    s.execute_write(lambda tx: tx.run("CREATE (:Routed {ok: true})").consume())
with routed.session(default_access_mode=neo4j.READ_ACCESS) as s:
    out["routed_read"] = s.execute_read(lambda tx: tx.run("MATCH (r:Routed) RETURN count(r) AS c").single()["c"])
routed.close()

print(json.dumps(out))

"""TLS with a custom CA, concurrent writers, and the idle-transaction timeout, through the
official Neo4j Python driver. Reads BOLT_PORT, BOLT_PASSWORD and BOLT_CA (a PEM file) from
the environment and prints one JSON object of observations."""

import json
import os
import threading
import time

import neo4j
from neo4j import GraphDatabase

PORT = os.environ["BOLT_PORT"]
AUTH = ("neo4j", os.environ["BOLT_PASSWORD"])
out = {}

driver = GraphDatabase.driver(
    f"bolt://localhost:{PORT}",
    auth=AUTH,
    encrypted=True,
    trusted_certificates=neo4j.TrustCustomCAs(os.environ["BOLT_CA"]),
)
out["tls_one"] = driver.execute_query("RETURN 1 AS one").records[0]["one"]


def writer(n):
    with driver.session() as s:
        for i in range(25):
            s.run("CREATE (:W {writer: $n, i: $i})", n=n, i=i).consume()


threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
out["concurrent_writes"] = driver.execute_query("MATCH (w:W) RETURN count(w) AS c").records[0]["c"]

with driver.session() as s:
    tx = s.begin_transaction()
    tx.run("CREATE (:Idle)").consume()
    time.sleep(1.0)
    # The idle transaction was rolled back, so others are not locked out...
    out["others_proceed"] = driver.execute_query("MATCH (i:Idle) RETURN count(i) AS c").records[0]["c"]
    # ...and committing it fails.
    try:
        tx.commit()
        out["idle_commit"] = "committed"
    except neo4j.exceptions.Neo4jError as e:
        out["idle_commit"] = e.code
    except neo4j.exceptions.DriverError as e:
        out["idle_commit"] = type(e).__name__
driver.close()

try:
    plain = GraphDatabase.driver(f"bolt://localhost:{PORT}", auth=AUTH, connection_timeout=3)
    plain.verify_connectivity()
    out["plaintext_to_tls"] = "accepted"
except Exception as e:  # noqa: BLE001 - any failure is the expected outcome here
    out["plaintext_to_tls"] = "refused"
print(json.dumps(out))

//! Durability: the graph in a SQLite database (WAL mode, synchronous commits).
//!
//! SQLite gives crash safety (a committed transaction survives `kill -9` and power loss, an
//! interrupted one leaves no trace) and snapshot reads from other processes while one process
//! writes, which is what lets `cartograph query` answer during a long `sync`. Records are
//! postcard-encoded rows: one per node, one per relationship (with its ends as columns).

use std::path::{Path, PathBuf};

use cartograph_cypher::{CypherError, ErrorKind};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Changes, ConstraintDef, Graph, IndexDef, PropMap};
use crate::value::{NodeId, RelId, Value};
use cartograph_temporal as t;

/// Written into every database; anything else in `meta` means a foreign file.
const MAGIC: &str = "cartograph-graph";
/// The on-disk format this build writes and the newest it reads.
const FORMAT_VERSION: i64 = 1;
/// The SQLite file inside a database directory.
pub const DATA_FILE: &str = "graph.sqlite";

/// An open database file.
pub struct Disk {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Disk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Disk").field("path", &self.path).finish()
    }
}

fn storage(msg: impl Into<String>) -> CypherError {
    CypherError::new(ErrorKind::StorageError, msg)
}

/// A stored property value; `S` is `&str` when writing and `String` when reading (postcard
/// encodes both alike).
#[derive(Serialize, Deserialize)]
enum Stored<S> {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(S),
    List(Vec<Stored<S>>),
    /// Days since 1970-01-01 (proleptic Gregorian; years up to ±999,999,999).
    Date(i64),
    /// Nanoseconds since midnight.
    LocalTime(i64),
    Time(i64, i32),
    /// Seconds and nanoseconds since the Unix epoch, as wall-clock time.
    LocalDateTime(i64, u32),
    /// Wall-clock seconds and nanoseconds, offset, zone name.
    DateTime(i64, u32, i32, Option<S>),
    Duration(i64, i64, i64, i32),
}

#[derive(Serialize, Deserialize)]
struct StoredNode<S> {
    labels: Vec<S>,
    props: Vec<(S, Stored<S>)>,
}

#[derive(Serialize, Deserialize)]
struct StoredRel<S> {
    rel_type: S,
    props: Vec<(S, Stored<S>)>,
}

#[derive(Serialize, Deserialize)]
struct StoredSchema {
    indexes: Vec<IndexDef>,
    constraints: Vec<ConstraintDef>,
}

/// Local wall-clock seconds and nanoseconds since 1970-01-01T00:00.
fn split_local(l: t::LocalDateTime) -> (i64, u32) {
    let n = l.local_nanos();
    (
        n.div_euclid(1_000_000_000) as i64,
        n.rem_euclid(1_000_000_000) as u32,
    )
}

fn join_local(secs: i64, nanos: u32) -> Option<t::LocalDateTime> {
    t::LocalDateTime::from_local_nanos(i128::from(secs) * 1_000_000_000 + i128::from(nanos)).ok()
}

fn encode_value(v: &Value) -> Option<Stored<&str>> {
    Some(match v {
        Value::Bool(b) => Stored::Bool(*b),
        Value::Int(i) => Stored::Int(*i),
        Value::Float(f) => Stored::Float(*f),
        Value::String(s) => Stored::Str(s),
        Value::List(l) => Stored::List(l.iter().map(encode_value).collect::<Option<_>>()?),
        Value::Date(d) => Stored::Date(d.days()),
        Value::LocalTime(lt) => Stored::LocalTime(lt.nanos_of_day()),
        Value::Time(tm) => Stored::Time(tm.time().nanos_of_day(), tm.offset_seconds()),
        Value::LocalDateTime(l) => {
            let (secs, nanos) = split_local(*l);
            Stored::LocalDateTime(secs, nanos)
        }
        Value::DateTime(d) => {
            let (secs, nanos) = split_local(d.local());
            Stored::DateTime(secs, nanos, d.offset_seconds(), d.zone())
        }
        Value::Duration(d) => Stored::Duration(d.months, d.days, d.seconds, d.nanos),
        Value::Null | Value::Map(_) | Value::Node(_) | Value::Relationship(_) | Value::Path(_) => {
            return None;
        }
    })
}

fn decode_value(s: Stored<&str>) -> Option<Value> {
    Some(match s {
        Stored::Bool(b) => Value::Bool(b),
        Stored::Int(i) => Value::Int(i),
        Stored::Float(f) => Value::Float(f),
        Stored::Str(s) => Value::from(s),
        Stored::List(l) => Value::List(l.into_iter().map(decode_value).collect::<Option<_>>()?),
        Stored::Date(d) => Value::Date(t::Date::from_days(d).ok()?),
        Stored::LocalTime(n) => Value::LocalTime(t::LocalTime::from_nanos_of_day(n).ok()?),
        Stored::Time(n, o) => {
            Value::Time(t::Time::new(t::LocalTime::from_nanos_of_day(n).ok()?, o))
        }
        Stored::LocalDateTime(s, n) => Value::LocalDateTime(join_local(s, n)?),
        Stored::DateTime(s, n, o, z) => Value::DateTime(t::DateTime::new(
            join_local(s, n)?,
            o,
            z.map(str::to_string),
        )),
        Stored::Duration(m, d, s, n) => Value::Duration(t::Duration {
            months: m,
            days: d,
            seconds: s,
            nanos: n,
        }),
    })
}

fn encode_props<'a>(
    g: &'a Graph,
    props: &'a PropMap,
) -> Result<Vec<(&'a str, Stored<&'a str>)>, CypherError> {
    props
        .iter()
        .map(|(k, v)| {
            let name = g.name(k);
            encode_value(v).map(|s| (name, s)).ok_or_else(|| {
                storage(format!(
                    "property `{name}` holds a {} which cannot be stored",
                    v.type_name()
                ))
            })
        })
        .collect()
}

/// Decode borrowed properties (no intermediate strings: reopen speed matters).
fn decode_props<'a>(
    props: Vec<(&'a str, Stored<&'a str>)>,
    what: &str,
) -> Result<Vec<(&'a str, Value)>, CypherError> {
    props
        .into_iter()
        .map(|(k, s)| {
            decode_value(s)
                .map(|v| (k, v))
                .ok_or_else(|| storage(format!("{what} holds a corrupt value")))
        })
        .collect()
}

impl Disk {
    /// Open (creating if `writable` and absent) the database in directory `dir` and load it.
    pub fn open(dir: &Path, writable: bool) -> Result<(Disk, Graph), CypherError> {
        let path = dir.join(DATA_FILE);
        check_directory(dir, &path, writable)?;
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|e| storage(format!("cannot open {}: {e}", path.display())))?;
        let disk = Disk { conn, path };
        disk.prepare(writable)?;
        let graph = disk.load()?;
        Ok((disk, graph))
    }

    fn foreign(&self) -> CypherError {
        storage(format!(
            "{} is not a cartograph database (it is some other file); point --db at a cartograph database directory or a new one",
            self.path.display()
        ))
    }

    /// Check the header (or write it into a new file) and set durability options.
    fn prepare(&self, writable: bool) -> Result<(), CypherError> {
        let c = &self.conn;
        c.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(|e| storage(e.to_string()))?;
        let has_meta: bool = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n > 0)
            .map_err(|_| self.foreign())?;
        if !has_meta {
            let empty: i64 = c
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(|_| self.foreign())?;
            if empty > 0 || !writable {
                return Err(self.foreign());
            }
            c.execute_batch(
                "PRAGMA journal_mode = WAL;
                 BEGIN;
                 CREATE TABLE meta (key TEXT PRIMARY KEY, value ANY) STRICT;
                 CREATE TABLE nodes (id INTEGER PRIMARY KEY, data BLOB NOT NULL) STRICT;
                 CREATE TABLE rels (id INTEGER PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL, data BLOB NOT NULL) STRICT;
                 COMMIT;",
            )
            .map_err(|e| storage(format!("cannot initialise {}: {e}", self.path.display())))?;
            c.execute(
                "INSERT INTO meta (key, value) VALUES ('magic', ?1), ('format_version', ?2)",
                params![MAGIC, FORMAT_VERSION],
            )
            .map_err(|e| storage(e.to_string()))?;
        }
        let magic: Option<String> = c
            .query_row("SELECT value FROM meta WHERE key = 'magic'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|_| self.foreign())?;
        if magic.as_deref() != Some(MAGIC) {
            return Err(self.foreign());
        }
        let version: i64 = c
            .query_row(
                "SELECT value FROM meta WHERE key = 'format_version'",
                [],
                |r| r.get(0),
            )
            .map_err(|_| self.foreign())?;
        if version > FORMAT_VERSION {
            return Err(storage(format!(
                "{} was written by a newer cartograph (format version {version}; this build reads up to {FORMAT_VERSION}); upgrade cartograph to open it",
                self.path.display()
            )));
        }
        if writable {
            c.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
                .map_err(|e| storage(e.to_string()))?;
        }
        Ok(())
    }

    /// Read everything inside one read transaction: a consistent snapshot even while
    /// another process writes.
    fn load(&self) -> Result<Graph, CypherError> {
        let err = |e: rusqlite::Error| storage(format!("cannot read {}: {e}", self.path.display()));
        let c = &self.conn;
        c.execute_batch("BEGIN").map_err(err)?;
        let mut g = Graph::new();
        let result = (|| -> Result<(), CypherError> {
            let mut stmt = c
                .prepare("SELECT id, data FROM nodes ORDER BY id")
                .map_err(err)?;
            let mut rows = stmt.query([]).map_err(err)?;
            while let Some(row) = rows.next().map_err(err)? {
                let id: i64 = row.get(0).map_err(err)?;
                let data = row
                    .get_ref(1)
                    .map_err(err)?
                    .as_blob()
                    .map_err(|e| storage(e.to_string()))?;
                let n: StoredNode<&str> = postcard::from_bytes(data).map_err(|_| {
                    storage(format!("node {id} is corrupt in {}", self.path.display()))
                })?;
                g.load_node(id as u64, &n.labels, decode_props(n.props, "a node")?);
            }
            let mut stmt = c
                .prepare("SELECT id, src, dst, data FROM rels ORDER BY id")
                .map_err(err)?;
            let mut rows = stmt.query([]).map_err(err)?;
            while let Some(row) = rows.next().map_err(err)? {
                let (id, src, dst): (i64, i64, i64) = (
                    row.get(0).map_err(err)?,
                    row.get(1).map_err(err)?,
                    row.get(2).map_err(err)?,
                );
                let data = row
                    .get_ref(3)
                    .map_err(err)?
                    .as_blob()
                    .map_err(|e| storage(e.to_string()))?;
                let r: StoredRel<&str> = postcard::from_bytes(data).map_err(|_| {
                    storage(format!(
                        "relationship {id} is corrupt in {}",
                        self.path.display()
                    ))
                })?;
                if g.node(NodeId(src as u64)).is_none() || g.node(NodeId(dst as u64)).is_none() {
                    return Err(storage(format!(
                        "relationship {id} refers to a missing node in {}",
                        self.path.display()
                    )));
                }
                g.load_rel(
                    id as u64,
                    src as u64,
                    dst as u64,
                    r.rel_type,
                    decode_props(r.props, "a relationship")?,
                );
            }
            let next: Option<(i64, i64)> = c
                .query_row(
                    "SELECT (SELECT value FROM meta WHERE key = 'next_node'), (SELECT value FROM meta WHERE key = 'next_rel')",
                    [],
                    |r| Ok(r.get::<_, Option<i64>>(0)?.zip(r.get::<_, Option<i64>>(1)?)),
                )
                .map_err(err)?;
            if let Some((n, r)) = next {
                g.reserve_ids(n as u64, r as u64);
            }
            let schema: Option<Vec<u8>> = c
                .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(err)?;
            if let Some(bytes) = schema {
                let s: StoredSchema = postcard::from_bytes(&bytes).map_err(|_| {
                    storage(format!("the schema is corrupt in {}", self.path.display()))
                })?;
                g.load_schema(s.indexes, s.constraints)?;
            }
            Ok(())
        })();
        let end = c.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        result?;
        end.map_err(err)?;
        Ok(g)
    }

    /// Write the changes in one SQLite transaction (fsync'd before returning).
    pub fn commit(&mut self, g: &Graph, changes: &Changes) -> Result<(), CypherError> {
        let err =
            |e: rusqlite::Error| storage(format!("cannot write {}: {e}", self.path.display()));
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut put_node = tx
                .prepare_cached("INSERT OR REPLACE INTO nodes (id, data) VALUES (?1, ?2)")
                .map_err(err)?;
            let mut del_node = tx
                .prepare_cached("DELETE FROM nodes WHERE id = ?1")
                .map_err(err)?;
            let mut buf = Vec::new();
            for &id in &changes.nodes {
                match g.node(NodeId(id)) {
                    Some(n) => {
                        let rec = StoredNode {
                            labels: n.labels.iter().map(|l| g.name(*l)).collect(),
                            props: encode_props(g, &n.props)?,
                        };
                        buf.clear();
                        let bytes = postcard::to_extend(&rec, std::mem::take(&mut buf))
                            .map_err(|e| storage(format!("cannot encode node {id}: {e}")))?;
                        put_node.execute(params![id as i64, &bytes]).map_err(err)?;
                        buf = bytes;
                    }
                    None => {
                        del_node.execute(params![id as i64]).map_err(err)?;
                    }
                }
            }
            let mut put_rel = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO rels (id, src, dst, data) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(err)?;
            let mut del_rel = tx
                .prepare_cached("DELETE FROM rels WHERE id = ?1")
                .map_err(err)?;
            for &id in &changes.rels {
                match g.rel(RelId(id)) {
                    Some(r) => {
                        let rec = StoredRel {
                            rel_type: g.name(r.rel_type),
                            props: encode_props(g, &r.props)?,
                        };
                        buf.clear();
                        let bytes =
                            postcard::to_extend(&rec, std::mem::take(&mut buf)).map_err(|e| {
                                storage(format!("cannot encode relationship {id}: {e}"))
                            })?;
                        put_rel
                            .execute(params![id as i64, r.src.0 as i64, r.dst.0 as i64, &bytes])
                            .map_err(err)?;
                        buf = bytes;
                    }
                    None => {
                        del_rel.execute(params![id as i64]).map_err(err)?;
                    }
                }
            }
            if changes.schema {
                let s = StoredSchema {
                    indexes: g.indexes().to_vec(),
                    constraints: g.constraints().to_vec(),
                };
                let bytes = postcard::to_stdvec(&s)
                    .map_err(|e| storage(format!("cannot encode the schema: {e}")))?;
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?1)",
                    params![bytes],
                )
                .map_err(err)?;
            }
            let (n, r) = g.next_ids();
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_node', ?1), ('next_rel', ?2)",
                params![n as i64, r as i64],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }
}

/// Refuse paths that are not (and cannot become) a cartograph database directory.
fn check_directory(dir: &Path, file: &Path, writable: bool) -> Result<(), CypherError> {
    if dir.is_file() {
        return Err(storage(format!(
            "{} is a file, not a cartograph database directory; pass a directory to --db",
            dir.display()
        )));
    }
    if file.exists() {
        return Ok(());
    }
    if !writable {
        return Err(storage(format!(
            "there is no cartograph database at {}",
            dir.display()
        )));
    }
    if dir.is_dir() {
        let foreign = std::fs::read_dir(dir)
            .map_err(|e| storage(format!("cannot read {}: {e}", dir.display())))?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != "LOCK");
        if foreign {
            return Err(storage(format!(
                "{} is not empty and holds no cartograph database; choose a new or empty directory",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| storage(format!("cannot create {}: {e}", dir.display())))
}

//! [`Database`]: the embedded graph database as cartograph's commands use it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use cartograph_cypher::{CypherError, ErrorKind, ast};

use crate::backend::{GraphBackend, Statement};
use crate::exec;
use crate::result::QueryResult;
use crate::store::disk::Disk;
use crate::store::lock::{LockError, WriterLock};
use crate::store::{Graph, Savepoint};
use crate::value::{NodeId, Params, RelId, Value};

/// How many parsed statements to keep; the loader sends a few shapes many times.
const PARSE_CACHE: usize = 256;

/// How the database was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// This process holds the writer lock.
    ReadWrite,
    /// A snapshot of the last committed state, read while another process may be writing.
    ReadOnlySnapshot,
    /// Not on disk at all (tests, the TCK).
    InMemory,
}

/// An embedded graph database: an in-memory working set backed by a durable file.
///
/// Statements are serialised: each runs under one lock, atomically. An explicit
/// [`Transaction`] holds the lock until it commits or rolls back.
pub struct Database {
    inner: Mutex<Inner>,
    location: Option<PathBuf>,
    mode: Mode,
}

struct Inner {
    graph: Graph,
    disk: Option<Disk>,
    _lock: Option<WriterLock>,
    parsed: HashMap<String, Arc<ast::Statement>>,
    procedures: exec::Procedures,
}

fn storage(msg: impl Into<String>) -> CypherError {
    CypherError::new(ErrorKind::StorageError, msg)
}

impl Database {
    /// A database that lives only in memory.
    pub fn in_memory() -> Database {
        Database {
            inner: Mutex::new(Inner {
                graph: Graph::new(),
                disk: None,
                _lock: None,
                parsed: HashMap::new(),
                procedures: exec::Procedures::default(),
            }),
            location: None,
            mode: Mode::InMemory,
        }
    }

    /// Open the database in directory `dir` for reading and writing, creating it if absent.
    /// Fails with "in use by PID N" if another process is writing it.
    pub fn open(dir: &Path) -> Result<Database, CypherError> {
        if dir.is_file() {
            return Err(storage(format!(
                "{} is a file, not a cartograph database directory; pass a directory to --db",
                dir.display()
            )));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| storage(format!("cannot create {}: {e}", dir.display())))?;
        let lock = WriterLock::acquire(dir).map_err(|e| e.into_cypher(dir))?;
        let (disk, graph) = Disk::open(dir, true)?;
        Ok(Database {
            inner: Mutex::new(Inner {
                graph,
                disk: Some(disk),
                _lock: Some(lock),
                parsed: HashMap::new(),
                procedures: exec::Procedures::default(),
            }),
            location: Some(dir.to_path_buf()),
            mode: Mode::ReadWrite,
        })
    }

    /// Open a read-only snapshot of the last committed state of the database in `dir`.
    pub fn open_read_only(dir: &Path) -> Result<Database, CypherError> {
        let (_disk, graph) = Disk::open(dir, false)?;
        Ok(Database {
            inner: Mutex::new(Inner {
                graph,
                disk: None,
                _lock: None,
                parsed: HashMap::new(),
                procedures: exec::Procedures::default(),
            }),
            location: Some(dir.to_path_buf()),
            mode: Mode::ReadOnlySnapshot,
        })
    }

    /// Open for writing if possible; if another process is writing, open a read-only snapshot
    /// instead (so queries answer during a sync).
    pub fn open_or_snapshot(dir: &Path) -> Result<Database, CypherError> {
        if dir.is_dir() {
            match WriterLock::acquire(dir) {
                Err(LockError::InUse { pid }) => {
                    tracing::info!(
                        ?pid,
                        "database is being written by another process; reading its last committed state"
                    );
                    return Database::open_read_only(dir);
                }
                Err(e) => return Err(e.into_cypher(dir)),
                Ok(lock) => drop(lock),
            }
        }
        Database::open(dir)
    }

    /// The default database directory: `$CARTOGRAPH_DB`, else `cartograph/graph` under the
    /// user's data directory (`~/.local/share/cartograph/graph` on Linux).
    pub fn default_dir() -> PathBuf {
        if let Some(p) = std::env::var_os("CARTOGRAPH_DB") {
            return PathBuf::from(p);
        }
        dirs::data_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("cartograph")
            .join("graph")
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn location(&self) -> Option<&Path> {
        self.location.as_deref()
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, CypherError> {
        // A panic in another thread while it held the lock leaves the graph possibly
        // half-updated; refuse rather than serve it.
        self.inner
            .lock()
            .map_err(|_| storage("the database is unusable after an internal error; reopen it"))
    }

    /// Run one statement in its own transaction.
    pub fn execute(&self, query: &str, params: &Params) -> Result<QueryResult, CypherError> {
        let mut inner = self.lock()?;
        let start = inner.graph.savepoint();
        let result = inner.run(query, params, self.mode);
        match result {
            Ok(r) => {
                inner.commit(start)?;
                Ok(r)
            }
            Err(e) => {
                inner.graph.rollback_to(start);
                inner.graph.commit_point();
                Err(e)
            }
        }
    }

    /// Begin an explicit transaction; it holds the database until it ends.
    pub fn transaction(&self) -> Result<Transaction<'_>, CypherError> {
        let inner = self.lock()?;
        let start = inner.graph.savepoint();
        Ok(Transaction {
            inner,
            start,
            mode: self.mode,
            open: true,
        })
    }

    /// Register a procedure that answers from a table (each row: the input values, then the
    /// output values), callable as `CALL name(...)`; the TCK's `test.my.proc` steps use it.
    pub fn register_procedure(
        &self,
        name: &str,
        signature: exec::ProcedureSignature,
        rows: Vec<Vec<Value>>,
    ) -> Result<(), CypherError> {
        self.lock()?.procedures.register(name, signature, rows);
        Ok(())
    }

    /// Every node and relationship, for tests that compare whole graphs (the TCK's side
    /// effects, parity checks).
    pub fn dump(&self) -> Result<GraphDump, CypherError> {
        let inner = self.lock()?;
        let g = &inner.graph;
        let props = |p: &crate::store::PropMap| -> BTreeMap<String, Value> {
            p.iter()
                .map(|(k, v)| (g.name(k).to_string(), v.clone()))
                .collect()
        };
        let nodes = g
            .all_nodes()
            .filter_map(|id| {
                g.node(id).map(|n| {
                    (
                        id,
                        n.labels.iter().map(|l| g.name(*l).to_string()).collect(),
                        props(&n.props),
                    )
                })
            })
            .collect();
        let rels = g
            .all_rels()
            .filter_map(|id| {
                g.rel(id).map(|r| {
                    (
                        id,
                        g.name(r.rel_type).to_string(),
                        r.src,
                        r.dst,
                        props(&r.props),
                    )
                })
            })
            .collect();
        Ok(GraphDump { nodes, rels })
    }
}

/// Properties by name, as [`GraphDump`] lists them.
pub type Properties = BTreeMap<String, Value>;

/// A whole graph, from [`Database::dump`].
#[derive(Debug, Clone, Default)]
pub struct GraphDump {
    /// (id, labels, properties)
    pub nodes: Vec<(NodeId, Vec<String>, Properties)>,
    /// (id, type, start, end, properties)
    pub rels: Vec<(RelId, String, NodeId, NodeId, Properties)>,
}

impl Inner {
    fn parse(&mut self, query: &str) -> Result<Arc<ast::Statement>, CypherError> {
        if let Some(s) = self.parsed.get(query) {
            return Ok(s.clone());
        }
        let stmt = Arc::new(cartograph_cypher::parse(query)?);
        if self.parsed.len() >= PARSE_CACHE {
            self.parsed.clear();
        }
        self.parsed.insert(query.to_string(), stmt.clone());
        Ok(stmt)
    }

    /// Run one statement atomically within the current transaction.
    fn run(
        &mut self,
        query: &str,
        params: &Params,
        mode: Mode,
    ) -> Result<QueryResult, CypherError> {
        let stmt = self.parse(query)?;
        let sp = self.graph.savepoint();
        let read_only = mode == Mode::ReadOnlySnapshot;
        exec::execute(
            &mut self.graph,
            &stmt,
            query,
            params,
            read_only,
            &self.procedures,
        )
        .inspect_err(|_| self.graph.rollback_to(sp))
    }

    /// Make everything since `start` durable; on failure, undo it in memory too.
    fn commit(&mut self, start: Savepoint) -> Result<(), CypherError> {
        let changes = self.graph.take_changes();
        if changes.is_empty() {
            self.graph.commit_point();
            return Ok(());
        }
        if let Some(disk) = &mut self.disk
            && let Err(e) = disk.commit(&self.graph, &changes)
        {
            self.graph.restore_changes(changes);
            self.graph.rollback_to(start);
            self.graph.commit_point();
            return Err(e);
        }
        self.graph.commit_point();
        Ok(())
    }
}

/// An explicit transaction: statements run in order, and either all of them commit or none.
/// Dropping it without [`Transaction::commit`] rolls back.
pub struct Transaction<'db> {
    inner: MutexGuard<'db, Inner>,
    start: Savepoint,
    mode: Mode,
    open: bool,
}

impl Transaction<'_> {
    /// Run a statement; if it fails, its own effects are undone and the transaction stays
    /// usable.
    pub fn execute(&mut self, query: &str, params: &Params) -> Result<QueryResult, CypherError> {
        self.inner.run(query, params, self.mode)
    }

    pub fn commit(mut self) -> Result<(), CypherError> {
        self.open = false;
        let start = self.start;
        self.inner.commit(start)
    }

    pub fn rollback(mut self) {
        self.undo();
    }

    fn undo(&mut self) {
        if self.open {
            self.open = false;
            let start = self.start;
            self.inner.graph.rollback_to(start);
            self.inner.graph.commit_point();
            // What was marked dirty now equals the disk again; rewriting it later is harmless
            // but wasteful, so forget it.
            let _ = self.inner.graph.take_changes();
        }
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        self.undo();
    }
}

impl GraphBackend for Database {
    fn run(&self, query: &str, params: &Params) -> Result<QueryResult, CypherError> {
        self.execute(query, params)
    }

    fn run_batch(&self, statements: &[Statement]) -> Result<Vec<QueryResult>, CypherError> {
        let mut tx = self.transaction()?;
        let mut results = Vec::with_capacity(statements.len());
        for s in statements {
            results.push(tx.execute(&s.query, &s.params)?);
        }
        tx.commit()?;
        Ok(results)
    }

    fn describe(&self) -> String {
        match &self.location {
            Some(p) => format!("embedded:{}", p.display()),
            None => "embedded:memory".to_string(),
        }
    }
}

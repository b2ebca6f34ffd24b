//! The Cypher executor: compiles a parsed statement into a slot-based plan (cached by query
//! text), checks it, and runs it clause by clause against the in-memory [`Graph`].
//!
//! Rows are vectors of values indexed by slots fixed at compile time; each clause turns the
//! rows it receives into the rows the next clause sees (Neo4j's eager semantics), so updates
//! made for one row are visible to the next row of the same clause (MERGE sees its own
//! creations).

mod aggregate;
mod clauses;
mod compile;
mod compile_expr;
mod compile_pattern;
mod compile_project;
mod depth;
mod eval;
mod functions;
mod ir;
mod merge;
mod ops;
mod pattern;
#[cfg(test)]
mod planner_tests;
mod procedures;
mod project;
mod result;
mod schema;
mod scope;
mod update;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use cartograph_cypher::{CypherError, ErrorKind, ast};

use crate::result::{Counters, QueryResult};
use crate::store::{Graph, Sym};
use crate::value::{NodeId, Params, RelId, Value};
pub use procedures::{ProcedureSignature, Procedures};

/// A row: one value per slot.
pub(crate) type Row = Vec<Value>;

/// How many compiled plans each thread keeps.
const PLAN_CACHE: usize = 256;

thread_local! {
    static PLANS: RefCell<HashMap<String, Arc<ir::Compiled>>> = RefCell::new(HashMap::new());
}

/// The compiled plan of `source`, from the cache or freshly compiled.
fn compiled(q: &ast::Query, source: &str) -> Result<Arc<ir::Compiled>, CypherError> {
    if let Some(c) = PLANS.with(|p| p.borrow().get(source).cloned()) {
        return Ok(c);
    }
    let c = Arc::new(compile::compile(q, source)?);
    PLANS.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() >= PLAN_CACHE {
            p.clear();
        }
        p.insert(source.to_string(), c.clone());
    });
    Ok(c)
}

/// Everything a running statement needs besides its rows.
pub(crate) struct Ctx<'g> {
    pub graph: &'g mut Graph,
    pub params: &'g Params,
    pub src: &'g str,
    pub names: &'g [String],
    syms: Vec<Option<Sym>>,
    pub counters: Counters,
    /// `timestamp()`: fixed for the whole statement.
    pub timestamp: i64,
    pub procs: &'g Procedures,
    /// Entities deleted by this statement (reading their properties is an error).
    pub deleted_nodes: HashSet<NodeId>,
    /// Relationships deleted by this statement, with their type (`type(r)` still works).
    pub deleted_rels: HashMap<RelId, Sym>,
    pub depth: usize,
}

/// How deeply subqueries may recurse at run time.
const MAX_RUN_DEPTH: usize = 128;

impl<'g> Ctx<'g> {
    pub(crate) fn new(
        graph: &'g mut Graph,
        params: &'g Params,
        src: &'g str,
        names: &'g [String],
        procs: &'g Procedures,
    ) -> Ctx<'g> {
        Ctx {
            graph,
            params,
            src,
            names,
            syms: vec![None; names.len()],
            counters: Counters::default(),
            timestamp: chrono::Utc::now().timestamp_millis(),
            procs,
            deleted_nodes: HashSet::new(),
            deleted_rels: HashMap::new(),
            depth: 0,
        }
    }

    /// The graph symbol of plan name `n`, if the graph knows it.
    pub(crate) fn sym(&mut self, n: ir::Name) -> Option<Sym> {
        if let Some(Some(s)) = self.syms.get(n) {
            return Some(*s);
        }
        let s = self.graph.sym(self.names.get(n)?)?;
        if let Some(slot) = self.syms.get_mut(n) {
            *slot = Some(s);
        }
        Some(s)
    }

    /// The graph symbol of plan name `n`, created if needed (for writes).
    pub(crate) fn intern(&mut self, n: ir::Name) -> Sym {
        if let Some(s) = self.sym(n) {
            return s;
        }
        let name = self.names.get(n).map_or("", String::as_str);
        let s = self.graph.intern(name);
        if let Some(slot) = self.syms.get_mut(n) {
            *slot = Some(s);
        }
        s
    }

    pub(crate) fn name(&self, n: ir::Name) -> &str {
        self.names.get(n).map_or("", String::as_str)
    }

    /// Attach the position of byte `at` to an error that has none.
    pub(crate) fn at(&self, e: CypherError, at: usize) -> CypherError {
        e.at(self.src, at)
    }

    pub(crate) fn enter(&mut self, at: usize) -> Result<(), CypherError> {
        self.depth += 1;
        if self.depth > MAX_RUN_DEPTH {
            return Err(self.at(
                CypherError::new(ErrorKind::ResourceError, "the query recursed too deeply"),
                at,
            ));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Statements nested deeper than this, or with unbounded variable-length patterns, run on
/// a thread with a large stack: compiling and evaluating them recurses once per level.
const DEEP: usize = 24;

/// The stack of that thread (address space; only what is used is committed).
const BIG_STACK: usize = 1 << 30;

/// Run one parsed statement against the graph. The caller owns atomicity (savepoints).
pub(crate) fn execute(
    graph: &mut Graph,
    stmt: &ast::Statement,
    source: &str,
    params: &Params,
    read_only: bool,
    procs: &Procedures,
) -> Result<QueryResult, CypherError> {
    let ast::Statement::Query(q) = stmt else {
        return execute_here(graph, stmt, source, params, read_only, procs);
    };
    if !depth::is_deep(q, DEEP) {
        return execute_here(graph, stmt, source, params, read_only, procs);
    }
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("cypher-deep".into())
            .stack_size(BIG_STACK)
            .spawn_scoped(s, || {
                execute_here(graph, stmt, source, params, read_only, procs)
            });
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(CypherError::new(
                    ErrorKind::ResourceError,
                    "the query could not be run (its worker failed)",
                ))
            }),
            Err(e) => Err(CypherError::new(
                ErrorKind::ResourceError,
                format!("cannot start a query worker: {e}"),
            )),
        }
    })
}

fn execute_here(
    graph: &mut Graph,
    stmt: &ast::Statement,
    source: &str,
    params: &Params,
    read_only: bool,
    procs: &Procedures,
) -> Result<QueryResult, CypherError> {
    let show;
    let q = match stmt {
        ast::Statement::Query(q) => q,
        ast::Statement::ShowIndexes(tail) => {
            show = schema::show_query("show indexes", schema::INDEX_COLUMNS, tail);
            &show
        }
        ast::Statement::ShowConstraints(tail) => {
            show = schema::show_query("show constraints", schema::CONSTRAINT_COLUMNS, tail);
            &show
        }
        other => return schema::run(graph, other, source, read_only),
    };
    let plan = compiled(q, source)?;
    if read_only && plan.updates {
        return Err(read_only_error());
    }
    crate::temporal::begin_statement();
    let mut ctx = Ctx::new(graph, params, source, &plan.names, procs);
    let (columns, rows) = clauses::run_top(&mut ctx, &plan.query)?;
    let counters = ctx.counters;
    Ok(result::assemble(ctx.graph, columns, rows, counters))
}

pub(crate) fn read_only_error() -> CypherError {
    CypherError::new(
        ErrorKind::StorageError,
        "the database is open read-only because another process is writing it; updates are refused (run again when the writer has finished)",
    )
    .with_detail("ReadOnlyDatabase")
}

//! cartograph's embedded graph database.
//!
//! A property graph held in memory for speed and made durable in a SQLite file (see
//! [`store`]), queried with openCypher through [`Database`], and reachable by every
//! cartograph command through the [`GraphBackend`] trait that a Neo4j backend implements too.

mod backend;
mod db;
mod exec;
mod result;
pub mod store;
mod temporal;
mod value;

pub use backend::{GraphBackend, Statement};
pub use cartograph_cypher::{CypherError, ErrorKind, Position};
pub use db::{Database, GraphDump, Mode, Transaction};
pub use exec::ProcedureSignature;
pub use result::{Counters, NodeSnapshot, QueryResult, RelSnapshot};
pub use value::{GroupKey, NodeId, Params, Path, RelId, Value, format_float};

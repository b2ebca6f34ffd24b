//! Cypher front end: source text to [`ast::Statement`], with positioned errors.
//!
//! The grammar is openCypher 9 plus the Neo4j 5 additions that Cartography-style tooling
//! emits (index and constraint DDL, `CALL (x) { }` subqueries, `EXISTS { }`, `COUNT { }`).

pub mod ast;
mod error;
mod lexer;
mod parser;

pub use error::{CypherError, ErrorKind, Position};
pub use parser::parse;

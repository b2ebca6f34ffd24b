//! Bolt, the Neo4j wire protocol, for cartograph in both directions:
//!
//! - [`serve`] makes the embedded [`cartograph_graph::Database`] a Bolt server, so Neo4j
//!   drivers, cypher-shell, notebooks and Cartography itself can use it;
//! - [`Neo4jBackend`] is a [`cartograph_graph::GraphBackend`] that runs cartograph's
//!   statements on Neo4j (or any Bolt server).
//!
//! Both sides share one PackStream codec ([`packstream`]) and one value mapping
//! ([`convert`]), so each is tested against the other as well as against the official
//! Python driver.

mod auth;
mod client;
pub mod convert;
mod error;
pub mod framing;
pub mod handshake;
pub mod packstream;
mod server;
mod tls;

pub use auth::{PasswordHash, PasswordSource};
pub use client::{Neo4jBackend, Neo4jConfig};
pub use error::BoltError;
pub use server::{
    BoltServer, DATABASE_NAME, SERVER_AGENT, ServeConfig, ServerAuth, TlsFiles, serve,
};
pub use tls::Verify;

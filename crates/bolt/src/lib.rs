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
//!
//! Entry points for the command line:
//!
//! - server: build a [`ServeConfig`] (address, [`ServerAuth::basic`] from a
//!   [`PasswordSource`] or [`ServerAuth::NoAuth`] on loopback, optional [`TlsFiles`],
//!   limits) and `serve(config, Arc::new(db)).await` inside a tokio runtime;
//! - client: `Neo4jBackend::connect(Neo4jConfig { .. })?` and use it wherever a
//!   `&dyn GraphBackend` is taken. Its methods block; call them from ordinary threads.

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

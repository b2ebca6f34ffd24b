//! The crate's error type for setup and transport (query failures travel as
//! [`cartograph_graph::CypherError`]).

use std::io;

#[derive(Debug, thiserror::Error)]
pub enum BoltError {
    /// The configuration cannot work (no password, bad address, unreadable file, ...).
    #[error("{0}")]
    Config(String),
    /// TLS setup failed (bad certificate or key file).
    #[error("TLS: {0}")]
    Tls(String),
    /// The peer broke the protocol, or refused us.
    #[error("Bolt protocol: {0}")]
    Protocol(String),
    #[error("{context}: {source}")]
    Io { context: String, source: io::Error },
}

impl BoltError {
    pub fn io(context: impl Into<String>, source: io::Error) -> BoltError {
        BoltError::Io {
            context: context.into(),
            source,
        }
    }
}

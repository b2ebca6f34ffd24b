//! The sync engine's error type.

use cartograph_cypher::CypherError;

/// Why a load or cleanup failed. Messages name the schema so that a failing service in a
/// large run is easy to find.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("loading {label}: {source}")]
    Graph {
        label: String,
        #[source]
        source: CypherError,
    },
    #[error("loading {label}: row {row} has no `{field}` (the id every {label} node is merged on)")]
    MissingId {
        label: String,
        row: usize,
        field: String,
    },
    #[error("loading {label}: parameter `{param}` is required by the schema but was not given")]
    MissingParam { label: String, param: String },
    #[error(
        "cleaning up {label}: still deleting after {rounds} rounds of {limit}; stopped to avoid an \
         endless loop (does the graph report deletions correctly?)"
    )]
    CleanupRunaway {
        label: String,
        rounds: u64,
        limit: i64,
    },
}

impl SyncError {
    pub(crate) fn graph(label: &str, source: CypherError) -> SyncError {
        SyncError::Graph {
            label: label.to_string(),
            source,
        }
    }
}

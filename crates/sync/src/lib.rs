//! cartograph's sync engine, shared by every provider: declarative schemas ([`schema`]) from
//! which the upsert, index and cleanup statements are derived ([`querybuild`], [`cleanup`]),
//! the [`Loader`] that runs them in bounded batches, the job [`runner`] that bounds
//! concurrency and only cleans up scopes that fully synced, and the run [`summary`].

pub mod cleanup;
mod cypher;
pub mod error;
pub mod loader;
pub mod querybuild;
pub mod runner;
pub mod schema;
pub mod summary;

pub use error::SyncError;
pub use loader::{CleanupStats, LoadStats, Loader, Row, cleanup, load};
pub use schema::{
    CleanupMode, Condition, Direction, ExtraLabel, LinkSchema, MatchOp, Matcher, NodeSchema,
    Property, RelSchema, Source,
};
pub use summary::{Outcome, RunSummary, ServiceSummary};

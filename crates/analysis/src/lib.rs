//! cartograph's AWS analysis: graph jobs that derive facts from what the syncs loaded —
//! internet exposure, IAM permission relationships, foreign accounts, key pair reuse,
//! instance profile roles — reading and writing the graph with parameterised Cypher, like
//! Cartography's analysis jobs. The IAM policy evaluator behind the permission
//! relationships is pure code in [`policy`].

mod graph;
mod jobs;
mod options;
pub mod policy;
pub mod relationships;
mod summary;

use std::time::Instant;

use cartograph_graph::GraphBackend;

pub use jobs::bucket_policy_id;
pub use options::{Options, Synced};
pub use relationships::{PermissionRelationship, RelationshipsError};
pub use summary::{AnalysisSummary, JobStatus, JobSummary};

/// Why the analysis could not start. Job failures do not end the run: they are reported
/// in [`AnalysisSummary`] (see [`AnalysisSummary::failed`]).
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Relationships(#[from] RelationshipsError),
}

/// Run every AWS analysis job, in dependency order, for the accounts where its inputs
/// synced (`opts.synced`), tagging what it writes with `update_tag` (the sync's tag).
pub fn run_aws_analysis(
    backend: &dyn GraphBackend,
    update_tag: i64,
    opts: &Options,
) -> Result<AnalysisSummary, AnalysisError> {
    let started = Instant::now();
    let relationships = relationships::load(opts.permission_relationships_file.as_deref())?;
    let mut summary = AnalysisSummary {
        update_tag,
        ..AnalysisSummary::default()
    };
    jobs::run_all(backend, update_tag, opts, &relationships, &mut summary);
    summary.duration_ms = started.elapsed().as_millis() as u64;
    Ok(summary)
}

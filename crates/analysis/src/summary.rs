//! What each analysis job did, for the end-of-run summary.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    Ran,
    /// Its inputs did not sync (the message says which).
    Skipped,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    pub name: String,
    pub status: JobStatus,
    /// Accounts the job covered (empty for jobs over the whole graph).
    pub accounts: Vec<String>,
    /// Why it was skipped or failed, or what it found.
    pub message: String,
    pub properties_set: u64,
    pub relationships_created: u64,
    pub relationships_deleted: u64,
    pub duration_ms: u64,
}

impl JobSummary {
    pub(crate) fn new(name: &str, status: JobStatus, message: impl Into<String>) -> JobSummary {
        JobSummary {
            name: name.to_string(),
            status,
            accounts: Vec::new(),
            message: message.into(),
            properties_set: 0,
            relationships_created: 0,
            relationships_deleted: 0,
            duration_ms: 0,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisSummary {
    pub update_tag: i64,
    pub duration_ms: u64,
    pub jobs: Vec<JobSummary>,
}

impl AnalysisSummary {
    pub fn job(&self, name: &str) -> Option<&JobSummary> {
        self.jobs.iter().find(|j| j.name == name)
    }

    /// Whether any job failed (skipped jobs are not failures).
    pub fn failed(&self) -> bool {
        self.jobs.iter().any(|j| j.status == JobStatus::Failed)
    }
}

impl fmt::Display for AnalysisSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "analysis ({} ms):", self.duration_ms)?;
        for j in &self.jobs {
            let status = match j.status {
                JobStatus::Ran => "ran",
                JobStatus::Skipped => "skipped",
                JobStatus::Failed => "FAILED",
            };
            write!(f, "  {:<34} {status:<8}", j.name)?;
            if j.status == JobStatus::Ran {
                write!(
                    f,
                    " {} properties, +{} / -{} relationships",
                    j.properties_set, j.relationships_created, j.relationships_deleted
                )?;
            }
            if !j.message.is_empty() {
                write!(f, " ({})", j.message)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

//! What the run reports while it works, so a front end can draw live progress.

use cartograph_sync::ServiceSummary;

/// One unit of work: a service in an account (and region).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Task {
    pub account: String,
    pub region: Option<String>,
    pub service: String,
}

impl Task {
    pub fn new(account: &str, region: Option<&str>, service: &str) -> Task {
        Task {
            account: account.to_string(),
            region: region.map(str::to_string),
            service: service.to_string(),
        }
    }

    pub fn summary(&self) -> ServiceSummary {
        ServiceSummary::new("aws", &self.account, self.region.as_deref(), &self.service)
    }
}

/// Receives progress events; called from the run's threads.
pub trait Progress: Send + Sync {
    /// The task began fetching.
    fn started(&self, task: &Task);
    /// The task's records arrived and are being written.
    fn fetched(&self, task: &Task);
    /// The task is done (its summary says whether it failed).
    fn finished(&self, task: &Task, summary: &ServiceSummary);
    /// Something worth telling the user that is not a failure.
    fn note(&self, message: &str);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn started(&self, _task: &Task) {}
    fn fetched(&self, _task: &Task) {}
    fn finished(&self, _task: &Task, _summary: &ServiceSummary) {}
    fn note(&self, _message: &str) {}
}

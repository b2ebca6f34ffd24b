//! What the caller tells the analysis: which services synced in which accounts (jobs only
//! run where all their inputs synced) and an optional permission-relationships file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use cartograph_sync::RunSummary;

/// Service keys (`iam`, `ec2`, `s3`, ... as in `ServiceSummary::service`) by the accounts
/// where they synced without errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    services: BTreeMap<String, BTreeSet<String>>,
}

impl Synced {
    /// From a sync run: a service counts for an account when every entry of it (one per
    /// region for regional services) succeeded.
    pub fn from_summary(summary: &RunSummary) -> Synced {
        let mut ok: BTreeMap<(String, String), bool> = BTreeMap::new();
        for s in summary.services.iter().filter(|s| s.provider == "aws") {
            let entry = ok
                .entry((s.service.clone(), s.scope.clone()))
                .or_insert(true);
            *entry &= s.succeeded();
        }
        let mut synced = Synced::default();
        for ((service, account), fine) in ok {
            if fine {
                synced.add(&service, &account);
            }
        }
        synced
    }

    /// Record that `service` synced in `account`.
    pub fn add(&mut self, service: &str, account: &str) {
        self.services
            .entry(service.to_string())
            .or_default()
            .insert(account.to_string());
    }

    /// The accounts where every one of `services` synced, sorted.
    pub fn accounts_with(&self, services: &[&str]) -> Vec<String> {
        let mut sets = services.iter().map(|s| self.services.get(*s));
        let Some(Some(first)) = sets.next() else {
            return Vec::new();
        };
        let mut acc: BTreeSet<String> = first.clone();
        for set in sets {
            match set {
                Some(s) => acc.retain(|a| s.contains(a)),
                None => return Vec::new(),
            }
        }
        acc.into_iter().collect()
    }
}

/// Options of [`crate::run_aws_analysis`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub synced: Synced,
    /// Replaces the bundled permission relationships (`--permission-relationships-file`).
    pub permission_relationships_file: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::ServiceSummary;

    #[test]
    fn a_service_counts_only_where_every_region_succeeded() {
        let mut run = RunSummary::new(1);
        run.services
            .push(ServiceSummary::new("aws", "1", None, "iam"));
        run.services
            .push(ServiceSummary::new("aws", "2", None, "iam"));
        run.services
            .push(ServiceSummary::new("aws", "1", Some("eu-west-1"), "ec2"));
        let mut failed = ServiceSummary::new("aws", "2", Some("eu-west-1"), "ec2");
        failed.errors.push("throttled".into());
        run.services.push(failed);
        run.services
            .push(ServiceSummary::new("aws", "2", Some("us-east-1"), "ec2"));
        let synced = Synced::from_summary(&run);
        assert_eq!(synced.accounts_with(&["iam"]), vec!["1", "2"]);
        assert_eq!(synced.accounts_with(&["iam", "ec2"]), vec!["1"]);
        assert!(synced.accounts_with(&["iam", "s3"]).is_empty());
        assert!(synced.accounts_with(&[]).is_empty());
    }
}

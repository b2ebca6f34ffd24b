//! The AWS analysis jobs and the order they run in. Each job names the services it reads;
//! it runs for the accounts where all of them synced and is skipped, with a message, when
//! there are none. A failed job is reported and the jobs that do not depend on it still run.

mod exposure;
mod foreign_accounts;
mod instance_profiles;
mod keypairs;
mod lambda_images;
mod lb_nacl;
mod permissions;
mod reachability;
mod workloads;

use std::time::Instant;

use cartograph_graph::{Counters, CypherError, GraphBackend};

use crate::options::Options;
use crate::relationships::PermissionRelationship;
use crate::summary::{AnalysisSummary, JobStatus, JobSummary};

pub use permissions::bucket_policy_id;

fn skipped(name: &str, services: &[&str]) -> JobSummary {
    JobSummary::new(
        name,
        JobStatus::Skipped,
        format!(
            "needs {} synced in the same account; none did in this run",
            services.join(" + ")
        ),
    )
}

fn finish(
    name: &str,
    accounts: &[String],
    started: Instant,
    result: Result<(Counters, String), CypherError>,
) -> JobSummary {
    let mut job = match result {
        Ok((c, message)) => {
            let mut j = JobSummary::new(name, JobStatus::Ran, message);
            j.properties_set = c.properties_set;
            j.relationships_created = c.relationships_created;
            j.relationships_deleted = c.relationships_deleted;
            j
        }
        Err(e) => {
            tracing::warn!(job = name, error = %e, "analysis job failed");
            JobSummary::new(name, JobStatus::Failed, e.to_string())
        }
    };
    job.accounts = accounts.to_vec();
    job.duration_ms = started.elapsed().as_millis() as u64;
    job
}

/// Run a job over the accounts where `services` synced, or record that it was skipped.
fn scoped(
    summary: &mut AnalysisSummary,
    opts: &Options,
    name: &str,
    services: &[&str],
    job: impl FnOnce(&[String]) -> Result<(Counters, String), CypherError>,
) -> bool {
    let accounts = opts.synced.accounts_with(services);
    if accounts.is_empty() {
        summary.jobs.push(skipped(name, services));
        return false;
    }
    let started = Instant::now();
    let result = job(&accounts);
    let ok = result.is_ok();
    summary.jobs.push(finish(name, &accounts, started, result));
    ok
}

pub(crate) fn run_all(
    backend: &dyn GraphBackend,
    update_tag: i64,
    opts: &Options,
    relationships: &[PermissionRelationship],
    summary: &mut AnalysisSummary,
) {
    scoped(summary, opts, foreign_accounts::NAME, &["iam"], |_| {
        Ok((foreign_accounts::run_job(backend)?, String::new()))
    });
    scoped(
        summary,
        opts,
        instance_profiles::NAME,
        &["iam", "ec2"],
        |a| {
            Ok((
                instance_profiles::run_job(backend, update_tag, a)?,
                String::new(),
            ))
        },
    );
    scoped(summary, opts, keypairs::NAME, &["ec2"], |_| {
        Ok((keypairs::run_job(backend, update_tag)?, String::new()))
    });
    let exposed = scoped(summary, opts, exposure::NAME, &["ec2"], |a| {
        let lb = opts.synced.accounts_with(&[exposure::LB_SERVICE]);
        let lbv2 = opts.synced.accounts_with(&[exposure::LBV2_SERVICE]);
        let scope = exposure::Scope {
            ec2: a,
            lb: &lb,
            lbv2: &lbv2,
        };
        let missing: Vec<&str> = [(exposure::LB_SERVICE, &lb), (exposure::LBV2_SERVICE, &lbv2)]
            .into_iter()
            .filter(|(_, accounts)| accounts.is_empty())
            .map(|(service, _)| service)
            .collect();
        let message = if missing.is_empty() {
            String::new()
        } else {
            format!(
                "load balancers not analysed, not synced: {}",
                missing.join(", ")
            )
        };
        Ok((exposure::run_job(backend, &scope)?, message))
    });
    if exposed {
        scoped(summary, opts, reachability::NAME, &["ec2"], |a| {
            reachability::run_job(backend, a)
        });
        scoped(
            summary,
            opts,
            workloads::ECS_NAME,
            &["ec2", workloads::ECS_SERVICE],
            |a| Ok((workloads::run_ecs(backend, update_tag, a)?, String::new())),
        );
    } else {
        for name in [reachability::NAME, workloads::ECS_NAME] {
            summary.jobs.push(JobSummary::new(
                name,
                JobStatus::Skipped,
                format!("needs {} to have run", exposure::NAME),
            ));
        }
    }
    scoped(
        summary,
        opts,
        workloads::EKS_NAME,
        &[workloads::EKS_SERVICE],
        |a| Ok((workloads::run_eks(backend, a)?, String::new())),
    );
    scoped(summary, opts, lb_nacl::NAME, &lb_nacl::SERVICES, |a| {
        Ok((lb_nacl::run_job(backend, update_tag, a)?, String::new()))
    });
    if opts
        .synced
        .accounts_with(&[lambda_images::ECR_SERVICE])
        .is_empty()
    {
        summary.jobs.push(JobSummary::new(
            lambda_images::NAME,
            JobStatus::Skipped,
            format!(
                "needs {} synced in some account",
                lambda_images::ECR_SERVICE
            ),
        ));
    } else {
        scoped(
            summary,
            opts,
            lambda_images::NAME,
            &[lambda_images::LAMBDA_SERVICE],
            |a| {
                Ok((
                    lambda_images::run_job(backend, update_tag, a)?,
                    String::new(),
                ))
            },
        );
    }
    run_permissions(backend, update_tag, opts, relationships, summary);
}

fn run_permissions(
    backend: &dyn GraphBackend,
    update_tag: i64,
    opts: &Options,
    relationships: &[PermissionRelationship],
    summary: &mut AnalysisSummary,
) {
    let name = permissions::NAME;
    let iam = opts.synced.accounts_with(&["iam"]);
    if iam.is_empty() {
        summary.jobs.push(skipped(name, &["iam"]));
        return;
    }
    let started = Instant::now();
    let s3 = opts.synced.accounts_with(&["s3"]);
    let result = (|| {
        let mut counters = Counters::default();
        let job = permissions::PermissionJob::read(backend, &iam, &s3, &mut counters)?;
        let mut notes = Vec::new();
        if job.skipped_statements() > 0 {
            notes.push(format!(
                "{} policy statements could not be parsed and were ignored",
                job.skipped_statements()
            ));
        }
        let mut skipped_labels = Vec::new();
        let mut edges = 0;
        for entry in relationships {
            // Targets of a service cartograph does not know are looked up in every synced
            // account; they may have been loaded by another tool.
            let accounts = match permissions::PermissionJob::service(entry) {
                Some(service) => opts.synced.accounts_with(&[service]),
                None => iam.clone(),
            };
            if accounts.is_empty() {
                skipped_labels.push(format!(
                    "{}:{}",
                    entry.target_label, entry.relationship_name
                ));
                continue;
            }
            let report = job.run_entry(backend, entry, &accounts, update_tag, &mut counters)?;
            edges += report.edges;
            tracing::debug!(
                label = %entry.target_label,
                relationship = %entry.relationship_name,
                resources = report.resources,
                edges = report.edges,
                "permission relationship evaluated"
            );
        }
        notes.insert(0, format!("{edges} edges"));
        if !skipped_labels.is_empty() {
            notes.push(format!(
                "skipped (service not synced): {}",
                skipped_labels.join(", ")
            ));
        }
        Ok((counters, notes.join("; ")))
    })();
    summary.jobs.push(finish(name, &iam, started, result));
}

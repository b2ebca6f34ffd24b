//! The demo estate: a recorded AWS organization (three accounts, two regions, a few hundred
//! resources) shipped inside the binary, loaded through the same transforms, loader and
//! cleanup as a live sync. Regenerate the JSON with `crates/aws/data/generate_demo.py`.

use std::collections::BTreeSet;
use std::time::Instant;

use cartograph_graph::GraphBackend;
use cartograph_sync::{Loader, RunSummary, ServiceSummary};

use crate::load::{self, AwsError};
use crate::records::{AccountRecords, Estate, IamRecords, Organization};
use crate::services;

const ORGANIZATION: (&str, &str) = (
    "organization.json",
    include_str!("../data/demo/organization.json"),
);
const ACCOUNTS: [(&str, &str); 3] = [
    (
        "management.json",
        include_str!("../data/demo/management.json"),
    ),
    (
        "production.json",
        include_str!("../data/demo/production.json"),
    ),
    ("staging.json", include_str!("../data/demo/staging.json")),
];

/// The recorded estate.
pub fn estate() -> Result<Estate, AwsError> {
    let organization: Organization = parse(ORGANIZATION)?;
    let accounts = ACCOUNTS
        .into_iter()
        .map(parse::<AccountRecords>)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Estate {
        organization: Some(organization),
        accounts,
    })
}

fn parse<T: serde::de::DeserializeOwned>((file, text): (&str, &str)) -> Result<T, AwsError> {
    serde_json::from_str(text).map_err(|source| AwsError::Records {
        file: file.to_string(),
        source,
    })
}

/// Load the recorded estate into `backend` with `update_tag` (e.g. the current epoch
/// seconds), then clean up each account: running it again with a newer tag leaves exactly
/// the demo estate.
pub fn load_demo(backend: &dyn GraphBackend, update_tag: i64) -> Result<RunSummary, AwsError> {
    let started = Instant::now();
    let mut summary = load_estate(backend, &estate()?, update_tag)?;
    load_services(&Loader::new(backend), &mut summary, update_tag)?;
    summary.duration_ms = started.elapsed().as_millis() as u64;
    Ok(summary)
}

/// The registered services' recorded data, each after the services it depends on, then
/// their cleanup account by account.
fn load_services(
    loader: &Loader,
    summary: &mut RunSummary,
    update_tag: i64,
) -> Result<(), AwsError> {
    for service in services::ordered(services::ALL.iter().copied()) {
        let recorded = services::recorded(service).map_err(|source| AwsError::Records {
            file: format!("services/{}", service.key),
            source,
        })?;
        for (account, regions) in &recorded {
            for (region, records) in regions {
                let region = (region != services::GLOBAL).then_some(region.as_str());
                summary.services.push(timed(|| {
                    services::load(
                        loader,
                        service,
                        account,
                        region,
                        records.as_ref(),
                        update_tag,
                    )
                })?);
            }
            summary.services.push(timed(|| {
                services::cleanup(loader, service, account, update_tag)
            })?);
        }
    }
    Ok(())
}

/// Load any estate in records form, as [`load_demo`] does.
pub fn load_estate(
    backend: &dyn GraphBackend,
    estate: &Estate,
    update_tag: i64,
) -> Result<RunSummary, AwsError> {
    let started = Instant::now();
    let loader = Loader::new(backend);
    let mut summary = RunSummary::new(update_tag);
    let in_scope: BTreeSet<String> = estate
        .accounts
        .iter()
        .map(|a| a.account_id.clone())
        .collect();
    for account in &estate.accounts {
        load::load_account(&loader, account, update_tag)?;
    }
    if let Some(org) = &estate.organization {
        summary
            .services
            .push(timed(|| load::load_organization(&loader, org, update_tag))?);
    }
    let all_iam: Vec<&IamRecords> = estate
        .accounts
        .iter()
        .filter_map(|a| a.iam.as_ref())
        .collect();
    for account in &estate.accounts {
        if let Some(iam) = &account.iam {
            summary.services.push(timed(|| {
                load::load_iam(&loader, &account.account_id, iam, &in_scope, update_tag)
            })?);
        }
    }
    for account in &estate.accounts {
        if let Some(iam) = &account.iam {
            summary.services.push(timed(|| {
                load::load_trusts(&loader, &account.account_id, iam, &all_iam, update_tag)
            })?);
        }
        for region in &account.regions {
            summary.services.push(timed(|| {
                load::load_ec2(&loader, &account.account_id, region, update_tag)
            })?);
        }
        if let Some(s3) = &account.s3 {
            summary.services.push(timed(|| {
                load::load_s3(&loader, &account.account_id, s3, update_tag)
            })?);
        }
    }
    for account in &estate.accounts {
        summary.services.push(timed(|| {
            load::cleanup_account(&loader, &account.account_id, update_tag)
        })?);
    }
    summary.duration_ms = started.elapsed().as_millis() as u64;
    Ok(summary)
}

/// Run one load step and record how long it took.
fn timed<E>(step: impl FnOnce() -> Result<ServiceSummary, E>) -> Result<ServiceSummary, E> {
    let started = Instant::now();
    let mut summary = step()?;
    summary.duration_ms = started.elapsed().as_millis() as u64;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_estate_parses_and_is_substantial() {
        let estate = estate();
        assert!(estate.is_ok(), "{:?}", estate.err());
        let estate = estate.unwrap_or_default();
        assert_eq!(estate.accounts.len(), 3);
        let instances: usize = estate
            .accounts
            .iter()
            .flat_map(|a| &a.regions)
            .flat_map(|r| &r.reservations)
            .map(|r| r.instances.len())
            .sum();
        assert_eq!(instances, 68);
        assert!(estate.organization.is_some_and(|o| o.accounts.len() == 3));
    }
}

//! Inspector v2 through the SDK: the member accounts this account administers, then for it
//! and each member the findings that are not closed. Denied, or Inspector not enabled
//! (`ValidationException`), reads as no findings, as in Cartography.

use aws_sdk_inspector2 as inspector2;
use aws_sdk_inspector2::types::{FilterCriteria, StringComparison, StringFilter};
use futures_util::future::try_join_all;

use super::{
    ExploitabilityDetails, Finding, InspectorRecords, NetworkReachability, Package,
    PackageVulnerability, PortRange, Resource, Score, ScoreDetails,
};
use crate::fetch::convert::{date, e, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

/// Nothing to read here rather than a failure.
fn absent(err: &ApiError) -> bool {
    err.is_access_denied() || err.code.as_deref() == Some("ValidationException")
}

async fn records(ctx: &Ctx) -> Result<InspectorRecords, ApiError> {
    let c = inspector2::Client::from_conf(
        inspector2::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut accounts = match members(ctx, &c).await {
        Ok(members) => members,
        Err(err) if absent(&err) => Vec::new(),
        Err(err) => return Err(err),
    };
    accounts.push(ctx.account_id.clone());
    accounts.sort_unstable();
    accounts.dedup();
    let c = &c;
    let per_account = try_join_all(accounts.iter().map(|account| async move {
        match findings(ctx, c, account).await {
            Err(err) if absent(&err) => {
                tracing::debug!(account, error = %err, "inspector findings left out");
                Ok(Vec::new())
            }
            other => other,
        }
    }))
    .await?;
    Ok(InspectorRecords {
        findings: per_account.into_iter().flatten().collect(),
    })
}

async fn members(ctx: &Ctx, c: &inspector2::Client) -> Result<Vec<String>, ApiError> {
    let mut accounts = Vec::new();
    let mut pages = c.list_members().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("inspector2:ListMembers", err))?;
        accounts.extend(page.members().iter().filter_map(|m| s(m.account_id())));
    }
    Ok(accounts)
}

fn filter(comparison: StringComparison, value: &str) -> Result<StringFilter, ApiError> {
    StringFilter::builder()
        .comparison(comparison)
        .value(value)
        .build()
        .map_err(|err| ApiError {
            operation: "inspector2:ListFindings",
            code: None,
            status: None,
            message: err.to_string(),
        })
}

/// The account's findings that are not closed (there may be very many closed ones).
async fn findings(
    ctx: &Ctx,
    c: &inspector2::Client,
    account: &str,
) -> Result<Vec<Finding>, ApiError> {
    let criteria = FilterCriteria::builder()
        .aws_account_id(filter(StringComparison::Equals, account)?)
        .finding_status(filter(StringComparison::NotEquals, "CLOSED")?)
        .build();
    let mut out = Vec::new();
    let mut pages = c
        .list_findings()
        .filter_criteria(criteria)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("inspector2:ListFindings", err))?;
        out.extend(page.findings().iter().map(finding));
    }
    Ok(out)
}

fn finding(f: &inspector2::types::Finding) -> Finding {
    Finding {
        finding_arn: f.finding_arn().to_string(),
        aws_account_id: f.aws_account_id().to_string(),
        title: s(f.title()),
        description: Some(f.description().to_string()),
        severity: Some(f.severity().as_str().to_string()),
        r#type: Some(f.r#type().as_str().to_string()),
        status: Some(f.status().as_str().to_string()),
        first_observed_at: date(Some(f.first_observed_at())),
        updated_at: date(f.updated_at()),
        fix_available: e(f.fix_available()),
        exploit_available: e(f.exploit_available()),
        exploitability_details: f.exploitability_details().map(|d| ExploitabilityDetails {
            last_known_exploit_at: date(d.last_known_exploit_at()),
        }),
        epss: f.epss().map(|d| Score {
            score: Some(d.score()),
        }),
        inspector_score_details: f.inspector_score_details().map(|d| ScoreDetails {
            adjusted_cvss: d.adjusted_cvss().map(|c| Score {
                score: Some(c.score()),
            }),
        }),
        resources: f
            .resources()
            .iter()
            .map(|r| Resource {
                r#type: r.r#type().as_str().to_string(),
                id: r.id().to_string(),
            })
            .collect(),
        network_reachability_details: f.network_reachability_details().map(|n| {
            NetworkReachability {
                protocol: Some(n.protocol().as_str().to_string()),
                open_port_range: n.open_port_range().map(|p| PortRange {
                    begin: i64::from(p.begin()),
                    end: i64::from(p.end()),
                }),
            }
        }),
        package_vulnerability_details: f.package_vulnerability_details().map(|p| {
            PackageVulnerability {
                vulnerability_id: Some(p.vulnerability_id().to_string()),
                reference_urls: p.reference_urls().to_vec(),
                related_vulnerabilities: p.related_vulnerabilities().to_vec(),
                source: Some(p.source().to_string()),
                source_url: s(p.source_url()),
                vendor_created_at: date(p.vendor_created_at()),
                vendor_severity: s(p.vendor_severity()),
                vendor_updated_at: date(p.vendor_updated_at()),
                vulnerable_packages: p.vulnerable_packages().iter().map(package).collect(),
            }
        }),
    }
}

fn package(p: &inspector2::types::VulnerablePackage) -> Package {
    Package {
        name: p.name().to_string(),
        version: p.version().to_string(),
        epoch: Some(i64::from(p.epoch())),
        release: s(p.release()),
        arch: s(p.arch()),
        package_manager: e(p.package_manager()),
        file_path: s(p.file_path()),
        fixed_in_version: s(p.fixed_in_version()),
        remediation: s(p.remediation()),
        source_layer_hash: s(p.source_layer_hash()),
        source_lambda_layer_arn: s(p.source_lambda_layer_arn()),
    }
}

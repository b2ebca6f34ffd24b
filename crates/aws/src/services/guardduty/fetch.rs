//! GuardDuty through the SDK: the region's detectors, each described, and each detector's
//! unarchived findings, listed then read 50 at a time (the `GetFindings` limit). Findings
//! the caller may not read are left out; the detectors still sync.

use aws_sdk_guardduty as guardduty;
use futures_util::future::try_join_all;

use super::{
    AccessKeyDetails, Action, AdditionalInfo, AwsApiCallAction, City, Country, Detector,
    EksClusterDetails, Finding, FindingService, GeoLocation, GuardDutyRecords, InstanceDetails,
    Organization, RemoteAccountDetails, RemoteIpDetails, Resource, S3BucketDetail,
};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

/// `GetFindings` takes at most this many ids.
const FINDINGS_PER_CALL: usize = 50;

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<GuardDutyRecords, ApiError> {
    let c = guardduty::Client::from_conf(
        guardduty::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut ids = Vec::new();
    let mut pages = c.list_detectors().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("guardduty:ListDetectors", err))?;
        ids.extend(page.detector_ids().iter().cloned());
    }
    let c = &c;
    let detectors = try_join_all(ids.iter().map(|id| detector(ctx, c, id))).await?;
    let findings = try_join_all(ids.iter().map(|id| async move {
        match findings(ctx, c, id).await {
            Err(err) if err.is_access_denied() => {
                tracing::debug!(detector = %id, error = %err, "findings left out");
                Ok(Vec::new())
            }
            other => other,
        }
    }))
    .await?;
    Ok(GuardDutyRecords {
        detectors,
        findings: findings.into_iter().flatten().collect(),
    })
}

async fn detector(ctx: &Ctx, c: &guardduty::Client, id: &str) -> Result<Detector, ApiError> {
    let d = ctx
        .limit
        .run(c.get_detector().detector_id(id).send())
        .await
        .map_err(|err| ApiError::new("guardduty:GetDetector", err))?;
    Ok(Detector {
        detector_id: id.to_string(),
        status: e(d.status()),
        finding_publishing_frequency: e(d.finding_publishing_frequency()),
        service_role: s(d.service_role()),
        created_at: s(d.created_at()),
        updated_at: s(d.updated_at()),
    })
}

/// The detector's findings that are not archived (as Cartography asks for them).
async fn findings(
    ctx: &Ctx,
    c: &guardduty::Client,
    detector_id: &str,
) -> Result<Vec<Finding>, ApiError> {
    let unarchived = guardduty::types::FindingCriteria::builder()
        .criterion(
            "service.archived",
            guardduty::types::Condition::builder()
                .equals("false")
                .build(),
        )
        .build();
    let mut ids = Vec::new();
    let mut pages = c
        .list_findings()
        .detector_id(detector_id)
        .finding_criteria(unarchived)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("guardduty:ListFindings", err))?;
        ids.extend(page.finding_ids().iter().cloned());
    }
    let batches = try_join_all(ids.chunks(FINDINGS_PER_CALL).map(|batch| async move {
        let out = ctx
            .limit
            .run(
                c.get_findings()
                    .detector_id(detector_id)
                    .set_finding_ids(Some(batch.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("guardduty:GetFindings", err))?;
        Ok::<_, ApiError>(out.findings().iter().map(finding).collect::<Vec<_>>())
    }))
    .await?;
    Ok(batches.into_iter().flatten().collect())
}

fn finding(f: &guardduty::types::Finding) -> Finding {
    Finding {
        id: req(f.id()),
        arn: s(f.arn()),
        account_id: s(f.account_id()),
        region: s(f.region()),
        r#type: s(f.r#type()),
        title: s(f.title()),
        description: s(f.description()),
        severity: f.severity(),
        confidence: f.confidence(),
        created_at: s(f.created_at()),
        updated_at: s(f.updated_at()),
        resource: f.resource().map(resource).unwrap_or_default(),
        service: f.service().map(service).unwrap_or_default(),
    }
}

fn resource(r: &guardduty::types::Resource) -> Resource {
    Resource {
        resource_type: s(r.resource_type()),
        instance_details: r.instance_details().map(|d| InstanceDetails {
            instance_id: s(d.instance_id()),
        }),
        s3_bucket_details: r
            .s3_bucket_details()
            .iter()
            .map(|b| S3BucketDetail {
                name: s(b.name()),
                arn: s(b.arn()),
            })
            .collect(),
        eks_cluster_details: r.eks_cluster_details().map(|d| EksClusterDetails {
            name: s(d.name()),
            arn: s(d.arn()),
        }),
        access_key_details: r.access_key_details().map(|d| AccessKeyDetails {
            access_key_id: s(d.access_key_id()),
            principal_id: s(d.principal_id()),
            user_name: s(d.user_name()),
            user_type: s(d.user_type()),
        }),
    }
}

fn service(v: &guardduty::types::Service) -> FindingService {
    FindingService {
        detector_id: s(v.detector_id()),
        archived: v.archived(),
        count: v.count().map(i64::from),
        event_first_seen: s(v.event_first_seen()),
        event_last_seen: s(v.event_last_seen()),
        resource_role: s(v.resource_role()),
        additional_info: v.additional_info().map(|i| AdditionalInfo {
            value: s(i.value()),
        }),
        action: v.action().map(|a| Action {
            action_type: s(a.action_type()),
            aws_api_call_action: a.aws_api_call_action().map(api_call),
        }),
    }
}

fn api_call(c: &guardduty::types::AwsApiCallAction) -> AwsApiCallAction {
    let ip = c.remote_ip_details();
    AwsApiCallAction {
        api: s(c.api()),
        service_name: s(c.service_name()),
        caller_type: s(c.caller_type()),
        error_code: s(c.error_code()),
        remote_ip_details: RemoteIpDetails {
            ip_address_v4: s(ip.and_then(|i| i.ip_address_v4())),
            ip_address_v6: s(ip.and_then(|i| i.ip_address_v6())),
            country: ip.and_then(|i| i.country()).map(|c| Country {
                country_name: s(c.country_name()),
            }),
            city: ip.and_then(|i| i.city()).map(|c| City {
                city_name: s(c.city_name()),
            }),
            geo_location: ip.and_then(|i| i.geo_location()).map(|g| GeoLocation {
                lat: g.lat(),
                lon: g.lon(),
            }),
            organization: ip.and_then(|i| i.organization()).map(|o| Organization {
                asn: s(o.asn()),
                asn_org: s(o.asn_org()),
                isp: s(o.isp()),
                org: s(o.org()),
            }),
        },
        remote_account_details: RemoteAccountDetails {
            account_id: s(c.remote_account_details().and_then(|r| r.account_id())),
            affiliated: c.remote_account_details().and_then(|r| r.affiliated()),
        },
    }
}

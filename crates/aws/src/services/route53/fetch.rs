//! Route53 through the SDK: every hosted zone of the account, and each zone's record sets
//! (concurrently, within the task's bound).

use aws_sdk_route53 as route53;
use futures_util::future::try_join_all;

use super::{AliasTarget, HostedZone, RecordSet, ResourceRecord, Route53Records, ZoneConfig};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<Route53Records, ApiError> {
    let c = route53::Client::from_conf(
        route53::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut zones = Vec::new();
    let mut pages = c.list_hosted_zones().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("route53:ListHostedZones", err))?;
        zones.extend(page.hosted_zones().iter().map(|z| HostedZone {
            id: z.id().to_string(),
            name: z.name().to_string(),
            config: ZoneConfig {
                comment: z.config().and_then(|c| c.comment()).map(str::to_string),
                private_zone: z.config().is_some_and(|c| c.private_zone()),
            },
            resource_record_sets: Vec::new(),
        }));
    }
    let c = &c;
    let hosted_zones = try_join_all(zones.into_iter().map(|mut z| async move {
        z.resource_record_sets = record_sets(ctx, c, &z.id).await?;
        Ok::<_, ApiError>(z)
    }))
    .await?;
    Ok(Route53Records { hosted_zones })
}

/// `ListResourceRecordSets` has no paginator: the next page starts at the name, type and
/// identifier the last one returned.
async fn record_sets(
    ctx: &Ctx,
    c: &route53::Client,
    zone_id: &str,
) -> Result<Vec<RecordSet>, ApiError> {
    let mut out = Vec::new();
    let mut next: Option<(String, Option<route53::types::RrType>, Option<String>)> = None;
    loop {
        let mut req = c.list_resource_record_sets().hosted_zone_id(zone_id);
        if let Some((name, kind, identifier)) = next.take() {
            req = req
                .start_record_name(name)
                .set_start_record_type(kind)
                .set_start_record_identifier(identifier);
        }
        let page = ctx
            .limit
            .run(req.send())
            .await
            .map_err(|err| ApiError::new("route53:ListResourceRecordSets", err))?;
        out.extend(page.resource_record_sets().iter().map(|rs| {
            RecordSet {
                name: rs.name().to_string(),
                r#type: rs.r#type().as_str().to_string(),
                resource_records: rs
                    .resource_records()
                    .iter()
                    .map(|r| ResourceRecord {
                        value: r.value().to_string(),
                    })
                    .collect(),
                alias_target: rs.alias_target().map(|a| AliasTarget {
                    dns_name: a.dns_name().to_string(),
                }),
            }
        }));
        match page.next_record_name() {
            Some(name) if page.is_truncated() => {
                next = Some((
                    name.to_string(),
                    page.next_record_type().cloned(),
                    page.next_record_identifier().map(str::to_string),
                ));
            }
            _ => return Ok(out),
        }
    }
}

//! CloudTrail through the SDK: `DescribeTrails`, then for each trail homed in this region
//! (concurrently, within the task's bound) `GetEventSelectors` and `GetTrailStatus`. A
//! setting the caller may not read is absent.

use aws_sdk_cloudtrail as cloudtrail;
use futures_util::future::try_join_all;

use super::{
    AdvancedEventSelector, CloudTrailRecords, DataResource, EventSelector, FieldSelector, Trail,
};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

/// Absent instead of failed when not permitted (or the trail vanished meanwhile).
fn optional<T>(trail: &str, result: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(err) if err.is_access_denied() || err.is_not_configured() => {
            tracing::debug!(trail, error = %err, "trail setting left out");
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

async fn records(ctx: &Ctx) -> Result<CloudTrailRecords, ApiError> {
    let c = cloudtrail::Client::from_conf(
        cloudtrail::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let out = ctx
        .limit
        .run(c.describe_trails().send())
        .await
        .map_err(|err| ApiError::new("cloudtrail:DescribeTrails", err))?;
    let homed: Vec<Trail> = out
        .trail_list()
        .iter()
        .filter(|t| t.home_region() == Some(ctx.region.as_str()))
        .map(|t| Trail {
            trail_arn: req(t.trail_arn()),
            name: s(t.name()),
            home_region: s(t.home_region()),
            s3_bucket_name: s(t.s3_bucket_name()),
            s3_key_prefix: s(t.s3_key_prefix()),
            sns_topic_arn: s(t.sns_topic_arn()),
            include_global_service_events: t.include_global_service_events(),
            is_multi_region_trail: t.is_multi_region_trail(),
            is_organization_trail: t.is_organization_trail(),
            log_file_validation_enabled: t.log_file_validation_enabled(),
            cloud_watch_logs_log_group_arn: s(t.cloud_watch_logs_log_group_arn()),
            cloud_watch_logs_role_arn: s(t.cloud_watch_logs_role_arn()),
            kms_key_id: s(t.kms_key_id()),
            has_custom_event_selectors: t.has_custom_event_selectors(),
            has_insight_selectors: t.has_insight_selectors(),
            ..Default::default()
        })
        .collect();
    let c = &c;
    let trail_list = try_join_all(homed.into_iter().map(|mut trail| async move {
        let selectors = ctx
            .limit
            .run(c.get_event_selectors().trail_name(&trail.trail_arn).send())
            .await
            .map_err(|err| ApiError::new("cloudtrail:GetEventSelectors", err));
        if let Some(sel) = optional(&trail.trail_arn, selectors)? {
            trail.event_selectors = sel.event_selectors().iter().map(event_selector).collect();
            trail.advanced_event_selectors = sel
                .advanced_event_selectors()
                .iter()
                .map(advanced_selector)
                .collect();
        }
        let status = ctx
            .limit
            .run(c.get_trail_status().name(&trail.trail_arn).send())
            .await
            .map_err(|err| ApiError::new("cloudtrail:GetTrailStatus", err));
        trail.is_logging = optional(&trail.trail_arn, status)?.and_then(|st| st.is_logging());
        Ok::<_, ApiError>(trail)
    }))
    .await?;
    Ok(CloudTrailRecords { trail_list })
}

fn event_selector(x: &cloudtrail::types::EventSelector) -> EventSelector {
    EventSelector {
        read_write_type: e(x.read_write_type()),
        include_management_events: x.include_management_events(),
        data_resources: x
            .data_resources()
            .iter()
            .map(|d| DataResource {
                r#type: s(d.r#type()),
                values: d.values().to_vec(),
            })
            .collect(),
        exclude_management_event_sources: x.exclude_management_event_sources().to_vec(),
    }
}

fn advanced_selector(x: &cloudtrail::types::AdvancedEventSelector) -> AdvancedEventSelector {
    AdvancedEventSelector {
        name: s(x.name()),
        field_selectors: x
            .field_selectors()
            .iter()
            .map(|f| FieldSelector {
                field: f.field().to_string(),
                equals: f.equals().to_vec(),
                starts_with: f.starts_with().to_vec(),
                ends_with: f.ends_with().to_vec(),
                not_equals: f.not_equals().to_vec(),
                not_starts_with: f.not_starts_with().to_vec(),
                not_ends_with: f.not_ends_with().to_vec(),
            })
            .collect(),
    }
}

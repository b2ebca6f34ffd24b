//! CloudWatch through the SDK: log groups and metric filters from CloudWatch Logs, metric
//! alarms from CloudWatch, each listed page by page within the task's bound.

use aws_sdk_cloudwatch as cw;
use aws_sdk_cloudwatchlogs as logs;

use super::{CloudWatchRecords, LogGroup, MetricAlarm, MetricFilter, MetricTransformation};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<CloudWatchRecords, ApiError> {
    let logs = logs::Client::from_conf(
        logs::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let cw = cw::Client::from_conf(
        cw::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let (log_groups, metric_filters, metric_alarms) = futures_util::future::try_join3(
        log_groups(ctx, &logs),
        metric_filters(ctx, &logs),
        metric_alarms(ctx, &cw),
    )
    .await?;
    Ok(CloudWatchRecords {
        log_groups,
        metric_filters,
        metric_alarms,
    })
}

async fn log_groups(ctx: &Ctx, c: &logs::Client) -> Result<Vec<LogGroup>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_log_groups().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("logs:DescribeLogGroups", err))?;
        out.extend(page.log_groups().iter().map(|g| {
            LogGroup {
                log_group_name: req(g.log_group_name()),
                // `arn` ends in `:*`; `logGroupArn` is the group's own ARN.
                log_group_arn: req(g
                    .log_group_arn()
                    .or(g.arn().map(|a| a.trim_end_matches(":*")))),
                creation_time: g.creation_time(),
                retention_in_days: g.retention_in_days().map(i64::from),
                metric_filter_count: g.metric_filter_count().map(i64::from),
                stored_bytes: g.stored_bytes(),
                kms_key_id: s(g.kms_key_id()),
                data_protection_status: e(g.data_protection_status()),
                inherited_properties: g
                    .inherited_properties()
                    .iter()
                    .map(|p| p.as_str().to_string())
                    .collect(),
                log_group_class: e(g.log_group_class()),
            }
        }));
    }
    Ok(out)
}

async fn metric_filters(ctx: &Ctx, c: &logs::Client) -> Result<Vec<MetricFilter>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_metric_filters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("logs:DescribeMetricFilters", err))?;
        out.extend(page.metric_filters().iter().map(|f| {
            MetricFilter {
                filter_name: req(f.filter_name()),
                filter_pattern: s(f.filter_pattern()),
                log_group_name: req(f.log_group_name()),
                metric_transformations: f
                    .metric_transformations()
                    .iter()
                    .map(|m| MetricTransformation {
                        metric_name: Some(m.metric_name().to_string()),
                        metric_namespace: Some(m.metric_namespace().to_string()),
                        metric_value: Some(m.metric_value().to_string()),
                    })
                    .collect(),
            }
        }));
    }
    Ok(out)
}

async fn metric_alarms(ctx: &Ctx, c: &cw::Client) -> Result<Vec<MetricAlarm>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_alarms().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("cloudwatch:DescribeAlarms", err))?;
        out.extend(page.metric_alarms().iter().map(|a| MetricAlarm {
            alarm_arn: req(a.alarm_arn()),
            alarm_name: s(a.alarm_name()),
            alarm_description: s(a.alarm_description()),
            state_value: e(a.state_value()),
            state_reason: s(a.state_reason()),
            actions_enabled: a.actions_enabled(),
            comparison_operator: e(a.comparison_operator()),
        }));
    }
    Ok(out)
}

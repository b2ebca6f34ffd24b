//! DynamoDB through the SDK: the region's table names, then each table described within the
//! task's bound.

use aws_sdk_dynamodb as dynamodb;
use aws_sdk_dynamodb::types::ProvisionedThroughputDescription;
use futures_util::future::try_join_all;

use super::{
    ArchivalSummary, BillingModeSummary, DynamoDbRecords, Index, RestoreSummary, SseDescription,
    StreamSpecification, Table, Throughput,
};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

fn throughput(t: Option<&ProvisionedThroughputDescription>) -> Throughput {
    Throughput {
        read_capacity_units: t.and_then(|t| t.read_capacity_units()),
        write_capacity_units: t.and_then(|t| t.write_capacity_units()),
    }
}

async fn records(ctx: &Ctx) -> Result<DynamoDbRecords, ApiError> {
    let c = dynamodb::Client::from_conf(
        dynamodb::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut names = Vec::new();
    let mut pages = c.list_tables().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("dynamodb:ListTables", err))?;
        names.extend(page.table_names().iter().cloned());
    }
    let c = &c;
    let tables = try_join_all(names.into_iter().map(|name| async move {
        let out = ctx
            .limit
            .run(c.describe_table().table_name(&name).send())
            .await
            .map_err(|err| ApiError::new("dynamodb:DescribeTable", err))?;
        let t = out.table();
        let table_arn = req(t.and_then(|t| t.table_arn()));
        Ok::<_, ApiError>(Table {
            table_name: s(t.and_then(|t| t.table_name())).or(Some(name)),
            table_arn: table_arn.clone(),
            table_status: e(t.and_then(|t| t.table_status())),
            creation_date_time: date(t.and_then(|t| t.creation_date_time())),
            item_count: t.and_then(|t| t.item_count()),
            table_size_bytes: t.and_then(|t| t.table_size_bytes()),
            provisioned_throughput: throughput(t.and_then(|t| t.provisioned_throughput())),
            global_secondary_indexes: t
                .map(|t| t.global_secondary_indexes())
                .unwrap_or_default()
                .iter()
                .map(|i| Index {
                    // AWS names an index `<table ARN>/index/<name>`; emulators may leave it out.
                    index_arn: i.index_arn().map_or_else(
                        || format!("{table_arn}/index/{}", req(i.index_name())),
                        str::to_string,
                    ),
                    index_name: s(i.index_name()),
                    provisioned_throughput: throughput(i.provisioned_throughput()),
                })
                .collect(),
            billing_mode_summary: t.and_then(|t| t.billing_mode_summary()).map(|b| {
                BillingModeSummary {
                    billing_mode: e(b.billing_mode()),
                    last_update_to_pay_per_request_date_time: date(
                        b.last_update_to_pay_per_request_date_time(),
                    ),
                }
            }),
            latest_stream_arn: s(t.and_then(|t| t.latest_stream_arn())),
            latest_stream_label: s(t.and_then(|t| t.latest_stream_label())),
            stream_specification: t.and_then(|t| t.stream_specification()).map(|spec| {
                StreamSpecification {
                    stream_enabled: Some(spec.stream_enabled()),
                    stream_view_type: e(spec.stream_view_type()),
                }
            }),
            sse_description: t.and_then(|t| t.sse_description()).map(|d| SseDescription {
                status: e(d.status()),
                sse_type: e(d.sse_type()),
                kms_master_key_arn: s(d.kms_master_key_arn()),
            }),
            archival_summary: t
                .and_then(|t| t.archival_summary())
                .map(|a| ArchivalSummary {
                    archival_date_time: date(a.archival_date_time()),
                    archival_reason: s(a.archival_reason()),
                    archival_backup_arn: s(a.archival_backup_arn()),
                }),
            restore_summary: t.and_then(|t| t.restore_summary()).map(|r| RestoreSummary {
                source_backup_arn: s(r.source_backup_arn()),
                source_table_arn: s(r.source_table_arn()),
                restore_date_time: date(Some(r.restore_date_time())),
                restore_in_progress: Some(r.restore_in_progress()),
            }),
        })
    }))
    .await?;
    Ok(DynamoDbRecords { tables })
}

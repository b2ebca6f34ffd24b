//! ElastiCache through the SDK: every cache cluster of the region, page by page.

use aws_sdk_elasticache as elasticache;

use super::{CacheCluster, ElasticacheRecords, NotificationConfiguration};
use crate::fetch::convert::{date, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<ElasticacheRecords, ApiError> {
    let c = elasticache::Client::from_conf(
        elasticache::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut cache_clusters = Vec::new();
    let mut pages = c.describe_cache_clusters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("elasticache:DescribeCacheClusters", err))?;
        cache_clusters.extend(page.cache_clusters().iter().map(|c| CacheCluster {
            arn: req(c.arn()),
            cache_cluster_id: s(c.cache_cluster_id()),
            cache_node_type: s(c.cache_node_type()),
            engine: s(c.engine()),
            engine_version: s(c.engine_version()),
            cache_cluster_status: s(c.cache_cluster_status()),
            num_cache_nodes: c.num_cache_nodes().map(i64::from),
            preferred_availability_zone: s(c.preferred_availability_zone()),
            preferred_maintenance_window: s(c.preferred_maintenance_window()),
            cache_cluster_create_time: date(c.cache_cluster_create_time()),
            cache_subnet_group_name: s(c.cache_subnet_group_name()),
            auto_minor_version_upgrade: c.auto_minor_version_upgrade(),
            replication_group_id: s(c.replication_group_id()),
            snapshot_retention_limit: c.snapshot_retention_limit().map(i64::from),
            snapshot_window: s(c.snapshot_window()),
            auth_token_enabled: c.auth_token_enabled(),
            transit_encryption_enabled: c.transit_encryption_enabled(),
            at_rest_encryption_enabled: c.at_rest_encryption_enabled(),
            notification_configuration: c.notification_configuration().map(|n| {
                NotificationConfiguration {
                    topic_arn: s(n.topic_arn()),
                    topic_status: s(n.topic_status()),
                }
            }),
        }));
    }
    Ok(ElasticacheRecords { cache_clusters })
}

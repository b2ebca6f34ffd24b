//! Redshift through the SDK: every provisioned cluster of the region, page by page.

use aws_sdk_redshift as redshift;

use super::{Cluster, Endpoint, IamRole, RedshiftRecords, VpcSecurityGroup};
use crate::fetch::convert::{date, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<RedshiftRecords, ApiError> {
    let c = redshift::Client::from_conf(
        redshift::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut clusters = Vec::new();
    let mut pages = c.describe_clusters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("redshift:DescribeClusters", err))?;
        clusters.extend(page.clusters().iter().map(|c| {
            Cluster {
                cluster_identifier: req(c.cluster_identifier()),
                availability_zone: s(c.availability_zone()),
                cluster_create_time: date(c.cluster_create_time()),
                cluster_revision_number: s(c.cluster_revision_number()),
                cluster_status: s(c.cluster_status()),
                db_name: s(c.db_name()),
                encrypted: c.encrypted(),
                endpoint: c.endpoint().map(|e| Endpoint {
                    address: s(e.address()),
                    port: e.port().map(i64::from),
                }),
                master_username: s(c.master_username()),
                node_type: s(c.node_type()),
                number_of_nodes: c.number_of_nodes().map(i64::from),
                publicly_accessible: c.publicly_accessible(),
                vpc_id: s(c.vpc_id()),
                vpc_security_groups: c
                    .vpc_security_groups()
                    .iter()
                    .filter_map(|g| g.vpc_security_group_id())
                    .map(|id| VpcSecurityGroup {
                        vpc_security_group_id: id.to_string(),
                    })
                    .collect(),
                iam_roles: c
                    .iam_roles()
                    .iter()
                    .filter_map(|r| r.iam_role_arn())
                    .map(|arn| IamRole {
                        iam_role_arn: arn.to_string(),
                    })
                    .collect(),
            }
        }));
    }
    Ok(RedshiftRecords {
        region: ctx.region.clone(),
        clusters,
    })
}

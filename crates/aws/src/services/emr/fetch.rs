//! EMR through the SDK: the region's clusters, each described within the task's bound. A
//! cluster the service refuses to describe is left out, as Cartography does.

use aws_sdk_emr as emr;
use futures_util::future::try_join_all;

use super::{Cluster, EmrRecords};
use crate::fetch::convert::{e, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EmrRecords, ApiError> {
    let c = emr::Client::from_conf(
        emr::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut ids = Vec::new();
    let mut pages = c.list_clusters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("emr:ListClusters", err))?;
        ids.extend(
            page.clusters()
                .iter()
                .filter_map(|c| c.id().map(str::to_string)),
        );
    }
    let c = &c;
    let clusters = try_join_all(ids.into_iter().map(|id| async move {
        match ctx
            .limit
            .run(c.describe_cluster().cluster_id(&id).send())
            .await
        {
            Ok(out) => Ok(out.cluster().map(cluster)),
            Err(err) => {
                let err = ApiError::new("emr:DescribeCluster", err);
                if err.code.is_some() {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }))
    .await?;
    Ok(EmrRecords {
        clusters: clusters.into_iter().flatten().collect(),
    })
}

fn cluster(c: &emr::types::Cluster) -> Cluster {
    Cluster {
        id: c.id().unwrap_or_default().to_string(),
        cluster_arn: s(c.cluster_arn()),
        name: s(c.name()),
        auto_terminate: c.auto_terminate(),
        auto_scaling_role: s(c.auto_scaling_role()),
        custom_ami_id: s(c.custom_ami_id()),
        instance_collection_type: e(c.instance_collection_type()),
        log_encryption_kms_key_id: s(c.log_encryption_kms_key_id()),
        log_uri: s(c.log_uri()),
        master_public_dns_name: s(c.master_public_dns_name()),
        outpost_arn: s(c.outpost_arn()),
        release_label: s(c.release_label()),
        repo_upgrade_on_boot: e(c.repo_upgrade_on_boot()),
        requested_ami_version: s(c.requested_ami_version()),
        running_ami_version: s(c.running_ami_version()),
        scale_down_behavior: e(c.scale_down_behavior()),
        security_configuration: s(c.security_configuration()),
        service_role: s(c.service_role()),
        termination_protected: c.termination_protected(),
        visible_to_all_users: c.visible_to_all_users(),
    }
}

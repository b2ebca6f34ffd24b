//! Elasticsearch Service through the SDK (the `es` API): the region's domain names, then
//! their descriptions in chunks of five (the most `DescribeElasticsearchDomains` takes).

use aws_sdk_elasticsearch as es;
use futures_util::future::try_join_all;

use super::{
    ClusterConfig, Domain, EbsOptions, EncryptionAtRest, EsRecords, LogPublishing, VpcOptions,
};
use crate::fetch::convert::{e, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EsRecords, ApiError> {
    let c = es::Client::from_conf(
        es::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let names: Vec<String> = ctx
        .limit
        .run(c.list_domain_names().send())
        .await
        .map_err(|err| ApiError::new("es:ListDomainNames", err))?
        .domain_names()
        .iter()
        .filter_map(|d| d.domain_name().map(str::to_string))
        .collect();
    let c = &c;
    let chunks = try_join_all(names.chunks(5).map(|chunk| async move {
        let out = ctx
            .limit
            .run(
                c.describe_elasticsearch_domains()
                    .set_domain_names(Some(chunk.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("es:DescribeElasticsearchDomains", err))?;
        Ok::<_, ApiError>(
            out.domain_status_list()
                .iter()
                .map(domain)
                .collect::<Vec<_>>(),
        )
    }))
    .await?;
    Ok(EsRecords {
        domain_status_list: chunks.into_iter().flatten().collect(),
    })
}

fn domain(d: &es::types::ElasticsearchDomainStatus) -> Domain {
    let c = d.elasticsearch_cluster_config();
    let ebs = d.ebs_options();
    let enc = d.encryption_at_rest_options();
    let vpc = d.vpc_options();
    Domain {
        domain_id: d.domain_id().to_string(),
        domain_name: Some(d.domain_name().to_string()),
        arn: Some(d.arn().to_string()),
        created: d.created(),
        deleted: d.deleted(),
        endpoint: s(d.endpoint()),
        elasticsearch_version: s(d.elasticsearch_version()),
        elasticsearch_cluster_config: ClusterConfig {
            instance_type: e(c.and_then(|c| c.instance_type())),
            instance_count: c.and_then(|c| c.instance_count()).map(i64::from),
            dedicated_master_enabled: c.and_then(|c| c.dedicated_master_enabled()),
            zone_awareness_enabled: c.and_then(|c| c.zone_awareness_enabled()),
            dedicated_master_type: e(c.and_then(|c| c.dedicated_master_type())),
            dedicated_master_count: c.and_then(|c| c.dedicated_master_count()).map(i64::from),
        },
        ebs_options: EbsOptions {
            ebs_enabled: ebs.and_then(|o| o.ebs_enabled()),
            volume_type: e(ebs.and_then(|o| o.volume_type())),
            volume_size: ebs.and_then(|o| o.volume_size()).map(i64::from),
            iops: ebs.and_then(|o| o.iops()).map(i64::from),
        },
        encryption_at_rest_options: EncryptionAtRest {
            enabled: enc.and_then(|o| o.enabled()),
            kms_key_id: s(enc.and_then(|o| o.kms_key_id())),
        },
        log_publishing_options: d
            .log_publishing_options()
            .into_iter()
            .flatten()
            .map(|(t, o)| {
                let option = LogPublishing {
                    enabled: o.enabled(),
                    cloud_watch_logs_log_group_arn: s(o.cloud_watch_logs_log_group_arn()),
                };
                (t.as_str().to_string(), option)
            })
            .collect(),
        vpc_options: VpcOptions {
            subnet_ids: vpc.map(|v| v.subnet_ids().to_vec()).unwrap_or_default(),
            security_group_ids: vpc
                .map(|v| v.security_group_ids().to_vec())
                .unwrap_or_default(),
        },
        access_policies: s(d.access_policies()),
    }
}

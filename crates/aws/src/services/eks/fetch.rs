//! EKS through the SDK: the region's cluster names, then each cluster described, with its
//! access entries where its authentication mode has them.

use aws_sdk_eks as eks;
use futures_util::future::try_join_all;

use super::{
    AccessConfig, AccessEntry, CertificateAuthority, Cluster, EksRecords, LogSetup, Logging,
    VpcConfig,
};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EksRecords, ApiError> {
    let c = eks::Client::from_conf(
        eks::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut names = Vec::new();
    let mut pages = c.list_clusters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("eks:ListClusters", err))?;
        names.extend(page.clusters().iter().cloned());
    }
    let c = &c;
    let clusters = try_join_all(names.into_iter().map(|name| async move {
        let out = ctx
            .limit
            .run(c.describe_cluster().name(&name).send())
            .await
            .map_err(|err| ApiError::new("eks:DescribeCluster", err))?;
        let Some(d) = out.cluster() else {
            return Ok(None);
        };
        let vpc = d.resources_vpc_config();
        Ok::<_, ApiError>(Some(Cluster {
            name: d.name().map_or(name.clone(), str::to_string),
            arn: req(d.arn()),
            created_at: date(d.created_at()),
            version: s(d.version()),
            endpoint: s(d.endpoint()),
            role_arn: s(d.role_arn()),
            resources_vpc_config: VpcConfig {
                endpoint_public_access: vpc.map(|v| v.endpoint_public_access()),
                endpoint_private_access: vpc.map(|v| v.endpoint_private_access()),
                public_access_cidrs: vpc
                    .map(|v| v.public_access_cidrs().to_vec())
                    .unwrap_or_default(),
            },
            logging: Logging {
                cluster_logging: d
                    .logging()
                    .map(|l| l.cluster_logging())
                    .unwrap_or_default()
                    .iter()
                    .map(|l| LogSetup {
                        types: l.types().iter().map(|t| t.as_str().to_string()).collect(),
                        enabled: l.enabled(),
                    })
                    .collect(),
            },
            status: e(d.status()),
            platform_version: s(d.platform_version()),
            access_config: AccessConfig {
                authentication_mode: e(d.access_config().and_then(|a| a.authentication_mode())),
            },
            certificate_authority: CertificateAuthority {
                data: s(d.certificate_authority().and_then(|a| a.data())),
            },
            access_entries: Vec::new(),
        }))
    }))
    .await?;
    let clusters = try_join_all(
        clusters
            .into_iter()
            .flatten()
            .map(|mut cluster| async move {
                cluster.access_entries = access_entries(ctx, c, &cluster).await?;
                Ok::<_, ApiError>(cluster)
            }),
    )
    .await?;
    Ok(EksRecords { clusters })
}

/// What `ListAccessEntries` refuses for a cluster in `CONFIG_MAP` mode.
const UNSUPPORTED_MODE: &str = "authentication mode must be set to one of";

/// A cluster's access entries, as Cartography reads them: none in `CONFIG_MAP` mode; an
/// entry that vanished between list and describe is skipped; once describing is denied, the
/// remaining entries keep only their principal.
async fn access_entries(
    ctx: &Ctx,
    c: &eks::Client,
    cluster: &Cluster,
) -> Result<Vec<AccessEntry>, ApiError> {
    let mode = cluster.access_config.authentication_mode.as_deref();
    if mode == Some("CONFIG_MAP") {
        return Ok(Vec::new());
    }
    let mut principals = Vec::new();
    let mut pages = c
        .list_access_entries()
        .cluster_name(&cluster.name)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        match page {
            Ok(page) => principals.extend(page.access_entries().iter().cloned()),
            Err(err) => {
                let err = ApiError::new("eks:ListAccessEntries", err);
                if err.code.as_deref() == Some("InvalidRequestException")
                    && err.message.contains(UNSUPPORTED_MODE)
                {
                    return Ok(Vec::new());
                }
                return Err(err);
            }
        }
    }
    let mut entries = Vec::new();
    let mut describe = true;
    for principal in principals {
        if describe {
            let out = ctx
                .limit
                .run(
                    c.describe_access_entry()
                        .cluster_name(&cluster.name)
                        .principal_arn(&principal)
                        .send(),
                )
                .await;
            match out {
                Ok(out) => {
                    if let Some(e) = out.access_entry() {
                        entries.push(AccessEntry {
                            principal_arn: e.principal_arn().map_or(principal, str::to_string),
                            cluster_name: s(e.cluster_name()),
                            access_entry_arn: s(e.access_entry_arn()),
                            kubernetes_groups: e.kubernetes_groups().to_vec(),
                            created_at: date(e.created_at()),
                            modified_at: date(e.modified_at()),
                            username: s(e.username()),
                            r#type: s(e.r#type()),
                        });
                    }
                    continue;
                }
                Err(err) => {
                    let err = ApiError::new("eks:DescribeAccessEntry", err);
                    match err.code.as_deref() {
                        Some("ResourceNotFoundException") => continue,
                        Some("AccessDeniedException") => describe = false,
                        _ => return Err(err),
                    }
                }
            }
        }
        entries.push(AccessEntry {
            principal_arn: principal,
            cluster_name: Some(cluster.name.clone()),
            ..Default::default()
        });
    }
    Ok(entries)
}

//! ECR through the SDK: the region's repositories, then every image of each, within the
//! task's bound.

use aws_sdk_ecr as ecr;
use futures_util::future::try_join_all;

use super::{EcrRecords, ImageDetail, Repository};
use crate::fetch::convert::{date, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EcrRecords, ApiError> {
    let c = ecr::Client::from_conf(
        ecr::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut repositories = Vec::new();
    let mut pages = c.describe_repositories().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ecr:DescribeRepositories", err))?;
        repositories.extend(page.repositories().iter().map(|r| Repository {
            repository_arn: req(r.repository_arn()),
            repository_name: req(r.repository_name()),
            repository_uri: req(r.repository_uri()),
            created_at: date(r.created_at()),
            images: Vec::new(),
        }));
    }
    let c = &c;
    let repositories = try_join_all(repositories.into_iter().map(|mut repo| async move {
        let mut pages = c
            .describe_images()
            .repository_name(&repo.repository_name)
            .into_paginator()
            .send();
        while let Some(page) = ctx.limit.run(pages.next()).await {
            let page = page.map_err(|err| ApiError::new("ecr:DescribeImages", err))?;
            repo.images
                .extend(page.image_details().iter().map(|d| ImageDetail {
                    image_digest: s(d.image_digest()),
                    image_tags: d.image_tags().to_vec(),
                    image_size_in_bytes: d.image_size_in_bytes(),
                    image_pushed_at: date(d.image_pushed_at()),
                    image_manifest_media_type: s(d.image_manifest_media_type()),
                    artifact_media_type: s(d.artifact_media_type()),
                    last_recorded_pull_time: date(d.last_recorded_pull_time()),
                }));
        }
        Ok::<_, ApiError>(repo)
    }))
    .await?;
    Ok(EcrRecords { repositories })
}

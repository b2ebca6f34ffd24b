//! ECR through the SDK: the region's repositories, then every image of each, and for each
//! manifest list the manifests it references (`BatchGetImage`), within the task's bound.

use aws_sdk_ecr as ecr;
use aws_sdk_ecr::types::ImageIdentifier;
use futures_util::future::try_join_all;

use super::{EcrRecords, ImageDetail, MANIFEST_LIST_MEDIA_TYPES, ManifestRef, Repository};
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
                    manifests: Vec::new(),
                }));
        }
        for detail in &mut repo.images {
            let list = detail
                .image_manifest_media_type
                .as_deref()
                .is_some_and(|m| MANIFEST_LIST_MEDIA_TYPES.contains(&m));
            if let (true, Some(digest)) = (list, detail.image_digest.as_deref()) {
                detail.manifests = manifests(ctx, c, &repo.repository_name, digest).await?;
            }
        }
        Ok::<_, ApiError>(repo)
    }))
    .await?;
    Ok(EcrRecords { repositories })
}

/// The manifests a manifest list references. A manifest that does not parse as a list (the
/// media type was only a hint) references nothing.
async fn manifests(
    ctx: &Ctx,
    c: &ecr::Client,
    repository: &str,
    digest: &str,
) -> Result<Vec<ManifestRef>, ApiError> {
    let id = ImageIdentifier::builder().image_digest(digest).build();
    let out = ctx
        .limit
        .run(
            c.batch_get_image()
                .repository_name(repository)
                .image_ids(id)
                .set_accepted_media_types(Some(
                    MANIFEST_LIST_MEDIA_TYPES
                        .iter()
                        .map(|m| m.to_string())
                        .collect(),
                ))
                .send(),
        )
        .await
        .map_err(|err| ApiError::new("ecr:BatchGetImage", err))?;
    #[derive(serde::Deserialize)]
    struct List {
        #[serde(default)]
        manifests: Vec<ManifestRef>,
    }
    let manifest = out.images().first().and_then(|i| i.image_manifest());
    let list = manifest.and_then(|m| serde_json::from_str::<List>(m).ok());
    Ok(list.map(|l| l.manifests).unwrap_or_default())
}

//! The Tagging API through the SDK: every page of `GetResources` in the region.

use aws_sdk_resourcegroupstagging as tagging;

use super::{Tag, TagMapping, TaggingRecords};
use crate::fetch::convert::req;
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<TaggingRecords, ApiError> {
    let c = tagging::Client::from_conf(
        tagging::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut out = TaggingRecords::default();
    let mut pages = c.get_resources().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("tag:GetResources", err))?;
        out.resource_tag_mapping_list
            .extend(page.resource_tag_mapping_list().iter().map(|m| {
                TagMapping {
                    resource_arn: req(m.resource_arn()),
                    tags: m
                        .tags()
                        .iter()
                        .map(|t| Tag {
                            key: t.key().to_string(),
                            value: t.value().to_string(),
                        })
                        .collect(),
                }
            }));
    }
    Ok(out)
}

//! SQS through the SDK: the region's queue URLs, then every attribute of each queue.

use aws_sdk_sqs as sqs;
use aws_sdk_sqs::types::QueueAttributeName;
use futures_util::future::try_join_all;

use super::{Queue, SqsRecords};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<SqsRecords, ApiError> {
    let c = sqs::Client::from_conf(
        sqs::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut urls = Vec::new();
    let mut pages = c.list_queues().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("sqs:ListQueues", err))?;
        urls.extend(page.queue_urls().iter().cloned());
    }
    let c = &c;
    let queues = try_join_all(urls.into_iter().map(|url| async move {
        let out = ctx
            .limit
            .run(
                c.get_queue_attributes()
                    .queue_url(&url)
                    .attribute_names(QueueAttributeName::All)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("sqs:GetQueueAttributes", err))?;
        let attributes = out
            .attributes()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str().to_string(), v.clone()))
            .collect();
        Ok::<_, ApiError>(Queue {
            queue_url: url,
            attributes,
        })
    }))
    .await?;
    Ok(SqsRecords { queues })
}

//! SNS through the SDK: the region's topics with their attributes, and its subscriptions.

use aws_sdk_sns as sns;
use futures_util::future::try_join_all;

use super::{SnsRecords, Subscription, Topic};
use crate::fetch::convert::{req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<SnsRecords, ApiError> {
    let c = sns::Client::from_conf(
        sns::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut arns = Vec::new();
    let mut pages = c.list_topics().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("sns:ListTopics", err))?;
        arns.extend(page.topics().iter().filter_map(|t| s(t.topic_arn())));
    }
    let c = &c;
    let topics = try_join_all(arns.into_iter().map(|arn| async move {
        let out = ctx
            .limit
            .run(c.get_topic_attributes().topic_arn(&arn).send())
            .await
            .map_err(|err| ApiError::new("sns:GetTopicAttributes", err))?;
        let attributes = out
            .attributes()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok::<_, ApiError>(Topic {
            topic_arn: arn,
            attributes,
        })
    }))
    .await?;
    let mut subscriptions = Vec::new();
    let mut pages = c.list_subscriptions().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("sns:ListSubscriptions", err))?;
        subscriptions.extend(page.subscriptions().iter().map(|sub| Subscription {
            subscription_arn: req(sub.subscription_arn()),
            topic_arn: s(sub.topic_arn()),
            endpoint: s(sub.endpoint()),
            owner: s(sub.owner()),
            protocol: s(sub.protocol()),
        }));
    }
    Ok(SnsRecords {
        topics,
        subscriptions,
    })
}

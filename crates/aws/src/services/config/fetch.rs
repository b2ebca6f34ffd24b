//! AWS Config through the SDK: the region's recorders, delivery channels and (paginated)
//! rules, the three calls side by side.

use aws_sdk_config as config;
use futures_util::future::try_join3;

use super::{
    ConfigRecords, ConfigRule, DeliveryChannel, Recorder, RecordingGroup, RuleSource, Scope,
    SnapshotDelivery, SourceDetail,
};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<ConfigRecords, ApiError> {
    let c = config::Client::from_conf(
        config::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let (recorders, channels, rules) =
        try_join3(recorders(ctx, &c), channels(ctx, &c), rules(ctx, &c)).await?;
    Ok(ConfigRecords {
        region: ctx.region.clone(),
        configuration_recorders: recorders,
        delivery_channels: channels,
        config_rules: rules,
    })
}

async fn recorders(ctx: &Ctx, c: &config::Client) -> Result<Vec<Recorder>, ApiError> {
    let out = ctx
        .limit
        .run(c.describe_configuration_recorders().send())
        .await
        .map_err(|err| ApiError::new("config:DescribeConfigurationRecorders", err))?;
    Ok(out
        .configuration_recorders()
        .iter()
        .map(|r| Recorder {
            name: req(r.name()),
            role_arn: s(r.role_arn()),
            recording_group: r.recording_group().map(|g| RecordingGroup {
                all_supported: Some(g.all_supported()),
                include_global_resource_types: Some(g.include_global_resource_types()),
                resource_types: g
                    .resource_types()
                    .iter()
                    .map(|t| t.as_str().to_string())
                    .collect(),
            }),
        })
        .collect())
}

async fn channels(ctx: &Ctx, c: &config::Client) -> Result<Vec<DeliveryChannel>, ApiError> {
    let out = ctx
        .limit
        .run(c.describe_delivery_channels().send())
        .await
        .map_err(|err| ApiError::new("config:DescribeDeliveryChannels", err))?;
    Ok(out
        .delivery_channels()
        .iter()
        .map(|d| DeliveryChannel {
            name: req(d.name()),
            s3_bucket_name: s(d.s3_bucket_name()),
            s3_key_prefix: s(d.s3_key_prefix()),
            s3_kms_key_arn: s(d.s3_kms_key_arn()),
            sns_topic_arn: s(d.sns_topic_arn()),
            config_snapshot_delivery_properties: d.config_snapshot_delivery_properties().map(|p| {
                SnapshotDelivery {
                    delivery_frequency: e(p.delivery_frequency()),
                }
            }),
        })
        .collect())
}

async fn rules(ctx: &Ctx, c: &config::Client) -> Result<Vec<ConfigRule>, ApiError> {
    let mut rules = Vec::new();
    let mut pages = c.describe_config_rules().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("config:DescribeConfigRules", err))?;
        rules.extend(page.config_rules().iter().map(rule));
    }
    Ok(rules)
}

fn rule(r: &config::types::ConfigRule) -> ConfigRule {
    ConfigRule {
        config_rule_arn: req(r.config_rule_arn()),
        config_rule_name: s(r.config_rule_name()),
        config_rule_id: s(r.config_rule_id()),
        description: s(r.description()),
        scope: r.scope().map(|sc| Scope {
            compliance_resource_types: Some(sc.compliance_resource_types().to_vec())
                .filter(|t| !t.is_empty()),
            tag_key: s(sc.tag_key()),
            tag_value: s(sc.tag_value()),
            compliance_resource_id: s(sc.compliance_resource_id()),
        }),
        source: r.source().map(|src| RuleSource {
            owner: Some(src.owner().as_str().to_string()),
            source_identifier: s(src.source_identifier()),
            source_details: src
                .source_details()
                .iter()
                .map(|d| SourceDetail {
                    event_source: e(d.event_source()),
                    message_type: e(d.message_type()),
                    maximum_execution_frequency: e(d.maximum_execution_frequency()),
                })
                .collect(),
        }),
        input_parameters: s(r.input_parameters()),
        maximum_execution_frequency: e(r.maximum_execution_frequency()),
        created_by: s(r.created_by()),
    }
}

//! Systems Manager through the SDK: parameter metadata and managed-instance information,
//! page by page within the task's bound.

use aws_sdk_ssm as ssm;
use aws_smithy_types::DateTime;

use super::{InstanceInformation, Parameter, SsmRecords};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<SsmRecords, ApiError> {
    let c = ssm::Client::from_conf(
        ssm::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let (parameters, instance_information_list) =
        futures_util::future::try_join(parameters(ctx, &c), instances(ctx, &c)).await?;
    Ok(SsmRecords {
        parameters,
        instance_information_list,
    })
}

fn secs(d: Option<&DateTime>) -> Option<i64> {
    d.map(DateTime::secs)
}

/// A parameter's ARN, built from its name where the answer leaves it out (older API
/// versions and emulators do).
fn parameter_arn(ctx: &Ctx, name: &str) -> String {
    format!(
        "arn:aws:ssm:{}:{}:parameter/{}",
        ctx.region,
        ctx.account_id,
        name.trim_start_matches('/')
    )
}

async fn parameters(ctx: &Ctx, c: &ssm::Client) -> Result<Vec<Parameter>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_parameters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ssm:DescribeParameters", err))?;
        out.extend(page.parameters().iter().map(|p| {
            let name = req(p.name());
            Parameter {
                arn: p
                    .arn()
                    .map_or_else(|| parameter_arn(ctx, &name), str::to_string),
                r#type: e(p.r#type()),
                key_id: s(p.key_id()),
                last_modified_date: secs(p.last_modified_date()),
                last_modified_user: s(p.last_modified_user()),
                description: s(p.description()),
                allowed_pattern: s(p.allowed_pattern()),
                version: Some(p.version()),
                tier: e(p.tier()),
                policies: p
                    .policies()
                    .iter()
                    .map(|policy| {
                        serde_json::json!({
                            "PolicyText": policy.policy_text(),
                            "PolicyType": policy.policy_type(),
                            "PolicyStatus": policy.policy_status(),
                        })
                    })
                    .collect(),
                data_type: s(p.data_type()),
                name,
            }
        }));
    }
    Ok(out)
}

async fn instances(ctx: &Ctx, c: &ssm::Client) -> Result<Vec<InstanceInformation>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_instance_information().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ssm:DescribeInstanceInformation", err))?;
        out.extend(
            page.instance_information_list()
                .iter()
                .map(|i| InstanceInformation {
                    instance_id: req(i.instance_id()),
                    ping_status: e(i.ping_status()),
                    last_ping_date_time: secs(i.last_ping_date_time()),
                    agent_version: s(i.agent_version()),
                    is_latest_version: i.is_latest_version(),
                    platform_type: e(i.platform_type()),
                    platform_name: s(i.platform_name()),
                    platform_version: s(i.platform_version()),
                    activation_id: s(i.activation_id()),
                    iam_role: s(i.iam_role()),
                    registration_date: secs(i.registration_date()),
                    resource_type: e(i.resource_type()),
                    name: s(i.name()),
                    ip_address: s(i.ip_address()),
                    computer_name: s(i.computer_name()),
                    association_status: s(i.association_status()),
                    last_association_execution_date: secs(i.last_association_execution_date()),
                    last_successful_association_execution_date: secs(
                        i.last_successful_association_execution_date(),
                    ),
                    source_id: s(i.source_id()),
                    source_type: e(i.source_type()),
                }),
        );
    }
    Ok(out)
}

//! Lambda through the SDK: the region's functions, then each function's policy, aliases,
//! event source mappings and (container images only) code location, within the task's bound.

use aws_sdk_lambda as lambda;
use aws_sdk_lambda::types::FunctionConfiguration;
use futures_util::future::try_join_all;

use super::{Alias, Code, EventSourceMapping, Function, LambdaRecords, Layer, TracingConfig};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<LambdaRecords, ApiError> {
    let c = lambda::Client::from_conf(
        lambda::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut configs = Vec::new();
    let mut pages = c.list_functions().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("lambda:ListFunctions", err))?;
        configs.extend(page.functions().iter().cloned());
    }
    let c = &c;
    let functions = try_join_all(configs.iter().map(|f| function(ctx, c, f))).await?;
    Ok(LambdaRecords { functions })
}

async fn function(
    ctx: &Ctx,
    c: &lambda::Client,
    f: &FunctionConfiguration,
) -> Result<Function, ApiError> {
    let name = req(f.function_name());
    let arn = req(f.function_arn());
    let policy = match ctx
        .limit
        .run(c.get_policy().function_name(&name).send())
        .await
    {
        Ok(out) => s(out.policy()),
        Err(err) => {
            let err = ApiError::new("lambda:GetPolicy", err);
            if err.code.as_deref() != Some("ResourceNotFoundException") {
                return Err(err);
            }
            None
        }
    };
    let is_image = f.package_type().is_some_and(|p| p.as_str() == "Image");
    let code = if is_image {
        let out = ctx
            .limit
            .run(c.get_function().function_name(&name).send())
            .await
            .map_err(|err| ApiError::new("lambda:GetFunction", err))?;
        out.code().map(|code| Code {
            image_uri: s(code.image_uri()),
            resolved_image_uri: s(code.resolved_image_uri()),
        })
    } else {
        None
    };
    let mut aliases = Vec::new();
    let mut pages = c
        .list_aliases()
        .function_name(&name)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("lambda:ListAliases", err))?;
        aliases.extend(page.aliases().iter().map(|a| Alias {
            alias_arn: req(a.alias_arn()),
            name: s(a.name()),
            function_version: s(a.function_version()),
            description: s(a.description()),
            revision_id: s(a.revision_id()),
        }));
    }
    let mut event_source_mappings = Vec::new();
    let mut pages = c
        .list_event_source_mappings()
        .function_name(&name)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("lambda:ListEventSourceMappings", err))?;
        event_source_mappings.extend(page.event_source_mappings().iter().map(|m| {
            EventSourceMapping {
                uuid: req(m.uuid()),
                batch_size: m.batch_size().map(i64::from),
                starting_position: e(m.starting_position()),
                starting_position_timestamp: date(m.starting_position_timestamp()),
                parallelization_factor: m.parallelization_factor().map(i64::from),
                maximum_batching_window_in_seconds: m
                    .maximum_batching_window_in_seconds()
                    .map(i64::from),
                event_source_arn: s(m.event_source_arn()),
                function_arn: s(m.function_arn()),
                last_modified: date(m.last_modified()),
                last_processing_result: s(m.last_processing_result()),
                state: s(m.state()),
                maximum_record_age_in_seconds: m.maximum_record_age_in_seconds().map(i64::from),
                bisect_batch_on_function_error: m.bisect_batch_on_function_error(),
                maximum_retry_attempts: m.maximum_retry_attempts().map(i64::from),
                tumbling_window_in_seconds: m.tumbling_window_in_seconds().map(i64::from),
            }
        }));
    }
    Ok(Function {
        function_name: name,
        function_arn: arn,
        runtime: e(f.runtime()),
        role: s(f.role()),
        handler: s(f.handler()),
        code_size: Some(f.code_size()),
        description: s(f.description()),
        timeout: f.timeout().map(i64::from),
        memory_size: f.memory_size().map(i64::from),
        last_modified: s(f.last_modified()),
        code_sha256: s(f.code_sha256()),
        version: s(f.version()),
        tracing_config: f
            .tracing_config()
            .map(|t| TracingConfig { mode: e(t.mode()) }),
        revision_id: s(f.revision_id()),
        state: e(f.state()),
        state_reason: s(f.state_reason()),
        state_reason_code: e(f.state_reason_code()),
        last_update_status: e(f.last_update_status()),
        last_update_status_reason: s(f.last_update_status_reason()),
        last_update_status_reason_code: e(f.last_update_status_reason_code()),
        package_type: e(f.package_type()),
        signing_profile_version_arn: s(f.signing_profile_version_arn()),
        signing_job_arn: s(f.signing_job_arn()),
        architectures: f
            .architectures()
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        master_arn: s(f.master_arn()),
        kms_key_arn: s(f.kms_key_arn()),
        layers: f
            .layers()
            .iter()
            .map(|l| Layer {
                arn: req(l.arn()),
                code_size: Some(l.code_size()),
                signing_profile_version_arn: s(l.signing_profile_version_arn()),
                signing_job_arn: s(l.signing_job_arn()),
            })
            .collect(),
        policy,
        code,
        aliases,
        event_source_mappings,
    })
}

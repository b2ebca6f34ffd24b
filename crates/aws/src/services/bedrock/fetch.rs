//! Bedrock through the SDK (`bedrock` for models and guardrails, `bedrock-agent` for
//! knowledge bases and agents). Each part the caller may not read is left empty, as
//! Cartography does; custom models exist only in the regions that offer customisation.

use aws_sdk_bedrock as bedrock;
use aws_sdk_bedrockagent as agent;
use futures_util::future::try_join_all;

use super::{
    Agent, BedrockRecords, CustomModel, DataSource, DataSourceConfiguration, FoundationModel,
    Guardrail, GuardrailConfiguration, KnowledgeBase, KnowledgeBaseConfiguration, Lifecycle,
    S3Configuration, S3Uri, Typed, VectorConfiguration,
};
use crate::fetch::convert::{date, e, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed, unless_denied};

/// Where Bedrock model customisation is offered (Cartography reads custom models only there).
const CUSTOM_MODEL_REGIONS: &[&str] = &["us-east-1", "us-west-2"];

/// Agents are read at their working draft, as Cartography does.
const DRAFT: &str = "DRAFT";

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<BedrockRecords, ApiError> {
    let b = bedrock::Client::from_conf(
        bedrock::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let a = agent::Client::from_conf(
        agent::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let custom_models = if CUSTOM_MODEL_REGIONS.contains(&ctx.region.as_str()) {
        unless_denied("custom models", custom_models(ctx, &b)).await?
    } else {
        Vec::new()
    };
    Ok(BedrockRecords {
        foundation_models: unless_denied("foundation models", foundation_models(ctx, &b)).await?,
        custom_models,
        guardrails: unless_denied("guardrails", guardrails(ctx, &b)).await?,
        knowledge_bases: unless_denied("knowledge bases", knowledge_bases(ctx, &a)).await?,
        agents: unless_denied("agents", agents(ctx, &a)).await?,
    })
}

async fn foundation_models(
    ctx: &Ctx,
    c: &bedrock::Client,
) -> Result<Vec<FoundationModel>, ApiError> {
    let out = ctx
        .limit
        .run(c.list_foundation_models().send())
        .await
        .map_err(|err| ApiError::new("bedrock:ListFoundationModels", err))?;
    Ok(out
        .model_summaries()
        .iter()
        .map(|m| FoundationModel {
            model_arn: m.model_arn().to_string(),
            model_id: Some(m.model_id().to_string()),
            model_name: s(m.model_name()),
            provider_name: s(m.provider_name()),
            input_modalities: names(m.input_modalities()),
            output_modalities: names(m.output_modalities()),
            response_streaming_supported: m.response_streaming_supported(),
            customizations_supported: names(m.customizations_supported()),
            inference_types_supported: names(m.inference_types_supported()),
            model_lifecycle: m.model_lifecycle().map(|l| Lifecycle {
                status: e(Some(l.status())),
            }),
        })
        .collect())
}

/// SDK enums by their wire names.
fn names<T: AsRef<str>>(v: &[T]) -> Vec<String> {
    v.iter().map(|x| x.as_ref().to_string()).collect()
}

async fn custom_models(ctx: &Ctx, c: &bedrock::Client) -> Result<Vec<CustomModel>, ApiError> {
    let mut summaries = Vec::new();
    let mut pages = c.list_custom_models().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("bedrock:ListCustomModels", err))?;
        summaries.extend(page.model_summaries().iter().cloned());
    }
    try_join_all(summaries.iter().map(|summary| async move {
        let m = ctx
            .limit
            .run(
                c.get_custom_model()
                    .model_identifier(summary.model_arn())
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("bedrock:GetCustomModel", err))?;
        Ok(CustomModel {
            model_arn: m.model_arn().to_string(),
            model_name: Some(m.model_name().to_string()),
            job_arn: s(m.job_arn()),
            job_name: s(m.job_name()),
            base_model_arn: s(m.base_model_arn()),
            base_model_name: Some(summary.base_model_name().to_string()),
            customization_type: e(m.customization_type()),
            model_status: e(m.model_status()),
            creation_time: date(Some(m.creation_time())),
            training_data_config: m.training_data_config().map(|t| S3Uri {
                s3_uri: s(t.s3_uri()),
            }),
            output_data_config: m.output_data_config().map(|o| S3Uri {
                s3_uri: Some(o.s3_uri().to_string()),
            }),
        })
    }))
    .await
}

async fn guardrails(ctx: &Ctx, c: &bedrock::Client) -> Result<Vec<Guardrail>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.list_guardrails().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("bedrock:ListGuardrails", err))?;
        out.extend(page.guardrails().iter().map(|g| Guardrail {
            id: g.id().to_string(),
            arn: g.arn().to_string(),
            name: Some(g.name().to_string()),
            description: s(g.description()),
            version: Some(g.version().to_string()),
            status: e(Some(g.status())),
            created_at: date(Some(g.created_at())),
            updated_at: date(Some(g.updated_at())),
        }));
    }
    Ok(out)
}

async fn knowledge_bases(ctx: &Ctx, c: &agent::Client) -> Result<Vec<KnowledgeBase>, ApiError> {
    let mut ids = Vec::new();
    let mut pages = c.list_knowledge_bases().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("bedrock-agent:ListKnowledgeBases", err))?;
        ids.extend(
            page.knowledge_base_summaries()
                .iter()
                .map(|k| k.knowledge_base_id().to_string()),
        );
    }
    try_join_all(ids.iter().map(|id| async move {
        let out = ctx
            .limit
            .run(c.get_knowledge_base().knowledge_base_id(id).send())
            .await
            .map_err(|err| ApiError::new("bedrock-agent:GetKnowledgeBase", err))?;
        let data_sources = data_sources(ctx, c, id).await?;
        Ok(out.knowledge_base().map(|k| KnowledgeBase {
            knowledge_base_id: k.knowledge_base_id().to_string(),
            knowledge_base_arn: k.knowledge_base_arn().to_string(),
            name: Some(k.name().to_string()),
            description: s(k.description()),
            role_arn: Some(k.role_arn().to_string()),
            knowledge_base_configuration: k.knowledge_base_configuration().map(|c| {
                KnowledgeBaseConfiguration {
                    r#type: e(Some(c.r#type())),
                    vector_knowledge_base_configuration: c
                        .vector_knowledge_base_configuration()
                        .map(|v| VectorConfiguration {
                            embedding_model_arn: Some(v.embedding_model_arn().to_string()),
                        }),
                }
            }),
            storage_configuration: k.storage_configuration().map(|s| Typed {
                r#type: e(Some(s.r#type())),
            }),
            status: e(Some(k.status())),
            created_at: date(Some(k.created_at())),
            updated_at: date(Some(k.updated_at())),
            data_sources,
        }))
    }))
    .await
    .map(|kbs| kbs.into_iter().flatten().collect())
}

async fn data_sources(
    ctx: &Ctx,
    c: &agent::Client,
    knowledge_base: &str,
) -> Result<Vec<DataSource>, ApiError> {
    let mut ids = Vec::new();
    let mut pages = c
        .list_data_sources()
        .knowledge_base_id(knowledge_base)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("bedrock-agent:ListDataSources", err))?;
        ids.extend(
            page.data_source_summaries()
                .iter()
                .map(|d| d.data_source_id().to_string()),
        );
    }
    try_join_all(ids.iter().map(|id| async move {
        let out = ctx
            .limit
            .run(
                c.get_data_source()
                    .knowledge_base_id(knowledge_base)
                    .data_source_id(id)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("bedrock-agent:GetDataSource", err))?;
        let config = out
            .data_source()
            .and_then(|d| d.data_source_configuration());
        Ok(DataSource {
            data_source_id: id.clone(),
            data_source_configuration: config.map(|c| DataSourceConfiguration {
                r#type: e(Some(c.r#type())),
                s3_configuration: c.s3_configuration().map(|s3| S3Configuration {
                    bucket_arn: Some(s3.bucket_arn().to_string()),
                }),
            }),
        })
    }))
    .await
}

async fn agents(ctx: &Ctx, c: &agent::Client) -> Result<Vec<Agent>, ApiError> {
    let mut ids = Vec::new();
    let mut pages = c.list_agents().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("bedrock-agent:ListAgents", err))?;
        ids.extend(
            page.agent_summaries()
                .iter()
                .map(|a| a.agent_id().to_string()),
        );
    }
    try_join_all(ids.iter().map(|id| async move {
        let out = ctx
            .limit
            .run(c.get_agent().agent_id(id).send())
            .await
            .map_err(|err| ApiError::new("bedrock-agent:GetAgent", err))?;
        let Some(a) = out.agent() else {
            return Ok(None);
        };
        Ok(Some(Agent {
            agent_id: a.agent_id().to_string(),
            agent_arn: a.agent_arn().to_string(),
            agent_name: Some(a.agent_name().to_string()),
            agent_status: e(Some(a.agent_status())),
            description: s(a.description()),
            instruction: s(a.instruction()),
            foundation_model: s(a.foundation_model()),
            agent_resource_role_arn: Some(a.agent_resource_role_arn().to_string()),
            idle_session_ttl_in_seconds: Some(i64::from(a.idle_session_ttl_in_seconds())),
            created_at: date(Some(a.created_at())),
            updated_at: date(Some(a.updated_at())),
            prepared_at: date(a.prepared_at()),
            guardrail_configuration: a.guardrail_configuration().map(|g| GuardrailConfiguration {
                guardrail_identifier: s(g.guardrail_identifier()),
            }),
            knowledge_base_ids: agent_knowledge_bases(ctx, c, id).await?,
            action_group_lambdas: action_group_lambdas(ctx, c, id).await?,
        }))
    }))
    .await
    .map(|agents| agents.into_iter().flatten().collect())
}

async fn agent_knowledge_bases(
    ctx: &Ctx,
    c: &agent::Client,
    agent_id: &str,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    let mut pages = c
        .list_agent_knowledge_bases()
        .agent_id(agent_id)
        .agent_version(DRAFT)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page =
            page.map_err(|err| ApiError::new("bedrock-agent:ListAgentKnowledgeBases", err))?;
        ids.extend(
            page.agent_knowledge_base_summaries()
                .iter()
                .map(|k| k.knowledge_base_id().to_string()),
        );
    }
    Ok(ids)
}

/// The Lambda functions that execute the agent's action groups.
async fn action_group_lambdas(
    ctx: &Ctx,
    c: &agent::Client,
    agent_id: &str,
) -> Result<Vec<String>, ApiError> {
    let mut groups = Vec::new();
    let mut pages = c
        .list_agent_action_groups()
        .agent_id(agent_id)
        .agent_version(DRAFT)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("bedrock-agent:ListAgentActionGroups", err))?;
        groups.extend(
            page.action_group_summaries()
                .iter()
                .map(|g| g.action_group_id().to_string()),
        );
    }
    let lambdas = try_join_all(groups.iter().map(|group| async move {
        let out = ctx
            .limit
            .run(
                c.get_agent_action_group()
                    .agent_id(agent_id)
                    .agent_version(DRAFT)
                    .action_group_id(group)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("bedrock-agent:GetAgentActionGroup", err))?;
        Ok::<_, ApiError>(
            out.agent_action_group()
                .and_then(|g| g.action_group_executor())
                .and_then(|x| x.as_lambda().ok())
                .cloned(),
        )
    }))
    .await?;
    Ok(lambdas.into_iter().flatten().collect())
}

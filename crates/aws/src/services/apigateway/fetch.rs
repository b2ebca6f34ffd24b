//! API Gateway v1 through the SDK: the region's REST APIs, then each API's stages,
//! deployments, resources (methods and integrations embedded) and its stages' client
//! certificates, the APIs side by side within the task's bound.

use std::collections::BTreeMap;

use aws_sdk_apigateway as apigw;
use futures_util::future::try_join_all;

use super::{
    ApiGatewayRecords, ClientCertificate, Deployment, EndpointConfiguration, Integration, Method,
    Resource, RestApi, Stage,
};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<ApiGatewayRecords, ApiError> {
    let c = apigw::Client::from_conf(
        apigw::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut apis = Vec::new();
    let mut pages = c.get_rest_apis().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("apigateway:GetRestApis", err))?;
        apis.extend(page.items().iter().map(rest_api));
    }
    let c = &c;
    let rest_apis = try_join_all(apis.into_iter().map(|api| details(ctx, c, api))).await?;
    Ok(ApiGatewayRecords { rest_apis })
}

fn rest_api(a: &apigw::types::RestApi) -> RestApi {
    RestApi {
        id: req(a.id()),
        name: s(a.name()),
        created_date: date(a.created_date()),
        version: s(a.version()),
        minimum_compression_size: a.minimum_compression_size().map(i64::from),
        disable_execute_api_endpoint: Some(a.disable_execute_api_endpoint()),
        endpoint_configuration: a.endpoint_configuration().map(|c| EndpointConfiguration {
            types: c.types().iter().map(|t| t.as_str().to_string()).collect(),
        }),
        policy: s(a.policy()),
        ..Default::default()
    }
}

async fn details(ctx: &Ctx, c: &apigw::Client, mut api: RestApi) -> Result<RestApi, ApiError> {
    let id = api.id.as_str();
    let out = ctx
        .limit
        .run(c.get_stages().rest_api_id(id).send())
        .await
        .map_err(|err| ApiError::new("apigateway:GetStages", err))?;
    let stages: Vec<Stage> = out.item().iter().map(stage).collect();

    let mut deployments = Vec::new();
    let mut pages = c.get_deployments().rest_api_id(id).into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("apigateway:GetDeployments", err))?;
        deployments.extend(page.items().iter().map(|d| Deployment {
            id: req(d.id()),
            description: s(d.description()),
            created_date: date(d.created_date()),
        }));
    }

    let mut resources = Vec::new();
    let mut pages = c
        .get_resources()
        .rest_api_id(id)
        .embed("methods")
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("apigateway:GetResources", err))?;
        resources.extend(page.items().iter().map(resource));
    }

    let client_certificates = try_join_all(
        stages
            .iter()
            .filter_map(|st| Some((st.client_certificate_id.as_deref()?, &st.stage_name)))
            .map(|(cert, stage)| certificate(ctx, c, cert, stage)),
    )
    .await?;

    api.stages = stages;
    api.deployments = deployments;
    api.resources = resources;
    api.client_certificates = client_certificates.into_iter().flatten().collect();
    Ok(api)
}

fn stage(st: &apigw::types::Stage) -> Stage {
    Stage {
        stage_name: req(st.stage_name()),
        created_date: date(st.created_date()),
        deployment_id: s(st.deployment_id()),
        client_certificate_id: s(st.client_certificate_id()),
        cache_cluster_enabled: Some(st.cache_cluster_enabled()),
        cache_cluster_status: e(st.cache_cluster_status()),
        tracing_enabled: Some(st.tracing_enabled()),
        web_acl_arn: s(st.web_acl_arn()),
    }
}

fn resource(r: &apigw::types::Resource) -> Resource {
    let methods = r.resource_methods().into_iter().flatten();
    Resource {
        id: req(r.id()),
        parent_id: s(r.parent_id()),
        path_part: s(r.path_part()),
        path: s(r.path()),
        resource_methods: methods
            .map(|(verb, m)| (verb.clone(), method(m)))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn method(m: &apigw::types::Method) -> Method {
    Method {
        authorization_type: s(m.authorization_type()),
        authorizer_id: s(m.authorizer_id()),
        request_validator_id: s(m.request_validator_id()),
        operation_name: s(m.operation_name()),
        api_key_required: m.api_key_required(),
        method_integration: m.method_integration().map(|i| Integration {
            r#type: e(i.r#type()),
            http_method: s(i.http_method()),
            uri: s(i.uri()),
            connection_type: e(i.connection_type()),
            connection_id: s(i.connection_id()),
            credentials: s(i.credentials()),
        }),
    }
}

/// The certificate a stage names; `None` when it is gone (`NotFoundException`).
async fn certificate(
    ctx: &Ctx,
    c: &apigw::Client,
    id: &str,
    stage: &str,
) -> Result<Option<ClientCertificate>, ApiError> {
    let out = ctx
        .limit
        .run(c.get_client_certificate().client_certificate_id(id).send())
        .await;
    match out {
        Ok(out) => Ok(Some(ClientCertificate {
            client_certificate_id: out.client_certificate_id().unwrap_or(id).to_string(),
            created_date: date(out.created_date()),
            expiration_date: date(out.expiration_date()),
            stage_name: stage.to_string(),
        })),
        Err(err) => {
            let err = ApiError::new("apigateway:GetClientCertificate", err);
            if err.code.as_deref() == Some("NotFoundException") {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

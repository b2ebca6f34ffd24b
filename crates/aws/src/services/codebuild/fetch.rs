//! CodeBuild through the SDK: every project name of the region, then the projects themselves
//! in batches of a hundred (the API's maximum), within the task's bound.

use aws_sdk_codebuild as codebuild;
use futures_util::future::try_join_all;

use super::{CodeBuildRecords, Environment, EnvironmentVariable, Project, ProjectSource};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

/// `BatchGetProjects` takes at most this many names.
const BATCH: usize = 100;

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<CodeBuildRecords, ApiError> {
    let c = codebuild::Client::from_conf(
        codebuild::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut names = Vec::new();
    let mut pages = c.list_projects().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("codebuild:ListProjects", err))?;
        names.extend(page.projects().iter().cloned());
    }
    let c = &c;
    let batches = try_join_all(names.chunks(BATCH).map(|batch| async move {
        let out = ctx
            .limit
            .run(
                c.batch_get_projects()
                    .set_names(Some(batch.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("codebuild:BatchGetProjects", err))?;
        Ok::<_, ApiError>(out.projects().iter().map(project).collect::<Vec<_>>())
    }))
    .await?;
    Ok(CodeBuildRecords {
        projects: batches.into_iter().flatten().collect(),
    })
}

fn project(p: &codebuild::types::Project) -> Project {
    Project {
        arn: req(p.arn()),
        name: s(p.name()),
        created: date(p.created()),
        source: ProjectSource {
            r#type: e(p.source().map(|s| s.r#type())),
            location: s(p.source().and_then(|s| s.location())),
        },
        environment: Environment {
            environment_variables: p
                .environment()
                .map(|env| env.environment_variables())
                .unwrap_or_default()
                .iter()
                .map(|v| EnvironmentVariable {
                    name: v.name().to_string(),
                    value: Some(v.value().to_string()),
                    r#type: e(v.r#type()),
                })
                .collect(),
        },
    }
}

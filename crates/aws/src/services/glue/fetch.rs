//! Glue through the SDK: every connection and every job of the region.

use aws_sdk_glue as glue;

use super::{AuthenticationConfiguration, Connection, ConnectionsList, GlueRecords, Job};
use crate::fetch::convert::{e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<GlueRecords, ApiError> {
    let c = glue::Client::from_conf(
        glue::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut records = GlueRecords::default();
    let mut pages = c.get_connections().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("glue:GetConnections", err))?;
        records
            .connection_list
            .extend(page.connection_list().iter().map(|c| Connection {
                name: req(c.name()),
                description: s(c.description()),
                connection_type: e(c.connection_type()),
                status: e(c.status()),
                status_reason: s(c.status_reason()),
                authentication_configuration: c.authentication_configuration().map(|a| {
                    AuthenticationConfiguration {
                        authentication_type: e(a.authentication_type()),
                        secret_arn: s(a.secret_arn()),
                    }
                }),
            }));
    }
    let mut pages = c.get_jobs().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("glue:GetJobs", err))?;
        records.jobs.extend(page.jobs().iter().map(|j| Job {
            name: req(j.name()),
            description: s(j.description()),
            profile_name: s(j.profile_name()),
            job_mode: e(j.job_mode()),
            connections: j.connections().map(|c| ConnectionsList {
                connections: c.connections().to_vec(),
            }),
        }));
    }
    Ok(records)
}

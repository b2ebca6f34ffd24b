//! SES through the SDK (SESv2): every email identity of the region, detailed one by one
//! within the task's bound. An identity deleted between the two calls is left out.

use aws_sdk_sesv2 as sesv2;
use futures_util::future::try_join_all;

use super::{DkimAttributes, EmailIdentity, SesRecords, identity_arn};
use crate::fetch::convert::{e, req};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<SesRecords, ApiError> {
    let c = sesv2::Client::from_conf(
        sesv2::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut listed = Vec::new();
    let mut pages = c.list_email_identities().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("sesv2:ListEmailIdentities", err))?;
        listed.extend(page.email_identities().iter().cloned());
    }
    let c = &c;
    let identities = try_join_all(listed.into_iter().map(|info| async move {
        let name = req(info.identity_name());
        let got = ctx
            .limit
            .run(c.get_email_identity().email_identity(&name).send())
            .await
            .map_err(|err| ApiError::new("sesv2:GetEmailIdentity", err));
        let detail = match got {
            Ok(detail) => detail,
            Err(err) if err.code.as_deref() == Some("NotFoundException") => return Ok(None),
            Err(err) => return Err(err),
        };
        let dkim = detail.dkim_attributes();
        Ok::<_, ApiError>(Some(EmailIdentity {
            arn: identity_arn(&ctx.region, &ctx.account_id, &name),
            identity_type: e(info.identity_type()),
            sending_enabled: info.sending_enabled(),
            verification_status: e(detail.verification_status()),
            dkim_attributes: DkimAttributes {
                signing_enabled: dkim.is_some_and(|d| d.signing_enabled()),
                status: e(dkim.and_then(|d| d.status())),
            },
            identity_name: name,
        }))
    }))
    .await?;
    Ok(SesRecords {
        email_identities: identities.into_iter().flatten().collect(),
    })
}

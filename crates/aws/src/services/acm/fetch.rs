//! ACM through the SDK: every certificate of the region, described one by one within the
//! task's bound.

use aws_sdk_acm as acm;
use futures_util::future::try_join_all;

use super::{AcmRecords, Certificate};
use crate::fetch::convert::{date, e, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<AcmRecords, ApiError> {
    let c = acm::Client::from_conf(
        acm::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut arns = Vec::new();
    let mut pages = c.list_certificates().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("acm:ListCertificates", err))?;
        arns.extend(
            page.certificate_summary_list()
                .iter()
                .filter_map(|c| c.certificate_arn().map(str::to_string)),
        );
    }
    let c = &c;
    let certificates = try_join_all(arns.into_iter().map(|arn| async move {
        let out = ctx
            .limit
            .run(c.describe_certificate().certificate_arn(&arn).send())
            .await
            .map_err(|err| ApiError::new("acm:DescribeCertificate", err))?;
        let d = out.certificate();
        Ok::<_, ApiError>(Certificate {
            certificate_arn: d
                .and_then(|d| d.certificate_arn())
                .map_or(arn.clone(), str::to_string),
            domain_name: s(d.and_then(|d| d.domain_name())),
            r#type: e(d.and_then(|d| d.r#type())),
            status: e(d.and_then(|d| d.status())),
            key_algorithm: e(d.and_then(|d| d.key_algorithm())),
            signature_algorithm: s(d.and_then(|d| d.signature_algorithm())),
            not_before: date(d.and_then(|d| d.not_before())),
            not_after: date(d.and_then(|d| d.not_after())),
            in_use_by: d.map(|d| d.in_use_by().to_vec()).unwrap_or_default(),
        })
    }))
    .await?;
    Ok(AcmRecords { certificates })
}

//! CloudFront through the SDK: every distribution of the account (`ListDistributions`).

use aws_sdk_cloudfront as cloudfront;
use cloudfront::types::{CacheBehavior as SdkBehavior, DefaultCacheBehavior};

use super::{
    CacheBehavior, CloudFrontRecords, Distribution, GeoRestriction, Items, LambdaAssociation,
    Origin, Restrictions, ViewerCertificate,
};
use crate::fetch::convert::{date, e, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<CloudFrontRecords, ApiError> {
    let c = cloudfront::Client::from_conf(
        cloudfront::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut distributions = Vec::new();
    let mut pages = c.list_distributions().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("cloudfront:ListDistributions", err))?;
        let list = page.distribution_list();
        distributions.extend(
            list.map(|l| l.items())
                .unwrap_or_default()
                .iter()
                .map(distribution),
        );
    }
    Ok(CloudFrontRecords { distributions })
}

fn distribution(d: &cloudfront::types::DistributionSummary) -> Distribution {
    let cert = d.viewer_certificate();
    let geo = d.restrictions().and_then(|r| r.geo_restriction());
    Distribution {
        id: d.id().to_string(),
        arn: d.arn().to_string(),
        e_tag: s(d.e_tag()),
        domain_name: Some(d.domain_name().to_string()),
        comment: Some(d.comment().to_string()),
        status: Some(d.status().to_string()),
        enabled: Some(d.enabled()),
        price_class: Some(d.price_class().as_str().to_string()),
        http_version: Some(d.http_version().as_str().to_string()),
        is_ipv6_enabled: Some(d.is_ipv6_enabled()),
        staging: Some(d.staging()),
        last_modified_time: date(Some(d.last_modified_time())),
        web_acl_id: Some(d.web_acl_id().to_string()),
        aliases: Items {
            items: d.aliases().map(|a| a.items().to_vec()).unwrap_or_default(),
        },
        origins: Items {
            items: d
                .origins()
                .map(|o| o.items())
                .unwrap_or_default()
                .iter()
                .map(|o| Origin {
                    id: Some(o.id().to_string()),
                    domain_name: o.domain_name().to_string(),
                })
                .collect(),
        },
        default_cache_behavior: d
            .default_cache_behavior()
            .map(default_behavior)
            .unwrap_or_default(),
        cache_behaviors: Items {
            items: d
                .cache_behaviors()
                .map(|b| b.items())
                .unwrap_or_default()
                .iter()
                .map(behavior)
                .collect(),
        },
        viewer_certificate: ViewerCertificate {
            acm_certificate_arn: s(cert.and_then(|c| c.acm_certificate_arn())),
            cloudfront_default_certificate: cert.and_then(|c| c.cloud_front_default_certificate()),
            minimum_protocol_version: e(cert.and_then(|c| c.minimum_protocol_version())),
            ssl_support_method: e(cert.and_then(|c| c.ssl_support_method())),
            iam_certificate_id: s(cert.and_then(|c| c.iam_certificate_id())),
        },
        restrictions: Restrictions {
            geo_restriction: GeoRestriction {
                restriction_type: geo.map(|g| g.restriction_type().as_str().to_string()),
                items: geo.map(|g| g.items().to_vec()).unwrap_or_default(),
            },
        },
    }
}

fn lambdas(a: Option<&cloudfront::types::LambdaFunctionAssociations>) -> Items<LambdaAssociation> {
    Items {
        items: a
            .map(|a| a.items())
            .unwrap_or_default()
            .iter()
            .map(|l| LambdaAssociation {
                lambda_function_arn: l.lambda_function_arn().to_string(),
                event_type: Some(l.event_type().as_str().to_string()),
            })
            .collect(),
    }
}

fn default_behavior(b: &DefaultCacheBehavior) -> CacheBehavior {
    CacheBehavior {
        viewer_protocol_policy: Some(b.viewer_protocol_policy().as_str().to_string()),
        lambda_function_associations: lambdas(b.lambda_function_associations()),
    }
}

fn behavior(b: &SdkBehavior) -> CacheBehavior {
    CacheBehavior {
        viewer_protocol_policy: Some(b.viewer_protocol_policy().as_str().to_string()),
        lambda_function_associations: lambdas(b.lambda_function_associations()),
    }
}

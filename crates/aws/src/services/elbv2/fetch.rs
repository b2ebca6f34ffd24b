//! ELBv2 through the SDK: the region's load balancers, then for each (concurrently, within
//! the task's bound) its listeners and target groups, and each group's targets.

use aws_sdk_elasticloadbalancingv2 as elbv2;
use futures_util::future::try_join_all;

use super::{
    Action, AvailabilityZone, Elbv2Records, Listener, LoadBalancer, MutualAuthentication, Target,
    TargetGroup,
};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<Elbv2Records, ApiError> {
    let c = elbv2::Client::from_conf(
        elbv2::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut lbs = Vec::new();
    let mut pages = c.describe_load_balancers().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("elbv2:DescribeLoadBalancers", err))?;
        lbs.extend(page.load_balancers().iter().map(load_balancer));
    }
    let c = &c;
    let load_balancers = try_join_all(lbs.into_iter().map(|mut lb| async move {
        lb.listeners = listeners(ctx, c, &lb.load_balancer_arn).await?;
        lb.target_groups = target_groups(ctx, c, &lb.load_balancer_arn).await?;
        Ok::<_, ApiError>(lb)
    }))
    .await?;
    Ok(Elbv2Records { load_balancers })
}

fn load_balancer(lb: &elbv2::types::LoadBalancer) -> LoadBalancer {
    LoadBalancer {
        load_balancer_arn: req(lb.load_balancer_arn()),
        dns_name: req(lb.dns_name()),
        load_balancer_name: s(lb.load_balancer_name()),
        canonical_hosted_zone_id: s(lb.canonical_hosted_zone_id()),
        created_time: date(lb.created_time()),
        scheme: e(lb.scheme()),
        r#type: e(lb.r#type()),
        availability_zones: lb
            .availability_zones()
            .iter()
            .map(|z| AvailabilityZone {
                subnet_id: s(z.subnet_id()),
            })
            .collect(),
        security_groups: lb.security_groups().to_vec(),
        listeners: Vec::new(),
        target_groups: Vec::new(),
    }
}

async fn listeners(ctx: &Ctx, c: &elbv2::Client, lb_arn: &str) -> Result<Vec<Listener>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .describe_listeners()
        .load_balancer_arn(lb_arn)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("elbv2:DescribeListeners", err))?;
        out.extend(page.listeners().iter().map(|l| {
            Listener {
                listener_arn: req(l.listener_arn()),
                port: l.port().map(i64::from),
                protocol: e(l.protocol()),
                ssl_policy: s(l.ssl_policy()),
                default_actions: l
                    .default_actions()
                    .iter()
                    .map(|a| Action {
                        target_group_arn: s(a.target_group_arn()),
                    })
                    .collect(),
                mutual_authentication: l.mutual_authentication().map(|m| MutualAuthentication {
                    mode: s(m.mode()),
                    trust_store_arn: s(m.trust_store_arn()),
                    ignore_client_certificate_expiry: m.ignore_client_certificate_expiry(),
                    trust_store_association_status: e(m.trust_store_association_status()),
                    advertise_trust_store_ca_names: e(m.advertise_trust_store_ca_names()),
                }),
            }
        }));
    }
    Ok(out)
}

async fn target_groups(
    ctx: &Ctx,
    c: &elbv2::Client,
    lb_arn: &str,
) -> Result<Vec<TargetGroup>, ApiError> {
    let mut groups = Vec::new();
    let mut pages = c
        .describe_target_groups()
        .load_balancer_arn(lb_arn)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = match page {
            Ok(page) => page,
            // Some endpoints (moto among them) answer "not found" for a load balancer
            // without target groups rather than an empty list.
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_target_group_not_found_exception()) =>
            {
                break;
            }
            Err(err) => return Err(ApiError::new("elbv2:DescribeTargetGroups", err)),
        };
        groups.extend(page.target_groups().iter().map(|g| TargetGroup {
            target_group_arn: req(g.target_group_arn()),
            target_group_name: s(g.target_group_name()),
            target_type: e(g.target_type()),
            protocol: e(g.protocol()),
            port: g.port().map(i64::from),
            vpc_id: s(g.vpc_id()),
            targets: Vec::new(),
        }));
    }
    try_join_all(groups.into_iter().map(|mut g| async move {
        let health = ctx
            .limit
            .run(
                c.describe_target_health()
                    .target_group_arn(&g.target_group_arn)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("elbv2:DescribeTargetHealth", err))?;
        g.targets = health
            .target_health_descriptions()
            .iter()
            .filter_map(|d| d.target())
            .map(|t| Target {
                id: req(t.id()),
                port: t.port().map(i64::from),
            })
            .collect();
        Ok::<_, ApiError>(g)
    }))
    .await
}

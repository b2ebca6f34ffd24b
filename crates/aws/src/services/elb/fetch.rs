//! Classic load balancers through the SDK: one paginated `DescribeLoadBalancers` per region,
//! which carries the listeners, groups and instances too.

use aws_sdk_elasticloadbalancing as elb;

use super::{
    ElbRecords, Instance, Listener, ListenerDescription, LoadBalancerDescription,
    SourceSecurityGroup,
};
use crate::fetch::convert::{date, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<ElbRecords, ApiError> {
    let c = elb::Client::from_conf(
        elb::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut out = Vec::new();
    let mut pages = c.describe_load_balancers().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("elb:DescribeLoadBalancers", err))?;
        out.extend(page.load_balancer_descriptions().iter().map(description));
    }
    Ok(ElbRecords {
        load_balancer_descriptions: out,
    })
}

fn description(lb: &elb::types::LoadBalancerDescription) -> LoadBalancerDescription {
    LoadBalancerDescription {
        load_balancer_name: req(lb.load_balancer_name()),
        dns_name: req(lb.dns_name()),
        canonical_hosted_zone_name: s(lb.canonical_hosted_zone_name()),
        canonical_hosted_zone_name_id: s(lb.canonical_hosted_zone_name_id()),
        scheme: s(lb.scheme()),
        created_time: date(lb.created_time()),
        source_security_group: lb.source_security_group().map(|g| SourceSecurityGroup {
            group_name: s(g.group_name()),
        }),
        security_groups: lb.security_groups().to_vec(),
        instances: lb
            .instances()
            .iter()
            .map(|i| Instance {
                instance_id: req(i.instance_id()),
            })
            .collect(),
        listener_descriptions: lb
            .listener_descriptions()
            .iter()
            .filter_map(|d| {
                let l = d.listener()?;
                Some(ListenerDescription {
                    listener: Listener {
                        protocol: l.protocol().to_string(),
                        load_balancer_port: i64::from(l.load_balancer_port()),
                        instance_protocol: s(l.instance_protocol()),
                        instance_port: Some(i64::from(l.instance_port())),
                    },
                    policy_names: d.policy_names().to_vec(),
                })
            })
            .collect(),
    }
}

//! Application, network and gateway load balancers (`ec2:load_balancer_v2`):
//! `DescribeLoadBalancers` per region, then each load balancer's listeners and target groups,
//! and each target group's registered targets (`DescribeTargetHealth`). A load balancer
//! `EXPOSE`s its targets: instances, private IPs, Lambda functions and other load balancers.

#[cfg(feature = "elbv2")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "ec2:load_balancer_v2",
    feature: "elbv2",
    regional: true,
    after: &["ec2", "lambda_function"],
    schemas: &[&LOAD_BALANCER, &TARGET_GROUP, &LISTENER, &TARGETS],
    links: &[],
    decode: decode::<Elbv2Records>,
    demo: include_str!("../../../data/demo/services/elbv2.json"),
    #[cfg(feature = "elbv2")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "elbv2")))]
    fetch: None,
};

/// One region's load balancers, each with its listeners and target groups.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Elbv2Records {
    pub load_balancers: Vec<LoadBalancer>,
}

/// `DescribeLoadBalancers`' shape, with `Listeners` (`DescribeListeners`) and
/// `TargetGroups` (`DescribeTargetGroups`) attached.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoadBalancer {
    pub load_balancer_arn: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub load_balancer_name: Option<String>,
    pub canonical_hosted_zone_id: Option<String>,
    pub created_time: Option<String>,
    pub scheme: Option<String>,
    pub r#type: Option<String>,
    pub availability_zones: Vec<AvailabilityZone>,
    pub security_groups: Vec<String>,
    pub listeners: Vec<Listener>,
    pub target_groups: Vec<TargetGroup>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AvailabilityZone {
    pub subnet_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Listener {
    pub listener_arn: String,
    pub port: Option<i64>,
    pub protocol: Option<String>,
    pub ssl_policy: Option<String>,
    pub default_actions: Vec<Action>,
    pub mutual_authentication: Option<MutualAuthentication>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Action {
    pub target_group_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MutualAuthentication {
    pub mode: Option<String>,
    pub trust_store_arn: Option<String>,
    pub ignore_client_certificate_expiry: Option<bool>,
    pub trust_store_association_status: Option<String>,
    pub advertise_trust_store_ca_names: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: Option<String>,
    pub target_type: Option<String>,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    /// `DescribeTargetHealth`'s `Target`s.
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Target {
    pub id: String,
    pub port: Option<i64>,
}

/// Keyed by the DNS name as AWS returns it (listeners and target groups join on it);
/// `dnsname` is the lowercased copy that Route53 alias targets match.
pub const LOAD_BALANCER: NodeSchema = NodeSchema {
    label: "AWSLoadBalancerV2",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("LoadBalancer"),
        ExtraLabel::always("LoadBalancerV2"),
    ],
    properties: &[
        Property::field("name", "name"),
        Property::indexed("dnsname", "dnsname"),
        Property::field("canonicalhostedzonenameid", "canonicalhostedzonenameid"),
        Property::field("type", "type"),
        Property::field("scheme", "scheme"),
        Property::indexed("arn", "arn"),
        Property::field("createdtime", "createdtime"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            Direction::Outward,
            "AWSEC2SecurityGroup",
            &[Matcher::list("groupid", "group_ids")],
        ),
        RelSchema::new(
            "SUBNET",
            Direction::Outward,
            "AWSEC2Subnet",
            &[Matcher::list("subnetid", "subnet_ids")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// A target group may serve several load balancers of the region: one node, a link to each.
pub const TARGET_GROUP: NodeSchema = NodeSchema {
    label: "AWSELBV2TargetGroup",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("ELBV2TargetGroup")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::field("target_type", "target_type"),
        Property::field("protocol", "protocol"),
        Property::field("port", "port"),
        Property::field("vpc_id", "vpc_id"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ELBV2_TARGET_GROUP",
        Direction::Inward,
        "AWSLoadBalancerV2",
        &[Matcher::list("id", "load_balancer_ids")],
    )],
    cleanup: CleanupMode::Scoped,
};

/// Keyed by the listener ARN, which ACM's `USED_BY` links match.
pub const LISTENER: NodeSchema = NodeSchema {
    label: "AWSELBV2Listener",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ELBV2Listener"),
        ExtraLabel::always("Endpoint"),
    ],
    properties: &[
        Property::field("port", "port"),
        Property::field("protocol", "protocol"),
        Property::field("ssl_policy", "ssl_policy"),
        Property::field("targetgrouparn", "targetgrouparn"),
        Property::field("mutual_authentication_mode", "mutual_authentication_mode"),
        Property::field("trust_store_arn", "trust_store_arn"),
        Property::field(
            "ignore_client_certificate_expiry",
            "ignore_client_certificate_expiry",
        ),
        Property::field(
            "trust_store_association_status",
            "trust_store_association_status",
        ),
        Property::field(
            "advertise_trust_store_ca_names",
            "advertise_trust_store_ca_names",
        ),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ELBV2_LISTENER",
        Direction::Inward,
        "AWSLoadBalancerV2",
        &[Matcher::field("id", "load_balancer_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

/// What Cartography writes on each `EXPOSE`: the target group's port and protocol, and the
/// group itself.
const EXPOSE_PROPERTIES: &[Property] = &[
    Property::field("port", "port"),
    Property::field("protocol", "protocol"),
    Property::field("target_group_arn", "target_group_arn"),
];

const fn expose(target_label: &'static str, matchers: &'static [Matcher]) -> RelSchema {
    RelSchema {
        target_label,
        matchers,
        direction: Direction::Outward,
        rel_type: "EXPOSE",
        properties: EXPOSE_PROPERTIES,
    }
}

/// One row per registered target, on the load balancer that reaches it through a target
/// group. Only the matcher of the target's type is set, so each row links to one kind of
/// node; stale `EXPOSE`s are cleaned up with the rest of the account's load balancers.
pub const TARGETS: NodeSchema = NodeSchema {
    label: "AWSLoadBalancerV2",
    id: Source::Field("load_balancer_id"),
    extra_labels: &[],
    properties: &[],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        expose(
            "AWSEC2Instance",
            &[Matcher::field("instanceid", "instance_id")],
        ),
        expose(
            "AWSEC2PrivateIp",
            &[Matcher::field("private_ip_address", "ip")],
        ),
        expose("AWSLambda", &[Matcher::field("id", "lambda_arn")]),
        expose("AWSLoadBalancerV2", &[Matcher::field("arn", "alb_arn")]),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for Elbv2Records {
    fn count(&self) -> u64 {
        self.load_balancers.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let lbs = &self.load_balancers;
        let listeners = lbs
            .iter()
            .flat_map(|lb| lb.listeners.iter().map(move |l| listener(lb, l)))
            .collect();
        let targets = lbs
            .iter()
            .flat_map(|lb| {
                lb.target_groups
                    .iter()
                    .flat_map(move |g| g.targets.iter().map(move |t| target(lb, g, t)))
            })
            .collect();
        vec![
            (&LOAD_BALANCER, lbs.iter().map(load_balancer).collect()),
            (&TARGET_GROUP, target_groups(lbs)),
            (&LISTENER, listeners),
            (&TARGETS, targets),
        ]
    }
}

fn load_balancer(lb: &LoadBalancer) -> Row {
    row([
        ("id", Value::from(lb.dns_name.as_str())),
        ("name", opt(&lb.load_balancer_name)),
        ("dnsname", Value::from(lb.dns_name.to_lowercase())),
        (
            "canonicalhostedzonenameid",
            opt(&lb.canonical_hosted_zone_id),
        ),
        ("type", opt(&lb.r#type)),
        ("scheme", opt(&lb.scheme)),
        ("arn", Value::from(lb.load_balancer_arn.as_str())),
        ("createdtime", opt(&lb.created_time)),
        ("group_ids", strings(&lb.security_groups)),
        (
            "subnet_ids",
            strings(
                lb.availability_zones
                    .iter()
                    .filter_map(|z| z.subnet_id.as_ref()),
            ),
        ),
    ])
}

/// One row per target group, listing every load balancer of the region that uses it.
fn target_groups(lbs: &[LoadBalancer]) -> Vec<Row> {
    let mut by_arn: BTreeMap<&str, (&TargetGroup, Vec<&str>)> = BTreeMap::new();
    for lb in lbs {
        for g in &lb.target_groups {
            by_arn
                .entry(g.target_group_arn.as_str())
                .or_insert_with(|| (g, Vec::new()))
                .1
                .push(lb.dns_name.as_str());
        }
    }
    by_arn
        .into_values()
        .map(|(g, lbs)| {
            row([
                ("arn", Value::from(g.target_group_arn.as_str())),
                ("name", opt(&g.target_group_name)),
                ("target_type", opt(&g.target_type)),
                ("protocol", opt(&g.protocol)),
                ("port", Value::from(g.port)),
                ("vpc_id", opt(&g.vpc_id)),
                ("load_balancer_ids", strings(lbs)),
            ])
        })
        .collect()
}

fn listener(lb: &LoadBalancer, l: &Listener) -> Row {
    let m = l.mutual_authentication.clone().unwrap_or_default();
    // The listener's own target group: its default forward action's.
    let target_group = l
        .default_actions
        .iter()
        .find_map(|a| a.target_group_arn.clone());
    row([
        ("arn", Value::from(l.listener_arn.as_str())),
        ("port", Value::from(l.port)),
        ("protocol", opt(&l.protocol)),
        ("ssl_policy", opt(&l.ssl_policy)),
        ("targetgrouparn", opt(&target_group)),
        ("mutual_authentication_mode", opt(&m.mode)),
        ("trust_store_arn", opt(&m.trust_store_arn)),
        (
            "ignore_client_certificate_expiry",
            m.ignore_client_certificate_expiry
                .map_or(Value::Null, Value::Bool),
        ),
        (
            "trust_store_association_status",
            opt(&m.trust_store_association_status),
        ),
        (
            "advertise_trust_store_ca_names",
            opt(&m.advertise_trust_store_ca_names),
        ),
        ("load_balancer_id", Value::from(lb.dns_name.as_str())),
    ])
}

fn target(lb: &LoadBalancer, g: &TargetGroup, t: &Target) -> Row {
    let id = Value::from(t.id.as_str());
    let of_type = |kind: &str| {
        if g.target_type.as_deref() == Some(kind) {
            id.clone()
        } else {
            Value::Null
        }
    };
    row([
        ("load_balancer_id", Value::from(lb.dns_name.as_str())),
        ("instance_id", of_type("instance")),
        ("ip", of_type("ip")),
        ("lambda_arn", of_type("lambda")),
        ("alb_arn", of_type("alb")),
        ("port", Value::from(g.port)),
        ("protocol", opt(&g.protocol)),
        ("target_group_arn", Value::from(g.target_group_arn.as_str())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn records() -> Elbv2Records {
        serde_json::from_value(serde_json::json!({
            "LoadBalancers": [
                {
                    "LoadBalancerArn": "arn:lb/app/web/1",
                    "DNSName": "Web-1.elb.amazonaws.com",
                    "Type": "application",
                    "AvailabilityZones": [{"ZoneName": "a", "SubnetId": "subnet-1"}, {"ZoneName": "b"}],
                    "Listeners": [{
                        "ListenerArn": "arn:listener/app/web/1/2",
                        "Port": 443,
                        "DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn:tg/shared"}]
                    }],
                    "TargetGroups": [{
                        "TargetGroupArn": "arn:tg/shared",
                        "TargetType": "instance",
                        "Port": 8080,
                        "Targets": [{"Id": "i-1"}, {"Id": "i-2"}]
                    }]
                },
                {
                    "LoadBalancerArn": "arn:lb/net/ingest/2",
                    "DNSName": "ingest-2.elb.amazonaws.com",
                    "TargetGroups": [
                        {"TargetGroupArn": "arn:tg/shared", "TargetType": "instance", "Targets": []},
                        {"TargetGroupArn": "arn:tg/ips", "TargetType": "ip", "Targets": [{"Id": "10.0.0.5"}]}
                    ]
                }
            ]
        }))
        .unwrap()
    }

    #[test]
    fn shared_target_groups_are_one_node_linked_to_each_load_balancer() {
        let rows = records().rows("1");
        let groups = &rows[1].1;
        assert_eq!(groups.len(), 2);
        let shared = groups
            .iter()
            .find(|g| g.get("arn").and_then(Value::as_str) == Some("arn:tg/shared"))
            .unwrap();
        assert_eq!(
            format!("{:?}", shared.get("load_balancer_ids")),
            format!(
                "{:?}",
                Some(&strings([
                    "Web-1.elb.amazonaws.com",
                    "ingest-2.elb.amazonaws.com"
                ]))
            )
        );
        assert_eq!(
            format!("{:?}", rows[0].1[0].get("subnet_ids")),
            format!("{:?}", Some(&strings(["subnet-1"])))
        );
        assert_eq!(
            rows[0].1[0].get("dnsname").and_then(Value::as_str),
            Some("web-1.elb.amazonaws.com")
        );
    }

    #[test]
    fn each_target_row_matches_only_its_type() {
        let rows = records().rows("1");
        let targets = &rows[3].1;
        assert_eq!(targets.len(), 3);
        assert_eq!(
            targets[0].get("instance_id").and_then(Value::as_str),
            Some("i-1")
        );
        assert!(targets[0].get("ip").is_some_and(Value::is_null));
        assert!(matches!(targets[0].get("port"), Some(Value::Int(8080))));
        assert_eq!(
            targets[2].get("ip").and_then(Value::as_str),
            Some("10.0.0.5")
        );
        assert!(targets[2].get("instance_id").is_some_and(Value::is_null));
        let listener = &rows[2].1[0];
        assert_eq!(
            listener.get("targetgrouparn").and_then(Value::as_str),
            Some("arn:tg/shared")
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&LISTENER);
        assert!(
            q.contains("MERGE (i:AWSELBV2Listener {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:ELBV2Listener:Endpoint"), "{q}");
        let q = ingest_query(&TARGETS);
        assert!(q.contains("MERGE (i)-[r0:EXPOSE]->(n0)"), "{q}");
        assert!(
            q.contains("r0.target_group_arn = item.target_group_arn"),
            "{q}"
        );
        assert!(q.contains("n3.arn = item.alb_arn"), "{q}");
        let q = ingest_query(&LOAD_BALANCER);
        assert!(q.contains("i:LoadBalancer:LoadBalancerV2"), "{q}");
    }
}

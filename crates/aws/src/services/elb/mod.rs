//! Classic load balancers (`ec2:load_balancer`): `DescribeLoadBalancers` per region. Each
//! load balancer `EXPOSE`s its registered instances; its listeners come from the same answer.

#[cfg(feature = "elb")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "ec2:load_balancer",
    feature: "elb",
    regional: true,
    after: &["ec2"],
    schemas: &[&LOAD_BALANCER, &LISTENER],
    links: &[],
    decode: decode::<ElbRecords>,
    demo: include_str!("../../../data/demo/services/elb.json"),
    #[cfg(feature = "elb")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "elb")))]
    fetch: None,
};

/// `DescribeLoadBalancers` answers of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ElbRecords {
    pub load_balancer_descriptions: Vec<LoadBalancerDescription>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoadBalancerDescription {
    pub load_balancer_name: String,
    #[serde(rename = "DNSName")]
    pub dns_name: String,
    pub canonical_hosted_zone_name: Option<String>,
    #[serde(rename = "CanonicalHostedZoneNameID")]
    pub canonical_hosted_zone_name_id: Option<String>,
    pub scheme: Option<String>,
    pub created_time: Option<String>,
    pub source_security_group: Option<SourceSecurityGroup>,
    pub security_groups: Vec<String>,
    pub instances: Vec<Instance>,
    pub listener_descriptions: Vec<ListenerDescription>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SourceSecurityGroup {
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    pub instance_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListenerDescription {
    pub listener: Listener,
    pub policy_names: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Listener {
    pub protocol: String,
    pub load_balancer_port: i64,
    pub instance_protocol: Option<String>,
    pub instance_port: Option<i64>,
}

/// Keyed by the DNS name as AWS returns it; `dnsname` is lowercased for Route53 alias
/// targets. The source security group is matched by name among the load balancer's own
/// groups: Cartography matches the name alone, which also links same-named groups
/// (`default`, ...) of every other VPC and account.
pub const LOAD_BALANCER: NodeSchema = NodeSchema {
    label: "AWSLoadBalancer",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("LoadBalancer")],
    properties: &[
        Property::field("name", "name"),
        Property::indexed("dnsname", "dnsname"),
        Property::field("canonicalhostedzonename", "canonicalhostedzonename"),
        Property::field("canonicalhostedzonenameid", "canonicalhostedzonenameid"),
        Property::indexed("scheme", "scheme"),
        Property::field("createdtime", "createdtime"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "SOURCE_SECURITY_GROUP",
            Direction::Outward,
            "AWSEC2SecurityGroup",
            &[
                Matcher::field("name", "source_group_name"),
                Matcher::list("groupid", "group_ids"),
            ],
        ),
        RelSchema::new(
            "MEMBER_OF_EC2_SECURITY_GROUP",
            Direction::Outward,
            "AWSEC2SecurityGroup",
            &[Matcher::list("groupid", "group_ids")],
        ),
        RelSchema::new(
            "EXPOSE",
            Direction::Outward,
            "AWSEC2Instance",
            &[Matcher::list("instanceid", "instance_ids")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// Classic listeners have no id of their own: Cartography's is the load balancer's DNS name,
/// port and protocol run together.
pub const LISTENER: NodeSchema = NodeSchema {
    label: "AWSELBListener",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("ELBListener"),
        ExtraLabel::always("Endpoint"),
    ],
    properties: &[
        Property::field("port", "port"),
        Property::field("protocol", "protocol"),
        Property::field("instance_port", "instance_port"),
        Property::field("instance_protocol", "instance_protocol"),
        Property::field("policy_names", "policy_names"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ELB_LISTENER",
        Direction::Inward,
        "AWSLoadBalancer",
        &[Matcher::field("id", "load_balancer_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for ElbRecords {
    fn count(&self) -> u64 {
        self.load_balancer_descriptions.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let lbs = &self.load_balancer_descriptions;
        let listeners = lbs
            .iter()
            .flat_map(|lb| {
                lb.listener_descriptions
                    .iter()
                    .map(move |l| listener(lb, l))
            })
            .collect();
        vec![
            (&LOAD_BALANCER, lbs.iter().map(load_balancer).collect()),
            (&LISTENER, listeners),
        ]
    }
}

fn load_balancer(lb: &LoadBalancerDescription) -> Row {
    let source = lb.source_security_group.as_ref();
    row([
        ("id", Value::from(lb.dns_name.as_str())),
        ("name", Value::from(lb.load_balancer_name.as_str())),
        ("dnsname", Value::from(lb.dns_name.to_lowercase())),
        (
            "canonicalhostedzonename",
            opt(&lb.canonical_hosted_zone_name),
        ),
        (
            "canonicalhostedzonenameid",
            opt(&lb.canonical_hosted_zone_name_id),
        ),
        ("scheme", opt(&lb.scheme)),
        ("createdtime", opt(&lb.created_time)),
        (
            "source_group_name",
            opt(&source.and_then(|s| s.group_name.clone())),
        ),
        ("group_ids", strings(&lb.security_groups)),
        (
            "instance_ids",
            strings(lb.instances.iter().map(|i| &i.instance_id)),
        ),
    ])
}

fn listener(lb: &LoadBalancerDescription, d: &ListenerDescription) -> Row {
    let l = &d.listener;
    row([
        (
            "id",
            Value::from(format!(
                "{}{}{}",
                lb.dns_name, l.load_balancer_port, l.protocol
            )),
        ),
        ("port", Value::Int(l.load_balancer_port)),
        ("protocol", Value::from(l.protocol.as_str())),
        (
            "instance_port",
            l.instance_port.map_or(Value::Null, Value::Int),
        ),
        ("instance_protocol", opt(&l.instance_protocol)),
        ("policy_names", strings(&d.policy_names)),
        ("load_balancer_id", Value::from(lb.dns_name.as_str())),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn records() -> ElbRecords {
        serde_json::from_value(serde_json::json!({
            "LoadBalancerDescriptions": [{
                "LoadBalancerName": "web",
                "DNSName": "Web-1.us-east-1.elb.amazonaws.com",
                "Scheme": "internet-facing",
                "SourceSecurityGroup": {"OwnerAlias": "1", "GroupName": "web"},
                "SecurityGroups": ["sg-1"],
                "Instances": [{"InstanceId": "i-1"}],
                "ListenerDescriptions": [{
                    "Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080},
                    "PolicyNames": ["p"]
                }]
            }]
        }))
        .unwrap()
    }

    #[test]
    fn listeners_are_keyed_by_load_balancer_port_and_protocol() {
        let rows = records().rows("1");
        assert_eq!(
            rows[0].1[0].get("dnsname").and_then(Value::as_str),
            Some("web-1.us-east-1.elb.amazonaws.com")
        );
        let listener = &rows[1].1[0];
        assert_eq!(
            listener.get("id").and_then(Value::as_str),
            Some("Web-1.us-east-1.elb.amazonaws.com80HTTP")
        );
        assert!(matches!(listener.get("port"), Some(Value::Int(80))));
        assert!(matches!(
            listener.get("instance_port"),
            Some(Value::Int(8080))
        ));
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&LOAD_BALANCER);
        assert!(q.contains("MERGE (i:AWSLoadBalancer {id: item.id})"), "{q}");
        assert!(q.contains("MERGE (i)-[r2:EXPOSE]->(n2)"), "{q}");
        assert!(
            q.contains("n0.name = item.source_group_name AND n0.groupid IN item.group_ids"),
            "{q}"
        );
        let q = ingest_query(&LISTENER);
        assert!(q.contains("i:ELBListener:Endpoint"), "{q}");
        assert!(q.contains("MERGE (i)<-[r0:ELB_LISTENER]-(n0)"), "{q}");
    }
}

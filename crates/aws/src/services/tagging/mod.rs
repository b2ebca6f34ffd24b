//! The Resource Groups Tagging API (`resourcegroupstaggingapi`): every tagged resource of a
//! region, as `AWSTag` nodes (`key:value`, shared by every resource and account carrying the
//! tag) and `TAGGED` relationships from the resources other syncs wrote. It runs after them.

#[cfg(feature = "tagging")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, LinkSchema, Matcher, NodeSchema, Property, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::transform::row;

pub const SERVICE: Service = Service {
    key: "resourcegroupstaggingapi",
    feature: "tagging",
    regional: true,
    after: &[
        "iam",
        "s3",
        "ec2",
        "dynamodb",
        "ecr",
        "ecs",
        "eks",
        "elasticache",
        "ec2:load_balancer",
        "ec2:load_balancer_v2",
        "kms",
        "lambda_function",
        "redshift",
        "rds",
        "secretsmanager",
        "sqs",
    ],
    schemas: &[&TAG],
    links: LINKS,
    decode: decode::<TaggingRecords>,
    demo: include_str!("../../../data/demo/services/tagging.json"),
    #[cfg(feature = "tagging")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "tagging")))]
    fetch: None,
};

/// `GetResources` of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TaggingRecords {
    pub resource_tag_mapping_list: Vec<TagMapping>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TagMapping {
    #[serde(rename = "ResourceARN")]
    pub resource_arn: String,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// A tag, shared by everything that carries it: deleted once stale and linked to nothing.
pub const TAG: NodeSchema = NodeSchema {
    label: "AWSTag",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("Tag")],
    properties: &[
        Property::indexed("key", "key"),
        Property::field("value", "value"),
    ],
    sub_resource: None,
    relationships: &[],
    cleanup: CleanupMode::Orphans,
};

/// How the node id of a tagged resource is read from its ARN.
#[derive(Debug, Clone, Copy)]
enum IdForm {
    /// The whole ARN.
    Arn,
    /// The last `/` segment (EC2 ids, classic load balancer names).
    Last,
    /// The one before it (ALB/NLB names: `loadbalancer/app/<name>/<id>`).
    SecondLast,
    /// The part after the last `:` (S3 bucket names).
    AfterColon,
}

/// A resource type of the Tagging API, the node it is, and the link to its tags.
struct Taggable {
    resource_type: &'static str,
    id: IdForm,
    link: &'static LinkSchema,
}

/// One `TAGGED` link schema per taggable node type, and the table that maps resource types
/// onto them (Cartography's catalog of taggable resources).
macro_rules! taggable {
    ($($name:ident = $type:literal, $label:literal, $id:ident, [$($matcher:expr),+];)*) => {
        $(const $name: LinkSchema = LinkSchema {
            source_label: $label,
            source_matchers: &[$($matcher),+],
            target_label: "AWSTag",
            target_matchers: &[Matcher::field("id", "tag_id")],
            direction: Direction::Outward,
            rel_type: "TAGGED",
            properties: &[],
        };)*
        const TAGGABLE: &[Taggable] = &[$(Taggable {
            resource_type: $type,
            id: IdForm::$id,
            link: &$name,
        }),*];
        const LINKS: &[&LinkSchema] = &[$(&$name),*];
    };
}

const BY_ID: Matcher = Matcher::field("id", "resource_id");
const BY_ARN: Matcher = Matcher::field("arn", "resource_id");
const BY_NAME: Matcher = Matcher::field("name", "resource_id");
const IN_REGION: Matcher = Matcher::param("region", "Region");

taggable! {
    ASG = "autoscaling:autoScalingGroup", "AWSAutoScalingGroup", Arn, [BY_ARN];
    DYNAMODB_TABLE = "dynamodb:table", "AWSDynamoDBTable", Arn, [BY_ID];
    EC2_INSTANCE = "ec2:instance", "AWSEC2Instance", Last, [BY_ID];
    INTERNET_GATEWAY = "ec2:internet-gateway", "AWSInternetGateway", Last, [BY_ID];
    KEY_PAIR = "ec2:key-pair", "AWSEC2KeyPair", Arn, [BY_ID];
    NETWORK_INTERFACE = "ec2:network-interface", "AWSNetworkInterface", Last, [BY_ID];
    ECR_REPOSITORY = "ecr:repository", "AWSECRRepository", Arn, [BY_ID];
    SECURITY_GROUP = "ec2:security-group", "AWSEC2SecurityGroup", Last, [BY_ID];
    SUBNET = "ec2:subnet", "AWSEC2Subnet", Last, [Matcher::field("subnetid", "resource_id")];
    VPC = "ec2:vpc", "AWSVpc", Last, [BY_ID];
    VOLUME = "ec2:volume", "AWSEBSVolume", Last, [BY_ID];
    ELASTIC_IP = "ec2:elastic-ip-address", "AWSElasticIPAddress", Last, [BY_ID];
    ECS_CLUSTER = "ecs:cluster", "AWSECSCluster", Arn, [BY_ID];
    ECS_CONTAINER = "ecs:container", "AWSECSContainer", Arn, [BY_ID];
    ECS_CONTAINER_INSTANCE = "ecs:container-instance", "AWSECSContainerInstance", Arn, [BY_ID];
    ECS_TASK = "ecs:task", "AWSECSTask", Arn, [BY_ID];
    ECS_TASK_DEFINITION = "ecs:task-definition", "AWSECSTaskDefinition", Arn, [BY_ID];
    EKS_CLUSTER = "eks:cluster", "AWSEKSCluster", Arn, [BY_ID];
    ELASTICACHE_CLUSTER = "elasticache:cluster", "AWSElasticacheCluster", Arn, [BY_ARN];
    ELB = "elasticloadbalancing:loadbalancer", "AWSLoadBalancer", Last, [BY_NAME, IN_REGION];
    ALB = "elasticloadbalancing:loadbalancer/app", "AWSLoadBalancerV2", SecondLast, [BY_NAME, IN_REGION];
    NLB = "elasticloadbalancing:loadbalancer/net", "AWSLoadBalancerV2", SecondLast, [BY_NAME, IN_REGION];
    KMS_KEY = "kms:key", "AWSKMSKey", Arn, [BY_ARN];
    LAMBDA = "lambda:function", "AWSLambda", Arn, [BY_ID];
    REDSHIFT_CLUSTER = "redshift:cluster", "AWSRedshiftCluster", Arn, [BY_ID];
    RDS_INSTANCE = "rds:db", "AWSRDSInstance", Arn, [BY_ID];
    DB_SUBNET_GROUP = "rds:subgrp", "AWSDBSubnetGroup", Arn, [BY_ID];
    RDS_CLUSTER = "rds:cluster", "AWSRDSCluster", Arn, [BY_ID];
    RDS_SNAPSHOT = "rds:snapshot", "AWSRDSSnapshot", Arn, [BY_ID];
    S3_BUCKET = "s3", "AWSS3Bucket", AfterColon, [BY_ID];
    SECRET = "secretsmanager:secret", "AWSSecretsManagerSecret", Arn, [BY_ID];
    SQS_QUEUE = "sqs", "AWSSQSQueue", Arn, [BY_ID];
}

/// The Tagging API's resource type of an ARN: `service:type`, with load balancers' `app`
/// and `net` kept, and S3 and SQS by service alone.
fn resource_type(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let service = parts.nth(2)?;
    if matches!(service, "s3" | "sqs") {
        return Some(service.to_string());
    }
    let resource = parts.nth(2)?;
    let segments: Vec<&str> = resource.split('/').collect();
    let kind = if service == "elasticloadbalancing"
        && segments.first() == Some(&"loadbalancer")
        && segments.len() > 2
        && matches!(segments[1], "app" | "net")
    {
        format!("{}/{}", segments[0], segments[1])
    } else {
        segments[0]
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    Some(if kind.is_empty() {
        service.to_string()
    } else {
        format!("{service}:{kind}")
    })
}

fn resource_id(arn: &str, form: IdForm) -> &str {
    match form {
        IdForm::Arn => arn,
        IdForm::Last => arn.rsplit('/').next().unwrap_or(arn),
        IdForm::SecondLast => arn.rsplit('/').nth(1).unwrap_or(arn),
        IdForm::AfterColon => arn.rsplit(':').next().unwrap_or(arn),
    }
}

fn tag_id(tag: &Tag) -> String {
    format!("{}:{}", tag.key, tag.value)
}

impl Records for TaggingRecords {
    fn count(&self) -> u64 {
        self.resource_tag_mapping_list.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let tags: BTreeMap<String, &Tag> = self
            .resource_tag_mapping_list
            .iter()
            .flat_map(|m| &m.tags)
            .map(|t| (tag_id(t), t))
            .collect();
        let rows = tags
            .into_iter()
            .map(|(id, t)| {
                row([
                    ("id", Value::from(id)),
                    ("key", Value::from(t.key.as_str())),
                    ("value", Value::from(t.value.as_str())),
                ])
            })
            .collect();
        vec![(&TAG, rows)]
    }

    fn links(&self, _account_id: &str) -> Vec<(&'static LinkSchema, Vec<Row>)> {
        let mut by_type: BTreeMap<&str, Vec<Row>> = BTreeMap::new();
        for mapping in &self.resource_tag_mapping_list {
            let Some(kind) = resource_type(&mapping.resource_arn) else {
                continue;
            };
            let Some(t) = TAGGABLE.iter().find(|t| t.resource_type == kind) else {
                continue;
            };
            let id = resource_id(&mapping.resource_arn, t.id);
            by_type
                .entry(t.resource_type)
                .or_default()
                .extend(mapping.tags.iter().map(|tag| {
                    row([
                        ("resource_id", Value::from(id)),
                        ("tag_id", Value::from(tag_id(tag))),
                    ])
                }));
        }
        TAGGABLE
            .iter()
            .filter_map(|t| Some((t.link, by_type.remove(t.resource_type)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_follow_the_tagging_api() {
        let cases = [
            (
                "arn:aws:ec2:us-east-1:1:instance/i-1",
                "ec2:instance",
                "i-1",
            ),
            ("arn:aws:s3:::logs", "s3", "logs"),
            (
                "arn:aws:sqs:us-east-1:1:queue",
                "sqs",
                "arn:aws:sqs:us-east-1:1:queue",
            ),
            (
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/abc",
                "elasticloadbalancing:loadbalancer/app",
                "web",
            ),
            (
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/classic",
                "elasticloadbalancing:loadbalancer",
                "classic",
            ),
            (
                "arn:aws:rds:us-east-1:1:db:prod",
                "rds:db",
                "arn:aws:rds:us-east-1:1:db:prod",
            ),
        ];
        for (arn, kind, id) in cases {
            assert_eq!(resource_type(arn).as_deref(), Some(kind), "{arn}");
            let t = TAGGABLE.iter().find(|t| t.resource_type == kind);
            assert_eq!(t.map(|t| resource_id(arn, t.id)), Some(id), "{arn}");
        }
        assert_eq!(resource_type("not-an-arn"), None);
    }

    #[test]
    fn tags_are_shared_nodes_and_links_per_node_type() {
        let records = TaggingRecords {
            resource_tag_mapping_list: vec![
                TagMapping {
                    resource_arn: "arn:aws:ec2:us-east-1:1:instance/i-1".into(),
                    tags: vec![Tag {
                        key: "env".into(),
                        value: "prod".into(),
                    }],
                },
                TagMapping {
                    resource_arn: "arn:aws:s3:::logs".into(),
                    tags: vec![Tag {
                        key: "env".into(),
                        value: "prod".into(),
                    }],
                },
                TagMapping {
                    resource_arn: "arn:aws:unknown:us-east-1:1:thing/x".into(),
                    tags: vec![Tag {
                        key: "team".into(),
                        value: "a".into(),
                    }],
                },
            ],
        };
        let rows = records.rows("1");
        assert_eq!(rows[0].1.len(), 2);
        let links = records.links("1");
        let labels: Vec<&str> = links.iter().map(|(l, _)| l.source_label).collect();
        assert_eq!(labels, ["AWSEC2Instance", "AWSS3Bucket"]);
        assert!(LINKS.len() == TAGGABLE.len());
    }
}

//! Systems Manager (`ssm`): Parameter Store parameters (`DescribeParameters`: metadata only,
//! never values) and the managed-instance inventory (`DescribeInstanceInformation`), per
//! region; instance information hangs off the EC2 instance it describes.

#[cfg(feature = "ssm")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "ssm",
    feature: "ssm",
    regional: true,
    after: &["ec2", "kms"],
    schemas: &[&PARAMETER, &INSTANCE_INFORMATION],
    links: &[],
    decode: decode::<SsmRecords>,
    demo: include_str!("../../../data/demo/services/ssm.json"),
    #[cfg(feature = "ssm")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "ssm")))]
    fetch: None,
};

/// One region's `DescribeParameters` and `DescribeInstanceInformation` answers. Timestamps
/// are epoch seconds, as the API's JSON protocol sends them and Cartography stores them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SsmRecords {
    pub parameters: Vec<Parameter>,
    pub instance_information_list: Vec<InstanceInformation>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "ARN")]
    pub arn: String,
    pub r#type: Option<String>,
    pub key_id: Option<String>,
    pub last_modified_date: Option<i64>,
    pub last_modified_user: Option<String>,
    pub description: Option<String>,
    pub allowed_pattern: Option<String>,
    pub version: Option<i64>,
    pub tier: Option<String>,
    pub policies: Vec<serde_json::Value>,
    pub data_type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceInformation {
    pub instance_id: String,
    pub ping_status: Option<String>,
    pub last_ping_date_time: Option<i64>,
    pub agent_version: Option<String>,
    pub is_latest_version: Option<bool>,
    pub platform_type: Option<String>,
    pub platform_name: Option<String>,
    pub platform_version: Option<String>,
    pub activation_id: Option<String>,
    pub iam_role: Option<String>,
    pub registration_date: Option<i64>,
    pub resource_type: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "IPAddress")]
    pub ip_address: Option<String>,
    pub computer_name: Option<String>,
    pub association_status: Option<String>,
    pub last_association_execution_date: Option<i64>,
    pub last_successful_association_execution_date: Option<i64>,
    pub source_id: Option<String>,
    pub source_type: Option<String>,
}

pub const PARAMETER: NodeSchema = NodeSchema {
    label: "AWSSSMParameter",
    id: Source::Field("arn"),
    // Only SecureString parameters are secrets; plain ones are configuration.
    extra_labels: &[
        ExtraLabel::always("SSMParameter"),
        ExtraLabel::when_equals("Secret", "type", "SecureString"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::field("description", "description"),
        Property::field("type", "type"),
        Property::field("keyid", "keyid"),
        Property::field("kms_key_id_short", "kms_key_id_short"),
        Property::field("version", "version"),
        Property::field("lastmodifieddate", "lastmodifieddate"),
        Property::field("tier", "tier"),
        Property::field("lastmodifieduser", "lastmodifieduser"),
        Property::field("datatype", "datatype"),
        Property::field("allowedpattern", "allowedpattern"),
        Property::field("policies_json", "policies_json"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ENCRYPTED_BY",
        Direction::Outward,
        "AWSKMSKey",
        &[Matcher::field("id", "kms_key_id_short")],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const INSTANCE_INFORMATION: NodeSchema = NodeSchema {
    label: "AWSSSMInstanceInformation",
    id: Source::Field("instance_id"),
    extra_labels: &[ExtraLabel::always("SSMInstanceInformation")],
    properties: &[
        Property::indexed("instance_id", "instance_id"),
        Property::param("region", "Region"),
        Property::field("ping_status", "ping_status"),
        Property::field("last_ping_date_time", "last_ping_date_time"),
        Property::field("agent_version", "agent_version"),
        Property::field("is_latest_version", "is_latest_version"),
        Property::field("platform_type", "platform_type"),
        Property::field("platform_name", "platform_name"),
        Property::field("platform_version", "platform_version"),
        Property::field("activation_id", "activation_id"),
        Property::field("iam_role", "iam_role"),
        Property::field("registration_date", "registration_date"),
        Property::field("resource_type", "resource_type"),
        Property::field("name", "name"),
        Property::field("ip_address", "ip_address"),
        Property::field("computer_name", "computer_name"),
        Property::field("association_status", "association_status"),
        Property::field(
            "last_association_execution_date",
            "last_association_execution_date",
        ),
        Property::field(
            "last_successful_association_execution_date",
            "last_successful_association_execution_date",
        ),
        Property::field("source_id", "source_id"),
        Property::field("source_type", "source_type"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "HAS_INFORMATION",
        Direction::Inward,
        "AWSEC2Instance",
        &[Matcher::field("id", "instance_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for SsmRecords {
    fn count(&self) -> u64 {
        (self.parameters.len() + self.instance_information_list.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (&PARAMETER, self.parameters.iter().map(parameter).collect()),
            (
                &INSTANCE_INFORMATION,
                self.instance_information_list
                    .iter()
                    .map(instance_information)
                    .collect(),
            ),
        ]
    }
}

/// The key id of a SecureString parameter's KMS key ARN (`arn:...:key/<id>`), which is how
/// KMS key nodes are identified; aliases name no key node.
fn kms_key_id_short(p: &Parameter) -> Option<&str> {
    if p.r#type.as_deref() != Some("SecureString") {
        return None;
    }
    let key = p.key_id.as_deref()?;
    key.rfind("key/").map(|at| &key[at + "key/".len()..])
}

fn parameter(p: &Parameter) -> Row {
    row([
        ("arn", Value::from(p.arn.as_str())),
        ("name", Value::from(p.name.as_str())),
        ("description", opt(&p.description)),
        ("type", opt(&p.r#type)),
        ("keyid", opt(&p.key_id)),
        ("kms_key_id_short", Value::from(kms_key_id_short(p))),
        ("version", Value::from(p.version)),
        ("lastmodifieddate", Value::from(p.last_modified_date)),
        ("tier", opt(&p.tier)),
        ("lastmodifieduser", opt(&p.last_modified_user)),
        ("datatype", opt(&p.data_type)),
        ("allowedpattern", opt(&p.allowed_pattern)),
        (
            "policies_json",
            Value::from(serde_json::Value::from(p.policies.clone()).to_string()),
        ),
    ])
}

fn instance_information(i: &InstanceInformation) -> Row {
    row([
        ("instance_id", Value::from(i.instance_id.as_str())),
        ("ping_status", opt(&i.ping_status)),
        ("last_ping_date_time", Value::from(i.last_ping_date_time)),
        ("agent_version", opt(&i.agent_version)),
        ("is_latest_version", Value::from(i.is_latest_version)),
        ("platform_type", opt(&i.platform_type)),
        ("platform_name", opt(&i.platform_name)),
        ("platform_version", opt(&i.platform_version)),
        ("activation_id", opt(&i.activation_id)),
        ("iam_role", opt(&i.iam_role)),
        ("registration_date", Value::from(i.registration_date)),
        ("resource_type", opt(&i.resource_type)),
        ("name", opt(&i.name)),
        ("ip_address", opt(&i.ip_address)),
        ("computer_name", opt(&i.computer_name)),
        ("association_status", opt(&i.association_status)),
        (
            "last_association_execution_date",
            Value::from(i.last_association_execution_date),
        ),
        (
            "last_successful_association_execution_date",
            Value::from(i.last_successful_association_execution_date),
        ),
        ("source_id", opt(&i.source_id)),
        ("source_type", opt(&i.source_type)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn param(r#type: &str, key_id: &str) -> Parameter {
        Parameter {
            r#type: Some(r#type.into()),
            key_id: Some(key_id.into()),
            ..Default::default()
        }
    }

    #[test]
    fn only_secure_strings_under_a_key_arn_name_a_key() {
        let arn = "arn:aws:kms:us-east-1:1:key/0a1b-2c3d";
        assert_eq!(
            kms_key_id_short(&param("SecureString", arn)),
            Some("0a1b-2c3d")
        );
        assert_eq!(
            kms_key_id_short(&param("SecureString", "alias/aws/ssm")),
            None
        );
        assert_eq!(kms_key_id_short(&param("String", arn)), None);
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&INSTANCE_INFORMATION);
        assert!(
            q.contains("MERGE (i:AWSSSMInstanceInformation {id: item.instance_id})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)<-[r0:HAS_INFORMATION]-(n0)"), "{q}");
        let q = ingest_query(&PARAMETER);
        assert!(q.contains("i:SSMParameter"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:ENCRYPTED_BY]->(n0)"), "{q}");
    }
}

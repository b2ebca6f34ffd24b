//! AWS Config (`config`): per region, the configuration recorders
//! (`DescribeConfigurationRecorders`), delivery channels (`DescribeDeliveryChannels`) and
//! rules (`DescribeConfigRules`). Whether a recorder records every resource type, global ones
//! included, is what CIS-style checks look at.

#[cfg(feature = "config")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "config",
    feature: "config",
    regional: true,
    after: &[],
    schemas: &[&RECORDER, &DELIVERY_CHANNEL, &RULE],
    links: &[],
    decode: decode::<ConfigRecords>,
    demo: include_str!("../../../data/demo/services/config.json"),
    #[cfg(feature = "config")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "config")))]
    fetch: None,
};

/// One region's answers, with the region they were read in: Cartography identifies
/// recorders and channels as `<name>:<account>:<region>`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ConfigRecords {
    pub region: String,
    pub configuration_recorders: Vec<Recorder>,
    pub delivery_channels: Vec<DeliveryChannel>,
    pub config_rules: Vec<ConfigRule>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Recorder {
    pub name: String,
    #[serde(rename = "roleARN")]
    pub role_arn: Option<String>,
    pub recording_group: Option<RecordingGroup>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordingGroup {
    pub all_supported: Option<bool>,
    pub include_global_resource_types: Option<bool>,
    pub resource_types: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeliveryChannel {
    pub name: String,
    pub s3_bucket_name: Option<String>,
    pub s3_key_prefix: Option<String>,
    pub s3_kms_key_arn: Option<String>,
    #[serde(rename = "snsTopicARN")]
    pub sns_topic_arn: Option<String>,
    pub config_snapshot_delivery_properties: Option<SnapshotDelivery>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapshotDelivery {
    pub delivery_frequency: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ConfigRule {
    pub config_rule_arn: String,
    pub config_rule_name: Option<String>,
    pub config_rule_id: Option<String>,
    pub description: Option<String>,
    pub scope: Option<Scope>,
    pub source: Option<RuleSource>,
    pub input_parameters: Option<String>,
    pub maximum_execution_frequency: Option<String>,
    pub created_by: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Scope {
    pub compliance_resource_types: Option<Vec<String>>,
    pub tag_key: Option<String>,
    pub tag_value: Option<String>,
    pub compliance_resource_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RuleSource {
    pub owner: Option<String>,
    pub source_identifier: Option<String>,
    pub source_details: Vec<SourceDetail>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SourceDetail {
    pub event_source: Option<String>,
    pub message_type: Option<String>,
    pub maximum_execution_frequency: Option<String>,
}

pub const RECORDER: NodeSchema = NodeSchema {
    label: "AWSConfigurationRecorder",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        Property::field("name", "name"),
        Property::field("role_arn", "role_arn"),
        Property::field(
            "recording_group_all_supported",
            "recording_group_all_supported",
        ),
        Property::field(
            "recording_group_include_global_resource_types",
            "recording_group_include_global_resource_types",
        ),
        Property::field(
            "recording_group_resource_types",
            "recording_group_resource_types",
        ),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const DELIVERY_CHANNEL: NodeSchema = NodeSchema {
    label: "AWSConfigDeliveryChannel",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        Property::field("name", "name"),
        Property::field("s3_bucket_name", "s3_bucket_name"),
        Property::field("s3_key_prefix", "s3_key_prefix"),
        Property::field("s3_kms_key_arn", "s3_kms_key_arn"),
        Property::field("sns_topic_arn", "sns_topic_arn"),
        Property::field(
            "config_snapshot_delivery_properties_delivery_frequency",
            "config_snapshot_delivery_properties_delivery_frequency",
        ),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const RULE: NodeSchema = NodeSchema {
    label: "AWSConfigRule",
    id: Source::Field("arn"),
    extra_labels: &[],
    properties: &[
        Property::field("arn", "arn"),
        Property::field("name", "name"),
        Property::field("description", "description"),
        Property::field("rule_id", "rule_id"),
        Property::field(
            "scope_compliance_resource_types",
            "scope_compliance_resource_types",
        ),
        Property::field("scope_tag_key", "scope_tag_key"),
        Property::field("scope_tag_value", "scope_tag_value"),
        Property::field(
            "scope_tag_compliance_resource_id",
            "scope_tag_compliance_resource_id",
        ),
        Property::field("source_owner", "source_owner"),
        Property::field("source_identifier", "source_identifier"),
        Property::field("source_details", "source_details"),
        Property::field("input_parameters", "input_parameters"),
        Property::field("maximum_execution_frequency", "maximum_execution_frequency"),
        Property::field("created_by", "created_by"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for ConfigRecords {
    fn count(&self) -> u64 {
        (self.configuration_recorders.len()
            + self.delivery_channels.len()
            + self.config_rules.len()) as u64
    }

    fn rows(&self, account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let id = |name: &str| Value::from(format!("{name}:{account_id}:{}", self.region));
        let recorders = self
            .configuration_recorders
            .iter()
            .map(|r| {
                let group = r.recording_group.clone().unwrap_or_default();
                row([
                    ("id", id(&r.name)),
                    ("name", Value::from(r.name.as_str())),
                    ("role_arn", opt(&r.role_arn)),
                    (
                        "recording_group_all_supported",
                        Value::from(group.all_supported),
                    ),
                    (
                        "recording_group_include_global_resource_types",
                        Value::from(group.include_global_resource_types),
                    ),
                    (
                        "recording_group_resource_types",
                        strings(&group.resource_types),
                    ),
                ])
            })
            .collect();
        let channels = self
            .delivery_channels
            .iter()
            .map(|c| {
                row([
                    ("id", id(&c.name)),
                    ("name", Value::from(c.name.as_str())),
                    ("s3_bucket_name", opt(&c.s3_bucket_name)),
                    ("s3_key_prefix", opt(&c.s3_key_prefix)),
                    ("s3_kms_key_arn", opt(&c.s3_kms_key_arn)),
                    ("sns_topic_arn", opt(&c.sns_topic_arn)),
                    (
                        "config_snapshot_delivery_properties_delivery_frequency",
                        opt(&c
                            .config_snapshot_delivery_properties
                            .as_ref()
                            .and_then(|p| p.delivery_frequency.clone())),
                    ),
                ])
            })
            .collect();
        let rules = self.config_rules.iter().map(rule).collect();
        vec![
            (&RECORDER, recorders),
            (&DELIVERY_CHANNEL, channels),
            (&RULE, rules),
        ]
    }
}

/// A source detail in the form Cartography stores it: the printed form of the API's
/// dictionary (`{'EventSource': 'aws.config', 'MessageType': '...'}`).
fn source_detail(d: &SourceDetail) -> String {
    let parts: Vec<String> = [
        ("EventSource", &d.event_source),
        ("MessageType", &d.message_type),
        ("MaximumExecutionFrequency", &d.maximum_execution_frequency),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("'{k}': '{v}'")))
    .collect();
    format!("{{{}}}", parts.join(", "))
}

fn rule(r: &ConfigRule) -> Row {
    let scope = r.scope.clone().unwrap_or_default();
    let source = r.source.clone().unwrap_or_default();
    row([
        ("arn", Value::from(r.config_rule_arn.as_str())),
        ("name", opt(&r.config_rule_name)),
        ("description", opt(&r.description)),
        ("rule_id", opt(&r.config_rule_id)),
        (
            "scope_compliance_resource_types",
            scope
                .compliance_resource_types
                .as_ref()
                .map_or(Value::Null, strings),
        ),
        ("scope_tag_key", opt(&scope.tag_key)),
        ("scope_tag_value", opt(&scope.tag_value)),
        (
            "scope_tag_compliance_resource_id",
            opt(&scope.compliance_resource_id),
        ),
        ("source_owner", opt(&source.owner)),
        ("source_identifier", opt(&source.source_identifier)),
        (
            "source_details",
            strings(source.source_details.iter().map(source_detail)),
        ),
        ("input_parameters", opt(&r.input_parameters)),
        (
            "maximum_execution_frequency",
            opt(&r.maximum_execution_frequency),
        ),
        ("created_by", opt(&r.created_by)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn ids_are_name_account_region() {
        let records: ConfigRecords = serde_json::from_value(serde_json::json!({
            "Region": "eu-west-1",
            "ConfigurationRecorders": [{"name": "default", "roleARN": "arn:r",
                "recordingGroup": {"allSupported": true, "resourceTypes": []}}],
            "DeliveryChannels": [{"name": "default", "snsTopicARN": "arn:t",
                "configSnapshotDeliveryProperties": {"deliveryFrequency": "One_Hour"}}],
            "ConfigRules": [{"ConfigRuleArn": "arn:rule", "Source": {"Owner": "AWS",
                "SourceDetails": [{"EventSource": "aws.config",
                    "MessageType": "ScheduledNotification"}]}}]
        }))
        .unwrap();
        let rows = records.rows("111");
        let recorder = format!("{:?}", rows[0].1[0]);
        assert!(recorder.contains("default:111:eu-west-1"), "{recorder}");
        assert!(recorder.contains("arn:r"), "{recorder}");
        let channel = format!("{:?}", rows[1].1[0]);
        assert!(
            channel.contains("One_Hour") && channel.contains("arn:t"),
            "{channel}"
        );
        let rule = format!("{:?}", rows[2].1[0]);
        assert!(
            rule.contains("{'EventSource': 'aws.config', 'MessageType': 'ScheduledNotification'}"),
            "{rule}"
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        assert!(ingest_query(&RULE).contains("MERGE (i:AWSConfigRule {id: item.arn})"));
        assert!(
            ingest_query(&RECORDER).contains("MERGE (i:AWSConfigurationRecorder {id: item.id})")
        );
        assert!(
            ingest_query(&DELIVERY_CHANNEL).contains("(i:AWSConfigDeliveryChannel {id: item.id})")
        );
    }
}

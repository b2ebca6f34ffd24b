//! CloudTrail (`cloudtrail`): per region, `DescribeTrails` keeping the trails whose home is
//! that region (a multi-region trail is listed in every region), then per trail its event
//! selectors and status. Trails link to the S3 bucket they write to (`LOGS_TO`) and to their
//! CloudWatch log group, so it loads after S3 and CloudWatch.
//!
//! Beyond Cartography: `is_logging` (`GetTrailStatus`), since a trail that is switched off
//! records nothing whatever its settings say.

#[cfg(feature = "cloudtrail")]
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
    key: "cloudtrail",
    feature: "cloudtrail",
    regional: true,
    after: &["s3", "cloudwatch"],
    schemas: &[&TRAIL],
    links: &[],
    decode: decode::<CloudTrailRecords>,
    demo: include_str!("../../../data/demo/services/cloudtrail.json"),
    #[cfg(feature = "cloudtrail")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "cloudtrail")))]
    fetch: None,
};

/// The trails homed in one region (`DescribeTrails`' `trailList`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CloudTrailRecords {
    #[serde(rename = "trailList")]
    pub trail_list: Vec<Trail>,
}

/// A `Trail`, with `GetEventSelectors` and `GetTrailStatus`'s `IsLogging` added.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Trail {
    #[serde(rename = "TrailARN")]
    pub trail_arn: String,
    pub name: Option<String>,
    pub home_region: Option<String>,
    pub s3_bucket_name: Option<String>,
    pub s3_key_prefix: Option<String>,
    #[serde(rename = "SnsTopicARN")]
    pub sns_topic_arn: Option<String>,
    pub include_global_service_events: Option<bool>,
    pub is_multi_region_trail: Option<bool>,
    pub is_organization_trail: Option<bool>,
    pub log_file_validation_enabled: Option<bool>,
    pub cloud_watch_logs_log_group_arn: Option<String>,
    pub cloud_watch_logs_role_arn: Option<String>,
    pub kms_key_id: Option<String>,
    pub has_custom_event_selectors: Option<bool>,
    pub has_insight_selectors: Option<bool>,
    pub event_selectors: Vec<EventSelector>,
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
    pub is_logging: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventSelector {
    pub read_write_type: Option<String>,
    pub include_management_events: Option<bool>,
    pub data_resources: Vec<DataResource>,
    pub exclude_management_event_sources: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DataResource {
    pub r#type: Option<String>,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AdvancedEventSelector {
    pub name: Option<String>,
    pub field_selectors: Vec<FieldSelector>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FieldSelector {
    pub field: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ends_with: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_equals: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_starts_with: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_ends_with: Vec<String>,
}

pub const TRAIL: NodeSchema = NodeSchema {
    label: "AWSCloudTrailTrail",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("CloudTrailTrail")],
    properties: &[
        Property::field("arn", "arn"),
        Property::field("name", "name"),
        Property::field(
            "cloudwatch_logs_log_group_arn",
            "cloudwatch_logs_log_group_arn",
        ),
        Property::field("cloudwatch_logs_role_arn", "cloudwatch_logs_role_arn"),
        Property::field("event_selectors", "event_selectors"),
        Property::field("advanced_event_selectors", "advanced_event_selectors"),
        Property::field("has_custom_event_selectors", "has_custom_event_selectors"),
        Property::field("has_insight_selectors", "has_insight_selectors"),
        Property::field("home_region", "home_region"),
        Property::field(
            "include_global_service_events",
            "include_global_service_events",
        ),
        Property::field("is_multi_region_trail", "is_multi_region_trail"),
        Property::field("is_organization_trail", "is_organization_trail"),
        Property::field("kms_key_id", "kms_key_id"),
        Property::field("log_file_validation_enabled", "log_file_validation_enabled"),
        Property::field("s3_bucket_name", "s3_bucket_name"),
        Property::field("s3_key_prefix", "s3_key_prefix"),
        Property::field("sns_topic_arn", "sns_topic_arn"),
        Property::field("is_logging", "is_logging"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "LOGS_TO",
            Direction::Outward,
            "AWSS3Bucket",
            &[Matcher::field("name", "s3_bucket_name")],
        ),
        RelSchema::new(
            "SENDS_LOGS_TO_CLOUDWATCH",
            Direction::Outward,
            "AWSCloudWatchLogGroup",
            &[Matcher::field("id", "cloudwatch_logs_log_group_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for CloudTrailRecords {
    fn count(&self) -> u64 {
        self.trail_list.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![(&TRAIL, self.trail_list.iter().map(trail).collect())]
    }
}

/// Selectors as JSON text, as Cartography stores them.
fn json_text<T: Serialize>(v: &T) -> Value {
    serde_json::to_string(v).map_or(Value::Null, Value::from)
}

fn trail(t: &Trail) -> Row {
    // The API names the log group `arn:...:log-group:name:*`; the group's ARN has no `:*`.
    let log_group = t
        .cloud_watch_logs_log_group_arn
        .as_deref()
        .map(|arn| arn.strip_suffix(":*").unwrap_or(arn));
    row([
        ("arn", Value::from(t.trail_arn.as_str())),
        ("name", opt(&t.name)),
        (
            "cloudwatch_logs_log_group_arn",
            log_group.map_or(Value::Null, Value::from),
        ),
        (
            "cloudwatch_logs_role_arn",
            opt(&t.cloud_watch_logs_role_arn),
        ),
        ("event_selectors", json_text(&t.event_selectors)),
        (
            "advanced_event_selectors",
            json_text(&t.advanced_event_selectors),
        ),
        (
            "has_custom_event_selectors",
            Value::from(t.has_custom_event_selectors),
        ),
        (
            "has_insight_selectors",
            Value::from(t.has_insight_selectors),
        ),
        ("home_region", opt(&t.home_region)),
        (
            "include_global_service_events",
            Value::from(t.include_global_service_events),
        ),
        (
            "is_multi_region_trail",
            Value::from(t.is_multi_region_trail),
        ),
        (
            "is_organization_trail",
            Value::from(t.is_organization_trail),
        ),
        ("kms_key_id", opt(&t.kms_key_id)),
        (
            "log_file_validation_enabled",
            Value::from(t.log_file_validation_enabled),
        ),
        ("s3_bucket_name", opt(&t.s3_bucket_name)),
        ("s3_key_prefix", opt(&t.s3_key_prefix)),
        ("sns_topic_arn", opt(&t.sns_topic_arn)),
        ("is_logging", Value::from(t.is_logging)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn trail_rows_are_cartographys() {
        let records: CloudTrailRecords = serde_json::from_str(
            r#"{"trailList":[{"TrailARN":"arn:aws:cloudtrail:us-east-1:1:trail/t","S3BucketName":"logs",
                "CloudWatchLogsLogGroupArn":"arn:aws:logs:us-east-1:1:log-group:ct:*",
                "EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true}]}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let rows = records.rows("1");
        let r = &rows[0].1[0];
        assert_eq!(
            format!("{:?}", r.get("cloudwatch_logs_log_group_arn")),
            format!(
                "{:?}",
                Some(&Value::from("arn:aws:logs:us-east-1:1:log-group:ct"))
            )
        );
        let selectors = format!("{:?}", r.get("event_selectors"));
        assert!(selectors.contains("ReadWriteType"), "{selectors}");
        assert_eq!(
            format!("{:?}", r.get("is_multi_region_trail")),
            format!("{:?}", Some(&Value::Null))
        );
        let q = ingest_query(&TRAIL);
        assert!(q.contains("MERGE (i)-[r0:LOGS_TO]->(n0)"), "{q}");
    }
}

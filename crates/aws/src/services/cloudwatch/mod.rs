//! CloudWatch (`cloudwatch`): log groups and their metric filters (CloudWatch Logs) and
//! metric alarms (CloudWatch), per region. CIS's monitoring controls look for a metric
//! filter on the CloudTrail log group with an alarm on its metric.

#[cfg(feature = "cloudwatch")]
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
    key: "cloudwatch",
    feature: "cloudwatch",
    regional: true,
    after: &[],
    schemas: &[&LOG_GROUP, &METRIC_FILTER, &METRIC_ALARM],
    links: &[],
    decode: decode::<CloudWatchRecords>,
    demo: include_str!("../../../data/demo/services/cloudwatch.json"),
    #[cfg(feature = "cloudwatch")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "cloudwatch")))]
    fetch: None,
};

/// One region's `DescribeLogGroups`, `DescribeMetricFilters` (CloudWatch Logs, camelCase
/// shapes) and `DescribeAlarms` (CloudWatch, PascalCase shapes) answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CloudWatchRecords {
    pub log_groups: Vec<LogGroup>,
    pub metric_filters: Vec<MetricFilter>,
    pub metric_alarms: Vec<MetricAlarm>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LogGroup {
    pub log_group_name: String,
    pub log_group_arn: String,
    /// Milliseconds since the epoch.
    pub creation_time: Option<i64>,
    pub retention_in_days: Option<i64>,
    pub metric_filter_count: Option<i64>,
    pub stored_bytes: Option<i64>,
    pub kms_key_id: Option<String>,
    pub data_protection_status: Option<String>,
    pub inherited_properties: Vec<String>,
    pub log_group_class: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricFilter {
    pub filter_name: String,
    pub filter_pattern: Option<String>,
    pub log_group_name: String,
    pub metric_transformations: Vec<MetricTransformation>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MetricTransformation {
    pub metric_name: Option<String>,
    pub metric_namespace: Option<String>,
    pub metric_value: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetricAlarm {
    pub alarm_arn: String,
    pub alarm_name: Option<String>,
    pub alarm_description: Option<String>,
    pub state_value: Option<String>,
    pub state_reason: Option<String>,
    pub actions_enabled: Option<bool>,
    pub comparison_operator: Option<String>,
}

pub const LOG_GROUP: NodeSchema = NodeSchema {
    label: "AWSCloudWatchLogGroup",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("CloudWatchLogGroup")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("creation_time", "creation_time"),
        Property::field("data_protection_status", "data_protection_status"),
        Property::field("inherited_properties", "inherited_properties"),
        Property::field("kms_key_id", "kms_key_id"),
        Property::field("log_group_arn", "arn"),
        Property::field("log_group_class", "log_group_class"),
        Property::field("log_group_name", "log_group_name"),
        Property::field("metric_filter_count", "metric_filter_count"),
        Property::field("retention_in_days", "retention_in_days"),
        Property::field("stored_bytes", "stored_bytes"),
        // Not in Cartography's log group; every other regional node has it, and the metric
        // filters find their group by name within the region.
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const METRIC_FILTER: NodeSchema = NodeSchema {
    label: "AWSCloudWatchLogMetricFilter",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("CloudWatchLogMetricFilter")],
    properties: &[
        // CloudWatch gives metric filters no ARN: Cartography stores the name here.
        Property::indexed("arn", "filter_name"),
        Property::param("region", "Region"),
        Property::field("filter_name", "filter_name"),
        Property::field("filter_pattern", "filter_pattern"),
        Property::field("log_group_name", "log_group_name"),
        Property::field("metric_name", "metric_name"),
        Property::field("metric_namespace", "metric_namespace"),
        Property::field("metric_value", "metric_value"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "METRIC_FILTER_OF",
        Direction::Outward,
        "AWSCloudWatchLogGroup",
        &[
            Matcher::field("log_group_name", "log_group_name"),
            Matcher::param("region", "Region"),
        ],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const METRIC_ALARM: NodeSchema = NodeSchema {
    label: "AWSCloudWatchMetricAlarm",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("CloudWatchMetricAlarm")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("alarm_name", "alarm_name"),
        Property::field("alarm_description", "alarm_description"),
        Property::field("state_value", "state_value"),
        Property::field("state_reason", "state_reason"),
        Property::field("actions_enabled", "actions_enabled"),
        Property::field("comparison_operator", "comparison_operator"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for CloudWatchRecords {
    fn count(&self) -> u64 {
        (self.log_groups.len() + self.metric_filters.len() + self.metric_alarms.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (&LOG_GROUP, self.log_groups.iter().map(log_group).collect()),
            (
                &METRIC_FILTER,
                self.metric_filters.iter().map(metric_filter).collect(),
            ),
            (
                &METRIC_ALARM,
                self.metric_alarms.iter().map(metric_alarm).collect(),
            ),
        ]
    }
}

fn log_group(g: &LogGroup) -> Row {
    row([
        ("arn", Value::from(g.log_group_arn.as_str())),
        ("creation_time", Value::from(g.creation_time)),
        ("data_protection_status", opt(&g.data_protection_status)),
        ("inherited_properties", strings(&g.inherited_properties)),
        ("kms_key_id", opt(&g.kms_key_id)),
        ("log_group_class", opt(&g.log_group_class)),
        ("log_group_name", Value::from(g.log_group_name.as_str())),
        ("metric_filter_count", Value::from(g.metric_filter_count)),
        ("retention_in_days", Value::from(g.retention_in_days)),
        ("stored_bytes", Value::from(g.stored_bytes)),
    ])
}

/// A filter's id joins its group and its name (names are unique only within a group); its
/// metric is the first transformation's, as the API allows only one.
fn metric_filter(f: &MetricFilter) -> Row {
    let metric = f.metric_transformations.first();
    let field = |get: fn(&MetricTransformation) -> &Option<String>| {
        metric.map_or(Value::Null, |m| opt(get(m)))
    };
    row([
        (
            "id",
            Value::from(format!("{}:{}", f.log_group_name, f.filter_name)),
        ),
        ("filter_name", Value::from(f.filter_name.as_str())),
        ("filter_pattern", opt(&f.filter_pattern)),
        ("log_group_name", Value::from(f.log_group_name.as_str())),
        ("metric_name", field(|m| &m.metric_name)),
        ("metric_namespace", field(|m| &m.metric_namespace)),
        ("metric_value", field(|m| &m.metric_value)),
    ])
}

fn metric_alarm(a: &MetricAlarm) -> Row {
    row([
        ("arn", Value::from(a.alarm_arn.as_str())),
        ("alarm_name", opt(&a.alarm_name)),
        ("alarm_description", opt(&a.alarm_description)),
        ("state_value", opt(&a.state_value)),
        ("state_reason", opt(&a.state_reason)),
        ("actions_enabled", Value::from(a.actions_enabled)),
        ("comparison_operator", opt(&a.comparison_operator)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn metric_filter_ids_join_group_and_name() {
        let records = CloudWatchRecords {
            metric_filters: vec![MetricFilter {
                filter_name: "root-usage".into(),
                log_group_name: "trail".into(),
                metric_transformations: vec![MetricTransformation {
                    metric_name: Some("RootUsage".into()),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let rows = records.rows("1");
        let filter = &rows[1].1[0];
        assert!(
            filter
                .get("id")
                .is_some_and(|v| v.equivalent(&Value::from("trail:root-usage")))
        );
        assert!(
            filter
                .get("metric_name")
                .is_some_and(|v| v.equivalent(&Value::from("RootUsage")))
        );
        assert!(filter.get("metric_value").is_some_and(Value::is_null));
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&METRIC_FILTER);
        assert!(
            q.contains("MERGE (i:AWSCloudWatchLogMetricFilter {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("i:CloudWatchLogMetricFilter"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:METRIC_FILTER_OF]->(n0)"), "{q}");
        let q = ingest_query(&LOG_GROUP);
        assert!(q.contains("i.log_group_arn = item.arn"), "{q}");
    }
}

//! SQS (`sqs`): `ListQueues`, then `GetQueueAttributes` (all) for each queue, per region.
//! Attributes keep the API's string form, as Cartography stores them; the redrive policy is
//! unpacked to link a queue to its dead-letter queue.

#[cfg(feature = "sqs")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{json_value, row};

pub const SERVICE: Service = Service {
    key: "sqs",
    feature: "sqs",
    regional: true,
    after: &[],
    schemas: &[&QUEUE],
    links: &[],
    decode: decode::<SqsRecords>,
    demo: include_str!("../../../data/demo/services/sqs.json"),
    #[cfg(feature = "sqs")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "sqs")))]
    fetch: None,
};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SqsRecords {
    pub queues: Vec<Queue>,
}

/// A queue URL and its `GetQueueAttributes` answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Queue {
    pub queue_url: String,
    pub attributes: BTreeMap<String, String>,
}

/// The attributes copied as they are: (property, attribute).
const ATTRIBUTES: [(&str, &str); 13] = [
    ("delay_seconds", "DelaySeconds"),
    ("maximum_message_size", "MaximumMessageSize"),
    ("message_retention_period", "MessageRetentionPeriod"),
    ("policy", "Policy"),
    (
        "receive_message_wait_time_seconds",
        "ReceiveMessageWaitTimeSeconds",
    ),
    ("visibility_timeout", "VisibilityTimeout"),
    ("kms_master_key_id", "KmsMasterKeyId"),
    (
        "kms_data_key_reuse_period_seconds",
        "KmsDataKeyReusePeriodSeconds",
    ),
    ("fifo_queue", "FifoQueue"),
    ("content_based_deduplication", "ContentBasedDeduplication"),
    ("deduplication_scope", "DeduplicationScope"),
    ("fifo_throughput_limit", "FifoThroughputLimit"),
    ("arn", "QueueArn"),
];

pub const QUEUE: NodeSchema = NodeSchema {
    label: "AWSSQSQueue",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("SQSQueue")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::field("url", "url"),
        Property::field("created_timestamp", "created_timestamp"),
        Property::field("delay_seconds", "delay_seconds"),
        Property::field("last_modified_timestamp", "last_modified_timestamp"),
        Property::field("maximum_message_size", "maximum_message_size"),
        Property::field("message_retention_period", "message_retention_period"),
        Property::field("policy", "policy"),
        Property::field(
            "receive_message_wait_time_seconds",
            "receive_message_wait_time_seconds",
        ),
        Property::field(
            "redrive_policy_dead_letter_target_arn",
            "redrive_policy_dead_letter_target_arn",
        ),
        Property::field(
            "redrive_policy_max_receive_count",
            "redrive_policy_max_receive_count",
        ),
        Property::field("visibility_timeout", "visibility_timeout"),
        Property::field("kms_master_key_id", "kms_master_key_id"),
        Property::field(
            "kms_data_key_reuse_period_seconds",
            "kms_data_key_reuse_period_seconds",
        ),
        Property::field("fifo_queue", "fifo_queue"),
        Property::field("content_based_deduplication", "content_based_deduplication"),
        Property::field("deduplication_scope", "deduplication_scope"),
        Property::field("fifo_throughput_limit", "fifo_throughput_limit"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "HAS_DEADLETTER_QUEUE",
        Direction::Outward,
        "AWSSQSQueue",
        &[Matcher::field(
            "id",
            "redrive_policy_dead_letter_target_arn",
        )],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for SqsRecords {
    fn count(&self) -> u64 {
        self.queues.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rows = self
            .queues
            .iter()
            .filter(|q| q.attributes.contains_key("QueueArn"))
            .map(queue)
            .collect();
        vec![(&QUEUE, rows)]
    }
}

fn queue(q: &Queue) -> Row {
    let attr = |name: &str| q.attributes.get(name).map(String::as_str);
    let text = |name: &str| attr(name).map_or(Value::Null, Value::from);
    // Epoch seconds; some emulators add a fraction, which Cartography's int() would refuse.
    let seconds = |name: &str| {
        let secs = attr(name)
            .and_then(|t| t.parse::<f64>().ok())
            .unwrap_or(0.0);
        Value::from(secs.trunc() as i64)
    };
    let redrive: Json = attr("RedrivePolicy")
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or(Json::Null);
    let arn = attr("QueueArn").unwrap_or_default();
    let mut r = row([
        ("url", Value::from(q.queue_url.as_str())),
        ("name", Value::from(arn.rsplit(':').next().unwrap_or(arn))),
        (
            "redrive_policy_dead_letter_target_arn",
            redrive
                .get("deadLetterTargetArn")
                .map_or(Value::Null, json_value),
        ),
        (
            "redrive_policy_max_receive_count",
            redrive
                .get("maxReceiveCount")
                .map_or(Value::Null, json_value),
        ),
    ]);
    for (property, attribute) in ATTRIBUTES {
        r.insert(property.to_string(), text(attribute));
    }
    for (property, attribute) in [
        ("created_timestamp", "CreatedTimestamp"),
        ("last_modified_timestamp", "LastModifiedTimestamp"),
    ] {
        r.insert(property.to_string(), seconds(attribute));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn redrive_policy_is_unpacked_and_timestamps_are_integers() {
        let q = Queue {
            queue_url: "https://sqs.us-east-1.amazonaws.com/1/main".into(),
            attributes: [
                ("QueueArn", "arn:aws:sqs:us-east-1:1:main"),
                ("CreatedTimestamp", "1700000000.25"),
                (
                    "RedrivePolicy",
                    r#"{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:1:dlq","maxReceiveCount":3}"#,
                ),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        };
        let r = queue(&q);
        assert_eq!(show(r.get("name")), show(Some(&Value::from("main"))));
        assert_eq!(
            show(r.get("created_timestamp")),
            show(Some(&Value::from(1_700_000_000_i64)))
        );
        assert_eq!(
            show(r.get("last_modified_timestamp")),
            show(Some(&Value::from(0_i64)))
        );
        assert_eq!(
            show(r.get("redrive_policy_dead_letter_target_arn")),
            show(Some(&Value::from("arn:aws:sqs:us-east-1:1:dlq")))
        );
        assert_eq!(
            show(r.get("redrive_policy_max_receive_count")),
            show(Some(&Value::from(3_i64)))
        );
    }

    #[test]
    fn statement_is_cartographys_shape() {
        let q = ingest_query(&QUEUE);
        assert!(q.contains("MERGE (i:AWSSQSQueue {id: item.arn})"), "{q}");
        assert!(q.contains("i:SQSQueue"), "{q}");
        assert!(
            q.contains("MERGE (i)-[r0:HAS_DEADLETTER_QUEUE]->(n0)"),
            "{q}"
        );
    }
}

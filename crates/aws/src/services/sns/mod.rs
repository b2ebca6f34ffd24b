//! SNS (`sns`): `ListTopics` with `GetTopicAttributes` for each, and `ListSubscriptions`,
//! per region. Subscriptions link to their topic.

#[cfg(feature = "sns")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "sns",
    feature: "sns",
    regional: true,
    after: &[],
    schemas: &[&TOPIC, &SUBSCRIPTION],
    links: &[],
    decode: decode::<SnsRecords>,
    demo: include_str!("../../../data/demo/services/sns.json"),
    #[cfg(feature = "sns")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "sns")))]
    fetch: None,
};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SnsRecords {
    pub topics: Vec<Topic>,
    pub subscriptions: Vec<Subscription>,
}

/// A topic ARN and its `GetTopicAttributes` answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Topic {
    pub topic_arn: String,
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Subscription {
    pub subscription_arn: String,
    pub topic_arn: Option<String>,
    pub endpoint: Option<String>,
    pub owner: Option<String>,
    pub protocol: Option<String>,
}

pub const TOPIC: NodeSchema = NodeSchema {
    label: "AWSSNSTopic",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("SNSTopic")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::field("displayname", "displayname"),
        Property::field("owner", "owner"),
        Property::field("subscriptionspending", "subscriptionspending"),
        Property::field("subscriptionsconfirmed", "subscriptionsconfirmed"),
        Property::field("subscriptionsdeleted", "subscriptionsdeleted"),
        Property::field("deliverypolicy", "deliverypolicy"),
        Property::field("effectivedeliverypolicy", "effectivedeliverypolicy"),
        Property::field("kmsmasterkeyid", "kmsmasterkeyid"),
        // Not in Cartography: the topic policy, for resource-policy analysis.
        Property::field("policy", "policy"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const SUBSCRIPTION: NodeSchema = NodeSchema {
    label: "AWSSNSTopicSubscription",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("SNSTopicSubscription")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("topic_arn", "topic_arn"),
        Property::field("endpoint", "endpoint"),
        Property::field("owner", "owner"),
        Property::field("protocol", "protocol"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "HAS_SUBSCRIPTION",
        Direction::Outward,
        "AWSSNSTopic",
        &[Matcher::field("id", "topic_arn")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for SnsRecords {
    fn count(&self) -> u64 {
        (self.topics.len() + self.subscriptions.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        // Unconfirmed subscriptions have no ARN yet (`PendingConfirmation`): not a node id.
        let subscriptions = self
            .subscriptions
            .iter()
            .filter(|s| s.subscription_arn.starts_with("arn:"))
            .map(subscription)
            .collect();
        vec![
            (&TOPIC, self.topics.iter().map(topic).collect()),
            (&SUBSCRIPTION, subscriptions),
        ]
    }
}

fn topic(t: &Topic) -> Row {
    let text = |name: &str| Value::from(t.attributes.get(name).map_or("", String::as_str));
    let count = |name: &str| {
        let n = t.attributes.get(name).and_then(|n| n.parse::<i64>().ok());
        Value::from(n.unwrap_or(0))
    };
    let arn = t.topic_arn.as_str();
    row([
        ("arn", Value::from(arn)),
        ("name", Value::from(arn.rsplit(':').next().unwrap_or(arn))),
        ("displayname", text("DisplayName")),
        ("owner", text("Owner")),
        ("subscriptionspending", count("SubscriptionsPending")),
        ("subscriptionsconfirmed", count("SubscriptionsConfirmed")),
        ("subscriptionsdeleted", count("SubscriptionsDeleted")),
        ("deliverypolicy", text("DeliveryPolicy")),
        ("effectivedeliverypolicy", text("EffectiveDeliveryPolicy")),
        ("kmsmasterkeyid", text("KmsMasterKeyId")),
        (
            "policy",
            t.attributes
                .get("Policy")
                .map_or(Value::Null, |p| Value::from(p.as_str())),
        ),
    ])
}

fn subscription(s: &Subscription) -> Row {
    row([
        ("arn", Value::from(s.subscription_arn.as_str())),
        ("topic_arn", opt(&s.topic_arn)),
        ("endpoint", opt(&s.endpoint)),
        ("owner", opt(&s.owner)),
        ("protocol", opt(&s.protocol)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn pending_subscriptions_are_not_nodes_and_counts_are_integers() {
        let records = SnsRecords {
            topics: vec![Topic {
                topic_arn: "arn:aws:sns:us-east-1:1:alerts".into(),
                attributes: [("SubscriptionsConfirmed".to_string(), "2".to_string())].into(),
            }],
            subscriptions: vec![
                Subscription {
                    subscription_arn: "arn:aws:sns:us-east-1:1:alerts:abc".into(),
                    ..Default::default()
                },
                Subscription {
                    subscription_arn: "PendingConfirmation".into(),
                    ..Default::default()
                },
            ],
        };
        let rows = records.rows("1");
        let t = &rows[0].1[0];
        assert_eq!(show(t.get("name")), show(Some(&Value::from("alerts"))));
        assert_eq!(
            show(t.get("subscriptionsconfirmed")),
            show(Some(&Value::from(2_i64)))
        );
        assert_eq!(show(t.get("displayname")), show(Some(&Value::from(""))));
        assert_eq!(rows[1].1.len(), 1);
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&SUBSCRIPTION);
        assert!(
            q.contains("MERGE (i:AWSSNSTopicSubscription {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r0:HAS_SUBSCRIPTION]->(n0)"), "{q}");
        assert!(ingest_query(&TOPIC).contains("i:SNSTopic"));
    }
}

//! Security Hub (`securityhub`): whether the account subscribes to it (`DescribeHub`), read
//! once per account as Cartography does. An account without a hub has no node.

#[cfg(feature = "securityhub")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{CleanupMode, ExtraLabel, NodeSchema, Property, Row, Source};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{epoch_seconds, row};

pub const SERVICE: Service = Service {
    key: "securityhub",
    feature: "securityhub",
    regional: false,
    after: &[],
    schemas: &[&HUB],
    links: &[],
    decode: decode::<SecurityHubRecords>,
    demo: include_str!("../../../data/demo/services/securityhub.json"),
    #[cfg(feature = "securityhub")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "securityhub")))]
    fetch: None,
};

/// The `DescribeHub` answer, absent when the account is not subscribed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityHubRecords {
    pub hub: Option<Hub>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Hub {
    pub hub_arn: String,
    pub subscribed_at: Option<String>,
    pub auto_enable_controls: Option<bool>,
}

pub const HUB: NodeSchema = NodeSchema {
    label: "AWSSecurityHub",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("SecurityHub")],
    properties: &[
        Property::field("subscribed_at", "subscribed_at"),
        Property::field("auto_enable_controls", "auto_enable_controls"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

impl Records for SecurityHubRecords {
    fn count(&self) -> u64 {
        u64::from(self.hub.is_some())
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rows = self
            .hub
            .iter()
            .map(|h| {
                row([
                    ("id", Value::from(h.hub_arn.as_str())),
                    // Epoch seconds, as Cartography stores it.
                    (
                        "subscribed_at",
                        Value::from(epoch_seconds(&h.subscribed_at)),
                    ),
                    ("auto_enable_controls", Value::from(h.auto_enable_controls)),
                ])
            })
            .collect();
        vec![(&HUB, rows)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn subscription_time_is_epoch_seconds() {
        let records: SecurityHubRecords = serde_json::from_value(serde_json::json!({
            "Hub": {"HubArn": "arn:aws:securityhub:us-east-1:1:hub/default",
                    "SubscribedAt": "2024-01-02T03:04:05.000Z", "AutoEnableControls": true}
        }))
        .unwrap();
        let rows = records.rows("1");
        assert!(matches!(
            rows[0].1[0].get("subscribed_at"),
            Some(Value::Int(1_704_164_645))
        ));
        assert!(SecurityHubRecords::default().rows("1")[0].1.is_empty());
        let q = ingest_query(&HUB);
        assert!(q.contains("MERGE (i:AWSSecurityHub {id: item.id})"), "{q}");
        assert!(q.contains("i:SecurityHub"), "{q}");
    }
}

//! EventBridge (`eventbridge`): the default event bus's rules (`ListRules`) and each rule's
//! targets (`ListTargetsByRule`), per region. As in Cartography, a target is identified by
//! the ARN it delivers to, so rules sharing a destination share its node.

#[cfg(feature = "eventbridge")]
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
    key: "eventbridge",
    feature: "eventbridge",
    regional: true,
    after: &["iam"],
    schemas: &[&RULE, &TARGET],
    links: &[],
    decode: decode::<EventBridgeRecords>,
    demo: include_str!("../../../data/demo/services/eventbridge.json"),
    #[cfg(feature = "eventbridge")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "eventbridge")))]
    fetch: None,
};

/// One region's rules, each with its targets.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventBridgeRecords {
    pub rules: Vec<Rule>,
}

/// A `ListRules` entry with the `ListTargetsByRule` answer added as `Targets`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Rule {
    pub name: Option<String>,
    pub arn: String,
    pub event_pattern: Option<String>,
    pub state: Option<String>,
    pub description: Option<String>,
    pub schedule_expression: Option<String>,
    pub role_arn: Option<String>,
    pub managed_by: Option<String>,
    pub event_bus_name: Option<String>,
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Target {
    pub id: Option<String>,
    pub arn: String,
    pub role_arn: Option<String>,
}

/// The role a rule uses to reach its targets.
const ASSOCIATED_WITH_ROLE: RelSchema = RelSchema::new(
    "ASSOCIATED_WITH",
    Direction::Outward,
    "AWSRole",
    &[Matcher::field("arn", "role_arn")],
);

pub const RULE: NodeSchema = NodeSchema {
    label: "AWSEventBridgeRule",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("EventBridgeRule")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::param("region", "Region"),
        Property::field("event_pattern", "event_pattern"),
        Property::field("state", "state"),
        Property::field("description", "description"),
        Property::field("schedule_expression", "schedule_expression"),
        Property::field("role_arn", "role_arn"),
        Property::field("managed_by", "managed_by"),
        Property::field("event_bus_name", "event_bus_name"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[ASSOCIATED_WITH_ROLE],
    cleanup: CleanupMode::Scoped,
};

pub const TARGET: NodeSchema = NodeSchema {
    label: "AWSEventBridgeTarget",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("EventBridgeTarget")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("rule_arn", "rule_arn"),
        Property::field("role_arn", "role_arn"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "LINKED_TO_RULE",
        Direction::Outward,
        "AWSEventBridgeRule",
        &[Matcher::field("arn", "rule_arn")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for EventBridgeRecords {
    fn count(&self) -> u64 {
        self.rules.iter().map(|r| 1 + r.targets.len() as u64).sum()
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let rules = self.rules.iter().map(rule).collect();
        let targets = self
            .rules
            .iter()
            .flat_map(|r| {
                r.targets.iter().map(|t| {
                    row([
                        ("arn", Value::from(t.arn.as_str())),
                        ("rule_arn", Value::from(r.arn.as_str())),
                        ("role_arn", opt(&t.role_arn)),
                    ])
                })
            })
            .collect();
        vec![(&RULE, rules), (&TARGET, targets)]
    }
}

fn rule(r: &Rule) -> Row {
    row([
        ("arn", Value::from(r.arn.as_str())),
        ("name", opt(&r.name)),
        ("event_pattern", opt(&r.event_pattern)),
        ("state", opt(&r.state)),
        ("description", opt(&r.description)),
        ("schedule_expression", opt(&r.schedule_expression)),
        ("role_arn", opt(&r.role_arn)),
        ("managed_by", opt(&r.managed_by)),
        ("event_bus_name", opt(&r.event_bus_name)),
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
    fn targets_carry_their_rule() {
        let records = EventBridgeRecords {
            rules: vec![Rule {
                arn: "arn:aws:events:us-east-1:1:rule/nightly".into(),
                targets: vec![Target {
                    id: Some("report".into()),
                    arn: "arn:aws:lambda:us-east-1:1:function:report".into(),
                    role_arn: None,
                }],
                ..Default::default()
            }],
        };
        assert_eq!(records.count(), 2);
        let rows = records.rows("1");
        let target = &rows[1].1[0];
        assert_eq!(
            show(target.get("arn")),
            show(Some(&Value::from(
                "arn:aws:lambda:us-east-1:1:function:report"
            )))
        );
        assert_eq!(
            show(target.get("rule_arn")),
            show(Some(&Value::from(
                "arn:aws:events:us-east-1:1:rule/nightly"
            )))
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&RULE);
        assert!(
            q.contains("MERGE (i:AWSEventBridgeRule {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("i:EventBridgeRule"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:ASSOCIATED_WITH]->(n0)"), "{q}");
        let q = ingest_query(&TARGET);
        assert!(
            q.contains("MERGE (i:AWSEventBridgeTarget {id: item.arn})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r0:LINKED_TO_RULE]->(n0)"), "{q}");
    }
}

//! Side effects as the TCK defines them: differences between the graph before and after a
//! query, observed the way a later query would see them.
//!
//! Nodes and relationships count by identity; labels count distinct label names present
//! in the graph (not label assignments); properties count (entity, key, value) triples, so
//! changing a value is one removal plus one addition.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use cartograph_graph::{GraphDump, Value};

/// The eight side-effect quantities; unlisted ones are zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SideEffects {
    pub plus_nodes: usize,
    pub minus_nodes: usize,
    pub plus_relationships: usize,
    pub minus_relationships: usize,
    pub plus_labels: usize,
    pub minus_labels: usize,
    pub plus_properties: usize,
    pub minus_properties: usize,
}

const NAMES: [&str; 8] = [
    "+nodes",
    "-nodes",
    "+relationships",
    "-relationships",
    "+labels",
    "-labels",
    "+properties",
    "-properties",
];

impl SideEffects {
    fn slot(&mut self, name: &str) -> Option<&mut usize> {
        Some(match name {
            "+nodes" => &mut self.plus_nodes,
            "-nodes" => &mut self.minus_nodes,
            "+relationships" => &mut self.plus_relationships,
            "-relationships" => &mut self.minus_relationships,
            "+labels" => &mut self.plus_labels,
            "-labels" => &mut self.minus_labels,
            "+properties" => &mut self.plus_properties,
            "-properties" => &mut self.minus_properties,
            _ => return None,
        })
    }

    fn values(&self) -> [usize; 8] {
        [
            self.plus_nodes,
            self.minus_nodes,
            self.plus_relationships,
            self.minus_relationships,
            self.plus_labels,
            self.minus_labels,
            self.plus_properties,
            self.minus_properties,
        ]
    }

    /// Read an `And the side effects should be:` table (`| +nodes | 1 |` rows).
    pub fn from_table(table: &[Vec<String>]) -> Result<SideEffects, String> {
        let mut effects = SideEffects::default();
        for row in table {
            let [name, count] = row.as_slice() else {
                return Err(format!("side-effect row must have two cells: {row:?}"));
            };
            let slot = effects
                .slot(name)
                .ok_or_else(|| format!("unknown side effect `{name}`"))?;
            *slot = count
                .parse()
                .map_err(|_| format!("bad side-effect count `{count}` for {name}"))?;
        }
        Ok(effects)
    }

    /// The changes from `before` to `after`.
    pub fn diff(before: &GraphDump, after: &GraphDump) -> SideEffects {
        let (nodes_before, nodes_after) = (node_ids(before), node_ids(after));
        let (rels_before, rels_after) = (rel_ids(before), rel_ids(after));
        let (labels_before, labels_after) = (labels(before), labels(after));
        let (props_before, props_after) = (properties(before), properties(after));
        SideEffects {
            plus_nodes: nodes_after.difference(&nodes_before).count(),
            minus_nodes: nodes_before.difference(&nodes_after).count(),
            plus_relationships: rels_after.difference(&rels_before).count(),
            minus_relationships: rels_before.difference(&rels_after).count(),
            plus_labels: labels_after.difference(&labels_before).count(),
            minus_labels: labels_before.difference(&labels_after).count(),
            plus_properties: missing_from(&props_after, &props_before),
            minus_properties: missing_from(&props_before, &props_after),
        }
    }
}

impl fmt::Display for SideEffects {
    /// Only the non-zero quantities, e.g. `+nodes 1, +labels 1`; `none` when all are zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = NAMES
            .iter()
            .zip(self.values())
            .filter(|(_, v)| *v > 0)
            .map(|(n, v)| format!("{n} {v}"))
            .collect();
        if parts.is_empty() {
            write!(f, "none")
        } else {
            write!(f, "{}", parts.join(", "))
        }
    }
}

fn node_ids(d: &GraphDump) -> HashSet<u64> {
    d.nodes.iter().map(|(id, _, _)| id.0).collect()
}

fn rel_ids(d: &GraphDump) -> HashSet<u64> {
    d.rels.iter().map(|(id, ..)| id.0).collect()
}

fn labels(d: &GraphDump) -> BTreeSet<&str> {
    d.nodes
        .iter()
        .flat_map(|(_, labels, _)| labels.iter().map(String::as_str))
        .collect()
}

/// Property triples keyed by (is relationship, entity id, key).
type Props<'a> = BTreeMap<(bool, u64, &'a str), &'a Value>;

fn properties(d: &GraphDump) -> Props<'_> {
    let nodes = d
        .nodes
        .iter()
        .flat_map(|(id, _, p)| p.iter().map(move |(k, v)| ((false, id.0, k.as_str()), v)));
    let rels = d
        .rels
        .iter()
        .flat_map(|(id, _, _, _, p)| p.iter().map(move |(k, v)| ((true, id.0, k.as_str()), v)));
    nodes.chain(rels).collect()
}

/// How many triples of `a` are not in `b`.
fn missing_from(a: &Props<'_>, b: &Props<'_>) -> usize {
    a.iter()
        .filter(|(key, v)| b.get(*key).is_none_or(|w| !identical(v, w)))
        .count()
}

/// Exact identity of stored values: types must agree (`1` is not `1.0`), NaN equals NaN.
fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits() || x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| identical(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && identical(v1, v2))
        }
        (Value::Date(x), Value::Date(y)) => x == y,
        (Value::LocalTime(x), Value::LocalTime(y)) => x == y,
        (Value::Time(x), Value::Time(y)) => x == y,
        (Value::LocalDateTime(x), Value::LocalDateTime(y)) => x == y,
        (Value::DateTime(x), Value::DateTime(y)) => x == y,
        (Value::Duration(x), Value::Duration(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use cartograph_graph::{NodeId, RelId};

    use super::*;

    fn node(
        id: u64,
        labels: &[&str],
        props: &[(&str, Value)],
    ) -> (NodeId, Vec<String>, BTreeMap<String, Value>) {
        (
            NodeId(id),
            labels.iter().map(|l| l.to_string()).collect(),
            props
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn labels_count_distinct_names() {
        let before = GraphDump::default();
        let after = GraphDump {
            nodes: vec![node(1, &["Label"], &[]), node(2, &["Label"], &[])],
            rels: vec![],
        };
        let e = SideEffects::diff(&before, &after);
        assert_eq!(
            e,
            SideEffects {
                plus_nodes: 2,
                plus_labels: 1,
                ..Default::default()
            }
        );
        assert_eq!(e.to_string(), "+nodes 2, +labels 1");
        // A label already present elsewhere is not a new label.
        let more = GraphDump {
            nodes: vec![
                node(1, &["Label"], &[]),
                node(2, &["Label"], &[]),
                node(3, &["Label"], &[]),
            ],
            rels: vec![],
        };
        assert_eq!(
            SideEffects::diff(&after, &more),
            SideEffects {
                plus_nodes: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn properties_are_triples() {
        let before = GraphDump {
            nodes: vec![node(
                1,
                &["A"],
                &[("name", Value::from("Andres")), ("n", Value::Int(1))],
            )],
            rels: vec![],
        };
        let after = GraphDump {
            nodes: vec![node(
                1,
                &["A"],
                &[("name", Value::from("Michael")), ("n", Value::Int(1))],
            )],
            rels: vec![],
        };
        assert_eq!(
            SideEffects::diff(&before, &after),
            SideEffects {
                plus_properties: 1,
                minus_properties: 1,
                ..Default::default()
            }
        );
        let float = GraphDump {
            nodes: vec![node(
                1,
                &["A"],
                &[("name", Value::from("Andres")), ("n", Value::Float(1.0))],
            )],
            rels: vec![],
        };
        assert_eq!(
            SideEffects::diff(&before, &float),
            SideEffects {
                plus_properties: 1,
                minus_properties: 1,
                ..Default::default()
            }
        );
        assert_eq!(SideEffects::diff(&before, &before), SideEffects::default());
    }

    #[test]
    fn deletes() {
        let before = GraphDump {
            nodes: vec![
                node(1, &["N"], &[("num", Value::Int(42))]),
                node(2, &[], &[]),
            ],
            rels: vec![(
                RelId(5),
                "R".into(),
                NodeId(1),
                NodeId(2),
                BTreeMap::from([("w".to_string(), Value::Int(1))]),
            )],
        };
        let after = GraphDump {
            nodes: vec![node(2, &[], &[])],
            rels: vec![],
        };
        assert_eq!(
            SideEffects::diff(&before, &after),
            SideEffects {
                minus_nodes: 1,
                minus_relationships: 1,
                minus_labels: 1,
                minus_properties: 2,
                ..Default::default()
            }
        );
    }

    #[test]
    fn tables() {
        let t = vec![
            vec!["+nodes".to_string(), "1".to_string()],
            vec!["-properties".to_string(), "2".to_string()],
        ];
        assert_eq!(
            SideEffects::from_table(&t),
            Ok(SideEffects {
                plus_nodes: 1,
                minus_properties: 2,
                ..Default::default()
            })
        );
        assert!(SideEffects::from_table(&[vec!["+things".to_string(), "1".to_string()]]).is_err());
        assert!(SideEffects::from_table(&[vec!["+nodes".to_string(), "x".to_string()]]).is_err());
    }
}

//! Turning final rows into a [`QueryResult`] with a snapshot of every entity they mention.

use std::collections::BTreeMap;

use crate::result::{Counters, NodeSnapshot, QueryResult, RelSnapshot};
use crate::store::{Graph, PropMap};
use crate::value::Value;

use super::Row;

pub(crate) fn assemble(
    g: &Graph,
    columns: Vec<String>,
    rows: Vec<Row>,
    counters: Counters,
) -> QueryResult {
    let mut res = QueryResult {
        columns,
        rows: Vec::new(),
        counters,
        ..QueryResult::default()
    };
    for r in &rows {
        for v in r {
            snapshot(g, v, &mut res);
        }
    }
    res.rows = rows;
    res
}

fn props(g: &Graph, p: &PropMap) -> BTreeMap<String, Value> {
    p.iter()
        .map(|(k, v)| (g.name(k).to_string(), v.clone()))
        .collect()
}

fn snapshot_node(g: &Graph, id: crate::value::NodeId, res: &mut QueryResult) {
    if res.nodes.contains_key(&id) {
        return;
    }
    if let Some(n) = g.node(id) {
        res.nodes.insert(
            id,
            NodeSnapshot {
                labels: n.labels.iter().map(|l| g.name(*l).to_string()).collect(),
                properties: props(g, &n.props),
            },
        );
    }
}

fn snapshot_rel(g: &Graph, id: crate::value::RelId, res: &mut QueryResult) {
    if res.relationships.contains_key(&id) {
        return;
    }
    if let Some(r) = g.rel(id) {
        res.relationships.insert(
            id,
            RelSnapshot {
                rel_type: g.name(r.rel_type).to_string(),
                start: r.src,
                end: r.dst,
                properties: props(g, &r.props),
            },
        );
        snapshot_node(g, r.src, res);
        snapshot_node(g, r.dst, res);
    }
}

fn snapshot(g: &Graph, v: &Value, res: &mut QueryResult) {
    match v {
        Value::Node(id) => snapshot_node(g, *id, res),
        Value::Relationship(id) => snapshot_rel(g, *id, res),
        Value::Path(p) => {
            for n in &p.nodes {
                snapshot_node(g, *n, res);
            }
            for r in &p.rels {
                snapshot_rel(g, *r, res);
            }
        }
        Value::List(items) => items.iter().for_each(|x| snapshot(g, x, res)),
        Value::Map(m) => m.values().for_each(|x| snapshot(g, x, res)),
        _ => {}
    }
}

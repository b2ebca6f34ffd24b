//! What running a statement returns.

use std::collections::{BTreeMap, HashMap};

use crate::value::{NodeId, RelId, Value};

/// The rows of a statement, its update counters, and a snapshot (taken when the statement
/// finished) of every node and relationship its rows mention, so that printers, the TCK runner
/// and the Bolt server can render entities without going back to the graph.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub counters: Counters,
    pub nodes: HashMap<NodeId, NodeSnapshot>,
    pub relationships: HashMap<RelId, RelSnapshot>,
}

/// A node as it was when the statement finished. A node deleted by the statement is absent.
#[derive(Debug, Clone)]
pub struct NodeSnapshot {
    pub labels: Vec<String>,
    pub properties: BTreeMap<String, Value>,
}

/// A relationship as it was when the statement finished.
#[derive(Debug, Clone)]
pub struct RelSnapshot {
    pub rel_type: String,
    pub start: NodeId,
    pub end: NodeId,
    pub properties: BTreeMap<String, Value>,
}

/// Update counters, as Neo4j reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub nodes_created: u64,
    pub nodes_deleted: u64,
    pub relationships_created: u64,
    pub relationships_deleted: u64,
    pub labels_added: u64,
    pub labels_removed: u64,
    pub properties_set: u64,
    pub indexes_added: u64,
    pub indexes_removed: u64,
    pub constraints_added: u64,
    pub constraints_removed: u64,
}

impl Counters {
    pub fn contains_updates(&self) -> bool {
        *self != Counters::default()
    }

    pub fn add(&mut self, other: &Counters) {
        self.nodes_created += other.nodes_created;
        self.nodes_deleted += other.nodes_deleted;
        self.relationships_created += other.relationships_created;
        self.relationships_deleted += other.relationships_deleted;
        self.labels_added += other.labels_added;
        self.labels_removed += other.labels_removed;
        self.properties_set += other.properties_set;
        self.indexes_added += other.indexes_added;
        self.indexes_removed += other.indexes_removed;
        self.constraints_added += other.constraints_added;
        self.constraints_removed += other.constraints_removed;
    }
}

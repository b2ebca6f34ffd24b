//! The in-memory working set: nodes, relationships, label and property indexes, schema, and
//! an undo log that makes every statement and transaction atomic.
//!
//! The disk ([`disk`]) is the source of truth; this is what queries run against. Every
//! mutation goes through a method here that keeps the indexes right, records how to undo it,
//! and marks what must be written at commit.

pub(crate) mod disk;
pub(crate) mod lock;
mod symbols;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Bound;

use cartograph_cypher::{CypherError, ErrorKind};

use crate::value::{NodeId, RelId, Value};
pub use symbols::{Sym, Symbols};

/// Properties in insertion order (what `keys(n)` returns).
#[derive(Debug, Clone, Default)]
pub struct PropMap(Vec<(Sym, Value)>);

impl PropMap {
    pub fn get(&self, key: Sym) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Sym, &Value)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Set `key` (null removes it); returns the previous value.
    fn set(&mut self, key: Sym, value: Value) -> Option<Value> {
        let pos = self.0.iter().position(|(k, _)| *k == key);
        match (pos, value.is_null()) {
            (Some(i), true) => Some(self.0.remove(i).1),
            (Some(i), false) => Some(std::mem::replace(&mut self.0[i].1, value)),
            (None, true) => None,
            (None, false) => {
                self.0.push((key, value));
                None
            }
        }
    }
}

/// A node's relationships in one direction. A plain list, plus a position index once the
/// node is a hub, so that deleting one of a hub's relationships (stale cleanup under an
/// account with 100,000s of resources) costs O(1) rather than a scan of the whole list.
#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    ids: Vec<RelId>,
    positions: Option<HashMap<RelId, usize>>,
}

/// From this many relationships on, a node keeps a position index.
const HUB_DEGREE: usize = 64;

impl Adjacency {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, RelId> {
        self.ids.iter()
    }

    fn push(&mut self, id: RelId) {
        if let Some(p) = &mut self.positions {
            p.insert(id, self.ids.len());
        }
        self.ids.push(id);
        if self.positions.is_none() && self.ids.len() >= HUB_DEGREE {
            self.positions = Some(self.ids.iter().enumerate().map(|(i, r)| (*r, i)).collect());
        }
    }

    /// Remove `id` (order of the others may change).
    fn remove(&mut self, id: RelId) {
        let pos = match &mut self.positions {
            Some(p) => p.remove(&id),
            None => self.ids.iter().position(|r| *r == id),
        };
        let Some(pos) = pos else { return };
        self.ids.swap_remove(pos);
        if let (Some(p), Some(moved)) = (&mut self.positions, self.ids.get(pos)) {
            p.insert(*moved, pos);
        }
    }
}

impl<'a> IntoIterator for &'a Adjacency {
    type Item = &'a RelId;
    type IntoIter = std::slice::Iter<'a, RelId>;

    fn into_iter(self) -> Self::IntoIter {
        self.ids.iter()
    }
}

#[derive(Debug, Clone, Default)]
pub struct NodeRecord {
    /// Labels in the order they were added (what `labels(n)` returns).
    pub labels: Vec<Sym>,
    pub props: PropMap,
    /// Relationships starting here, then those ending here (a self-loop is in both).
    pub out: Adjacency,
    pub inc: Adjacency,
}

#[derive(Debug, Clone)]
pub struct RelRecord {
    pub src: NodeId,
    pub dst: NodeId,
    pub rel_type: Sym,
    pub props: PropMap,
}

/// What an index or constraint covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EntityKind {
    Node,
    Relationship,
}

/// A property index (range semantics: equality, ranges, prefix) on a label or type.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndexDef {
    pub name: String,
    pub entity: EntityKind,
    /// Label (nodes) or relationship type.
    pub token: String,
    pub properties: Vec<String>,
    /// Set when the index backs a constraint (it is then listed with the constraint).
    pub owning_constraint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ConstraintType {
    Unique,
    NodeKey,
    NotNull,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConstraintDef {
    pub name: String,
    pub entity: EntityKind,
    pub token: String,
    pub properties: Vec<String>,
    pub kind: ConstraintType,
}

/// The key of an index entry: the indexed properties' values, ordered as `ORDER BY` orders.
/// Single-property keys (nearly all of them) hold their value without a `Vec`.
#[derive(Debug, Clone)]
pub enum IndexKey {
    One(Value),
    Many(Vec<Value>),
}

impl IndexKey {
    pub fn values(&self) -> &[Value] {
        match self {
            IndexKey::One(v) => std::slice::from_ref(v),
            IndexKey::Many(v) => v,
        }
    }
}

impl PartialEq for IndexKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for IndexKey {}
impl PartialOrd for IndexKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for IndexKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.values(), other.values());
        for (x, y) in a.iter().zip(b) {
            match x.order_cmp(y) {
                std::cmp::Ordering::Equal => {}
                o => return o,
            }
        }
        a.len().cmp(&b.len())
    }
}

/// The entities holding one key: usually one (ids), so that case avoids a set allocation.
#[derive(Debug, Clone)]
enum IdSet {
    One(u64),
    Many(BTreeSet<u64>),
}

impl IdSet {
    fn insert(&mut self, id: u64) {
        match self {
            IdSet::One(x) if *x == id => {}
            IdSet::One(x) => *self = IdSet::Many([*x, id].into_iter().collect()),
            IdSet::Many(s) => {
                s.insert(id);
            }
        }
    }

    /// Remove `id`; true when the set became empty.
    fn remove(&mut self, id: u64) -> bool {
        match self {
            IdSet::One(x) => *x == id,
            IdSet::Many(s) => {
                s.remove(&id);
                s.is_empty()
            }
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = u64> + '_> {
        match self {
            IdSet::One(x) => Box::new(std::iter::once(*x)),
            IdSet::Many(s) => Box::new(s.iter().copied()),
        }
    }
}

/// The live data of one index definition.
#[derive(Debug, Clone)]
struct IndexData {
    entity: EntityKind,
    token: Sym,
    keys: Vec<Sym>,
    entries: BTreeMap<IndexKey, IdSet>,
    /// Backs a uniqueness constraint: a second entity with the same key is refused.
    unique: bool,
}

impl IndexData {
    /// The key an entity with `props` has in this index: None when any property is missing
    /// (such entities are not indexed, as in Neo4j).
    fn key_of(&self, props: &PropMap) -> Option<IndexKey> {
        if let [k] = self.keys[..] {
            return props.get(k).map(|v| IndexKey::One(v.clone()));
        }
        let mut values = Vec::with_capacity(self.keys.len());
        for k in &self.keys {
            values.push(props.get(*k)?.clone());
        }
        Some(IndexKey::Many(values))
    }

    /// Add `id` under `key`; false (and nothing added) if that would break uniqueness.
    fn add(&mut self, key: IndexKey, id: u64) -> bool {
        match self.entries.entry(key) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(IdSet::One(id));
                true
            }
            std::collections::btree_map::Entry::Occupied(mut e) => {
                if self.unique && e.get().iter().any(|x| x != id) {
                    return false;
                }
                e.get_mut().insert(id);
                true
            }
        }
    }
}

/// One step of the undo log.
#[derive(Debug)]
enum Undo {
    CreatedNode(NodeId),
    DeletedNode(NodeId, NodeRecord),
    CreatedRel(RelId),
    DeletedRel(RelId, RelRecord),
    NodeProp(NodeId, Sym, Option<Value>),
    RelProp(RelId, Sym, Option<Value>),
    AddedLabel(NodeId, Sym),
    RemovedLabel(NodeId, Sym, usize),
    Schema(Box<SchemaState>),
}

/// Index and constraint definitions with their live data.
#[derive(Debug, Clone, Default)]
struct SchemaState {
    indexes: Vec<IndexDef>,
    constraints: Vec<ConstraintDef>,
    data: Vec<IndexData>,
}

/// A position in the undo log to roll back to.
#[derive(Debug, Clone, Copy)]
pub struct Savepoint(usize);

/// The graph, in memory.
#[derive(Debug, Default)]
pub struct Graph {
    symbols: Symbols,
    nodes: Vec<Option<NodeRecord>>,
    rels: Vec<Option<RelRecord>>,
    node_count: usize,
    rel_count: usize,
    by_label: HashMap<Sym, BTreeSet<u64>>,
    by_type: HashMap<Sym, usize>,
    schema: SchemaState,
    undo: Vec<Undo>,
    dirty_nodes: HashSet<u64>,
    dirty_rels: HashSet<u64>,
    schema_dirty: bool,
}

fn storage(msg: impl Into<String>) -> CypherError {
    CypherError::new(ErrorKind::StorageError, msg)
}

impl Graph {
    pub fn new() -> Graph {
        Graph::default()
    }

    // ---- symbols ----

    /// The symbol of an existing label, type or property key.
    pub fn sym(&self, name: &str) -> Option<Sym> {
        self.symbols.get(name)
    }

    /// The symbol of `name`, creating it if needed.
    pub fn intern(&mut self, name: &str) -> Sym {
        self.symbols.intern(name)
    }

    pub fn name(&self, sym: Sym) -> &str {
        self.symbols.name(sym)
    }

    // ---- reads ----

    pub fn node(&self, id: NodeId) -> Option<&NodeRecord> {
        self.nodes.get(id.0 as usize).and_then(Option::as_ref)
    }

    pub fn rel(&self, id: RelId) -> Option<&RelRecord> {
        self.rels.get(id.0 as usize).and_then(Option::as_ref)
    }

    pub fn node_count(&self) -> usize {
        self.node_count
    }

    pub fn rel_count(&self) -> usize {
        self.rel_count
    }

    /// Every live node, in id order.
    pub fn all_nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_some())
            .map(|(i, _)| NodeId(i as u64))
    }

    /// Every live relationship, in id order.
    pub fn all_rels(&self) -> impl Iterator<Item = RelId> + '_ {
        self.rels
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_some())
            .map(|(i, _)| RelId(i as u64))
    }

    /// Nodes carrying `label`, in id order (the label index).
    pub fn nodes_with_label(&self, label: Sym) -> impl Iterator<Item = NodeId> + '_ {
        self.by_label
            .get(&label)
            .into_iter()
            .flat_map(|s| s.iter().map(|&i| NodeId(i)))
    }

    pub fn label_count(&self, label: Sym) -> usize {
        self.by_label.get(&label).map_or(0, BTreeSet::len)
    }

    pub fn rel_type_count(&self, rel_type: Sym) -> usize {
        self.by_type.get(&rel_type).copied().unwrap_or(0)
    }

    /// Labels that at least one node carries, for `db.labels()`.
    pub fn labels_in_use(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .by_label
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(l, _)| self.name(*l))
            .collect();
        v.sort_unstable();
        v
    }

    /// Relationship types in use, for `db.relationshipTypes()`.
    pub fn rel_types_in_use(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .by_type
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(t, _)| self.name(*t))
            .collect();
        v.sort_unstable();
        v
    }

    /// Every property key ever used, for `db.propertyKeys()`.
    pub fn property_keys(&self) -> Vec<&str> {
        let mut keys: BTreeSet<Sym> = BTreeSet::new();
        for n in self.nodes.iter().flatten() {
            keys.extend(n.props.iter().map(|(k, _)| k));
        }
        for r in self.rels.iter().flatten() {
            keys.extend(r.props.iter().map(|(k, _)| k));
        }
        let mut v: Vec<&str> = keys.into_iter().map(|k| self.name(k)).collect();
        v.sort_unstable();
        v
    }

    pub fn has_label(&self, id: NodeId, label: Sym) -> bool {
        self.node(id).is_some_and(|n| n.labels.contains(&label))
    }

    // ---- index lookups ----

    /// The index over `entity` with `token` whose properties are exactly `keys`, if any.
    fn find_index(&self, entity: &EntityKind, token: Sym, keys: &[Sym]) -> Option<&IndexData> {
        self.schema
            .data
            .iter()
            .find(|d| &d.entity == entity && d.token == token && d.keys == keys)
    }

    /// Whether a node index on `label(key)` exists (for the planner).
    pub fn has_node_index(&self, label: Sym, key: Sym) -> bool {
        self.find_index(&EntityKind::Node, label, &[key]).is_some()
    }

    /// Nodes with `label` whose `key` equals `value` (Cypher equality), via an index. `None`
    /// when no such index exists; the caller then scans.
    pub fn node_index_eq(&self, label: Sym, key: Sym, value: &Value) -> Option<Vec<NodeId>> {
        let idx = self.find_index(&EntityKind::Node, label, &[key])?;
        if value.is_null() || matches!(value, Value::Float(f) if f.is_nan()) {
            return Some(Vec::new());
        }
        let ids = idx.entries.get(&IndexKey::One(value.clone()));
        Some(
            ids.map(|s| s.iter().map(NodeId).collect())
                .unwrap_or_default(),
        )
    }

    /// Nodes with `label` whose `key` lies in the given range, via an index; the caller must
    /// still check the predicate (the index orders values of different types together).
    pub fn node_index_range(
        &self,
        label: Sym,
        key: Sym,
        lower: Bound<&Value>,
        upper: Bound<&Value>,
    ) -> Option<Vec<NodeId>> {
        let idx = self.find_index(&EntityKind::Node, label, &[key])?;
        let wrap = |b: Bound<&Value>| match b {
            Bound::Included(v) => Bound::Included(IndexKey::One(v.clone())),
            Bound::Excluded(v) => Bound::Excluded(IndexKey::One(v.clone())),
            Bound::Unbounded => Bound::Unbounded,
        };
        let (lo, hi) = (wrap(lower), wrap(upper));
        if let (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) =
            (&lo, &hi)
            && a > b
        {
            return Some(Vec::new());
        }
        Some(
            idx.entries
                .range((lo, hi))
                .flat_map(|(_, s)| s.iter().map(NodeId))
                .collect(),
        )
    }

    /// Relationships of `rel_type` whose `key` equals `value`, via an index.
    pub fn rel_index_eq(&self, rel_type: Sym, key: Sym, value: &Value) -> Option<Vec<RelId>> {
        let idx = self.find_index(&EntityKind::Relationship, rel_type, &[key])?;
        if value.is_null() {
            return Some(Vec::new());
        }
        let ids = idx.entries.get(&IndexKey::One(value.clone()));
        Some(
            ids.map(|s| s.iter().map(RelId).collect())
                .unwrap_or_default(),
        )
    }

    // ---- schema ----

    pub fn indexes(&self) -> &[IndexDef] {
        &self.schema.indexes
    }

    pub fn constraints(&self) -> &[ConstraintDef] {
        &self.schema.constraints
    }

    /// Add an index. Returns false (and changes nothing) if an equivalent index exists.
    /// Errors if the name is taken by a different index or constraint.
    pub fn create_index(&mut self, def: IndexDef) -> Result<bool, CypherError> {
        if let Some(existing) = self.schema.indexes.iter().find(|i| i.name == def.name) {
            if same_target(existing, &def) {
                return Ok(false);
            }
            return Err(schema_error(format!(
                "An index named `{}` already exists with a different definition",
                def.name
            )));
        }
        if self.schema.constraints.iter().any(|c| c.name == def.name) {
            return Err(schema_error(format!(
                "A constraint named `{}` already exists",
                def.name
            )));
        }
        if self.schema.indexes.iter().any(|i| same_target(i, &def)) {
            return Ok(false);
        }
        self.save_schema();
        self.add_index_data(&def, false)?;
        self.schema.indexes.push(def);
        Ok(true)
    }

    /// Drop the index named `name`; false if there is none.
    pub fn drop_index(&mut self, name: &str) -> Result<bool, CypherError> {
        let Some(pos) = self.schema.indexes.iter().position(|i| i.name == name) else {
            return Ok(false);
        };
        if let Some(c) = &self.schema.indexes[pos].owning_constraint {
            return Err(schema_error(format!(
                "Index `{name}` belongs to constraint `{c}`; drop the constraint instead"
            )));
        }
        self.save_schema();
        self.schema.indexes.remove(pos);
        self.schema.data.remove(pos);
        Ok(true)
    }

    /// Add a constraint (and, for uniqueness, its backing index), verifying existing data.
    pub fn create_constraint(&mut self, def: ConstraintDef) -> Result<bool, CypherError> {
        if self.schema.constraints.iter().any(|c| c.name == def.name) {
            return Ok(false);
        }
        if self.schema.indexes.iter().any(|i| i.name == def.name) {
            return Err(schema_error(format!(
                "An index named `{}` already exists",
                def.name
            )));
        }
        if self.schema.constraints.iter().any(|c| {
            c.entity == def.entity
                && c.token == def.token
                && c.properties == def.properties
                && c.kind == def.kind
        }) {
            return Ok(false);
        }
        let token = self.intern(&def.token);
        let keys: Vec<Sym> = def.properties.iter().map(|p| self.intern(p)).collect();
        if matches!(def.kind, ConstraintType::NotNull | ConstraintType::NodeKey) {
            for id in self.nodes_with_label(token) {
                if let Some(n) = self.node(id)
                    && keys.iter().any(|k| n.props.get(*k).is_none())
                {
                    return Err(constraint_error(format!(
                        "Node({}) with label `{}` must have the properties {:?}",
                        id.0, def.token, def.properties
                    )));
                }
            }
        }
        self.save_schema();
        if matches!(def.kind, ConstraintType::Unique | ConstraintType::NodeKey) {
            let index = IndexDef {
                name: def.name.clone(),
                entity: def.entity.clone(),
                token: def.token.clone(),
                properties: def.properties.clone(),
                owning_constraint: Some(def.name.clone()),
            };
            // An existing plain index on the same target is replaced by the constraint's.
            if let Some(pos) = self
                .schema
                .indexes
                .iter()
                .position(|i| same_target(i, &index))
            {
                self.schema.indexes.remove(pos);
                self.schema.data.remove(pos);
            }
            self.add_index_data(&index, true)?;
            self.schema.indexes.push(index);
        }
        self.schema.constraints.push(def);
        Ok(true)
    }

    pub fn drop_constraint(&mut self, name: &str) -> Result<bool, CypherError> {
        let Some(pos) = self.schema.constraints.iter().position(|c| c.name == name) else {
            return Ok(false);
        };
        self.save_schema();
        self.schema.constraints.remove(pos);
        if let Some(i) = self
            .schema
            .indexes
            .iter()
            .position(|i| i.owning_constraint.as_deref() == Some(name))
        {
            self.schema.indexes.remove(i);
            self.schema.data.remove(i);
        }
        Ok(true)
    }

    fn save_schema(&mut self) {
        self.undo.push(Undo::Schema(Box::new(self.schema.clone())));
        self.schema_dirty = true;
    }

    /// Build the live data of `def` from the current graph.
    fn add_index_data(&mut self, def: &IndexDef, unique: bool) -> Result<(), CypherError> {
        let token = self.intern(&def.token);
        let keys: Vec<Sym> = def.properties.iter().map(|p| self.intern(p)).collect();
        let mut data = IndexData {
            entity: def.entity.clone(),
            token,
            keys,
            entries: BTreeMap::new(),
            unique,
        };
        let ids: Vec<u64> = match def.entity {
            EntityKind::Node => self.nodes_with_label(token).map(|n| n.0).collect(),
            EntityKind::Relationship => self
                .all_rels()
                .filter(|r| self.rel(*r).is_some_and(|r| r.rel_type == token))
                .map(|r| r.0)
                .collect(),
        };
        for id in ids {
            let props = match def.entity {
                EntityKind::Node => self.node(NodeId(id)).map(|n| &n.props),
                EntityKind::Relationship => self.rel(RelId(id)).map(|r| &r.props),
            };
            let Some(key) = props.and_then(|p| data.key_of(p)) else {
                continue;
            };
            if !data.add(key.clone(), id) {
                return Err(constraint_error(format!(
                    "Cannot create the constraint: more than one `{}` has {:?} = {}",
                    def.token,
                    def.properties,
                    Value::List(key.values().to_vec())
                )));
            }
        }
        self.schema.data.push(data);
        Ok(())
    }

    // ---- writes ----

    /// Create a node with `labels` (duplicates ignored) and `props` (nulls skipped).
    pub fn create_node(
        &mut self,
        labels: &[Sym],
        props: Vec<(Sym, Value)>,
    ) -> Result<NodeId, CypherError> {
        let id = NodeId(self.nodes.len() as u64);
        let mut rec = NodeRecord {
            props: PropMap(Vec::with_capacity(props.len())),
            ..NodeRecord::default()
        };
        for l in labels {
            if !rec.labels.contains(l) {
                rec.labels.push(*l);
            }
        }
        for (k, v) in props {
            rec.props.set(k, v);
        }
        for l in &rec.labels {
            self.by_label.entry(*l).or_default().insert(id.0);
        }
        self.nodes.push(Some(rec));
        self.node_count += 1;
        self.undo.push(Undo::CreatedNode(id));
        self.dirty_nodes.insert(id.0);
        self.index_node(id, None)?;
        Ok(id)
    }

    /// Create a relationship; both ends must exist.
    pub fn create_rel(
        &mut self,
        src: NodeId,
        dst: NodeId,
        rel_type: Sym,
        props: Vec<(Sym, Value)>,
    ) -> Result<RelId, CypherError> {
        if self.node(src).is_none() || self.node(dst).is_none() {
            return Err(CypherError::new(
                ErrorKind::EntityNotFound,
                "Cannot create a relationship to a node that was deleted",
            )
            .with_detail("DeletedEntityAccess"));
        }
        let id = RelId(self.rels.len() as u64);
        let mut rec = RelRecord {
            src,
            dst,
            rel_type,
            props: PropMap::default(),
        };
        for (k, v) in props {
            rec.props.set(k, v);
        }
        self.rels.push(Some(rec));
        self.attach(id, src, dst, rel_type);
        self.undo.push(Undo::CreatedRel(id));
        self.dirty_rels.insert(id.0);
        self.index_rel(id, None)?;
        Ok(id)
    }

    fn attach(&mut self, id: RelId, src: NodeId, dst: NodeId, rel_type: Sym) {
        if let Some(Some(n)) = self.nodes.get_mut(src.0 as usize) {
            n.out.push(id);
        }
        if let Some(Some(n)) = self.nodes.get_mut(dst.0 as usize) {
            n.inc.push(id);
        }
        *self.by_type.entry(rel_type).or_default() += 1;
        self.rel_count += 1;
    }

    fn detach(&mut self, id: RelId, rec: &RelRecord) {
        if let Some(Some(n)) = self.nodes.get_mut(rec.src.0 as usize) {
            n.out.remove(id);
        }
        if let Some(Some(n)) = self.nodes.get_mut(rec.dst.0 as usize) {
            n.inc.remove(id);
        }
        if let Some(c) = self.by_type.get_mut(&rec.rel_type) {
            *c = c.saturating_sub(1);
        }
        self.rel_count -= 1;
    }

    /// Delete a relationship; false if it was already gone.
    pub fn delete_rel(&mut self, id: RelId) -> bool {
        let Some(rec) = self.rels.get_mut(id.0 as usize).and_then(Option::take) else {
            return false;
        };
        self.unindex_rel(id, &rec);
        self.detach(id, &rec);
        self.dirty_rels.insert(id.0);
        self.undo.push(Undo::DeletedRel(id, rec));
        true
    }

    /// Delete a node that has no relationships; false if it was already gone.
    pub fn delete_node(&mut self, id: NodeId) -> Result<bool, CypherError> {
        match self.node(id) {
            None => return Ok(false),
            Some(n) if !n.out.is_empty() || !n.inc.is_empty() => {
                return Err(CypherError::new(
                    ErrorKind::ConstraintVerificationFailed,
                    format!(
                        "Cannot delete node<{}>, because it still has relationships. To delete this node, you must first delete its relationships (use DETACH DELETE).",
                        id.0
                    ),
                )
                .with_detail("DeleteConnectedNode"));
            }
            Some(_) => {}
        }
        let Some(rec) = self.nodes.get_mut(id.0 as usize).and_then(Option::take) else {
            return Ok(false);
        };
        for l in &rec.labels {
            if let Some(s) = self.by_label.get_mut(l) {
                s.remove(&id.0);
            }
        }
        self.unindex_node(id, &rec);
        self.node_count -= 1;
        self.dirty_nodes.insert(id.0);
        self.undo.push(Undo::DeletedNode(id, rec));
        Ok(true)
    }

    /// Delete a node and all its relationships; returns how many relationships went.
    pub fn detach_delete_node(&mut self, id: NodeId) -> Result<(bool, usize), CypherError> {
        let rels: Vec<RelId> = match self.node(id) {
            None => return Ok((false, 0)),
            Some(n) => n.out.iter().chain(n.inc.iter()).copied().collect(),
        };
        let mut deleted = 0;
        for r in rels {
            if self.delete_rel(r) {
                deleted += 1;
            }
        }
        Ok((self.delete_node(id)?, deleted))
    }

    /// Set (or with null, remove) a node property; returns the previous value.
    pub fn set_node_prop(
        &mut self,
        id: NodeId,
        key: Sym,
        value: Value,
    ) -> Result<Option<Value>, CypherError> {
        let Some(n) = self.nodes.get(id.0 as usize).and_then(Option::as_ref) else {
            return Err(deleted_entity("node", id.0));
        };
        // Most properties are not indexed: only then is the old state needed.
        let indexed = self.schema.data.iter().any(|d| {
            d.entity == EntityKind::Node && d.keys.contains(&key) && n.labels.contains(&d.token)
        });
        let before = indexed.then(|| n.props.clone());
        let Some(Some(n)) = self.nodes.get_mut(id.0 as usize) else {
            return Err(deleted_entity("node", id.0));
        };
        let old = n.props.set(key, value);
        self.undo.push(Undo::NodeProp(id, key, old.clone()));
        self.dirty_nodes.insert(id.0);
        match before {
            Some(before) => self.reindex_node(id, &before, Some(key))?,
            None if !self.schema.constraints.is_empty() => self.check_not_null(id)?,
            None => {}
        }
        Ok(old)
    }

    /// Set (or with null, remove) a relationship property; returns the previous value.
    pub fn set_rel_prop(
        &mut self,
        id: RelId,
        key: Sym,
        value: Value,
    ) -> Result<Option<Value>, CypherError> {
        let Some(Some(r)) = self.rels.get_mut(id.0 as usize) else {
            return Err(deleted_entity("relationship", id.0));
        };
        let before = r.props.clone();
        let old = r.props.set(key, value);
        self.undo.push(Undo::RelProp(id, key, old.clone()));
        self.dirty_rels.insert(id.0);
        let rec_type = self.rels[id.0 as usize].as_ref().map(|r| r.rel_type);
        if let Some(t) = rec_type {
            self.reindex_rel(id, t, &before)?;
        }
        Ok(old)
    }

    /// Add a label; false if the node already had it.
    pub fn add_label(&mut self, id: NodeId, label: Sym) -> Result<bool, CypherError> {
        let Some(Some(n)) = self.nodes.get_mut(id.0 as usize) else {
            return Err(deleted_entity("node", id.0));
        };
        if n.labels.contains(&label) {
            return Ok(false);
        }
        n.labels.push(label);
        self.by_label.entry(label).or_default().insert(id.0);
        self.undo.push(Undo::AddedLabel(id, label));
        self.dirty_nodes.insert(id.0);
        self.index_node(id, Some(label))?;
        Ok(true)
    }

    /// Remove a label; false if the node did not have it.
    pub fn remove_label(&mut self, id: NodeId, label: Sym) -> Result<bool, CypherError> {
        let Some(Some(n)) = self.nodes.get_mut(id.0 as usize) else {
            return Err(deleted_entity("node", id.0));
        };
        let Some(pos) = n.labels.iter().position(|l| *l == label) else {
            return Ok(false);
        };
        n.labels.remove(pos);
        let props = n.props.clone();
        if let Some(s) = self.by_label.get_mut(&label) {
            s.remove(&id.0);
        }
        for d in self
            .schema
            .data
            .iter_mut()
            .filter(|d| d.entity == EntityKind::Node && d.token == label)
        {
            if let Some(k) = d.key_of(&props) {
                remove_entry(&mut d.entries, k, id.0);
            }
        }
        self.undo.push(Undo::RemovedLabel(id, label, pos));
        self.dirty_nodes.insert(id.0);
        Ok(true)
    }

    // ---- index maintenance ----

    /// Add `id` to the indexes of its labels (only `only` when given), checking uniqueness
    /// and not-null constraints.
    fn index_node(&mut self, id: NodeId, only: Option<Sym>) -> Result<(), CypherError> {
        let Some(n) = self.nodes.get(id.0 as usize).and_then(Option::as_ref) else {
            return Ok(());
        };
        for d in self.schema.data.iter_mut() {
            if d.entity != EntityKind::Node
                || !n.labels.contains(&d.token)
                || only.is_some_and(|o| o != d.token)
            {
                continue;
            }
            if let Some(key) = d.key_of(&n.props)
                && !d.add(key.clone(), id.0)
            {
                return Err(unique_violation(&self.symbols, d, &key, id.0));
            }
        }
        self.check_not_null(id)
    }

    fn unindex_node(&mut self, id: NodeId, rec: &NodeRecord) {
        for d in self.schema.data.iter_mut() {
            if d.entity == EntityKind::Node
                && rec.labels.contains(&d.token)
                && let Some(k) = d.key_of(&rec.props)
            {
                remove_entry(&mut d.entries, k, id.0);
            }
        }
    }

    /// Move `id` from its old keys (`before`) to its new ones after a property change.
    fn reindex_node(
        &mut self,
        id: NodeId,
        before: &PropMap,
        changed: Option<Sym>,
    ) -> Result<(), CypherError> {
        let Some(n) = self.nodes.get(id.0 as usize).and_then(Option::as_ref) else {
            return Ok(());
        };
        for d in self.schema.data.iter_mut() {
            if d.entity != EntityKind::Node
                || !n.labels.contains(&d.token)
                || changed.is_some_and(|c| !d.keys.contains(&c))
            {
                continue;
            }
            let (old, new) = (d.key_of(before), d.key_of(&n.props));
            if old == new {
                continue;
            }
            if let Some(k) = old {
                remove_entry(&mut d.entries, k, id.0);
            }
            if let Some(key) = new
                && !d.add(key.clone(), id.0)
            {
                return Err(unique_violation(&self.symbols, d, &key, id.0));
            }
        }
        self.check_not_null(id)
    }

    fn check_not_null(&self, id: NodeId) -> Result<(), CypherError> {
        let Some(n) = self.node(id) else {
            return Ok(());
        };
        for c in &self.schema.constraints {
            if c.entity != EntityKind::Node
                || !matches!(c.kind, ConstraintType::NotNull | ConstraintType::NodeKey)
            {
                continue;
            }
            let Some(label) = self.sym(&c.token) else {
                continue;
            };
            if !n.labels.contains(&label) {
                continue;
            }
            for p in &c.properties {
                if self.sym(p).is_none_or(|k| n.props.get(k).is_none()) {
                    return Err(constraint_error(format!(
                        "Node({}) with label `{}` must have the property `{}`",
                        id.0, c.token, p
                    )));
                }
            }
        }
        Ok(())
    }

    fn index_rel(&mut self, id: RelId, only_type: Option<Sym>) -> Result<(), CypherError> {
        let Some(r) = self.rels.get(id.0 as usize).and_then(Option::as_ref) else {
            return Ok(());
        };
        for d in self.schema.data.iter_mut() {
            if d.entity != EntityKind::Relationship
                || d.token != r.rel_type
                || only_type.is_some_and(|t| t != d.token)
            {
                continue;
            }
            if let Some(key) = d.key_of(&r.props)
                && !d.add(key.clone(), id.0)
            {
                return Err(unique_violation(&self.symbols, d, &key, id.0));
            }
        }
        Ok(())
    }

    fn unindex_rel(&mut self, id: RelId, rec: &RelRecord) {
        for d in self.schema.data.iter_mut() {
            if d.entity == EntityKind::Relationship
                && d.token == rec.rel_type
                && let Some(k) = d.key_of(&rec.props)
            {
                remove_entry(&mut d.entries, k, id.0);
            }
        }
    }

    fn reindex_rel(
        &mut self,
        id: RelId,
        rel_type: Sym,
        before: &PropMap,
    ) -> Result<(), CypherError> {
        let Some(r) = self.rels.get(id.0 as usize).and_then(Option::as_ref) else {
            return Ok(());
        };
        for d in self.schema.data.iter_mut() {
            if d.entity != EntityKind::Relationship || d.token != rel_type {
                continue;
            }
            let (old, new) = (d.key_of(before), d.key_of(&r.props));
            if old == new {
                continue;
            }
            if let Some(k) = old {
                remove_entry(&mut d.entries, k, id.0);
            }
            if let Some(key) = new
                && !d.add(key.clone(), id.0)
            {
                return Err(unique_violation(&self.symbols, d, &key, id.0));
            }
        }
        Ok(())
    }

    // ---- transactions ----

    pub fn savepoint(&self) -> Savepoint {
        Savepoint(self.undo.len())
    }

    /// Undo everything done since `sp`, restoring data and indexes exactly.
    pub fn rollback_to(&mut self, sp: Savepoint) {
        while self.undo.len() > sp.0 {
            let Some(step) = self.undo.pop() else { break };
            self.undo_step(step);
        }
    }

    fn undo_step(&mut self, step: Undo) {
        match step {
            Undo::CreatedNode(id) => {
                if let Some(rec) = self.nodes.get_mut(id.0 as usize).and_then(Option::take) {
                    for l in &rec.labels {
                        if let Some(s) = self.by_label.get_mut(l) {
                            s.remove(&id.0);
                        }
                    }
                    self.unindex_node(id, &rec);
                    self.node_count -= 1;
                }
                // Ids are never reused, except that an undone creation at the end gives its
                // slot back (nothing can refer to it any more).
                if self.nodes.len() == id.0 as usize + 1 {
                    self.nodes.pop();
                }
                self.dirty_nodes.insert(id.0);
            }
            Undo::DeletedNode(id, rec) => {
                for l in &rec.labels {
                    self.by_label.entry(*l).or_default().insert(id.0);
                }
                if let Some(slot) = self.nodes.get_mut(id.0 as usize) {
                    *slot = Some(NodeRecord {
                        out: Adjacency::default(),
                        inc: Adjacency::default(),
                        ..rec
                    });
                }
                self.node_count += 1;
                let _ = self.index_node(id, None);
                self.dirty_nodes.insert(id.0);
            }
            Undo::CreatedRel(id) => {
                if let Some(rec) = self.rels.get_mut(id.0 as usize).and_then(Option::take) {
                    self.unindex_rel(id, &rec);
                    self.detach(id, &rec);
                }
                if self.rels.len() == id.0 as usize + 1 {
                    self.rels.pop();
                }
                self.dirty_rels.insert(id.0);
            }
            Undo::DeletedRel(id, rec) => {
                let (src, dst, t) = (rec.src, rec.dst, rec.rel_type);
                if let Some(slot) = self.rels.get_mut(id.0 as usize) {
                    *slot = Some(rec);
                }
                self.attach(id, src, dst, t);
                let _ = self.index_rel(id, None);
                self.dirty_rels.insert(id.0);
            }
            Undo::NodeProp(id, key, old) => {
                if let Some(Some(n)) = self.nodes.get_mut(id.0 as usize) {
                    let before = n.props.clone();
                    n.props.set(key, old.unwrap_or(Value::Null));
                    let _ = self.reindex_node(id, &before, Some(key));
                }
                self.dirty_nodes.insert(id.0);
            }
            Undo::RelProp(id, key, old) => {
                if let Some(Some(r)) = self.rels.get_mut(id.0 as usize) {
                    let before = r.props.clone();
                    let t = r.rel_type;
                    r.props.set(key, old.unwrap_or(Value::Null));
                    let _ = self.reindex_rel(id, t, &before);
                }
                self.dirty_rels.insert(id.0);
            }
            Undo::AddedLabel(id, label) => {
                if let Some(Some(n)) = self.nodes.get_mut(id.0 as usize) {
                    n.labels.retain(|l| *l != label);
                    let props = n.props.clone();
                    if let Some(s) = self.by_label.get_mut(&label) {
                        s.remove(&id.0);
                    }
                    for d in self
                        .schema
                        .data
                        .iter_mut()
                        .filter(|d| d.entity == EntityKind::Node && d.token == label)
                    {
                        if let Some(k) = d.key_of(&props) {
                            remove_entry(&mut d.entries, k, id.0);
                        }
                    }
                }
                self.dirty_nodes.insert(id.0);
            }
            Undo::RemovedLabel(id, label, pos) => {
                if let Some(Some(n)) = self.nodes.get_mut(id.0 as usize) {
                    let pos = pos.min(n.labels.len());
                    n.labels.insert(pos, label);
                    self.by_label.entry(label).or_default().insert(id.0);
                    let _ = self.index_node(id, Some(label));
                }
                self.dirty_nodes.insert(id.0);
            }
            Undo::Schema(state) => {
                self.schema = *state;
                self.schema_dirty = true;
            }
        }
    }

    /// Forget the undo log: everything so far is committed.
    pub(crate) fn commit_point(&mut self) {
        self.undo.clear();
    }

    /// What changed since the last [`Graph::take_changes`], for the disk writer.
    pub(crate) fn take_changes(&mut self) -> Changes {
        Changes {
            nodes: std::mem::take(&mut self.dirty_nodes),
            rels: std::mem::take(&mut self.dirty_rels),
            schema: std::mem::take(&mut self.schema_dirty),
        }
    }

    /// Put back changes that could not be written, so a later commit retries them.
    pub(crate) fn restore_changes(&mut self, changes: Changes) {
        self.dirty_nodes.extend(changes.nodes);
        self.dirty_rels.extend(changes.rels);
        self.schema_dirty |= changes.schema;
    }

    // ---- loading from disk (no undo, no dirty marks) ----

    pub(crate) fn load_node(&mut self, id: u64, labels: &[&str], props: Vec<(&str, Value)>) {
        let labels: Vec<Sym> = labels.iter().map(|l| self.intern(l)).collect();
        let props = props
            .into_iter()
            .map(|(k, v)| (self.intern(k), v))
            .collect();
        let rec = NodeRecord {
            labels,
            props: PropMap(props),
            ..NodeRecord::default()
        };
        let idx = id as usize;
        if self.nodes.len() <= idx {
            self.nodes.resize_with(idx + 1, || None);
        }
        for l in &rec.labels {
            self.by_label.entry(*l).or_default().insert(id);
        }
        self.nodes[idx] = Some(rec);
        self.node_count += 1;
    }

    pub(crate) fn load_rel(
        &mut self,
        id: u64,
        src: u64,
        dst: u64,
        rel_type: &str,
        props: Vec<(&str, Value)>,
    ) {
        let t = self.intern(rel_type);
        let props = props
            .into_iter()
            .map(|(k, v)| (self.intern(k), v))
            .collect();
        let rec = RelRecord {
            src: NodeId(src),
            dst: NodeId(dst),
            rel_type: t,
            props: PropMap(props),
        };
        let idx = id as usize;
        if self.rels.len() <= idx {
            self.rels.resize_with(idx + 1, || None);
        }
        self.rels[idx] = Some(rec);
        self.attach(RelId(id), NodeId(src), NodeId(dst), t);
    }

    /// Make sure ids up to `next_node`/`next_rel` are never reused after a reopen.
    pub(crate) fn reserve_ids(&mut self, next_node: u64, next_rel: u64) {
        if (self.nodes.len() as u64) < next_node {
            self.nodes.resize_with(next_node as usize, || None);
        }
        if (self.rels.len() as u64) < next_rel {
            self.rels.resize_with(next_rel as usize, || None);
        }
    }

    pub(crate) fn next_ids(&self) -> (u64, u64) {
        (self.nodes.len() as u64, self.rels.len() as u64)
    }

    /// Rebuild the schema from stored definitions after loading the data.
    pub(crate) fn load_schema(
        &mut self,
        indexes: Vec<IndexDef>,
        constraints: Vec<ConstraintDef>,
    ) -> Result<(), CypherError> {
        for def in &indexes {
            let unique = def.owning_constraint.as_ref().is_some_and(|c| {
                constraints.iter().any(|k| {
                    &k.name == c
                        && matches!(k.kind, ConstraintType::Unique | ConstraintType::NodeKey)
                })
            });
            self.add_index_data(def, unique).map_err(|e| {
                storage(format!(
                    "stored index `{}` is inconsistent: {}",
                    def.name, e.message
                ))
            })?;
        }
        self.schema.indexes = indexes;
        self.schema.constraints = constraints;
        self.undo.clear();
        self.schema_dirty = false;
        Ok(())
    }
}

/// The ids and schema changed since the last commit.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    pub nodes: HashSet<u64>,
    pub rels: HashSet<u64>,
    pub schema: bool,
}

impl Changes {
    /// Nothing to write: a read-only statement, or writes that were all undone.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.rels.is_empty() && !self.schema
    }
}

fn same_target(a: &IndexDef, b: &IndexDef) -> bool {
    a.entity == b.entity && a.token == b.token && a.properties == b.properties
}

fn remove_entry(entries: &mut BTreeMap<IndexKey, IdSet>, key: IndexKey, id: u64) {
    if let Some(set) = entries.get_mut(&key)
        && set.remove(id)
    {
        entries.remove(&key);
    }
}

fn deleted_entity(what: &str, id: u64) -> CypherError {
    CypherError::new(
        ErrorKind::EntityNotFound,
        format!("The {what} with id {id} has been deleted"),
    )
    .with_detail("DeletedEntityAccess")
}

fn schema_error(msg: String) -> CypherError {
    CypherError::new(ErrorKind::SemanticError, msg)
}

fn constraint_error(msg: String) -> CypherError {
    CypherError::new(ErrorKind::ConstraintVerificationFailed, msg)
}

fn unique_violation(symbols: &Symbols, d: &IndexData, key: &IndexKey, id: u64) -> CypherError {
    let keys: Vec<&str> = d.keys.iter().map(|k| symbols.name(*k)).collect();
    constraint_error(format!(
        "Node({id}) already exists with label `{}` and properties {} = {}",
        symbols.name(d.token),
        keys.join(", "),
        Value::List(key.values().to_vec())
    ))
}

//! The updating clauses: CREATE, SET, REMOVE, DELETE, with Neo4j's update counters.

use std::collections::HashSet;

use cartograph_cypher::ast::Direction;
use cartograph_cypher::{CypherError, ErrorKind};

use super::eval::{eval, eval_ref};
use super::ir::*;
use super::{Ctx, Row, pattern};
use crate::store::Sym;
use crate::value::{NodeId, RelId, Value};

type R<T> = Result<T, CypherError>;

fn set_slot(row: &mut Row, slot: usize, v: Value) {
    if row.len() <= slot {
        row.resize(slot + 1, Value::Null);
    }
    row[slot] = v;
}

/// Create the unbound parts of `p` for one row, binding the new entities in it.
pub(crate) fn create(ctx: &mut Ctx, p: &PatternPlan, row: &mut Row) -> R<()> {
    create_with(ctx, p, row, &mut Extra::default())
}

/// Properties and labels given to elements as they are created, by element slot.
#[derive(Default)]
pub(crate) struct Extra {
    pub props: Vec<(usize, Sym, Value)>,
    pub labels: Vec<(usize, Sym)>,
}

/// [`create`], giving each new element the `extra` properties meant for its slot after its
/// pattern properties (a null removes, as SET does).
pub(crate) fn create_with(
    ctx: &mut Ctx,
    p: &PatternPlan,
    row: &mut Row,
    extra: &mut Extra,
) -> R<()> {
    for part in &p.parts {
        for np in &part.nodes {
            node_for_create(ctx, np, row, part.at, extra)?;
        }
        for (j, rp) in part.rels.iter().enumerate() {
            let left = row.get(part.nodes[j].slot).cloned();
            let right = row.get(part.nodes[j + 1].slot).cloned();
            let (Some(Value::Node(a)), Some(Value::Node(b))) = (left, right) else {
                return Err(ctx.at(
                    CypherError::new(
                        ErrorKind::EntityNotFound,
                        "Failed to create relationship: one of its end nodes is missing (null)",
                    ),
                    part.at,
                ));
            };
            let (src, dst) = if rp.dir == Direction::Incoming {
                (b, a)
            } else {
                (a, b)
            };
            let rel_type = match rp.types.first() {
                Some(t) => ctx.intern(*t),
                None => {
                    return Err(CypherError::syntax(
                        "A relationship type is required to create a relationship",
                    ));
                }
            };
            let mut props = eval_props(ctx, &rp.props, row, part.at)?;
            let n = props.len() as u64;
            take_extra(extra, rp.slot, &mut props);
            let id = ctx
                .graph
                .create_rel(src, dst, rel_type, props)
                .map_err(|e| e.at(ctx.src, part.at))?;
            ctx.counters.relationships_created += 1;
            ctx.counters.properties_set += n;
            set_slot(row, rp.slot, Value::Relationship(id));
        }
        if let Some(ps) = part.path_slot {
            let v = pattern::path_of(ctx, part, row)?;
            set_slot(row, ps, v);
        }
    }
    Ok(())
}

/// Move the extra properties for `slot` to the end of `props`.
fn take_extra(extra: &mut Extra, slot: usize, props: &mut Vec<(Sym, Value)>) {
    if extra.props.is_empty() {
        return;
    }
    props.reserve(extra.props.iter().filter(|(s, _, _)| *s == slot).count());
    let mut i = 0;
    while i < extra.props.len() {
        if extra.props[i].0 == slot {
            let (_, k, v) = extra.props.remove(i);
            props.push((k, v));
        } else {
            i += 1;
        }
    }
}

fn node_for_create(
    ctx: &mut Ctx,
    np: &NodePat,
    row: &mut Row,
    at: usize,
    extra: &mut Extra,
) -> R<()> {
    match row.get(np.slot) {
        Some(Value::Node(id)) => {
            if ctx.deleted_nodes.contains(id) {
                return Err(ctx.at(
                    CypherError::new(
                        ErrorKind::EntityNotFound,
                        "Cannot use a node that was deleted in this query",
                    )
                    .with_detail("DeletedEntityAccess"),
                    at,
                ));
            }
            return Ok(());
        }
        Some(Value::Null) | None if !np.bound => {}
        Some(Value::Null) | None => {
            return Err(ctx.at(
                CypherError::new(
                    ErrorKind::EntityNotFound,
                    "Failed to create relationship: a node it connects is null",
                ),
                at,
            ));
        }
        Some(other) => {
            return Err(ctx.at(
                CypherError::type_error(format!("Expected a node, got {}", other.type_name())),
                at,
            ));
        }
    }
    let mut labels: Vec<Sym> = np.labels.iter().map(|l| ctx.intern(*l)).collect();
    labels.extend(
        extra
            .labels
            .iter()
            .filter(|(s, _)| *s == np.slot)
            .map(|(_, l)| *l),
    );
    let mut props = eval_props(ctx, &np.props, row, at)?;
    let n = props.len() as u64;
    take_extra(extra, np.slot, &mut props);
    let id = ctx
        .graph
        .create_node(&labels, props)
        .map_err(|e| e.at(ctx.src, at))?;
    ctx.counters.nodes_created += 1;
    let mut distinct = labels.clone();
    distinct.sort_unstable();
    distinct.dedup();
    ctx.counters.labels_added += distinct.len() as u64;
    ctx.counters.properties_set += n;
    set_slot(row, np.slot, Value::Node(id));
    Ok(())
}

/// The properties of a pattern to create, nulls left out, each checked to be storable.
pub(crate) fn eval_props(
    ctx: &mut Ctx,
    spec: &PropSpec,
    row: &Row,
    at: usize,
) -> R<Vec<(Sym, Value)>> {
    let mut out = Vec::new();
    match spec {
        PropSpec::None => {}
        PropSpec::Entries(entries) => {
            for (k, e) in entries {
                let v = eval(ctx, e, row)?;
                if v.is_null() {
                    continue;
                }
                check_storable(&v).map_err(|e| ctx.at(e, at))?;
                let s = ctx.intern(*k);
                out.push((s, v));
            }
        }
        PropSpec::Expr(e) => match eval(ctx, e, row)? {
            Value::Map(m) => {
                for (k, v) in m {
                    if v.is_null() {
                        continue;
                    }
                    check_storable(&v).map_err(|e| ctx.at(e, at))?;
                    out.push((ctx.graph.intern(&k), v));
                }
            }
            Value::Null => {}
            other => {
                return Err(ctx.at(
                    CypherError::type_error(format!(
                        "Expected a map of properties, got {}",
                        other.type_name()
                    )),
                    at,
                ));
            }
        },
    }
    Ok(out)
}

/// Property values must be primitives, temporals, or homogeneous lists of them.
pub(crate) fn check_storable(v: &Value) -> R<()> {
    let bad = |what: &str| {
        Err(CypherError::new(
            ErrorKind::TypeError,
            format!("Property values can only be of primitive types or arrays thereof; got {what}"),
        )
        .with_detail("InvalidPropertyType"))
    };
    match v {
        Value::Map(_) => bad("a map"),
        Value::Node(_) => bad("a node"),
        Value::Relationship(_) => bad("a relationship"),
        Value::Path(_) => bad("a path"),
        Value::List(items) => {
            let mut kind: Option<&'static str> = None;
            for x in items {
                match x {
                    Value::List(_) => return bad("a nested list"),
                    Value::Null => return bad("a list containing null"),
                    other => {
                        check_storable(other)?;
                        let t = match other {
                            Value::Int(_) | Value::Float(_) => "NUMBER",
                            o => o.type_name(),
                        };
                        if kind.is_some_and(|k| k != t) {
                            return bad("a list of mixed types");
                        }
                        kind = Some(t);
                    }
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// An entity to update: a node, a relationship, or nothing (null).
enum Target {
    Node(NodeId),
    Rel(RelId),
    None,
}

fn target(ctx: &Ctx, v: &Value, at: usize) -> R<Target> {
    match v {
        Value::Node(id) => Ok(Target::Node(*id)),
        Value::Relationship(id) => Ok(Target::Rel(*id)),
        Value::Null => Ok(Target::None),
        other => Err(ctx.at(
            CypherError::type_error(format!(
                "Expected a node or a relationship, got {}",
                other.type_name()
            )),
            at,
        )),
    }
}

fn set_prop(ctx: &mut Ctx, t: &Target, key: Sym, v: Value, at: usize) -> R<()> {
    if !v.is_null() {
        check_storable(&v).map_err(|e| ctx.at(e, at))?;
    }
    let is_null = v.is_null();
    let old = match t {
        Target::Node(id) => ctx.graph.set_node_prop(*id, key, v),
        Target::Rel(id) => ctx.graph.set_rel_prop(*id, key, v),
        Target::None => return Ok(()),
    }
    .map_err(|e| ctx.at(e, at))?;
    if !is_null || old.is_some() {
        ctx.counters.properties_set += 1;
    }
    Ok(())
}

pub(crate) fn set_items(ctx: &mut Ctx, items: &[SetOp], row: &Row) -> R<()> {
    for item in items {
        match item {
            SetOp::Prop {
                target: te,
                key,
                value,
                at,
            } => {
                let tv = eval_ref(ctx, te, row)?.into_owned();
                let t = target(ctx, &tv, *at)?;
                if matches!(t, Target::None) {
                    continue;
                }
                let v = eval(ctx, value, row)?;
                let k = ctx.intern(*key);
                set_prop(ctx, &t, k, v, *at)?;
            }
            SetOp::Replace { slot, value, at } | SetOp::Merge { slot, value, at } => {
                let replace = matches!(item, SetOp::Replace { .. });
                let tv = row.get(*slot).cloned().unwrap_or(Value::Null);
                let t = target(ctx, &tv, *at)?;
                if matches!(t, Target::None) {
                    continue;
                }
                let v = eval(ctx, value, row)?;
                let new: Vec<(String, Value)> = match &v {
                    Value::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                    Value::Node(_) | Value::Relationship(_) => {
                        super::eval::all_properties(ctx, &v)?
                    }
                    Value::Null if replace => Vec::new(),
                    other => {
                        return Err(ctx.at(
                            CypherError::type_error(format!(
                                "Expected a map to set properties from, got {}",
                                other.type_name()
                            )),
                            *at,
                        ));
                    }
                };
                if replace {
                    let existing: Vec<Sym> = match t {
                        Target::Node(id) => ctx
                            .graph
                            .node(id)
                            .map(|n| n.props.iter().map(|(k, _)| k).collect()),
                        Target::Rel(id) => ctx
                            .graph
                            .rel(id)
                            .map(|r| r.props.iter().map(|(k, _)| k).collect()),
                        Target::None => None,
                    }
                    .unwrap_or_default();
                    for k in existing {
                        let name = ctx.graph.name(k).to_string();
                        if !new.iter().any(|(n, _)| *n == name) {
                            set_prop(ctx, &t, k, Value::Null, *at)?;
                        }
                    }
                }
                for (k, v) in new {
                    let s = ctx.graph.intern(&k);
                    set_prop(ctx, &t, s, v, *at)?;
                }
            }
            SetOp::Labels { slot, labels, at } => {
                let Some(id) = labelled_node(ctx, row, *slot, *at)? else {
                    continue;
                };
                for l in labels {
                    let s = ctx.intern(*l);
                    if ctx.graph.add_label(id, s).map_err(|e| e.at(ctx.src, *at))? {
                        ctx.counters.labels_added += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The node whose labels `SET n:L` / `REMOVE n:L` change: `None` (skip the row) for null,
/// a type error for anything but a node.
fn labelled_node(ctx: &Ctx, row: &Row, slot: usize, at: usize) -> R<Option<NodeId>> {
    match row.get(slot) {
        Some(Value::Node(id)) => Ok(Some(*id)),
        Some(Value::Null) | None => Ok(None),
        Some(other) => Err(ctx.at(
            CypherError::type_error(format!("Expected a node, got {}", other.type_name())),
            at,
        )),
    }
}

pub(crate) fn remove_items(ctx: &mut Ctx, items: &[RemoveOp], row: &Row) -> R<()> {
    for item in items {
        match item {
            RemoveOp::Prop {
                target: te,
                key,
                at,
            } => {
                let tv = eval(ctx, te, row)?;
                let t = target(ctx, &tv, *at)?;
                let Some(k) = ctx.sym(*key) else { continue };
                let old = match t {
                    Target::Node(id) => ctx.graph.set_node_prop(id, k, Value::Null),
                    Target::Rel(id) => ctx.graph.set_rel_prop(id, k, Value::Null),
                    Target::None => continue,
                }
                .map_err(|e| ctx.at(e, *at))?;
                if old.is_some() {
                    ctx.counters.properties_set += 1;
                }
            }
            RemoveOp::Labels { slot, labels, at } => {
                let Some(id) = labelled_node(ctx, row, *slot, *at)? else {
                    continue;
                };
                for l in labels {
                    let Some(s) = ctx.sym(*l) else { continue };
                    if ctx
                        .graph
                        .remove_label(id, s)
                        .map_err(|e| e.at(ctx.src, *at))?
                    {
                        ctx.counters.labels_removed += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// DELETE over all rows of the clause: relationships first, then nodes, so that deleting a
/// node together with its relationships in one clause works without DETACH.
pub(crate) fn delete(ctx: &mut Ctx, detach: bool, exprs: &[Ex], rows: &[Row], at: usize) -> R<()> {
    let mut found = Deletable::default();
    for row in rows {
        for e in exprs {
            let v = eval(ctx, e, row)?;
            collect_deletable(ctx, v, &mut found, at)?;
        }
    }
    let Deletable { nodes, rels, .. } = found;
    for r in rels {
        let t = ctx.graph.rel(r).map(|rec| rec.rel_type);
        if ctx.graph.delete_rel(r) {
            ctx.counters.relationships_deleted += 1;
            if let Some(t) = t {
                ctx.deleted_rels.insert(r, t);
            }
        }
    }
    for n in nodes {
        if detach {
            let attached: Vec<(RelId, Sym)> = match ctx.graph.node(n) {
                Some(rec) => rec
                    .out
                    .iter()
                    .chain(rec.inc.iter())
                    .filter_map(|r| ctx.graph.rel(*r).map(|x| (*r, x.rel_type)))
                    .collect(),
                None => continue,
            };
            let (gone, nrels) = ctx
                .graph
                .detach_delete_node(n)
                .map_err(|e| e.at(ctx.src, at))?;
            ctx.counters.relationships_deleted += nrels as u64;
            ctx.deleted_rels.extend(attached);
            if gone {
                ctx.counters.nodes_deleted += 1;
                ctx.deleted_nodes.insert(n);
            }
        } else if ctx.graph.delete_node(n).map_err(|e| e.at(ctx.src, at))? {
            ctx.counters.nodes_deleted += 1;
            ctx.deleted_nodes.insert(n);
        }
    }
    Ok(())
}

/// What one DELETE clause deletes, each entity once, in the order first seen.
#[derive(Default)]
struct Deletable {
    nodes: Vec<NodeId>,
    rels: Vec<RelId>,
    seen_nodes: HashSet<NodeId>,
    seen_rels: HashSet<RelId>,
}

impl Deletable {
    fn node(&mut self, n: NodeId) {
        if self.seen_nodes.insert(n) {
            self.nodes.push(n);
        }
    }

    fn rel(&mut self, r: RelId) {
        if self.seen_rels.insert(r) {
            self.rels.push(r);
        }
    }
}

fn collect_deletable(ctx: &Ctx, v: Value, found: &mut Deletable, at: usize) -> R<()> {
    match v {
        Value::Null => {}
        Value::Node(n) => found.node(n),
        Value::Relationship(r) => found.rel(r),
        Value::Path(p) => {
            p.rels.into_iter().for_each(|r| found.rel(r));
            p.nodes.into_iter().for_each(|n| found.node(n));
        }
        Value::List(items) => {
            for x in items {
                collect_deletable(ctx, x, found, at)?;
            }
        }
        other => {
            return Err(ctx.at(
                CypherError::type_error(format!(
                    "DELETE expects a node, a relationship or a path, got {}",
                    other.type_name()
                )),
                at,
            ));
        }
    }
    Ok(())
}

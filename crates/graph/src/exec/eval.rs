//! Evaluating compiled expressions on a row, with Cypher's null propagation and
//! three-valued logic.

use std::borrow::Cow;
use std::collections::BTreeMap;

use cartograph_cypher::ast::{PathKind, Quantifier};
use cartograph_cypher::{CypherError, ErrorKind};

use super::ir::*;
use super::{Ctx, clauses, functions, ops, pattern};
use crate::value::{NodeId, RelId, Value};

type R<T> = Result<T, CypherError>;

/// Evaluate `ex` on `row`.
pub(crate) fn eval(ctx: &mut Ctx, ex: &Ex, row: &[Value]) -> R<Value> {
    Ok(eval_ref(ctx, ex, row)?.into_owned())
}

/// Evaluate `ex`, borrowing from the row when it is a plain variable.
pub(crate) fn eval_ref<'r>(ctx: &mut Ctx, ex: &Ex, row: &'r [Value]) -> R<Cow<'r, Value>> {
    if let Ex::Slot(s) = ex {
        return Ok(row.get(*s).map_or(Cow::Owned(Value::Null), Cow::Borrowed));
    }
    eval_owned(ctx, ex, row).map(Cow::Owned)
}

/// A predicate's truth: `None` for null. Non-boolean values are type errors.
pub(crate) fn truth(ctx: &Ctx, v: &Value, at: usize) -> R<Option<bool>> {
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        other => Err(ctx.at(
            CypherError::type_error(format!("Expected a boolean, got {}", other.type_name())),
            at,
        )),
    }
}

/// Whether a `WHERE` predicate holds (null counts as false).
pub(crate) fn holds(ctx: &mut Ctx, ex: &Ex, row: &[Value]) -> R<bool> {
    let v = eval_ref(ctx, ex, row)?;
    Ok(truth(ctx, &v, 0)? == Some(true))
}

fn eval_owned(ctx: &mut Ctx, ex: &Ex, row: &[Value]) -> R<Value> {
    Ok(match ex {
        Ex::Const(v) => v.clone(),
        Ex::Param(name, at) => match ctx.params.get(&**name) {
            Some(v) => v.clone(),
            None => {
                return Err(ctx.at(
                    CypherError::new(
                        ErrorKind::ParameterMissing,
                        format!("Expected parameter(s): {name}"),
                    )
                    .with_detail("MissingParameter"),
                    *at,
                ));
            }
        },
        Ex::Slot(s) => row.get(*s).cloned().unwrap_or(Value::Null),
        Ex::Prop(base, key, at) => {
            let b = eval_ref(ctx, base, row)?;
            property(ctx, &b, *key).map_err(|e| ctx.at(e, *at))?
        }
        Ex::Index(base, idx, at) => {
            let b = eval_ref(ctx, base, row)?;
            let i = eval_ref(ctx, idx, row)?;
            index(ctx, &b, &i).map_err(|e| ctx.at(e, *at))?
        }
        Ex::Slice(base, from, to, at) => {
            let b = eval_ref(ctx, base, row)?;
            let f = match from {
                Some(f) => Some(eval(ctx, f, row)?),
                None => None,
            };
            let t = match to {
                Some(t) => Some(eval(ctx, t, row)?),
                None => None,
            };
            slice(&b, f, t).map_err(|e| ctx.at(e, *at))?
        }
        Ex::Not(a, at) => {
            let v = eval_ref(ctx, a, row)?;
            match truth(ctx, &v, *at)? {
                Some(b) => Value::Bool(!b),
                None => Value::Null,
            }
        }
        Ex::And(a, b, at) => {
            let x = eval_ref(ctx, a, row)?;
            let x = truth(ctx, &x, *at)?;
            if x == Some(false) {
                let y = eval_ref(ctx, b, row)?;
                truth(ctx, &y, *at)?;
                return Ok(Value::Bool(false));
            }
            let y = eval_ref(ctx, b, row)?;
            let y = truth(ctx, &y, *at)?;
            match (x, y) {
                (_, Some(false)) => Value::Bool(false),
                (Some(true), Some(true)) => Value::Bool(true),
                _ => Value::Null,
            }
        }
        Ex::Or(a, b, at) => {
            let x = eval_ref(ctx, a, row)?;
            let x = truth(ctx, &x, *at)?;
            let y = eval_ref(ctx, b, row)?;
            let y = truth(ctx, &y, *at)?;
            match (x, y) {
                (Some(true), _) | (_, Some(true)) => Value::Bool(true),
                (Some(false), Some(false)) => Value::Bool(false),
                _ => Value::Null,
            }
        }
        Ex::Xor(a, b, at) => {
            let x = eval_ref(ctx, a, row)?;
            let x = truth(ctx, &x, *at)?;
            let y = eval_ref(ctx, b, row)?;
            let y = truth(ctx, &y, *at)?;
            match (x, y) {
                (Some(p), Some(q)) => Value::Bool(p != q),
                _ => Value::Null,
            }
        }
        Ex::Unary(op, a, at) => {
            let v = eval_ref(ctx, a, row)?;
            ops::unary(*op, &v).map_err(|e| ctx.at(e, *at))?
        }
        Ex::Binary(op, a, b, at) => {
            let x = eval_ref(ctx, a, row)?;
            let y = eval_ref(ctx, b, row)?;
            ops::binary(*op, &x, &y).map_err(|e| ctx.at(e, *at))?
        }
        Ex::Chain(first, rest, at) => {
            let mut prev = eval(ctx, first, row)?;
            let mut result = Some(true);
            for (op, e) in rest {
                let next = eval(ctx, e, row)?;
                let r = ops::binary(*op, &prev, &next).map_err(|e| ctx.at(e, *at))?;
                match r {
                    Value::Bool(false) => result = Some(false),
                    Value::Bool(true) => {}
                    _ => {
                        if result == Some(true) {
                            result = None;
                        }
                    }
                }
                prev = next;
            }
            result.map_or(Value::Null, Value::Bool)
        }
        Ex::IsNull(a, negated) => {
            let v = eval_ref(ctx, a, row)?;
            Value::Bool(v.is_null() != *negated)
        }
        Ex::HasLabels(base, labels, at) => {
            let b = eval_ref(ctx, base, row)?;
            match &*b {
                Value::Null => Value::Null,
                Value::Node(id) => {
                    let id = *id;
                    let mut all = true;
                    for l in labels {
                        let has = ctx.sym(*l).is_some_and(|s| ctx.graph.has_label(id, s));
                        if !has {
                            all = false;
                            break;
                        }
                    }
                    Value::Bool(all)
                }
                Value::Relationship(r) => {
                    let r = *r;
                    let t = ctx.graph.rel(r).map(|r| r.rel_type);
                    let ok = labels.len() == 1
                        && ctx.sym(labels[0]).is_some()
                        && ctx.sym(labels[0]) == t;
                    Value::Bool(ok)
                }
                other => {
                    return Err(ctx.at(
                        CypherError::type_error(format!(
                            "Expected a node, got {}",
                            other.type_name()
                        )),
                        *at,
                    ));
                }
            }
        }
        Ex::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(eval(ctx, i, row)?);
            }
            Value::List(out)
        }
        Ex::Map(entries) => {
            let mut out = BTreeMap::new();
            for (k, e) in entries {
                out.insert(k.to_string(), eval(ctx, e, row)?);
            }
            Value::Map(out)
        }
        Ex::Call(name, args, at) => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(ctx, a, row)?);
            }
            if let ("type", [Value::Relationship(r)]) = (&**name, values.as_slice())
                && let Some(t) = ctx.deleted_rels.get(r)
            {
                return Ok(Value::from(ctx.graph.name(*t)));
            }
            if !matches!(&**name, "id" | "elementid") {
                for v in &values {
                    check_not_deleted(ctx, v).map_err(|e| ctx.at(e, *at))?;
                }
            }
            match functions::call(name, &values, ctx.graph) {
                Some(r) => r.map_err(|e| ctx.at(e, *at))?,
                None => {
                    return Err(ctx.at(
                        CypherError::syntax(format!("Unknown function '{name}'"))
                            .with_detail("UnknownFunction"),
                        *at,
                    ));
                }
            }
        }
        Ex::Timestamp => Value::Int(ctx.timestamp),
        Ex::ExistsValue(a) => {
            let v = eval_ref(ctx, a, row)?;
            Value::Bool(!v.is_null())
        }
        Ex::Case {
            operand,
            whens,
            else_,
        } => {
            let op = match operand {
                Some(o) => Some(eval(ctx, o, row)?),
                None => None,
            };
            for (w, t) in whens {
                let wv = eval_ref(ctx, w, row)?;
                let hit = match &op {
                    Some(o) => o.cypher_eq(&wv) == Some(true),
                    None => matches!(*wv, Value::Bool(true)),
                };
                if hit {
                    return eval(ctx, t, row);
                }
            }
            match else_ {
                Some(e) => eval(ctx, e, row)?,
                None => Value::Null,
            }
        }
        Ex::ListComp {
            slot,
            list,
            pred,
            proj,
            at,
        } => {
            let items = match list_arg(ctx, list, row, *at)? {
                Some(l) => l,
                None => return Ok(Value::Null),
            };
            let mut r = with_slot(row, *slot);
            let mut out = Vec::new();
            for x in items {
                r[*slot] = x;
                if let Some(p) = pred
                    && !holds(ctx, p, &r)?
                {
                    continue;
                }
                out.push(match proj {
                    Some(p) => eval(ctx, p, &r)?,
                    None => std::mem::replace(&mut r[*slot], Value::Null),
                });
            }
            Value::List(out)
        }
        Ex::Quant {
            kind,
            slot,
            list,
            pred,
            at,
        } => {
            let items = match list_arg(ctx, list, row, *at)? {
                Some(l) => l,
                None => return Ok(Value::Null),
            };
            let mut r = with_slot(row, *slot);
            let (mut trues, mut nulls, mut falses) = (0usize, 0usize, 0usize);
            for x in items {
                r[*slot] = x;
                let t = match pred {
                    Some(p) => {
                        let v = eval_ref(ctx, p, &r)?;
                        truth(ctx, &v, *at)?
                    }
                    None => Some(true),
                };
                match t {
                    Some(true) => trues += 1,
                    Some(false) => falses += 1,
                    None => nulls += 1,
                }
            }
            // A count that settles the answer whatever the nulls are; otherwise null if any
            // element was null, else the answer the counts give.
            let (settled, otherwise) = match kind {
                Quantifier::All => ((falses > 0).then_some(false), true),
                Quantifier::Any => ((trues > 0).then_some(true), false),
                Quantifier::None => ((trues > 0).then_some(false), true),
                Quantifier::Single => ((trues > 1).then_some(false), trues == 1),
            };
            let b = settled.or_else(|| (nulls == 0).then_some(otherwise));
            b.map_or(Value::Null, Value::Bool)
        }
        Ex::Reduce {
            acc,
            init,
            slot,
            list,
            expr,
            at,
        } => {
            let start = eval(ctx, init, row)?;
            let items = match list_arg(ctx, list, row, *at)? {
                Some(l) => l,
                None => return Ok(Value::Null),
            };
            let mut r = with_slot(row, (*acc).max(*slot));
            r[*acc] = start;
            for x in items {
                r[*slot] = x;
                let v = eval(ctx, expr, &r)?;
                r[*acc] = v;
            }
            std::mem::replace(&mut r[*acc], Value::Null)
        }
        Ex::Sub(kind, body) => subquery(ctx, *kind, body, row)?,
        Ex::PatternComp {
            pattern: p,
            pred,
            proj,
        } => {
            let mut matches = Vec::new();
            pattern::match_pattern(ctx, p, row, None, usize::MAX, &mut matches)?;
            let mut out = Vec::new();
            for m in matches {
                if let Some(pr) = pred
                    && !holds(ctx, pr, &m)?
                {
                    continue;
                }
                out.push(eval(ctx, proj, &m)?);
            }
            Value::List(out)
        }
        Ex::PathExpr(p) => {
            let Some(part) = p.parts.first() else {
                return Ok(Value::Null);
            };
            let all = part.kind == PathKind::AllShortestPaths;
            let mut matches = Vec::new();
            pattern::match_pattern(
                ctx,
                p,
                row,
                None,
                if all { usize::MAX } else { 1 },
                &mut matches,
            )?;
            if all {
                let mut paths = Vec::with_capacity(matches.len());
                for m in &matches {
                    paths.push(pattern::path_of(ctx, part, m)?);
                }
                Value::List(paths)
            } else {
                match matches.first() {
                    Some(m) => pattern::path_of(ctx, part, m)?,
                    None => Value::Null,
                }
            }
        }
        Ex::MapProj(base, items, at) => {
            let b = eval(ctx, base, row)?;
            if b.is_null() {
                return Ok(Value::Null);
            }
            let mut out = BTreeMap::new();
            for item in items {
                match item {
                    MapProjItem::Prop(k) => {
                        let v = property(ctx, &b, *k).map_err(|e| ctx.at(e, *at))?;
                        out.insert(ctx.name(*k).to_string(), v);
                    }
                    MapProjItem::All => {
                        for (k, v) in all_properties(ctx, &b).map_err(|e| ctx.at(e, *at))? {
                            out.insert(k, v);
                        }
                    }
                    MapProjItem::Entry(k, e) => {
                        let v = eval(ctx, e, row)?;
                        out.insert(k.to_string(), v);
                    }
                }
            }
            Value::Map(out)
        }
    })
}

/// Run an expression subquery for one row.
fn subquery(ctx: &mut Ctx, kind: SubKind, body: &SubBody, row: &[Value]) -> R<Value> {
    ctx.enter(0)?;
    let r = match body {
        SubBody::Pattern(p, where_) => {
            let limit = if kind == SubKind::Exists {
                1
            } else {
                usize::MAX
            };
            let mut matches = Vec::new();
            pattern::match_pattern(ctx, p, row, where_.as_ref(), limit, &mut matches)?;
            match kind {
                SubKind::Exists => Value::Bool(!matches.is_empty()),
                _ => Value::Int(matches.len() as i64),
            }
        }
        SubBody::Query(q) => {
            let rows = clauses::run_query(ctx, q, row.to_vec())?;
            match kind {
                SubKind::Exists => Value::Bool(!rows.is_empty()),
                SubKind::Count => Value::Int(rows.len() as i64),
                SubKind::Collect => Value::List(
                    rows.into_iter()
                        .map(|r| r.into_iter().next().unwrap_or(Value::Null))
                        .collect(),
                ),
            }
        }
    };
    ctx.leave();
    Ok(r)
}

/// A copy of `row` long enough to hold `slot`.
fn with_slot(row: &[Value], slot: usize) -> Vec<Value> {
    let mut r = row.to_vec();
    if r.len() <= slot {
        r.resize(slot + 1, Value::Null);
    }
    r
}

/// The list a comprehension iterates: `None` for null.
fn list_arg(ctx: &mut Ctx, list: &Ex, row: &[Value], at: usize) -> R<Option<Vec<Value>>> {
    match eval(ctx, list, row)? {
        Value::List(l) => Ok(Some(l)),
        Value::Null => Ok(None),
        other => Err(ctx.at(
            CypherError::type_error(format!("Expected a list, got {}", other.type_name())),
            at,
        )),
    }
}

/// Reading from an entity deleted earlier in the statement is an error.
pub(crate) fn check_not_deleted(ctx: &Ctx, v: &Value) -> R<()> {
    match v {
        Value::Node(id) if ctx.deleted_nodes.contains(id) => Err(deleted("node", id.0)),
        Value::Relationship(id) if ctx.deleted_rels.contains_key(id) => {
            Err(deleted("relationship", id.0))
        }
        _ => Ok(()),
    }
}

fn deleted(what: &str, id: u64) -> CypherError {
    CypherError::new(
        ErrorKind::EntityNotFound,
        format!("The {what} with id {id} has been deleted in this transaction"),
    )
    .with_detail("DeletedEntityAccess")
}

/// `v.key` for any value.
pub(crate) fn property(ctx: &mut Ctx, v: &Value, key: Name) -> R<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Node(id) => node_prop(ctx, *id, key),
        Value::Relationship(id) => rel_prop(ctx, *id, key),
        Value::Map(m) => Ok(m.get(ctx.name(key)).cloned().unwrap_or(Value::Null)),
        other => ops::property(other, ctx.name(key)),
    }
}

pub(crate) fn node_prop(ctx: &mut Ctx, id: NodeId, key: Name) -> R<Value> {
    let sym = ctx.sym(key);
    match ctx.graph.node(id) {
        Some(n) => Ok(sym
            .and_then(|s| n.props.get(s))
            .cloned()
            .unwrap_or(Value::Null)),
        None if ctx.deleted_nodes.contains(&id) => Err(deleted("node", id.0)),
        None => Ok(Value::Null),
    }
}

pub(crate) fn rel_prop(ctx: &mut Ctx, id: RelId, key: Name) -> R<Value> {
    let sym = ctx.sym(key);
    match ctx.graph.rel(id) {
        Some(r) => Ok(sym
            .and_then(|s| r.props.get(s))
            .cloned()
            .unwrap_or(Value::Null)),
        None if ctx.deleted_rels.contains_key(&id) => Err(deleted("relationship", id.0)),
        None => Ok(Value::Null),
    }
}

/// All properties of a node, relationship or map, by name.
pub(crate) fn all_properties(ctx: &Ctx, v: &Value) -> R<Vec<(String, Value)>> {
    let g = &*ctx.graph;
    match v {
        Value::Node(id) => match g.node(*id) {
            Some(n) => Ok(n
                .props
                .iter()
                .map(|(k, v)| (g.name(k).to_string(), v.clone()))
                .collect()),
            None if ctx.deleted_nodes.contains(id) => Err(deleted("node", id.0)),
            None => Ok(Vec::new()),
        },
        Value::Relationship(id) => match g.rel(*id) {
            Some(r) => Ok(r
                .props
                .iter()
                .map(|(k, v)| (g.name(k).to_string(), v.clone()))
                .collect()),
            None if ctx.deleted_rels.contains_key(id) => Err(deleted("relationship", id.0)),
            None => Ok(Vec::new()),
        },
        Value::Map(m) => Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        Value::Null => Ok(Vec::new()),
        other => Err(CypherError::type_error(format!(
            "Expected a node, relationship or map, got {}",
            other.type_name()
        ))),
    }
}

fn index(ctx: &mut Ctx, base: &Value, idx: &Value) -> R<Value> {
    match (base, idx) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(l), Value::Int(i)) => {
            let n = l.len() as i64;
            let i = if *i < 0 { n + i } else { *i };
            Ok(if (0..n).contains(&i) {
                l[i as usize].clone()
            } else {
                Value::Null
            })
        }
        (Value::List(_), other) => Err(CypherError::type_error(format!(
            "List element access needs an integer index, got {}",
            other.type_name()
        ))),
        (Value::Map(m), Value::String(k)) => Ok(m.get(&**k).cloned().unwrap_or(Value::Null)),
        (Value::Node(_) | Value::Relationship(_), Value::String(k)) => {
            let g = &*ctx.graph;
            let sym = g.sym(k);
            check_not_deleted(ctx, base)?;
            Ok(match base {
                Value::Node(id) => {
                    sym.and_then(|s| g.node(*id).and_then(|n| n.props.get(s).cloned()))
                }
                Value::Relationship(id) => {
                    sym.and_then(|s| g.rel(*id).and_then(|r| r.props.get(s).cloned()))
                }
                _ => None,
            }
            .unwrap_or(Value::Null))
        }
        (Value::Map(_) | Value::Node(_) | Value::Relationship(_), other) => {
            Err(CypherError::type_error(format!(
                "Map element access needs a string key, got {}",
                other.type_name()
            ))
            .with_detail("MapElementAccessByNonString"))
        }
        (other, _) => Err(CypherError::type_error(format!(
            "Cannot index into a value of type {}",
            other.type_name()
        ))),
    }
}

fn slice(base: &Value, from: Option<Value>, to: Option<Value>) -> R<Value> {
    let l = match base {
        Value::Null => return Ok(Value::Null),
        Value::List(l) => l,
        other => {
            return Err(CypherError::type_error(format!(
                "Cannot slice a value of type {}",
                other.type_name()
            )));
        }
    };
    let n = l.len() as i64;
    let bound = |b: Option<Value>, default: i64| -> R<Option<i64>> {
        match b {
            None => Ok(Some(default)),
            Some(Value::Null) => Ok(None),
            Some(Value::Int(i)) => Ok(Some(if i < 0 { (n + i).max(0) } else { i.min(n) })),
            Some(other) => Err(CypherError::type_error(format!(
                "List slice bounds must be integers, got {}",
                other.type_name()
            ))),
        }
    };
    let (Some(f), Some(t)) = (bound(from, 0)?, bound(to, n)?) else {
        return Ok(Value::Null);
    };
    if f >= t {
        return Ok(Value::List(Vec::new()));
    }
    Ok(Value::List(l[f as usize..t as usize].to_vec()))
}

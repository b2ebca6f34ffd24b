//! Pattern matching: for each pattern part, pick the cheapest anchor node (a bound
//! variable, an index lookup, the smallest label, or every node), then expand along the
//! adjacency lists, binding each relationship at most once per MATCH (isomorphism).

use std::collections::{HashMap, VecDeque};
use std::ops::Bound;

use cartograph_cypher::CypherError;
use cartograph_cypher::ast::{BinaryOp, Direction, PathKind};

use super::eval::{eval, holds};
use super::ir::*;
use super::{Ctx, Row};
use crate::store::Sym;
use crate::value::{NodeId, Path, RelId, Value};

type R<T> = Result<T, CypherError>;

/// The longest path a variable-length pattern may walk (each hop is a level of recursion).
const MAX_HOPS: usize = 2000;

/// How to walk one relationship of a part, from an already matched node.
#[derive(Debug, Clone, Copy)]
struct Step {
    rel: usize,
    from: usize,
    to: usize,
    forward: bool,
}

struct Matcher<'p, 'o> {
    pat: &'p PatternPlan,
    where_: Option<&'p Ex>,
    limit: usize,
    used: Vec<RelId>,
    out: &'o mut Vec<Row>,
}

/// Append to `out` one row per match of `pat` extending `row` (at most `limit`) for which
/// `where_` holds.
pub(crate) fn match_pattern(
    ctx: &mut Ctx,
    pat: &PatternPlan,
    row: &[Value],
    where_: Option<&Ex>,
    limit: usize,
    out: &mut Vec<Row>,
) -> R<()> {
    match_owned(ctx, pat, row.to_vec(), where_, limit, out).map(drop)
}

/// Like [`match_pattern`], working in `r` itself. Gives the row back (as it came, apart from
/// padding) for callers that still need it when nothing matched; `None` when the row itself
/// became the one match (a single node found by an index or a bound variable).
pub(crate) fn match_owned(
    ctx: &mut Ctx,
    pat: &PatternPlan,
    mut r: Row,
    where_: Option<&Ex>,
    limit: usize,
    out: &mut Vec<Row>,
) -> R<Option<Row>> {
    let width = pat
        .parts
        .iter()
        .flat_map(|p| {
            p.nodes
                .iter()
                .map(|n| n.slot)
                .chain(p.rels.iter().map(|r| r.slot))
                .chain(p.path_slot)
        })
        .max()
        .map_or(0, |m| m + 1);
    if r.len() < width {
        r.resize(width, Value::Null);
    }
    if let [part] = pat.parts.as_slice()
        && part.rels.is_empty()
        && part.path_slot.is_none()
        && part.kind == PathKind::Normal
        && out.len() < limit
    {
        let Some((_, candidates)) = anchor(ctx, part, &r)? else {
            return Ok(Some(r));
        };
        if let [c] = candidates.as_slice() {
            let np = &part.nodes[0];
            let Some(assigned) = node_fits(ctx, *c, np, &mut r)? else {
                return Ok(Some(r));
            };
            let keep = match where_ {
                Some(w) => holds(ctx, w, &r)?,
                None => true,
            };
            if keep {
                out.push(r);
                return Ok(None);
            }
            if assigned {
                r[np.slot] = Value::Null;
            }
            return Ok(Some(r));
        }
    }
    let mut m = Matcher {
        pat,
        where_,
        limit,
        used: Vec::new(),
        out,
    };
    parts(ctx, &mut m, 0, &mut r)?;
    Ok(Some(r))
}

fn parts(ctx: &mut Ctx, m: &mut Matcher, i: usize, row: &mut Row) -> R<()> {
    if m.out.len() >= m.limit {
        return Ok(());
    }
    let Some(part) = m.pat.parts.get(i) else {
        if let Some(w) = m.where_
            && !holds(ctx, w, row)?
        {
            return Ok(());
        }
        m.out.push(row.clone());
        return Ok(());
    };
    if part.kind != PathKind::Normal {
        return shortest(ctx, m, i, row);
    }
    let Some((anchor, candidates)) = anchor(ctx, part, row)? else {
        return Ok(());
    };
    let steps = steps_from(anchor, part.rels.len());
    for c in candidates {
        if m.out.len() >= m.limit {
            break;
        }
        let Some(assigned) = node_fits(ctx, c, &part.nodes[anchor], row)? else {
            continue;
        };
        expand(ctx, m, i, &steps, 0, row)?;
        if assigned {
            row[part.nodes[anchor].slot] = Value::Null;
        }
    }
    Ok(())
}

fn steps_from(anchor: usize, rels: usize) -> Vec<Step> {
    let mut steps = Vec::with_capacity(rels);
    for j in anchor..rels {
        steps.push(Step {
            rel: j,
            from: j,
            to: j + 1,
            forward: true,
        });
    }
    for j in (0..anchor).rev() {
        steps.push(Step {
            rel: j,
            from: j + 1,
            to: j,
            forward: false,
        });
    }
    steps
}

/// Choose where to start matching `part`: returns the node position and its candidates,
/// or `None` when the part cannot match (a bound variable is null).
pub(crate) fn anchor(ctx: &mut Ctx, part: &PartPat, row: &Row) -> R<Option<(usize, Vec<NodeId>)>> {
    let expands = !part.rels.is_empty();
    // The estimated work of starting at a known set of nodes: each, plus its relationships
    // when the part goes on from it.
    let known_cost = |ctx: &Ctx, ids: &[NodeId]| -> usize {
        if !expands {
            return ids.len();
        }
        ids.iter()
            .map(|id| 1 + ctx.graph.node(*id).map_or(0, |n| n.out.len() + n.inc.len()))
            .sum()
    };
    // (cost, position, candidates if already known)
    let mut best: Option<(usize, usize, Option<Vec<NodeId>>)> = None;
    for (pos, np) in part.nodes.iter().enumerate() {
        let cand = match row.get(np.slot) {
            Some(Value::Node(id)) => {
                let ids = vec![*id];
                (known_cost(ctx, &ids), pos, Some(ids))
            }
            Some(Value::Null) | None if np.bound => return Ok(None),
            Some(Value::Null) | None => match index_candidates(ctx, np, row)? {
                Some(ids) => (known_cost(ctx, &ids), pos, Some(ids)),
                None => match smallest_label(ctx, np) {
                    Some(Some((_, n))) => {
                        (n.saturating_mul(if expands { 2 } else { 1 }), pos, None)
                    }
                    Some(None) => return Ok(None),
                    None => (
                        ctx.graph
                            .node_count()
                            .saturating_mul(if expands { 3 } else { 1 }),
                        pos,
                        None,
                    ),
                },
            },
            Some(_) => return Ok(None),
        };
        if best.as_ref().is_none_or(|b| cand.0 < b.0) {
            best = Some(cand);
        }
    }
    // A relationship property index gives the relationships, hence their left nodes.
    for (j, rp) in part.rels.iter().enumerate() {
        let Some(ids) = rel_index_nodes(ctx, rp, row)? else {
            continue;
        };
        let cost = known_cost(ctx, &ids);
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, j, Some(ids)));
        }
    }
    let Some((_, pos, ids)) = best else {
        return Ok(None);
    };
    let ids = match ids {
        Some(ids) => ids,
        None => match smallest_label(ctx, &part.nodes[pos]) {
            Some(Some((label, _))) => ctx.graph.nodes_with_label(label).collect(),
            Some(None) => Vec::new(),
            None => ctx.graph.all_nodes().collect(),
        },
    };
    Ok(Some((pos, ids)))
}

/// The nodes at the left end of the relationships a relationship index finds for `rp`'s
/// property equalities, when there is such an index.
fn rel_index_nodes(ctx: &mut Ctx, rp: &RelPat, row: &Row) -> R<Option<Vec<NodeId>>> {
    let (PropSpec::Entries(entries), [t], None, false) =
        (&rp.props, rp.types.as_slice(), rp.var_len, rp.bound)
    else {
        return Ok(None);
    };
    let Some(t) = ctx.sym(*t) else {
        return Ok(None);
    };
    for (j, (key, ex)) in entries.iter().enumerate() {
        if !rp.independent.get(j).copied().unwrap_or(false) {
            continue;
        }
        let Some(k) = ctx.sym(*key) else { continue };
        let v = eval(ctx, ex, row)?;
        let Some(rels) = ctx.graph.rel_index_eq(t, k, &v) else {
            continue;
        };
        let mut nodes = Vec::with_capacity(rels.len());
        for r in rels {
            let Some(rec) = ctx.graph.rel(r) else {
                continue;
            };
            match rp.dir {
                Direction::Outgoing => nodes.push(rec.src),
                Direction::Incoming => nodes.push(rec.dst),
                Direction::Both => {
                    nodes.push(rec.src);
                    nodes.push(rec.dst);
                }
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        return Ok(Some(nodes));
    }
    Ok(None)
}

/// The node's label with the fewest nodes: `None` without labels, `Some(None)` when a label
/// does not exist at all (nothing can match).
fn smallest_label(ctx: &mut Ctx, np: &NodePat) -> Option<Option<(Sym, usize)>> {
    if np.labels.is_empty() {
        return None;
    }
    let mut best: Option<(Sym, usize)> = None;
    for l in &np.labels {
        let Some(s) = ctx.sym(*l) else {
            return Some(None);
        };
        let n = ctx.graph.label_count(s);
        if best.is_none_or(|b| n < b.1) {
            best = Some((s, n));
        }
    }
    Some(best)
}

/// Candidates from a property index, when the pattern's properties or a WHERE hint give a
/// value for an indexed label and key.
fn index_candidates(ctx: &mut Ctx, np: &NodePat, row: &Row) -> R<Option<Vec<NodeId>>> {
    if np.labels.is_empty() {
        return Ok(None);
    }
    let labels: Vec<Sym> = np.labels.iter().filter_map(|l| ctx.sym(*l)).collect();
    if labels.len() != np.labels.len() {
        return Ok(None);
    }
    if let PropSpec::Entries(entries) = &np.props {
        for (j, (key, ex)) in entries.iter().enumerate() {
            if !np.independent.get(j).copied().unwrap_or(false) {
                continue;
            }
            let key = *key;
            let Some(k) = ctx.sym(key) else {
                return Ok(Some(Vec::new()));
            };
            for &l in &labels {
                if ctx.graph.has_node_index(l, k) {
                    let v = eval(ctx, ex, row)?;
                    return Ok(ctx.graph.node_index_eq(l, k, &v));
                }
            }
        }
    }
    for h in &np.hints {
        let Some(k) = ctx.sym(h.key) else { continue };
        for &l in &labels {
            if !ctx.graph.has_node_index(l, k) {
                continue;
            }
            let v = eval(ctx, &h.value, row)?;
            if v.is_null() {
                return Ok(Some(Vec::new()));
            }
            let found = match h.op {
                BinaryOp::Eq => ctx.graph.node_index_eq(l, k, &v),
                BinaryOp::In => match &v {
                    Value::List(items) => {
                        let mut ids = Vec::new();
                        for x in items {
                            ids.extend(ctx.graph.node_index_eq(l, k, x).unwrap_or_default());
                        }
                        ids.sort_unstable();
                        ids.dedup();
                        Some(ids)
                    }
                    _ => None,
                },
                BinaryOp::Lt => {
                    ctx.graph
                        .node_index_range(l, k, Bound::Unbounded, Bound::Excluded(&v))
                }
                BinaryOp::Le => {
                    ctx.graph
                        .node_index_range(l, k, Bound::Unbounded, Bound::Included(&v))
                }
                BinaryOp::Gt => {
                    ctx.graph
                        .node_index_range(l, k, Bound::Excluded(&v), Bound::Unbounded)
                }
                BinaryOp::Ge => {
                    ctx.graph
                        .node_index_range(l, k, Bound::Included(&v), Bound::Unbounded)
                }
                _ => None,
            };
            if found.is_some() {
                return Ok(found);
            }
        }
    }
    Ok(None)
}

/// Check node `id` against `np`; bind it if the slot is free. `Some(true)` when newly
/// bound, `Some(false)` when it was already bound to `id`, `None` when it does not fit.
fn node_fits(ctx: &mut Ctx, id: NodeId, np: &NodePat, row: &mut Row) -> R<Option<bool>> {
    let fresh = match row.get(np.slot) {
        Some(Value::Node(x)) if *x == id => false,
        Some(Value::Null) | None if !np.bound => true,
        _ => return Ok(None),
    };
    for l in &np.labels {
        let Some(s) = ctx.sym(*l) else {
            return Ok(None);
        };
        if !ctx.graph.has_label(id, s) {
            return Ok(None);
        }
    }
    if !np.props.is_none() {
        if fresh {
            row[np.slot] = Value::Node(id);
        }
        let ok = props_match(ctx, &np.props, Value::Node(id), row);
        if fresh {
            row[np.slot] = Value::Null;
        }
        if !ok? {
            return Ok(None);
        }
    }
    if fresh {
        row[np.slot] = Value::Node(id);
    }
    Ok(Some(fresh))
}

/// Whether entity `e` has the properties `spec` asks for (null never matches).
pub(crate) fn props_match(ctx: &mut Ctx, spec: &PropSpec, e: Value, row: &Row) -> R<bool> {
    let wanted: Vec<(Sym, Value)> = match spec {
        PropSpec::None => return Ok(true),
        PropSpec::Entries(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (k, ex) in entries {
                let v = eval(ctx, ex, row)?;
                let Some(s) = ctx.sym(*k) else {
                    return Ok(false);
                };
                out.push((s, v));
            }
            out
        }
        PropSpec::Expr(ex) => match eval(ctx, ex, row)? {
            Value::Map(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let Some(s) = ctx.graph.sym(&k) else {
                        return Ok(false);
                    };
                    out.push((s, v));
                }
                out
            }
            Value::Null => return Ok(false),
            other => {
                return Err(CypherError::type_error(format!(
                    "Expected a map of properties, got {}",
                    other.type_name()
                )));
            }
        },
    };
    let props = match e {
        Value::Node(id) => ctx.graph.node(id).map(|n| &n.props),
        Value::Relationship(id) => ctx.graph.rel(id).map(|r| &r.props),
        _ => None,
    };
    let Some(props) = props else { return Ok(false) };
    Ok(wanted
        .iter()
        .all(|(k, v)| props.get(*k).is_some_and(|p| p.cypher_eq(v) == Some(true))))
}

/// The relationships leaving `node` along `rp` walked forward or backward, with the node at
/// the other end.
fn adjacent(ctx: &mut Ctx, node: NodeId, rp: &RelPat, forward: bool) -> Vec<(RelId, NodeId)> {
    let types: Vec<Sym> = rp.types.iter().filter_map(|t| ctx.sym(*t)).collect();
    if !rp.types.is_empty() && types.is_empty() {
        return Vec::new();
    }
    let g = &*ctx.graph;
    let Some(n) = g.node(node) else {
        return Vec::new();
    };
    let dir = match (rp.dir, forward) {
        (Direction::Both, _) => Direction::Both,
        (d, true) => d,
        (Direction::Outgoing, false) => Direction::Incoming,
        (Direction::Incoming, false) => Direction::Outgoing,
    };
    let mut out = Vec::new();
    let ok_type = |t: Sym| types.is_empty() || types.contains(&t);
    if matches!(dir, Direction::Outgoing | Direction::Both) {
        for r in &n.out {
            if let Some(rec) = g.rel(*r)
                && ok_type(rec.rel_type)
            {
                out.push((*r, rec.dst));
            }
        }
    }
    if matches!(dir, Direction::Incoming | Direction::Both) {
        for r in &n.inc {
            if let Some(rec) = g.rel(*r)
                && ok_type(rec.rel_type)
                && !(dir == Direction::Both && rec.src == rec.dst)
            {
                out.push((*r, rec.src));
            }
        }
    }
    out
}

fn expand(
    ctx: &mut Ctx,
    m: &mut Matcher,
    i: usize,
    steps: &[Step],
    k: usize,
    row: &mut Row,
) -> R<()> {
    if m.out.len() >= m.limit {
        return Ok(());
    }
    let part = &m.pat.parts[i];
    let Some(st) = steps.get(k).copied() else {
        if let Some(ps) = part.path_slot {
            row[ps] = path_of(ctx, part, row)?;
            parts(ctx, m, i + 1, row)?;
            row[ps] = Value::Null;
            return Ok(());
        }
        return parts(ctx, m, i + 1, row);
    };
    let rp = &part.rels[st.rel];
    let Some(Value::Node(from)) = row.get(part.nodes[st.from].slot).cloned() else {
        return Ok(());
    };
    if let Some((min, max)) = rp.var_len {
        let mut trail = Vec::new();
        return var_len(ctx, m, i, steps, k, row, from, min, max, &mut trail);
    }
    let bound_rel = if rp.bound {
        match row.get(rp.slot) {
            Some(Value::Relationship(r)) => Some(*r),
            _ => return Ok(()),
        }
    } else {
        None
    };
    for (r, other) in adjacent(ctx, from, rp, st.forward) {
        if m.out.len() >= m.limit {
            break;
        }
        if bound_rel.is_some_and(|b| b != r) || m.used.contains(&r) {
            continue;
        }
        if !rp.props.is_none() && !props_match(ctx, &rp.props, Value::Relationship(r), row)? {
            continue;
        }
        let Some(assigned) = node_fits(ctx, other, &part.nodes[st.to], row)? else {
            continue;
        };
        if bound_rel.is_none() {
            row[rp.slot] = Value::Relationship(r);
        }
        m.used.push(r);
        let res = expand(ctx, m, i, steps, k + 1, row);
        m.used.pop();
        if bound_rel.is_none() {
            row[rp.slot] = Value::Null;
        }
        if assigned {
            row[part.nodes[st.to].slot] = Value::Null;
        }
        res?;
    }
    Ok(())
}

/// Depth-first expansion of a variable-length relationship; `trail` holds the
/// relationships walked so far from the step's start node.
#[allow(clippy::too_many_arguments)]
fn var_len(
    ctx: &mut Ctx,
    m: &mut Matcher,
    i: usize,
    steps: &[Step],
    k: usize,
    row: &mut Row,
    at: NodeId,
    min: u64,
    max: Option<u64>,
    trail: &mut Vec<RelId>,
) -> R<()> {
    if m.out.len() >= m.limit {
        return Ok(());
    }
    let part = &m.pat.parts[i];
    let st = steps[k];
    let rp = &part.rels[st.rel];
    let depth = trail.len() as u64;
    if depth >= min
        && let Some(assigned) = node_fits(ctx, at, &part.nodes[st.to], row)?
    {
        let mut ordered: Vec<Value> = trail.iter().map(|r| Value::Relationship(*r)).collect();
        if !st.forward {
            ordered.reverse();
        }
        let list = Value::List(ordered);
        let fits = if rp.bound {
            row.get(rp.slot).is_some_and(|v| v.equivalent(&list))
        } else {
            true
        };
        let res = if fits {
            if !rp.bound {
                row[rp.slot] = list;
            }
            let r = expand(ctx, m, i, steps, k + 1, row);
            if !rp.bound {
                row[rp.slot] = Value::Null;
            }
            r
        } else {
            Ok(())
        };
        if assigned {
            row[part.nodes[st.to].slot] = Value::Null;
        }
        res?;
    }
    if max.is_some_and(|mx| depth >= mx) {
        return Ok(());
    }
    if trail.len() >= MAX_HOPS {
        return Err(ctx.at(
            CypherError::new(
                cartograph_cypher::ErrorKind::ResourceError,
                format!("a variable-length pattern matched a path longer than {MAX_HOPS} relationships; give it an upper bound"),
            ),
            part.at,
        ));
    }
    for (r, other) in adjacent(ctx, at, rp, st.forward) {
        if m.used.contains(&r) {
            continue;
        }
        if !rp.props.is_none() && !props_match(ctx, &rp.props, Value::Relationship(r), row)? {
            continue;
        }
        m.used.push(r);
        trail.push(r);
        let res = var_len(ctx, m, i, steps, k, row, other, min, max, trail);
        trail.pop();
        m.used.pop();
        res?;
    }
    Ok(())
}

/// The path value of a matched part, nodes and relationships in pattern order.
pub(crate) fn path_of(ctx: &mut Ctx, part: &PartPat, row: &Row) -> R<Value> {
    let node_at = |pos: usize| match row.get(part.nodes[pos].slot) {
        Some(Value::Node(n)) => Some(*n),
        _ => None,
    };
    let Some(mut cur) = node_at(0) else {
        return Ok(Value::Null);
    };
    let mut nodes = vec![cur];
    let mut rels = Vec::new();
    for (j, rp) in part.rels.iter().enumerate() {
        let ids: Vec<RelId> = match row.get(rp.slot) {
            Some(Value::Relationship(r)) => vec![*r],
            Some(Value::List(l)) => l
                .iter()
                .filter_map(|v| match v {
                    Value::Relationship(r) => Some(*r),
                    _ => None,
                })
                .collect(),
            _ => return Ok(Value::Null),
        };
        for r in ids {
            let Some(rec) = ctx.graph.rel(r) else {
                return Ok(Value::Null);
            };
            cur = if rec.src == cur { rec.dst } else { rec.src };
            nodes.push(cur);
            rels.push(r);
        }
        if node_at(j + 1) != Some(cur) {
            return Ok(Value::Null);
        }
    }
    Ok(Value::Path(Path { nodes, rels }))
}

/// `shortestPath` / `allShortestPaths`: breadth-first search between every pair of
/// candidate end nodes.
fn shortest(ctx: &mut Ctx, m: &mut Matcher, i: usize, row: &mut Row) -> R<()> {
    let part = &m.pat.parts[i];
    let (Some(a), Some(b)) = (part.nodes.first(), part.nodes.get(1)) else {
        return Ok(());
    };
    let Some(rp) = part.rels.first() else {
        return Ok(());
    };
    let starts = end_candidates(ctx, a, row)?;
    let ends = end_candidates(ctx, b, row)?;
    let (min, max) = rp.var_len.unwrap_or((1, Some(1)));
    for &s in &starts {
        let Some(sa) = node_fits(ctx, s, a, row)? else {
            continue;
        };
        for &e in &ends {
            let Some(eb) = node_fits(ctx, e, b, row)? else {
                continue;
            };
            let all = part.kind == PathKind::AllShortestPaths;
            let before = m.out.len();
            let paths = bfs(ctx, s, e, rp, row, min, max, all)?;
            for rels in paths {
                if m.out.len() >= m.limit {
                    break;
                }
                emit_path(ctx, m, i, row, &rels)?;
            }
            // The shortest paths failed the WHERE: look for the shortest that passes, longer
            // ones included, as Neo4j does.
            if m.out.len() == before && m.where_.is_some() {
                let mut budget = SEARCH_BUDGET;
                let cap = max.map_or(MAX_SHORTEST_FALLBACK, |mx| {
                    mx.min(MAX_SHORTEST_FALLBACK as u64) as usize
                });
                for len in (min.max(1) as usize)..=cap {
                    let mut trail = Vec::with_capacity(len);
                    paths_of_length(ctx, m, i, row, s, e, len, &mut trail, &mut budget, all)?;
                    if m.out.len() > before || m.out.len() >= m.limit {
                        break;
                    }
                }
            }
            if eb {
                row[b.slot] = Value::Null;
            }
        }
        if sa {
            row[a.slot] = Value::Null;
        }
    }
    Ok(())
}

/// How long a path the predicate-aware shortest path search tries at most.
const MAX_SHORTEST_FALLBACK: usize = 15;

/// How many relationship steps that search may take before giving up.
const SEARCH_BUDGET: usize = 2_000_000;

/// Bind the relationships (and path) of shortest-path part `i` and go on matching.
fn emit_path(ctx: &mut Ctx, m: &mut Matcher, i: usize, row: &mut Row, rels: &[RelId]) -> R<()> {
    let part = &m.pat.parts[i];
    let Some(rp) = part.rels.first() else {
        return Ok(());
    };
    row[rp.slot] = if rp.var_len.is_some() {
        Value::List(rels.iter().map(|r| Value::Relationship(*r)).collect())
    } else {
        rels.first()
            .map_or(Value::Null, |r| Value::Relationship(*r))
    };
    if let Some(ps) = part.path_slot {
        row[ps] = path_of(ctx, part, row)?;
    }
    let res = parts(ctx, m, i + 1, row);
    row[rp.slot] = Value::Null;
    if let Some(ps) = part.path_slot {
        row[ps] = Value::Null;
    }
    res
}

/// Every relationship-unique path of exactly `len` steps from `at` to `end`, each tried
/// against the rest of the pattern and the WHERE; stops at the first success unless `all`.
#[allow(clippy::too_many_arguments)]
fn paths_of_length(
    ctx: &mut Ctx,
    m: &mut Matcher,
    i: usize,
    row: &mut Row,
    at: NodeId,
    end: NodeId,
    len: usize,
    trail: &mut Vec<RelId>,
    budget: &mut usize,
    all: bool,
) -> R<bool> {
    if trail.len() == len {
        if at != end {
            return Ok(false);
        }
        let before = m.out.len();
        emit_path(ctx, m, i, row, &trail.clone())?;
        return Ok(m.out.len() > before && !all);
    }
    let part = &m.pat.parts[i];
    let Some(rp) = part.rels.first() else {
        return Ok(false);
    };
    for (r, other) in adjacent(ctx, at, rp, true) {
        if trail.contains(&r) {
            continue;
        }
        if !rp.props.is_none() && !props_match(ctx, &rp.props, Value::Relationship(r), row)? {
            continue;
        }
        *budget = budget.saturating_sub(1);
        if *budget == 0 {
            return Err(ctx.at(
                CypherError::new(
                    cartograph_cypher::ErrorKind::ResourceError,
                    "shortestPath with this WHERE clause explored too many paths; give the pattern an upper bound",
                ),
                part.at,
            ));
        }
        trail.push(r);
        let done = paths_of_length(ctx, m, i, row, other, end, len, trail, budget, all);
        trail.pop();
        if done? || m.out.len() >= m.limit {
            return Ok(true);
        }
    }
    Ok(false)
}

fn end_candidates(ctx: &mut Ctx, np: &NodePat, row: &Row) -> R<Vec<NodeId>> {
    Ok(match row.get(np.slot) {
        Some(Value::Node(id)) => vec![*id],
        Some(Value::Null) | None if !np.bound => match smallest_label(ctx, np) {
            Some(Some((l, _))) => ctx.graph.nodes_with_label(l).collect(),
            Some(None) => Vec::new(),
            None => ctx.graph.all_nodes().collect(),
        },
        _ => Vec::new(),
    })
}

/// Shortest relationship sequences from `s` to `e` (all of them when `all`).
#[allow(clippy::too_many_arguments)]
fn bfs(
    ctx: &mut Ctx,
    s: NodeId,
    e: NodeId,
    rp: &RelPat,
    row: &Row,
    min: u64,
    max: Option<u64>,
    all: bool,
) -> R<Vec<Vec<RelId>>> {
    if s == e && min == 0 {
        return Ok(vec![Vec::new()]);
    }
    let mut depth: HashMap<NodeId, u64> = HashMap::new();
    let mut preds: HashMap<NodeId, Vec<(NodeId, RelId)>> = HashMap::new();
    let mut queue = VecDeque::new();
    depth.insert(s, 0);
    queue.push_back(s);
    let mut found: Option<u64> = None;
    while let Some(n) = queue.pop_front() {
        let d = depth.get(&n).copied().unwrap_or(0);
        if found.is_some_and(|f| d >= f) || max.is_some_and(|mx| d >= mx) {
            continue;
        }
        for (r, other) in adjacent(ctx, n, rp, true) {
            if !rp.props.is_none() && !props_match(ctx, &rp.props, Value::Relationship(r), row)? {
                continue;
            }
            match depth.get(&other) {
                Some(&od) if od == d + 1 => preds.entry(other).or_default().push((n, r)),
                Some(_) if other != s || d + 1 > 1 => {}
                Some(_) => {}
                None => {
                    depth.insert(other, d + 1);
                    preds.entry(other).or_default().push((n, r));
                    queue.push_back(other);
                }
            }
            if other == e && d + 1 >= min.max(1) {
                found = Some(d + 1);
            }
        }
    }
    if found.is_none() || !preds.contains_key(&e) {
        return Ok(Vec::new());
    }
    // Walk the predecessor lists back from the end.
    let mut results = Vec::new();
    let mut stack: Vec<(NodeId, Vec<RelId>)> = vec![(e, Vec::new())];
    while let Some((n, rels)) = stack.pop() {
        if n == s && !rels.is_empty() {
            let mut r = rels.clone();
            r.reverse();
            results.push(r);
            if !all {
                break;
            }
            continue;
        }
        for (p, r) in preds.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
            if rels.contains(r) {
                continue;
            }
            let mut next = rels.clone();
            next.push(*r);
            stack.push((*p, next));
        }
    }
    Ok(results)
}

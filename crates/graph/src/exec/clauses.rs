//! Running a compiled query: branches and UNION, and each clause as a transformation of
//! the rows it receives.

use std::collections::HashSet;

use cartograph_cypher::CypherError;

use super::eval::{eval, holds};
use super::ir::*;
use super::{Ctx, Row, merge, pattern, procedures, project, update};
use crate::value::{GroupKey, Value};

type R<T> = Result<T, CypherError>;

/// Run the statement's query: its columns and rows.
pub(crate) fn run_top(ctx: &mut Ctx, q: &QueryPlan) -> R<(Vec<String>, Vec<Row>)> {
    // A standalone procedure call without YIELD returns all of the procedure's columns.
    if let [Branch { ops }] = q.branches.as_slice()
        && let [Op::CallProc(p)] = ops.as_slice()
        && p.standalone_all
    {
        return procedures::standalone(ctx, p);
    }
    let rows = run_query(ctx, q, Vec::new())?;
    if q.returns {
        Ok((q.columns.clone(), rows))
    } else {
        Ok((Vec::new(), Vec::new()))
    }
}

/// Run a query whose rows start as `input`; returns the projected rows (for a query with
/// RETURN) or the final rows (for a unit query).
pub(crate) fn run_query(ctx: &mut Ctx, q: &QueryPlan, input: Row) -> R<Vec<Row>> {
    let mut all = Vec::new();
    let n = q.branches.len();
    let mut input = Some(input);
    for (i, b) in q.branches.iter().enumerate() {
        let start = if i + 1 == n {
            input.take().unwrap_or_default()
        } else {
            input.clone().unwrap_or_default()
        };
        let mut rows = run_ops(ctx, &b.ops, vec![start])?;
        if q.returns {
            let w = q.columns.len();
            for r in &mut rows {
                r.truncate(w);
            }
        }
        all.extend(rows);
    }
    if n > 1 && !q.union_all.first().copied().unwrap_or(true) {
        let mut seen = HashSet::new();
        all.retain(|r| seen.insert(r.iter().cloned().map(GroupKey).collect::<Vec<_>>()));
    }
    Ok(all)
}

pub(crate) fn run_ops(ctx: &mut Ctx, ops: &[Op], mut rows: Vec<Row>) -> R<Vec<Row>> {
    for (i, op) in ops.iter().enumerate() {
        rows = match (op, ops.get(i + 1)) {
            (
                Op::Match {
                    optional: false, ..
                },
                Some(Op::Project(p)),
            ) => {
                let cap = match_cap(ctx, p)?;
                run_match(ctx, op, rows, cap)?
            }
            _ => run_op(ctx, op, rows)?,
        };
    }
    Ok(rows)
}

/// How many rows a MATCH needs to produce when the projection after it only keeps the first
/// SKIP + LIMIT of them in match order (no ORDER BY, DISTINCT, aggregation or WHERE).
fn match_cap(ctx: &mut Ctx, p: &Projection) -> R<usize> {
    if !p.aggs.is_empty() || p.distinct || !p.order.is_empty() || p.where_.is_some() {
        return Ok(usize::MAX);
    }
    let Some(limit) = &p.limit else {
        return Ok(usize::MAX);
    };
    let count = |ctx: &mut Ctx, e: &Ex| -> R<Option<usize>> {
        Ok(match eval(ctx, e, &[])? {
            Value::Int(i) if i >= 0 => Some(i as usize),
            _ => None,
        })
    };
    let Some(l) = count(ctx, limit)? else {
        return Ok(usize::MAX);
    };
    let s = match &p.skip {
        Some(s) => count(ctx, s)?.unwrap_or(0),
        None => 0,
    };
    Ok(l.saturating_add(s))
}

fn run_match(ctx: &mut Ctx, op: &Op, rows: Vec<Row>, cap: usize) -> R<Vec<Row>> {
    let Op::Match {
        pattern: p,
        where_,
        optional,
        new_slots,
    } = op
    else {
        return run_op(ctx, op, rows);
    };
    let mut out = Vec::new();
    for row in rows {
        if out.len() >= cap {
            break;
        }
        let before = out.len();
        let row = pattern::match_owned(ctx, p, row, where_.as_ref(), cap, &mut out)?;
        if *optional
            && out.len() == before
            && let Some(mut r) = row
        {
            for s in new_slots {
                set(&mut r, *s, Value::Null);
            }
            out.push(r);
        }
    }
    Ok(out)
}

fn set(row: &mut Row, slot: usize, v: Value) {
    if row.len() <= slot {
        row.resize(slot + 1, Value::Null);
    }
    row[slot] = v;
}

fn run_op(ctx: &mut Ctx, op: &Op, rows: Vec<Row>) -> R<Vec<Row>> {
    match op {
        Op::Match { .. } => run_match(ctx, op, rows, usize::MAX),
        Op::Unwind { expr, slot } => {
            let mut out = Vec::new();
            for row in rows {
                match eval(ctx, expr, &row)? {
                    Value::List(items) => {
                        for x in items {
                            let mut r = row.clone();
                            set(&mut r, *slot, x);
                            out.push(r);
                        }
                    }
                    Value::Null => {}
                    other => {
                        let mut r = row;
                        set(&mut r, *slot, other);
                        out.push(r);
                    }
                }
            }
            Ok(out)
        }
        Op::Project(p) => project::project(ctx, p, rows),
        Op::Create(p) => {
            let mut out = Vec::with_capacity(rows.len());
            for mut row in rows {
                update::create(ctx, p, &mut row)?;
                out.push(row);
            }
            Ok(out)
        }
        Op::Merge(m) => {
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                merge::merge(ctx, m, row, &mut out)?;
            }
            Ok(out)
        }
        Op::Set(items) => {
            for row in &rows {
                update::set_items(ctx, items, row)?;
            }
            Ok(rows)
        }
        Op::Remove(items) => {
            for row in &rows {
                update::remove_items(ctx, items, row)?;
            }
            Ok(rows)
        }
        Op::Delete { detach, exprs, at } => {
            update::delete(ctx, *detach, exprs, &rows, *at)?;
            Ok(rows)
        }
        Op::Foreach {
            slot,
            list,
            body,
            at,
        } => {
            for row in &rows {
                let items = match eval(ctx, list, row)? {
                    Value::List(l) => l,
                    Value::Null => continue,
                    other => {
                        return Err(ctx.at(
                            CypherError::type_error(format!(
                                "FOREACH expects a list, got {}",
                                other.type_name()
                            )),
                            *at,
                        ));
                    }
                };
                for x in items {
                    let mut r = row.clone();
                    set(&mut r, *slot, x);
                    run_ops(ctx, body, vec![r])?;
                }
            }
            Ok(rows)
        }
        Op::CallProc(p) => procedures::in_query(ctx, p, rows),
        Op::CallSub(sp) => {
            let mut out = Vec::with_capacity(rows.len());
            ctx.enter(0)?;
            for row in rows {
                if sp.outer_unused {
                    let inner = run_query(ctx, &sp.query, row);
                    if let Err(e) = inner {
                        ctx.leave();
                        return Err(e);
                    }
                    out.push(Vec::new());
                    continue;
                }
                let inner = run_query(ctx, &sp.query, row.clone());
                let inner = match inner {
                    Ok(i) => i,
                    Err(e) => {
                        ctx.leave();
                        return Err(e);
                    }
                };
                if sp.query.returns {
                    for ir in inner {
                        let mut r = row.clone();
                        for (v, s) in ir.into_iter().zip(&sp.out_slots) {
                            set(&mut r, *s, v);
                        }
                        out.push(r);
                    }
                } else {
                    out.push(row);
                }
            }
            ctx.leave();
            Ok(out)
        }
        Op::CountShortcut { label, rel_type } => {
            let n = match (label, rel_type) {
                (_, Some(Some(t))) => ctx.sym(*t).map_or(0, |s| ctx.graph.rel_type_count(s)),
                (_, Some(None)) => ctx.graph.rel_count(),
                (Some(l), None) => ctx.sym(*l).map_or(0, |s| ctx.graph.label_count(s)),
                (None, None) => ctx.graph.node_count(),
            };
            Ok(vec![vec![Value::Int(n as i64)]])
        }
    }
}

/// Keep the rows for which `pred` holds.
pub(crate) fn filter(ctx: &mut Ctx, pred: &Ex, rows: Vec<Row>) -> R<Vec<Row>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if holds(ctx, pred, &r)? {
            out.push(r);
        }
    }
    Ok(out)
}

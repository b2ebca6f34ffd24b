//! Running `WITH` / `RETURN`: projection, grouping and aggregation, DISTINCT, ORDER BY,
//! SKIP, LIMIT and `WITH ... WHERE`.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use cartograph_cypher::{CypherError, ErrorKind};

use super::aggregate::Aggregator;
use super::clauses::filter;
use super::eval::eval;
use super::ir::*;
use super::{Ctx, Row};
use crate::value::{GroupKey, Value};

type R<T> = Result<T, CypherError>;

/// One aggregate's running state.
enum Acc {
    CountStar(i64),
    Fn(Aggregator),
}

pub(crate) fn project(ctx: &mut Ctx, p: &Projection, rows: Vec<Row>) -> R<Vec<Row>> {
    let k = p.items.len();
    let keep_input = p.sees_input && (!p.order.is_empty() || p.where_.is_some());
    let mut out: Vec<Row> = if p.aggs.is_empty() {
        // When only distinct variables are projected (`WITH i, item`), their values are moved
        // out of the input row rather than cloned.
        let slots: Vec<usize> = p
            .items
            .iter()
            .filter_map(|it| if let Ex::Slot(s) = it { Some(*s) } else { None })
            .collect();
        let all_distinct = slots.len() == k
            && slots
                .iter()
                .enumerate()
                .all(|(i, s)| !slots[..i].contains(s));
        let movable: Vec<Option<usize>> = slots
            .iter()
            .map(|s| (all_distinct && !keep_input).then_some(*s))
            .chain(std::iter::repeat(None))
            .take(k)
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for mut r in rows {
            let mut o = Vec::with_capacity(if keep_input { k + r.len() } else { k });
            for (it, mv) in p.items.iter().zip(&movable) {
                match mv {
                    Some(s) => o.push(
                        r.get_mut(*s)
                            .map_or(Value::Null, |v| std::mem::replace(v, Value::Null)),
                    ),
                    None => o.push(eval(ctx, it, &r)?),
                }
            }
            if keep_input {
                o.extend(r);
            }
            out.push(o);
        }
        out
    } else {
        aggregate(ctx, p, rows)?
    };
    if p.distinct {
        let mut seen = HashSet::new();
        out.retain(|r| {
            seen.insert(
                r[..k.min(r.len())]
                    .iter()
                    .cloned()
                    .map(GroupKey)
                    .collect::<Vec<_>>(),
            )
        });
    }
    if !p.order.is_empty() {
        let mut keyed = Vec::with_capacity(out.len());
        for r in out {
            let mut keys = Vec::with_capacity(p.order.len());
            for (e, _) in &p.order {
                keys.push(eval(ctx, e, &r)?);
            }
            keyed.push((keys, r));
        }
        keyed.sort_by(|(a, _), (b, _)| {
            for ((x, y), (_, desc)) in a.iter().zip(b).zip(&p.order) {
                let o = x.order_cmp(y);
                let o = if *desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        out = keyed.into_iter().map(|(_, r)| r).collect();
    }
    if let Some(s) = &p.skip {
        let n = count_arg(ctx, s, "SKIP")?;
        if n >= out.len() {
            out.clear();
        } else {
            out.drain(..n);
        }
    }
    if let Some(l) = &p.limit {
        let n = count_arg(ctx, l, "LIMIT")?;
        out.truncate(n);
    }
    if let Some(w) = &p.where_ {
        out = filter(ctx, w, out)?;
    }
    for r in &mut out {
        r.truncate(k);
    }
    Ok(out)
}

/// The value of SKIP or LIMIT: a non-negative integer.
fn count_arg(ctx: &mut Ctx, e: &Ex, what: &str) -> R<usize> {
    match eval(ctx, e, &[])? {
        Value::Int(i) if i >= 0 => Ok(i as usize),
        Value::Int(i) => Err(CypherError::new(
            ErrorKind::SyntaxError,
            format!("Invalid input. '{i}' is not a valid value for {what}. Must be a non-negative integer."),
        )
        .with_detail("NegativeIntegerArgument")),
        Value::Float(f) if f.fract() == 0.0 && (0.0..9.0e18).contains(&f) => Err(CypherError::new(
            ErrorKind::SyntaxError,
            format!("Invalid input. '{f}' is not a valid value for {what}. Must be a non-negative integer."),
        )
        .with_detail("InvalidArgumentType")),
        other => Err(CypherError::new(
            ErrorKind::SyntaxError,
            format!("Invalid input. '{other}' is not a valid value for {what}. Must be a non-negative integer."),
        )
        .with_detail("InvalidArgumentType")),
    }
}

fn new_accs(ctx: &mut Ctx, p: &Projection, row: &Row) -> R<Vec<Acc>> {
    let mut accs = Vec::with_capacity(p.aggs.len());
    for a in &p.aggs {
        accs.push(match &a.name {
            None => Acc::CountStar(0),
            Some(name) => {
                let mut extra = Vec::with_capacity(a.extra.len());
                for e in &a.extra {
                    extra.push(eval(ctx, e, row)?);
                }
                Acc::Fn(Aggregator::new(name, a.distinct, &extra).map_err(|e| ctx.at(e, a.at))?)
            }
        });
    }
    Ok(accs)
}

fn aggregate(ctx: &mut Ctx, p: &Projection, rows: Vec<Row>) -> R<Vec<Row>> {
    let mut index: HashMap<Vec<GroupKey>, usize> = HashMap::new();
    let mut groups: Vec<(Row, Vec<Acc>)> = Vec::new();
    for r in rows {
        let mut key = Vec::with_capacity(p.keys.len());
        for &i in &p.keys {
            key.push(GroupKey(eval(ctx, &p.items[i], &r)?));
        }
        let g = match index.get(&key) {
            Some(&g) => g,
            None => {
                let accs = new_accs(ctx, p, &r)?;
                groups.push((Vec::new(), accs));
                index.insert(key, groups.len() - 1);
                groups.len() - 1
            }
        };
        for (a, spec) in p.aggs.iter().enumerate() {
            match &mut groups[g].1[a] {
                Acc::CountStar(n) => *n += 1,
                Acc::Fn(agg) => {
                    let v = match &spec.arg {
                        Some(e) => eval(ctx, e, &r)?,
                        None => Value::Null,
                    };
                    agg.update(v).map_err(|e| e.at(ctx.src, spec.at))?;
                }
            }
        }
        if groups[g].0.is_empty() {
            groups[g].0 = r;
        }
    }
    if groups.is_empty() && p.keys.is_empty() {
        let accs = new_accs(ctx, p, &Vec::new())?;
        groups.push((Vec::new(), accs));
    }
    let mut out = Vec::with_capacity(groups.len());
    for (mut repr, accs) in groups {
        let need = p.agg_base + accs.len();
        if repr.len() < need {
            repr.resize(need, Value::Null);
        }
        for (i, acc) in accs.into_iter().enumerate() {
            repr[p.agg_base + i] = match acc {
                Acc::CountStar(n) => Value::Int(n),
                Acc::Fn(a) => a.finish().map_err(|e| e.at(ctx.src, p.aggs[i].at))?,
            };
        }
        let mut o = Vec::with_capacity(p.items.len());
        for it in &p.items {
            o.push(eval(ctx, it, &repr)?);
        }
        if p.order_aggs {
            o.extend_from_slice(&repr[p.agg_base..]);
        }
        out.push(o);
    }
    Ok(out)
}

//! MERGE: match the whole pattern (using indexes and the smaller adjacency list like any
//! MATCH), or create it; then apply ON MATCH / ON CREATE SET. Rows are handled one at a
//! time, so a later row finds what an earlier row created.

use cartograph_cypher::{CypherError, ErrorKind};

use super::eval::eval;
use super::ir::*;
use super::{Ctx, Row, pattern, update};

type R<T> = Result<T, CypherError>;

pub(crate) fn merge(ctx: &mut Ctx, m: &MergePlan, row: Row, out: &mut Vec<Row>) -> R<()> {
    check_no_null_props(ctx, &m.pattern, &row)?;
    let mut matches = Vec::new();
    let row = pattern::match_owned(ctx, &m.pattern, row, None, usize::MAX, &mut matches)?;
    if let (true, Some(mut r)) = (matches.is_empty(), row) {
        if m.fold {
            let mut extra = folded(ctx, m, &r)?;
            update::create_with(ctx, &m.pattern, &mut r, &mut extra)?;
        } else {
            update::create(ctx, &m.pattern, &mut r)?;
            update::set_items(ctx, &m.on_create, &r)?;
            update::set_items(ctx, &m.then_set, &r)?;
        }
        out.push(r);
    } else {
        for r in matches {
            update::set_items(ctx, &m.on_match, &r)?;
            update::set_items(ctx, &m.then_set, &r)?;
            out.push(r);
        }
    }
    Ok(())
}

/// The ON CREATE and fused SET properties and labels, evaluated before creating (they read
/// nothing the MERGE creates), to be given to the new elements directly.
fn folded(ctx: &mut Ctx, m: &MergePlan, row: &Row) -> R<update::Extra> {
    let mut extra = update::Extra::default();
    for item in m.on_create.iter().chain(&m.then_set) {
        if let SetOp::Labels { slot, labels, .. } = item {
            for l in labels {
                let l = ctx.intern(*l);
                extra.labels.push((*slot, l));
            }
            continue;
        }
        let SetOp::Prop {
            target: Ex::Slot(slot),
            key,
            value,
            at,
        } = item
        else {
            continue;
        };
        let v = eval(ctx, value, row)?;
        if !v.is_null() {
            update::check_storable(&v).map_err(|e| ctx.at(e, *at))?;
            ctx.counters.properties_set += 1;
        }
        let k = ctx.intern(*key);
        extra.props.push((*slot, k, v));
    }
    Ok(extra)
}

/// MERGE cannot match or create a property whose value is null.
fn check_no_null_props(ctx: &mut Ctx, p: &PatternPlan, row: &Row) -> R<()> {
    for part in &p.parts {
        let specs = part
            .nodes
            .iter()
            .map(|n| (&n.props, n.bound))
            .chain(part.rels.iter().map(|r| (&r.props, r.bound)));
        for (spec, bound) in specs {
            if bound {
                continue;
            }
            if let PropSpec::Entries(entries) = spec {
                for (k, e) in entries {
                    if eval(ctx, e, row)?.is_null() {
                        return Err(ctx.at(
                            CypherError::new(
                                ErrorKind::SemanticError,
                                format!(
                                    "Cannot merge the following node because of null property value for '{}'",
                                    ctx.name(*k)
                                ),
                            )
                            .with_detail("MergeReadOwnWrites"),
                            part.at,
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

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
    if matches.is_empty() {
        let mut r = row;
        update::create(ctx, &m.pattern, &mut r)?;
        update::set_items(ctx, &m.on_create, &r)?;
        out.push(r);
    } else {
        for r in matches {
            update::set_items(ctx, &m.on_match, &r)?;
            out.push(r);
        }
    }
    Ok(())
}

/// MERGE cannot match or create a property whose value is null.
fn check_no_null_props(ctx: &mut Ctx, p: &PatternPlan, row: &Row) -> R<()> {
    for part in &p.parts {
        let specs = part.nodes.iter().map(|n| (&n.props, n.bound)).chain(part.rels.iter().map(|r| (&r.props, r.bound)));
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

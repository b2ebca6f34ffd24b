//! A cheap look at how deeply a query nests, to decide whether it needs a large stack.

use cartograph_cypher::ast::{self, Clause, ExprKind};

use super::compile_project::children;

/// Whether `q` nests expressions or subqueries deeper than `limit`, or walks unbounded
/// variable-length relationships (which recurse once per hop).
pub(crate) fn is_deep(q: &ast::Query, limit: usize) -> bool {
    std::iter::once(&q.first)
        .chain(q.unions.iter().map(|(_, s)| s))
        .any(|sq| sq.clauses.iter().any(|c| clause_deep(c, limit)))
}

fn clause_deep(c: &Clause, limit: usize) -> bool {
    let pattern_deep = |p: &ast::Pattern| {
        p.parts.iter().any(|part| {
            part.element.chain.iter().any(|(r, _)| {
                r.length
                    .is_some_and(|l| l.max.is_none_or(|m| m > limit as u64))
            })
        })
    };
    match c {
        Clause::Match(m) => {
            pattern_deep(&m.pattern) || m.where_.as_ref().is_some_and(|w| expr_deep(w, limit))
        }
        Clause::Unwind(u) => expr_deep(&u.expr, limit),
        Clause::With(w) => {
            w.projection.items.iter().any(|i| expr_deep(&i.expr, limit))
                || w.where_.as_ref().is_some_and(|e| expr_deep(e, limit))
        }
        Clause::Return(p) => p.items.iter().any(|i| expr_deep(&i.expr, limit)),
        Clause::CallSubquery(c) => is_deep(&c.query, limit),
        Clause::Foreach(f) => {
            expr_deep(&f.list, limit) || f.clauses.iter().any(|c| clause_deep(c, limit))
        }
        Clause::Create(_)
        | Clause::Merge(_)
        | Clause::Set(_)
        | Clause::Remove(_)
        | Clause::Delete(_)
        | Clause::CallProcedure(_) => false,
    }
}

/// Whether an expression nests deeper than `limit` (subqueries count as deep).
fn expr_deep(e: &ast::Expr, limit: usize) -> bool {
    depth(e, limit) > limit
}

fn depth(e: &ast::Expr, limit: usize) -> usize {
    if matches!(
        e.kind,
        ExprKind::Exists(_)
            | ExprKind::CountSubquery(_)
            | ExprKind::CollectSubquery(_)
            | ExprKind::PatternComprehension { .. }
            | ExprKind::ListComprehension { .. }
            | ExprKind::Quantifier { .. }
            | ExprKind::Reduce { .. }
    ) {
        return limit + 1;
    }
    let mut deepest = 0;
    for child in children(e) {
        deepest = deepest.max(depth(child, limit));
        if deepest > limit {
            break;
        }
    }
    deepest + 1
}

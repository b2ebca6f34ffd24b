//! Grammar rules Neo4j enforces beyond the context-free grammar, checked on the parsed tree
//! because they depend on where an expression is used, not on scope or types.

use super::{PResult, Parser};
use crate::ast::*;

/// A value position (projection, SET, ...): pattern predicates are only allowed inside the
/// boolean structure of a condition or as the argument of `exists()`.
pub(super) fn value_context(p: &Parser<'_>, expr: &Expr) -> PResult<()> {
    patterns(p, expr, false)
}

/// A condition (`WHERE`): pattern predicates are allowed at its boolean top level.
pub(super) fn predicate_context(p: &Parser<'_>, expr: &Expr) -> PResult<()> {
    patterns(p, expr, true)
}

fn patterns(p: &Parser<'_>, expr: &Expr, allowed: bool) -> PResult<()> {
    let all = |exprs: &mut dyn Iterator<Item = &Expr>, allowed: bool| -> PResult<()> {
        for e in exprs {
            patterns(p, e, allowed)?;
        }
        Ok(())
    };
    match &expr.kind {
        ExprKind::PatternPredicate(_) if !allowed => Err(p.error_at(
            expr.span.start,
            "A pattern expression should only be used to test the existence of a pattern; \
             use a pattern comprehension or EXISTS { } instead"
                .to_string(),
            "UnexpectedSyntax",
        )),
        ExprKind::Literal(_)
        | ExprKind::Parameter(_)
        | ExprKind::Variable(_)
        | ExprKind::CountStar
        | ExprKind::PatternPredicate(_) => Ok(()),
        ExprKind::List(items) => all(&mut items.iter(), false),
        ExprKind::Map(entries) => all(&mut entries.iter().map(|(_, e)| e), false),
        ExprKind::Property(base, _) | ExprKind::HasLabels(base, _) => patterns(p, base, false),
        ExprKind::IsNull { expr, .. } => patterns(p, expr, false),
        ExprKind::Index(base, index) => all(&mut [&**base, &**index].into_iter(), false),
        ExprKind::Slice(base, from, to) => {
            patterns(p, base, false)?;
            all(&mut from.iter().chain(to.iter()).map(|e| &**e), false)
        }
        ExprKind::Unary(op, operand) => patterns(p, operand, allowed && *op == UnaryOp::Not),
        ExprKind::Binary(op, left, right) => {
            let boolean = matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor);
            all(&mut [&**left, &**right].into_iter(), allowed && boolean)
        }
        ExprKind::Comparison(first, rest) => {
            patterns(p, first, false)?;
            all(&mut rest.iter().map(|(_, e)| e), false)
        }
        ExprKind::FunctionCall { name, args, .. } => {
            let takes_pattern = matches!(name.as_slice(), [n] if
                ["exists", "shortestPath", "allShortestPaths"]
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(n)));
            all(&mut args.iter(), takes_pattern)
        }
        ExprKind::Case {
            operand,
            whens,
            else_,
        } => {
            if let Some(operand) = operand {
                patterns(p, operand, false)?;
            }
            for (condition, value) in whens {
                patterns(p, condition, operand.is_none())?;
                patterns(p, value, false)?;
            }
            all(&mut else_.iter().map(|e| &**e), false)
        }
        ExprKind::ListComprehension {
            list,
            predicate,
            projection,
            ..
        } => {
            patterns(p, list, false)?;
            all(&mut predicate.iter().map(|e| &**e), true)?;
            all(&mut projection.iter().map(|e| &**e), false)
        }
        ExprKind::PatternComprehension {
            predicate,
            projection,
            ..
        } => {
            all(&mut predicate.iter().map(|e| &**e), true)?;
            patterns(p, projection, false)
        }
        ExprKind::Quantifier {
            list, predicate, ..
        } => {
            patterns(p, list, false)?;
            all(&mut predicate.iter().map(|e| &**e), true)
        }
        ExprKind::Reduce {
            init, list, expr, ..
        } => all(&mut [&**init, &**list, &**expr].into_iter(), false),
        ExprKind::Exists(body)
        | ExprKind::CountSubquery(body)
        | ExprKind::CollectSubquery(body) => {
            match &**body {
                // Clauses of a full subquery were checked as they were parsed.
                SubqueryExpr::Query(_) => Ok(()),
                SubqueryExpr::Pattern { where_, .. } => all(&mut where_.iter(), true),
            }
        }
        ExprKind::MapProjection { base, items } => {
            patterns(p, base, false)?;
            let values = items.iter().filter_map(|item| match item {
                MapProjectionItem::Literal(_, e) => Some(e),
                _ => None,
            });
            all(&mut values.into_iter(), false)
        }
    }
}

/// `YIELD *` is only allowed when the procedure call is the whole query.
pub(super) fn yield_star_standalone(p: &Parser<'_>, clauses: &[Clause]) -> PResult<()> {
    if clauses.len() < 2 {
        return Ok(());
    }
    for clause in clauses {
        if let Clause::CallProcedure(call) = clause
            && call.yield_star
        {
            return Err(p.error_at(
                call.span.start,
                "YIELD * is only allowed in a standalone procedure call".to_string(),
                "UnexpectedSyntax",
            ));
        }
    }
    Ok(())
}

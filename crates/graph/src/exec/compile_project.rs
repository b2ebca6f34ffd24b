//! Compiling `WITH` and `RETURN`: items, aggregation and grouping keys, DISTINCT, ORDER BY
//! (which may see both the projected aliases and, without aggregation, the input
//! variables), SKIP and LIMIT.

use cartograph_cypher::CypherError;
use cartograph_cypher::ast::{self, ExprKind, Literal};

use super::compile::{AggCollector, Compiler};
use super::compile_expr::{count_aggregates, kind_of, visit};
use super::ir::*;
use super::scope::{Kind, Scope};

impl Compiler<'_> {
    /// Returns the plan, the scope after the projection and the column names.
    pub(crate) fn projection(
        &mut self,
        p: &ast::Projection,
        scope: &Scope,
        where_: Option<&ast::Expr>,
        is_with: bool,
    ) -> Result<(Projection, Scope, Vec<String>), CypherError> {
        let at = p.span.start;
        // (column name, item expression or a star variable's slot, kind, item text)
        let mut columns: Vec<String> = Vec::new();
        let mut kinds: Vec<Kind> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut star_slots: Vec<usize> = Vec::new();
        if p.star {
            let vars = scope.sorted();
            if vars.is_empty() && p.items.is_empty() && !is_with {
                return Err(self.syntax(
                    "NoVariablesInScope",
                    format!(
                        "{} * is not allowed when there are no variables in scope",
                        if is_with { "WITH" } else { "RETURN" }
                    ),
                    at,
                ));
            }
            for v in vars {
                columns.push(v.name.clone());
                kinds.push(v.kind);
                texts.push(v.name.clone());
                star_slots.push(v.slot);
            }
        }
        let mut missing_alias = None;
        for item in &p.items {
            if is_with && item.alias.is_none() && !matches!(item.expr.kind, ExprKind::Variable(_)) {
                missing_alias.get_or_insert(item.expr.span.start);
            }
            let name = item.name().to_string();
            if columns.contains(&name) {
                return Err(self.syntax(
                    "ColumnNameConflict",
                    format!(
                        "Multiple result columns with the same name `{name}` are not supported"
                    ),
                    item.expr.span.start,
                ));
            }
            columns.push(name);
            kinds.push(kind_of(&item.expr, scope));
            texts.push(normalize(&item.text));
        }
        let reserve: usize = p.items.iter().map(|i| count_aggregates(&i.expr)).sum();
        let agg_base = self.next;
        self.next += reserve;
        let mut items: Vec<Ex> = star_slots.iter().map(|s| Ex::Slot(*s)).collect();
        let mut keys: Vec<usize> = (0..items.len()).collect();
        self.agg = Some(AggCollector {
            specs: Vec::new(),
            base: agg_base,
            inside: false,
        });
        let mut has_agg = Vec::new();
        for item in &p.items {
            let before = self.agg.as_ref().map_or(0, |a| a.specs.len());
            let compiled = self.expr(&item.expr, scope);
            let compiled = match compiled {
                Ok(c) => c,
                Err(e) => {
                    self.agg = None;
                    return Err(e);
                }
            };
            let after = self.agg.as_ref().map_or(0, |a| a.specs.len());
            if after == before {
                keys.push(items.len());
            }
            has_agg.push(after != before);
            items.push(compiled);
        }
        let aggs = self.agg.take().map(|a| a.specs).unwrap_or_default();
        let aggregating = !aggs.is_empty();
        if aggregating {
            self.check_ambiguous(p, &has_agg, &texts[star_slots.len()..], scope)?;
        }
        let input_width = self.next;
        let mut new_scope = Scope::default();
        for (i, name) in columns.iter().enumerate() {
            new_scope.bind(name, i, kinds[i]);
        }
        // ORDER BY (and WITH ... WHERE) see the projected row, followed by the input row
        // when neither aggregating nor DISTINCT, or by the aggregate values when aggregating.
        let sees_input = !aggregating && !p.distinct;
        let mut order_scope = new_scope.clone();
        if sees_input {
            for v in &scope.vars {
                if !order_scope.contains(&v.name) {
                    order_scope.bind(&v.name, items.len() + v.slot, v.kind);
                }
            }
        }
        let k = items.len();
        let order_reserve: usize = p.order_by.iter().map(|s| count_aggregates(&s.expr)).sum();
        self.next = k + input_width.max(aggs.len() + order_reserve);
        if !sees_input {
            self.subst = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i))
                .collect();
        }
        let mut aggs = aggs;
        let sorted = self.order_and_where(
            p,
            where_,
            &texts,
            &keys,
            aggregating,
            &order_scope,
            scope,
            &mut aggs,
        );
        self.subst.clear();
        let (order, order_aggs, where_) = sorted?;
        if let Some(at) = missing_alias {
            return Err(self.syntax(
                "NoExpressionAlias",
                "Expression in WITH must be aliased (use AS)",
                at,
            ));
        }
        let skip = self.skip_limit(p.skip.as_ref())?;
        let limit = self.skip_limit(p.limit.as_ref())?;
        self.next = items.len();
        // The input row is kept beside the projected one only when something reads it.
        let k = items.len();
        let sees_input = sees_input
            && (order.iter().any(|(e, _)| reads_beyond(e, k))
                || where_.as_ref().is_some_and(|w| reads_beyond(w, k)));
        let proj = Projection {
            items,
            aggs,
            agg_base,
            keys,
            distinct: p.distinct,
            order,
            sees_input,
            order_aggs,
            skip,
            limit,
            where_,
        };
        Ok((proj, new_scope, columns))
    }

    /// Compile ORDER BY and `WITH ... WHERE` (aggregates in ORDER BY join `aggs`).
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    fn order_and_where(
        &mut self,
        p: &ast::Projection,
        where_: Option<&ast::Expr>,
        texts: &[String],
        keys: &[usize],
        aggregating: bool,
        order_scope: &Scope,
        input_scope: &Scope,
        aggs: &mut Vec<AggSpec>,
    ) -> Result<(Vec<(Ex, bool)>, bool, Option<Ex>), CypherError> {
        let k = texts.len();
        let mut order = Vec::new();
        let mut order_aggs = false;
        for s in &p.order_by {
            let text = normalize(expr_text(self.src, &s.expr));
            if let Some(i) = texts.iter().position(|t| *t == text)
                && !matches!(s.expr.kind, ExprKind::Variable(_))
            {
                order.push((Ex::Slot(i), s.descending));
                continue;
            }
            let e = if self.contains_aggregate(&s.expr) {
                if !aggregating {
                    return Err(self.syntax(
                        "InvalidAggregation",
                        "Aggregation in ORDER BY is only allowed when the projection aggregates",
                        s.expr.span.start,
                    ));
                }
                let key_texts: Vec<&String> = texts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| keys.contains(i))
                    .map(|(_, t)| t)
                    .collect();
                if let Some(Ungrouped::Complex(bad)) =
                    self.ungrouped(&s.expr, &key_texts, &[], false, input_scope)
                {
                    return Err(self.ambiguous(&bad, s.expr.span.start));
                }
                order_aggs = true;
                self.agg = Some(AggCollector {
                    specs: std::mem::take(aggs),
                    base: k,
                    inside: false,
                });
                let compiled = self.expr(&s.expr, order_scope);
                *aggs = self.agg.take().map(|a| a.specs).unwrap_or_default();
                compiled?
            } else {
                self.expr(&s.expr, order_scope)?
            };
            order.push((e, s.descending));
        }
        let where_ = match where_ {
            Some(w) => Some(self.predicate(w, order_scope)?),
            None => None,
        };
        Ok((order, order_aggs, where_))
    }

    fn skip_limit(&mut self, e: Option<&ast::Expr>) -> Result<Option<Ex>, CypherError> {
        let Some(e) = e else { return Ok(None) };
        let mut uses_vars = false;
        visit(e, &mut |x| {
            if matches!(
                x.kind,
                ExprKind::Variable(_)
                    | ExprKind::PatternPredicate(_)
                    | ExprKind::Exists(_)
                    | ExprKind::CountSubquery(_)
            ) {
                uses_vars = true;
            }
        });
        if uses_vars {
            return Err(self.syntax(
                "NonConstantExpression",
                "It is not allowed to refer to variables in SKIP or LIMIT",
                e.span.start,
            ));
        }
        match &e.kind {
            ExprKind::Literal(Literal::Integer(i)) if *i < 0 => {
                return Err(self.error(
                    cartograph_cypher::ErrorKind::SyntaxError,
                    "NegativeIntegerArgument",
                    format!(
                        "Invalid input. '{i}' is not a valid value. Must be a non-negative integer."
                    ),
                    e.span.start,
                ));
            }
            ExprKind::Unary(ast::UnaryOp::Negate, inner) if matches!(inner.kind, ExprKind::Literal(Literal::Integer(i)) if i > 0) =>
            {
                return Err(self.error(
                    cartograph_cypher::ErrorKind::SyntaxError,
                    "NegativeIntegerArgument",
                    "Invalid input. Must be a non-negative integer.",
                    e.span.start,
                ));
            }
            ExprKind::Literal(Literal::Float(f)) => {
                return Err(self.error(
                    cartograph_cypher::ErrorKind::SyntaxError,
                    "InvalidArgumentType",
                    format!(
                        "Invalid input. '{f}' is not a valid value. Must be a non-negative integer."
                    ),
                    e.span.start,
                ));
            }
            _ => {}
        }
        Ok(Some(self.expr(e, &Scope::default())?))
    }

    /// In an aggregating projection, expressions around aggregates may only use grouping
    /// keys.
    fn check_ambiguous(
        &self,
        p: &ast::Projection,
        has_agg: &[bool],
        texts: &[String],
        scope: &Scope,
    ) -> Result<(), CypherError> {
        let key_texts: Vec<&String> = texts
            .iter()
            .zip(has_agg)
            .filter(|(_, a)| !**a)
            .map(|(t, _)| t)
            .collect();
        let key_vars: Vec<&str> = p
            .items
            .iter()
            .zip(has_agg)
            .filter(|(_, a)| !**a)
            .filter_map(|(i, _)| match &i.expr.kind {
                ExprKind::Variable(v) => Some(v.as_str()),
                _ => None,
            })
            .collect();
        let star = p.star;
        for (item, agg) in p.items.iter().zip(has_agg) {
            if !agg {
                continue;
            }
            if let Some(Ungrouped::Complex(bad) | Ungrouped::Var(bad)) =
                self.ungrouped(&item.expr, &key_texts, &key_vars, star, scope)
            {
                return Err(self.ambiguous(&bad, item.expr.span.start));
            }
        }
        Ok(())
    }

    fn ambiguous(&self, bad: &str, at: usize) -> CypherError {
        self.syntax(
            "AmbiguousAggregationExpression",
            format!("Aggregation column contains implicit grouping expressions; `{bad}` must be a grouping key"),
            at,
        )
    }

    /// The first part of aggregating expression `e` that is not an aggregate, a constant or
    /// a grouping key.
    fn ungrouped(
        &self,
        e: &ast::Expr,
        key_texts: &[&String],
        key_vars: &[&str],
        star: bool,
        scope: &Scope,
    ) -> Option<Ungrouped> {
        let text = normalize(expr_text(self.src, e));
        if key_texts.iter().any(|t| **t == text) {
            let simple = match &e.kind {
                ExprKind::Variable(_) => true,
                ExprKind::Property(b, _) => matches!(b.kind, ExprKind::Variable(_)),
                _ => false,
            };
            return if simple {
                None
            } else {
                Some(Ungrouped::Complex(text))
            };
        }
        match &e.kind {
            ExprKind::CountStar => None,
            ExprKind::FunctionCall { name, .. }
                if super::functions::is_aggregate(&name.join(".").to_lowercase()) =>
            {
                None
            }
            ExprKind::Variable(v) => {
                if key_vars.contains(&v.as_str()) || (star && scope.contains(v)) {
                    None
                } else {
                    Some(Ungrouped::Var(v.clone()))
                }
            }
            ExprKind::ListComprehension { .. }
            | ExprKind::Quantifier { .. }
            | ExprKind::Reduce { .. }
            | ExprKind::PatternComprehension { .. }
            | ExprKind::Exists(_)
            | ExprKind::CountSubquery(_)
            | ExprKind::CollectSubquery(_)
            | ExprKind::PatternPredicate(_) => None,
            _ => {
                let mut found = None;
                for child in children(e) {
                    if found.is_none() {
                        found = self.ungrouped(child, key_texts, key_vars, star, scope);
                    }
                }
                found
            }
        }
    }
}

/// Whether `e` may read a slot at or after `k` (conservatively true for anything that binds
/// slots of its own).
fn reads_beyond(e: &Ex, k: usize) -> bool {
    match e {
        Ex::Const(_) | Ex::Param(..) | Ex::Timestamp => false,
        Ex::Slot(s) => *s >= k,
        Ex::Prop(a, _, _)
        | Ex::Unary(_, a, _)
        | Ex::Not(a, _)
        | Ex::IsNull(a, _)
        | Ex::HasLabels(a, _, _) => reads_beyond(a, k),
        Ex::ExistsValue(a) => reads_beyond(a, k),
        Ex::Binary(_, a, b, _)
        | Ex::And(a, b, _)
        | Ex::Or(a, b, _)
        | Ex::Xor(a, b, _)
        | Ex::Index(a, b, _) => reads_beyond(a, k) || reads_beyond(b, k),
        Ex::Chain(a, rest, _) => reads_beyond(a, k) || rest.iter().any(|(_, x)| reads_beyond(x, k)),
        Ex::List(items) | Ex::Call(_, items, _) => items.iter().any(|x| reads_beyond(x, k)),
        Ex::Map(entries) => entries.iter().any(|(_, x)| reads_beyond(x, k)),
        _ => true,
    }
}

/// Why an aggregating expression is ambiguous.
enum Ungrouped {
    /// A variable that is not a grouping key.
    Var(String),
    /// A grouping key that is a complex expression (only variables and property accesses of
    /// keys may appear next to an aggregate).
    Complex(String),
}

/// Direct sub-expressions of `e`.
pub(crate) fn children(e: &ast::Expr) -> Vec<&ast::Expr> {
    let mut out = Vec::new();
    match &e.kind {
        ExprKind::List(items) => out.extend(items.iter()),
        ExprKind::Map(entries) => out.extend(entries.iter().map(|(_, v)| v)),
        ExprKind::Property(b, _) | ExprKind::HasLabels(b, _) => out.push(&**b),
        ExprKind::Index(a, b) => {
            out.push(&**a);
            out.push(&**b);
        }
        ExprKind::Slice(a, b, c) => {
            out.push(&**a);
            out.extend(b.iter().map(|x| &**x));
            out.extend(c.iter().map(|x| &**x));
        }
        ExprKind::Unary(_, a) => out.push(&**a),
        ExprKind::Binary(_, a, b) => {
            out.push(&**a);
            out.push(&**b);
        }
        ExprKind::Comparison(a, rest) => {
            out.push(&**a);
            out.extend(rest.iter().map(|(_, x)| x));
        }
        ExprKind::IsNull { expr, .. } => out.push(&**expr),
        ExprKind::FunctionCall { args, .. } => out.extend(args.iter()),
        ExprKind::Case {
            operand,
            whens,
            else_,
        } => {
            out.extend(operand.iter().map(|x| &**x));
            for (w, t) in whens {
                out.push(w);
                out.push(t);
            }
            out.extend(else_.iter().map(|x| &**x));
        }
        ExprKind::MapProjection { base, items } => {
            out.push(&**base);
            for i in items {
                if let ast::MapProjectionItem::Literal(_, x) = i {
                    out.push(x);
                }
            }
        }
        _ => {}
    }
    out
}

/// The source text of an expression.
pub(crate) fn expr_text<'s>(src: &'s str, e: &ast::Expr) -> &'s str {
    src.get(e.span.start..e.span.end).unwrap_or("")
}

/// Text without white space, to recognise the same expression written twice.
pub(crate) fn normalize(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

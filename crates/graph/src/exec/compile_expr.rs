//! Compiling expressions: variables to slots, names to the name table, aggregates to
//! slots of the aggregated row, subqueries and comprehensions to nested plans.

use std::sync::Arc;

use cartograph_cypher::ast::{self, ExprKind, Literal};
use cartograph_cypher::{CypherError, ErrorKind};

use super::compile::{Compiler, PatCtx};
use super::functions;
use super::ir::*;
use super::scope::{Kind, Scope};
use crate::store::Graph;
use crate::value::Value;

impl Compiler<'_> {
    pub(crate) fn expr(&mut self, e: &ast::Expr, scope: &Scope) -> Result<Ex, CypherError> {
        self.enter(e.span.start)?;
        let r = self.expr_inner(e, scope);
        self.leave();
        let ex = r?;
        self.check_constant(&ex, e.span.start)?;
        Ok(ex)
    }

    /// An operator or function applied to constants that can only fail with a type error is
    /// rejected before running (Neo4j's semantic analysis does the same).
    fn check_constant(&self, ex: &Ex, at: usize) -> Result<(), CypherError> {
        let worth = match ex {
            Ex::Binary(..)
            | Ex::Unary(..)
            | Ex::Not(..)
            | Ex::And(..)
            | Ex::Or(..)
            | Ex::Xor(..) => true,
            Ex::Index(..) | Ex::Quant { .. } => true,
            Ex::Call(name, args, _) => {
                &**name != "range" && args.iter().all(|a| matches!(a, Ex::Const(_)))
            }
            _ => false,
        };
        if !worth || !closed(ex, &mut Vec::new()) {
            return Ok(());
        }
        let mut graph = Graph::new();
        let params = crate::value::Params::new();
        let procs = super::Procedures::default();
        let mut ctx = super::Ctx::new(&mut graph, &params, self.src, &self.names, &procs);
        match super::eval::eval(&mut ctx, ex, &[]) {
            Err(e) if e.kind == ErrorKind::TypeError => Err(CypherError {
                kind: ErrorKind::SyntaxError,
                detail: Some("InvalidArgumentType"),
                position: None,
                message: e.message,
            }
            .at(self.src, at)),
            _ => Ok(()),
        }
    }

    fn boxed(&mut self, e: &ast::Expr, scope: &Scope) -> Result<Box<Ex>, CypherError> {
        Ok(Box::new(self.expr(e, scope)?))
    }

    fn opt(
        &mut self,
        e: &Option<Box<ast::Expr>>,
        scope: &Scope,
    ) -> Result<Option<Box<Ex>>, CypherError> {
        match e {
            Some(e) => Ok(Some(self.boxed(e, scope)?)),
            None => Ok(None),
        }
    }

    fn expr_inner(&mut self, e: &ast::Expr, scope: &Scope) -> Result<Ex, CypherError> {
        let at = e.span.start;
        if !self.subst.is_empty()
            && matches!(
                e.kind,
                ExprKind::Variable(_)
                    | ExprKind::Property(..)
                    | ExprKind::FunctionCall { .. }
                    | ExprKind::CountStar
            )
            && !self.agg.as_ref().is_some_and(|a| a.inside)
        {
            let text =
                super::compile_project::normalize(super::compile_project::expr_text(self.src, e));
            if let Some((_, slot)) = self.subst.iter().find(|(t, _)| *t == text) {
                return Ok(Ex::Slot(*slot));
            }
        }
        Ok(match &e.kind {
            ExprKind::Literal(l) => Ex::Const(literal(l)),
            ExprKind::Parameter(p) => Ex::Param(Arc::from(p.as_str()), at),
            ExprKind::Variable(v) => Ex::Slot(self.var_slot(v, scope, at)?),
            ExprKind::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.expr(i, scope)?);
                }
                constant_fold_list(out)
            }
            ExprKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    out.push((Arc::from(k.as_str()), self.expr(v, scope)?));
                }
                Ex::Map(out)
            }
            ExprKind::Property(base, key) => {
                if let ExprKind::Variable(v) = &base.kind
                    && scope
                        .get(v)
                        .is_some_and(|var| matches!(var.kind, Kind::Path | Kind::RelList))
                {
                    return Err(self.syntax(
                        "InvalidArgumentType",
                        format!("Type mismatch: `{v}` is a path or a list and has no properties"),
                        at,
                    ));
                }
                let b = self.boxed(base, scope)?;
                Ex::Prop(b, self.name(key), at)
            }
            ExprKind::Index(base, idx) => {
                Ex::Index(self.boxed(base, scope)?, self.boxed(idx, scope)?, at)
            }
            ExprKind::Slice(base, from, to) => Ex::Slice(
                self.boxed(base, scope)?,
                self.opt(from, scope)?,
                self.opt(to, scope)?,
                at,
            ),
            ExprKind::Unary(ast::UnaryOp::Not, a) => {
                self.boolean_operand(a)?;
                Ex::Not(self.boxed(a, scope)?, at)
            }
            ExprKind::Unary(op, a) => {
                if let (ast::UnaryOp::Negate, ExprKind::Literal(Literal::Integer(i))) =
                    (op, &a.kind)
                {
                    return Ok(Ex::Const(Value::Int(i.wrapping_neg())));
                }
                Ex::Unary(*op, self.boxed(a, scope)?, at)
            }
            ExprKind::Binary(op, a, b) => {
                if matches!(
                    op,
                    ast::BinaryOp::And | ast::BinaryOp::Or | ast::BinaryOp::Xor
                ) {
                    self.boolean_operand(a)?;
                    self.boolean_operand(b)?;
                }
                let (l, r) = (self.boxed(a, scope)?, self.boxed(b, scope)?);
                match op {
                    ast::BinaryOp::And => Ex::And(l, r, at),
                    ast::BinaryOp::Or => Ex::Or(l, r, at),
                    ast::BinaryOp::Xor => Ex::Xor(l, r, at),
                    op => Ex::Binary(*op, l, r, at),
                }
            }
            ExprKind::Comparison(first, rest) => {
                let f = self.boxed(first, scope)?;
                let mut out = Vec::new();
                for (op, e) in rest {
                    out.push((*op, self.expr(e, scope)?));
                }
                if out.len() == 1 {
                    let (op, r) = out
                        .pop()
                        .map(|(o, r)| (o, Box::new(r)))
                        .ok_or_else(|| CypherError::syntax("empty comparison"))?;
                    Ex::Binary(op, f, r, at)
                } else {
                    Ex::Chain(f, out, at)
                }
            }
            ExprKind::IsNull { expr, negated } => Ex::IsNull(self.boxed(expr, scope)?, *negated),
            ExprKind::HasLabels(base, labels) => {
                let b = self.boxed(base, scope)?;
                Ex::HasLabels(b, labels.iter().map(|l| self.name(l)).collect(), at)
            }
            ExprKind::FunctionCall {
                name,
                distinct,
                args,
            } => self.function(name, *distinct, args, scope, at)?,
            ExprKind::CountStar => self.aggregate(None, false, &[], scope, at)?,
            ExprKind::Case {
                operand,
                whens,
                else_,
            } => {
                let operand = self.opt(operand, scope)?;
                let mut ws = Vec::new();
                for (w, t) in whens {
                    ws.push((self.expr(w, scope)?, self.expr(t, scope)?));
                }
                Ex::Case {
                    operand,
                    whens: ws,
                    else_: self.opt(else_, scope)?,
                }
            }
            ExprKind::ListComprehension {
                variable,
                list,
                predicate,
                projection,
            } => {
                let list = self.boxed(list, scope)?;
                let (inner, slot) = self.local(scope, variable);
                let saved = self.agg.take();
                let pred = self.opt(predicate, &inner);
                let proj = self.opt(projection, &inner);
                self.agg = saved;
                Ex::ListComp {
                    slot,
                    list,
                    pred: pred?,
                    proj: proj?,
                    at,
                }
            }
            ExprKind::Quantifier {
                kind,
                variable,
                list,
                predicate,
            } => {
                let list = self.boxed(list, scope)?;
                let (inner, slot) = self.local(scope, variable);
                Ex::Quant {
                    kind: *kind,
                    slot,
                    list,
                    pred: self.opt(predicate, &inner)?,
                    at,
                }
            }
            ExprKind::Reduce {
                accumulator,
                init,
                variable,
                list,
                expr,
            } => {
                let init = self.boxed(init, scope)?;
                let list = self.boxed(list, scope)?;
                let (inner, acc) = self.local(scope, accumulator);
                let (inner, slot) = self.local(&inner, variable);
                Ex::Reduce {
                    acc,
                    init,
                    slot,
                    list,
                    expr: self.boxed(expr, &inner)?,
                    at,
                }
            }
            ExprKind::PatternPredicate(el) => {
                let body = self.pattern_body(el, None, scope, at)?;
                Ex::Sub(SubKind::Exists, Box::new(SubBody::Pattern(body, None)))
            }
            ExprKind::Exists(sub) => self.subquery(SubKind::Exists, sub, scope, at)?,
            ExprKind::CountSubquery(sub) => self.subquery(SubKind::Count, sub, scope, at)?,
            ExprKind::CollectSubquery(sub) => self.subquery(SubKind::Collect, sub, scope, at)?,
            ExprKind::PatternComprehension {
                variable,
                pattern,
                predicate,
                projection,
            } => {
                let mut inner = scope.clone();
                let part = ast::PatternPart {
                    variable: variable.clone(),
                    kind: ast::PathKind::Normal,
                    element: (**pattern).clone(),
                    span: e.span,
                };
                let plan = self.pattern(
                    &ast::Pattern { parts: vec![part] },
                    &mut inner,
                    PatCtx::Expr,
                )?;
                let pred = self.opt(predicate, &inner)?;
                let proj = self.boxed(projection, &inner)?;
                Ex::PatternComp {
                    pattern: Box::new(plan),
                    pred,
                    proj,
                }
            }
            ExprKind::MapProjection { base, items } => {
                let b = self.boxed(base, scope)?;
                let mut out = Vec::new();
                for item in items {
                    out.push(match item {
                        ast::MapProjectionItem::Property(k) => MapProjItem::Prop(self.name(k)),
                        ast::MapProjectionItem::AllProperties => MapProjItem::All,
                        ast::MapProjectionItem::Literal(k, e) => {
                            MapProjItem::Entry(Arc::from(k.as_str()), self.expr(e, scope)?)
                        }
                        ast::MapProjectionItem::Variable(v) => MapProjItem::Entry(
                            Arc::from(v.as_str()),
                            Ex::Slot(self.var_slot(v, scope, at)?),
                        ),
                    });
                }
                Ex::MapProj(b, out, at)
            }
        })
    }

    /// Operands of boolean operators that are literals of another type are rejected before
    /// running, as Neo4j does.
    fn boolean_operand(&self, e: &ast::Expr) -> Result<(), CypherError> {
        let bad = match &e.kind {
            ExprKind::Literal(Literal::Null | Literal::Boolean(_)) => false,
            ExprKind::Literal(_) | ExprKind::List(_) | ExprKind::Map(_) => true,
            _ => false,
        };
        if bad {
            return Err(self.syntax(
                "InvalidArgumentType",
                "Type mismatch: expected Boolean but the operand is of another type",
                e.span.start,
            ));
        }
        Ok(())
    }

    /// A scope with a new local variable (comprehension, quantifier, reduce).
    fn local(&mut self, scope: &Scope, name: &str) -> (Scope, usize) {
        let mut inner = scope.clone();
        let slot = self.alloc();
        inner.bind(name, slot, Kind::Any);
        (inner, slot)
    }

    fn pattern_body(
        &mut self,
        el: &ast::PatternElement,
        kind: Option<ast::PathKind>,
        scope: &Scope,
        at: usize,
    ) -> Result<PatternPlan, CypherError> {
        let mut inner = scope.clone();
        let part = ast::PatternPart {
            variable: None,
            kind: kind.unwrap_or(ast::PathKind::Normal),
            element: el.clone(),
            span: ast::Span::new(at, at),
        };
        self.pattern(
            &ast::Pattern { parts: vec![part] },
            &mut inner,
            if kind.is_some() {
                PatCtx::Expr
            } else {
                PatCtx::Predicate
            },
        )
    }

    fn subquery(
        &mut self,
        kind: SubKind,
        sub: &ast::SubqueryExpr,
        scope: &Scope,
        at: usize,
    ) -> Result<Ex, CypherError> {
        let saved_agg = self.agg.take();
        let saved_subst = std::mem::take(&mut self.subst);
        let saved_next = self.next;
        let saved_updates = self.updates;
        let body = match sub {
            ast::SubqueryExpr::Pattern { pattern, where_ } => {
                let mut inner = scope.clone();
                let plan = self.pattern(pattern, &mut inner, PatCtx::Expr)?;
                let w = match where_ {
                    Some(w) => Some(self.expr(w, &inner)?),
                    None => None,
                };
                SubBody::Pattern(plan, w)
            }
            ast::SubqueryExpr::Query(q) => {
                let saved_open = std::mem::replace(&mut self.open_end, kind != SubKind::Collect);
                let plan = self.query(q, scope);
                self.open_end = saved_open;
                let plan = plan?;
                if self.updates && !saved_updates {
                    return Err(self.syntax(
                        "InvalidClauseComposition",
                        "An expression subquery cannot contain updating clauses",
                        at,
                    ));
                }
                if kind == SubKind::Collect && plan.columns.len() != 1 {
                    return Err(self.syntax(
                        "InvalidClauseComposition",
                        "A COLLECT subquery must end with a RETURN clause returning exactly one column",
                        at,
                    ));
                }
                SubBody::Query(plan)
            }
        };
        self.agg = saved_agg;
        self.subst = saved_subst;
        self.next = saved_next.max(self.next);
        Ok(Ex::Sub(kind, Box::new(body)))
    }

    fn function(
        &mut self,
        name: &[String],
        distinct: bool,
        args: &[ast::Expr],
        scope: &Scope,
        at: usize,
    ) -> Result<Ex, CypherError> {
        let lname = name.join(".").to_lowercase();
        if functions::is_aggregate(&lname) {
            return self.aggregate(Some(&lname), distinct, args, scope, at);
        }
        match (lname.as_str(), args) {
            ("exists", [a]) => {
                if let ExprKind::PatternPredicate(el) = &a.kind {
                    let body = self.pattern_body(el, None, scope, at)?;
                    return Ok(Ex::Sub(
                        SubKind::Exists,
                        Box::new(SubBody::Pattern(body, None)),
                    ));
                }
                return Ok(Ex::ExistsValue(self.boxed(a, scope)?));
            }
            ("timestamp", []) => return Ok(Ex::Timestamp),
            ("shortestpath" | "allshortestpaths", [a]) => {
                if let ExprKind::PatternPredicate(el) = &a.kind {
                    let kind = if lname == "shortestpath" {
                        ast::PathKind::ShortestPath
                    } else {
                        ast::PathKind::AllShortestPaths
                    };
                    let body = self.pattern_body(el, Some(kind), scope, at)?;
                    return Ok(Ex::PathExpr(Box::new(body)));
                }
            }
            _ => {}
        }
        if let [arg] = args
            && let ExprKind::Variable(v) = &arg.kind
        {
            let kind = scope.get(v).map_or(Kind::Any, |v| v.kind);
            let wrong = match lname.as_str() {
                "type" => matches!(kind, Kind::Node | Kind::Path | Kind::RelList | Kind::Plain),
                "length" => matches!(kind, Kind::Node | Kind::Rel),
                "size" => matches!(kind, Kind::Path | Kind::Node | Kind::Rel),
                "labels" => matches!(kind, Kind::Rel | Kind::Path | Kind::RelList),
                "properties" | "keys" => matches!(kind, Kind::Path | Kind::RelList),
                "nodes" | "relationships" => matches!(kind, Kind::Node | Kind::Rel),
                "startnode" | "endnode" => matches!(kind, Kind::Node | Kind::Path),
                _ => false,
            };
            if wrong {
                return Err(self.syntax(
                    "InvalidArgumentType",
                    format!(
                        "Type mismatch: {}() cannot be applied to `{v}` ({})",
                        name.join("."),
                        kind.describe()
                    ),
                    at,
                ));
            }
        }
        if functions::call(&lname, &[], &Graph::new()).is_none() {
            return Err(self.syntax(
                "UnknownFunction",
                format!("Unknown function '{}'", name.join(".")),
                at,
            ));
        }
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            out.push(self.expr(a, scope)?);
        }
        Ok(Ex::Call(Arc::from(lname.as_str()), out, at))
    }

    fn aggregate(
        &mut self,
        name: Option<&str>,
        distinct: bool,
        args: &[ast::Expr],
        scope: &Scope,
        at: usize,
    ) -> Result<Ex, CypherError> {
        let Some(collector) = &self.agg else {
            return Err(self.syntax(
                "InvalidAggregation",
                "Invalid use of aggregating function in this context",
                at,
            ));
        };
        if collector.inside {
            return Err(self.syntax(
                "NestedAggregation",
                "Can't use aggregating expressions inside of aggregating expressions",
                at,
            ));
        }
        let set_inside = |c: &mut Self, v: bool| {
            if let Some(a) = &mut c.agg {
                a.inside = v;
            }
        };
        for a in args {
            let mut random = false;
            visit(a, &mut |x| {
                if let ExprKind::FunctionCall { name, .. } = &x.kind
                    && name.len() == 1
                    && name[0].eq_ignore_ascii_case("rand")
                {
                    random = true;
                }
            });
            if random {
                return Err(self.syntax(
                    "NonConstantExpression",
                    "Aggregating over a non-deterministic expression such as rand() is not allowed",
                    a.span.start,
                ));
            }
        }
        set_inside(self, true);
        let mut compiled = Vec::new();
        let mut result = Ok(());
        for a in args {
            match self.expr(a, scope) {
                Ok(e) => compiled.push(e),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        set_inside(self, false);
        result?;
        let mut it = compiled.into_iter();
        let arg = it.next();
        if name.is_some() && arg.is_none() {
            return Err(self.error(
                ErrorKind::SyntaxError,
                "InvalidNumberOfArguments",
                "Insufficient parameters for aggregate function",
                at,
            ));
        }
        let extra: Vec<Ex> = it.collect();
        let Some(collector) = &mut self.agg else {
            return Err(CypherError::syntax("aggregation context lost"));
        };
        let idx = collector.specs.len();
        collector.specs.push(AggSpec {
            name: name.map(Arc::from),
            distinct,
            arg,
            extra,
            at,
        });
        Ok(Ex::Slot(collector.base + idx))
    }

    /// Whether `e` contains an aggregate call outside nested subqueries.
    pub(crate) fn contains_aggregate(&self, e: &ast::Expr) -> bool {
        count_aggregates(e) > 0
    }
}

/// Whether `ex` can be evaluated without a row, parameters or the graph (`local` holds the
/// slots bound by enclosing comprehensions).
fn closed(ex: &Ex, local: &mut Vec<usize>) -> bool {
    match ex {
        Ex::Const(_) => true,
        Ex::Slot(s) => local.contains(s),
        Ex::Unary(_, a, _) | Ex::Not(a, _) | Ex::IsNull(a, _) => closed(a, local),
        Ex::Binary(_, a, b, _)
        | Ex::And(a, b, _)
        | Ex::Or(a, b, _)
        | Ex::Xor(a, b, _)
        | Ex::Index(a, b, _) => closed(a, local) && closed(b, local),
        Ex::List(items) => items.iter().all(|i| closed(i, local)),
        Ex::Map(entries) => entries.iter().all(|(_, e)| closed(e, local)),
        Ex::Call(name, args, _) => {
            !matches!(&**name, "rand" | "randomuuid" | "range")
                && args.iter().all(|a| closed(a, local))
        }
        Ex::Quant {
            slot, list, pred, ..
        } => {
            if !closed(list, local) {
                return false;
            }
            local.push(*slot);
            let ok = pred.as_ref().is_none_or(|p| closed(p, local));
            local.pop();
            ok
        }
        Ex::ListComp {
            slot,
            list,
            pred,
            proj,
            ..
        } => {
            if !closed(list, local) {
                return false;
            }
            local.push(*slot);
            let ok = pred.as_ref().is_none_or(|p| closed(p, local))
                && proj.as_ref().is_none_or(|p| closed(p, local));
            local.pop();
            ok
        }
        _ => false,
    }
}

/// How many aggregate calls `e` contains (an upper bound used to reserve slots).
pub(crate) fn count_aggregates(e: &ast::Expr) -> usize {
    let mut n = 0;
    visit(e, &mut |x| match &x.kind {
        ExprKind::CountStar => n += 1,
        ExprKind::FunctionCall { name, .. }
            if functions::is_aggregate(&name.join(".").to_lowercase()) =>
        {
            n += 1
        }
        _ => {}
    });
    n
}

/// Call `f` on `e` and each sub-expression (not entering subqueries).
pub(crate) fn visit(e: &ast::Expr, f: &mut dyn FnMut(&ast::Expr)) {
    f(e);
    let mut go = |x: &ast::Expr| visit(x, f);
    match &e.kind {
        ExprKind::Literal(_)
        | ExprKind::Parameter(_)
        | ExprKind::Variable(_)
        | ExprKind::CountStar => {}
        ExprKind::List(items) => items.iter().for_each(go),
        ExprKind::Map(entries) => entries.iter().for_each(|(_, v)| go(v)),
        ExprKind::Property(b, _) | ExprKind::HasLabels(b, _) => go(b),
        ExprKind::Index(a, b) => {
            go(a);
            go(b);
        }
        ExprKind::Slice(a, b, c) => {
            go(a);
            b.iter().for_each(|x| go(x));
            c.iter().for_each(|x| go(x));
        }
        ExprKind::Unary(_, a) => go(a),
        ExprKind::Binary(_, a, b) => {
            go(a);
            go(b);
        }
        ExprKind::Comparison(a, rest) => {
            go(a);
            rest.iter().for_each(|(_, x)| go(x));
        }
        ExprKind::IsNull { expr, .. } => go(expr),
        ExprKind::FunctionCall { args, .. } => args.iter().for_each(go),
        ExprKind::Case {
            operand,
            whens,
            else_,
        } => {
            operand.iter().for_each(|x| go(x));
            for (w, t) in whens {
                go(w);
                go(t);
            }
            else_.iter().for_each(|x| go(x));
        }
        ExprKind::ListComprehension {
            list,
            predicate,
            projection,
            ..
        } => {
            go(list);
            predicate.iter().for_each(|x| go(x));
            projection.iter().for_each(|x| go(x));
        }
        ExprKind::Quantifier {
            list, predicate, ..
        } => {
            go(list);
            predicate.iter().for_each(|x| go(x));
        }
        ExprKind::Reduce {
            init, list, expr, ..
        } => {
            go(init);
            go(list);
            go(expr);
        }
        ExprKind::PatternComprehension {
            predicate,
            projection,
            ..
        } => {
            predicate.iter().for_each(|x| go(x));
            go(projection);
        }
        ExprKind::MapProjection { base, items } => {
            go(base);
            for i in items {
                if let ast::MapProjectionItem::Literal(_, x) = i {
                    go(x);
                }
            }
        }
        ExprKind::PatternPredicate(_)
        | ExprKind::Exists(_)
        | ExprKind::CountSubquery(_)
        | ExprKind::CollectSubquery(_) => {}
    }
}

pub(crate) fn literal(l: &Literal) -> Value {
    match l {
        Literal::Null => Value::Null,
        Literal::Boolean(b) => Value::Bool(*b),
        Literal::Integer(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::String(s) => Value::from(s.as_str()),
    }
}

/// A list literal of constants is itself a constant.
fn constant_fold_list(items: Vec<Ex>) -> Ex {
    if items.iter().all(|i| matches!(i, Ex::Const(_))) {
        let values = items
            .into_iter()
            .map(|i| match i {
                Ex::Const(v) => v,
                _ => Value::Null,
            })
            .collect();
        return Ex::Const(Value::List(values));
    }
    Ex::List(items)
}

/// What kind of value an expression is known to produce (for type-conflict checks).
pub(crate) fn kind_of(e: &ast::Expr, scope: &Scope) -> Kind {
    match &e.kind {
        ExprKind::Variable(v) => scope.get(v).map_or(Kind::Any, |v| v.kind),
        ExprKind::Literal(Literal::Null) => Kind::Any,
        ExprKind::Literal(_)
        | ExprKind::List(_)
        | ExprKind::Map(_)
        | ExprKind::Binary(..)
        | ExprKind::Comparison(..)
        | ExprKind::Unary(..)
        | ExprKind::IsNull { .. }
        | ExprKind::ListComprehension { .. }
        | ExprKind::PatternComprehension { .. }
        | ExprKind::Quantifier { .. }
        | ExprKind::CountStar
        | ExprKind::MapProjection { .. } => Kind::Plain,
        _ => Kind::Any,
    }
}

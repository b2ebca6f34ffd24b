//! Compiling a parsed query into a [`Compiled`] plan, checking scoping and the other
//! semantic rules Neo4j enforces before running anything.

use std::collections::HashMap;

use cartograph_cypher::ast::{self, Clause, ExprKind};
use cartograph_cypher::{CypherError, ErrorKind};

use super::ir::*;
use super::scope::{Kind, Scope};

/// Aggregates found while compiling the items of one projection.
pub(crate) struct AggCollector {
    pub specs: Vec<AggSpec>,
    pub base: usize,
    /// Compiling the argument of an aggregate (a nested one is an error).
    pub inside: bool,
}

pub(crate) struct Compiler<'a> {
    pub src: &'a str,
    pub names: Vec<String>,
    name_ids: HashMap<String, Name>,
    /// The next free row slot.
    pub next: usize,
    pub updates: bool,
    pub agg: Option<AggCollector>,
    /// Nesting depth of subqueries and comprehensions, bounded to keep recursion safe.
    pub depth: usize,
    /// The path variable of the pattern part being compiled.
    pub path_in_progress: Option<String>,
    /// Expressions (by normalised text) that stand for a slot: projected items seen from an
    /// aggregating ORDER BY.
    pub subst: Vec<(String, usize)>,
    /// Compiling the body of `EXISTS { }` / `COUNT { }`, which need not end in RETURN.
    pub open_end: bool,
}

/// Deeper than the parser lets any statement nest, so it only guards against runaway
/// recursion.
const MAX_DEPTH: usize = 1000;

pub(crate) fn compile(q: &ast::Query, src: &str) -> Result<Compiled, CypherError> {
    let mut c = Compiler {
        src,
        names: Vec::new(),
        name_ids: HashMap::new(),
        next: 0,
        updates: false,
        agg: None,
        depth: 0,
        path_in_progress: None,
        subst: Vec::new(),
        open_end: false,
    };
    let query = c.query(q, &Scope::default())?;
    Ok(Compiled {
        query,
        names: c.names,
        updates: c.updates,
    })
}

impl<'a> Compiler<'a> {
    pub(crate) fn name(&mut self, s: &str) -> Name {
        if let Some(&n) = self.name_ids.get(s) {
            return n;
        }
        let n = self.names.len();
        self.names.push(s.to_string());
        self.name_ids.insert(s.to_string(), n);
        n
    }

    pub(crate) fn alloc(&mut self) -> usize {
        let s = self.next;
        self.next += 1;
        s
    }

    pub(crate) fn error(
        &self,
        kind: ErrorKind,
        detail: &'static str,
        msg: impl Into<String>,
        at: usize,
    ) -> CypherError {
        CypherError::new(kind, msg)
            .with_detail(detail)
            .at(self.src, at)
    }

    pub(crate) fn syntax(
        &self,
        detail: &'static str,
        msg: impl Into<String>,
        at: usize,
    ) -> CypherError {
        self.error(ErrorKind::SyntaxError, detail, msg, at)
    }

    pub(crate) fn enter(&mut self, at: usize) -> Result<(), CypherError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax(
                "NestingTooDeep",
                "the query nests subqueries too deeply",
                at,
            ));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A query (with UNIONs) whose rows start as copies of an outer row described by `scope`.
    pub(crate) fn query(
        &mut self,
        q: &ast::Query,
        scope: &Scope,
    ) -> Result<QueryPlan, CypherError> {
        self.enter(q.span.start)?;
        let union_all: Vec<bool> = q.unions.iter().map(|(all, _)| *all).collect();
        if union_all.iter().any(|a| *a != union_all[0]) {
            return Err(self.syntax(
                "InvalidClauseComposition",
                "Invalid combination of UNION and UNION ALL",
                q.span.start,
            ));
        }
        let start = self.next;
        let (first, columns, returns) = self.single(&q.first, scope.clone())?;
        let mut branches = vec![first];
        for (_, sq) in &q.unions {
            self.next = start;
            let (b, cols, ret) = self.single(sq, scope.clone())?;
            if cols != columns || ret != returns {
                return Err(self.syntax(
                    "DifferentColumnsInUnion",
                    "All sub queries in an UNION must have the same return column names",
                    sq.span.start,
                ));
            }
            branches.push(b);
        }
        self.leave();
        Ok(QueryPlan {
            branches,
            union_all,
            columns,
            returns,
        })
    }

    /// One query without UNION: its ops, its column names, and whether it ends in RETURN.
    fn single(
        &mut self,
        sq: &ast::SingleQuery,
        mut scope: Scope,
    ) -> Result<(Branch, Vec<String>, bool), CypherError> {
        if let Some(op) = scope
            .vars
            .is_empty()
            .then(|| self.count_shortcut(sq))
            .flatten()
        {
            let columns = match sq.clauses.last() {
                Some(Clause::Return(p)) => p.items.iter().map(|i| i.name().to_string()).collect(),
                _ => Vec::new(),
            };
            return Ok((Branch { ops: vec![op] }, columns, true));
        }
        let mut ops = Vec::new();
        let mut columns = Vec::new();
        let mut returns = false;
        let n = sq.clauses.len();
        for (i, clause) in sq.clauses.iter().enumerate() {
            let last = i + 1 == n;
            if let Clause::Return(p) = clause {
                if !last {
                    return Err(self.syntax(
                        "InvalidClauseComposition",
                        "RETURN can only be used at the end of the query",
                        p.span.start,
                    ));
                }
                let (proj, _, cols) = self.projection(p, &scope, None, false)?;
                ops.push(Op::Project(Box::new(proj)));
                columns = cols;
                returns = true;
                continue;
            }
            if last && !self.open_end {
                let ok = match clause {
                    Clause::Match(_) | Clause::Unwind(_) | Clause::With(_) => false,
                    Clause::CallProcedure(c) => c.yield_items.is_none() || n == 1,
                    _ => true,
                };
                if !ok {
                    return Err(self.syntax(
                        "InvalidClauseComposition",
                        "Query cannot conclude with this clause (must be a RETURN clause, an update clause, a unit subquery call, or a procedure call with no YIELD)",
                        clause.span().start,
                    ));
                }
            }
            if let Clause::CallProcedure(c) = clause
                && n == 1
            {
                let plan = self.procedure(c, &mut scope, true)?;
                columns = c
                    .yield_items
                    .iter()
                    .flatten()
                    .map(|y| y.alias.clone().unwrap_or_else(|| y.field.clone()))
                    .collect();
                returns = true;
                ops.push(Op::CallProc(plan));
                continue;
            }
            ops.push(self.clause(clause, &mut scope)?);
        }
        fuse_merge_set(&mut ops);
        if !returns && let Some(Op::CallSub(sp)) = ops.last_mut() {
            sp.outer_unused = !sp.query.returns;
        }
        Ok((Branch { ops }, columns, returns))
    }

    /// One clause other than RETURN.
    pub(crate) fn clause(&mut self, clause: &Clause, scope: &mut Scope) -> Result<Op, CypherError> {
        match clause {
            Clause::Match(m) => self.match_clause(m, scope),
            Clause::Unwind(u) => {
                let expr = self.expr(&u.expr, scope)?;
                if scope.contains(&u.variable) {
                    return Err(self.already_bound(&u.variable, u.span.start));
                }
                let slot = self.alloc();
                scope.bind(&u.variable, slot, Kind::Any);
                Ok(Op::Unwind { expr, slot })
            }
            Clause::With(w) => {
                let (proj, new_scope, _) =
                    self.projection(&w.projection, scope, w.where_.as_ref(), true)?;
                *scope = new_scope;
                Ok(Op::Project(Box::new(proj)))
            }
            Clause::Return(p) => Err(self.syntax(
                "InvalidClauseComposition",
                "RETURN can only be used at the end of the query",
                p.span.start,
            )),
            Clause::Create(c) => {
                self.updates = true;
                let pattern = self.pattern(&c.pattern, scope, PatCtx::Create)?;
                Ok(Op::Create(pattern))
            }
            Clause::Merge(m) => {
                self.updates = true;
                let pattern = ast::Pattern {
                    parts: vec![m.part.clone()],
                };
                let pattern = self.pattern(&pattern, scope, PatCtx::Merge)?;
                let on_create = self.set_items(&m.on_create, scope, m.span.start)?;
                let on_match = self.set_items(&m.on_match, scope, m.span.start)?;
                let mut plan = MergePlan {
                    pattern,
                    on_create,
                    on_match,
                    then_set: Vec::new(),
                    fold: false,
                };
                plan.fold = foldable(&plan);
                Ok(Op::Merge(Box::new(plan)))
            }
            Clause::Set(s) => {
                self.updates = true;
                Ok(Op::Set(self.set_items(&s.items, scope, s.span.start)?))
            }
            Clause::Remove(r) => {
                self.updates = true;
                let mut ops = Vec::new();
                for item in &r.items {
                    ops.push(match item {
                        ast::RemoveItem::Property { target, key } => RemoveOp::Prop {
                            target: self.expr(target, scope)?,
                            key: self.name(key),
                            at: target.span.start,
                        },
                        ast::RemoveItem::Labels { variable, labels } => RemoveOp::Labels {
                            slot: self.var_slot(variable, scope, r.span.start)?,
                            labels: labels.iter().map(|l| self.name(l)).collect(),
                            at: r.span.start,
                        },
                    });
                }
                Ok(Op::Remove(ops))
            }
            Clause::Delete(d) => {
                self.updates = true;
                let mut exprs = Vec::new();
                for e in &d.exprs {
                    if matches!(e.kind, ExprKind::HasLabels(..)) {
                        return Err(self.syntax(
                            "InvalidDelete",
                            "DELETE expects a node, a relationship or a path; to remove a label use REMOVE",
                            e.span.start,
                        ));
                    }
                    if matches!(
                        e.kind,
                        ExprKind::Literal(_)
                            | ExprKind::Binary(..)
                            | ExprKind::Unary(..)
                            | ExprKind::Comparison(..)
                            | ExprKind::Map(_)
                    ) {
                        return Err(self.syntax(
                            "InvalidArgumentType",
                            "DELETE expects a node, a relationship or a path",
                            e.span.start,
                        ));
                    }
                    exprs.push(self.expr(e, scope)?);
                }
                Ok(Op::Delete {
                    detach: d.detach,
                    exprs,
                    at: d.span.start,
                })
            }
            Clause::Foreach(f) => {
                self.updates = true;
                let list = self.expr(&f.list, scope)?;
                let mut inner = scope.clone();
                if scope.contains(&f.variable) {
                    return Err(self.already_bound(&f.variable, f.span.start));
                }
                let slot = self.alloc();
                inner.bind(&f.variable, slot, Kind::Any);
                let mut body = Vec::new();
                for c in &f.clauses {
                    if matches!(
                        c,
                        Clause::Match(_) | Clause::With(_) | Clause::Return(_) | Clause::Unwind(_)
                    ) {
                        return Err(self.syntax(
                            "InvalidClauseComposition",
                            "FOREACH can only contain updating clauses",
                            c.span().start,
                        ));
                    }
                    body.push(self.clause(c, &mut inner)?);
                }
                Ok(Op::Foreach {
                    slot,
                    list,
                    body,
                    at: f.span.start,
                })
            }
            Clause::CallProcedure(c) => Ok(Op::CallProc(self.procedure(c, scope, false)?)),
            Clause::CallSubquery(c) => self.call_subquery(c, scope),
        }
    }

    fn match_clause(&mut self, m: &ast::Match, scope: &mut Scope) -> Result<Op, CypherError> {
        let before = scope.clone();
        let mut pattern = self.pattern(&m.pattern, scope, PatCtx::Match)?;
        let where_ = match &m.where_ {
            Some(w) => Some(self.predicate(w, scope)?),
            None => None,
        };
        if let Some(w) = &m.where_ {
            self.index_hints(w, &before, scope, &mut pattern)?;
        }
        let new_slots: Vec<usize> = scope
            .vars
            .iter()
            .filter(|v| !before.contains(&v.name))
            .map(|v| v.slot)
            .collect();
        Ok(Op::Match {
            pattern,
            where_,
            optional: m.optional,
            new_slots,
        })
    }

    /// Conditions `n.key <op> expr` in WHERE, where `expr` only uses variables bound before
    /// the MATCH, become hints the matcher may answer from a property index.
    fn index_hints(
        &mut self,
        w: &ast::Expr,
        before: &Scope,
        scope: &Scope,
        pattern: &mut PatternPlan,
    ) -> Result<(), CypherError> {
        let mut conjuncts = Vec::new();
        collect_conjuncts(w, &mut conjuncts);
        for c in conjuncts {
            let (left, op, right) = match &c.kind {
                ExprKind::Comparison(first, rest) if rest.len() == 1 => {
                    (&**first, rest[0].0, &rest[0].1)
                }
                ExprKind::Binary(op, l, r) => (&**l, *op, &**r),
                _ => continue,
            };
            use ast::BinaryOp::*;
            if !matches!(op, Eq | Lt | Le | Gt | Ge | In) {
                continue;
            }
            let flip = |op| match op {
                Lt => Gt,
                Le => Ge,
                Gt => Lt,
                Ge => Le,
                o => o,
            };
            // `n.key IN list` only reads one way round.
            let sides: &[(&ast::Expr, &ast::Expr, ast::BinaryOp)] = if op == In {
                &[(left, right, In)]
            } else {
                &[(left, right, op), (right, left, flip(op))]
            };
            for &(prop_side, value_side, op) in sides {
                let ExprKind::Property(base, key) = &prop_side.kind else {
                    continue;
                };
                let ExprKind::Variable(v) = &base.kind else {
                    continue;
                };
                if before.contains(v) || !only_uses(value_side, before) {
                    continue;
                }
                let Some(var) = scope.get(v) else { continue };
                let slot = var.slot;
                let value = self.expr(value_side, before)?;
                let key = self.name(key);
                let target = pattern
                    .parts
                    .iter_mut()
                    .flat_map(|p| p.nodes.iter_mut())
                    .find(|n| n.slot == slot);
                if let Some(node) = target {
                    node.hints.push(Hint { key, op, value });
                }
                break;
            }
        }
        Ok(())
    }

    /// A WHERE condition: an entity variable is not a predicate.
    pub(crate) fn predicate(&mut self, w: &ast::Expr, scope: &Scope) -> Result<Ex, CypherError> {
        if let ExprKind::Variable(v) = &w.kind
            && let Some(var) = scope.get(v)
            && matches!(
                var.kind,
                Kind::Node | Kind::Rel | Kind::Path | Kind::RelList
            )
        {
            return Err(self.syntax(
                "InvalidArgumentType",
                format!(
                    "Type mismatch: expected Boolean but `{v}` is a {}",
                    var.kind.describe()
                ),
                w.span.start,
            ));
        }
        self.expr(w, scope)
    }

    fn set_items(
        &mut self,
        items: &[ast::SetItem],
        scope: &Scope,
        at: usize,
    ) -> Result<Vec<SetOp>, CypherError> {
        let mut ops = Vec::new();
        for item in items {
            ops.push(match item {
                ast::SetItem::Property { target, key, value } => SetOp::Prop {
                    target: self.expr(target, scope)?,
                    key: self.name(key),
                    value: self.expr(value, scope)?,
                    at: target.span.start,
                },
                ast::SetItem::Replace { variable, value } => SetOp::Replace {
                    slot: self.var_slot(variable, scope, at)?,
                    value: self.expr(value, scope)?,
                    at: value.span.start,
                },
                ast::SetItem::Merge { variable, value } => SetOp::Merge {
                    slot: self.var_slot(variable, scope, at)?,
                    value: self.expr(value, scope)?,
                    at: value.span.start,
                },
                ast::SetItem::Labels { variable, labels } => SetOp::Labels {
                    slot: self.var_slot(variable, scope, at)?,
                    labels: labels.iter().map(|l| self.name(l)).collect(),
                    at,
                },
            });
        }
        Ok(ops)
    }

    pub(crate) fn var_slot(
        &self,
        name: &str,
        scope: &Scope,
        at: usize,
    ) -> Result<usize, CypherError> {
        scope
            .get(name)
            .map(|v| v.slot)
            .ok_or_else(|| self.undefined(name, at))
    }

    pub(crate) fn undefined(&self, name: &str, at: usize) -> CypherError {
        self.syntax(
            "UndefinedVariable",
            format!("Variable `{name}` not defined"),
            at,
        )
    }

    pub(crate) fn already_bound(&self, name: &str, at: usize) -> CypherError {
        self.syntax(
            "VariableAlreadyBound",
            format!("Variable `{name}` already declared"),
            at,
        )
    }

    fn procedure(
        &mut self,
        c: &ast::CallProcedure,
        scope: &mut Scope,
        standalone: bool,
    ) -> Result<ProcPlan, CypherError> {
        let name = c.name.join(".").to_lowercase();
        let args = match &c.args {
            Some(args) => {
                let mut out = Vec::new();
                for a in args {
                    if self.contains_aggregate(a) {
                        return Err(self.syntax(
                            "InvalidAggregation",
                            "Procedure call inside a query does not support passing aggregation expressions",
                            a.span.start,
                        ));
                    }
                    out.push(self.expr(a, scope)?);
                }
                Some(out)
            }
            None => None,
        };
        if !standalone && c.args.is_none() {
            return Err(self.syntax(
                "InvalidArgumentPassingMode",
                "Procedure call inside a query does not support naming results implicitly (name explicitly using `YIELD` instead)",
                c.span.start,
            ));
        }
        if c.yield_star && !standalone {
            return Err(self.syntax(
                "UnexpectedSyntax",
                "YIELD * is only allowed in a standalone procedure call",
                c.span.start,
            ));
        }
        let mut yields = Vec::new();
        if let Some(items) = &c.yield_items {
            for y in items {
                let var = y.alias.as_deref().unwrap_or(&y.field);
                if scope.contains(var) {
                    return Err(self.already_bound(var, c.span.start));
                }
                let slot = self.alloc();
                scope.bind(var, slot, Kind::Any);
                yields.push((y.field.clone(), slot));
            }
        }
        let where_ = match &c.where_ {
            Some(w) => Some(self.expr(w, scope)?),
            None => None,
        };
        Ok(ProcPlan {
            name,
            args,
            standalone_all: standalone && (c.yield_items.is_none() || c.yield_star),
            yields,
            where_,
            at: c.span.start,
        })
    }

    fn call_subquery(
        &mut self,
        c: &ast::CallSubquery,
        scope: &mut Scope,
    ) -> Result<Op, CypherError> {
        let inner_scope = match &c.scope {
            Some(ast::SubqueryScope::All) => scope.clone(),
            // A plain `CALL { }` sees only what a leading `WITH` imports.
            None => {
                let mut s = Scope::default();
                let branches =
                    std::iter::once(&c.query.first).chain(c.query.unions.iter().map(|(_, b)| b));
                for b in branches {
                    let Some(Clause::With(w)) = b.clauses.first() else {
                        continue;
                    };
                    if w.projection.star {
                        return self.call_subquery_with(c, scope, scope.clone());
                    }
                    for item in &w.projection.items {
                        if let ExprKind::Variable(v) = &item.expr.kind
                            && let Some(var) = scope.get(v)
                        {
                            s.bind(v, var.slot, var.kind);
                        }
                    }
                }
                s
            }
            Some(ast::SubqueryScope::Vars(vars)) => {
                let mut s = Scope::default();
                for v in vars {
                    let var = scope
                        .get(v)
                        .ok_or_else(|| self.undefined(v, c.span.start))?;
                    s.bind(v, var.slot, var.kind);
                }
                s
            }
        };
        self.call_subquery_with(c, scope, inner_scope)
    }

    fn call_subquery_with(
        &mut self,
        c: &ast::CallSubquery,
        scope: &mut Scope,
        inner_scope: Scope,
    ) -> Result<Op, CypherError> {
        let saved = self.next;
        let saved_open = std::mem::replace(&mut self.open_end, false);
        let query = self.query(&c.query, &inner_scope);
        self.open_end = saved_open;
        let query = query?;
        self.next = saved;
        let mut out_slots = Vec::new();
        if query.returns {
            for col in &query.columns {
                if scope.contains(col) {
                    return Err(self.already_bound(col, c.span.start));
                }
                let slot = self.alloc();
                scope.bind(col, slot, Kind::Any);
                out_slots.push(slot);
            }
        }
        Ok(Op::CallSub(Box::new(SubqueryPlan {
            query,
            out_slots,
            outer_unused: false,
        })))
    }

    /// `MATCH (n:L) RETURN count(n)` and `MATCH ()-[r:T]->() RETURN count(r)`: answered
    /// from the label and type counts instead of scanning.
    fn count_shortcut(&mut self, sq: &ast::SingleQuery) -> Option<Op> {
        let [Clause::Match(m), Clause::Return(p)] = sq.clauses.as_slice() else {
            return None;
        };
        if m.optional || m.where_.is_some() || m.pattern.parts.len() != 1 || p.distinct || p.star {
            return None;
        }
        if p.items.len() != 1 || !p.order_by.is_empty() || p.skip.is_some() || p.limit.is_some() {
            return None;
        }
        let part = &m.pattern.parts[0];
        if part.variable.is_some() || part.kind != ast::PathKind::Normal {
            return None;
        }
        let counted = match &p.items[0].expr.kind {
            ExprKind::CountStar => None,
            ExprKind::FunctionCall {
                name,
                distinct: false,
                args,
            } if name.len() == 1 && name[0].eq_ignore_ascii_case("count") && args.len() == 1 => {
                match &args[0].kind {
                    ExprKind::Variable(v) => Some(v.as_str()),
                    _ => return None,
                }
            }
            _ => return None,
        };
        let plain_node = |n: &ast::NodePattern| n.properties.is_none() && n.labels.len() <= 1;
        let el = &part.element;
        match el.chain.as_slice() {
            [] => {
                let n = &el.start;
                if !plain_node(n) || (counted.is_some() && counted != n.variable.as_deref()) {
                    return None;
                }
                let label = n.labels.first().map(|l| self.name(l));
                Some(Op::CountShortcut {
                    label,
                    rel_type: None,
                })
            }
            [(r, b)] => {
                let a = &el.start;
                if !a.labels.is_empty()
                    || !b.labels.is_empty()
                    || a.properties.is_some()
                    || b.properties.is_some()
                {
                    return None;
                }
                if r.properties.is_some()
                    || r.length.is_some()
                    || r.types.len() > 1
                    || r.direction == ast::Direction::Both
                {
                    return None;
                }
                if counted.is_some() && counted != r.variable.as_deref() {
                    return None;
                }
                let distinct_vars = [&a.variable, &b.variable, &r.variable];
                let named: Vec<&String> = distinct_vars.iter().filter_map(|v| v.as_ref()).collect();
                if named
                    .iter()
                    .enumerate()
                    .any(|(i, x)| named[..i].contains(x))
                {
                    return None;
                }
                let t = r.types.first().map(|t| self.name(t));
                Some(Op::CountShortcut {
                    label: None,
                    rel_type: Some(t),
                })
            }
            _ => None,
        }
    }
}

/// Run a `SET` that directly follows a MERGE with each row's merge (saving a pass, and
/// letting new elements be created with their properties) when the order cannot matter:
/// the SET writes only properties that neither the MERGE pattern nor its ON CREATE / ON
/// MATCH items read, and its values read nothing ON CREATE / ON MATCH write and no graph
/// structure.
fn fuse_merge_set(ops: &mut Vec<Op>) {
    let mut i = 0;
    while i + 1 < ops.len() {
        let fusable = match (&ops[i], &ops[i + 1]) {
            (Op::Merge(m), Op::Set(items)) => can_fuse(m, items),
            _ => false,
        };
        if fusable
            && let Op::Set(items) = ops.remove(i + 1)
            && let Some(Op::Merge(m)) = ops.get_mut(i)
        {
            m.then_set = items;
            m.fold = foldable(m);
        }
        i += 1;
    }
}

fn can_fuse(m: &MergePlan, items: &[SetOp]) -> bool {
    let pattern_labels: Vec<Name> = m
        .pattern
        .parts
        .iter()
        .flat_map(|p| p.nodes.iter().flat_map(|n| n.labels.iter().copied()))
        .collect();
    let mut set_keys = Vec::new();
    for item in items {
        if let SetOp::Labels { labels, .. } = item {
            // Adding a label the MERGE matches on would change what later rows find.
            if labels.iter().any(|l| pattern_labels.contains(l)) {
                return false;
            }
            continue;
        }
        let SetOp::Prop {
            target: Ex::Slot(_),
            key,
            value,
            ..
        } = item
        else {
            return false;
        };
        set_keys.push(*key);
        let mut reads = Reads::default();
        if !reads.of(value) {
            return false;
        }
        let mut written = Vec::new();
        for oc in m.on_create.iter().chain(&m.on_match) {
            match oc {
                SetOp::Prop { key, .. } => written.push(*key),
                _ => return false,
            }
        }
        if reads.keys.iter().any(|k| written.contains(k)) {
            return false;
        }
    }
    let mut merge_reads = Reads::default();
    for part in &m.pattern.parts {
        let specs = part
            .nodes
            .iter()
            .map(|n| &n.props)
            .chain(part.rels.iter().map(|r| &r.props));
        for spec in specs {
            match spec {
                PropSpec::None => {}
                PropSpec::Expr(_) => return false,
                PropSpec::Entries(entries) => {
                    for (k, e) in entries {
                        merge_reads.keys.push(*k);
                        if !merge_reads.of(e) {
                            return false;
                        }
                    }
                }
            }
        }
    }
    for oc in m.on_create.iter().chain(&m.on_match) {
        let SetOp::Prop { target, value, .. } = oc else {
            return false;
        };
        if !merge_reads.of(target) || !merge_reads.of(value) {
            return false;
        }
    }
    !merge_reads.keys.iter().any(|k| set_keys.contains(k))
}

/// Whether the ON CREATE and fused SET items can be given to the creation itself: each sets
/// a property of an element the MERGE creates, from values that read none of them.
fn foldable(m: &MergePlan) -> bool {
    let created: Vec<usize> = m
        .pattern
        .parts
        .iter()
        .flat_map(|p| {
            p.nodes
                .iter()
                .filter(|n| !n.bound)
                .map(|n| n.slot)
                .chain(p.rels.iter().filter(|r| !r.bound).map(|r| r.slot))
        })
        .collect();
    let all: Vec<usize> = m
        .pattern
        .parts
        .iter()
        .flat_map(|p| {
            p.nodes
                .iter()
                .map(|n| n.slot)
                .chain(p.rels.iter().map(|r| r.slot))
                .chain(p.path_slot)
        })
        .collect();
    let created_nodes: Vec<usize> = m
        .pattern
        .parts
        .iter()
        .flat_map(|p| p.nodes.iter().filter(|n| !n.bound).map(|n| n.slot))
        .collect();
    m.on_create.iter().chain(&m.then_set).all(|item| {
        if let SetOp::Labels { slot, .. } = item {
            return created_nodes.contains(slot);
        }
        let SetOp::Prop {
            target: Ex::Slot(s),
            value,
            ..
        } = item
        else {
            return false;
        };
        let mut reads = Reads::default();
        created.contains(s) && reads.of(value) && !reads.slots.iter().any(|r| all.contains(r))
    })
}

/// The slots and property keys a simple expression reads; `of` is false for expressions
/// that may read more (functions, subqueries, dynamic keys, ...).
#[derive(Default)]
struct Reads {
    slots: Vec<usize>,
    keys: Vec<Name>,
}

impl Reads {
    fn of(&mut self, e: &Ex) -> bool {
        match e {
            Ex::Const(_) | Ex::Param(..) | Ex::Timestamp => true,
            Ex::Slot(s) => {
                self.slots.push(*s);
                true
            }
            Ex::Prop(base, key, _) => {
                self.keys.push(*key);
                self.of(base)
            }
            Ex::Unary(_, a, _) | Ex::Not(a, _) | Ex::IsNull(a, _) => self.of(a),
            Ex::Binary(_, a, b, _) | Ex::And(a, b, _) | Ex::Or(a, b, _) | Ex::Xor(a, b, _) => {
                self.of(a) && self.of(b)
            }
            Ex::List(items) => items.iter().all(|i| self.of(i)),
            Ex::Map(entries) => entries.iter().all(|(_, v)| self.of(v)),
            _ => false,
        }
    }
}

/// What the pattern being compiled is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatCtx {
    Match,
    Create,
    Merge,
    /// A pattern comprehension or `EXISTS { }` short form (may bind new variables).
    Expr,
    /// A pattern predicate `WHERE (a)-->(b)` (may not bind new variables).
    Predicate,
}

pub(crate) fn collect_conjuncts<'e>(e: &'e ast::Expr, out: &mut Vec<&'e ast::Expr>) {
    match &e.kind {
        ExprKind::Binary(ast::BinaryOp::And, l, r) => {
            collect_conjuncts(l, out);
            collect_conjuncts(r, out);
        }
        _ => out.push(e),
    }
}

/// Whether `e` only refers to variables of `scope` (conservatively false for constructs
/// that bind their own variables).
pub(crate) fn only_uses(e: &ast::Expr, scope: &Scope) -> bool {
    match &e.kind {
        ExprKind::Literal(_) | ExprKind::Parameter(_) => true,
        ExprKind::Variable(v) => scope.contains(v),
        ExprKind::Property(b, _) => only_uses(b, scope),
        ExprKind::List(items) => items.iter().all(|i| only_uses(i, scope)),
        ExprKind::Map(entries) => entries.iter().all(|(_, v)| only_uses(v, scope)),
        ExprKind::Index(a, b) => only_uses(a, scope) && only_uses(b, scope),
        ExprKind::Unary(_, a) => only_uses(a, scope),
        ExprKind::Binary(_, a, b) => only_uses(a, scope) && only_uses(b, scope),
        ExprKind::FunctionCall { args, .. } => args.iter().all(|a| only_uses(a, scope)),
        _ => false,
    }
}

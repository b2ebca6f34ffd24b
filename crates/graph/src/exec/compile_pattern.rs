//! Compiling patterns (MATCH, CREATE, MERGE, pattern expressions), with the variable rules
//! each clause imposes.

use cartograph_cypher::CypherError;
use cartograph_cypher::ast::{self, Direction, ExprKind};

use super::compile::{Compiler, PatCtx, only_uses};
use super::ir::*;
use super::scope::{Kind, Scope};

impl Compiler<'_> {
    /// Compile `p`, binding its new variables in `scope`.
    pub(crate) fn pattern(
        &mut self,
        p: &ast::Pattern,
        scope: &mut Scope,
        ctx: PatCtx,
    ) -> Result<PatternPlan, CypherError> {
        let before = scope.clone();
        let mut rel_vars: Vec<String> = Vec::new();
        let mut parts = Vec::new();
        for part in &p.parts {
            parts.push(self.part(part, scope, &before, ctx, &mut rel_vars)?);
        }
        Ok(PatternPlan { parts })
    }

    fn part(
        &mut self,
        part: &ast::PatternPart,
        scope: &mut Scope,
        before: &Scope,
        ctx: PatCtx,
        rel_vars: &mut Vec<String>,
    ) -> Result<PartPat, CypherError> {
        let at = part.span.start;
        let mut path_slot = None;
        if let Some(pv) = &part.variable {
            if scope.contains(pv) {
                return Err(self.already_bound(pv, at));
            }
            let slot = self.alloc();
            scope.bind(pv, slot, Kind::Path);
            path_slot = Some(slot);
        }
        let el = &part.element;
        let single = el.chain.is_empty();
        self.path_in_progress = part.variable.clone();
        let elements = self.elements(el, scope, before, ctx, rel_vars, single);
        self.path_in_progress = None;
        let (nodes, rels) = elements?;
        if part.kind != ast::PathKind::Normal {
            if rels.len() != 1 {
                return Err(self.syntax(
                    "InvalidRelationshipPattern",
                    "shortestPath(...) requires a pattern containing a single relationship",
                    at,
                ));
            }
            if let Some((min, _)) = rels[0].var_len
                && min > 1
            {
                return Err(self.syntax(
                    "InvalidRelationshipPattern",
                    "shortestPath(...) does not support a minimal length different from 0 or 1",
                    at,
                ));
            }
        }
        Ok(PartPat {
            path_slot,
            kind: part.kind,
            nodes,
            rels,
            at,
        })
    }

    #[allow(clippy::type_complexity)]
    fn elements(
        &mut self,
        el: &ast::PatternElement,
        scope: &mut Scope,
        before: &Scope,
        ctx: PatCtx,
        rel_vars: &mut Vec<String>,
        single: bool,
    ) -> Result<(Vec<NodePat>, Vec<RelPat>), CypherError> {
        let mut nodes = vec![self.node(&el.start, scope, before, ctx, single)?];
        let mut rels = Vec::new();
        for (r, n) in &el.chain {
            rels.push(self.rel(r, scope, before, ctx, rel_vars)?);
            nodes.push(self.node(n, scope, before, ctx, false)?);
        }
        Ok((nodes, rels))
    }

    /// A variable of the wrong kind: Neo4j reports reusing the path variable inside its own
    /// pattern as already bound, anything else as a type conflict.
    fn conflict(&self, name: &str, had: Kind, wanted: &str, at: usize) -> CypherError {
        if had == Kind::Path && self.path_in_progress.as_deref() == Some(name) {
            return self.already_bound(name, at);
        }
        self.type_conflict(name, had, wanted, at)
    }

    fn type_conflict(&self, name: &str, had: Kind, wanted: &str, at: usize) -> CypherError {
        self.syntax(
            "VariableTypeConflict",
            format!(
                "Type mismatch: `{name}` defined with conflicting type {} (expected {wanted})",
                had.describe()
            ),
            at,
        )
    }

    fn node(
        &mut self,
        n: &ast::NodePattern,
        scope: &mut Scope,
        before: &Scope,
        ctx: PatCtx,
        single: bool,
    ) -> Result<NodePat, CypherError> {
        let at = n.span.start;
        let (slot, bound) = match &n.variable {
            Some(v) => match scope.get(v) {
                Some(var) => {
                    if !matches!(var.kind, Kind::Node | Kind::Any) {
                        return Err(self.conflict(v, var.kind, "Node", at));
                    }
                    let has_detail = !n.labels.is_empty() || n.properties.is_some();
                    if matches!(ctx, PatCtx::Create | PatCtx::Merge) && (has_detail || single) {
                        return Err(self.already_bound(v, at));
                    }
                    (var.slot, before.contains(v))
                }
                None => {
                    if ctx == PatCtx::Predicate {
                        return Err(self.undefined(v, at));
                    }
                    let slot = self.alloc();
                    scope.bind(v, slot, Kind::Node);
                    (slot, false)
                }
            },
            None => (self.alloc(), false),
        };
        let props = self.props(&n.properties, scope, ctx)?;
        let independent = match &n.properties {
            Some(ast::Expr {
                kind: ExprKind::Map(entries),
                ..
            }) => entries.iter().map(|(_, v)| only_uses(v, before)).collect(),
            _ => Vec::new(),
        };
        let labels = n.labels.iter().map(|l| self.name(l)).collect();
        Ok(NodePat {
            slot,
            labels,
            props,
            bound,
            hints: Vec::new(),
            independent,
        })
    }

    fn rel(
        &mut self,
        r: &ast::RelationshipPattern,
        scope: &mut Scope,
        before: &Scope,
        ctx: PatCtx,
        rel_vars: &mut Vec<String>,
    ) -> Result<RelPat, CypherError> {
        let at = r.span.start;
        let writing = matches!(ctx, PatCtx::Create | PatCtx::Merge);
        let wanted = if r.length.is_some() {
            Kind::RelList
        } else {
            Kind::Rel
        };
        let (slot, bound) = match &r.variable {
            Some(v) => {
                if rel_vars.contains(v) {
                    return Err(self.syntax(
                        "RelationshipUniquenessViolation",
                        format!("Cannot use the same relationship variable '{v}' for multiple relationships"),
                        at,
                    ));
                }
                rel_vars.push(v.clone());
                match scope.get(v) {
                    Some(var) => {
                        let ok = var.kind == wanted
                            || var.kind == Kind::Any
                            || (wanted == Kind::RelList && var.kind == Kind::Plain);
                        if writing {
                            return Err(self.already_bound(v, at));
                        }
                        if !ok {
                            return Err(self.conflict(v, var.kind, wanted.describe(), at));
                        }
                        (var.slot, before.contains(v))
                    }
                    None => {
                        if ctx == PatCtx::Predicate {
                            return Err(self.undefined(v, at));
                        }
                        let slot = self.alloc();
                        scope.bind(v, slot, wanted);
                        (slot, false)
                    }
                }
            }
            None => (self.alloc(), false),
        };
        if writing {
            if r.length.is_some() {
                return Err(self.syntax(
                    "CreatingVarLength",
                    "Variable length relationships cannot be used in CREATE or MERGE",
                    at,
                ));
            }
            if r.types.len() != 1 {
                return Err(self.syntax(
                    "NoSingleRelationshipType",
                    "A single relationship type must be specified for CREATE and MERGE",
                    at,
                ));
            }
            if ctx == PatCtx::Create && r.direction == Direction::Both {
                return Err(self.syntax(
                    "RequiresDirectedRelationship",
                    "Only directed relationships are supported in CREATE",
                    at,
                ));
            }
        }
        let props = self.props(&r.properties, scope, ctx)?;
        let independent = match &r.properties {
            Some(ast::Expr {
                kind: ExprKind::Map(entries),
                ..
            }) => entries.iter().map(|(_, v)| only_uses(v, before)).collect(),
            _ => Vec::new(),
        };
        let types = r.types.iter().map(|t| self.name(t)).collect();
        let var_len = r.length.map(|l| (l.min.unwrap_or(1), l.max));
        Ok(RelPat {
            slot,
            types,
            dir: r.direction,
            props,
            var_len,
            bound,
            independent,
        })
    }

    fn props(
        &mut self,
        p: &Option<ast::Expr>,
        scope: &Scope,
        ctx: PatCtx,
    ) -> Result<PropSpec, CypherError> {
        let Some(e) = p else {
            return Ok(PropSpec::None);
        };
        match &e.kind {
            ExprKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = self.name(k);
                    out.push((key, self.expr(v, scope)?));
                }
                Ok(PropSpec::Entries(out))
            }
            _ => {
                if matches!(
                    ctx,
                    PatCtx::Match | PatCtx::Merge | PatCtx::Expr | PatCtx::Predicate
                ) {
                    return Err(self.syntax(
                        "InvalidParameterUse",
                        "Parameter maps cannot be used in MATCH or MERGE patterns (use a literal map instead, e.g. {id: $param.id})",
                        e.span.start,
                    ));
                }
                Ok(PropSpec::Expr(self.expr(e, scope)?))
            }
        }
    }
}

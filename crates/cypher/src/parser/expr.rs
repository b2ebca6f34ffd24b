//! Expressions: precedence climbing over the binary operators (one stack frame per
//! nesting level rather than one per precedence level), then unary, postfix and atoms.

use super::{CLAUSE_START, PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

/// Binding strength of each operator class, weakest first.
const PREC_OR: u8 = 1;
const PREC_XOR: u8 = 2;
const PREC_AND: u8 = 3;
const PREC_NOT: u8 = 4;
const PREC_CMP: u8 = 5;
const PREC_PREDICATE: u8 = 6;
const PREC_ADD: u8 = 7;
const PREC_MUL: u8 = 8;
const PREC_POW: u8 = 9;

/// Words that cannot be unquoted variable names because they would make the grammar
/// ambiguous (clause starts, operators, literals).
pub(super) fn is_reserved(name: &str) -> bool {
    const RESERVED: &[&str] = &[
        "AND", "AS", "CALL", "CASE", "CONTAINS", "CREATE", "DELETE", "DETACH", "DISTINCT", "ENDS",
        "FALSE", "FOREACH", "IN", "IS", "LIMIT", "MATCH", "MERGE", "NOT", "NULL", "OPTIONAL", "OR",
        "ORDER", "REMOVE", "RETURN", "SET", "SKIP", "STARTS", "TRUE", "UNION", "UNWIND", "WHERE",
        "WITH", "XOR",
    ];
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// A binary operator found at the cursor.
enum Op {
    /// An operator of `tokens` tokens (`STARTS WITH` has two).
    Binary(BinaryOp, usize),
    /// `=`, `<>`, `<`, ...: chained into [`ExprKind::Comparison`].
    Compare(BinaryOp),
    /// `IS [NOT] NULL`.
    IsNull,
}

impl Parser<'_> {
    /// Any expression.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let expr = self.binary(0)?;
        self.leave();
        Ok(expr)
    }

    fn peek_op(&self) -> Option<(Op, u8)> {
        let op = match self.tok() {
            Tok::Ident {
                name,
                quoted: false,
            } => {
                let is = |w: &str| name.eq_ignore_ascii_case(w);
                if is("OR") {
                    (Op::Binary(BinaryOp::Or, 1), PREC_OR)
                } else if is("XOR") {
                    (Op::Binary(BinaryOp::Xor, 1), PREC_XOR)
                } else if is("AND") {
                    (Op::Binary(BinaryOp::And, 1), PREC_AND)
                } else if is("STARTS") && self.kw_at(1, "WITH") {
                    (Op::Binary(BinaryOp::StartsWith, 2), PREC_PREDICATE)
                } else if is("ENDS") && self.kw_at(1, "WITH") {
                    (Op::Binary(BinaryOp::EndsWith, 2), PREC_PREDICATE)
                } else if is("CONTAINS") {
                    (Op::Binary(BinaryOp::Contains, 1), PREC_PREDICATE)
                } else if is("IN") {
                    (Op::Binary(BinaryOp::In, 1), PREC_PREDICATE)
                } else if is("IS") {
                    (Op::IsNull, PREC_PREDICATE)
                } else {
                    return None;
                }
            }
            Tok::Eq => (Op::Compare(BinaryOp::Eq), PREC_CMP),
            Tok::Ne => (Op::Compare(BinaryOp::Ne), PREC_CMP),
            Tok::Lt => (Op::Compare(BinaryOp::Lt), PREC_CMP),
            Tok::Le => (Op::Compare(BinaryOp::Le), PREC_CMP),
            Tok::Gt => (Op::Compare(BinaryOp::Gt), PREC_CMP),
            Tok::Ge => (Op::Compare(BinaryOp::Ge), PREC_CMP),
            Tok::RegexMatch => (Op::Binary(BinaryOp::Regex, 1), PREC_PREDICATE),
            Tok::Plus => (Op::Binary(BinaryOp::Add, 1), PREC_ADD),
            Tok::Minus => (Op::Binary(BinaryOp::Sub, 1), PREC_ADD),
            Tok::Star => (Op::Binary(BinaryOp::Mul, 1), PREC_MUL),
            Tok::Slash => (Op::Binary(BinaryOp::Div, 1), PREC_MUL),
            Tok::Percent => (Op::Binary(BinaryOp::Mod, 1), PREC_MUL),
            Tok::Caret => (Op::Binary(BinaryOp::Pow, 1), PREC_POW),
            _ => return None,
        };
        Some(op)
    }

    /// Parses operators binding at least as tightly as `min` (all binary operators are
    /// left-associative; comparisons chain).
    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let start = self.start();
        let mut left = if min <= PREC_NOT && self.is_kw("NOT") {
            self.advance();
            self.enter()?;
            let operand = self.binary(PREC_NOT)?;
            self.leave();
            Expr::new(
                ExprKind::Unary(UnaryOp::Not, Box::new(operand)),
                self.since(start),
            )
        } else {
            self.unary()?
        };
        while let Some((op, prec)) = self.peek_op() {
            if prec < min {
                break;
            }
            let kind = match op {
                Op::Compare(first) => {
                    self.advance();
                    let right = self.binary(PREC_CMP + 1)?;
                    let mut pairs = Vec::new();
                    while let Some((Op::Compare(next), _)) = self.peek_op() {
                        self.advance();
                        pairs.push((next, self.binary(PREC_CMP + 1)?));
                    }
                    if pairs.is_empty() {
                        ExprKind::Binary(first, Box::new(left), Box::new(right))
                    } else {
                        pairs.insert(0, (first, right));
                        ExprKind::Comparison(Box::new(left), pairs)
                    }
                }
                Op::IsNull => {
                    self.advance();
                    let negated = self.eat_kw("NOT");
                    if !self.eat_kw("NULL") {
                        let expected: &[&str] = if negated {
                            &["NULL"]
                        } else {
                            &["NULL", "NOT NULL"]
                        };
                        return Err(self.unexpected(expected));
                    }
                    ExprKind::IsNull {
                        expr: Box::new(left),
                        negated,
                    }
                }
                Op::Binary(op, tokens) => {
                    for _ in 0..tokens {
                        self.advance();
                    }
                    let right = self.binary(prec + 1)?;
                    ExprKind::Binary(op, Box::new(left), Box::new(right))
                }
            };
            left = Expr::new(kind, self.since(start));
        }
        Ok(left)
    }

    /// Unary `-`/`+`, binding tighter than `^`. `-9223372036854775808` folds into the one
    /// literal that only fits negated.
    fn unary(&mut self) -> PResult<Expr> {
        let start = self.start();
        let op = match self.tok() {
            Tok::Minus => UnaryOp::Negate,
            Tok::Plus => UnaryOp::Plus,
            _ => return self.postfix_expr(),
        };
        if op == UnaryOp::Negate
            && self.nth(1) == &Tok::Integer(1 << 63)
            && !matches!(
                self.nth(2),
                Tok::Dot | Tok::LBracket | Tok::Colon | Tok::LBrace
            )
        {
            self.advance();
            self.advance();
            let literal = ExprKind::Literal(Literal::Integer(i64::MIN));
            return Ok(Expr::new(literal, self.since(start)));
        }
        self.advance();
        self.enter()?;
        let operand = self.unary()?;
        self.leave();
        Ok(Expr::new(
            ExprKind::Unary(op, Box::new(operand)),
            self.since(start),
        ))
    }

    /// An atom followed by property lookups, indexes, slices, label tests and map projections.
    pub(super) fn postfix_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut expr = self.atom()?;
        loop {
            let kind = match self.tok() {
                Tok::Dot => {
                    self.advance();
                    let key = self.name("a property key name")?;
                    ExprKind::Property(Box::new(expr), key)
                }
                Tok::LBracket => self.index_or_slice(expr)?,
                Tok::Colon if self.is_ident_at(1) => {
                    ExprKind::HasLabels(Box::new(expr), self.labels()?)
                }
                Tok::LBrace if matches!(expr.kind, ExprKind::Variable(_)) => {
                    let items = self.map_projection_items()?;
                    ExprKind::MapProjection {
                        base: Box::new(expr),
                        items,
                    }
                }
                _ => return Ok(expr),
            };
            expr = Expr::new(kind, self.since(start));
        }
    }

    fn index_or_slice(&mut self, base: Expr) -> PResult<ExprKind> {
        self.advance();
        let from = if self.at(&Tok::DotDot) {
            None
        } else {
            Some(Box::new(self.expr()?))
        };
        if self.eat(&Tok::DotDot) {
            let to = if self.at(&Tok::RBracket) {
                None
            } else {
                Some(Box::new(self.expr()?))
            };
            self.expect(&Tok::RBracket, "]")?;
            return Ok(ExprKind::Slice(Box::new(base), from, to));
        }
        if !self.eat(&Tok::RBracket) {
            return Err(self.unexpected(&["..", "]"]));
        }
        match from {
            Some(index) => Ok(ExprKind::Index(Box::new(base), index)),
            None => Err(self.unexpected(&["an expression"])),
        }
    }

    fn map_projection_items(&mut self) -> PResult<Vec<MapProjectionItem>> {
        self.advance();
        let mut items = Vec::new();
        if self.eat(&Tok::RBrace) {
            return Ok(items);
        }
        loop {
            let item = if self.eat(&Tok::Dot) {
                if self.eat(&Tok::Star) {
                    MapProjectionItem::AllProperties
                } else {
                    MapProjectionItem::Property(self.name("a property key name")?)
                }
            } else if self.is_ident_at(0) && self.nth(1) == &Tok::Colon {
                let key = self.name("a property key name")?;
                self.advance();
                MapProjectionItem::Literal(key, self.expr()?)
            } else {
                MapProjectionItem::Variable(self.variable()?)
            };
            items.push(item);
            if self.eat(&Tok::RBrace) {
                return Ok(items);
            }
            if !self.eat(&Tok::Comma) {
                return Err(self.unexpected(&[",", "}"]));
            }
        }
    }

    fn atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        let kind = match self.tok() {
            Tok::Integer(v) => {
                let Ok(v) = i64::try_from(*v) else {
                    let text = self.token_text(self.span());
                    let message = format!("integer, {text}, is too large");
                    return Err(self.error_at(start, message, "IntegerOverflow"));
                };
                self.advance();
                ExprKind::Literal(Literal::Integer(v))
            }
            Tok::Float(v) => {
                let v = *v;
                self.advance();
                ExprKind::Literal(Literal::Float(v))
            }
            Tok::Str(s) => {
                let s = s.clone();
                self.advance();
                ExprKind::Literal(Literal::String(s))
            }
            Tok::Param(p) => {
                let p = p.clone();
                self.advance();
                ExprKind::Parameter(p)
            }
            Tok::Invalid {
                detail, message, ..
            } => {
                return Err(self.error_at(start, message.clone(), detail));
            }
            Tok::LBracket => return self.list_like(),
            Tok::LBrace => return self.map_literal(),
            Tok::LParen => return self.paren_or_pattern(),
            Tok::Ident { quoted: true, .. } => return self.name_atom(),
            Tok::Ident {
                name,
                quoted: false,
            } => {
                let word = name.to_ascii_uppercase();
                match word.as_str() {
                    "TRUE" | "FALSE" | "NULL" => {
                        self.advance();
                        ExprKind::Literal(match word.as_str() {
                            "TRUE" => Literal::Boolean(true),
                            "FALSE" => Literal::Boolean(false),
                            _ => Literal::Null,
                        })
                    }
                    "CASE" => self.case_expr()?,
                    "COUNT"
                        if self.nth(1) == &Tok::LParen
                            && self.nth(2) == &Tok::Star
                            && self.nth(3) == &Tok::RParen =>
                    {
                        for _ in 0..4 {
                            self.advance();
                        }
                        ExprKind::CountStar
                    }
                    "EXISTS" | "COUNT" | "COLLECT" if self.nth(1) == &Tok::LBrace => {
                        let body = Box::new(self.subquery_body()?);
                        match word.as_str() {
                            "EXISTS" => ExprKind::Exists(body),
                            "COUNT" => ExprKind::CountSubquery(body),
                            _ => ExprKind::CollectSubquery(body),
                        }
                    }
                    "ALL" | "ANY" | "NONE" | "SINGLE"
                        if self.nth(1) == &Tok::LParen
                            && self.is_ident_at(2)
                            && self.kw_at(3, "IN") =>
                    {
                        let kind = match word.as_str() {
                            "ALL" => Quantifier::All,
                            "ANY" => Quantifier::Any,
                            "NONE" => Quantifier::None,
                            _ => Quantifier::Single,
                        };
                        self.quantifier(kind)?
                    }
                    "REDUCE"
                        if self.nth(1) == &Tok::LParen
                            && self.is_ident_at(2)
                            && self.nth(3) == &Tok::Eq =>
                    {
                        self.reduce()?
                    }
                    "SHORTESTPATH" | "ALLSHORTESTPATHS" if self.nth(1) == &Tok::LParen => {
                        self.path_function()?
                    }
                    _ => return self.name_atom(),
                }
            }
            _ => return Err(self.unexpected(&["an expression"])),
        };
        Ok(Expr::new(kind, self.since(start)))
    }

    /// A function call (`name(...)`, `ns.name(...)`) or a variable.
    fn name_atom(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut i = 0;
        while self.nth(i + 1) == &Tok::Dot && self.is_ident_at(i + 2) {
            i += 2;
        }
        if self.nth(i + 1) == &Tok::LParen {
            return self.function_call();
        }
        if let Tok::Ident {
            name,
            quoted: false,
        } = self.tok()
            && is_reserved(name)
        {
            return Err(self.unexpected(&["an expression"]));
        }
        let name = self.variable()?;
        Ok(Expr::new(ExprKind::Variable(name), self.since(start)))
    }

    fn function_call(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut name = vec![self.name("a function name")?];
        while self.eat(&Tok::Dot) {
            name.push(self.name("a function name")?);
        }
        self.expect(&Tok::LParen, "(")?;
        let distinct = self.eat_kw("DISTINCT");
        let mut args = Vec::new();
        if !self.eat(&Tok::RParen) {
            loop {
                args.push(self.expr()?);
                if self.eat(&Tok::RParen) {
                    break;
                }
                if !self.eat(&Tok::Comma) {
                    return Err(self.unexpected(&[",", ")"]));
                }
            }
        }
        Ok(Expr::new(
            ExprKind::FunctionCall {
                name,
                distinct,
                args,
            },
            self.since(start),
        ))
    }

    /// `shortestPath(pattern)` in an expression: a call whose one argument is the pattern.
    fn path_function(&mut self) -> PResult<ExprKind> {
        let name = self.name("a function name")?;
        self.advance();
        let start = self.start();
        let element = self.pattern_element()?;
        let pattern = Expr::new(
            ExprKind::PatternPredicate(Box::new(element)),
            self.since(start),
        );
        self.expect(&Tok::RParen, ")")?;
        Ok(ExprKind::FunctionCall {
            name: vec![name],
            distinct: false,
            args: vec![pattern],
        })
    }

    /// `[`: a list comprehension, a pattern comprehension or a list literal.
    fn list_like(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.is_ident_at(1) && self.kw_at(2, "IN") {
            return self.list_comprehension(start);
        }
        let named_path = self.is_ident_at(1)
            && self.nth(2) == &Tok::Eq
            && self.nth(3) == &Tok::LParen
            && self.looks_like_pattern(3);
        if named_path || (self.nth(1) == &Tok::LParen && self.looks_like_pattern(1)) {
            return self.pattern_comprehension(start);
        }
        self.advance();
        let mut items = Vec::new();
        if !self.eat(&Tok::RBracket) {
            loop {
                items.push(self.expr()?);
                if self.eat(&Tok::RBracket) {
                    break;
                }
                if !self.eat(&Tok::Comma) {
                    return Err(self.unexpected(&[",", "]"]));
                }
            }
        }
        Ok(Expr::new(ExprKind::List(items), self.since(start)))
    }

    fn list_comprehension(&mut self, start: usize) -> PResult<Expr> {
        self.advance();
        let variable = self.variable()?;
        self.expect_kw("IN")?;
        let list = Box::new(self.expr()?);
        let predicate = if self.eat_kw("WHERE") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        let projection = if self.eat(&Tok::Pipe) {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        if !self.eat(&Tok::RBracket) {
            return Err(self.unexpected(&["WHERE", "|", "]"]));
        }
        let kind = ExprKind::ListComprehension {
            variable,
            list,
            predicate,
            projection,
        };
        Ok(Expr::new(kind, self.since(start)))
    }

    fn pattern_comprehension(&mut self, start: usize) -> PResult<Expr> {
        self.advance();
        let variable = if self.is_ident_at(0) && self.nth(1) == &Tok::Eq {
            let v = self.variable()?;
            self.advance();
            Some(v)
        } else {
            None
        };
        let pattern = Box::new(self.pattern_element()?);
        let predicate = if self.eat_kw("WHERE") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        if !self.eat(&Tok::Pipe) {
            return Err(self.unexpected(&["WHERE", "|"]));
        }
        let projection = Box::new(self.expr()?);
        self.expect(&Tok::RBracket, "]")?;
        let kind = ExprKind::PatternComprehension {
            variable,
            pattern,
            predicate,
            projection,
        };
        Ok(Expr::new(kind, self.since(start)))
    }

    /// Whether the `(` at offset `n` opens a node pattern followed by a relationship
    /// (`)--`, `)-[`, `)<--`, `)<-[`), which makes it a pattern rather than an expression.
    fn looks_like_pattern(&self, n: usize) -> bool {
        let mut depth = 0usize;
        let mut i = n;
        loop {
            match self.nth(i) {
                Tok::LParen => depth += 1,
                Tok::RParen => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                Tok::Eof => return false,
                _ => {}
            }
            i += 1;
        }
        match (self.nth(i + 1), self.nth(i + 2)) {
            (Tok::Minus, Tok::Minus | Tok::LBracket) => true,
            (Tok::Lt, Tok::Minus) => matches!(self.nth(i + 3), Tok::Minus | Tok::LBracket),
            _ => false,
        }
    }

    /// `(`: a pattern predicate or a parenthesised expression (whose span includes the
    /// parentheses, so projection text keeps them).
    fn paren_or_pattern(&mut self) -> PResult<Expr> {
        let start = self.start();
        if self.looks_like_pattern(0) {
            let element = self.pattern_element()?;
            return Ok(Expr::new(
                ExprKind::PatternPredicate(Box::new(element)),
                self.since(start),
            ));
        }
        self.advance();
        let inner = self.expr()?;
        self.expect(&Tok::RParen, ")")?;
        Ok(Expr::new(inner.kind, self.since(start)))
    }

    /// `{key: value, ...}`.
    pub(super) fn map_literal(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.advance();
        let mut entries = Vec::new();
        if !self.eat(&Tok::RBrace) {
            loop {
                let key = self.name("a property key name")?;
                self.expect(&Tok::Colon, ":")?;
                entries.push((key, self.expr()?));
                if self.eat(&Tok::RBrace) {
                    break;
                }
                if !self.eat(&Tok::Comma) {
                    return Err(self.unexpected(&[",", "}"]));
                }
            }
        }
        Ok(Expr::new(ExprKind::Map(entries), self.since(start)))
    }

    fn case_expr(&mut self) -> PResult<ExprKind> {
        self.advance();
        let operand = if self.is_kw("WHEN") {
            None
        } else {
            Some(Box::new(self.expr()?))
        };
        let mut whens = Vec::new();
        while self.eat_kw("WHEN") {
            let condition = self.expr()?;
            self.expect_kw("THEN")?;
            whens.push((condition, self.expr()?));
        }
        if whens.is_empty() {
            return Err(self.unexpected(&["WHEN"]));
        }
        let else_ = if self.eat_kw("ELSE") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        if !self.eat_kw("END") {
            return Err(self.unexpected(&["WHEN", "ELSE", "END"]));
        }
        Ok(ExprKind::Case {
            operand,
            whens,
            else_,
        })
    }

    /// `all(x IN list WHERE predicate)` and friends; the cursor is on the function name.
    fn quantifier(&mut self, kind: Quantifier) -> PResult<ExprKind> {
        self.advance();
        self.advance();
        let variable = self.variable()?;
        self.expect_kw("IN")?;
        let list = Box::new(self.expr()?);
        let predicate = if self.eat_kw("WHERE") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        if !self.eat(&Tok::RParen) {
            return Err(self.unexpected(&["WHERE", ")"]));
        }
        Ok(ExprKind::Quantifier {
            kind,
            variable,
            list,
            predicate,
        })
    }

    /// `reduce(acc = init, x IN list | expr)`; the cursor is on `reduce`.
    fn reduce(&mut self) -> PResult<ExprKind> {
        self.advance();
        self.advance();
        let accumulator = self.variable()?;
        self.expect(&Tok::Eq, "=")?;
        let init = Box::new(self.expr()?);
        self.expect(&Tok::Comma, ",")?;
        let variable = self.variable()?;
        self.expect_kw("IN")?;
        let list = Box::new(self.expr()?);
        self.expect(&Tok::Pipe, "|")?;
        let expr = Box::new(self.expr()?);
        self.expect(&Tok::RParen, ")")?;
        Ok(ExprKind::Reduce {
            accumulator,
            init,
            variable,
            list,
            expr,
        })
    }

    /// The `{ ... }` of `EXISTS`, `COUNT` and `COLLECT`: a full query when it starts with a
    /// clause keyword, else a pattern with an optional `WHERE`.
    fn subquery_body(&mut self) -> PResult<SubqueryExpr> {
        self.advance();
        self.advance();
        self.enter()?;
        let starts_clause = CLAUSE_START.iter().any(|kw| self.is_kw(kw));
        let body = if starts_clause {
            SubqueryExpr::Query(self.query()?)
        } else {
            let pattern = self.pattern()?;
            let where_ = if self.eat_kw("WHERE") {
                Some(self.expr()?)
            } else {
                None
            };
            SubqueryExpr::Pattern { pattern, where_ }
        };
        self.leave();
        if !self.eat(&Tok::RBrace) {
            return Err(self.unexpected(&["}"]));
        }
        Ok(body)
    }
}

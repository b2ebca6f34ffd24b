//! Recursive-descent parser from tokens to [`ast::Statement`].
//!
//! This file holds the token cursor, error reporting and the clause grammar; expressions,
//! patterns, schema commands and the few grammar-level checks Neo4j applies after parsing
//! live in the submodules.

mod check;
mod expr;
mod pattern;
mod schema;

use crate::ast::*;
use crate::error::CypherError;
use crate::lexer::{Tok, Token, tokenize};

pub(crate) type PResult<T> = Result<T, CypherError>;

/// How deeply expressions, subqueries and patterns may nest: far deeper than any real query.
const MAX_DEPTH: usize = 500;

/// How much stack the parser's recursion may use. Unoptimised builds use several KiB per
/// nesting level, so besides counting levels the parser measures its stack use and stops
/// well before a 2 MiB thread stack (Rust's default for spawned threads) could overflow.
const STACK_BUDGET: usize = 1 << 20;

/// The words that can begin a clause, for error messages.
const CLAUSE_START: &[&str] = &[
    "CALL", "CREATE", "DELETE", "DETACH", "FOREACH", "MATCH", "MERGE", "OPTIONAL", "REMOVE",
    "RETURN", "SET", "UNWIND", "WITH",
];

static EOF_TOK: Tok = Tok::Eof;

/// Parses one Cypher statement (a query or a schema command), with an optional trailing `;`.
pub fn parse(source: &str) -> Result<crate::ast::Statement, CypherError> {
    let stack_base = stack_address();
    let mut parser = Parser {
        src: source,
        toks: tokenize(source),
        pos: 0,
        depth: 0,
        stack_base,
    };
    parser.statement()
}

pub(crate) struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    /// The stack address where parsing started, to measure recursion by its stack use.
    stack_base: usize,
}

/// The address of a local of the calling frame: how deep the stack currently is.
#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

impl Parser<'_> {
    // ----- cursor -----

    fn tok(&self) -> &Tok {
        self.nth(0)
    }

    fn nth(&self, n: usize) -> &Tok {
        self.toks.get(self.pos + n).map_or(&EOF_TOK, |t| &t.tok)
    }

    fn span(&self) -> Span {
        self.toks
            .get(self.pos)
            .map_or(Span::new(self.src.len(), self.src.len()), |t| t.span)
    }

    fn start(&self) -> usize {
        self.span().start
    }

    /// The end of the last consumed token.
    fn prev_end(&self) -> usize {
        match self.pos.checked_sub(1).and_then(|i| self.toks.get(i)) {
            Some(t) => t.span.end,
            None => self.start(),
        }
    }

    fn since(&self, start: usize) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    fn advance(&mut self) {
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
    }

    fn at(&self, t: &Tok) -> bool {
        self.tok() == t
    }

    fn eat(&mut self, t: &Tok) -> bool {
        let hit = self.at(t);
        if hit {
            self.advance();
        }
        hit
    }

    fn expect(&mut self, t: &Tok, what: &str) -> PResult<()> {
        if self.eat(t) {
            Ok(())
        } else {
            Err(self.unexpected(&[what]))
        }
    }

    fn kw_at(&self, n: usize, kw: &str) -> bool {
        matches!(self.nth(n), Tok::Ident { name, quoted: false } if name.eq_ignore_ascii_case(kw))
    }

    fn is_kw(&self, kw: &str) -> bool {
        self.kw_at(0, kw)
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.is_kw(kw);
        if hit {
            self.advance();
        }
        hit
    }

    fn expect_kw(&mut self, kw: &str) -> PResult<()> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.unexpected(&[kw]))
        }
    }

    fn is_ident_at(&self, n: usize) -> bool {
        matches!(self.nth(n), Tok::Ident { .. })
    }

    /// Consumes any name (keywords included, as for labels, keys and types).
    fn name(&mut self, what: &str) -> PResult<String> {
        match self.tok() {
            Tok::Ident { name, .. } => {
                let name = name.clone();
                self.advance();
                Ok(name)
            }
            _ => Err(self.unexpected(&[what])),
        }
    }

    /// Consumes a variable name: any name except a reserved word (unless backtick-quoted).
    fn variable(&mut self) -> PResult<String> {
        match self.tok() {
            Tok::Ident { name, quoted } if *quoted || !expr::is_reserved(name) => {
                let name = name.clone();
                self.advance();
                Ok(name)
            }
            _ => Err(self.unexpected(&["a variable name"])),
        }
    }

    /// Counts one level of nesting and fails once the limit is passed.
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH || stack_address().abs_diff(self.stack_base) > STACK_BUDGET {
            let message = format!(
                "Query is nested too deeply (stopped at nesting level {})",
                self.depth
            );
            return Err(CypherError::syntax(message).at(self.src, self.start()));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ----- errors -----

    fn error_at(&self, offset: usize, message: String, detail: &'static str) -> CypherError {
        CypherError::syntax(message)
            .with_detail(detail)
            .at(self.src, offset)
    }

    /// `Invalid input 'X': expected ...` at the current token. Names are quoted unless they
    /// are descriptions ("an expression").
    fn unexpected(&self, expected: &[&str]) -> CypherError {
        self.unexpected_with(expected, "UnexpectedSyntax")
    }

    fn unexpected_with(&self, expected: &[&str], detail: &'static str) -> CypherError {
        let span = self.span();
        if let Tok::Invalid {
            detail,
            message,
            number: false,
        } = self.tok()
        {
            return self.error_at(span.start, message.clone(), detail);
        }
        let list = expected_list(expected);
        let message = match self.tok() {
            Tok::Eof => format!("Unexpected end of input: expected {list}"),
            _ => format!("Invalid input '{}': expected {list}", self.token_text(span)),
        };
        self.error_at(span.start, message, detail)
    }

    fn token_text(&self, span: Span) -> String {
        let text = self.src.get(span.start..span.end).unwrap_or("");
        let mut short: String = text.chars().take(40).collect();
        if short.len() < text.len() {
            short.push_str("...");
        }
        short
    }

    // ----- statements -----

    fn statement(&mut self) -> PResult<Statement> {
        if self.at(&Tok::Eof) {
            let mut expected = CLAUSE_START.to_vec();
            expected.extend(["DROP", "SHOW"]);
            return Err(self.unexpected(&expected));
        }
        let statement = if let Some(s) = self.schema_command()? {
            s
        } else {
            Statement::Query(self.query()?)
        };
        self.eat(&Tok::Semicolon);
        if !self.at(&Tok::Eof) {
            let mut expected = CLAUSE_START.to_vec();
            expected.extend(["UNION", ";", "end of input"]);
            return Err(self.unexpected(&expected));
        }
        Ok(statement)
    }

    fn query(&mut self) -> PResult<Query> {
        self.enter()?;
        let start = self.start();
        let first = self.single_query()?;
        let mut unions = Vec::new();
        while self.eat_kw("UNION") {
            let all = self.eat_kw("ALL");
            unions.push((all, self.single_query()?));
        }
        self.leave();
        Ok(Query {
            first,
            unions,
            span: self.since(start),
        })
    }

    fn single_query(&mut self) -> PResult<SingleQuery> {
        let start = self.start();
        let mut clauses = Vec::new();
        while let Some(clause) = self.clause()? {
            clauses.push(clause);
        }
        if clauses.is_empty() {
            return Err(self.unexpected(CLAUSE_START));
        }
        check::yield_star_standalone(self, &clauses)?;
        Ok(SingleQuery {
            clauses,
            span: self.since(start),
        })
    }

    /// Parses the next clause, or returns `None` when the current token starts none.
    fn clause(&mut self) -> PResult<Option<Clause>> {
        let start = self.start();
        let Tok::Ident {
            name,
            quoted: false,
        } = self.tok()
        else {
            return Ok(None);
        };
        let word = name.to_ascii_uppercase();
        let clause = match word.as_str() {
            "MATCH" => Clause::Match(self.match_clause(start, false)?),
            "OPTIONAL" => {
                self.advance();
                if !self.is_kw("MATCH") {
                    return Err(self.unexpected(&["MATCH"]));
                }
                Clause::Match(self.match_clause(start, true)?)
            }
            "UNWIND" => Clause::Unwind(self.unwind(start)?),
            "WITH" => Clause::With(self.with(start)?),
            "RETURN" => {
                self.advance();
                Clause::Return(self.projection(start)?)
            }
            "CREATE" => {
                self.advance();
                let pattern = self.pattern()?;
                Clause::Create(Create {
                    pattern,
                    span: self.since(start),
                })
            }
            "MERGE" => Clause::Merge(self.merge(start)?),
            "SET" => {
                self.advance();
                let items = self.set_items()?;
                Clause::Set(SetClause {
                    items,
                    span: self.since(start),
                })
            }
            "REMOVE" => Clause::Remove(self.remove(start)?),
            "DELETE" | "DETACH" => Clause::Delete(self.delete(start)?),
            "FOREACH" => Clause::Foreach(self.foreach(start)?),
            "CALL" => self.call(start)?,
            _ => return Ok(None),
        };
        Ok(Some(clause))
    }

    fn match_clause(&mut self, start: usize, optional: bool) -> PResult<Match> {
        self.advance();
        let pattern = self.pattern()?;
        let where_ = self.where_opt()?;
        Ok(Match {
            optional,
            pattern,
            where_,
            span: self.since(start),
        })
    }

    fn where_opt(&mut self) -> PResult<Option<Expr>> {
        if self.eat_kw("WHERE") {
            Ok(Some(self.predicate()?))
        } else {
            Ok(None)
        }
    }

    fn unwind(&mut self, start: usize) -> PResult<Unwind> {
        self.advance();
        let expr = self.value()?;
        self.expect_kw("AS")?;
        let variable = self.variable()?;
        Ok(Unwind {
            expr,
            variable,
            span: self.since(start),
        })
    }

    fn with(&mut self, start: usize) -> PResult<With> {
        self.advance();
        let mut projection = self.projection(start)?;
        let where_ = self.where_opt()?;
        projection.span = self.since(start);
        Ok(With { projection, where_ })
    }

    /// The body of `RETURN`/`WITH` after the keyword.
    fn projection(&mut self, start: usize) -> PResult<Projection> {
        let distinct = self.eat_kw("DISTINCT");
        let mut star = false;
        let mut items = Vec::new();
        if self.eat(&Tok::Star) {
            star = true;
            if self.eat(&Tok::Comma) {
                items = self.projection_items()?;
            }
        } else {
            items = self.projection_items()?;
        }
        let mut order_by = Vec::new();
        if self.eat_kw("ORDER") {
            self.expect_kw("BY")?;
            loop {
                let expr = self.value()?;
                let descending = if self.eat_kw("DESC") || self.eat_kw("DESCENDING") {
                    true
                } else {
                    let _ = self.eat_kw("ASC") || self.eat_kw("ASCENDING");
                    false
                };
                order_by.push(SortItem { expr, descending });
                if !self.eat(&Tok::Comma) {
                    break;
                }
            }
        }
        let skip = if self.eat_kw("SKIP") || self.eat_kw("OFFSET") {
            Some(self.value()?)
        } else {
            None
        };
        let limit = if self.eat_kw("LIMIT") {
            Some(self.value()?)
        } else {
            None
        };
        Ok(Projection {
            distinct,
            star,
            items,
            order_by,
            skip,
            limit,
            span: self.since(start),
        })
    }

    fn projection_items(&mut self) -> PResult<Vec<ProjectionItem>> {
        let mut items = Vec::new();
        loop {
            let expr = self.value()?;
            let text = self
                .src
                .get(expr.span.start..expr.span.end)
                .unwrap_or("")
                .trim()
                .to_string();
            let alias = if self.eat_kw("AS") {
                Some(self.variable()?)
            } else {
                None
            };
            items.push(ProjectionItem { expr, alias, text });
            if !self.eat(&Tok::Comma) {
                return Ok(items);
            }
        }
    }

    fn merge(&mut self, start: usize) -> PResult<Merge> {
        self.advance();
        let part = self.pattern_part()?;
        let mut on_create = Vec::new();
        let mut on_match = Vec::new();
        while self.eat_kw("ON") {
            let target = if self.eat_kw("CREATE") {
                &mut on_create
            } else if self.eat_kw("MATCH") {
                &mut on_match
            } else {
                return Err(self.unexpected(&["CREATE", "MATCH"]));
            };
            self.expect_kw("SET")?;
            let items = self.set_items()?;
            target.extend(items);
        }
        Ok(Merge {
            part,
            on_create,
            on_match,
            span: self.since(start),
        })
    }

    fn set_items(&mut self) -> PResult<Vec<SetItem>> {
        let mut items = Vec::new();
        loop {
            items.push(self.set_item()?);
            if !self.eat(&Tok::Comma) {
                return Ok(items);
            }
        }
    }

    fn set_item(&mut self) -> PResult<SetItem> {
        if self.is_ident_at(0) {
            match self.nth(1) {
                Tok::Eq => {
                    let variable = self.variable()?;
                    self.advance();
                    return Ok(SetItem::Replace {
                        variable,
                        value: self.value()?,
                    });
                }
                Tok::PlusEq => {
                    let variable = self.variable()?;
                    self.advance();
                    return Ok(SetItem::Merge {
                        variable,
                        value: self.value()?,
                    });
                }
                Tok::Colon => {
                    let variable = self.variable()?;
                    return Ok(SetItem::Labels {
                        variable,
                        labels: self.labels()?,
                    });
                }
                _ => {}
            }
        }
        let (target, key) = self.property_target()?;
        self.expect(&Tok::Eq, "=")?;
        Ok(SetItem::Property {
            target,
            key,
            value: self.value()?,
        })
    }

    /// `expr.key` as the target of SET or REMOVE: returns the owner expression and the key.
    fn property_target(&mut self) -> PResult<(Expr, String)> {
        let start = self.start();
        let expr = self.postfix_expr()?;
        check::value_context(self, &expr)?;
        match expr.kind {
            ExprKind::Property(target, key) => Ok((*target, key)),
            _ => Err(self.error_at(
                start,
                "Invalid input: expected a property (n.key), '=', '+=' or a label".to_string(),
                "UnexpectedSyntax",
            )),
        }
    }

    /// One or more `:Label` (for SET/REMOVE and patterns).
    fn labels(&mut self) -> PResult<Vec<String>> {
        let mut labels = Vec::new();
        while self.eat(&Tok::Colon) {
            labels.push(self.name("a label name")?);
        }
        Ok(labels)
    }

    fn remove(&mut self, start: usize) -> PResult<Remove> {
        self.advance();
        let mut items = Vec::new();
        loop {
            if self.is_ident_at(0) && self.nth(1) == &Tok::Colon {
                let variable = self.variable()?;
                items.push(RemoveItem::Labels {
                    variable,
                    labels: self.labels()?,
                });
            } else {
                let (target, key) = self.property_target()?;
                items.push(RemoveItem::Property { target, key });
            }
            if !self.eat(&Tok::Comma) {
                break;
            }
        }
        Ok(Remove {
            items,
            span: self.since(start),
        })
    }

    fn delete(&mut self, start: usize) -> PResult<Delete> {
        let detach = self.eat_kw("DETACH");
        self.expect_kw("DELETE")?;
        let mut exprs = vec![self.value()?];
        while self.eat(&Tok::Comma) {
            exprs.push(self.value()?);
        }
        Ok(Delete {
            detach,
            exprs,
            span: self.since(start),
        })
    }

    fn foreach(&mut self, start: usize) -> PResult<Foreach> {
        self.enter()?;
        self.advance();
        self.expect(&Tok::LParen, "(")?;
        let variable = self.variable()?;
        self.expect_kw("IN")?;
        let list = self.value()?;
        self.expect(&Tok::Pipe, "|")?;
        let mut clauses = Vec::new();
        while let Some(clause) = self.clause()? {
            clauses.push(clause);
        }
        if clauses.is_empty() {
            return Err(self.unexpected(&["CREATE", "MERGE", "SET", "REMOVE", "DELETE", "FOREACH"]));
        }
        self.expect(&Tok::RParen, ")")?;
        self.leave();
        Ok(Foreach {
            variable,
            list,
            clauses,
            span: self.since(start),
        })
    }

    fn call(&mut self, start: usize) -> PResult<Clause> {
        self.advance();
        if self.at(&Tok::LBrace) || self.at(&Tok::LParen) {
            return Ok(Clause::CallSubquery(self.call_subquery(start)?));
        }
        let mut name = vec![self.name("a procedure name")?];
        while self.eat(&Tok::Dot) {
            name.push(self.name("a procedure name")?);
        }
        let args = if self.eat(&Tok::LParen) {
            let mut args = Vec::new();
            if !self.eat(&Tok::RParen) {
                loop {
                    args.push(self.value()?);
                    if self.eat(&Tok::RParen) {
                        break;
                    }
                    if !self.eat(&Tok::Comma) {
                        return Err(self.unexpected(&[",", ")"]));
                    }
                }
            }
            Some(args)
        } else {
            None
        };
        let mut yield_items = None;
        let mut yield_star = false;
        let mut where_ = None;
        if self.eat_kw("YIELD") {
            if self.eat(&Tok::Star) {
                yield_star = true;
            } else {
                yield_items = Some(self.yield_items()?);
                where_ = self.where_opt()?;
            }
        }
        let span = self.since(start);
        Ok(Clause::CallProcedure(CallProcedure {
            name,
            args,
            yield_items,
            yield_star,
            where_,
            span,
        }))
    }

    fn yield_items(&mut self) -> PResult<Vec<YieldItem>> {
        let mut items = Vec::new();
        loop {
            let field = self.name("a procedure output name")?;
            let alias = if self.eat_kw("AS") {
                Some(self.variable()?)
            } else {
                None
            };
            items.push(YieldItem { field, alias });
            if !self.eat(&Tok::Comma) {
                return Ok(items);
            }
        }
    }

    fn call_subquery(&mut self, start: usize) -> PResult<CallSubquery> {
        let scope = if self.eat(&Tok::LParen) {
            if self.eat(&Tok::Star) {
                self.expect(&Tok::RParen, ")")?;
                Some(SubqueryScope::All)
            } else {
                let mut vars = Vec::new();
                if !self.eat(&Tok::RParen) {
                    loop {
                        vars.push(self.variable()?);
                        if self.eat(&Tok::RParen) {
                            break;
                        }
                        if !self.eat(&Tok::Comma) {
                            return Err(self.unexpected(&[",", ")"]));
                        }
                    }
                }
                Some(SubqueryScope::Vars(vars))
            }
        } else {
            None
        };
        self.expect(&Tok::LBrace, "{")?;
        let query = self.query()?;
        self.expect(&Tok::RBrace, "}")?;
        let in_transactions = if self.is_kw("IN") && self.kw_at(1, "TRANSACTIONS") {
            self.advance();
            self.advance();
            if self.eat_kw("OF") {
                let rows = self.value()?;
                if !(self.eat_kw("ROWS") || self.eat_kw("ROW")) {
                    return Err(self.unexpected(&["ROWS"]));
                }
                Some(Some(rows))
            } else {
                Some(None)
            }
        } else {
            None
        };
        Ok(CallSubquery {
            scope,
            query,
            in_transactions,
            span: self.since(start),
        })
    }

    /// An expression whose value is used as data: pattern predicates are not allowed.
    fn value(&mut self) -> PResult<Expr> {
        let expr = self.expr()?;
        check::value_context(self, &expr)?;
        Ok(expr)
    }

    /// An expression used as a condition (`WHERE`): pattern predicates are allowed.
    fn predicate(&mut self) -> PResult<Expr> {
        let expr = self.expr()?;
        check::predicate_context(self, &expr)?;
        Ok(expr)
    }
}

/// `'A', 'B' or 'C'`; descriptions ("an expression", "end of input") stay unquoted.
fn expected_list(expected: &[&str]) -> String {
    let quoted: Vec<String> = expected
        .iter()
        .map(|e| {
            if e.starts_with("a ") || e.starts_with("an ") || *e == "end of input" {
                (*e).to_string()
            } else {
                format!("'{e}'")
            }
        })
        .collect();
    match quoted.split_last() {
        None => "something else".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

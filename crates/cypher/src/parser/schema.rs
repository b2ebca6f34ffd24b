//! Schema commands: index and constraint DDL and the `SHOW` listings.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

/// Index kinds that may prefix `INDEX`; all are treated alike.
const INDEX_KINDS: &[&str] = &["RANGE", "TEXT", "POINT", "BTREE", "VECTOR"];

/// Words allowed between `SHOW` and `INDEXES`/`CONSTRAINTS` to filter the listing.
const SHOW_FILTERS: &[&str] = &[
    "ALL",
    "RANGE",
    "TEXT",
    "POINT",
    "BTREE",
    "VECTOR",
    "LOOKUP",
    "FULLTEXT",
    "UNIQUE",
    "UNIQUENESS",
    "NODE",
    "RELATIONSHIP",
    "REL",
    "KEY",
    "EXIST",
    "EXISTENCE",
    "PROPERTY",
];

impl Parser<'_> {
    /// A schema command, or `None` with the cursor untouched when the statement is a query.
    pub(super) fn schema_command(&mut self) -> PResult<Option<Statement>> {
        let start = self.start();
        if self.is_kw("CREATE") {
            let kind = INDEX_KINDS.iter().any(|k| self.kw_at(1, k));
            if self.kw_at(1, "INDEX") || (kind && self.kw_at(2, "INDEX")) {
                self.advance();
                if kind {
                    self.advance();
                }
                self.advance();
                return Ok(Some(Statement::CreateIndex(self.create_index(start)?)));
            }
            if self.kw_at(1, "CONSTRAINT") {
                self.advance();
                self.advance();
                return Ok(Some(Statement::CreateConstraint(
                    self.create_constraint(start)?,
                )));
            }
        } else if self.is_kw("DROP") {
            self.advance();
            if self.eat_kw("INDEX") {
                return Ok(Some(Statement::DropIndex(self.drop_index(start)?)));
            }
            if self.eat_kw("CONSTRAINT") {
                return Ok(Some(Statement::DropConstraint(
                    self.drop_constraint(start)?,
                )));
            }
            return Err(self.unexpected(&["INDEX", "CONSTRAINT"]));
        } else if self.is_kw("SHOW") {
            return self.show().map(Some);
        }
        Ok(None)
    }

    /// An optional schema object name, before `IF NOT EXISTS` / `FOR` / `ON`.
    fn schema_name(&mut self) -> PResult<Option<String>> {
        let keyword =
            self.is_kw("FOR") || self.is_kw("ON") || (self.is_kw("IF") && self.kw_at(1, "NOT"));
        if self.is_ident_at(0) && !keyword {
            Ok(Some(self.name("a name")?))
        } else {
            Ok(None)
        }
    }

    fn if_not_exists(&mut self) -> PResult<bool> {
        if !self.eat_kw("IF") {
            return Ok(false);
        }
        self.expect_kw("NOT")?;
        self.expect_kw("EXISTS")?;
        Ok(true)
    }

    fn if_exists(&mut self) -> PResult<bool> {
        if !self.eat_kw("IF") {
            return Ok(false);
        }
        self.expect_kw("EXISTS")?;
        Ok(true)
    }

    fn create_index(&mut self, start: usize) -> PResult<IndexDefinition> {
        let name = self.schema_name()?;
        let if_not_exists = self.if_not_exists()?;
        let (target, properties) = if self.eat_kw("ON") {
            self.legacy_label_properties()?
        } else {
            if !self.eat_kw("FOR") {
                return Err(self.unexpected(&["FOR", "ON", "IF NOT EXISTS"]));
            }
            let (variable, target) = self.schema_target()?;
            self.expect_kw("ON")?;
            self.expect(&Tok::LParen, "(")?;
            let properties = self.property_refs(&variable)?;
            self.expect(&Tok::RParen, ")")?;
            (target, properties)
        };
        self.options()?;
        Ok(IndexDefinition {
            name,
            if_not_exists,
            target,
            properties,
            span: self.since(start),
        })
    }

    /// `:Label(p, q)` of the legacy index syntax.
    fn legacy_label_properties(&mut self) -> PResult<(SchemaTarget, Vec<String>)> {
        self.expect(&Tok::Colon, ":")?;
        let label = self.name("a label name")?;
        self.expect(&Tok::LParen, "(")?;
        let mut properties = vec![self.name("a property key name")?];
        while self.eat(&Tok::Comma) {
            properties.push(self.name("a property key name")?);
        }
        self.expect(&Tok::RParen, ")")?;
        Ok((SchemaTarget::Node { label }, properties))
    }

    /// `(n:Label)` or `()-[r:TYPE]-()`: the variable and what it covers.
    fn schema_target(&mut self) -> PResult<(String, SchemaTarget)> {
        let start = self.start();
        let element = self.pattern_element()?;
        let target = match element.chain.as_slice() {
            [] => match (&element.start.variable, element.start.labels.as_slice()) {
                (Some(v), [label]) => Some((
                    v.clone(),
                    SchemaTarget::Node {
                        label: label.clone(),
                    },
                )),
                _ => None,
            },
            [(rel, _)] => match (&rel.variable, rel.types.as_slice()) {
                (Some(v), [rel_type]) => Some((
                    v.clone(),
                    SchemaTarget::Relationship {
                        rel_type: rel_type.clone(),
                    },
                )),
                _ => None,
            },
            _ => None,
        };
        target.ok_or_else(|| {
            self.error_at(
                start,
                "Invalid schema target: expected (n:Label) or ()-[r:TYPE]-()".to_string(),
                "UnexpectedSyntax",
            )
        })
    }

    /// `n.p, n.q` where `n` is the target's variable.
    fn property_refs(&mut self, variable: &str) -> PResult<Vec<String>> {
        let mut properties = vec![self.property_ref(variable)?];
        while self.eat(&Tok::Comma) {
            properties.push(self.property_ref(variable)?);
        }
        Ok(properties)
    }

    fn property_ref(&mut self, variable: &str) -> PResult<String> {
        let start = self.start();
        let owner = self.name("a variable name")?;
        if owner != variable {
            return Err(self.error_at(
                start,
                format!("Variable `{owner}` not defined: expected `{variable}`"),
                "UndefinedVariable",
            ));
        }
        self.expect(&Tok::Dot, ".")?;
        self.name("a property key name")
    }

    /// `OPTIONS {...}` configures index providers in Neo4j; accepted and not needed here.
    fn options(&mut self) -> PResult<()> {
        if self.eat_kw("OPTIONS") {
            self.map_literal()?;
        }
        Ok(())
    }

    fn create_constraint(&mut self, start: usize) -> PResult<ConstraintDefinition> {
        let name = self.schema_name()?;
        let if_not_exists = self.if_not_exists()?;
        let (target, properties, kind) = self.constraint_body()?;
        self.options()?;
        Ok(ConstraintDefinition {
            name,
            if_not_exists,
            target,
            properties,
            kind,
            span: self.since(start),
        })
    }

    /// `FOR (n:L) REQUIRE ... IS kind` or legacy `ON (n:L) ASSERT ... IS kind`.
    fn constraint_body(&mut self) -> PResult<(SchemaTarget, Vec<String>, ConstraintKind)> {
        let legacy = if self.eat_kw("FOR") {
            false
        } else if self.eat_kw("ON") {
            true
        } else {
            return Err(self.unexpected(&["FOR", "ON", "IF NOT EXISTS"]));
        };
        let (variable, target) = self.schema_target()?;
        self.expect_kw(if legacy { "ASSERT" } else { "REQUIRE" })?;
        if legacy && self.is_kw("EXISTS") && self.nth(1) == &Tok::LParen {
            self.advance();
            self.advance();
            let property = self.property_ref(&variable)?;
            self.expect(&Tok::RParen, ")")?;
            return Ok((target, vec![property], ConstraintKind::NotNull));
        }
        let properties = if self.eat(&Tok::LParen) {
            let properties = self.property_refs(&variable)?;
            self.expect(&Tok::RParen, ")")?;
            properties
        } else {
            vec![self.property_ref(&variable)?]
        };
        self.expect_kw("IS")?;
        let kind = self.constraint_kind()?;
        Ok((target, properties, kind))
    }

    fn constraint_kind(&mut self) -> PResult<ConstraintKind> {
        if self.eat_kw("NOT") {
            self.expect_kw("NULL")?;
            return Ok(ConstraintKind::NotNull);
        }
        let _ = self.eat_kw("NODE") || self.eat_kw("RELATIONSHIP") || self.eat_kw("REL");
        if self.eat_kw("UNIQUE") {
            Ok(ConstraintKind::Unique)
        } else if self.eat_kw("KEY") {
            Ok(ConstraintKind::NodeKey)
        } else {
            Err(self.unexpected(&["UNIQUE", "NODE KEY", "NOT NULL"]))
        }
    }

    fn drop_index(&mut self, start: usize) -> PResult<DropSchema> {
        if self.eat_kw("ON") {
            let legacy = Some(self.legacy_label_properties()?);
            return Ok(DropSchema {
                name: None,
                legacy,
                if_exists: false,
                span: self.since(start),
            });
        }
        let name = Some(self.name("an index name")?);
        let if_exists = self.if_exists()?;
        Ok(DropSchema {
            name,
            legacy: None,
            if_exists,
            span: self.since(start),
        })
    }

    fn drop_constraint(&mut self, start: usize) -> PResult<DropSchema> {
        if self.is_kw("ON") {
            let (target, properties, _) = self.constraint_body()?;
            let legacy = Some((target, properties));
            return Ok(DropSchema {
                name: None,
                legacy,
                if_exists: false,
                span: self.since(start),
            });
        }
        let name = Some(self.name("a constraint name")?);
        let if_exists = self.if_exists()?;
        Ok(DropSchema {
            name,
            legacy: None,
            if_exists,
            span: self.since(start),
        })
    }

    /// `SHOW [filter] INDEXES|CONSTRAINTS [YIELD ...] [WHERE ...] [RETURN ...]`.
    fn show(&mut self) -> PResult<Statement> {
        self.advance();
        let mut filters = 0;
        while filters < 3 && SHOW_FILTERS.iter().any(|f| self.is_kw(f)) {
            self.advance();
            filters += 1;
        }
        let indexes = if self.eat_kw("INDEX") || self.eat_kw("INDEXES") {
            true
        } else if self.eat_kw("CONSTRAINT") || self.eat_kw("CONSTRAINTS") {
            false
        } else {
            return Err(self.unexpected(&["INDEXES", "CONSTRAINTS"]));
        };
        let mut tail = ShowTail::default();
        if self.eat_kw("YIELD") && !self.eat(&Tok::Star) {
            tail.yield_items = Some(self.yield_items()?);
        }
        tail.where_ = self.where_opt()?;
        if self.is_kw("RETURN") {
            let start = self.start();
            self.advance();
            tail.ret = Some(self.projection(start)?);
        }
        Ok(if indexes {
            Statement::ShowIndexes(tail)
        } else {
            Statement::ShowConstraints(tail)
        })
    }
}

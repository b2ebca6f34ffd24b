//! Graph patterns: `p = (a:L {k: v})-[r:T|U*1..3]->(b)`, shortestPath forms.

use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::Tok;

impl Parser<'_> {
    /// Comma-separated pattern parts, as after MATCH and CREATE.
    pub(super) fn pattern(&mut self) -> PResult<Pattern> {
        let mut parts = vec![self.pattern_part()?];
        while self.eat(&Tok::Comma) {
            parts.push(self.pattern_part()?);
        }
        Ok(Pattern { parts })
    }

    /// `[p =] element` or `[p =] shortestPath(element)`.
    pub(super) fn pattern_part(&mut self) -> PResult<PatternPart> {
        let start = self.start();
        let variable = if self.is_ident_at(0) && self.nth(1) == &Tok::Eq {
            let v = self.variable()?;
            self.advance();
            Some(v)
        } else {
            None
        };
        let kind = if self.nth(1) != &Tok::LParen {
            PathKind::Normal
        } else if self.is_kw("shortestPath") {
            PathKind::ShortestPath
        } else if self.is_kw("allShortestPaths") {
            PathKind::AllShortestPaths
        } else {
            PathKind::Normal
        };
        let element = if kind == PathKind::Normal {
            self.pattern_element()?
        } else {
            self.advance();
            self.advance();
            let element = self.pattern_element()?;
            self.expect(&Tok::RParen, ")")?;
            element
        };
        Ok(PatternPart {
            variable,
            kind,
            element,
            span: self.since(start),
        })
    }

    /// A node followed by (relationship, node) hops; `((a)-->(b))` is the same as without
    /// the outer parentheses.
    pub(super) fn pattern_element(&mut self) -> PResult<PatternElement> {
        if self.at(&Tok::LParen) && self.nth(1) == &Tok::LParen {
            self.enter()?;
            self.advance();
            let element = self.pattern_element()?;
            self.expect(&Tok::RParen, ")")?;
            self.leave();
            return Ok(element);
        }
        let start = self.node_pattern()?;
        let mut chain = Vec::new();
        while matches!(self.tok(), Tok::Minus | Tok::Lt) {
            let relationship = self.relationship_pattern()?;
            let node = self.node_pattern()?;
            chain.push((relationship, node));
        }
        Ok(PatternElement { start, chain })
    }

    fn node_pattern(&mut self) -> PResult<NodePattern> {
        let start = self.start();
        self.expect(&Tok::LParen, "(")?;
        let variable = if self.is_ident_at(0) {
            Some(self.variable()?)
        } else {
            None
        };
        let labels = self.labels()?;
        let properties = self.pattern_properties()?;
        if !self.eat(&Tok::RParen) {
            let expected: &[&str] = match (&variable, labels.is_empty(), &properties) {
                (_, _, Some(_)) => &[")"],
                (None, true, None) => &["a variable name", ":", "{", "$", ")"],
                _ => &[":", "{", "$", ")"],
            };
            return Err(self.unexpected(expected));
        }
        Ok(NodePattern {
            variable,
            labels,
            properties,
            span: self.since(start),
        })
    }

    /// `{map}` or `$param` inside a node or relationship pattern.
    fn pattern_properties(&mut self) -> PResult<Option<Expr>> {
        match self.tok() {
            Tok::LBrace => Ok(Some(self.map_literal()?)),
            Tok::Param(name) => {
                let kind = ExprKind::Parameter(name.clone());
                let span = self.span();
                self.advance();
                Ok(Some(Expr::new(kind, span)))
            }
            _ => Ok(None),
        }
    }

    fn relationship_pattern(&mut self) -> PResult<RelationshipPattern> {
        let start = self.start();
        let incoming = self.eat(&Tok::Lt);
        self.expect(&Tok::Minus, "-")?;
        let mut variable = None;
        let mut types = Vec::new();
        let mut length = None;
        let mut properties = None;
        if self.eat(&Tok::LBracket) {
            if self.is_ident_at(0) {
                variable = Some(self.variable()?);
            }
            if self.eat(&Tok::Colon) {
                types.push(self.name("a relationship type name")?);
                while self.eat(&Tok::Pipe) {
                    self.eat(&Tok::Colon);
                    types.push(self.name("a relationship type name")?);
                }
            }
            if self.eat(&Tok::Star) {
                length = Some(self.length_range());
            }
            properties = self.pattern_properties()?;
            if !self.eat(&Tok::RBracket) {
                let expected: &[&str] = if length.is_some() || properties.is_some() {
                    &["]"]
                } else {
                    &["*", "{", "$", "]"]
                };
                return Err(self.unexpected_with(expected, "InvalidRelationshipPattern"));
            }
        }
        if !self.eat(&Tok::Minus) {
            return Err(self.unexpected_with(&["-"], "InvalidRelationshipPattern"));
        }
        let outgoing = self.eat(&Tok::Gt);
        let direction = match (incoming, outgoing) {
            (true, false) => Direction::Incoming,
            (false, true) => Direction::Outgoing,
            _ => Direction::Both,
        };
        Ok(RelationshipPattern {
            variable,
            types,
            direction,
            length,
            properties,
            span: self.since(start),
        })
    }

    /// The bounds after `*`: `*`, `*2`, `*1..3`, `*..3`, `*2..`, `*..`.
    fn length_range(&mut self) -> LengthRange {
        let min = self.range_bound();
        if self.eat(&Tok::DotDot) {
            LengthRange {
                min,
                max: self.range_bound(),
            }
        } else {
            LengthRange { min, max: min }
        }
    }

    fn range_bound(&mut self) -> Option<u64> {
        match self.tok() {
            Tok::Integer(v) => {
                let v = *v;
                self.advance();
                Some(v)
            }
            _ => None,
        }
    }
}

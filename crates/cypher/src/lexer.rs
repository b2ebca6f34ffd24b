//! Turns Cypher source text into tokens with byte spans.
//!
//! The lexer never fails: text it cannot read becomes a [`Tok::Invalid`] token carrying the
//! TCK detail code, and the parser reports it only if it reaches it. This lets the parser
//! decide the detail by context (a malformed number where a map key belongs is
//! `UnexpectedSyntax`, where a value belongs it is `InvalidNumberLiteral`).

use crate::ast::Span;

/// One lexical element of the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A name; `quoted` for backtick-escaped names, which are never keywords.
    Ident {
        name: String,
        quoted: bool,
    },
    /// An integer literal's magnitude (the sign is a separate token); values above
    /// `i64::MAX` are only valid under a unary minus, which the parser checks.
    Integer(u64),
    Float(f64),
    Str(String),
    /// `$name` or `$0`.
    Param(String),
    /// Unreadable text. `number` marks malformed number literals, whose detail applies only
    /// where a value is expected.
    Invalid {
        detail: &'static str,
        message: String,
        number: bool,
    },
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Semicolon,
    Pipe,
    Plus,
    PlusEq,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Eq,
    /// `<>` or `!=`.
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `=~`
    RegexMatch,
    Eof,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Splits `src` into tokens; the last token is always [`Tok::Eof`].
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        out: Vec::new(),
    };
    lexer.run();
    lexer.out
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: Vec<Token>,
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_part(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Lexer<'_> {
    fn peek_char(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn byte_at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.out.push(Token {
            tok,
            span: Span::new(start, self.pos),
        });
    }

    fn invalid(&mut self, start: usize, detail: &'static str, message: String, number: bool) {
        self.push(
            Tok::Invalid {
                detail,
                message,
                number,
            },
            start,
        );
    }

    fn run(&mut self) {
        loop {
            self.skip_trivia();
            let start = self.pos;
            let Some(c) = self.peek_char() else {
                self.push(Tok::Eof, start);
                return;
            };
            if c.is_ascii_digit()
                || (c == '.' && self.byte_at(start + 1).is_some_and(|b| b.is_ascii_digit()))
            {
                self.number(start);
            } else if is_ident_start(c) {
                let name = self.ident_run().to_string();
                self.push(
                    Tok::Ident {
                        name,
                        quoted: false,
                    },
                    start,
                );
            } else {
                match c {
                    '`' => self.quoted_ident(start),
                    '\'' | '"' => self.string(start, c),
                    '$' => self.parameter(start),
                    _ => self.symbol(start, c),
                }
            }
        }
    }

    /// Skips white space and comments; an unterminated block comment becomes an error token.
    fn skip_trivia(&mut self) {
        loop {
            match self.peek_char() {
                Some(c) if c.is_whitespace() => self.pos += c.len_utf8(),
                Some('/') if self.byte_at(self.pos + 1) == Some(b'/') => {
                    let rest = &self.src[self.pos..];
                    self.pos += rest.find('\n').unwrap_or(rest.len());
                }
                Some('/') if self.byte_at(self.pos + 1) == Some(b'*') => {
                    let start = self.pos;
                    match self.src[self.pos + 2..].find("*/") {
                        Some(i) => self.pos += i + 4,
                        None => {
                            self.pos = self.src.len();
                            self.invalid(
                                start,
                                "UnexpectedSyntax",
                                "Failed to parse comment: missing '*/'".to_string(),
                                false,
                            );
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Consumes identifier characters and returns them.
    fn ident_run(&mut self) -> &str {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if !is_ident_part(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        &self.src[start..self.pos]
    }

    fn quoted_ident(&mut self, start: usize) {
        self.pos += 1;
        let mut name = String::new();
        loop {
            let rest = &self.src[self.pos..];
            match rest.find('`') {
                Some(i) => {
                    name.push_str(&rest[..i]);
                    self.pos += i + 1;
                    if self.byte_at(self.pos) == Some(b'`') {
                        name.push('`');
                        self.pos += 1;
                    } else {
                        self.push(Tok::Ident { name, quoted: true }, start);
                        return;
                    }
                }
                None => {
                    self.pos = self.src.len();
                    let message = "Failed to parse quoted identifier: missing '`'".to_string();
                    self.invalid(start, "UnexpectedSyntax", message, false);
                    return;
                }
            }
        }
    }

    fn parameter(&mut self, start: usize) {
        self.pos += 1;
        match self.peek_char() {
            Some('`') => {
                self.quoted_ident(self.pos);
                if let Some(Token {
                    tok: Tok::Ident { name, .. },
                    ..
                }) = self.out.pop()
                {
                    self.push(Tok::Param(name), start);
                } else {
                    let message = "Failed to parse parameter name: missing '`'".to_string();
                    self.invalid(start, "UnexpectedSyntax", message, false);
                }
            }
            Some(c) if is_ident_part(c) => {
                let name = self.ident_run().to_string();
                self.push(Tok::Param(name), start);
            }
            _ => {
                let message = "Invalid input '$': expected a parameter name".to_string();
                self.invalid(start, "UnexpectedSyntax", message, false);
            }
        }
    }

    fn string(&mut self, start: usize, quote: char) {
        self.pos += 1;
        let mut value = String::new();
        loop {
            let Some(c) = self.peek_char() else {
                let message = format!("Failed to parse string literal: missing {quote}");
                self.invalid(start, "UnexpectedSyntax", message, false);
                return;
            };
            self.pos += c.len_utf8();
            if c == quote {
                self.push(Tok::Str(value), start);
                return;
            }
            if c != '\\' {
                value.push(c);
                continue;
            }
            let escape_start = self.pos - 1;
            let Some(e) = self.peek_char() else { continue };
            self.pos += e.len_utf8();
            let simple = match e {
                '\\' => Some('\\'),
                '\'' => Some('\''),
                '"' => Some('"'),
                'b' | 'B' => Some('\u{8}'),
                'f' | 'F' => Some('\u{c}'),
                'n' | 'N' => Some('\n'),
                'r' | 'R' => Some('\r'),
                't' | 'T' => Some('\t'),
                _ => None,
            };
            if let Some(s) = simple {
                value.push(s);
                continue;
            }
            let digits = match e {
                'u' => 4,
                'U' => 8,
                _ => {
                    // Unknown escapes are kept as written, as Neo4j does.
                    value.push('\\');
                    value.push(e);
                    continue;
                }
            };
            match self.unicode_escape(digits) {
                Some(ch) => value.push(ch),
                None => {
                    let end = self.pos.min(self.src.len());
                    let text = self.src.get(escape_start..end).unwrap_or("\\");
                    let message = format!("Invalid input '{text}': invalid unicode literal");
                    self.skip_rest_of_string(quote);
                    self.invalid(start, "InvalidUnicodeLiteral", message, false);
                    return;
                }
            }
        }
    }

    /// Reads `digits` hex digits after `\u`/`\U` and returns the character they name.
    fn unicode_escape(&mut self, digits: usize) -> Option<char> {
        let hex = self.src.get(self.pos..self.pos + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += digits;
        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    }

    fn skip_rest_of_string(&mut self, quote: char) {
        while let Some(c) = self.peek_char() {
            self.pos += c.len_utf8();
            if c == '\\' {
                if let Some(n) = self.peek_char() {
                    self.pos += n.len_utf8();
                }
            } else if c == quote {
                return;
            }
        }
    }

    fn number(&mut self, start: usize) {
        let b0 = self.byte_at(start);
        let b1 = self.byte_at(start + 1);
        if b0 == Some(b'0') && matches!(b1, Some(b'x' | b'X' | b'o' | b'O')) {
            let radix = if matches!(b1, Some(b'x' | b'X')) {
                16
            } else {
                8
            };
            self.pos += 2;
            let digits_start = self.pos;
            self.ident_run();
            let digits = &self.src[digits_start..self.pos];
            let text = &self.src[start..self.pos];
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                let message = format!("Invalid input '{text}': invalid number literal");
                self.invalid(start, "InvalidNumberLiteral", message, true);
                return;
            }
            match u64::from_str_radix(digits, radix) {
                Ok(v) => self.push(Tok::Integer(v), start),
                Err(_) => self.overflow(start),
            }
            return;
        }
        let mut is_float = false;
        self.digits();
        if self.byte_at(self.pos) == Some(b'.')
            && self
                .byte_at(self.pos + 1)
                .is_some_and(|b| b.is_ascii_digit())
        {
            is_float = true;
            self.pos += 1;
            self.digits();
        }
        if matches!(self.byte_at(self.pos), Some(b'e' | b'E')) {
            let mut p = self.pos + 1;
            if matches!(self.byte_at(p), Some(b'+' | b'-')) {
                p += 1;
            }
            if self.byte_at(p).is_some_and(|b| b.is_ascii_digit()) {
                is_float = true;
                self.pos = p;
                self.digits();
            }
        }
        if self.peek_char().is_some_and(is_ident_part) {
            self.ident_run();
            let text = &self.src[start..self.pos];
            let message = format!("Invalid input '{text}': invalid number literal");
            self.invalid(start, "InvalidNumberLiteral", message, true);
            return;
        }
        let text = &self.src[start..self.pos];
        if is_float {
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => self.push(Tok::Float(v), start),
                _ => {
                    let message = format!("Floating point number is too large: {text}");
                    self.invalid(start, "FloatingPointOverflow", message, true);
                }
            }
        } else if text.len() > 1 && text.starts_with('0') {
            // Legacy octal (`0123`), still accepted by Neo4j 5 next to `0o123`.
            if !text.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                let message = format!("Invalid input '{text}': invalid octal literal");
                self.invalid(start, "InvalidNumberLiteral", message, true);
                return;
            }
            match u64::from_str_radix(text, 8) {
                Ok(v) => self.push(Tok::Integer(v), start),
                Err(_) => self.overflow(start),
            }
        } else {
            match text.parse::<u64>() {
                Ok(v) => self.push(Tok::Integer(v), start),
                Err(_) => self.overflow(start),
            }
        }
    }

    fn digits(&mut self) {
        while self.byte_at(self.pos).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn overflow(&mut self, start: usize) {
        let text = &self.src[start..self.pos];
        let message = format!("integer, {text}, is too large");
        self.invalid(start, "IntegerOverflow", message, true);
    }

    fn symbol(&mut self, start: usize, c: char) {
        let next = self.byte_at(start + 1);
        let (tok, len) = match (c, next) {
            ('.', Some(b'.')) => (Tok::DotDot, 2),
            ('+', Some(b'=')) => (Tok::PlusEq, 2),
            ('<', Some(b'>')) => (Tok::Ne, 2),
            ('!', Some(b'=')) => (Tok::Ne, 2),
            ('<', Some(b'=')) => (Tok::Le, 2),
            ('>', Some(b'=')) => (Tok::Ge, 2),
            ('=', Some(b'~')) => (Tok::RegexMatch, 2),
            ('(', _) => (Tok::LParen, 1),
            (')', _) => (Tok::RParen, 1),
            ('[', _) => (Tok::LBracket, 1),
            (']', _) => (Tok::RBracket, 1),
            ('{', _) => (Tok::LBrace, 1),
            ('}', _) => (Tok::RBrace, 1),
            (',', _) => (Tok::Comma, 1),
            ('.', _) => (Tok::Dot, 1),
            (':', _) => (Tok::Colon, 1),
            (';', _) => (Tok::Semicolon, 1),
            ('|', _) => (Tok::Pipe, 1),
            ('+', _) => (Tok::Plus, 1),
            ('-', _) => (Tok::Minus, 1),
            ('*', _) => (Tok::Star, 1),
            ('/', _) => (Tok::Slash, 1),
            ('%', _) => (Tok::Percent, 1),
            ('^', _) => (Tok::Caret, 1),
            ('=', _) => (Tok::Eq, 1),
            ('<', _) => (Tok::Lt, 1),
            ('>', _) => (Tok::Gt, 1),
            _ => {
                self.pos += c.len_utf8();
                let detail = if c.is_ascii() {
                    "UnexpectedSyntax"
                } else {
                    "InvalidUnicodeCharacter"
                };
                let message = format!("Invalid input '{c}': unexpected character");
                self.invalid(start, detail, message, false);
                return;
            }
        };
        self.pos += len;
        self.push(tok, start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src).into_iter().map(|t| t.tok).collect()
    }

    fn detail(src: &str) -> &'static str {
        match toks(src).into_iter().next() {
            Some(Tok::Invalid { detail, .. }) => detail,
            other => panic!("expected an invalid token, got {other:?}"),
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("0x1F 0o17 42"),
            vec![
                Tok::Integer(31),
                Tok::Integer(15),
                Tok::Integer(42),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("1e3 .5 1.5E-3"),
            vec![
                Tok::Float(1000.0),
                Tok::Float(0.5),
                Tok::Float(0.0015),
                Tok::Eof
            ]
        );
        assert_eq!(
            toks("1..3"),
            vec![Tok::Integer(1), Tok::DotDot, Tok::Integer(3), Tok::Eof]
        );
        assert_eq!(
            toks("9223372036854775808"),
            vec![Tok::Integer(1 << 63), Tok::Eof]
        );
        assert_eq!(detail("18446744073709551616"), "IntegerOverflow");
        assert_eq!(detail("0x"), "InvalidNumberLiteral");
        assert_eq!(detail("0x1A2b3j4"), "InvalidNumberLiteral");
        assert_eq!(detail("9223372h54775808"), "InvalidNumberLiteral");
        assert_eq!(detail("1.34E999"), "FloatingPointOverflow");
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(
            toks(r#"'a\'b' "c\"d" '\n\t\\' '\u00e9\U0001F600'"#),
            vec![
                Tok::Str("a'b".into()),
                Tok::Str("c\"d".into()),
                Tok::Str("\n\t\\".into()),
                Tok::Str("é😀".into()),
                Tok::Eof
            ]
        );
        assert_eq!(detail(r"'\uH'"), "InvalidUnicodeLiteral");
        assert_eq!(detail("'open"), "UnexpectedSyntax");
    }

    #[test]
    fn identifiers_parameters_and_comments() {
        let got = toks("`a``b` $p $0 // note\n x /* block */ y");
        assert_eq!(
            got,
            vec![
                Tok::Ident {
                    name: "a`b".into(),
                    quoted: true
                },
                Tok::Param("p".into()),
                Tok::Param("0".into()),
                Tok::Ident {
                    name: "x".into(),
                    quoted: false
                },
                Tok::Ident {
                    name: "y".into(),
                    quoted: false
                },
                Tok::Eof
            ]
        );
        assert_eq!(detail("—"), "InvalidUnicodeCharacter");
        assert_eq!(detail("#"), "UnexpectedSyntax");
        assert_eq!(detail("/* open"), "UnexpectedSyntax");
    }

    #[test]
    fn spans_are_byte_ranges() {
        let t = tokenize("ab <> 'é'");
        assert_eq!(t[0].span, Span::new(0, 2));
        assert_eq!(t[1].span, Span::new(3, 5));
        assert_eq!(t[2].span, Span::new(6, 10));
        assert_eq!(t[3].span, Span::new(10, 10));
    }
}

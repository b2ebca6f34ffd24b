//! The TCK's notation for expected values and parameters: Cypher literals plus nodes
//! `(:L {k: v})`, relationships `[:T {k: v}]` and paths `<(:A)-[:R]->(:B)<-[:S]-()>`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use cartograph_graph::{Value, format_float};

/// A value as the TCK writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum TckValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<TckValue>),
    Map(BTreeMap<String, TckValue>),
    Node(TckNode),
    Rel(TckRel),
    Path(TckPath),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TckNode {
    pub labels: BTreeSet<String>,
    pub props: BTreeMap<String, TckValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TckRel {
    pub rel_type: String,
    pub props: BTreeMap<String, TckValue>,
}

/// A path: a start node, then hops of (relationship, written left-to-right?, next node).
#[derive(Debug, Clone, PartialEq)]
pub struct TckPath {
    pub start: TckNode,
    pub hops: Vec<(TckRel, bool, TckNode)>,
}

impl TckValue {
    /// The engine value for a query parameter; graph elements cannot be parameters.
    pub fn to_param(&self) -> Result<Value, String> {
        Ok(match self {
            TckValue::Null => Value::Null,
            TckValue::Bool(b) => Value::Bool(*b),
            TckValue::Int(i) => Value::Int(*i),
            TckValue::Float(f) => Value::Float(*f),
            TckValue::String(s) => Value::from(s.as_str()),
            TckValue::List(l) => {
                Value::List(l.iter().map(TckValue::to_param).collect::<Result<_, _>>()?)
            }
            TckValue::Map(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| Ok((k.clone(), v.to_param()?)))
                    .collect::<Result<_, String>>()?,
            ),
            TckValue::Node(_) | TckValue::Rel(_) | TckValue::Path(_) => {
                return Err(format!("a graph element cannot be a parameter: {self}"));
            }
        })
    }
}

/// Parse one value; the whole text must be consumed.
pub fn parse(text: &str) -> Result<TckValue, String> {
    let mut p = Parser { s: text, pos: 0 };
    let v = p.value()?;
    p.ws();
    if p.pos != text.len() {
        return Err(format!(
            "unexpected `{}` after the value in `{text}`",
            p.rest()
        ));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{token}`")))
        }
    }

    fn error(&self, what: &str) -> String {
        let rest = self.rest();
        if rest.is_empty() {
            format!("{what} at the end of `{}`", self.s)
        } else {
            format!("{what} at `{rest}` in `{}`", self.s)
        }
    }

    fn value(&mut self) -> Result<TckValue, String> {
        self.ws();
        match self.peek() {
            Some('\'' | '"') => Ok(TckValue::String(self.string()?)),
            Some('[') => {
                let save = self.pos;
                self.pos += 1;
                if self.eat(":") {
                    self.pos = save;
                    Ok(TckValue::Rel(self.rel()?))
                } else {
                    self.pos = save;
                    self.list()
                }
            }
            Some('{') => Ok(TckValue::Map(self.map()?)),
            Some('(') => Ok(TckValue::Node(self.node()?)),
            Some('<') => Ok(TckValue::Path(self.path()?)),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '.' => self.number(),
            Some(_) => {
                let word = self.word();
                match word {
                    "null" => Ok(TckValue::Null),
                    "true" => Ok(TckValue::Bool(true)),
                    "false" => Ok(TckValue::Bool(false)),
                    "NaN" => Ok(TckValue::Float(f64::NAN)),
                    "Inf" | "Infinity" => Ok(TckValue::Float(f64::INFINITY)),
                    _ => Err(self.error("expected a value")),
                }
            }
            None => Err(self.error("expected a value")),
        }
    }

    /// An identifier-like run of characters (keywords, labels, keys).
    fn word(&mut self) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(self.rest().len());
        self.pos += len;
        &self.s[start..start + len]
    }

    /// A name: an identifier or a backtick-quoted name.
    fn name(&mut self) -> Result<String, String> {
        self.ws();
        if self.peek() == Some('`') {
            let body = &self.rest()[1..];
            let end = body
                .find('`')
                .ok_or_else(|| self.error("unclosed backtick"))?;
            let name = body[..end].to_string();
            self.pos += end + 2;
            return Ok(name);
        }
        let w = self.word();
        if w.is_empty() {
            Err(self.error("expected a name"))
        } else {
            Ok(w.to_string())
        }
    }

    fn number(&mut self) -> Result<TckValue, String> {
        let start = self.pos;
        let neg = self.rest().starts_with('-');
        if neg {
            self.pos += 1;
            if self.rest().starts_with("Inf") {
                let w = self.word();
                if w == "Inf" || w == "Infinity" {
                    return Ok(TckValue::Float(f64::NEG_INFINITY));
                }
                return Err(self.error("bad number"));
            }
        }
        let body = self.rest();
        for (prefix, radix) in [("0x", 16), ("0o", 8)] {
            if let Some(digits) = body.strip_prefix(prefix) {
                let len = digits
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(digits.len());
                let text = format!("{}{}", if neg { "-" } else { "" }, &digits[..len]);
                self.pos += prefix.len() + len;
                return i64::from_str_radix(&text, radix)
                    .map(TckValue::Int)
                    .map_err(|e| format!("bad integer `{text}`: {e}"));
            }
        }
        let mut end = 0;
        let mut float = false;
        let bytes = body.as_bytes();
        while end < bytes.len() {
            match bytes[end] {
                b'0'..=b'9' => {}
                b'.' if end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit() => float = true,
                b'e' | b'E' => {
                    float = true;
                    if end + 1 < bytes.len() && matches!(bytes[end + 1], b'+' | b'-') {
                        end += 1;
                    }
                }
                _ => break,
            }
            end += 1;
        }
        self.pos += end;
        let text = &self.s[start..self.pos];
        if end == 0 {
            return Err(self.error("bad number"));
        }
        if float {
            text.parse::<f64>()
                .map(TckValue::Float)
                .map_err(|e| format!("bad float `{text}`: {e}"))
        } else {
            text.parse::<i64>()
                .map(TckValue::Int)
                .map_err(|e| format!("bad integer `{text}`: {e}"))
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let Some(quote) = self.peek() else {
            return Err(self.error("expected a string"));
        };
        let mut out = String::new();
        let mut chars = self.rest().char_indices().skip(1);
        while let Some((i, c)) = chars.next() {
            if c == quote {
                self.pos += i + c.len_utf8();
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                    let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    out.push(
                        c.ok_or_else(|| format!("bad unicode escape `\\u{hex}` in `{}`", self.s))?,
                    );
                }
                other => out.push(other),
            }
        }
        Err(self.error("unclosed string"))
    }

    fn list(&mut self) -> Result<TckValue, String> {
        self.expect("[")?;
        let mut items = Vec::new();
        if self.eat("]") {
            return Ok(TckValue::List(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat("]") {
                return Ok(TckValue::List(items));
            }
            self.expect(",")?;
        }
    }

    fn map(&mut self) -> Result<BTreeMap<String, TckValue>, String> {
        self.expect("{")?;
        let mut map = BTreeMap::new();
        if self.eat("}") {
            return Ok(map);
        }
        loop {
            self.ws();
            let key = if matches!(self.peek(), Some('\'' | '"')) {
                self.string()?
            } else {
                self.name()?
            };
            self.expect(":")?;
            let v = self.value()?;
            map.insert(key, v);
            if self.eat("}") {
                return Ok(map);
            }
            self.expect(",")?;
        }
    }

    fn optional_props(&mut self) -> Result<BTreeMap<String, TckValue>, String> {
        self.ws();
        if self.peek() == Some('{') {
            self.map()
        } else {
            Ok(BTreeMap::new())
        }
    }

    fn node(&mut self) -> Result<TckNode, String> {
        self.expect("(")?;
        let mut labels = BTreeSet::new();
        while self.eat(":") {
            labels.insert(self.name()?);
        }
        let props = self.optional_props()?;
        self.expect(")")?;
        Ok(TckNode { labels, props })
    }

    fn rel(&mut self) -> Result<TckRel, String> {
        self.expect("[")?;
        self.expect(":")?;
        let rel_type = self.name()?;
        let props = self.optional_props()?;
        self.expect("]")?;
        Ok(TckRel { rel_type, props })
    }

    fn path(&mut self) -> Result<TckPath, String> {
        self.expect("<")?;
        let start = self.node()?;
        let mut hops = Vec::new();
        loop {
            if self.eat(">") {
                return Ok(TckPath { start, hops });
            }
            let forward = if self.eat("<-") {
                false
            } else {
                self.expect("-")?;
                true
            };
            let rel = self.rel()?;
            self.expect(if forward { "->" } else { "-" })?;
            hops.push((rel, forward, self.node()?));
        }
    }
}

fn write_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        write!(f, "{name}")
    } else {
        write!(f, "`{name}`")
    }
}

/// Write a string in the TCK's single-quoted form.
pub fn write_string(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\'' => f.write_str("\\'")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('\'')
}

fn write_props(f: &mut fmt::Formatter<'_>, props: &BTreeMap<String, TckValue>) -> fmt::Result {
    write!(f, "{{")?;
    for (i, (k, v)) in props.iter().enumerate() {
        if i > 0 {
            write!(f, ", ")?;
        }
        write_name(f, k)?;
        write!(f, ": {v}")?;
    }
    write!(f, "}}")
}

impl fmt::Display for TckNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(")?;
        for l in &self.labels {
            write!(f, ":")?;
            write_name(f, l)?;
        }
        if !self.props.is_empty() {
            if !self.labels.is_empty() {
                write!(f, " ")?;
            }
            write_props(f, &self.props)?;
        }
        write!(f, ")")
    }
}

impl fmt::Display for TckRel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[:")?;
        write_name(f, &self.rel_type)?;
        if !self.props.is_empty() {
            write!(f, " ")?;
            write_props(f, &self.props)?;
        }
        write!(f, "]")
    }
}

impl fmt::Display for TckValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TckValue::Null => write!(f, "null"),
            TckValue::Bool(b) => write!(f, "{b}"),
            TckValue::Int(i) => write!(f, "{i}"),
            TckValue::Float(x) => write!(f, "{}", format_float(*x)),
            TckValue::String(s) => write_string(f, s),
            TckValue::List(l) => {
                write!(f, "[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            TckValue::Map(m) => write_props(f, m),
            TckValue::Node(n) => write!(f, "{n}"),
            TckValue::Rel(r) => write!(f, "{r}"),
            TckValue::Path(p) => {
                write!(f, "<{}", p.start)?;
                for (rel, forward, node) in &p.hops {
                    if *forward {
                        write!(f, "-{rel}->{node}")?;
                    } else {
                        write!(f, "<-{rel}-{node}")?;
                    }
                }
                write!(f, ">")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TckValue {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn primitives() {
        assert_eq!(p("null"), TckValue::Null);
        assert_eq!(p(" true "), TckValue::Bool(true));
        assert_eq!(p("-12"), TckValue::Int(-12));
        assert_eq!(p("-9223372036854775808"), TckValue::Int(i64::MIN));
        assert_eq!(p("1.0"), TckValue::Float(1.0));
        assert_eq!(p("-.1"), TckValue::Float(-0.1));
        assert_eq!(p("1e-305"), TckValue::Float(1e-305));
        assert_eq!(p("5E4"), TckValue::Float(5e4));
        assert_eq!(p("0x1A"), TckValue::Int(26));
        assert_eq!(p("-0o17"), TckValue::Int(-15));
        assert_eq!(p("Inf"), TckValue::Float(f64::INFINITY));
        assert_eq!(p("-Infinity"), TckValue::Float(f64::NEG_INFINITY));
        assert!(matches!(p("NaN"), TckValue::Float(f) if f.is_nan()));
        assert_ne!(p("1"), p("1.0"));
    }

    #[test]
    fn strings() {
        assert_eq!(p("'abc'"), TckValue::String("abc".into()));
        assert_eq!(p(r"'\''"), TckValue::String("'".into()));
        assert_eq!(
            p(r#"'a\\bcn5t\'"\\//\\"\''"#),
            TckValue::String(r#"a\bcn5t'"\//\"'"#.into())
        );
        assert_eq!(p("'\nFoo\n'"), TckValue::String("\nFoo\n".into()));
        assert_eq!(p(r"'\u00e9'"), TckValue::String("é".into()));
        assert_eq!(p("'1816-01-01'"), TckValue::String("1816-01-01".into()));
        assert!(parse("'open").is_err());
    }

    #[test]
    fn containers() {
        assert_eq!(p("[]"), TckValue::List(vec![]));
        assert_eq!(
            p("[1, [2, 'x'], null]"),
            TckValue::List(vec![
                TckValue::Int(1),
                TckValue::List(vec![TckValue::Int(2), TckValue::String("x".into())]),
                TckValue::Null,
            ])
        );
        let m = p("{name: 'a', `odd key`: 1, nested: {x: []}}");
        let TckValue::Map(m) = m else { panic!("map") };
        assert_eq!(m.len(), 3);
        assert_eq!(m["odd key"], TckValue::Int(1));
        assert_eq!(p("{}"), TckValue::Map(BTreeMap::new()));
        assert!(parse("[1, 2").is_err());
        assert!(parse("[1] x").is_err());
    }

    #[test]
    fn graph_elements() {
        let TckValue::Node(n) = p("(:B:A {name: 'x'})") else {
            panic!("node")
        };
        assert_eq!(n.labels.iter().collect::<Vec<_>>(), vec!["A", "B"]);
        assert_eq!(n.props["name"], TckValue::String("x".into()));
        assert_eq!(
            p("()"),
            TckValue::Node(TckNode {
                labels: BTreeSet::new(),
                props: BTreeMap::new()
            })
        );
        let TckValue::Rel(r) = p("[:T {num: 1}]") else {
            panic!("rel")
        };
        assert_eq!(r.rel_type, "T");
        let TckValue::Path(path) = p("<(:A)-[:R]->(:B)<-[:S {k: 2}]-()>") else {
            panic!("path")
        };
        assert_eq!(path.hops.len(), 2);
        assert!(path.hops[0].1);
        assert!(!path.hops[1].1);
        assert_eq!(
            p("<()>"),
            TckValue::Path(TckPath {
                start: TckNode {
                    labels: BTreeSet::new(),
                    props: BTreeMap::new()
                },
                hops: vec![]
            })
        );
        assert_eq!(p("[<(:A)-[:T]->(:B)>]").to_string(), "[<(:A)-[:T]->(:B)>]");
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "[1, 2.5, 'a\\'b', null, true]",
            "{a: 1, b: [1.0E10]}",
            "(:A:B {p: NaN})",
            "<({time: 20})<-[:T]-({time: 10})>",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn params() {
        assert!(matches!(p("{a: [1]}").to_param(), Ok(Value::Map(_))));
        assert!(p("[()]").to_param().is_err());
    }
}

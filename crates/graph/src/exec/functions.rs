//! Cypher's scalar (non-aggregating) functions, with Neo4j 5 semantics: a null argument gives
//! null unless documented otherwise, an argument of the wrong type is a `TypeError`, an
//! argument of the right type but an invalid value is an `ArgumentError`.
//!
//! Temporal constructors and their dotted variants (`date`, `date.truncate`, ...) live in
//! [`crate::temporal`]; [`call`] hands every name it does not know to it.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use cartograph_cypher::{CypherError, ErrorKind};

use crate::store::{Graph, PropMap};
use crate::value::{Value, format_float};

/// Call a non-aggregating function by lower-cased dotted name (`tolower`, `size`, `labels`,
/// `date.truncate`, ...). `None` if no such function (-> caller raises UnknownFunction).
/// Temporal functions are delegated to crate::temporal::call.
pub(crate) fn call(
    name: &str,
    args: &[Value],
    graph: &Graph,
) -> Option<Result<Value, CypherError>> {
    let Some((display, min, max, run)) = lookup(name) else {
        return crate::temporal::call(name, args);
    };
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        return Some(Err(CypherError::syntax(format!(
            "Function {display}() takes {expected} argument(s), got {}",
            args.len()
        ))
        .with_detail("InvalidNumberOfArguments")));
    }
    Some(run(&Call {
        name: display,
        args,
        graph,
    }))
}

/// Whether `name` (lower-cased) is an aggregating function (count, sum, avg, min, max, collect,
/// percentilecont, percentiledisc, stdev, stdevp).
pub(crate) fn is_aggregate(name: &str) -> bool {
    matches!(
        name,
        "count"
            | "sum"
            | "avg"
            | "min"
            | "max"
            | "collect"
            | "percentilecont"
            | "percentiledisc"
            | "stdev"
            | "stdevp"
    )
}

/// The text `toString()` and string concatenation give a scalar value; `None` for values that
/// have no string form (lists, maps, entities, paths).
pub(crate) fn to_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::String(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::LocalTime(t) => t.to_string(),
        Value::Time(t) => t.to_string(),
        Value::LocalDateTime(t) => t.to_string(),
        Value::DateTime(t) => t.to_string(),
        Value::Duration(d) => d.to_string(),
        Value::Null
        | Value::List(_)
        | Value::Map(_)
        | Value::Node(_)
        | Value::Relationship(_)
        | Value::Path(_) => return None,
    })
}

type Fun = fn(&Call<'_>) -> Result<Value, CypherError>;

/// One function invocation: its display name (for messages), arguments and graph.
struct Call<'a> {
    name: &'static str,
    args: &'a [Value],
    graph: &'a Graph,
}

impl Call<'_> {
    fn arg(&self, i: usize) -> &Value {
        self.args.get(i).unwrap_or(&Value::Null)
    }

    /// The error for an argument of an unsupported type. The TCK names this
    /// `InvalidArgumentValue` for function arguments checked at run time.
    fn type_err(&self, expected: &str, got: &Value) -> CypherError {
        CypherError::type_error(format!(
            "Invalid input for function '{}()': expected {expected}, got {}",
            self.name,
            got.type_name()
        ))
        .with_detail("InvalidArgumentValue")
    }

    fn arg_err(&self, message: impl std::fmt::Display) -> CypherError {
        CypherError::argument(format!(
            "Invalid input for function '{}()': {message}",
            self.name
        ))
    }

    /// Argument `i` as a number (`None` for null).
    fn num(&self, i: usize) -> Result<Option<f64>, CypherError> {
        match self.arg(i) {
            Value::Null => Ok(None),
            Value::Int(n) => Ok(Some(*n as f64)),
            Value::Float(f) => Ok(Some(*f)),
            v => Err(self.type_err("a number", v)),
        }
    }

    /// Argument `i` as a string (`None` for null).
    fn str(&self, i: usize) -> Result<Option<&str>, CypherError> {
        match self.arg(i) {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            v => Err(self.type_err("a STRING", v)),
        }
    }

    /// Argument `i` as an integer count or position; null is an error because there is
    /// no sensible result for e.g. `left('abc', null)`.
    fn int(&self, i: usize, what: &str) -> Result<i64, CypherError> {
        match self.arg(i) {
            Value::Int(n) => Ok(*n),
            Value::Null => Err(self.arg_err(format!("{what} must be an INTEGER, got NULL"))),
            v => Err(self.type_err(&format!("an INTEGER {what}"), v)),
        }
    }

    fn list(&self, i: usize) -> Result<Option<&[Value]>, CypherError> {
        match self.arg(i) {
            Value::Null => Ok(None),
            Value::List(l) => Ok(Some(l)),
            v => Err(self.type_err("a LIST", v)),
        }
    }
}

/// Display name, minimum and maximum arity, and implementation of each built-in function.
fn lookup(name: &str) -> Option<(&'static str, usize, usize, Fun)> {
    // The annotation makes every arm's function item or closure coerce to `Fun`.
    let entry: (&'static str, usize, usize, Fun) = match name {
        // entities and paths
        "id" => ("id", 1, 1, id),
        "elementid" => ("elementId", 1, 1, element_id),
        "labels" => ("labels", 1, 1, labels),
        "type" => ("type", 1, 1, rel_type),
        "keys" => ("keys", 1, 1, keys),
        "properties" => ("properties", 1, 1, properties),
        "startnode" => ("startNode", 1, 1, |c| endpoint(c, true)),
        "endnode" => ("endNode", 1, 1, |c| endpoint(c, false)),
        "nodes" => ("nodes", 1, 1, nodes),
        "relationships" => ("relationships", 1, 1, relationships),
        "length" => ("length", 1, 1, length),
        // scalars
        "coalesce" => ("coalesce", 1, usize::MAX, coalesce),
        "head" => ("head", 1, 1, |c| {
            Ok(c.list(0)?.and_then(<[Value]>::first).cloned().into())
        }),
        "last" => ("last", 1, 1, |c| {
            Ok(c.list(0)?.and_then(<[Value]>::last).cloned().into())
        }),
        "size" => ("size", 1, 1, size),
        "char_length" => ("char_length", 1, 1, char_length),
        "character_length" => ("character_length", 1, 1, char_length),
        "timestamp" => ("timestamp", 0, 0, |_| Ok(Value::Int(now_millis()))),
        "randomuuid" => ("randomUUID", 0, 0, |_| Ok(Value::from(random_uuid()))),
        "nullif" => ("nullIf", 2, 2, null_if),
        "isempty" => ("isEmpty", 1, 1, is_empty),
        "isnan" => ("isNaN", 1, 1, is_nan),
        // conversions
        "toboolean" => ("toBoolean", 1, 1, |c| {
            convert(c, to_boolean, "a STRING, BOOLEAN or INTEGER")
        }),
        "tobooleanornull" => ("toBooleanOrNull", 1, 1, |c| {
            Ok(or_null(to_boolean(c.arg(0))))
        }),
        "tointeger" => ("toInteger", 1, 1, |c| {
            convert(c, to_integer, "a STRING, INTEGER, FLOAT or BOOLEAN")
        }),
        "tointegerornull" => ("toIntegerOrNull", 1, 1, |c| {
            Ok(or_null(to_integer(c.arg(0))))
        }),
        "tofloat" => ("toFloat", 1, 1, |c| {
            convert(c, to_float, "a STRING, INTEGER or FLOAT")
        }),
        "tofloatornull" => ("toFloatOrNull", 1, 1, |c| Ok(or_null(to_float(c.arg(0))))),
        "tostring" => ("toString", 1, 1, |c| {
            convert(c, to_string, "a STRING, number, BOOLEAN or temporal")
        }),
        "tostringornull" => ("toStringOrNull", 1, 1, |c| Ok(or_null(to_string(c.arg(0))))),
        "tobooleanlist" => ("toBooleanList", 1, 1, |c| convert_list(c, to_boolean)),
        "tointegerlist" => ("toIntegerList", 1, 1, |c| convert_list(c, to_integer)),
        "tofloatlist" => ("toFloatList", 1, 1, |c| convert_list(c, to_float)),
        "tostringlist" => ("toStringList", 1, 1, |c| convert_list(c, to_string)),
        // lists
        "range" => ("range", 2, 3, range),
        "reverse" => ("reverse", 1, 1, reverse),
        "tail" => ("tail", 1, 1, |c| {
            Ok(c.list(0)?
                .map(|l| Value::List(l.iter().skip(1).cloned().collect()))
                .into())
        }),
        // maths
        "abs" => ("abs", 1, 1, abs),
        "ceil" => ("ceil", 1, 1, |c| float_fn(c, f64::ceil)),
        "floor" => ("floor", 1, 1, |c| float_fn(c, f64::floor)),
        "round" => ("round", 1, 3, round),
        "sign" => ("sign", 1, 1, sign),
        "rand" => ("rand", 0, 0, |_| Ok(Value::Float(random_f64()))),
        "sqrt" => ("sqrt", 1, 1, |c| float_fn(c, f64::sqrt)),
        "exp" => ("exp", 1, 1, |c| float_fn(c, f64::exp)),
        "log" => ("log", 1, 1, |c| float_fn(c, f64::ln)),
        "log10" => ("log10", 1, 1, |c| float_fn(c, f64::log10)),
        "e" => ("e", 0, 0, |_| Ok(Value::Float(std::f64::consts::E))),
        "pi" => ("pi", 0, 0, |_| Ok(Value::Float(std::f64::consts::PI))),
        "sin" => ("sin", 1, 1, |c| float_fn(c, f64::sin)),
        "cos" => ("cos", 1, 1, |c| float_fn(c, f64::cos)),
        "tan" => ("tan", 1, 1, |c| float_fn(c, f64::tan)),
        "cot" => ("cot", 1, 1, |c| float_fn(c, |x| 1.0 / x.tan())),
        "asin" => ("asin", 1, 1, |c| float_fn(c, f64::asin)),
        "acos" => ("acos", 1, 1, |c| float_fn(c, f64::acos)),
        "atan" => ("atan", 1, 1, |c| float_fn(c, f64::atan)),
        "atan2" => ("atan2", 2, 2, atan2),
        "sinh" => ("sinh", 1, 1, |c| float_fn(c, f64::sinh)),
        "cosh" => ("cosh", 1, 1, |c| float_fn(c, f64::cosh)),
        "tanh" => ("tanh", 1, 1, |c| float_fn(c, f64::tanh)),
        "coth" => ("coth", 1, 1, |c| float_fn(c, |x| 1.0 / x.tanh())),
        "degrees" => ("degrees", 1, 1, |c| float_fn(c, f64::to_degrees)),
        "radians" => ("radians", 1, 1, |c| float_fn(c, f64::to_radians)),
        "haversin" => ("haversin", 1, 1, |c| float_fn(c, |x| (1.0 - x.cos()) / 2.0)),
        // strings
        "left" => ("left", 2, 2, |c| take_chars(c, true)),
        "right" => ("right", 2, 2, |c| take_chars(c, false)),
        "ltrim" => ("lTrim", 1, 2, |c| trim(c, true, false)),
        "rtrim" => ("rTrim", 1, 2, |c| trim(c, false, true)),
        "trim" => ("trim", 1, 2, |c| trim(c, true, true)),
        "btrim" => ("btrim", 1, 2, |c| trim(c, true, true)),
        "replace" => ("replace", 3, 3, replace),
        "split" => ("split", 2, 2, split),
        "substring" => ("substring", 2, 3, substring),
        "tolower" | "lower" => ("toLower", 1, 1, |c| {
            Ok(c.str(0)?.map(str::to_lowercase).into())
        }),
        "toupper" | "upper" => ("toUpper", 1, 1, |c| {
            Ok(c.str(0)?.map(str::to_uppercase).into())
        }),
        _ => return None,
    };
    Some(entry)
}

// ---- entities and paths ----

fn deleted(what: &str, id: u64) -> CypherError {
    CypherError::new(
        ErrorKind::EntityNotFound,
        format!("{what} with id {id} has been deleted"),
    )
    .with_detail("DeletedEntityAccess")
}

fn id(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(Value::Int(n.0 as i64)),
        Value::Relationship(r) => Ok(Value::Int(r.0 as i64)),
        v => Err(c.type_err("a NODE or RELATIONSHIP", v)),
    }
}

/// Element ids are `n:<id>` for nodes and `r:<id>` for relationships: unique across both
/// kinds, and stable for the life of the entity like the ids they embed.
fn element_id(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => Ok(Value::from(format!("n:{}", n.0))),
        Value::Relationship(r) => Ok(Value::from(format!("r:{}", r.0))),
        v => Err(c.type_err("a NODE or RELATIONSHIP", v)),
    }
}

fn labels(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Node(n) => {
            let rec = c.graph.node(*n).ok_or_else(|| deleted("Node", n.0))?;
            Ok(Value::List(
                rec.labels
                    .iter()
                    .map(|l| Value::from(c.graph.name(*l)))
                    .collect(),
            ))
        }
        v => Err(c.type_err("a NODE", v)),
    }
}

fn rel_type(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Relationship(r) => {
            let rec = c
                .graph
                .rel(*r)
                .ok_or_else(|| deleted("Relationship", r.0))?;
            Ok(Value::from(c.graph.name(rec.rel_type)))
        }
        v => Err(c.type_err("a RELATIONSHIP", v)),
    }
}

/// The stored properties of a node or relationship (`None` for other values).
fn entity_props<'g>(c: &Call<'g>, v: &Value) -> Result<Option<&'g PropMap>, CypherError> {
    match v {
        Value::Node(n) => Ok(Some(
            &c.graph.node(*n).ok_or_else(|| deleted("Node", n.0))?.props,
        )),
        Value::Relationship(r) => Ok(Some(
            &c.graph
                .rel(*r)
                .ok_or_else(|| deleted("Relationship", r.0))?
                .props,
        )),
        _ => Ok(None),
    }
}

fn keys(c: &Call<'_>) -> Result<Value, CypherError> {
    let v = c.arg(0);
    if let Some(props) = entity_props(c, v)? {
        return Ok(Value::List(
            props
                .iter()
                .map(|(k, _)| Value::from(c.graph.name(k)))
                .collect(),
        ));
    }
    match v {
        Value::Null => Ok(Value::Null),
        Value::Map(m) => Ok(Value::List(
            m.keys().map(|k| Value::from(k.as_str())).collect(),
        )),
        v => Err(c.type_err("a NODE, RELATIONSHIP or MAP", v)),
    }
}

fn properties(c: &Call<'_>) -> Result<Value, CypherError> {
    let v = c.arg(0);
    if let Some(props) = entity_props(c, v)? {
        let map: BTreeMap<String, Value> = props
            .iter()
            .map(|(k, x)| (c.graph.name(k).to_string(), x.clone()))
            .collect();
        return Ok(Value::Map(map));
    }
    match v {
        Value::Null => Ok(Value::Null),
        Value::Map(m) => Ok(Value::Map(m.clone())),
        v => Err(c.type_err("a NODE, RELATIONSHIP or MAP", v)),
    }
}

fn endpoint(c: &Call<'_>, start: bool) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Relationship(r) => {
            let rec = c
                .graph
                .rel(*r)
                .ok_or_else(|| deleted("Relationship", r.0))?;
            Ok(Value::Node(if start { rec.src } else { rec.dst }))
        }
        v => Err(c.type_err("a RELATIONSHIP", v)),
    }
}

fn nodes(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Path(p) => Ok(Value::List(
            p.nodes.iter().map(|n| Value::Node(*n)).collect(),
        )),
        v => Err(c.type_err("a PATH", v)),
    }
}

fn relationships(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Path(p) => Ok(Value::List(
            p.rels.iter().map(|r| Value::Relationship(*r)).collect(),
        )),
        v => Err(c.type_err("a PATH", v)),
    }
}

fn length(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Path(p) => Ok(Value::Int(p.rels.len() as i64)),
        v => Err(c.type_err("a PATH", v)),
    }
}

// ---- scalars ----

fn coalesce(c: &Call<'_>) -> Result<Value, CypherError> {
    Ok(c.args
        .iter()
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null))
}

fn size(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::Int(s.chars().count() as i64)),
        Value::List(l) => Ok(Value::Int(l.len() as i64)),
        v => Err(c.type_err("a STRING or LIST", v)),
    }
}

fn char_length(c: &Call<'_>) -> Result<Value, CypherError> {
    Ok(c.str(0)?
        .map(|s| Value::Int(s.chars().count() as i64))
        .into())
}

fn null_if(c: &Call<'_>) -> Result<Value, CypherError> {
    let (a, b) = (c.arg(0), c.arg(1));
    Ok(if a.cypher_eq(b) == Some(true) {
        Value::Null
    } else {
        a.clone()
    })
}

fn is_empty(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::Bool(s.is_empty())),
        Value::List(l) => Ok(Value::Bool(l.is_empty())),
        Value::Map(m) => Ok(Value::Bool(m.is_empty())),
        v => Err(c.type_err("a STRING, LIST or MAP", v)),
    }
}

fn is_nan(c: &Call<'_>) -> Result<Value, CypherError> {
    Ok(c.num(0)?.map(f64::is_nan).into())
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// 64 random bits. `RandomState` is seeded from the OS once per thread and re-keyed on every
/// construction; hashing a counter and the clock through it needs no extra crate.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// A uniform float in `[0, 1)`.
fn random_f64() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A version 4 (random) UUID in its canonical hyphenated form.
fn random_uuid() -> String {
    let hi = (random_u64() & !0xF000) | 0x4000; // version 4
    let lo = (random_u64() & !(0b11 << 62)) | (0b10 << 62); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

// ---- conversions ----

/// Why a conversion failed.
#[derive(Debug, PartialEq)]
enum ConvError {
    /// Values of this type never convert.
    Type,
    /// The value is of a convertible type but does not fit the target.
    Range(String),
}

type Conversion = fn(&Value) -> Result<Value, ConvError>;

/// Apply a conversion the strict way: unconvertible types are a `TypeError`.
fn convert(c: &Call<'_>, f: Conversion, expected: &str) -> Result<Value, CypherError> {
    match f(c.arg(0)) {
        Ok(v) => Ok(v),
        Err(ConvError::Type) => Err(c.type_err(expected, c.arg(0))),
        Err(ConvError::Range(msg)) => Err(c.arg_err(msg)),
    }
}

/// The `...OrNull` flavour: every failure is null.
fn or_null(r: Result<Value, ConvError>) -> Value {
    r.unwrap_or(Value::Null)
}

/// The `to...List` functions: a null list is null; elements that do not convert become null.
fn convert_list(c: &Call<'_>, f: Conversion) -> Result<Value, CypherError> {
    Ok(c.list(0)?
        .map(|l| Value::List(l.iter().map(|v| or_null(f(v))).collect()))
        .into())
}

fn to_boolean(v: &Value) -> Result<Value, ConvError> {
    match v {
        Value::Null | Value::Bool(_) => Ok(v.clone()),
        Value::Int(i) => Ok(Value::Bool(*i != 0)),
        Value::String(s) => {
            let s = s.trim();
            Ok(if s.eq_ignore_ascii_case("true") {
                Value::Bool(true)
            } else if s.eq_ignore_ascii_case("false") {
                Value::Bool(false)
            } else {
                Value::Null
            })
        }
        _ => Err(ConvError::Type),
    }
}

/// A float truncated towards zero, if it fits an integer.
fn truncate(f: f64) -> Result<i64, ConvError> {
    let t = f.trunc();
    // i64::MAX as f64 rounds up to 2^63, so the upper bound is exclusive.
    if t.is_nan() || t < i64::MIN as f64 || t >= i64::MAX as f64 {
        return Err(ConvError::Range(format!(
            "{} cannot be represented as an INTEGER",
            format_float(f)
        )));
    }
    Ok(t as i64)
}

fn to_integer(v: &Value) -> Result<Value, ConvError> {
    match v {
        Value::Null | Value::Int(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        Value::Float(f) => truncate(*f).map(Value::Int),
        Value::String(s) => {
            let s = s.trim();
            if let Ok(i) = s.parse::<i64>() {
                return Ok(Value::Int(i));
            }
            match parse_float(s) {
                Some(f) => truncate(f).map(Value::Int),
                None => Ok(Value::Null),
            }
        }
        _ => Err(ConvError::Type),
    }
}

/// Decimal or scientific notation, as Cypher float literals are written, plus Java's
/// `NaN` and `Infinity`. Rust's own spellings (`inf`, `infinity`) are not accepted.
fn parse_float(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if unsigned == "NaN" || unsigned == "Infinity" {
        let f = if unsigned == "NaN" {
            f64::NAN
        } else {
            f64::INFINITY
        };
        return Some(if s.starts_with('-') { -f } else { f });
    }
    if unsigned
        .chars()
        .any(|ch| ch.is_ascii_alphabetic() && ch != 'e' && ch != 'E')
    {
        return None;
    }
    s.parse::<f64>().ok()
}

fn to_float(v: &Value) -> Result<Value, ConvError> {
    match v {
        Value::Null | Value::Float(_) => Ok(v.clone()),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::String(s) => Ok(parse_float(s.trim()).into()),
        _ => Err(ConvError::Type),
    }
}

fn to_string(v: &Value) -> Result<Value, ConvError> {
    match v {
        Value::Null | Value::String(_) => Ok(v.clone()),
        v => to_text(v).map(Value::from).ok_or(ConvError::Type),
    }
}

// ---- lists ----

/// The most elements `range()` may produce: far beyond any sensible query, well below what
/// would exhaust memory.
const MAX_RANGE: i128 = 50_000_000;

fn range(c: &Call<'_>) -> Result<Value, CypherError> {
    let mut bounds = [0i64, 0, 1];
    for (i, slot) in bounds.iter_mut().enumerate().take(c.args.len()) {
        match c.arg(i) {
            Value::Null => return Ok(Value::Null),
            Value::Int(n) => *slot = *n,
            v => {
                return Err(CypherError::argument(format!(
                    "Invalid input for function 'range()': expected an INTEGER, got {}",
                    v.type_name()
                ))
                .with_detail("InvalidArgumentType"));
            }
        }
    }
    let [start, end, step] = bounds;
    if step == 0 {
        return Err(c
            .arg_err("step must not be zero")
            .with_detail("NumberOutOfRange"));
    }
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let count = if (step > 0 && start > end) || (step < 0 && start < end) {
        0
    } else {
        (end - start) / step + 1
    };
    if count > MAX_RANGE {
        return Err(CypherError::new(
            ErrorKind::ResourceError,
            format!("range() would produce {count} elements, more than the limit of {MAX_RANGE}"),
        ));
    }
    // Every element lies between start and end, so the conversions back to i64 are exact.
    Ok(Value::List(
        (0..count)
            .map(|k| Value::Int((start + k * step) as i64))
            .collect(),
    ))
}

fn reverse(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::String(s) => Ok(Value::from(s.chars().rev().collect::<String>())),
        Value::List(l) => Ok(Value::List(l.iter().rev().cloned().collect())),
        v => Err(c.type_err("a STRING or LIST", v)),
    }
}

// ---- maths ----

fn float_fn(c: &Call<'_>, f: fn(f64) -> f64) -> Result<Value, CypherError> {
    Ok(c.num(0)?.map(f).into())
}

fn atan2(c: &Call<'_>) -> Result<Value, CypherError> {
    Ok(match (c.num(0)?, c.num(1)?) {
        (Some(y), Some(x)) => Value::Float(y.atan2(x)),
        _ => Value::Null,
    })
}

fn abs(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => i.checked_abs().map(Value::Int).ok_or_else(|| {
            CypherError::new(ErrorKind::ArithmeticError, "integer overflow in abs()")
        }),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        v => Err(c.type_err("a number", v)),
    }
}

/// `sign()` is an INTEGER for both integers and floats (0 for NaN), as in Neo4j.
fn sign(c: &Call<'_>) -> Result<Value, CypherError> {
    match c.arg(0) {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => Ok(Value::Int(i.signum())),
        Value::Float(f) if f.is_nan() || *f == 0.0 => Ok(Value::Int(0)),
        Value::Float(f) => Ok(Value::Int(if *f > 0.0 { 1 } else { -1 })),
        v => Err(c.type_err("a number", v)),
    }
}

/// Java's `RoundingMode`s, plus the tie-towards-positive-infinity rule of `Math.round` that
/// Neo4j uses when no mode is given.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RoundMode {
    Up,
    Down,
    Ceiling,
    Floor,
    HalfUp,
    HalfDown,
    HalfEven,
    HalfCeiling,
    Unnecessary,
}

impl RoundMode {
    fn parse(s: &str) -> Option<RoundMode> {
        Some(match s.to_ascii_uppercase().as_str() {
            "UP" => RoundMode::Up,
            "DOWN" => RoundMode::Down,
            "CEILING" => RoundMode::Ceiling,
            "FLOOR" => RoundMode::Floor,
            "HALF_UP" => RoundMode::HalfUp,
            "HALF_DOWN" => RoundMode::HalfDown,
            "HALF_EVEN" => RoundMode::HalfEven,
            "UNNECESSARY" => RoundMode::Unnecessary,
            _ => return None,
        })
    }
}

/// `round(x)`, `round(x, precision)` and `round(x, precision, mode)`; always a FLOAT.
/// Without a mode, ties go away from zero, except at precision 0 where they go towards
/// positive infinity to agree with `round(x)` (Neo4j's documented behaviour).
fn round(c: &Call<'_>) -> Result<Value, CypherError> {
    let Some(x) = c.num(0)? else {
        return Ok(Value::Null);
    };
    if c.args.len() == 1 {
        return Ok(Value::Float(
            round_decimal(x, 0, RoundMode::HalfCeiling).unwrap_or(x),
        ));
    }
    let precision = match c.arg(1) {
        Value::Null => return Ok(Value::Null),
        Value::Int(p) => *p,
        v => return Err(c.type_err("an INTEGER precision", v)),
    };
    let mode = match c.args.get(2) {
        None if precision == 0 => RoundMode::HalfCeiling,
        None => RoundMode::HalfUp,
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::String(s)) => {
            RoundMode::parse(s).ok_or_else(|| c.arg_err(format!("unknown rounding mode '{s}'")))?
        }
        Some(v) => return Err(c.type_err("a STRING rounding mode", v)),
    };
    let precision = i32::try_from(precision).map_err(|_| c.arg_err("precision out of range"))?;
    round_decimal(x, precision, mode)
        .map(Value::Float)
        .ok_or_else(|| c.arg_err("rounding necessary"))
}

/// Round `x` to `precision` decimal places in `mode`, working on the shortest decimal form
/// of `x` (as Java's `BigDecimal.valueOf` does), so that e.g. `round(2.675, 2)` is `2.68`.
/// `None` when `mode` is [`RoundMode::Unnecessary`] and rounding would change the value.
fn round_decimal(x: f64, precision: i32, mode: RoundMode) -> Option<f64> {
    if !x.is_finite() || x == 0.0 {
        return Some(x);
    }
    let negative = x < 0.0;
    // `{:e}` gives the shortest round-tripping digits: "d.ddde<exp>".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e')?;
    let exp: i64 = exp.parse().ok()?;
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // Number of leading digits that survive rounding.
    let keep = exp + 1 + i64::from(precision);
    if keep >= digits.len() as i64 {
        return Some(x);
    }
    let (kept, first_dropped, rest_nonzero) = if keep < 0 {
        (&digits[..0], 0, true)
    } else {
        let k = keep as usize;
        (
            &digits[..k],
            digits[k],
            digits[k + 1..].iter().any(|&d| d != 0),
        )
    };
    let above_half = first_dropped > 5 || (first_dropped == 5 && rest_nonzero);
    let tie = first_dropped == 5 && !rest_nonzero;
    let last_odd = kept.last().is_some_and(|d| d % 2 == 1);
    let up = match mode {
        RoundMode::Up => true,
        RoundMode::Down => false,
        RoundMode::Ceiling => !negative,
        RoundMode::Floor => negative,
        RoundMode::HalfUp => above_half || tie,
        RoundMode::HalfDown => above_half,
        RoundMode::HalfEven => above_half || (tie && last_odd),
        RoundMode::HalfCeiling => above_half || (tie && !negative),
        RoundMode::Unnecessary => return None,
    };
    let mut magnitude: u64 = kept.iter().fold(0, |acc, &d| acc * 10 + u64::from(d));
    if up {
        magnitude += 1;
    }
    if magnitude == 0 {
        // Like BigDecimal, which has no negative zero.
        return Some(0.0);
    }
    let rounded: f64 = format!("{magnitude}e{}", -i64::from(precision))
        .parse()
        .ok()?;
    Some(if negative { -rounded } else { rounded })
}

// ---- strings ----

/// `left(s, n)` / `right(s, n)`: the first or last `n` characters.
fn take_chars(c: &Call<'_>, from_start: bool) -> Result<Value, CypherError> {
    let Some(s) = c.str(0)? else {
        return Ok(Value::Null);
    };
    let n = c.int(1, "length")?;
    let n = usize::try_from(n)
        .map_err(|_| c.arg_err(format!("length must be non-negative, got {n}")))?;
    Ok(Value::from(if from_start {
        s.chars().take(n).collect::<String>()
    } else {
        let total = s.chars().count();
        s.chars().skip(total.saturating_sub(n)).collect::<String>()
    }))
}

/// `trim`, `lTrim`, `rTrim`, `btrim`: whitespace, or any of the characters of the optional
/// second argument.
fn trim(c: &Call<'_>, left: bool, right: bool) -> Result<Value, CypherError> {
    let Some(s) = c.str(0)? else {
        return Ok(Value::Null);
    };
    let set: Option<Vec<char>> = if c.args.len() > 1 {
        match c.str(1)? {
            None => return Ok(Value::Null),
            Some(chars) => Some(chars.chars().collect()),
        }
    } else {
        None
    };
    let strip = |ch: char| {
        set.as_ref()
            .map_or(ch.is_whitespace(), |set| set.contains(&ch))
    };
    let mut out = s;
    if left {
        out = out.trim_start_matches(strip);
    }
    if right {
        out = out.trim_end_matches(strip);
    }
    Ok(Value::from(out))
}

fn replace(c: &Call<'_>) -> Result<Value, CypherError> {
    Ok(match (c.str(0)?, c.str(1)?, c.str(2)?) {
        (Some(s), Some(from), Some(to)) => Value::from(s.replace(from, to)),
        _ => Value::Null,
    })
}

/// `split(s, delimiter)` where the delimiter is a string or a list of strings; an empty
/// delimiter splits into characters.
fn split(c: &Call<'_>) -> Result<Value, CypherError> {
    let Some(s) = c.str(0)? else {
        return Ok(Value::Null);
    };
    let delims: Vec<&str> = match c.arg(1) {
        Value::Null => return Ok(Value::Null),
        Value::String(d) => vec![d],
        Value::List(l) => {
            let mut out = Vec::with_capacity(l.len());
            for d in l {
                match d {
                    Value::String(d) => out.push(&**d),
                    Value::Null => return Ok(Value::Null),
                    v => return Err(c.type_err("a STRING or LIST<STRING> delimiter", v)),
                }
            }
            out
        }
        v => return Err(c.type_err("a STRING or LIST<STRING> delimiter", v)),
    };
    let delims: Vec<&str> = delims.into_iter().filter(|d| !d.is_empty()).collect();
    if delims.is_empty() {
        return Ok(Value::List(
            s.chars().map(|ch| Value::from(ch.to_string())).collect(),
        ));
    }
    let mut parts = Vec::new();
    let (mut piece_start, mut i) = (0, 0);
    while i < s.len() {
        if let Some(d) = delims.iter().find(|d| s[i..].starts_with(**d)) {
            parts.push(Value::from(&s[piece_start..i]));
            i += d.len();
            piece_start = i;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.push(Value::from(&s[piece_start..]));
    Ok(Value::List(parts))
}

/// `substring(s, start[, length])`, counting characters from 0.
fn substring(c: &Call<'_>) -> Result<Value, CypherError> {
    let Some(s) = c.str(0)? else {
        return Ok(Value::Null);
    };
    let start = c.int(1, "start")?;
    let start = usize::try_from(start)
        .map_err(|_| c.arg_err(format!("start must be non-negative, got {start}")))?;
    let chars = s.chars().skip(start);
    Ok(Value::from(if c.args.len() > 2 {
        let len = c.int(2, "length")?;
        let len = usize::try_from(len)
            .map_err(|_| c.arg_err(format!("length must be non-negative, got {len}")))?;
        chars.take(len).collect::<String>()
    } else {
        chars.collect::<String>()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{NodeId, Path, RelId};

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    fn run(name: &str, args: &[Value]) -> Result<Value, CypherError> {
        let g = Graph::new();
        call(name, args, &g).unwrap_or_else(|| panic!("unknown function {name}"))
    }

    fn ok(name: &str, args: &[Value]) -> Value {
        run(name, args).unwrap_or_else(|e| panic!("{name}({args:?}) failed: {e}"))
    }

    fn err(name: &str, args: &[Value]) -> CypherError {
        match run(name, args) {
            Ok(v) => panic!("{name}({args:?}) gave {v:?}, expected an error"),
            Err(e) => e,
        }
    }

    /// Assert results by Cypher equivalence (so that NaN matches NaN and 1 does not match 1.0
    /// by type).
    fn check(cases: &[(&str, Vec<Value>, Value)]) {
        for (name, args, want) in cases {
            let got = ok(name, args);
            assert!(
                got.equivalent(want) && got.type_name() == want.type_name(),
                "{name}({args:?}) = {got:?}, want {want:?}"
            );
        }
    }

    fn check_errors(cases: &[(&str, Vec<Value>, ErrorKind)]) {
        for (name, args, kind) in cases {
            let e = err(name, args);
            assert_eq!(e.kind, *kind, "{name}({args:?}): {e}");
        }
    }

    #[test]
    fn unknown_and_aggregate_names() {
        let g = Graph::new();
        assert!(call("nosuchfunction", &[], &g).is_none());
        assert!(is_aggregate("count") && is_aggregate("percentilecont") && is_aggregate("stdevp"));
        assert!(!is_aggregate("size") && !is_aggregate("tolower"));
    }

    #[test]
    fn arity_is_checked() {
        let e = err("size", &[]);
        assert_eq!(
            (e.kind, e.detail),
            (ErrorKind::SyntaxError, Some("InvalidNumberOfArguments"))
        );
        let e = err(
            "substring",
            &[s("a"), Value::Int(0), Value::Int(1), Value::Int(2)],
        );
        assert_eq!(e.kind, ErrorKind::SyntaxError);
        assert!(run("coalesce", &[Value::Null, Value::Null, Value::Int(3)]).is_ok());
    }

    #[test]
    fn null_in_null_out() {
        let one = [
            "abs",
            "ceil",
            "floor",
            "round",
            "sign",
            "sqrt",
            "exp",
            "log",
            "log10",
            "sin",
            "cos",
            "tan",
            "cot",
            "asin",
            "acos",
            "atan",
            "degrees",
            "radians",
            "haversin",
            "size",
            "head",
            "last",
            "tail",
            "reverse",
            "tolower",
            "toupper",
            "trim",
            "ltrim",
            "rtrim",
            "btrim",
            "toboolean",
            "tointeger",
            "tofloat",
            "tostring",
            "tobooleanornull",
            "tointegerornull",
            "tofloatornull",
            "tostringornull",
            "tobooleanlist",
            "tointegerlist",
            "tofloatlist",
            "tostringlist",
            "labels",
            "type",
            "keys",
            "properties",
            "id",
            "elementid",
            "startnode",
            "endnode",
            "nodes",
            "relationships",
            "length",
            "isempty",
            "isnan",
            "char_length",
            "character_length",
            "coalesce",
        ];
        for name in one {
            assert!(ok(name, &[Value::Null]).is_null(), "{name}(null)");
        }
        let two = [
            "left",
            "right",
            "split",
            "substring",
            "atan2",
            "replace",
            "range",
            "nullif",
        ];
        for name in two {
            let mut args = vec![Value::Null, Value::Int(1)];
            if name == "replace" {
                args = vec![Value::Null, s("a"), s("b")];
            }
            assert!(ok(name, &args).is_null(), "{name}(null, ..)");
        }
        check(&[
            ("replace", vec![s("abc"), Value::Null, s("x")], Value::Null),
            ("split", vec![s("a,b"), Value::Null], Value::Null),
            ("atan2", vec![Value::Float(1.0), Value::Null], Value::Null),
            ("round", vec![Value::Float(1.5), Value::Null], Value::Null),
        ]);
    }

    #[test]
    fn scalar_functions() {
        check(&[
            (
                "coalesce",
                vec![Value::Null, Value::Int(2), Value::Int(3)],
                Value::Int(2),
            ),
            ("coalesce", vec![Value::Null], Value::Null),
            (
                "head",
                vec![list(vec![Value::Int(1), Value::Int(2)])],
                Value::Int(1),
            ),
            ("head", vec![list(vec![])], Value::Null),
            (
                "last",
                vec![list(vec![Value::Int(1), Value::Int(2)])],
                Value::Int(2),
            ),
            ("size", vec![s("héllo")], Value::Int(5)),
            (
                "size",
                vec![list(vec![Value::Null, Value::Null])],
                Value::Int(2),
            ),
            ("char_length", vec![s("abc")], Value::Int(3)),
            ("character_length", vec![s("")], Value::Int(0)),
            ("nullif", vec![Value::Int(1), Value::Int(1)], Value::Null),
            (
                "nullif",
                vec![Value::Int(1), Value::Float(1.0)],
                Value::Null,
            ),
            ("nullif", vec![Value::Int(1), s("1")], Value::Int(1)),
            ("isempty", vec![s("")], Value::Bool(true)),
            (
                "isempty",
                vec![list(vec![Value::Int(1)])],
                Value::Bool(false),
            ),
            (
                "isempty",
                vec![Value::Map(BTreeMap::new())],
                Value::Bool(true),
            ),
            ("isnan", vec![Value::Float(f64::NAN)], Value::Bool(true)),
            ("isnan", vec![Value::Int(1)], Value::Bool(false)),
        ]);
        check_errors(&[
            ("size", vec![Value::Int(1)], ErrorKind::TypeError),
            ("head", vec![s("abc")], ErrorKind::TypeError),
            ("isempty", vec![Value::Int(1)], ErrorKind::TypeError),
            ("isnan", vec![s("x")], ErrorKind::TypeError),
        ]);
        let Value::Int(t) = ok("timestamp", &[]) else {
            panic!("timestamp() is not an integer")
        };
        assert!(t > 1_600_000_000_000);
    }

    #[test]
    fn random_values() {
        for _ in 0..1000 {
            let Value::Float(r) = ok("rand", &[]) else {
                panic!("rand() is not a float")
            };
            assert!((0.0..1.0).contains(&r));
        }
        let (Value::String(a), Value::String(b)) = (ok("randomuuid", &[]), ok("randomuuid", &[]))
        else {
            panic!("randomUUID() is not a string")
        };
        assert_ne!(a, b);
        let parts: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }

    #[test]
    fn conversions() {
        let f = Value::Float;
        let i = Value::Int;
        let b = Value::Bool;
        check(&[
            ("toboolean", vec![s("true")], b(true)),
            ("toboolean", vec![s("FALSE")], b(false)),
            ("toboolean", vec![s(" tru ")], Value::Null),
            ("toboolean", vec![s("")], Value::Null),
            ("toboolean", vec![i(0)], b(false)),
            ("toboolean", vec![i(7)], b(true)),
            ("tobooleanornull", vec![f(1.0)], Value::Null),
            ("tointeger", vec![f(82.9)], i(82)),
            ("tointeger", vec![f(-2.9)], i(-2)),
            ("tointeger", vec![s("42")], i(42)),
            ("tointeger", vec![s("1.7")], i(1)),
            ("tointeger", vec![s("1e3")], i(1000)),
            ("tointeger", vec![s("foo")], Value::Null),
            ("tointeger", vec![s("")], Value::Null),
            ("tointeger", vec![s("inf")], Value::Null),
            ("tointeger", vec![b(true)], i(1)),
            ("tointegerornull", vec![list(vec![])], Value::Null),
            ("tointegerornull", vec![f(1e30)], Value::Null),
            ("tofloat", vec![i(3)], f(3.0)),
            ("tofloat", vec![s("5")], f(5.0)),
            ("tofloat", vec![s(" 2.5 ")], f(2.5)),
            ("tofloat", vec![s("foo")], Value::Null),
            ("tofloat", vec![s("NaN")], f(f64::NAN)),
            ("tofloatornull", vec![b(true)], Value::Null),
            ("tostring", vec![i(42)], s("42")),
            ("tostring", vec![f(2.3)], s("2.3")),
            ("tostring", vec![f(1.0)], s("1.0")),
            ("tostring", vec![f(1e10)], s("1.0E10")),
            ("tostring", vec![b(true)], s("true")),
            ("tostring", vec![s("apa")], s("apa")),
            ("tostringornull", vec![list(vec![])], Value::Null),
            (
                "tobooleanlist",
                vec![list(vec![s("true"), i(0), f(1.0), Value::Null])],
                list(vec![b(true), b(false), Value::Null, Value::Null]),
            ),
            (
                "tointegerlist",
                vec![list(vec![s("2"), f(2.9), s("foo"), list(vec![])])],
                list(vec![i(2), i(2), Value::Null, Value::Null]),
            ),
            (
                "tofloatlist",
                vec![list(vec![i(1), s("2.5"), b(true)])],
                list(vec![f(1.0), f(2.5), Value::Null]),
            ),
            (
                "tostringlist",
                vec![list(vec![
                    i(1),
                    f(2.0),
                    b(false),
                    Value::Map(BTreeMap::new()),
                ])],
                list(vec![s("1"), s("2.0"), s("false"), Value::Null]),
            ),
        ]);
        let path = Value::Path(Path {
            nodes: vec![NodeId(0)],
            rels: vec![],
        });
        for invalid in [
            list(vec![]),
            Value::Map(BTreeMap::new()),
            Value::Node(NodeId(0)),
            Value::Relationship(RelId(0)),
            path,
        ] {
            for name in ["toboolean", "tointeger", "tofloat", "tostring"] {
                let e = err(name, std::slice::from_ref(&invalid));
                assert_eq!(
                    (e.kind, e.detail),
                    (ErrorKind::TypeError, Some("InvalidArgumentValue")),
                    "{name}({invalid:?})"
                );
            }
        }
        check_errors(&[
            ("toboolean", vec![f(1.0)], ErrorKind::TypeError),
            ("tofloat", vec![b(true)], ErrorKind::TypeError),
            ("tointeger", vec![f(1e30)], ErrorKind::ArgumentError),
            ("tointeger", vec![f(f64::NAN)], ErrorKind::ArgumentError),
            ("tointegerlist", vec![s("1")], ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn list_functions() {
        let ints = |v: &[i64]| list(v.iter().map(|x| Value::Int(*x)).collect());
        check(&[
            (
                "range",
                vec![Value::Int(0), Value::Int(3)],
                ints(&[0, 1, 2, 3]),
            ),
            ("range", vec![Value::Int(0), Value::Int(-1)], ints(&[])),
            (
                "range",
                vec![Value::Int(1381), Value::Int(-3412), Value::Int(-1298)],
                ints(&[1381, 83, -1215, -2513]),
            ),
            (
                "range",
                vec![Value::Int(-10), Value::Int(10), Value::Int(3)],
                ints(&[-10, -7, -4, -1, 2, 5, 8]),
            ),
            (
                "range",
                vec![Value::Int(0), Value::Int(1), Value::Int(-1)],
                ints(&[]),
            ),
            (
                "range",
                vec![Value::Int(0), Value::Int(0), Value::Int(-1)],
                ints(&[0]),
            ),
            (
                "range",
                vec![Value::Int(i64::MAX - 1), Value::Int(i64::MAX)],
                ints(&[i64::MAX - 1, i64::MAX]),
            ),
            ("reverse", vec![ints(&[1, 2, 3])], ints(&[3, 2, 1])),
            ("reverse", vec![s("raksO")], s("Oskar")),
            ("tail", vec![ints(&[1, 2, 3])], ints(&[2, 3])),
            ("tail", vec![ints(&[])], ints(&[])),
        ]);
        let e = err("range", &[Value::Int(2), Value::Int(8), Value::Int(0)]);
        assert_eq!(
            (e.kind, e.detail),
            (ErrorKind::ArgumentError, Some("NumberOutOfRange"))
        );
        for bad in [
            Value::Bool(true),
            Value::Float(0.0),
            Value::Float(-1.1),
            s("xyz"),
            ints(&[0]),
            Value::Map(BTreeMap::new()),
        ] {
            for pos in 0..3 {
                let mut args = vec![Value::Int(0), Value::Int(1), Value::Int(1)];
                args[pos] = bad.clone();
                let e = err("range", &args);
                assert_eq!(
                    (e.kind, e.detail),
                    (ErrorKind::ArgumentError, Some("InvalidArgumentType")),
                    "{args:?}"
                );
            }
        }
        assert_eq!(
            err("range", &[Value::Int(0), Value::Int(i64::MAX)]).kind,
            ErrorKind::ResourceError
        );
        check_errors(&[
            ("reverse", vec![Value::Int(1)], ErrorKind::TypeError),
            ("tail", vec![s("ab")], ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn maths() {
        let f = Value::Float;
        let i = Value::Int;
        check(&[
            ("abs", vec![i(-1)], i(1)),
            ("abs", vec![f(-1.5)], f(1.5)),
            ("ceil", vec![f(1.2)], f(2.0)),
            ("ceil", vec![i(1)], f(1.0)),
            ("floor", vec![f(-1.2)], f(-2.0)),
            ("sign", vec![i(-7)], i(-1)),
            ("sign", vec![f(0.5)], i(1)),
            ("sign", vec![f(0.0)], i(0)),
            ("sqrt", vec![f(12.96)], f(3.6)),
            ("sqrt", vec![i(-1)], f(f64::NAN)),
            ("exp", vec![i(0)], f(1.0)),
            ("log", vec![f(std::f64::consts::E)], f(1.0)),
            ("log", vec![i(0)], f(f64::NEG_INFINITY)),
            ("log10", vec![i(100)], f(2.0)),
            ("e", vec![], f(std::f64::consts::E)),
            ("pi", vec![], f(std::f64::consts::PI)),
            ("sin", vec![i(0)], f(0.0)),
            ("cos", vec![i(0)], f(1.0)),
            ("tan", vec![i(0)], f(0.0)),
            ("asin", vec![i(1)], f(std::f64::consts::FRAC_PI_2)),
            ("acos", vec![i(1)], f(0.0)),
            ("atan", vec![i(0)], f(0.0)),
            ("atan2", vec![i(1), i(0)], f(std::f64::consts::FRAC_PI_2)),
            ("tanh", vec![i(0)], f(0.0)),
            ("sinh", vec![i(0)], f(0.0)),
            ("cosh", vec![i(0)], f(1.0)),
            ("coth", vec![f(1.0)], f(1.0 / 1f64.tanh())),
            ("degrees", vec![f(std::f64::consts::PI)], f(180.0)),
            ("radians", vec![i(180)], f(std::f64::consts::PI)),
            ("haversin", vec![i(0)], f(0.0)),
            (
                "cot",
                vec![f(std::f64::consts::FRAC_PI_4)],
                f(1.0 / std::f64::consts::FRAC_PI_4.tan()),
            ),
        ]);
        check_errors(&[
            ("abs", vec![i(i64::MIN)], ErrorKind::ArithmeticError),
            ("sqrt", vec![s("4")], ErrorKind::TypeError),
            ("sign", vec![Value::Bool(true)], ErrorKind::TypeError),
            ("atan2", vec![i(1), s("0")], ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn rounding() {
        let f = Value::Float;
        let i = Value::Int;
        let m = |x: &str| s(x);
        check(&[
            ("round", vec![f(3.25)], f(3.0)),
            ("round", vec![f(2.5)], f(3.0)),
            ("round", vec![f(-1.5)], f(-1.0)),
            ("round", vec![f(-2.7)], f(-3.0)),
            ("round", vec![f(0.49999999999999994)], f(0.0)),
            ("round", vec![i(3)], f(3.0)),
            ("round", vec![f(1e300)], f(1e300)),
            ("round", vec![f(1.234567), i(3)], f(1.235)),
            ("round", vec![f(2.675), i(2)], f(2.68)),
            ("round", vec![f(-1.55), i(1)], f(-1.6)),
            ("round", vec![f(-1.5), i(0)], f(-1.0)),
            ("round", vec![f(1234.5), i(-2)], f(1200.0)),
            ("round", vec![f(0.001), i(1)], f(0.0)),
            ("round", vec![f(0.001), i(1), m("UP")], f(0.1)),
            ("round", vec![f(-1.55), i(1), m("HALF_DOWN")], f(-1.5)),
            ("round", vec![f(1.25), i(1), m("HALF_EVEN")], f(1.2)),
            ("round", vec![f(1.35), i(1), m("half_even")], f(1.4)),
            ("round", vec![f(-1.21), i(1), m("CEILING")], f(-1.2)),
            ("round", vec![f(-1.21), i(1), m("FLOOR")], f(-1.3)),
            ("round", vec![f(-1.29), i(1), m("DOWN")], f(-1.2)),
            ("round", vec![f(1.5), i(3), m("UNNECESSARY")], f(1.5)),
            ("round", vec![f(99.99), i(1)], f(100.0)),
        ]);
        check_errors(&[
            (
                "round",
                vec![f(1.55), i(1), m("UNNECESSARY")],
                ErrorKind::ArgumentError,
            ),
            (
                "round",
                vec![f(1.55), i(1), m("SIDEWAYS")],
                ErrorKind::ArgumentError,
            ),
            ("round", vec![f(1.55), f(1.0)], ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn strings() {
        let i = Value::Int;
        let strs = |v: &[&str]| list(v.iter().map(|x| s(x)).collect());
        check(&[
            ("left", vec![s("héllo"), i(2)], s("hé")),
            ("left", vec![s("ab"), i(10)], s("ab")),
            ("right", vec![s("hello"), i(3)], s("llo")),
            ("right", vec![s("hello"), i(0)], s("")),
            ("ltrim", vec![s("  a  ")], s("a  ")),
            ("rtrim", vec![s("  a  ")], s("  a")),
            ("trim", vec![s("\t a \n")], s("a")),
            ("btrim", vec![s("xxhixx"), s("x")], s("hi")),
            ("ltrim", vec![s("xyhi"), s("yx")], s("hi")),
            ("replace", vec![s("hello"), s("l"), s("L")], s("heLLo")),
            ("replace", vec![s("abc"), s(""), s("-")], s("-a-b-c-")),
            ("split", vec![s("one1two"), s("1")], strs(&["one", "two"])),
            ("split", vec![s("a,b,"), s(",")], strs(&["a", "b", ""])),
            ("split", vec![s("abc"), s("")], strs(&["a", "b", "c"])),
            (
                "split",
                vec![s("a-b_c"), strs(&["-", "_"])],
                strs(&["a", "b", "c"]),
            ),
            ("split", vec![s("é,è"), s(",")], strs(&["é", "è"])),
            ("substring", vec![s("0123456789"), i(1)], s("123456789")),
            ("substring", vec![s("0123456789"), i(1), i(3)], s("123")),
            ("substring", vec![s("abc"), i(10)], s("")),
            ("tolower", vec![s("ABc")], s("abc")),
            ("lower", vec![s("ABc")], s("abc")),
            ("toupper", vec![s("abC")], s("ABC")),
            ("upper", vec![s("abC")], s("ABC")),
        ]);
        check_errors(&[
            ("substring", vec![s("abc"), i(-1)], ErrorKind::ArgumentError),
            (
                "substring",
                vec![s("abc"), i(0), i(-1)],
                ErrorKind::ArgumentError,
            ),
            ("left", vec![s("abc"), i(-1)], ErrorKind::ArgumentError),
            (
                "left",
                vec![s("abc"), Value::Null],
                ErrorKind::ArgumentError,
            ),
            ("right", vec![s("abc"), s("1")], ErrorKind::TypeError),
            ("tolower", vec![i(1)], ErrorKind::TypeError),
            ("split", vec![s("abc"), i(1)], ErrorKind::TypeError),
            (
                "replace",
                vec![s("abc"), i(1), s("x")],
                ErrorKind::TypeError,
            ),
        ]);
    }

    #[test]
    fn entity_functions() {
        let mut g = Graph::new();
        let (a, b, k1, k2, t) = (
            g.intern("A"),
            g.intern("B"),
            g.intern("name"),
            g.intern("age"),
            g.intern("T"),
        );
        let n1 = g
            .create_node(&[b, a], vec![(k1, s("x")), (k2, Value::Int(3))])
            .expect("create node");
        let n2 = g.create_node(&[], vec![]).expect("create node");
        let r = g
            .create_rel(n1, n2, t, vec![(k2, Value::Int(7))])
            .expect("create rel");
        let call_ok = |name: &str, arg: Value| {
            call(name, &[arg], &g)
                .expect("known function")
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        let path = Value::Path(Path {
            nodes: vec![n1, n2],
            rels: vec![r],
        });
        let cases = [
            ("labels", Value::Node(n1), list(vec![s("B"), s("A")])),
            ("labels", Value::Node(n2), list(vec![])),
            ("keys", Value::Node(n1), list(vec![s("name"), s("age")])),
            ("keys", Value::Relationship(r), list(vec![s("age")])),
            ("type", Value::Relationship(r), s("T")),
            ("id", Value::Node(n2), Value::Int(n2.0 as i64)),
            ("elementid", Value::Node(n2), s(&format!("n:{}", n2.0))),
            (
                "elementid",
                Value::Relationship(r),
                s(&format!("r:{}", r.0)),
            ),
            ("startnode", Value::Relationship(r), Value::Node(n1)),
            ("endnode", Value::Relationship(r), Value::Node(n2)),
            (
                "nodes",
                path.clone(),
                list(vec![Value::Node(n1), Value::Node(n2)]),
            ),
            (
                "relationships",
                path.clone(),
                list(vec![Value::Relationship(r)]),
            ),
            ("length", path.clone(), Value::Int(1)),
        ];
        for (name, arg, want) in cases {
            let got = call_ok(name, arg.clone());
            assert!(
                got.equivalent(&want),
                "{name}({arg:?}) = {got:?}, want {want:?}"
            );
        }
        let props = call_ok("properties", Value::Node(n1));
        let mut want = BTreeMap::new();
        want.insert("name".to_string(), s("x"));
        want.insert("age".to_string(), Value::Int(3));
        assert!(props.equivalent(&Value::Map(want.clone())));
        assert!(
            call_ok("properties", Value::Map(want.clone())).equivalent(&Value::Map(want.clone()))
        );
        assert!(call_ok("keys", Value::Map(want)).equivalent(&list(vec![s("age"), s("name")])));

        for (name, arg) in [
            ("labels", Value::Int(1)),
            ("labels", path.clone()),
            ("type", Value::Node(n1)),
            ("keys", s("x")),
            ("properties", Value::Int(1)),
            ("length", Value::Node(n1)),
            ("nodes", list(vec![])),
            ("startnode", Value::Node(n1)),
            ("id", s("x")),
        ] {
            let e = call(name, std::slice::from_ref(&arg), &g).expect("known function");
            assert!(
                matches!(e, Err(ref e) if e.kind == ErrorKind::TypeError),
                "{name}({arg:?}) = {e:?}"
            );
        }

        g.detach_delete_node(n1).expect("delete");
        for name in ["labels", "keys", "properties"] {
            let e = call(name, &[Value::Node(n1)], &g).expect("known function");
            assert!(
                matches!(e, Err(ref e) if e.kind == ErrorKind::EntityNotFound && e.detail == Some("DeletedEntityAccess")),
                "{name} of a deleted node: {e:?}"
            );
        }
    }

    #[test]
    fn text_of_values() {
        assert_eq!(to_text(&Value::Float(-0.5)).as_deref(), Some("-0.5"));
        assert_eq!(to_text(&Value::Int(-3)).as_deref(), Some("-3"));
        assert_eq!(to_text(&list(vec![])), None);
        assert_eq!(to_text(&Value::Null), None);
    }
}

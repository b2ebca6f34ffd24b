//! Cypher's operators on values: arithmetic, concatenation, comparison, membership, string
//! predicates, regular expressions and three-valued logic, with Neo4j's rules for null, mixed
//! numeric types, overflow and division by zero. Temporal arithmetic is [`crate::temporal`]'s.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;

use cartograph_cypher::{CypherError, ErrorKind, ast};
use regex::Regex;

use super::functions::to_text;
use crate::value::Value;

/// Apply a binary operator. `AND`, `OR` and `XOR` are here too for completeness; the evaluator
/// may short-circuit them instead.
pub(crate) fn binary(op: ast::BinaryOp, a: &Value, b: &Value) -> Result<Value, CypherError> {
    use ast::BinaryOp::*;
    match op {
        And | Or | Xor => logical(op, a, b),
        Eq => Ok(a.cypher_eq(b).into()),
        Ne => Ok(a.cypher_eq(b).map(|eq| !eq).into()),
        Lt | Le | Gt | Ge => Ok(compare(op, a, b)),
        Add => add(a, b),
        Sub | Mul | Div | Mod | Pow => arithmetic(op, a, b),
        In => membership(a, b),
        StartsWith | EndsWith | Contains => Ok(string_predicate(op, a, b)),
        Regex => regex_match(a, b),
    }
}

/// Apply a unary operator.
pub(crate) fn unary(op: ast::UnaryOp, v: &Value) -> Result<Value, CypherError> {
    match (op, v) {
        (_, Value::Null) => Ok(Value::Null),
        (ast::UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (ast::UnaryOp::Not, v) => Err(type_err(format!("Cannot apply NOT to {}", v.type_name()))),
        (ast::UnaryOp::Plus, Value::Int(_) | Value::Float(_) | Value::Duration(_)) => Ok(v.clone()),
        (ast::UnaryOp::Negate, Value::Int(i)) => {
            i.checked_neg().map(Value::Int).ok_or_else(overflow)
        }
        (ast::UnaryOp::Negate, Value::Float(f)) => Ok(Value::Float(-f)),
        (ast::UnaryOp::Negate, Value::Duration(_)) => crate::temporal::multiply(v, &Value::Int(-1))
            .unwrap_or_else(|| Err(type_err("Cannot negate DURATION"))),
        (_, v) => Err(type_err(format!(
            "Cannot apply unary {op:?} to {}",
            v.type_name()
        ))),
    }
}

/// Property access on a non-entity value: maps (`m.key` -> value or null), temporal
/// (`d.year` via crate::temporal::property), null -> null, others -> TypeError.
/// (Nodes and relationships are resolved by the evaluator, which holds the graph.)
pub(crate) fn property(v: &Value, key: &str) -> Result<Value, CypherError> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Map(m) => Ok(m.get(key).cloned().unwrap_or(Value::Null)),
        v => crate::temporal::property(v, key).unwrap_or_else(|| {
            Err(type_err(format!(
                "Type mismatch: expected a MAP, NODE or RELATIONSHIP but was {}",
                v.type_name()
            )))
        }),
    }
}

fn type_err(message: impl Into<String>) -> CypherError {
    CypherError::type_error(message)
}

fn overflow() -> CypherError {
    CypherError::new(ErrorKind::ArithmeticError, "integer overflow")
}

fn division_by_zero() -> CypherError {
    CypherError::new(ErrorKind::ArithmeticError, "/ by zero")
}

// ---- logic ----

fn truth(op: ast::BinaryOp, v: &Value) -> Result<Option<bool>, CypherError> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        v => Err(type_err(format!(
            "{op:?} expects BOOLEAN operands, got {}",
            v.type_name()
        ))),
    }
}

fn logical(op: ast::BinaryOp, a: &Value, b: &Value) -> Result<Value, CypherError> {
    let (a, b) = (truth(op, a)?, truth(op, b)?);
    Ok(match op {
        ast::BinaryOp::And => match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        ast::BinaryOp::Or => match (a, b) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        _ => a.zip(b).map(|(a, b)| a != b),
    }
    .into())
}

// ---- comparison ----

fn is_nan(v: &Value) -> bool {
    matches!(v, Value::Float(f) if f.is_nan())
}

fn is_number(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Float(_))
}

/// `<`, `<=`, `>`, `>=`: null for incomparable values, false when a NaN is compared with a
/// number (as the TCK requires).
fn compare(op: ast::BinaryOp, a: &Value, b: &Value) -> Value {
    if is_number(a) && is_number(b) && (is_nan(a) || is_nan(b)) {
        return Value::Bool(false);
    }
    let Some(ord) = a.cypher_cmp(b) else {
        return Value::Null;
    };
    Value::Bool(match op {
        ast::BinaryOp::Lt => ord == Ordering::Less,
        ast::BinaryOp::Le => ord != Ordering::Greater,
        ast::BinaryOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    })
}

/// `x IN list`: true on a match, else null if any comparison was unknown, else false.
fn membership(a: &Value, b: &Value) -> Result<Value, CypherError> {
    match b {
        Value::Null => Ok(Value::Null),
        Value::List(items) => {
            let mut unknown = false;
            for item in items {
                match a.cypher_eq(item) {
                    Some(true) => return Ok(Value::Bool(true)),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            Ok(if unknown {
                Value::Null
            } else {
                Value::Bool(false)
            })
        }
        v => Err(type_err(format!(
            "IN expects a LIST on its right, got {}",
            v.type_name()
        ))),
    }
}

// ---- strings ----

/// `STARTS WITH`, `ENDS WITH`, `CONTAINS`: null unless both operands are strings.
fn string_predicate(op: ast::BinaryOp, a: &Value, b: &Value) -> Value {
    let (Value::String(a), Value::String(b)) = (a, b) else {
        return Value::Null;
    };
    Value::Bool(match op {
        ast::BinaryOp::StartsWith => a.starts_with(&**b),
        ast::BinaryOp::EndsWith => a.ends_with(&**b),
        _ => a.contains(&**b),
    })
}

/// Compiled patterns kept per thread: a `WHERE x =~ $p` evaluates the same pattern on every
/// row. Cleared when it grows past [`REGEX_CACHE_SIZE`] to bound memory.
const REGEX_CACHE_SIZE: usize = 64;

thread_local! {
    static REGEX_CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// `s =~ pattern`: the whole string must match. Null unless both operands are strings.
fn regex_match(a: &Value, b: &Value) -> Result<Value, CypherError> {
    let (Value::String(text), Value::String(pattern)) = (a, b) else {
        return Ok(Value::Null);
    };
    REGEX_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(re) = cache.get(&**pattern) {
            return Ok(Value::Bool(re.is_match(text)));
        }
        let re = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
            CypherError::argument(format!("Invalid regular expression '{pattern}': {e}"))
        })?;
        let matched = re.is_match(text);
        if cache.len() >= REGEX_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(pattern.to_string(), re);
        Ok(Value::Bool(matched))
    })
}

// ---- arithmetic ----

/// A numeric operand.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn of(v: &Value) -> Option<Num> {
        match v {
            Value::Int(i) => Some(Num::Int(*i)),
            Value::Float(f) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    fn float(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

fn cannot(verb: &str, a: &Value, b: &Value) -> CypherError {
    type_err(format!(
        "Cannot {verb} `{}` and `{}`",
        a.type_name(),
        b.type_name()
    ))
}

/// `+`: numbers, list concatenation and append/prepend, string concatenation (with any value
/// that has a string form), and temporal + duration.
fn add(a: &Value, b: &Value) -> Result<Value, CypherError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(x), Value::List(y)) => Ok(Value::List(x.iter().chain(y).cloned().collect())),
        (Value::List(x), y) => Ok(Value::List(x.iter().chain([y]).cloned().collect())),
        (x, Value::List(y)) => Ok(Value::List([x].into_iter().chain(y).cloned().collect())),
        (Value::String(x), y) => match to_text(y) {
            Some(y) => Ok(Value::from(format!("{x}{y}"))),
            None => Err(cannot("add", a, b)),
        },
        (x, Value::String(y)) => match to_text(x) {
            Some(x) => Ok(Value::from(format!("{x}{y}"))),
            None => Err(cannot("add", a, b)),
        },
        _ => match (Num::of(a), Num::of(b)) {
            (Some(Num::Int(x)), Some(Num::Int(y))) => {
                x.checked_add(y).map(Value::Int).ok_or_else(overflow)
            }
            (Some(x), Some(y)) => Ok(Value::Float(x.float() + y.float())),
            _ => crate::temporal::add(a, b).unwrap_or_else(|| Err(cannot("add", a, b))),
        },
    }
}

/// `-`, `*`, `/`, `%`, `^` on numbers (integers stay integers except for `^`), and the
/// temporal forms of `-`, `*` and `/`.
fn arithmetic(op: ast::BinaryOp, a: &Value, b: &Value) -> Result<Value, CypherError> {
    use ast::BinaryOp::*;
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) else {
        let temporal = match op {
            Sub => crate::temporal::subtract(a, b),
            Mul => crate::temporal::multiply(a, b),
            Div => crate::temporal::divide(a, b),
            _ => None,
        };
        let verb = match op {
            Sub => "subtract",
            Mul => "multiply",
            Div => "divide",
            Mod => "take the modulo of",
            _ => "raise to the power",
        };
        return temporal.unwrap_or_else(|| Err(cannot(verb, a, b)));
    };
    if op == Pow {
        return Ok(Value::Float(x.float().powf(y.float())));
    }
    if let (Num::Int(x), Num::Int(y)) = (x, y) {
        return match op {
            Sub => x.checked_sub(y).ok_or_else(overflow),
            Mul => x.checked_mul(y).ok_or_else(overflow),
            Div if y == 0 => Err(division_by_zero()),
            Div => x.checked_div(y).ok_or_else(overflow),
            // i64::MIN % -1 is mathematically 0; only the hardware division overflows.
            _ if y == 0 => Err(division_by_zero()),
            _ => Ok(x.wrapping_rem(y)),
        }
        .map(Value::Int);
    }
    let (x, y) = (x.float(), y.float());
    Ok(Value::Float(match op {
        Sub => x - y,
        Mul => x * y,
        Div => x / y,
        _ => x % y,
    }))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use ast::BinaryOp::*;

    fn s(x: &str) -> Value {
        Value::from(x)
    }
    fn i(x: i64) -> Value {
        Value::Int(x)
    }
    fn f(x: f64) -> Value {
        Value::Float(x)
    }
    fn b(x: bool) -> Value {
        Value::Bool(x)
    }
    const N: Value = Value::Null;
    fn l(items: Vec<Value>) -> Value {
        Value::List(items)
    }
    fn m(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    fn same(got: &Value, want: &Value) -> bool {
        got.equivalent(want) && got.type_name() == want.type_name()
    }

    fn check(cases: &[(ast::BinaryOp, Value, Value, Value)]) {
        for (op, a, bv, want) in cases {
            match binary(*op, a, bv) {
                Ok(got) => assert!(
                    same(&got, want),
                    "{a:?} {op:?} {bv:?} = {got:?}, want {want:?}"
                ),
                Err(e) => panic!("{a:?} {op:?} {bv:?} failed: {e}"),
            }
        }
    }

    fn check_errors(cases: &[(ast::BinaryOp, Value, Value, ErrorKind)]) {
        for (op, a, bv, kind) in cases {
            match binary(*op, a, bv) {
                Ok(got) => panic!("{a:?} {op:?} {bv:?} = {got:?}, expected {kind:?}"),
                Err(e) => assert_eq!(e.kind, *kind, "{a:?} {op:?} {bv:?}: {e}"),
            }
        }
    }

    #[test]
    fn arithmetic_on_numbers() {
        check(&[
            (Add, i(99), i(5), i(104)),
            (Add, i(1), f(0.5), f(1.5)),
            (Sub, i(1), i(3), i(-2)),
            (Sub, f(1.5), i(1), f(0.5)),
            (Mul, i(6), i(7), i(42)),
            (Mul, i(2), f(1.5), f(3.0)),
            (Div, i(7), i(2), i(3)),
            (Div, i(-7), i(2), i(-3)),
            (Div, i(7), f(2.0), f(3.5)),
            (Div, f(1.0), i(0), f(f64::INFINITY)),
            (Div, f(-1.0), f(0.0), f(f64::NEG_INFINITY)),
            (Div, f(0.0), f(0.0), f(f64::NAN)),
            (Mod, i(7), i(3), i(1)),
            (Mod, i(-7), i(3), i(-1)),
            (Mod, i(i64::MIN), i(-1), i(0)),
            (Mod, f(7.5), i(2), f(1.5)),
            (Mod, f(1.0), f(0.0), f(f64::NAN)),
            (Pow, i(2), i(10), f(1024.0)),
            (Pow, i(4), f(0.5), f(2.0)),
        ]);
        check_errors(&[
            (Add, i(i64::MAX), i(1), ErrorKind::ArithmeticError),
            (Sub, i(i64::MIN), i(1), ErrorKind::ArithmeticError),
            (Mul, i(i64::MAX), i(2), ErrorKind::ArithmeticError),
            (Div, i(i64::MIN), i(-1), ErrorKind::ArithmeticError),
            (Div, i(1), i(0), ErrorKind::ArithmeticError),
            (Mod, i(1), i(0), ErrorKind::ArithmeticError),
            (Add, i(1), b(true), ErrorKind::TypeError),
            (Sub, s("a"), i(1), ErrorKind::TypeError),
            (Mul, l(vec![]), i(2), ErrorKind::TypeError),
            (Pow, i(2), s("x"), ErrorKind::TypeError),
            (Mod, m(&[]), i(2), ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn null_propagates_through_operators() {
        for op in [
            Add, Sub, Mul, Div, Mod, Pow, Eq, Ne, Lt, Le, Gt, Ge, StartsWith, EndsWith, Contains,
            Regex,
        ] {
            for (a, bv) in [(N, i(1)), (i(1), N), (N, N), (N, s("a")), (l(vec![]), N)] {
                match binary(op, &a, &bv) {
                    Ok(v) => assert!(v.is_null(), "{a:?} {op:?} {bv:?} = {v:?}"),
                    Err(e) => panic!("{a:?} {op:?} {bv:?}: {e}"),
                }
            }
        }
    }

    #[test]
    fn concatenation() {
        check(&[
            (Add, s("ab"), s("cd"), s("abcd")),
            (Add, s("a"), i(1), s("a1")),
            (Add, f(1.0), s("a"), s("1.0a")),
            (Add, s("a"), b(true), s("atrue")),
            (
                Add,
                l(vec![i(1), i(10)]),
                l(vec![i(4)]),
                l(vec![i(1), i(10), i(4)]),
            ),
            (Add, l(vec![b(false)]), b(true), l(vec![b(false), b(true)])),
            (Add, i(0), l(vec![i(1)]), l(vec![i(0), i(1)])),
            (Add, s("a"), l(vec![i(1)]), l(vec![s("a"), i(1)])),
            (
                Add,
                l(vec![l(vec![])]),
                l(vec![l(vec![])]),
                l(vec![l(vec![]), l(vec![])]),
            ),
        ]);
        check_errors(&[
            (Add, s("a"), m(&[]), ErrorKind::TypeError),
            (Add, m(&[]), s("a"), ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn comparisons() {
        let nan = || f(f64::NAN);
        check(&[
            (Eq, i(1), f(1.0), b(true)),
            (Eq, s("1"), i(1), b(false)),
            (Eq, l(vec![i(1), i(2)]), l(vec![N, i(2)]), N),
            (Eq, l(vec![i(1)]), l(vec![i(1), N]), b(false)),
            (Ne, i(1), i(2), b(true)),
            (Ne, N, N, N),
            (Eq, nan(), nan(), b(false)),
            (Ne, nan(), nan(), b(true)),
            (Lt, i(1), f(3.5), b(true)),
            (Le, i(1), f(1.0), b(true)),
            (Gt, s("b"), s("a"), b(true)),
            (Ge, l(vec![i(1), i(0)]), l(vec![i(1)]), b(true)),
            (Ge, l(vec![i(1), i(2)]), l(vec![i(1), N]), N),
            (Ge, l(vec![i(1), i(2)]), l(vec![i(3), N]), b(false)),
            (Lt, s("1"), i(1), N),
            (Lt, b(false), b(true), b(true)),
            (Lt, m(&[]), m(&[]), N),
            (Gt, nan(), i(1), b(false)),
            (Ge, nan(), f(1.0), b(false)),
            (Lt, nan(), nan(), b(false)),
            (Le, nan(), s("a"), N),
        ]);
    }

    #[test]
    fn membership_with_nulls() {
        check(&[
            (In, i(3), l(vec![i(1), N, i(3)]), b(true)),
            (In, i(4), l(vec![i(1), N, i(3)]), N),
            (In, i(1), l(vec![s("1"), i(2)]), b(false)),
            (In, N, l(vec![]), b(false)),
            (In, N, l(vec![i(1)]), N),
            (In, i(1), N, N),
            (
                In,
                l(vec![i(1), i(2)]),
                l(vec![i(1), l(vec![i(1), i(2)])]),
                b(true),
            ),
            (
                In,
                l(vec![i(1), i(2)]),
                l(vec![l(vec![N, s("foo")])]),
                b(false),
            ),
            (In, l(vec![i(1), i(2)]), l(vec![l(vec![N, i(2)])]), N),
            (In, l(vec![]), l(vec![]), b(false)),
            (In, l(vec![]), l(vec![i(1), i(2), N]), N),
            (In, l(vec![]), l(vec![l(vec![])]), b(true)),
        ]);
        check_errors(&[
            (In, i(1), i(1), ErrorKind::TypeError),
            (In, i(1), s("abc"), ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn string_predicates_and_regex() {
        check(&[
            (StartsWith, s("ABCDEF"), s("ABC"), b(true)),
            (StartsWith, s("ABCDEF"), s(""), b(true)),
            (EndsWith, s("ABCDEF"), s("DEF"), b(true)),
            (EndsWith, s("ABCDEF"), s("ABC"), b(false)),
            (Contains, s("ABCDEF"), s("CD"), b(true)),
            (Contains, s("ab"), s("abc"), b(false)),
            (Contains, i(1), i(1), N),
            (StartsWith, l(vec![]), s(""), N),
            (EndsWith, s("a"), b(true), N),
            (Regex, s("abc"), s("a.c"), b(true)),
            (Regex, s("abcd"), s("a.c"), b(false)),
            (Regex, s("xabc"), s("abc"), b(false)),
            (Regex, s("ABC"), s("(?i)abc"), b(true)),
            (Regex, s("ab"), s("a|ab"), b(true)),
            (Regex, i(1), s("1"), N),
        ]);
        check_errors(&[(Regex, s("a"), s("("), ErrorKind::ArgumentError)]);
        // The cached pattern gives the same answers.
        check(&[
            (Regex, s("abc"), s("a.c"), b(true)),
            (Regex, s("abbc"), s("a.c"), b(false)),
        ]);
    }

    #[test]
    fn three_valued_logic() {
        let t = || b(true);
        let fa = || b(false);
        check(&[
            (And, t(), t(), t()),
            (And, t(), fa(), fa()),
            (And, t(), N, N),
            (And, fa(), N, fa()),
            (And, N, fa(), fa()),
            (And, N, N, N),
            (Or, t(), N, t()),
            (Or, N, t(), t()),
            (Or, fa(), N, N),
            (Or, fa(), fa(), fa()),
            (Xor, t(), t(), fa()),
            (Xor, t(), fa(), t()),
            (Xor, t(), N, N),
            (Xor, N, fa(), N),
        ]);
        check_errors(&[
            (And, i(1), t(), ErrorKind::TypeError),
            (Or, fa(), s("x"), ErrorKind::TypeError),
        ]);
    }

    #[test]
    fn unary_operators() {
        use ast::UnaryOp::*;
        let cases = [
            (Not, b(true), b(false)),
            (Not, N, N),
            (Negate, i(5), i(-5)),
            (Negate, f(1.5), f(-1.5)),
            (Negate, N, N),
            (Plus, i(5), i(5)),
            (Plus, f(-1.0), f(-1.0)),
        ];
        for (op, v, want) in cases {
            match unary(op, &v) {
                Ok(got) => assert!(same(&got, &want), "{op:?} {v:?} = {got:?}"),
                Err(e) => panic!("{op:?} {v:?}: {e}"),
            }
        }
        for (op, v, kind) in [
            (Negate, i(i64::MIN), ErrorKind::ArithmeticError),
            (Not, i(1), ErrorKind::TypeError),
            (Negate, s("a"), ErrorKind::TypeError),
            (Plus, l(vec![]), ErrorKind::TypeError),
        ] {
            match unary(op, &v) {
                Ok(got) => panic!("{op:?} {v:?} = {got:?}, expected {kind:?}"),
                Err(e) => assert_eq!(e.kind, kind),
            }
        }
    }

    #[test]
    fn temporal_operands() {
        use cartograph_temporal::{Date, Duration};
        let day = Value::Duration(Duration {
            months: 0,
            days: 1,
            seconds: 0,
            nanos: 0,
        });
        let minus_day = Value::Duration(Duration {
            months: 0,
            days: -1,
            seconds: 0,
            nanos: 0,
        });
        let date = |d| Value::Date(Date::from_ymd(2024, 2, d).expect("valid date"));
        check(&[
            (Add, date(28), day.clone(), date(29)),
            (Sub, date(29), day.clone(), date(28)),
            (
                Add,
                day.clone(),
                day.clone(),
                Value::Duration(Duration {
                    months: 0,
                    days: 2,
                    seconds: 0,
                    nanos: 0,
                }),
            ),
            (Mul, day.clone(), i(-1), minus_day.clone()),
            (Add, s("on "), date(1), s("on 2024-02-01")),
            (Eq, date(1), date(1), b(true)),
            (Lt, date(1), date(2), b(true)),
            (Lt, date(1), day.clone(), N),
        ]);
        check_errors(&[
            (Add, date(1), i(1), ErrorKind::TypeError),
            (Mod, day.clone(), i(2), ErrorKind::TypeError),
        ]);
        assert!(matches!(unary(ast::UnaryOp::Negate, &day), Ok(ref v) if same(v, &minus_day)));
        assert!(matches!(property(&date(29), "day"), Ok(Value::Int(29))));
        assert!(property(&date(29), "nosuchfield").is_err());
    }

    #[test]
    fn property_access() {
        let map = m(&[("name", s("Mats")), ("name2", N)]);
        for (key, want) in [("name", s("Mats")), ("name2", N), ("missing", N)] {
            match property(&map, key) {
                Ok(got) => assert!(same(&got, &want), "{key}: {got:?}"),
                Err(e) => panic!("{key}: {e}"),
            }
        }
        assert!(matches!(property(&N, "x"), Ok(Value::Null)));
        for v in [i(123), f(42.45), b(true), s("string"), l(vec![i(123)])] {
            assert!(
                matches!(property(&v, "num"), Err(ref e) if e.kind == ErrorKind::TypeError),
                "{v:?}"
            );
        }
    }
}

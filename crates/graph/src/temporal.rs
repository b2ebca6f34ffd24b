//! Glue between the engine's [`Value`] and `cartograph-temporal`: the temporal functions
//! (`date(...)`, `duration.between(...)`, `datetime.truncate(...)`, ...), property access on
//! temporal values, and arithmetic involving them.

use std::collections::BTreeMap;

use cartograph_cypher::{CypherError, ErrorKind};
use cartograph_temporal::{self as t, Arg, BetweenUnit, Clock, ErrorClass, Kind, Number, Temporal};

use crate::value::Value;

fn error(e: t::Error) -> CypherError {
    match e.class {
        ErrorClass::Type => CypherError::type_error(e.message),
        ErrorClass::Argument => CypherError::new(ErrorKind::ArgumentError, e.message),
    }
}

fn temporal_of(v: &Value) -> Option<Temporal> {
    Some(match v {
        Value::Date(d) => Temporal::Date(*d),
        Value::LocalTime(x) => Temporal::LocalTime(*x),
        Value::Time(x) => Temporal::Time(*x),
        Value::LocalDateTime(x) => Temporal::LocalDateTime(*x),
        Value::DateTime(x) => Temporal::DateTime(x.clone()),
        Value::Duration(x) => Temporal::Duration(*x),
        _ => return None,
    })
}

fn value_of(t: Temporal) -> Value {
    match t {
        Temporal::Date(d) => Value::Date(d),
        Temporal::LocalTime(x) => Value::LocalTime(x),
        Temporal::Time(x) => Value::Time(x),
        Temporal::LocalDateTime(x) => Value::LocalDateTime(x),
        Temporal::DateTime(x) => Value::DateTime(x),
        Temporal::Duration(x) => Value::Duration(x),
    }
}

fn arg_of(v: &Value) -> Arg {
    match v {
        Value::Int(i) => Arg::Int(*i),
        Value::Float(f) => Arg::Float(*f),
        Value::String(s) => Arg::Str(s.to_string()),
        other => temporal_of(other).map_or(Arg::Other(other.type_name()), Arg::Temporal),
    }
}

/// A map argument as component fields; null entries count as absent.
fn fields_of(map: &BTreeMap<String, Value>) -> t::Fields {
    map.iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), arg_of(v)))
        .collect()
}

fn arity(name: &str, args: &[Value], allowed: &[usize]) -> Result<(), CypherError> {
    if allowed.contains(&args.len()) {
        return Ok(());
    }
    Err(CypherError::new(
        ErrorKind::SyntaxError,
        format!("Function {name}() called with {} argument(s)", args.len()),
    )
    .with_detail("InvalidNumberOfArguments"))
}

fn wrong_type(name: &str, v: &Value) -> CypherError {
    CypherError::type_error(format!(
        "{name}() cannot take an argument of type {}",
        v.type_name()
    ))
}

/// `date(x)`, `datetime(x)`, ...: from a string, a map, another temporal, or the clock.
fn construct(name: &str, kind: Kind, args: &[Value]) -> Result<Value, CypherError> {
    arity(name, args, &[0, 1])?;
    let result = match args.first() {
        None => t::now(kind, None, Clock::Statement),
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::String(s)) => t::parse(kind, s),
        Some(Value::Map(m)) => t::build(kind, &fields_of(m)),
        Some(v) => match temporal_of(v) {
            Some(other) if !matches!(other, Temporal::Duration(_)) => t::convert(kind, &other),
            _ => return Err(wrong_type(name, v)),
        },
    };
    result.map(value_of).map_err(error)
}

/// `date.statement()`, `datetime.realtime('Europe/Stockholm')`, ...: the clock, optionally
/// in a time zone (by name or in a `{timezone: ...}` map).
fn clock(name: &str, kind: Kind, clock: Clock, args: &[Value]) -> Result<Value, CypherError> {
    arity(name, args, &[0, 1])?;
    let result = match args.first() {
        None => t::now(kind, None, clock),
        Some(Value::Null) => return Ok(Value::Null),
        Some(Value::String(zone)) => t::now(kind, Some(zone), clock),
        Some(Value::Map(m)) => t::build(kind, &fields_of(m)),
        Some(v) => return Err(wrong_type(name, v)),
    };
    result.map(value_of).map_err(error)
}

fn truncate(name: &str, kind: Kind, args: &[Value]) -> Result<Value, CypherError> {
    arity(name, args, &[2, 3])?;
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let unit = args[0].as_str().ok_or_else(|| wrong_type(name, &args[0]))?;
    let value = temporal_of(&args[1]).ok_or_else(|| wrong_type(name, &args[1]))?;
    let fields = match args.get(2) {
        None => t::Fields::new(),
        Some(Value::Map(m)) => fields_of(m),
        Some(v) => return Err(wrong_type(name, v)),
    };
    t::truncate(kind, unit, &value, &fields)
        .map(value_of)
        .map_err(error)
}

fn int_arg(name: &str, v: &Value) -> Result<i64, CypherError> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(wrong_type(name, other)),
    }
}

fn epoch(name: &str, args: &[Value], millis: bool) -> Result<Value, CypherError> {
    arity(name, args, if millis { &[1] } else { &[2] })?;
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let nanos = if millis {
        i128::from(int_arg(name, &args[0])?) * 1_000_000
    } else {
        i128::from(int_arg(name, &args[0])?) * 1_000_000_000 + i128::from(int_arg(name, &args[1])?)
    };
    t::from_epoch_nanos(nanos)
        .map(Value::DateTime)
        .map_err(error)
}

fn duration(name: &str, args: &[Value]) -> Result<Value, CypherError> {
    arity(name, args, &[1])?;
    let result = match &args[0] {
        Value::Null => return Ok(Value::Null),
        Value::String(s) => t::parse_duration(s),
        Value::Map(m) => t::duration_from_fields(&fields_of(m)),
        Value::Duration(d) => Ok(*d),
        v => return Err(wrong_type(name, v)),
    };
    result.map(Value::Duration).map_err(error)
}

fn between(name: &str, unit: BetweenUnit, args: &[Value]) -> Result<Value, CypherError> {
    arity(name, args, &[2])?;
    if args.iter().any(Value::is_null) {
        return Ok(Value::Null);
    }
    let a = temporal_of(&args[0]).ok_or_else(|| wrong_type(name, &args[0]))?;
    let b = temporal_of(&args[1]).ok_or_else(|| wrong_type(name, &args[1]))?;
    t::between(&a, &b, unit).map(Value::Duration).map_err(error)
}

/// Pins the statement clock of the current thread: call once at the start of every
/// statement so that all of its `date()`, `datetime.statement()`, ... calls agree.
pub fn begin_statement() {
    t::pin_statement_clock();
}

/// A temporal function call (`date`, `datetime.fromepoch`, `duration.between`, `date.truncate`,
/// `localtime.realtime`, ...), name lower-cased and dotted. None if `name` is not temporal.
pub fn call(name: &str, args: &[Value]) -> Option<Result<Value, CypherError>> {
    let (head, tail) = match name.split_once('.') {
        Some((h, rest)) => (h, Some(rest)),
        None => (name, None),
    };
    if head == "duration" {
        return Some(match tail {
            None => duration(name, args),
            Some("between") => between(name, BetweenUnit::All, args),
            Some("inmonths") => between(name, BetweenUnit::Months, args),
            Some("indays") => between(name, BetweenUnit::Days, args),
            Some("inseconds") => between(name, BetweenUnit::Seconds, args),
            Some(_) => return None,
        });
    }
    let kind = Kind::from_name(head)?;
    Some(match tail {
        None => construct(name, kind, args),
        Some("statement" | "transaction") => clock(name, kind, Clock::Statement, args),
        Some("realtime") => clock(name, kind, Clock::Real, args),
        Some("truncate") => truncate(name, kind, args),
        Some("fromepoch") if kind == Kind::DateTime => epoch(name, args, false),
        Some("fromepochmillis") if kind == Kind::DateTime => epoch(name, args, true),
        Some(_) => return None,
    })
}

/// Property access on a temporal value (`d.year`). None if `v` is not temporal.
pub fn property(v: &Value, key: &str) -> Option<Result<Value, CypherError>> {
    let value = temporal_of(v)?;
    Some(
        t::component(&value, key)
            .map(|c| match c {
                t::Component::Int(i) => Value::Int(i),
                t::Component::Str(s) => Value::from(s),
            })
            .map_err(error),
    )
}

fn is_temporal(v: &Value) -> bool {
    temporal_of(v).is_some()
}

fn operand_error(op: &str, a: &Value, b: &Value) -> CypherError {
    CypherError::type_error(format!(
        "Cannot apply `{op}` to {} and {}",
        a.type_name(),
        b.type_name()
    ))
}

/// `a + b`, `a - b` when either side is temporal; None if neither is.
pub fn add(a: &Value, b: &Value) -> Option<Result<Value, CypherError>> {
    if !is_temporal(a) && !is_temporal(b) {
        return None;
    }
    Some(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Duration(x), Value::Duration(y)) => {
            x.checked_add(y).map(Value::Duration).map_err(error)
        }
        (other, Value::Duration(d)) | (Value::Duration(d), other) => match temporal_of(other) {
            Some(v) => t::add_duration(&v, d).map(value_of).map_err(error),
            None => Err(operand_error("+", a, b)),
        },
        _ => Err(operand_error("+", a, b)),
    })
}

pub fn subtract(a: &Value, b: &Value) -> Option<Result<Value, CypherError>> {
    if !is_temporal(a) && !is_temporal(b) {
        return None;
    }
    Some(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Duration(x), Value::Duration(y)) => {
            x.checked_sub(y).map(Value::Duration).map_err(error)
        }
        (other, Value::Duration(d)) => match temporal_of(other) {
            Some(v) => t::subtract_duration(&v, d).map(value_of).map_err(error),
            None => Err(operand_error("-", a, b)),
        },
        _ => Err(operand_error("-", a, b)),
    })
}

fn number(v: &Value) -> Option<Number> {
    match v {
        Value::Int(i) => Some(Number::Int(*i)),
        Value::Float(f) => Some(Number::Float(*f)),
        _ => None,
    }
}

/// `duration * number`, `duration / number`; None if no duration is involved.
pub fn multiply(a: &Value, b: &Value) -> Option<Result<Value, CypherError>> {
    let (d, other) = match (a, b) {
        (Value::Duration(d), other) | (other, Value::Duration(d)) => (d, other),
        _ => return None,
    };
    Some(match (other, number(other)) {
        (Value::Null, _) => Ok(Value::Null),
        (_, Some(n)) => d.multiply(&n).map(Value::Duration).map_err(error),
        _ => Err(operand_error("*", a, b)),
    })
}

pub fn divide(a: &Value, b: &Value) -> Option<Result<Value, CypherError>> {
    if !matches!(a, Value::Duration(_)) && !matches!(b, Value::Duration(_)) {
        return None;
    }
    Some(match (a, b, number(b)) {
        (_, Value::Null, _) | (Value::Null, _, _) => Ok(Value::Null),
        (Value::Duration(d), _, Some(n)) => d.divide(&n).map(Value::Duration).map_err(error),
        _ => Err(operand_error("/", a, b)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::from(v)
    }

    fn run(name: &str, args: &[Value]) -> Result<String, CypherError> {
        match call(name, args) {
            Some(r) => r.map(|v| v.to_string()),
            None => Ok("not temporal".into()),
        }
    }

    #[test]
    fn functions() -> Result<(), CypherError> {
        let map: BTreeMap<String, Value> = [
            ("year".to_string(), Value::Int(1984)),
            ("week".to_string(), Value::Int(10)),
        ]
        .into_iter()
        .collect();
        assert_eq!(run("date", &[Value::Map(map)])?, "'1984-03-05'");
        assert_eq!(
            run("datetime", &[s("2015-07-21T21:40:32.142+0100")])?,
            "'2015-07-21T21:40:32.142+01:00'"
        );
        assert_eq!(
            run("datetime.fromepochmillis", &[Value::Int(237_821_673_987)])?,
            "'1977-07-15T13:34:33.987Z'"
        );
        assert_eq!(
            run("duration.between", &[Value::Null, Value::Null])?,
            "null"
        );
        assert_eq!(run("date.realtime", &[Value::Null])?, "null");
        assert_eq!(run("toupper", &[s("x")])?, "not temporal");
        let d = call("date", &[s("1984-10-11")])
            .and_then(Result::ok)
            .unwrap_or(Value::Null);
        assert_eq!(
            run("date.truncate", &[s("year"), d.clone()])?,
            "'1984-01-01'"
        );
        assert_eq!(
            property(&d, "ordinalDay")
                .and_then(Result::ok)
                .map(|v| v.to_string()),
            Some("285".into())
        );
        assert!(run("date", &[s("not a date")]).is_err_and(|e| e.kind == ErrorKind::ArgumentError));
        assert!(run("date", &[Value::Bool(true)]).is_err_and(|e| e.kind == ErrorKind::TypeError));
        Ok(())
    }

    #[test]
    fn arithmetic() -> Result<(), CypherError> {
        let dur = call("duration", &[s("P1M2DT3H")])
            .and_then(Result::ok)
            .unwrap_or(Value::Null);
        let d = call("date", &[s("1984-10-11")])
            .and_then(Result::ok)
            .unwrap_or(Value::Null);
        let show = |r: Option<Result<Value, CypherError>>| r.map(|r| r.map(|v| v.to_string()));
        assert_eq!(
            show(add(&d, &dur)).transpose()?,
            Some("'1984-11-13'".into())
        );
        assert_eq!(
            show(add(&dur, &d)).transpose()?,
            Some("'1984-11-13'".into())
        );
        assert_eq!(
            show(subtract(&d, &dur)).transpose()?,
            Some("'1984-09-09'".into())
        );
        assert_eq!(
            show(multiply(&dur, &Value::Int(2))).transpose()?,
            Some("'P2M4DT6H'".into())
        );
        assert_eq!(
            show(divide(&dur, &Value::Float(0.5))).transpose()?,
            Some("'P2M4DT6H'".into())
        );
        assert!(add(&Value::Int(1), &Value::Int(2)).is_none());
        assert!(subtract(&dur, &d).is_some_and(|r| r.is_err()));
        assert!(divide(&Value::Int(1), &dur).is_some_and(|r| r.is_err()));
        Ok(())
    }
}

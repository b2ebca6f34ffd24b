//! Pure functions from API records to graph rows, one module per service. No I/O: everything
//! here is unit-tested on literal records.

pub mod ec2;
pub mod iam;
pub mod org;
pub mod policy;
pub mod s3;

use cartograph_graph::Value;
use cartograph_sync::Row;
use cartograph_temporal::{DateTime, Kind, Temporal};
use serde_json::Value as Json;

/// A row from `(field, value)` pairs.
pub fn row<const N: usize>(pairs: [(&str, Value); N]) -> Row {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A JSON value as a graph value. Objects become maps; numbers keep integer-ness.
pub fn json_value(json: &Json) -> Value {
    match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or(f64::NAN))),
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(a) => Value::List(a.iter().map(json_value).collect()),
        Json::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), json_value(v))).collect()),
    }
}

/// A string field, or null.
pub fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::Null, Value::from)
}

/// An ISO-8601 timestamp as the API gives it, parsed into a date-time value (Cartography's
/// `*_dt` properties, which hold the SDK's datetime rather than its text); null when absent
/// or unreadable.
pub fn datetime(s: &Option<String>) -> Value {
    parse_datetime(s).map_or(Value::Null, Value::DateTime)
}

/// Whole seconds since the Unix epoch of an ISO-8601 timestamp.
pub fn epoch_seconds(s: &Option<String>) -> Option<i64> {
    parse_datetime(s).map(|d| d.instant_key().0)
}

fn parse_datetime(s: &Option<String>) -> Option<DateTime> {
    match cartograph_temporal::parse(Kind::DateTime, s.as_deref()?) {
        Ok(Temporal::DateTime(d)) => Some(d),
        _ => None,
    }
}

/// A list of strings.
pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::List(items.into_iter().map(|s| Value::from(s.as_ref())).collect())
}

/// The account id in an ARN (`arn:aws:iam::123456789012:role/x` -> `123456789012`), or ""
/// for service principals and malformed ARNs.
pub fn account_of_arn(arn: &str) -> &str {
    if !arn.starts_with("arn:") {
        return "";
    }
    arn.split(':').nth(4).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_parse_or_become_null() {
        let t = Some("2024-01-02T03:04:05Z".to_string());
        assert_eq!(epoch_seconds(&t), Some(1_704_164_645));
        assert!(matches!(datetime(&t), Value::DateTime(_)));
        let offset = Some("2024-01-02T04:04:05+01:00".to_string());
        assert_eq!(epoch_seconds(&offset), Some(1_704_164_645));
        assert!(matches!(datetime(&None), Value::Null));
        assert!(matches!(datetime(&Some("yesterday".into())), Value::Null));
    }
}

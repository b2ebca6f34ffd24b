//! Graph values as JSON and as plain text, for every output format.
//!
//! Entities are rendered from the snapshot the [`QueryResult`] carries, so printers never
//! go back to the graph.

use cartograph_graph::{QueryResult, Value, format_float};
use serde_json::{Map, Number, Value as Json};

/// A value as JSON: nodes become `{"labels": [...], "properties": {...}}`, temporal values
/// their ISO-8601 text.
pub fn to_json(value: &Value, result: &QueryResult) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(x) => {
            Number::from_f64(*x).map_or_else(|| Json::String(format_float(*x)), Json::Number)
        }
        Value::String(s) => Json::String(s.to_string()),
        Value::List(items) => Json::Array(items.iter().map(|v| to_json(v, result)).collect()),
        Value::Map(map) => Json::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), to_json(v, result)))
                .collect(),
        ),
        Value::Node(id) => match result.nodes.get(id) {
            Some(node) => {
                let mut object = Map::new();
                object.insert("labels".into(), Json::from(node.labels.clone()));
                object.insert(
                    "properties".into(),
                    Json::Object(
                        node.properties
                            .iter()
                            .map(|(k, v)| (k.clone(), to_json(v, result)))
                            .collect(),
                    ),
                );
                Json::Object(object)
            }
            None => Json::Null,
        },
        Value::Relationship(id) => match result.relationships.get(id) {
            Some(rel) => {
                let mut object = Map::new();
                object.insert("type".into(), Json::String(rel.rel_type.clone()));
                object.insert(
                    "properties".into(),
                    Json::Object(
                        rel.properties
                            .iter()
                            .map(|(k, v)| (k.clone(), to_json(v, result)))
                            .collect(),
                    ),
                );
                Json::Object(object)
            }
            None => Json::Null,
        },
        Value::Path(path) => Json::Array(
            path.nodes
                .iter()
                .map(|n| to_json(&Value::Node(*n), result))
                .collect(),
        ),
        Value::Date(d) => Json::String(d.to_string()),
        Value::LocalTime(t) => Json::String(t.to_string()),
        Value::Time(t) => Json::String(t.to_string()),
        Value::LocalDateTime(t) => Json::String(t.to_string()),
        Value::DateTime(t) => Json::String(t.to_string()),
        Value::Duration(d) => Json::String(d.to_string()),
    }
}

/// A JSON value as one line of plain text: strings unquoted, null empty, lists and maps
/// as compact JSON.
pub fn json_text(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Json::String(s) => s.clone(),
                    other => json_text(other),
                })
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Json::Object(_) => value.to_string(),
    }
}

/// A JSON value converted back to a Cypher parameter (pack parameters are JSON).
pub fn from_json(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => Value::List(items.iter().map(from_json).collect()),
        Json::Object(map) => {
            Value::Map(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_lists_render_as_plain_text() {
        let result = QueryResult::default();
        let list = Value::List(vec![Value::from("a"), Value::Int(2), Value::Null]);
        assert_eq!(json_text(&to_json(&list, &result)), "[a, 2, ]");
        assert_eq!(json_text(&to_json(&Value::from("x'y"), &result)), "x'y");
        assert_eq!(json_text(&to_json(&Value::Null, &result)), "");
        assert_eq!(
            to_json(&Value::Float(f64::NAN), &result),
            Json::String("NaN".into())
        );
    }

    #[test]
    fn json_parameters_round_trip() {
        let json: Json = serde_json::json!({"a": [1, 2.5, "x", true, null]});
        let back = to_json(&from_json(&json), &QueryResult::default());
        assert_eq!(back, json);
    }
}

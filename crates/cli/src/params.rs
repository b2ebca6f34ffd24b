//! Query parameters from the command line: `--param name=VALUE` (a Cypher literal) and
//! `--params '{"name": ...}'` (a JSON object).

use anyhow::{Context, Result, anyhow, bail};
use cartograph_graph::{Database, Params, Value};
use serde_json::Value as Json;

/// Parse one `name=VALUE`; VALUE is evaluated as a Cypher expression with no graph, so
/// `--param limit=10`, `--param names="['a', 'b']"` and `--param m="{k: 1}"` all work.
pub fn parse_param(spec: &str, params: &mut Params) -> Result<()> {
    let (name, literal) = spec
        .split_once('=')
        .ok_or_else(|| anyhow!("--param expects name=VALUE (a Cypher literal such as 42, 'text' or [1, 2]); got `{spec}`"))?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        bail!("--param: `{name}` is not a valid parameter name (letters, digits and _ only)");
    }
    let scratch = Database::in_memory();
    let result = scratch
        .execute(&format!("RETURN {literal} AS value"), &Params::new())
        .map_err(|e| {
            anyhow!(
                "--param {name}: `{literal}` is not a Cypher literal: {}",
                e.message
            )
        })?;
    let value = result
        .rows
        .into_iter()
        .next()
        .and_then(|r| r.into_iter().next())
        .unwrap_or(Value::Null);
    if matches!(
        value,
        Value::Node(_) | Value::Relationship(_) | Value::Path(_)
    ) {
        bail!("--param {name}: a parameter cannot be a node, relationship or path");
    }
    params.insert(name.to_string(), value);
    Ok(())
}

/// Merge a JSON object of parameters.
pub fn parse_params_json(text: &str, params: &mut Params) -> Result<()> {
    let doc: Json = serde_json::from_str(text)
        .context("--params must be a JSON object, e.g. '{\"id\": 42}'")?;
    let Json::Object(map) = doc else {
        bail!("--params must be a JSON object, e.g. '{{\"id\": 42}}'");
    };
    for (k, v) in map {
        params.insert(k, from_json(v));
    }
    Ok(())
}

/// JSON to a Cypher value: integers stay integers, other numbers become floats.
pub fn from_json(v: Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(b),
        Json::Number(n) => n
            .as_i64()
            .map_or_else(|| Value::Float(n.as_f64().unwrap_or(f64::NAN)), Value::Int),
        Json::String(s) => Value::from(s),
        Json::Array(a) => Value::List(a.into_iter().map(from_json).collect()),
        Json::Object(o) => Value::Map(o.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_keep_their_kind() {
        let mut p = Params::new();
        parse_params_json(
            r#"{"a": 1, "b": 1.5, "c": [true, null], "d": {"e": "x"}}"#,
            &mut p,
        )
        .expect("valid");
        assert!(matches!(p["a"], Value::Int(1)));
        assert!(matches!(p["b"], Value::Float(f) if f == 1.5));
        assert!(matches!(&p["c"], Value::List(l) if l.len() == 2));
        assert!(matches!(&p["d"], Value::Map(m) if m.contains_key("e")));
    }

    #[test]
    fn bad_specs_are_explained() {
        let mut p = Params::new();
        assert!(
            parse_param("novalue", &mut p)
                .unwrap_err()
                .to_string()
                .contains("name=VALUE")
        );
        assert!(
            parse_param("bad name=1", &mut p)
                .unwrap_err()
                .to_string()
                .contains("not a valid parameter name")
        );
        assert!(
            parse_params_json("[1]", &mut p)
                .unwrap_err()
                .to_string()
                .contains("JSON object")
        );
        assert!(parse_params_json("{", &mut p).is_err());
    }
}

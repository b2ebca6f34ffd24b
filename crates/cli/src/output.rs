//! Printing query results: `table` for people, `json` / `ndjson` / `csv` for programs.
//!
//! JSON mapping (documented in the README): integers and floats as JSON numbers (non-finite
//! floats as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`), strings, booleans, null,
//! lists and maps as themselves; a node as `{"id", "labels", "properties"}`, a relationship
//! as `{"id", "type", "start", "end", "properties"}`, a path as `{"nodes", "relationships"}`,
//! a temporal value as `{"type": "DATE", "value": "2024-01-31"}`.

use std::io::{self, Write};

use cartograph_graph::{QueryResult, Value, format_float};
use serde_json::{Map, Value as Json, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Ndjson,
}

/// Convert one value, resolving entities from the result's snapshot.
pub fn to_json(v: &Value, r: &QueryResult) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or_else(|| Json::String(format_float(*f)), Json::Number),
        Value::String(s) => Json::String(s.to_string()),
        Value::List(l) => Json::Array(l.iter().map(|x| to_json(x, r)).collect()),
        Value::Map(m) => Json::Object(m.iter().map(|(k, x)| (k.clone(), to_json(x, r))).collect()),
        Value::Node(id) => match r.nodes.get(id) {
            Some(n) => json!({
                "id": id.0,
                "labels": n.labels,
                "properties": props_json(&n.properties, r),
            }),
            None => json!({ "id": id.0, "deleted": true }),
        },
        Value::Relationship(id) => match r.relationships.get(id) {
            Some(rel) => json!({
                "id": id.0,
                "type": rel.rel_type,
                "start": rel.start.0,
                "end": rel.end.0,
                "properties": props_json(&rel.properties, r),
            }),
            None => json!({ "id": id.0, "deleted": true }),
        },
        Value::Path(p) => json!({
            "nodes": p.nodes.iter().map(|n| to_json(&Value::Node(*n), r)).collect::<Vec<_>>(),
            "relationships": p.rels.iter().map(|x| to_json(&Value::Relationship(*x), r)).collect::<Vec<_>>(),
        }),
        Value::Date(_)
        | Value::LocalTime(_)
        | Value::Time(_)
        | Value::LocalDateTime(_)
        | Value::DateTime(_)
        | Value::Duration(_) => json!({ "type": v.type_name(), "value": plain(v, r) }),
    }
}

fn props_json(p: &std::collections::BTreeMap<String, Value>, r: &QueryResult) -> Json {
    Json::Object(
        p.iter()
            .map(|(k, v)| (k.clone(), to_json(v, r)))
            .collect::<Map<_, _>>(),
    )
}

/// A value as text for tables and CSV: strings bare at the top level, everything else in
/// Cypher-like notation (`(:Label {k: 'v'})`, `[:TYPE]`).
pub fn plain(v: &Value, r: &QueryResult) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Date(d) => d.to_string(),
        Value::LocalTime(t) => t.to_string(),
        Value::Time(t) => t.to_string(),
        Value::LocalDateTime(t) => t.to_string(),
        Value::DateTime(t) => t.to_string(),
        Value::Duration(d) => d.to_string(),
        _ => cypherish(v, r),
    }
}

fn cypherish(v: &Value, r: &QueryResult) -> String {
    match v {
        Value::Node(id) => match r.nodes.get(id) {
            Some(n) => {
                let labels: String = n.labels.iter().map(|l| format!(":{l}")).collect();
                format!("({labels}{})", props_text(&n.properties, r))
            }
            None => format!("(deleted node {})", id.0),
        },
        Value::Relationship(id) => match r.relationships.get(id) {
            Some(rel) => format!("[:{}{}]", rel.rel_type, props_text(&rel.properties, r)),
            None => format!("[deleted relationship {}]", id.0),
        },
        Value::Path(p) => {
            let mut s = String::new();
            for (i, n) in p.nodes.iter().enumerate() {
                if i > 0 {
                    let rid = p.rels[i - 1];
                    let forward = r
                        .relationships
                        .get(&rid)
                        .is_none_or(|rel| rel.start == p.nodes[i - 1]);
                    let rel = cypherish(&Value::Relationship(rid), r);
                    s.push_str(&if forward {
                        format!("-{rel}->")
                    } else {
                        format!("<-{rel}-")
                    });
                }
                s.push_str(&cypherish(&Value::Node(*n), r));
            }
            s
        }
        Value::List(l) => format!(
            "[{}]",
            l.iter()
                .map(|x| cypherish(x, r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, x)| format!("{k}: {}", cypherish(x, r)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => v.to_string(),
    }
}

fn props_text(p: &std::collections::BTreeMap<String, Value>, r: &QueryResult) -> String {
    if p.is_empty() {
        return String::new();
    }
    format!(
        " {{{}}}",
        p.iter()
            .map(|(k, x)| format!("{k}: {}", cypherish(x, r)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Write `result` to `out` in `format`.
pub fn print(result: &QueryResult, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            let rows: Vec<Json> = result
                .rows
                .iter()
                .map(|row| Json::Array(row.iter().map(|v| to_json(v, result)).collect()))
                .collect();
            let doc = json!({ "columns": result.columns, "rows": rows });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).map_err(io::Error::other)?
            )
        }
        Format::Ndjson => {
            for row in &result.rows {
                let obj: Map<String, Json> = result
                    .columns
                    .iter()
                    .cloned()
                    .zip(row.iter().map(|v| to_json(v, result)))
                    .collect();
                writeln!(out, "{}", Json::Object(obj))?;
            }
            Ok(())
        }
        Format::Csv => {
            writeln!(
                out,
                "{}",
                result
                    .columns
                    .iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            for row in &result.rows {
                let fields: Vec<String> = row
                    .iter()
                    .map(|v| {
                        if v.is_null() {
                            String::new()
                        } else {
                            csv_field(&plain(v, result))
                        }
                    })
                    .collect();
                writeln!(out, "{}", fields.join(","))?;
            }
            Ok(())
        }
        Format::Table => print_table(result, out),
    }
}

/// RFC 4180 quoting: only when needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn print_table(result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
    if result.columns.is_empty() {
        return Ok(());
    }
    let cells: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| {
                    if let Value::String(_) = v {
                        v.to_string()
                    } else {
                        plain(v, result)
                    }
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = result.columns.iter().map(|c| c.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+";
    let line = |vals: &[String]| -> String {
        vals.iter()
            .zip(&widths)
            .map(|(v, w)| format!("| {v}{} ", " ".repeat(w - v.chars().count())))
            .collect::<String>()
            + "|"
    };
    writeln!(out, "{rule}")?;
    writeln!(out, "{}", line(&result.columns))?;
    writeln!(out, "{rule}")?;
    for row in &cells {
        writeln!(out, "{}", line(row))?;
    }
    writeln!(out, "{rule}")?;
    let n = result.rows.len();
    writeln!(out, "{n} row{}", if n == 1 { "" } else { "s" })
}

/// The update counters as one line for standard error, e.g. `Created 2 nodes, set 4 properties`.
pub fn counters_line(result: &QueryResult) -> Option<String> {
    let c = &result.counters;
    let parts: Vec<String> = [
        (c.nodes_created, "created", "node"),
        (c.nodes_deleted, "deleted", "node"),
        (c.relationships_created, "created", "relationship"),
        (c.relationships_deleted, "deleted", "relationship"),
        (c.labels_added, "added", "label"),
        (c.labels_removed, "removed", "label"),
        (c.properties_set, "set", "property"),
        (c.indexes_added, "added", "index"),
        (c.indexes_removed, "removed", "index"),
        (c.constraints_added, "added", "constraint"),
        (c.constraints_removed, "removed", "constraint"),
    ]
    .iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, verb, noun)| {
        let noun = match (*n, *noun) {
            (1, noun) => noun.to_string(),
            (_, "property") => "properties".to_string(),
            (_, "index") => "indexes".to_string(),
            (_, noun) => format!("{noun}s"),
        };
        format!("{verb} {n} {noun}")
    })
    .collect();
    if parts.is_empty() {
        return None;
    }
    let mut s = parts.join(", ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    Some(s)
}

//! Matching the engine's results against the TCK's expected tables.
//!
//! Values match by type and content: `1` and `1.0` differ, NaN matches NaN, nodes match by
//! label set and properties, relationships by type and properties, paths hop by hop with
//! their directions. Temporal values match the TCK's quoted string form.

use std::collections::BTreeMap;
use std::fmt::Write;

use cartograph_graph::{QueryResult, Value, format_float};

use crate::value::{self, TckNode, TckValue};

/// How rows and list elements are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// Rows must come in the expected order.
    pub rows: bool,
    /// Lists match as multisets ("ignoring element order for lists").
    pub ignore_list_order: bool,
}

/// Why a result does not match: a short groupable `category`, a one-line `message`, and
/// a multi-line listing of the rows for the verbose report.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub category: &'static str,
    pub message: String,
    pub listing: String,
}

/// Does the engine's `actual` value match the `expected` TCK value?
pub fn matches(
    expected: &TckValue,
    actual: &Value,
    res: &QueryResult,
    lists_unordered: bool,
) -> bool {
    match (expected, actual) {
        (TckValue::Null, Value::Null) => true,
        (TckValue::Bool(a), Value::Bool(b)) => a == b,
        (TckValue::Int(a), Value::Int(b)) => a == b,
        (TckValue::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (TckValue::String(a), Value::String(b)) => a.as_str() == &**b,
        (TckValue::String(a), v) => temporal_text(v).is_some_and(|t| t == *a),
        (TckValue::List(a), Value::List(b)) => {
            if lists_unordered {
                multiset_match(a, b, |e, v| matches(e, v, res, true))
            } else {
                a.len() == b.len() && a.iter().zip(b).all(|(e, v)| matches(e, v, res, false))
            }
        }
        (TckValue::Map(a), Value::Map(b)) => props_match(a, b, res, lists_unordered),
        (TckValue::Node(n), Value::Node(id)) => match res.nodes.get(id) {
            Some(s) => node_matches(n, &s.labels, &s.properties, res, lists_unordered),
            None => node_matches(n, &[], &BTreeMap::new(), res, lists_unordered),
        },
        (TckValue::Rel(r), Value::Relationship(id)) => match res.relationships.get(id) {
            Some(s) => {
                r.rel_type == s.rel_type
                    && props_match(&r.props, &s.properties, res, lists_unordered)
            }
            None => false,
        },
        (TckValue::Path(p), Value::Path(path)) => {
            if p.hops.len() != path.rels.len() || path.nodes.len() != path.rels.len() + 1 {
                return false;
            }
            if !matches(
                &TckValue::Node(p.start.clone()),
                &Value::Node(path.nodes[0]),
                res,
                lists_unordered,
            ) {
                return false;
            }
            p.hops.iter().enumerate().all(|(i, (rel, forward, node))| {
                let (from, to) = (path.nodes[i], path.nodes[i + 1]);
                let Some(snap) = res.relationships.get(&path.rels[i]) else {
                    return false;
                };
                let direction_ok = if *forward {
                    snap.start == from && snap.end == to
                } else {
                    snap.start == to && snap.end == from
                };
                direction_ok
                    && matches(
                        &TckValue::Rel(rel.clone()),
                        &Value::Relationship(path.rels[i]),
                        res,
                        lists_unordered,
                    )
                    && matches(
                        &TckValue::Node(node.clone()),
                        &Value::Node(to),
                        res,
                        lists_unordered,
                    )
            })
        }
        _ => false,
    }
}

fn node_matches(
    n: &TckNode,
    labels: &[String],
    props: &BTreeMap<String, Value>,
    res: &QueryResult,
    lu: bool,
) -> bool {
    n.labels.len() == labels.len()
        && labels.iter().all(|l| n.labels.contains(l))
        && props_match(&n.props, props, res, lu)
}

fn props_match(
    expected: &BTreeMap<String, TckValue>,
    actual: &BTreeMap<String, Value>,
    res: &QueryResult,
    lu: bool,
) -> bool {
    expected.len() == actual.len()
        && expected
            .iter()
            .all(|(k, e)| actual.get(k).is_some_and(|v| matches(e, v, res, lu)))
}

/// Pair every expected item with a distinct actual item. Greedy pairing is exact here
/// because matching is an equivalence between the two sides.
fn multiset_match<E, A>(expected: &[E], actual: &[A], eq: impl Fn(&E, &A) -> bool) -> bool {
    expected.len() == actual.len() && unmatched(expected, actual, eq).0.is_empty()
}

/// Indexes of expected and actual items left without a partner.
fn unmatched<E, A>(
    expected: &[E],
    actual: &[A],
    eq: impl Fn(&E, &A) -> bool,
) -> (Vec<usize>, Vec<usize>) {
    let mut used = vec![false; actual.len()];
    let mut missing = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        match (0..actual.len()).find(|&j| !used[j] && eq(e, &actual[j])) {
            Some(j) => used[j] = true,
            None => missing.push(i),
        }
    }
    let extra = used
        .iter()
        .enumerate()
        .filter(|(_, u)| !**u)
        .map(|(j, _)| j)
        .collect();
    (missing, extra)
}

/// The TCK's string form of a temporal value, `None` for other values.
fn temporal_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::Date(d) => d.to_string(),
        Value::LocalTime(t) => t.to_string(),
        Value::Time(t) => t.to_string(),
        Value::LocalDateTime(t) => t.to_string(),
        Value::DateTime(t) => t.to_string(),
        Value::Duration(d) => d.to_string(),
        _ => return None,
    })
}

/// Render an engine value in the TCK's notation, using the result's entity snapshots.
pub fn render(v: &Value, res: &QueryResult) -> String {
    let mut out = String::new();
    render_into(&mut out, v, res);
    out
}

fn render_into(out: &mut String, v: &Value, res: &QueryResult) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::String(s) => {
            let _ = value::write_string(out, s);
        }
        Value::List(l) => {
            out.push('[');
            for (i, x) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_into(out, x, res);
            }
            out.push(']');
        }
        Value::Map(m) => render_props(out, m, res),
        Value::Node(id) => match res.nodes.get(id) {
            Some(s) => {
                out.push('(');
                let mut labels = s.labels.clone();
                labels.sort();
                for l in &labels {
                    let _ = write!(out, ":{l}");
                }
                if !s.properties.is_empty() {
                    if !labels.is_empty() {
                        out.push(' ');
                    }
                    render_props(out, &s.properties, res);
                }
                out.push(')');
            }
            None => {
                let _ = write!(out, "(deleted node {})", id.0);
            }
        },
        Value::Relationship(id) => match res.relationships.get(id) {
            Some(s) => {
                let _ = write!(out, "[:{}", s.rel_type);
                if !s.properties.is_empty() {
                    out.push(' ');
                    render_props(out, &s.properties, res);
                }
                out.push(']');
            }
            None => {
                let _ = write!(out, "[deleted relationship {}]", id.0);
            }
        },
        Value::Path(p) => {
            out.push('<');
            if let Some(first) = p.nodes.first() {
                render_into(out, &Value::Node(*first), res);
            }
            for (i, rel) in p.rels.iter().enumerate() {
                let Some(&to) = p.nodes.get(i + 1) else { break };
                let backward = res
                    .relationships
                    .get(rel)
                    .is_some_and(|s| s.end == p.nodes[i] && s.start == to && s.start != s.end);
                out.push_str(if backward { "<-" } else { "-" });
                render_into(out, &Value::Relationship(*rel), res);
                out.push_str(if backward { "-" } else { "->" });
                render_into(out, &Value::Node(to), res);
            }
            out.push('>');
        }
        other => match temporal_text(other) {
            Some(t) => {
                let _ = value::write_string(out, &t);
            }
            None => out.push_str(&other.to_string()),
        },
    }
}

fn render_props(out: &mut String, m: &BTreeMap<String, Value>, res: &QueryResult) {
    out.push('{');
    for (i, (k, x)) in m.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{k}: ");
        render_into(out, x, res);
    }
    out.push('}');
}

/// An expected result table: column names, and rows both parsed and as written.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<TckValue>>,
    pub written: Vec<Vec<String>>,
}

impl ExpectedTable {
    /// Read a Gherkin table whose first row is the header and whose cells are TCK values.
    pub fn parse(table: &[Vec<String>]) -> Result<ExpectedTable, String> {
        let Some((header, written)) = table.split_first() else {
            return Err("the expected result table is empty".into());
        };
        let rows = written
            .iter()
            .map(|r| {
                if r.len() != header.len() {
                    return Err(format!(
                        "row {r:?} has {} cells, the header {}",
                        r.len(),
                        header.len()
                    ));
                }
                r.iter()
                    .map(|c| value::parse(c))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<_, _>>()?;
        Ok(ExpectedTable {
            header: header.clone(),
            rows,
            written: written.to_vec(),
        })
    }
}

/// Compare a result against an expected table.
pub fn compare_table(table: &ExpectedTable, res: &QueryResult, order: Order) -> Option<Mismatch> {
    let (header, rows, expected) = (&table.header, &table.written, &table.rows);
    let listing = || listing(Some((header, rows)), res);
    if *header != res.columns {
        return Some(Mismatch {
            category: "wrong columns",
            message: format!("expected columns {header:?}, got {:?}", res.columns),
            listing: listing(),
        });
    }
    let row_eq = |e: &Vec<TckValue>, a: &Vec<Value>| {
        e.len() == a.len()
            && e.iter()
                .zip(a)
                .all(|(x, v)| matches(x, v, res, order.ignore_list_order))
    };
    if expected.len() != res.rows.len() {
        return Some(Mismatch {
            category: "wrong number of rows",
            message: format!("expected {} rows, got {}", expected.len(), res.rows.len()),
            listing: listing(),
        });
    }
    if order.rows {
        if let Some(i) = (0..expected.len()).find(|&i| !row_eq(&expected[i], &res.rows[i])) {
            let in_other_order = multiset_match(expected, &res.rows, row_eq);
            return Some(Mismatch {
                category: if in_other_order {
                    "wrong row order"
                } else {
                    "wrong values"
                },
                message: format!(
                    "row {} differs: expected {}, got {}",
                    i + 1,
                    rows[i].join(" | "),
                    render_row(&res.rows[i], res)
                ),
                listing: listing(),
            });
        }
        return None;
    }
    let (missing, _) = unmatched(expected, &res.rows, row_eq);
    missing.first().map(|&i| Mismatch {
        category: "wrong values",
        message: format!(
            "{} expected rows not found, e.g. {}",
            missing.len(),
            rows[i].join(" | ")
        ),
        listing: listing(),
    })
}

/// Check that a query returned no rows.
pub fn expect_empty(res: &QueryResult) -> Option<Mismatch> {
    (!res.rows.is_empty()).then(|| Mismatch {
        category: "expected no rows",
        message: format!("expected no rows, got {}", res.rows.len()),
        listing: listing(None, res),
    })
}

fn render_row(row: &[Value], res: &QueryResult) -> String {
    row.iter()
        .map(|v| render(v, res))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Expected (`None`: no rows) and actual tables, for the verbose report.
fn listing(expected: Option<(&[String], &[Vec<String>])>, res: &QueryResult) -> String {
    let mut out = String::new();
    match expected {
        None => out.push_str("expected: no rows\n"),
        Some((header, rows)) => {
            let _ = writeln!(out, "expected: {}", header.join(" | "));
            for r in rows {
                let _ = writeln!(out, "  {}", r.join(" | "));
            }
        }
    }
    let _ = writeln!(out, "actual:   {}", res.columns.join(" | "));
    for r in &res.rows {
        let _ = writeln!(out, "  {}", render_row(r, res));
    }
    out
}

#[cfg(test)]
mod tests {
    use cartograph_graph::{NodeId, NodeSnapshot, Path, RelId, RelSnapshot};

    use super::*;

    fn graph() -> QueryResult {
        let mut res = QueryResult::default();
        let props = |k: &str, v: i64| BTreeMap::from([(k.to_string(), Value::Int(v))]);
        res.nodes.insert(
            NodeId(1),
            NodeSnapshot {
                labels: vec!["B".into(), "A".into()],
                properties: props("n", 1),
            },
        );
        res.nodes.insert(
            NodeId(2),
            NodeSnapshot {
                labels: vec![],
                properties: BTreeMap::new(),
            },
        );
        res.relationships.insert(
            RelId(7),
            RelSnapshot {
                rel_type: "T".into(),
                start: NodeId(2),
                end: NodeId(1),
                properties: props("w", 2),
            },
        );
        res
    }

    fn m(exp: &str, v: &Value, res: &QueryResult) -> bool {
        matches(&value::parse(exp).expect("parses"), v, res, false)
    }

    #[test]
    fn primitives_by_type() {
        let res = QueryResult::default();
        assert!(m("1", &Value::Int(1), &res));
        assert!(!m("1", &Value::Float(1.0), &res));
        assert!(!m("1.0", &Value::Int(1), &res));
        assert!(m("NaN", &Value::Float(f64::NAN), &res));
        assert!(m("'a'", &Value::from("a"), &res));
        assert!(m("null", &Value::Null, &res));
        assert!(!m("null", &Value::Bool(false), &res));
        assert!(m(
            "[1, [2]]",
            &Value::List(vec![Value::Int(1), Value::List(vec![Value::Int(2)])]),
            &res
        ));
        assert!(!m(
            "[1, 2]",
            &Value::List(vec![Value::Int(2), Value::Int(1)]),
            &res
        ));
        let e = value::parse("[1, 2, 2]").expect("parses");
        assert!(matches(
            &e,
            &Value::List(vec![Value::Int(2), Value::Int(1), Value::Int(2)]),
            &res,
            true
        ));
        assert!(!matches(
            &e,
            &Value::List(vec![Value::Int(2), Value::Int(1), Value::Int(1)]),
            &res,
            true
        ));
        let map = Value::Map(BTreeMap::from([("a".to_string(), Value::Int(1))]));
        assert!(m("{a: 1}", &map, &res));
        assert!(!m("{a: 1, b: null}", &map, &res));
    }

    #[test]
    fn temporal_as_string() {
        let res = QueryResult::default();
        let d = Value::Date(cartograph_temporal::Date::from_ymd(1816, 1, 1).expect("valid date"));
        assert!(m("'1816-01-01'", &d, &res));
        assert!(!m("'1816-01-02'", &d, &res));
        assert_eq!(render(&Value::List(vec![d]), &res), "['1816-01-01']");
    }

    #[test]
    fn graph_elements() {
        let res = graph();
        assert!(m("(:A:B {n: 1})", &Value::Node(NodeId(1)), &res));
        assert!(!m("(:A {n: 1})", &Value::Node(NodeId(1)), &res));
        assert!(!m("(:A:B)", &Value::Node(NodeId(1)), &res));
        assert!(m("()", &Value::Node(NodeId(2)), &res));
        assert!(m("[:T {w: 2}]", &Value::Relationship(RelId(7)), &res));
        assert!(!m("[:U {w: 2}]", &Value::Relationship(RelId(7)), &res));
        let back = Value::Path(Path {
            nodes: vec![NodeId(1), NodeId(2)],
            rels: vec![RelId(7)],
        });
        assert!(m("<(:A:B {n: 1})<-[:T {w: 2}]-()>", &back, &res));
        assert!(!m("<(:A:B {n: 1})-[:T {w: 2}]->()>", &back, &res));
        let fwd = Value::Path(Path {
            nodes: vec![NodeId(2), NodeId(1)],
            rels: vec![RelId(7)],
        });
        assert!(m("<()-[:T {w: 2}]->(:A:B {n: 1})>", &fwd, &res));
        assert_eq!(render(&back, &res), "<(:A:B {n: 1})<-[:T {w: 2}]-()>");
        assert_eq!(render(&fwd, &res), "<()-[:T {w: 2}]->(:A:B {n: 1})>");
    }

    fn raw(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn table(rows: &[&[&str]]) -> ExpectedTable {
        ExpectedTable::parse(&raw(rows)).expect("parses")
    }

    #[test]
    fn tables() {
        let mut res = graph();
        res.columns = vec!["x".into(), "n".into()];
        res.rows = vec![
            vec![Value::Int(2), Value::Node(NodeId(2))],
            vec![Value::Int(1), Value::Node(NodeId(1))],
        ];
        let any = Order {
            rows: false,
            ignore_list_order: false,
        };
        let ordered = Order {
            rows: true,
            ignore_list_order: false,
        };
        let t = table(&[&["x", "n"], &["1", "(:A:B {n: 1})"], &["2", "()"]]);
        assert_eq!(compare_table(&t, &res, any), None);
        let wrong = compare_table(&t, &res, ordered).expect("mismatch");
        assert_eq!(wrong.category, "wrong row order");
        let t = table(&[&["x", "n"], &["1", "()"], &["2", "()"]]);
        assert_eq!(
            compare_table(&t, &res, any).expect("mismatch").category,
            "wrong values"
        );
        let t = table(&[&["n", "x"], &["1", "()"], &["2", "()"]]);
        assert_eq!(
            compare_table(&t, &res, any).expect("mismatch").category,
            "wrong columns"
        );
        let t = table(&[&["x", "n"], &["1", "()"]]);
        assert_eq!(
            compare_table(&t, &res, any).expect("mismatch").category,
            "wrong number of rows"
        );
        assert!(ExpectedTable::parse(&raw(&[&["x", "n"], &["1", "(("]])).is_err());
        assert!(ExpectedTable::parse(&raw(&[&["x", "n"], &["1"]])).is_err());
        assert!(ExpectedTable::parse(&[]).is_err());
        assert!(expect_empty(&res).is_some());
        assert!(expect_empty(&QueryResult::default()).is_none());
    }
}

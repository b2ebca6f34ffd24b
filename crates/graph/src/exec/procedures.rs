//! `CALL proc(...) YIELD ...`: the built-in procedures (`db.labels()`, `db.indexes()`,
//! `dbms.components()`, ...) and table-backed procedures registered by embedders (the TCK's
//! `test.my.proc`).

use std::collections::HashMap;

use cartograph_cypher::{CypherError, ErrorKind};

use super::eval::{eval, holds};
use super::ir::ProcPlan;
use super::{Ctx, Row, schema};
use crate::value::Value;

type R<T> = Result<T, CypherError>;

/// The declared inputs and outputs of a procedure: `(name, type)` pairs, types as Cypher
/// writes them (`INTEGER?`, `STRING?`, `NUMBER?`, `FLOAT?`, `ANY?`, ...).
#[derive(Debug, Clone, Default)]
pub struct ProcedureSignature {
    pub inputs: Vec<(String, String)>,
    pub outputs: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
struct TableProcedure {
    sig: ProcedureSignature,
    /// Each row holds the input values followed by the output values.
    rows: Vec<Vec<Value>>,
}

/// Procedures registered on a database in addition to the built-ins.
#[derive(Debug, Clone, Default)]
pub struct Procedures {
    table: HashMap<String, TableProcedure>,
}

impl Procedures {
    /// Register a procedure answering from a table: a call returns the output part of every
    /// row whose input part equals the arguments.
    pub fn register(&mut self, name: &str, sig: ProcedureSignature, rows: Vec<Vec<Value>>) {
        self.table
            .insert(name.to_lowercase(), TableProcedure { sig, rows });
    }
}

/// The outputs of a built-in procedure, and its rows.
fn builtin(ctx: &mut Ctx, name: &str) -> Option<(Vec<&'static str>, Vec<Vec<Value>>)> {
    let strings = |v: Vec<&str>| v.into_iter().map(|s| vec![Value::from(s)]).collect();
    Some(match name {
        "db.labels" => (vec!["label"], strings(ctx.graph.labels_in_use())),
        "db.relationshiptypes" => (
            vec!["relationshipType"],
            strings(ctx.graph.rel_types_in_use()),
        ),
        "db.propertykeys" => (vec!["propertyKey"], strings(ctx.graph.property_keys())),
        "db.indexes" | "show indexes" => (
            schema::INDEX_COLUMNS.to_vec(),
            schema::index_rows(ctx.graph),
        ),
        "db.constraints" | "show constraints" => (
            schema::CONSTRAINT_COLUMNS.to_vec(),
            schema::constraint_rows(ctx.graph),
        ),
        "dbms.components" => (
            vec!["name", "versions", "edition"],
            vec![vec![
                Value::from("cartograph"),
                Value::List(vec![Value::from(env!("CARGO_PKG_VERSION"))]),
                Value::from("community"),
            ]],
        ),
        _ => return None,
    })
}

/// Evaluate a call for one row: the output column names and the output rows.
fn call(ctx: &mut Ctx, p: &ProcPlan, row: &Row) -> R<(Vec<String>, Vec<Vec<Value>>)> {
    if let Some((cols, rows)) = builtin(ctx, &p.name) {
        if let Some(args) = &p.args
            && !args.is_empty()
        {
            return Err(arg_count(ctx, p, 0, args.len()));
        }
        return Ok((cols.into_iter().map(String::from).collect(), rows));
    }
    let Some(proc_) = ctx.procs.table.get(&p.name).cloned() else {
        return Err(ctx.at(
            CypherError::new(
                ErrorKind::ProcedureError,
                format!(
                    "There is no procedure with the name `{}` registered",
                    p.name
                ),
            )
            .with_detail("ProcedureNotFound"),
            p.at,
        ));
    };
    let mut args = Vec::new();
    match &p.args {
        Some(exprs) => {
            if exprs.len() != proc_.sig.inputs.len() {
                return Err(arg_count(ctx, p, proc_.sig.inputs.len(), exprs.len()));
            }
            for e in exprs {
                args.push(eval(ctx, e, row)?);
            }
        }
        None => {
            for (name, _) in &proc_.sig.inputs {
                match ctx.params.get(name) {
                    Some(v) => args.push(v.clone()),
                    None => {
                        return Err(ctx.at(
                            CypherError::new(
                                ErrorKind::ParameterMissing,
                                format!("Expected parameter(s): {name}"),
                            )
                            .with_detail("MissingParameter"),
                            p.at,
                        ));
                    }
                }
            }
        }
    }
    for (v, (name, ty)) in args.iter_mut().zip(&proc_.sig.inputs) {
        *v = coerce(std::mem::replace(v, Value::Null), ty).ok_or_else(|| {
            ctx.at(
                CypherError::syntax(format!(
                    "Type mismatch for procedure argument `{name}`: expected {ty}"
                ))
                .with_detail("InvalidArgumentType"),
                p.at,
            )
        })?;
    }
    let n_in = proc_.sig.inputs.len();
    let rows = proc_
        .rows
        .iter()
        .filter(|r| r.iter().take(n_in).zip(&args).all(|(a, b)| a.equivalent(b)))
        .map(|r| r[n_in.min(r.len())..].to_vec())
        .collect();
    Ok((
        proc_.sig.outputs.iter().map(|(n, _)| n.clone()).collect(),
        rows,
    ))
}

fn arg_count(ctx: &Ctx, p: &ProcPlan, expected: usize, got: usize) -> CypherError {
    ctx.at(
        CypherError::syntax(format!(
            "Procedure call provides {got} argument(s); procedure `{}` expects {expected}",
            p.name
        ))
        .with_detail("InvalidNumberOfArguments"),
        p.at,
    )
}

/// An argument converted to a declared type (integers are accepted as floats), or `None`
/// when it does not fit.
fn coerce(v: Value, ty: &str) -> Option<Value> {
    let base = ty.trim_end_matches('?').to_uppercase();
    match (base.as_str(), v) {
        (_, Value::Null) => Some(Value::Null),
        ("INTEGER", v @ Value::Int(_)) => Some(v),
        ("FLOAT", Value::Int(i)) => Some(Value::Float(i as f64)),
        ("FLOAT", v @ Value::Float(_)) => Some(v),
        ("NUMBER", v @ (Value::Int(_) | Value::Float(_))) => Some(v),
        ("STRING", v @ Value::String(_)) => Some(v),
        ("BOOLEAN", v @ Value::Bool(_)) => Some(v),
        ("ANY", v) => Some(v),
        (t, v) if !matches!(t, "INTEGER" | "FLOAT" | "NUMBER" | "STRING" | "BOOLEAN") => Some(v),
        _ => None,
    }
}

/// A procedure call that is the whole query: without YIELD it returns every output column.
pub(crate) fn standalone(ctx: &mut Ctx, p: &ProcPlan) -> R<(Vec<String>, Vec<Row>)> {
    let (cols, rows) = call(ctx, p, &Vec::new())?;
    Ok((cols, rows))
}

/// An in-query call: each input row is joined with each output row of the call.
pub(crate) fn in_query(ctx: &mut Ctx, p: &ProcPlan, rows: Vec<Row>) -> R<Vec<Row>> {
    let mut out = Vec::new();
    for row in rows {
        let (cols, results) = call(ctx, p, &row)?;
        let mut positions = Vec::with_capacity(p.yields.len());
        for (field, slot) in &p.yields {
            let Some(pos) = cols.iter().position(|c| c == field) else {
                return Err(ctx.at(
                    CypherError::syntax(format!("Unknown procedure output: `{field}`"))
                        .with_detail("UndefinedVariable"),
                    p.at,
                ));
            };
            positions.push((pos, *slot));
        }
        if cols.is_empty() {
            out.push(row);
            continue;
        }
        for res in results {
            let mut r = row.clone();
            for (pos, slot) in &positions {
                if r.len() <= *slot {
                    r.resize(slot + 1, Value::Null);
                }
                r[*slot] = res.get(*pos).cloned().unwrap_or(Value::Null);
            }
            if let Some(w) = &p.where_
                && !holds(ctx, w, &r)?
            {
                continue;
            }
            out.push(r);
        }
    }
    Ok(out)
}

//! Schema commands: CREATE/DROP INDEX and CONSTRAINT, and the rows of SHOW INDEXES /
//! SHOW CONSTRAINTS (with Neo4j 5's columns).

use cartograph_cypher::ast::{self, SchemaTarget};
use cartograph_cypher::{CypherError, ErrorKind};

use crate::result::{Counters, QueryResult};
use crate::store::{ConstraintDef, ConstraintType, EntityKind, Graph, IndexDef};
use crate::value::Value;

type R<T> = Result<T, CypherError>;

pub(crate) const INDEX_COLUMNS: &[&str] = &[
    "id",
    "name",
    "state",
    "populationPercent",
    "type",
    "entityType",
    "labelsOrTypes",
    "properties",
    "indexProvider",
    "owningConstraint",
    "lastRead",
    "readCount",
];

pub(crate) const CONSTRAINT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "type",
    "entityType",
    "labelsOrTypes",
    "properties",
    "ownedIndex",
    "propertyType",
];

fn entity_name(e: &EntityKind) -> &'static str {
    match e {
        EntityKind::Node => "NODE",
        EntityKind::Relationship => "RELATIONSHIP",
    }
}

fn strings(v: &[String]) -> Value {
    Value::List(v.iter().map(|s| Value::from(s.as_str())).collect())
}

pub(crate) fn index_rows(g: &Graph) -> Vec<Vec<Value>> {
    g.indexes()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                Value::Int(i as i64 + 1),
                Value::from(d.name.as_str()),
                Value::from("ONLINE"),
                Value::Float(100.0),
                Value::from("RANGE"),
                Value::from(entity_name(&d.entity)),
                strings(std::slice::from_ref(&d.token)),
                strings(&d.properties),
                Value::from("range-1.0"),
                d.owning_constraint
                    .as_deref()
                    .map_or(Value::Null, Value::from),
                Value::Null,
                Value::Int(0),
            ]
        })
        .collect()
}

pub(crate) fn constraint_rows(g: &Graph) -> Vec<Vec<Value>> {
    g.constraints()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let prefix = entity_name(&c.entity);
            let kind = match c.kind {
                ConstraintType::Unique => {
                    if c.entity == EntityKind::Node {
                        "UNIQUENESS".to_string()
                    } else {
                        "RELATIONSHIP_UNIQUENESS".to_string()
                    }
                }
                ConstraintType::NodeKey => format!("{prefix}_KEY"),
                ConstraintType::NotNull => format!("{prefix}_PROPERTY_EXISTENCE"),
            };
            let owned = g
                .indexes()
                .iter()
                .find(|d| d.owning_constraint.as_deref() == Some(c.name.as_str()))
                .map_or(Value::Null, |d| Value::from(d.name.as_str()));
            vec![
                Value::Int(i as i64 + 1),
                Value::from(c.name.as_str()),
                Value::from(kind),
                Value::from(prefix),
                strings(std::slice::from_ref(&c.token)),
                strings(&c.properties),
                owned,
                Value::Null,
            ]
        })
        .collect()
}

/// `SHOW INDEXES` / `SHOW CONSTRAINTS` as the query it stands for:
/// `CALL <listing>() YIELD ... WHERE ... RETURN ...`.
pub(crate) fn show_query(listing: &str, columns: &[&str], tail: &ast::ShowTail) -> ast::Query {
    let span = ast::Span::default();
    let yields = tail.yield_items.clone().unwrap_or_else(|| {
        columns
            .iter()
            .map(|c| ast::YieldItem {
                field: (*c).to_string(),
                alias: None,
            })
            .collect()
    });
    let ret = tail.ret.clone().unwrap_or_else(|| ast::Projection {
        distinct: false,
        star: false,
        items: yields
            .iter()
            .map(|y| {
                let name = y.alias.clone().unwrap_or_else(|| y.field.clone());
                ast::ProjectionItem {
                    expr: ast::Expr::new(ast::ExprKind::Variable(name.clone()), span),
                    alias: None,
                    text: name,
                }
            })
            .collect(),
        order_by: Vec::new(),
        skip: None,
        limit: None,
        span,
    });
    let call = ast::Clause::CallProcedure(ast::CallProcedure {
        name: vec![listing.to_string()],
        args: Some(Vec::new()),
        yield_items: Some(yields),
        yield_star: false,
        where_: tail.where_.clone(),
        span,
    });
    ast::Query {
        first: ast::SingleQuery {
            clauses: vec![call, ast::Clause::Return(ret)],
            span,
        },
        unions: Vec::new(),
        span,
    }
}

/// A stable generated name, like Neo4j's `index_1a2b3c4d` for unnamed schema objects.
fn generated_name(prefix: &str, target: &SchemaTarget, props: &[String], extra: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let text = format!("{target:?}|{}|{extra}", props.join(","));
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{prefix}_{h:08x}")
}

fn target_parts(t: &SchemaTarget) -> (EntityKind, String) {
    match t {
        SchemaTarget::Node { label } => (EntityKind::Node, label.clone()),
        SchemaTarget::Relationship { rel_type } => (EntityKind::Relationship, rel_type.clone()),
    }
}

fn schema_error(detail: &'static str, msg: String, source: &str, at: usize) -> CypherError {
    CypherError::new(ErrorKind::SemanticError, msg)
        .with_detail(detail)
        .at(source, at)
}

/// Run a schema command (anything but a query or a SHOW).
pub(crate) fn run(
    g: &mut Graph,
    stmt: &ast::Statement,
    source: &str,
    read_only: bool,
) -> R<QueryResult> {
    if read_only {
        return Err(super::read_only_error());
    }
    let mut counters = Counters::default();
    match stmt {
        ast::Statement::CreateIndex(d) => {
            let name = d
                .name
                .clone()
                .unwrap_or_else(|| generated_name("index", &d.target, &d.properties, ""));
            let (entity, token) = target_parts(&d.target);
            let def = IndexDef {
                name: name.clone(),
                entity,
                token,
                properties: d.properties.clone(),
                owning_constraint: None,
            };
            let created = g
                .create_index(def)
                .map_err(|e| e.at(source, d.span.start))?;
            if created {
                counters.indexes_added += 1;
            } else if !d.if_not_exists && d.name.is_some() {
                return Err(schema_error(
                    "EquivalentSchemaRuleAlreadyExists",
                    format!("An equivalent index already exists, '{name}'"),
                    source,
                    d.span.start,
                ));
            }
        }
        ast::Statement::DropIndex(d) => {
            let name = match (&d.name, &d.legacy) {
                (Some(n), _) => Some(n.clone()),
                (None, Some((target, props))) => {
                    let (entity, token) = target_parts(target);
                    g.indexes()
                        .iter()
                        .find(|i| i.entity == entity && i.token == token && &i.properties == props)
                        .map(|i| i.name.clone())
                }
                (None, None) => None,
            };
            let dropped = match &name {
                Some(n) => g.drop_index(n).map_err(|e| e.at(source, d.span.start))?,
                None => false,
            };
            if dropped {
                counters.indexes_removed += 1;
            } else if !d.if_exists {
                return Err(schema_error(
                    "IndexDropFailed",
                    format!(
                        "Unable to drop index: no such index {}",
                        name.unwrap_or_default()
                    ),
                    source,
                    d.span.start,
                ));
            }
        }
        ast::Statement::CreateConstraint(c) => {
            let kind = match c.kind {
                ast::ConstraintKind::Unique => ConstraintType::Unique,
                ast::ConstraintKind::NodeKey => ConstraintType::NodeKey,
                ast::ConstraintKind::NotNull => ConstraintType::NotNull,
            };
            let name = c.name.clone().unwrap_or_else(|| {
                generated_name("constraint", &c.target, &c.properties, &format!("{kind:?}"))
            });
            let (entity, token) = target_parts(&c.target);
            let def = ConstraintDef {
                name: name.clone(),
                entity,
                token,
                properties: c.properties.clone(),
                kind,
            };
            let created = g
                .create_constraint(def)
                .map_err(|e| e.at(source, c.span.start))?;
            if created {
                counters.constraints_added += 1;
            } else if !c.if_not_exists && c.name.is_some() {
                return Err(schema_error(
                    "EquivalentSchemaRuleAlreadyExists",
                    format!("An equivalent constraint already exists, '{name}'"),
                    source,
                    c.span.start,
                ));
            }
        }
        ast::Statement::DropConstraint(d) => {
            let name = match (&d.name, &d.legacy) {
                (Some(n), _) => Some(n.clone()),
                (None, Some((target, props))) => {
                    let (entity, token) = target_parts(target);
                    g.constraints()
                        .iter()
                        .find(|c| c.entity == entity && c.token == token && &c.properties == props)
                        .map(|c| c.name.clone())
                }
                (None, None) => None,
            };
            let dropped = match &name {
                Some(n) => g
                    .drop_constraint(n)
                    .map_err(|e| e.at(source, d.span.start))?,
                None => false,
            };
            if dropped {
                counters.constraints_removed += 1;
            } else if !d.if_exists {
                return Err(schema_error(
                    "ConstraintDropFailed",
                    format!(
                        "Unable to drop constraint: no such constraint {}",
                        name.unwrap_or_default()
                    ),
                    source,
                    d.span.start,
                ));
            }
        }
        _ => {}
    }
    Ok(QueryResult {
        counters,
        ..QueryResult::default()
    })
}

//! Turning a scenario's Gherkin steps into typed actions, so that a scenario with a step the
//! runner does not know is skipped before anything runs.

use cartograph_graph::Params;

use crate::compare::{ExpectedTable, Order};
use crate::gherkin::{Scenario, Step};
use crate::procedure::{self, ProcedureDef};
use crate::side_effects::SideEffects;
use crate::value;

/// One step of a scenario, ready to run.
#[derive(Debug, Clone)]
pub enum Action {
    /// `Given an empty graph` / `Given any graph`: the fresh database already is one.
    EmptyGraph,
    /// `Given the NAME graph`: load one of the TCK's named graphs.
    NamedGraph(String),
    /// `And having executed:`: a setup query that must succeed.
    Setup(String),
    /// `And parameters are:`.
    Params(Params),
    /// `And there exists a procedure SIGNATURE:` with its table of rows.
    Procedure(ProcedureDef),
    /// `When executing query:` (`control == false`) or `When executing control query:`.
    Query {
        text: String,
        control: bool,
    },
    ExpectRows {
        table: ExpectedTable,
        order: Order,
    },
    ExpectEmpty,
    ExpectError(ExpectedError),
    ExpectSideEffects(SideEffects),
}

/// `Then a TYPE should be raised at PHASE: DETAIL`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedError {
    pub kind: String,
    pub phase: String,
    pub detail: String,
}

/// Why a scenario cannot be planned.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// A step this runner does not implement: the scenario is skipped.
    Unsupported(String),
    /// A step it knows but whose content is malformed: the scenario fails.
    Invalid(String),
}

/// Plan every step of `scenario`.
pub fn plan(scenario: &Scenario) -> Result<Vec<Action>, PlanError> {
    scenario.steps.iter().map(action).collect()
}

fn action(step: &Step) -> Result<Action, PlanError> {
    let t = step.text.as_str();
    let invalid = |what: &str| {
        PlanError::Invalid(format!("line {}: {what}: {} {t}", step.line, step.keyword))
    };
    let docstring = || {
        step.docstring
            .clone()
            .ok_or_else(|| invalid("missing docstring"))
    };
    let table = || step.table.clone().ok_or_else(|| invalid("missing table"));
    if t == "an empty graph" || t == "any graph" {
        return Ok(Action::EmptyGraph);
    }
    if let Some(name) = t
        .strip_prefix("the ")
        .and_then(|r| r.strip_suffix(" graph"))
    {
        return Ok(Action::NamedGraph(name.to_string()));
    }
    if t == "having executed:" || t == "after having executed:" {
        return Ok(Action::Setup(docstring()?));
    }
    if t == "parameters are:" || t == "parameter values are:" {
        let mut params = Params::new();
        for row in table()? {
            let [name, text] = row.as_slice() else {
                return Err(invalid("parameter rows need two cells"));
            };
            let v = value::parse(text)
                .and_then(|v| v.to_param())
                .map_err(|e| invalid(&format!("parameter {name}: {e}")))?;
            params.insert(name.clone(), v);
        }
        return Ok(Action::Params(params));
    }
    if let Some(signature) = t.strip_prefix("there exists a procedure ") {
        return procedure::define(signature, &table()?)
            .map(Action::Procedure)
            .map_err(|e| invalid(&e));
    }
    for (prefix, control) in [
        ("executing query:", false),
        ("executing control query:", true),
    ] {
        if let Some(inline) = t.strip_prefix(prefix) {
            let text = if inline.trim().is_empty() {
                docstring()?
            } else {
                inline.trim().to_string()
            };
            return Ok(Action::Query { text, control });
        }
    }
    if t == "the result should be empty" {
        return Ok(Action::ExpectEmpty);
    }
    if t.starts_with("the result should be") && t.ends_with(':') {
        let order = Order {
            rows: t.contains("in order"),
            ignore_list_order: t.contains("ignoring element order for lists"),
        };
        let known = [
            "the result should be, in any order:",
            "the result should be, in order:",
        ];
        if !order.ignore_list_order && !known.contains(&t) {
            return Err(PlanError::Unsupported(format!("{} {t}", step.keyword)));
        }
        let table = ExpectedTable::parse(&table()?)
            .map_err(|e| invalid(&format!("expected result: {e}")))?;
        return Ok(Action::ExpectRows { table, order });
    }
    if t == "no side effects" {
        return Ok(Action::ExpectSideEffects(SideEffects::default()));
    }
    if t == "the side effects should be:" {
        return SideEffects::from_table(&table()?)
            .map(Action::ExpectSideEffects)
            .map_err(|e| invalid(&e));
    }
    if let Some(err) = expected_error(t) {
        return Ok(Action::ExpectError(err));
    }
    Err(PlanError::Unsupported(format!("{} {t}", step.keyword)))
}

/// Parse `a TYPE should be raised at PHASE: DETAIL`.
fn expected_error(t: &str) -> Option<ExpectedError> {
    let rest = t.strip_prefix("a ").or_else(|| t.strip_prefix("an "))?;
    let (kind, rest) = rest.split_once(" should be raised at ")?;
    let (phase, detail) = rest.split_once(':')?;
    let phase = phase.trim();
    if !matches!(phase, "compile time" | "runtime" | "any time") {
        return None;
    }
    Some(ExpectedError {
        kind: kind.trim().to_string(),
        phase: phase.to_string(),
        detail: detail.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use cartograph_graph::Value;

    use super::*;

    fn step(text: &str, docstring: Option<&str>, table: Option<&[&[&str]]>) -> Step {
        Step {
            keyword: "And".into(),
            text: text.into(),
            docstring: docstring.map(String::from),
            table: table.map(|t| {
                t.iter()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect()
            }),
            line: 1,
        }
    }

    #[test]
    fn known_steps() {
        assert!(matches!(
            action(&step("any graph", None, None)),
            Ok(Action::EmptyGraph)
        ));
        assert!(
            matches!(action(&step("the binary-tree-1 graph", None, None)), Ok(Action::NamedGraph(g)) if g == "binary-tree-1")
        );
        assert!(
            matches!(action(&step("having executed:", Some("CREATE ()"), None)), Ok(Action::Setup(q)) if q == "CREATE ()")
        );
        assert!(matches!(
            action(&step("executing control query:", Some("RETURN 1"), None)),
            Ok(Action::Query { text, control: true }) if text == "RETURN 1"
        ));
        assert!(matches!(
            action(&step("executing query: RETURN 2", None, None)),
            Ok(Action::Query { text, control: false }) if text == "RETURN 2"
        ));
        let Ok(Action::Params(p)) =
            action(&step("parameters are:", None, Some(&[&["x", "[1, 'a']"]])))
        else {
            panic!("params")
        };
        assert!(matches!(&p["x"], Value::List(l) if l.len() == 2));
        assert!(matches!(
            action(&step("no side effects", None, None)),
            Ok(Action::ExpectSideEffects(e)) if e == SideEffects::default()
        ));
        assert!(matches!(
            action(&step("the result should be empty", None, None)),
            Ok(Action::ExpectEmpty)
        ));
    }

    #[test]
    fn result_variants() {
        let t: &[&[&str]] = &[&["x"], &["1"]];
        let order = |s: &str| match action(&step(s, None, Some(t))) {
            Ok(Action::ExpectRows { order, .. }) => (order.rows, order.ignore_list_order),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(order("the result should be, in any order:"), (false, false));
        assert_eq!(order("the result should be, in order:"), (true, false));
        assert_eq!(
            order("the result should be (ignoring element order for lists):"),
            (false, true)
        );
        assert_eq!(
            order("the result should be, in order (ignoring element order for lists):"),
            (true, true)
        );
        assert!(matches!(
            action(&step("the result should be, in any order:", None, None)),
            Err(PlanError::Invalid(_))
        ));
        let bad: &[&[&str]] = &[&["x"], &["(("]];
        assert!(matches!(
            action(&step("the result should be, in order:", None, Some(bad))),
            Err(PlanError::Invalid(_))
        ));
    }

    #[test]
    fn errors_and_unsupported() {
        let Ok(Action::ExpectError(e)) = action(&step(
            "a SyntaxError should be raised at compile time: UndefinedVariable",
            None,
            None,
        )) else {
            panic!("error step")
        };
        assert_eq!(
            e,
            ExpectedError {
                kind: "SyntaxError".into(),
                phase: "compile time".into(),
                detail: "UndefinedVariable".into()
            }
        );
        assert!(matches!(
            action(&step("a TypeError should be raised at any time: *", None, None)),
            Ok(Action::ExpectError(ExpectedError { detail, .. })) if detail == "*"
        ));
        assert!(matches!(
            action(&step("there exists a procedure test.labels() :: (label :: STRING?):", None, Some(&[&["label"], &["'A'"]]))),
            Ok(Action::Procedure(p)) if p.name == "test.labels" && p.rows.len() == 1
        ));
        assert!(matches!(
            action(&step(
                "there exists a procedure test.labels() :: (label :: STRING?):",
                None,
                None
            )),
            Err(PlanError::Invalid(_))
        ));
        assert!(matches!(
            action(&step(
                "there exists a procedure test.labels :: (label :: STRING?):",
                None,
                Some(&[&["label"]])
            )),
            Err(PlanError::Invalid(_))
        ));
        assert!(matches!(
            action(&step("there exists a graph", None, None)),
            Err(PlanError::Unsupported(m)) if m == "And there exists a graph"
        ));
        assert!(matches!(
            action(&step(
                "the side effects should be:",
                None,
                Some(&[&["+bogus", "1"]])
            )),
            Err(PlanError::Invalid(_))
        ));
        assert!(matches!(
            action(&step("parameters are:", None, Some(&[&["x", "(("]]))),
            Err(PlanError::Invalid(_))
        ));
    }
}

//! Running one planned scenario against a fresh in-memory database and judging it.
//!
//! Error expectations: the error type must equal the engine's `ErrorKind::name()`; the
//! detail must match whenever the engine reports one (an engine that reports none is given
//! the benefit of the doubt). The phase (compile time / runtime) is not checked: the engine
//! does not report one, and the TCK pairs types and phases freely (a `SyntaxError` at
//! runtime, a `TypeError` at compile time), so deriving it from the type would misjudge.
//! Side effects are not checked after an expected error (the statement was rolled back).

use std::collections::HashMap;

use cartograph_graph::{CypherError, Database, GraphDump, Params, QueryResult};

use crate::compare;
use crate::plan::{Action, ExpectedError};
use crate::side_effects::SideEffects;

/// Why a scenario failed: `category` groups similar failures in the summary, `message`
/// says what happened here, `listing` (possibly empty) shows expected vs actual rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub category: String,
    pub message: String,
    pub query: Option<String>,
    pub listing: String,
}

impl Failure {
    pub fn new(category: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure {
            category: category.into(),
            message: message.into(),
            query: None,
            listing: String::new(),
        }
    }

    fn at(mut self, query: Option<&str>) -> Failure {
        self.query = query.map(String::from);
        self
    }
}

/// Named graphs: the statements that build each, by name.
pub type Graphs = HashMap<String, Vec<String>>;

/// Everything the scenario's steps have produced so far.
struct State {
    db: Database,
    params: Params,
    /// The last query run by a `When` step, and its outcome.
    last: Option<(String, Result<QueryResult, CypherError>)>,
    /// An expected error matched by type while the engine reported no detail to compare.
    unchecked_detail: bool,
    /// Side effects of the last non-control query: `None` before one ran, `Some(None)` if
    /// it failed.
    effects: Option<Option<SideEffects>>,
}

/// Run the actions in order; the first failing step decides the outcome. On success, tells
/// whether an expected error detail went unchecked because the engine reported none.
pub fn run(actions: &[Action], graphs: &Graphs) -> Result<bool, Failure> {
    let mut st = State::new();
    for action in actions {
        step(&mut st, action, graphs)?;
    }
    Ok(st.unchecked_detail)
}

impl State {
    fn new() -> State {
        State {
            db: Database::in_memory(),
            params: Params::new(),
            last: None,
            unchecked_detail: false,
            effects: None,
        }
    }
}

fn step(st: &mut State, action: &Action, graphs: &Graphs) -> Result<(), Failure> {
    match action {
        Action::EmptyGraph => Ok(()),
        Action::NamedGraph(name) => {
            let Some(statements) = graphs.get(name) else {
                return Err(Failure::new(
                    "unknown named graph",
                    format!("no named graph `{name}` in the TCK's graphs directory"),
                ));
            };
            for s in statements {
                setup(st, s)?;
            }
            Ok(())
        }
        Action::Setup(q) => setup(st, q),
        Action::Procedure(def) => st
            .db
            .register_procedure(&def.name, def.signature.clone(), def.rows.clone())
            .map_err(|e| Failure::new("registering a procedure failed", describe(&e))),
        Action::Params(p) => {
            st.params
                .extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
            Ok(())
        }
        Action::Query { text, control } => {
            let before = if *control { None } else { Some(dump(&st.db)?) };
            let result = st.db.execute(text, &st.params);
            if let Some(before) = before {
                st.effects = Some(match &result {
                    Ok(_) => Some(SideEffects::diff(&before, &dump(&st.db)?)),
                    Err(_) => None,
                });
            }
            st.last = Some((text.clone(), result));
            Ok(())
        }
        Action::ExpectRows { table, order } => {
            let (query, res) = last_result(st)?;
            match compare::compare_table(table, res, *order) {
                None => Ok(()),
                Some(m) => Err(Failure {
                    category: m.category.into(),
                    message: m.message,
                    query: Some(query),
                    listing: m.listing,
                }),
            }
        }
        Action::ExpectEmpty => {
            let (query, res) = last_result(st)?;
            match compare::expect_empty(res) {
                None => Ok(()),
                Some(m) => Err(Failure {
                    category: m.category.into(),
                    message: m.message,
                    query: Some(query),
                    listing: m.listing,
                }),
            }
        }
        Action::ExpectError(expected) => {
            expect_error(st, expected)?;
            let reported = st
                .last
                .as_ref()
                .and_then(|(_, r)| r.as_ref().err())
                .and_then(|e| e.detail);
            st.unchecked_detail |= expected.detail != "*" && reported.is_none();
            Ok(())
        }
        Action::ExpectSideEffects(expected) => {
            let (Some(effects), Some((query, _))) = (st.effects, &st.last) else {
                return Err(no_query());
            };
            let Some(actual) = effects else { return Ok(()) };
            if actual == *expected {
                Ok(())
            } else {
                Err(Failure::new(
                    "wrong side effects",
                    format!("expected side effects {expected}, got {actual}"),
                )
                .at(Some(query)))
            }
        }
    }
}

fn setup(st: &mut State, query: &str) -> Result<(), Failure> {
    match st.db.execute(query, &st.params) {
        Ok(_) => Ok(()),
        Err(e) => Err(Failure::new(
            format!("setup query failed: {}", error_category(&e)),
            describe(&e),
        )
        .at(Some(query))),
    }
}

fn dump(db: &Database) -> Result<GraphDump, Failure> {
    db.dump()
        .map_err(|e| Failure::new("graph dump failed", e.to_string()))
}

fn no_query() -> Failure {
    Failure::new(
        "runner: expectation without a query",
        "a `Then` step came before any `When executing query` step",
    )
}

/// The successful result of the last query, or the failure its error amounts to.
fn last_result(st: &State) -> Result<(String, &QueryResult), Failure> {
    let Some((query, result)) = &st.last else {
        return Err(no_query());
    };
    match result {
        Ok(res) => Ok((query.clone(), res)),
        Err(e) => Err(
            Failure::new(format!("unexpected {}", error_category(e)), describe(e)).at(Some(query)),
        ),
    }
}

fn expect_error(st: &State, expected: &ExpectedError) -> Result<(), Failure> {
    let Some((query, result)) = &st.last else {
        return Err(no_query());
    };
    let want = format!("{}/{}", expected.kind, expected.detail);
    let e = match result {
        Ok(_) => {
            return Err(Failure::new(
                format!("expected {want}, got no error"),
                format!(
                    "expected {} at {}: {}, but the query succeeded",
                    expected.kind, expected.phase, expected.detail
                ),
            )
            .at(Some(query)));
        }
        Err(e) => e,
    };
    let kind_ok = e.kind.name() == expected.kind;
    let detail_ok = expected.detail == "*" || e.detail.is_none_or(|d| d == expected.detail);
    if kind_ok && detail_ok {
        return Ok(());
    }
    let got = format!("{}/{}", e.kind.name(), e.detail.unwrap_or("-"));
    Err(Failure::new(
        format!("wrong error: expected {want}, got {got}"),
        describe(e),
    )
    .at(Some(query)))
}

/// The engine's error in full: `Kind/Detail: message (position)`.
fn describe(e: &CypherError) -> String {
    match e.detail {
        Some(d) => e
            .to_string()
            .replacen(e.kind.name(), &format!("{}/{d}", e.kind.name()), 1),
        None => e.to_string(),
    }
}

/// `Kind/Detail: message` with literal specifics masked so that similar errors group together.
pub fn error_category(e: &CypherError) -> String {
    let detail = e.detail.map(|d| format!("/{d}")).unwrap_or_default();
    format!("{}{detail}: {}", e.kind.name(), mask(&e.message))
}

/// Mask quoted text and numbers, and cut to a readable length.
pub fn mask(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push_str(&format!("{c}…{c}"));
            }
            d if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('N');
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    const MAX: usize = 90;
    if out.chars().count() > MAX {
        out = out.chars().take(MAX).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use cartograph_graph::ErrorKind;

    use super::*;

    #[test]
    fn describes_errors() {
        let e = CypherError::syntax("Variable `x` not defined").with_detail("UndefinedVariable");
        assert_eq!(
            describe(&e),
            "SyntaxError/UndefinedVariable: Variable `x` not defined"
        );
        assert_eq!(describe(&CypherError::syntax("bad")), "SyntaxError: bad");
    }

    #[test]
    fn masking() {
        assert_eq!(
            mask("Variable `x` not defined (line 1, column 12)"),
            "Variable `…` not defined (line N, column N)"
        );
        assert_eq!(mask("bad 'a\"b' here"), "bad '…' here");
        assert!(mask(&"x".repeat(200)).ends_with('…'));
    }

    fn state_with(result: Result<QueryResult, CypherError>) -> State {
        State {
            last: Some(("Q".into(), result)),
            ..State::new()
        }
    }

    #[test]
    fn error_rule() {
        let expected = ExpectedError {
            kind: "SyntaxError".into(),
            phase: "compile time".into(),
            detail: "UndefinedVariable".into(),
        };
        let plain = CypherError::syntax("x");
        assert!(expect_error(&state_with(Err(plain.clone())), &expected).is_ok());
        let right = plain.clone().with_detail("UndefinedVariable");
        assert!(expect_error(&state_with(Err(right)), &expected).is_ok());
        let wrong_detail = plain.with_detail("VariableAlreadyBound");
        let f =
            expect_error(&state_with(Err(wrong_detail)), &expected).expect_err("detail differs");
        assert_eq!(
            f.category,
            "wrong error: expected SyntaxError/UndefinedVariable, got SyntaxError/VariableAlreadyBound"
        );
        let wrong_kind = CypherError::new(ErrorKind::TypeError, "t");
        assert!(expect_error(&state_with(Err(wrong_kind)), &expected).is_err());
        let f =
            expect_error(&state_with(Ok(QueryResult::default())), &expected).expect_err("no error");
        assert_eq!(
            f.category,
            "expected SyntaxError/UndefinedVariable, got no error"
        );
        let any = ExpectedError {
            kind: "TypeError".into(),
            phase: "any time".into(),
            detail: "*".into(),
        };
        let typed = CypherError::type_error("t");
        assert!(expect_error(&state_with(Err(typed)), &any).is_ok());
    }

    #[test]
    fn notes_unchecked_details() {
        let expected = ExpectedError {
            kind: "SyntaxError".into(),
            phase: "runtime".into(),
            detail: "UndefinedVariable".into(),
        };
        let mut st = state_with(Err(CypherError::syntax("x")));
        assert!(
            step(
                &mut st,
                &Action::ExpectError(expected.clone()),
                &Graphs::new()
            )
            .is_ok()
        );
        assert!(st.unchecked_detail);
        let mut st = state_with(Err(
            CypherError::syntax("x").with_detail("UndefinedVariable")
        ));
        assert!(step(&mut st, &Action::ExpectError(expected), &Graphs::new()).is_ok());
        assert!(!st.unchecked_detail);
    }

    #[test]
    fn expectations_need_a_query() {
        let mut st = State::new();
        assert!(step(&mut st, &Action::ExpectEmpty, &Graphs::new()).is_err());
        assert!(step(&mut st, &Action::NamedGraph("nope".into()), &Graphs::new()).is_err());
    }
}

//! The one error type of the Cypher engine, shared by the parser and the executor.

use std::fmt;

/// Where in the query text an error was found. `offset` is a byte offset; `line` and
/// `column` are 1-based, as in Neo4j's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `source`.
    pub fn of(source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Position {
            offset,
            line,
            column,
        }
    }
}

/// The class of an error, named as the openCypher TCK names them; [`ErrorKind::status_code`]
/// gives the matching Neo4j status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The text is not valid Cypher, or is valid but meaningless (undefined variable, ...).
    SyntaxError,
    /// A query that parses but breaks a semantic rule detected before execution.
    SemanticError,
    /// A value of the wrong type reached an operator or function at run time.
    TypeError,
    /// An argument of the right type but an invalid value (e.g. a negative LIMIT).
    ArgumentError,
    /// An entity was used after it was deleted, or was not found.
    EntityNotFound,
    /// A constraint would be violated (e.g. deleting a node that still has relationships).
    ConstraintVerificationFailed,
    /// A parameter the query uses was not supplied.
    ParameterMissing,
    /// A procedure failed or does not exist.
    ProcedureError,
    /// Integer overflow, division by zero in integer arithmetic, and other arithmetic faults.
    ArithmeticError,
    /// Storage failure (I/O, corruption, lock): not the query's fault.
    StorageError,
    /// A resource guard stopped the query (timeout, memory limit, cancelled).
    ResourceError,
}

impl ErrorKind {
    /// The TCK's name for this class (`SyntaxError`, `TypeError`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::SemanticError => "SemanticError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::ArgumentError => "ArgumentError",
            ErrorKind::EntityNotFound => "EntityNotFound",
            ErrorKind::ConstraintVerificationFailed => "ConstraintVerificationFailed",
            ErrorKind::ParameterMissing => "ParameterMissing",
            ErrorKind::ProcedureError => "ProcedureError",
            ErrorKind::ArithmeticError => "ArithmeticError",
            ErrorKind::StorageError => "StorageError",
            ErrorKind::ResourceError => "ResourceError",
        }
    }

    /// The Neo4j status code clients (drivers, cypher-shell) expect for this class.
    pub fn status_code(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "Neo.ClientError.Statement.SyntaxError",
            ErrorKind::SemanticError => "Neo.ClientError.Statement.SemanticError",
            ErrorKind::TypeError => "Neo.ClientError.Statement.TypeError",
            ErrorKind::ArgumentError => "Neo.ClientError.Statement.ArgumentError",
            ErrorKind::EntityNotFound => "Neo.ClientError.Statement.EntityNotFound",
            ErrorKind::ConstraintVerificationFailed => {
                "Neo.ClientError.Schema.ConstraintValidationFailed"
            }
            ErrorKind::ParameterMissing => "Neo.ClientError.Statement.ParameterMissing",
            ErrorKind::ProcedureError => "Neo.ClientError.Procedure.ProcedureCallFailed",
            ErrorKind::ArithmeticError => "Neo.ClientError.Statement.ArithmeticError",
            ErrorKind::StorageError => "Neo.DatabaseError.General.UnknownError",
            ErrorKind::ResourceError => "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        }
    }
}

/// An error from parsing, checking or running a Cypher statement.
#[derive(Debug, Clone, PartialEq)]
pub struct CypherError {
    pub kind: ErrorKind,
    /// The TCK's detail code when one applies (`UndefinedVariable`, `InvalidArgumentType`,
    /// `VariableAlreadyBound`, `DeleteConnectedNode`, ...).
    pub detail: Option<&'static str>,
    pub message: String,
    pub position: Option<Position>,
}

impl CypherError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CypherError {
            kind,
            detail: None,
            message: message.into(),
            position: None,
        }
    }

    pub fn syntax(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::SyntaxError, message)
    }

    pub fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TypeError, message).with_detail("InvalidArgumentType")
    }

    pub fn argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::ArgumentError, message)
    }

    pub fn with_detail(mut self, detail: &'static str) -> Self {
        self.detail = Some(detail);
        self
    }

    /// Attach the position of byte `offset` of `source`, unless a position is already known.
    pub fn at(mut self, source: &str, offset: usize) -> Self {
        if self.position.is_none() {
            self.position = Some(Position::of(source, offset));
        }
        self
    }
}

impl fmt::Display for CypherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)?;
        if let Some(p) = self.position {
            write!(
                f,
                " (line {}, column {} (offset: {}))",
                p.line, p.column, p.offset
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for CypherError {}

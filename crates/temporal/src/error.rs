//! The error of every fallible temporal operation.

use std::fmt;

/// Whether the caller passed a value of the wrong type or a well-typed but invalid value;
/// the engine maps these to Cypher's `TypeError` and `ArgumentError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    Type,
    Argument,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub class: ErrorClass,
    pub message: String,
}

impl Error {
    pub fn argument(message: impl Into<String>) -> Error {
        Error {
            class: ErrorClass::Argument,
            message: message.into(),
        }
    }

    pub fn type_error(message: impl Into<String>) -> Error {
        Error {
            class: ErrorClass::Type,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

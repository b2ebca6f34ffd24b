//! Cypher's temporal types: `Date`, `LocalTime`, `Time`, `LocalDateTime`, `DateTime` and
//! `Duration`, with Neo4j's construction, parsing, formatting, truncation, arithmetic and
//! comparison rules.
//!
//! The crate knows nothing of the engine's value type: callers pass arguments as [`Arg`]s
//! and maps as [`Fields`], and get [`Temporal`] values or [`Component`]s back.

mod access;
mod arith;
mod between;
mod build;
mod calendar;
mod duration;
mod error;
mod parse;
mod truncate;
mod values;
mod zone;

use std::collections::BTreeMap;

pub use access::{Component, component};
pub use arith::{add_duration, subtract_duration};
pub use between::{BetweenUnit, between};
pub use build::{Clock, build, convert, from_epoch_nanos, now, pin_statement_clock};
pub use duration::{Duration, Number, duration_from_fields, parse_duration};
pub use error::{Error, ErrorClass};
pub use parse::parse;
pub use truncate::truncate;
pub use values::{Date, DateTime, LocalDateTime, LocalTime, Time, format_offset};

/// Any temporal value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Temporal {
    Date(Date),
    LocalTime(LocalTime),
    Time(Time),
    LocalDateTime(LocalDateTime),
    DateTime(DateTime),
    Duration(Duration),
}

/// The five instant types, naming what a constructor, `truncate` or a clock function
/// produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
}

impl Kind {
    /// The kind named by a Cypher function name (`date`, `localtime`, ...).
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "date" => Kind::Date,
            "localtime" => Kind::LocalTime,
            "time" => Kind::Time,
            "localdatetime" => Kind::LocalDateTime,
            "datetime" => Kind::DateTime,
            _ => return None,
        })
    }

    pub fn has_date(self) -> bool {
        matches!(self, Kind::Date | Kind::LocalDateTime | Kind::DateTime)
    }

    pub fn has_time(self) -> bool {
        !matches!(self, Kind::Date)
    }

    pub fn has_zone(self) -> bool {
        matches!(self, Kind::Time | Kind::DateTime)
    }
}

/// One argument or map entry, as the engine hands it over.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Float(f64),
    Str(String),
    Temporal(Temporal),
    /// Any other value; carries its Cypher type name for error messages.
    Other(&'static str),
}

/// A map argument (`{year: 1984, month: 10}`), keyed as written.
pub type Fields = BTreeMap<String, Arg>;

//! Cypher values and their comparison rules.
//!
//! Nodes, relationships and paths are held by id: the executor reads their current labels and
//! properties from the graph, and [`crate::QueryResult`] carries a snapshot of every entity
//! its rows mention so that consumers never need the graph.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use cartograph_temporal::{Date, DateTime, Duration, LocalDateTime, LocalTime, Time};

/// Identity of a node; stable for the life of the node, never reused within a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u64);

/// Identity of a relationship; stable for its life, never reused within a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelId(pub u64);

/// A path: `nodes.len() == rels.len() + 1`; `rels[i]` joins `nodes[i]` and `nodes[i + 1]`
/// (in either stored direction).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<RelId>,
}

/// Query parameters by name.
pub type Params = BTreeMap<String, Value>;

/// A Cypher value.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Node(NodeId),
    Relationship(RelId),
    Path(Path),
    Date(Date),
    LocalTime(LocalTime),
    Time(Time),
    LocalDateTime(LocalDateTime),
    DateTime(DateTime),
    Duration(Duration),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(Arc::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(Arc::from(s))
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The Cypher type name, as used in error messages (`INTEGER`, `STRING`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Bool(_) => "BOOLEAN",
            Value::Int(_) => "INTEGER",
            Value::Float(_) => "FLOAT",
            Value::String(_) => "STRING",
            Value::List(_) => "LIST",
            Value::Map(_) => "MAP",
            Value::Node(_) => "NODE",
            Value::Relationship(_) => "RELATIONSHIP",
            Value::Path(_) => "PATH",
            Value::Date(_) => "DATE",
            Value::LocalTime(_) => "LOCAL TIME",
            Value::Time(_) => "ZONED TIME",
            Value::LocalDateTime(_) => "LOCAL DATETIME",
            Value::DateTime(_) => "ZONED DATETIME",
            Value::Duration(_) => "DURATION",
        }
    }

    /// Cypher `=`: `None` stands for `null` (unknown), following three-valued logic.
    pub fn cypher_eq(&self, other: &Value) -> Option<bool> {
        use Value::*;
        match (self, other) {
            (Null, _) | (_, Null) => None,
            (Int(a), Int(b)) => Some(a == b),
            (Float(a), Float(b)) => Some(a == b),
            (Int(a), Float(b)) | (Float(b), Int(a)) => {
                Some(int_float_cmp(*a, *b) == Some(Ordering::Equal))
            }
            (Bool(a), Bool(b)) => Some(a == b),
            (String(a), String(b)) => Some(a == b),
            (List(a), List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.iter().zip(b) {
                    match x.cypher_eq(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            (Map(a), Map(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.values().zip(b.values()) {
                    match x.cypher_eq(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            (Node(a), Node(b)) => Some(a == b),
            (Relationship(a), Relationship(b)) => Some(a == b),
            (Path(a), Path(b)) => Some(a == b),
            (Date(a), Date(b)) => Some(a == b),
            (LocalTime(a), LocalTime(b)) => Some(a == b),
            (Time(a), Time(b)) => Some(a.cmp(b) == Ordering::Equal),
            (LocalDateTime(a), LocalDateTime(b)) => Some(a == b),
            (DateTime(a), DateTime(b)) => Some(a.cmp(b) == Ordering::Equal),
            (Duration(a), Duration(b)) => Some(a == b),
            _ => Some(false),
        }
    }

    /// Cypher `<`, `<=`, `>`, `>=`: the ordering of two comparable values, `None` (null) when
    /// either is null or they are of incomparable types.
    pub fn cypher_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            (Int(a), Float(b)) => int_float_cmp(*a, *b),
            (Float(a), Int(b)) => int_float_cmp(*b, *a).map(Ordering::reverse),
            (String(a), String(b)) => Some(a.cmp(b)),
            (Bool(a), Bool(b)) => Some(a.cmp(b)),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.cypher_cmp(y)? {
                        Ordering::Equal => {}
                        o => return Some(o),
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (LocalTime(a), LocalTime(b)) => Some(a.cmp(b)),
            (Time(a), Time(b)) => Some(a.cmp(b)),
            (LocalDateTime(a), LocalDateTime(b)) => Some(a.cmp(b)),
            (DateTime(a), DateTime(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The total order of `ORDER BY` (ascending): values of different types sort by type in
    /// Neo4j's order, nulls last, NaN after every other number.
    pub fn order_cmp(&self, other: &Value) -> Ordering {
        use Value::*;
        let (ra, rb) = (self.order_rank(), other.order_rank());
        if ra != rb {
            return ra.cmp(&rb);
        }
        match (self, other) {
            (Int(_) | Float(_), Int(_) | Float(_)) => {
                let (na, nb) = (self.is_nan(), other.is_nan());
                match (na, nb) {
                    (true, true) => Ordering::Equal,
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    (false, false) => self.cypher_cmp(other).unwrap_or(Ordering::Equal),
                }
            }
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.order_cmp(y) {
                        Ordering::Equal => {}
                        o => return o,
                    }
                }
                a.len().cmp(&b.len())
            }
            (Map(a), Map(b)) => {
                for ((ka, va), (kb, vb)) in a.iter().zip(b) {
                    match ka.cmp(kb).then_with(|| va.order_cmp(vb)) {
                        Ordering::Equal => {}
                        o => return o,
                    }
                }
                a.len().cmp(&b.len())
            }
            (Node(a), Node(b)) => a.cmp(b),
            (Relationship(a), Relationship(b)) => a.cmp(b),
            (Path(a), Path(b)) => a.nodes.cmp(&b.nodes).then_with(|| a.rels.cmp(&b.rels)),
            (Duration(a), Duration(b)) => {
                (a.months, a.days, a.seconds, a.nanos).cmp(&(b.months, b.days, b.seconds, b.nanos))
            }
            (DateTime(a), DateTime(b)) => a.cmp(b),
            (Time(a), Time(b)) => a.cmp(b),
            _ => self.cypher_cmp(other).unwrap_or(Ordering::Equal),
        }
    }

    fn order_rank(&self) -> u8 {
        use Value::*;
        match self {
            Map(_) => 0,
            Node(_) => 1,
            Relationship(_) => 2,
            List(_) => 3,
            Path(_) => 4,
            DateTime(_) => 5,
            LocalDateTime(_) => 6,
            Date(_) => 7,
            Time(_) => 8,
            LocalTime(_) => 9,
            Duration(_) => 10,
            String(_) => 11,
            Bool(_) => 12,
            Int(_) | Float(_) => 13,
            Null => 14,
        }
    }

    fn is_nan(&self) -> bool {
        matches!(self, Value::Float(f) if f.is_nan())
    }

    /// Equivalence, as used by `DISTINCT`, grouping and `IN` on lists of keys: like `=`, but
    /// null is equivalent to null and NaN to NaN.
    pub fn equivalent(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Float(a), Float(b)) if a.is_nan() && b.is_nan() => true,
            (List(a), List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equivalent(y))
            }
            (Map(a), Map(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && va.equivalent(vb))
            }
            _ => self.cypher_eq(other) == Some(true),
        }
    }
}

/// Compare an integer with a float exactly (no rounding of large integers).
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    // i64 values beyond 2^53 lose precision as f64; compare via i128 when f is integral.
    if f.fract() == 0.0 && f.abs() < 1.0e19 {
        return Some((i as i128).cmp(&(f as i128)));
    }
    (i as f64).partial_cmp(&f)
}

/// A wrapper giving [`Value`] the `Eq` + `Hash` of Cypher equivalence, for hash-based
/// grouping and `DISTINCT`.
#[derive(Debug, Clone)]
pub struct GroupKey(pub Value);

impl PartialEq for GroupKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.equivalent(&other.0)
    }
}

impl Eq for GroupKey {}

impl Hash for GroupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_value(&self.0, state);
    }
}

fn hash_value<H: Hasher>(v: &Value, state: &mut H) {
    use Value::*;
    // Integers and floats share one hash space: 1 and 1.0 are equivalent.
    if !matches!(v, Int(_) | Float(_)) {
        std::mem::discriminant(v).hash(state);
    }
    match v {
        Null => {}
        Bool(b) => b.hash(state),
        Int(i) => {
            0u8.hash(state);
            (*i as f64).to_bits().hash(state);
        }
        Float(f) => {
            0u8.hash(state);
            if f.is_nan() {
                f64::NAN.to_bits().hash(state)
            } else {
                (f + 0.0).to_bits().hash(state)
            }
        }
        String(s) => s.hash(state),
        List(l) => {
            l.len().hash(state);
            for x in l {
                hash_value(x, state);
            }
        }
        Map(m) => {
            m.len().hash(state);
            for (k, x) in m {
                k.hash(state);
                hash_value(x, state);
            }
        }
        Node(n) => n.hash(state),
        Relationship(r) => r.hash(state),
        Path(p) => p.hash(state),
        Date(d) => d.hash(state),
        LocalTime(t) => t.hash(state),
        Time(t) => t.instant_key().hash(state),
        LocalDateTime(t) => t.hash(state),
        DateTime(t) => t.instant_key().hash(state),
        Duration(d) => d.hash(state),
    }
}

impl fmt::Display for Value {
    /// Cypher literal syntax for plain values; entities as `Node(3)` (the result printers
    /// render entities from the snapshot in [`crate::QueryResult`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{}", format_float(*x)),
            Value::String(s) => write!(f, "'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::List(l) => {
                write!(f, "[")?;
                for (i, x) in l.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{x}")?;
                }
                write!(f, "]")
            }
            Value::Map(m) => {
                write!(f, "{{")?;
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k}: {x}")?;
                }
                write!(f, "}}")
            }
            Value::Node(n) => write!(f, "Node({})", n.0),
            Value::Relationship(r) => write!(f, "Relationship({})", r.0),
            Value::Path(p) => write!(f, "Path({} nodes)", p.nodes.len()),
            Value::Date(d) => write!(f, "'{d}'"),
            Value::LocalTime(t) => write!(f, "'{t}'"),
            Value::Time(t) => write!(f, "'{t}'"),
            Value::LocalDateTime(t) => write!(f, "'{t}'"),
            Value::DateTime(t) => write!(f, "'{t}'"),
            Value::Duration(d) => write!(f, "'{d}'"),
        }
    }
}

/// Floats as Cypher prints them: always with a decimal point or exponent (`1.0`, `1.0E10`),
/// `NaN`, `Infinity`, `-Infinity`.
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let abs = x.abs();
    if abs != 0.0 && !(1e-3..1e7).contains(&abs) {
        // Java-style scientific notation, as Neo4j prints: 1.0E10, 1.5E-5.
        let s = format!("{x:E}");
        let (mantissa, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        return format!("{mantissa}E{exp}");
    }
    let s = format!("{x}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn equivalent_values_group_together() {
        let keys: HashSet<GroupKey> = [
            Value::Int(1),
            Value::Float(1.0),
            Value::Float(f64::NAN),
            Value::Float(f64::NAN),
            Value::Null,
            Value::Null,
            Value::List(vec![Value::Int(2), Value::Null]),
            Value::List(vec![Value::Float(2.0), Value::Null]),
            Value::from("1"),
        ]
        .into_iter()
        .map(GroupKey)
        .collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
    }

    #[test]
    fn three_valued_equality_and_ordering() {
        assert_eq!(Value::Int(1).cypher_eq(&Value::Float(1.0)), Some(true));
        assert_eq!(Value::Int(1).cypher_eq(&Value::Null), None);
        assert_eq!(
            Value::List(vec![Value::Null]).cypher_eq(&Value::List(vec![Value::Int(1)])),
            None
        );
        assert_eq!(
            Value::List(vec![Value::Int(2), Value::Null])
                .cypher_eq(&Value::List(vec![Value::Int(1), Value::Null])),
            Some(false)
        );
        assert_eq!(Value::from("a").cypher_cmp(&Value::Int(1)), None);
        assert_eq!(
            Value::Int(i64::MAX).cypher_cmp(&Value::Float(9.223_372_036_854_776e18)),
            Some(std::cmp::Ordering::Less)
        );
        let mut v = [
            Value::Null,
            Value::Float(f64::NAN),
            Value::Int(3),
            Value::from("z"),
            Value::Bool(true),
            Value::Float(-1.5),
        ];
        v.sort_by(Value::order_cmp);
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["'z'", "true", "-1.5", "3", "NaN", "null"]);
    }

    #[test]
    fn floats_print_like_neo4j() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(-0.5), "-0.5");
        assert_eq!(format_float(1e10), "1.0E10");
        assert_eq!(format_float(1.5e-5), "1.5E-5");
        assert_eq!(format_float(f64::INFINITY), "Infinity");
    }
}

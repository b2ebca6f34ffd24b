//! Conversions between cartograph's [`Value`] and PackStream: entity and temporal
//! structures in both directions, and update counters as Bolt's `stats` map.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use cartograph_graph::{
    Counters, NodeId, NodeSnapshot, Path, QueryResult, RelId, RelSnapshot, Value,
};
use cartograph_temporal::{
    self as temporal, Date, DateTime, Duration, LocalDateTime, LocalTime, Time,
};

use crate::packstream::Pack;

/// Structure tags of Bolt's value types.
mod tag {
    pub const NODE: u8 = 0x4E;
    pub const REL: u8 = 0x52;
    pub const UNBOUND_REL: u8 = 0x72;
    pub const PATH: u8 = 0x50;
    pub const DATE: u8 = 0x44;
    pub const TIME: u8 = 0x54;
    pub const LOCAL_TIME: u8 = 0x74;
    pub const LOCAL_DATE_TIME: u8 = 0x64;
    pub const DATE_TIME_UTC: u8 = 0x49;
    pub const DATE_TIME_ZONE_ID_UTC: u8 = 0x69;
    pub const DATE_TIME_LEGACY: u8 = 0x46;
    pub const DATE_TIME_ZONE_ID_LEGACY: u8 = 0x66;
    pub const DURATION: u8 = 0x45;
    pub const POINT_2D: u8 = 0x58;
    pub const POINT_3D: u8 = 0x59;
}

const NANOS: i128 = 1_000_000_000;

/// A value that cannot cross between Bolt and cartograph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError(pub String);

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ConvertError> {
    Err(ConvertError(msg.into()))
}

fn temporal_err(e: temporal::Error) -> ConvertError {
    ConvertError(format!("invalid temporal value: {e}"))
}

/// The element id of a node, as cartograph's `elementId()` returns it.
pub fn node_element_id(id: NodeId) -> String {
    format!("n:{}", id.0)
}

/// The element id of a relationship, as cartograph's `elementId()` returns it.
pub fn rel_element_id(id: RelId) -> String {
    format!("r:{}", id.0)
}

/// Encodes values of one result for one connection's protocol version.
pub struct Encoder<'a> {
    /// Where entities' labels, types and properties come from; entities it lacks (deleted
    /// by the statement) are sent without labels or properties.
    pub result: Option<&'a QueryResult>,
    /// Bolt 5: entities carry element ids.
    pub element_ids: bool,
    /// Bolt 5 (or 4.4 with the `utc` patch): date-times are sent as UTC instants.
    pub utc: bool,
}

impl Encoder<'_> {
    pub fn value(&self, v: &Value) -> Pack {
        match v {
            Value::Null => Pack::Null,
            Value::Bool(b) => Pack::Bool(*b),
            Value::Int(i) => Pack::Int(*i),
            Value::Float(f) => Pack::Float(*f),
            Value::String(s) => Pack::String(s.to_string()),
            Value::List(l) => Pack::List(l.iter().map(|x| self.value(x)).collect()),
            Value::Map(m) => self.props(m),
            Value::Node(id) => self.node(*id),
            Value::Relationship(id) => self.rel(*id),
            Value::Path(p) => self.path(p),
            Value::Date(d) => Pack::Struct(tag::DATE, vec![Pack::Int(d.days())]),
            Value::LocalTime(t) => Pack::Struct(tag::LOCAL_TIME, vec![Pack::Int(t.nanos_of_day())]),
            Value::Time(t) => Pack::Struct(
                tag::TIME,
                vec![
                    Pack::Int(t.time().nanos_of_day()),
                    Pack::Int(i64::from(t.offset_seconds())),
                ],
            ),
            Value::LocalDateTime(t) => {
                let (s, n) = split_nanos(t.local_nanos());
                Pack::Struct(tag::LOCAL_DATE_TIME, vec![s, n])
            }
            Value::DateTime(t) => self.datetime(t),
            Value::Duration(d) => Pack::Struct(
                tag::DURATION,
                vec![
                    Pack::Int(d.months),
                    Pack::Int(d.days),
                    Pack::Int(d.seconds),
                    Pack::Int(i64::from(d.nanos)),
                ],
            ),
        }
    }

    fn props(&self, m: &BTreeMap<String, Value>) -> Pack {
        Pack::Map(m.iter().map(|(k, v)| (k.clone(), self.value(v))).collect())
    }

    fn datetime(&self, t: &DateTime) -> Pack {
        let (s, n) = split_nanos(if self.utc {
            t.epoch_nanos()
        } else {
            t.local().local_nanos()
        });
        let zone = match t.zone() {
            Some(z) => Pack::str(z),
            None => Pack::Int(i64::from(t.offset_seconds())),
        };
        let tag = match (t.zone().is_some(), self.utc) {
            (true, true) => tag::DATE_TIME_ZONE_ID_UTC,
            (true, false) => tag::DATE_TIME_ZONE_ID_LEGACY,
            (false, true) => tag::DATE_TIME_UTC,
            (false, false) => tag::DATE_TIME_LEGACY,
        };
        Pack::Struct(tag, vec![s, n, zone])
    }

    fn node(&self, id: NodeId) -> Pack {
        let snap = self.result.and_then(|r| r.nodes.get(&id));
        let labels = snap.map_or(vec![], |s| {
            s.labels.iter().map(|l| Pack::str(l.as_str())).collect()
        });
        let props = snap.map_or(Pack::Map(vec![]), |s| self.props(&s.properties));
        let mut fields = vec![Pack::Int(id.0 as i64), Pack::List(labels), props];
        if self.element_ids {
            fields.push(Pack::String(node_element_id(id)));
        }
        Pack::Struct(tag::NODE, fields)
    }

    fn rel_parts(&self, id: RelId) -> (Option<&RelSnapshot>, Pack, Pack) {
        let snap = self.result.and_then(|r| r.relationships.get(&id));
        let rel_type = Pack::str(snap.map_or("", |s| s.rel_type.as_str()));
        let props = snap.map_or(Pack::Map(vec![]), |s| self.props(&s.properties));
        (snap, rel_type, props)
    }

    fn rel(&self, id: RelId) -> Pack {
        let (snap, rel_type, props) = self.rel_parts(id);
        let (start, end) = snap.map_or((NodeId(0), NodeId(0)), |s| (s.start, s.end));
        let mut fields = vec![
            Pack::Int(id.0 as i64),
            Pack::Int(start.0 as i64),
            Pack::Int(end.0 as i64),
            rel_type,
            props,
        ];
        if self.element_ids {
            fields.push(Pack::String(rel_element_id(id)));
            fields.push(Pack::String(node_element_id(start)));
            fields.push(Pack::String(node_element_id(end)));
        }
        Pack::Struct(tag::REL, fields)
    }

    fn unbound_rel(&self, id: RelId) -> Pack {
        let (_, rel_type, props) = self.rel_parts(id);
        let mut fields = vec![Pack::Int(id.0 as i64), rel_type, props];
        if self.element_ids {
            fields.push(Pack::String(rel_element_id(id)));
        }
        Pack::Struct(tag::UNBOUND_REL, fields)
    }

    /// A path as distinct nodes, distinct relationships, and the walk through them:
    /// alternating 1-based relationship indexes (negative when walked against its
    /// direction) and 0-based node indexes.
    fn path(&self, p: &Path) -> Pack {
        let mut nodes: Vec<NodeId> = Vec::new();
        let mut rels: Vec<RelId> = Vec::new();
        let mut index_of_node = |n: NodeId| match nodes.iter().position(|x| *x == n) {
            Some(i) => i,
            None => {
                nodes.push(n);
                nodes.len() - 1
            }
        };
        if let Some(first) = p.nodes.first() {
            index_of_node(*first);
        }
        let mut walk = Vec::with_capacity(p.rels.len() * 2);
        for (i, rid) in p.rels.iter().enumerate() {
            let r = match rels.iter().position(|x| x == rid) {
                Some(r) => r,
                None => {
                    rels.push(*rid);
                    rels.len() - 1
                }
            };
            let from = p.nodes.get(i).copied();
            let forward = self
                .result
                .and_then(|res| res.relationships.get(rid))
                .is_none_or(|s| Some(s.start) == from);
            let r = r as i64 + 1;
            walk.push(Pack::Int(if forward { r } else { -r }));
            let next = p.nodes.get(i + 1).copied().unwrap_or(NodeId(0));
            walk.push(Pack::Int(index_of_node(next) as i64));
        }
        Pack::Struct(
            tag::PATH,
            vec![
                Pack::List(nodes.iter().map(|n| self.node(*n)).collect()),
                Pack::List(rels.iter().map(|r| self.unbound_rel(*r)).collect()),
                Pack::List(walk),
            ],
        )
    }
}

fn split_nanos(n: i128) -> (Pack, Pack) {
    (
        Pack::Int(n.div_euclid(NANOS) as i64),
        Pack::Int(n.rem_euclid(NANOS) as i64),
    )
}

/// Decodes values, collecting the entities it meets into a [`QueryResult`]'s snapshots.
#[derive(Default)]
pub struct Decoder {
    pub nodes: HashMap<NodeId, NodeSnapshot>,
    pub relationships: HashMap<RelId, RelSnapshot>,
    /// Whether entity structures are accepted (a result) or refused (query parameters).
    pub allow_entities: bool,
}

fn int(p: Option<&Pack>, what: &str) -> Result<i64, ConvertError> {
    match p {
        Some(Pack::Int(i)) => Ok(*i),
        other => err(format!("{what} must be an integer, got {other:?}")),
    }
}

fn string<'p>(p: Option<&'p Pack>, what: &str) -> Result<&'p str, ConvertError> {
    match p {
        Some(Pack::String(s)) => Ok(s),
        other => err(format!("{what} must be a string, got {other:?}")),
    }
}

fn entity_id(p: Option<&Pack>, what: &str) -> Result<u64, ConvertError> {
    let i = int(p, what)?;
    u64::try_from(i).or_else(|_| err(format!("{what} must not be negative, got {i}")))
}

impl Decoder {
    /// A decoder for query parameters: entity structures are refused.
    pub fn params() -> Decoder {
        Decoder::default()
    }

    /// A decoder for result records.
    pub fn results() -> Decoder {
        Decoder {
            allow_entities: true,
            ..Decoder::default()
        }
    }

    pub fn map(&mut self, p: &Pack) -> Result<BTreeMap<String, Value>, ConvertError> {
        match p {
            Pack::Map(m) => m
                .iter()
                .map(|(k, v)| Ok((k.clone(), self.value(v)?)))
                .collect(),
            Pack::Null => Ok(BTreeMap::new()),
            other => err(format!("expected a map, got {other:?}")),
        }
    }

    pub fn value(&mut self, p: &Pack) -> Result<Value, ConvertError> {
        Ok(match p {
            Pack::Null => Value::Null,
            Pack::Bool(b) => Value::Bool(*b),
            Pack::Int(i) => Value::Int(*i),
            Pack::Float(f) => Value::Float(*f),
            Pack::String(s) => Value::String(Arc::from(s.as_str())),
            Pack::Bytes(_) => return err("byte arrays are not supported by cartograph"),
            Pack::List(l) => {
                Value::List(l.iter().map(|x| self.value(x)).collect::<Result<_, _>>()?)
            }
            Pack::Map(_) => Value::Map(self.map(p)?),
            Pack::Struct(t, f) => self.structure(*t, f)?,
        })
    }

    fn structure(&mut self, t: u8, f: &[Pack]) -> Result<Value, ConvertError> {
        let i = |n: usize, what: &str| int(f.get(n), what);
        Ok(match t {
            tag::DATE => Value::Date(Date::from_days(i(0, "days")?).map_err(temporal_err)?),
            tag::LOCAL_TIME => Value::LocalTime(local_time(i(0, "nanoseconds")?)?),
            tag::TIME => Value::Time(Time::new(
                local_time(i(0, "nanoseconds")?)?,
                offset(i(1, "offset")?)?,
            )),
            tag::LOCAL_DATE_TIME => {
                Value::LocalDateTime(local_date_time(i(0, "seconds")?, i(1, "nanoseconds")?)?)
            }
            tag::DATE_TIME_UTC | tag::DATE_TIME_LEGACY => {
                let (s, n, off) = (
                    i(0, "seconds")?,
                    i(1, "nanoseconds")?,
                    offset(i(2, "offset")?)?,
                );
                let shift = if t == tag::DATE_TIME_UTC {
                    i64::from(off)
                } else {
                    0
                };
                let local = local_date_time(s.saturating_add(shift), n)?;
                Value::DateTime(DateTime::new(local, off, None))
            }
            tag::DATE_TIME_ZONE_ID_UTC | tag::DATE_TIME_ZONE_ID_LEGACY => {
                let (s, n, zone) = (
                    i(0, "seconds")?,
                    i(1, "nanoseconds")?,
                    string(f.get(2), "zone id")?,
                );
                Value::DateTime(zoned(s, n, zone, t == tag::DATE_TIME_ZONE_ID_UTC)?)
            }
            tag::DURATION => {
                let nanos = i128::from(i(2, "seconds")?) * NANOS + i128::from(i(3, "nanoseconds")?);
                Value::Duration(
                    Duration::from_nanos(i(0, "months")?, i(1, "days")?, nanos)
                        .map_err(temporal_err)?,
                )
            }
            tag::POINT_2D | tag::POINT_3D => {
                return err("spatial points are not supported by cartograph");
            }
            tag::NODE | tag::REL | tag::UNBOUND_REL | tag::PATH if !self.allow_entities => {
                return err("nodes, relationships and paths cannot be passed as parameters");
            }
            tag::NODE => Value::Node(self.node(f)?),
            tag::REL => {
                let id = RelId(entity_id(f.first(), "relationship id")?);
                let start = NodeId(entity_id(f.get(1), "start node id")?);
                let end = NodeId(entity_id(f.get(2), "end node id")?);
                let rel_type = string(f.get(3), "relationship type")?.to_string();
                let properties = self.map(f.get(4).unwrap_or(&Pack::Null))?;
                self.relationships.insert(
                    id,
                    RelSnapshot {
                        rel_type,
                        start,
                        end,
                        properties,
                    },
                );
                Value::Relationship(id)
            }
            tag::PATH => Value::Path(self.path(f)?),
            other => return err(format!("unknown structure tag 0x{other:02X}")),
        })
    }

    fn node(&mut self, f: &[Pack]) -> Result<NodeId, ConvertError> {
        let id = NodeId(entity_id(f.first(), "node id")?);
        let labels = match f.get(1) {
            Some(Pack::List(l)) => l
                .iter()
                .map(|x| string(Some(x), "label").map(str::to_string))
                .collect::<Result<_, _>>()?,
            other => return err(format!("node labels must be a list, got {other:?}")),
        };
        let properties = self.map(f.get(2).unwrap_or(&Pack::Null))?;
        self.nodes.insert(id, NodeSnapshot { labels, properties });
        Ok(id)
    }

    fn path(&mut self, f: &[Pack]) -> Result<Path, ConvertError> {
        let list = |n: usize| match f.get(n) {
            Some(Pack::List(l)) => Ok(l),
            other => err(format!("path field {n} must be a list, got {other:?}")),
        };
        let nodes = list(0)?
            .iter()
            .map(|n| match n {
                Pack::Struct(tag::NODE, nf) => self.node(nf),
                other => err(format!("path node must be a node, got {other:?}")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut rels = Vec::new();
        for r in list(1)? {
            match r {
                Pack::Struct(tag::UNBOUND_REL, rf) => {
                    let id = RelId(entity_id(rf.first(), "relationship id")?);
                    let rel_type = string(rf.get(1), "relationship type")?.to_string();
                    let props = self.map(rf.get(2).unwrap_or(&Pack::Null))?;
                    rels.push((id, rel_type, props));
                }
                other => return err(format!("path relationship must be unbound, got {other:?}")),
            }
        }
        let first = *nodes
            .first()
            .ok_or_else(|| ConvertError("a path needs at least one node".into()))?;
        let mut path = Path {
            nodes: vec![first],
            rels: vec![],
        };
        let walk = list(2)?;
        for step in walk.chunks(2) {
            let (r, n) = (
                int(step.first(), "path index")?,
                int(step.get(1), "path index")?,
            );
            let rel = usize::try_from(r.unsigned_abs())
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| rels.get(i));
            let next = usize::try_from(n).ok().and_then(|i| nodes.get(i)).copied();
            let (Some((id, rel_type, props)), Some(next)) = (rel, next) else {
                return err(format!("path index ({r}, {n}) out of range"));
            };
            let prev = path.nodes[path.nodes.len() - 1];
            let (start, end) = if r > 0 { (prev, next) } else { (next, prev) };
            self.relationships.insert(
                *id,
                RelSnapshot {
                    rel_type: rel_type.clone(),
                    start,
                    end,
                    properties: props.clone(),
                },
            );
            path.rels.push(*id);
            path.nodes.push(next);
        }
        Ok(path)
    }
}

fn local_time(nanos: i64) -> Result<LocalTime, ConvertError> {
    LocalTime::from_nanos_of_day(nanos).map_err(temporal_err)
}

fn offset(seconds: i64) -> Result<i32, ConvertError> {
    i32::try_from(seconds).or_else(|_| err(format!("UTC offset {seconds} out of range")))
}

fn local_date_time(seconds: i64, nanos: i64) -> Result<LocalDateTime, ConvertError> {
    LocalDateTime::from_local_nanos(i128::from(seconds) * NANOS + i128::from(nanos))
        .map_err(temporal_err)
}

/// A date-time in a named zone, from UTC epoch seconds (`utc`) or local wall-clock seconds.
fn zoned(seconds: i64, nanos: i64, zone: &str, utc: bool) -> Result<DateTime, ConvertError> {
    use temporal::Arg;
    let mut fields = temporal::Fields::new();
    fields.insert("timezone".into(), Arg::Str(zone.to_string()));
    fields.insert("nanosecond".into(), Arg::Int(nanos));
    if utc {
        fields.insert("epochSeconds".into(), Arg::Int(seconds));
    } else {
        let local = local_date_time(seconds, 0)?;
        let (y, mo, d) = local.date().ymd();
        let t = local.time();
        for (k, v) in [
            ("year", y),
            ("month", i64::from(mo)),
            ("day", i64::from(d)),
            ("hour", t.hour()),
            ("minute", t.minute()),
            ("second", t.second()),
        ] {
            fields.insert(k.into(), Arg::Int(v));
        }
    }
    match temporal::build(temporal::Kind::DateTime, &fields).map_err(temporal_err)? {
        temporal::Temporal::DateTime(dt) => Ok(dt),
        other => err(format!("expected a date-time, got {other:?}")),
    }
}

/// Counters as the `stats` map of a final PULL SUCCESS (only non-zero entries, as Neo4j).
pub fn stats(c: &Counters) -> Pack {
    let entries = counter_fields(c)
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(k, v)| (k.to_string(), Pack::Int(v as i64)))
        .collect::<Vec<_>>();
    let mut entries = entries;
    if c.contains_updates() {
        entries.push(("contains-updates".into(), Pack::Bool(true)));
    }
    Pack::Map(entries)
}

/// Counters from a `stats` map; unknown keys are ignored.
pub fn counters(stats: Option<&Pack>) -> Counters {
    let mut c = Counters::default();
    let get = |k: &str| {
        stats
            .and_then(|s| s.get(k))
            .and_then(Pack::as_int)
            .map_or(0, |v| v.max(0) as u64)
    };
    c.nodes_created = get("nodes-created");
    c.nodes_deleted = get("nodes-deleted");
    c.relationships_created = get("relationships-created");
    c.relationships_deleted = get("relationships-deleted");
    c.labels_added = get("labels-added");
    c.labels_removed = get("labels-removed");
    c.properties_set = get("properties-set");
    c.indexes_added = get("indexes-added");
    c.indexes_removed = get("indexes-removed");
    c.constraints_added = get("constraints-added");
    c.constraints_removed = get("constraints-removed");
    c
}

fn counter_fields(c: &Counters) -> [(&'static str, u64); 11] {
    [
        ("nodes-created", c.nodes_created),
        ("nodes-deleted", c.nodes_deleted),
        ("relationships-created", c.relationships_created),
        ("relationships-deleted", c.relationships_deleted),
        ("properties-set", c.properties_set),
        ("labels-added", c.labels_added),
        ("labels-removed", c.labels_removed),
        ("indexes-added", c.indexes_added),
        ("indexes-removed", c.indexes_removed),
        ("constraints-added", c.constraints_added),
        ("constraints-removed", c.constraints_removed),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result_with_path() -> (QueryResult, Path) {
        let mut r = QueryResult::default();
        for (i, label) in [(1, "A"), (2, "B")] {
            let props = BTreeMap::from([("name".to_string(), Value::from(label))]);
            r.nodes.insert(
                NodeId(i),
                NodeSnapshot {
                    labels: vec![label.into()],
                    properties: props,
                },
            );
        }
        // Stored 2 -> 1, walked 1 -> 2.
        let rel = RelSnapshot {
            rel_type: "T".into(),
            start: NodeId(2),
            end: NodeId(1),
            properties: BTreeMap::new(),
        };
        r.relationships.insert(RelId(7), rel);
        (
            r,
            Path {
                nodes: vec![NodeId(1), NodeId(2)],
                rels: vec![RelId(7)],
            },
        )
    }

    fn round_trip(enc: &Encoder<'_>, v: &Value) -> (Value, Decoder) {
        let mut d = Decoder::results();
        let mut bytes = Vec::new();
        enc.value(v).encode(&mut bytes);
        let pack = Pack::decode(&bytes).unwrap();
        (d.value(&pack).unwrap(), d)
    }

    #[test]
    fn entities_and_paths_round_trip_with_their_snapshots() {
        let (r, path) = result_with_path();
        for element_ids in [false, true] {
            let enc = Encoder {
                result: Some(&r),
                element_ids,
                utc: element_ids,
            };
            let (v, d) = round_trip(&enc, &Value::Path(path.clone()));
            assert_eq!(v.cypher_eq(&Value::Path(path.clone())), Some(true));
            assert_eq!(d.nodes[&NodeId(2)].labels, vec!["B".to_string()]);
            let rel = &d.relationships[&RelId(7)];
            assert_eq!(
                (rel.start, rel.end, rel.rel_type.as_str()),
                (NodeId(2), NodeId(1), "T")
            );
            let (v, d) = round_trip(&enc, &Value::Relationship(RelId(7)));
            assert!(matches!(v, Value::Relationship(RelId(7))));
            assert_eq!(d.relationships[&RelId(7)].end, NodeId(1));
        }
        let enc = Encoder {
            result: Some(&r),
            element_ids: true,
            utc: true,
        };
        let Pack::Struct(_, fields) = enc.value(&Value::Node(NodeId(1))) else {
            panic!()
        };
        assert_eq!(fields[3], Pack::str("n:1"));
    }

    #[test]
    fn temporal_values_round_trip_in_both_date_time_encodings() {
        let dt = |text: &str| match temporal::parse(temporal::Kind::DateTime, text).unwrap() {
            temporal::Temporal::DateTime(d) => Value::DateTime(d),
            _ => unreachable!(),
        };
        let values = vec![
            Value::Date(Date::from_ymd(1984, 10, 11).unwrap()),
            Value::LocalTime(LocalTime::from_hms_nano(12, 31, 14, 645_876_123).unwrap()),
            Value::Time(Time::new(
                LocalTime::from_hms_nano(12, 0, 0, 5).unwrap(),
                -3600,
            )),
            Value::LocalDateTime(LocalDateTime::new(
                Date::from_ymd(1969, 12, 31).unwrap(),
                LocalTime::from_hms_nano(23, 59, 59, 1).unwrap(),
            )),
            dt("2015-07-21T21:40:32.142+01:00"),
            dt("2015-07-21T21:40:32.142[Europe/London]"),
            Value::Duration(Duration::from_nanos(14, 16, -1_500_000_000).unwrap()),
        ];
        for utc in [false, true] {
            let enc = Encoder {
                result: None,
                element_ids: utc,
                utc,
            };
            for v in &values {
                let (back, _) = round_trip(&enc, v);
                assert_eq!(
                    back.cypher_eq(v),
                    Some(true),
                    "{v} (utc {utc}) came back as {back}"
                );
                if let (Value::DateTime(a), Value::DateTime(b)) = (v, &back) {
                    assert_eq!(
                        (a.zone(), a.offset_seconds()),
                        (b.zone(), b.offset_seconds())
                    );
                }
            }
        }
    }

    #[test]
    fn parameters_refuse_entities_and_unsupported_types() {
        let mut d = Decoder::params();
        assert!(
            d.value(&Pack::Struct(
                tag::NODE,
                vec![Pack::Int(1), Pack::List(vec![]), Pack::Map(vec![])]
            ))
            .is_err()
        );
        assert!(d.value(&Pack::Bytes(vec![1])).is_err());
        assert!(d.value(&Pack::Struct(tag::POINT_2D, vec![])).is_err());
        assert!(d.value(&Pack::Struct(tag::DATE, vec![])).is_err());
        assert!(
            d.value(&Pack::Struct(
                tag::DATE_TIME_ZONE_ID_UTC,
                vec![Pack::Int(0), Pack::Int(0), Pack::str("Nowhere/Land")]
            ))
            .is_err()
        );
    }

    #[test]
    fn counters_round_trip_through_stats() {
        let c = Counters {
            nodes_created: 3,
            properties_set: 9,
            relationships_deleted: 1,
            ..Counters::default()
        };
        let s = stats(&c);
        assert_eq!(s.get("contains-updates"), Some(&Pack::Bool(true)));
        assert_eq!(s.get("labels-added"), None);
        assert_eq!(counters(Some(&s)), c);
    }
}

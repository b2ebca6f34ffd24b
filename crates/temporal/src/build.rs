//! Constructing instants from maps of components (`{year: 1984, week: 10, dayOfWeek: 3}`),
//! optionally on top of other temporal values (`{date: d, day: 28}`, `{time: t}`,
//! `{datetime: dt, timezone: 'Europe/Stockholm'}`), from epoch values, and from the clock.

use std::cell::Cell;

use crate::calendar;
use crate::values::{Date, DateTime, LocalDateTime, LocalTime, NANOS_PER_SECOND, Time};
use crate::zone::Zone;
use crate::{Arg, Error, Fields, Kind, Temporal};

/// The Cypher type name of an argument, for error messages.
pub fn arg_type(arg: &Arg) -> &'static str {
    match arg {
        Arg::Int(_) => "INTEGER",
        Arg::Float(_) => "FLOAT",
        Arg::Str(_) => "STRING",
        Arg::Temporal(t) => match t {
            Temporal::Date(_) => "DATE",
            Temporal::LocalTime(_) => "LOCAL TIME",
            Temporal::Time(_) => "ZONED TIME",
            Temporal::LocalDateTime(_) => "LOCAL DATETIME",
            Temporal::DateTime(_) => "ZONED DATETIME",
            Temporal::Duration(_) => "DURATION",
        },
        Arg::Other(name) => name,
    }
}

const DATE_KEYS: [&str; 8] = [
    "year",
    "month",
    "day",
    "week",
    "dayofweek",
    "ordinalday",
    "quarter",
    "dayofquarter",
];
const TIME_KEYS: [&str; 6] = [
    "hour",
    "minute",
    "second",
    "millisecond",
    "microsecond",
    "nanosecond",
];
const OTHER_KEYS: [&str; 6] = [
    "timezone",
    "date",
    "time",
    "datetime",
    "epochseconds",
    "epochmillis",
];

/// The map with lower-cased keys, checked against the keys `kind` accepts.
struct Map<'a> {
    entries: Vec<(String, &'a Arg)>,
}

impl<'a> Map<'a> {
    fn new(kind: Kind, fields: &'a Fields) -> Result<Map<'a>, Error> {
        let mut entries = Vec::with_capacity(fields.len());
        for (key, value) in fields {
            let k = key.to_ascii_lowercase();
            let allowed = (kind.has_date() && DATE_KEYS.contains(&k.as_str()))
                || (kind.has_time() && TIME_KEYS.contains(&k.as_str()))
                || k == "timezone"
                || (kind == Kind::DateTime && k.starts_with("epoch"))
                || (k == "date" && kind != Kind::LocalTime && kind != Kind::Time)
                || (k == "time" && kind.has_time())
                || (k == "datetime" && kind != Kind::LocalTime && kind != Kind::Time);
            if !allowed {
                let known = DATE_KEYS
                    .iter()
                    .chain(&TIME_KEYS)
                    .chain(&OTHER_KEYS)
                    .any(|x| *x == k);
                let why = if known {
                    "is not a component of"
                } else {
                    "is not a known field of"
                };
                return Err(Error::argument(format!("'{key}' {why} this temporal type")));
            }
            entries.push((k, value));
        }
        Ok(Map { entries })
    }

    fn get(&self, key: &str) -> Option<&'a Arg> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn int(&self, key: &str) -> Result<Option<i64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Arg::Int(i)) => Ok(Some(*i)),
            Some(Arg::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => Ok(Some(*f as i64)),
            Some(other) => Err(Error::type_error(format!(
                "'{key}' must be an integer, got {}",
                arg_type(other)
            ))),
        }
    }
}

/// What another temporal value contributes: its date, its time of day and its zone.
#[derive(Default)]
pub(crate) struct Parts {
    pub date: Option<Date>,
    pub time: Option<LocalTime>,
    pub zone: Option<(Zone, i32)>,
}

pub(crate) fn parts(t: &Temporal) -> Parts {
    match t {
        Temporal::Date(d) => Parts {
            date: Some(*d),
            ..Parts::default()
        },
        Temporal::LocalTime(lt) => Parts {
            time: Some(*lt),
            ..Parts::default()
        },
        Temporal::Time(t) => Parts {
            time: Some(t.time()),
            zone: Some((Zone::Fixed(t.offset_seconds()), t.offset_seconds())),
            ..Parts::default()
        },
        Temporal::LocalDateTime(l) => Parts {
            date: Some(l.date()),
            time: Some(l.time()),
            zone: None,
        },
        Temporal::DateTime(dt) => Parts {
            date: Some(dt.local().date()),
            time: Some(dt.local().time()),
            zone: Some((Zone::of(dt), dt.offset_seconds())),
        },
        Temporal::Duration(_) => Parts::default(),
    }
}

fn base(map: &Map<'_>, key: &str, wants_date: bool) -> Result<Parts, Error> {
    let Some(arg) = map.get(key) else {
        return Ok(Parts::default());
    };
    let Arg::Temporal(t) = arg else {
        return Err(Error::type_error(format!(
            "'{key}' must be a temporal value, got {}",
            arg_type(arg)
        )));
    };
    let p = parts(t);
    if (wants_date && p.date.is_none()) || (!wants_date && p.time.is_none()) {
        return Err(Error::type_error(format!(
            "Cannot take a {key} from a {}",
            arg_type(arg)
        )));
    }
    Ok(p)
}

/// The date from `year`/`month`/`day`, `week`/`dayOfWeek`, `ordinalDay` or
/// `quarter`/`dayOfQuarter`, each unspecified component taken from `base` (or its minimum).
fn resolve_date(map: &Map<'_>, base: Option<Date>) -> Result<Date, Error> {
    let year = map.int("year")?;
    let Some(base_days) = base.map(Date::days) else {
        let year = year.ok_or_else(|| Error::argument("A date needs a 'year'"))?;
        let days = if map.has("week") || map.has("dayofweek") {
            calendar::from_week_date(
                year,
                map.int("week")?.unwrap_or(1),
                map.int("dayofweek")?.unwrap_or(1),
            )?
        } else if map.has("ordinalday") {
            calendar::from_ordinal(year, map.int("ordinalday")?.unwrap_or(1))?
        } else if map.has("quarter") || map.has("dayofquarter") {
            calendar::from_quarter(
                year,
                map.int("quarter")?.unwrap_or(1),
                map.int("dayofquarter")?.unwrap_or(1),
            )?
        } else {
            calendar::from_ymd(
                year,
                map.int("month")?.unwrap_or(1),
                map.int("day")?.unwrap_or(1),
            )?
        };
        return Date::from_days(days);
    };
    let (by, bm, bd) = calendar::civil_from_days(base_days);
    let days = if map.has("week") || map.has("dayofweek") {
        let (wy, w) = calendar::iso_week(base_days);
        let dow = i64::from(calendar::day_of_week(base_days));
        calendar::from_week_date(
            year.unwrap_or(wy),
            map.int("week")?.unwrap_or(i64::from(w)),
            map.int("dayofweek")?.unwrap_or(dow),
        )?
    } else if map.has("ordinalday") {
        let ordinal = base_days - calendar::days_from_civil(by, 1, 1) + 1;
        calendar::from_ordinal(
            year.unwrap_or(by),
            map.int("ordinalday")?.unwrap_or(ordinal),
        )?
    } else if map.has("quarter") || map.has("dayofquarter") {
        let quarter = i64::from((bm - 1) / 3 + 1);
        let doq = base_days
            - calendar::days_from_civil(by, calendar::quarter_start_month(quarter), 1)
            + 1;
        calendar::from_quarter(
            year.unwrap_or(by),
            map.int("quarter")?.unwrap_or(quarter),
            map.int("dayofquarter")?.unwrap_or(doq),
        )?
    } else {
        calendar::from_ymd(
            year.unwrap_or(by),
            map.int("month")?.unwrap_or(i64::from(bm)),
            map.int("day")?.unwrap_or(i64::from(bd)),
        )?
    };
    Date::from_days(days)
}

/// Nanosecond of second from `millisecond`, `microsecond` and `nanosecond`, each in the range
/// left to it by the larger units given; `None` when none is given.
fn sub_second(map: &Map<'_>) -> Result<Option<i64>, Error> {
    let (ms, us, ns) = (
        map.int("millisecond")?,
        map.int("microsecond")?,
        map.int("nanosecond")?,
    );
    if ms.is_none() && us.is_none() && ns.is_none() {
        return Ok(None);
    }
    let ms = calendar::check_range("Millisecond", ms.unwrap_or(0), 0, 999)?;
    let us_max = if map.has("millisecond") { 999 } else { 999_999 };
    let us = calendar::check_range("Microsecond", us.unwrap_or(0), 0, us_max)?;
    let ns_max = if map.has("millisecond") || map.has("microsecond") {
        999
    } else {
        999_999_999
    };
    let ns = calendar::check_range("Nanosecond", ns.unwrap_or(0), 0, ns_max)?;
    Ok(Some(ms * 1_000_000 + us * 1000 + ns))
}

fn resolve_time(map: &Map<'_>, base: Option<LocalTime>) -> Result<LocalTime, Error> {
    let b = base.unwrap_or(LocalTime::MIDNIGHT);
    let hour = map.int("hour")?.unwrap_or(b.hour());
    let minute = map.int("minute")?.unwrap_or(b.minute());
    let second = map.int("second")?.unwrap_or(b.second());
    let nanos = sub_second(map)?.unwrap_or(b.nanosecond());
    LocalTime::from_hms_nano(hour, minute, second, nanos)
}

fn timezone(map: &Map<'_>) -> Result<Option<Zone>, Error> {
    match map.get("timezone") {
        None => Ok(None),
        Some(Arg::Str(s)) => Zone::parse(s).map(Some),
        Some(other) => Err(Error::type_error(format!(
            "'timezone' must be a string, got {}",
            arg_type(other)
        ))),
    }
}

/// Builds a value of `kind` from a map of components.
pub fn build(kind: Kind, fields: &Fields) -> Result<Temporal, Error> {
    let map = Map::new(kind, fields)?;
    if map.entries.iter().all(|(k, _)| k == "timezone") {
        let zone = timezone(&map)?.unwrap_or(Zone::Fixed(0));
        return now_in(kind, zone);
    }
    if !kind.has_zone() && map.has("timezone") {
        return Err(Error::argument(
            "A 'timezone' is only allowed for the current local value",
        ));
    }
    if map.has("epochseconds") || map.has("epochmillis") {
        return from_epoch(&map);
    }
    let dt_base = base(&map, "datetime", true)?;
    let date_base = if map.has("date") {
        base(&map, "date", true)?.date
    } else {
        dt_base.date
    };
    let time_parts = if map.has("time") {
        base(&map, "time", false)?
    } else {
        dt_base
    };
    let date = if kind.has_date() {
        Some(resolve_date(&map, date_base)?)
    } else {
        None
    };
    let time = resolve_time(&map, time_parts.time)?;
    let target = timezone(&map)?;
    Ok(match kind {
        Kind::Date => Temporal::Date(date.unwrap_or(Date::from_days(0)?)),
        Kind::LocalTime => Temporal::LocalTime(time),
        Kind::LocalDateTime => Temporal::LocalDateTime(LocalDateTime::new(
            date.unwrap_or(Date::from_days(0)?),
            time,
        )),
        Kind::DateTime => {
            let local = LocalDateTime::new(date.unwrap_or(Date::from_days(0)?), time);
            Temporal::DateTime(match (time_parts.zone, target) {
                (Some((source, offset)), Some(target)) => {
                    target.at_instant(source.at_local(local, Some(offset))?.epoch_nanos())?
                }
                (Some((source, offset)), None) => source.at_local(local, Some(offset))?,
                (None, Some(target)) => target.at_local(local, None)?,
                (None, None) => DateTime::new(local, 0, None),
            })
        }
        Kind::Time => {
            let day = match date_base.or(time_parts.date) {
                Some(d) => d,
                None => today()?,
            };
            let offset_of = |zone: Zone| -> Result<i32, Error> {
                Ok(zone
                    .at_local(LocalDateTime::new(day, time), None)?
                    .offset_seconds())
            };
            let (time, offset) = match (time_parts.zone, target) {
                (Some((_, from)), Some(to)) => {
                    let to = offset_of(to)?;
                    let shift = i128::from(to - from) * i128::from(NANOS_PER_SECOND);
                    (
                        LocalTime::wrapping(i128::from(time.nanos_of_day()) + shift),
                        to,
                    )
                }
                (Some((_, from)), None) => (time, from),
                (None, Some(to)) => (time, offset_of(to)?),
                (None, None) => (time, 0),
            };
            Temporal::Time(Time::new(time, offset))
        }
    })
}

/// `datetime({epochSeconds: s, nanosecond: n})` or `datetime({epochMillis: ms})`.
fn from_epoch(map: &Map<'_>) -> Result<Temporal, Error> {
    let secs = map.int("epochseconds")?;
    let millis = map.int("epochmillis")?;
    let base = match (secs, millis) {
        (Some(s), None) => i128::from(s) * i128::from(NANOS_PER_SECOND),
        (None, Some(ms)) => i128::from(ms) * 1_000_000,
        _ => {
            return Err(Error::argument(
                "Give either 'epochSeconds' or 'epochMillis', not both",
            ));
        }
    };
    let nanos = i128::from(sub_second(map)?.unwrap_or(0));
    let zone = timezone(map)?.unwrap_or(Zone::Fixed(0));
    Ok(Temporal::DateTime(zone.at_instant(base + nanos)?))
}

/// `datetime.fromepoch(seconds, nanoseconds)` / `datetime.fromepochmillis(ms)`: UTC.
pub fn from_epoch_nanos(nanos: i128) -> Result<DateTime, Error> {
    Zone::Fixed(0).at_instant(nanos)
}

/// Converts another temporal value to `kind` (`date(datetime)`, `time(localtime)`, ...):
/// what it lacks is an error, what it has beyond `kind` is dropped, zoneless values get UTC.
pub fn convert(kind: Kind, value: &Temporal) -> Result<Temporal, Error> {
    let p = parts(value);
    let key = match kind {
        Kind::Date => "date",
        Kind::LocalTime | Kind::Time => "time",
        Kind::LocalDateTime | Kind::DateTime if p.time.is_some() && p.date.is_some() => "datetime",
        Kind::LocalDateTime | Kind::DateTime => "date",
    };
    let fields: Fields = [(key.to_string(), Arg::Temporal(value.clone()))]
        .into_iter()
        .collect();
    build(kind, &fields)
}

thread_local! {
    /// The statement clock of this thread, once pinned by [`pin_statement_clock`].
    static STATEMENT_CLOCK: Cell<Option<i128>> = const { Cell::new(None) };
}

fn real_clock() -> i128 {
    let now = chrono::Utc::now();
    i128::from(now.timestamp()) * i128::from(NANOS_PER_SECOND)
        + i128::from(now.timestamp_subsec_nanos())
}

/// Fixes this thread's statement clock at the current instant, so that every `date()`,
/// `time.statement()`, `datetime.transaction()`, ... until the next call agrees, as Cypher
/// requires within one statement. Until it is first called the real clock is used.
pub fn pin_statement_clock() {
    STATEMENT_CLOCK.set(Some(real_clock()));
}

fn statement_clock() -> i128 {
    STATEMENT_CLOCK.get().unwrap_or_else(real_clock)
}

fn today() -> Result<Date, Error> {
    Ok(Zone::Fixed(0).at_instant(statement_clock())?.local().date())
}

fn now_in(kind: Kind, zone: Zone) -> Result<Temporal, Error> {
    now_at(kind, zone, statement_clock())
}

fn now_at(kind: Kind, zone: Zone, nanos: i128) -> Result<Temporal, Error> {
    let dt = zone.at_instant(nanos)?;
    let local = dt.local();
    Ok(match kind {
        Kind::Date => Temporal::Date(local.date()),
        Kind::LocalTime => Temporal::LocalTime(local.time()),
        Kind::Time => Temporal::Time(Time::new(local.time(), dt.offset_seconds())),
        Kind::LocalDateTime => Temporal::LocalDateTime(local),
        Kind::DateTime => Temporal::DateTime(dt),
    })
}

/// Which clock a current-time function reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The statement's instant (`date()`, `date.statement()`, `date.transaction()`).
    Statement,
    /// The instant of the call (`date.realtime()`).
    Real,
}

/// The current value of `kind` in `zone` (an offset or IANA name; UTC when `None`), for
/// `date()`, `datetime.statement('Europe/Stockholm')`, `time.realtime()` and the like.
pub fn now(kind: Kind, zone: Option<&str>, clock: Clock) -> Result<Temporal, Error> {
    let zone = match zone {
        Some(z) => Zone::parse(z)?,
        None => Zone::Fixed(0),
    };
    let nanos = match clock {
        Clock::Statement => statement_clock(),
        Clock::Real => real_clock(),
    };
    now_at(kind, zone, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(t: &Temporal) -> String {
        match t {
            Temporal::Date(v) => v.to_string(),
            Temporal::LocalTime(v) => v.to_string(),
            Temporal::Time(v) => v.to_string(),
            Temporal::LocalDateTime(v) => v.to_string(),
            Temporal::DateTime(v) => v.to_string(),
            Temporal::Duration(v) => v.to_string(),
        }
    }

    fn map(pairs: &[(&str, Arg)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn tz(s: &str) -> Arg {
        Arg::Str(s.into())
    }

    #[test]
    fn from_components() -> Result<(), Error> {
        use Arg::Int as I;
        let cases = [
            (
                Kind::Date,
                map(&[("year", I(1817)), ("week", I(1))]),
                "1816-12-30",
            ),
            (
                Kind::Date,
                map(&[("year", I(1818)), ("week", I(53))]),
                "1818-12-28",
            ),
            (
                Kind::Date,
                map(&[("dayOfWeek", I(2)), ("year", I(1817)), ("week", I(1))]),
                "1816-12-31",
            ),
            (
                Kind::Date,
                map(&[("year", I(1984)), ("ordinalDay", I(202))]),
                "1984-07-20",
            ),
            (
                Kind::Date,
                map(&[
                    ("year", I(1984)),
                    ("quarter", I(3)),
                    ("dayOfQuarter", I(45)),
                ]),
                "1984-08-14",
            ),
            (
                Kind::LocalTime,
                map(&[
                    ("hour", I(12)),
                    ("minute", I(31)),
                    ("second", I(14)),
                    ("nanosecond", I(789)),
                    ("millisecond", I(123)),
                    ("microsecond", I(456)),
                ]),
                "12:31:14.123456789",
            ),
            (
                Kind::Time,
                map(&[("hour", I(12)), ("timezone", tz("+01:00"))]),
                "12:00+01:00",
            ),
            (
                Kind::Time,
                map(&[
                    ("hour", I(12)),
                    ("minute", I(34)),
                    ("second", I(56)),
                    ("timezone", tz("+02:05:00")),
                ]),
                "12:34:56+02:05",
            ),
            (
                Kind::LocalDateTime,
                map(&[
                    ("year", I(1984)),
                    ("week", I(10)),
                    ("dayOfWeek", I(3)),
                    ("hour", I(12)),
                ]),
                "1984-03-07T12:00",
            ),
            (
                Kind::DateTime,
                map(&[("year", I(1984))]),
                "1984-01-01T00:00Z",
            ),
            (
                Kind::DateTime,
                map(&[
                    ("year", I(1984)),
                    ("ordinalDay", I(202)),
                    ("timezone", tz("Europe/Stockholm")),
                ]),
                "1984-07-20T00:00+02:00[Europe/Stockholm]",
            ),
            (
                Kind::DateTime,
                map(&[("epochSeconds", I(416_779)), ("nanosecond", I(999_999_999))]),
                "1970-01-05T19:46:19.999999999Z",
            ),
        ];
        for (kind, fields, want) in cases {
            assert_eq!(show(&build(kind, &fields)?), want, "{fields:?}");
        }
        Ok(())
    }

    #[test]
    fn from_other_values() -> Result<(), Error> {
        use Arg::Int as I;
        let other = |kind, pairs: &[(&str, Arg)]| build(kind, &map(pairs)).map(Arg::Temporal);
        let d = other(
            Kind::Date,
            &[("year", I(1984)), ("month", I(11)), ("day", I(11))],
        )?;
        let stockholm = other(
            Kind::DateTime,
            &[
                ("year", I(1984)),
                ("month", I(10)),
                ("day", I(11)),
                ("hour", I(12)),
                ("timezone", tz("Europe/Stockholm")),
            ],
        )?;
        let t = other(
            Kind::Time,
            &[
                ("hour", I(12)),
                ("minute", I(31)),
                ("second", I(14)),
                ("microsecond", I(645_876)),
                ("timezone", tz("+01:00")),
            ],
        )?;
        let cases = [
            (
                Kind::Date,
                map(&[("date", d.clone()), ("week", I(1))]),
                "1984-01-08",
            ),
            (
                Kind::Date,
                map(&[("date", d.clone()), ("quarter", I(3))]),
                "1984-08-11",
            ),
            (
                Kind::Date,
                map(&[("date", d.clone()), ("year", I(28))]),
                "0028-11-11",
            ),
            (
                Kind::Time,
                map(&[("time", stockholm.clone()), ("timezone", tz("+05:00"))]),
                "16:00+05:00",
            ),
            (
                Kind::Time,
                map(&[("time", t.clone()), ("second", I(42))]),
                "12:31:42.645876+01:00",
            ),
            (
                Kind::DateTime,
                map(&[
                    ("datetime", stockholm.clone()),
                    ("day", I(28)),
                    ("second", I(42)),
                    ("timezone", tz("Pacific/Honolulu")),
                ]),
                "1984-10-28T01:00:42-10:00[Pacific/Honolulu]",
            ),
            (
                Kind::DateTime,
                map(&[
                    ("year", I(1984)),
                    ("month", I(10)),
                    ("day", I(11)),
                    ("time", t.clone()),
                    ("second", I(42)),
                    ("timezone", tz("Pacific/Honolulu")),
                ]),
                "1984-10-11T01:31:42.645876-10:00[Pacific/Honolulu]",
            ),
            (
                Kind::DateTime,
                map(&[("date", stockholm.clone()), ("hour", I(10))]),
                "1984-10-11T10:00Z",
            ),
            (Kind::LocalTime, map(&[("time", stockholm)]), "12:00"),
        ];
        for (kind, fields, want) in cases {
            assert_eq!(show(&build(kind, &fields)?), want, "{fields:?}");
        }
        Ok(())
    }

    #[test]
    fn clock() -> Result<(), Error> {
        pin_statement_clock();
        let a = now(Kind::LocalDateTime, None, Clock::Statement)?;
        let b = build(Kind::LocalDateTime, &Fields::new())?;
        assert_eq!(a, b);
        assert!(build(Kind::Date, &map(&[("timezone", tz("Europe/Stockholm"))])).is_ok());
        assert!(now(Kind::Time, Some("Mars/Olympus"), Clock::Real).is_err());
        Ok(())
    }

    #[test]
    fn rejects_bad_maps() {
        let bad = [
            (
                Kind::Date,
                map(&[("year", Arg::Int(1984)), ("hour", Arg::Int(1))]),
            ),
            (
                Kind::Date,
                map(&[("year", Arg::Int(1984)), ("month", Arg::Int(13))]),
            ),
            (Kind::LocalTime, map(&[("hour", Arg::Int(24))])),
            (Kind::Date, map(&[("year", Arg::Str("x".into()))])),
            (Kind::Date, map(&[("month", Arg::Int(1))])),
            (
                Kind::LocalDateTime,
                map(&[("year", Arg::Int(1984)), ("timezone", tz("+01:00"))]),
            ),
        ];
        for (kind, fields) in bad {
            assert!(build(kind, &fields).is_err(), "{fields:?}");
        }
    }
}

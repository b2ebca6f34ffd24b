//! `X.truncate(unit, value[, map])`: the value cut down to a unit, then the map's
//! components applied on top, as in `X({date: truncated, ...map})`.

use crate::build::{build, parts};
use crate::calendar;
use crate::values::{Date, LocalTime, NANOS_PER_SECOND, format_offset};
use crate::zone::Zone;
use crate::{Arg, Error, Fields, Kind, Temporal};

/// How far down a truncation unit cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Years(i64),
    WeekYear,
    Quarter,
    Month,
    Week,
    Day,
    /// A time unit, as its length in nanoseconds.
    Time(i64),
}

fn unit(name: &str) -> Result<Unit, Error> {
    Ok(match name.to_ascii_lowercase().as_str() {
        "millennium" | "millennia" => Unit::Years(1000),
        "century" | "centuries" => Unit::Years(100),
        "decade" | "decades" => Unit::Years(10),
        "year" | "years" => Unit::Years(1),
        "weekyear" => Unit::WeekYear,
        "quarter" | "quarters" => Unit::Quarter,
        "month" | "months" => Unit::Month,
        "week" | "weeks" => Unit::Week,
        "day" | "days" => Unit::Day,
        "hour" | "hours" => Unit::Time(3600 * NANOS_PER_SECOND),
        "minute" | "minutes" => Unit::Time(60 * NANOS_PER_SECOND),
        "second" | "seconds" => Unit::Time(NANOS_PER_SECOND),
        "millisecond" | "milliseconds" => Unit::Time(1_000_000),
        "microsecond" | "microseconds" => Unit::Time(1000),
        _ => {
            return Err(Error::argument(format!(
                "Unsupported truncation unit: '{name}'"
            )));
        }
    })
}

fn truncate_date(date: Date, unit: Unit) -> Result<Date, Error> {
    let days = date.days();
    let (year, month, _) = calendar::civil_from_days(days);
    let truncated = match unit {
        Unit::Years(n) => calendar::days_from_civil(year.div_euclid(n) * n, 1, 1),
        Unit::WeekYear => calendar::from_week_date(calendar::iso_week(days).0, 1, 1)?,
        Unit::Quarter => calendar::days_from_civil(year, (month - 1) / 3 * 3 + 1, 1),
        Unit::Month => calendar::days_from_civil(year, month, 1),
        Unit::Week => days - i64::from(calendar::day_of_week(days)) + 1,
        Unit::Day | Unit::Time(_) => days,
    };
    Date::from_days(truncated)
}

const SUB_SECOND_KEYS: [&str; 3] = ["millisecond", "microsecond", "nanosecond"];

/// Truncates `value` to `unit_name` as a value of `kind`, then applies `fields`. Sub-second
/// fields add to what the truncation kept (`millisecond` truncation plus `{nanosecond: 2}`
/// keeps the milliseconds); a `timezone` field replaces the zone without moving the clock.
pub fn truncate(
    kind: Kind,
    unit_name: &str,
    value: &Temporal,
    fields: &Fields,
) -> Result<Temporal, Error> {
    let unit = unit(unit_name)?;
    let p = parts(value);
    if matches!(value, Temporal::Duration(_)) || (kind.has_date() && p.date.is_none()) {
        return Err(Error::type_error(format!(
            "Cannot truncate this value to a {kind:?}"
        )));
    }
    if !kind.has_time() && matches!(unit, Unit::Time(_)) {
        return Err(Error::argument(format!(
            "Cannot truncate a date to unit '{unit_name}'"
        )));
    }
    if !kind.has_date() && !matches!(unit, Unit::Day | Unit::Time(_)) {
        return Err(Error::argument(format!(
            "Cannot truncate a time to unit '{unit_name}'"
        )));
    }
    let time = match unit {
        Unit::Time(len) => {
            let t = p.time.unwrap_or(LocalTime::MIDNIGHT).nanos_of_day();
            LocalTime::from_nanos_of_day(t - t % len)?
        }
        _ => LocalTime::MIDNIGHT,
    };
    let mut extra_nanos = 0i64;
    let mut map = Fields::new();
    for (key, v) in fields {
        let k = key.to_ascii_lowercase();
        if let Some(i) = SUB_SECOND_KEYS.iter().position(|s| *s == k) {
            let n = match v {
                Arg::Int(n) => *n,
                _ => return Err(Error::type_error(format!("'{key}' must be an integer"))),
            };
            calendar::check_range(key, n, 0, [999, 999_999, 999_999_999][i])?;
            extra_nanos += n * [1_000_000, 1000, 1][i];
        } else {
            map.insert(k, v.clone());
        }
    }
    let time = LocalTime::from_nanos_of_day(time.nanos_of_day() + extra_nanos)?;
    if let Some(date) = p.date.filter(|_| kind.has_date()) {
        map.insert(
            "date".into(),
            Arg::Temporal(Temporal::Date(truncate_date(date, unit)?)),
        );
    }
    if kind.has_time() {
        map.insert("time".into(), Arg::Temporal(Temporal::LocalTime(time)));
    }
    if let Some((zone, offset)) = p
        .zone
        .filter(|_| kind.has_zone() && !map.contains_key("timezone"))
    {
        let text = match zone {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(_) => format_offset(offset),
        };
        map.insert("timezone".into(), Arg::Str(text));
    }
    build(kind, &map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

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

    #[test]
    fn tck_cases() -> Result<(), Error> {
        use Kind::{Date as D, DateTime as DT, LocalDateTime as LDT, LocalTime as LT, Time as T};
        let dt = "1984-10-11T12:31:14.645876123+01:00";
        type Case<'a> = (Kind, &'a str, (Kind, &'a str), Vec<(&'a str, Arg)>, &'a str);
        let cases: Vec<Case> = vec![
            (
                D,
                "millennium",
                (D, "2017-10-11"),
                vec![("day", Arg::Int(2))],
                "2000-01-02",
            ),
            (D, "weekYear", (D, "1984-02-01"), vec![], "1984-01-02"),
            (
                D,
                "weekYear",
                (LDT, "1984-01-01T12:31"),
                vec![("day", Arg::Int(5))],
                "1983-01-05",
            ),
            (D, "quarter", (D, "1984-11-11"), vec![], "1984-10-01"),
            (
                D,
                "week",
                (DT, dt),
                vec![("dayOfWeek", Arg::Int(2))],
                "1984-10-09",
            ),
            (
                DT,
                "millennium",
                (D, "2017-10-11"),
                vec![("timezone", Arg::Str("Europe/Stockholm".into()))],
                "2000-01-01T00:00+01:00[Europe/Stockholm]",
            ),
            (DT, "century", (DT, dt), vec![], "1900-01-01T00:00+01:00"),
            (
                DT,
                "hour",
                (DT, "1984-10-11T12:31:14.645876123-01:00"),
                vec![("timezone", Arg::Str("Europe/Stockholm".into()))],
                "1984-10-11T12:00+01:00[Europe/Stockholm]",
            ),
            (
                DT,
                "day",
                (LDT, "1984-10-11T12:31:14.645876123"),
                vec![("nanosecond", Arg::Int(2))],
                "1984-10-11T00:00:00.000000002Z",
            ),
            (
                LDT,
                "millisecond",
                (DT, dt),
                vec![("nanosecond", Arg::Int(2))],
                "1984-10-11T12:31:14.645000002",
            ),
            (T, "day", (DT, dt), vec![], "00:00+01:00"),
            (
                T,
                "hour",
                (LT, "12:31:14.645876123"),
                vec![("timezone", Arg::Str("+01:00".into()))],
                "12:00+01:00",
            ),
            (
                LT,
                "microsecond",
                (T, "12:31:14.645876123+01:00"),
                vec![("nanosecond", Arg::Int(2))],
                "12:31:14.645876002",
            ),
        ];
        for (kind, u, (vk, v), map, want) in cases {
            let fields: Fields = map.into_iter().map(|(k, a)| (k.to_string(), a)).collect();
            assert_eq!(
                show(&truncate(kind, u, &parse(vk, v)?, &fields)?),
                want,
                "{kind:?} {u} {v}"
            );
        }
        assert!(truncate(D, "hour", &parse(D, "2017-10-11")?, &Fields::new()).is_err());
        assert!(truncate(LT, "year", &parse(LT, "12:00")?, &Fields::new()).is_err());
        Ok(())
    }
}

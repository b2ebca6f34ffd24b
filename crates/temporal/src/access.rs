//! Property access on temporal values: `d.year`, `t.timezone`, `dur.minutesOfHour`, ...

use crate::calendar;
use crate::duration::Duration;
use crate::values::{Date, LocalTime, NANOS_PER_SECOND, format_offset};
use crate::{Error, Temporal};

/// A component's value: most are integers; zone components are strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Component {
    Int(i64),
    Str(String),
}

fn date_component(d: Date, key: &str) -> Option<i64> {
    let days = d.days();
    let (year, month, day) = d.ymd();
    let month = i64::from(month);
    let quarter = (month - 1) / 3 + 1;
    Some(match key {
        "year" => year,
        "quarter" => quarter,
        "month" => month,
        "week" => i64::from(calendar::iso_week(days).1),
        "weekyear" => calendar::iso_week(days).0,
        "day" => i64::from(day),
        "ordinalday" => days - calendar::days_from_civil(year, 1, 1) + 1,
        "weekday" | "dayofweek" => i64::from(calendar::day_of_week(days)),
        "dayofquarter" => {
            days - calendar::days_from_civil(year, calendar::quarter_start_month(quarter), 1) + 1
        }
        _ => return None,
    })
}

fn time_component(t: LocalTime, key: &str) -> Option<i64> {
    Some(match key {
        "hour" => t.hour(),
        "minute" => t.minute(),
        "second" => t.second(),
        "millisecond" => t.nanosecond() / 1_000_000,
        "microsecond" => t.nanosecond() / 1000,
        "nanosecond" => t.nanosecond(),
        _ => return None,
    })
}

fn offset_component(offset: i32, key: &str) -> Option<Component> {
    Some(match key {
        "offset" => Component::Str(format_offset(offset)),
        "offsetminutes" => Component::Int(i64::from(offset / 60)),
        "offsetseconds" => Component::Int(i64::from(offset)),
        _ => return None,
    })
}

fn duration_component(d: &Duration, key: &str) -> Option<i64> {
    let secs = d.seconds;
    let nanos = i64::from(d.nanos);
    Some(match key {
        "years" => d.months / 12,
        "quarters" => d.months / 3,
        "months" => d.months,
        "weeks" => d.days / 7,
        "days" => d.days,
        "hours" => secs / 3600,
        "minutes" => secs / 60,
        "seconds" => secs,
        "milliseconds" => secs.checked_mul(1000)?.checked_add(nanos / 1_000_000)?,
        "microseconds" => secs.checked_mul(1_000_000)?.checked_add(nanos / 1000)?,
        "nanoseconds" => secs.checked_mul(NANOS_PER_SECOND)?.checked_add(nanos)?,
        "quartersofyear" => d.months % 12 / 3,
        "monthsofquarter" => d.months % 3,
        "monthsofyear" => d.months % 12,
        "daysofweek" => d.days % 7,
        "minutesofhour" => secs / 60 % 60,
        "secondsofminute" => secs % 60,
        "millisecondsofsecond" => nanos / 1_000_000,
        "microsecondsofsecond" => nanos / 1000,
        "nanosecondsofsecond" => nanos,
        _ => return None,
    })
}

/// The component `key` (case-insensitive) of `value`; an error names unknown components.
pub fn component(value: &Temporal, key: &str) -> Result<Component, Error> {
    let k = key.to_ascii_lowercase();
    let k = k.as_str();
    let found = match value {
        Temporal::Date(d) => date_component(*d, k).map(Component::Int),
        Temporal::LocalTime(t) => time_component(*t, k).map(Component::Int),
        Temporal::Time(t) => time_component(t.time(), k)
            .map(Component::Int)
            .or_else(|| match k {
                "timezone" => Some(Component::Str(format_offset(t.offset_seconds()))),
                _ => offset_component(t.offset_seconds(), k),
            }),
        Temporal::LocalDateTime(l) => date_component(l.date(), k)
            .or_else(|| time_component(l.time(), k))
            .map(Component::Int),
        Temporal::DateTime(dt) => {
            let local = dt.local();
            let nanos = dt.epoch_nanos();
            date_component(local.date(), k)
                .or_else(|| time_component(local.time(), k))
                .map(Component::Int)
                .or_else(|| match k {
                    "timezone" => Some(Component::Str(
                        dt.zone()
                            .map_or_else(|| format_offset(dt.offset_seconds()), str::to_string),
                    )),
                    "epochseconds" => i64::try_from(nanos.div_euclid(i128::from(NANOS_PER_SECOND)))
                        .ok()
                        .map(Component::Int),
                    "epochmillis" => i64::try_from(nanos.div_euclid(1_000_000))
                        .ok()
                        .map(Component::Int),
                    _ => offset_component(dt.offset_seconds(), k),
                })
        }
        Temporal::Duration(d) => duration_component(d, k).map(Component::Int),
    };
    found.ok_or_else(|| Error::argument(format!("No such field: '{key}'")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, parse, parse_duration};

    #[test]
    fn tck_cases() -> Result<(), Error> {
        let d = parse(Kind::Date, "1984-10-11")?;
        let cases = [
            ("year", 1984),
            ("quarter", 4),
            ("week", 41),
            ("weekYear", 1984),
            ("ordinalDay", 285),
            ("weekDay", 4),
            ("dayOfQuarter", 11),
        ];
        for (k, want) in cases {
            assert_eq!(component(&d, k)?, Component::Int(want), "{k}");
        }
        let jan1 = parse(Kind::Date, "1984-01-01")?;
        assert_eq!(component(&jan1, "weekYear")?, Component::Int(1983));
        assert_eq!(component(&jan1, "week")?, Component::Int(52));
        let dt = parse(
            Kind::DateTime,
            "1984-11-11T12:31:14.645876123[Europe/Stockholm]",
        )?;
        assert_eq!(
            component(&dt, "timezone")?,
            Component::Str("Europe/Stockholm".into())
        );
        assert_eq!(component(&dt, "offset")?, Component::Str("+01:00".into()));
        assert_eq!(component(&dt, "offsetMinutes")?, Component::Int(60));
        assert_eq!(component(&dt, "epochSeconds")?, Component::Int(469_020_674));
        assert_eq!(
            component(&dt, "epochMillis")?,
            Component::Int(469_020_674_645)
        );
        assert_eq!(component(&dt, "microsecond")?, Component::Int(645_876));
        let dur = Temporal::Duration(parse_duration("P1Y4M10DT1H1M1.111111111S")?);
        let cases = [
            ("years", 1),
            ("quarters", 5),
            ("months", 16),
            ("weeks", 1),
            ("days", 10),
            ("hours", 1),
            ("minutes", 61),
            ("seconds", 3661),
            ("milliseconds", 3_661_111),
            ("nanoseconds", 3_661_111_111_111),
            ("quartersOfYear", 1),
            ("monthsOfQuarter", 1),
            ("monthsOfYear", 4),
            ("daysOfWeek", 3),
            ("minutesOfHour", 1),
            ("secondsOfMinute", 1),
            ("millisecondsOfSecond", 111),
            ("nanosecondsOfSecond", 111_111_111),
        ];
        for (k, want) in cases {
            assert_eq!(component(&dur, k)?, Component::Int(want), "{k}");
        }
        assert!(component(&d, "hour").is_err());
        Ok(())
    }
}

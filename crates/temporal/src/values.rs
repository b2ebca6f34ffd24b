//! The six temporal value types, their ordering and their Neo4j string form.

use std::cmp::Ordering;
use std::fmt;

use crate::Error;
use crate::calendar::{self, MAX_YEAR, MIN_YEAR};

pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SECOND;

/// A calendar date without time zone, as a day number (days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i64,
}

/// A time of day (nanosecond precision) without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime {
    nanos: i64,
}

/// A time of day with a UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    time: LocalTime,
    offset_seconds: i32,
}

/// A date and time without time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    date: Date,
    time: LocalTime,
}

/// A date and time in a time zone: the local wall-clock time, its UTC offset, and the IANA
/// zone name when the value was given one (`Europe/Stockholm`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    local: LocalDateTime,
    offset_seconds: i32,
    zone: Option<String>,
}

impl Date {
    /// The date of a day number; fails outside Neo4j's year range.
    pub fn from_days(days: i64) -> Result<Date, Error> {
        let (year, _, _) = calendar::civil_from_days(days);
        calendar::check_range("Year", year, MIN_YEAR, MAX_YEAR)?;
        Ok(Date { days })
    }

    pub fn from_ymd(year: i64, month: i64, day: i64) -> Result<Date, Error> {
        Ok(Date {
            days: calendar::from_ymd(year, month, day)?,
        })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        self.days
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        calendar::civil_from_days(self.days)
    }
}

impl LocalTime {
    pub const MIDNIGHT: LocalTime = LocalTime { nanos: 0 };

    pub fn from_nanos_of_day(nanos: i64) -> Result<LocalTime, Error> {
        calendar::check_range("NanoOfDay", nanos, 0, NANOS_PER_DAY - 1)?;
        Ok(LocalTime { nanos })
    }

    /// Wraps any nanosecond count onto the 24-hour clock (time arithmetic is modular).
    pub fn wrapping(nanos: i128) -> LocalTime {
        LocalTime {
            nanos: nanos.rem_euclid(i128::from(NANOS_PER_DAY)) as i64,
        }
    }

    pub fn from_hms_nano(
        hour: i64,
        minute: i64,
        second: i64,
        nano: i64,
    ) -> Result<LocalTime, Error> {
        let h = calendar::check_range("HourOfDay", hour, 0, 23)?;
        let m = calendar::check_range("MinuteOfHour", minute, 0, 59)?;
        let s = calendar::check_range("SecondOfMinute", second, 0, 59)?;
        let n = calendar::check_range("NanoOfSecond", nano, 0, NANOS_PER_SECOND - 1)?;
        Ok(LocalTime {
            nanos: ((h * 60 + m) * 60 + s) * NANOS_PER_SECOND + n,
        })
    }

    pub fn nanos_of_day(self) -> i64 {
        self.nanos
    }

    pub fn hour(self) -> i64 {
        self.nanos / (3600 * NANOS_PER_SECOND)
    }

    pub fn minute(self) -> i64 {
        self.nanos / (60 * NANOS_PER_SECOND) % 60
    }

    pub fn second(self) -> i64 {
        self.nanos / NANOS_PER_SECOND % 60
    }

    pub fn nanosecond(self) -> i64 {
        self.nanos % NANOS_PER_SECOND
    }
}

impl Time {
    pub fn new(time: LocalTime, offset_seconds: i32) -> Time {
        Time {
            time,
            offset_seconds,
        }
    }

    pub fn time(self) -> LocalTime {
        self.time
    }

    pub fn offset_seconds(self) -> i32 {
        self.offset_seconds
    }

    /// The instant this time denotes on a common day, in UTC nanoseconds: the basis of
    /// comparison and hashing.
    pub fn instant_key(&self) -> i64 {
        self.time.nanos - i64::from(self.offset_seconds) * NANOS_PER_SECOND
    }
}

impl Ord for Time {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant_key()
            .cmp(&other.instant_key())
            .then(self.offset_seconds.cmp(&other.offset_seconds))
    }
}

impl PartialOrd for Time {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl LocalDateTime {
    pub fn new(date: Date, time: LocalTime) -> LocalDateTime {
        LocalDateTime { date, time }
    }

    pub fn date(self) -> Date {
        self.date
    }

    pub fn time(self) -> LocalTime {
        self.time
    }

    /// Nanoseconds since 1970-01-01T00:00 on the local clock.
    pub fn local_nanos(self) -> i128 {
        i128::from(self.date.days) * i128::from(NANOS_PER_DAY) + i128::from(self.time.nanos)
    }

    pub fn from_local_nanos(nanos: i128) -> Result<LocalDateTime, Error> {
        let per_day = i128::from(NANOS_PER_DAY);
        let days = i64::try_from(nanos.div_euclid(per_day))
            .map_err(|_| Error::argument("Date overflow"))?;
        Ok(LocalDateTime {
            date: Date::from_days(days)?,
            time: LocalTime::wrapping(nanos),
        })
    }
}

impl DateTime {
    /// A date-time from its local clock reading and offset; `zone` is the IANA name, if any,
    /// whose rules produced `offset_seconds`.
    pub fn new(local: LocalDateTime, offset_seconds: i32, zone: Option<String>) -> DateTime {
        DateTime {
            local,
            offset_seconds,
            zone,
        }
    }

    pub fn local(&self) -> LocalDateTime {
        self.local
    }

    pub fn offset_seconds(&self) -> i32 {
        self.offset_seconds
    }

    pub fn zone(&self) -> Option<&str> {
        self.zone.as_deref()
    }

    /// Nanoseconds since the Unix epoch (UTC).
    pub fn epoch_nanos(&self) -> i128 {
        self.local.local_nanos() - i128::from(self.offset_seconds) * i128::from(NANOS_PER_SECOND)
    }

    /// The UTC instant (seconds, nanoseconds): the basis of comparison and hashing.
    pub fn instant_key(&self) -> (i64, u32) {
        let n = self.epoch_nanos();
        let per = i128::from(NANOS_PER_SECOND);
        (n.div_euclid(per) as i64, n.rem_euclid(per) as u32)
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant_key()
            .cmp(&other.instant_key())
            .then(self.local.cmp(&other.local))
            .then_with(|| self.zone.cmp(&other.zone))
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `2015`, `0028`, `-0001`, `+10000`: four digits at least, a sign beyond 9999.
fn write_year(f: &mut fmt::Formatter<'_>, year: i64) -> fmt::Result {
    if year > 9999 {
        write!(f, "+{year}")
    } else if year < 0 {
        write!(f, "-{:04}", -year)
    } else {
        write!(f, "{year:04}")
    }
}

/// `Z` for UTC, else `+HH:MM`, with `:SS` only when the offset has seconds.
pub fn format_offset(offset_seconds: i32) -> String {
    if offset_seconds == 0 {
        return "Z".into();
    }
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let abs = offset_seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}:{m:02}:{s:02}")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write_year(f, y)?;
        write!(f, "-{m:02}-{d:02}")
    }
}

impl fmt::Display for LocalTime {
    /// `HH:MM`, then `:SS` when seconds or fractions are present, then the fraction in
    /// groups of three digits (milli, micro, nano), as Neo4j prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())?;
        let (s, n) = (self.second(), self.nanosecond());
        if s == 0 && n == 0 {
            return Ok(());
        }
        write!(f, ":{s:02}")?;
        if n == 0 {
            Ok(())
        } else if n % 1_000_000 == 0 {
            write!(f, ".{:03}", n / 1_000_000)
        } else if n % 1000 == 0 {
            write!(f, ".{:06}", n / 1000)
        } else {
            write!(f, ".{n:09}")
        }
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.time, format_offset(self.offset_seconds))
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.local, format_offset(self.offset_seconds))?;
        match &self.zone {
            Some(zone) => write!(f, "[{zone}]"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64, m: i64, s: i64, n: i64) -> LocalTime {
        LocalTime::from_hms_nano(h, m, s, n).unwrap_or(LocalTime::MIDNIGHT)
    }

    #[test]
    fn display() {
        let cases: &[(String, &str)] = &[
            (t(12, 31, 14, 645_876_123).to_string(), "12:31:14.645876123"),
            (t(12, 31, 14, 645_876_000).to_string(), "12:31:14.645876"),
            (t(12, 31, 14, 645_000_000).to_string(), "12:31:14.645"),
            (t(12, 31, 14, 3).to_string(), "12:31:14.000000003"),
            (t(12, 0, 0, 0).to_string(), "12:00"),
            (Time::new(t(12, 0, 0, 0), 3600).to_string(), "12:00+01:00"),
            (
                Time::new(t(12, 34, 56, 0), -(2 * 3600 + 5 * 60 + 7)).to_string(),
                "12:34:56-02:05:07",
            ),
            (
                Date::from_ymd(28, 11, 11)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                "0028-11-11",
            ),
            (
                Date::from_ymd(-999_999_999, 1, 1)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                "-999999999-01-01",
            ),
            (
                Date::from_ymd(999_999_999, 12, 31)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                "+999999999-12-31",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }

    #[test]
    fn datetime_order_is_by_instant() {
        let local = |h| {
            LocalDateTime::new(
                Date::from_days(0).unwrap_or(Date { days: 0 }),
                t(h, 0, 0, 0),
            )
        };
        let a = DateTime::new(local(12), 3600, None);
        let b = DateTime::new(local(11), 0, None);
        assert_eq!(a.instant_key(), b.instant_key());
        assert_ne!(a, b);
        assert!(DateTime::new(local(10), 0, None) < a);
    }
}

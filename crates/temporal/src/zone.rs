//! Time zones: fixed UTC offsets and IANA zones (via chrono-tz), and the offset each gives
//! at a local time or an instant.

use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::Error;
use crate::values::{DateTime, LocalDateTime, NANOS_PER_SECOND};

/// A time zone as given to `timezone:` or in a `[Zone/Name]` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(i32),
    Named(Tz),
}

/// Largest UTC offset allowed, in seconds (±18:00).
const MAX_OFFSET: i32 = 18 * 3600;

/// Parses `Z`, `+HH`, `+HHMM`, `+HH:MM`, `+HH:MM:SS`, `+HHMMSS` (or `-`) into seconds.
pub fn parse_offset(s: &str) -> Option<i32> {
    if s == "Z" || s == "z" {
        return Some(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = &s[1..];
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || ![2, 4, 6].contains(&digits.len()) {
        return None;
    }
    let colons = rest.matches(':').count();
    if colons != 0 && colons != digits.len() / 2 - 1 {
        return None;
    }
    let field = |i: usize| {
        digits
            .get(i..i + 2)
            .and_then(|d| d.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let (h, m, sec) = (field(0), field(2), field(4));
    if m > 59 || sec > 59 {
        return None;
    }
    let total = h * 3600 + m * 60 + sec;
    (total <= MAX_OFFSET).then_some(sign * total)
}

impl Zone {
    /// An offset string or an IANA zone name.
    pub fn parse(s: &str) -> Result<Zone, Error> {
        if let Some(offset) = parse_offset(s) {
            return Ok(Zone::Fixed(offset));
        }
        s.parse::<Tz>()
            .map(Zone::Named)
            .map_err(|_| Error::argument(format!("Invalid time zone: '{s}'")))
    }

    /// The zone a value carries: its IANA name, or its fixed offset.
    pub fn of(dt: &DateTime) -> Zone {
        match dt.zone().and_then(|z| z.parse::<Tz>().ok()) {
            Some(tz) => Zone::Named(tz),
            None => Zone::Fixed(dt.offset_seconds()),
        }
    }

    fn name(self) -> Option<String> {
        match self {
            Zone::Fixed(_) => None,
            Zone::Named(tz) => Some(tz.name().to_string()),
        }
    }

    /// The offset in force at an instant (seconds since the epoch).
    pub fn offset_at_instant(self, epoch_seconds: i64) -> i32 {
        match self {
            Zone::Fixed(offset) => offset,
            Zone::Named(tz) => {
                let utc = naive_seconds(epoch_seconds);
                tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()
            }
        }
    }

    /// A date-time at this local clock reading in this zone. In an overlap the earlier offset
    /// wins unless `preferred` is one of the two; in a gap the clock moves forward by the gap's
    /// length, as Java (and so Neo4j) does.
    pub fn at_local(self, local: LocalDateTime, preferred: Option<i32>) -> Result<DateTime, Error> {
        let tz = match self {
            Zone::Fixed(offset) => return Ok(DateTime::new(local, offset, None)),
            Zone::Named(tz) => tz,
        };
        let nanos = local.local_nanos();
        let secs = nanos.div_euclid(i128::from(NANOS_PER_SECOND)) as i64;
        let naive = naive_seconds(secs);
        let offset_of = |o: &<Tz as TimeZone>::Offset| o.fix().local_minus_utc();
        match tz.offset_from_local_datetime(&naive) {
            chrono::LocalResult::Single(o) => Ok(DateTime::new(local, offset_of(&o), self.name())),
            chrono::LocalResult::Ambiguous(a, b) => {
                let (a, b) = (offset_of(&a), offset_of(&b));
                let offset = if preferred == Some(b) { b } else { a.max(b) };
                Ok(DateTime::new(local, offset, self.name()))
            }
            chrono::LocalResult::None => {
                let before = self.offset_at_instant(secs - 86_400);
                let after = self.offset_at_instant(secs + 86_400);
                let shifted = nanos + i128::from(after - before) * i128::from(NANOS_PER_SECOND);
                Ok(DateTime::new(
                    LocalDateTime::from_local_nanos(shifted)?,
                    after,
                    self.name(),
                ))
            }
        }
    }

    /// The date-time at an instant (nanoseconds since the epoch) in this zone.
    pub fn at_instant(self, epoch_nanos: i128) -> Result<DateTime, Error> {
        let secs = epoch_nanos.div_euclid(i128::from(NANOS_PER_SECOND)) as i64;
        let offset = self.offset_at_instant(secs);
        let local = LocalDateTime::from_local_nanos(
            epoch_nanos + i128::from(offset) * i128::from(NANOS_PER_SECOND),
        )?;
        Ok(DateTime::new(local, offset, self.name()))
    }
}

/// A chrono date-time for `secs` since the epoch. Years outside chrono's range are moved by
/// whole 400-year Gregorian cycles into it: the calendar repeats, and zone rules that far out
/// are the zone's last rules anyway.
fn naive_seconds(secs: i64) -> NaiveDateTime {
    const CYCLE_SECONDS: i64 = 146_097 * 86_400;
    const LIMIT: i64 = 100_000 * 365 * 86_400;
    let mut s = secs;
    if !(-LIMIT..=LIMIT).contains(&s) {
        s = s.rem_euclid(CYCLE_SECONDS);
    }
    let days = s.div_euclid(86_400);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let date = epoch
        .checked_add_signed(chrono::Duration::days(days))
        .unwrap_or(epoch);
    date.and_hms_opt(0, 0, 0).unwrap_or_default() + chrono::Duration::seconds(s.rem_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Date, LocalTime};

    #[test]
    fn offsets() {
        let cases = [
            ("Z", Some(0)),
            ("+01:00", Some(3600)),
            ("+0100", Some(3600)),
            ("-02", Some(-7200)),
            ("-02:05:07", Some(-7507)),
            ("+18:00", Some(64800)),
            ("+19:00", None),
            ("+1", None),
            ("Europe/Stockholm", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_offset(s), want, "{s}");
        }
    }

    #[test]
    fn named_zone_offsets() -> Result<(), Error> {
        let stockholm = Zone::parse("Europe/Stockholm")?;
        let at = |y, m, d, h| -> Result<i32, Error> {
            let local = LocalDateTime::new(
                Date::from_ymd(y, m, d)?,
                LocalTime::from_hms_nano(h, 0, 0, 0)?,
            );
            Ok(stockholm.at_local(local, None)?.offset_seconds())
        };
        assert_eq!(at(1984, 10, 11, 12)?, 3600);
        assert_eq!(at(1984, 7, 20, 12)?, 7200);
        assert_eq!(at(1818, 7, 21, 21)?, 3208);
        assert!(Zone::parse("Mars/Olympus").is_err());
        Ok(())
    }
}

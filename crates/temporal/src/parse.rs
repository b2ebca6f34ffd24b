//! ISO 8601 text forms of dates and times, basic (`20150721T214032`) and extended
//! (`2015-07-21T21:40:32`), with week (`2015-W30-2`) and ordinal (`2015-202`) dates,
//! fractions of a second, offsets and `[Zone/Name]` suffixes.

use crate::calendar;
use crate::values::{Date, LocalDateTime, LocalTime, Time};
use crate::zone::{Zone, parse_offset};
use crate::{Error, Kind, Temporal};

/// Parses `text` as a value of `kind`. Values without an offset get UTC.
pub fn parse(kind: Kind, text: &str) -> Result<Temporal, Error> {
    let text = text.trim();
    let bad = || {
        Error::argument(format!(
            "Text cannot be parsed to a {}: '{text}'",
            kind_name(kind)
        ))
    };
    let result = match kind {
        Kind::Date => parse_date(text).map(Temporal::Date),
        Kind::LocalTime => {
            let (time, zone) = parse_time_and_zone(text)?;
            if zone != ZoneText::default() {
                return Err(bad());
            }
            Ok(Temporal::LocalTime(time))
        }
        Kind::Time => {
            let (time, zone) = parse_time_and_zone(text)?;
            if zone.name.is_some() {
                return Err(bad());
            }
            Ok(Temporal::Time(Time::new(time, zone.offset.unwrap_or(0))))
        }
        Kind::LocalDateTime => {
            let (local, zone) = parse_date_time(text)?;
            if zone != ZoneText::default() {
                return Err(bad());
            }
            Ok(Temporal::LocalDateTime(local))
        }
        Kind::DateTime => {
            let (local, zone) = parse_date_time(text)?;
            let dt = match (zone.name, zone.offset) {
                (Some(name), offset) => Zone::parse(&name)?.at_local(local, offset)?,
                (None, offset) => Zone::Fixed(offset.unwrap_or(0)).at_local(local, None)?,
            };
            Ok(Temporal::DateTime(dt))
        }
    };
    result.map_err(|e| {
        if e.message.starts_with("Invalid value") {
            e
        } else {
            bad()
        }
    })
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Date => "date",
        Kind::LocalTime => "local time",
        Kind::Time => "time",
        Kind::LocalDateTime => "local date time",
        Kind::DateTime => "date time",
    }
}

fn syntax() -> Error {
    Error::argument("Invalid temporal text")
}

/// A run of exactly `n` ASCII digits at the start of `s`, and the rest.
fn digits(s: &str, n: usize) -> Option<(i64, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

fn leading_digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn parse_date(s: &str) -> Result<Date, Error> {
    let (sign, body) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => (1, s),
    };
    let year_len = if body.len() == s.len() {
        4
    } else {
        leading_digits(body)
    };
    if year_len < 4 {
        return Err(syntax());
    }
    let (year, rest) = digits(body, year_len).ok_or_else(syntax)?;
    let year = sign * year;
    let days = if rest.is_empty() {
        calendar::from_ymd(year, 1, 1)?
    } else if let Some(rest) = rest.strip_prefix('-') {
        if let Some(week) = rest.strip_prefix('W') {
            let (w, rest) = digits(week, 2).ok_or_else(syntax)?;
            let dow = match rest.strip_prefix('-') {
                Some(d) if d.len() == 1 => digits(d, 1).ok_or_else(syntax)?.0,
                None if rest.is_empty() => 1,
                _ => return Err(syntax()),
            };
            calendar::from_week_date(year, w, dow)?
        } else if rest.len() == 3 {
            calendar::from_ordinal(year, digits(rest, 3).ok_or_else(syntax)?.0)?
        } else {
            let (month, rest) = digits(rest, 2).ok_or_else(syntax)?;
            let day = match rest.strip_prefix('-') {
                Some(d) if d.len() == 2 => digits(d, 2).ok_or_else(syntax)?.0,
                None if rest.is_empty() => 1,
                _ => return Err(syntax()),
            };
            calendar::from_ymd(year, month, day)?
        }
    } else if let Some(week) = rest.strip_prefix('W') {
        let (w, rest) = digits(week, 2).ok_or_else(syntax)?;
        let dow = match rest.len() {
            0 => 1,
            1 => digits(rest, 1).ok_or_else(syntax)?.0,
            _ => return Err(syntax()),
        };
        calendar::from_week_date(year, w, dow)?
    } else {
        match rest.len() {
            2 => calendar::from_ymd(year, digits(rest, 2).ok_or_else(syntax)?.0, 1)?,
            3 => calendar::from_ordinal(year, digits(rest, 3).ok_or_else(syntax)?.0)?,
            4 => {
                let (month, rest) = digits(rest, 2).ok_or_else(syntax)?;
                calendar::from_ymd(year, month, digits(rest, 2).ok_or_else(syntax)?.0)?
            }
            _ => return Err(syntax()),
        }
    };
    Date::from_days(days)
}

/// The zone part of a text: an offset, a `[Zone/Name]`, both or neither.
#[derive(Debug, Default, PartialEq, Eq)]
struct ZoneText {
    offset: Option<i32>,
    name: Option<String>,
}

fn parse_zone_text(s: &str) -> Result<ZoneText, Error> {
    let (offset_text, name) = match s.find('[') {
        Some(i) => {
            let name = s[i + 1..].strip_suffix(']').ok_or_else(syntax)?;
            (&s[..i], Some(name.to_string()))
        }
        None => (s, None),
    };
    let offset = if offset_text.is_empty() {
        None
    } else {
        Some(parse_offset(offset_text).ok_or_else(syntax)?)
    };
    Ok(ZoneText { offset, name })
}

/// `HH[:MM[:SS[.fff]]]` (colons optional together), then a zone part.
fn parse_time_and_zone(s: &str) -> Result<(LocalTime, ZoneText), Error> {
    let (hour, mut rest) = digits(s, 2).ok_or_else(syntax)?;
    let (mut minute, mut second, mut nanos) = (0, 0, 0);
    let extended = rest.starts_with(':');
    fn sep(r: &str, extended: bool) -> Option<&str> {
        if extended {
            r.strip_prefix(':')
        } else {
            Some(r)
        }
    }
    if let Some((m, r)) = sep(rest, extended).and_then(|r| digits(r, 2)) {
        minute = m;
        rest = r;
        if let Some((sec, r)) = sep(rest, extended).and_then(|r| digits(r, 2)) {
            second = sec;
            rest = r;
            if let Some(frac) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(',')) {
                let n = leading_digits(frac);
                if n == 0 || n > 9 {
                    return Err(syntax());
                }
                let value: i64 = frac[..n].parse().map_err(|_| syntax())?;
                nanos = value * 10i64.pow(9 - n as u32);
                rest = &frac[n..];
            }
        }
    }
    let time = LocalTime::from_hms_nano(hour, minute, second, nanos)?;
    Ok((time, parse_zone_text(rest)?))
}

fn parse_date_time(s: &str) -> Result<(LocalDateTime, ZoneText), Error> {
    let zone_start = s.find('[').unwrap_or(s.len());
    match s[..zone_start].find(['T', 't']) {
        Some(i) => {
            let date = parse_date(&s[..i])?;
            let (time, zone) = parse_time_and_zone(&s[i + 1..])?;
            Ok((LocalDateTime::new(date, time), zone))
        }
        None => Ok((
            LocalDateTime::new(parse_date(s)?, LocalTime::MIDNIGHT),
            ZoneText::default(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tck_forms() -> Result<(), Error> {
        let cases = [
            (Kind::Date, "2015-07-21", "2015-07-21"),
            (Kind::Date, "20150721", "2015-07-21"),
            (Kind::Date, "2015-07", "2015-07-01"),
            (Kind::Date, "201507", "2015-07-01"),
            (Kind::Date, "2015-W30-2", "2015-07-21"),
            (Kind::Date, "2015W302", "2015-07-21"),
            (Kind::Date, "2015-W30", "2015-07-20"),
            (Kind::Date, "2015W30", "2015-07-20"),
            (Kind::Date, "2015-202", "2015-07-21"),
            (Kind::Date, "2015202", "2015-07-21"),
            (Kind::Date, "2015", "2015-01-01"),
            (Kind::Date, "-999999999-01-01", "-999999999-01-01"),
            (Kind::Date, "+999999999-12-31", "+999999999-12-31"),
            (Kind::LocalTime, "214032.142", "21:40:32.142"),
            (Kind::LocalTime, "2140", "21:40"),
            (Kind::LocalTime, "21", "21:00"),
            (Kind::Time, "21:40:32.142+0100", "21:40:32.142+01:00"),
            (Kind::Time, "214032.142Z", "21:40:32.142Z"),
            (Kind::Time, "2140-00:00", "21:40Z"),
            (Kind::Time, "2140-02", "21:40-02:00"),
            (Kind::Time, "22+18:00", "22:00+18:00"),
            (
                Kind::LocalDateTime,
                "2015-W30-2T214032.142",
                "2015-07-21T21:40:32.142",
            ),
            (Kind::LocalDateTime, "2015T214032", "2015-01-01T21:40:32"),
            (Kind::LocalDateTime, "2015202T21", "2015-07-21T21:00"),
            (Kind::DateTime, "2015-W30T2140-02", "2015-07-20T21:40-02:00"),
            (
                Kind::DateTime,
                "2015-07-21T21:40:32.142[Europe/London]",
                "2015-07-21T21:40:32.142+01:00[Europe/London]",
            ),
            (
                Kind::DateTime,
                "2015-07-21T21:40:32.142+0845[Australia/Eucla]",
                "2015-07-21T21:40:32.142+08:45[Australia/Eucla]",
            ),
            (
                Kind::DateTime,
                "1818-07-21T21:40:32.142[Europe/Stockholm]",
                "1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]",
            ),
        ];
        for (kind, text, want) in cases {
            let got = match parse(kind, text)? {
                Temporal::Date(v) => v.to_string(),
                Temporal::LocalTime(v) => v.to_string(),
                Temporal::Time(v) => v.to_string(),
                Temporal::LocalDateTime(v) => v.to_string(),
                Temporal::DateTime(v) => v.to_string(),
                Temporal::Duration(v) => v.to_string(),
            };
            assert_eq!(got, want, "{text}");
        }
        Ok(())
    }

    #[test]
    fn rejects_bad_text() {
        for (kind, text) in [
            (Kind::Date, "2015-13-01"),
            (Kind::Date, "x"),
            (Kind::LocalTime, "25:00"),
            (Kind::LocalTime, "12:00Z"),
        ] {
            assert!(parse(kind, text).is_err(), "{text}");
        }
    }
}

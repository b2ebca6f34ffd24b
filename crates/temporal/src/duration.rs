//! Cypher durations: months, days and seconds kept apart (a month or a day has no fixed
//! length), built from maps or ISO 8601 text, with fractions cascading into smaller units.

use std::fmt;

use crate::values::{NANOS_PER_DAY, NANOS_PER_SECOND};
use crate::{Arg, Error, Fields};

/// A Cypher duration: months, days, seconds and nanoseconds kept apart, as Neo4j does.
/// `nanos` is always in `0..1_000_000_000` (`seconds` carries the sign).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    pub months: i64,
    pub days: i64,
    pub seconds: i64,
    pub nanos: i32,
}

/// Fixed-point scale of fractional inputs: nine decimal places, so exact to the nanosecond.
const SCALE: i128 = NANOS_PER_SECOND as i128;
/// Neo4j's average month (30.436875 days, a 400-year cycle's mean), used for fractions of months.
const SECONDS_PER_MONTH: i128 = 2_629_746;
const DAY: i128 = NANOS_PER_DAY as i128;

fn overflow() -> Error {
    Error::argument("Duration value out of range")
}

fn to_i64(v: i128) -> Result<i64, Error> {
    i64::try_from(v).map_err(|_| overflow())
}

impl Duration {
    /// A duration of whole months and days plus a signed nanosecond count.
    pub fn from_nanos(months: i64, days: i64, nanos: i128) -> Result<Duration, Error> {
        let seconds = to_i64(nanos.div_euclid(SCALE))?;
        Ok(Duration {
            months,
            days,
            seconds,
            nanos: nanos.rem_euclid(SCALE) as i32,
        })
    }

    /// A duration from fixed-point (×10⁹) months and days and a nanosecond count; the
    /// fraction of a month becomes days and seconds, the fraction of a day seconds.
    fn from_scaled(months: i128, days: i128, nanos: i128) -> Result<Duration, Error> {
        let month_fraction = (months % SCALE) * SECONDS_PER_MONTH;
        let days_total = days + month_fraction / DAY * SCALE;
        let nanos = nanos + month_fraction % DAY + (days_total % SCALE) * 86_400;
        Duration::from_nanos(to_i64(months / SCALE)?, to_i64(days_total / SCALE)?, nanos)
    }

    /// The seconds part as one signed nanosecond count.
    pub fn time_nanos(&self) -> i128 {
        i128::from(self.seconds) * SCALE + i128::from(self.nanos)
    }

    pub fn checked_add(&self, other: &Duration) -> Result<Duration, Error> {
        let months = self.months.checked_add(other.months).ok_or_else(overflow)?;
        let days = self.days.checked_add(other.days).ok_or_else(overflow)?;
        Duration::from_nanos(months, days, self.time_nanos() + other.time_nanos())
    }

    pub fn negate(&self) -> Result<Duration, Error> {
        let months = self.months.checked_neg().ok_or_else(overflow)?;
        let days = self.days.checked_neg().ok_or_else(overflow)?;
        Duration::from_nanos(months, days, -self.time_nanos())
    }

    pub fn checked_sub(&self, other: &Duration) -> Result<Duration, Error> {
        self.checked_add(&other.negate()?)
    }

    /// `self * factor`, the factor as fixed point (×10⁹).
    fn mul_scaled(&self, factor: i128) -> Result<Duration, Error> {
        let nanos = self.time_nanos().checked_mul(factor).ok_or_else(overflow)? / SCALE;
        Duration::from_scaled(
            i128::from(self.months) * factor,
            i128::from(self.days) * factor,
            nanos,
        )
    }

    pub fn multiply(&self, factor: &Number) -> Result<Duration, Error> {
        self.mul_scaled(factor.scaled()?)
    }

    pub fn divide(&self, divisor: &Number) -> Result<Duration, Error> {
        let d = divisor.scaled()?;
        if d == 0 {
            return Err(Error::argument("Division of a duration by zero"));
        }
        let scaled = |v: i64| -> Result<i128, Error> {
            (i128::from(v) * SCALE)
                .checked_mul(SCALE)
                .map(|x| x / d)
                .ok_or_else(overflow)
        };
        let nanos = self.time_nanos().checked_mul(SCALE).ok_or_else(overflow)? / d;
        Duration::from_scaled(scaled(self.months)?, scaled(self.days)?, nanos)
    }
}

/// A number argument of duration arithmetic or construction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// The number as fixed point (×10⁹).
    fn scaled(&self) -> Result<i128, Error> {
        match *self {
            Number::Int(i) => Ok(i128::from(i) * SCALE),
            Number::Float(f) if f.is_finite() && f.abs() < 1e20 => {
                Ok((f * SCALE as f64).round() as i128)
            }
            Number::Float(f) => Err(Error::argument(format!("Invalid duration component: {f}"))),
        }
    }
}

/// A duration from a map of `years`, `quarters`, `months`, `weeks`, `days`, `hours`,
/// `minutes`, `seconds`, `milliseconds`, `microseconds` and `nanoseconds` (any may be
/// fractional or negative).
pub fn duration_from_fields(fields: &Fields) -> Result<Duration, Error> {
    let (mut months, mut days, mut nanos) = (0i128, 0i128, 0i128);
    for (key, value) in fields {
        let n = match value {
            Arg::Int(i) => Number::Int(*i),
            Arg::Float(f) => Number::Float(*f),
            other => {
                return Err(Error::type_error(format!(
                    "Duration component '{key}' must be a number, got {}",
                    crate::build::arg_type(other)
                )));
            }
        };
        let v = n.scaled()?;
        match key.to_ascii_lowercase().as_str() {
            "years" => months += v * 12,
            "quarters" => months += v * 3,
            "months" => months += v,
            "weeks" => days += v * 7,
            "days" => days += v,
            "hours" => nanos += v * 3600,
            "minutes" => nanos += v * 60,
            "seconds" => nanos += v,
            "milliseconds" => nanos += v / 1000,
            "microseconds" => nanos += v / 1_000_000,
            "nanoseconds" => nanos += v / SCALE,
            _ => {
                return Err(Error::argument(format!(
                    "No such field in a duration: '{key}'"
                )));
            }
        }
    }
    Duration::from_scaled(months, days, nanos)
}

fn bad_duration(text: &str) -> Error {
    Error::argument(format!("Text cannot be parsed to a Duration: '{text}'"))
}

/// A signed decimal at the start of `s` as fixed point (×10⁹), and the rest.
fn scaled_number(s: &str) -> Option<(i128, &str)> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    if int_len == 0 || int_len > 20 {
        return None;
    }
    let mut value = body[..int_len].parse::<i128>().ok()? * SCALE;
    let mut rest = &body[int_len..];
    if let Some(frac) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(',')) {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let kept = &frac[..n.min(9)];
        value += kept.parse::<i128>().ok()? * 10i128.pow(9 - kept.len() as u32);
        rest = &frac[n..];
    }
    Some((if negative { -value } else { value }, rest))
}

/// Parses `P1Y2M3W4DT5H6M7.5S` (any part may be signed or fractional) or the alternative
/// form `P2012-02-02T14:37:21.545`; a leading `-` negates the whole.
pub fn parse_duration(text: &str) -> Result<Duration, Error> {
    let bad = || bad_duration(text);
    let trimmed = text.trim();
    let (negate, body) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let body = body.strip_prefix(['P', 'p']).ok_or_else(bad)?;
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let d = if digits > 0 && body[digits..].starts_with('-') {
        parse_alternative(body).ok_or_else(bad)?
    } else {
        parse_designators(body).ok_or_else(bad)??
    };
    if negate { d.negate() } else { Ok(d) }
}

fn parse_designators(body: &str) -> Option<Result<Duration, Error>> {
    let (date_part, time_part) = match body.find(['T', 't']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if date_part.is_empty() && time_part.is_none_or(str::is_empty) {
        return None;
    }
    let (mut months, mut days, mut nanos) = (0i128, 0i128, 0i128);
    let mut rest = date_part;
    let mut order = 0;
    while !rest.is_empty() {
        let (v, r) = scaled_number(rest)?;
        let unit = r.chars().next()?.to_ascii_uppercase();
        let rank = "YMWD".find(unit)? + 1;
        if rank <= order {
            return None;
        }
        order = rank;
        match unit {
            'Y' => months += v * 12,
            'M' => months += v,
            'W' => days += v * 7,
            _ => days += v,
        }
        rest = &r[1..];
    }
    if let Some(time) = time_part {
        if time.is_empty() {
            return None;
        }
        let (mut rest, mut order) = (time, 0);
        while !rest.is_empty() {
            let (v, r) = scaled_number(rest)?;
            let unit = r.chars().next()?.to_ascii_uppercase();
            let rank = "HMS".find(unit)? + 1;
            if rank <= order {
                return None;
            }
            order = rank;
            nanos += match unit {
                'H' => v * 3600,
                'M' => v * 60,
                _ => v,
            };
            rest = &r[1..];
        }
    }
    Some(Duration::from_scaled(months, days, nanos))
}

/// `YYYY-MM-DD[Thh:mm:ss[.fff]]` after the `P`.
fn parse_alternative(body: &str) -> Option<Duration> {
    let (date, time) = match body.find(['T', 't']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut parts = date.split('-');
    let years: i64 = parts.next()?.parse().ok()?;
    let months: i64 = parts.next()?.parse().ok()?;
    let days: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let mut nanos = 0i128;
    if let Some(time) = time {
        let mut fields = time.split(':');
        let hours: i128 = fields.next()?.parse().ok()?;
        let minutes: i128 = fields.next()?.parse().ok()?;
        let (seconds, rest) = scaled_number(fields.next()?)?;
        if !rest.is_empty() || fields.next().is_some() {
            return None;
        }
        nanos = (hours * 3600 + minutes * 60) * SCALE + seconds;
    }
    Duration::from_nanos(years.checked_mul(12)?.checked_add(months)?, days, nanos).ok()
}

impl fmt::Display for Duration {
    /// `P1Y2M3DT4H5M6.5S`: zero parts omitted, each part signed on its own, `PT0S` if empty.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = self.time_nanos();
        if self.months == 0 && self.days == 0 && time == 0 {
            return f.write_str("PT0S");
        }
        f.write_str("P")?;
        let (years, months) = (self.months / 12, self.months % 12);
        if years != 0 {
            write!(f, "{years}Y")?;
        }
        if months != 0 {
            write!(f, "{months}M")?;
        }
        if self.days != 0 {
            write!(f, "{}D", self.days)?;
        }
        if time == 0 {
            return Ok(());
        }
        f.write_str("T")?;
        let hour = 3600 * SCALE;
        let (hours, rest) = (time / hour, time % hour);
        let (minutes, rest) = (rest / (60 * SCALE), rest % (60 * SCALE));
        if hours != 0 {
            write!(f, "{hours}H")?;
        }
        if minutes != 0 {
            write!(f, "{minutes}M")?;
        }
        if rest != 0 {
            let sign = if rest < 0 { "-" } else { "" };
            let abs = rest.unsigned_abs();
            let (whole, frac) = (abs / SCALE as u128, abs % SCALE as u128);
            if frac == 0 {
                write!(f, "{sign}{whole}S")?;
            } else {
                let digits = format!("{frac:09}");
                write!(f, "{sign}{whole}.{}S", digits.trim_end_matches('0'))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, Arg)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn from_maps() -> Result<(), Error> {
        use Arg::{Float as F, Int as I};
        let cases = [
            (
                fields(&[("days", I(14)), ("hours", I(16)), ("minutes", I(12))]),
                "P14DT16H12M",
            ),
            (fields(&[("months", I(5)), ("days", F(1.5))]), "P5M1DT12H"),
            (fields(&[("months", F(0.75))]), "P22DT19H51M49.5S"),
            (fields(&[("weeks", F(2.5))]), "P17DT12H"),
            (
                fields(&[("days", I(14)), ("seconds", I(70)), ("nanoseconds", I(1))]),
                "P14DT1M10.000000001S",
            ),
            (fields(&[("minutes", F(1.5)), ("seconds", I(1))]), "PT1M31S"),
            (
                fields(&[("seconds", I(-2)), ("milliseconds", I(1))]),
                "PT-1.999S",
            ),
            (
                fields(&[("seconds", I(-60)), ("milliseconds", I(-1))]),
                "PT-1M-0.001S",
            ),
            (
                fields(&[("days", I(1)), ("milliseconds", I(-1))]),
                "P1DT-0.001S",
            ),
            (
                fields(&[
                    ("years", I(12)),
                    ("months", I(5)),
                    ("days", I(-14)),
                    ("hours", I(16)),
                ]),
                "P12Y5M-14DT16H",
            ),
            (fields(&[]), "PT0S"),
        ];
        for (map, want) in cases {
            assert_eq!(duration_from_fields(&map)?.to_string(), want);
        }
        Ok(())
    }

    #[test]
    fn from_text() -> Result<(), Error> {
        let cases = [
            ("P14DT16H12M", "P14DT16H12M"),
            ("P5M1.5D", "P5M1DT12H"),
            ("P0.75M", "P22DT19H51M49.5S"),
            ("PT0.75M", "PT45S"),
            ("P2.5W", "P17DT12H"),
            ("P12Y5M14DT16H12M70S", "P12Y5M14DT16H13M10S"),
            ("P2012-02-02T14:37:21.545", "P2012Y2M2DT14H37M21.545S"),
            ("PT-1M-0.001S", "PT-1M-0.001S"),
            (
                "P-6M-15DT-17H-45M-3.500000002S",
                "P-6M-15DT-17H-45M-3.500000002S",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text)?.to_string(), want, "{text}");
        }
        for text in ["P", "PT", "1D", "P1H", "PT1D", "P1D2Y"] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
        Ok(())
    }

    #[test]
    fn arithmetic() -> Result<(), Error> {
        let d = parse_duration("P12Y5M14DT16H12M70.000000001S")?;
        assert_eq!(
            d.multiply(&Number::Int(2))?.to_string(),
            "P24Y10M28DT32H26M20.000000002S"
        );
        assert_eq!(d.divide(&Number::Int(2))?.to_string(), "P6Y2M22DT13H21M8S");
        assert_eq!(
            d.multiply(&Number::Float(0.5))?.to_string(),
            "P6Y2M22DT13H21M8S"
        );
        assert_eq!(
            d.divide(&Number::Float(0.5))?.to_string(),
            "P24Y10M28DT32H26M20.000000002S"
        );
        assert_eq!(d.checked_sub(&d)?.to_string(), "PT0S");
        assert!(d.divide(&Number::Int(0)).is_err());
        Ok(())
    }
}

//! Adding durations to instants: months first (clamping to the month's end), then days,
//! then the seconds part (whole days only, for a date).

use crate::calendar;
use crate::duration::Duration;
use crate::values::{Date, LocalDateTime, LocalTime, NANOS_PER_DAY, Time};
use crate::zone::Zone;
use crate::{Error, Temporal};

/// The date moved by the duration's months and days.
fn shift_date(date: Date, d: &Duration) -> Result<Date, Error> {
    let days = calendar::add_months(date.days(), d.months)?;
    Date::from_days(
        days.checked_add(d.days)
            .ok_or_else(|| Error::argument("Date overflow"))?,
    )
}

/// `value + duration`. Fails for a duration operand (add durations with
/// [`Duration::checked_add`]) and when the result leaves the supported range.
pub fn add_duration(value: &Temporal, d: &Duration) -> Result<Temporal, Error> {
    let nanos = d.time_nanos();
    Ok(match value {
        Temporal::Date(date) => {
            let whole_days = i64::try_from(nanos / i128::from(NANOS_PER_DAY))
                .map_err(|_| Error::argument("Date overflow"))?;
            let shifted = shift_date(*date, d)?;
            Temporal::Date(Date::from_days(
                shifted
                    .days()
                    .checked_add(whole_days)
                    .ok_or_else(|| Error::argument("Date overflow"))?,
            )?)
        }
        Temporal::LocalTime(t) => {
            Temporal::LocalTime(LocalTime::wrapping(i128::from(t.nanos_of_day()) + nanos))
        }
        Temporal::Time(t) => Temporal::Time(Time::new(
            LocalTime::wrapping(i128::from(t.time().nanos_of_day()) + nanos),
            t.offset_seconds(),
        )),
        Temporal::LocalDateTime(l) => {
            let moved = LocalDateTime::new(shift_date(l.date(), d)?, l.time());
            Temporal::LocalDateTime(LocalDateTime::from_local_nanos(
                moved.local_nanos() + nanos,
            )?)
        }
        Temporal::DateTime(dt) => {
            let zone = Zone::of(dt);
            let moved = LocalDateTime::new(shift_date(dt.local().date(), d)?, dt.local().time());
            let at = zone.at_local(moved, Some(dt.offset_seconds()))?;
            Temporal::DateTime(zone.at_instant(at.epoch_nanos() + nanos)?)
        }
        Temporal::Duration(_) => {
            return Err(Error::type_error(
                "Cannot add a duration to a duration this way",
            ));
        }
    })
}

/// `value - duration`.
pub fn subtract_duration(value: &Temporal, d: &Duration) -> Result<Temporal, Error> {
    add_duration(value, &d.negate()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, parse, parse_duration};

    #[test]
    fn adds_and_subtracts() -> Result<(), Error> {
        let d1 = parse_duration("P12Y5M14DT16H13M10.000000002S")?;
        let d2 = parse_duration("P12Y11M29DT33H58M13.500000003S")?;
        let cases = [
            (Kind::Date, "1984-10-11", &d1, "1997-03-25", "1972-04-27"),
            (Kind::Date, "1984-10-11", &d2, "1997-10-11", "1971-10-12"),
            (
                Kind::LocalTime,
                "12:31:14.000000001",
                &d1,
                "04:44:24.000000003",
                "20:18:03.999999999",
            ),
            (
                Kind::LocalDateTime,
                "1984-10-11T12:31:14.000000001",
                &d1,
                "1997-03-26T04:44:24.000000003",
                "1972-04-26T20:18:03.999999999",
            ),
            (
                Kind::DateTime,
                "1984-10-11T12:31:14.000000001+01:00",
                &d2,
                "1997-10-11T22:29:27.500000004+01:00",
                "1971-10-12T02:33:00.499999998+01:00",
            ),
        ];
        for (kind, text, d, sum, diff) in cases {
            let v = parse(kind, text)?;
            let show = |t: Temporal| match t {
                Temporal::Date(v) => v.to_string(),
                Temporal::LocalTime(v) => v.to_string(),
                Temporal::LocalDateTime(v) => v.to_string(),
                Temporal::DateTime(v) => v.to_string(),
                other => format!("{other:?}"),
            };
            assert_eq!(show(add_duration(&v, d)?), sum, "{text} + {d}");
            assert_eq!(show(subtract_duration(&v, d)?), diff, "{text} - {d}");
        }
        Ok(())
    }
}

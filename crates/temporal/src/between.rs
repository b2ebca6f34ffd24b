//! `duration.between` and its `inMonths` / `inDays` / `inSeconds` variants.
//!
//! A side without a date borrows the other's date, a side without a time is at midnight,
//! a side without a zone is read in the other's zone. Months and days are counted on the
//! local clock of the first value's zone; the rest is measured between instants.

use crate::build::parts;
use crate::calendar;
use crate::duration::Duration;
use crate::values::{Date, DateTime, LocalDateTime, LocalTime};
use crate::{Error, Temporal};

/// Which units `duration.between` may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BetweenUnit {
    /// Months, then days, then seconds (`duration.between`).
    All,
    Months,
    Days,
    Seconds,
}

/// The end date to count whole months or days to, moved one day towards the start when the
/// end's time of day has not yet reached the start's (so partial days do not count).
fn adjusted_end(start: LocalDateTime, end: LocalDateTime) -> i64 {
    let e = end.date().days();
    if end.date() > start.date() && end.time() < start.time() {
        e - 1
    } else if end.date() < start.date() && end.time() > start.time() {
        e + 1
    } else {
        e
    }
}

fn months_between(start: LocalDateTime, end: LocalDateTime) -> i64 {
    let (sy, sm, sd) = calendar::civil_from_days(start.date().days());
    let (ey, em, ed) = calendar::civil_from_days(adjusted_end(start, end));
    let total = (ey * 12 + i64::from(em)) - (sy * 12 + i64::from(sm));
    if total > 0 && ed < sd {
        total - 1
    } else if total < 0 && ed > sd {
        total + 1
    } else {
        total
    }
}

fn days_between(start: LocalDateTime, end: LocalDateTime) -> i64 {
    adjusted_end(start, end) - start.date().days()
}

/// The duration from `a` to `b` in the given units.
pub fn between(a: &Temporal, b: &Temporal, unit: BetweenUnit) -> Result<Duration, Error> {
    if matches!(a, Temporal::Duration(_)) || matches!(b, Temporal::Duration(_)) {
        return Err(Error::type_error(
            "duration.between expects two instants, not durations",
        ));
    }
    let (pa, pb) = (parts(a), parts(b));
    let both_dated = pa.date.is_some() && pb.date.is_some();
    let epoch = Date::from_days(0)?;
    let local_a = LocalDateTime::new(
        pa.date.or(pb.date).unwrap_or(epoch),
        pa.time.unwrap_or(LocalTime::MIDNIGHT),
    );
    let local_b = LocalDateTime::new(
        pb.date.or(pa.date).unwrap_or(epoch),
        pb.time.unwrap_or(LocalTime::MIDNIGHT),
    );
    // With a zone on either side, both become zoned date-times and `b` moves into `a`'s zone.
    let zoned: Option<(DateTime, DateTime)> = match (pa.zone.or(pb.zone), pb.zone.or(pa.zone)) {
        (Some((za, oa)), Some((zb, ob))) => {
            let dta = za.at_local(local_a, Some(oa))?;
            let dtb = zb.at_local(local_b, Some(ob))?;
            let dtb = za.at_instant(dtb.epoch_nanos())?;
            Some((dta, dtb))
        }
        _ => None,
    };
    let (start, end) = match &zoned {
        Some((dta, dtb)) => (dta.local(), dtb.local()),
        None => (local_a, local_b),
    };
    let elapsed = |from: LocalDateTime| -> Result<i128, Error> {
        Ok(match &zoned {
            Some((dta, dtb)) => {
                let zone = crate::zone::Zone::of(dta);
                dtb.epoch_nanos()
                    - zone
                        .at_local(from, Some(dta.offset_seconds()))?
                        .epoch_nanos()
            }
            None => end.local_nanos() - from.local_nanos(),
        })
    };
    if !both_dated {
        return match unit {
            BetweenUnit::All | BetweenUnit::Seconds => Duration::from_nanos(0, 0, elapsed(start)?),
            BetweenUnit::Months | BetweenUnit::Days => Ok(Duration::default()),
        };
    }
    match unit {
        BetweenUnit::Months => Duration::from_nanos(months_between(start, end), 0, 0),
        BetweenUnit::Days => Duration::from_nanos(0, days_between(start, end), 0),
        BetweenUnit::Seconds => Duration::from_nanos(0, 0, elapsed(start)?),
        BetweenUnit::All => {
            let months = months_between(start, end);
            let after_months = LocalDateTime::new(
                Date::from_days(calendar::add_months(start.date().days(), months)?)?,
                start.time(),
            );
            let days = days_between(after_months, end);
            let after_days = LocalDateTime::new(
                Date::from_days(after_months.date().days() + days)?,
                start.time(),
            );
            Duration::from_nanos(months, days, elapsed(after_days)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, parse};

    #[test]
    fn tck_cases() -> Result<(), Error> {
        use BetweenUnit::*;
        use Kind::{Date as D, DateTime as DT, LocalDateTime as LDT, LocalTime as LT, Time as T};
        let cases = [
            ((D, "1984-10-11"), (D, "2015-06-24"), All, "P30Y8M13D"),
            (
                (D, "1984-10-11"),
                (LDT, "2016-07-21T21:45:22.142"),
                All,
                "P31Y9M10DT21H45M22.142S",
            ),
            ((D, "1984-10-11"), (T, "16:30+0100"), All, "PT16H30M"),
            ((LT, "14:30"), (D, "2015-06-24"), All, "PT-14H-30M"),
            (
                (T, "14:30"),
                (DT, "2015-07-21T21:40:32.142+0100"),
                All,
                "PT6H10M32.142S",
            ),
            ((T, "14:30"), (T, "16:30+0100"), All, "PT1H"),
            (
                (LDT, "2015-07-21T21:40:32.142"),
                (D, "2015-06-24"),
                All,
                "P-27DT-21H-40M-32.142S",
            ),
            (
                (LDT, "2015-07-21T21:40:32.142"),
                (DT, "2015-07-21T21:40:32.142+0100"),
                All,
                "PT0S",
            ),
            (
                (DT, "2014-07-21T21:40:36.143+0200"),
                (D, "2015-06-24"),
                All,
                "P11M2DT2H19M23.857S",
            ),
            (
                (DT, "2014-07-21T21:40:36.143+0200"),
                (DT, "2015-07-21T21:40:32.142+0100"),
                All,
                "P1YT59M55.999S",
            ),
            (
                (DT, "2014-07-21T21:40:36.143+0200"),
                (T, "16:30+0100"),
                All,
                "PT-4H-10M-36.143S",
            ),
            (
                (LDT, "2018-01-02T10:00:00.1"),
                (LDT, "2018-01-01T10:00:00.2"),
                All,
                "PT-23H-59M-59.9S",
            ),
            (
                (DT, "2017-10-28T23:00+02:00[Europe/Stockholm]"),
                (DT, "2017-10-29T04:00+01:00[Europe/Stockholm]"),
                All,
                "PT6H",
            ),
            (
                (D, "2018-07-21"),
                (DT, "2016-07-21T21:40:32.142+0100"),
                Months,
                "P-1Y-11M",
            ),
            (
                (DT, "2018-07-21T21:40:36.143+0500"),
                (DT, "1984-07-21T22:40:36.143+0200"),
                Months,
                "P-33Y-11M",
            ),
            ((D, "1984-10-11"), (LT, "16:30"), Months, "PT0S"),
            (
                (DT, "2014-07-21T21:40:36.143+0200"),
                (DT, "2015-07-21T21:40:32.142+0100"),
                Days,
                "P365D",
            ),
            (
                (LDT, "2015-07-21T21:40:32.142"),
                (D, "2015-06-24"),
                Days,
                "P-27D",
            ),
            (
                (D, "1984-10-11"),
                (DT, "2015-07-21T21:40:32.142+0100"),
                Seconds,
                "PT269781H40M32.142S",
            ),
            (
                (DT, "2017-10-29T00:00[Europe/Stockholm]"),
                (LDT, "2017-10-29T04:00"),
                Seconds,
                "PT5H",
            ),
            (
                (LT, "00:00"),
                (DT, "2017-10-29T04:00[Europe/Stockholm]"),
                Seconds,
                "PT5H",
            ),
            (
                (DT, "2017-10-29T00:00[Europe/Stockholm]"),
                (D, "2017-10-30"),
                Seconds,
                "PT25H",
            ),
            (
                (D, "-999999999-01-01"),
                (D, "+999999999-12-31"),
                All,
                "P1999999998Y11M30D",
            ),
            (
                (LDT, "-999999999-01-01"),
                (LDT, "+999999999-12-31T23:59:59"),
                Seconds,
                "PT17531639991215H59M59S",
            ),
            (
                (LT, "12:44:54.7"),
                (LT, "12:34:55.3"),
                Seconds,
                "PT-9M-59.4S",
            ),
        ];
        for ((ka, a), (kb, b), unit, want) in cases {
            let got = between(&parse(ka, a)?, &parse(kb, b)?, unit)?;
            assert_eq!(got.to_string(), want, "{a} -> {b} ({unit:?})");
        }
        Ok(())
    }
}

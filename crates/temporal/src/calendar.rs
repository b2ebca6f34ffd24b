//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), over the
//! full year range Neo4j supports (±999,999,999), which is far wider than chrono's.

use crate::Error;

/// The smallest and largest year a temporal value may have.
pub const MIN_YEAR: i64 = -999_999_999;
pub const MAX_YEAR: i64 = 999_999_999;

/// Day number of a calendar date (no validation; month 1–12, day 1–31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Calendar date `(year, month, day)` of a day number.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn days_in_year(year: i64) -> i64 {
    if is_leap(year) { 366 } else { 365 }
}

/// ISO day of week: 1 = Monday … 7 = Sunday.
pub fn day_of_week(days: i64) -> u32 {
    ((days + 3).rem_euclid(7) + 1) as u32
}

/// Day number of the Monday starting ISO week 1 of `week_year`.
fn week_one_monday(week_year: i64) -> i64 {
    let jan4 = days_from_civil(week_year, 1, 4);
    jan4 - i64::from(day_of_week(jan4)) + 1
}

/// Number of ISO weeks (52 or 53) in `week_year`.
pub fn weeks_in_year(week_year: i64) -> u32 {
    ((week_one_monday(week_year + 1) - week_one_monday(week_year)) / 7) as u32
}

/// ISO `(week_year, week)` of a day number.
pub fn iso_week(days: i64) -> (i64, u32) {
    let (year, _, _) = civil_from_days(days);
    let mut week_year = year;
    if days < week_one_monday(year) {
        week_year -= 1;
    } else if days >= week_one_monday(year + 1) {
        week_year += 1;
    }
    (
        week_year,
        ((days - week_one_monday(week_year)) / 7 + 1) as u32,
    )
}

/// Checks that `value` lies in `lo..=hi`, naming the field in the error.
pub fn check_range(field: &str, value: i64, lo: i64, hi: i64) -> Result<i64, Error> {
    if value < lo || value > hi {
        return Err(Error::argument(format!(
            "Invalid value for {field} (valid values {lo} - {hi}): {value}"
        )));
    }
    Ok(value)
}

/// Day number of a validated calendar date.
pub fn from_ymd(year: i64, month: i64, day: i64) -> Result<i64, Error> {
    check_range("Year", year, MIN_YEAR, MAX_YEAR)?;
    let month = check_range("MonthOfYear", month, 1, 12)? as u32;
    let max = i64::from(days_in_month(year, month));
    let day = check_range("DayOfMonth", day, 1, max)? as u32;
    Ok(days_from_civil(year, month, day))
}

/// Day number of a validated ISO week date.
pub fn from_week_date(week_year: i64, week: i64, day_of_week: i64) -> Result<i64, Error> {
    check_range("Year", week_year, MIN_YEAR, MAX_YEAR)?;
    let week = check_range("Week", week, 1, i64::from(weeks_in_year(week_year)))?;
    let dow = check_range("DayOfWeek", day_of_week, 1, 7)?;
    Ok(week_one_monday(week_year) + (week - 1) * 7 + dow - 1)
}

/// Day number of a validated ordinal date.
pub fn from_ordinal(year: i64, ordinal: i64) -> Result<i64, Error> {
    check_range("Year", year, MIN_YEAR, MAX_YEAR)?;
    let ordinal = check_range("DayOfYear", ordinal, 1, days_in_year(year))?;
    Ok(days_from_civil(year, 1, 1) + ordinal - 1)
}

/// First month of a quarter (1–4).
pub fn quarter_start_month(quarter: i64) -> u32 {
    (quarter as u32 - 1) * 3 + 1
}

/// Day number of a validated quarter date.
pub fn from_quarter(year: i64, quarter: i64, day_of_quarter: i64) -> Result<i64, Error> {
    check_range("Year", year, MIN_YEAR, MAX_YEAR)?;
    let quarter = check_range("QuarterOfYear", quarter, 1, 4)?;
    let start = days_from_civil(year, quarter_start_month(quarter), 1);
    let end = days_from_civil(
        year + i64::from(quarter == 4),
        quarter_start_month(quarter % 4 + 1),
        1,
    );
    let doq = check_range("DayOfQuarter", day_of_quarter, 1, end - start)?;
    Ok(start + doq - 1)
}

/// Adds calendar months, clamping the day to the end of the resulting month.
pub fn add_months(days: i64, months: i64) -> Result<i64, Error> {
    let (year, month, day) = civil_from_days(days);
    let total = year
        .checked_mul(12)
        .and_then(|m| m.checked_add(i64::from(month) - 1))
        .and_then(|m| m.checked_add(months))
        .ok_or_else(|| Error::argument("Date overflow"))?;
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    check_range("Year", ny, MIN_YEAR, MAX_YEAR)?;
    Ok(days_from_civil(ny, nm, day.min(days_in_month(ny, nm))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for (y, m, d, n) in [(1970, 1, 1, 0), (2000, 3, 1, 11017), (1969, 12, 31, -1)] {
            assert_eq!(days_from_civil(y, m, d), n);
            assert_eq!(civil_from_days(n), (y, m, d));
        }
        for n in [-400_000_000_000i64, -1, 0, 365_242_000, 365_000_000_000] {
            let (y, m, d) = civil_from_days(n);
            assert_eq!(days_from_civil(y, m, d), n);
        }
    }

    #[test]
    fn iso_weeks() {
        let cases = [
            ((1984, 1, 1), (1983, 52, 7)),
            ((1984, 10, 11), (1984, 41, 4)),
            ((1816, 12, 30), (1817, 1, 1)),
        ];
        for ((y, m, d), (wy, w, dow)) in cases {
            let n = days_from_civil(y, m, d);
            assert_eq!(iso_week(n), (wy, w));
            assert_eq!(day_of_week(n), dow);
            assert_eq!(
                from_week_date(wy, i64::from(w), i64::from(dow)).ok(),
                Some(n)
            );
        }
        assert_eq!(weeks_in_year(1818), 53);
        assert!(from_week_date(1817, 53, 1).is_err());
    }

    #[test]
    fn quarters_and_months() {
        assert_eq!(
            from_quarter(1984, 3, 45).ok(),
            Some(days_from_civil(1984, 8, 14))
        );
        assert_eq!(
            add_months(days_from_civil(2001, 1, 31), 1).ok(),
            Some(days_from_civil(2001, 2, 28))
        );
        assert!(from_ymd(2001, 2, 29).is_err());
    }
}

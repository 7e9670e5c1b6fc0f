//! Calendar dates without a time zone database: `YYYY-MM-DD` in the proleptic Gregorian
//! calendar, and unix times shown at a fixed UTC offset. The offset for a place and a moment is
//! the runtime's to know (the edge asks `Intl`); everything here is arithmetic.

use crate::prelude::*;
use core::fmt;
use core::str::FromStr;

use crate::api::ErrorCode;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A date, if it exists (years 1970 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        Self::within(1970, year, month, day)
    }

    fn within(first_year: i32, year: i32, month: u8, day: u8) -> Option<Self> {
        let ok = (first_year..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Self { year, month, day })
    }

    /// A date of birth, `YYYY-MM-DD` from 1900 on: people are older than unix time.
    pub fn parse_birth(text: &str) -> Result<Self, ErrorCode> {
        parse(text, 1900)
    }

    /// Whole years from `self` to `on`.
    pub fn years_until(self, on: Date) -> i32 {
        on.year - self.year - i32::from((on.month, on.day) < (self.month, self.day))
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// The day of the week, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        (self.days() + 3).rem_euclid(7) as u8
    }

    /// The date `n` days later (earlier when negative).
    pub fn plus(self, n: i64) -> Self {
        Self::from_days(self.days() + n)
    }

    /// The next day.
    pub fn next(self) -> Self {
        Self::from_days(self.days() + 1)
    }

    /// The local date of unix time `at` at UTC offset `offset` seconds.
    pub fn of(at: u64, offset: i32) -> Self {
        Self::from_days((at as i64 + i64::from(offset)).div_euclid(86_400))
    }

    /// Midnight UTC at the start of this date, in unix seconds.
    pub fn utc_midnight(self) -> i64 {
        self.days() * 86_400
    }
}

impl FromStr for Date {
    type Err = ErrorCode;

    fn from_str(text: &str) -> Result<Self, ErrorCode> {
        parse(text, 1970)
    }
}

fn parse(text: &str, first_year: i32) -> Result<Date, ErrorCode> {
    let b = text.as_bytes();
    let digits = |r: core::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return Err(ErrorCode::InvalidDate);
    }
    let n = |r: core::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    Date::within(first_year, n(0..4) as i32, n(5..7) as u8, n(8..10) as u8).ok_or(ErrorCode::InvalidDate)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `2026-11-01T09:30:00+01:00`: unix time `at` as local time at `offset` seconds (RFC 3339).
pub fn local_time(at: u64, offset: i32) -> String {
    let local = at as i64 + i64::from(offset);
    let date = Date::from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    format!("{date}T{:02}:{:02}:{:02}{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60, abs / 3600, abs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_both_ways() {
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days(), 0);
        assert_eq!("2000-03-01".parse::<Date>().unwrap().days(), 11_017);
        for days in [0, 59, 60, 365, 10_957, 20_000, 30_000, 2_932_896] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::from_days(20_454).to_string(), "2026-01-01");
        assert_eq!("2024-02-28".parse::<Date>().unwrap().next().to_string(), "2024-02-29");
        assert_eq!("2026-12-31".parse::<Date>().unwrap().next().to_string(), "2027-01-01");
    }

    #[test]
    fn only_real_dates_parse() {
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01T00", "", "abcd-ef-gh", "1969-12-31"] {
            assert_eq!(bad.parse::<Date>(), Err(ErrorCode::InvalidDate), "{bad}");
        }
        assert!("2028-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn local_times_and_dates() {
        // 2026-11-01 00:30 UTC is still 31 October in New York (UTC-4 that night).
        let at = 1_793_493_000;
        assert_eq!(local_time(at, 0), "2026-11-01T00:30:00+00:00");
        assert_eq!(local_time(at, -4 * 3600), "2026-10-31T20:30:00-04:00");
        assert_eq!(local_time(at, 5 * 3600 + 45 * 60), "2026-11-01T06:15:00+05:45");
        assert_eq!(Date::of(at, -4 * 3600).to_string(), "2026-10-31");
        assert_eq!(Date::of(at, 3600).to_string(), "2026-11-01");
    }
}

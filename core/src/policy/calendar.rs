//! Business days and where a day ends, for the deadline of an unauthorised-payment claim:
//! "by the end of the following business day" (PSD2 Art. 73, BGB §675u). Germany's national
//! holidays are computed (Easter by the Gregorian computus); its days end in Europe/Berlin,
//! whose offset follows the EU's summer-time rule (Directive 2000/84/EC: from 01:00 UTC on the
//! last Sunday of March to 01:00 UTC on the last Sunday of October).

use crate::prelude::*;

use super::document::{Calendar, Claims};
use crate::date::Date;

/// Easter Sunday of `year` (the anonymous Gregorian algorithm).
pub fn easter(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as u8, day as u8).unwrap_or_else(|| Date::from_days(0))
}

/// Germany's national public holidays of `year` (those every state keeps).
pub fn german_holidays(year: i32) -> Vec<Date> {
    let easter = easter(year);
    let fixed = [(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)];
    let mut days: Vec<Date> = fixed.iter().filter_map(|&(m, d)| Date::new(year, m, d)).collect();
    days.extend([-2, 1, 39, 50].map(|n| easter.plus(n)));
    days.sort_unstable();
    days
}

impl Calendar {
    /// Whether `date` is a business day.
    pub fn is_business_day(self, date: Date) -> bool {
        let weekday = date.weekday() < 5;
        match self {
            Calendar::Weekends => weekday,
            Calendar::De => weekday && !german_holidays(date.year()).contains(&date),
        }
    }

    /// The UTC offset in seconds at unix time `at`.
    pub fn offset(self, at: u64) -> i32 {
        match self {
            Calendar::Weekends => 0,
            Calendar::De => {
                let year = Date::of(at, 0).year();
                let last_sunday = |month: u8| {
                    let last = Date::new(year, month, 31).unwrap_or_else(|| Date::from_days(0));
                    last.plus(-i64::from((last.weekday() + 1) % 7))
                };
                let start = last_sunday(3).utc_midnight() + 3600;
                let end = last_sunday(10).utc_midnight() + 3600;
                if (start..end).contains(&(at as i64)) { 7200 } else { 3600 }
            }
        }
    }

    /// The local date of unix time `at`.
    pub fn date_of(self, at: u64) -> Date {
        Date::of(at, self.offset(at))
    }

    /// The last second of `date`, local time, in unix seconds.
    pub fn end_of(self, date: Date) -> u64 {
        let next_midnight_local = date.next().utc_midnight();
        // The offset in force an hour before local midnight (summer time never changes then).
        let offset = self.offset((next_midnight_local - 3600).max(0) as u64);
        (next_midnight_local - i64::from(offset) - 1).max(0) as u64
    }
}

impl Claims {
    /// When a claim made at `at` must be answered: the end of the `business_days`-th business
    /// day after the day of the claim.
    pub fn deadline(self, at: u64) -> u64 {
        let mut day = self.calendar.date_of(at);
        let mut left = self.business_days;
        while left > 0 {
            day = day.next();
            if self.calendar.is_business_day(day) {
                left -= 1;
            }
        }
        self.calendar.end_of(day)
    }
}

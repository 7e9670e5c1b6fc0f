//! Card expiry dates. A card is valid through the last day of its expiry month.

use crate::prelude::*;
use core::fmt;

use crate::{Error, Result};

/// A calendar month, the unit expiry dates are compared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
}

impl YearMonth {
    /// The UTC month containing `unix_seconds` (core has no clock; callers pass the time).
    pub fn from_unix(unix_seconds: u64) -> Self {
        // Howard Hinnant's days-to-civil algorithm.
        let z = (unix_seconds / 86_400) as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self { year: year as u16, month: month as u8 }
    }
}

/// An expiry date that is not in the past (as of the month it was checked in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expiry {
    month: u8,
    year: u16,
}

/// Cards are not issued for longer than this.
const MAX_YEARS_AHEAD: u16 = 20;

impl Expiry {
    /// From a month and a two- or four-digit year, checked against `today`.
    pub fn from_parts(month: u8, year: u16, today: YearMonth) -> Result<Self> {
        let year = match year {
            0..=99 => 2000 + year,
            1000..=9999 => year,
            _ => return Err(Error::InvalidExpiry),
        };
        if !(1..=12).contains(&month) || year > today.year + MAX_YEARS_AHEAD {
            return Err(Error::InvalidExpiry);
        }
        if (YearMonth { year, month }) < today {
            return Err(Error::CardExpired);
        }
        Ok(Self { month, year })
    }

    /// From text as people type it: `MM/YY`, `MM / YYYY`, `MMYY`.
    pub fn parse(text: &str, today: YearMonth) -> Result<Self> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let (m, y) = match compact.split_once('/') {
            Some(parts) => parts,
            None if compact.len() == 4 => compact.split_at(2),
            None => return Err(Error::InvalidExpiry),
        };
        if !(1..=2).contains(&m.len()) || !(y.len() == 2 || y.len() == 4) {
            return Err(Error::InvalidExpiry);
        }
        let month = m.parse().map_err(|_| Error::InvalidExpiry)?;
        let year = y.parse().map_err(|_| Error::InvalidExpiry)?;
        Self::from_parts(month, year, today)
    }

    /// Month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Four-digit year.
    pub fn year(self) -> u16 {
        self.year
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}", self.month, self.year % 100)
    }
}

//! Amounts in minor units and the ISO 4217 currencies Tessera settles, with their exponents.
//!
//! An amount is always an integer count of the currency's minor unit (cents for USD, yen for
//! JPY, fils for BHD), so no floating point ever touches money.

use crate::prelude::*;
use core::fmt;
use core::str::FromStr;

use crate::{Error, Result};

/// ISO 4217 code and minor-unit exponent.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2), ("AUD", 2), ("BHD", 3), ("BRL", 2), ("CAD", 2), ("CHF", 2), ("CLP", 0), ("CNY", 2),
    ("CZK", 2), ("DKK", 2), ("EUR", 2), ("GBP", 2), ("HKD", 2), ("HUF", 2), ("IDR", 2), ("ILS", 2),
    ("INR", 2), ("ISK", 0), ("JOD", 3), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("MXN", 2), ("MYR", 2),
    ("NOK", 2), ("NZD", 2), ("OMR", 3), ("PHP", 2), ("PLN", 2), ("RON", 2), ("SAR", 2), ("SEK", 2),
    ("SGD", 2), ("THB", 2), ("TND", 3), ("TRY", 2), ("TWD", 2), ("UGX", 0), ("USD", 2), ("VND", 0),
    ("XAF", 0), ("XOF", 0), ("ZAR", 2),
];

/// The largest amount accepted, in minor units (processors cap far lower; this stops overflow
/// and typos of many zeros).
pub const MAX_MINOR_UNITS: u64 = 99_999_999_999;

/// A supported currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

impl Currency {
    /// The upper-case ISO 4217 code.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// Digits after the decimal point in the major unit (0 for JPY, 3 for BHD).
    pub fn exponent(self) -> u8 {
        self.exponent
    }
}

impl FromStr for Currency {
    type Err = Error;

    /// Accepts the code in either case.
    fn from_str(code: &str) -> Result<Self> {
        let upper = code.to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == upper)
            .map(|&(code, exponent)| Currency { code, exponent })
            .ok_or(Error::UnsupportedCurrency)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// A positive amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    minor: u64,
    currency: Currency,
}

impl Amount {
    /// `minor` units of `currency`; must be 1..=[`MAX_MINOR_UNITS`].
    pub fn new(minor: u64, currency: Currency) -> Result<Self> {
        if minor == 0 || minor > MAX_MINOR_UNITS {
            return Err(Error::InvalidAmount);
        }
        Ok(Self { minor, currency })
    }

    /// The amount in minor units.
    pub fn minor(self) -> u64 {
        self.minor
    }

    /// The currency.
    pub fn currency(self) -> Currency {
        self.currency
    }

    /// The amount in major units as a decimal string, e.g. `12.50` or `1200` (JPY).
    pub fn to_major_string(self) -> String {
        let exp = u32::from(self.currency.exponent);
        if exp == 0 {
            return self.minor.to_string();
        }
        let unit = 10u64.pow(exp);
        format!("{}.{:0width$}", self.minor / unit, self.minor % unit, width = exp as usize)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.to_major_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_and_formatting() {
        let usd: Currency = "usd".parse().unwrap();
        assert_eq!(usd.code(), "USD");
        assert_eq!(Amount::new(1250, usd).unwrap().to_string(), "USD 12.50");
        assert_eq!(Amount::new(5, usd).unwrap().to_major_string(), "0.05");
        let jpy: Currency = "JPY".parse().unwrap();
        assert_eq!(Amount::new(1200, jpy).unwrap().to_major_string(), "1200");
        let bhd: Currency = "BHD".parse().unwrap();
        assert_eq!(Amount::new(1005, bhd).unwrap().to_major_string(), "1.005");
    }

    #[test]
    fn refuses_bad_amounts_and_currencies() {
        let usd: Currency = "USD".parse().unwrap();
        assert_eq!(Amount::new(0, usd), Err(Error::InvalidAmount));
        assert_eq!(Amount::new(MAX_MINOR_UNITS + 1, usd), Err(Error::InvalidAmount));
        assert_eq!("XXX".parse::<Currency>(), Err(Error::UnsupportedCurrency));
        assert_eq!("US".parse::<Currency>(), Err(Error::UnsupportedCurrency));
    }
}

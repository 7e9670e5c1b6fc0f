//! The primary account number.

use crate::prelude::*;
use core::fmt;
use core::str::FromStr;

use zeroize::Zeroizing;

use super::Brand;
use crate::{Error, Result};

/// A card number that passed the Luhn check and has a length its brand issues.
///
/// `Debug` and `Display` show at most the first six and last four digits; [`CardNumber::reveal`]
/// is the only way to the full number. The digits are wiped from memory on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber {
    digits: Zeroizing<String>,
    brand: Brand,
}

/// Whether `digits` (ASCII digits only) pass the Luhn (mod 10) check.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl FromStr for CardNumber {
    type Err = Error;

    /// Accepts digits with spaces or dashes between them, as people type them.
    fn from_str(input: &str) -> Result<Self> {
        if input.len() > 40 {
            return Err(Error::InvalidCardNumber);
        }
        let digits: Zeroizing<String> = Zeroizing::new(input.chars().filter(|c| !matches!(c, ' ' | '-')).collect());
        if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidCardNumber);
        }
        let brand = Brand::detect(&digits).ok_or(Error::UnsupportedCardBrand)?;
        if !brand.accepts_length(digits.len()) || !luhn_valid(&digits) {
            return Err(Error::InvalidCardNumber);
        }
        Ok(Self { digits, brand })
    }
}

impl CardNumber {
    /// The network.
    pub fn brand(&self) -> Brand {
        self.brand
    }

    /// The last four digits, which may be shown and stored in the clear.
    pub fn last4(&self) -> &str {
        &self.digits[self.digits.len() - 4..]
    }

    /// The first six digits (the BIN), which may be shown and stored in the clear.
    pub fn bin(&self) -> &str {
        &self.digits[..6]
    }

    /// The full number. Only the vault and the processor connector should call this.
    pub fn reveal(&self) -> &str {
        &self.digits
    }

    /// First six and last four with the middle masked; only the last four for numbers shorter
    /// than 16 digits, where six and four would show too much.
    pub fn masked(&self) -> String {
        let hidden = self.digits.len() - 4;
        if self.digits.len() >= 16 {
            format!("{}{}{}", self.bin(), "*".repeat(hidden - 6), self.last4())
        } else {
            format!("{}{}", "*".repeat(hidden), self.last4())
        }
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({}, {})", self.brand, self.masked())
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

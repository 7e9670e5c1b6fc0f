//! Card networks, recognised by the leading digits (the issuer identification number).
//!
//! The ranges are data: one table, longest matching prefix wins, so adding a range is one line.

use core::fmt;
use core::ops::RangeInclusive;

/// A card network Tessera accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Brand {
    /// Visa.
    Visa,
    /// Mastercard, including the 2-series (2221–2720).
    Mastercard,
    /// American Express.
    Amex,
    /// Discover (and networks routed through it).
    Discover,
    /// JCB.
    Jcb,
    /// Diners Club.
    DinersClub,
    /// UnionPay.
    UnionPay,
    /// Maestro.
    Maestro,
}

/// (first digits as a number, how many digits that is, brand)
struct Prefix {
    range: RangeInclusive<u32>,
    digits: u32,
    brand: Brand,
}

const fn p(low: u32, high: u32, digits: u32, brand: Brand) -> Prefix {
    Prefix { range: low..=high, digits, brand }
}

const PREFIXES: &[Prefix] = &[
    p(4, 4, 1, Brand::Visa),
    p(51, 55, 2, Brand::Mastercard),
    p(2221, 2720, 4, Brand::Mastercard),
    p(34, 34, 2, Brand::Amex),
    p(37, 37, 2, Brand::Amex),
    p(6011, 6011, 4, Brand::Discover),
    p(644, 649, 3, Brand::Discover),
    p(65, 65, 2, Brand::Discover),
    p(622126, 622925, 6, Brand::Discover),
    p(3528, 3589, 4, Brand::Jcb),
    p(300, 305, 3, Brand::DinersClub),
    p(3095, 3095, 4, Brand::DinersClub),
    p(36, 36, 2, Brand::DinersClub),
    p(38, 39, 2, Brand::DinersClub),
    p(62, 62, 2, Brand::UnionPay),
    p(5018, 5018, 4, Brand::Maestro),
    p(5020, 5020, 4, Brand::Maestro),
    p(5038, 5038, 4, Brand::Maestro),
    p(5893, 5893, 4, Brand::Maestro),
    p(6304, 6304, 4, Brand::Maestro),
    p(6759, 6759, 4, Brand::Maestro),
    p(6761, 6763, 4, Brand::Maestro),
    p(56, 58, 2, Brand::Maestro),
];

impl Brand {
    /// The brand of a number starting with `digits` (ASCII digits only), if one is known yet.
    pub fn detect(digits: &str) -> Option<Brand> {
        PREFIXES
            .iter()
            .filter(|p| {
                digits.len() >= p.digits as usize
                    && digits[..p.digits as usize].parse::<u32>().is_ok_and(|v| p.range.contains(&v))
            })
            .max_by_key(|p| p.digits)
            .map(|p| p.brand)
    }

    /// The card-number lengths the brand issues.
    pub fn lengths(self) -> RangeInclusive<usize> {
        match self {
            Brand::Visa => 13..=19,
            Brand::Mastercard => 16..=16,
            Brand::Amex => 15..=15,
            Brand::DinersClub => 14..=19,
            Brand::Maestro => 12..=19,
            Brand::Discover | Brand::Jcb | Brand::UnionPay => 16..=19,
        }
    }

    /// Whether `len` is a length this brand issues (Visa uses 13, 16 and 19 only).
    pub fn accepts_length(self, len: usize) -> bool {
        match self {
            Brand::Visa => matches!(len, 13 | 16 | 19),
            _ => self.lengths().contains(&len),
        }
    }

    /// Digits in the security code.
    pub fn cvc_length(self) -> usize {
        if self == Brand::Amex { 4 } else { 3 }
    }

    /// How the number is grouped for display, e.g. 4-6-5 for Amex.
    pub fn groups(self, len: usize) -> &'static [usize] {
        match (self, len) {
            (Brand::Amex, _) => &[4, 6, 5],
            (Brand::DinersClub, 14) => &[4, 6, 4],
            (_, 19) => &[4, 4, 4, 4, 3],
            _ => &[4, 4, 4, 4],
        }
    }

    /// The stable lowercase name used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Brand::Visa => "visa",
            Brand::Mastercard => "mastercard",
            Brand::Amex => "amex",
            Brand::Discover => "discover",
            Brand::Jcb => "jcb",
            Brand::DinersClub => "diners",
            Brand::UnionPay => "unionpay",
            Brand::Maestro => "maestro",
        }
    }
}

impl fmt::Display for Brand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

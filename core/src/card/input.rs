//! Card fields as a shopper types them: what to show, and whether the value is complete and
//! valid. The widget calls these on every keystroke; they never fail, whatever is typed.

use crate::prelude::*;
use super::{Brand, CardNumber, Cvc, Expiry, YearMonth};
use crate::Error;

/// The state of one field after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldState {
    /// What the input should show.
    pub display: String,
    /// Whether the shopper has typed all the field can take (so an error may be shown now).
    pub complete: bool,
    /// Why the value cannot be used, if it cannot.
    pub error: Option<Error>,
}

fn digits(input: &str, max: usize) -> String {
    input.chars().filter(char::is_ascii_digit).take(max).collect()
}

/// Groups `digits` with spaces: `4242 4242 4242 4242`, `3782 822463 10005`.
pub fn group(digits: &str, groups: &[usize]) -> String {
    let mut out = String::with_capacity(digits.len() + groups.len());
    let mut rest = digits;
    for &size in groups {
        if rest.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let take = size.min(rest.len());
        out.push_str(&rest[..take]);
        rest = &rest[take..];
    }
    if !rest.is_empty() {
        out.push_str(rest);
    }
    out
}

/// The card number field.
pub fn card_number(input: &str) -> (FieldState, Option<Brand>) {
    let brand_guess = Brand::detect(&digits(input, 19));
    let max = brand_guess.map_or(19, |b| *b.lengths().end());
    let d = digits(input, max);
    let brand = Brand::detect(&d);
    let display = group(&d, brand.map_or(&[4, 4, 4, 4, 3][..], |b| b.groups(d.len())));
    let complete = brand.map_or(d.len() >= 16, |b| d.len() >= *b.lengths().end() || (b.accepts_length(d.len()) && d.len() >= 16));
    let error = d.parse::<CardNumber>().err();
    (FieldState { display, complete, error }, brand)
}

/// The expiry field, shown as `MM / YY`. A first digit above 1 is a month on its own.
pub fn expiry(input: &str, today: YearMonth) -> FieldState {
    let mut d = digits(input, 4);
    if d.len() == 1 && d.as_bytes()[0] > b'1' {
        d.insert(0, '0');
    }
    let display = if d.len() > 2 { [&d[..2], " / ", &d[2..]].concat() } else { d.clone() };
    let complete = d.len() == 4;
    let error = if complete { Expiry::parse(&d, today).err() } else { Some(Error::InvalidExpiry) };
    FieldState { display, complete, error }
}

/// The security code field; its length follows the brand (4 for Amex, else 3; up to 4 while
/// the brand is not known yet).
pub fn cvc(input: &str, brand: Option<Brand>) -> FieldState {
    let d = digits(input, brand.map_or(4, Brand::cvc_length));
    let complete = d.len() >= brand.map_or(3, Brand::cvc_length);
    let error = match brand {
        Some(b) => Cvc::parse(&d, b).err(),
        None if complete => None,
        None => Some(Error::InvalidCvc),
    };
    FieldState { display: d, complete, error }
}

/// Where the caret belongs after reformatting: after the same number of digits as before.
pub fn caret_after_digits(display: &str, digits_before_caret: usize) -> usize {
    if digits_before_caret == 0 {
        return 0;
    }
    let mut seen = 0;
    for (i, c) in display.char_indices() {
        if c.is_ascii_digit() {
            seen += 1;
            if seen == digits_before_caret {
                return i + 1;
            }
        }
    }
    display.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: YearMonth = YearMonth { year: 2026, month: 11 };

    #[test]
    fn numbers_group_by_brand_as_typed() {
        let (s, brand) = card_number("4242424242424242");
        assert_eq!(s.display, "4242 4242 4242 4242");
        assert_eq!(brand, Some(Brand::Visa));
        assert!(s.complete && s.error.is_none());
        let (amex, brand) = card_number("378282246310005");
        assert_eq!(amex.display, "3782 822463 10005");
        assert_eq!(brand, Some(Brand::Amex));
        assert!(amex.complete);
        let (typing, _) = card_number("4242 42");
        assert_eq!(typing.display, "4242 42");
        assert!(!typing.complete);
        assert_eq!(typing.error, Some(Error::InvalidCardNumber));
        let (bad, _) = card_number("4242424242424241");
        assert!(bad.complete);
        assert_eq!(bad.error, Some(Error::InvalidCardNumber));
        let (long, _) = card_number("4242-4242-4242-4242-9999");
        assert_eq!(long.display, "4242 4242 4242 4242 999", "Visa stops at 19 digits");
        let (letters, _) = card_number("abc");
        assert_eq!(letters.display, "");
    }

    #[test]
    fn expiry_formats_and_checks() {
        assert_eq!(expiry("1", TODAY).display, "1");
        assert_eq!(expiry("4", TODAY).display, "04");
        assert_eq!(expiry("123", TODAY).display, "12 / 3");
        let done = expiry("12 / 30", TODAY);
        assert_eq!(done.display, "12 / 30");
        assert!(done.complete && done.error.is_none());
        assert_eq!(expiry("0120", TODAY).error, Some(Error::CardExpired));
        assert_eq!(expiry("1330", TODAY).error, Some(Error::InvalidExpiry));
        assert!(!expiry("12", TODAY).complete);
    }

    #[test]
    fn cvc_follows_the_brand() {
        assert_eq!(cvc("12345", Some(Brand::Visa)).display, "123");
        assert!(cvc("123", Some(Brand::Visa)).complete);
        assert!(!cvc("123", Some(Brand::Amex)).complete);
        assert!(cvc("1234", Some(Brand::Amex)).error.is_none());
        assert_eq!(cvc("12", Some(Brand::Visa)).error, Some(Error::InvalidCvc));
    }

    #[test]
    fn caret_stays_after_the_same_digit() {
        assert_eq!(caret_after_digits("4242 4242", 5), 6);
        assert_eq!(caret_after_digits("4242 4242", 4), 4);
        assert_eq!(caret_after_digits("4242", 0), 0);
        assert_eq!(caret_after_digits("12 / 3", 3), 6);
    }
}

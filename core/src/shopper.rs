//! How a shopper is reached for a step-up: an email address and/or a phone number.
//!
//! Both are checked for shape only (no mail is sent to validate); both have a masked form for
//! showing where a one-time code went without revealing the whole address.

use crate::prelude::*;
use core::fmt;
use core::str::FromStr;

use crate::{Error, Result};

/// An email address: one `@`, a local part of at most 64 characters, a dotted domain.
#[derive(Clone, PartialEq, Eq)]
pub struct Email(String);

impl FromStr for Email {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let text = text.trim();
        let (local, domain) = text.rsplit_once('@').ok_or(Error::InvalidEmail)?;
        let label_ok = |l: &str| {
            !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
        let labels: Vec<&str> = domain.split('.').collect();
        if text.len() > 254 || !local_ok || labels.len() < 2 || !labels.iter().all(|l| label_ok(l)) {
            return Err(Error::InvalidEmail);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }
}

impl Email {
    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `a***@example.com`: enough for the shopper to recognise, not enough to harvest.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or(("", ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.masked())
    }
}

/// A phone number in E.164 form: `+` and 8 to 15 digits, no leading zero.
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl FromStr for Phone {
    type Err = Error;

    /// Accepts spaces, dashes, dots and brackets between digits, as people write numbers.
    fn from_str(text: &str) -> Result<Self> {
        let rest = text.trim().strip_prefix('+').ok_or(Error::InvalidPhone)?;
        let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        if !(8..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
            return Err(Error::InvalidPhone);
        }
        Ok(Self(format!("+{digits}")))
    }
}

impl Phone {
    /// The number in E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+44*******789`.
    pub fn masked(&self) -> String {
        let n = self.0.len();
        format!("{}{}{}", &self.0[..3], "*".repeat(n - 6), &self.0[n - 3..])
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let e: Email = " Ada.Lovelace+shop@Example.COM ".parse().unwrap();
        assert_eq!(e.as_str(), "Ada.Lovelace+shop@example.com");
        assert_eq!(e.masked(), "A***@example.com");
        for bad in ["", "ada", "ada@", "@example.com", "ada@localhost", "a..b@example.com", "ada@exa_mple.com", "a b@example.com"] {
            assert_eq!(bad.parse::<Email>(), Err(Error::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn phones() {
        let p: Phone = "+44 (20) 7946-0958".parse().unwrap();
        assert_eq!(p.as_str(), "+442079460958");
        assert_eq!(p.masked(), "+44*******958");
        for bad in ["0044207946095", "+0441234567", "+1234", "+1234567890123456", "+44abc1234567"] {
            assert_eq!(bad.parse::<Phone>(), Err(Error::InvalidPhone), "{bad}");
        }
    }
}

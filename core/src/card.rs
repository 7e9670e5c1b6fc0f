//! Card data: the number, its brand, the expiry date and the security code.
//!
//! A PAN or CVC exists only inside [`CardNumber`] and [`Cvc`], whose `Debug` and `Display`
//! mask them, so a careless log line cannot leak one. Reading the digits takes a call named
//! `reveal`, which is easy to search for.

use crate::prelude::*;
mod brand;
mod cvc;
mod expiry;
pub mod input;
mod number;

pub use brand::Brand;
pub use cvc::Cvc;
pub use expiry::{Expiry, YearMonth};
pub use number::{luhn_valid, CardNumber};

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The card as the widget sends it inside the JWE.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardPayload {
    /// The card number as typed (spaces and dashes allowed).
    pub number: String,
    /// Expiry month, 1–12.
    pub exp_month: u8,
    /// Expiry year, two or four digits.
    pub exp_year: u16,
    /// The security code.
    pub cvc: String,
    /// The cardholder's name, if collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl fmt::Debug for CardPayload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardPayload(***)")
    }
}

/// A card whose every field has been checked.
#[derive(Debug, Clone)]
pub struct Card {
    /// The number.
    pub number: CardNumber,
    /// The expiry date, not in the past.
    pub expiry: Expiry,
    /// The security code, of the length the brand uses; none for a card saved to an account and
    /// paid on file, whose code is never stored.
    pub cvc: Option<Cvc>,
    /// The cardholder's name, trimmed; `None` when empty.
    pub name: Option<String>,
}

/// The longest cardholder name accepted (EMV allows 26 characters; leave room for Unicode).
const MAX_NAME_CHARS: usize = 64;

impl Card {
    /// Checks a decrypted payload as of `today`.
    pub fn from_payload(payload: &CardPayload, today: YearMonth) -> Result<Self> {
        let number: CardNumber = payload.number.parse()?;
        let expiry = Expiry::from_parts(payload.exp_month, payload.exp_year, today)?;
        let cvc = Cvc::parse(&payload.cvc, number.brand())?;
        let name = payload.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if name.is_some_and(|n| n.chars().count() > MAX_NAME_CHARS || n.chars().any(char::is_control)) {
            return Err(Error::InvalidJson);
        }
        Ok(Self { number, expiry, cvc: Some(cvc), name: name.map(Into::into) })
    }

    /// A saved card, paid on file: its number and expiry, checked as of `today`, without a code.
    pub fn on_file(number: CardNumber, exp_month: u8, exp_year: u16, today: YearMonth) -> Result<Self> {
        let expiry = Expiry::from_parts(exp_month, exp_year, today)?;
        Ok(Self { number, expiry, cvc: None, name: None })
    }

    /// Parses and checks the JSON plaintext of a card JWE.
    pub fn from_json(json: &[u8], today: YearMonth) -> Result<Self> {
        let payload: CardPayload = serde_json::from_slice(json).map_err(|_| Error::InvalidJson)?;
        Self::from_payload(&payload, today)
    }
}

#[cfg(test)]
#[path = "card_tests.rs"]
mod tests;

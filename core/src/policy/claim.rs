//! Unauthorised-payment claims: a shopper reports a payment as not made by them, from the
//! receipt's link or their account; the merchant refunds it or rejects it with reasons, by the
//! deadline the payer's region sets (`super::Claims::deadline`).
//!
//! The receipt's link carries a token that names the payment and is keyed with the edge's
//! secret, so it can be checked without storing it and cannot be made for another payment.
//! It travels in the link's fragment, which browsers never send to a server or put in logs.

use crate::prelude::*;
use serde::Serialize;

use crate::{b64, kdf};

/// Where a claim is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for the merchant.
    Open,
    /// The merchant refunded the payment.
    Refunded,
    /// The merchant rejected it, with a written explanation.
    Rejected,
}

impl Status {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Refunded => "refunded",
            Status::Rejected => "rejected",
        }
    }

    /// The status a stored name stands for.
    pub fn parse(name: &str) -> Option<Self> {
        [Status::Open, Status::Refunded, Status::Rejected].into_iter().find(|s| s.as_str() == name)
    }
}

/// How the shopper reached the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The receipt email's link.
    Receipt,
    /// Their personal account.
    Account,
}

impl Via {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Via::Receipt => "receipt",
            Via::Account => "account",
        }
    }
}

/// The shortest and longest descriptions a shopper or a merchant's rejection may give.
pub const TEXT_LIMITS: core::ops::RangeInclusive<usize> = 10..=2000;

/// A description or explanation, trimmed, within [`TEXT_LIMITS`] characters and without control
/// characters other than line breaks.
pub fn text(input: &str) -> Option<String> {
    let t = input.trim();
    let ok = TEXT_LIMITS.contains(&t.chars().count()) && t.chars().all(|c| !c.is_control() || c == '\n' || c == '\r');
    ok.then(|| t.to_owned())
}

fn tag(key: &[u8], payment_id: &str) -> String {
    b64::encode(&kdf::hmac_sha256(key, ["tessera/claim-link/v1:", payment_id].concat().as_bytes()))
}

/// The receipt link's token for `payment_id`: the id and its keyed tag.
pub fn link_token(key: &[u8], payment_id: &str) -> String {
    [payment_id, ".", &tag(key, payment_id)].concat()
}

/// The payment a token names, if the token is one the edge made.
pub fn payment_of(key: &[u8], token: &str) -> Option<String> {
    let (id, given) = token.split_once('.')?;
    let ok = id.starts_with("pay_") && id.len() <= 64 && kdf::constant_time_eq(tag(key, id).as_bytes(), given.as_bytes());
    ok.then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_names_its_payment_and_no_other() {
        let key = [9u8; 32];
        let token = link_token(&key, "pay_abc");
        assert_eq!(payment_of(&key, &token).as_deref(), Some("pay_abc"));
        let forged = token.replace("pay_abc", "pay_abd");
        assert_eq!(payment_of(&key, &forged), None, "the tag is the payment's");
        assert_eq!(payment_of(&[8u8; 32], &token), None, "and the edge's key's");
        assert_eq!(payment_of(&key, "pay_abc"), None);
        assert_eq!(payment_of(&key, ""), None);
    }

    #[test]
    fn texts_are_bounded() {
        assert_eq!(text("  I never bought this.  ").as_deref(), Some("I never bought this."));
        assert_eq!(text("short"), None);
        assert_eq!(text(&"x".repeat(2001)), None);
        assert_eq!(text("line one\nline two is here"), Some("line one\nline two is here".into()));
        assert_eq!(text("bell \u{7} in the middle"), None);
    }
}

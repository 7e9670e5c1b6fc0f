//! What a merchant may ask for when creating a checkout session, checked in one place.
//!
//! The amount, currency and shopper are fixed here, on the merchant's server; nothing the
//! browser sends later can change them.

use crate::prelude::*;
use serde::Deserialize;

use crate::money::{Amount, Currency};
use crate::payment::CaptureMethod;
use crate::shopper::{Email, Phone};
use crate::{Error, Result};

/// Bounds on a session's lifetime, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct TtlPolicy {
    /// Shortest lifetime a merchant may ask for.
    pub min: u64,
    /// Longest lifetime.
    pub max: u64,
    /// Lifetime when the merchant does not say.
    pub default: u64,
}

impl Default for TtlPolicy {
    fn default() -> Self {
        Self { min: 60, max: 24 * 3600, default: 3600 }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShopper {
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    amount: serde_json::Value,
    currency: String,
    reference: String,
    shopper: Option<RawShopper>,
    expires_in: Option<u64>,
    capture_method: Option<String>,
    recurring: Option<RawRecurring>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecurring {
    series: String,
}

/// A valid request to create a checkout session.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// What the shopper pays.
    pub amount: Amount,
    /// The merchant's own order reference.
    pub reference: String,
    /// Where a step-up code can be sent.
    pub email: Option<Email>,
    /// Where a step-up code can be sent.
    pub phone: Option<Phone>,
    /// Lifetime in seconds.
    pub ttl: u64,
    /// Captured with the authorisation, or later by the merchant.
    pub capture_method: CaptureMethod,
    /// The merchant's name for a series of payments of the same amount (RTS Art. 14).
    pub recurring_series: Option<String>,
}

impl NewSession {
    /// Parses and checks the JSON body of `POST /v1/checkout_sessions`.
    pub fn from_json(body: &[u8], policy: TtlPolicy) -> Result<Self> {
        let raw: RawSession = crate::json::from_slice(body).map_err(|_| Error::InvalidJson)?;
        // A string, a fraction or a negative number is an amount problem, not a JSON one.
        let minor = raw.amount.as_u64().ok_or(Error::InvalidAmount)?;
        let currency: Currency = raw.currency.parse()?;
        let amount = Amount::new(minor, currency)?;
        let reference = raw.reference.trim();
        if reference.is_empty() || reference.chars().count() > 128 || reference.chars().any(char::is_control) {
            return Err(Error::InvalidReference);
        }
        let shopper = raw.shopper.unwrap_or(RawShopper { email: None, phone: None });
        let email = shopper.email.as_deref().map(str::parse).transpose()?;
        let phone = shopper.phone.as_deref().map(str::parse).transpose()?;
        if email.is_none() && phone.is_none() {
            return Err(Error::MissingShopper);
        }
        let ttl = raw.expires_in.unwrap_or(policy.default);
        if !(policy.min..=policy.max).contains(&ttl) {
            return Err(Error::InvalidSessionTtl);
        }
        let capture_method = match raw.capture_method.as_deref() {
            None | Some("automatic") => CaptureMethod::Automatic,
            Some("manual") => CaptureMethod::Manual,
            Some(_) => return Err(Error::InvalidCaptureMethod),
        };
        let recurring_series = match raw.recurring {
            None => None,
            Some(r) => {
                let series = r.series.trim();
                let ok = !series.is_empty() && series.len() <= 64 && series.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
                if !ok {
                    return Err(Error::InvalidRecurring);
                }
                Some(series.to_owned())
            }
        };
        Ok(Self { amount, reference: reference.into(), email, phone, ttl, capture_method, recurring_series })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<NewSession> {
        NewSession::from_json(json.as_bytes(), TtlPolicy::default())
    }

    #[test]
    fn a_good_request() {
        let s = parse(r#"{"amount":1999,"currency":"eur","reference":"order-1","shopper":{"email":"a@example.com"}}"#).unwrap();
        assert_eq!(s.amount.to_string(), "EUR 19.99");
        assert_eq!(s.ttl, 3600);
        assert!(s.phone.is_none());
    }

    #[test]
    fn each_field_has_its_own_error() {
        let cases = [
            (r#"{"amount":0,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"}}"#, Error::InvalidAmount),
            (r#"{"amount":-5,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"}}"#, Error::InvalidAmount),
            (r#"{"amount":"12","currency":"USD","reference":"r","shopper":{"email":"a@example.com"}}"#, Error::InvalidAmount),
            (r#"{"amount":12.5,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"}}"#, Error::InvalidAmount),
            (r#"{"amount":100,"currency":"ABC","reference":"r","shopper":{"email":"a@example.com"}}"#, Error::UnsupportedCurrency),
            (r#"{"amount":100,"currency":"USD","reference":" ","shopper":{"email":"a@example.com"}}"#, Error::InvalidReference),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"email":"nope"}}"#, Error::InvalidEmail),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"phone":"555"}}"#, Error::InvalidPhone),
            (r#"{"amount":100,"currency":"USD","reference":"r"}"#, Error::MissingShopper),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"},"expires_in":5}"#, Error::InvalidSessionTtl),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"},"status":"paid"}"#, Error::InvalidJson),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"},"capture_method":"later"}"#, Error::InvalidCaptureMethod),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"},"recurring":{"series":"a b"}}"#, Error::InvalidRecurring),
            (r#"{"amount":100,"currency":"USD","reference":"r","shopper":{"email":"a@example.com"},"recurring":{"series":""}}"#, Error::InvalidRecurring),
            ("not json", Error::InvalidJson),
        ];
        for (json, error) in cases {
            assert_eq!(parse(json).err(), Some(error), "{json}");
        }
    }
}

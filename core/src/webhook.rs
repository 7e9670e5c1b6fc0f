//! Webhook signatures, in the scheme Stripe's libraries verify:
//! `Tessera-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//!
//! The timestamp is signed with the body so a captured delivery cannot be replayed later; the
//! receiver refuses signatures older than its tolerance.

use crate::prelude::*;
use crate::{kdf, Error, Result};

/// The header that carries the signature.
pub const HEADER: &str = "Tessera-Signature";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signature header value for `body` sent at `timestamp`.
pub fn sign(secret: &str, timestamp: u64, body: &str) -> String {
    let mac = kdf::hmac_sha256(secret.as_bytes(), format!("{timestamp}.{body}").as_bytes());
    format!("t={timestamp},v1={}", hex(&mac))
}

/// The signature header value signed with each of `secrets` (the current and, while a rolled
/// one still counts, the old): one `v1` entry per secret, as Stripe's receivers expect.
pub fn sign_all(secrets: &[&str], timestamp: u64, body: &str) -> String {
    let mut header = format!("t={timestamp}");
    for secret in secrets {
        let mac = kdf::hmac_sha256(secret.as_bytes(), format!("{timestamp}.{body}").as_bytes());
        header.push_str(",v1=");
        header.push_str(&hex(&mac));
    }
    header
}

/// Checks a signature header: any `v1` entry may match (several are sent while secrets rotate),
/// and the timestamp must be within `tolerance` seconds of `now`.
pub fn verify(header: &str, secret: &str, body: &str, now: u64, tolerance: u64) -> Result<()> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<u64>().ok(),
            Some(("v1", s)) => signatures.push(s),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(Error::InvalidWebhookSignature)?;
    if now.abs_diff(timestamp) > tolerance {
        return Err(Error::InvalidWebhookSignature);
    }
    let expected = sign(secret, timestamp, body);
    let expected = expected.rsplit_once("v1=").map(|(_, s)| s).unwrap_or_default();
    if signatures.iter().any(|s| kdf::constant_time_eq(s.as_bytes(), expected.as_bytes())) {
        Ok(())
    } else {
        Err(Error::InvalidWebhookSignature)
    }
}

/// Where the delivery of one event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Every attempt failed.
    Failed,
    /// The merchant has no endpoint; kept for the record.
    NoEndpoint,
}

impl DeliveryStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::NoEndpoint => "no_endpoint",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rolled_secret_signs_beside_the_new_one() {
        let header = sign_all(&["whsec_new", "whsec_old"], 1_700_000_000, "{}");
        assert_eq!(header.matches("v1=").count(), 2);
        assert!(verify(&header, "whsec_new", "{}", 1_700_000_000, 300).is_ok());
        assert!(verify(&header, "whsec_old", "{}", 1_700_000_000, 300).is_ok());
        assert!(verify(&header, "whsec_other", "{}", 1_700_000_000, 300).is_err());
        assert_eq!(sign_all(&["whsec_new"], 1, "x"), sign("whsec_new", 1, "x"));
    }

    #[test]
    fn signs_and_verifies() {
        let header = sign("whsec_test", 1_700_000_000, r#"{"type":"payment.succeeded"}"#);
        assert!(header.starts_with("t=1700000000,v1="));
        assert!(verify(&header, "whsec_test", r#"{"type":"payment.succeeded"}"#, 1_700_000_100, 300).is_ok());
        assert!(verify(&format!("v1=00,{header}"), "whsec_test", r#"{"type":"payment.succeeded"}"#, 1_700_000_000, 300).is_ok());
    }

    #[test]
    fn refuses_changes_old_timestamps_and_wrong_secrets() {
        let body = r#"{"a":1}"#;
        let header = sign("s", 1_700_000_000, body);
        assert_eq!(verify(&header, "s", r#"{"a":2}"#, 1_700_000_000, 300), Err(Error::InvalidWebhookSignature));
        assert_eq!(verify(&header, "t", body, 1_700_000_000, 300), Err(Error::InvalidWebhookSignature));
        assert_eq!(verify(&header, "s", body, 1_700_000_301, 300), Err(Error::InvalidWebhookSignature));
        assert_eq!(verify("v1=abc", "s", body, 1_700_000_000, 300), Err(Error::InvalidWebhookSignature));
    }
}

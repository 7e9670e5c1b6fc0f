//! Rate limits: how many requests one subject may make in a window, as configuration. A limit
//! holds per subject whatever the client varies, so each subject is counted on its own: the
//! client address (IPv6 by /64, see [`crate::net`]), the DPoP device key, the card (by its keyed
//! fingerprint), the merchant's API key and the sign-in identity (an email address). Message
//! destinations have their own limit with the step-up codes (`destination_rate_limited`).

use crate::prelude::*;
use serde::{Deserialize, Serialize};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A client address: `v4:<address>` or `v6:<prefix>::/64`.
    Ip,
    /// A DPoP device key's thumbprint.
    Device,
    /// A card's keyed fingerprint, on confirms.
    Card,
    /// A merchant's secret key (its hash).
    MerchantKey,
    /// An identity signing in (a keyed hash of the email address), on code sends.
    SignIn,
}

impl Subject {
    /// The counter's name prefix; counters of different subjects never share a name.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Ip => "rl:ip:",
            Self::Device => "rl:device:",
            Self::Card => "rl:card:",
            Self::MerchantKey => "rl:key:",
            Self::SignIn => "rl:sign_in:",
        }
    }

    /// The name of the counter for `key`.
    pub fn counter(self, key: &str) -> String {
        [self.prefix(), key].concat()
    }
}

/// At most `max` requests in any `window_seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// Requests allowed in the window.
    pub max: u32,
    /// The window's length in seconds.
    pub window_seconds: u64,
}

/// Every subject's limit. The defaults are far above what an honest client does (a shop's
/// server at 100 requests a second, a shopper's browser at two a second) and far below what
/// card testing or code guessing needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// Per client address.
    pub ip: Limit,
    /// Per device key.
    pub device: Limit,
    /// Per card, on confirms and verifies.
    pub card: Limit,
    /// Per merchant secret key.
    pub merchant_key: Limit,
    /// Per sign-in identity, on code sends.
    pub sign_in: Limit,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            ip: Limit { max: 6000, window_seconds: 60 },
            device: Limit { max: 120, window_seconds: 60 },
            card: Limit { max: 100, window_seconds: 3600 },
            merchant_key: Limit { max: 6000, window_seconds: 60 },
            sign_in: Limit { max: 30, window_seconds: 3600 },
        }
    }
}

/// Why a limits document was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidLimits;

impl RateLimits {
    /// Reads the `RATE_LIMITS` setting: any subset of the subjects, the rest keep their defaults.
    /// A limit of zero requests or a window outside one second to a day is refused.
    pub fn from_json(json: &[u8]) -> Result<Self, InvalidLimits> {
        // An object only: serde would also read a struct from an array.
        if json.trim_ascii_start().first() != Some(&b'{') {
            return Err(InvalidLimits);
        }
        let limits: Self = serde_json::from_slice(json).map_err(|_| InvalidLimits)?;
        let all = [limits.ip, limits.device, limits.card, limits.merchant_key, limits.sign_in];
        if all.iter().all(|l| l.max > 0 && (1..=86_400).contains(&l.window_seconds)) { Ok(limits) } else { Err(InvalidLimits) }
    }

    /// The limit of `subject`.
    pub fn of(&self, subject: Subject) -> Limit {
        match subject {
            Subject::Ip => self.ip,
            Subject::Device => self.device,
            Subject::Card => self.card,
            Subject::MerchantKey => self.merchant_key,
            Subject::SignIn => self.sign_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_document_keeps_the_other_defaults() {
        let limits = RateLimits::from_json(br#"{"ip":{"max":5,"window_seconds":60}}"#).unwrap();
        assert_eq!(limits.ip, Limit { max: 5, window_seconds: 60 });
        assert_eq!(limits.card, RateLimits::default().card);
        assert_eq!(limits.of(Subject::Ip).max, 5);
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [&br#"{"ip":{"max":0,"window_seconds":60}}"#[..], br#"{"ip":{"max":5,"window_seconds":0}}"#, br#"{"ip":{"max":5,"window_seconds":90000}}"#, br#"{"moon":{"max":1,"window_seconds":1}}"#, br#"{"ip":{"max":5}}"#, b"[]"] {
            assert_eq!(RateLimits::from_json(bad), Err(InvalidLimits), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn subjects_never_share_a_counter() {
        let names: Vec<String> = [Subject::Ip, Subject::Device, Subject::Card, Subject::MerchantKey, Subject::SignIn].iter().map(|s| s.counter("x")).collect();
        for (i, a) in names.iter().enumerate() {
            assert!(names[i + 1..].iter().all(|b| b != a));
        }
    }
}

//! One-time codes for step-up: six random digits, stored only as a keyed hash bound to the
//! payment they authorise (PSD2 dynamic linking: amount, currency, payee and session), so a code
//! is void the moment any of those changes.

use crate::prelude::*;
use crate::crypto::Crypto;
use crate::money::Amount;
use crate::{b64, kdf, Result};

/// Seconds a code stays valid.
pub const TTL_SECONDS: u64 = 300;
/// Wrong codes before the step-up is locked.
pub const MAX_ATTEMPTS: u32 = 5;
/// New codes a shopper may ask for in one step-up.
pub const MAX_RESENDS: u32 = 3;
/// Seconds between two codes.
pub const RESEND_INTERVAL_SECONDS: u64 = 30;

/// Six uniformly random digits.
pub fn generate<C: Crypto>(crypto: &C) -> Result<String> {
    loop {
        let mut bytes = [0u8; 4];
        crypto.fill_random(&mut bytes)?;
        let n = u32::from_be_bytes(bytes);
        // Reject the top sliver so every code is equally likely.
        if n < u32::MAX - (u32::MAX % 1_000_000) {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// What the code authorises, as one string: change any part and the code no longer matches.
pub fn binding(session_id: &str, merchant_id: &str, amount: Amount) -> String {
    format!("{session_id}|{merchant_id}|{}|{}", amount.minor(), amount.currency().code())
}

/// The stored form of `code` for the step-up `step_up_id` and its `binding`.
pub fn hash(secret: &[u8], step_up_id: &str, binding: &str, code: &str) -> String {
    b64::encode(&kdf::hmac_sha256(secret, format!("{step_up_id}\n{binding}\n{code}").as_bytes()))
}

/// Whether `code` matches, in constant time.
pub fn matches(secret: &[u8], step_up_id: &str, binding: &str, code: &str, stored: &str) -> bool {
    let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
    well_formed && kdf::constant_time_eq(hash(secret, step_up_id, binding, code).as_bytes(), stored.as_bytes())
}

/// The subject and text a shopper receives in `language`: what they are approving, and to whom.
pub fn message(code: &str, amount: Amount, merchant_name: &str, language: &str) -> (String, String) {
    let words = &crate::i18n::of(language).mail;
    let amount = amount.to_string();
    let body = words.code_message.replace("{code}", code).replace("{amount}", &amount).replace("{merchant}", merchant_name);
    (words.code_subject.into(), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::RustCrypto;

    #[test]
    fn codes_are_six_digits_and_bound_to_the_payment() {
        let code = generate(&RustCrypto).unwrap();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        let usd = "USD".parse().unwrap();
        let bound = binding("cs_1", "mer_1", Amount::new(1999, usd).unwrap());
        let stored = hash(b"k", "su_1", &bound, &code);
        assert!(matches(b"k", "su_1", &bound, &code, &stored));
        let changed = binding("cs_1", "mer_1", Amount::new(2999, usd).unwrap());
        assert!(!matches(b"k", "su_1", &changed, &code, &stored), "a changed amount voids it");
        assert!(!matches(b"k", "su_2", &bound, &code, &stored));
        assert!(!matches(b"k", "su_1", &bound, "12345", &stored));
        for lang in crate::i18n::LANGUAGES {
            let (subject, msg) = message(&code, Amount::new(1999, usd).unwrap(), "Demo Store", lang.tag);
            assert!(!subject.is_empty() && !subject.contains('{'), "{}", lang.tag);
            assert!(msg.contains("USD 19.99") && msg.contains("Demo Store") && msg.contains(&code) && !msg.contains('{'), "{}: {msg}", lang.tag);
        }
    }
}

use crate::prelude::*;
use super::Error::{self, *};

const ALL: &[Error] = &[
    InvalidBase64, InvalidJson, InvalidJwk, InvalidKey, PrivateKeyNotAllowed, UnsupportedAlgorithm,
    UnsupportedCritical, UnsupportedCompression, MalformedJws, InvalidSignature, MalformedJwe,
    UnknownKeyId, DecryptionFailed, SessionMismatch, InputTooLarge, DpopInvalidHeader,
    DpopInvalidClaims, DpopInvalidJti, DpopMethodMismatch, DpopUrlMismatch, DpopStale, DpopReplayed,
    DpopNonceMismatch, DpopAccessTokenMismatch, InvalidUrl, InvalidCardNumber, UnsupportedCardBrand,
    InvalidExpiry, CardExpired, InvalidCvc, InvalidId, InvalidAmount, UnsupportedCurrency, InvalidReference, InvalidEmail,
    InvalidPhone, MissingShopper, InvalidSessionTtl, InvalidCaptureMethod, InvalidBrowserInfo, InvalidWebhookSignature,
    InvalidKeyConfig, ReplayCheckUnavailable, InvalidFingerprint, InvalidRules, DuplicateRuleId, InvalidPolicy, InvalidRecurring, WebauthnMalformed, WebauthnType,
    WebauthnChallengeMismatch, WebauthnOriginMismatch, WebauthnRpIdMismatch, WebauthnUserNotPresent,
    WebauthnUserNotVerified, WebauthnSignCount, WebauthnAttestation, RandomUnavailable, CryptoProvider,
];

#[test]
fn codes_are_unique_snake_case() {
    let mut seen = std::collections::HashSet::new();
    for e in ALL {
        let code = e.code();
        assert!(seen.insert(code), "duplicate code {code}");
        assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{code} is not snake_case");
        assert!(e.message().ends_with('.'), "{code}: message should be a sentence");
    }
}

#[test]
fn display_is_the_message() {
    assert_eq!(InvalidCvc.to_string(), "The security code is not valid.");
}

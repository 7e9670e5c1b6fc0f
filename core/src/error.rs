//! One error type for everything `tessera-core` refuses.
//!
//! Each variant has a stable snake_case [`Error::code`] that the edge puts in its JSON errors and
//! that clients may match on, and a [`Error::message`] written for a person. Neither ever includes
//! the input that was refused: a card number, a key or a token must not leak through an error.

use core::fmt;

use crate::api::ErrorCode;

/// Why `tessera-core` refused an input or could not finish an operation.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Error {
    /// Base64url with padding, characters outside the URL-safe alphabet or non-canonical bits.
    InvalidBase64,
    /// Not the JSON object the format requires.
    InvalidJson,
    /// A JWK that is not an EC P-256 key with 32-byte coordinates (and scalar, for a private key).
    InvalidJwk,
    /// A key that parses but is not usable: a point off the curve or at infinity, a scalar of 0 or ≥ n.
    InvalidKey,
    /// A JWK carrying private material where only a public key is allowed.
    PrivateKeyNotAllowed,
    /// An `alg` or `enc` other than the ones Tessera accepts (ES256; ECDH-ES with A256GCM).
    UnsupportedAlgorithm,
    /// A `crit` header: Tessera understands no extensions, so it must refuse every critical one.
    UnsupportedCritical,
    /// A `zip` header: compressed plaintext is refused (it leaks length and invites bombs).
    UnsupportedCompression,
    /// A JWS that is not three base64url parts with a JSON header.
    MalformedJws,
    /// A signature of the wrong length, with r or s outside 1..n-1, or that does not verify.
    InvalidSignature,
    /// A JWE that is not five well-formed parts (empty key, 96-bit IV, 128-bit tag).
    MalformedJwe,
    /// A JWE whose `kid` names no key this party holds (never held, or retired).
    UnknownKeyId,
    /// Authentication of the ciphertext failed: wrong key, or a changed byte anywhere.
    DecryptionFailed,
    /// A JWE bound to a different checkout session than the one it was sent to.
    SessionMismatch,
    /// An input longer than the format's limit.
    InputTooLarge,
    /// A DPoP proof whose header `typ` is not `dpop+jwt` or that lacks its `jwk`.
    DpopInvalidHeader,
    /// A DPoP proof missing `jti`, `htm`, `htu` or `iat`, or with a claim of the wrong type.
    DpopInvalidClaims,
    /// A DPoP `jti` shorter than 96 bits of entropy allows, or longer than any real one.
    DpopInvalidJti,
    /// A DPoP proof made for another HTTP method.
    DpopMethodMismatch,
    /// A DPoP proof made for another URL.
    DpopUrlMismatch,
    /// A DPoP proof issued too long ago or in the future.
    DpopStale,
    /// A DPoP proof whose `jti` was already used.
    DpopReplayed,
    /// A DPoP proof without the server's current nonce.
    DpopNonceMismatch,
    /// A DPoP proof whose `ath` does not hash the access token presented with it.
    DpopAccessTokenMismatch,
    /// A URL that is not an absolute http(s) URL.
    InvalidUrl,
    /// A card number that is not 12–19 digits passing the Luhn check with a length its brand uses.
    InvalidCardNumber,
    /// A card number from a network Tessera does not accept.
    UnsupportedCardBrand,
    /// An expiry that is not a month 1–12 and a 2- or 4-digit year.
    InvalidExpiry,
    /// An expiry that is in the past.
    CardExpired,
    /// A security code that is not 3 digits (4 for American Express).
    InvalidCvc,
    /// An identifier without the expected prefix or alphabet.
    InvalidId,
    /// An amount that is not a positive integer number of minor units within limits.
    InvalidAmount,
    /// A currency that is not a supported ISO 4217 code.
    UnsupportedCurrency,
    /// A merchant reference that is empty, too long or has control characters.
    InvalidReference,
    /// An email address that is not valid.
    InvalidEmail,
    /// A phone number that is not in E.164 form.
    InvalidPhone,
    /// A session without a shopper email or phone, so the shopper could not be reached for a step-up.
    MissingShopper,
    /// A session lifetime outside the allowed range.
    InvalidSessionTtl,
    /// A `capture_method` other than `automatic` or `manual`.
    InvalidCaptureMethod,
    /// EMV 3DS browser fields that are missing or out of range.
    InvalidBrowserInfo,
    /// A webhook signature header that is malformed, stale or does not match.
    InvalidWebhookSignature,
    /// A key configuration (secret) that cannot be parsed.
    InvalidKeyConfig,
    /// The store that remembers used DPoP `jti`s could not be reached, so freshness is unknown.
    ReplayCheckUnavailable,
    /// A device fingerprint with unknown components, malformed hashes or a hash that does not match them.
    InvalidFingerprint,
    /// A risk rule set that cannot be parsed or has an out-of-range threshold.
    InvalidRules,
    /// A risk rule set, otherwise valid, in which two rules have the same id.
    DuplicateRuleId,
    /// A policy document that cannot be parsed, leaves a rule out or claims a country twice.
    InvalidPolicy,
    /// A recurring series that is not a short name of letters, digits and `-_.:`.
    InvalidRecurring,
    /// WebAuthn client data, authenticator data or attestation that does not parse.
    WebauthnMalformed,
    /// WebAuthn client data whose `type` is not the ceremony's.
    WebauthnType,
    /// A WebAuthn response for a challenge this ceremony did not issue (or already used).
    WebauthnChallengeMismatch,
    /// A WebAuthn response whose origin is not the card frame's.
    WebauthnOriginMismatch,
    /// Authenticator data whose RP ID hash is not this relying party's.
    WebauthnRpIdMismatch,
    /// Authenticator data without the user-present flag.
    WebauthnUserNotPresent,
    /// Authenticator data without the user-verified flag, which Tessera requires.
    WebauthnUserNotVerified,
    /// A signature counter not above the stored one: a sign of a cloned authenticator.
    WebauthnSignCount,
    /// An attestation format other than `none`, or a credential key other than ES256 on P-256.
    WebauthnAttestation,
    /// The platform's secure random source failed.
    RandomUnavailable,
    /// The crypto provider failed for a reason of its own (for example WebCrypto rejected a call).
    CryptoProvider,
}

impl Error {
    /// Stable machine-readable code, the same across releases (the API's table in
    /// [`crate::api::ErrorCode`] is where it is spelt).
    pub const fn code(self) -> &'static str {
        self.api().as_str()
    }

    /// A sentence for a person; never contains the refused input.
    pub const fn message(self) -> &'static str {
        self.api().message()
    }

    /// The API error code this error is answered with.
    pub const fn api(self) -> ErrorCode {
        ErrorCode::of(self)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for Error {}

/// Result with [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;

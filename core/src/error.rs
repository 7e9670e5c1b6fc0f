//! One error type for everything `tessera-core` refuses.
//!
//! Each variant has a stable snake_case [`Error::code`] that the edge puts in its JSON errors and
//! that clients may match on, and a [`Error::message`] written for a person. Neither ever includes
//! the input that was refused: a card number, a key or a token must not leak through an error.

use core::fmt;

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
    /// A risk rule set that cannot be parsed, repeats an id or has an out-of-range threshold.
    InvalidRules,
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
    /// Stable machine-readable code, the same across releases.
    pub const fn code(self) -> &'static str {
        match self {
            Error::InvalidBase64 => "invalid_base64",
            Error::InvalidJson => "invalid_json",
            Error::InvalidJwk => "invalid_jwk",
            Error::InvalidKey => "invalid_key",
            Error::PrivateKeyNotAllowed => "private_key_not_allowed",
            Error::UnsupportedAlgorithm => "unsupported_algorithm",
            Error::UnsupportedCritical => "unsupported_critical_header",
            Error::UnsupportedCompression => "unsupported_compression",
            Error::MalformedJws => "malformed_jws",
            Error::InvalidSignature => "invalid_signature",
            Error::MalformedJwe => "malformed_jwe",
            Error::UnknownKeyId => "unknown_key_id",
            Error::DecryptionFailed => "decryption_failed",
            Error::SessionMismatch => "session_mismatch",
            Error::InputTooLarge => "input_too_large",
            Error::DpopInvalidHeader => "dpop_invalid_header",
            Error::DpopInvalidClaims => "dpop_invalid_claims",
            Error::DpopInvalidJti => "dpop_invalid_jti",
            Error::DpopMethodMismatch => "dpop_method_mismatch",
            Error::DpopUrlMismatch => "dpop_url_mismatch",
            Error::DpopStale => "dpop_stale",
            Error::DpopReplayed => "dpop_replayed",
            Error::DpopNonceMismatch => "dpop_nonce_mismatch",
            Error::DpopAccessTokenMismatch => "dpop_access_token_mismatch",
            Error::InvalidUrl => "invalid_url",
            Error::InvalidCardNumber => "invalid_card_number",
            Error::UnsupportedCardBrand => "unsupported_card_brand",
            Error::InvalidExpiry => "invalid_expiry",
            Error::CardExpired => "card_expired",
            Error::InvalidCvc => "invalid_cvc",
            Error::InvalidId => "invalid_id",
            Error::InvalidAmount => "invalid_amount",
            Error::UnsupportedCurrency => "unsupported_currency",
            Error::InvalidReference => "invalid_reference",
            Error::InvalidEmail => "invalid_email",
            Error::InvalidPhone => "invalid_phone",
            Error::MissingShopper => "missing_shopper",
            Error::InvalidSessionTtl => "invalid_expires_in",
            Error::InvalidBrowserInfo => "invalid_browser_info",
            Error::InvalidWebhookSignature => "invalid_webhook_signature",
            Error::InvalidKeyConfig => "invalid_key_config",
            Error::ReplayCheckUnavailable => "replay_check_unavailable",
            Error::InvalidFingerprint => "invalid_fingerprint",
            Error::InvalidRules => "invalid_rules",
            Error::WebauthnMalformed => "webauthn_malformed",
            Error::WebauthnType => "webauthn_wrong_type",
            Error::WebauthnChallengeMismatch => "webauthn_challenge_mismatch",
            Error::WebauthnOriginMismatch => "webauthn_origin_mismatch",
            Error::WebauthnRpIdMismatch => "webauthn_rp_id_mismatch",
            Error::WebauthnUserNotPresent => "webauthn_user_not_present",
            Error::WebauthnUserNotVerified => "webauthn_user_not_verified",
            Error::WebauthnSignCount => "webauthn_sign_count",
            Error::WebauthnAttestation => "webauthn_attestation_unsupported",
            Error::RandomUnavailable => "random_unavailable",
            Error::CryptoProvider => "crypto_provider_error",
        }
    }

    /// A sentence for a person; never contains the refused input.
    pub const fn message(self) -> &'static str {
        match self {
            Error::InvalidBase64 => "A field is not valid unpadded base64url.",
            Error::InvalidJson => "A field is not the JSON object the format requires.",
            Error::InvalidJwk => "The key is not an EC P-256 JSON Web Key.",
            Error::InvalidKey => "The key is not a valid P-256 key.",
            Error::PrivateKeyNotAllowed => "A public key was expected but private key material was sent.",
            Error::UnsupportedAlgorithm => "The algorithm is not supported.",
            Error::UnsupportedCritical => "The token marks an extension as critical that is not supported.",
            Error::UnsupportedCompression => "Compressed content is not accepted.",
            Error::MalformedJws => "The signed token is malformed.",
            Error::InvalidSignature => "The signature is not valid.",
            Error::MalformedJwe => "The encrypted payload is malformed.",
            Error::UnknownKeyId => "The encrypted payload names a key that is not (or no longer) in use.",
            Error::DecryptionFailed => "The encrypted payload could not be decrypted.",
            Error::SessionMismatch => "The encrypted payload was made for another checkout session.",
            Error::InputTooLarge => "The input is larger than allowed.",
            Error::DpopInvalidHeader => "The DPoP proof header is invalid.",
            Error::DpopInvalidClaims => "The DPoP proof is missing a required claim or has one of the wrong type.",
            Error::DpopInvalidJti => "The DPoP proof identifier is too short or too long.",
            Error::DpopMethodMismatch => "The DPoP proof was made for another HTTP method.",
            Error::DpopUrlMismatch => "The DPoP proof was made for another URL.",
            Error::DpopStale => "The DPoP proof is too old or from the future.",
            Error::DpopReplayed => "The DPoP proof was already used.",
            Error::DpopNonceMismatch => "The DPoP proof does not carry the expected nonce.",
            Error::DpopAccessTokenMismatch => "The DPoP proof is not bound to the presented access token.",
            Error::InvalidUrl => "The URL is not an absolute http or https URL.",
            Error::InvalidCardNumber => "The card number is not valid.",
            Error::UnsupportedCardBrand => "This card brand is not accepted.",
            Error::InvalidExpiry => "The expiry date is not valid.",
            Error::CardExpired => "The card has expired.",
            Error::InvalidCvc => "The security code is not valid.",
            Error::InvalidId => "The identifier is not valid.",
            Error::InvalidAmount => "The amount must be a positive whole number of minor units within limits.",
            Error::UnsupportedCurrency => "The currency is not a supported ISO 4217 code.",
            Error::InvalidReference => "The merchant reference must be 1 to 128 printable characters.",
            Error::InvalidEmail => "The email address is not valid.",
            Error::InvalidPhone => "The phone number must be in E.164 form, such as +14155550100.",
            Error::MissingShopper => "A shopper email or phone number is required.",
            Error::InvalidSessionTtl => "The session lifetime is outside the allowed range.",
            Error::InvalidBrowserInfo => "The browser information is missing or not valid.",
            Error::InvalidWebhookSignature => "The webhook signature is not valid.",
            Error::InvalidKeyConfig => "The key configuration is not valid.",
            Error::ReplayCheckUnavailable => "The proof could not be checked for reuse; please retry.",
            Error::InvalidFingerprint => "The device fingerprint is not valid.",
            Error::InvalidRules => "The risk rules are not valid.",
            Error::WebauthnMalformed => "The passkey response is malformed.",
            Error::WebauthnType => "The passkey response is of the wrong type.",
            Error::WebauthnChallengeMismatch => "The passkey response answers another challenge.",
            Error::WebauthnOriginMismatch => "The passkey response comes from another origin.",
            Error::WebauthnRpIdMismatch => "The passkey belongs to another site.",
            Error::WebauthnUserNotPresent => "The passkey did not confirm the user was present.",
            Error::WebauthnUserNotVerified => "The passkey did not verify the user.",
            Error::WebauthnSignCount => "The passkey's signature counter went backwards.",
            Error::WebauthnAttestation => "The passkey's attestation is not supported.",
            Error::RandomUnavailable => "Secure random numbers are not available.",
            Error::CryptoProvider => "The cryptography provider failed.",
        }
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

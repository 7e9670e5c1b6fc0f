//! Every error code the HTTP API answers with, in one table: the code, its HTTP status, what the
//! card frame can do about it, and an English sentence for a person.
//!
//! The table is the contract: the edge never writes a code as a literal, the widget matches on
//! these variants instead of strings, and the frame's messages in every language key on them.
//! A code, once published, keeps its spelling and its status.

use crate::Error;

/// What a client can do after an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Send the same request again, after `Retry-After` if given: the cause is passing.
    Retry,
    /// Change something (the input, the card, the code) and try again; the payment goes on.
    Fix,
    /// This payment cannot go on in this frame: the frame stops taking input.
    Final,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $status:literal, $disposition:ident, $message:literal; )*) => {
        /// A stable error code of the API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, in the order of the table.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as it appears on the wire: stable snake_case.
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The HTTP status it is answered with. One exception: any failure of a DPoP proof
            /// is answered 401 with a DPoP challenge, as RFC 9449 §7.1 asks, whatever its code.
            pub const fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// What the card frame can do about it.
            pub const fn disposition(self) -> Disposition {
                match self { $(ErrorCode::$variant => Disposition::$disposition,)* }
            }

            /// A sentence for a person, in English; never contains the refused input.
            pub const fn message(self) -> &'static str {
                match self { $(ErrorCode::$variant => $message,)* }
            }
        }
    };
}

codes! {
    // Formats and cryptography (what `tessera-core` refuses).
    /// Base64url with padding, characters outside the alphabet or non-canonical bits.
    InvalidBase64 = "invalid_base64", 400, Fix, "A field is not valid unpadded base64url.";
    /// A body or field that is not the JSON the format requires.
    InvalidJson = "invalid_json", 400, Fix, "The request is not the JSON this endpoint expects.";
    /// A JWK that is not an EC P-256 key.
    InvalidJwk = "invalid_jwk", 400, Fix, "The key is not an EC P-256 JSON Web Key.";
    /// A point off the curve or at infinity, a scalar out of range.
    InvalidKey = "invalid_key", 400, Fix, "The key is not a valid P-256 key.";
    /// Private key material where only a public key is allowed.
    PrivateKeyNotAllowed = "private_key_not_allowed", 400, Fix, "A public key was expected but private key material was sent.";
    /// An `alg` or `enc` other than the ones Tessera accepts.
    UnsupportedAlgorithm = "unsupported_algorithm", 400, Fix, "The algorithm is not supported.";
    /// A `crit` header.
    UnsupportedCritical = "unsupported_critical_header", 400, Fix, "The token marks an extension as critical that is not supported.";
    /// A `zip` header.
    UnsupportedCompression = "unsupported_compression", 400, Fix, "Compressed content is not accepted.";
    /// A JWS that is not three well-formed parts.
    MalformedJws = "malformed_jws", 400, Fix, "The signed token is malformed.";
    /// A signature that does not verify.
    InvalidSignature = "invalid_signature", 401, Fix, "The signature is not valid.";
    /// A JWE that is not five well-formed parts.
    MalformedJwe = "malformed_jwe", 400, Fix, "The encrypted payload is malformed.";
    /// A JWE for a key this edge does not hold.
    UnknownKeyId = "unknown_key_id", 400, Fix, "The encrypted payload names a key that is not (or no longer) in use.";
    /// Authentication of the ciphertext failed.
    DecryptionFailed = "decryption_failed", 400, Fix, "The encrypted payload could not be decrypted.";
    /// A JWE made for another checkout session.
    SessionMismatch = "session_mismatch", 400, Fix, "The encrypted payload was made for another checkout session.";
    /// An input over its format's limit.
    InputTooLarge = "input_too_large", 400, Fix, "The input is larger than allowed.";
    /// A DPoP header with the wrong `typ` or without its `jwk`.
    DpopInvalidHeader = "dpop_invalid_header", 401, Fix, "The DPoP proof header is invalid.";
    /// A DPoP proof missing a claim or with one of the wrong type.
    DpopInvalidClaims = "dpop_invalid_claims", 401, Fix, "The DPoP proof is missing a required claim or has one of the wrong type.";
    /// A DPoP `jti` too short or too long.
    DpopInvalidJti = "dpop_invalid_jti", 401, Fix, "The DPoP proof identifier is too short or too long.";
    /// A DPoP proof made for another method.
    DpopMethodMismatch = "dpop_method_mismatch", 401, Fix, "The DPoP proof was made for another HTTP method.";
    /// A DPoP proof made for another URL.
    DpopUrlMismatch = "dpop_url_mismatch", 401, Fix, "The DPoP proof was made for another URL.";
    /// A DPoP proof too old or from the future.
    DpopStale = "dpop_stale", 401, Fix, "The DPoP proof is too old or from the future.";
    /// A DPoP proof whose `jti` was already used.
    DpopReplayed = "dpop_replayed", 401, Fix, "The DPoP proof was already used.";
    /// A DPoP proof without the server's nonce.
    DpopNonceMismatch = "dpop_nonce_mismatch", 401, Fix, "The DPoP proof does not carry the expected nonce.";
    /// A DPoP proof not bound to the access token presented.
    DpopAccessTokenMismatch = "dpop_access_token_mismatch", 401, Fix, "The DPoP proof is not bound to the presented access token.";
    /// A URL that is not absolute http(s).
    InvalidUrl = "invalid_url", 400, Fix, "The URL is not an absolute http or https URL.";
    /// A card number that fails its checks.
    InvalidCardNumber = "invalid_card_number", 422, Fix, "The card number is not valid.";
    /// A card network Tessera does not accept.
    UnsupportedCardBrand = "unsupported_card_brand", 422, Fix, "This card brand is not accepted.";
    /// An expiry that is not a month and a year.
    InvalidExpiry = "invalid_expiry", 422, Fix, "The expiry date is not valid.";
    /// An expiry in the past.
    CardExpired = "card_expired", 422, Fix, "The card has expired.";
    /// A security code of the wrong length.
    InvalidCvc = "invalid_cvc", 422, Fix, "The security code is not valid.";
    /// An identifier without the expected prefix or alphabet.
    InvalidId = "invalid_id", 400, Fix, "The identifier is not valid.";
    /// An amount that is not a positive whole number of minor units within limits.
    InvalidAmount = "invalid_amount", 400, Fix, "The amount must be a positive whole number of minor units within limits.";
    /// A currency that is not a supported ISO 4217 code.
    UnsupportedCurrency = "unsupported_currency", 400, Fix, "The currency is not a supported ISO 4217 code.";
    /// A merchant reference that is empty, too long or has control characters.
    InvalidReference = "invalid_reference", 400, Fix, "The merchant reference must be 1 to 128 printable characters.";
    /// An email address that is not valid.
    InvalidEmail = "invalid_email", 400, Fix, "The email address is not valid.";
    /// A phone number not in E.164 form.
    InvalidPhone = "invalid_phone", 400, Fix, "The phone number must be in E.164 form, such as +14155550100.";
    /// A session without a shopper email or phone.
    MissingShopper = "missing_shopper", 400, Fix, "A shopper email or phone number is required.";
    /// A session lifetime outside the allowed range.
    InvalidSessionTtl = "invalid_expires_in", 400, Fix, "The session lifetime is outside the allowed range.";
    /// EMV 3DS browser fields missing or out of range.
    InvalidBrowserInfo = "invalid_browser_info", 400, Fix, "The browser information is missing or not valid.";
    /// A webhook signature that is malformed, stale or wrong.
    InvalidWebhookSignature = "invalid_webhook_signature", 400, Fix, "The webhook signature is not valid.";
    /// A key configuration that cannot be parsed.
    InvalidKeyConfig = "invalid_key_config", 500, Retry, "The key configuration is not valid.";
    /// The replay store could not be reached.
    ReplayCheckUnavailable = "replay_check_unavailable", 503, Retry, "The proof could not be checked for reuse; please retry.";
    /// A device fingerprint that does not check out.
    InvalidFingerprint = "invalid_fingerprint", 400, Fix, "The device fingerprint is not valid.";
    /// A risk rule set that cannot be parsed or is out of range.
    InvalidRules = "invalid_rules", 400, Fix, "The risk rules are not valid.";
    /// Two rules of one set with the same id: well formed, and still not a set one rule can be
    /// named in.
    DuplicateRuleId = "duplicate_rule_id", 422, Fix, "Two rules have the same id; give each rule its own.";
    /// A fingerprinting choice that is not granted, refused or withdrawn, or a bad language tag.
    InvalidConsent = "invalid_consent", 400, Fix, "The choice must be granted, refused or withdrawn, with the language it was asked in.";
    /// A claim's description or a rejection's explanation that is too short, too long or not text.
    InvalidClaimText = "invalid_claim_text", 400, Fix, "Describe it in 10 to 2000 characters.";
    /// A claim about a payment that took no money (declined, canceled) or is not the shopper's.
    ClaimNotPossible = "claim_not_possible", 409, Final, "This payment cannot be reported: no money was taken.";
    /// An answer to a claim that was already answered.
    ClaimAlreadyResolved = "claim_already_resolved", 409, Final, "This claim was already answered.";
    /// A recurring series name that is not valid.
    InvalidRecurring = "invalid_recurring", 400, Fix, "recurring.series must be 1 to 64 letters, digits or -_.: characters.";
    /// A regional policy document that does not check out.
    InvalidPolicy = "invalid_policy", 500, Retry, "The regional policy document is not valid.";
    /// WebAuthn data that does not parse.
    WebauthnMalformed = "webauthn_malformed", 401, Fix, "The passkey response is malformed.";
    /// WebAuthn client data of the wrong ceremony.
    WebauthnType = "webauthn_wrong_type", 401, Fix, "The passkey response is of the wrong type.";
    /// A WebAuthn response for a challenge not issued (or already used).
    WebauthnChallengeMismatch = "webauthn_challenge_mismatch", 401, Fix, "The passkey response answers another challenge.";
    /// A WebAuthn response from another origin.
    WebauthnOriginMismatch = "webauthn_origin_mismatch", 401, Fix, "The passkey response comes from another origin.";
    /// Authenticator data for another relying party.
    WebauthnRpIdMismatch = "webauthn_rp_id_mismatch", 401, Fix, "The passkey belongs to another site.";
    /// Authenticator data without user presence.
    WebauthnUserNotPresent = "webauthn_user_not_present", 401, Fix, "The passkey did not confirm the user was present.";
    /// Authenticator data without user verification.
    WebauthnUserNotVerified = "webauthn_user_not_verified", 401, Fix, "The passkey did not verify the user.";
    /// A signature counter that did not grow.
    WebauthnSignCount = "webauthn_sign_count", 401, Fix, "The passkey's signature counter went backwards.";
    /// An attestation or key type Tessera does not take.
    WebauthnAttestation = "webauthn_attestation_unsupported", 401, Fix, "The passkey's attestation is not supported.";
    /// The platform's random source failed.
    RandomUnavailable = "random_unavailable", 500, Retry, "Secure random numbers are not available.";
    /// The crypto provider failed.
    CryptoProvider = "crypto_provider_error", 500, Retry, "The cryptography provider failed.";

    // Requests.
    /// A body over the size limit.
    RequestTooLarge = "request_too_large", 413, Fix, "The request body is too large.";
    /// Query parameters this endpoint does not take.
    InvalidQuery = "invalid_query", 400, Fix, "The query has parameters this endpoint does not take.";
    /// A list `limit` outside 1–100.
    InvalidLimit = "invalid_limit", 400, Fix, "limit must be 1 to 100.";
    /// A list cursor that is not one of the caller's objects.
    InvalidCursor = "invalid_cursor", 400, Fix, "starting_after must be the id of one of your objects.";
    /// No route at this path.
    RouteNotFound = "route_not_found", 404, Final, "No such route.";
    /// A route that exists, with another method.
    MethodNotAllowed = "method_not_allowed", 405, Fix, "This method is not allowed on this path.";
    /// An id the caller cannot see, whether or not it exists elsewhere.
    ResourceMissing = "resource_missing", 404, Final, "No such object.";
    /// An `Idempotency-Key` that is empty or too long.
    InvalidIdempotencyKey = "invalid_idempotency_key", 400, Fix, "The Idempotency-Key must be 1 to 255 characters.";
    /// An `Idempotency-Key` used before with another request.
    IdempotencyKeyReused = "idempotency_key_reused", 409, Fix, "This Idempotency-Key was used with a different request.";
    /// An `Idempotency-Key` whose first request is still running.
    IdempotencyKeyInUse = "idempotency_key_in_use", 409, Retry, "A request with this Idempotency-Key is still in progress.";
    /// Another write to the same object won.
    ConcurrentUpdate = "concurrent_update", 409, Retry, "This object was changed at the same time by another request. Please retry.";
    /// Something failed on Tessera's side.
    InternalError = "internal_error", 500, Retry, "Something went wrong on our side. Please retry.";

    // Authentication of callers.
    /// No `Authorization: Bearer sk_…`.
    MissingApiKey = "missing_api_key", 401, Final, "Send your secret key as Authorization: Bearer sk_….";
    /// A secret key that matches no merchant.
    InvalidApiKey = "invalid_api_key", 401, Final, "The secret key is not valid.";
    /// A publishable key that matches no merchant.
    InvalidPublishableKey = "invalid_publishable_key", 401, Final, "The publishable key is not valid.";
    /// A publishable key where a secret key is needed.
    PublishableKeyNotAllowed = "publishable_key_not_allowed", 401, Final, "This endpoint needs your secret key, not your publishable key.";
    /// The operator API without its token configured.
    OperatorApiDisabled = "operator_api_disabled", 403, Final, "The operator API is not configured.";
    /// A wrong operator token.
    InvalidAdminToken = "invalid_admin_token", 401, Final, "The operator token is not valid.";
    /// A client secret that is not this session's.
    InvalidClientSecret = "invalid_client_secret", 401, Final, "The client secret does not belong to this checkout session.";
    /// A body that is no CSP violation report a browser sends.
    InvalidCspReport = "invalid_csp_report", 400, Final, "Send a CSP violation report (application/csp-report or application/reports+json).";
    /// A card-frame request without a DPoP proof.
    DpopRequired = "dpop_required", 401, Fix, "A DPoP proof signed by the device key is required.";

    // Merchants.
    /// A merchant name that is empty, too long or has control characters.
    InvalidName = "invalid_name", 400, Fix, "The name must be 1 to 100 printable characters.";
    /// An allowed origin that is not scheme://host[:port].
    InvalidOrigin = "invalid_origin", 400, Fix, "Allowed origins must be at most 20 values like https://shop.example.";
    /// A webhook URL that is not absolute https.
    InvalidWebhookUrl = "invalid_webhook_url", 400, Fix, "The webhook URL must be an absolute https URL.";

    // Checkout sessions.
    /// A session that was paid.
    SessionAlreadyPaid = "session_already_paid", 409, Final, "This checkout session has already been paid.";
    /// A session whose time ran out.
    SessionExpired = "session_expired", 409, Final, "This checkout session has expired.";
    /// A session the merchant canceled.
    SessionCanceled = "session_canceled", 409, Final, "This checkout session was canceled.";
    /// A change to a session that is no longer open.
    SessionNotOpen = "session_not_open", 409, Fix, "Only an open, unexpired checkout session can be changed.";
    /// Another confirm of this session is running right now.
    ConfirmInProgress = "confirm_in_progress", 409, Retry, "This checkout is already being confirmed.";
    /// A payment of this session is in flight, started by another device or card.
    PaymentInProgress = "payment_in_progress", 409, Final, "A payment for this checkout is already being processed.";

    // Decisions and the processor.
    /// The risk rules refused the payment.
    PaymentRefused = "payment_refused", 402, Final, "This payment cannot be accepted. Please contact the merchant.";
    /// The processor declined; `decline_code` says why.
    CardDeclined = "card_declined", 402, Fix, "The card was declined.";
    /// No answer from the processor in time; the payment stays processing.
    ProcessorTimeout = "processor_timeout", 503, Retry, "The payment processor did not answer in time. Retry; the card will not be charged twice.";
    /// The processor could not be reached.
    ProcessorUnavailable = "processor_unavailable", 503, Retry, "The payment processor is unavailable. Retry; the card will not be charged twice.";

    // After the payment.
    /// A capture of a payment that is not waiting for one (captured already, voided, failed).
    PaymentNotCapturable = "payment_not_capturable", 409, Fix, "This payment is not waiting for a capture.";
    /// A capture of more than was authorised.
    CaptureAmountTooLarge = "capture_amount_too_large", 400, Fix, "A capture cannot be larger than the authorised amount.";
    /// A void of a payment that is not an uncaptured authorisation.
    PaymentNotCancelable = "payment_not_cancelable", 409, Fix, "Only an uncaptured payment can be canceled.";
    /// A refund of a payment that was not captured, or was voided or declined.
    PaymentNotRefundable = "payment_not_refundable", 409, Fix, "Only a captured payment can be refunded.";
    /// A refund of more than is left to refund.
    RefundAmountTooLarge = "refund_amount_too_large", 400, Fix, "The refund would exceed what was captured and not yet refunded.";
    /// A refund of a disputed payment (the dispute settles the money).
    PaymentDisputed = "payment_disputed", 409, Fix, "This payment is disputed; it cannot be refunded.";
    /// A capture, void or refund while another is with the processor.
    PaymentOperationInProgress = "payment_operation_in_progress", 409, Retry, "Another operation on this payment is in progress.";
    /// The processor refused a capture, a void or a refund; `reason` says why.
    ProcessorRefused = "processor_refused", 402, Fix, "The payment processor refused this operation.";
    /// A refund reason that is not one of duplicate, fraudulent, requested_by_customer.
    InvalidRefundReason = "invalid_refund_reason", 400, Fix, "The reason must be duplicate, fraudulent or requested_by_customer.";
    /// Evidence for a dispute that is no longer open.
    DisputeNotOpen = "dispute_not_open", 409, Fix, "This dispute no longer takes evidence.";
    /// Evidence that is not text fields and base64 files.
    InvalidEvidence = "invalid_evidence", 400, Fix, "Evidence must be known text fields and base64 files.";
    /// Evidence over its size limits.
    EvidenceTooLarge = "evidence_too_large", 413, Fix, "The evidence is larger than allowed.";

    // Merchants' settings.
    /// A live payment for a merchant without a live processor.
    ProcessorNotConfigured = "processor_not_configured", 409, Final, "Live mode needs a processor: configure one with POST /v1/processors.";
    /// A processor configuration that is incomplete or of an unknown kind.
    InvalidProcessorConfig = "invalid_processor_config", 400, Fix, "The processor configuration is not valid.";
    /// A processor configured with a test key: test mode only ever reaches the sandbox.
    LiveModeRequired = "live_mode_required", 403, Fix, "Configure processors with your live secret key; test mode always uses the sandbox.";
    /// Event types a webhook endpoint cannot subscribe to.
    InvalidEnabledEvents = "invalid_enabled_events", 400, Fix, "enabled_events must be * or known event types.";
    /// An old key's or secret's remaining life outside 0 to 7 days.
    InvalidExpiration = "invalid_expiration", 400, Fix, "expires_in must be 0 to 604800 seconds.";
    /// A `capture_method` other than automatic or manual.
    InvalidCaptureMethod = "invalid_capture_method", 400, Fix, "capture_method must be automatic or manual.";
    /// A processor notification whose signature does not verify.
    InvalidNotificationSignature = "invalid_notification_signature", 401, Final, "The notification's signature is not valid.";

    // Accounts and the dashboard.
    /// A dashboard call without a live session.
    NotSignedIn = "not_signed_in", 401, Final, "Sign in to the dashboard.";
    /// A state-changing dashboard call without this session's CSRF token.
    CsrfTokenInvalid = "csrf_token_invalid", 403, Fix, "The request's CSRF token is missing or is not this session's.";
    /// A state-changing dashboard call from another origin.
    OriginNotAllowed = "origin_not_allowed", 403, Final, "Requests that change something must come from the dashboard itself.";
    /// A member whose role does not allow the call.
    RoleNotAllowed = "role_not_allowed", 403, Final, "Your role does not allow this.";
    /// A `Tessera-Mode` that is neither test nor live.
    InvalidMode = "invalid_mode", 400, Fix, "Tessera-Mode must be test or live.";
    /// Live mode before the business is verified.
    LiveModeNotEnabled = "live_mode_not_enabled", 403, Final, "Live mode opens once your business is verified.";
    /// Five wrong sign-in codes in a row for this address.
    SignInBlocked = "sign_in_blocked", 429, Final, "Too many wrong codes for this address. Try again later, or sign in with a passkey.";
    /// A signed-in user without a business where one is needed.
    NoBusiness = "no_business", 409, Fix, "Create your business first.";
    /// A legal name that is empty, too long or has control characters.
    InvalidLegalName = "invalid_legal_name", 400, Fix, "The legal name must be 1 to 200 printable characters.";
    /// A country that is not an ISO 3166-1 alpha-2 code.
    InvalidCountry = "invalid_country", 400, Fix, "The country must be a two-letter ISO 3166 code such as DE.";
    /// An address with a missing or malformed part.
    InvalidAddress = "invalid_address", 400, Fix, "The address needs line1, city and postal_code, each printable and not too long.";
    /// A website that is not an https URL.
    InvalidWebsite = "invalid_website", 400, Fix, "The website must be an https URL such as https://shop.example.";
    /// A time zone the runtime does not know.
    InvalidTimezone = "invalid_timezone", 400, Fix, "The time zone must be an IANA name such as Europe/Berlin.";
    /// A language Tessera is not written in.
    InvalidLocale = "invalid_locale", 400, Fix, "The language must be one of en, de, fr, es, it, nl, pl, sv, ja, zh-Hans or ar.";
    /// A company number that is empty, too long or has odd characters.
    InvalidCompanyNumber = "invalid_company_number", 400, Fix, "The company number must be 1 to 32 letters, digits, spaces, -, / or .";
    /// A colour that is not #rrggbb.
    InvalidColor = "invalid_color", 400, Fix, "Colours must be written #rrggbb.";
    /// A logo that is not a small PNG or JPEG data URL.
    InvalidLogo = "invalid_logo", 400, Fix, "The logo must be a PNG or JPEG data URL of at most 100 KB.";
    /// A verification step that does not fit where it stands.
    VerificationNotAllowed = "verification_not_allowed", 409, Fix, "The business cannot be submitted for verification now.";
    /// The business verifier could not be reached.
    VerifierUnavailable = "verifier_unavailable", 503, Retry, "The business verifier could not be reached. Please try again.";
    /// A role that is not admin, developer or analyst.
    InvalidRole = "invalid_role", 400, Fix, "role must be admin, developer or analyst.";
    /// An invitation to someone already a member or invited.
    MemberExists = "member_exists", 409, Fix, "This address is already a member or invited.";
    /// A change to the owner, or to a member above the caller.
    MemberProtected = "member_protected", 403, Final, "You cannot change or remove this member.";
    /// An invitation that does not exist, was used or was withdrawn.
    InviteInvalid = "invite_invalid", 404, Final, "This invitation is not valid any more.";
    /// An invitation accepted from another address.
    InviteEmailMismatch = "invite_email_mismatch", 403, Final, "Sign in with the address the invitation was sent to.";

    // Personal accounts.
    /// A personal-account call without a live account sign-in.
    NotSignedInAccount = "account_not_signed_in", 401, Final, "Sign in to your Tessera account first.";
    /// A verification step before the one it builds on.
    LevelNotReached = "level_not_reached", 409, Fix, "Finish the earlier verification steps first.";
    /// Something the account's levels do not unlock yet.
    CapabilityLocked = "capability_locked", 403, Fix, "Verify your account further to do this.";
    /// A phone change without the passkey or the old number.
    ReauthenticationRequired = "reauthentication_required", 403, Fix, "Confirm it is you with your passkey or a code to your current number first.";
    /// Identity details of the wrong shape.
    InvalidIdentity = "invalid_identity", 400, Fix, "The name, date of birth (you must be 18) or document number is not valid.";
    /// An address that does not fit its country's format.
    InvalidHomeAddress = "invalid_home_address", 400, Fix, "The address does not fit its country's format.";
    /// A code tried wrongly too often.
    CodeLocked = "code_locked", 429, Fix, "Too many wrong tries for this code. Ask for a new one.";
    /// An account locked by its owner's "this wasn't me".
    AccountLocked = "account_locked", 423, Final, "This account is locked. Unlock it with your passkey, or with codes to both your email and phone.";
    /// A sign-in from a device the account's owner removed.
    DeviceRevoked = "device_revoked", 403, Final, "This device was removed from the account. Sign in from another device.";
    /// Revoking the device the request comes from.
    DeviceInUse = "device_in_use", 409, Fix, "This is the device you are using; sign out instead.";
    /// A link that is unknown, used or expired.
    LinkInvalid = "link_invalid", 404, Final, "This link is not valid any more.";
    /// A saved card that is not the account's.
    CardMissing = "card_missing", 404, Final, "No such saved card.";
    /// A card saved from a payment it did not make, or not right after it.
    SaveNotOffered = "save_not_offered", 409, Final, "Only the device that paid can save its card, right after paying.";
    /// More saved cards than an account may keep.
    TooManyCards = "too_many_cards", 409, Fix, "Remove a saved card before saving another.";
    /// A saved-card payment above the account's limit.
    AmountOverAccountLimit = "amount_over_account_limit", 403, Fix, "This amount is above your account's limit; verify your identity to raise it, or pay by typing your card.";
    /// The identity verifier could not be reached.
    IdentityVerifierUnavailable = "identity_verifier_unavailable", 503, Retry, "The identity verifier could not be reached. Please try again.";

    // Reports and invoices.
    /// A date that is not YYYY-MM-DD.
    InvalidDate = "invalid_date", 400, Fix, "Dates must be written YYYY-MM-DD.";
    /// A range backwards or too long.
    InvalidDateRange = "invalid_date_range", 400, Fix, "from must not be after to, and a report covers at most 366 days.";
    /// An interval other than a day.
    InvalidInterval = "invalid_interval", 400, Fix, "interval must be day.";
    /// An invoice's customer without a valid email or name.
    InvalidCustomer = "invalid_customer", 400, Fix, "customer needs a valid email and a name of 1 to 100 characters.";
    /// Line items missing, too many, or one malformed.
    InvalidLineItems = "invalid_line_items", 400, Fix, "line_items must be 1 to 100 items, each with a description, a quantity of 1 to 10000 and a unit_amount.";
    /// A tax rate outside 0–100 or with more than two decimals.
    InvalidTaxRate = "invalid_tax_rate", 400, Fix, "tax_rate must be a percentage from 0 to 100 with at most two decimals.";
    /// A memo or footer too long or with control characters.
    InvalidInvoiceText = "invalid_invoice_text", 400, Fix, "memo and footer must be at most 1000 printable characters.";
    /// A change or finalization of an invoice that is no longer a draft.
    InvoiceNotEditable = "invoice_not_editable", 409, Fix, "Only a draft invoice can be changed or finalized.";
    /// A void of a paid or voided invoice.
    InvoiceNotVoidable = "invoice_not_voidable", 409, Fix, "A paid or voided invoice cannot be voided.";
    /// A payment of an invoice that is not open.
    InvoiceNotPayable = "invoice_not_payable", 409, Final, "This invoice cannot be paid.";

    // Step-up.
    /// `/verify` without a code or a passkey assertion.
    CodeRequired = "code_required", 400, Fix, "Send the code the shopper received, or a passkey assertion.";
    /// No step-up of this session belongs to this device (or no code was sent for it).
    StepUpNotStarted = "step_up_not_started", 409, Fix, "No code was sent to this device for this checkout.";
    /// The step-up was made for another card than the one sent now.
    StepUpCardMismatch = "step_up_card_mismatch", 409, Fix, "The code was sent to confirm another card. Pay with that card, or start again.";
    /// The amount or payee changed after the code was sent.
    StepUpVoid = "step_up_void", 409, Fix, "The payment changed after the code was sent. Ask for a new code.";
    /// The code's five minutes are over.
    CodeExpired = "code_expired", 409, Fix, "The code has expired. Ask for a new one.";
    /// A wrong code; `attempts_left` says how many remain.
    IncorrectCode = "incorrect_code", 422, Fix, "That code is not right.";
    /// Five wrong codes for this payment: it can no longer be confirmed.
    StepUpLocked = "step_up_locked", 429, Final, "Too many wrong codes. This payment can no longer be confirmed.";
    /// Five wrong codes in a row for this shopper: no codes for a while.
    ShopperBlocked = "shopper_blocked", 429, Final, "Too many wrong codes were entered for this shopper. Please try again later.";
    /// A new code asked for too soon after the last.
    ResendTooSoon = "resend_too_soon", 429, Fix, "Please wait a moment before asking for a new code.";
    /// Every code this payment may send was sent.
    ResendLimit = "resend_limit", 429, Fix, "No more codes can be sent for this payment.";
    /// Too many codes went to this address or number lately.
    DestinationRateLimited = "destination_rate_limited", 429, Fix, "Too many codes were sent to this address recently. Please try again later.";
    /// One client, device key, card, API key or sign-in identity sent more requests than its
    /// rate limit allows; `Retry-After` says when to try again.
    RateLimited = "rate_limited", 429, Fix, "Too many requests. Please wait and try again.";
    /// The session has no email or phone to send a code to.
    StepUpUnavailable = "step_up_unavailable", 409, Final, "This checkout has no email or phone to send a code to.";
    /// The message provider refused the code.
    MessageNotSent = "message_not_sent", 502, Fix, "The code could not be sent. Please try again.";
    /// Adding a passkey before passing a code step-up on this device.
    StepUpRequired = "step_up_required", 409, Fix, "A passkey can be added right after confirming a payment with a code.";
    /// A passkey that is already registered.
    PasskeyExists = "passkey_exists", 409, Fix, "This passkey is already registered.";
    /// A passkey not registered for this shopper.
    UnknownPasskey = "unknown_passkey", 401, Fix, "This passkey is not registered for this shopper.";

    // Raised by the card frame itself, never by the edge.
    /// The name field is empty.
    NameRequired = "name_required", 400, Fix, "Enter the name shown on the card.";
    /// The frame could not reach the edge.
    NetworkError = "network_error", 503, Retry, "The payment service could not be reached.";
    /// The browser could not make or load the device key.
    DeviceKeyUnavailable = "device_key_unavailable", 500, Final, "This browser cannot keep a device key.";
    /// The page's `appearance` mount option has a key or a value the frame does not accept.
    InvalidAppearance = "invalid_appearance", 400, Fix, "The appearance option is not valid.";
}

impl ErrorCode {
    /// The code named `code`, if the API has one.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }

    /// Whether the payment cannot go on in this frame.
    pub const fn ends_payment(self) -> bool {
        matches!(self.disposition(), Disposition::Final)
    }

    /// Whether repeating the same request may succeed.
    pub const fn retryable(self) -> bool {
        matches!(self.disposition(), Disposition::Retry)
    }
}

impl From<Error> for ErrorCode {
    fn from(error: Error) -> Self {
        Self::of(error)
    }
}

impl ErrorCode {
    /// The code for a core error (`const`, so [`Error::code`] can be).
    pub const fn of(error: Error) -> Self {
        match error {
            Error::InvalidBase64 => ErrorCode::InvalidBase64,
            Error::InvalidJson => ErrorCode::InvalidJson,
            Error::InvalidJwk => ErrorCode::InvalidJwk,
            Error::InvalidKey => ErrorCode::InvalidKey,
            Error::PrivateKeyNotAllowed => ErrorCode::PrivateKeyNotAllowed,
            Error::UnsupportedAlgorithm => ErrorCode::UnsupportedAlgorithm,
            Error::UnsupportedCritical => ErrorCode::UnsupportedCritical,
            Error::UnsupportedCompression => ErrorCode::UnsupportedCompression,
            Error::MalformedJws => ErrorCode::MalformedJws,
            Error::InvalidSignature => ErrorCode::InvalidSignature,
            Error::MalformedJwe => ErrorCode::MalformedJwe,
            Error::UnknownKeyId => ErrorCode::UnknownKeyId,
            Error::DecryptionFailed => ErrorCode::DecryptionFailed,
            Error::SessionMismatch => ErrorCode::SessionMismatch,
            Error::InputTooLarge => ErrorCode::InputTooLarge,
            Error::DpopInvalidHeader => ErrorCode::DpopInvalidHeader,
            Error::DpopInvalidClaims => ErrorCode::DpopInvalidClaims,
            Error::DpopInvalidJti => ErrorCode::DpopInvalidJti,
            Error::DpopMethodMismatch => ErrorCode::DpopMethodMismatch,
            Error::DpopUrlMismatch => ErrorCode::DpopUrlMismatch,
            Error::DpopStale => ErrorCode::DpopStale,
            Error::DpopReplayed => ErrorCode::DpopReplayed,
            Error::DpopNonceMismatch => ErrorCode::DpopNonceMismatch,
            Error::DpopAccessTokenMismatch => ErrorCode::DpopAccessTokenMismatch,
            Error::InvalidUrl => ErrorCode::InvalidUrl,
            Error::InvalidCardNumber => ErrorCode::InvalidCardNumber,
            Error::UnsupportedCardBrand => ErrorCode::UnsupportedCardBrand,
            Error::InvalidExpiry => ErrorCode::InvalidExpiry,
            Error::CardExpired => ErrorCode::CardExpired,
            Error::InvalidCvc => ErrorCode::InvalidCvc,
            Error::InvalidId => ErrorCode::InvalidId,
            Error::InvalidAmount => ErrorCode::InvalidAmount,
            Error::UnsupportedCurrency => ErrorCode::UnsupportedCurrency,
            Error::InvalidReference => ErrorCode::InvalidReference,
            Error::InvalidEmail => ErrorCode::InvalidEmail,
            Error::InvalidPhone => ErrorCode::InvalidPhone,
            Error::MissingShopper => ErrorCode::MissingShopper,
            Error::InvalidSessionTtl => ErrorCode::InvalidSessionTtl,
            Error::InvalidCaptureMethod => ErrorCode::InvalidCaptureMethod,
            Error::InvalidBrowserInfo => ErrorCode::InvalidBrowserInfo,
            Error::InvalidWebhookSignature => ErrorCode::InvalidWebhookSignature,
            Error::InvalidKeyConfig => ErrorCode::InvalidKeyConfig,
            Error::ReplayCheckUnavailable => ErrorCode::ReplayCheckUnavailable,
            Error::InvalidFingerprint => ErrorCode::InvalidFingerprint,
            Error::InvalidRules => ErrorCode::InvalidRules,
            Error::DuplicateRuleId => ErrorCode::DuplicateRuleId,
            Error::InvalidPolicy => ErrorCode::InvalidPolicy,
            Error::InvalidRecurring => ErrorCode::InvalidRecurring,
            Error::WebauthnMalformed => ErrorCode::WebauthnMalformed,
            Error::WebauthnType => ErrorCode::WebauthnType,
            Error::WebauthnChallengeMismatch => ErrorCode::WebauthnChallengeMismatch,
            Error::WebauthnOriginMismatch => ErrorCode::WebauthnOriginMismatch,
            Error::WebauthnRpIdMismatch => ErrorCode::WebauthnRpIdMismatch,
            Error::WebauthnUserNotPresent => ErrorCode::WebauthnUserNotPresent,
            Error::WebauthnUserNotVerified => ErrorCode::WebauthnUserNotVerified,
            Error::WebauthnSignCount => ErrorCode::WebauthnSignCount,
            Error::WebauthnAttestation => ErrorCode::WebauthnAttestation,
            Error::RandomUnavailable => ErrorCode::RandomUnavailable,
            Error::CryptoProvider => ErrorCode::CryptoProvider,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_sentences_with_real_statuses() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{s} is not snake_case");
            assert!(code.message().ends_with('.'), "{s}: the message should be a sentence");
            assert!((400..600).contains(&code.status()), "{s}: {} is not an error status", code.status());
            assert_eq!(ErrorCode::parse(s), Some(code));
        }
        assert_eq!(ErrorCode::parse("no_such_code"), None);
    }

    #[test]
    fn what_a_frame_can_do_follows_from_the_code() {
        assert!(ErrorCode::StepUpLocked.ends_payment());
        assert!(ErrorCode::SessionAlreadyPaid.ends_payment());
        assert!(!ErrorCode::IncorrectCode.ends_payment());
        assert!(!ErrorCode::CardDeclined.ends_payment(), "another card may work");
        assert!(ErrorCode::ProcessorTimeout.retryable());
        assert!(!ErrorCode::IncorrectCode.retryable(), "the same wrong code stays wrong");
        // Server-side failures may pass; a 5xx that is not retryable would strand a shopper.
        for &code in ErrorCode::ALL {
            if code.status() >= 500 && code != ErrorCode::DeviceKeyUnavailable && code != ErrorCode::MessageNotSent {
                assert!(code.retryable(), "{} is a {} but not retryable", code.as_str(), code.status());
            }
        }
    }
}

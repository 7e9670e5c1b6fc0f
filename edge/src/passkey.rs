//! Passkeys for step-up: after a code step-up the shopper may register one (WebAuthn, ES256,
//! user verification required); later step-ups from any of their devices can use it instead of
//! a code. Challenges are single use and bound to the session, the device and, for payments,
//! the amount and payee. [`D1Passkeys`] is the checkout's `Passkeys` port.

use serde_json::{json, Value};
use tessera_core::api::ErrorCode;
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::jwk::PublicJwk;
use tessera_core::{b64, kdf, webauthn, Error as CoreError};

use crate::checkout::model::Session;
use crate::checkout::ports::Passkeys;
use crate::error::{ApiError, ApiResult};
use crate::store::{passkeys, Db};

/// Seconds a WebAuthn ceremony may take.
const CEREMONY_SECONDS: u64 = 300;

/// How long after passing a code step-up a device may add a passkey.
const REGISTRATION_WINDOW: u64 = 600;

/// The relying party: the edge's host (RP ID) and the card frame's origin.
#[derive(Debug, Clone)]
pub struct RelyingParty {
    pub id: String,
    pub origin: String,
}

impl RelyingParty {
    pub fn of(url: &worker::Url) -> ApiResult<Self> {
        let id = url.host_str().ok_or_else(|| ApiError::internal("passkey", "request URL without host"))?.to_owned();
        Ok(Self { id, origin: url.origin().ascii_serialization() })
    }
}

/// WebAuthn failures are authentication failures.
pub(crate) fn webauthn_error(e: CoreError) -> ApiError {
    let error = ApiError::from(e);
    ApiError { status: 401, ..error }
}

pub(crate) fn field<'a>(value: &'a Value, path: &[&str]) -> ApiResult<&'a str> {
    path.iter().try_fold(value, |v, k| v.get(*k)).and_then(Value::as_str).ok_or_else(|| CoreError::WebauthnMalformed.into())
}

pub(crate) fn decoded(value: &Value, path: &[&str]) -> ApiResult<Vec<u8>> {
    b64::decode(field(value, path)?).map_err(|_| CoreError::WebauthnMalformed.into())
}

pub(crate) fn challenge_of(client_data_json: &[u8]) -> ApiResult<String> {
    let data: Value = serde_json::from_slice(client_data_json).map_err(|_| CoreError::WebauthnMalformed)?;
    Ok(field(&data, &["challenge"])?.to_owned())
}

/// A WebAuthn assertion as the browser sent it, decoded: its challenge can be used up before the
/// signature is weighed, and the one check (WebAuthn §7.2) serves every ceremony that signs in or
/// pays with a passkey.
pub(crate) struct Assertion<'a> {
    /// The credential id.
    pub id: &'a str,
    /// The challenge the client data names.
    pub challenge: String,
    client_data: Vec<u8>,
    authenticator_data: Vec<u8>,
    signature: Vec<u8>,
}

impl<'a> Assertion<'a> {
    /// Decodes `value` (`{id, response: {clientDataJSON, authenticatorData, signature}}`).
    pub fn parse(value: &'a Value) -> ApiResult<Self> {
        let client_data = decoded(value, &["response", "clientDataJSON"])?;
        Ok(Self {
            id: field(value, &["id"])?,
            challenge: challenge_of(&client_data)?,
            authenticator_data: decoded(value, &["response", "authenticatorData"])?,
            signature: decoded(value, &["response", "signature"])?,
            client_data,
        })
    }

    /// Checks it was made by the passkey with `public_jwk` for `rp_id` at `origin`, with a counter
    /// past `sign_count`; the new counter.
    pub async fn verify(&self, public_jwk: &str, sign_count: u32, rp_id: &str, origin: &str) -> ApiResult<u32> {
        let jwk: PublicJwk = public_jwk.parse()?;
        let key = RustCrypto.import_verifying_key(&jwk).await?;
        let expected = webauthn::Expected { rp_id, origin, challenge: &self.challenge };
        webauthn::verify_assertion(&RustCrypto, &key, sign_count, &self.client_data, &self.authenticator_data, &self.signature, &expected).await.map_err(webauthn_error)
    }
}

/// Passkeys in D1, for one request's relying party.
pub struct D1Passkeys<'a> {
    pub db: &'a Db,
    pub rp: RelyingParty,
    pub now: u64,
}

impl Passkeys for D1Passkeys<'_> {
    async fn has_any(&self, shopper: &str) -> ApiResult<bool> {
        Ok(!passkeys::for_shopper(self.db, shopper).await?.is_empty())
    }

    async fn offer(&self, shopper: &str, session_id: &str, device: &str, binding: &str) -> ApiResult<Value> {
        let keys = passkeys::for_shopper(self.db, shopper).await?;
        let challenge = webauthn::challenge(&RustCrypto)?;
        passkeys::insert_challenge(self.db, &challenge, session_id, device, "authenticate", binding, self.now + CEREMONY_SECONDS).await?;
        let allow: Vec<Value> = keys.into_iter().map(|p| json!({ "type": "public-key", "id": p.credential_id })).collect();
        Ok(json!({
            "challenge": challenge,
            "rpId": self.rp.id,
            "allowCredentials": allow,
            "userVerification": "required",
            "timeout": CEREMONY_SECONDS * 1000,
        }))
    }

    /// Verifies an assertion for this session's payment (WebAuthn §7.2) and advances the
    /// passkey's counter.
    async fn verify(&self, shopper: &str, session_id: &str, device: &str, binding: &str, assertion: &Value) -> ApiResult<()> {
        let assertion = Assertion::parse(assertion)?;
        // Single use, and bound to the amount: a changed session makes the challenge worthless.
        if !passkeys::consume_challenge(self.db, &assertion.challenge, session_id, device, "authenticate", binding, self.now).await? {
            return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
        }
        let passkey = passkeys::get(self.db, shopper, assertion.id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
        let count = assertion.verify(&passkey.public_jwk, passkey.sign_count, &self.rp.id, &self.rp.origin).await?;
        if !passkeys::advance_sign_count(self.db, &passkey.credential_id, passkey.sign_count, count, self.now).await? {
            return Err(webauthn_error(CoreError::WebauthnSignCount));
        }
        Ok(())
    }
}

impl D1Passkeys<'_> {
    /// Options for `navigator.credentials.create`, for a device that passed a code step-up of
    /// this session in the last minutes (`passed` says whether it did).
    pub async fn registration_options(&self, session: &Session, device: &str, passed: bool, card_secret: &[u8]) -> ApiResult<Value> {
        if !passed {
            return Err(ErrorCode::StepUpRequired.into());
        }
        let shopper = session.shopper_key();
        let challenge = webauthn::challenge(&RustCrypto)?;
        passkeys::insert_challenge(self.db, &challenge, &session.id, device, "register", "", self.now + CEREMONY_SECONDS).await?;
        let existing: Vec<Value> = passkeys::for_shopper(self.db, &shopper).await?.into_iter().map(|p| json!({ "type": "public-key", "id": p.credential_id })).collect();
        // The user handle says nothing about the shopper: a keyed hash of who they are.
        let handle = b64::encode(&kdf::hmac_sha256(card_secret, shopper.as_bytes()));
        let name = session.email.as_ref().map(|e| e.as_str().to_owned()).or_else(|| session.phone.as_ref().map(|p| p.as_str().to_owned())).unwrap_or_default();
        Ok(json!({
            "publicKey": {
                "challenge": challenge,
                "rp": { "id": self.rp.id, "name": "Tessera" },
                "user": { "id": handle, "name": name, "displayName": name },
                "pubKeyCredParams": [{ "type": "public-key", "alg": -7 }],
                "authenticatorSelection": { "residentKey": "required", "userVerification": "required" },
                "attestation": "none",
                "excludeCredentials": existing,
                "timeout": CEREMONY_SECONDS * 1000,
            }
        }))
    }

    /// Verifies and stores a new passkey for the session's shopper.
    pub async fn register(&self, session: &Session, device: &str, credential: &Value) -> ApiResult<Value> {
        let client_data = decoded(credential, &["response", "clientDataJSON"])?;
        let attestation = decoded(credential, &["response", "attestationObject"])?;
        let challenge = challenge_of(&client_data)?;
        if !passkeys::consume_challenge(self.db, &challenge, &session.id, device, "register", "", self.now).await? {
            return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
        }
        let expected = webauthn::Expected { rp_id: &self.rp.id, origin: &self.rp.origin, challenge: &challenge };
        let (created, sign_count) = webauthn::verify_registration(&client_data, &attestation, &expected).map_err(webauthn_error)?;
        let id = b64::encode(&created.credential_id);
        if field(credential, &["id"])? != id {
            return Err(CoreError::WebauthnMalformed.into());
        }
        if !passkeys::insert(self.db, &id, &session.shopper_key(), &created.public_key.to_string(), sign_count, self.now).await? {
            return Err(ErrorCode::PasskeyExists.into());
        }
        Ok(json!({ "object": "passkey", "id": id }))
    }
}

/// The earliest step-up pass that still allows adding a passkey at `now`.
pub fn registration_since(now: u64) -> u64 {
    now.saturating_sub(REGISTRATION_WINDOW)
}

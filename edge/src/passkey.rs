//! Passkeys for step-up: after a code step-up the shopper may register one (WebAuthn, ES256,
//! user verification required); later step-ups from any of their devices can use it instead of
//! a code. Challenges are single use and bound to the session, the device and, for payments,
//! the amount and payee.

use serde_json::{json, Value};
use tessera_core::crypto::{Crypto, RustCrypto};
use tessera_core::jwk::{PublicJwk, Thumbprint};
use tessera_core::{b64, kdf, otp, webauthn, Error as CoreError};

use crate::app::App;
use crate::http::{ApiError, ApiResult};
use crate::risk::shopper_key;
use crate::store::passkeys;
use crate::store::sessions::Session;
use crate::store::step_ups;

/// Seconds a WebAuthn ceremony may take.
const CEREMONY_SECONDS: u64 = 300;

/// The relying party: the edge's host (RP ID) and the card frame's origin.
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

fn binding(session: &Session) -> ApiResult<String> {
    let amount = tessera_core::money::Amount::new(session.amount, session.currency.parse()?)?;
    Ok(otp::binding(&session.id, &session.merchant_id, amount))
}

fn webauthn_error(e: CoreError) -> ApiError {
    match e {
        CoreError::InvalidSignature => ApiError::new(401, e.code(), e.message()),
        _ if e.code().starts_with("webauthn_") => ApiError::new(401, e.code(), e.message()),
        _ => e.into(),
    }
}

/// Options for `navigator.credentials.create`, after this device passed a code step-up.
pub async fn registration_options(app: &App, session: &Session, jkt: &Thumbprint, rp: &RelyingParty) -> ApiResult<Value> {
    let verified = step_ups::latest(&app.db, &session.id, jkt.as_str()).await?.is_some_and(|s| s.status == "verified");
    if !verified {
        return Err(ApiError::new(409, "step_up_required", "A passkey can be added right after confirming a payment with a code."));
    }
    let shopper = shopper_key(session);
    let challenge = webauthn::challenge(&RustCrypto)?;
    passkeys::insert_challenge(&app.db, &challenge, &session.id, jkt.as_str(), "register", "", app.now + CEREMONY_SECONDS).await?;
    let existing: Vec<Value> = passkeys::for_shopper(&app.db, &shopper).await?.into_iter().map(|p| json!({ "type": "public-key", "id": p.credential_id })).collect();
    // The user handle says nothing about the shopper: a keyed hash of who they are.
    let handle = b64::encode(&kdf::hmac_sha256(app.config.fingerprint_secret.as_bytes(), shopper.as_bytes()));
    let name = session.shopper_email.clone().or_else(|| session.shopper_phone.clone()).unwrap_or_default();
    Ok(json!({
        "publicKey": {
            "challenge": challenge,
            "rp": { "id": rp.id, "name": "Tessera" },
            "user": { "id": handle, "name": name, "displayName": name },
            "pubKeyCredParams": [{ "type": "public-key", "alg": -7 }],
            "authenticatorSelection": { "residentKey": "required", "userVerification": "required" },
            "attestation": "none",
            "excludeCredentials": existing,
            "timeout": CEREMONY_SECONDS * 1000,
        }
    }))
}

fn field<'a>(value: &'a Value, path: &[&str]) -> ApiResult<&'a str> {
    path.iter().try_fold(value, |v, k| v.get(*k)).and_then(Value::as_str).ok_or_else(|| CoreError::WebauthnMalformed.into())
}

fn decoded(value: &Value, path: &[&str]) -> ApiResult<Vec<u8>> {
    b64::decode(field(value, path)?).map_err(|_| CoreError::WebauthnMalformed.into())
}

fn challenge_of(client_data_json: &[u8]) -> ApiResult<String> {
    let data: Value = serde_json::from_slice(client_data_json).map_err(|_| CoreError::WebauthnMalformed)?;
    Ok(field(&data, &["challenge"])?.to_owned())
}

/// Verifies and stores a new passkey for the session's shopper.
pub async fn register(app: &App, session: &Session, jkt: &Thumbprint, rp: &RelyingParty, credential: &Value) -> ApiResult<Value> {
    let client_data = decoded(credential, &["response", "clientDataJSON"])?;
    let attestation = decoded(credential, &["response", "attestationObject"])?;
    let challenge = challenge_of(&client_data)?;
    if !passkeys::consume_challenge(&app.db, &challenge, &session.id, jkt.as_str(), "register", "", app.now).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let expected = webauthn::Expected { rp_id: &rp.id, origin: &rp.origin, challenge: &challenge };
    let (created, sign_count) = webauthn::verify_registration(&client_data, &attestation, &expected).map_err(webauthn_error)?;
    let id = b64::encode(&created.credential_id);
    if field(credential, &["id"])? != id {
        return Err(CoreError::WebauthnMalformed.into());
    }
    if !passkeys::insert(&app.db, &id, &shopper_key(session), &created.public_key.to_string(), sign_count, app.now).await? {
        return Err(ApiError::new(409, "passkey_exists", "This passkey is already registered."));
    }
    Ok(json!({ "object": "passkey", "id": id }))
}

/// Options for `navigator.credentials.get` when the shopper has passkeys, else `None`.
pub async fn assertion_options(app: &App, session: &Session, jkt: &Thumbprint, rp: &RelyingParty) -> ApiResult<Option<Value>> {
    let keys = passkeys::for_shopper(&app.db, &shopper_key(session)).await?;
    if keys.is_empty() {
        return Ok(None);
    }
    let challenge = webauthn::challenge(&RustCrypto)?;
    passkeys::insert_challenge(&app.db, &challenge, &session.id, jkt.as_str(), "authenticate", &binding(session)?, app.now + CEREMONY_SECONDS).await?;
    let allow: Vec<Value> = keys.into_iter().map(|p| json!({ "type": "public-key", "id": p.credential_id })).collect();
    Ok(Some(json!({
        "challenge": challenge,
        "rpId": rp.id,
        "allowCredentials": allow,
        "userVerification": "required",
        "timeout": CEREMONY_SECONDS * 1000,
    })))
}

/// Verifies an assertion for this session's payment (§7.2) and advances the passkey's counter.
pub async fn verify_assertion(app: &App, session: &Session, jkt: &Thumbprint, rp: &RelyingParty, assertion: &Value) -> ApiResult<()> {
    let client_data = decoded(assertion, &["response", "clientDataJSON"])?;
    let authenticator_data = decoded(assertion, &["response", "authenticatorData"])?;
    let signature = decoded(assertion, &["response", "signature"])?;
    let challenge = challenge_of(&client_data)?;
    // Single use, and bound to the amount: a changed session makes the challenge worthless.
    if !passkeys::consume_challenge(&app.db, &challenge, &session.id, jkt.as_str(), "authenticate", &binding(session)?, app.now).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let id = field(assertion, &["id"])?;
    let passkey = passkeys::get(&app.db, &shopper_key(session), id).await?.ok_or_else(|| ApiError::new(401, "unknown_passkey", "This passkey is not registered for this shopper."))?;
    let jwk: PublicJwk = passkey.public_jwk.parse()?;
    let key = RustCrypto.import_verifying_key(&jwk).await?;
    let expected = webauthn::Expected { rp_id: &rp.id, origin: &rp.origin, challenge: &challenge };
    let count = webauthn::verify_assertion(&RustCrypto, &key, passkey.sign_count, &client_data, &authenticator_data, &signature, &expected)
        .await
        .map_err(webauthn_error)?;
    if !passkeys::advance_sign_count(&app.db, &passkey.credential_id, passkey.sign_count, count, app.now).await? {
        return Err(webauthn_error(CoreError::WebauthnSignCount));
    }
    Ok(())
}

//! Passkeys for the dashboard: a signed-in user adds one (WebAuthn, ES256, resident key, user
//! verification required), then signs in with it, with no address typed and no code sent. The
//! challenge is single use and made for its purpose; the counter must grow.

use serde_json::{json, Value};
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::{b64, webauthn, Error as CoreError};

use super::model::{AuthMethod, UserPasskey};
use super::ports::{AccountPorts, UserPasskeys, Users};
use super::sessions::Signed;
use super::sign_in::{start_session, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::passkey::{challenge_of, decoded, field, webauthn_error, Assertion};

/// Seconds a ceremony may take.
const CEREMONY_SECONDS: u64 = 300;
/// Passkeys one user may have.
const MAX_PASSKEYS: usize = 10;

/// Options for `navigator.credentials.get`: any of the site's passkeys may answer.
pub async fn sign_in_options(p: &impl AccountPorts) -> ApiResult<Value> {
    let challenge = webauthn::challenge(&RustCrypto)?;
    p.user_passkeys().challenge(&challenge, "sign_in", None, p.now() + CEREMONY_SECONDS).await?;
    let s = p.account_settings();
    Ok(json!({ "publicKey": { "challenge": challenge, "rpId": s.rp_id, "userVerification": "required", "timeout": CEREMONY_SECONDS * 1000 } }))
}

fn expected<'a>(p: &'a impl AccountPorts, challenge: &'a str) -> webauthn::Expected<'a> {
    let s = p.account_settings();
    webauthn::Expected { rp_id: &s.rp_id, origin: &s.origin, challenge }
}

/// `POST /v1/dashboard/passkeys/sign_in`: an assertion signs its user in.
pub async fn sign_in(p: &impl AccountPorts, assertion: &Value) -> ApiResult<SignedIn> {
    let assertion = Assertion::parse(assertion)?;
    let now = p.now();
    if !p.user_passkeys().consume(&assertion.challenge, "sign_in", None, now).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let passkey = p.user_passkeys().get(assertion.id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
    let s = p.account_settings();
    let count = assertion.verify(&passkey.public_jwk, passkey.sign_count, &s.rp_id, &s.origin).await?;
    if !p.user_passkeys().used(&passkey.credential_id, passkey.sign_count, count, now).await? {
        return Err(webauthn_error(CoreError::WebauthnSignCount));
    }
    let user = p.users().get(&passkey.user_id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
    start_session(p, user, AuthMethod::Passkey).await
}

/// Options for `navigator.credentials.create`, for the signed-in user.
pub async fn registration_options(p: &impl AccountPorts, signed: &Signed) -> ApiResult<Value> {
    let existing = p.user_passkeys().of_user(&signed.user.id).await?;
    if existing.len() >= MAX_PASSKEYS {
        return Err(ErrorCode::PasskeyExists.into());
    }
    let challenge = webauthn::challenge(&RustCrypto)?;
    p.user_passkeys().challenge(&challenge, "register", Some(&signed.user.id), p.now() + CEREMONY_SECONDS).await?;
    let s = p.account_settings();
    let exclude: Vec<Value> = existing.iter().map(|k| json!({ "type": "public-key", "id": k.credential_id })).collect();
    Ok(json!({
        "publicKey": {
            "challenge": challenge,
            "rp": { "id": s.rp_id, "name": "Tessera Dashboard" },
            "user": { "id": b64::encode(signed.user.id.as_bytes()), "name": signed.user.email, "displayName": signed.user.email },
            "pubKeyCredParams": [{ "type": "public-key", "alg": -7 }],
            "authenticatorSelection": { "residentKey": "required", "userVerification": "required" },
            "attestation": "none",
            "excludeCredentials": exclude,
            "timeout": CEREMONY_SECONDS * 1000,
        }
    }))
}

/// `POST /v1/dashboard/passkeys`: verifies and keeps a new passkey.
pub async fn register(p: &impl AccountPorts, signed: &Signed, credential: &Value, name: Option<&str>) -> ApiResult<UserPasskey> {
    let client_data = decoded(credential, &["response", "clientDataJSON"])?;
    let attestation = decoded(credential, &["response", "attestationObject"])?;
    let challenge = challenge_of(&client_data)?;
    if !p.user_passkeys().consume(&challenge, "register", Some(&signed.user.id), p.now()).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let (created, sign_count) = webauthn::verify_registration(&client_data, &attestation, &expected(p, &challenge)).map_err(webauthn_error)?;
    let id = b64::encode(&created.credential_id);
    if field(credential, &["id"])? != id {
        return Err(CoreError::WebauthnMalformed.into());
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty() && n.chars().count() <= 60 && !n.chars().any(char::is_control)).unwrap_or("Passkey");
    let passkey = UserPasskey { credential_id: id, user_id: signed.user.id.clone(), public_jwk: created.public_key.to_string(), sign_count, name: name.to_owned(), created_at: p.now(), last_used_at: None };
    if !p.user_passkeys().insert(&passkey).await? {
        return Err(ErrorCode::PasskeyExists.into());
    }
    Ok(passkey)
}

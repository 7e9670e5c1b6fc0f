//! Passkeys of personal accounts: added while signed in (WebAuthn, ES256, resident key, user
//! verification required), the normal way in afterwards, and what unlocks a locked account. They
//! are kept under the account's shopper key, so the card frame's step-up offers them too when the
//! shopper is signed in there. A guest's passkey, made at one merchant's checkout, opens no account.

use serde_json::{json, Value};
use tessera_core::account::personal::{ActivityType, SignInMethod};
use tessera_core::api::ErrorCode;
use tessera_core::crypto::RustCrypto;
use tessera_core::{b64, kdf, webauthn, Error as CoreError};

use super::model::AccountPasskey;
use super::ports::{PersonalPorts, ShopperAccounts, ShopperPasskeys};
use super::sessions::{self, log, Browser, Signed, SignedIn};
use crate::error::{ApiError, ApiResult};
use crate::passkey::{challenge_of, decoded, field, webauthn_error, Assertion};

/// Seconds a ceremony may take.
const CEREMONY_SECONDS: u64 = 300;
/// Passkeys one account may have.
const MAX_PASSKEYS: usize = 10;

fn expected<'a>(p: &'a impl PersonalPorts, challenge: &'a str) -> webauthn::Expected<'a> {
    let s = p.personal_settings();
    webauthn::Expected { rp_id: &s.rp_id, origin: &s.origin, challenge }
}

/// Options for `navigator.credentials.get`: any passkey of the site may answer.
pub async fn sign_in_options(p: &impl PersonalPorts) -> ApiResult<Value> {
    let challenge = webauthn::challenge(&RustCrypto)?;
    p.shopper_passkeys().challenge(&challenge, "sign_in", None, p.now() + CEREMONY_SECONDS).await?;
    let s = p.personal_settings();
    Ok(json!({ "publicKey": { "challenge": challenge, "rpId": s.rp_id, "userVerification": "required", "timeout": CEREMONY_SECONDS * 1000 } }))
}

/// `POST /v1/account/passkeys/sign_in`: an assertion signs its account in (and unlocks it).
pub async fn sign_in(p: &impl PersonalPorts, assertion: &Value, browser: &Browser) -> ApiResult<SignedIn> {
    let assertion = Assertion::parse(assertion)?;
    let now = p.now();
    if !p.shopper_passkeys().consume(&assertion.challenge, "sign_in", None, now).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let passkey = p.shopper_passkeys().get(assertion.id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
    let s = p.personal_settings();
    let count = assertion.verify(&passkey.public_jwk, passkey.sign_count, &s.rp_id, &s.origin).await?;
    if !p.shopper_passkeys().used(&passkey.credential_id, passkey.sign_count, count, now).await? {
        return Err(webauthn_error(CoreError::WebauthnSignCount));
    }
    let account = p.shopper_accounts().get(&passkey.account_id).await?.ok_or_else(|| ApiError::from(ErrorCode::UnknownPasskey))?;
    let account = sessions::unlock(p, account, "passkey").await?;
    sessions::start(p, account, SignInMethod::Passkey, browser, false).await
}

/// Options for `navigator.credentials.create`, for the signed-in account.
pub async fn registration_options(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<Value> {
    let existing = p.shopper_passkeys().of(&signed.account.id).await?;
    if existing.len() >= MAX_PASSKEYS {
        return Err(ErrorCode::PasskeyExists.into());
    }
    let challenge = webauthn::challenge(&RustCrypto)?;
    p.shopper_passkeys().challenge(&challenge, "register", Some(&signed.account.id), p.now() + CEREMONY_SECONDS).await?;
    let s = p.personal_settings();
    let exclude: Vec<Value> = existing.iter().map(|k| json!({ "type": "public-key", "id": k.credential_id })).collect();
    // The user handle says nothing about the person: a keyed hash of the account id.
    let handle = b64::encode(&kdf::hmac_sha256(&s.code_key, signed.account.shopper_key().as_bytes()));
    Ok(json!({
        "publicKey": {
            "challenge": challenge,
            "rp": { "id": s.rp_id, "name": "Tessera" },
            "user": { "id": handle, "name": signed.account.email, "displayName": signed.account.email },
            "pubKeyCredParams": [{ "type": "public-key", "alg": -7 }],
            "authenticatorSelection": { "residentKey": "required", "userVerification": "required" },
            "attestation": "none",
            "excludeCredentials": exclude,
            "timeout": CEREMONY_SECONDS * 1000,
        }
    }))
}

/// `POST /v1/account/passkeys`: verifies and keeps a new passkey.
pub async fn register(p: &impl PersonalPorts, signed: &Signed, credential: &Value, name: Option<&str>) -> ApiResult<AccountPasskey> {
    let client_data = decoded(credential, &["response", "clientDataJSON"])?;
    let attestation = decoded(credential, &["response", "attestationObject"])?;
    let challenge = challenge_of(&client_data)?;
    if !p.shopper_passkeys().consume(&challenge, "register", Some(&signed.account.id), p.now()).await? {
        return Err(webauthn_error(CoreError::WebauthnChallengeMismatch));
    }
    let (created, sign_count) = webauthn::verify_registration(&client_data, &attestation, &expected(p, &challenge)).map_err(webauthn_error)?;
    let id = b64::encode(&created.credential_id);
    if field(credential, &["id"])? != id {
        return Err(CoreError::WebauthnMalformed.into());
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty() && n.chars().count() <= 60 && !n.chars().any(char::is_control)).unwrap_or("Passkey");
    let passkey = AccountPasskey {
        credential_id: id,
        account_id: signed.account.id.clone(),
        public_jwk: created.public_key.to_string(),
        sign_count,
        name: name.to_owned(),
        created_at: p.now(),
        last_used_at: None,
    };
    if !p.shopper_passkeys().insert(&passkey).await? {
        return Err(ErrorCode::PasskeyExists.into());
    }
    log(p, &signed.account.id, ActivityType::PasskeyAdded, json!({ "name": passkey.name })).await?;
    Ok(passkey)
}

/// Removes one of the account's passkeys: its credential is gone, so it signs in and pays no more.
pub async fn remove(p: &impl PersonalPorts, signed: &Signed, credential_id: &str) -> ApiResult<()> {
    if !p.shopper_passkeys().delete(&signed.account.id, credential_id).await? {
        return Err(ApiError::not_found("passkey"));
    }
    log(p, &signed.account.id, ActivityType::PasskeyRemoved, json!({ "id": credential_id })).await
}

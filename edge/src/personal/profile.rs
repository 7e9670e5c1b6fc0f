//! The verification steps after the email: the phone (a code to the number; a change is a new
//! authenticator, so it needs the passkey or the old number first, and both numbers and the email
//! hear of it), the home address (in its country's format) and the identity check.

use serde_json::{json, Value};
use tessera_core::account::identity::{self, IdentityInput};
use tessera_core::account::personal::{self, ActivityType, Level};
use tessera_core::account::verification::{self, Outcome, VerificationEvent};
use tessera_core::address::{self, AddressInput};
use tessera_core::api::{Channel, ErrorCode};
use tessera_core::date::Date;
use tessera_core::shopper::Phone;

use super::codes::{self, code_json};
use super::model::{CodePurpose, ShopperAccount};
use super::ports::{AccountSessions, IdentityVerifier, PersonalPorts, ShopperAccounts};
use super::sessions::{log, notify, Signed};
use crate::error::{ApiError, ApiResult};

fn needs(account: &ShopperAccount, level: Level) -> ApiResult<()> {
    if account.proofs().may_start(level) {
        Ok(())
    } else {
        Err(ErrorCode::LevelNotReached.into())
    }
}

/// `POST /v1/account/phone`: a code to a new number.
pub async fn start_phone(p: &impl PersonalPorts, signed: &Signed, phone: &str) -> ApiResult<Value> {
    let phone: Phone = phone.parse()?;
    let a = &signed.account;
    needs(a, Level::Phone)?;
    let s = &signed.session;
    if !personal::may_change_phone(a.phone.is_some(), s.method, s.created_at, s.current_phone_proved, p.now()) {
        return Err(ErrorCode::ReauthenticationRequired.into());
    }
    let code = codes::send(p, CodePurpose::Phone, Some(&a.id), Channel::Sms, phone.as_str(), &a.id).await?;
    Ok(code_json(&code, p.personal_settings().limits.resend_interval))
}

/// `POST /v1/account/phone/current`: a code to the current number, to change it.
pub async fn start_current_phone(p: &impl PersonalPorts, signed: &Signed) -> ApiResult<Value> {
    let a = &signed.account;
    let phone = a.phone.as_deref().ok_or_else(|| ApiError::from(ErrorCode::LevelNotReached))?;
    let code = codes::send(p, CodePurpose::CurrentPhone, Some(&a.id), Channel::Sms, phone, &a.id).await?;
    Ok(code_json(&code, p.personal_settings().limits.resend_interval))
}

/// `POST /v1/account/codes/{id}/resend` for a phone code of the signed-in account.
pub async fn resend_phone_code(p: &impl PersonalPorts, signed: &Signed, id: &str, purpose: CodePurpose) -> ApiResult<Value> {
    let code = codes::resend(p, id, purpose, Some(&signed.account.id), &signed.account.id).await?;
    Ok(code_json(&code, p.personal_settings().limits.resend_interval))
}

/// `POST /v1/account/phone/current/verify`: this sign-in has proved the current number.
pub async fn verify_current_phone(p: &impl PersonalPorts, signed: &Signed, id: &str, code: &str) -> ApiResult<()> {
    codes::verify(p, id, CodePurpose::CurrentPhone, Some(&signed.account.id), code, &signed.account.id).await?;
    p.account_sessions().current_phone_proved(&signed.session.token_hash).await
}

/// `POST /v1/account/phone/verify`: the code proves the new number, which becomes the account's.
pub async fn verify_phone(p: &impl PersonalPorts, signed: &Signed, id: &str, code: &str) -> ApiResult<ShopperAccount> {
    let a = &signed.account;
    let proved = codes::verify(p, id, CodePurpose::Phone, Some(&a.id), code, &a.id).await?;
    let old = a.phone.clone();
    let account = ShopperAccount { phone: Some(proved.destination.clone()), ..a.clone() };
    p.shopper_accounts().save(&account, p.now()).await?;
    let masked = |n: &str| n.parse::<Phone>().map(|p| p.masked()).unwrap_or_default();
    match old {
        None => log(p, &a.id, ActivityType::Verified, json!({ "level": "phone" })).await?,
        Some(old) => {
            log(p, &a.id, ActivityType::PhoneChanged, json!({ "from": masked(&old), "to": masked(&proved.destination) })).await?;
            let body = format!("The phone number of your Tessera account was changed from {} to {}.", masked(&old), masked(&proved.destination));
            // The old number hears of it too: whoever took the account cannot silence its owner.
            notify(p, &ShopperAccount { phone: Some(old.clone()), ..account.clone() }, Some(&proved.destination), "Your phone number was changed", &body).await?;
        }
    }
    Ok(account)
}

/// `PUT /v1/account/address`: the home address, in its country's format.
pub async fn set_address(p: &impl PersonalPorts, signed: &Signed, input: &AddressInput) -> ApiResult<ShopperAccount> {
    let a = &signed.account;
    needs(a, Level::Address)?;
    let valid = address::validate(input).map_err(|e| ApiError::from(ErrorCode::InvalidHomeAddress).with_extra(json!({ "reason": e.code(), "field": e.field().as_str() })))?;
    let value = serde_json::to_value(&valid).map_err(|_| ApiError::internal("address", "unserialisable address"))?;
    let first = a.address.is_none();
    let account = ShopperAccount { address: Some(value), ..a.clone() };
    p.shopper_accounts().save(&account, p.now()).await?;
    if first {
        log(p, &a.id, ActivityType::Verified, json!({ "level": "address" })).await?;
    } else {
        log(p, &a.id, ActivityType::AddressChanged, json!({ "country": valid.country() })).await?;
    }
    Ok(account)
}

/// `POST /v1/account/identity`: the identity check, through the verifier.
pub async fn submit_identity(p: &impl PersonalPorts, signed: &Signed, input: &IdentityInput) -> ApiResult<ShopperAccount> {
    let a = &signed.account;
    needs(a, Level::Identity)?;
    let today = Date::of(p.now(), 0);
    let claim = identity::check(input, today)?;
    let pending = verification::step(a.identity, VerificationEvent::Submit)?;
    let (outcome, reference) = p.identity_verifier().submit(a, &claim).await?;
    let status = verification::step(pending, VerificationEvent::Verifier(outcome))?;
    let summary = json!({
        "type": claim.document_type.as_str(),
        "issuing_country": claim.issuing_country,
        "number_last4": claim.number_last4(),
        "given_name": claim.given_name,
        "family_name": claim.family_name,
    });
    let account = ShopperAccount { identity: status, identity_reference: reference, identity_summary: Some(summary), ..a.clone() };
    p.shopper_accounts().save(&account, p.now()).await?;
    log(p, &a.id, ActivityType::Verified, json!({ "level": "identity", "status": status.as_str() })).await?;
    Ok(account)
}

/// The operator decides an identity check in review.
pub async fn review_identity(p: &impl PersonalPorts, account_id: &str, approve: bool) -> ApiResult<ShopperAccount> {
    let a = p.shopper_accounts().get(account_id).await?.ok_or_else(|| ApiError::not_found("shopper_account"))?;
    let status = verification::step(a.identity, VerificationEvent::Reviewed(approve))?;
    let account = ShopperAccount { identity: status, ..a };
    p.shopper_accounts().save(&account, p.now()).await?;
    log(p, &account.id, ActivityType::Verified, json!({ "level": "identity", "status": status.as_str() })).await?;
    Ok(account)
}

/// The identity verifier's later answer about a check it said was pending. An answer for a check
/// already decided (a repeat, or one that crossed an operator's decision) changes nothing.
pub async fn identity_notified(p: &impl PersonalPorts, reference: &str, outcome: Outcome, reason: Option<String>) -> ApiResult<()> {
    let a = p.shopper_accounts().by_identity_reference(reference).await?.ok_or_else(|| ApiError::not_found("identity check"))?;
    let Ok(status) = verification::step(a.identity, VerificationEvent::Verifier(outcome)) else { return Ok(()) };
    let account = ShopperAccount { identity: status, ..a };
    p.shopper_accounts().save(&account, p.now()).await?;
    log(p, &account.id, ActivityType::Verified, json!({ "level": "identity", "status": status.as_str(), "reason": reason })).await
}

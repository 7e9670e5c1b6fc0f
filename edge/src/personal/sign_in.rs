//! Signing in to a personal account, or up: a code to the email address (which makes the account
//! on its first use), or a passkey, the normal way in once there is one. The answers are the same
//! whether or not the address has an account, until the code proves the mailbox.
//!
//! A locked account opens only to its passkey, or to a code to the email followed by a code to the
//! phone: the first is answered `account_locked` with the id of the second, sent only then.

use serde_json::{json, Value};
use tessera_core::account::personal::{ActivityType, SignInMethod};
use tessera_core::account::verification::VerificationStatus;
use tessera_core::api::{Channel, ErrorCode};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::shopper::Email;

use super::codes::{self, code_json};
use super::model::{CodePurpose, ShopperAccount};
use super::ports::{PersonalPorts, ShopperAccounts};
use super::sessions::{self, log, Browser, SignedIn};
use crate::error::{ApiError, ApiResult};

/// Whose wrong sign-in codes these are: the account's if the address has one, else the address's.
async fn strikes_of(p: &impl PersonalPorts, email: &str) -> ApiResult<String> {
    Ok(p.shopper_accounts().by_email(email).await?.map_or_else(|| format!("email:{email}"), |a| a.id))
}

/// `POST /v1/account/codes`: a sign-in code to `email`.
pub async fn send_code(p: &impl PersonalPorts, email: &str) -> ApiResult<Value> {
    let email = email.parse::<Email>()?.as_str().to_ascii_lowercase();
    let strikes = strikes_of(p, &email).await?;
    let code = codes::send(p, CodePurpose::SignIn, None, Channel::Email, &email, &strikes).await?;
    Ok(code_json(&code, p.personal_settings().limits.resend_interval))
}

/// `POST /v1/me/codes/{id}/resend`: a sign-in code, or the SMS code that unlocks an account
/// (whose id only the email code's owner was given).
pub async fn resend_code(p: &impl PersonalPorts, id: &str) -> ApiResult<Value> {
    use super::ports::AccountCodes;
    let code = match p.account_codes().get(id).await? {
        Some(c) if c.purpose == CodePurpose::SignIn => {
            let strikes = strikes_of(p, &c.destination).await?;
            codes::resend(p, id, CodePurpose::SignIn, None, &strikes).await?
        }
        Some(c) if c.purpose == CodePurpose::UnlockPhone => {
            let account = c.account_id.unwrap_or_default();
            codes::resend(p, id, CodePurpose::UnlockPhone, Some(&account), &account).await?
        }
        _ => return Err(ErrorCode::CodeExpired.into()),
    };
    Ok(code_json(&code, p.personal_settings().limits.resend_interval))
}

/// Records a refused sign-in on the account it was for, so its owner sees the attempts.
async fn failed(p: &impl PersonalPorts, email: &str, error: &ApiError, browser: &Browser) -> ApiResult<()> {
    if let Some(account) = p.shopper_accounts().by_email(email).await? {
        log(p, &account.id, ActivityType::SignInFailed, json!({ "reason": error.code.as_str(), "country": browser.country, "browser": browser.family })).await?;
    }
    Ok(())
}

async fn p_code_destination(p: &impl PersonalPorts, id: &str) -> ApiResult<String> {
    use super::ports::AccountCodes;
    match p.account_codes().get(id).await? {
        Some(c) if c.purpose == CodePurpose::SignIn => Ok(c.destination),
        _ => Err(ErrorCode::CodeExpired.into()),
    }
}

/// What a sign-in code led to.
#[derive(Debug)]
pub enum Outcome {
    /// Signed in (or up).
    SignedIn(Box<SignedIn>),
    /// The account is locked: here is the phone code that, with this one, unlocks it.
    Locked(Value),
}

/// `POST /v1/account/codes/{id}/verify`: the code signs in, or up.
pub async fn verify_code(p: &impl PersonalPorts, id: &str, code: &str, browser: &Browser) -> ApiResult<Outcome> {
    let to = p_code_destination(p, id).await?;
    let strikes = strikes_of(p, &to).await?;
    let proved = match codes::verify(p, id, CodePurpose::SignIn, None, code, &strikes).await {
        Ok(proved) => proved,
        Err(error) => {
            failed(p, &to, &error, browser).await?;
            return Err(error);
        }
    };
    let now = p.now();
    let (account, new) = match p.shopper_accounts().by_email(&proved.destination).await? {
        Some(account) => (account, false),
        None => {
            let id = Id::generate(&RustCrypto, Kind::ShopperAccount)?.as_str().to_owned();
            let fresh = ShopperAccount {
                id,
                email: proved.destination.clone(),
                phone: None,
                address: None,
                identity: VerificationStatus::Unverified,
                identity_reference: None,
                identity_summary: None,
                locked_at: None,
                created_at: now,
            };
            let stored = p.shopper_accounts().insert(&fresh).await?;
            let new = stored.id == fresh.id;
            if new {
                log(p, &stored.id, ActivityType::Created, json!({})).await?;
                log(p, &stored.id, ActivityType::Verified, json!({ "level": "email" })).await?;
            }
            (stored, new)
        }
    };
    if account.locked_at.is_some() {
        let Some(phone) = account.phone.clone() else {
            // No second channel: only the passkey can unlock it.
            return Err(ErrorCode::AccountLocked.into());
        };
        let sms = codes::send(p, CodePurpose::UnlockPhone, Some(&account.id), Channel::Sms, &phone, &account.id).await?;
        return Ok(Outcome::Locked(code_json(&sms, p.personal_settings().limits.resend_interval)));
    }
    match sessions::start(p, account, SignInMethod::EmailCode, browser, new).await {
        Ok(signed) => Ok(Outcome::SignedIn(Box::new(signed))),
        Err(error) => {
            failed(p, &proved.destination, &error, browser).await?;
            Err(error)
        }
    }
}

/// `POST /v1/account/unlock`: the phone code after the email code unlocks the account and signs in.
pub async fn unlock_with_phone(p: &impl PersonalPorts, id: &str, code: &str, browser: &Browser) -> ApiResult<SignedIn> {
    use super::ports::AccountCodes;
    let account_id = match p.account_codes().get(id).await? {
        Some(c) if c.purpose == CodePurpose::UnlockPhone => c.account_id.unwrap_or_default(),
        _ => return Err(ErrorCode::CodeExpired.into()),
    };
    codes::verify(p, id, CodePurpose::UnlockPhone, Some(&account_id), code, &account_id).await?;
    let account = p.shopper_accounts().get(&account_id).await?.ok_or_else(|| ApiError::from(ErrorCode::CodeExpired))?;
    let account = sessions::unlock(p, account, "email_and_phone_codes").await?;
    sessions::start(p, account, SignInMethod::SmsCode, browser, false).await
}

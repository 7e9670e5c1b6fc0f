//! Codes for personal accounts, by email or SMS, with the step-up's limits: five wrong tries per
//! code and five wrong codes in a row per account (then a block, with `Retry-After`), at most
//! four sends per code, thirty seconds apart, and the destination's hourly limit, which is the
//! same counter step-ups use, so a number cannot be flooded by mixing the two.

use serde_json::{json, Value};
use tessera_core::api::{Channel, ErrorCode};
use tessera_core::checkout::Standing;
use tessera_core::crypto::RustCrypto;
use tessera_core::i18n::account_codes::{self, CodeUse};
use tessera_core::ids::{Id, Kind};
use tessera_core::otp;
use tessera_core::shopper::{Email, Phone};

use super::model::{AccountCode, CodePurpose};
use super::ports::{AccountCodes, PersonalPorts};
use crate::checkout::model::Destination;
use crate::checkout::ports::{Counters, Message, Messenger};
use crate::error::{ApiError, ApiResult};

/// Whose wrong codes a code counts against: the account, or the address signing up.
pub fn strikes_key(who: &str) -> String {
    format!("personal:{who}")
}

fn blocked(standing: &Standing, now: u64) -> ApiError {
    ApiError::from(ErrorCode::SignInBlocked).with_header("Retry-After", standing.blocked_until.saturating_sub(now).max(1).to_string())
}

/// Where a code went, masked.
fn masked(channel: Channel, to: &str) -> String {
    match channel {
        Channel::Email => to.parse::<Email>().map(|e| e.masked()).unwrap_or_default(),
        Channel::Sms => to.parse::<Phone>().map(|p| p.masked()).unwrap_or_default(),
    }
}

/// What the client is told about a code: never the code, never whether an account exists.
pub fn code_json(code: &AccountCode, resend_interval: u64) -> Value {
    json!({
        "id": code.id,
        "object": "account_code",
        "channel": code.channel.as_str(),
        "destination_masked": masked(code.channel, &code.destination),
        "expires_at": code.expires_at,
        "resend_after": code.last_sent_at + resend_interval,
    })
}

fn text(purpose: CodePurpose, code: &str, language: &str) -> (String, String) {
    let what = match purpose {
        CodePurpose::SignIn => CodeUse::SignIn,
        CodePurpose::Phone => CodeUse::Phone,
        CodePurpose::CurrentPhone => CodeUse::CurrentPhone,
        CodePurpose::UnlockEmail | CodePurpose::UnlockPhone => CodeUse::Unlock,
    };
    account_codes::message(account_codes::words(language), what, code)
}

/// Sends a fresh code within the limits; the code itself.
async fn deliver(p: &impl PersonalPorts, purpose: CodePurpose, channel: Channel, to: &str, strikes: &str) -> ApiResult<String> {
    let now = p.now();
    let limits = &p.personal_settings().limits;
    let standing = p.counters().standing(&strikes_key(strikes)).await?;
    if standing.blocked(now) {
        return Err(blocked(&standing, now));
    }
    let destination = Destination { channel, to: to.to_owned(), masked: masked(channel, to) };
    if !p.counters().take(&destination.counter_key(), limits.max_codes_per_destination, limits.destination_window).await? {
        return Err(ApiError::from(ErrorCode::DestinationRateLimited).with_header("Retry-After", limits.destination_window.to_string()));
    }
    let code = otp::generate(&RustCrypto)?;
    let (subject, body) = text(purpose, &code, p.personal_settings().language);
    p.messenger().send(&Message { destination, subject, body }).await?;
    Ok(code)
}

/// Sends a code for `purpose` to `to`, counted against `strikes` (an account id or an address).
pub async fn send(p: &impl PersonalPorts, purpose: CodePurpose, account_id: Option<&str>, channel: Channel, to: &str, strikes: &str) -> ApiResult<AccountCode> {
    let id = Id::generate(&RustCrypto, Kind::AccountCode)?.as_str().to_owned();
    let code = deliver(p, purpose, channel, to, strikes).await?;
    let now = p.now();
    let row = AccountCode {
        code_hash: otp::hash(&p.personal_settings().code_key, &id, to, &code),
        id,
        purpose,
        account_id: account_id.map(str::to_owned),
        channel,
        destination: to.to_owned(),
        sends: 1,
        attempts: 0,
        last_sent_at: now,
        expires_at: now + p.personal_settings().limits.code_ttl,
        consumed_at: None,
    };
    p.account_codes().insert(&row).await?;
    Ok(row)
}

/// The unused code `id` for `purpose` and `account_id`, or `code_expired` (for unknown ids and
/// others' codes too: ids are not probed).
async fn usable(p: &impl PersonalPorts, id: &str, purpose: CodePurpose, account_id: Option<&str>) -> ApiResult<AccountCode> {
    match p.account_codes().get(id).await? {
        Some(code) if code.consumed_at.is_none() && code.purpose == purpose && code.account_id.as_deref() == account_id => Ok(code),
        _ => Err(ErrorCode::CodeExpired.into()),
    }
}

/// A new code on the same id.
pub async fn resend(p: &impl PersonalPorts, id: &str, purpose: CodePurpose, account_id: Option<&str>, strikes: &str) -> ApiResult<AccountCode> {
    let current = usable(p, id, purpose, account_id).await?;
    let now = p.now();
    let limits = &p.personal_settings().limits;
    if current.sends >= limits.max_codes_per_session {
        return Err(ErrorCode::ResendLimit.into());
    }
    if now < current.last_sent_at + limits.resend_interval {
        return Err(ApiError::from(ErrorCode::ResendTooSoon).with_header("Retry-After", (current.last_sent_at + limits.resend_interval - now).to_string()));
    }
    let code = deliver(p, purpose, current.channel, &current.destination, strikes).await?;
    let hash = otp::hash(&p.personal_settings().code_key, id, &current.destination, &code);
    let expires_at = now + limits.code_ttl;
    if !p.account_codes().resend(id, current.sends, &hash, now, expires_at).await? {
        return Err(ErrorCode::ResendTooSoon.into());
    }
    Ok(AccountCode { code_hash: hash, sends: current.sends + 1, last_sent_at: now, expires_at, attempts: current.attempts, ..current })
}

/// Weighs `code` against the code `id`; the code, used up, when it is right.
pub async fn verify(p: &impl PersonalPorts, id: &str, purpose: CodePurpose, account_id: Option<&str>, code: &str, strikes: &str) -> ApiResult<AccountCode> {
    let current = usable(p, id, purpose, account_id).await?;
    let now = p.now();
    let limits = &p.personal_settings().limits;
    let key = strikes_key(strikes);
    // Both counted before the code is weighed: concurrent guesses cannot all slip under.
    let before = p.counters().strike(&key, limits).await?;
    if before.blocked(now) {
        return Err(blocked(&before, now));
    }
    let tried = p.account_codes().attempt(id).await?;
    if tried >= limits.max_failed_codes {
        return Err(ErrorCode::CodeLocked.into());
    }
    if now >= current.expires_at {
        return Err(ErrorCode::CodeExpired.into());
    }
    if !otp::matches(&p.personal_settings().code_key, id, &current.destination, code.trim(), &current.code_hash) {
        let account_left = limits.max_failed_codes.saturating_sub(before.failures + 1);
        if account_left == 0 {
            let standing = p.counters().standing(&key).await?;
            return Err(blocked(&standing, now));
        }
        let left = account_left.min(limits.max_failed_codes.saturating_sub(tried + 1));
        if left == 0 {
            return Err(ErrorCode::CodeLocked.into());
        }
        return Err(ApiError::from(ErrorCode::IncorrectCode).with_extra(json!({ "attempts_left": left })));
    }
    p.counters().clear(&key).await?;
    if !p.account_codes().consume(id, now).await? {
        return Err(ErrorCode::CodeExpired.into());
    }
    Ok(current)
}

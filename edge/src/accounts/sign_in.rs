//! Signing in to the dashboard with a code sent by email. One flow serves sign-up and sign-in:
//! a new address becomes a user when its code is verified, and the answers are the same whether
//! or not the address has an account, so the flow tells no one who is a customer.
//!
//! What holds whatever the client does: five wrong codes in a row for an address block codes to
//! it for an hour, however many codes were asked for (a guess is counted before it is weighed);
//! at most ten codes an hour reach one address; a code works once, for five minutes.

use serde_json::{json, Value};
use tessera_core::account::dashboard::{self, MAX_CODES_PER_HOUR, MAX_FAILED_CODES};
use tessera_core::api::{Channel, ErrorCode};
use tessera_core::checkout::{Limits, Standing};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::otp;
use tessera_core::shopper::Email;

use super::model::{AuthMethod, DashboardSession, EmailCode, User};
use super::ports::{AccountPorts, DashboardSessions, EmailCodes, Members, Users};
use crate::checkout::model::Destination;
use crate::checkout::ports::{Counters, Message, Messenger};
use crate::checkout::secret_hash;
use crate::error::{ApiError, ApiResult};

/// The strikes of an address are counted apart from shoppers'.
fn strikes_key(email: &str) -> String {
    format!("account:{email}")
}

fn strike_limits() -> Limits {
    Limits { max_failed_codes: MAX_FAILED_CODES, shopper_block: dashboard::BLOCK_SECONDS, ..Limits::default() }
}

fn blocked(standing: &Standing, now: u64) -> ApiError {
    ApiError::from(ErrorCode::SignInBlocked).with_header("Retry-After", standing.blocked_until.saturating_sub(now).max(1).to_string())
}

/// What the client is told about a code sent: never the code, never whether the address is known.
pub fn code_json(code: &EmailCode) -> Value {
    let masked = code.email.parse::<Email>().map(|e| e.masked()).unwrap_or_default();
    json!({
        "id": code.id,
        "object": "email_code",
        "email_masked": masked,
        "expires_at": code.expires_at,
        "resend_after": code.last_sent_at + otp::RESEND_INTERVAL_SECONDS,
    })
}

/// Sends a new code, within the address's limits.
async fn mail_code(p: &impl AccountPorts, email: &str) -> ApiResult<String> {
    let now = p.now();
    let standing = p.counters().standing(&strikes_key(email)).await?;
    if standing.blocked(now) {
        return Err(blocked(&standing, now));
    }
    if !p.counters().take(&format!("account-codes:{email}"), MAX_CODES_PER_HOUR, 3600).await? {
        return Err(ApiError::from(ErrorCode::DestinationRateLimited).with_header("Retry-After", "3600"));
    }
    let code = otp::generate(&RustCrypto)?;
    let body = format!(
        "Your Tessera sign-in code is {code}.\n\nIt works once, for the next five minutes. If you did not ask to sign in, you can ignore this email: nobody can sign in without the code."
    );
    let to = Destination { channel: Channel::Email, to: email.to_owned(), masked: String::new() };
    p.messenger().send(&Message { destination: to, subject: "Your Tessera sign-in code".into(), body }).await?;
    Ok(code)
}

/// `POST /v1/dashboard/email_codes`: a code to `email`.
pub async fn send_code(p: &impl AccountPorts, email: &str) -> ApiResult<EmailCode> {
    let email = email.parse::<Email>()?.as_str().to_ascii_lowercase();
    let id = Id::generate(&RustCrypto, Kind::EmailCode)?.as_str().to_owned();
    let code = mail_code(p, &email).await?;
    let now = p.now();
    let row = EmailCode {
        code_hash: otp::hash(&p.account_settings().code_key, &id, &email, &code),
        id,
        email,
        sends: 1,
        last_sent_at: now,
        expires_at: now + otp::TTL_SECONDS,
        consumed_at: None,
    };
    p.codes().insert(&row).await?;
    Ok(row)
}

/// A code that can still be used, or `code_expired` (for unknown ids too: ids are not probed).
async fn usable(p: &impl AccountPorts, id: &str) -> ApiResult<EmailCode> {
    match p.codes().get(id).await? {
        Some(code) if code.consumed_at.is_none() => Ok(code),
        _ => Err(ErrorCode::CodeExpired.into()),
    }
}

/// `POST /v1/dashboard/email_codes/{id}/resend`: a new code for the same sign-in.
pub async fn resend_code(p: &impl AccountPorts, id: &str) -> ApiResult<EmailCode> {
    let current = usable(p, id).await?;
    let now = p.now();
    if current.sends > otp::MAX_RESENDS {
        return Err(ErrorCode::ResendLimit.into());
    }
    if now < current.last_sent_at + otp::RESEND_INTERVAL_SECONDS {
        return Err(ApiError::from(ErrorCode::ResendTooSoon).with_header("Retry-After", (current.last_sent_at + otp::RESEND_INTERVAL_SECONDS - now).to_string()));
    }
    let code = mail_code(p, &current.email).await?;
    let hash = otp::hash(&p.account_settings().code_key, id, &current.email, &code);
    let expires_at = now + otp::TTL_SECONDS;
    // Two resends at once: one wins, the other is told to wait.
    if !p.codes().resend(id, current.sends, &hash, now, expires_at).await? {
        return Err(ErrorCode::ResendTooSoon.into());
    }
    Ok(EmailCode { code_hash: hash, sends: current.sends + 1, last_sent_at: now, expires_at, ..current })
}

/// A new sign-in: the token for the cookie (shown only here) and the session.
#[derive(Debug)]
pub struct SignedIn {
    /// The cookie's token, `dss_…`.
    pub token: String,
    /// The session as stored.
    pub session: DashboardSession,
    /// Who signed in.
    pub user: User,
}

/// Starts a session for `user`, on their first business if they have one.
pub async fn start_session(p: &impl AccountPorts, user: User, method: AuthMethod) -> ApiResult<SignedIn> {
    let token = Id::generate(&RustCrypto, Kind::DashboardSession)?.as_str().to_owned();
    p.members().claim_operator_invites(&user.email, &user.id, p.now()).await?;
    let merchant_id = p.members().of_user(&user.id).await?.into_iter().next().map(|m| m.merchant_id);
    let now = p.now();
    let session = DashboardSession { token_hash: secret_hash(&token), user_id: user.id.clone(), merchant_id, auth_method: method, created_at: now, last_seen_at: now, ended_at: None };
    p.dashboard_sessions().insert(&session).await?;
    Ok(SignedIn { token, session, user })
}

/// `POST /v1/dashboard/email_codes/{id}/verify`: the code signs in (and signs up a new address).
pub async fn verify_code(p: &impl AccountPorts, id: &str, code: &str) -> ApiResult<SignedIn> {
    let current = usable(p, id).await?;
    let now = p.now();
    let key = strikes_key(&current.email);
    // Counted before it is weighed: concurrent guesses cannot all slip under the limit.
    let before = p.counters().strike(&key, &strike_limits()).await?;
    if before.blocked(now) {
        return Err(blocked(&before, now));
    }
    if now >= current.expires_at {
        return Err(ErrorCode::CodeExpired.into());
    }
    if !otp::matches(&p.account_settings().code_key, id, &current.email, code.trim(), &current.code_hash) {
        let failures = before.failures + 1;
        if failures >= MAX_FAILED_CODES {
            let standing = p.counters().standing(&key).await?;
            return Err(blocked(&standing, now));
        }
        return Err(ApiError::from(ErrorCode::IncorrectCode).with_extra(json!({ "attempts_left": MAX_FAILED_CODES - failures })));
    }
    p.counters().clear(&key).await?;
    // Used once: a second verify of the same code, even concurrent, finds it consumed.
    if !p.codes().consume(id, now).await? {
        return Err(ErrorCode::CodeExpired.into());
    }
    let user = match p.users().by_email(&current.email).await? {
        Some(user) => user,
        None => {
            let id = Id::generate(&RustCrypto, Kind::User)?.as_str().to_owned();
            p.users().insert(&User { id, email: current.email.clone(), created_at: now }).await?
        }
    };
    start_session(p, user, AuthMethod::EmailCode).await
}

//! Step-up with a one-time code: start one (make, bind, send), check a code, send a new one.
//! Codes are six digits, single use, valid five minutes, stored as keyed hashes bound to the
//! session's amount and payee; five wrong codes lock the step-up; resends are limited.

use serde_json::{json, Value};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::jwk::Thumbprint;
use tessera_core::money::Amount;
use tessera_core::otp;
use tessera_core::shopper::{Email, Phone};

use crate::app::App;
use crate::http::{ApiError, ApiResult};
use crate::passkey::{self, RelyingParty};
use crate::risk::shopper_key;
use crate::sender::{self, Channel, Message};
use crate::store::merchants;
use crate::store::sessions::Session;
use crate::store::step_ups::{self, StepUp};

fn amount(session: &Session) -> ApiResult<Amount> {
    Ok(Amount::new(session.amount, session.currency.parse()?)?)
}

/// Where the code goes: the session's email, else its phone.
fn destination(session: &Session) -> ApiResult<(Channel, String, String)> {
    if let Some(email) = session.shopper_email.as_deref().and_then(|e| e.parse::<Email>().ok()) {
        return Ok((Channel::Email, email.as_str().to_owned(), email.masked()));
    }
    if let Some(phone) = session.shopper_phone.as_deref().and_then(|p| p.parse::<Phone>().ok()) {
        return Ok((Channel::Sms, phone.as_str().to_owned(), phone.masked()));
    }
    Err(ApiError::new(409, "step_up_unavailable", "This checkout has no email or phone to send a code to."))
}

/// Makes a code for the session as it is now, sends it, and returns its hash and binding.
async fn issue(app: &App, session: &Session, step_up_id: &str) -> ApiResult<(String, String)> {
    let (channel, to, _) = destination(session)?;
    let merchant = merchants::by_id(&app.db, &session.merchant_id).await?.ok_or_else(|| ApiError::internal("step_up", "merchant missing"))?;
    let amount = amount(session)?;
    let code = otp::generate(&RustCrypto)?;
    let binding = otp::binding(&session.id, &session.merchant_id, amount);
    let body = otp::message(&code, amount, &merchant.name);
    sender::send(&app.env, app.config.environment, &app.db, &Message { channel, to: &to, subject: "Your payment code", body: &body }, app.now).await?;
    Ok((otp::hash(&app.config.otp_secret, step_up_id, &binding, &code), binding))
}

/// Starts a step-up for the device `jkt` and answers what the frame should show: a passkey
/// ceremony when the shopper has passkeys (a code only if they ask for one), else a code.
pub async fn begin(app: &App, session: &Session, jkt: &Thumbprint, rp: &RelyingParty) -> ApiResult<Value> {
    let (channel, _, masked) = destination(session)?;
    let id = Id::generate(&RustCrypto, Kind::StepUp)?;
    let passkey_options = passkey::assertion_options(app, session, jkt, rp).await?;
    let (code_hash, binding, last_sent_at) = match passkey_options {
        // No code yet: `resend` sends the first one if the shopper prefers a code.
        Some(_) => (String::new(), String::new(), 0),
        None => {
            let (hash, binding) = issue(app, session, id.as_str()).await?;
            (hash, binding, app.now)
        }
    };
    step_ups::insert(&app.db, &StepUp {
        id: id.as_str().into(),
        session_id: session.id.clone(),
        jkt: jkt.as_str().into(),
        shopper_key: shopper_key(session),
        channel: channel.as_str().into(),
        destination_masked: masked.clone(),
        code_hash,
        binding,
        expires_at: app.now + otp::TTL_SECONDS,
        attempts: 0,
        resends: 0,
        last_sent_at,
        status: "pending".into(),
    }, app.now)
    .await?;
    if let Some(options) = passkey_options {
        return Ok(json!({
            "status": "requires_action",
            "next_action": { "type": "passkey", "public_key": options, "channel": channel.as_str(), "destination": masked },
        }));
    }
    Ok(json!({
        "status": "requires_action",
        "next_action": { "type": "otp", "channel": channel.as_str(), "destination": masked, "expires_at": app.now + otp::TTL_SECONDS },
    }))
}

fn locked() -> ApiError {
    ApiError::new(429, "step_up_locked", "Too many wrong codes. This payment can no longer be confirmed with a code.")
}

/// Checks `code` against the device's step-up for the session; on success the step-up is used up.
pub async fn verify(app: &App, session: &Session, jkt: &Thumbprint, code: &str) -> ApiResult<()> {
    let Some(step_up) = step_ups::latest(&app.db, &session.id, jkt.as_str()).await? else {
        return Err(ApiError::new(409, "step_up_not_started", "No code was sent to this device for this checkout."));
    };
    match step_up.status.as_str() {
        "locked" => return Err(locked()),
        "verified" => return Err(ApiError::new(409, "step_up_used", "This code was already used.")),
        "void" => return Err(void()),
        _ => {}
    }
    if app.now >= step_up.expires_at {
        return Err(ApiError::new(409, "code_expired", "The code has expired. Ask for a new one."));
    }
    // PSD2 dynamic linking: the code approves this amount to this payee, nothing else.
    if otp::binding(&session.id, &session.merchant_id, amount(session)?) != step_up.binding {
        step_ups::mark_void(&app.db, &step_up.id).await?;
        return Err(void());
    }
    if !otp::matches(&app.config.otp_secret, &step_up.id, &step_up.binding, code, &step_up.code_hash) {
        let attempts = step_ups::wrong_code(&app.db, &step_up.id, otp::MAX_ATTEMPTS).await?;
        return Err(match attempts {
            Some(n) if n < otp::MAX_ATTEMPTS => ApiError::new(422, "incorrect_code", "That code is not right.")
                .with_extra(json!({ "attempts_left": otp::MAX_ATTEMPTS - n })),
            _ => locked(),
        });
    }
    if !step_ups::mark_verified(&app.db, &step_up.id).await? {
        return Err(ApiError::new(409, "step_up_used", "This code was already used."));
    }
    Ok(())
}

/// Completes the device's step-up with a passkey assertion instead of a code.
pub async fn verify_passkey(app: &App, session: &Session, jkt: &Thumbprint, rp: &RelyingParty, assertion: &Value) -> ApiResult<()> {
    let Some(step_up) = step_ups::latest(&app.db, &session.id, jkt.as_str()).await? else {
        return Err(ApiError::new(409, "step_up_not_started", "No step-up was started on this device for this checkout."));
    };
    match step_up.status.as_str() {
        "pending" => {}
        "locked" => return Err(locked()),
        _ => return Err(ApiError::new(409, "step_up_used", "This step-up is already complete.")),
    }
    passkey::verify_assertion(app, session, jkt, rp, assertion).await?;
    if !step_ups::mark_verified(&app.db, &step_up.id).await? {
        return Err(ApiError::new(409, "step_up_used", "This step-up is already complete."));
    }
    Ok(())
}

fn void() -> ApiError {
    ApiError::new(409, "step_up_void", "The payment changed after the code was sent. Ask for a new code.")
}

/// Sends a new code for the device's step-up, bound to the session as it is now.
pub async fn resend(app: &App, session: &Session, jkt: &Thumbprint) -> ApiResult<Value> {
    let Some(step_up) = step_ups::latest(&app.db, &session.id, jkt.as_str()).await? else {
        return Err(ApiError::new(409, "step_up_not_started", "No code was sent to this device for this checkout."));
    };
    match step_up.status.as_str() {
        "locked" => return Err(locked()),
        "verified" => return Err(ApiError::new(409, "step_up_used", "This step-up is already complete.")),
        _ => {}
    }
    if step_up.resends >= otp::MAX_RESENDS {
        return Err(ApiError::new(429, "resend_limit", "No more codes can be sent for this payment."));
    }
    let wait = (step_up.last_sent_at + app.config.otp_resend_interval).saturating_sub(app.now);
    if wait > 0 {
        return Err(ApiError::new(429, "resend_too_soon", "Please wait a moment before asking for a new code.").with_header("Retry-After", wait.to_string()));
    }
    let (code_hash, binding) = issue(app, session, &step_up.id).await?;
    step_ups::replace_code(&app.db, &step_up.id, &code_hash, &binding, app.now + otp::TTL_SECONDS, app.now).await?;
    Ok(json!({
        "status": "requires_action",
        "next_action": { "type": "otp", "channel": step_up.channel, "destination": step_up.destination_masked, "expires_at": app.now + otp::TTL_SECONDS },
    }))
}

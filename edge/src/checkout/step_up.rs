//! The step-up's side of the effects: make a code (six digits, stored only as a keyed hash bound
//! to the step-up and what it approves), send it, offer a passkey, and answer `requires_action`.

use tessera_core::api::{ErrorCode, NextAction, NextActionType, RequiresAction};
use tessera_core::checkout::Checkout;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::otp;
use serde_json::Value;

use super::model::{Destination, Session, StepUpRecord};
use super::ports::{CodeWrite, Merchants, Message, Messenger, Ports};
use crate::error::{ApiError, ApiResult};

/// A code made for a step-up: the text to send and the hash to store.
pub struct NewCode {
    /// The six digits, sent and then forgotten.
    pub code: String,
    /// What is stored.
    pub write: CodeWrite,
}

/// A new step-up id.
pub fn new_id() -> ApiResult<String> {
    Ok(Id::generate(&RustCrypto, Kind::StepUp)?.as_str().to_owned())
}

/// Makes a code for the step-up `step_up_id`, bound to the session as it is now.
pub fn make_code(p: &impl Ports, session: &Session, step_up_id: &str) -> ApiResult<NewCode> {
    let code = otp::generate(&RustCrypto)?;
    let hash = otp::hash(&p.settings().otp_secret, step_up_id, &session.binding(), &code);
    Ok(NewCode { code, write: CodeWrite { hash } })
}

/// Whether `code` is the step-up's current code, for the binding it was sent with.
pub fn matches(p: &impl Ports, step_up: &StepUpRecord, binding: &str, code: &str) -> bool {
    step_up.code_hash.as_deref().is_some_and(|stored| otp::matches(&p.settings().otp_secret, &step_up.id, binding, code, stored))
}

/// Sends the code in `language` (the shopper's browser's): what it approves, to whom, never
/// anything else.
pub async fn send(p: &impl Ports, session: &Session, destination: &Destination, code: &str, language: &str) -> ApiResult<()> {
    let merchant = p.merchants().info(&session.merchant_id).await?;
    let (subject, body) = otp::message(code, session.amount, &merchant.name, language);
    p.messenger().send(&Message { destination: destination.clone(), subject, body }).await
}

/// Where the session's codes go, or why it cannot step up.
pub fn destination(session: &Session) -> ApiResult<Destination> {
    session.destination().ok_or_else(|| ErrorCode::StepUpUnavailable.into())
}

/// `requires_action` with a code sent to `masked`, valid until `expires_at`.
pub fn otp_reply(channel: tessera_core::api::Channel, masked: &str, expires_at: u64) -> RequiresAction {
    RequiresAction::new(NextAction { kind: NextActionType::Otp, channel, destination: masked.to_owned(), expires_at: Some(expires_at), public_key: None })
}

/// `requires_action` with a passkey ceremony (and the code's destination as the fallback).
pub fn passkey_reply(destination: &Destination, options: Value) -> RequiresAction {
    RequiresAction::new(NextAction {
        kind: NextActionType::Passkey,
        channel: destination.channel,
        destination: destination.masked.clone(),
        expires_at: None,
        public_key: Some(options),
    })
}

/// The answer for the step-up in progress as it stands (a re-confirm while its code is good).
pub fn current_reply(checkout: &Checkout, record: Option<&StepUpRecord>) -> ApiResult<RequiresAction> {
    let code = checkout.step_up().and_then(|s| s.code.as_ref());
    match (record, code) {
        (Some(record), Some(code)) => Ok(otp_reply(record.channel, &record.destination_masked, code.expires_at)),
        _ => Err(ApiError::internal("step_up", "a challenge without a step-up")),
    }
}

//! The card frame's step-up requests that carry no card, each with a fresh DPoP proof from the
//! device the step-up belongs to:
//! - `POST /v1/checkout_sessions/{id}/step_up/resend`: a new code;
//! - `POST /v1/checkout_sessions/{id}/passkeys/options` and `…/passkeys`: register a passkey
//!   right after a code step-up.

use serde::Deserialize;
use serde_json::Value;
use tessera_core::api::ErrorCode;
use tessera_core::i18n;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::checkout::model::Stored;
use crate::checkout::ports::{Ports, Sessions};
use crate::checkout;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::{self, RelyingParty};
use crate::routes::confirm::{device, one_dpop_header, render};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameBody {
    client_secret: String,
    #[serde(default)]
    credential: Option<Value>,
}

/// A request from the card frame that carries no card: its device, session and body.
struct FrameCall {
    stored: Stored,
    device: String,
    credential: Option<Value>,
}

async fn frame_call(app: &App, ports: &EdgePorts<'_>, mut req: Request, session_id: &str) -> ApiResult<FrameCall> {
    let proof = one_dpop_header(&req)?;
    let body: FrameBody = http::parse(&http::body(&mut req).await?, "Send the client_secret.")?;
    let device = device(app, &req, &proof).await?;
    let stored = checkout::for_frame(ports, session_id, &body.client_secret).await?;
    Ok(FrameCall { stored, device: device.jkt.as_str().to_owned(), credential: body.credential })
}

pub async fn resend(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let language = req.headers().get("Accept-Language")?.unwrap_or_default();
    let call = frame_call(app, &ports, req, session_id).await?;
    render(checkout::resend(&ports, &call.stored.session.id, &call.device, i18n::language("", &language).tag).await?)
}

pub async fn passkey_options(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let call = frame_call(app, &ports, req, session_id).await?;
    let passed = ports.sessions().passed_step_up(&call.stored.session.id, &call.device, passkey::registration_since(ports.now())).await?;
    let options = ports.d1_passkeys().registration_options(&call.stored.session, &call.device, passed, &ports.settings().card_secret).await?;
    http::json(200, &options)
}

pub async fn passkey_register(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let call = frame_call(app, &ports, req, session_id).await?;
    let credential = call.credential.ok_or_else(|| ApiError::from(ErrorCode::InvalidJson).with_message("Send the credential the browser created."))?;
    http::json(201, &ports.d1_passkeys().register(&call.stored.session, &call.device, &credential).await?)
}

/// `POST /v1/checkout_sessions/{id}/save_card`: right after a guest payment, the device that paid
/// gets a single-use offer to save the card to a personal account.
pub async fn save_card_offer(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let call = frame_call(app, &ports, req, session_id).await?;
    http::json(201, &crate::personal::cards::offer(&ports, &call.stored, &call.device).await?)
}

/// `POST /v1/checkout_sessions/{id}/account/options`: a passkey challenge for a personal account,
/// bound to this session, device, amount and payee.
pub async fn account_options(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let call = frame_call(app, &ports, req, session_id).await?;
    http::json(200, &crate::personal::frame::options(&ports, &call.stored, &call.device).await?)
}

/// `POST /v1/checkout_sessions/{id}/account/sign_in`: the account's passkey answers; the saved cards.
pub async fn account_sign_in(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let country = crate::routes::confirm::origin(app, &req)?.country;
    let call = frame_call(app, &ports, req, session_id).await?;
    let credential = call.credential.ok_or_else(|| ApiError::from(ErrorCode::InvalidJson).with_message("Send the credential the browser answered with."))?;
    let signed_in = crate::personal::frame::sign_in(&ports, &call.stored, &call.device, &country, &credential).await?;
    crate::store::regional::link_consents(&app.db, &call.stored.session.id, &call.device).await?;
    http::json(200, &signed_in)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountPayBody {
    client_secret: String,
    card: String,
    browser: Value,
    #[serde(default)]
    fingerprint: Option<Value>,
}

/// `POST /v1/checkout_sessions/{id}/account/pay`: a saved card of the signed-in account pays.
pub async fn account_pay(app: &App, mut req: Request, session_id: &str) -> ApiResult<Response> {
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let origin = crate::routes::confirm::origin(app, &req)?;
    let proof = one_dpop_header(&req)?;
    let body: AccountPayBody = http::parse(&http::body(&mut req).await?, "Send the client_secret, the saved card's id and the browser.")?;
    let device = device(app, &req, &proof).await?;
    let stored = checkout::for_frame(&ports, session_id, &body.client_secret).await?;
    let browser = tessera_core::threeds::BrowserInfo::from_value(body.browser)?;
    let fingerprint = body.fingerprint.map(tessera_core::fingerprint::Fingerprint::from_value).transpose()?;
    let fingerprint = checkout::regional::allowed_fingerprint(&ports, &stored.session, &origin, device.jkt.as_str(), fingerprint.as_ref()).await?;
    let from = crate::personal::frame::FramePayment { device: device.jkt.as_str().to_owned(), browser, fingerprint, origin };
    render(crate::personal::frame::pay(&ports, &stored, from, &body.card).await?)
}

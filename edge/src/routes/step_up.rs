//! The step-up endpoints the card frame calls, each with a fresh DPoP proof from the device the
//! step-up belongs to:
//! - `POST /v1/checkout_sessions/{id}/verify`: finish a step-up (code or passkey) and pay;
//! - `POST /v1/checkout_sessions/{id}/step_up/resend`: a new code;
//! - `POST /v1/checkout_sessions/{id}/passkeys/options` and `…/passkeys`: register a passkey
//!   right after a code step-up.

use serde::Deserialize;
use serde_json::Value;
use tessera_core::dpop::{Expected, Verified};
use worker::{Request, Response};

use crate::app::App;
use crate::charge;
use crate::http::{self, ApiError, ApiResult};
use crate::passkey::{self, RelyingParty};
use crate::replay::DurableReplayGuard;
use crate::risk;
use crate::routes::confirm::{self, check_client_secret, check_payable, one_dpop_header};
use crate::step_up;
use crate::store::sessions::{self, Session};

pub async fn verify(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let attempt = confirm::check(app, req, session_id).await?;
    if attempt.code.is_none() && attempt.passkey.is_none() {
        return Err(ApiError::new(400, "code_required", "Send the code the shopper received, or a passkey assertion."));
    }
    let lease = confirm::lease(app, &attempt).await?;
    let result = async {
        let session = sessions::get(&app.db, &attempt.session.id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
        check_payable(app, &session).await?;
        let jkt = &attempt.device.jkt;
        match (&attempt.passkey, &attempt.code) {
            (Some(assertion), _) => step_up::verify_passkey(app, &session, jkt, &attempt.rp, assertion).await?,
            (None, Some(code)) => step_up::verify(app, &session, jkt, code).await?,
            (None, None) => unreachable!("checked above"),
        }
        // The shopper proved it is them from this device: trust it, then pay.
        risk::remember(app, &session, jkt, attempt.fingerprint.as_ref(), &attempt.origin, true).await?;
        charge::charge(app, &session, &attempt.card, &attempt.browser, true).await?.response
    }
    .await;
    confirm::release(lease).await;
    result
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrameBody {
    client_secret: String,
    #[serde(default)]
    credential: Option<Value>,
}

/// A request from the card frame that carries no card: DPoP proof, client secret, session.
struct FrameCall {
    session: Session,
    device: Verified,
    rp: RelyingParty,
    credential: Option<Value>,
}

async fn frame_call(app: &App, mut req: Request, session_id: &str) -> ApiResult<FrameCall> {
    let url = req.url()?;
    let proof = one_dpop_header(&req)?;
    let body = http::body(&mut req).await?;
    let body: FrameBody = serde_json::from_slice(&body).map_err(|_| ApiError::new(400, "invalid_json", "Send the client_secret."))?;
    let expected = Expected { method: "POST", url: url.as_str(), now: app.now, nonce: None, access_token: None };
    let device = app.crypto()?.verify_dpop(&proof, &expected, app.config.dpop_window, &DurableReplayGuard { env: &app.env }).await.map_err(ApiError::dpop)?;
    let session = sessions::get(&app.db, session_id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    check_client_secret(&session, &body.client_secret)?;
    Ok(FrameCall { session, device, rp: RelyingParty::of(&url)?, credential: body.credential })
}

pub async fn resend(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let call = frame_call(app, req, session_id).await?;
    check_payable(app, &call.session).await?;
    http::json(200, &step_up::resend(app, &call.session, &call.device.jkt).await?)
}

pub async fn passkey_options(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let call = frame_call(app, req, session_id).await?;
    http::json(200, &passkey::registration_options(app, &call.session, &call.device.jkt, &call.rp).await?)
}

pub async fn passkey_register(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let call = frame_call(app, req, session_id).await?;
    let credential = call.credential.ok_or_else(|| ApiError::new(400, "invalid_json", "Send the credential the browser created."))?;
    http::json(201, &passkey::register(app, &call.session, &call.device.jkt, &call.rp, &credential).await?)
}

//! `POST /v1/checkout_sessions/{id}/verify` (finish a step-up and pay) and
//! `POST /v1/checkout_sessions/{id}/step_up/resend` (a new code). Both need a fresh DPoP proof
//! from the device the code was sent for.

use serde::Deserialize;
use tessera_core::crypto::RustCrypto;
use tessera_core::dpop::{self, Expected};
use worker::{Request, Response};

use crate::app::App;
use crate::charge;
use crate::http::{self, ApiError, ApiResult};
use crate::replay::DurableReplayGuard;
use crate::risk;
use crate::routes::confirm::{self, check_client_secret, check_payable};
use crate::step_up;
use crate::store::sessions;

pub async fn verify(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let attempt = confirm::check(app, req, session_id).await?;
    let Some(code) = attempt.code.clone() else {
        return Err(ApiError::new(400, "code_required", "Send the code the shopper received."));
    };
    let lease = confirm::lease(app, &attempt).await?;
    let result = async {
        let session = sessions::get(&app.db, &attempt.session.id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
        check_payable(app, &session).await?;
        step_up::verify(app, &session, &attempt.device.jkt, &code).await?;
        // The shopper proved it is them from this device: trust it, then pay.
        risk::remember(app, &session, &attempt.device.jkt, attempt.fingerprint.as_ref(), &attempt.origin, true).await?;
        charge::charge(app, &session, &attempt.card, &attempt.browser, true).await?.response
    }
    .await;
    confirm::release(lease).await;
    result
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResendBody {
    client_secret: String,
}

pub async fn resend(app: &App, mut req: Request, session_id: &str) -> ApiResult<Response> {
    let url = req.url()?.to_string();
    let proof = req.headers().get("DPoP")?.ok_or_else(|| ApiError::new(401, "dpop_required", "A DPoP proof signed by the device key is required."))?;
    let body = http::body(&mut req).await?;
    let body: ResendBody = serde_json::from_slice(&body).map_err(|_| ApiError::new(400, "invalid_json", "Send the client_secret."))?;
    let expected = Expected { method: "POST", url: &url, now: app.now, nonce: None, access_token: None };
    let device = dpop::verify(&RustCrypto, &proof, &expected, app.config.dpop_window, &DurableReplayGuard { env: &app.env })
        .await
        .map_err(ApiError::dpop)?;
    let session = sessions::get(&app.db, session_id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    check_client_secret(&session, &body.client_secret)?;
    check_payable(app, &session).await?;
    http::json(200, &step_up::resend(app, &session, &device.jkt).await?)
}

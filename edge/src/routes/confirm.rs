//! `POST /v1/checkout_sessions/{id}/confirm`: the card frame pays.
//!
//! In order: the DPoP proof (device key, method, URL, freshness, never seen before), the
//! session and its client secret, the EMV 3DS browser fields, the card JWE (bound to this
//! session), the card itself and the device fingerprint. Then, holding the session's lease: the
//! risk decision, and either the charge, a step-up, or a refusal. Nothing is written until every
//! check has passed.

use serde::Deserialize;
use serde_json::{json, Value};
use tessera_core::card::{Card, YearMonth};
use tessera_core::dpop::{Expected, Verified};
use tessera_core::fingerprint::Fingerprint;
use tessera_core::ids::ClientSecret;
use tessera_core::risk::Action;
use tessera_core::threeds::BrowserInfo;
use tessera_core::{kdf, Error as CoreError};
use worker::{Request, Response};

use crate::app::App;
use crate::auth::secret_hash;
use crate::charge;
use crate::http::{self, ApiError, ApiResult};
use crate::lock::{self, SessionLease};
use crate::passkey::RelyingParty;
use crate::replay::DurableReplayGuard;
use crate::risk::{self, Origin};
use crate::step_up;
use crate::store::payments;
use crate::store::sessions::{self, Session};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    client_secret: String,
    card: String,
    browser: Value,
    #[serde(default)]
    fingerprint: Option<Value>,
    /// The one-time code, on `/verify` only.
    #[serde(default)]
    code: Option<String>,
    /// A passkey assertion, on `/verify` only.
    #[serde(default)]
    passkey: Option<Value>,
}

/// A payment attempt whose every part has been checked.
pub struct Attempt {
    pub session: Session,
    pub device: Verified,
    pub card: Card,
    pub browser: BrowserInfo,
    pub fingerprint: Option<Fingerprint>,
    pub origin: Origin,
    pub code: Option<String>,
    pub passkey: Option<Value>,
    pub rp: RelyingParty,
}

/// Checks everything a payment request carries, for `/confirm` and `/verify` alike.
pub async fn check(app: &App, mut req: Request, session_id: &str) -> ApiResult<Attempt> {
    let rp = RelyingParty::of(&req.url()?)?;
    let url = req.url()?.to_string();
    let proof = one_dpop_header(&req)?;
    let origin = Origin::of(&req, app)?;
    let body = http::body(&mut req).await?;
    let body: Body = serde_json::from_slice(&body)
        .map_err(|_| ApiError::new(400, "invalid_json", "The body must be a JSON object with client_secret, card and browser."))?;
    tessera_core::ids::Id::parse(tessera_core::ids::Kind::CheckoutSession, session_id).map_err(|_| ApiError::not_found("checkout session"))?;

    let crypto = app.crypto()?;
    let expected = Expected { method: "POST", url: &url, now: app.now, nonce: None, access_token: None };
    let device = crypto.verify_dpop(&proof, &expected, app.config.dpop_window, &DurableReplayGuard { env: &app.env }).await.map_err(ApiError::dpop)?;

    let session = sessions::get(&app.db, session_id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    check_client_secret(&session, &body.client_secret)?;
    check_payable(app, &session).await?;
    let browser = BrowserInfo::from_value(body.browser)?;
    let card = crypto.decrypt_card(&app.config.encryption_keys, &body.card, session_id, YearMonth::from_unix(app.now)).await?;
    let fingerprint = body.fingerprint.map(Fingerprint::from_value).transpose()?;
    Ok(Attempt { session, device, card, browser, fingerprint, origin, code: body.code, passkey: body.passkey, rp })
}

pub async fn post(app: &App, req: Request, session_id: &str) -> ApiResult<Response> {
    let attempt = check(app, req, session_id).await?;
    let lease = lease(app, &attempt).await?;
    let result = decide(app, &attempt).await;
    release(lease).await;
    result
}

/// Takes the session's lease for this attempt.
pub async fn lease<'a>(app: &'a App, attempt: &Attempt) -> ApiResult<SessionLease<'a>> {
    lock::acquire(&app.env, &attempt.session.id, &attempt.device.jti)
        .await?
        .ok_or_else(|| ApiError::new(409, "confirm_in_progress", "This checkout is already being confirmed."))
}

pub async fn release(lease: SessionLease<'_>) {
    if let Err(e) = lease.release().await {
        worker::console_error!("could not release the session lease: {}", e.code);
    }
}

/// Under the lease: resume a payment in flight, or decide and then charge, step up or refuse.
async fn decide(app: &App, attempt: &Attempt) -> ApiResult<Response> {
    // Read again under the lease: another confirm may have finished meanwhile.
    let session = sessions::get(&app.db, &attempt.session.id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    check_payable(app, &session).await?;
    if payments::in_flight(&app.db, &session.id).await?.is_some() {
        // Already decided and sent to the processor; only its answer is missing.
        return charge::charge(app, &session, &attempt.card, &attempt.browser, false).await?.response;
    }
    let decision = risk::assess(app, &session, &attempt.device.jkt, &attempt.card, attempt.fingerprint.as_ref(), &attempt.origin).await?;
    match decision.action {
        Action::Allow => {
            let charged = charge::charge(app, &session, &attempt.card, &attempt.browser, false).await?;
            if charged.succeeded {
                risk::remember(app, &session, &attempt.device.jkt, attempt.fingerprint.as_ref(), &attempt.origin, false).await?;
            }
            charged.response
        }
        Action::StepUp => http::json(200, &step_up::begin(app, &session, &attempt.device.jkt, &attempt.rp).await?),
        Action::Deny => Err(ApiError::new(402, "payment_refused", "This payment cannot be accepted. Please contact the merchant.")),
    }
}

/// The client secret must be this session's: same session id inside, same hash stored.
pub fn check_client_secret(session: &Session, client_secret: &str) -> ApiResult<()> {
    let matches = ClientSecret::parse(client_secret).is_ok_and(|s| s.session_id() == session.id)
        && kdf::constant_time_eq(secret_hash(client_secret).as_bytes(), session.client_secret_hash.as_bytes());
    if matches {
        Ok(())
    } else {
        Err(ApiError::new(401, "invalid_client_secret", "The client secret does not belong to this checkout session."))
    }
}

/// RFC 9449 §4.3: exactly one DPoP header. The runtime joins repeated headers with ", ", and a
/// compact JWS never contains a comma.
pub fn one_dpop_header(req: &Request) -> ApiResult<String> {
    match req.headers().get("DPoP")? {
        Some(proof) if !proof.contains(',') => Ok(proof),
        Some(_) => Err(ApiError::dpop(CoreError::DpopInvalidHeader).with_extra(json!({ "detail": "send exactly one DPoP header" }))),
        None => Err(ApiError::new(401, "dpop_required", "A DPoP proof signed by the device key is required.")
            .with_header("WWW-Authenticate", r#"DPoP algs="ES256""#)),
    }
}

/// Refuses sessions that are paid or expired (an expired session with a payment still in flight
/// may still resolve it).
pub async fn check_payable(app: &App, session: &Session) -> ApiResult<()> {
    if session.status == "succeeded" {
        return Err(ApiError::new(409, "session_already_paid", "This checkout session has already been paid.")
            .with_extra(json!({ "payment": session.payment_id })));
    }
    if session.is_expired(app.now) && payments::in_flight(&app.db, &session.id).await?.is_none() {
        return Err(ApiError::new(409, "session_expired", "This checkout session has expired."));
    }
    Ok(())
}

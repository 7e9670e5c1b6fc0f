//! `POST /v1/checkout_sessions` and `GET /v1/checkout_sessions/{id}`.

use serde_json::json;
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{ClientSecret, Id, Kind};
use tessera_core::session::NewSession;
use worker::{Request, Response};

use crate::app::App;
use crate::auth::{self, secret_hash};
use crate::http::{self, ApiError, ApiResult};
use crate::store::idempotency;
use crate::store::sessions::{self, Session};
use crate::store::trust;
use tessera_core::money::Amount;

/// Longest accepted `Idempotency-Key`.
const MAX_KEY_LEN: usize = 255;

pub async fn create(app: &App, mut req: Request) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let key = req.headers().get("Idempotency-Key")?;
    if key.as_deref().is_some_and(|k| k.is_empty() || k.len() > MAX_KEY_LEN) {
        return Err(ApiError::new(400, "invalid_idempotency_key", "The Idempotency-Key must be 1 to 255 characters."));
    }
    let body = http::body(&mut req).await?;
    // Bad input is refused before anything is written, the idempotency record included.
    let new = NewSession::from_json(&body, app.config.ttl)?;

    let Some(key) = key else { return respond(create_session(app, &merchant.id, &new).await?) };
    let request_hash = secret_hash(&String::from_utf8_lossy(&body));
    if let Some(existing) = idempotency::claim(&app.db, &merchant.id, &key, &request_hash, app.now).await? {
        if existing.request_hash != request_hash {
            return Err(ApiError::new(409, "idempotency_key_reused", "This Idempotency-Key was used with a different request."));
        }
        let (Some(status), Some(body)) = (existing.response_status, existing.response_body) else {
            return Err(ApiError::new(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still in progress."));
        };
        let response = Response::ok(body)?.with_status(status);
        response.headers().set("Content-Type", "application/json")?;
        response.headers().set("Idempotent-Replayed", "true")?;
        return Ok(response);
    }
    match create_session(app, &merchant.id, &new).await {
        Ok(created) => {
            idempotency::complete(&app.db, &merchant.id, &key, 201, &created.to_string()).await?;
            respond(created)
        }
        Err(e) => {
            idempotency::release(&app.db, &merchant.id, &key).await?;
            Err(e)
        }
    }
}

fn respond(created: serde_json::Value) -> ApiResult<Response> {
    http::json(201, &created)
}

async fn create_session(app: &App, merchant_id: &str, new: &NewSession) -> ApiResult<serde_json::Value> {
    let id = Id::generate(&RustCrypto, Kind::CheckoutSession)?;
    let client_secret = ClientSecret::generate(&RustCrypto, &id)?;
    let session = Session {
        id: id.as_str().into(),
        merchant_id: merchant_id.into(),
        client_secret_hash: secret_hash(client_secret.as_str()),
        amount: new.amount.minor(),
        currency: new.amount.currency().code().into(),
        reference: new.reference.clone(),
        shopper_email: new.email.as_ref().map(|e| e.as_str().into()),
        shopper_phone: new.phone.as_ref().map(|p| p.as_str().into()),
        status: "open".into(),
        payment_id: None,
        expires_at: app.now + new.ttl,
        created_at: app.now,
    };
    sessions::insert(&app.db, &session).await?;
    let mut body = session.to_json(app.now);
    body["client_secret"] = json!(client_secret.as_str());
    Ok(body)
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let session = sessions::get_for_merchant(&app.db, &merchant.id, id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    let mut body = session.to_json(app.now);
    // Why each confirm was allowed, stepped up or refused.
    let decisions: Vec<_> = trust::decisions_for_session(&app.db, &session.id)
        .await?
        .into_iter()
        .map(|d| json!({ "id": d.id, "action": d.action, "reasons": serde_json::from_str::<serde_json::Value>(&d.reasons).unwrap_or_default(), "country": d.country, "created_at": d.created_at }))
        .collect();
    body["risk_decisions"] = json!(decisions);
    http::json(200, &body)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Update {
    amount: Option<serde_json::Value>,
    reference: Option<String>,
}

/// `POST /v1/checkout_sessions/{id}`: change an open session's amount or reference. A step-up
/// code already sent is void afterwards, because it approved the old amount.
pub async fn update(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let body = http::body(&mut req).await?;
    let input: Update = serde_json::from_slice(&body).map_err(|_| ApiError::new(400, "invalid_json", "Send amount and/or reference."))?;
    let session = sessions::get_for_merchant(&app.db, &merchant.id, id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    let currency = session.currency.parse()?;
    let amount = match input.amount {
        None => session.amount,
        Some(v) => Amount::new(v.as_u64().ok_or(tessera_core::Error::InvalidAmount)?, currency)?.minor(),
    };
    let reference = match input.reference.as_deref().map(str::trim) {
        None => session.reference.clone(),
        Some(r) if r.is_empty() || r.chars().count() > 128 || r.chars().any(char::is_control) => return Err(tessera_core::Error::InvalidReference.into()),
        Some(r) => r.to_owned(),
    };
    if session.is_expired(app.now) || !sessions::update(&app.db, &session.id, amount, &reference).await? {
        return Err(ApiError::new(409, "session_not_open", "Only an open, unexpired checkout session can be changed."));
    }
    let updated = sessions::get(&app.db, &session.id).await?.ok_or_else(|| ApiError::not_found("checkout session"))?;
    http::json(200, &updated.to_json(app.now))
}

//! `POST /v1/checkout_sessions`, `GET /v1/checkout_sessions/{id}` and
//! `POST /v1/checkout_sessions/{id}` (change an open session's amount or reference).

use serde_json::json;
use tessera_core::api::ErrorCode;
use tessera_core::money::Amount;
use tessera_core::session::NewSession;
use worker::{Request, Response};

use crate::adapters::EdgePorts;
use crate::app::App;
use crate::auth;
use crate::checkout::{self, secret_hash};
use crate::http::{self, ApiResult};
use crate::passkey::RelyingParty;
use crate::store::idempotency::{self, Earlier};
use crate::store::{history, trust};

/// Longest accepted `Idempotency-Key`.
const MAX_KEY_LEN: usize = 255;

pub async fn create(app: &App, mut req: Request) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let key = req.headers().get("Idempotency-Key")?;
    if key.as_deref().is_some_and(|k| k.is_empty() || k.len() > MAX_KEY_LEN) {
        return Err(ErrorCode::InvalidIdempotencyKey.into());
    }
    let body = http::body(&mut req).await?;
    // Bad input is refused before anything is written, the idempotency record included.
    let new = NewSession::from_json(&body, app.config.ttl)?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let keys = &app.config.checkout.data_keys;

    let Some(key) = key else { return http::json(201, &created(&ports, &merchant.id, &new).await?) };
    let request_hash = secret_hash(&String::from_utf8_lossy(&body));
    match idempotency::claim(&app.db, keys, &merchant.id, &key, &request_hash, app.now, app.config.idempotency_ttl).await? {
        Some(Earlier::InProgress { request_hash: earlier }) | Some(Earlier::Answered { request_hash: earlier, .. }) if earlier != request_hash => {
            Err(ErrorCode::IdempotencyKeyReused.into())
        }
        Some(Earlier::InProgress { .. }) => Err(ErrorCode::IdempotencyKeyInUse.into()),
        Some(Earlier::Answered { status, body, .. }) => {
            let response = Response::ok(body)?.with_status(status);
            response.headers().set("Content-Type", "application/json")?;
            response.headers().set("Idempotent-Replayed", "true")?;
            Ok(response)
        }
        None => match created(&ports, &merchant.id, &new).await {
            Ok(answer) => {
                idempotency::complete(&app.db, keys, &merchant.id, &key, 201, &answer.to_string()).await?;
                http::json(201, &answer)
            }
            Err(e) => {
                idempotency::release(&app.db, &merchant.id, &key).await?;
                Err(e)
            }
        },
    }
}

/// The new session as its creator sees it, client secret included.
async fn created(ports: &EdgePorts<'_>, merchant_id: &str, new: &NewSession) -> ApiResult<serde_json::Value> {
    let (stored, client_secret) = checkout::create(ports, merchant_id, new).await?;
    let mut body = stored.to_json(stored.session.created_at);
    body["client_secret"] = json!(client_secret);
    Ok(body)
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let merchant = auth::merchant(app, &req).await?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let stored = checkout::for_merchant(&ports, &merchant.id, id).await?;
    let mut body = stored.to_json(app.now);
    // Why each confirm was allowed, stepped up or refused, and every transition since.
    let decisions: Vec<_> = trust::decisions_for_session(&app.db, id)
        .await?
        .into_iter()
        .map(|d| json!({ "id": d.id, "action": d.action, "reasons": serde_json::from_str::<serde_json::Value>(&d.reasons).unwrap_or_default(), "country": d.country, "created_at": d.created_at }))
        .collect();
    body["risk_decisions"] = json!(decisions);
    body["history"] = json!(history::of_session(&app.db, id).await?);
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
    let input: Update = http::parse(&http::body(&mut req).await?, "Send amount and/or reference.")?;
    let ports = EdgePorts::new(app, RelyingParty::of(&req.url()?)?);
    let stored = checkout::for_merchant(&ports, &merchant.id, id).await?;
    let amount = match input.amount {
        None => None,
        Some(v) => Some(Amount::new(v.as_u64().ok_or(tessera_core::Error::InvalidAmount)?, stored.session.amount.currency())?),
    };
    let reference = match input.reference.as_deref().map(str::trim) {
        None => None,
        Some(r) if r.is_empty() || r.chars().count() > 128 || r.chars().any(char::is_control) => return Err(tessera_core::Error::InvalidReference.into()),
        Some(r) => Some(r.to_owned()),
    };
    let updated = checkout::update(&ports, &merchant.id, id, amount, reference).await?;
    http::json(200, &updated.to_json(app.now))
}

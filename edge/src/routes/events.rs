//! Events (`GET /v1/events`, `GET /v1/events/{id}`, `GET /v1/events/{id}/deliveries`,
//! `POST /v1/events/{id}/retry`) and webhook endpoints (`POST`, `GET`,
//! `GET /v1/webhook_endpoints/{id}`, `DELETE /v1/webhook_endpoints/{id}`,
//! `POST /v1/webhook_endpoints/{id}/roll_secret`).

use tessera_core::account::role::Action;
use serde::Deserialize;
use serde_json::json;
use tessera_core::api::{ErrorCode, EventType};
use tessera_core::crypto::RustCrypto;
use tessera_core::ids::{Id, Kind};
use tessera_core::vault::Purpose;
use worker::{Request, Response};

use crate::app::App;
use crate::auth::{self, Caller};
use crate::http::{self, ApiError, ApiResult};
use crate::routes::merchants::valid_webhook_url;
use crate::routes::{idempotent, lists};
use crate::store::events::{self, Endpoint, Event};

/// Longest a rolled secret keeps signing.
const MAX_OVERLAP: u64 = 7 * 24 * 3600;
/// Endpoints a merchant may have per mode.
const MAX_ENDPOINTS: usize = 16;

async fn event_for(app: &App, caller: &Caller, id: &str) -> ApiResult<Event> {
    match events::get(&app.db, id).await? {
        Some(e) if e.merchant_id == caller.merchant.id && (e.livemode == 1) == caller.livemode => Ok(e),
        _ => Err(ApiError::not_found("event")),
    }
}

async fn endpoint_for(app: &App, caller: &Caller, id: &str) -> ApiResult<Endpoint> {
    match events::endpoint(&app.db, id).await? {
        Some(e) if e.merchant_id == caller.merchant.id && (e.livemode == 1) == caller.livemode => Ok(e),
        _ => Err(ApiError::not_found("webhook endpoint")),
    }
}

pub async fn list(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let page = lists::page(&req, &["type"])?;
    let kind = page.filter("type").map(|t| EventType::parse(t).ok_or_else(|| ApiError::from(ErrorCode::InvalidQuery))).transpose()?;
    let cursor = match page.starting_after.as_deref() {
        None => None,
        Some(id) => Some(event_for(app, &caller, id).await.map_err(|_| ApiError::from(ErrorCode::InvalidCursor))?),
    };
    let items = events::list(&app.db, &caller.merchant.id, caller.livemode, kind, cursor.as_ref(), page.limit + 1).await?;
    http::json(200, &lists::render(items, page.limit, Event::to_json))
}

pub async fn get(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    http::json(200, &event_for(app, &caller, id).await?.to_json())
}

/// Every delivery of the event and every attempt of each: time, URL, status, duration, error.
pub async fn deliveries(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let event = event_for(app, &caller, id).await?;
    let attempts = events::attempts_of(&app.db, &event.id).await?;
    let data: Vec<_> = events::deliveries_of(&app.db, &event.id)
        .await?
        .into_iter()
        .map(|d| {
            let tries: Vec<_> = attempts.iter().filter(|a| a.delivery_id == d.id).collect();
            json!({
                "id": d.id, "object": "delivery", "endpoint": d.endpoint_id, "status": d.status, "attempts": tries,
                "next_attempt_at": d.next_attempt_at, "delivered_at": d.delivered_at,
            })
        })
        .collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false }))
}

/// Sends the event again now, to every endpoint that wants it.
pub async fn retry(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    let event = event_for(app, &caller, id).await?;
    let started = events::retry(&app.db, &event, app.now).await?;
    for delivery in &started {
        crate::webhooks::start(&app.env, delivery).await?;
    }
    http::json(200, &json!({ "object": "event", "id": event.id, "deliveries": started }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEndpoint {
    url: String,
    enabled_events: Vec<String>,
}

fn check_events(enabled: &[String]) -> ApiResult<()> {
    let known = enabled.iter().all(|e| e == "*" || EventType::parse(e).is_some());
    if enabled.is_empty() || enabled.len() > EventType::ALL.len() + 1 || !known {
        return Err(ErrorCode::InvalidEnabledEvents.into());
    }
    Ok(())
}

pub async fn create_endpoint(app: &App, mut req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    let key = idempotent::key(&req)?;
    let body = http::body(&mut req).await?;
    let input: NewEndpoint = http::parse(&body, "Send url and enabled_events.")?;
    if !valid_webhook_url(&input.url, app.config.environment) {
        return Err(ErrorCode::InvalidWebhookUrl.into());
    }
    check_events(&input.enabled_events)?;
    idempotent::run(app, &caller, key, "POST /v1/webhook_endpoints", &body, || async {
        if events::endpoints(&app.db, &caller.merchant.id, caller.livemode).await?.len() >= MAX_ENDPOINTS {
            return Err(ApiError::from(ErrorCode::InvalidWebhookUrl).with_message(format!("At most {MAX_ENDPOINTS} endpoints per mode.")));
        }
        let id = Id::generate(&RustCrypto, Kind::WebhookEndpoint)?;
        let secret = Id::generate(&RustCrypto, Kind::WebhookSecret)?;
        let sealed = app.config.checkout.data_keys.seal(&RustCrypto, Purpose::WebhookSecret, caller.merchant.id.as_bytes(), secret.as_str().as_bytes()).await?;
        events::insert_endpoint(&app.db, id.as_str(), &caller.merchant.id, caller.livemode, &input.url, &input.enabled_events, &sealed, app.now).await?;
        let endpoint = events::endpoint(&app.db, id.as_str()).await?.ok_or_else(|| ApiError::internal("events", "endpoint vanished"))?;
        let mut answer = endpoint.to_json();
        // Shown this once.
        answer["secret"] = json!(secret.as_str());
        Ok((201, answer))
    })
    .await
}

pub async fn list_endpoints(app: &App, req: Request) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    let items = events::endpoints(&app.db, &caller.merchant.id, caller.livemode).await?;
    let data: Vec<_> = items.iter().map(Endpoint::to_json).collect();
    http::json(200, &json!({ "object": "list", "data": data, "has_more": false }))
}

pub async fn get_endpoint(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::Read).await?;
    http::json(200, &endpoint_for(app, &caller, id).await?.to_json())
}

pub async fn delete_endpoint(app: &App, req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    let endpoint = endpoint_for(app, &caller, id).await?;
    events::delete_endpoint(&app.db, &endpoint.id).await?;
    http::json(200, &json!({ "id": endpoint.id, "object": "webhook_endpoint", "deleted": true }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Roll {
    #[serde(default)]
    expires_in: Option<u64>,
}

/// A new signing secret, shown once; the old one signs too for `expires_in` seconds.
pub async fn roll_secret(app: &App, mut req: Request, id: &str) -> ApiResult<Response> {
    let caller = auth::merchant(app, &req, Action::ManageIntegration).await?;
    let body = http::body(&mut req).await?;
    let input: Roll = if body.is_empty() { Roll { expires_in: None } } else { http::parse(&body, "Send expires_in, 0 to 604800 seconds.")? };
    let expires_in = input.expires_in.unwrap_or(0);
    if expires_in > MAX_OVERLAP {
        return Err(ErrorCode::InvalidExpiration.into());
    }
    let endpoint = endpoint_for(app, &caller, id).await?;
    let secret = Id::generate(&RustCrypto, Kind::WebhookSecret)?;
    let sealed = app.config.checkout.data_keys.seal(&RustCrypto, Purpose::WebhookSecret, caller.merchant.id.as_bytes(), secret.as_str().as_bytes()).await?;
    events::roll_secret(&app.db, &endpoint.id, &sealed, app.now + expires_in).await?;
    let mut answer = endpoint.to_json();
    answer["secret"] = json!(secret.as_str());
    answer["previous_secret_expires_at"] = json!(app.now + expires_in);
    http::json(200, &answer)
}

//! Webhook deliveries: each event to each endpoint that wants it, signed with the endpoint's
//! secret (and, after a roll, the old one too, as Stripe's several `v1=` entries), retried with
//! exponential backoff, every attempt recorded with its status, duration and error.
//!
//! Each delivery has its own Durable Object whose alarm drives it, so a slow or failing endpoint
//! delays only its own deliveries and retries survive restarts; the scheduled sweep restarts any
//! whose alarm was lost. Redirects are not followed: a 3xx is a failed attempt, so a compromised
//! or careless endpoint cannot bounce signed events elsewhere.

use serde_json::json;
use tessera_core::crypto::RustCrypto;
use tessera_core::vault::Purpose;
use tessera_core::webhook::{self, DeliveryStatus};
use worker::{durable_object, DurableObject, Env, Headers, Request, Response, Result, State};

use crate::clock;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::objects;
use crate::store::events::{self, Attempt};
use crate::store::Db;

/// Longest wait between attempts.
const MAX_BACKOFF: u64 = 3600;

/// Starts (or restarts) a delivery.
pub async fn start(env: &Env, delivery_id: &str) -> ApiResult<()> {
    let _: serde_json::Value = objects::call(env, "WEBHOOK_DELIVERY", delivery_id, "/start", &json!({ "delivery_id": delivery_id })).await?;
    Ok(())
}

/// The Durable Object class: delivers one event to one endpoint.
#[durable_object]
pub struct WebhookDelivery {
    state: State,
    env: Env,
}

impl WebhookDelivery {
    async fn deliver(&self) -> ApiResult<()> {
        let Some(delivery_id) = self.state.storage().get::<String>("delivery_id").await? else { return Ok(()) };
        let config = Config::get(&self.env)?;
        let db = Db::from_env(&self.env)?;
        let Some(delivery) = events::delivery(&db, &delivery_id).await? else { return Ok(()) };
        if delivery.status != DeliveryStatus::Pending {
            return Ok(());
        }
        let now = clock::now();
        let attempt = delivery.attempts + 1;
        let Some(event) = events::get(&db, &delivery.event_id).await? else { return Ok(()) };
        let Some(endpoint) = events::endpoint(&db, &delivery.endpoint_id).await? else {
            let record = Attempt { delivery_id: &delivery.id, attempt, url: "", response_status: None, duration_ms: 0, error: Some("the endpoint was deleted"), status: DeliveryStatus::Failed, next_attempt_at: None, now };
            return events::record_attempt(&db, &record).await;
        };
        let mut secrets = Vec::new();
        for sealed in endpoint.secrets(now) {
            let secret = config.checkout.data_keys.open(&RustCrypto, Purpose::WebhookSecret, endpoint.merchant_id.as_bytes(), &sealed).await?;
            secrets.push(String::from_utf8(secret.to_vec()).map_err(|_| ApiError::internal("webhooks", "secret is not text"))?);
        }
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let started = worker::Date::now().as_millis();
        let (response_status, error) = post(&endpoint.url, &event.payload, &webhook::sign_all(&refs, now, &event.payload), &event.id).await;
        let duration_ms = worker::Date::now().as_millis().saturating_sub(started);
        crate::fault::at(crate::fault::Point::WebhookSent).await;
        let delivered = response_status.is_some_and(|s| (200..300).contains(&s));
        let (status, next) = if delivered {
            (DeliveryStatus::Delivered, None)
        } else if attempt >= config.webhook_max_attempts {
            (DeliveryStatus::Failed, None)
        } else {
            let delay = config.webhook_retry_base.saturating_mul(1 << (attempt - 1).min(20)).min(MAX_BACKOFF);
            (DeliveryStatus::Pending, Some(now + delay))
        };
        let record = Attempt { delivery_id: &delivery.id, attempt, url: &endpoint.url, response_status, duration_ms, error: error.as_deref(), status, next_attempt_at: next, now };
        events::record_attempt(&db, &record).await?;
        if let Some(next) = next {
            self.state.storage().set_alarm(((next - now) * 1000) as i64).await?;
        }
        Ok(())
    }
}

/// One POST to the merchant; the status, or why there was none.
async fn post(url: &str, payload: &str, signature: &str, event_id: &str) -> (Option<u16>, Option<String>) {
    let attempt = async {
        let headers = Headers::new();
        headers.set("Content-Type", "application/json")?;
        headers.set(webhook::HEADER, signature)?;
        headers.set("Tessera-Event-Id", event_id)?;
        crate::http::post_out(url, headers, payload).await
    };
    match attempt.await {
        Ok(status) if (300..400).contains(&status) => (Some(status), Some("redirects are not followed".into())),
        Ok(status) => (Some(status), None),
        Err(e) => (None, Some(e.to_string().chars().take(200).collect())),
    }
}

impl DurableObject for WebhookDelivery {
    fn new(state: State, env: Env) -> Self {
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let body: serde_json::Value = req.json().await?;
        let delivery_id = body["delivery_id"].as_str().unwrap_or_default().to_owned();
        self.state.storage().put("delivery_id", delivery_id).await?;
        self.state.storage().set_alarm(0).await?;
        Response::from_json(&json!({ "ok": true }))
    }

    async fn alarm(&self) -> Result<Response> {
        // An error makes the runtime retry the alarm; delivery failures are recorded, not raised.
        self.deliver().await.map_err(|e| worker::Error::RustError(e.code.as_str().into()))?;
        Response::ok("")
    }
}

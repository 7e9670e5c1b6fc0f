//! Webhooks: `payment.succeeded` and `payment.failed` to the merchant's endpoint, signed with
//! the merchant's secret, retried with exponential backoff, every attempt recorded in D1. The
//! event row is written in the same batch as the payment's answer; delivery starts after it.
//! Redirects are not followed: a 3xx is a failed attempt, so a compromised or careless endpoint
//! cannot bounce signed events elsewhere.
//!
//! Each event has its own Durable Object whose alarm drives delivery, so a slow or failing
//! endpoint delays only its own events and retries survive restarts.

use serde_json::json;
use tessera_core::crypto::RustCrypto;
use tessera_core::vault::Purpose;
use tessera_core::webhook::{self, DeliveryStatus};
use worker::{durable_object, DurableObject, Env, Headers, Request, Response, Result, State};

use crate::clock;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::objects;
use crate::store::webhooks::Attempt;
use crate::store::{self, Db};

/// Longest wait between attempts.
const MAX_BACKOFF: u64 = 3600;

/// Starts delivering an event recorded with its transition.
pub async fn start(env: &Env, event_id: &str) -> ApiResult<()> {
    let _: serde_json::Value = objects::call(env, "WEBHOOK_DELIVERY", event_id, "/start", &json!({ "event_id": event_id })).await?;
    Ok(())
}

/// The Durable Object class: delivers one event.
#[durable_object]
pub struct WebhookDelivery {
    state: State,
    env: Env,
}

impl WebhookDelivery {
    async fn deliver(&self) -> ApiResult<()> {
        let Some(event_id) = self.state.storage().get::<String>("event_id").await? else { return Ok(()) };
        let config = Config::get(&self.env)?;
        let db = Db::from_env(&self.env)?;
        let Some(event) = store::webhooks::get(&db, &event_id).await? else { return Ok(()) };
        if event.status != DeliveryStatus::Pending {
            return Ok(());
        }
        let merchant = store::merchants::by_id(&db, &event.merchant_id).await?.ok_or_else(|| ApiError::internal("webhooks", "merchant missing"))?;
        let Some(url) = merchant.webhook_url.clone() else { return Ok(()) };
        let secret = config.checkout.data_keys.open(&RustCrypto, Purpose::WebhookSecret, merchant.id.as_bytes(), &merchant.webhook_secret()).await?;
        let secret = String::from_utf8(secret.to_vec()).map_err(|_| ApiError::internal("webhooks", "secret is not text"))?;

        let now = clock::now();
        let attempt = event.attempts + 1;
        let (response_status, error) = post(&url, &event.payload, &webhook::sign(&secret, now, &event.payload), &event.id).await;
        let delivered = response_status.is_some_and(|s| (200..300).contains(&s));
        let (status, next) = if delivered {
            (DeliveryStatus::Delivered, None)
        } else if attempt >= config.webhook_max_attempts {
            (DeliveryStatus::Failed, None)
        } else {
            let delay = config.webhook_retry_base.saturating_mul(1 << (attempt - 1).min(20)).min(MAX_BACKOFF);
            (DeliveryStatus::Pending, Some(now + delay))
        };
        let record = Attempt { event_id: &event.id, attempt, url: &url, response_status, error: error.as_deref(), status, next_attempt_at: next, now };
        store::webhooks::record_attempt(&db, &record).await?;
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
        let event_id = body["event_id"].as_str().unwrap_or_default().to_owned();
        self.state.storage().put("event_id", event_id).await?;
        self.state.storage().set_alarm(0).await?;
        Response::from_json(&json!({ "ok": true }))
    }

    async fn alarm(&self) -> Result<Response> {
        // An error makes the runtime retry the alarm; delivery failures are recorded, not raised.
        self.deliver().await.map_err(|e| worker::Error::RustError(e.code.as_str().into()))?;
        Response::ok("")
    }
}

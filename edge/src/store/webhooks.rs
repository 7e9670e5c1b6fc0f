//! Webhook events and every delivery attempt.

use serde::Deserialize;
use tessera_core::webhook::DeliveryStatus;

use super::{int, opt, text, Db, Statement};
use crate::checkout::ports::WebhookEvent;
use crate::error::ApiResult;

/// An event row.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    pub merchant_id: String,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
}

/// The row of an event recorded with the transition that caused it.
pub fn insert_statement(e: &WebhookEvent, now: u64) -> Statement {
    let status = if e.deliver { DeliveryStatus::Pending } else { DeliveryStatus::NoEndpoint };
    (
        "INSERT INTO webhook_events (id, merchant_id, type, payment_id, payload, status, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,0,?,?)".into(),
        vec![text(&e.id), text(&e.merchant_id), text(&e.kind), text(&e.payment_id), text(&e.payload), text(status.as_str()), int(now), int(now)],
    )
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Event>> {
    db.first("SELECT id, merchant_id, type, payload, status, attempts FROM webhook_events WHERE id = ?", &[text(id)]).await
}

/// One delivery attempt and the state it leaves the event in.
pub struct Attempt<'a> {
    pub event_id: &'a str,
    pub attempt: u32,
    pub url: &'a str,
    pub response_status: Option<u16>,
    pub error: Option<&'a str>,
    /// Pending (another attempt at `next_attempt_at`), delivered or failed.
    pub status: DeliveryStatus,
    pub next_attempt_at: Option<u64>,
    pub now: u64,
}

/// Records one attempt and the event's new state.
pub async fn record_attempt(db: &Db, a: &Attempt<'_>) -> ApiResult<()> {
    let null = wasm_bindgen::JsValue::NULL;
    db.run(
        "INSERT INTO webhook_attempts (event_id, attempt, url, attempted_at, response_status, error) VALUES (?,?,?,?,?,?)",
        &[text(a.event_id), int(a.attempt.into()), text(a.url), int(a.now), a.response_status.map_or(null.clone(), |s| int(s.into())), opt(a.error)],
    )
    .await?;
    let delivered_at = if a.status == DeliveryStatus::Delivered { int(a.now) } else { null.clone() };
    db.run(
        "UPDATE webhook_events SET status = ?, attempts = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?",
        &[text(a.status.as_str()), int(a.attempt.into()), a.next_attempt_at.map_or(null, int), delivered_at, text(a.event_id)],
    )
    .await?;
    Ok(())
}

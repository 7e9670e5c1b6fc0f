//! Webhook events and every delivery attempt.

use serde::Deserialize;

use super::{int, opt, text, Db};
use crate::http::ApiResult;

/// An event row.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    pub merchant_id: String,
    pub payload: String,
    pub status: String,
    pub attempts: u32,
}

pub async fn insert(db: &Db, id: &str, merchant_id: &str, kind: &str, payment_id: &str, payload: &str, status: &str, now: u64) -> ApiResult<()> {
    db.run(
        "INSERT INTO webhook_events (id, merchant_id, type, payment_id, payload, status, attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,?,0,?,?)",
        &[text(id), text(merchant_id), text(kind), text(payment_id), text(payload), text(status), int(now), int(now)],
    )
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Event>> {
    db.first("SELECT id, merchant_id, type, payload, status, attempts FROM webhook_events WHERE id = ?", &[text(id)]).await
}

/// Records one attempt and the event's new state.
#[allow(clippy::too_many_arguments)]
pub async fn record_attempt(
    db: &Db,
    event_id: &str,
    attempt: u32,
    url: &str,
    response_status: Option<u16>,
    error: Option<&str>,
    status: &str,
    next_attempt_at: Option<u64>,
    now: u64,
) -> ApiResult<()> {
    db.run(
        "INSERT INTO webhook_attempts (event_id, attempt, url, attempted_at, response_status, error) VALUES (?,?,?,?,?,?)",
        &[text(event_id), int(attempt.into()), text(url), int(now), response_status.map_or(wasm_bindgen::JsValue::NULL, |s| int(s.into())), opt(error)],
    )
    .await?;
    let delivered_at = if status == "delivered" { int(now) } else { wasm_bindgen::JsValue::NULL };
    db.run(
        "UPDATE webhook_events SET status = ?, attempts = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?",
        &[text(status), int(attempt.into()), next_attempt_at.map_or(wasm_bindgen::JsValue::NULL, int), delivered_at, text(event_id)],
    )
    .await?;
    Ok(())
}

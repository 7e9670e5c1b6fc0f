//! What a payment's timeline is read from: the log of processor calls (written here), and the
//! session's risk decisions, step-ups and the events about the payment, its refunds and its
//! dispute, with their deliveries.

use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::{int, opt, text, Db};
use crate::error::ApiResult;

/// One call to a processor.
pub struct Call<'a> {
    pub payment_id: &'a str,
    pub refund_id: Option<&'a str>,
    pub operation: &'a str,
    pub outcome: &'a str,
    pub code: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub duration_ms: u64,
    pub at: u64,
}

pub async fn record(db: &Db, c: &Call<'_>) -> ApiResult<()> {
    db.run(
        "INSERT INTO processor_calls (payment_id, refund_id, operation, outcome, code, reference, duration_ms, created_at) VALUES (?,?,?,?,?,?,?,?)",
        &[text(c.payment_id), opt(c.refund_id), text(c.operation), text(c.outcome), opt(c.code), opt(c.reference), int(c.duration_ms), int(c.at)],
    )
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct CallRow {
    pub refund_id: Option<String>,
    pub operation: String,
    pub outcome: String,
    pub code: Option<String>,
    pub reference: Option<String>,
    pub duration_ms: u64,
    pub created_at: u64,
}

pub async fn calls(db: &Db, payment_id: &str) -> ApiResult<Vec<CallRow>> {
    db.all("SELECT refund_id, operation, outcome, code, reference, duration_ms, created_at FROM processor_calls WHERE payment_id = ? ORDER BY id", &[text(payment_id)]).await
}

#[derive(Debug, Deserialize)]
pub struct DecisionRow {
    pub action: String,
    pub reasons: String,
    pub signals: String,
    pub country: String,
    pub created_at: u64,
}

pub async fn decisions(db: &Db, session_id: &str) -> ApiResult<Vec<DecisionRow>> {
    db.all("SELECT action, reasons, signals, country, created_at FROM risk_decisions WHERE session_id = ? ORDER BY created_at, id", &[text(session_id)]).await
}

#[derive(Debug, Deserialize)]
pub struct StepUpRow {
    pub channel: String,
    pub destination_masked: String,
    pub passkey: u8,
    pub code_sent_at: Option<u64>,
    pub created_at: u64,
}

pub async fn step_ups(db: &Db, session_id: &str) -> ApiResult<Vec<StepUpRow>> {
    db.all("SELECT channel, destination_masked, passkey, code_sent_at, created_at FROM step_ups WHERE session_id = ? ORDER BY created_at, id", &[text(session_id)]).await
}

#[derive(Debug, Deserialize)]
pub struct EventRow {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub object_id: String,
    pub created_at: u64,
}

/// The events about any of `objects`, of this merchant and mode.
pub async fn events(db: &Db, merchant_id: &str, livemode: bool, objects: &[&str]) -> ApiResult<Vec<EventRow>> {
    let marks = vec!["?"; objects.len()].join(",");
    let mut params: Vec<JsValue> = vec![text(merchant_id), int(u64::from(livemode))];
    params.extend(objects.iter().map(|o| text(o)));
    db.all(&format!("SELECT id, type, object_id, created_at FROM events WHERE merchant_id = ? AND livemode = ? AND object_id IN ({marks}) ORDER BY created_at, id"), &params).await
}

#[derive(Debug, Deserialize)]
pub struct SessionRow {
    pub amount: u64,
    pub currency: String,
    pub reference: String,
    pub created_at: u64,
}

pub async fn session(db: &Db, session_id: &str) -> ApiResult<Option<SessionRow>> {
    db.first("SELECT amount, currency, reference, created_at FROM checkout_sessions WHERE id = ?", &[text(session_id)]).await
}

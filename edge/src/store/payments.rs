//! Payments. A row is written as `processing` before the processor is called and finished
//! after; the unique indexes keep one in flight and one success per session.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{int, opt, text, Db};
use crate::http::ApiResult;

/// A payment row joined with its card's display fields.
#[derive(Debug, Clone, Deserialize)]
pub struct Payment {
    pub id: String,
    pub session_id: String,
    pub token: String,
    pub amount: u64,
    pub currency: String,
    pub status: String,
    pub decline_code: Option<String>,
    pub processor: String,
    pub processor_reference: Option<String>,
    pub created_at: u64,
    pub updated_at: u64,
    pub brand: String,
    pub last4: String,
    pub exp_month: u8,
    pub exp_year: u16,
    pub fingerprint: String,
}

impl Payment {
    /// The merchant's view, with the token and card display fields.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "payment",
            "status": self.status,
            "amount": self.amount,
            "currency": self.currency,
            "checkout_session": self.session_id,
            "decline_code": self.decline_code,
            "card": {
                "token": self.token,
                "brand": self.brand,
                "last4": self.last4,
                "exp_month": self.exp_month,
                "exp_year": self.exp_year,
                "fingerprint": self.fingerprint,
            },
            "processor": self.processor,
            "processor_reference": self.processor_reference,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }

    /// What the card frame is told: the outcome, not the token.
    pub fn to_frame_json(&self) -> Value {
        json!({
            "id": self.id,
            "object": "payment",
            "status": self.status,
            "amount": self.amount,
            "currency": self.currency,
            "decline_code": self.decline_code,
            "card": { "brand": self.brand, "last4": self.last4 },
        })
    }
}

const SELECT: &str = "SELECT p.id, p.merchant_id, p.session_id, p.token, p.amount, p.currency, p.status, p.decline_code, \
    p.processor, p.processor_reference, p.created_at, p.updated_at, v.brand, v.last4, v.exp_month, v.exp_year, v.fingerprint \
    FROM payments p JOIN vault_cards v ON v.token = p.token";

/// A payment about to be sent to the processor.
pub struct NewPayment<'a> {
    pub id: &'a str,
    pub merchant_id: &'a str,
    pub session_id: &'a str,
    pub token: &'a str,
    pub amount: u64,
    pub currency: &'a str,
    pub processor: &'a str,
    pub now: u64,
}

/// Records a payment as processing. Fails (returns false) if the session already has one in
/// flight or a success: the unique indexes decide.
pub async fn insert_processing(db: &Db, p: &NewPayment<'_>) -> ApiResult<bool> {
    let changed = db
        .run(
            "INSERT OR IGNORE INTO payments (id, merchant_id, session_id, token, amount, currency, status, processor, created_at, updated_at) \
             VALUES (?,?,?,?,?,?, 'processing', ?,?,?)",
            &[text(p.id), text(p.merchant_id), text(p.session_id), text(p.token), int(p.amount), text(p.currency), text(p.processor), int(p.now), int(p.now)],
        )
        .await?;
    Ok(changed == 1)
}

/// processing → succeeded or failed.
pub async fn finish(db: &Db, id: &str, status: &str, decline_code: Option<&str>, reference: Option<&str>, now: u64) -> ApiResult<()> {
    db.run(
        "UPDATE payments SET status = ?, decline_code = ?, processor_reference = ?, updated_at = ? WHERE id = ? AND status = 'processing'",
        &[text(status), opt(decline_code), opt(reference), int(now), text(id)],
    )
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Payment>> {
    db.first(&format!("{SELECT} WHERE p.id = ?"), &[text(id)]).await
}

pub async fn get_for_merchant(db: &Db, merchant_id: &str, id: &str) -> ApiResult<Option<Payment>> {
    db.first(&format!("{SELECT} WHERE p.id = ? AND p.merchant_id = ?"), &[text(id), text(merchant_id)]).await
}

/// The payment of a session still in flight (after a processor timeout), if any.
pub async fn in_flight(db: &Db, session_id: &str) -> ApiResult<Option<Payment>> {
    db.first(&format!("{SELECT} WHERE p.session_id = ? AND p.status = 'processing'"), &[text(session_id)]).await
}

/// A page of a merchant's payments, newest first, after the payment `after` if given.
pub async fn list(db: &Db, merchant_id: &str, after: Option<&Payment>, limit: u64) -> ApiResult<Vec<Payment>> {
    match after {
        None => db.all(&format!("{SELECT} WHERE p.merchant_id = ? ORDER BY p.created_at DESC, p.id DESC LIMIT ?"), &[text(merchant_id), int(limit)]).await,
        Some(cursor) => {
            db.all(
                &format!("{SELECT} WHERE p.merchant_id = ? AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?)) ORDER BY p.created_at DESC, p.id DESC LIMIT ?"),
                &[text(merchant_id), int(cursor.created_at), int(cursor.created_at), text(&cursor.id), int(limit)],
            )
            .await
        }
    }
}

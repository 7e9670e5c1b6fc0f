//! Checkout sessions. Status moves open → processing → succeeded, or back to open after a
//! declined attempt; every move is a conditional UPDATE so two confirms cannot both make it.

use serde::Deserialize;
use serde_json::{json, Value};

use super::{int, opt, text, Db};
use crate::http::ApiResult;

/// A session row.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    pub id: String,
    pub merchant_id: String,
    pub client_secret_hash: String,
    pub amount: u64,
    pub currency: String,
    pub reference: String,
    pub shopper_email: Option<String>,
    pub shopper_phone: Option<String>,
    pub status: String,
    pub payment_id: Option<String>,
    pub expires_at: u64,
    pub created_at: u64,
}

impl Session {
    /// Whether the session can no longer be paid because its time ran out.
    pub fn is_expired(&self, now: u64) -> bool {
        self.status != "succeeded" && now >= self.expires_at
    }

    /// The status as the API shows it: an open session past its expiry is `expired`.
    pub fn public_status(&self, now: u64) -> &str {
        if self.is_expired(now) && self.status == "open" { "expired" } else { &self.status }
    }

    /// The API representation (never includes the client secret, which is kept only hashed).
    pub fn to_json(&self, now: u64) -> Value {
        json!({
            "id": self.id,
            "object": "checkout_session",
            "status": self.public_status(now),
            "amount": self.amount,
            "currency": self.currency,
            "reference": self.reference,
            "shopper": { "email": self.shopper_email, "phone": self.shopper_phone },
            "payment": self.payment_id,
            "expires_at": self.expires_at,
            "created_at": self.created_at,
        })
    }
}

const COLUMNS: &str = "id, merchant_id, client_secret_hash, amount, currency, reference, shopper_email, shopper_phone, status, payment_id, expires_at, created_at";

pub async fn insert(db: &Db, s: &Session) -> ApiResult<()> {
    db.run(
        "INSERT INTO checkout_sessions (id, merchant_id, client_secret_hash, amount, currency, reference, \
         shopper_email, shopper_phone, status, payment_id, expires_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        &[
            text(&s.id), text(&s.merchant_id), text(&s.client_secret_hash), int(s.amount), text(&s.currency),
            text(&s.reference), opt(s.shopper_email.as_deref()), opt(s.shopper_phone.as_deref()), text(&s.status),
            opt(s.payment_id.as_deref()), int(s.expires_at), int(s.created_at),
        ],
    )
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> ApiResult<Option<Session>> {
    db.first(&format!("SELECT {COLUMNS} FROM checkout_sessions WHERE id = ?"), &[text(id)]).await
}

pub async fn get_for_merchant(db: &Db, merchant_id: &str, id: &str) -> ApiResult<Option<Session>> {
    db.first(&format!("SELECT {COLUMNS} FROM checkout_sessions WHERE id = ? AND merchant_id = ?"), &[text(id), text(merchant_id)]).await
}

/// Changes an open session's amount and reference (what the shopper will be asked to approve).
pub async fn update(db: &Db, id: &str, amount: u64, reference: &str) -> ApiResult<bool> {
    Ok(db.run("UPDATE checkout_sessions SET amount = ?, reference = ? WHERE id = ? AND status = 'open'", &[int(amount), text(reference), text(id)]).await? == 1)
}

/// open → processing; false if another confirm got there first.
pub async fn begin_processing(db: &Db, id: &str) -> ApiResult<bool> {
    Ok(db.run("UPDATE checkout_sessions SET status = 'processing' WHERE id = ? AND status = 'open'", &[text(id)]).await? == 1)
}

/// processing → open, after a declined attempt.
pub async fn reopen(db: &Db, id: &str) -> ApiResult<()> {
    db.run("UPDATE checkout_sessions SET status = 'open' WHERE id = ? AND status = 'processing'", &[text(id)]).await?;
    Ok(())
}

/// processing → succeeded, recording the payment.
pub async fn succeed(db: &Db, id: &str, payment_id: &str) -> ApiResult<()> {
    db.run(
        "UPDATE checkout_sessions SET status = 'succeeded', payment_id = ? WHERE id = ? AND status = 'processing'",
        &[text(payment_id), text(id)],
    )
    .await?;
    Ok(())
}
